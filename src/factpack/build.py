"""The build: read every curated table, check everything, and resolve provenance.

`check_project` is pure: it reads the project and returns the checked tables and a report.
`build` adds the writing step (see publish.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import pyarrow as pa

from . import cells, keys, provenance, rules, safety
from .paths import RESOURCES, Project
from .problems import FactpackError, Problem, Report, clip
from .readcsv import Table, read_table
from .schema import Schema, load_package_meta, load_schemas


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
    """Run every check; the result's report holds every problem found, not just the first."""
    checked = Checked(project, load_schemas(project), load_package_meta(project))
    report = checked.report
    bad_rows: dict[str, set[int]] = {}
    for resource in RESOURCES:
        schema = checked.schemas[resource]
        path = project.curated(resource)
        table, problems = read_table(path, resource, project.display(path), schema.input_field_names)
        report.extend(problems)
        if table is None:
            continue
        typed, problems = cells.typed_columns(table, schema)
        report.extend(problems)
        bad_rows[resource] = {p.row for p in problems}
        report.extend(safety.check_cells(table, schema))
        report.extend(keys.check_unique(table, schema, typed))
        checked.tables[resource] = table
        checked.columns[resource] = typed
    report.extend(keys.check_foreign_keys(checked.tables, checked.schemas, checked.columns))
    report.extend(rules.check_rules(checked.tables, checked.columns, bad_rows))
    if "sources" in checked.columns:
        checked.seeds, problems = provenance.load_seeds(project, checked.tables["sources"], checked.columns["sources"])
        report.extend(problems)
        if "citations" in checked.columns:
            computed, problems = provenance.resolve_quotes(checked.tables["citations"], checked.columns["citations"],
                                                           checked.seeds)
            checked.columns["citations"].update(computed)
            report.extend(problems)
    return checked


def validate(project: Project) -> Checked:
    """Check the project; raise FactpackError with the report when anything is invalid."""
    checked = check_project(project)
    if not checked.report.valid:
        raise FactpackError(checked.report)
    return checked
