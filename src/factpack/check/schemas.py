"""Checks of the project's descriptors: each Table Schema (the subset of the Table Schema spec factpack
reads and writes, and factpack's own declarations), the references between them, and the package
metadata. They are edited by hand like the tables, so every mistake gets a problem naming the file and
the field, never a traceback further on; `load_model` builds the model only from checked descriptors.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from ..model import BASIS_VALUES, COMPUTED, ROLES, Model, build_model, foreign_keys, key_fields, role_of
from ..paths import Project, table_name
from ..problems import FactpackError, Problem, Report
from ..read.files import read_json, read_text

TYPES = ("string", "integer", "number", "date")  # the types the build reads and writes
CONSTRAINTS = ("required", "unique", "enum", "pattern", "minimum", "maximum", "minLength", "maxLength")  # enforced
TABLE_NAME = re.compile(r"[a-z0-9][a-z0-9_]*")  # a resource name, a file name and an SQL table name
FIELD_NAME = re.compile(r"[^\W\d][\w-]*")
VERSION = re.compile(r"\d+\.\d+\.\d+")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
NAME = re.compile(r"[a-z0-9][a-z0-9._-]*")
URL = re.compile(r"https://[A-Za-z0-9.-]+(?::[0-9]+)?(?:/[A-Za-z0-9._~%/-]*)?")
INT64 = (-(2 ** 63), 2 ** 63 - 1)
TABLE_KEYS = {"role", "title", "dates", "status", "listed", "noun", "rules", "seed", "pin", "source", "quote",
              "occurrence", "subjects", "kind", "publisher", "language"}
SOURCE_KINDS = ("newspaper-article", "article", "book", "report", "website", "generic")  # CFF reference types
FIELD_KEYS = {"references"}
COMPUTED_TYPES = {"char_start": "integer", "char_end": "integer", "line": "integer", "column": "integer",
                  "match": "string", "prefix": "string", "suffix": "string"}

Say = Callable[..., None]


def schema_files(project: Project) -> list[Path]:
    """The project's schemas; FactpackError (not-a-project) when it has none."""
    files = project.schema_files()
    if not files:
        raise FactpackError(Report([Problem(project.display(project.schemas_dir), None, None, "not-a-project", None,
                                            f"no schemas/*.schema.json in {project.root.name}: not a factpack project "
                                            "(factpack init makes one)")]))
    return files


def load_model(project: Project) -> Model:
    """Every schema and the package metadata, checked; the model, or FactpackError with every problem."""
    files = schema_files(project)
    report = Report()
    schemas, shown = {}, {}
    for path in files:
        name, file = table_name(path), project.display(path)
        shown[name] = file
        if not TABLE_NAME.fullmatch(name):
            report.add(Problem(file, None, None, "schema-invalid", name, "a table's name (its schema file's name) is "
                               "lower-case letters, digits and '_', starting with a letter or digit"))
            continue
        try:
            descriptor = read_json(project.file(path), file)
        except FactpackError as e:
            report.extend(e.report.problems)
            continue
        problems = check_schema(name, descriptor, file)
        report.extend(problems)
        if not problems:
            schemas[name] = descriptor
    meta_file = project.display(project.package_meta)
    meta = None
    try:
        meta = read_json(project.file(project.package_meta), meta_file)
        report.extend(check_meta(meta, meta_file))
    except FactpackError as e:
        report.extend(e.report.problems)
    codebook = ""
    if project.codebook.exists() or project.codebook.is_symlink():
        try:
            codebook = read_text(project.file(project.codebook), project.display(project.codebook))
        except FactpackError as e:
            report.extend(e.report.problems)
    if len(schemas) == len(files):  # references are checked between schemas that are sound on their own
        report.extend(check_references(schemas, shown))
        if report.valid and isinstance(meta, dict):
            report.extend(check_order(meta, set(schemas), meta_file))
    if not report.valid or not isinstance(meta, dict):
        raise FactpackError(report)
    return build_model(schemas, meta, codebook)


def load_meta(project: Project) -> dict:
    """schemas/package.json, checked (name and version for the commands that need only those)."""
    file = project.display(project.package_meta)
    meta = read_json(project.file(project.package_meta), file)
    problems = check_meta(meta, file)
    if problems:
        raise FactpackError(Report(problems))
    return meta


