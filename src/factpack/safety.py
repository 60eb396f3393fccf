"""Cells that are unsafe to publish: bidi controls (they reorder what a reader sees, the
'Trojan Source' trick) are errors; text that a spreadsheet would run as a formula is a warning."""

from __future__ import annotations

import re

import pyarrow.compute as pc

from .arrays import cells, where
from .problems import Problem, clip
from .readcsv import Table
from .schema import Schema

BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\x00]")
FORMULA_START = ("=", "+", "-", "@")


def check_cells(table: Table, schema: Schema) -> list[Problem]:
    problems = []
    for field in schema.fields:
        name = field["name"]
        if name not in table.columns or field.get("type", "string") != "string":
            continue
        column = table.columns[name]
        suspect = pc.match_substring_regex(column, BIDI_CONTROLS.pattern)  # whole column at once; rows one by one
        for prefix in FORMULA_START:
            suspect = pc.or_(suspect, pc.starts_with(column, prefix))
        indices = where(suspect)
        for row, cell in zip((table.row_numbers[i] for i in indices), cells(column, indices)):
            found = BIDI_CONTROLS.search(cell)
            if found:
                problems.append(Problem(table.file, row, name, "bidi-control", clip(cell.encode("unicode_escape").decode()),
                                        f"the cell contains the invisible control U+{ord(found.group()):04X}, which "
                                        "changes how text is displayed: delete it (retype the text if unsure)"))
            if cell.startswith(FORMULA_START):
                problems.append(Problem(table.file, row, name, "formula-like", clip(cell),
                                        "the text starts with = + - or @ and a spreadsheet may run it as a formula; "
                                        "it is published as is (see the package README on opening files safely)",
                                        severity="warning"))
    return problems
