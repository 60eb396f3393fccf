"""The data model, declared once in schemas/: every schemas/<table>.schema.json is a table whose rows
are in curated/<table>.csv, and schemas/package.json is the package's metadata.

A schema is a standard Table Schema (fields, primaryKey, foreignKeys, constraints, categories) and may
carry a "factpack" object for what Table Schema cannot say (docs/model.md): which role the table plays,
which field names a record for people, which fields hold its dates, the rules between its fields. This
module turns the checked descriptors into the Model every step reads; check/schemas.py checks them
first, so nothing here meets a malformed descriptor. No table or column of any dataset is named here:
only factpack's own concepts (sources with pinned seeds, citations with quotes and offsets, tombstones).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

ROLES = ("records", "sources", "citations", "tombstones")
# A table takes a role by its name unless its schema declares one.
ROLE_BY_NAME = {"sources": "sources", "citations": "citations", "tombstones": "tombstones"}
# The citation fields the build computes from each quote's place in its seed (never curated).
COMPUTED = ("char_start", "char_end", "match", "line", "column", "prefix", "suffix")
# Field names each role reads, where its schema declares no others.
ROLE_FIELDS = {
    "sources": {"seed": "seed_path", "pin": "sha256"},
    "citations": {"quote": "quote", "occurrence": "occurrence"},
    "tombstones": {"id": "id", "reason": "reason", "successor": "superseded_by"},
}
BASIS_VALUES = ("stated", "inferred", "unknown")  # the vocabulary of a declared basis field


def key_fields(value: Any) -> list[str]:
    """A primaryKey or foreign key's fields: one field name, or a list of them (the one key parser)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    return []


@dataclass(frozen=True)
class ForeignKey:
    fields: tuple[str, ...]
    table: str  # the referenced table ("" in the descriptor: the table itself)
    ref_fields: tuple[str, ...]


def foreign_keys(name: str, schema: dict) -> list[ForeignKey | None]:
    """Each foreign key of a schema; None for a malformed one (check/schemas.py reports it)."""
    found: list[ForeignKey | None] = []
    declared = schema.get("foreignKeys", [])
    for fk in declared if isinstance(declared, list) else [None]:
        reference = fk.get("reference") if isinstance(fk, dict) else None
        fields = key_fields(fk.get("fields")) if isinstance(fk, dict) else []
        ref_fields = key_fields(reference.get("fields")) if isinstance(reference, dict) else []
        target = reference.get("resource", "") if isinstance(reference, dict) else None
        if not fields or not ref_fields or not isinstance(target, str):
            found.append(None)
            continue
        found.append(ForeignKey(tuple(fields), target or name, tuple(ref_fields)))
    return found


def id_regex(pattern: str) -> re.Pattern[str]:
    """A field pattern as Table Schema means it: the whole value matches, anchored or not."""
    return re.compile(pattern)


@dataclass(frozen=True)
class Table:
    name: str
    schema: dict  # as published: the Table Schema without its "factpack" objects
    declared: dict  # the schema's "factpack" object ({} when it has none)
    role: str
    field_declared: dict[str, dict] = field(default_factory=dict)  # field name -> the field's "factpack" object

    @cached_property
    def fields(self) -> list[dict]:
        return list(self.schema["fields"])

    @cached_property
    def field_names(self) -> list[str]:
        return [f["name"] for f in self.fields]

    def field(self, name: str) -> dict:
        return next(f for f in self.fields if f["name"] == name)

    def type_of(self, name: str) -> str:
        return self.field(name).get("type", "string")

    def constraints(self, name: str) -> dict:
        return self.field(name).get("constraints", {})

    @cached_property
    def primary_key(self) -> list[str]:
        return key_fields(self.schema.get("primaryKey", []))

    @cached_property
    def id_field(self) -> str | None:
        """The one field that identifies a record (a primary key of one text field), if there is one."""
        key = self.primary_key
        return key[0] if len(key) == 1 and self.type_of(key[0]) == "string" else None

    @cached_property
    def id_pattern(self) -> re.Pattern[str] | None:
        pattern = self.constraints(self.id_field).get("pattern") if self.id_field else None
        return id_regex(pattern) if pattern else None

    def is_id(self, value: str) -> bool:
        return bool(self.id_pattern and self.id_pattern.fullmatch(value))

    @cached_property
    def foreign_keys(self) -> list[ForeignKey]:
        return [fk for fk in foreign_keys(self.name, self.schema) if fk is not None]

    @cached_property
    def unique_keys(self) -> list[list[str]]:
        """The primary key, then each unique field."""
        keys = [self.primary_key] if self.primary_key else []
        return keys + [[f["name"]] for f in self.fields
                       if f.get("constraints", {}).get("unique") and [f["name"]] != self.primary_key]

    @cached_property
    def computed_fields(self) -> tuple[str, ...]:
        return COMPUTED if self.role == "citations" else ()

    @cached_property
    def input_field_names(self) -> list[str]:
        """The columns of the curated file: every field but those the build computes."""
        return [n for n in self.field_names if n not in self.computed_fields]

    def role_field(self, concept: str) -> str:
        """The field that holds one of the role's concepts (a seed's path, a quote, ...)."""
        return self.declared.get(concept, ROLE_FIELDS[self.role][concept])

    @cached_property
    def references(self) -> dict[str, list[str]]:
        """Fields that name a record of any of several tables (declared "references": a reference no
        foreign key can express, such as a link between records of different tables)."""
        return {name: list(d["references"]) for name, d in self.field_declared.items() if "references" in d}

    # How people see a record: declared in the schema, else nothing is assumed.
    @cached_property
    def title(self) -> str | None:
        return self.declared.get("title")

    @cached_property
    def dates(self) -> tuple[str, str] | None:
        """The fields of a record's first and last possible day."""
        dates = self.declared.get("dates")
        return (dates[0], dates[-1]) if dates else None

    @cached_property
    def status(self) -> str | None:
        return self.declared.get("status")

    @cached_property
    def listed(self) -> list[str]:
        """Fields shown beside the ID in listings (README, page): declared, else the title."""
        return list(self.declared.get("listed", [self.title] if self.title else []))

    @cached_property
    def noun(self) -> tuple[str, str]:
        """(one, many) for people: "event", "events"."""
        noun = self.declared.get("noun")
        if noun:
            return noun[0], noun[1]
        return (self.name[:-1] if self.name.endswith("s") else self.name), self.name

    def count(self, n: int) -> str:
        return f"{n} {self.noun[0] if n == 1 else self.noun[1]}"

    @cached_property
    def rules(self) -> list[dict]:
        return list(self.declared.get("rules", []))

    @cached_property
    def basis(self) -> list[dict]:
        """Declared bases: values stated, inferred or unknown, with a note saying how."""
        return [r for r in self.rules if "basis" in r]