def _sayer(file: str, problems: list[Problem], code: str = "schema-invalid") -> Say:
    def say(field: str | None, value: Any, message: str, kind: str = code) -> None:
        shown = None if value is None else (value if isinstance(value, str) else repr(value))
        problems.append(Problem(file, None, field, kind, shown, message))
    return say


def check_schema(name: str, descriptor: Any, file: str) -> list[Problem]:
    """Problems of one Table Schema on its own (references to other schemas: check_references)."""
    problems: list[Problem] = []
    say = _sayer(file, problems)
    if not isinstance(descriptor, dict):
        say(None, None, "a Table Schema is a JSON object with a list of fields")
        return problems
    fields = descriptor.get("fields")
    if not isinstance(fields, list) or not fields or not all(isinstance(f, dict) for f in fields):
        say("fields", None, "'fields' must be a non-empty list of field objects")
        return problems
    types: dict[str, str] = {}
    for i, f in enumerate(fields, 1):
        field_name = f.get("name")
        if not isinstance(field_name, str) or not FIELD_NAME.fullmatch(field_name):
            say(f"fields[{i}]", field_name, "every field needs a 'name': letters, digits, '_' and '-', starting with "
                "a letter or '_'")
            continue
        if field_name in types:
            say(field_name, field_name, f"field '{field_name}' is defined twice")
        types[field_name] = f.get("type", "string") if isinstance(f.get("type", "string"), str) else "?"
        _check_field(f, field_name, say)
    if "primaryKey" in descriptor:
        key = key_fields(descriptor["primaryKey"])
        if not key:
            say("primaryKey", None, "primaryKey is a field name or a list of field names")
        for k in key:
            if k not in types:
                say("primaryKey", k, f"primary key field '{k}' is not a field")
    for fk in foreign_keys(name, descriptor):
        if fk is None:
            say("foreignKeys", None, "each foreign key needs 'fields' and a 'reference' with 'resource' and 'fields'")
            continue
        for k in fk.fields:
            if k not in types:
                say("foreignKeys", k, f"foreign key field '{k}' is not a field")
    if "factpack" in descriptor:
        _check_declarations(name, descriptor, types, _sayer(file, problems, "model-invalid"))
    return problems


def _check_field(f: dict, name: str, say: Say) -> None:
    kind = f.get("type", "string")
    if kind not in TYPES:
        say(name, kind, f"type must be one of {', '.join(TYPES)}", "schema-type")
        kind = "string"
    if not isinstance(f.get("description"), str) or not f["description"].strip():
        say(name, None, f"field '{name}' needs a description of what it holds", "schema-description")
    for key in ("title", "format"):
        if key in f and not isinstance(f[key], str):
            say(name, f[key], f"'{key}' is a text")
    constraints = f.get("constraints", {})
    if not isinstance(constraints, dict):
        say(name, None, "'constraints' must be an object")
        return
    for unknown in sorted(set(constraints) - set(CONSTRAINTS)):
        say(name, unknown, f"unsupported constraint; use {', '.join(CONSTRAINTS)}")
    invalid: list[str] = []

    def bad(value: Any, message: str) -> None:
        invalid.append(message)
        say(name, value, message)

    for key in ("required", "unique"):
        if key in constraints and not isinstance(constraints[key], bool):
            bad(constraints[key], f"'{key}' must be true or false")
    for key in ("minLength", "maxLength"):
        value = constraints.get(key)
        if key in constraints and (not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 2**31):
            bad(value, f"'{key}' is a whole number of characters, 0 or more")
    for key in ("enum", "pattern", "minLength", "maxLength"):
        if key in constraints and kind != "string":
            bad(key, f"'{key}' is supported on string fields only")
    enum = constraints.get("enum")
    if enum is not None and (not isinstance(enum, list) or not enum or not all(isinstance(v, str) for v in enum)
                             or len(set(enum)) != len(enum)):
        bad(None, "'enum' must be a non-empty list of distinct texts")
    if "pattern" in constraints:
        _check_pattern(constraints["pattern"], bad)
    for key in ("minimum", "maximum"):
        if key in constraints and not _fits(constraints[key], kind):
            bad(constraints[key], f"'{key}' must be a value of the field's type ({kind}"
                + {"integer": ", a whole number of at most 19 digits", "date": ", YYYY-MM-DD"}.get(kind, "")
                + "); string fields take none")
    if "categories" in f:
        _check_categories(f["categories"], enum if not invalid else None, name, say)
    elif enum is not None and not invalid:
        for value in enum:
            say(name, value, f"enum value '{value}' needs a category with a label saying what it means",
                "enum-undocumented")
    declared = f.get("factpack")
    if declared is not None:
        if not isinstance(declared, dict) or set(declared) - FIELD_KEYS:
            say(name, None, f"a field's \"factpack\" object takes only {', '.join(sorted(FIELD_KEYS))}",
                "model-invalid")
        elif "references" in declared and (not isinstance(declared["references"], list) or not declared["references"]
                                           or not all(isinstance(t, str) for t in declared["references"])):
            say(name, None, "\"references\" is a list of table names", "model-invalid")


