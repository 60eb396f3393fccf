"""Cell checks: parse each cell by its field's type and check the field's constraints.

The same rules as frictionless (the reference), written column by column so that they run fast
and can name a fix: e.g. '2,100' and '٢١٠٠' are refused with how to write them instead.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re

from .problems import Problem, clip
from .readcsv import Table
from .schema import Schema

_INTEGER = re.compile(r"[+-]?[0-9]+")
_NUMBER = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_NULL_WORDS = {"na", "n/a", "null", "none", "nan", "nil", "-", "—"}


def typed_columns(table: Table, schema: Schema) -> tuple[dict[str, list], list[Problem]]:
    """Every column parsed to Python values (None for an empty cell), and every cell problem."""
    problems: list[Problem] = []
    typed: dict[str, list] = {}
    for field in schema.fields:
        name = field["name"]
        if name not in table.columns:
            continue  # computed by the build
        values, found = _check_column(table, field)
        typed[name] = values
        problems += found
    return typed, problems


def _check_column(table: Table, field: dict) -> tuple[list, list[Problem]]:
    name, kind = field["name"], field.get("type", "string")
    constraints = field.get("constraints", {})
    pattern = re.compile(constraints["pattern"]) if "pattern" in constraints else None
    enum = constraints.get("enum")
    parse = _PARSERS[kind]
    values, problems = [], []
    for row, cell in zip(table.row_numbers, table.columns[name]):
        def problem(code, message, cell=cell, row=row):
            problems.append(Problem(table.file, row, name, code, clip(cell), message))

        if cell == "":
            values.append(None)
            if constraints.get("required"):
                problem("required", f"'{name}' is required: fill it in")
            continue
        if cell != cell.strip() and (pattern or enum or kind != "string"):
            values.append(None)
            problem("whitespace", f"'{cell}' has spaces around it (a no-break space?): remove them")
            continue
        value, error = parse(cell)
        values.append(value)
        if error:
            problem(f"type-error", error)
            continue
        if pattern and not pattern.fullmatch(cell):
            hint = " (leave the cell empty for 'no value')" if cell.strip().lower() in _NULL_WORDS else ""
            problem("pattern", f"'{cell}' does not match the pattern {constraints['pattern']}{hint}")
        if enum is not None and cell not in enum:
            near = difflib.get_close_matches(cell, enum, n=1, cutoff=0.5)
            fix = f"did you mean '{near[0]}'?" if near else f"allowed: {', '.join(enum)}"
            problem("enum", f"'{cell}' is not an allowed value; {fix}")
        if "minimum" in constraints and value < constraints["minimum"]:
            problem("minimum", f"{cell} is below the minimum {constraints['minimum']}")
        if "maximum" in constraints and value > constraints["maximum"]:
            problem("maximum", f"{cell} is above the maximum {constraints['maximum']}")
    return values, problems


def _parse_string(cell: str):
    return cell, None


def _parse_integer(cell: str):
    if _INTEGER.fullmatch(cell):
        return int(cell), None
    return None, f"'{cell}' is not a whole number; {_number_hint(cell)}"


def _parse_number(cell: str):
    if _NUMBER.fullmatch(cell):
        return float(cell), None
    return None, f"'{cell}' is not a number; {_number_hint(cell)}"


def _number_hint(cell: str) -> str:
    digits = "".join(str(int(c)) if c.isdigit() else c for c in cell)
    if any(c.isdigit() and not c.isascii() for c in cell):
        return f"write it with ASCII digits: {digits}"
    if "," in cell or "٬" in cell:
        return f"write it without thousands separators: {digits.replace(',', '').replace('٬', '')}"
    return "write it with digits 0-9 and '.' for decimals (e.g. 2100 or 2.5)"


def _parse_date(cell: str):
    if not _DATE.fullmatch(cell):
        return None, f"'{cell}' is not a date; write it as YYYY-MM-DD"
    try:
        return dt.date.fromisoformat(cell), None
    except ValueError:
        return None, f"'{cell}' is not a real calendar date"


_PARSERS = {"string": _parse_string, "integer": _parse_integer, "number": _parse_number, "date": _parse_date}
