"""Verify a release: every checksum holds, and the repository rebuilds the same bytes.

The rebuild is tried from the working tree first and then, when the working tree has moved on (a
later release, unreleased edits), from the commit that recorded the release: the tag v<version>, or
the commit that added releases/<version>/SHA256SUMS, exported with `git archive` (offline). Where that
commit carries factpack's own code (src/factpack/, as this repository does), the release is rebuilt with
that code, in a process of its own: a release is reproduced by the code that made it, so later changes to
factpack's output never make an earlier release unverifiable.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..check.project import validate
from ..check.schemas import load_meta, schema_files
from ..paths import DESCRIPTOR, Project
from ..problems import FactpackError, Problem, Report
from ..read import package as datapkg
from ..read.files import parse_json, read_bytes
from ..write.package import render
from . import archive
from .versioning import Version

Rebuild = Callable[[], tuple["dict[str, bytes] | None", str]]


@dataclass
class Verification:
    shown: str
    name: str = ""
    version: str = ""
    files: int = 0
    rebuilt_from: str | None = None
    legacy_layout: bool = False  # the archive nests its files under <name>-<version>/ (releases up to 1.0.0)
    tried: list[str] = field(default_factory=list)
    report: Report = field(default_factory=Report)
    rebuilt: dict[str, bytes] | None = None  # the package files the repository rebuilt, when they match

    def to_dict(self) -> dict:
        body = json.loads(self.report.to_json())
        return {**body, "archive": self.shown, "name": self.name, "version": self.version, "files": self.files,
                "layout": "nested (up to 1.0.0)" if self.legacy_layout else "root",
                "rebuilt_from": self.rebuilt_from, "tried": self.tried}


def current_archive(project: Project) -> Path:
    """dist/<name>-<version>.zip for the version in schemas/package.json."""
    meta = load_meta(project)
    return project.dist_dir / archive.file_name(meta["name"], meta["version"])


def verify(path: Path | None, project: Project, shown: str | None = None) -> Verification:
    """Verify an archive or an unzipped one (None: the current version's archive in dist/); or, given a
    released version (1.0.0), the release recorded in releases/<version>/."""
    schema_files(project)  # the rebuild and the record need the project that made the release
    if path is None:
        path = current_archive(project)
        shown = project.display(path)
    if not path.exists() and Version.parse(str(path)) is not None:
        return verify_recorded(project, str(path))
    if path.is_dir() and path.resolve().parent == project.releases_dir.resolve() and Version.parse(path.name):
        return verify_recorded(project, path.name)  # releases/<version>/ itself
    v = Verification(shown or str(path))
    try:
        data = read_bytes(path, v.shown, "table") if path.is_file() else None
        files = _read(path, data, v)
        if files is None:
            return v
        descriptor = parse_json(files[DESCRIPTOR], f"{v.shown}/{DESCRIPTOR}") if DESCRIPTOR in files else None
    except FactpackError as e:
        v.report.extend(e.report.problems)
        return v
    v.files = len(files)
    if not isinstance(descriptor, dict):
        v.report.add(_problem(v, DESCRIPTOR, "not-a-package", f"no {DESCRIPTOR} that is a JSON object"))
        return v
    v.name, v.version = str(descriptor.get("name", "")), str(descriptor.get("version", ""))
    if data is not None:
        _check_layout(data, v)
        _check_dist_sums(path, data, v)
    _check_sums(files, v)
    _check_descriptor_hashes(descriptor, files, v)
    _check_recorded(files, project, v)
    _check_rebuild(files, data, project, v)
    return v


def _read(path: Path, data: bytes | None, v: Verification) -> dict[str, bytes] | None:
    """The archive's files (FactpackError for a damaged or hostile archive), or the folder's, each read
    inside it."""
    if data is not None:
        return datapkg.read_zip(data, v.shown)[1]
    if path.is_dir():
        return dict(datapkg.FolderFiles(path, v.shown))
    v.report.add(_problem(v, None, "no-such-path", f"{v.shown} does not exist"))
    return None


def _check_layout(data: bytes, v: Verification) -> None:
    """datapackage.json at the root (the zipped-package convention); or, as releases up to 1.0.0 made them,
    every file under <name>-<version>/."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = z.namelist()
    folder = archive.folder_name(v.name, v.version) + "/"
    if "datapackage.json" not in names and f"{folder}datapackage.json" in names:
        v.legacy_layout = True
        v.report.add(_problem(v, None, "archive-layout-nested",
                              f"every file is under {folder}, as releases up to 1.0.0 were packed: frictionless "
                              "reads only an archive with datapackage.json at its root (factpack dist writes one)",
                              "warning"))
        strays = [n for n in names if not n.startswith(folder) or n.endswith("/")]
    else:
        strays = [n for n in names if n.endswith("/")]
    for name in strays:
        v.report.add(_problem(v, name, "archive-layout", "the archive holds the package's files and nothing else"))


def _check_dist_sums(path: Path, data: bytes, v: Verification) -> None:
    """The SHA256SUMS beside an archive in dist/ (the release assets' checksums), where it lists the archive."""
    sums_file = path.parent / archive.SUMS
    listed = archive.parse_sums(sums_file.read_bytes()) if sums_file.is_file() else None
    if listed and path.name in listed and listed[path.name] != hashlib.sha256(data).hexdigest():
        v.report.add(_problem(v, path.name, "checksum-mismatch",
                              f"{path.name} does not match its sha256 in {sums_file.name} beside it"))


def _check_sums(files: dict[str, bytes], v: Verification) -> None:
    if archive.SUMS not in files:
        v.report.add(_problem(v, archive.SUMS, "sums-missing", f"the archive has no {archive.SUMS}"))
        return
    sums = archive.parse_sums(files[archive.SUMS])
    if sums is None:
        v.report.add(_problem(v, archive.SUMS, "sums-unreadable", "each line must be '<sha256>  <path>'"))
        return
    for path in sorted(sums.keys() | files.keys() - {archive.SUMS}):
        if path not in files:
            v.report.add(_problem(v, path, "file-missing", f"{path} is listed in {archive.SUMS} but missing"))
        elif path not in sums:
            v.report.add(_problem(v, path, "file-unlisted", f"{path} is not listed in {archive.SUMS}"))
        elif hashlib.sha256(files[path]).hexdigest() != sums[path]:
            v.report.add(_problem(v, path, "checksum-mismatch", f"{path} does not match its sha256 in {archive.SUMS}"))


def _check_descriptor_hashes(descriptor: dict, files: dict[str, bytes], v: Verification) -> None:
    resources = descriptor.get("resources", [])
    for resource in resources if isinstance(resources, list) else []:
        if not isinstance(resource, dict):
            continue
        path, declared = resource.get("path"), str(resource.get("hash", ""))
        if path not in files:
            v.report.add(_problem(v, str(path), "file-missing", f"resource '{resource.get('name')}' has no file"))
            continue
        if declared.startswith("sha256:") and hashlib.sha256(files[path]).hexdigest() != declared[7:]:
            v.report.add(_problem(v, path, "checksum-mismatch", f"{path} does not match its hash in datapackage.json"))
        if "bytes" in resource and resource["bytes"] != len(files[path]):
            v.report.add(_problem(v, path, "size-mismatch", f"{path} does not have the size datapackage.json gives"))


def _check_recorded(files: dict[str, bytes], project: Project, v: Verification) -> None:
    recorded = project.release_dir(v.version) / archive.SUMS
    if not recorded.is_file():
        v.report.add(_problem(v, archive.SUMS, "unrecorded-release",
                              f"releases/{v.version}/{archive.SUMS} is not in the repository: not a recorded release",
                              "warning"))
    elif recorded.read_bytes() != files.get(archive.SUMS):
        v.report.add(_problem(v, archive.SUMS, "not-the-released-archive",
                              f"{archive.SUMS} differs from releases/{v.version}/{archive.SUMS}: the archive is not "
                              "the one released"))


def verify_recorded(project: Project, version: str) -> Verification:
    """The release recorded in releases/<version>/: its files match its SHA256SUMS, and the repository
    rebuilds a package with that SHA256SUMS (kept in the result's `rebuilt`, for factpack dist)."""
    folder = project.release_dir(version)
    v = Verification(project.display(folder), version=version)
    if not (folder / archive.SUMS).is_file():
        v.report.add(_problem(v, archive.SUMS, "unrecorded-release",
                              f"no release {version} is recorded: releases/{version}/{archive.SUMS} is missing"))
        return v
    try:
        recorded = dict(datapkg.FolderFiles(folder, v.shown))
        descriptor = parse_json(recorded[DESCRIPTOR], f"{v.shown}/{DESCRIPTOR}") if DESCRIPTOR in recorded else None
    except FactpackError as e:
        v.report.extend(e.report.problems)
        return v
    if not isinstance(descriptor, dict):
        v.report.add(_problem(v, DESCRIPTOR, "not-a-package", f"no {DESCRIPTOR} that is a JSON object"))
        return v
    v.name = str(descriptor.get("name", ""))
    sums = archive.parse_sums(recorded[archive.SUMS]) or {}
    for path, data in sorted(recorded.items()):
        if path == archive.SUMS:
            continue
        if path not in sums:
            v.report.add(_problem(v, path, "file-unlisted", f"{path} is not listed in {archive.SUMS}: remove it"))
        elif sums[path] != hashlib.sha256(data).hexdigest():
            v.report.add(_problem(v, path, "checksum-mismatch", f"{path} does not match its sha256 in {archive.SUMS}"))
    if not v.report.valid:
        return v
    v.rebuilt = _check_rebuild(recorded, None, project, v)
    if v.rebuilt is not None:
        v.files = len(archive.with_sums(v.rebuilt))
    return v


def _check_rebuild(files: dict[str, bytes], data: bytes | None, project: Project,
                   v: Verification) -> dict[str, bytes] | None:
    """The package files the repository rebuilds to match: the archive's bytes when given (in the archive's
    own layout), else the files (an unzipped archive, or a recorded release: its SHA256SUMS then covers
    every file)."""
    with tempfile.TemporaryDirectory(prefix="factpack-verify-") as tmp:
        for label, rebuild in _candidates(project, v.version, Path(tmp)):
            rebuilt, message = rebuild()
            if rebuilt is None:
                v.tried.append(f"{label}: {message}")
                continue
            ours = archive.with_sums(rebuilt)
            if data is not None:
                same = archive.build_archive(v.name, v.version, rebuilt, v.legacy_layout)[1] == data
            else:
                same = all(ours.get(path) == content for path, content in files.items()) and \
                    ours[archive.SUMS] == files[archive.SUMS]
            if same:
                v.rebuilt_from = label
                v.tried.append(f"{label}: identical")
                return rebuilt
            v.tried.append(f"{label}: {_difference(ours, files)}")
    v.report.add(_problem(v, None, "not-reproducible", "the repository does not rebuild these bytes: "
                          + "; ".join(v.tried) + f" (to verify an earlier release, check out its commit, e.g. "
                          f"git checkout v{v.version}, and verify again)"))
    return None


def _candidates(project: Project, version: str, tmp: Path) -> Iterator[tuple[str, Rebuild]]:
    yield "working tree", lambda: _rebuild(project, version)
    commit = _release_commit(project.root, version)
    if commit is None:
        return
    top = Path(_git(project.root, "rev-parse", "--show-toplevel") or project.root)
    prefix = _git(project.root, "rev-parse", "--show-prefix") or ""
    tree = subprocess.run(["git", "archive", "--format=tar", commit], cwd=top, capture_output=True, check=False)
    if tree.returncode != 0:
        return
    with tarfile.open(fileobj=io.BytesIO(tree.stdout)) as tar:
        safe = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}  # Python 3.11.4+
        tar.extractall(tmp / "release", **safe)  # type: ignore[arg-type]
    released = Project.at(tmp / "release" / prefix)
    code = tmp / "release" / "src"
    label = f"commit {commit[:12]}"
    if (code / "factpack" / "__main__.py").is_file():
        yield label, lambda: _rebuild_with_its_code(released, code, version)
    else:  # factpack is installed, not kept in the project's repository: the installed code rebuilds it
        yield label, lambda: _rebuild(released, version)


