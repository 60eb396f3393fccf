"""Read a built data package for comparison: a folder, a project, a release archive or files in memory.

Only the CSV resources are read (their Parquet twins hold the same rows); cells are compared as the
package's canonical CSV text, so a diff never depends on how a reader would type them.

A package may come from anyone, so nothing in it is trusted: every path it names is resolved inside the
package (paths.inside, paths.relative_path), its JSON is read strictly, and an archive's members are
checked against the size limits (docs/limits.md) before a byte of them is unpacked.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv

from ..model import key_fields
from ..paths import DESCRIPTOR, inside, relative_path
from ..problems import fail
from .files import LIMITS, parse_json, read_bytes

MiB = 1 << 20
# An archive's members, checked before they are read: each at most a table's size, all together at most
# 4 times that, and none expanding more than 100 times (a zip bomb expands thousands of times).
MEMBER_LIMIT = LIMITS["table"]
ARCHIVE_LIMIT = 4 * LIMITS["table"]
MAX_RATIO = 100
MAX_MEMBERS = 10_000


@dataclass
class Resource:
    name: str
    descriptor: dict  # as in datapackage.json, schema included
    header: list[str]
    rows: list[tuple[str, ...]]  # cells in header order (tuples: a million rows must fit in memory)

    def record(self, row: tuple[str, ...]) -> dict[str, str]:
        return dict(zip(self.header, row))

    def column(self, name: str) -> list[str]:
        i = self.header.index(name)
        return [row[i] for row in self.rows]

    @property
    def schema(self) -> dict:
        schema = self.descriptor.get("schema", {})
        return schema if isinstance(schema, dict) else {}

    @property
    def field_names(self) -> list[str]:
        return [f["name"] for f in self.schema.get("fields", [])]

    @property
    def primary_key(self) -> list[str]:
        return key_fields(self.schema.get("primaryKey", []))


@dataclass
class Package:
    descriptor: dict
    resources: dict[str, Resource] = field(default_factory=dict)  # CSV resources, in descriptor order
    shown: str = "package"  # where it was read from, as the user named it

    @property
    def name(self) -> str:
        return str(self.descriptor.get("name", ""))

    @property
    def version(self) -> str:
        return str(self.descriptor.get("version", ""))


def load(path: Path, shown: str | None = None) -> Package:
    """A package folder (with datapackage.json), a project (with datapackage/) or a .zip release archive."""
    shown = shown or str(path)
    if path.is_file() and path.suffix.lower() == ".zip":
        return from_files(read_zip(read_bytes(path, shown, "table"), shown)[1], shown)
    folder = path / "datapackage" if (path / "datapackage" / DESCRIPTOR).is_file() else path
    if not (folder / DESCRIPTOR).is_file():
        raise fail(shown, "not-a-package", f"{shown} is neither a data package folder (with {DESCRIPTOR}), "
                   "a project (with datapackage/) nor a .zip release archive")
    return from_files(FolderFiles(folder, shown), shown)


def read_zip(data: bytes, shown: str) -> tuple[str, dict[str, bytes]]:
    """A release archive's files by their path inside the package, and the folder they sit in ('' for an
    archive with datapackage.json at its root). FactpackError for a damaged or hostile archive."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = [i for i in archive.infolist() if not i.is_dir()]
            _check_members(members, shown)
            names = [m.filename for m in members]
            descriptors = sorted((n for n in names if PurePosixPath(n).name == DESCRIPTOR), key=len)
            if not descriptors:
                raise fail(shown, "not-a-package", f"{shown} holds no {DESCRIPTOR}")
            prefix = descriptors[0][: -len(DESCRIPTOR)]
            return prefix, {n[len(prefix):]: archive.read(n) for n in names if n.startswith(prefix)}
    except zipfile.BadZipFile as e:
        raise fail(shown, "bad-archive", f"{shown} is a damaged zip archive: {e}") from None
    except (OSError, EOFError, NotImplementedError, RuntimeError) as e:  # what zipfile raises on a broken member
        raise fail(shown, "bad-archive", f"{shown} cannot be unpacked: {e}") from None


def _check_members(members: list[zipfile.ZipInfo], shown: str) -> None:
    if len(members) > MAX_MEMBERS:
        raise fail(shown, "bad-archive", f"{shown} has {len(members):,} files; a package archive has at most "
                   f"{MAX_MEMBERS:,}")
    total, seen = 0, set()
    for m in members:
        relative_path(m.filename, f"{shown}: {m.filename}")  # no absolute path, '..' or drive in an archive
        if m.filename in seen:
            raise fail(shown, "bad-archive", f"{shown} holds {m.filename} twice")
        seen.add(m.filename)
        total += m.file_size
        if m.file_size > MEMBER_LIMIT or total > ARCHIVE_LIMIT:
            raise fail(shown, "too-large", f"{shown}: {m.filename} unpacks to {m.file_size:,} bytes, past the "
                       "limits of docs/limits.md")
        ratio = m.file_size // max(1, m.compress_size)
        if m.compress_type != zipfile.ZIP_STORED and m.file_size > MiB and ratio > MAX_RATIO:
            raise fail(shown, "bad-archive", f"{shown}: {m.filename} expands {ratio:,} times (a zip bomb?); factpack "
                       f"unpacks at most {MAX_RATIO} times")


