"""The data model is declared once, in schemas/: a new table needs its schema and its CSV and nothing else,
a project of standard Table Schemas only works, any ID pattern works, and no code names a table or column
of the dataset."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
import tokenize
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factpack.check.schemas import load_model
from factpack.cli import app
from factpack.paths import Project

from conftest import REPO, snapshot

runner = CliRunner()
DATASET_NAMES = ["events", "actors", "figures", "event_actors", "event_id", "actor_id", "figure_id", "name_ar",
                 "name_en", "summary_en", "event_type", "actor_type"]


def test_no_code_names_a_table_or_column_of_the_dataset():
    """Comments and docstrings aside: Python tokens, and every line of the page's script and templates."""
    pattern = re.compile(r"\b(" + "|".join(DATASET_NAMES) + r")\b")
    found = []
    for path in sorted((REPO / "src").rglob("*")):
        if path.suffix == ".py":
            for token in tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline):
                docstring = token.type == tokenize.STRING and token.string.lstrip("rbuf").startswith(('"""', "'''"))
                if token.type != tokenize.COMMENT and not docstring and pattern.search(token.string):
                    found.append((path.name, token.start[0], token.string))
        elif path.suffix in (".js", ".j2", ".css"):
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if pattern.search(line.split("//")[0] if path.suffix == ".js" else line):
                    found.append((path.name, n, line.strip()))
    assert found == []


def repo_copy(root: Path) -> Path:
    for name in ("curated", "schemas", "seeds", "releases"):
        shutil.copytree(REPO / name, root / name)
    return root


PLACES = {
    "$schema": "https://datapackage.org/profiles/2.0/tableschema.json",
    "description": "Places where events happen, named as the articles write them.",
    "fields": [
        {"name": "place_id", "type": "string", "description": "Stable ID of the place.",
         "constraints": {"required": True, "unique": True, "pattern": "^P[0-9]{4}$"}},  # anchored: works too
        {"name": "name", "type": "string", "description": "The place's name in English.",
         "constraints": {"required": True}},
    ],
    "primaryKey": ["place_id"],
}


def add_places(root: Path) -> None:
    """The places table, as a curator adds it: its schema, its CSV, and a column with a foreign key in events."""
    (root / "schemas/places.schema.json").write_text(json.dumps(PLACES, indent=2), encoding="utf-8")
    (root / "curated/places.csv").write_text("place_id,name\nP0001,Baghdad\nP0002,Erbil\n", encoding="utf-8")
    events = json.loads((root / "schemas/events.schema.json").read_text(encoding="utf-8"))
    events["fields"].append({"name": "place_id", "type": "string", "description": "Where the event happened."})
    events.setdefault("foreignKeys", []).append({"fields": ["place_id"],
                                                 "reference": {"resource": "places", "fields": ["place_id"]}})
    (root / "schemas/events.schema.json").write_text(json.dumps(events, indent=2, ensure_ascii=False), encoding="utf-8")
    path = root / "curated/events.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines = [lines[0] + ",place_id"] + [line + ("," + ("P0001" if line.startswith("E0004,") else "") if line else "")
                                         for line in lines[1:]]
    path.write_text("\n".join(lines), encoding="utf-8")