def _release_commit(root: Path, version: str) -> str | None:
    return (_git(root, "rev-parse", "-q", "--verify", f"refs/tags/v{version}^{{commit}}")
            or _git(root, "log", "-1", "--format=%H", "--diff-filter=A", "--",
                    f"releases/{version}/{archive.SUMS}"))


def _git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)
    except OSError:
        return None
    return (done.stdout.strip() or None) if done.returncode == 0 else None


def _rebuild(project: Project, version: str) -> tuple[dict[str, bytes] | None, str]:
    try:
        checked = validate(project)
    except FactpackError as e:
        return None, f"does not build ({len(e.report.errors)} error(s))"
    built_version = str(checked.meta.get("version", ""))
    if built_version != version:
        return None, f"builds version {built_version}, not {version}"
    return render(checked), ""


def _rebuild_with_its_code(project: Project, code: Path, version: str) -> tuple[dict[str, bytes] | None, str]:
    """`python -m factpack build` with the commit's own src/ first on the path."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(code), os.environ.get("PYTHONPATH")]))}
    done = subprocess.run([sys.executable, "-m", "factpack", "build", "--project", str(project.root)],
                          cwd=project.root, env=env, capture_output=True, stdin=subprocess.DEVNULL, check=False)
    if done.returncode != 0:
        return None, f"does not build with its own code (exit {done.returncode})"
    output = project.output_dir
    files = {p.relative_to(output).as_posix(): p.read_bytes() for p in sorted(output.rglob("*")) if p.is_file()}
    try:
        built = json.loads(files[DESCRIPTOR])
        built_version = str(built.get("version", "")) if isinstance(built, dict) else ""
    except (KeyError, ValueError):
        return None, "its own code wrote no readable datapackage.json"
    if built_version != version:
        return None, f"builds version {built_version}, not {version}"
    return files, ""


def _difference(rebuilt: dict[str, bytes], files: dict[str, bytes]) -> str:
    ours, theirs = archive.parse_sums(rebuilt[archive.SUMS]), archive.parse_sums(files.get(archive.SUMS, b""))
    if ours is not None and theirs:  # by the checksums: a recorded release holds only some of the files
        differ = sorted(p for p in ours.keys() | theirs.keys() if ours.get(p) != theirs.get(p))
    else:
        differ = sorted(p for p in rebuilt.keys() | files.keys() if rebuilt.get(p) != files.get(p))
    if not differ:
        return "same files, but the zip's bytes differ (re-packed by another tool?)"
    shown = ", ".join(differ[:5]) + (f" and {len(differ) - 5} more" if len(differ) > 5 else "")
    return f"differs in {shown}"


def _problem(v: Verification, path: str | None, code: str, message: str, severity: str = "error") -> Problem:
    return Problem(v.shown, None, path, code, None, message, severity)
