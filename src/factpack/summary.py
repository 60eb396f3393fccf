"""Facts about the checked data that the README, the metadata and the page share.

Everything is derived from the tables alone (never the clock), in the tables' published row order.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from . import tables


def rows(checked, resource: str) -> list[dict]:
    """The resource's rows as dicts, in published (primary-key) order."""
    schema, typed = checked.schemas[resource], checked.typed[resource]
    names = [n for n in schema.field_names if n in typed]
    order = tables.sort_order(schema, checked.columns[resource])
    indices = range(len(typed[names[0]]) if names else 0) if order is None else order.to_pylist()
    return [{n: typed[n][i] for n in names} for i in indices]


def source_title(source: dict) -> str:
    """The headline where the sources table has one, else the seed file name: never a made-up title."""
    return source.get("headline") or source["seed_path"]


def event_bounds(event: dict) -> tuple[dt.date, dt.date] | None:
    """First and last day an event may fall on; a deadline ('by') with no start is the one day."""
    start, end = event.get("date_start"), event.get("date_end")
    if start is None and end is None:
        return None
    return (start or end), (end or start)


def temporal_coverage(checked) -> tuple[dt.date, dt.date] | None:
    bounds = [b for b in map(event_bounds, rows(checked, "events")) if b]
    if not bounds:
        return None
    return min(b[0] for b in bounds), max(b[1] for b in bounds)


def inferred_dates(checked) -> list[dict]:
    return [e for e in rows(checked, "events") if e.get("date_basis") == "inferred"]


def citations_per_source(checked) -> Counter:
    return Counter(checked.typed["citations"]["source_id"])


def value_counts(checked, resource: str, field: str) -> Counter:
    return Counter(v for v in checked.typed[resource].get(field, []) if v is not None)


def figure_text(figure: dict) -> str:
    """A figure as a reader would say it: 'more than 2,100', 'between 10 and 20', 'hundreds (at least 200)'."""
    value, low, high = (_number(figure.get(k)) for k in ("value", "value_low", "value_high"))
    q = figure.get("qualifier")
    if q == "range":
        return f"between {low} and {high}"
    if q == "vague":
        bounds = [f"at least {low}" if low else "", f"at most {high}" if high else ""]
        shown = ", ".join(b for b in bounds if b)
        return f"an unspecified number ({shown})" if shown else "an unspecified number"
    words = {"exact": "", "approximate": "about ", "more_than": "more than ", "less_than": "less than ",
             "at_least": "at least ", "at_most": "at most "}
    return f"{words.get(q, '')}{value}"


def _number(value) -> str:
    if value is None:
        return ""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,}"
