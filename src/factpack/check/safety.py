"""Cells that are unsafe to publish: bidi controls (they reorder what a reader sees, the
'Trojan Source' trick) are errors; text that a spreadsheet would run as a formula is a warning."""

from __future__ import annotations

import re

import pyarrow as pa
import pyarrow.compute as pc

from ..arrays import cells, may_contain, parallel, text_bytes, where
from ..model import Table
from ..problems import Problem, clip
from ..read.csvfile import TextTable

BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\x00]")
# The same controls in UTF-8 (NUL never reaches a table: the reader refuses it), to scan a whole column at once.
BIDI_BYTES = re.compile(rb"\xe2(?:\x80[\xaa-\xae]|\x81[\xa6-\xa9])")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # OWASP's list for CSV injection
FORMULA_BYTES = [re.compile(re.escape(c.encode())) for c in FORMULA_START]


def check_cells(text: TextTable, table: Table) -> list[Problem]:
    fields = [f["name"] for f in table.fields if f["name"] in text.columns and f.get("type", "string") == "string"]
    return [p for found in parallel(lambda name: _check_column(text, name), fields) for p in found]


def _check_column(table: TextTable, name: str) -> list[Problem]:
    problems = []
    column = table.columns[name]
    # Whole columns at once (for short cells, a scan of the column's text rules most out); then the
    # suspect rows one by one.
    suspect = []
    short = len(text_bytes(column)) <= 16 * len(column)
    if not short or any(may_contain(column, start) for start in FORMULA_BYTES):
        suspect.append(pc.is_in(pc.utf8_slice_codeunits(column, 0, 1), value_set=pa.array(FORMULA_START)))
    if may_contain(column, BIDI_BYTES):
        suspect.append(pc.match_substring_regex(column, BIDI_CONTROLS.pattern))
    indices = sorted(set(i for mask in suspect for i in where(mask)))
    for row, cell in zip((table.row_numbers[i] for i in indices), cells(column, indices)):
        found = BIDI_CONTROLS.search(cell)
        if found:
            problems.append(Problem(table.file, row, name, "bidi-control", clip(cell.encode("unicode_escape").decode()),
                                    f"the cell contains the invisible control U+{ord(found.group()):04X}, which "
                                    "changes how text is displayed: delete it (retype the text if unsure)"))
        if cell.startswith(FORMULA_START):
            problems.append(Problem(table.file, row, name, "formula-like", clip(cell),
                                    "the text starts with = + - @, a tab or a carriage return, and a spreadsheet "
                                    "may run it as a formula; "
                                    "it is published as is (see the package README on opening files safely)",
                                    severity="warning"))
    return problems
