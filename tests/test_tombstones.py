"""Tombstones: a withdrawn ID stays withdrawn, and its successor is a real record of the same table."""

from conftest import TABLES, make_project
from factpack.check.project import check_project
from factpack.paths import Project


def problems(tmp_path, tombstones: str, **tables):
    project = make_project(tmp_path / "p", tombstones="id,reason,superseded_by\n" + tombstones, **tables)
    return [(p.code, p.file, p.row, p.field, p.value) for p in check_project(Project.at(project)).report.sorted()]


def test_a_withdrawn_id_with_its_successor_is_valid(tmp_path):
    assert problems(tmp_path, "A0009,duplicate of A0002,A0002\nE0005,not in the source,\n") == []


def test_an_id_both_live_and_tombstoned_is_refused(tmp_path):
    assert problems(tmp_path, "A0002,duplicate,\n") == [
        ("tombstone-live", "curated/tombstones.csv", 2, "id", "A0002")]


def test_the_successor_must_exist_in_the_same_table(tmp_path):
    found = problems(tmp_path, "A0009,duplicate,A0042\nA0008,duplicate,E0001\nA0007,x,A0007\n")
    assert found == [
        ("tombstone-unknown-successor", "curated/tombstones.csv", 2, "superseded_by", "A0042"),
        ("tombstone-other-table", "curated/tombstones.csv", 3, "superseded_by", "E0001"),
        ("tombstone-supersedes-itself", "curated/tombstones.csv", 4, "superseded_by", "A0007"),
    ]


def test_a_successor_may_itself_be_withdrawn(tmp_path):
    assert problems(tmp_path, "A0009,duplicate,A0008\nA0008,duplicate,A0002\n") == []


def test_a_tombstone_needs_a_reason_and_an_id_of_a_known_table(tmp_path):
    assert problems(tmp_path, "A0009,,\nX0001,typo,\n") == [
        ("required", "curated/tombstones.csv", 2, "reason", ""),
        ("pattern", "curated/tombstones.csv", 3, "id", "X0001"),
    ]


def test_a_withdrawn_id_cannot_be_referenced(tmp_path):
    actors = TABLES["actors"].replace("A0002,الشمري", "A0003,الشمري")
    citations = TABLES["citations"].replace(",A0002,", ",A0003,")
    found = problems(tmp_path, "A0002,renumbered by mistake,A0003\n", actors=actors, citations=citations)
    assert found == []
    found = problems(tmp_path / "again", "A0001,withdrawn,\n", actors=actors, citations=citations)
    assert ("tombstone-live", "curated/tombstones.csv", 2, "id", "A0001") in found


def test_a_table_that_cannot_be_read_gives_its_own_problem_only(tmp_path):
    broken = TABLES["events"].replace(",announcement,", ',"announcement"x,')
    found = problems(tmp_path, "E0009,merged,E0001\n", events=broken)
    assert [(code, file) for code, file, *_ in found] == [("csv-syntax", "curated/events.csv")], found
