"""Tombstones: a withdrawn record leaves its ID in the tombstones table, and the ID is never used again.

The build refuses an ID that is both live and tombstoned, and a successor that names no record of the
same table. A release refuses to drop an ID that has no tombstone (release/release.py). Which table an
ID belongs to is read from the ID patterns of the tables' keys.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from ..model import Model
from ..problems import Problem
from ..read.csvfile import TextTable


def check_tombstones(model: Model, texts: dict[str, TextTable], typed: dict[str, dict[str, pa.Array]],
                     bad_rows: dict[str, set[int]]) -> list[Problem]:
    """Rows with a cell problem (already reported) are left out."""
    graves = model.tombstones
    if graves is None or graves.name not in typed:
        return []
    id_field, successor_field = graves.role_field("id"), graves.role_field("successor")
    text = texts[graves.name]
    ids = typed[graves.name][id_field].to_pylist()
    successors = typed[graves.name][successor_field].to_pylist()
    dead = {v for v in ids if v is not None}
    named = pa.array(sorted(dead | {v for v in successors if v is not None}), pa.string())
    live: dict[str, set[str]] = {}  # the live IDs among those the tombstones name, per table
    for table in model.tables.values():
        if table.id_field and table.name in typed and table.role != "tombstones":
            live[table.name] = set(pc.filter(named, pc.is_in(named, value_set=typed[table.name][table.id_field]
                                                             .cast(pa.string()))).to_pylist())
    problems = []
    skip = bad_rows.get(graves.name, set())
    for row, record_id, successor in zip(text.row_numbers, ids, successors):
        if record_id is None or row in skip:
            continue
        table = next((model.tables[t] for t, found in live.items() if record_id in found), None) \
            or model.table_of_id(record_id)
        if table is None:
            problems.append(Problem(text.file, row, id_field, "tombstone-unknown-table", record_id,
                                    f"{record_id} matches the ID pattern of no table"))
            continue
        if record_id in live.get(table.name, ()):
            problems.append(Problem(text.file, row, id_field, "tombstone-live", record_id,
                                    f"{record_id} is withdrawn here but still in curated/{table.name}.csv: IDs are "
                                    "never reused; remove the row there, or this tombstone if it was a mistake "
                                    "made before any release"))
        if successor is None:
            continue
        if successor == record_id:
            problems.append(Problem(text.file, row, successor_field, "tombstone-supersedes-itself", successor,
                                    "a record cannot be superseded by itself: leave superseded_by empty"))
        elif successor not in live.get(table.name, ()) and successor not in dead:
            other = next((t for t, found in live.items() if successor in found), None) or \
                (model.table_of_id(successor).name if model.table_of_id(successor) else None)
            if other is not None and other != table.name:
                problems.append(Problem(text.file, row, successor_field, "tombstone-other-table", successor,
                                        f"{record_id} is in {table.name}, so its successor must be too"))
            else:
                problems.append(Problem(text.file, row, successor_field, "tombstone-unknown-successor", successor,
                                        f"{successor} is not in curated/{table.name}.csv: name the record that "
                                        "replaces this one, or leave superseded_by empty"))
        elif successor in dead and model.table_of_id(successor) not in (None, table):
            problems.append(Problem(text.file, row, successor_field, "tombstone-other-table", successor,
                                    f"{record_id} is in {table.name}, so its successor must be too"))
    return problems
