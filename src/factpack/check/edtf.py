"""Dates as the text gives them: a Library of Congress EDTF string (levels 0-2), read by the `edtf`
package, and the widest bounds it allows, which the record's declared date fields must hold.

`2024-07` runs from 2024-07-01 to 2024-07-31; `../2025-09-30` has no first day and 2025-09-30 as its
last; `[2024-01-01,2024-01-08,2024-01-15]` runs from the first to the last of the set; `2024-07?` and
`2024-07~` keep the bounds of July 2024. A bound the string leaves open or unknown (`..`, an empty end,
an unspecified year) is no bound: its date field stays empty.
"""

from __future__ import annotations

import datetime as dt
import math
import time
from functools import lru_cache
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.compute as pc
from edtf import parse_edtf

if TYPE_CHECKING:
    from .rules import _Rows

Bound = dt.date | None


@lru_cache(maxsize=4096)
def bounds(text: str) -> tuple[Bound, Bound] | None:
    """The first and last possible day of an EDTF date; None when the text is no EDTF date."""
    try:
        parsed = parse_edtf(text)
        lower, upper = parsed.lower_strict(), parsed.upper_strict()
    except Exception:  # the parser raises several kinds (its own, ValueError, TypeError) for what it cannot read
        return None
    start, end = ([*text.split("/", 1), ""])[:2] if "/" in text else (text, text)
    return (None if start in ("", "..") else _day(lower)), (None if end in ("", "..") else _day(upper))


def _day(value: time.struct_time | float) -> Bound:
    if isinstance(value, float) and math.isinf(value):
        return None
    if not isinstance(value, time.struct_time) or not 1 <= value.tm_year <= 9998:
        return None  # an unspecified year (XXXX-07): no day can be named
    return dt.date(value.tm_year, value.tm_mon, value.tm_mday)


def check(rule: dict, rows: _Rows, order: int) -> None:
    name, (low, high) = rule["edtf"], rule["bounds"]
    values = rows[name]
    distinct = pc.unique(pc.drop_null(values)).to_pylist()
    found = {v: bounds(v) for v in distinct}
    invalid = pa.array([v for v, b in found.items() if b is None], pa.string())
    bad = pc.fill_null(pc.is_in(values, value_set=invalid), False)
    rows.report(bad, order, "edtf-invalid", name,
                lambda r: f"'{r[name]}' is not an EDTF date (Library of Congress, levels 0-2): write e.g. 2024-07, "
                          "2024-07?, 2024-07~, ../2025-09-30 or [2024-01-01,2024-01-08]")
    # Each row's expected bounds, through the distinct strings (a date repeats across rows).
    at = pc.index_in(values, value_set=pa.array(distinct, pa.string()))
    expected_low = pc.take(pa.array([(found[v] or (None, None))[0] for v in distinct], pa.date32()), at)
    expected_high = pc.take(pa.array([(found[v] or (None, None))[1] for v in distinct], pa.date32()), at)

    def differs(given: pa.Array, expected: pa.Array) -> pa.Array:
        """Not the same day, or a day on one side only."""
        return pc.fill_null(pc.not_equal(given, expected), True)

    wrong = pc.or_(pc.and_(pc.invert(pc.and_(pc.is_null(rows[low]), pc.is_null(expected_low))),
                           differs(rows[low], expected_low)),
                   pc.and_(pc.invert(pc.and_(pc.is_null(rows[high]), pc.is_null(expected_high))),
                           differs(rows[high], expected_high)))
    mask = pc.and_(pc.and_(pc.is_valid(values), pc.invert(bad)), wrong)

    def message(r: dict) -> str:
        first, last = bounds(r[name]) or (None, None)
        shown = [d.isoformat() if d else "empty (open or unknown)" for d in (first, last)]
        return f"{name} '{r[name]}' runs from {shown[0]} to {shown[1]}: {low} must be {shown[0]} and {high} {shown[1]}"

    rows.report(mask, order + 1, "edtf-bounds", name, message, (low, high))
