"""Rules between the fields of a row, which a Table Schema cannot express, as each schema declares them in
its "factpack" object (docs/model.md): order, when (require, forbid, equal), basis, edtf, differ, symmetric.

Each rule is a condition over whole columns; the rows where it is broken are then reported one by one,
with the rule's own message where it gives one ({field} stands for the row's value of that field).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from ..arrays import cells, where
from ..model import Model, Table
from ..problems import Problem, clip
from ..read.csvfile import TextTable
from . import edtf

_PLACEHOLDER = re.compile(r"\{([^{}\s]+)\}")


class _Rows:
    """One table's typed columns, the rows to check (those without a cell problem), and the problems found."""

    def __init__(self, text: TextTable, columns: dict[str, pa.Array], skip: set[int]):
        self.text, self.columns = text, columns
        self.found: list[tuple[int, int, Problem]] = []
        self.skip = pc.is_in(pa.array(text.row_numbers, pa.int64()),
                             value_set=pa.array(sorted(skip), pa.int64())) if skip else None

    def __getitem__(self, name: str) -> pa.Array:
        return self.columns[name]

    def report(self, mask: pa.Array, order: int, code: str, field: str, message: str | Callable[[dict], str],
               fields: tuple[str, ...] = ()) -> None:
        """Report each kept row where mask holds, naming field and its value; message may use the row's
        values of fields ({name} placeholders, or a function of them)."""
        indices = where(mask if self.skip is None else pc.and_(pc.invert(self.skip), mask))
        names = tuple(dict.fromkeys((field, *fields)))
        values = {name: cells(self.columns[name], indices) for name in names}
        for k, i in enumerate(indices):
            row = {name: values[name][k] for name in names}
            text = message(row) if callable(message) else fill(message, row)
            self.found.append((i, order, Problem(self.text.file, self.text.row_numbers[i], field, code,
                                                 _shown(row[field]), text)))

    def problems(self) -> list[Problem]:
        return [p for _, _, p in sorted(self.found, key=lambda f: f[:2])]


def fill(message: str, row: dict[str, Any]) -> str:
    """The message with {name} replaced by the row's value of that field (nothing else is interpreted)."""
    return _PLACEHOLDER.sub(lambda m: _text(row.get(m.group(1))) if m.group(1) in row else m.group(0), message)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _shown(value: Any) -> str | None:
    return None if value is None else clip(_text(value))


def check_rules(model: Model, texts: dict[str, TextTable], typed: dict[str, dict[str, pa.Array]],
                bad_rows: dict[str, set[int]]) -> list[Problem]:
    """Rows with a cell problem are left out of the row rules, so that one typo is reported once."""
    problems = []
    for table in model.tables.values():
        if table.name in typed and table.rules:
            rows = _Rows(texts[table.name], typed[table.name], bad_rows.get(table.name, set()))
            for n, rule in enumerate(table.rules):
                _check(table, rule, rows, 10 * n)
            problems += rows.problems()
    return problems


def _any(masks: list[pa.Array]) -> pa.Array:
    return functools.reduce(pc.or_, masks)


def _names(fields: list[str]) -> str:
    return " and ".join(fields) if len(fields) < 3 else ", ".join(fields[:-1]) + " and " + fields[-1]


def _condition(rule: dict, rows: _Rows) -> tuple[pa.Array, str]:
    """A rule's "when" as a mask, and as words."""
    when = rule["when"]
    values = rows[when["field"]]
    if "in" in when:
        listed = pa.array(when["in"], pa.string())
        return pc.fill_null(pc.is_in(values, value_set=listed), False), \
            f"{when['field']} is {' or '.join(repr(v) for v in when['in'])}"
    if "not_in" in when:
        listed = pa.array(when["not_in"], pa.string())
        return pc.and_(pc.is_valid(values), pc.invert(pc.fill_null(pc.is_in(values, value_set=listed), False))), \
            f"{when['field']} is '{{{when['field']}}}'"
    if when["empty"]:
        return pc.is_null(values), f"{when['field']} is empty"
    return pc.is_valid(values), f"{when['field']} is given"


