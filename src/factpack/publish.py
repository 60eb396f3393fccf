"""Write the package (data, seeds, README, citation metadata, timeline and page) atomically.

The new package is written in full to a temporary folder beside datapackage/ and swapped in with
one atomic rename, so a failed or interrupted build leaves the previous datapackage/ untouched.
A lock refuses a second build while one runs.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import hashlib
import io
import json
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pyarrow.parquet as pq

from . import metadata, page, tables, timeline
from .build import Checked, validate
from .paths import RESOURCES, Project, data_csv, data_parquet
from .problems import FactpackError, Problem, Report
from .readme import CITATION_FILE, JSONLD, PAGE, TIMELINE, package_readme

DATAPACKAGE_SCHEMA = "https://datapackage.org/profiles/2.0/datapackage.json"
RESOURCE_SCHEMA = "https://datapackage.org/profiles/2.0/dataresource.json"
TMP_PREFIX = ".datapackage.tmp-"


def build(project: Project) -> Checked:
    """Check the project and, when valid, replace datapackage/ with the new package."""
    with build_lock(project):
        checked = validate(project)
        files = render(checked)
        replace_output(project, files)
    return checked


def render(checked: Checked) -> dict[str, bytes]:
    """Every file of the package, by its path inside datapackage/. Same inputs, same bytes."""
    files: dict[str, bytes] = {}
    resources = []
    for resource in RESOURCES:
        schema, typed = checked.schemas[resource], checked.typed[resource]
        csv_bytes = tables.to_csv(schema, typed)
        parquet_bytes = _parquet(tables.to_arrow(schema, typed))
        files[data_csv(resource)] = csv_bytes
        files[data_parquet(resource)] = parquet_bytes
        resources.append(_resource(resource, data_csv(resource), "csv", "text/csv", csv_bytes, schema.descriptor))
        resources.append(_resource(f"{resource}-parquet", data_parquet(resource), "parquet",
                                   "application/vnd.apache.parquet", parquet_bytes, schema.descriptor))
    for seed in sorted(checked.seeds.values(), key=lambda s: s.file):
        files[seed.file] = seed.text.encode("utf-8")
    descriptor = package_descriptor(checked, resources)
    files["datapackage.json"] = (json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    files["README.md"] = package_readme(checked, descriptor).encode("utf-8")
    files[TIMELINE] = timeline.timeline_svg(checked).encode("utf-8")
    files[CITATION_FILE] = metadata.citation_cff(checked, descriptor).encode("utf-8")
    files[JSONLD] = metadata.dataset_jsonld(checked, descriptor).encode("utf-8")
    files[PAGE] = page.page_html(checked, descriptor).encode("utf-8")
    files["CHANGELOG.md"] = _changelog(checked.project)
    return files


def package_descriptor(checked: Checked, resources: list[dict]) -> dict:
    meta = dict(checked.meta)
    sources = checked.typed["sources"]
    order = tables.sort_order(checked.schemas["sources"], sources)
    meta["sources"] = [{"title": sources["headline"][i] or sources["seed_path"][i],
                        "path": f"seeds/{sources['seed_path'][i]}"} for i in order]
    return {"$schema": DATAPACKAGE_SCHEMA, **meta, "resources": resources}


def _resource(name, path, fmt, mediatype, data: bytes, schema: dict) -> dict:
    descriptor = {"$schema": RESOURCE_SCHEMA, "name": name, "type": "table", "path": path, "format": fmt,
                  "mediatype": mediatype}
    if fmt == "csv":
        descriptor["encoding"] = "utf-8"
        descriptor["dialect"] = {"delimiter": ",", "quoteChar": '"', "header": True}
    if fmt == "csv":
        # frictionless 5 reads Parquet around its byte stream and so reports every declared
        # `bytes` as a mismatch; Parquet files carry their hash here and in SHA256SUMS.
        descriptor["bytes"] = len(data)
    descriptor["hash"] = "sha256:" + hashlib.sha256(data).hexdigest()
    descriptor["schema"] = schema
    return descriptor


def _parquet(table) -> bytes:
    sink = io.BytesIO()
    # No pandas metadata (the table never passed through pandas); zstd; the writer's version
    # (created_by) is embedded, so pyarrow is pinned in requirements.lock.
    pq.write_table(table, sink, compression="zstd", store_schema=False)
    return sink.getvalue()


def _changelog(project: Project) -> bytes:
    if project.changelog.is_file():
        return project.changelog.read_bytes()
    return b"# Changelog\n\nNo release yet.\n"


@contextmanager
def build_lock(project: Project):
    project.root.mkdir(parents=True, exist_ok=True)
    with open(project.lock_file, "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            report = Report([Problem(project.display(project.output_dir), None, None, "build-locked", None,
                                     "another build of this project is running; wait for it to finish")])
            raise FactpackError(report) from None
        _remove_stale(project)  # left by a build that was killed; safe to remove under the lock
        yield


def _remove_stale(project: Project) -> None:
    for stale in project.root.glob(TMP_PREFIX + "*"):
        shutil.rmtree(stale, ignore_errors=True)


def replace_output(project: Project, files: dict[str, bytes]) -> None:
    target = project.output_dir
    staging = Path(tempfile.mkdtemp(prefix=TMP_PREFIX, dir=project.root))
    try:
        for relative, data in sorted(files.items()):
            path = staging / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            os.chmod(path, 0o644)
        for folder in sorted({p for p in staging.rglob("*") if p.is_dir()} | {staging}):
            os.chmod(folder, 0o755)
        _fsync_tree(staging)
        if target.exists():
            _exchange(staging, target)  # staging now holds the previous package
        else:
            os.rename(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _fsync_tree(root: Path) -> None:
    for path in root.rglob("*"):
        if path.is_file():
            with open(path, "rb") as handle:
                os.fsync(handle.fileno())


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> None:
    """Swap two folders in one atomic step (Linux renameat2); elsewhere, two renames in quick succession."""
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is not None:
        if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
            return
        if ctypes.get_errno() not in (errno.EINVAL, errno.ENOSYS):
            raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()), str(b))
    parked = a.with_name(a.name + "-old")
    os.rename(b, parked)
    os.rename(a, b)
    os.rename(parked, a)
