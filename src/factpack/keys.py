"""Primary keys, unique fields and foreign keys across the tables, checked with hash sets over whole
columns; only the rows that break a key are looked at one by one."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from .arrays import cells, parallel, where
from .problems import Problem, clip
from .readcsv import Table
from .schema import Schema

_JOIN = "\x00"  # joins the parts of a composite key; a NUL byte never reaches a checked table


def check_unique(table: Table, schema: Schema, typed: dict[str, pa.Array]) -> list[Problem]:
    problems = []
    keys = [schema.primary_key] if schema.primary_key else []
    keys += [[f["name"]] for f in schema.fields
             if f.get("constraints", {}).get("unique") and [f["name"]] != schema.primary_key]
    for key in keys:
        if not all(k in typed for k in key):
            continue
        joined = _joined([typed[k] for k in key])  # null when any part is missing: reported as 'required'
        counts = pc.value_counts(joined)
        repeated = pc.filter(counts.field("values"), pc.and_(pc.greater(counts.field("counts"), 1),
                                                             pc.is_valid(counts.field("values"))))
        if not len(repeated):
            continue
        indices = where(pc.is_in(joined, value_set=repeated))
        values = list(zip(*(cells(typed[k], indices) for k in key)))
        first_row: dict[tuple, int] = {}
        for i, value in zip(indices, values):
            row = table.row_numbers[i]
            if value in first_row:
                shown = ", ".join(str(v) for v in value)
                problems.append(Problem(table.file, row, key[0], "duplicate-key", clip(shown),
                                        f"{'+'.join(key)} '{shown}' is already used in row {first_row[value]}; "
                                        "IDs must be unique (and are never reused)"))
            else:
                first_row[value] = row
    return problems


def check_foreign_keys(tables: dict[str, Table], schemas: dict[str, Schema],
                       typed: dict[str, dict[str, pa.Array]]) -> list[Problem]:
    references = [(resource, fields, ref_resource, ref_fields) for resource, schema in schemas.items()
                  if resource in typed for fields, ref_resource, ref_fields in schema.foreign_keys
                  if ref_resource in typed]  # a table that could not be read is already reported
    found = parallel(lambda reference: _check_reference(tables, typed, *reference), references)
    return [p for problems in found for p in problems]


def _check_reference(tables, typed, resource, fields, ref_resource, ref_fields) -> list[Problem]:
    problems = []
    table = tables[resource]
    values = _joined([typed[resource][f] for f in fields])
    targets = pc.drop_null(_joined([typed[ref_resource][f] for f in ref_fields]))
    indices = where(pc.and_(pc.is_valid(values), pc.invert(pc.is_in(values, value_set=targets))))
    for i, value in zip(indices, zip(*(cells(typed[resource][f], indices) for f in fields))):
        shown = ", ".join(str(v) for v in value)
        problems.append(Problem(table.file, table.row_numbers[i], fields[0], "foreign-key", clip(shown),
                                f"'{shown}' is not a {'+'.join(ref_fields)} in {ref_resource}: "
                                f"add it to curated/{ref_resource}.csv or correct the reference"))
    return problems


def _joined(columns: list[pa.Array]):
    """One comparable value per row: the column itself, or its parts as text joined by NUL."""
    if len(columns) == 1:
        return columns[0]
    return pc.binary_join_element_wise(*(pc.cast(c, pa.string()) for c in columns), _JOIN)
