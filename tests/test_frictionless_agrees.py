"""Our checks and frictionless (the reference) find the same rows and the same kinds of error.

A generated project (bench/generate.py, a few hundred rows) gets errors injected at random rows;
frictionless validates the curated files against the same schemas (the input fields), and every
error of the kinds both report must be found by both, at the same file, row and field.
"""

import copy
import json
import random
import sys
from pathlib import Path

import pytest

from conftest import REPO, TABLE_NAMES
from factpack.check.project import check_project
from factpack.check.schemas import load_model
from factpack.paths import Project

sys.path.insert(0, str(REPO / "bench"))
from generate import generate

pytestmark = pytest.mark.slow  # real consumer tools or many generated projects

# Our codes as frictionless error types.
KIND = {"type-error": "type-error", "pattern": "constraint-error", "enum": "constraint-error",
        "required": "constraint-error", "minimum": "constraint-error", "maximum": "constraint-error",
        "duplicate-key": "duplicate", "foreign-key": "foreign-key"}
THEIRS = {"type-error": "type-error", "constraint-error": "constraint-error", "primary-key": "duplicate",
          "unique-error": "duplicate", "foreign-key": "foreign-key"}
CELL_KINDS = {"type-error", "constraint-error"}

# (table, field, bad value): type errors, constraint errors (pattern, enum, required, minimum), foreign keys.
INJECTIONS = [
    ("figures", "value", "2,100"), ("figures", "value_low", "2.5.1"), ("events", "date_start", "2024-02-30"),
    ("events", "date_end", "12/03/2024"), ("citations", "occurrence", "first"),
    ("events", "event_type", "meetng"), ("event_actors", "role", "speakr"), ("actors", "actor_type", "persn"),
    ("actors", "country", "Iraq"), ("citations", "citation_id", "C-1"), ("events", "summary_en", ""),
    ("figures", "unit", ""), ("citations", "occurrence", "0"),
    ("event_actors", "actor_id", "A99999"), ("citations", "source_id", "S0099"), ("figures", "event_id", "E99999"),
]


def read(path: Path) -> list[list[str]]:
    import csv

    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def write(path: Path, rows: list[list[str]]) -> None:
    import csv

    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def inject(root: Path, rng: random.Random) -> None:
    tables = {name: read(root / "curated" / f"{name}.csv") for name in TABLE_NAMES}
    for table, field, value in rng.sample(INJECTIONS, 8):
        rows = tables[table]
        rows[rng.randrange(1, len(rows))][rows[0].index(field)] = value
    for table in ("events", "citations", "event_actors"):  # a repeated key: copy one row's key into another
        rows, key = tables[table], load_model(Project.at(root)).tables[table].primary_key
        a, b = rng.sample(range(1, len(rows)), 2)
        for field in key:
            rows[b][rows[0].index(field)] = rows[a][rows[0].index(field)]
    for name, rows in tables.items():
        write(root / "curated" / f"{name}.csv", rows)


def frictionless_errors(root: Path) -> set[tuple]:
    from frictionless import validate

    resources = []
    for name, table in load_model(Project.at(root)).tables.items():
        descriptor = copy.deepcopy(table.schema)
        descriptor["fields"] = [f for f in descriptor["fields"] if f["name"] not in table.computed_fields]
        resources.append({"name": name, "path": f"curated/{name}.csv", "schema": descriptor})
    (root / "curated.json").write_text(json.dumps({"name": "curated", "resources": resources}))
    report = validate(str(root / "curated.json"))
    return {(f"curated/{task.name}.csv", error.row_number, THEIRS[error.type],
             error.field_name if THEIRS[error.type] in CELL_KINDS else None)
            for task in report.tasks for error in task.errors if error.type in THEIRS}


def our_errors(root: Path) -> set[tuple]:
    return {(p.file, p.row, KIND[p.code], p.field if KIND[p.code] in CELL_KINDS else None)
            for p in check_project(Project.at(root)).report.problems if p.code in KIND}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_same_rows_and_kinds_of_error_as_frictionless(tmp_path, seed):
    generate(tmp_path / "p", 150, seed=seed)
    inject(tmp_path / "p", random.Random(seed))
    ours, theirs = our_errors(tmp_path / "p"), frictionless_errors(tmp_path / "p")
    assert {kind for _, _, kind, _ in ours} == {"type-error", "constraint-error", "duplicate", "foreign-key"}
    assert ours == theirs


def test_a_valid_generated_project_is_valid_to_both(tmp_path):
    generate(tmp_path / "p", 150)
    assert our_errors(tmp_path / "p") == frictionless_errors(tmp_path / "p") == set()
    assert check_project(Project.at(tmp_path / "p")).report.valid


@pytest.mark.parametrize("value", ["٢١٠٠", " 2100", "2100\u00a0"])
def test_where_we_are_stricter_than_frictionless(tmp_path, value):
    """Python's float() takes other scripts' digits and spaces around a number, and so frictionless
    does; the curation guide asks for ASCII digits and no spaces, and the build says how to fix it."""
    generate(tmp_path / "p", 20)
    path = tmp_path / "p" / "curated" / "figures.csv"
    rows = read(path)
    rows[1][rows[0].index("value_low")] = value
    write(path, rows)
    assert frictionless_errors(tmp_path / "p") == set()
    (problem,) = check_project(Project.at(tmp_path / "p")).report.problems
    assert (problem.file, problem.row, problem.field) == ("curated/figures.csv", 2, "value_low")
    assert problem.code == ("type-error" if value.isdigit() else "whitespace")
