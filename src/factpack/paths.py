"""Every path factpack uses, in one place: the project's folders and files, the names inside a built
package, and `inside`, the one function that resolves a path read from a package, a descriptor, a seed
table or an archive, refusing anything outside its root."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .problems import fail

DESCRIPTOR = "datapackage.json"


@dataclass(frozen=True)
class Project:
    root: Path

    @classmethod
    def at(cls, root: str | Path) -> Project:
        return cls(Path(root).resolve())

    @property
    def curated_dir(self) -> Path:
        return self.root / "curated"

    @property
    def schemas_dir(self) -> Path:
        return self.root / "schemas"

    @property
    def seeds_dir(self) -> Path:
        return self.root / "seeds"

    @property
    def output_dir(self) -> Path:
        return self.root / "datapackage"

    @property
    def package_meta(self) -> Path:
        return self.schemas_dir / "package.json"

    @property
    def codebook(self) -> Path:
        """The coding rules in prose (optional): the package README shows them under "Codebook"."""
        return self.schemas_dir / "codebook.md"

    @property
    def releases_dir(self) -> Path:
        return self.root / "releases"

    @property
    def changelog(self) -> Path:
        return self.releases_dir / "CHANGELOG.md"

    def release_dir(self, version: str) -> Path:
        """The released package's text files (datapackage.json, data/*.csv, SHA256SUMS), kept for diffs."""
        return self.releases_dir / version

    @property
    def dist_dir(self) -> Path:
        return self.root / "dist"

    @property
    def lock_file(self) -> Path:
        return self.root / ".datapackage.lock"

    def curated(self, table: str) -> Path:
        return self.curated_dir / f"{table}.csv"

    def schema(self, table: str) -> Path:
        return self.schemas_dir / f"{table}.schema.json"

    def schema_files(self) -> list[Path]:
        """Every table's schema: schemas/<table>.schema.json, in name order."""
        return sorted(self.schemas_dir.glob("*.schema.json")) if self.schemas_dir.is_dir() else []

    def file(self, path: Path) -> Path:
        """A file of the project, to read: FactpackError (path-escapes) when it is a link that leads outside
        the project, so that a project someone sends can make factpack read nothing else."""
        relative = self.display(path)
        return inside(self.root, relative, relative)

    def seed(self, seed_path: str) -> Path:
        """A seed named in the sources table, resolved inside seeds/ (FactpackError when it leaves it)."""
        return inside(self.seeds_dir, seed_path, "seeds/" + seed_path)

    def display(self, path: Path) -> str:
        """Path as shown in problems: relative to the project, never a machine path."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.name


def table_name(schema_file: Path) -> str:
    return schema_file.name.removesuffix(".schema.json")


# Names inside the built package (relative to datapackage/).
def data_csv(table: str) -> str:
    return f"data/{table}.csv"


def data_parquet(table: str) -> str:
    return f"data/{table}.parquet"


def package_seed(seed_path: str) -> str:
    """A seed inside the package (and inside the project: seeds/ in both)."""
    return f"seeds/{seed_path}"


_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def relative_path(path: str, shown: str) -> PurePosixPath:
    """A relative POSIX path that stays below its root: no absolute path, drive, URL, '..', backslash or
    control character. FactpackError (path-escapes) otherwise."""
    if not isinstance(path, str) or not path or path != path.strip() or any(ord(c) < 32 for c in path):
        raise fail(shown, "path-escapes", f"{path!r} is not a file name inside the package")
    if _SCHEME.match(path) or path.startswith(("/", "\\")) or "\\" in path:
        raise fail(shown, "path-escapes", f"{path!r} is an absolute path or a URL: only paths inside the package "
                   "are read", path)
    parts = PurePosixPath(path).parts
    if ".." in parts or not parts:
        raise fail(shown, "path-escapes", f"{path!r} leaves the package ('..')", path)
    return PurePosixPath(*parts)


def inside(root: Path, path: str, shown: str) -> Path:
    """root/path, where path is read from a package, descriptor, seed table or archive: refused
    (FactpackError, path-escapes) when it is absolute, a URL, climbs out with '..', or resolves out of root
    through a symlink."""
    target = root / relative_path(path, shown)
    real_root = Path(os.path.realpath(root))
    real = Path(os.path.realpath(target))
    if real != real_root and real_root not in real.parents:
        raise fail(shown, "path-escapes", f"{path!r} is a link that leads outside {root.name}/: copy the file in "
                   "instead", path)
    return target
