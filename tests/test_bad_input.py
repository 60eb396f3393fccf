"""Bad input: every mistake gets a clear error naming file, row and field, and datapackage/ survives."""

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import TABLES, make_project, snapshot
from factpack.cli import app

runner = CliRunner()




@pytest.fixture
def built(project):
    assert runner.invoke(app, ["build", "--project", str(project)]).exit_code == 0
    return project


def fails_with(project: Path, code: str, file: str | None = None, row=None, field=None, exit_code: int = 1):
    """Build, and check that it fails with this problem and leaves datapackage/ byte-identical."""
    before = snapshot(project / "datapackage")
    result = runner.invoke(app, ["build", "--project", str(project), "--json"])
    assert result.exit_code == exit_code, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    import json

    problems = json.loads(result.output)["problems"]
    wanted = {"code": code, **({"file": file} if file else {}), **({"row": row} if row else {}),
              **({"field": field} if field else {})}
    assert any(all(p[k] == v for k, v in wanted.items()) for p in problems), problems
    assert snapshot(project / "datapackage") == before
    assert sorted(p.name for p in project.iterdir()) == ["curated", "datapackage", "schemas", "seeds"]  # no lock, no temporary folder left
    return problems


def write(project: Path, table: str, data: bytes | str) -> None:
    path = project / "curated" / f"{table}.csv"
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))


# Encodings

def test_excel_utf8_with_bom_and_crlf_gives_the_same_package(built, tmp_path):
    other = make_project(tmp_path / "excel")
    for name, text in TABLES.items():
        path = other / "curated" / f"{name}.csv"
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    assert runner.invoke(app, ["build", "--project", str(other)]).exit_code == 0
    assert snapshot(other / "datapackage") == snapshot(built / "datapackage")


@pytest.mark.parametrize("encoding", ["cp1256", "latin-1"])
def test_other_encodings_are_refused_with_the_byte_offset(built, encoding):
    text = TABLES["actors"] if encoding == "cp1256" else TABLES["actors"].replace("Al-Shammari", "Al-Shammarí")
    write(built, "actors", text.encode(encoding, errors="replace"))
    (problem,) = fails_with(built, "encoding-error", "curated/actors.csv")
    assert "re-save it as 'CSV UTF-8'" in problem["message"] and "at byte" in problem["message"]


def test_invalid_byte_deep_in_a_large_file(built):
    rows = "".join(f"A{n:04d},اسم,Name,,person,,,,,\n" for n in range(3, 20000))
    data = (TABLES["actors"] + rows).encode() + b"A20000,\xff,Name,,person,,,,,\n"
    write(built, "actors", data)
    (problem,) = fails_with(built, "encoding-error", "curated/actors.csv")
    bad_at = data.index(bytes([0xFF]))
    assert f"at byte {bad_at} " in problem["message"]


# CSV structure

@pytest.mark.parametrize("text, code, row, field", [
    ('event_id,actor_id,role,note\nE0001,A0001,speaker,"unclosed\n', "csv-syntax", 2, None),
    ("event_id,actor_id,role,note\nE0001,A0001,speaker\n", "ragged-row", 2, None),
    ("event_id,actor_id,role,role,note\nE0001,A0001,speaker,speaker,\n", "duplicate-header", 1, "role"),
    ("event_id,actor_id,,role,note\nE0001,A0001,,speaker,\n", "blank-header", 1, None),
    ("event_id,actor_id,note\nE0001,A0001,\n", "missing-header", 1, "role"),
    ("event_id,actor_id,role,note,colour\nE0001,A0001,speaker,,red\n", "unknown-header", 1, "colour"),
    ("\nevent_id,actor_id,role,note\nE0001,A0001,speaker,\n", "blank-header", 1, None),
    ("event_id;actor_id;role;note\nE0001;A0001;speaker;\n", "wrong-delimiter", 1, None),
    ("", "empty-file", None, None),
    ("event_id,actor_id,role,note\nE0001,A0001,speaker,a\x00b\n", "nul-byte", None, None),
])
def test_csv_structure(built, text, code, row, field):
    write(built, "event_actors", text)
    fails_with(built, code, "curated/event_actors.csv", row, field)


def test_a_header_with_no_rows_is_an_empty_table(built):
    write(built, "event_actors", "event_id,actor_id,role,note\n")
    assert runner.invoke(app, ["build", "--project", str(built)]).exit_code == 0
    assert (built / "datapackage/data/event_actors.csv").read_text() == '"event_id","actor_id","role","note"\n'