def from_files(files: Mapping[str, bytes], shown: str = "package") -> Package:
    """Files by their path inside the package (a dict, or a folder read on demand)."""
    descriptor = _json(files, DESCRIPTOR, shown, "not-a-package", f"{shown} has no {DESCRIPTOR}")
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources", []), list):
        raise fail(f"{shown}/{DESCRIPTOR}", "invalid-descriptor",
                   f"{DESCRIPTOR} must be an object with a list of resources")
    package = Package(descriptor, shown=shown)
    for entry in descriptor.get("resources", []):
        if not isinstance(entry, dict) or entry.get("format", "csv") != "csv" or "path" not in entry:
            continue
        if not isinstance(entry.get("name"), str) or not isinstance(entry["path"], str):
            raise fail(f"{shown}/{DESCRIPTOR}", "invalid-descriptor", "each resource needs a name and a path (texts)")
        path = relative_path(entry["path"], f"{shown}/{DESCRIPTOR}").as_posix()
        entry = {**entry, "schema": _schema(entry, files, shown)}
        try:
            data = files[path]
        except KeyError:
            raise fail(shown, "missing-file", f"{shown} has no {path} (resource '{entry['name']}')") from None
        header, rows = _read_csv(data, f"{shown}/{path}")
        package.resources[entry["name"]] = Resource(entry["name"], entry, header, rows)
    return package


def _json(files: Mapping[str, bytes], path: str, shown: str, missing: str, message: str) -> Any:
    """A JSON file of the package, read strictly; a problem when it is not there or not JSON."""
    try:
        data = files[path]
    except KeyError:
        raise fail(shown, missing, message) from None
    return parse_json(data, f"{shown}/{path}")


def _schema(entry: dict, files: Mapping[str, bytes], shown: str) -> dict:
    """The resource's Table Schema: inline, or the JSON file its path names inside the package."""
    schema = entry.get("schema", {})
    if isinstance(schema, str):
        path = relative_path(schema, f"{shown}/{DESCRIPTOR}").as_posix()
        schema = _json(files, path, shown, "missing-file",
                       f"{shown} has no {path} (the schema of resource '{entry.get('name')}')")
    fields = schema.get("fields", []) if isinstance(schema, dict) else None
    if not isinstance(schema, dict) or not isinstance(fields, list) or not all(
            isinstance(f, dict) and isinstance(f.get("name"), str) and isinstance(f.get("constraints", {}), dict)
            for f in fields):
        raise fail(f"{shown}/{DESCRIPTOR}", "invalid-descriptor",
                   f"resource '{entry.get('name')}' needs a Table Schema with a list of named fields "
                   "(constraints, where given, an object)")
    key, fks = schema.get("primaryKey", []), schema.get("foreignKeys", [])
    if not (isinstance(key, str) or (isinstance(key, list) and all(isinstance(k, str) for k in key))) or \
            not (isinstance(fks, list) and all(isinstance(fk, dict) and isinstance(fk.get("reference", {}), dict)
                                               for fk in fks)):
        raise fail(f"{shown}/{DESCRIPTOR}", "invalid-descriptor",
                   f"resource '{entry.get('name')}': primaryKey must be a field name or a list of them, and "
                   "foreignKeys a list of objects with a reference")
    return schema


def _read_csv(data: bytes, shown: str) -> tuple[list[str], list[tuple[str, ...]]]:
    """Every cell as text, exactly as written ('' for an empty cell). Arrow's reader is C++ and
    multi-threaded: a million-row table reads in about a second."""
    try:
        text_start = data[:1 << 16].decode("utf-8-sig", errors="ignore")
        header = next(csv.reader(io.StringIO(text_start, newline="")), None)
    except csv.Error as e:
        raise fail(shown, "unreadable-csv", f"{shown} has no readable header: {e}") from None
    if not header:
        raise fail(shown, "empty-file", f"{shown} has no header row")
    if len(set(header)) != len(header):
        raise fail(shown, "duplicate-header", f"{shown} names a column twice")
    try:
        table = pacsv.read_csv(
            io.BytesIO(data), parse_options=pacsv.ParseOptions(newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(column_types=dict.fromkeys(header, pa.string()),
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False))
    except (pa.ArrowInvalid, UnicodeDecodeError) as e:
        raise fail(shown, "unreadable-csv", f"{shown} cannot be read as UTF-8 CSV: {e}") from None
    return header, list(zip(*(column.to_pylist() for column in table.columns)))


class FolderFiles(Mapping[str, bytes]):
    """A package folder as a read-only mapping, so that only the files a diff needs are read; every name
    is resolved inside the folder."""

    def __init__(self, folder: Path, shown: str):
        self.folder, self.shown = folder, shown

    def __getitem__(self, name: str) -> bytes:
        path = inside(self.folder, name, f"{self.shown}/{name}")
        if not path.is_file():
            raise KeyError(name)
        return read_bytes(path, f"{self.shown}/{name}", "table")

    def __iter__(self) -> Iterator[str]:
        return (p.relative_to(self.folder).as_posix() for p in sorted(self.folder.rglob("*")) if p.is_file())

    def __len__(self) -> int:
        return sum(1 for _ in self)
