"""Compare two data packages: records by primary key, schemas field by field, and metadata.

Every change gets a kind from versioning.RULES, so the diff also says which version bump it needs.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model import foreign_keys
from ..paths import Project
from ..problems import fail
from ..read.package import Package, Resource, load
from . import versioning
from .versioning import Version

# Resource properties that follow from the data, not from anyone's decision.
DERIVED = {"hash", "bytes"}
LOWER_BOUNDS = {"minimum", "minLength", "exclusiveMinimum", "minItems"}
UPPER_BOUNDS = {"maximum", "maxLength", "exclusiveMaximum", "maxItems"}

Key = tuple[str, ...]


@dataclass
class Change:
    kind: str  # a key of versioning.RULES
    resource: str | None
    field: str | None
    detail: str

    @property
    def level(self) -> str:
        return versioning.level_of(self.kind)

    def to_dict(self) -> dict:
        return {"kind": self.kind, "level": self.level, "resource": self.resource, "field": self.field,
                "detail": self.detail}


@dataclass
class RecordChange:
    key: Key
    fields: dict[str, tuple[str, str]]  # field -> (before, after), as CSV text


@dataclass
class ResourceDiff:
    name: str
    status: str  # added | removed | changed | unchanged
    primary_key: list[str]
    rows_before: int
    rows_after: int
    added: dict[Key, dict] = field(default_factory=dict)
    removed: dict[Key, dict] = field(default_factory=dict)
    changed: list[RecordChange] = field(default_factory=list)
    schema: list[Change] = field(default_factory=list)

    def record_changes(self) -> list[Change]:
        """The record-level changes, one per kind, for the version bump and its reasons."""
        out = []
        for kind, keys in (("record-removed", list(self.removed)), ("record-added", list(self.added)),
                           ("record-changed", [c.key for c in self.changed])):
            if keys and self.status not in ("added", "removed"):
                out.append(Change(kind, self.name, None, f"{len(keys)} {_rows(len(keys))} {kind.split('-')[1]}: "
                                                          f"{key_list(keys)}"))
        return out


@dataclass
class PackageDiff:
    old: Package
    new: Package
    metadata: list[Change]
    resources: list[ResourceDiff]

    def changes(self) -> list[Change]:
        out = list(self.metadata)
        for r in self.resources:
            out += r.schema + r.record_changes()
        return out

    @property
    def bump(self) -> str:
        return versioning.highest(c.level for c in self.changes())



def load_package(where: str, project: Project) -> Package:
    """A package folder, a project, a .zip archive, or a version released in the project."""
    path = Path(where)
    if not path.exists() and Version.parse(where) is not None:
        if not project.release_dir(where).is_dir():
            raise fail(f"releases/{where}", "unrecorded-release", f"no release {where} is recorded in releases/")
        return load(project.release_dir(where), f"releases/{where}")
    if not path.exists():
        raise fail(where, "no-such-path", f"{where} does not exist (nor is it a version released in this project)")
    return load(path, where)


def diff(old: Package, new: Package) -> PackageDiff:
    metadata = _package_metadata(old.descriptor, new.descriptor)
    resources = []
    for name in list(new.resources) + [n for n in old.resources if n not in new.resources]:
        resources.append(_resource_diff(old.resources.get(name), new.resources.get(name)))
    return PackageDiff(old, new, metadata, resources)


# --- records -------------------------------------------------------------------------------------

def _resource_diff(old: Resource | None, new: Resource | None) -> ResourceDiff:
    if old is None or new is None:
        present = new or old
        if present is None:
            raise ValueError("a resource diff needs the resource on at least one side")
        keyed = _keyed(present, present.primary_key)
        rows = {k: present.record(keyed[k]) for k in sorted(keyed, key=sort_key)}
        status = "added" if old is None else "removed"
        d = ResourceDiff(present.name, status, present.primary_key, len(old.rows) if old else 0,
                         len(new.rows) if new else 0)
        setattr(d, status, rows)
        d.schema = [Change(f"resource-{status}", present.name, None,
                           f"resource '{present.name}' {status} ({len(present.rows)} {_rows(len(present.rows))})")]
        return d
    key = new.primary_key if all(k in old.header for k in new.primary_key) else []
    before, after = _keyed(old, key), _keyed(new, key)
    d = ResourceDiff(new.name, "changed", key or new.header, len(old.rows), len(new.rows))
    d.added = {k: new.record(after[k]) for k in sorted(after.keys() - before.keys(), key=sort_key)}
    d.removed = {k: old.record(before[k]) for k in sorted(before.keys() - after.keys(), key=sort_key)}
    common = [(f, old.header.index(f), new.header.index(f)) for f in new.header if f in old.header]
    same_layout = old.header == new.header
    changed = []
    for k, a in before.items():
        b = after.get(k)
        if b is None or (same_layout and a == b):
            continue
        fields = {f: (a[i], b[j]) for f, i, j in common if a[i] != b[j]}
        if fields:
            changed.append(RecordChange(k, fields))
    d.changed = sorted(changed, key=lambda c: sort_key(c.key))
    d.schema = _schema_changes(new.name, old, new)
    if not (d.added or d.removed or d.changed or d.schema):
        d.status = "unchanged"
    return d


def _keyed(resource: Resource, key: list[str]) -> dict[Key, tuple[str, ...]]:
    # Without a usable primary key, a row is its own key: any edit shows as one removal and one addition.
    if not key:
        return {row: row for row in resource.rows}
    at = [resource.header.index(k) for k in key]
    if len(at) == 1:
        i = at[0]
        return {(row[i],): row for row in resource.rows}
    return {tuple(row[i] for i in at): row for row in resource.rows}


_ID = re.compile(r"([A-Z])([0-9]+)")


def sort_key(key: Key) -> tuple:
    # IDs sort by number (A10000 after A9999), as the package's rows do.
    parts = []
    for value in key:
        m = _ID.fullmatch(value)
        parts.append((0, m.group(1), int(m.group(2)), "") if m else (1, "", 0, value))
    return tuple(parts)


def key_text(key: Key) -> str:
    return "/".join(key)


def key_list(keys: list[Key], limit: int | None = 20) -> str:
    """Keys for people: consecutive IDs folded into ranges (E0001–E0005), long lists cut."""
    items: list[str] = []
    run: list[tuple[str, int, int, str]] = []  # (letter, number, width, text) of the current run

    def flush() -> None:
        if run:
            items.append(run[0][3] if len(run) == 1 else f"{run[0][3]}–{run[-1][3]}")
            run.clear()

    for key in sorted(keys, key=sort_key):
        m = _ID.fullmatch(key[0]) if len(key) == 1 else None
        if m is None:
            flush()
            items.append(key_text(key))
            continue
        letter, number, width = m.group(1), int(m.group(2)), len(m.group(2))
        if run and not (run[-1][0] == letter and run[-1][1] + 1 == number and run[-1][2] == width):
            flush()
        run.append((letter, number, width, key[0]))
    flush()
    if limit is not None and len(items) > limit:
        return ", ".join(items[:limit]) + f" and {len(items) - limit} more"
    return ", ".join(items)


def _rows(n: int) -> str:
    return "record" if n == 1 else "records"


# --- schemas -------------------------------------------------------------------------------------

def _schema_changes(resource: str, old: Resource, new: Resource) -> list[Change]:
    changes = _descriptor_changes(resource, old.descriptor, new.descriptor)
    a, b = old.schema, new.schema
    old_fields = {f["name"]: f for f in a.get("fields", [])}
    new_fields = {f["name"]: f for f in b.get("fields", [])}
    for name in old_fields:
        if name not in new_fields:
            changes.append(Change("field-removed", resource, name, f"field '{name}' removed"))
    for name in new_fields:
        if name not in old_fields:
            changes.append(Change("field-added", resource, name,
                                  f"field '{name}' added ({new_fields[name].get('type', 'string')})"))
    kept_old = [n for n in old_fields if n in new_fields]
    kept_new = [n for n in new_fields if n in old_fields]
    if kept_old != kept_new:
        changes.append(Change("fields-reordered", resource, None,
                              f"field order {', '.join(kept_old)} → {', '.join(kept_new)}"))
    for name in kept_new:
        changes += _field_changes(resource, old_fields[name], new_fields[name])
    if old.primary_key != new.primary_key:
        changes.append(Change("primary-key-changed", resource, None,
                              f"primary key {'+'.join(old.primary_key) or '(none)'} → "
                              f"{'+'.join(new.primary_key) or '(none)'}"))
    old_fks, new_fks = _foreign_keys(a), _foreign_keys(b)
    for fk in sorted(new_fks - old_fks):
        changes.append(Change("constraint-tightened", resource, None, f"foreign key added: {fk}"))
    for fk in sorted(old_fks - new_fks):
        changes.append(Change("constraint-loosened", resource, None, f"foreign key removed: {fk}"))
    for prop in sorted((a.keys() | b.keys()) - {"fields", "primaryKey", "foreignKeys"}):
        if a.get(prop) != b.get(prop):
            changes.append(Change("metadata-changed", resource, None,
                                  f"schema {prop}: {_shown(a.get(prop))} → {_shown(b.get(prop))}"))
    return changes


def _descriptor_changes(resource: str, a: dict, b: dict) -> list[Change]:
    changes = []
    for prop in sorted((a.keys() | b.keys()) - DERIVED - {"schema"}):
        if a.get(prop) != b.get(prop):
            changes.append(Change("metadata-changed", resource, None,
                                  f"{prop}: {_shown(a.get(prop))} → {_shown(b.get(prop))}"))
    return changes


def _field_changes(resource: str, a: dict, b: dict) -> list[Change]:
    name = b["name"]
    changes = []
    for prop in ("type", "format"):
        if a.get(prop) != b.get(prop):
            changes.append(Change("field-retyped", resource, name,
                                  f"'{name}' {prop} {_shown(a.get(prop))} → {_shown(b.get(prop))}"))
    ca, cb = a.get("constraints", {}), b.get("constraints", {})
    for constraint in sorted(ca.keys() | cb.keys()):
        before, after = ca.get(constraint), cb.get(constraint)
        if before != after:
            kind, detail = _constraint_change(constraint, before, after)
            changes.append(Change(kind, resource, name, f"'{name}' {detail}"))
    for prop in sorted((a.keys() | b.keys()) - {"name", "type", "format", "constraints"}):
        if a.get(prop) != b.get(prop):
            changes.append(Change("metadata-changed", resource, name,
                                  f"'{name}' {prop}: {_shown(a.get(prop))} → {_shown(b.get(prop))}"))
    return changes


def _constraint_change(name: str, before: Any, after: Any) -> tuple[str, str]:
    tight, loose = "constraint-tightened", "constraint-loosened"
    if name in ("required", "unique"):
        return (tight, f"is now {name}") if after else (loose, f"is no longer {name}")
    if before is None:
        return tight, f"{name} {_shown(after)} added"
    if after is None:
        return loose, f"{name} {_shown(before)} dropped"
    if name == "enum":
        gone = [v for v in before if v not in after]
        new = [v for v in after if v not in before]
        parts = ([f"lost {_shown(gone)}"] if gone else []) + ([f"gained {_shown(new)}"] if new else [])
        return (tight if gone else loose), f"enum {' and '.join(parts) or 'reordered'}"
    detail = f"{name} {_shown(before)} → {_shown(after)}"
    try:
        if name in LOWER_BOUNDS:
            return (tight if after > before else loose), detail
        if name in UPPER_BOUNDS:
            return (tight if after < before else loose), detail
    except TypeError:
        pass  # bounds of different kinds (a date against a number) cannot be ordered: treat as tightened
    return tight, detail  # a changed pattern (or anything else) may refuse values the old one allowed


def _foreign_keys(schema: dict) -> set[str]:
    """Each foreign key as text, by the model's one parser (a malformed one as the model reads it: none)."""
    return {f"{'+'.join(fk.fields)} → {fk.table}.{'+'.join(fk.ref_fields)}"
            for fk in foreign_keys("", schema) if fk is not None}


# --- package metadata ----------------------------------------------------------------------------

def _package_metadata(a: dict, b: dict) -> list[Change]:
    changes = []
    if a.get("name") != b.get("name"):
        changes.append(Change("package-renamed", None, None, f"name {_shown(a.get('name'))} → {_shown(b.get('name'))}"))
    for prop in sorted((a.keys() | b.keys()) - {"name", "version", "resources"}):
        if a.get(prop) != b.get(prop):
            changes.append(Change("metadata-changed", None, None,
                                  f"{prop}: {_shown(a.get(prop))} → {_shown(b.get(prop))}"))
    return changes


SHOWN = 160  # characters of a value in a change's detail; a long list (a code list) is summarised


def _shown(value: Any) -> str:
    if value is None:
        return "(none)"
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    if len(text) <= SHOWN:
        return text
    if isinstance(value, list):
        ends = [json.dumps(v, ensure_ascii=False, sort_keys=True) for v in (value[0], value[-1])]
        if sum(map(len, ends)) < SHOWN:
            return f"[{len(value)} items: {ends[0]} … {ends[1]}]"
        return f"[{len(value)} items]"
    return text[:SHOWN - 1] + "…"
