"""The package as a consumer gets it, checked with the consumer's own tools: pyarrow, the frictionless
CLI and library (on the folder, the release zip and a URL served over HTTP), SQLite through frictionless,
datapackage-to-datasette and datasette."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from conftest import REPO

PACKAGE = REPO / "datapackage"
ARROW = {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(), "date": pa.date32()}


def descriptor(folder: Path = PACKAGE) -> dict:
    return json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))


def csv_resources(folder: Path = PACKAGE) -> list[dict]:
    return [r for r in descriptor(folder)["resources"] if r["format"] == "csv"]


def read_csv_typed(path: Path, schema: dict) -> pa.Table:
    """The CSV as a consumer reads it: every column in its schema's type, an empty cell as no value."""
    types = {f["name"]: ARROW[f.get("type", "string")] for f in schema["fields"]}
    return pacsv.read_csv(path, parse_options=pacsv.ParseOptions(newlines_in_values=True),
                          convert_options=pacsv.ConvertOptions(column_types=types, null_values=[""],
                                                               strings_can_be_null=True,
                                                               quoted_strings_can_be_null=True))


@pytest.mark.parametrize("resource", [r["name"] for r in csv_resources()])
def test_csv_and_parquet_agree_on_every_cell(resource):
    csv_entry = next(r for r in csv_resources() if r["name"] == resource)
    from_csv = read_csv_typed(PACKAGE / csv_entry["path"], csv_entry["schema"])
    from_parquet = pq.read_table(PACKAGE / f"data/{resource}.parquet")
    assert from_csv.column_names == from_parquet.column_names == [f["name"] for f in csv_entry["schema"]["fields"]]
    for name in from_csv.column_names:
        a, b = from_csv[name].to_pylist(), from_parquet[name].to_pylist()
        assert a == b, f"{resource}.{name}: {[(x, y) for x, y in zip(a, b) if x != y][:5]}"
        assert "" not in b  # an empty cell is no value in both formats, never an empty text
