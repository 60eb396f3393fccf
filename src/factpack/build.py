"""The build: read every curated table, check everything, and resolve provenance.

`check_project` is pure: it reads the project and returns the checked tables and a report.
`build` adds the writing step (see publish.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import cells, keys, provenance, rules, safety, tombstones
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
    typed: dict[str, dict[str, list]] = field(default_factory=dict)  # resource -> field -> values
    seeds: dict[str, provenance.Seed] = field(default_factory=dict)
    report: Report = field(default_factory=Report)


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
        checked.typed[resource] = typed
    report.extend(keys.check_foreign_keys(checked.tables, checked.schemas, checked.typed))
    report.extend(rules.check_rules(checked.tables, checked.typed, bad_rows))
    report.extend(tombstones.check_tombstones(checked.tables, checked.typed, checked.schemas, bad_rows))
    if "sources" in checked.typed:
        checked.seeds, problems = provenance.load_seeds(project, checked.tables["sources"], checked.typed["sources"])
        report.extend(problems)
        if "citations" in checked.typed:
            _resolve_quotes(checked)
    return checked


def _resolve_quotes(checked: Checked) -> None:
    """Fill the computed citation fields; a quote that cannot be placed is a problem."""
    table, typed = checked.tables["citations"], checked.typed["citations"]
    computed: dict[str, list] = {name: [] for name in ("char_start", "char_end", "match", "line", "column",
                                                       "prefix", "suffix", "occurrence")}
    for i, row in enumerate(table.row_numbers):
        seed = checked.seeds.get(typed["source_id"][i])
        quote = typed["quote"][i]
        span = None
        if seed is not None and quote is not None:
            span, code, message = provenance.locate(seed, quote, typed["occurrence"][i])
            if span is None:
                checked.report.add(Problem(table.file, row, "quote", code, clip(quote), message))
        values = provenance.context(seed, span) if span else dict.fromkeys(computed)
        for name in computed:
            computed[name].append(values[name])
        if span is not None:
            typed["quote"][i] = seed.text[span.start:span.end]  # publish the exact raw slice
    typed.update(computed)


def validate(project: Project) -> Checked:
    """Check the project; raise FactpackError with the report when anything is invalid."""
    checked = check_project(project)
    if not checked.report.valid:
        raise FactpackError(checked.report)
    return checked
