"""Rules across fields and tables that a Table Schema cannot express.

Each rule is a condition over whole columns; the rows where it holds are then reported one by one.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from ..arrays import cells, where
from ..problems import Problem, clip
from ..read.csvfile import Table

# (value field(s), basis field, note field): a value is stated, inferred with a note, or unknown and empty.
BASIS_RULES = {
    "sources": [(("outlet_id",), "outlet_basis", "outlet_note"),
                (("headline",), "headline_basis", "headline_note"),
                (("published_date",), "published_basis", "published_note")],
    "events": [(("date_start", "date_end"), "date_basis", "date_note")],
}

SUBJECTS = ("event_id", "actor_id", "figure_id")
CITED = {"events": "event_id", "actors": "actor_id", "figures": "figure_id"}


class _Rows:
    """One table's typed columns, the rows to check (those without a cell problem), and the problems found."""

    def __init__(self, table: Table, columns: dict[str, pa.Array], skip: set[int]):
        self.table, self.columns, self.found = table, columns, []
        self.skip = pc.is_in(table.row_array, value_set=pa.array(sorted(skip), pa.int64())) if skip else None

    def __getitem__(self, name: str):
        return self.columns[name]

    def report(self, mask, order: int, code: str, field, value, message, fields=()) -> None:
        """Report each kept row where mask holds; field, value and message may be functions of the
        row's values of fields."""
        indices = where(mask if self.skip is None else pc.and_(pc.invert(self.skip), mask))
        values = {name: cells(self.columns[name], indices) for name in fields}
        for k, i in enumerate(indices):
            r = {name: values[name][k] for name in fields}
            self.found.append((i, order, Problem(self.table.file, self.table.row_numbers[i], _call(field, r), code,
                                                 _call(value, r), _call(message, r))))

    def problems(self) -> list[Problem]:
        return [p for _, _, p in sorted(self.found, key=lambda f: f[:2])]


def _call(f, r):
    return f(r) if callable(f) else f


def check_rules(tables: dict[str, Table], typed: dict[str, dict[str, pa.Array]],
                bad_rows: dict[str, set[int]]) -> list[Problem]:
    """Rows with a cell problem are left out of the row rules, so that one typo is reported once."""
    problems = []

    def rows(resource):
        return _Rows(tables[resource], typed[resource], bad_rows.get(resource, set()))

    for resource, rules in BASIS_RULES.items():
        if resource in typed:
            problems += _check_basis(rows(resource), rules)
    if "events" in typed:
        problems += _check_event_dates(rows("events"))
    if "figures" in typed:
        problems += _check_figure_values(rows("figures"))
    if "citations" in typed:
        problems += _check_subjects(rows("citations"))
        problems += _check_cited(tables, typed)
    return problems


def _shown(value) -> str | None:
    return None if value is None else clip(str(value))


def _check_basis(rows: _Rows, rules) -> list[Problem]:
    for n, (fields, basis, note) in enumerate(rules):
        has_value = pc.or_(*(pc.is_valid(rows[f]) for f in fields)) if len(fields) > 1 else pc.is_valid(rows[fields[0]])
        values = "/".join(fields)
        rows.report(pc.and_(pc.equal(rows[basis], "unknown"), has_value), 3 * n, "basis-unknown-with-value", basis,
                    lambda r: r[basis], f"{basis} is 'unknown' but {values} has a value: "
                    "say how it is known (stated or inferred) or empty it", [basis])
        rows.report(pc.and_(pc.is_in(rows[basis], value_set=pa.array(["stated", "inferred"])), pc.invert(has_value)),
                    3 * n + 1, "basis-without-value", basis, lambda r: r[basis],
                    lambda r: f"{basis} is '{r[basis]}' but {values} is empty: fill it in or set the basis to 'unknown'",
                    [basis])
        rows.report(pc.and_(pc.equal(rows[basis], "inferred"), pc.is_null(rows[note])), 3 * n + 2,
                    "inferred-without-note", note, None,
                    f"{basis} is 'inferred': {note} must say what it was inferred from")
    return rows.problems()


