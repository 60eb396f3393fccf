"""The build end to end on a tiny project: CLI, bytes, atomic writes, frictionless and Parquet parity."""

import json
import math
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from conftest import TABLE_NAMES, TABLES, make_project, snapshot
from factpack.cli import app

runner = CliRunner()




def build(project: Path, *args):
    return runner.invoke(app, ["build", "--project", str(project), *args])


def test_build_writes_the_package(project):
    result = build(project)
    assert (result.exit_code, result.output.splitlines()[-1]) == (
        0, "built datapackage/ (actors 2, sources 1, places 0, events 1,"
        " event_actors 1, figures 1, citations 4, relations 0, tombstones 0)")
    files = sorted(snapshot(project / "datapackage"))
    assert files == sorted(["CHANGELOG.md", "README.md", "datapackage.json", "seeds/000_test.txt", "index.html",
                            "timeline.svg", "CITATION.cff", "dataset.jsonld"]
                           + [f"data/{r}.{ext}" for r in TABLE_NAMES for ext in ("csv", "parquet")])


def test_same_inputs_same_bytes(tmp_path):
    a, b = make_project(tmp_path / "a"), make_project(tmp_path / "b")
    assert build(a).exit_code == build(b).exit_code == 0
    assert snapshot(a / "datapackage") == snapshot(b / "datapackage")


def test_csv_rows_do_not_depend_on_input_order_or_column_order(tmp_path):
    lines = TABLES["citations"].splitlines(keepends=True)
    shuffled = lines[:1] + lines[:0:-1]
    a, b = make_project(tmp_path / "a"), make_project(tmp_path / "b", citations="".join(shuffled))
    assert build(a).exit_code == build(b).exit_code == 0
    assert snapshot(a / "datapackage") == snapshot(b / "datapackage")


def test_invalid_input_exits_1_and_leaves_the_previous_package_untouched(project):
    assert build(project).exit_code == 0
    before = snapshot(project / "datapackage")
    (project / "curated" / "event_actors.csv").write_text("event_id,actor_id,role,note\nE0001,A0001,speakr,\n")
    result = build(project)
    assert result.exit_code == 1
    assert "curated/event_actors.csv:2 [role] enum 'speakr'" in result.output
    assert snapshot(project / "datapackage") == before
    assert [p.name for p in project.iterdir() if p.name.startswith(".datapackage.tmp")] == []


def test_json_report(project):
    (project / "curated" / "event_actors.csv").write_text("event_id,actor_id,role,note\nE0001,A0001,speakr,\n")
    result = runner.invoke(app, ["validate", "--project", str(project), "--json"])
    report = json.loads(result.output)
    assert (result.exit_code, report["valid"], report["problems"][0]["code"]) == (1, False, "enum")
    assert report["problems"][0] == {"file": "curated/event_actors.csv", "row": 2, "field": "role", "code": "enum",
                                     "value": "speakr", "severity": "error",
                                     "message": "'speakr' is not an allowed value; did you mean 'speaker'?"}


def test_usage_error_exits_2(project, tmp_path):
    assert runner.invoke(app, ["build", "--nope"]).exit_code == 2
    missing = tmp_path / "no" / "such" / "project"
    result = runner.invoke(app, ["build", "--project", str(missing)])
    assert (result.exit_code, "does not exist" in result.output, (tmp_path / "no").exists()) == (2, True, False)


def test_folded_quote_is_published_as_the_exact_raw_slice(tmp_path):
    tables = {"citations": TABLES["citations"].replace("الشمري إن «القوات»", "x").replace(
        "C0002,S0001,,A0002,,,,,الشمري,,", 'C0002,S0001,,A0002,,,,,"الشمري إن ""القوات""",,')}
    project = make_project(tmp_path / "p", **tables)
    assert build(project).exit_code == 0
    row = pq.read_table(project / "datapackage/data/citations.parquet").to_pylist()[1]
    seed = (project / "seeds/000_test.txt").read_text(encoding="utf-8")
    assert (row["quote"], row["match"]) == ("الشمري إن «القوات»", "folded")
    assert seed[row["char_start"]:row["char_end"]] == row["quote"]


@pytest.mark.slow
def test_frictionless_validates_the_package(project):
    from frictionless import validate

    assert build(project).exit_code == 0
    report = validate(str(project / "datapackage" / "datapackage.json"))
    assert (report.valid, [e.type for t in report.tasks for e in t.errors]) == (True, [])


@pytest.mark.slow
def test_frictionless_catches_a_tampered_csv(project):
    from frictionless import validate

    assert build(project).exit_code == 0
    path = project / "datapackage/data/actors.csv"
    path.write_bytes(path.read_bytes().replace(b"A0002", b"A0003"))
    report = validate(str(project / "datapackage" / "datapackage.json"))
    assert "hash-count" in [e.type for t in report.tasks for e in t.errors]


def test_csv_and_parquet_hold_the_same_rows_types_and_nulls(project):
    import pandas as pd

    assert build(project).exit_code == 0
    descriptor = json.loads((project / "datapackage/datapackage.json").read_text())
    for resource in TABLE_NAMES:
        schema = next(r["schema"] for r in descriptor["resources"] if r["name"] == resource)
        from_csv = pd.read_csv(project / f"datapackage/data/{resource}.csv", keep_default_na=False, dtype=str)
        from_parquet = pq.read_table(project / f"datapackage/data/{resource}.parquet").to_pylist()
        assert list(from_csv.columns) == [f["name"] for f in schema["fields"]]
        assert len(from_csv) == len(from_parquet)
        for csv_row, parquet_row in zip(from_csv.to_dict("records"), from_parquet):
            for field in schema["fields"]:
                assert _same(csv_row[field["name"]], parquet_row[field["name"]], field["type"]), (resource, field)


def _same(text: str, value, kind: str) -> bool:
    if value is None:
        return text == ""
    if kind == "number":
        return math.isclose(float(text), value)
    if kind == "integer":
        return int(text) == value
    if kind == "date":
        return text == value.isoformat()
    return text == value


@pytest.mark.slow
def test_the_factpack_command_runs_as_a_program(project):
    done = subprocess.run([sys.executable, "-m", "factpack", "build", "--project", str(project)], capture_output=True,
                          text=True)
    assert (done.returncode, done.stdout.splitlines()[-1]) == (0, "built datapackage/ (actors 2, sources 1, places 0, events 1,"
                                                               " event_actors 1, figures 1, citations 4, relations 0, tombstones 0)")
