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
import json
import os
import secrets
import shutil
import tempfile
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Callable

import pyarrow as pa
import pyarrow.parquet as pq

from . import citation as metadata
from . import page
from . import tables
from . import timeline
from ..arrays import parallel
from ..check.project import Checked, validate
from ..paths import RESOURCES, Project, data_csv, data_parquet, package_seed
from ..problems import FactpackError, Problem, Report
from .readme import CITATION_FILE, JSONLD, PAGE, TIMELINE, package_readme

DATAPACKAGE_SCHEMA = "https://datapackage.org/profiles/2.0/datapackage.json"
RESOURCE_SCHEMA = "https://datapackage.org/profiles/2.0/dataresource.json"
TMP_PREFIX = ".datapackage.tmp-"


def build(project: Project) -> Checked:
    """Check the project and, when valid, replace datapackage/ with the new package."""
    with build_lock(project):
        checked = validate(project)
        replace_output_with(project, lambda folder: write_package(checked, folder, sync=True))
    return checked


def render(checked: Checked) -> dict[str, bytes]:
    """Every file of the package, by its path inside datapackage/, in memory (for releases and
    verification; the build writes them one by one instead). Same inputs, same bytes."""
    with tempfile.TemporaryDirectory() as folder:
        write_package(checked, Path(folder), sync=False)
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(Path(folder).rglob("*"))
                if p.is_file()}


