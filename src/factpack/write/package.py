"""Write the package: every table as CSV and Parquet, the seeds, the descriptor, and the readers' files
(README, page, timeline, citation metadata), from one Summary computed once.

`build` checks the project and replaces datapackage/ atomically (write/output.py); `render` gives the
same files in memory, for releases and verification. Same inputs, same bytes.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from ..check.project import Checked, validate
from ..paths import DESCRIPTOR, Project, data_csv, data_parquet, package_seed
from . import citation, page, readme, tables, timeline
from .output import build_lock, fsync, replace_folder, write_file
from .summary import Summary, summarize

DATAPACKAGE_SCHEMA = "https://datapackage.org/profiles/2.0/datapackage.json"
RESOURCE_SCHEMA = "https://datapackage.org/profiles/2.0/dataresource.json"
PAGE, TIMELINE, CITATION_FILE, JSONLD = "index.html", "timeline.svg", "CITATION.cff", "dataset.jsonld"


def build(project: Project) -> Checked:
    """Check the project and, when valid, replace datapackage/ with the new package."""
    with build_lock(project):
        checked = validate(project)
        replace_folder(project.output_dir, lambda folder: write_package(checked, folder, sync=True))
    return checked


def render(checked: Checked) -> dict[str, bytes]:
    """Every file of the package, by its path inside datapackage/, in memory."""
    with tempfile.TemporaryDirectory() as folder:
        write_package(checked, Path(folder), sync=False)
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(Path(folder).rglob("*"))
                if p.is_file()}


def write_package(checked: Checked, folder: Path, sync: bool) -> list[Future]:
    """Write every file of the package into folder. Each table's CSV (a batch of rows at a time) and its
    Parquet file are written side by side. With sync, each file is flushed to disk as soon as it is
    written: returns those pending fsyncs."""
    summary = summarize(checked, citation.published_meta(checked.meta, checked.project),
                        _changelog(checked.project))
    syncs: list[Future] = []
    writer = ThreadPoolExecutor(1, thread_name_prefix="factpack-parquet")  # beside the CSV work
    syncer = ThreadPoolExecutor(1, thread_name_prefix="factpack-fsync")

    def flush(*paths: Path) -> None:
        if sync:
            syncs.extend(syncer.submit(fsync, path) for path in paths)

    try:
        resources = []
        for name, view in summary.views.items():
            csv_path, parquet_path = folder / data_csv(name), folder / data_parquet(name)
            parquet = writer.submit(_write_parquet, parquet_path, view.arrow)
            csv_size, csv_hash = write_file(csv_path, tables.csv_parts(view.arrow))
            parquet_hash = parquet.result()
            flush(csv_path, parquet_path)
            schema = view.table.schema
            resources.append(_resource(name, data_csv(name), "csv", "text/csv", csv_size, csv_hash, schema))
            resources.append(_resource(f"{name}-parquet", data_parquet(name), "parquet",
                                       "application/vnd.apache.parquet", None, parquet_hash, schema))
        descriptor = package_descriptor(summary, resources)
        files = {seed.file: seed.text.encode("utf-8") for seed in sorted(summary.seeds, key=lambda s: s.file)}
        files[DESCRIPTOR] = (json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        files["README.md"] = readme.package_readme(summary, descriptor).encode("utf-8")
        files[TIMELINE] = timeline.timeline_svg(summary).encode("utf-8")
        files[CITATION_FILE] = citation.citation_cff(summary, descriptor).encode("utf-8")
        files[JSONLD] = citation.dataset_jsonld(summary, descriptor).encode("utf-8")
        files[PAGE] = page.page_html(summary, descriptor).encode("utf-8")
        files["CHANGELOG.md"] = summary.changelog
        for relative, data in files.items():
            write_file(folder / relative, [data])
            flush(folder / relative)
    except BaseException:
        syncer.shutdown(cancel_futures=True)
        raise
    finally:
        # Interrupted or not, no worker may still write into folder once this returns: the caller removes it.
        writer.shutdown(cancel_futures=True)
    syncer.shutdown(wait=False)  # the pending fsyncs still run
    return syncs


def package_descriptor(summary: Summary, resources: list[dict]) -> dict:
    meta = dict(summary.meta)
    sources = summary.model.sources
    if sources is not None:
        meta["sources"] = [{"title": summary.source_title(row), "path": package_seed(row[sources.role_field("seed")])}
                           for row in summary.source_rows()]
    return {"$schema": DATAPACKAGE_SCHEMA, **meta, "resources": resources}


def _resource(name: str, path: str, fmt: str, mediatype: str, size: int | None, digest: str, schema: dict) -> dict:
    descriptor: dict = {"$schema": RESOURCE_SCHEMA, "name": name, "type": "table", "path": path, "format": fmt,
                        "mediatype": mediatype}
    if fmt == "csv":
        descriptor["encoding"] = "utf-8"
        descriptor["dialect"] = {"delimiter": ",", "quoteChar": '"', "header": True}
        # frictionless 5 reads Parquet around its byte stream and so reports every declared `bytes` as a
        # mismatch (docs/consumers.md); Parquet files carry their hash here and in SHA256SUMS.
        descriptor["bytes"] = size
    descriptor["hash"] = "sha256:" + digest
    descriptor["schema"] = schema
    return descriptor


def _write_parquet(path: Path, table: pa.Table) -> str:
    """Write the table as Parquet; the file's sha256."""
    path.parent.mkdir(parents=True, exist_ok=True)
    plain = [pa.field(f.name, f.type.value_type if pa.types.is_dictionary(f.type) else f.type) for f in table.schema]
    table = table.cast(pa.schema(plain))  # a dictionary column is written as the text it stands for
    # No pandas metadata (the table never passed through pandas); zstd; the writer's version
    # (created_by) is embedded, so pyarrow is pinned in requirements.lock.
    pq.write_table(table, path, compression="zstd", store_schema=False)
    return _sha256(path)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _changelog(project: Project) -> bytes:
    if project.changelog.is_file():
        return project.changelog.read_bytes()
    return b"# Changelog\n\nNo release yet.\n"
