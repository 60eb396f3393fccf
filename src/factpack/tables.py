"""Checked tables to output form: rows sorted by primary key, as canonical CSV text and as Arrow."""

from __future__ import annotations

import csv
import io
import re

import pyarrow as pa

from .schema import Schema

_ID = re.compile(r"([A-Z])([0-9]+)")
ARROW_TYPES = {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(), "date": pa.date32()}


def _sort_value(value):
    # IDs sort by number, so that A10000 comes after A9999 whatever the digit count.
    if value is None:
        return (0,)
    if isinstance(value, str):
        m = _ID.fullmatch(value)
        return (1, m.group(1), int(m.group(2))) if m else (2, value)
    return (3, value)


def sort_order(schema: Schema, typed: dict[str, list]) -> list[int]:
    key = schema.primary_key or schema.field_names
    n = len(typed[key[0]])
    return sorted(range(n), key=lambda i: tuple(_sort_value(typed[k][i]) for k in key))


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def to_csv(schema: Schema, typed: dict[str, list]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=",", quotechar='"', lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    names = schema.field_names
    writer.writerow(names)
    columns = [typed[n] for n in names]
    for i in sort_order(schema, typed):
        writer.writerow([cell_text(c[i]) for c in columns])
    return out.getvalue().encode("utf-8")


def to_arrow(schema: Schema, typed: dict[str, list]) -> pa.Table:
    order = sort_order(schema, typed)
    arrays, fields = [], []
    for field in schema.fields:
        kind = ARROW_TYPES[field.get("type", "string")]
        values = typed[field["name"]]
        arrays.append(pa.array([values[i] for i in order], type=kind))
        fields.append(pa.field(field["name"], kind, nullable=True))
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields))
