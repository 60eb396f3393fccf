"""Every path the project uses, in one place."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# Build order: a table comes after the tables its foreign keys point to
# (actors before sources because sources.outlet_id points to actors; tombstones last, since they
# name IDs from every table).
RESOURCES = ("actors", "sources", "events", "event_actors", "figures", "citations", "tombstones")


@dataclass(frozen=True)
class Project:
    root: Path

    @classmethod
    def at(cls, root: str | Path) -> "Project":
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

    def curated(self, resource: str) -> Path:
        return self.curated_dir / f"{resource}.csv"

    def schema(self, resource: str) -> Path:
        return self.schemas_dir / f"{resource}.schema.json"

    def display(self, path: Path) -> str:
        """Path as shown in problems: relative to the project, never a machine path."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.name


# Names inside the built package (relative to datapackage/).
def data_csv(resource: str) -> str:
    return f"data/{resource}.csv"


def data_parquet(resource: str) -> str:
    return f"data/{resource}.parquet"


def package_seed(seed_path: str) -> str:
    """A seed inside the package (and inside the project: seeds/ in both)."""
    return f"seeds/{seed_path}"
