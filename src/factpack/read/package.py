"""Read a built data package for comparison: a folder, a project, a release archive or files in memory.

Only the CSV resources are read (their Parquet twins hold the same rows); cells are compared as the
package's canonical CSV text, so a diff never depends on how a reader would type them.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Mapping

import pyarrow as pa
import pyarrow.csv as pacsv

from ..problems import FactpackError, Problem, Report

DESCRIPTOR = "datapackage.json"


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
        return self.descriptor.get("schema", {})

    @property
    def field_names(self) -> list[str]:
        return [f["name"] for f in self.schema.get("fields", [])]

    @property
    def primary_key(self) -> list[str]:
        key = self.schema.get("primaryKey", [])
        return [key] if isinstance(key, str) else list(key)


@dataclass
class Package:
    descriptor: dict
    resources: dict[str, Resource] = field(default_factory=dict)  # CSV resources, in descriptor order
    shown: str = "package"  # where it was read from, as the user named it

    @property
    def name(self) -> str:
        return self.descriptor.get("name", "")

    @property
    def version(self) -> str:
        return self.descriptor.get("version", "")


def load(path: Path, shown: str | None = None) -> Package:
    """A package folder (with datapackage.json), a project (with datapackage/) or a .zip release archive."""
    shown = shown or str(path)
    if path.is_file() and zipfile.is_zipfile(path):
        return from_files(read_zip(path.read_bytes(), shown)[1], shown)
    folder = path / "datapackage" if (path / "datapackage" / DESCRIPTOR).is_file() else path
    if not (folder / DESCRIPTOR).is_file():
        _fail(shown, "not-a-package", f"{shown} is neither a data package folder (with {DESCRIPTOR}), "
                                      "a project (with datapackage/) nor a .zip release archive")
    return from_files(_FolderFiles(folder), shown)


def read_zip(data: bytes, shown: str) -> tuple[str, dict[str, bytes]]:
    """A release archive's files by their path inside the package, and the folder they sit in."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = [n for n in archive.namelist() if not n.endswith("/")]
        descriptors = sorted((n for n in names if PurePosixPath(n).name == DESCRIPTOR), key=len)
        if not descriptors:
            _fail(shown, "not-a-package", f"{shown} holds no {DESCRIPTOR}")
        prefix = descriptors[0][: -len(DESCRIPTOR)]
        return prefix, {n[len(prefix):]: archive.read(n) for n in names if n.startswith(prefix)}


def from_files(files: Mapping[str, bytes], shown: str = "package") -> Package:
    """Files by their path inside the package (a dict, or a folder read on demand)."""
    descriptor = _json(files, DESCRIPTOR, shown, "not-a-package", f"{shown} has no {DESCRIPTOR}")
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources", []), list):
        _fail(f"{shown}/{DESCRIPTOR}", "invalid-descriptor", f"{DESCRIPTOR} must be an object with a list of resources")
    package = Package(descriptor, shown=shown)
    for entry in descriptor.get("resources", []):
        if not isinstance(entry, dict) or entry.get("format", "csv") != "csv" or not isinstance(entry.get("path"), str):
            continue
        if not isinstance(entry.get("name"), str):
            _fail(f"{shown}/{DESCRIPTOR}", "invalid-descriptor", f"the resource at {entry['path']} needs a name")
        entry = {**entry, "schema": _schema(entry, files, shown)}
        try:
            data = files[entry["path"]]
        except KeyError:
            _fail(shown, "missing-file", f"{shown} has no {entry['path']} (resource '{entry.get('name')}')")
        header, rows = _read_csv(data, f"{shown}/{entry['path']}")
        package.resources[entry["name"]] = Resource(entry["name"], entry, header, rows)
    return package


def _json(files: Mapping[str, bytes], path: str, shown: str, missing: str, message: str):
    """A JSON file of the package; a problem (code missing, or invalid-json) when it is not there or not JSON."""
    try:
        return json.loads(files[path].decode("utf-8"))
    except KeyError:
        _fail(shown, missing, message)
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        _fail(f"{shown}/{path}", "invalid-json", f"{path} is not valid JSON: {e}")


def _schema(entry: dict, files: Mapping[str, bytes], shown: str) -> dict:
    """The resource's Table Schema: inline, or the JSON file its path names inside the package."""
    schema = entry.get("schema", {})
    if isinstance(schema, str):
        schema = _json(files, schema, shown, "missing-file",
                       f"{shown} has no {schema} (the schema of resource '{entry.get('name')}')")
    fields = schema.get("fields", []) if isinstance(schema, dict) else None
    if not isinstance(fields, list) or not all(isinstance(f, dict) and isinstance(f.get("name"), str) and
                                               isinstance(f.get("constraints", {}), dict) for f in fields):
        _fail(f"{shown}/{DESCRIPTOR}", "invalid-descriptor",
              f"resource '{entry.get('name')}' needs a Table Schema with a list of named fields "
              "(constraints, where given, an object)")
    key, fks = schema.get("primaryKey", []), schema.get("foreignKeys", [])
    if not (isinstance(key, str) or isinstance(key, list) and all(isinstance(k, str) for k in key)) or \
            not (isinstance(fks, list) and all(isinstance(fk, dict) and isinstance(fk.get("reference", {}), dict)
                                               for fk in fks)):
        _fail(f"{shown}/{DESCRIPTOR}", "invalid-descriptor",
              f"resource '{entry.get('name')}': primaryKey must be a field name or a list of them, and "
              "foreignKeys a list of objects with a reference")
    return schema


def _read_csv(data: bytes, shown: str) -> tuple[list[str], list[tuple[str, ...]]]:
    """Every cell as text, exactly as written ('' for an empty cell). Arrow's reader is C++ and
    multi-threaded: a million-row table reads in about a second."""
    try:
        text_start = data.decode("utf-8-sig")[:1 << 16]
        header = next(csv.reader(io.StringIO(text_start, newline="")), None)
    except UnicodeDecodeError as e:
        _fail(shown, "unreadable-csv", f"{shown} is not UTF-8: {e}")
    if not header:
        _fail(shown, "empty-file", f"{shown} has no header row")
    if len(set(header)) != len(header):
        _fail(shown, "duplicate-header", f"{shown} names a column twice")
    try:
        table = pacsv.read_csv(
            io.BytesIO(data), parse_options=pacsv.ParseOptions(newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(column_types=dict.fromkeys(header, pa.string()),
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False))
    except (pa.ArrowInvalid, UnicodeDecodeError) as e:
        _fail(shown, "unreadable-csv", f"{shown} cannot be read as UTF-8 CSV: {e}")
    return header, list(zip(*(column.to_pylist() for column in table.columns)))


class _FolderFiles(Mapping):
    """A package folder as a read-only mapping, so that only the files a diff needs are read."""

    def __init__(self, folder: Path):
        self.folder = folder

    def __getitem__(self, name: str) -> bytes:
        path = self.folder / name
        if ".." in PurePosixPath(name).parts or not path.is_file():
            raise KeyError(name)
        return path.read_bytes()

    def __iter__(self):
        return (p.relative_to(self.folder).as_posix() for p in sorted(self.folder.rglob("*")) if p.is_file())

    def __len__(self) -> int:
        return sum(1 for _ in self)


def _fail(file: str, code: str, message: str):
    raise FactpackError(Report([Problem(file, None, None, code, None, message)]))
