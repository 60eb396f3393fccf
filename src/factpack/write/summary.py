"""What the package's files share, computed once from the checked tables and handed to every writer:
each table in published (primary-key) order, counts, titles, date spans, value counts.

Everything is derived from the tables and the model alone (never the clock). A large table is never
turned into Python rows whole: rows are taken where a writer lists them.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from ..check.project import Checked
from ..check.provenance import Seed
from ..model import Model, Table
from . import tables as out

# Beyond these sizes a one-file page or a one-row-per-record chart is too large to open; the readers'
# files then say so and point to the data files instead (the README's counts are computed either way).
PAGE_ROW_LIMIT = 20_000  # rows in all tables together
TIMELINE_LIMIT = 1_000  # dated records


@dataclass
class View:
    """One table as published: its rows in output order, typed."""
    table: Table
    arrow: pa.Table

    def __len__(self) -> int:
        return self.arrow.num_rows

    def column(self, name: str) -> pa.Array:
        values = self.arrow.column(name).combine_chunks()
        return values.cast(values.type.value_type) if pa.types.is_dictionary(values.type) else values

    def rows(self, indices: list[int] | None = None) -> list[dict[str, Any]]:
        taken = self.arrow if indices is None else self.arrow.take(pa.array(indices, pa.int64()))
        return taken.to_pylist()

    def where(self, mask: pa.Array) -> list[int]:
        return pc.indices_nonzero(pc.fill_null(mask, False)).to_pylist()

    def value_counts(self, name: str) -> Counter:
        counted = pc.value_counts(self.column(name).drop_null())
        return Counter(dict(zip(counted.field("values").to_pylist(), counted.field("counts").to_pylist())))


@dataclass
class Summary:
    model: Model
    views: dict[str, View]  # every table, in resource order
    seeds: list[Seed]  # in the sources' order
    meta: dict  # the package metadata as published (created, homepage, id included)
    changelog: bytes

    @property
    def name(self) -> str:
        return str(self.meta["name"])

    @property
    def version(self) -> str:
        return str(self.meta["version"])

    def count(self, table: str) -> int:
        return len(self.views[table])

    @cached_property
    def fits_one_page(self) -> bool:
        return sum(len(v) for v in self.views.values()) <= PAGE_ROW_LIMIT

    @cached_property
    def titles(self) -> dict[str, str]:
        """Each record's title by ID (tables with a declared title), for references shown to people."""
        found: dict[str, str] = {}
        for t in self.model.tables.values():
            if t.id_field and t.title and len(self.views[t.name]) <= PAGE_ROW_LIMIT:
                ids, titles = self.views[t.name].column(t.id_field), self.views[t.name].column(t.title)
                found.update((i, x) for i, x in zip(ids.to_pylist(), titles.to_pylist()) if i and x)
        return found

    def title_of(self, record_id: str | None) -> str | None:
        if record_id is None:
            return None
        title = self.titles.get(record_id)
        if title is None:
            table = self.model.table_of_id(record_id)
            if table is not None and table.title and len(self.views[table.name]) > PAGE_ROW_LIMIT:
                view = self.views[table.name]
                at = pc.index(view.column(table.id_field or ""), record_id).as_py()
                title = view.column(table.title)[at].as_py() if at >= 0 else None
        return title

    # Time
    def bounds(self, table: Table) -> tuple[pa.Array, pa.Array]:
        """Each record's first and last possible day: a record with one bound has it as both."""
        start, end = (self.views[table.name].column(f) for f in table.dates or ())
        return pc.coalesce(start, end), pc.coalesce(end, start)

    def date_span(self, table: Table, statuses: list[str] | None = None) -> tuple[int, dt.date | None, dt.date | None]:
        """How many records (of the given statuses) have a date, the first day and the last day they span."""
        first, last = self.bounds(table)
        if statuses is not None and table.status:
            keep = pc.fill_null(pc.is_in(self.views[table.name].column(table.status), pa.array(statuses)), False)
            first, last = first.filter(keep), last.filter(keep)
        dated = len(first) - first.null_count
        return dated, pc.min(first).as_py(), pc.max(last).as_py()

    @cached_property
    def coverage(self) -> tuple[dt.date, dt.date] | None:
        table = self.model.dated
        if table is None:
            return None
        dated, first, last = self.date_span(table)
        return (first, last) if dated and first and last else None

    def inferred(self, table: Table, limit: int | None = None) -> tuple[dict, int, list[dict]]:
        """The basis rule of the table's dates, how many records have dates inferred, and (up to limit of)
        those records."""
        rule = next((r for r in table.basis if table.dates and set(r["values"]) & set(table.dates)), None)
        if rule is None:
            return {}, 0, []
        view = self.views[table.name]
        positions = view.where(pc.equal(view.column(rule["basis"]), "inferred"))
        return rule, len(positions), view.rows(positions[:limit])

    # Sources
    def citations_per_source(self) -> Counter:
        citations, field = self.model.citations, self.model.source_field
        if citations is None or field is None:
            return Counter()
        return self.views[citations.name].value_counts(field)

    def source_rows(self) -> list[dict]:
        return self.views[self.model.sources.name].rows() if self.model.sources else []

    def source_title(self, row: dict) -> str:
        """The title where the sources table has one, else the seed file name: never a made-up title."""
        sources = self.model.sources
        title = row.get(sources.title) if sources and sources.title else None
        return title or row[sources.role_field("seed")]  # type: ignore[union-attr]


def date_text(start: dt.date | None, end: dt.date | None) -> str:
    """A record's date as people read it, from its bounds alone: a day, a month, a year, a range, a
    deadline ("by 2026-09-30") or a start ("from 2024-07-01"). The page shows the same text."""
    if start is None and end is None:
        return ""
    if start is None:
        return f"by {end.isoformat()}"  # type: ignore[union-attr]
    if end is None:
        return f"from {start.isoformat()}"
    if start == end:
        return start.isoformat()
    if start.day == 1 and (end + dt.timedelta(days=1)).day == 1:
        if (start.year, start.month) == (end.year, end.month):
            return start.isoformat()[:7]
        if (start.month, end.month, start.year) == (1, 12, end.year):
            return str(start.year)
    return f"{start.isoformat()} to {end.isoformat()}"


def summarize(checked: Checked, meta: dict, changelog: bytes) -> Summary:
    """Each table sorted once, in output order; the seeds in the sources' order."""
    model = checked.model
    views = {name: View(table, out.to_arrow(table, checked.columns[name],
                                            out.sort_order(table, checked.columns[name])))
             for name, table in model.tables.items()}
    seeds = []
    if model.sources and model.sources.id_field:
        for source_id in views[model.sources.name].column(model.sources.id_field).to_pylist():
            if source_id in checked.seeds:
                seeds.append(checked.seeds[source_id])
    return Summary(model, views, seeds, meta, changelog)