def _check_pattern(pattern: Any, bad: Callable[[Any, str], None]) -> None:
    """A pattern both Python (frictionless) and RE2 (the build's kernels) read the same way."""
    if not isinstance(pattern, str):
        bad(pattern, "'pattern' is a regular expression, as text")
        return
    try:
        re.compile(pattern)
        pc.match_substring_regex(pa.array([""], pa.string()), f"^(?:{pattern})$")
    except (re.error, pa.ArrowInvalid, pa.ArrowNotImplementedError) as e:
        bad(pattern, f"'pattern' is not a regular expression both Python and RE2 accept (no lookaround or "
            f"backreference): {str(e).splitlines()[0]}")


def _fits(value: Any, kind: str) -> bool:
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool) and INT64[0] <= value <= INT64[1]
    if kind == "number":
        return isinstance(value, int | float) and not isinstance(value, bool) and abs(value) <= 1.7976931348623157e308
    if kind == "date":
        if not isinstance(value, str) or not DATE.fullmatch(value):
            return False
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            return False
        return True
    return False


def _check_categories(categories: Any, enum: list[str] | None, name: str, say: Say) -> None:
    """A closed list is documented value by value: categories carry each value's meaning."""
    if not isinstance(categories, list) or not all(isinstance(c, dict) for c in categories):
        say(name, None, "'categories' is a list of objects with 'value' and 'label'")
        return
    labels = {c.get("value"): c.get("label") for c in categories}
    for c in categories:
        if not isinstance(c.get("value"), str) or not isinstance(c.get("label"), str) or not c["label"].strip():
            say(name, c.get("value"), "each category has a 'value' (text) and a 'label' (text) saying what it means")
    if enum is None:
        return
    for value in enum:
        if not isinstance(labels.get(value), str) or not str(labels[value]).strip():
            say(name, value, f"enum value '{value}' needs a category with a label saying what it means",
                "enum-undocumented")
    for value in labels.keys() - set(enum):
        say(name, value, f"category '{value}' is not in the enum: add it to the enum or remove it",
            "category-not-in-enum")


def _check_declarations(name: str, descriptor: dict, types: dict[str, str], say: Say) -> None:
    """The schema's "factpack" object (docs/model.md)."""
    declared = descriptor["factpack"]
    if not isinstance(declared, dict):
        say("factpack", None, "\"factpack\" is an object")
        return
    for unknown in sorted(set(declared) - TABLE_KEYS):
        say("factpack", unknown, f"unknown declaration; use {', '.join(sorted(TABLE_KEYS))}")
    fields_by_name = {f["name"]: f for f in descriptor["fields"] if isinstance(f.get("name"), str)}

    def is_field(value: Any, where: str, kinds: tuple[str, ...] | None = None) -> bool:
        if not isinstance(value, str) or value not in types:
            say(f"factpack.{where}", value, f"'{value}' is not a field of this table")
            return False
        if kinds and types[value] not in kinds:
            say(f"factpack.{where}", value, f"'{value}' must be of type {' or '.join(kinds)}")
            return False
        return True

    if "role" in declared and declared["role"] not in ROLES:
        say("factpack.role", declared["role"], f"role is one of {', '.join(ROLES)}")
    if "title" in declared:
        is_field(declared["title"], "title", ("string",))
    if "dates" in declared:
        dates = declared["dates"]
        if not isinstance(dates, list) or not 1 <= len(dates) <= 2:
            say("factpack.dates", None, "\"dates\" lists the field of the first possible day and that of the last")
        else:
            for d in dates:
                is_field(d, "dates", ("date",))
    if "status" in declared and is_field(declared["status"], "status", ("string",)):
        if "enum" not in fields_by_name[declared["status"]].get("constraints", {}):
            say("factpack.status", declared["status"], "the status field needs an enum (its values colour the page)")
    for key in ("listed", "subjects"):
        if key in declared:
            if not isinstance(declared[key], list):
                say(f"factpack.{key}", None, f"\"{key}\" is a list of field names")
            else:
                for value in declared[key]:
                    is_field(value, key)
    for key in ("seed", "pin", "source", "quote", "publisher", "language"):
        if key in declared:
            is_field(declared[key], key, ("string",))
    if "kind" in declared and declared["kind"] not in SOURCE_KINDS:
        say("factpack.kind", declared["kind"], f"a source's kind is one of {', '.join(SOURCE_KINDS)}")
    if "occurrence" in declared:
        is_field(declared["occurrence"], "occurrence", ("integer",))
    if "noun" in declared and (not isinstance(declared["noun"], list) or len(declared["noun"]) != 2
                               or not all(isinstance(n, str) and n.strip() for n in declared["noun"])):
        say("factpack.noun", None, "\"noun\" is [one, many], e.g. [\"event link\", \"event links\"]")
    rules = declared.get("rules", [])
    if not isinstance(rules, list):
        say("factpack.rules", None, "\"rules\" is a list of rule objects")
        return
    for n, rule in enumerate(rules, 1):
        _check_rule(rule, f"rules[{n}]", types, fields_by_name, is_field, say)


