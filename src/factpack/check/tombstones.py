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
    for t in model.tables.values():
        if t.id_field and t.name in typed and t.role != "tombstones":
            live[t.name] = set(pc.filter(named, pc.is_in(named, value_set=typed[t.name][t.id_field]
                                                         .cast(pa.string()))).to_pylist())
    problems = []
    skip = bad_rows.get(graves.name, set())

    def table_of(value: str) -> str | None:
        """The table an ID is live in; else the one whose ID pattern it matches."""
        found = next((t for t, ids in live.items() if value in ids), None)
        matched = model.table_of_id(value) if found is None else None
        return found or (matched.name if matched else None)

    for row, record_id, successor in zip(text.row_numbers, ids, successors):
        if record_id is None or row in skip:
            continue
        table = table_of(record_id)
        if table is None:
            problems.append(Problem(text.file, row, id_field, "tombstone-unknown-table", record_id,
                                    f"{record_id} matches the ID pattern of no table"))
            continue
        if table not in typed:  # its table could not be read (that is reported): nothing to compare with
            continue
        if record_id in live.get(table, ()):
            problems.append(Problem(text.file, row, id_field, "tombstone-live", record_id,
                                    f"{record_id} is withdrawn here but still in curated/{table}.csv: IDs are "
                                    "never reused; remove the row there, or this tombstone if it was a mistake "
                                    "made before any release"))
        if successor is None:
            continue
        successor_table = table_of(successor)
        if successor == record_id:
            problems.append(Problem(text.file, row, successor_field, "tombstone-supersedes-itself", successor,
                                    "a record cannot be superseded by itself: leave superseded_by empty"))
        elif successor_table is not None and successor_table != table:
            problems.append(Problem(text.file, row, successor_field, "tombstone-other-table", successor,
                                    f"{record_id} is in {table}, so its successor must be too"))
        elif successor not in live.get(table, ()) and successor not in dead:
            problems.append(Problem(text.file, row, successor_field, "tombstone-unknown-successor", successor,
                                    f"{successor} is not in curated/{table}.csv: name the record that replaces this "
                                    "one, or leave superseded_by empty"))
    return problems
