"""Rules across fields and tables that a Table Schema cannot express."""

from __future__ import annotations

from .problems import Problem, clip
from .readcsv import Table

# (value field(s), basis field, note field): a value is stated, inferred with a note, or unknown and empty.
BASIS_RULES = {
    "sources": [(("outlet_id",), "outlet_basis", "outlet_note"),
                (("headline",), "headline_basis", "headline_note"),
                (("published_date",), "published_basis", "published_note")],
    "events": [(("date_start", "date_end"), "date_basis", "date_note")],
}

SUBJECTS = ("event_id", "actor_id", "figure_id")
CITED = {"events": "event_id", "actors": "actor_id", "figures": "figure_id"}


def check_rules(tables: dict[str, Table], typed: dict[str, dict[str, list]],
                bad_rows: dict[str, set[int]]) -> list[Problem]:
    """Rows with a cell problem are left out of the row rules, so that one typo is reported once."""
    problems = []

    def rows(resource):
        skip = bad_rows.get(resource, set())
        columns = typed[resource]
        for i, row in enumerate(tables[resource].row_numbers):
            if row not in skip:
                yield row, {name: values[i] for name, values in columns.items()}

    for resource, rules in BASIS_RULES.items():
        if resource in typed:
            problems += _check_basis(tables[resource], rows(resource), rules)
    if "events" in typed:
        problems += _check_event_dates(tables["events"], rows("events"))
    if "figures" in typed:
        problems += _check_figure_values(tables["figures"], rows("figures"))
    if "citations" in typed:
        problems += _check_subjects(tables["citations"], rows("citations"))
        problems += _check_cited(tables, typed)
    return problems


def _check_basis(table, rows, rules) -> list[Problem]:
    problems = []
    for row, r in rows:
        for fields, basis, note in rules:
            has_value = any(r[f] is not None for f in fields)
            if r[basis] == "unknown" and has_value:
                problems.append(Problem(table.file, row, basis, "basis-unknown-with-value", r[basis],
                                        f"{basis} is 'unknown' but {'/'.join(fields)} has a value: "
                                        "say how it is known (stated or inferred) or empty it"))
            if r[basis] in ("stated", "inferred") and not has_value:
                problems.append(Problem(table.file, row, basis, "basis-without-value", r[basis],
                                        f"{basis} is '{r[basis]}' but {'/'.join(fields)} is empty: "
                                        "fill it in or set the basis to 'unknown'"))
            if r[basis] == "inferred" and not r[note]:
                problems.append(Problem(table.file, row, note, "inferred-without-note", None,
                                        f"{basis} is 'inferred': {note} must say what it was inferred from"))
    return problems


def _check_event_dates(table, rows) -> list[Problem]:
    problems = []
    for row, r in rows:
        start, end, precision = r["date_start"], r["date_end"], r["date_precision"]

        def problem(field, value, message):
            problems.append(Problem(table.file, row, field, "date-rule", clip(str(value)), message))

        if start and end and end < start:
            problem("date_end", end, f"date_end {end} is before date_start {start}")
        if precision == "day" and (start is None or start != end):
            problem("date_precision", precision, "precision 'day' needs date_start and date_end on the same day")
        if precision in ("days", "month", "year", "approximate") and (start is None or end is None):
            problem("date_precision", precision, f"precision '{precision}' needs both date_start and date_end")
        if precision == "by" and end is None:
            problem("date_end", None, "precision 'by' (a deadline) needs date_end")
        if precision == "unknown" and (start or end):
            problem("date_precision", precision, "precision 'unknown' but a date is given: choose the precision the text supports")
    return problems


def _check_figure_values(table, rows) -> list[Problem]:
    problems = []
    for row, r in rows:
        q, value, low, high = r["qualifier"], r["value"], r["value_low"], r["value_high"]

        def problem(field, v, message):
            problems.append(Problem(table.file, row, field, "figure-rule", clip(None if v is None else str(v)), message))

        if q in ("range", "vague") and value is not None:
            problem("value", value, f"qualifier '{q}' takes no single value: use value_low/value_high")
        if q not in ("range", "vague", None) and value is None:
            problem("value", None, f"qualifier '{q}' needs a value")
        if q == "range" and (low is None or high is None):
            problem("value_low", low, "a range needs value_low and value_high")
        if low is not None and high is not None and high < low:
            problem("value_high", high, f"value_high {high} is below value_low {low}")
    return problems


def _check_subjects(table, rows) -> list[Problem]:
    problems = []
    for row, r in rows:
        given = [f for f in SUBJECTS if r[f] is not None]
        if len(given) != 1:
            shown = ", ".join(f"{f}={r[f]}" for f in given) or None
            problems.append(Problem(table.file, row, given[1] if len(given) > 1 else "event_id",
                                    "citation-subject", shown,
                                    "a citation supports exactly one of event_id, actor_id, figure_id "
                                    f"(found {len(given)}): split it into one citation per subject"))
    return problems


def _check_cited(tables, typed) -> list[Problem]:
    problems = []
    for resource, key in CITED.items():
        if resource not in typed:
            continue
        cited = {v for v in typed["citations"][key] if v is not None}
        table = tables[resource]
        for row, value in zip(table.row_numbers, typed[resource][key]):
            if value is not None and value not in cited:
                problems.append(Problem(table.file, row, key, "uncited", value,
                                        f"{value} has no citation: add a row to curated/citations.csv "
                                        "quoting the words that support it"))
    return problems
