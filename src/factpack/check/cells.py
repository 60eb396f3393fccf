"""Cell checks: parse each column by its field's type and check the field's constraints.

The same rules as frictionless (the reference; tests/test_frictionless_agrees.py compares them),
computed a whole column at a time with pyarrow.compute; Problems are built only for the cells that
fail, and name a fix: e.g. '2,100' and '٢١٠٠' are refused with how to write them instead.
"""

from __future__ import annotations

import datetime as dt
import decimal
import difflib
import re
from collections.abc import Callable
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from ..arrays import cells, falses, may_contain, null_where, parallel, where
from ..model import Table
from ..problems import Problem, clip
from ..read.csvfile import TextTable

# Python's str.isspace() characters (tests check the list): a cell with one at either end is refused
# where spaces would make false distinct values (IDs, codes, numbers, dates).
SPACES = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007" \
         "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
_SPACE_SET = pa.array(list(SPACES), pa.string())
# Any of SPACES in UTF-8: most columns that must not have spaces have none anywhere, and one scan says so.
_SPACE_BYTES = re.compile(rb"[\t-\r\x1c-\x1f \xc2\xe1\xe2\xe3]")  # their first UTF-8 bytes: a superset, scanned fast
_INTEGER = "^[+-]?[0-9]+$"
_NUMBER = r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$"
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_NULL_WORDS = {"na", "n/a", "null", "none", "nan", "nil", "-", "—"}


def typed_columns(text: TextTable, table: Table) -> tuple[dict[str, pa.Array], list[Problem]]:
    """Every column as typed Arrow values (null for an empty or unparsable cell), and every cell problem."""
    fields = [f for f in table.fields if f["name"] in text.columns]  # the others are computed by the build
    checked = parallel(lambda field: _check_column(text, field), fields)
    typed = {field["name"]: values for field, (values, _) in zip(fields, checked)}
    return typed, [p for _, found in checked for p in found]


def _check_column(table: TextTable, field: dict) -> tuple[pa.Array, list[Problem]]:
    name, kind = field["name"], field.get("type", "string")
    constraints = field.get("constraints", {})
    text = table.columns[name]
    empty = pc.equal(text, "")
    if ("pattern" in constraints or "enum" in constraints or kind != "string") and may_contain(text, _SPACE_BYTES):
        spaced = pc.or_(pc.is_in(pc.utf8_slice_codeunits(text, 0, 1), value_set=_SPACE_SET),
                        pc.is_in(pc.utf8_slice_codeunits(text, -1), value_set=_SPACE_SET))
    else:
        spaced = falses(len(text))
    unusable = pc.or_(empty, spaced)
    parsed = _PARSERS[kind](text)
    value = null_where(parsed, unusable)
    wrong_type = pc.and_(pc.invert(unusable), pc.is_null(parsed))
    checked = pc.invert(pc.or_(unusable, wrong_type))

    found: list[tuple[int, int, str, str, str]] = []  # (row index, order, code, cell, message)

    def report(order: int, code: str, mask: pa.Array, message: Callable[[str], str]) -> None:
        indices = where(mask)
        for i, cell in zip(indices, cells(text, indices)):
            found.append((i, order, code, cell, message(cell)))

    if constraints.get("required"):
        report(0, "required", empty, lambda cell: f"'{name}' is required: fill it in")
    report(1, "whitespace", spaced, lambda cell: f"'{cell}' has spaces around it (a no-break space?): remove them")
    report(2, "type-error", wrong_type, _TYPE_MESSAGES[kind] or str)
    if "pattern" in constraints:
        pattern = constraints["pattern"]
        mismatch = pc.and_(checked, pc.invert(pc.match_substring_regex(text, f"^(?:{pattern})$")))
        report(3, "pattern", mismatch, lambda cell: f"'{cell}' does not match the pattern {pattern}"
               + (" (leave the cell empty for 'no value')" if cell.strip().lower() in _NULL_WORDS else ""))
    if "enum" in constraints:
        enum = constraints["enum"]
        outside = pc.and_(checked, pc.invert(pc.is_in(text, value_set=pa.array(enum, pa.string()))))
        report(4, "enum", outside, lambda cell: f"'{cell}' is not an allowed value; {_enum_hint(cell, enum)}")
    if "minimum" in constraints:
        low = constraints["minimum"]
        report(5, "minimum", pc.and_(checked, pc.less(value, _bound(low, value.type))),
               lambda cell: f"{cell} is below the minimum {low}")
    if "maximum" in constraints:
        high = constraints["maximum"]
        report(6, "maximum", pc.and_(checked, pc.greater(value, _bound(high, value.type))),
               lambda cell: f"{cell} is above the maximum {high}")

    if "minLength" in constraints or "maxLength" in constraints:
        length = pc.utf8_length(text)  # in code points, as Python's len() that frictionless uses
        shortest, longest = constraints.get("minLength"), constraints.get("maxLength")
        if shortest is not None:
            report(7, "min-length", pc.and_(checked, pc.less(length, shortest)),
                   lambda cell: f"'{cell}' has {len(cell)} characters, fewer than {shortest}")
        if longest is not None:
            report(8, "max-length", pc.and_(checked, pc.greater(length, longest)),
                   lambda cell: f"the text has {len(cell)} characters, more than {longest}")

    rows = table.row_numbers
    problems = [Problem(table.file, rows[i], name, code, clip(cell), message)
                for i, _, code, cell, message in sorted(found, key=lambda f: f[:2])]
    return value, problems