def _check_event_dates(rows: _Rows) -> list[Problem]:
    start, end, precision = rows["date_start"], rows["date_end"], rows["date_precision"]
    fields = ("date_start", "date_end", "date_precision")

    def report(order, mask, field, message):
        rows.report(mask, order, "date-rule", field, lambda r: clip(str(r[field])), message, fields)

    def precision_is(*values):
        return pc.is_in(precision, value_set=pa.array(values))

    missing = pc.or_(pc.is_null(start), pc.is_null(end))
    report(0, pc.less(end, start), "date_end", lambda r: f"date_end {r['date_end']} is before date_start {r['date_start']}")
    report(1, pc.and_(precision_is("day"), pc.or_(missing, pc.fill_null(pc.not_equal(start, end), True))),
           "date_precision", "precision 'day' needs date_start and date_end on the same day")
    report(2, pc.and_(precision_is("days", "month", "year", "approximate"), missing), "date_precision",
           lambda r: f"precision '{r['date_precision']}' needs both date_start and date_end")
    report(3, pc.and_(precision_is("by"), pc.is_null(end)), "date_end", "precision 'by' (a deadline) needs date_end")
    report(4, pc.and_(precision_is("unknown"), pc.invert(pc.and_(pc.is_null(start), pc.is_null(end)))),
           "date_precision", "precision 'unknown' but a date is given: choose the precision the text supports")
    return rows.problems()


def _check_figure_values(rows: _Rows) -> list[Problem]:
    q, value, low, high = rows["qualifier"], rows["value"], rows["value_low"], rows["value_high"]
    fields = ("qualifier", "value", "value_low", "value_high")

    def report(order, mask, field, message):
        rows.report(mask, order, "figure-rule", field, lambda r: _shown(r[field]), message, fields)

    vague = pc.is_in(q, value_set=pa.array(["range", "vague"]))
    report(0, pc.and_(vague, pc.is_valid(value)), "value",
           lambda r: f"qualifier '{r['qualifier']}' takes no single value: use value_low/value_high")
    report(1, pc.and_(pc.and_(pc.is_valid(q), pc.invert(vague)), pc.is_null(value)), "value",
           lambda r: f"qualifier '{r['qualifier']}' needs a value")
    report(2, pc.and_(pc.equal(q, "range"), pc.or_(pc.is_null(low), pc.is_null(high))), "value_low",
           "a range needs value_low and value_high")
    report(3, pc.less(high, low), "value_high",
           lambda r: f"value_high {r['value_high']} is below value_low {r['value_low']}")
    return rows.problems()


def _check_subjects(rows: _Rows) -> list[Problem]:
    given = pa.scalar(0, pa.int8())
    for f in SUBJECTS:
        given = pc.add(given, pc.cast(pc.is_valid(rows[f]), pa.int8()))

    def named(r):
        return [f for f in SUBJECTS if r[f] is not None]

    rows.report(pc.not_equal(given, 1), 0, "citation-subject",
                lambda r: named(r)[1] if len(named(r)) > 1 else "event_id",
                lambda r: ", ".join(f"{f}={r[f]}" for f in named(r)) or None,
                lambda r: "a citation supports exactly one of event_id, actor_id, figure_id "
                          f"(found {len(named(r))}): split it into one citation per subject", SUBJECTS)
    return rows.problems()


def _check_cited(tables, typed) -> list[Problem]:
    problems = []
    for resource, key in CITED.items():
        if resource not in typed:
            continue
        cited = pc.drop_null(typed["citations"][key])
        values = typed[resource][key]
        indices = where(pc.and_(pc.is_valid(values), pc.invert(pc.is_in(values, value_set=cited))))
        table = tables[resource]
        for i, value in zip(indices, cells(values, indices)):
            problems.append(Problem(table.file, table.row_numbers[i], key, "uncited", value,
                                    f"{value} has no citation: add a row to curated/citations.csv "
                                    "quoting the words that support it"))
    return problems