RULE_KINDS = ("order", "when", "basis", "edtf", "differ", "symmetric")


def _check_rule(rule: Any, where: str, types: dict[str, str], fields_by_name: dict[str, dict],
                is_field: Callable[..., bool], say: Say) -> None:
    if not isinstance(rule, dict):
        say(f"factpack.{where}", None, "a rule is an object")
        return
    kinds = [k for k in RULE_KINDS if k in rule and not (k == "when" and "symmetric" in rule)]  # a condition there
    if len(kinds) != 1 or (kinds == ["when"] and not {"require", "forbid", "equal"} & set(rule)):
        say(f"factpack.{where}", None, "a rule is one of: order, when (with require, forbid or equal), basis, edtf, "
            "differ, symmetric (docs/model.md)")
        return
    kind = kinds[0]
    if "message" in rule and not isinstance(rule["message"], str):
        say(f"factpack.{where}", None, "\"message\" is a text")
    if "field" in rule:
        is_field(rule["field"], where)

    def pair(value: Any, same_type: bool = True) -> None:
        if not isinstance(value, list) or len(value) != 2:
            say(f"factpack.{where}", None, f"\"{kind}\" names two fields")
        elif all(is_field(v, where) for v in value) and same_type and types[value[0]] != types[value[1]]:
            say(f"factpack.{where}", value[1], f"'{value[0]}' and '{value[1]}' must be of the same type")

    if kind in ("order", "differ", "symmetric"):
        pair(rule[kind])
    if kind == "symmetric" and "when" in rule:
        _check_condition(rule["when"], where, fields_by_name, is_field, say)
    if kind == "when":
        _check_condition(rule["when"], where, fields_by_name, is_field, say)
        for key in ("require", "forbid"):
            if key in rule and (not isinstance(rule[key], list) or not rule[key]
                                or not all(is_field(v, where) for v in rule[key])):
                say(f"factpack.{where}", None, f"\"{key}\" is a list of field names")
        if "equal" in rule:
            pair(rule["equal"])
    if kind == "basis":
        if is_field(rule["basis"], where, ("string",)):
            enum = fields_by_name[rule["basis"]].get("constraints", {}).get("enum", [])
            if sorted(enum) != sorted(BASIS_VALUES):
                say(f"factpack.{where}", rule["basis"], f"a basis field's enum is {', '.join(BASIS_VALUES)}")
        if not isinstance(rule.get("values"), list) or not rule["values"] or \
                not all(is_field(v, where) for v in rule["values"]):
            say(f"factpack.{where}", None, "\"values\" lists the fields whose basis this is")
        is_field(rule.get("note"), where, ("string",))
    if kind == "edtf":
        is_field(rule["edtf"], where, ("string",))
        bounds = rule.get("bounds")
        if not isinstance(bounds, list) or len(bounds) != 2 or not all(is_field(b, where, ("date",)) for b in bounds):
            say(f"factpack.{where}", None, "\"bounds\" names the date fields of the first and last possible day")