def _bound(limit: Any, kind: pa.DataType) -> pa.Scalar:
    """A bound as a scalar of the column's type: JSON gives a date as text and a number as int or float
    (an int beyond int64, such as 10**30, is a valid bound of a number field)."""
    if pa.types.is_date(kind):
        return pa.scalar(dt.date.fromisoformat(limit), kind)
    if pa.types.is_floating(kind):
        return pa.scalar(float(limit), kind)
    return pa.scalar(limit, kind)


def _enum_hint(cell: str, enum: list[str]) -> str:
    near = difflib.get_close_matches(cell, enum, n=1, cutoff=0.5)
    return f"did you mean '{near[0]}'?" if near else f"allowed: {', '.join(enum)}"


# Parsers: text column -> typed column, null where the text is not a value of the type.

def _parse_string(text: pa.Array) -> pa.Array:
    return text


def _parse_integer(text: pa.Array) -> pa.Array:
    ok = pc.match_substring_regex(text, _INTEGER)
    # Up to 18 characters always fits in int64; longer ones are checked one by one (rare).
    short = pc.and_(ok, pc.less_equal(pc.utf8_length(text), 18))
    digits = pc.replace_substring_regex(text, r"^\+", "")  # Arrow does not take a leading '+'
    parsed = pc.cast(pc.if_else(short, digits, pa.scalar(None, pa.string())), pa.int64())
    long = where(pc.and_(ok, pc.invert(short)))
    if long:
        fits = [i for i, cell in zip(long, cells(text, long)) if -2**63 <= int(cell) < 2**63]
        if fits:
            mask = pc.is_in(pa.array(range(len(text))), value_set=pa.array(fits, pa.int64()))
            parsed = pc.if_else(mask, pc.cast(pc.if_else(mask, digits, pa.scalar(None, pa.string())), pa.int64()),
                                parsed)
    return parsed


def _parse_number(text: pa.Array) -> pa.Array:
    ok = pc.match_substring_regex(text, _NUMBER)
    return pc.cast(pc.if_else(ok, text, pa.scalar(None, pa.string())), pa.float64())


def _parse_date(text: pa.Array) -> pa.Array:
    # Dates repeat: each distinct text is parsed once, by Python's own calendar.
    distinct = pc.unique(text)
    dates = pa.array([_date(cell) for cell in distinct.to_pylist()], pa.date32())
    return pc.take(dates, pc.index_in(text, value_set=distinct))


def _date(cell: str) -> dt.date | None:
    if not _DATE.fullmatch(cell):
        return None
    try:
        return dt.date.fromisoformat(cell)
    except ValueError:
        return None


_PARSERS = {"string": _parse_string, "integer": _parse_integer, "number": _parse_number, "date": _parse_date}


def _number_hint(cell: str, whole: bool = False) -> str:
    digits = "".join(str(int(c)) if c.isdigit() else c for c in cell)
    if any(c.isdigit() and not c.isascii() for c in cell):
        return f"write it with ASCII digits: {digits}"
    if "," in cell or "٬" in cell:
        return f"write it without thousands separators: {digits.replace(',', '').replace('٬', '')}"
    if whole:
        return "write it with digits 0-9 only (e.g. 2100)"
    return "write it with digits 0-9 and '.' for decimals (e.g. 2100 or 2.5)"


def _integer_message(cell: str) -> str:
    if re.fullmatch(_INTEGER, cell):
        return f"'{cell}' is too large for a whole number (at most 19 digits)"
    if re.fullmatch(_NUMBER, cell):
        whole = decimal.Decimal(cell)  # exact: a float would round 123456789012345678.0
        if whole == whole.to_integral_value() and abs(whole) < 2 ** 63:
            return f"'{cell}' is not a whole number as written; write it without decimals: {int(whole)}"
        return f"'{cell}' is not a whole number; this field takes whole numbers only"
    return f"'{cell}' is not a whole number; {_number_hint(cell, whole=True)}"


def _date_message(cell: str) -> str:
    if not _DATE.fullmatch(cell):
        return f"'{cell}' is not a date; write it as YYYY-MM-DD"
    return f"'{cell}' is not a real calendar date"


_TYPE_MESSAGES = {"string": None, "integer": _integer_message,
                  "number": lambda cell: f"'{cell}' is not a number; {_number_hint(cell)}", "date": _date_message}
