"""Facts about the checked data that the README, the metadata and the page share.

Everything is derived from the tables alone (never the clock), in the tables' published row order.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pyarrow as pa
import pyarrow.compute as pc

from . import tables


# Beyond these sizes a one-file page or a one-row-per-event chart is too large to open; the readers'
# files then say so and point to the data files instead (the README's counts are computed either way).
PAGE_ROW_LIMIT = 20_000  # rows in all tables together
TIMELINE_EVENT_LIMIT = 1_000


def rows(checked, resource: str, indices: list[int] | None = None) -> list[dict]:
    """The resource's rows as dicts, in published (primary-key) order; only the given positions of
    that order when indices are given (a large table is never turned into dicts whole)."""
    schema, columns = checked.schemas[resource], checked.columns[resource]
    names = [n for n in schema.field_names if n in columns]
    order = tables.sort_order(schema, columns)
    size = len(columns[names[0]]) if names else 0
    positions = pa.array(range(size) if indices is None else indices, pa.int64())
    taken = positions if order is None else order.take(positions)
    picked = {n: columns[n].take(taken).to_pylist() for n in names}
    return [{n: picked[n][i] for n in names} for i in range(len(taken))]


def row_count(checked, resource: str) -> int:
    return len(checked.tables[resource])


def fits_one_page(checked) -> bool:
    return sum(row_count(checked, r) for r in checked.tables) <= PAGE_ROW_LIMIT


def actor_name(checked, actor_id: str | None) -> str | None:
    """An actor's English name, looked up by ID (None where there is no such actor)."""
    columns = checked.columns["actors"]
    at = pc.index(columns["actor_id"], actor_id).as_py() if actor_id else -1
    return columns["name_en"][at].as_py() if at >= 0 else None


def source_title(source: dict) -> str:
    """The headline where the sources table has one, else the seed file name: never a made-up title."""
    return source.get("headline") or source["seed_path"]


def event_bounds(event: dict) -> tuple[dt.date, dt.date] | None:
    """First and last day an event may fall on; a deadline ('by') with no start is the one day."""
    start, end = event.get("date_start"), event.get("date_end")
    if start is None and end is None:
        return None
    return (start or end), (end or start)


def date_span(checked, statuses: tuple[str, ...] | None = None) -> tuple[int, dt.date | None, dt.date | None]:
    """How many events (of the given statuses) have a date, the first day and the last day they span;
    event_bounds over the columns."""
    events = checked.columns["events"]
    first = pc.coalesce(events["date_start"], events["date_end"])
    last = pc.coalesce(events["date_end"], events["date_start"])
    if statuses is not None:
        keep = pc.fill_null(pc.is_in(_plain(events["status"]), pa.array(statuses)), False)
        first, last = first.filter(keep), last.filter(keep)
    dated = len(first) - first.null_count
    return dated, pc.min(first).as_py(), pc.max(last).as_py()


def temporal_coverage(checked) -> tuple[dt.date, dt.date] | None:
    dated, first, last = date_span(checked)
    return (first, last) if dated else None


def inferred_dates(checked, limit: int | None = None) -> tuple[int, list[dict]]:
    """How many events have inferred dates, and (up to limit of) those events in published order."""
    events = checked.columns["events"]
    order = tables.sort_order(checked.schemas["events"], events)
    basis = _plain(events["date_basis"] if order is None else events["date_basis"].take(order))
    positions = pc.indices_nonzero(pc.fill_null(pc.equal(basis, "inferred"), False)).to_pylist()
    return len(positions), rows(checked, "events", positions[:limit])


def citations_per_source(checked) -> Counter:
    return value_counts(checked, "citations", "source_id")


def value_counts(checked, resource: str, field: str) -> Counter:
    values = checked.columns[resource].get(field)
    if values is None:
        return Counter()
    counted = pc.value_counts(_plain(values).drop_null())
    return Counter(dict(zip(counted.field("values").to_pylist(), counted.field("counts").to_pylist())))


def _plain(values: pa.Array) -> pa.Array:
    """A dictionary-encoded column as the text it stands for."""
    return values.cast(values.type.value_type) if pa.types.is_dictionary(values.type) else values


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