def test_a_cell_over_131072_characters_works(built):
    write(built, "event_actors", "event_id,actor_id,role,note\nE0001,A0001,speaker," + "ن" * 200_000 + "\n")
    assert runner.invoke(app, ["build", "--project", str(built)]).exit_code == 0


# Values and references

@pytest.mark.parametrize("table, old, new, code, row, field", [
    ("event_actors", "E0001,A0001", " E0001,A0001", "whitespace", 2, "event_id"),
    ("event_actors", "E0001,A0001", "E0001,A0001\u00a0", "whitespace", 2, "actor_id"),
    ("event_actors", "E0001,A0001", "null,A0001", "pattern", 2, "event_id"),
    ("event_actors", "E0001,A0001", "E0001,A\u200b0001", "pattern", 2, "actor_id"),
    ("actors", "A0002,", "A0001,", "duplicate-key", 3, "actor_id"),
    ("figures", "F0001,2100,", 'F0001,"2,100",', "type-error", 2, "value"),
    ("figures", "F0001,2100,", "F0001,٢١٠٠,", "type-error", 2, "value"),
    ("events", ",,,,unknown,unknown,", ",2024-02-30,,,by,stated,", "type-error", 2, "date_start"),
    ("events", ",,,,unknown,unknown,", ",2024-03-02,2024-03-01,,days,stated,", "rule-order", 2, "date_end"),
    ("event_actors", "speaker", "speakr", "enum", 2, "role"),
    ("citations", "C0002,S0001,,A0002,,,,,الشمري,,", "C0002,S0001,,A0002,,,,,الشمري,1.0,", "type-error", 3, "occurrence"),
    ("citations", "C0001,S0001,", "C0001,S0009,", "foreign-key", 2, "source_id"),
    ("event_actors", "E0001,A0001", "E0009,A0001", "foreign-key", 2, "event_id"),
    ("citations", "C0002,S0001,,A0002,", "C0002,S0001,,,", "citation-subject", 3, "event_id"),
    ("citations", "C0002,S0001,,A0002,", "C0002,S0001,E0001,A0002,", "citation-subject", 3, "actor_id"),
    ("citations", "C0002,S0001,,A0002,,,,,الشمري,,\n", "", "uncited", 3, "actor_id"),
])
def test_values_and_references(built, table, old, new, code, row, field):
    assert old in TABLES[table]
    write(built, table, TABLES[table].replace(old, new))
    file = "curated/actors.csv" if code == "uncited" else f"curated/{table}.csv"
    fails_with(built, code, file, row, field)


@pytest.mark.parametrize("cell, fix", [
    ("1.0", "write it without decimals: 1"), ("1.5", "whole numbers only"), ("١", "ASCII digits: 1"),
    ("123456789012345678.0", "without decimals: 123456789012345678"),
    ("one", "digits 0-9 only"),
])
def test_a_whole_number_field_says_how_to_write_it(built, cell, fix):
    old = "C0002,S0001,,A0002,,,,,الشمري,,"
    write(built, "citations", TABLES["citations"].replace(old, old[:-1] + cell + ","))
    (problem,) = fails_with(built, "type-error", "curated/citations.csv", 3, "occurrence")
    assert fix in problem["message"]


def test_closed_list_typo_suggests_the_nearest_value(built):
    write(built, "event_actors", TABLES["event_actors"].replace("speaker", "speakr"))
    (problem,) = fails_with(built, "enum")
    assert problem["message"] == "'speakr' is not an allowed value; did you mean 'speaker'?"


# Sources

def test_seed_missing(built):
    (built / "seeds/000_test.txt").unlink()
    fails_with(built, "seed-missing", "curated/sources.csv", 2, "seed_path")


def test_seed_changed_shows_expected_and_actual(built):
    path = built / "seeds/000_test.txt"
    path.write_bytes(path.read_bytes() + b" ")
    (problem,) = fails_with(built, "seed-changed", "curated/sources.csv", 2, "sha256")
    import hashlib

    assert hashlib.sha256(path.read_bytes()).hexdigest() in problem["message"]


@pytest.mark.parametrize("seed_path", ["../curated/actors.csv", "/etc/passwd", "sub/000_test.txt"])
def test_seed_path_escaping_seeds_is_refused(built, seed_path):
    write(built, "sources", (built / "curated/sources.csv").read_text().replace("000_test.txt", seed_path))
    fails_with(built, "seed-path-escapes", "curated/sources.csv", 2, "seed_path")


