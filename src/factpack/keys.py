"""Primary keys, unique fields and foreign keys across the tables."""

from __future__ import annotations

from .problems import Problem, clip
from .readcsv import Table
from .schema import Schema


def check_unique(table: Table, schema: Schema, typed: dict[str, list]) -> list[Problem]:
    problems = []
    keys = [schema.primary_key] if schema.primary_key else []
    keys += [[f["name"]] for f in schema.fields
             if f.get("constraints", {}).get("unique") and [f["name"]] != schema.primary_key]
    for key in keys:
        if not all(k in typed for k in key):
            continue
        first_row: dict[tuple, int] = {}
        for i, row in enumerate(table.row_numbers):
            value = tuple(typed[k][i] for k in key)
            if any(v is None for v in value):
                continue  # a missing key cell is reported as 'required'
            if value in first_row:
                shown = ", ".join(str(v) for v in value)
                problems.append(Problem(table.file, row, key[0], "duplicate-key", clip(shown),
                                        f"{'+'.join(key)} '{shown}' is already used in row {first_row[value]}; "
                                        "IDs must be unique (and are never reused)"))
            else:
                first_row[value] = row
    return problems


def check_foreign_keys(tables: dict[str, Table], schemas: dict[str, Schema],
                       typed: dict[str, dict[str, list]]) -> list[Problem]:
    problems = []
    for resource, schema in schemas.items():
        if resource not in typed:
            continue
        table = tables[resource]
        for fields, ref_resource, ref_fields in schema.foreign_keys:
            if ref_resource not in typed:
                continue  # that table could not be read: already reported
            targets = set(zip(*(typed[ref_resource][f] for f in ref_fields)))
            for i, row in enumerate(table.row_numbers):
                value = tuple(typed[resource][f][i] for f in fields)
                if any(v is None for v in value) or value in targets:
                    continue
                shown = ", ".join(str(v) for v in value)
                problems.append(Problem(table.file, row, fields[0], "foreign-key", clip(shown),
                                        f"'{shown}' is not a {'+'.join(ref_fields)} in {ref_resource}: "
                                        f"add it to curated/{ref_resource}.csv or correct the reference"))
    return problems
