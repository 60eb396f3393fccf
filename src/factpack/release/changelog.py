"""releases/CHANGELOG.md in Keep a Changelog form, newest first: one entry per release.

An entry has the version, the date, the curator's note and a summary generated from the diff against
the previous release: counts per resource and the IDs added, removed and changed. The date comes from
SOURCE_DATE_EPOCH or the last commit, never from the wall clock, so that a release can be rebuilt.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Mapping
from pathlib import Path

from ..model import Table
from ..problems import FactpackError, Problem, Report
from ..read.package import Package
from .diff import PackageDiff, key_list

TITLE = "# Changelog"
HEADER = f"""{TITLE}

All notable changes to this data package, newest first. The format follows
[Keep a Changelog](https://keepachangelog.com/en/1.1.0/); version numbers follow the data versioning
rules of factpack (after the Frictionless Data Package Version recipe): MAJOR for removed or renamed
resources or fields, type changes, tightened constraints and removed records; MINOR for new records,
fields or resources and loosened constraints; PATCH for corrected values and metadata.
"""


MAX_EPOCH = 253402300799  # 9999-12-31T23:59:59Z, the last moment a YYYY-MM-DD date can show


def release_date(root: Path, environ: Mapping[str, str]) -> str:
    """YYYY-MM-DD (UTC) of SOURCE_DATE_EPOCH, else of the last commit (git log -1 --format=%ct)."""
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        try:
            done = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True,
                                  check=False)
            epoch = done.stdout.strip() if done.returncode == 0 else ""
        except OSError:
            epoch = ""
    if not (epoch.isascii() and epoch.isdigit()) or int(epoch) > MAX_EPOCH:
        raise FactpackError(Report([Problem("releases/CHANGELOG.md", None, None, "no-release-date", epoch or None,
                                            "no date for the release: set SOURCE_DATE_EPOCH (seconds since 1970, "
                                            "before the year 10000) or commit the project to git; the wall clock is "
                                            "never used")]))
    return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date().isoformat()


def entry(version: str, date: str, note: str, bump: str, required: str, new: Package,
          d: PackageDiff | None, graves: Table | None = None) -> str:
    lines = [f"## [{version}] - {date}", "", _prose(note), ""]
    if d is None:
        lines += ["First release: every record is new.", ""]
    else:
        lines += [f"A {bump} release (the changes since {d.old.version} need {required}).", ""]
    lines += _counts(new, d)
    if d is not None:
        lines += _sections(d, graves)
    return "\n".join(lines).rstrip("\n") + "\n"


def _prose(note: str) -> str:
    """The curator's note as a paragraph of the entry: a line that would start a heading ('## [9.9.9]') or a
    block is escaped, so that no note can forge an entry of the release history."""
    lines = note.strip().splitlines()
    return "\n".join("\\" + line.lstrip() if line.lstrip().startswith(("#", ">", "```", "---", "===")) else line
                     for line in lines)


def insert(existing: str | None, new_entry: str) -> str:
    """The changelog with the entry on top of the earlier ones (the header is written when missing)."""
    text = existing if existing and existing.startswith(TITLE) else HEADER
    at = text.find("\n## [")
    if at == -1:
        return text.rstrip("\n") + "\n\n" + new_entry
    return text[:at].rstrip("\n") + "\n\n" + new_entry + "\n" + text[at + 1:]


def _counts(new: Package, d: PackageDiff | None) -> list[str]:
    if d is None:
        lines = ["| resource | rows |", "| --- | ---: |"]
        return lines + [f"| {name} | {len(r.rows)} |" for name, r in new.resources.items()] + [""]
    lines = ["| resource | rows | added | removed | changed |", "| --- | ---: | ---: | ---: | ---: |"]
    for r in d.resources:
        lines.append(f"| {r.name} | {r.rows_after} | {len(r.added)} | {len(r.removed)} | {len(r.changed)} |")
    return [*lines, ""]


def _sections(d: PackageDiff, graves: Table | None) -> list[str]:
    added: list[str] = []
    changed: list[str] = []
    removed: list[str] = []
    tombstones = _tombstones(d, graves)
    for c in d.metadata:
        changed.append(f"- package {c.detail}")
    for r in d.resources:
        for c in r.schema:
            line = f"- {r.name}: {c.detail}"
            (added if c.kind in ("resource-added", "field-added") else
             removed if c.kind in ("resource-removed", "field-removed") else changed).append(line)
        if r.status in ("added", "removed"):
            continue
        if r.added:
            added.append(f"- {r.name}: {key_list(list(r.added), limit=None)}")
        if r.changed:
            shown = ", ".join(f"{'/'.join(c.key)} ({', '.join(c.fields)})" for c in r.changed)
            changed.append(f"- {r.name}: {shown}")
        for key in r.removed:
            removed.append(f"- {r.name}: {'/'.join(key)}{tombstones.get(key[0], '')}")
    lines = []
    for title, items in (("Added", added), ("Changed", changed), ("Removed", removed)):
        if items:
            lines += [f"### {title}", "", *items, ""]
    return lines


def _tombstones(d: PackageDiff, graves: Table | None) -> dict[str, str]:
    """ID -> ' (withdrawn: reason; superseded by X)' from the new package's tombstones."""
    resource = d.new.resources.get(graves.name) if graves else None
    if graves is None or resource is None:
        return {}
    id_field, reason, successor_field = (graves.role_field(c) for c in ("id", "reason", "successor"))
    out = {}
    for row in map(resource.record, resource.rows):
        successor = f"; superseded by {row[successor_field]}" if row.get(successor_field) else ""
        out[row.get(id_field, "")] = f" (withdrawn: {row.get(reason, '')}{successor})"
    return out
