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

from conftest import REPO, snapshot
from factpack.check.schemas import load_model
from factpack.cli import app
from factpack.paths import Project

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


TOPICS = {
    "$schema": "https://datapackage.org/profiles/2.0/tableschema.json",
    "description": "Topics the events are about.",
    "fields": [
        {"name": "topic_id", "type": "string", "description": "Stable ID of the topic.",
         "constraints": {"required": True, "unique": True, "pattern": "^T[0-9]{4}$"}},  # anchored: works too
        {"name": "name", "type": "string", "description": "The topic's name in English.",
         "constraints": {"required": True}},
    ],
    "primaryKey": ["topic_id"],
}


def add_topics(root: Path) -> None:
    """A new table, as a curator adds it: its schema, its CSV, and a column with a foreign key in events (the
    dataset's places table came in the same way)."""
    (root / "schemas/topics.schema.json").write_text(json.dumps(TOPICS, indent=2), encoding="utf-8")
    (root / "curated/topics.csv").write_text("topic_id,name\nT0001,Withdrawal\nT0002,Attacks\n", encoding="utf-8")
    events = json.loads((root / "schemas/events.schema.json").read_text(encoding="utf-8"))
    events["fields"].append({"name": "topic_id", "type": "string", "description": "What the event is about."})
    events.setdefault("foreignKeys", []).append({"fields": ["topic_id"],
                                                 "reference": {"resource": "topics", "fields": ["topic_id"]}})
    (root / "schemas/events.schema.json").write_text(json.dumps(events, indent=2, ensure_ascii=False), encoding="utf-8")
    path = root / "curated/events.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines = [lines[0] + ",topic_id"] + [line + ("," + ("T0001" if line.startswith("E0004,") else "") if line else "")
                                         for line in lines[1:]]
    path.write_text("\n".join(lines), encoding="utf-8")


@pytest.mark.slow
def test_a_new_table_needs_only_its_schema_and_its_csv(tmp_path):
    root = repo_copy(tmp_path / "repo")
    add_topics(root)
    result = runner.invoke(app, ["build", "--project", str(root)])
    assert result.exit_code == 0, result.output
    assert "topics 2" in result.output
    package = root / "datapackage"
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    assert {"topics", "topics-parquet"} <= {r["name"] for r in descriptor["resources"]}
    assert (package / "data/topics.csv").read_text(encoding="utf-8") == '"topic_id","name"\n"T0001","Withdrawal"\n"T0002","Attacks"\n'
    assert (package / "data/topics.parquet").is_file()
    readme = (package / "README.md").read_text(encoding="utf-8")
    assert "### topics" in readme and "| topics | 2 | `data/topics.csv` | `data/topics.parquet` |" in readme
    assert "`topic_id` refers to `topics.topic_id`" in readme
    page = json.loads((package / "index.html").read_text(encoding="utf-8").split('id="factpack-data">')[1]
                      .split("</script>")[0])
    assert page["tables"]["topics"]["rows"] == [["T0001", "Withdrawal"], ["T0002", "Attacks"]]
    assert {"name": "topics"}.items() <= next(t for t in page["model"]["tables"] if t["name"] == "topics").items()
    done = subprocess.run([str(Path(sys.executable).parent / "frictionless"), "validate", "--json",
                           str(package / "datapackage.json")], capture_output=True, text=True, timeout=300)
    report = json.loads(done.stdout)
    assert report["valid"] and {"topics", "topics-parquet"} <= {t["name"] for t in report["tasks"]}
    # A broken reference: reported with file, row, field and value; the package stays as it was.
    before = snapshot(package)
    path = root / "curated/events.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",T0001", ",T0099", 1), encoding="utf-8")
    result = runner.invoke(app, ["build", "--project", str(root), "--json"])
    assert result.exit_code == 1
    (problem,) = json.loads(result.output)["problems"]
    assert {k: problem[k] for k in ("file", "field", "code", "value")} == {
        "file": "curated/events.csv", "field": "topic_id", "code": "foreign-key", "value": "T0099"}
    rows = (root / "curated/events.csv").read_text(encoding="utf-8").split("\n")
    assert problem["row"] == next(n for n, line in enumerate(rows, start=1) if line.startswith("E0004,"))
    assert snapshot(package) == before


def test_trace_finds_an_id_of_an_anchored_pattern(tmp_path):
    root = repo_copy(tmp_path / "repo")
    add_topics(root)
    result = runner.invoke(app, ["trace", "T0001", "--project", str(root), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["record"] == {"topic_id": "T0001", "name": "Withdrawal"}


def test_resource_order_follows_the_foreign_keys_where_none_is_declared(tmp_path):
    root = repo_copy(tmp_path / "repo")
    add_topics(root)
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


@pytest.mark.parametrize("name, exit_code", [("my-data.v2", 0), ("MyData", 2), ("-x", 2), ("a b", 2), ("", 2)])
def test_init_takes_only_a_name_the_build_accepts(tmp_path, name, exit_code):
    result = runner.invoke(app, ["init", str(tmp_path / "new"), "--name", name])
    assert result.exit_code == exit_code, result.output
    if exit_code:
        assert "bad-name" in result.output and not (tmp_path / "new").exists()
    else:
        assert runner.invoke(app, ["build", "--project", str(tmp_path / "new")]).exit_code == 0


def test_a_pattern_re2_cannot_read_is_a_schema_problem(tmp_path):
    runner.invoke(app, ["init", str(tmp_path / "p")])
    path = tmp_path / "p/schemas/facts.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    schema["fields"][0]["constraints"]["pattern"] = "F(?=[0-9])[0-9]{4}"  # a lookahead: Python yes, RE2 no
    path.write_text(json.dumps(schema), encoding="utf-8")
    result = runner.invoke(app, ["validate", "--project", str(tmp_path / "p")])
    assert (result.exit_code, "schema-invalid" in result.output, "RE2" in result.output) == (1, True, True)