def _check_condition(condition: Any, where: str, fields_by_name: dict[str, dict], is_field: Callable[..., bool],
                     say: Say) -> None:
    keys = set(condition) if isinstance(condition, dict) else set()
    if "field" not in keys or len(keys & {"in", "not_in", "empty"}) != 1 or keys - {"field", "in", "not_in", "empty"}:
        say(f"factpack.{where}.when", None, "a condition is {\"field\": F, and one of \"in\": [...], \"not_in\": "
            "[...] or \"empty\": true|false}")
        return
    if not is_field(condition["field"], where):
        return
    for key in ("in", "not_in"):
        if key in condition:
            values = condition[key]
            enum = fields_by_name[condition["field"]].get("constraints", {}).get("enum")
            if not isinstance(values, list) or not values or not all(isinstance(v, str) for v in values):
                say(f"factpack.{where}.when", None, f"\"{key}\" is a list of texts")
            elif enum is not None:
                for v in values:
                    if v not in enum:
                        say(f"factpack.{where}.when", v, f"'{v}' is not a value of {condition['field']}'s enum")
    if "empty" in condition and not isinstance(condition["empty"], bool):
        say(f"factpack.{where}.when", None, "\"empty\" is true or false")


def check_references(schemas: dict[str, dict], files: dict[str, str]) -> list[Problem]:
    """Every foreign key and declared reference points at a known table and its fields; each role's fields
    are there, of the right types."""
    problems: list[Problem] = []
    fields_of = {name: {f["name"]: f.get("type", "string") for f in d["fields"]} for name, d in schemas.items()}
    for name, descriptor in schemas.items():
        say = _sayer(files[name], problems)
        for fk in foreign_keys(name, descriptor):
            if fk is None:
                continue
            if fk.table not in schemas:
                say("foreignKeys", fk.table, f"foreign key refers to unknown resource '{fk.table}': no "
                    f"schemas/{fk.table}.schema.json")
                continue
            if len(fk.fields) != len(fk.ref_fields):
                say("foreignKeys", ", ".join(fk.fields), f"foreign key of {len(fk.fields)} field(s) refers to "
                    f"{len(fk.ref_fields)} field(s)")
            for k in fk.ref_fields:
                if k not in fields_of[fk.table]:
                    say("foreignKeys", k, f"foreign key refers to '{k}', not a field of {fk.table}")
        for f in descriptor["fields"]:
            for target in f.get("factpack", {}).get("references", []):
                key = key_fields(schemas[target].get("primaryKey")) if target in schemas else []
                if len(key) != 1:
                    say(f["name"], target, f"\"references\" names '{target}', which is no table keyed by one ID field",
                        "model-invalid")
    problems += _check_roles(schemas, files, fields_of)
    return problems


def _check_roles(schemas: dict[str, dict], files: dict[str, str],
                 fields_of: dict[str, dict[str, str]]) -> list[Problem]:
    problems: list[Problem] = []
    roles: dict[str, list[str]] = {}
    for name, descriptor in schemas.items():
        roles.setdefault(role_of(name, descriptor), []).append(name)
    for role, names in roles.items():
        if role != "records" and len(names) > 1:
            for name in names:
                _sayer(files[name], problems, "model-invalid")("factpack.role", role,
                                                               f"only one table plays the role '{role}'")
    sources = roles.get("sources", [None])[0]
    needed = {"sources": [("seed", "seed_path", "string"), ("pin", "sha256", "string")],
              "tombstones": [("id", "id", "string"), ("reason", "reason", "string"),
                             ("successor", "superseded_by", "string")],
              "citations": [("quote", "quote", "string"), ("occurrence", "occurrence", "integer"),
                            *((c, c, COMPUTED_TYPES[c]) for c in COMPUTED)]}
    for role, names in roles.items():
        for name in names:
            declared = schemas[name].get("factpack", {})
            say = _sayer(files[name], problems, "model-invalid")
            for concept, default, kind in needed.get(role, []):
                field_name = declared.get(concept, default)
                if fields_of[name].get(field_name) != kind:
                    say(field_name, None, f"a {role} table needs the {kind} field '{field_name}' ({concept})")
            if role == "citations":
                fks = {fk.fields[0]: fk.table for fk in foreign_keys(name, schemas[name]) if fk and len(fk.fields) == 1}
                if sources is None:
                    say(None, None, "citations need a sources table (schemas/sources.schema.json, or a schema whose "
                        "\"factpack\" role is \"sources\")")
                elif sources not in fks.values():
                    say("foreignKeys", None, f"citations need a foreign key to {sources}, the table of their sources")
                for subject in declared.get("subjects", []):
                    if subject not in fks:
                        say("factpack.subjects", subject, f"subject '{subject}' needs a foreign key to the table it "
                            "cites")
    return problems


