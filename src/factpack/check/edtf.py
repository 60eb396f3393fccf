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

from edtf import parse_edtf

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
