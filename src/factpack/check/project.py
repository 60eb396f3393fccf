"""The build: read every curated table, check everything, and resolve provenance.

`check_project` is pure: it reads the project and returns the checked tables and a report.
`build` adds the writing step (see publish.py).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property

import pyarrow as pa

from . import cells
from . import keys
from . import provenance
from . import rules
from . import safety
from . import tombstones
from ..paths import RESOURCES, Project
from ..problems import FactpackError, Problem, Report
from ..read.csvfile import Table, read_table
from ..model import Schema, load_package_meta, load_schemas


@dataclass
class Checked:
    project: Project
    schemas: dict[str, Schema]
    meta: dict
    tables: dict[str, Table] = field(default_factory=dict)
    columns: dict[str, dict[str, pa.Array]] = field(default_factory=dict)  # resource -> field -> typed values
    seeds: dict[str, provenance.Seed] = field(default_factory=dict)
    report: Report = field(default_factory=Report)

    @cached_property
    def typed(self) -> dict[str, dict[str, list]]:
        """The typed columns as Python values (None for no value), for tools that look at a few records."""
        return {resource: {name: values.to_pylist() for name, values in columns.items()}
                for resource, columns in self.columns.items()}


def check_project(project: Project) -> Checked:
    """Run every check; the result's report holds every problem found, not just the first.

    A table's own checks run while the next table is read; the checks across tables run side by side.
    """
    checked = Checked(project, *_descriptors(project))
    report = checked.report
    bad_rows: dict[str, set[int]] = {}
    with ThreadPoolExecutor(2, thread_name_prefix="factpack-check") as side:
        read = []
        for resource in RESOURCES:
            schema = checked.schemas[resource]
            path = project.curated(resource)
            table, problems = read_table(path, resource, project.display(path), schema.input_field_names)
            jobs = None if table is None else (side.submit(_check_table, table, schema),
                                                  side.submit(safety.check_cells, table, schema))
            read.append((resource, table, problems, jobs))
        for resource, table, problems, jobs in read:
            report.extend(problems)
            if jobs is None:
                continue
            typed, cell_problems, key_problems = jobs[0].result()
            report.extend(cell_problems)
            report.extend(jobs[1].result())
            report.extend(key_problems)
            bad_rows[resource] = {p.row for p in cell_problems}
            checked.tables[resource] = table
            checked.columns[resource] = typed
        row_rules = side.submit(rules.check_rules, checked.tables, checked.columns, bad_rows)
        quotes = side.submit(_provenance, checked) if "sources" in checked.columns else None
        report.extend(keys.check_foreign_keys(checked.tables, checked.schemas, checked.columns, bad_rows))
        report.extend(row_rules.result())
        report.extend(tombstones.check_tombstones(checked.tables, checked.columns, checked.schemas, bad_rows))
        if quotes is not None:
            report.extend(quotes.result())
    return checked


def _descriptors(project: Project) -> tuple[dict[str, Schema], dict]:
    """The schemas and the package metadata; FactpackError with the problems of both."""
    found, report = [], Report()
    for load in (load_schemas, load_package_meta):
        try:
            found.append(load(project))
        except FactpackError as e:
            report.extend(e.report.problems)
    if not report.valid:
        raise FactpackError(report)
    return found[0], found[1]


def _check_table(table: Table, schema: Schema) -> tuple[dict, list[Problem], list[Problem]]:
    """A table's typed columns, its cell problems, and its key problems."""
    typed, cell_problems = cells.typed_columns(table, schema)
    return typed, cell_problems, keys.check_unique(table, schema, typed)


def _provenance(checked: Checked) -> list[Problem]:
    """Load the seeds; locate every quote, filling the computed citation fields."""
    checked.seeds, problems = provenance.load_seeds(checked.project, checked.tables["sources"],
                                                    checked.columns["sources"])
    if "citations" in checked.columns:
        computed, found = provenance.resolve_quotes(checked.tables["citations"], checked.columns["citations"],
                                                    checked.seeds)
        checked.columns["citations"].update(computed)
        problems += found
    return problems


def validate(project: Project) -> Checked:
    """Check the project; raise FactpackError with the report when anything is invalid."""
    checked = check_project(project)
    if not checked.report.valid:
        raise FactpackError(checked.report)
    return checked