def check_order(meta: dict, tables: set[str], file: str) -> list[Problem]:
    """package.json's "order" names tables (some or all), each once; the others follow it."""
    order = meta.get("factpack", {}).get("order") if isinstance(meta.get("factpack"), dict) else None
    if order is None or (isinstance(order, list) and set(order) <= tables and len(set(order)) == len(order)):
        return []
    return [Problem(file, None, "factpack.order", "model-invalid", None,
                    f"\"order\" names tables of the project, each once: {', '.join(sorted(tables))}")]


def check_meta(meta: Any, file: str) -> list[Problem]:
    problems: list[Problem] = []
    say = _sayer(file, problems, "metadata-invalid")
    if not isinstance(meta, dict):
        say(None, None, "the package metadata is a JSON object")
        return problems
    if not isinstance(meta.get("name"), str) or not NAME.fullmatch(meta["name"]):
        say("name", meta.get("name"), "name: lower-case letters, digits, '.', '_' and '-' only")
    for key in ("title", "description"):
        if not isinstance(meta.get(key), str) or not meta[key].strip():
            say(key, meta.get(key), f"{key}: a non-empty text")
    if not isinstance(meta.get("version"), str) or not VERSION.fullmatch(meta["version"]):
        say("version", meta.get("version"), "version: a text MAJOR.MINOR.PATCH, e.g. \"1.0.0\"")
    for key, needs in (("licenses", "name"), ("contributors", "title")):
        items = meta.get(key)
        if not isinstance(items, list) or not items or not all(
                isinstance(i, dict) and isinstance(i.get(needs), str) and i[needs].strip() and
                all(isinstance(v, str) for k, v in i.items() if k in ("name", "title", "path")) for i in items):
            say(key, None, f"{key}: a non-empty list of objects, each with a '{needs}' (name, title and path are "
                "texts)")
            continue
        for item in items:
            roles = item.get("roles", [])
            if not isinstance(roles, list) or not all(isinstance(r, str) for r in roles):
                say(key, None, f"{key}: roles is a list of texts")
            if "path" in item and not _safe_link(item["path"]):
                say(key, item["path"], f"{key}: path is an http(s) address or a relative path", "unsafe-url")
    keywords = meta.get("keywords", [])
    if not isinstance(keywords, list) or not all(isinstance(k, str) for k in keywords):
        say("keywords", None, "keywords: a list of texts")
    for key in ("resources", "sources", "created", "homepage", "id"):
        if key in meta:
            say(key, None, f"{key} is written by the build (created from the release history; homepage and id from "
                "'repository'): remove it here")
    repository = meta.get("repository")
    if repository is not None and (not isinstance(repository, str) or not URL.fullmatch(repository)):
        say("repository", repository, "repository: the https:// address of the project's repository, e.g. "
            "https://github.com/OWNER/NAME (or leave it out)")
    settings = meta.get("factpack", {})
    if not isinstance(settings, dict) or set(settings) - {"order", "scope", "limits", "languages"}:
        say("factpack", None, "the package's \"factpack\" object takes order, scope, limits and languages "
            "(docs/model.md)")
    else:
        for key in ("scope", "limits", "languages"):
            if key in settings and (not isinstance(settings[key], list) or
                                    not all(isinstance(s, str) and s.strip() for s in settings[key])):
                say(f"factpack.{key}", None, f"\"{key}\" is a list of sentences")
        if "order" in settings and not (isinstance(settings["order"], list) and
                                        all(isinstance(s, str) for s in settings["order"])):
            say("factpack.order", None, "\"order\" is a list of table names")
    return problems


LINK = re.compile(r"(?:https?://[^\s<>\"'`]+|[A-Za-z0-9._~/-][^\s:<>\"'`]*)")


def _safe_link(value: Any) -> bool:
    """A link that a README, a page or a citation file may carry: http(s), or a path inside the package."""
    return isinstance(value, str) and LINK.fullmatch(value) is not None and ".." not in value.split("/")
