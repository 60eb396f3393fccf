"""dist/: the assets of one release, as a download channel publishes them.

- <name>-<version>.zip: the whole package, datapackage.json at its root (see archive.py);
- datapackage.json and every data file (data/<table>.csv and .parquet, as <table>.csv and .parquet):
  for a download of one file;
- SHA256SUMS: the sha256 of each of the above, for `sha256sum -c SHA256SUMS`.

dist/ is rebuilt whole each time (it holds one release), and is not committed: `factpack dist`
rebuilds the current release from the repository, checked against its record in releases/<version>/.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import PurePosixPath

from ..check.schemas import load_meta
from ..paths import Project
from ..problems import FactpackError
from ..write.output import replace_with_files
from . import archive
from .verify import Verification, verify_recorded


def assets(name: str, version: str, files: Mapping[str, bytes]) -> dict[str, bytes]:
    """The release assets, by file name, for the package's files."""
    zip_name, zip_data = archive.build_archive(name, version, files)
    out = {zip_name: zip_data, "datapackage.json": files["datapackage.json"]}
    for path, data in files.items():
        if path.startswith("data/"):
            out[PurePosixPath(path).name] = data
    out[archive.SUMS] = archive.sha256sums(out)
    return out


def write_assets(project: Project, name: str, version: str, files: Mapping[str, bytes]) -> list[str]:
    """Replace dist/ with the release's assets; their paths, relative to the project."""
    found = assets(name, version, files)
    replace_with_files(project.dist_dir, found)
    return [project.display(project.dist_dir / n) for n in sorted(found)]


def dist(project: Project, version: str | None = None) -> tuple[Verification, list[str]]:
    """The assets of a recorded release (the current version by default), rebuilt and checked against
    releases/<version>/ before anything is written; FactpackError when they cannot be."""
    version = version or str(load_meta(project)["version"])
    v = verify_recorded(project, version)
    if not v.report.valid or v.rebuilt is None:
        raise FactpackError(v.report)
    return v, write_assets(project, v.name, version, v.rebuilt)
