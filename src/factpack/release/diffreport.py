"""A package diff as Markdown for people and as JSON for machines."""

from __future__ import annotations

import json

from ..read.package import Package
from .diff import Change, PackageDiff, ResourceDiff, key_text


def to_dict(d: PackageDiff) -> dict:
    return {
        "old": {"name": d.old.name, "version": d.old.version, "source": d.old.shown},
        "new": {"name": d.new.name, "version": d.new.version, "source": d.new.shown},
        "bump": d.bump,
        "changes": [c.to_dict() for c in d.changes()],
        "resources": [_resource_dict(r) for r in d.resources],
    }


def to_json(d: PackageDiff) -> str:
    return json.dumps(to_dict(d), ensure_ascii=False, indent=2)


def _resource_dict(r: ResourceDiff) -> dict:
    return {
        "name": r.name, "status": r.status, "primary_key": r.primary_key,
        "rows_before": r.rows_before, "rows_after": r.rows_after,
        "added": [{"key": list(k), "row": row} for k, row in r.added.items()],
        "removed": [{"key": list(k), "row": row} for k, row in r.removed.items()],
        "changed": [{"key": list(c.key), "fields": {f: {"before": a, "after": b} for f, (a, b) in c.fields.items()}}
                    for c in r.changed],
    }


def to_markdown(d: PackageDiff) -> str:
    lines = [f"# {_label(d.old)} → {_label(d.new)}", ""]
    changes = d.changes()
    if not changes:
        return "\n".join([*lines, "No differences.", ""])
    lines += [f"These changes need a **{d.bump}** release:", ""]
    for level in ("major", "minor", "patch"):
        lines += [f"- {level}: {_where(c)}{c.detail}" for c in changes if c.level == level]
    lines += ["", "| resource | rows before | rows after | added | removed | changed |",
              "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for r in d.resources:
        lines.append(f"| {r.name} | {r.rows_before} | {r.rows_after} | {len(r.added)} | {len(r.removed)} | "
                     f"{len(r.changed)} |")
    lines.append("")
    if d.metadata:
        lines += ["## Package metadata", ""] + [f"- {c.detail} ({c.level})" for c in d.metadata] + [""]
    for r in d.resources:
        if r.status != "unchanged":
            lines += _resource_markdown(r)
    return "\n".join(lines)


def _resource_markdown(r: ResourceDiff) -> list[str]:
    lines = [f"## {r.name} ({r.status})", ""]
    if r.schema:
        lines += ["Schema and metadata:", ""] + [f"- {c.detail} ({c.level})" for c in r.schema] + [""]
    for title, keys in (("Added", list(r.added)), ("Removed", list(r.removed))):
        if keys:
            lines += [f"{title} ({len(keys)}): " + ", ".join(key_text(k) for k in keys), ""]
    if r.changed:
        lines += [f"Changed ({len(r.changed)}):", ""]
        for c in r.changed:
            lines.append(f"- {key_text(c.key)}")
            lines += [f"  - `{f}`: {_value(a)} → {_value(b)}" for f, (a, b) in c.fields.items()]
        lines.append("")
    return lines


def _label(package: Package) -> str:
    return f"{package.name} {package.version} ({package.shown})"


def _where(change: Change) -> str:
    return f"{change.resource}: " if change.resource else ""


def _value(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)
