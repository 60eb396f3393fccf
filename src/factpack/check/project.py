"""Every check of a project: read the model and every curated table, check the cells, keys and rules,
and resolve provenance. `check_project` is pure: it reads the project and returns what it found; the
writing step is write/package.py's.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property

import pyarrow as pa

from ..model import Model, Table
from ..paths import Project
from ..problems import FactpackError, Problem, Report
from ..read.csvfile import TextTable, read_table
from . import cells, citations, keys, provenance, rules, safety, tombstones
from .schemas import load_model


@dataclass
class Checked:
    project: Project
    model: Model
    tables: dict[str, TextTable] = field(default_factory=dict)  # the curated cells, as text
    columns: dict[str, dict[str, pa.Array]] = field(default_factory=dict)  # table -> field -> typed values
    seeds: dict[str, provenance.Seed] = field(default_factory=dict)  # by source ID
    report: Report = field(default_factory=Report)

    @property
    def meta(self) -> dict:
        return self.model.meta

    @cached_property
    def typed(self) -> dict[str, dict[str, list]]:
        """The typed columns as Python values (None for no value), for tools that look at a few records."""
        return {name: {f: values.to_pylist() for f, values in columns.items()}
                for name, columns in self.columns.items()}

    @property
    def complete(self) -> bool:
        """Whether every table could be read (its cells may still have problems)."""
        return set(self.columns) == set(self.model.tables)


def check_project(project: Project) -> Checked:
    """Run every check; the result's report holds every problem found, not just the first. The model
    itself must be sound: FactpackError with its problems otherwise.

    A table's own checks run while the next table is read; the checks across tables run side by side.
    """
    checked = Checked(project, load_model(project))
    report = checked.report
    bad_rows: dict[str, set[int]] = {}
    with ThreadPoolExecutor(2, thread_name_prefix="factpack-check") as side:
        read = []
        for table in checked.model.tables.values():
            path = project.curated(table.name)
            try:
                text = read_table(project.file(path), table.name, project.display(path), table.input_field_names)
            except FactpackError as e:
                report.extend(e.report.problems)
                continue
            read.append((table, text, side.submit(_check_table, text, table), side.submit(safety.check_cells, text,
                                                                                          table)))
        for table, text, own, unsafe in read:
            report.extend(text.problems)
            typed, cell_problems, key_problems = own.result()
            report.extend(cell_problems)
            report.extend(unsafe.result())
            report.extend(key_problems)
            bad_rows[table.name] = {p.row for p in cell_problems if p.row is not None}
            checked.tables[table.name] = text
            checked.columns[table.name] = typed
        row_rules = side.submit(rules.check_rules, checked.model, checked.tables, checked.columns, bad_rows)
        quotes = side.submit(_provenance, checked) if checked.model.sources and \
            checked.model.sources.name in checked.columns else None
        report.extend(keys.check_foreign_keys(checked.model, checked.tables, checked.columns, bad_rows))
        report.extend(row_rules.result())
        report.extend(citations.check_citations(checked.model, checked.tables, checked.columns, bad_rows))
        report.extend(tombstones.check_tombstones(checked.model, checked.tables, checked.columns, bad_rows))
        if quotes is not None:
            report.extend(quotes.result())
    return checked


def _check_table(text: TextTable, table: Table) -> tuple[dict, list[Problem], list[Problem]]:
    """A table's typed columns, its cell problems, and its key problems."""
    typed, cell_problems = cells.typed_columns(text, table)
    return typed, cell_problems, keys.check_unique(text, table, typed)


def _provenance(checked: Checked) -> list[Problem]:
    """Load the seeds; locate every quote, filling the computed citation fields."""
    model = checked.model
    sources = model.sources
    if sources is None:
        return []
    checked.seeds, problems = provenance.load_seeds(checked.project, sources, checked.tables[sources.name],
                                                    checked.columns[sources.name])
    citing = model.citations
    if citing is not None and citing.name in checked.columns and model.source_field:
        computed, found = provenance.resolve_quotes(citing, model.source_field, checked.tables[citing.name],
                                                    checked.columns[citing.name], checked.seeds)
        checked.columns[citing.name].update(computed)
        problems += found
    return problems


def validate(project: Project) -> Checked:
    """Check the project; raise FactpackError with the report when anything is invalid."""
    checked = check_project(project)
    if not checked.report.valid:
        raise FactpackError(checked.report)
    return checked
