"""The release archive <name>-<version>.zip: the package's files and SHA256SUMS, byte-reproducible.

`datapackage.json` stands at the root of the archive: that is the Frictionless zipped-package
convention, so `frictionless validate <archive>.zip` and `frictionless.Package(<archive>.zip)` read
every resource. The archive's own name carries the package's name and version.

Releases up to 1.0.0 put every file under one folder, <name>-<version>/; frictionless then sees no
descriptor and checks a single file. Such an archive is still recognised, so that it can be verified.

Entries are sorted, with a fixed timestamp (1980-01-01, the earliest a zip can record), fixed
permissions (0644, Unix) and no extra fields. They are stored, not deflated: deflate output differs
between zlib builds (zlib, zlib-ng), stored bytes never do, and the Parquet files are compressed already.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Mapping

SUMS = "SHA256SUMS"
TIMESTAMP = (1980, 1, 1, 0, 0, 0)
FILE_MODE = 0o100644  # regular file, rw-r--r--


def folder_name(name: str, version: str) -> str:
    """The one folder of a legacy (up to 1.0.0) archive."""
    return f"{name}-{version}"


def file_name(name: str, version: str) -> str:
    return f"{name}-{version}.zip"


def sha256sums(files: Mapping[str, bytes]) -> bytes:
    """`sha256sum -c SHA256SUMS` checks them after unzipping; paths sorted, SHA256SUMS itself left out."""
    lines = [f"{hashlib.sha256(files[p]).hexdigest()}  {p}\n" for p in sorted(files) if p != SUMS]
    return "".join(lines).encode("utf-8")


def parse_sums(data: bytes) -> dict[str, str] | None:
    """path -> sha256 hex; None when a line is not in sha256sum's form."""
    out = {}
    for line in data.decode("utf-8", errors="replace").splitlines():
        digest, sep, path = line.partition("  ")
        if not sep or len(digest) != 64 or path in out:
            return None
        out[path] = digest
    return out


def with_sums(package_files: Mapping[str, bytes]) -> dict[str, bytes]:
    files = {p: data for p, data in package_files.items() if p != SUMS}
    files[SUMS] = sha256sums(files)
    return files


def zip_bytes(files: Mapping[str, bytes], folder: str = "") -> bytes:
    """The files, at the root of the archive (or under folder/, the legacy layout)."""
    sink = io.BytesIO()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_STORED) as archive:
        for path in sorted(files):
            info = zipfile.ZipInfo(f"{folder}/{path}" if folder else path, date_time=TIMESTAMP)
            info.create_system = 3  # Unix, so that the mode below is read
            info.external_attr = FILE_MODE << 16
            info.compress_type = zipfile.ZIP_STORED
            archive.writestr(info, files[path])
    return sink.getvalue()


def build_archive(name: str, version: str, package_files: Mapping[str, bytes],
                  legacy: bool = False) -> tuple[str, bytes]:
    """The archive's file name and bytes for the package's files (SHA256SUMS is added); legacy: the
    nested layout of releases up to 1.0.0."""
    folder = folder_name(name, version) if legacy else ""
    return file_name(name, version), zip_bytes(with_sums(package_files), folder)