@dataclass(frozen=True)
class Model:
    tables: dict[str, Table]  # in resource order
    meta: dict  # schemas/package.json without its "factpack" object
    settings: dict = field(default_factory=dict)  # the package's "factpack" object
    codebook: str = ""  # schemas/codebook.md: the coding rules in the curators' Markdown

    def with_roles(self, role: str) -> list[Table]:
        return [t for t in self.tables.values() if t.role == role]

    def _one(self, role: str) -> Table | None:
        found = self.with_roles(role)
        return found[0] if found else None

    @cached_property
    def sources(self) -> Table | None:
        return self._one("sources")

    @cached_property
    def citations(self) -> Table | None:
        return self._one("citations")

    @cached_property
    def tombstones(self) -> Table | None:
        return self._one("tombstones")

    @cached_property
    def source_field(self) -> str | None:
        """The citations' field that names their source: declared, else the foreign key to the sources."""
        if self.citations is None or self.sources is None:
            return None
        declared = self.citations.declared.get("source")
        if declared:
            return declared
        return next((fk.fields[0] for fk in self.citations.foreign_keys
                     if fk.table == self.sources.name and len(fk.fields) == 1), None)

    @cached_property
    def subjects(self) -> dict[str, str]:
        """The citations' subject fields and the table each points at: the tables whose records need a
        citation. Declared ("subjects"), else every one-field foreign key to a records table."""
        if self.citations is None:
            return {}
        by_field = {fk.fields[0]: fk.table for fk in self.citations.foreign_keys if len(fk.fields) == 1}
        declared = self.citations.declared.get("subjects")
        if declared is not None:
            return {name: by_field[name] for name in declared}
        return {name: table for name, table in by_field.items()
                if name != self.source_field and self.tables[table].role == "records"}

    @cached_property
    def cited(self) -> list[Table]:
        """The tables whose records need a citation, in resource order."""
        names = set(self.subjects.values())
        return [t for t in self.tables.values() if t.name in names]

    @cached_property
    def dated(self) -> Table | None:
        """The table whose records the timeline draws: the first cited table with declared dates."""
        return next((t for t in self.cited if t.dates), None)

    def table_of_id(self, value: str) -> Table | None:
        """The table an ID belongs to, by the ID patterns of the tables' keys (tombstones name IDs that are
        no longer in any table)."""
        return next((t for t in self.tables.values() if t.role != "tombstones" and t.is_id(value)), None)

    def referencing(self, name: str) -> list[tuple[Table, ForeignKey]]:
        """The foreign keys of other tables that point at this one."""
        return [(t, fk) for t in self.tables.values() for fk in t.foreign_keys
                if fk.table == name and t.name != name]


def resource_order(schemas: dict[str, dict], declared: list[str] | None) -> list[str]:
    """The tables in the order the package lists them: each after the tables its foreign keys point to (ties
    by name), with the tombstones last; tables named in package.json's "order" come first, in that order."""
    needs = {name: {fk.table for fk in foreign_keys(name, schema) if fk and fk.table != name and fk.table in schemas}
             for name, schema in schemas.items()}
    order: list[str] = []
    while len(order) < len(needs):
        ready = sorted(n for n in needs if n not in order and needs[n] <= set(order))
        if not ready:  # a cycle of foreign keys: the rest by name
            ready = sorted(n for n in needs if n not in order)
        order.append(ready[0])
    first = [n for n in declared or [] if n in schemas]
    tombstones = [n for n in order if role_of(n, schemas[n]) == "tombstones" and n not in first]
    return first + [n for n in order if n not in tombstones and n not in first] + tombstones


def role_of(name: str, schema: dict) -> str:
    declared = schema.get("factpack", {}) if isinstance(schema.get("factpack"), dict) else {}
    return declared.get("role") or ROLE_BY_NAME.get(name, "records")


def published(schema: dict) -> dict:
    """The schema as the package publishes it: without factpack's own objects."""
    out = {k: v for k, v in schema.items() if k != "factpack"}
    out["fields"] = [{k: v for k, v in f.items() if k != "factpack"} for f in schema["fields"]]
    return out


def build_model(schemas: dict[str, dict], meta: dict, codebook: str = "") -> Model:
    """The model of checked descriptors (check/schemas.py checks them and calls this)."""
    settings = meta.get("factpack", {})
    order = resource_order(schemas, settings.get("order"))
    tables = {}
    for name in order:
        schema = schemas[name]
        tables[name] = Table(name, published(schema), dict(schema.get("factpack", {})), role_of(name, schema),
                             {f["name"]: f["factpack"] for f in schema["fields"] if "factpack" in f})
    return Model(tables, {k: v for k, v in meta.items() if k != "factpack"}, settings, codebook)
