"""Cut a release: choose the version from the diff against the last release, write the changelog entry,
the package, its record in releases/<version>/ and the archive dist/<name>-<version>.zip.

The release history lives in the repository: releases/<version>/ keeps the released datapackage.json,
data/*.csv and the archive's SHA256SUMS (text, small, and byte-identical to the archive's files), so a
fresh clone can diff against any earlier release offline. The archive itself is rebuilt, not stored.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..check.project import validate
from ..model import Table
from ..paths import Project, data_csv
from ..problems import FactpackError, Problem, Report, fail
from ..read import package as datapkg
from ..write.output import build_lock, replace_with_files
from ..write.package import render
from . import archive, changelog
from .diff import PackageDiff, diff
from .dist import write_assets
from .versioning import FIRST, LEVELS, Version, at_least, level_between

BUMPS = ("auto", "major", "minor", "patch")


@dataclass
class Plan:
    name: str
    version: str
    previous: str | None
    bump: str  # the bump applied: major, minor, patch ("first" for a first release)
    required: str  # what the diff needs (none for a first release)
    date: str
    note: str
    entry: str  # the changelog entry
    files: dict[str, bytes]  # the package as datapackage/ will hold it (CHANGELOG.md included)
    archive_name: str
    archive: bytes
    diff: PackageDiff | None

    def snapshot(self) -> dict[str, bytes]:
        """The files kept in releases/<version>/."""
        files = {p: d for p, d in self.files.items() if p == "datapackage.json" or
                 (p.startswith("data/") and p.endswith(".csv"))}
        files[archive.SUMS] = archive.sha256sums(self.files)
        return files


def releases(project: Project) -> list[Version]:
    """Every release recorded in releases/, oldest first."""
    if not project.releases_dir.is_dir():
        return []
    found = [Version.parse(p.name) for p in project.releases_dir.iterdir() if (p / "datapackage.json").is_file()]
    return sorted(v for v in found if v is not None)


def load_release(project: Project, version: str) -> datapkg.Package:
    return datapkg.load(project.release_dir(version), f"releases/{version}")


def plan(project: Project, bump: str, note: str, date: str, version: str | None = None) -> Plan:
    """Everything the release would write, in memory; FactpackError when the release is refused."""
    checked = validate(project)
    current = Version.parse(str(checked.meta.get("version", "")))
    history = releases(project)
    previous = history[-1] if history else None
    # The new release's date, not the last release's.
    checked.model = dataclasses.replace(checked.model, meta={**checked.meta, "created": date})
    new = datapkg.from_files(render(checked), "datapackage")
    problems: list[Problem] = []
    d = None
    if not note.strip():
        problems.append(_problem("empty-note", None, "say in --note what this release changes and why"))
    if previous is None:
        required = "none"
        target, applied = _first_version(current, bump, version, problems)
    else:
        d = diff(load_release(project, str(previous)), new)
        required = d.bump
        problems += _tombstone_problems(d, checked.model.tombstones)
        if required == "none":
            problems.append(_problem("nothing-changed", None, f"nothing changed since release {previous}"))
        target, applied = _next_version(previous, required, bump, version, d, problems)
    if target is not None and project.release_dir(str(target)).exists() and required != "none":
        problems.append(_problem("release-exists", str(target), f"releases/{target}/ exists already"))
    if problems:
        raise FactpackError(Report(problems))
    checked.model = dataclasses.replace(checked.model, meta={**checked.meta, "version": str(target)})
    files = render(checked)
    entry = changelog.entry(str(target), date, note, applied, required, new, d, checked.model.tombstones)
    existing = project.changelog.read_text(encoding="utf-8") if project.changelog.is_file() else None
    files["CHANGELOG.md"] = changelog.insert(existing, entry).encode("utf-8")
    name = checked.meta.get("name", "")
    archive_name, archive_bytes = archive.build_archive(name, str(target), files)
    return Plan(name, str(target), str(previous) if previous else None, applied, required, date, note, entry,
                files, archive_name, archive_bytes, d)


def _first_version(current: Version | None, bump: str, version: str | None,
                   problems: list[Problem]) -> tuple[Version | None, str]:
    """The first release: --version as given; --bump from schemas/package.json; auto is 1.0.0."""
    if version is not None:
        target = Version.parse(version)
        if target is None:
            problems.append(_problem("bad-version", version, "a version is MAJOR.MINOR.PATCH, e.g. 1.0.0"))
        return target, "first"
    if current is None:
        problems.append(_problem("bad-version", None, "schemas/package.json needs a version MAJOR.MINOR.PATCH"))
        return None, "first"
    if bump == "auto":
        return max(current, FIRST), "first"
    return current.bump(bump), "first"


def _next_version(previous: Version, required: str, bump: str, version: str | None, d: PackageDiff,
                  problems: list[Problem]) -> tuple[Version | None, str]:
    if version is not None:
        target = Version.parse(version)
        if target is None:
            problems.append(_problem("bad-version", version, "a version is MAJOR.MINOR.PATCH, e.g. 1.2.0"))
            return None, "none"
        if target <= previous:
            problems.append(_problem("version-not-newer", version, f"{version} is not newer than {previous}"))
            return None, "none"
        applied = level_between(previous, target)
    else:
        applied = required if bump == "auto" else bump
        target = previous.bump(applied)
    if required != "none" and not at_least(applied, required):
        for c in d.changes():
            if LEVELS.index(c.level) > LEVELS.index(applied):
                problems.append(Problem(_file(c.resource), None, c.field, "bump-too-small", c.kind,
                                        f"a {applied} release cannot carry this change, which needs {c.level}: "
                                        f"{c.detail}"))
    return target, applied


def _tombstone_problems(d: PackageDiff, graves: Table | None) -> list[Problem]:
    """A removed ID needs a tombstone, and a tombstone is never removed."""
    tombstones = d.new.resources.get(graves.name) if graves else None
    id_field = graves.role_field("id") if graves else "id"
    file = f"curated/{graves.name}.csv" if graves else "curated/tombstones.csv"
    dead = set(tombstones.column(id_field)) if tombstones else set()
    problems = []
    for r in d.resources:
        if graves is not None and r.name == graves.name:
            for key in r.removed:
                problems.append(Problem(file, None, id_field, "tombstone-removed", key[0],
                                        f"the tombstone of {key[0]} (released in {d.old.version}) was removed: "
                                        "tombstones are permanent; restore the row"))
        elif len(r.primary_key) == 1:
            for key in r.removed:
                if key[0] not in dead:
                    problems.append(Problem(f"curated/{r.name}.csv", None, r.primary_key[0],
                                            "removed-without-tombstone", key[0],
                                            f"{key[0]} (released in {d.old.version}) is gone but has no tombstone: "
                                            f"add it to {file} with the reason and the ID that replaces it"))
    return problems


def _file(resource: str | None) -> str:
    return data_csv(resource) if resource else "datapackage.json"


def _problem(code: str, value: str | None, message: str) -> Problem:
    return Problem("releases", None, None, code, value, message)


def write(project: Project, p: Plan) -> list[str]:
    """Write the release; returns the paths written, relative to the project. All or nothing: a step that
    fails (a full disk, a permission) undoes the steps before it, so that no half-recorded release is left
    to block the next try. The assets in dist/ come last: they are made again from the record by factpack
    dist, so a failure there keeps the release and says how to finish."""
    snapshot = project.release_dir(p.version)
    undo: list[Callable[[], None]] = []
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{p.version}.tmp-", dir=_mkdir(project.releases_dir)))
        try:
            for relative, data in sorted(p.snapshot().items()):
                _write_file(staging / relative, data)
            os.chmod(staging, 0o755)  # mkdtemp makes it private; the record is not
            os.rename(staging, snapshot)
            undo.append(lambda: shutil.rmtree(snapshot, ignore_errors=True))
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        for path, data in ((project.changelog, p.files["CHANGELOG.md"]),
                           (project.package_meta, _bumped_meta(project, p.version))):
            before = path.read_bytes() if path.is_file() else None
            _write_file(path, data)
            undo.append(functools.partial(_restore, path, before))
        replace_with_files(project.output_dir, p.files)  # atomic: the old package stays if this fails
    except BaseException:
        for step in reversed(undo):
            step()
        raise
    try:
        write_assets(project, p.name, p.version, p.files)
    except OSError as e:
        raise fail(project.display(project.dist_dir), "io-error",
                   f"release {p.version} is recorded, but its assets could not be written to dist/ "
                   f"({e.strerror or e}): free some space, then run factpack dist") from None
    return [project.display(path) + suffix for path, suffix in (
        (snapshot, "/"), (project.changelog, ""), (project.package_meta, ""), (project.output_dir, "/"),
        (project.dist_dir, "/"))]


def _bumped_meta(project: Project, version: str) -> bytes:
    meta = json.loads(project.package_meta.read_text(encoding="utf-8"))
    meta["version"] = version
    return (json.dumps(meta, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _restore(path: Path, before: bytes | None) -> None:
    if before is None:
        path.unlink(missing_ok=True)
    else:
        _write_file(path, before)


def release(project: Project, bump: str, note: str, date: str, version: str | None = None,
            dry_run: bool = False) -> tuple[Plan, list[str]]:
    with build_lock(project):
        p = plan(project, bump, note, date, version)
        return p, ([] if dry_run else write(project, p))


def _mkdir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def _write_file(path: Path, data: bytes) -> None:
    """Atomic: a temporary file beside the target, then one rename."""
    _mkdir(path.parent)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.tmp-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
