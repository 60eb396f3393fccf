"""Write the package: every table as CSV and Parquet, the seeds, the descriptor, and the readers' files
(README, page, timeline, citation metadata), from one Summary computed once.

`build` checks the project and replaces datapackage/ atomically (write/output.py); `render` gives the
same files in memory, for releases and verification. Same inputs, same bytes.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from ..check.project import Checked, validate
from ..paths import DESCRIPTOR, Project, data_csv, data_parquet, package_seed
from . import citation, page, readme, tables, timeline
from .output import HashedFile, build_lock, replace_folder, write_file
from .summary import Summary, summarize

DATAPACKAGE_SCHEMA = "https://datapackage.org/profiles/2.0/datapackage.json"
RESOURCE_SCHEMA = "https://datapackage.org/profiles/2.0/dataresource.json"
PAGE, TIMELINE, CITATION_FILE, JSONLD = "index.html", "timeline.svg", "CITATION.cff", "dataset.jsonld"
# RFC 4180 as pyarrow writes it: every text quoted (a quote inside doubled), numbers and dates bare, no value
# as an empty cell; LF line ends. Every reader reads back the text as it went in (tests/test_roundtrip.py).
CSV_OPTIONS = pacsv.WriteOptions(quoting_style="needed", batch_size=1 << 16)


def build(project: Project) -> Checked:
    """Check the project and, when valid, replace datapackage/ with the new package."""
    with build_lock(project):
        checked = validate(project)
        # Atomic against a failed, killed or concurrent build; not flushed to disk file by file (datapackage/
        # is rebuilt from the committed inputs): fsync was a tenth of a 1M-row build (bench/README.md).
        replace_folder(project.output_dir, lambda folder: write_package(checked, folder))
    return checked


def render(checked: Checked) -> dict[str, bytes]:
    """Every file of the package, by its path inside datapackage/, in memory."""
    with tempfile.TemporaryDirectory() as folder:
        write_package(checked, Path(folder))
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(Path(folder).rglob("*"))
                if p.is_file()}


def write_package(checked: Checked, folder: Path) -> None:
    """Write every file of the package into folder, each table as CSV and as Parquet by pyarrow's own
    writers."""
    summary = summarize(checked, citation.published_meta(checked.meta, checked.project),
                        _changelog(checked.project))
    resources = []
    for name, view in summary.views.items():
        table = tables.plain(view.arrow)
        with HashedFile(folder / data_csv(name)) as out:
            pacsv.write_csv(table, out, CSV_OPTIONS)
        schema = view.table.schema
        resources.append(_resource(name, data_csv(name), "csv", "text/csv", out.size, out.sha256, schema))
        with HashedFile(folder / data_parquet(name)) as out:
            # No pandas metadata (the table never passed through pandas); zstd; the writer's version
            # (created_by) is embedded, so pyarrow is pinned in requirements.lock.
            pq.write_table(table, out, compression="zstd", store_schema=False)
        resources.append(_resource(f"{name}-parquet", data_parquet(name), "parquet",
                                   "application/vnd.apache.parquet", None, out.sha256, schema))
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
        write_file(folder / relative, data)


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


def _changelog(project: Project) -> bytes:
    if project.changelog.is_file():
        return project.changelog.read_bytes()
    return b"# Changelog\n\nNo release yet.\n"
