"""Tombstones: a withdrawn record leaves its ID in curated/tombstones.csv, and the ID is never used again.

The build refuses an ID that is both live and tombstoned, and a tombstone whose superseded_by names no
record of the same table. A release refuses to drop an ID that has no tombstone (see release.py).
"""

from __future__ import annotations

import re

import pyarrow as pa
import pyarrow.compute as pc

from ..problems import Problem
from ..read.csvfile import Table
from ..model import Schema

RESOURCE = "tombstones"
_ID_PATTERN = re.compile(r"([A-Z])\[0-9\]\{4,\}")


def id_tables(schemas: dict[str, Schema]) -> dict[str, tuple[str, str]]:
    """ID letter -> (resource, ID field), for every table keyed by one ID field such as `E[0-9]{4,}`."""
    out = {}
    for resource, schema in schemas.items():
        if resource == RESOURCE or len(schema.primary_key) != 1:
            continue
        field = schema.primary_key[0]
        m = _ID_PATTERN.fullmatch(schema.field(field).get("constraints", {}).get("pattern", ""))
        if m:
            out[m.group(1)] = (resource, field)
    return out


def check_tombstones(tables: dict[str, Table], typed: dict[str, dict[str, pa.Array]],
                     schemas: dict[str, Schema], bad_rows: dict[str, set[int]]) -> list[Problem]:
    """Rows with a cell problem (already reported) are left out."""
    if RESOURCE not in typed:
        return []
    tables_by_letter = id_tables(schemas)
    table, columns = tables[RESOURCE], {name: values.to_pylist() for name, values in typed[RESOURCE].items()}
    dead = {v for v in columns["id"] if v is not None}
    # The live IDs among those the tombstones name: each table's ID column is looked up, never copied out.
    named = pa.array(sorted(dead | {v for v in columns["superseded_by"] if v is not None}), pa.string())
    live = {letter: set(pc.filter(named, pc.is_in(named, value_set=typed[resource][field])).to_pylist())
            for letter, (resource, field) in tables_by_letter.items() if resource in typed}
    problems = []
    for row, record_id, successor in zip(table.row_numbers, columns["id"], columns["superseded_by"]):
        if record_id is None or row in bad_rows.get(RESOURCE, ()):
            continue
        letter = record_id[0]
        if letter not in tables_by_letter:
            problems.append(Problem(table.file, row, "id", "tombstone-unknown-table", record_id,
                                    f"no table has IDs starting with '{letter}'"))
            continue
        resource, _ = tables_by_letter[letter]
        if record_id in live.get(letter, ()):
            problems.append(Problem(table.file, row, "id", "tombstone-live", record_id,
                                    f"{record_id} is withdrawn here but still in curated/{resource}.csv: IDs are "
                                    "never reused; remove the row there, or this tombstone if it was a mistake "
                                    "made before any release"))
        if successor is None:
            continue
        if successor == record_id:
            problems.append(Problem(table.file, row, "superseded_by", "tombstone-supersedes-itself", successor,
                                    "a record cannot be superseded by itself: leave superseded_by empty"))
        elif successor[0] != letter:
            problems.append(Problem(table.file, row, "superseded_by", "tombstone-other-table", successor,
                                    f"{record_id} is in {resource}, so its successor must be too "
                                    f"(an ID starting with '{letter}')"))
        elif successor not in live.get(letter, ()) and successor not in dead:
            problems.append(Problem(table.file, row, "superseded_by", "tombstone-unknown-successor", successor,
                                    f"{successor} is not in curated/{resource}.csv: name the record that "
                                    "replaces this one, or leave superseded_by empty"))
    return problems
