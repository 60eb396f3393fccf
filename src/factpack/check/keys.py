"""Primary keys, unique fields, foreign keys and declared references across the tables, checked with hash
sets over whole columns (a key already in strictly increasing order needs none); only the rows that break
a key are looked at one by one."""

from __future__ import annotations

import unicodedata

import pyarrow as pa
import pyarrow.compute as pc

from ..arrays import cells, in_order, parallel, sort_keys, where
from ..model import Model, Table
from ..problems import Problem, clip
from ..read.csvfile import TextTable

_JOIN = "\x00"  # joins the parts of a composite key; a NUL byte never reaches a checked table

Typed = dict[str, dict[str, pa.Array]]


def check_unique(text: TextTable, table: Table, typed: dict[str, pa.Array]) -> list[Problem]:
    problems = []
    for key in table.unique_keys:
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
            row = text.row_numbers[i]
            if value in first_row:
                shown = ", ".join(str(v) for v in value)
                problems.append(Problem(text.file, row, key[0], "duplicate-key", clip(shown),
                                        f"{'+'.join(key)} '{shown}' is already used in row {first_row[value]}; "
                                        "IDs must be unique (and are never reused)"))
            else:
                first_row[value] = row
    return problems


def check_foreign_keys(model: Model, texts: dict[str, TextTable], typed: Typed,
                       bad_rows: dict[str, set[int]]) -> list[Problem]:
    """References to keys that are not there: foreign keys, and declared references to any of several tables.
    A key whose own cell is already reported (stray spaces, an invisible character, a ragged row) still counts
    as there, so one mistake is reported once, where it is."""
    references = [(t.name, fk.fields, fk.table, fk.ref_fields) for t in model.tables.values() if t.name in typed
                  for fk in t.foreign_keys if fk.table in typed]  # a table that could not be read is reported
    targets = sorted({(ref_table, ref_fields) for _, _, ref_table, ref_fields in references})
    found: dict[tuple, list[Problem]] = {}
    for problems in parallel(lambda target: _check_target(texts, typed, target, references, bad_rows), targets):
        found.update(problems)
    out = [p for reference in references for p in found[reference]]
    for t in model.tables.values():
        for name, tables in t.references.items():
            if t.name in typed and all(r in typed for r in tables):
                out += _check_any_of(model, texts, typed, t.name, name, tables, bad_rows)
    return out


def _check_target(texts: dict[str, TextTable], typed: Typed, target: tuple[str, tuple[str, ...]],
                  references: list[tuple], bad_rows: dict[str, set[int]]) -> dict[tuple, list[Problem]]:
    ref_table, ref_fields = target
    referring = [r for r in references if r[2:] == target]
    keys = _known(texts, typed, ref_table, ref_fields, bad_rows)
    values = [_joined([typed[table][f] for f in fields]) for table, fields, _, _ in referring]
    common = pa.string() if len({v.type for v in values} | {keys.type}) > 1 else keys.type
    values = [v if v.type == common else pc.cast(v, common) for v in values]
    known = pc.is_in(pa.concat_arrays(values), value_set=keys if keys.type == common else pc.cast(keys, common))
    problems, at = {}, 0
    for (table, fields, _, _), value in zip(referring, values):
        missing = pc.and_(pc.is_valid(value), pc.invert(known.slice(at, len(value))))
        at += len(value)
        problems[(table, fields, ref_table, ref_fields)] = _unknown(
            texts[table], typed[table], fields, where(missing),
            f"is no {'+'.join(ref_fields)} of {ref_table}: add it to curated/{ref_table}.csv or correct the "
            "reference")
    return problems


def _known(texts: dict[str, TextTable], typed: Typed, table: str, fields: tuple[str, ...],
           bad_rows: dict[str, set[int]]) -> pa.Array:
    """The keys of a table, with those a curator meant in rows whose key cell is already reported."""
    keys = pc.drop_null(_joined([typed[table][f] for f in fields]))
    if len(fields) == 1:
        reported = _reported_keys(texts[table], fields[0], bad_rows.get(table, set()))
        keys = pa.concat_arrays([keys, reported.cast(keys.type)])
    return keys


def _check_any_of(model: Model, texts: dict[str, TextTable], typed: Typed, table: str, name: str, tables: list[str],
                  bad_rows: dict[str, set[int]]) -> list[Problem]:
    keys = [_known(texts, typed, t, (model.tables[t].id_field or "",), bad_rows) for t in tables]
    known = pa.concat_arrays([k.cast(pa.string()) for k in keys])
    values = typed[table][name]
    missing = pc.and_(pc.is_valid(values), pc.invert(pc.is_in(values, value_set=known)))
    return _unknown(texts[table], typed[table], (name,), where(missing),
                    f"is not an ID in {', '.join(tables[:-1])} or {tables[-1]}" if len(tables) > 1 else
                    f"is not an ID in {tables[0]}")


def _unknown(text: TextTable, typed: dict[str, pa.Array], fields: tuple[str, ...], indices: list[int],
             message: str) -> list[Problem]:
    problems = []
    for i, value in zip(indices, zip(*(cells(typed[f], indices) for f in fields))):
        shown = ", ".join(str(v) for v in value)
        problems.append(Problem(text.file, text.row_numbers[i], fields[0], "foreign-key", clip(shown),
                                f"'{shown}' {message}"))
    return problems


def _reported_keys(text: TextTable, field: str, bad_rows: set[int]) -> pa.Array:
    """The keys a curator meant in rows already reported (a key cell with stray spaces or an invisible
    character, a ragged row): the cell's text without them."""
    rows = [i for i, row in enumerate(text.row_numbers) if row in bad_rows] if bad_rows else []
    meant = [_meant(t) for t in cells(text.columns[field], rows)]
    meant += [_meant(row[field]) for row in text.dropped if row.get(field)]
    return pa.array(meant, pa.string())


def _meant(cell: str) -> str:
    return unicodedata.normalize("NFC", "".join(c for c in cell if unicodedata.category(c) != "Cf")).strip()


def _joined(columns: list[pa.Array]) -> pa.Array:
    """One comparable value per row: the column itself, or its parts as text joined by NUL."""
    if len(columns) == 1:
        return columns[0]
    return pc.binary_join_element_wise(*(pc.cast(c, pa.string()) for c in columns), _JOIN)
