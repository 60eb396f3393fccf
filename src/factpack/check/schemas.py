"""Checks of the project's own descriptors: the Table Schemas and the package metadata.

They are edited by hand like the tables, so a mistake in them gets a problem naming the file and the
field, never a traceback further on.
"""

from __future__ import annotations

import re

from ..paths import RESOURCES
from ..problems import Problem

TYPES = ("string", "integer", "number", "date")  # the types the build reads and writes
CONSTRAINTS = ("required", "unique", "enum", "pattern", "minimum", "maximum")  # the ones the build enforces

# The data model: consumers depend on these names and types. Fields may be added, never removed or retyped.
MODEL = {
    "actors": "actor_id name_ar name_en other_names_ar actor_type title_ar title_en country affiliation_id note",
    "sources": "source_id seed_path sha256 language language_basis outlet_id outlet_basis outlet_note headline "
               "headline_basis headline_note published_date:date published_basis published_note",
    "events": "event_id event_type status date_start:date date_end:date date_precision date_basis date_note "
              "summary_en location_en location_ar note",
    "event_actors": "event_id actor_id role note",
    "figures": "figure_id value:number qualifier value_low:number value_high:number unit counts claimed_by event_id "
               "note",
    "citations": "citation_id source_id event_id actor_id figure_id quote occurrence:integer char_start:integer "
                 "char_end:integer match line:integer column:integer prefix suffix note",
    "tombstones": "id reason superseded_by",
}
VERSION = re.compile(r"\d+\.\d+\.\d+")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
NAME = re.compile(r"[a-z0-9][a-z0-9._-]*")
URL = re.compile(r"https://[A-Za-z0-9.-]+(?::[0-9]+)?(?:/[A-Za-z0-9._~%/-]*)?")


def model_fields(resource: str) -> dict[str, str]:
    return dict((item.split(":") + ["string"])[:2] for item in MODEL[resource].split())


def check_schema(resource: str, descriptor, file: str) -> list[Problem]:
    """Problems of one Table Schema on its own (references to other schemas: check_references)."""
    def problem(field, code, value, message):
        return Problem(file, None, field, code, None if value is None else str(value), message)

    if not isinstance(descriptor, dict):
        return [problem(None, "schema-invalid", None, "a Table Schema is a JSON object with a list of fields")]
    fields = descriptor.get("fields")
    if not isinstance(fields, list) or not fields or not all(isinstance(f, dict) for f in fields):
        return [problem("fields", "schema-invalid", None, "'fields' must be a non-empty list of field objects")]
    problems, seen = [], set()
    for i, f in enumerate(fields, 1):
        name = f.get("name")
        if not isinstance(name, str) or not name:
            problems.append(problem(f"fields[{i}]", "schema-invalid", name, "every field needs a 'name'"))
            continue
        if name in seen:
            problems.append(problem(name, "schema-invalid", name, f"field '{name}' is defined twice"))
        seen.add(name)
        problems += _check_field(f, name, problem)
    types = {f.get("name"): f.get("type", "string") for f in fields}
    for name, kind in model_fields(resource).items():
        if name not in types:
            problems.append(problem(name, "schema-model", None, f"field '{name}' is part of the data model that "
                                    "consumers depend on: restore it (fields may be added, not removed)"))
        elif types[name] != kind:
            problems.append(problem(name, "schema-model", types[name], f"field '{name}' must be of type '{kind}'"))
    for key in _names(descriptor.get("primaryKey", [])):
        if key not in types:
            problems.append(problem("primaryKey", "schema-invalid", key, f"primary key field '{key}' is not a field"))
    for fk in foreign_keys(descriptor):
        if fk is None:
            problems.append(problem("foreignKeys", "schema-invalid", None,
                                    "each foreign key needs 'fields' and a 'reference' with 'resource' and 'fields'"))
            continue
        for name in fk[0]:
            if name not in types:
                problems.append(problem("foreignKeys", "schema-invalid", name,
                                        f"foreign key field '{name}' is not a field"))
    return problems


def _check_field(f: dict, name: str, problem) -> list[Problem]:
    problems = []
    if f.get("type", "string") not in TYPES:
        problems.append(problem(name, "schema-type", f.get("type"), f"type must be one of {', '.join(TYPES)}"))
    if not isinstance(f.get("description"), str) or not f["description"].strip():
        problems.append(problem(name, "schema-description", None,
                                f"field '{name}' needs a description of what it holds"))
    constraints = f.get("constraints", {})
    if not isinstance(constraints, dict):
        return problems + [problem(name, "schema-invalid", None, "'constraints' must be an object")]
    for unknown in sorted(set(constraints) - set(CONSTRAINTS)):
        problems.append(problem(name, "schema-invalid", unknown,
                                f"unsupported constraint; use {', '.join(CONSTRAINTS)}"))
    invalid = _check_constraint_values(constraints, f.get("type", "string"), name, problem)
    enum = constraints.get("enum")
    if enum is None or invalid:
        return problems + invalid
    # A closed list is documented value by value: categories carry each value's meaning.
    categories = f.get("categories") if isinstance(f.get("categories"), list) else []
    labels = {c["value"]: c.get("label") for c in categories if isinstance(c, dict) and isinstance(c.get("value"), str)}
    for value in enum:
        if not isinstance(labels.get(value), str) or not labels[value].strip():
            problems.append(problem(name, "enum-undocumented", value,
                                    f"enum value '{value}' needs a category with a label saying what it means"))
    for value in labels.keys() - set(enum):
        problems.append(problem(name, "category-not-in-enum", value,
                                f"category '{value}' is not in the enum: add it to the enum or remove it"))
    return problems


