"""Our checks and frictionless (the reference) find the same rows and the same kinds of error.

A generated project (bench/generate.py: synthetic rows, or the real tables) gets an error of every kind
the two share injected, for every field the model constrains, at random rows;
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
from generate import clone, generate

pytestmark = pytest.mark.slow  # real consumer tools or many generated projects

# Our codes as frictionless error types.
KIND = {"type-error": "type-error", "pattern": "constraint-error", "enum": "constraint-error",
        "required": "constraint-error", "minimum": "constraint-error", "maximum": "constraint-error",
        "duplicate-key": "duplicate", "foreign-key": "foreign-key"}
THEIRS = {"type-error": "type-error", "constraint-error": "constraint-error", "primary-key": "duplicate",
          "unique-error": "duplicate", "foreign-key": "foreign-key"}
CELL_KINDS = {"type-error", "constraint-error"}



def injections(root: Path) -> list[tuple[str, str, str]]:
    """(table, field, bad value) for every check frictionless and factpack share, derived from the
    model: a type each typed field refuses, a value outside each enum, a pattern, a minimum or maximum
    broken, a required cell left empty, a reference to no record."""
    found = []
    for table in load_model(Project.at(root)).tables.values():
        references = {fk.fields[0] for fk in table.foreign_keys if len(fk.fields) == 1}
        for field in table.fields:
            name, kind, c = field["name"], field["type"], field.get("constraints", {})
            if name in table.computed_fields:
                continue
            bad = {"integer": ["2,100", "1.5"], "number": ["2,100", "2.5.1"], "date": ["2024-02-30", "12/03/2024"]}
            found += [(table.name, name, value) for value in bad.get(kind, [])]
            if "enum" in c:
                found.append((table.name, name, f"{c['enum'][0]}x"))
            if "pattern" in c:
                found.append((table.name, name, "!!"))
            if c.get("required") and kind == "string":
                found.append((table.name, name, ""))
            if "minimum" in c:
                found.append((table.name, name, str(c["minimum"] - 1)))
            if "maximum" in c:
                found.append((table.name, name, str(c["maximum"] + 1)))
            if name in references:
                found.append((table.name, name, "Z9999999"))
    return found


def read(path: Path) -> list[list[str]]:
    import csv

    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def write(path: Path, rows: list[list[str]]) -> None:
    import csv

    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def inject(root: Path, rng: random.Random) -> int:
    """Every injection, each in a cell of its own; and a repeated primary key in each keyed table.
    Returns the number of injections made."""
    tables = {name: read(root / "curated" / f"{name}.csv") for name in TABLE_NAMES}
    used: set[tuple[str, int, str]] = set()
    made = 0
    for table, field, value in injections(root):
        rows = tables[table]
        if len(rows) < 3:
            continue  # an empty table in this mode (no places in a synthetic project)
        row = rng.randrange(1, len(rows))
        if (table, row, field) in used:
            continue
        used.add((table, row, field))
        rows[row][rows[0].index(field)] = value
        made += 1
    model = load_model(Project.at(root))
    for name, rows in tables.items():  # a repeated key: copy one row's key into another
        key = model.tables[name].primary_key
        if key and len(rows) > 3:
            a, b = rng.sample(range(1, len(rows)), 2)
            for field in key:
                rows[b][rows[0].index(field)] = rows[a][rows[0].index(field)]
    for name, rows in tables.items():
        write(root / "curated" / f"{name}.csv", rows)
    return made


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
    """Our problems of the kinds frictionless reports too; not the references that factpack checks and
    Table Schema cannot declare (a link to a record of any of several tables: relations)."""
    model = load_model(Project.at(root))
    extra = {(f"curated/{t.name}.csv", field) for t in model.tables.values() for field in t.references}
    return {(p.file, p.row, KIND[p.code], p.field if KIND[p.code] in CELL_KINDS else None)
            for p in check_project(Project.at(root)).report.problems
            if p.code in KIND and not (p.code == "foreign-key" and (p.file, p.field) in extra)}


def project(root: Path, mode: str, seed: int) -> Path:
    if mode == "clone":
        clone(root, 1)  # the real tables, as they are
    else:
        generate(root, 150, seed=seed)
    return root


@pytest.mark.parametrize("mode", ["synthetic", "clone"])
@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_same_rows_and_kinds_of_error_as_frictionless(tmp_path, mode, seed):
    root = project(tmp_path / "p", mode, seed)
    assert inject(root, random.Random(seed)) >= 40
    ours, theirs = our_errors(root), frictionless_errors(root)
    assert {kind for _, _, kind, _ in ours} == {"type-error", "constraint-error", "duplicate", "foreign-key"}
    # One known difference: frictionless also calls an empty primary key a primary-key error; factpack
    # reports it once, as the required value it is (both report that).
    assert ours == theirs - {(file, row, "duplicate", None) for file, row in empty_keys(root)}


def empty_keys(root: Path) -> set[tuple[str, int]]:
    model = load_model(Project.at(root))
    found = set()
    for name, table in model.tables.items():
        rows = read(root / "curated" / f"{name}.csv")
        at = [rows[0].index(field) for field in table.primary_key]
        found |= {(f"curated/{name}.csv", n) for n, row in enumerate(rows[1:], start=2) if any(row[i] == "" for i in at)}
    return found


@pytest.mark.parametrize("mode", ["synthetic", "clone"])
def test_a_valid_generated_project_is_valid_to_both(tmp_path, mode):
    root = project(tmp_path / "p", mode, 0)
    assert our_errors(root) == frictionless_errors(root) == set()
    assert check_project(Project.at(root)).report.valid


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
