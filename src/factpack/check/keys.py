"""Primary keys, unique fields and foreign keys across the tables, checked with hash sets over whole
columns (a key already in strictly increasing order needs none); only the rows that break a key are
looked at one by one."""

from __future__ import annotations

import unicodedata

import pyarrow as pa
import pyarrow.compute as pc

from ..arrays import cells, parallel, where
from ..problems import Problem, clip
from ..read.csvfile import Table
from ..model import Schema
from ..write.tables import in_order, sort_keys

_JOIN = "\x00"  # joins the parts of a composite key; a NUL byte never reaches a checked table


def check_unique(table: Table, schema: Schema, typed: dict[str, pa.Array]) -> list[Problem]:
    problems = []
    keys = [schema.primary_key] if schema.primary_key else []
    keys += [[f["name"]] for f in schema.fields
             if f.get("constraints", {}).get("unique") and [f["name"]] != schema.primary_key]
    for key in keys:
        if not all(k in typed for k in key):
            continue
        if in_order(sort_keys([typed[k] for k in key]), strictly=True):
            continue  # every row's key above the one before (as curated files are kept): none repeats
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
                       typed: dict[str, dict[str, pa.Array]], bad_rows: dict[str, set[int]]) -> list[Problem]:
    """References to keys that are not there. A key whose own cell is already reported (stray spaces, an
    invisible character, a ragged row) still counts as there, so one mistake is reported once, where it is."""
    references = [(resource, tuple(fields), ref_resource, tuple(ref_fields)) for resource, schema in schemas.items()
                  if resource in typed for fields, ref_resource, ref_fields in schema.foreign_keys
                  if ref_resource in typed]  # a table that could not be read is already reported
    targets = sorted({(ref_resource, ref_fields) for _, _, ref_resource, ref_fields in references})
    # One lookup per referenced key, for all the references to it.
    found = {}
    for problems in parallel(lambda target: _check_target(tables, typed, target, references, bad_rows), targets):
        found.update(problems)
    return [p for reference in references for p in found[reference]]


def _check_target(tables, typed, target, references, bad_rows) -> dict[tuple, list[Problem]]:
    ref_resource, ref_fields = target
    referring = [r for r in references if r[2:] == target]
    keys = pc.drop_null(_joined([typed[ref_resource][f] for f in ref_fields]))
    if len(ref_fields) == 1:
        reported = _reported_keys(tables[ref_resource], ref_fields[0], bad_rows.get(ref_resource, set()))
        keys = pa.concat_arrays([keys, reported.cast(keys.type)])
    values = [_joined([typed[resource][f] for f in fields]) for resource, fields, _, _ in referring]
    common = pa.string() if len({v.type for v in values} | {keys.type}) > 1 else keys.type
    values = [v if v.type == common else pc.cast(v, common) for v in values]
    known = pc.is_in(pa.concat_arrays(values), value_set=keys if keys.type == common else pc.cast(keys, common))
    problems, at = {}, 0
    for (resource, fields, _, _), value in zip(referring, values):
        missing = pc.and_(pc.is_valid(value), pc.invert(known.slice(at, len(value))))
        at += len(value)
        problems[(resource, fields, ref_resource, ref_fields)] = _unknown(tables[resource], typed[resource], fields,
                                                                          ref_resource, ref_fields, where(missing))
    return problems


def _unknown(table, typed, fields, ref_resource, ref_fields, indices) -> list[Problem]:
    problems = []
    for i, value in zip(indices, zip(*(cells(typed[f], indices) for f in fields))):
        shown = ", ".join(str(v) for v in value)
        problems.append(Problem(table.file, table.row_numbers[i], fields[0], "foreign-key", clip(shown),
                                f"'{shown}' is not a {'+'.join(ref_fields)} in {ref_resource}: "
                                f"add it to curated/{ref_resource}.csv or correct the reference"))
    return problems


def _reported_keys(table: Table, field: str, bad_rows: set[int]) -> pa.Array:
    """The keys a curator meant in rows already reported (a key cell with stray spaces or an invisible
    character, a ragged row): the cell's text without them."""
    rows = [i for i, row in enumerate(table.row_numbers) if row in bad_rows] if bad_rows else []
    meant = [_meant(t) for t in cells(table.columns[field], rows)]
    meant += [_meant(row[field]) for row in table.dropped if row.get(field)]
    return pa.array(meant, pa.string())


def _meant(cell: str) -> str:
    return unicodedata.normalize("NFC", "".join(c for c in cell if unicodedata.category(c) != "Cf")).strip()


def _joined(columns: list[pa.Array]):
    """One comparable value per row: the column itself, or its parts as text joined by NUL."""
    if len(columns) == 1:
        return columns[0]
    return pc.binary_join_element_wise(*(pc.cast(c, pa.string()) for c in columns), _JOIN)