@pytest.mark.slow
def test_a_new_table_needs_only_its_schema_and_its_csv(tmp_path):
    root = repo_copy(tmp_path / "repo")
    add_places(root)
    result = runner.invoke(app, ["build", "--project", str(root)])
    assert result.exit_code == 0, result.output
    assert "places 2" in result.output
    package = root / "datapackage"
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    assert {"places", "places-parquet"} <= {r["name"] for r in descriptor["resources"]}
    assert (package / "data/places.csv").read_text(encoding="utf-8") == "place_id,name\nP0001,Baghdad\nP0002,Erbil\n"
    assert (package / "data/places.parquet").is_file()
    readme = (package / "README.md").read_text(encoding="utf-8")
    assert "### places" in readme and "| places | 2 | `data/places.csv` | `data/places.parquet` |" in readme
    assert "`place_id` refers to `places.place_id`" in readme
    page = json.loads((package / "index.html").read_text(encoding="utf-8").split('id="factpack-data">')[1]
                      .split("</script>")[0])
    assert page["tables"]["places"]["rows"] == [["P0001", "Baghdad"], ["P0002", "Erbil"]]
    assert {"name": "places"}.items() <= next(t for t in page["model"]["tables"] if t["name"] == "places").items()
    done = subprocess.run([str(Path(sys.executable).parent / "frictionless"), "validate", "--json",
                           str(package / "datapackage.json")], capture_output=True, text=True, timeout=300)
    report = json.loads(done.stdout)
    assert report["valid"] and {"places", "places-parquet"} <= {t["name"] for t in report["tasks"]}
    # A broken reference: reported with file, row, field and value; the package stays as it was.
    before = snapshot(package)
    path = root / "curated/events.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",P0001", ",P0099", 1), encoding="utf-8")
    result = runner.invoke(app, ["build", "--project", str(root), "--json"])
    assert result.exit_code == 1
    (problem,) = json.loads(result.output)["problems"]
    assert {k: problem[k] for k in ("file", "field", "code", "value")} == {
        "file": "curated/events.csv", "field": "place_id", "code": "foreign-key", "value": "P0099"}
    assert problem["row"] == 5  # E0004, the fourth event
    assert snapshot(package) == before


def test_trace_finds_an_id_of_an_anchored_pattern(tmp_path):
    root = repo_copy(tmp_path / "repo")
    add_places(root)
    result = runner.invoke(app, ["trace", "P0001", "--project", str(root), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["record"] == {"place_id": "P0001", "name": "Baghdad"}


def test_resource_order_follows_the_foreign_keys_where_none_is_declared(tmp_path):
    root = repo_copy(tmp_path / "repo")
    add_places(root)
    meta = json.loads((root / "schemas/package.json").read_text(encoding="utf-8"))
    del meta["factpack"]["order"]
    (root / "schemas/package.json").write_text(json.dumps(meta), encoding="utf-8")
    order = list(load_model(Project.at(root)).tables)
    assert order[-1] == "tombstones"
    for table in load_model(Project.at(root)).tables.values():
        for fk in table.foreign_keys:
            if fk.table != table.name:
                assert order.index(fk.table) < order.index(table.name), (table.name, fk.table)


def test_a_project_of_standard_table_schemas_only(tmp_path):
    """No "factpack" declaration anywhere: the roles follow from the tables' names, the subjects of the
    citations from their foreign keys."""
    runner.invoke(app, ["init", str(tmp_path / "plain")])
    for path in (tmp_path / "plain/schemas").glob("*.schema.json"):
        schema = json.loads(path.read_text(encoding="utf-8"))
        schema.pop("factpack", None)
        path.write_text(json.dumps(schema), encoding="utf-8")
    result = runner.invoke(app, ["build", "--project", str(tmp_path / "plain")])
    assert result.exit_code == 0, result.output


def test_factpack_init_makes_a_project_that_builds_and_validates(tmp_path):
    result = runner.invoke(app, ["init", str(tmp_path / "new")])
    assert result.exit_code == 0, result.output
    assert "curated/facts.csv" in result.output
    result = runner.invoke(app, ["build", "--project", str(tmp_path / "new")])
    assert result.exit_code == 0, result.output
    from frictionless import validate

    report = validate(str(tmp_path / "new/datapackage/datapackage.json"))
    assert report.valid, report.flatten(["type", "message"])
    assert len(report.tasks) == 8  # sources, facts, citations and tombstones, each as CSV and Parquet
    seeds = {p.name for p in (tmp_path / "new/seeds").iterdir()}
    assert seeds == {"example.txt"}  # a minimal example, not a copy of the dataset
    again = runner.invoke(app, ["init", str(tmp_path / "new")])
    assert (again.exit_code, "init-exists" in again.output) == (2, True)


def test_a_pattern_re2_cannot_read_is_a_schema_problem(tmp_path):
    runner.invoke(app, ["init", str(tmp_path / "p")])
    path = tmp_path / "p/schemas/facts.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    schema["fields"][0]["constraints"]["pattern"] = "F(?=[0-9])[0-9]{4}"  # a lookahead: Python yes, RE2 no
    path.write_text(json.dumps(schema), encoding="utf-8")
    result = runner.invoke(app, ["validate", "--project", str(tmp_path / "p")])
    assert (result.exit_code, "schema-invalid" in result.output, "RE2" in result.output) == (1, True, True)