def _check_constraint_values(constraints: dict, kind: str, name: str, problem) -> list[Problem]:
    """Each constraint's value is of the kind the build can apply to this field's type."""
    problems = []
    for key in ("required", "unique"):
        if key in constraints and not isinstance(constraints[key], bool):
            problems.append(problem(name, "schema-invalid", constraints[key], f"'{key}' must be true or false"))
    for key in ("enum", "pattern"):
        if key in constraints and kind != "string":
            problems.append(problem(name, "schema-invalid", key, f"'{key}' is supported on string fields only"))
    enum = constraints.get("enum")
    if enum is not None and (not isinstance(enum, list) or not enum or not all(isinstance(v, str) for v in enum)):
        problems.append(problem(name, "schema-invalid", None, "'enum' must be a non-empty list of texts"))
    pattern = constraints.get("pattern")
    if pattern is not None:
        try:
            re.compile(pattern)
        except (re.error, TypeError):
            problems.append(problem(name, "schema-invalid", pattern, "'pattern' is not a valid regular expression"))
    for key in ("minimum", "maximum"):
        if key not in constraints:
            continue
        value = constraints[key]
        if kind in ("integer", "number"):
            fits = isinstance(value, (int, float)) and not isinstance(value, bool) and (kind == "number" or
                                                                                   isinstance(value, int))
        elif kind == "date":
            fits = isinstance(value, str) and DATE.fullmatch(value) is not None
        else:
            fits = False
        if not fits:
            problems.append(problem(name, "schema-invalid", value, f"'{key}' must be a value of the field's type "
                                    f"({kind}); string fields take none"))
    return problems


def check_references(schemas: dict[str, dict], files: dict[str, str]) -> list[Problem]:
    """Every foreign key points at a known resource and its fields."""
    problems = []
    for resource, descriptor in schemas.items():
        for fk in filter(None, foreign_keys(descriptor)):
            target = fk[1] or resource
            if target not in RESOURCES:
                problems.append(Problem(files[resource], None, "foreignKeys", "schema-invalid", target,
                                        f"foreign key refers to unknown resource '{target}'"))
                continue
            if len(fk[0]) != len(fk[2]):
                problems.append(Problem(files[resource], None, "foreignKeys", "schema-invalid", ", ".join(fk[0]),
                                        f"foreign key of {len(fk[0])} field(s) refers to {len(fk[2])} field(s)"))
            if target not in schemas:
                continue  # that schema's own problems are reported: one mistake, reported once
            fields = {f.get("name") for f in schemas[target].get("fields", [])}
            for name in fk[2]:
                if name not in fields:
                    problems.append(Problem(files[resource], None, "foreignKeys", "schema-invalid", name,
                                            f"foreign key refers to '{name}', not a field of {target}"))
    return problems


def check_meta(meta, file: str) -> list[Problem]:
    def problem(field, value, message):
        return Problem(file, None, field, "metadata-invalid", None if value is None else str(value), message)

    if not isinstance(meta, dict):
        return [problem(None, None, "the package metadata is a JSON object")]
    problems = []
    if not isinstance(meta.get("name"), str) or not NAME.fullmatch(meta["name"]):
        problems.append(problem("name", meta.get("name"), "name: lower-case letters, digits, '.', '_' and '-' only"))
    for key in ("title", "description"):
        if not isinstance(meta.get(key), str) or not meta[key].strip():
            problems.append(problem(key, meta.get(key), f"{key}: a non-empty text"))
    if not isinstance(meta.get("version"), str) or not VERSION.fullmatch(meta["version"]):
        problems.append(problem("version", meta.get("version"), "version: a text MAJOR.MINOR.PATCH, e.g. \"1.0.0\""))
    for key, needs in (("licenses", "name"), ("contributors", "title")):
        items = meta.get(key)
        if not isinstance(items, list) or not items or not all(
                isinstance(i, dict) and isinstance(i.get(needs), str) and i[needs].strip() and
                all(isinstance(v, str) for k, v in i.items() if k in ("name", "title", "path")) for i in items):
            problems.append(problem(key, None, f"{key}: a non-empty list of objects, each with a '{needs}' "
                                    "(name, title and path are texts)"))
    keywords = meta.get("keywords", [])
    if not isinstance(keywords, list) or not all(isinstance(k, str) for k in keywords):
        problems.append(problem("keywords", None, "keywords: a list of texts"))
    for key in ("resources", "sources", "created", "homepage", "id"):
        if key in meta:
            problems.append(problem(key, None, f"{key} is written by the build (created from the release history; "
                                    "homepage and id from 'repository'): remove it here"))
    repository = meta.get("repository")
    if repository is not None and (not isinstance(repository, str) or not URL.fullmatch(repository)):
        problems.append(problem("repository", repository, "repository: the https:// address of the project's "
                                "repository, e.g. https://github.com/OWNER/NAME (or leave it out)"))
    return problems


def _names(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def foreign_keys(descriptor: dict) -> list[tuple[list[str], str | None, list[str]] | None]:
    """Each foreign key as (fields, referenced resource, referenced fields); None for a malformed one."""
    out = []
    fks = descriptor.get("foreignKeys", [])
    for fk in fks if isinstance(fks, list) else [None]:
        reference = fk.get("reference") if isinstance(fk, dict) else None
        if not isinstance(reference, dict) or not _names(fk.get("fields")) or not _names(reference.get("fields")):
            out.append(None)
            continue
        target = reference.get("resource")
        out.append((_names(fk["fields"]), target if isinstance(target, str) and target else None,
                    _names(reference["fields"])))
    return out