def _check(table: Table, rule: dict, rows: _Rows, order: int) -> None:
    message = rule.get("message")
    if "order" in rule:
        low, high = rule["order"]
        word = "before" if table.type_of(low) == "date" else "below"
        rows.report(pc.fill_null(pc.less(rows[high], rows[low]), False), order, "rule-order", rule.get("field", high),
                    message or f"{high} {{{high}}} is {word} {low} {{{low}}}", (low, high))
    elif "symmetric" in rule:  # before "when": its condition says which links are symmetric
        _check_symmetric(rule, rows, order)
    elif "when" in rule:
        condition, words = _condition(rule, rows)
        field = rule.get("field", rule["when"]["field"])
        shown = (field, rule["when"]["field"])
        for key, code in (("require", "rule-require"), ("forbid", "rule-forbid")):
            if key in rule:
                fields = rule[key]
                present = [pc.is_valid(rows[f]) for f in fields]
                broken = _any([pc.invert(p) for p in present] if key == "require" else present)
                default = f"when {words}, {_names(fields)} " + ("must have a value" if key == "require" else
                                                                 "must be empty")
                rows.report(pc.and_(condition, broken), order + (key == "forbid"), code, field, message or default,
                            shown + tuple(fields))
        if "equal" in rule:
            a, b = rule["equal"]
            differ = pc.or_(pc.or_(pc.is_null(rows[a]), pc.is_null(rows[b])),
                            pc.fill_null(pc.not_equal(rows[a], rows[b]), True))
            rows.report(pc.and_(condition, differ), order + 2, "rule-equal", field,
                        message or f"when {words}, {a} and {b} must both be given and equal", (*shown, a, b))
    elif "basis" in rule:
        _check_basis(rule, rows, order)
    elif "edtf" in rule:
        _check_edtf(rule, rows, order)
    elif "differ" in rule:
        a, b = rule["differ"]
        rows.report(pc.fill_null(pc.equal(rows[a], rows[b]), False), order, "rule-differ", rule.get("field", b),
                    message or f"{b} is {a}: a record cannot be linked to itself", (a, b))


def _check_basis(rule: dict, rows: _Rows, order: int) -> None:
    """A value is stated, inferred with a note saying from what, or unknown and empty."""
    fields, basis, note = rule["values"], rule["basis"], rule["note"]
    has_value = _any([pc.is_valid(rows[f]) for f in fields])
    values = "/".join(fields)
    rows.report(pc.fill_null(pc.and_(pc.equal(rows[basis], "unknown"), has_value), False), order,
                "basis-unknown-with-value", basis,
                f"{basis} is 'unknown' but {values} has a value: say how it is known (stated or inferred) or empty it")
    rows.report(pc.fill_null(pc.and_(pc.is_in(rows[basis], value_set=pa.array(["stated", "inferred"])),
                                     pc.invert(has_value)), False), order + 1, "basis-without-value", basis,
                f"{basis} is '{{{basis}}}' but {values} is empty: fill it in or set the basis to 'unknown'")
    rows.report(pc.fill_null(pc.and_(pc.equal(rows[basis], "inferred"), pc.is_null(rows[note])), False), order + 2,
                "inferred-without-note", note, f"{basis} is 'inferred': {note} must say what it was inferred from")


def _check_symmetric(rule: dict, rows: _Rows, order: int) -> None:
    """A link that holds both ways (same_as) is stored once: of (a, b) and (b, a), the later row is reported."""
    a, b = rule["symmetric"]
    condition = _condition(rule, rows)[0] if "when" in rule else pc.is_valid(rows[a])
    forward = pc.binary_join_element_wise(rows[a], rows[b], "\x00")
    backward = pc.binary_join_element_wise(rows[b], rows[a], "\x00")
    stored = pc.filter(forward, condition)
    twice = pc.and_(condition, pc.fill_null(pc.is_in(backward, value_set=stored), False))
    seen: set[tuple] = set()
    mask = []
    for hit, x, y in zip(twice.to_pylist(), rows[a].to_pylist(), rows[b].to_pylist()):
        mask.append(bool(hit) and (y, x) in seen)
        if hit:
            seen.add((x, y))
    field = rule.get("field", b)
    rows.report(pa.array(mask, pa.bool_()), order, "rule-symmetric", field,
                rule.get("message") or f"the link {{{a}}} – {{{b}}} holds both ways and is stored already the other "
                                       "way round: keep one row", (a, b))


def _check_edtf(rule: dict, rows: _Rows, order: int) -> None:
    """A Library of Congress EDTF date, and the bounds that must agree with it (check/edtf.py)."""
    name, (low, high) = rule["edtf"], rule["bounds"]
    values = rows[name]
    distinct = pc.unique(pc.drop_null(values)).to_pylist()
    found = {v: edtf.bounds(v) for v in distinct}
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
        first, last = edtf.bounds(r[name]) or (None, None)
        shown = [d.isoformat() if d else "empty (open or unknown)" for d in (first, last)]
        return f"{name} '{r[name]}' runs from {shown[0]} to {shown[1]}: {low} must be {shown[0]} and {high} {shown[1]}"

    rows.report(mask, order + 1, "edtf-bounds", name, message, (low, high))