def write_package(checked: Checked, folder: Path, sync: bool) -> list[Future]:
    """Write every file of the package into folder; same inputs, same bytes. Each table is sorted
    once, then its CSV (a batch of rows at a time) and its Parquet file are written side by side.
    With sync, each file is flushed to disk as soon as it is written: returns those pending fsyncs."""
    resources, syncs = [], []
    writer = ThreadPoolExecutor(1, thread_name_prefix="factpack-parquet")  # beside the CSV work
    syncer = ThreadPoolExecutor(1, thread_name_prefix="factpack-fsync")

    def flush(*paths: Path) -> None:
        if sync:
            syncs.extend(syncer.submit(_fsync, path) for path in paths)

    try:
        orders = parallel(lambda r: tables.sort_order(checked.schemas[r], checked.columns[r]), RESOURCES)
        for resource, order in zip(RESOURCES, orders):
            schema = checked.schemas[resource]
            table = tables.to_arrow(schema, checked.columns[resource], order)
            csv_path, parquet_path = folder / data_csv(resource), folder / data_parquet(resource)
            parquet = writer.submit(_write_parquet, parquet_path, table)
            csv_size, csv_hash = _write(csv_path, tables.csv_parts(table))
            parquet_hash = parquet.result()
            del table
            flush(csv_path, parquet_path)
            resources.append(_resource(resource, data_csv(resource), "csv", "text/csv", csv_size, csv_hash,
                                       schema.descriptor))
            resources.append(_resource(f"{resource}-parquet", data_parquet(resource), "parquet",
                                       "application/vnd.apache.parquet", None, parquet_hash, schema.descriptor))
        files = {seed.file: seed.text.encode("utf-8")
                 for seed in sorted(checked.seeds.values(), key=lambda s: s.file)}
        descriptor = package_descriptor(checked, resources)
        files["datapackage.json"] = (json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        files["README.md"] = package_readme(checked, descriptor).encode("utf-8")
        files[TIMELINE] = timeline.timeline_svg(checked).encode("utf-8")
        files[CITATION_FILE] = metadata.citation_cff(checked, descriptor).encode("utf-8")
        files[JSONLD] = metadata.dataset_jsonld(checked, descriptor).encode("utf-8")
        files[PAGE] = page.page_html(checked, descriptor).encode("utf-8")
        files["CHANGELOG.md"] = _changelog(checked.project)
        for relative, data in files.items():
            _write(folder / relative, [data])
            flush(folder / relative)
    except BaseException:
        syncer.shutdown(cancel_futures=True)
        raise
    finally:
        # Interrupted or not, no worker may still write into folder once this returns: the caller removes it.
        writer.shutdown(cancel_futures=True)
    syncer.shutdown(wait=False)  # the pending fsyncs still run
    return syncs


def package_descriptor(checked: Checked, resources: list[dict]) -> dict:
    meta = metadata.published_meta(checked.meta, checked.project)
    columns = checked.columns["sources"]
    order = tables.sort_order(checked.schemas["sources"], columns)
    sources = {name: (columns[name] if order is None else columns[name].take(order)).to_pylist()
               for name in ("headline", "seed_path")}
    meta["sources"] = [{"title": headline or seed_path, "path": package_seed(seed_path)}
                       for headline, seed_path in zip(sources["headline"], sources["seed_path"])]
    return {"$schema": DATAPACKAGE_SCHEMA, **meta, "resources": resources}


def _resource(name, path, fmt, mediatype, size: int | None, digest: str, schema: dict) -> dict:
    descriptor = {"$schema": RESOURCE_SCHEMA, "name": name, "type": "table", "path": path, "format": fmt,
                  "mediatype": mediatype}
    if fmt == "csv":
        descriptor["encoding"] = "utf-8"
        descriptor["dialect"] = {"delimiter": ",", "quoteChar": '"', "header": True}
    if fmt == "csv":
        # frictionless 5 reads Parquet around its byte stream and so reports every declared
        # `bytes` as a mismatch; Parquet files carry their hash here and in SHA256SUMS.
        descriptor["bytes"] = size
    descriptor["hash"] = "sha256:" + digest
    descriptor["schema"] = schema
    return descriptor


def _write(path: Path, parts) -> tuple[int, str]:
    """Write the parts one after another; the file's size and sha256."""
    digest, size = hashlib.sha256(), 0
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as handle:
        for part in parts:
            handle.write(part)
            digest.update(part)
            size += len(part)
    return size, digest.hexdigest()


def _write_parquet(path: Path, table) -> str:
    """Write the table as Parquet; the file's sha256."""
    path.parent.mkdir(parents=True, exist_ok=True)
    plain = [pa.field(f.name, f.type.value_type if pa.types.is_dictionary(f.type) else f.type) for f in table.schema]
    table = table.cast(pa.schema(plain))  # a dictionary column is written as the text it stands for
    # No pandas metadata (the table never passed through pandas); zstd; the writer's version
    # (created_by) is embedded, so pyarrow is pinned in requirements.lock.
    pq.write_table(table, path, compression="zstd", store_schema=False)
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _fsync(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


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


def replace_output(project: Project, files: dict[str, bytes], target: Path | None = None) -> None:
    """Replace datapackage/ (or target, a folder factpack owns such as dist/) with these files (see
    replace_output_with)."""

    def write(folder: Path) -> list[Future]:
        for relative, data in sorted(files.items()):
            _write(folder / relative, [data])
            _fsync(folder / relative)
        return []

    replace_output_with(project, write, target)


def replace_output_with(project: Project, write: Callable[[Path], list[Future]], target: Path | None = None) -> None:
    """Have write fill a new folder beside datapackage/ (or target; returning its pending fsyncs), then
    swap it in with one atomic rename."""
    target = target or project.output_dir
    # Named before it is made, so that a signal landing right after the mkdir still finds it to remove.
    staging = target.parent / f"{TMP_PREFIX}{os.getpid()}-{secrets.token_hex(4)}"
    try:
        staging.mkdir(mode=0o700)
        syncs = write(staging)
        for path in staging.rglob("*"):
            os.chmod(path, 0o755 if path.is_dir() else 0o644)
        os.chmod(staging, 0o755)
        for sync in syncs:  # every file on disk before the swap
            sync.result()
        if target.exists():
            _exchange(staging, target)  # staging now holds the previous package
        else:
            os.rename(staging, target)
    finally:
        _remove(staging)


def _remove(folder: Path) -> None:
    """Remove the folder, even when a signal (SIGTERM, Ctrl-C) interrupts the removal: finish it, then exit."""
    try:
        shutil.rmtree(folder, ignore_errors=True)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


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
