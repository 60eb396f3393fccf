"""Table Schemas (schemas/<resource>.schema.json) and the package metadata beside them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .paths import RESOURCES, Project
from .problems import FactpackError, Problem, Report
from .check.schemas import check_meta, check_references, check_schema, foreign_keys

# Fields the build fills itself; curated files must not carry them.
COMPUTED_FIELDS = {"citations": ("char_start", "char_end", "match", "line", "column", "prefix", "suffix")}


@dataclass(frozen=True)
class Schema:
    resource: str
    descriptor: dict

    @property
    def fields(self) -> list[dict]:
        return self.descriptor["fields"]

    @property
    def field_names(self) -> list[str]:
        return [f["name"] for f in self.fields]

    @property
    def input_field_names(self) -> list[str]:
        computed = COMPUTED_FIELDS.get(self.resource, ())
        return [n for n in self.field_names if n not in computed]

    @property
    def primary_key(self) -> list[str]:
        key = self.descriptor.get("primaryKey", [])
        return [key] if isinstance(key, str) else list(key)

    @property
    def foreign_keys(self) -> list[tuple[list[str], str, list[str]]]:
        """(fields, referenced resource, referenced fields); a schema is checked before it is used."""
        return [(fields, target or self.resource, ref_fields)
                for fields, target, ref_fields in filter(None, foreign_keys(self.descriptor))]

    def field(self, name: str) -> dict:
        return next(f for f in self.fields if f["name"] == name)


def load_schemas(project: Project) -> dict[str, Schema]:
    """Every Table Schema, checked (FactpackError with every problem found in any of them)."""
    report = Report()
    descriptors, files = {}, {}
    for resource in RESOURCES:
        path = project.schema(resource)
        files[resource] = project.display(path)
        descriptor = _load_json(path, project, report)
        if descriptor is not None:
            problems = check_schema(resource, descriptor, files[resource])
            report.extend(problems)
            if not problems:
                descriptors[resource] = descriptor
    report.extend(check_references(descriptors, files))
    if not report.valid:
        raise FactpackError(report)
    return {resource: Schema(resource, descriptor) for resource, descriptor in descriptors.items()}


def load_package_meta(project: Project) -> dict:
    report = Report()
    meta = _load_json(project.package_meta, project, report)
    if meta is not None:
        report.extend(check_meta(meta, project.display(project.package_meta)))
    if not report.valid:
        raise FactpackError(report)
    return meta


def _load_json(path: Path, project: Project, report: Report) -> dict | None:
    file = project.display(path)
    if not path.is_file():
        report.add(Problem(file, None, None, "missing-file", None, f"{file} is missing"))
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        report.add(Problem(file, getattr(e, "lineno", None), None, "invalid-json", None, f"{file} is not valid JSON: {e}"))
        return None