def test_seed_symlink_pointing_out_is_refused(built, tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_bytes((built / "seeds/000_test.txt").read_bytes())
    (built / "seeds/link.txt").symlink_to(outside)
    write(built, "sources", (built / "curated/sources.csv").read_text().replace("000_test.txt", "link.txt"))
    fails_with(built, "seed-path-escapes", "curated/sources.csv", 2, "seed_path")


def test_bidi_control_is_an_error(built):
    write(built, "actors", TABLES["actors"].replace("Al-Shammari", "Al-\u202eShammari"))
    fails_with(built, "bidi-control", "curated/actors.csv", 3, "name_en")


# Spreadsheet safety

@pytest.mark.parametrize("cell", ["=HYPERLINK(1)", "@SUM(1)", '"\t=1"'])
def test_formula_like_text_is_a_warning_and_kept(built, cell):
    write(built, "actors", TABLES["actors"].replace("Al-Shammari", cell))
    result = runner.invoke(app, ["build", "--project", str(built)])
    assert result.exit_code == 0
    assert "warning: curated/actors.csv:3 [name_en] formula-like" in result.output
    assert cell.strip('"') in (built / "datapackage/data/actors.csv").read_text()


# Interruption

def test_a_second_build_is_refused_while_one_runs(built):
    import json

    import filelock

    before = snapshot(built / "datapackage")
    with filelock.FileLock(built / ".datapackage.lock"):  # another build holds the project
        result = runner.invoke(app, ["build", "--project", str(built), "--json"])
    assert result.exit_code == 2  # the environment, not the data
    (problem,) = json.loads(result.output)["problems"]
    assert (problem["code"], "another build" in problem["message"]) == ("build-locked", True)
    assert snapshot(built / "datapackage") == before
    assert runner.invoke(app, ["build", "--project", str(built)]).exit_code == 0  # and then it may run


def busy_project(built: Path) -> Path:
    """The fixture project with 60,000 withdrawn IDs, so that a build spends long enough writing its new
    package beside datapackage/ for a signal to land there; and an edit, so that the new package differs."""
    rows = "".join(f"A{9000000 + n},withdrawn while testing,\n" for n in range(60_000))
    write(built, "tombstones", "id,reason,superseded_by\n" + rows)
    (built / "curated/actors.csv").write_text(TABLES["actors"].replace("Al-Shammari", "Al-Shamari"))
    return built


def stop_while_writing(project: Path, signum: int) -> tuple[subprocess.Popen, float]:
    """Start a build, wait until its temporary folder is there (it is writing), send the signal; the process
    and how long it took to stop."""
    process = subprocess.Popen([sys.executable, "-m", "factpack", "build", "--project", str(project)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not any(p.name.startswith(".datapackage.tmp") for p in project.iterdir()):
        assert process.poll() is None and time.monotonic() < deadline, "the build never wrote a temporary folder"
        time.sleep(0.005)
    process.send_signal(signum)
    sent = time.monotonic()
    process.wait(timeout=30)
    return process, time.monotonic() - sent


def temporary(project: Path) -> list[str]:
    return [p.name for p in project.iterdir() if p.name.startswith(".datapackage.tmp")]


@pytest.mark.slow
def test_a_build_terminated_while_writing_stops_at_once_and_leaves_nothing(built):
    before = snapshot(built / "datapackage")
    process, took = stop_while_writing(busy_project(built), signal.SIGTERM)
    assert process.returncode == 128 + signal.SIGTERM
    assert took < 2.0  # no worker thread holds the process up
    assert temporary(built) == [] and not (built / ".datapackage.lock").exists()
    assert snapshot(built / "datapackage") == before


@pytest.mark.slow
def test_a_build_killed_while_writing_leaves_the_previous_package(built):
    before = snapshot(built / "datapackage")
    process, _ = stop_while_writing(busy_project(built), signal.SIGKILL)
    assert process.returncode == -signal.SIGKILL
    assert snapshot(built / "datapackage") == before  # the swap never happened
    assert temporary(built) != []  # killed outright: it could not clean up...
    assert runner.invoke(app, ["build", "--project", str(built)]).exit_code == 0
    assert temporary(built) == []  # ...so the next build does
    assert b"Al-Shamari" in (built / "datapackage/data/actors.csv").read_bytes()


# The project's own descriptors: schemas and package metadata are edited by hand too

def edit_json(path: Path, change) -> None:
    import json

    data = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(change(data), ensure_ascii=False), encoding="utf-8")


def with_field(data, name, **changes):
    for f in data["fields"]:
        if f["name"] == name:
            f.update(changes)
    return data


@pytest.mark.parametrize("change, code, field", [
    (lambda d: {**d, "fields": {}}, "schema-invalid", "fields"),
    (lambda d: [], "schema-invalid", None),
    (lambda d: with_field(d, "value", type="numbr"), "schema-type", "value"),
    (lambda d: with_field(d, "value_low", type="string"), "model-invalid", "factpack.rules[4]"),
    (lambda d: {**d, "fields": [f for f in d["fields"] if f["name"] != "unit"]}, "model-invalid", "factpack.listed"),
    (lambda d: with_field(d, "unit", description=""), "schema-description", "unit"),
    (lambda d: with_field(d, "qualifier", constraints={"required": True,
                                                       "enum": d["fields"][2]["constraints"]["enum"] + ["roughly"]}),
     "enum-undocumented", "qualifier"),
    (lambda d: {**d, "primaryKey": ["figure_no"]}, "schema-invalid", "primaryKey"),
    (lambda d: {**d, "foreignKeys": [{"fields": ["event_id"], "reference": {"resource": "eventz", "fields": ["event_id"]}}]},
     "schema-invalid", "foreignKeys"),
    (lambda d: {**d, "foreignKeys": [{"fields": ["event_id"],
                                      "reference": {"resource": "events", "fields": ["event_id", "status"]}}]},
     "schema-invalid", "foreignKeys"),
    (lambda d: with_field(d, "unit", constraints={"pattern": "[A"}), "schema-invalid", "unit"),
    (lambda d: with_field(d, "unit", constraints={"minimum": 5}), "schema-invalid", "unit"),
    (lambda d: with_field(d, "value", constraints={"minimum": "one"}), "schema-invalid", "value"),
    (lambda d: with_field(d, "value", constraints={"enum": [1, 2]}), "schema-invalid", "value"),
    (lambda d: with_field(d, "unit", constraints={"enum": [["x"]]}), "schema-invalid", "unit"),
    (lambda d: with_field(d, "unit", constraints={"maxLength": "3"}), "schema-invalid", "unit"),
])
def test_a_broken_schema_is_a_problem_not_a_traceback(built, change, code, field):
    edit_json(built / "schemas" / "figures.schema.json", change)
    fails_with(built, code, "schemas/figures.schema.json", field=field)


def test_a_field_removed_from_a_schema_leaves_its_column_unknown(built):
    edit_json(built / "schemas" / "figures.schema.json",
              lambda d: {**d, "fields": [f for f in d["fields"] if f["name"] != "note"]})
    fails_with(built, "unknown-header", "curated/figures.csv", row=1, field="note")


def test_a_schema_mistake_is_reported_once(built):
    edit_json(built / "schemas" / "events.schema.json", lambda d: with_field(d, "summary_en", description=""))
    problems = fails_with(built, "schema-description", "schemas/events.schema.json", field="summary_en")
    assert len(problems) == 1  # the schemas that refer to events do not add their own


@pytest.mark.parametrize("change, field", [
    (lambda d: {**d, "contributors": [{"title": 5}]}, "contributors"),
    (lambda d: {**d, "licenses": [{"name": 5}]}, "licenses"),
    (lambda d: {k: v for k, v in d.items() if k != "name"}, "name"),
    (lambda d: {**d, "version": 5}, "version"),
    (lambda d: {**d, "licenses": []}, "licenses"),
    (lambda d: [], None),
])
def test_broken_package_metadata_is_a_problem_not_a_traceback(built, change, field):
    edit_json(built / "schemas" / "package.json", change)
    fails_with(built, "metadata-invalid", "schemas/package.json", field=field)
    result = runner.invoke(app, ["validate", "--project", str(built)])
    assert (result.exit_code, "metadata-invalid" in result.output) == (1, True)


@pytest.mark.parametrize("table, old, new, code, field", [
    ("actors", "A0001,قيادة", " A0001\u00a0,قيادة", "whitespace", "actor_id"),
    ("actors", "A0001,قيادة", "A0001\u200f,قيادة", "pattern", "actor_id"),
    ("figures", "F0001,2100,more_than", "F0001,2100,more_than,", "ragged-row", None),
])
def test_one_mistake_in_a_key_is_reported_once_where_it_is(built, table, old, new, code, field):
    text = TABLES[table]
    assert old in text
    write(built, table, text.replace(old, new))
    problems = fails_with(built, code, f"curated/{table}.csv", row=2, field=field)
    assert [p["code"] for p in problems if p["code"] == "foreign-key"] == []
