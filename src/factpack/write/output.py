"""Replacing a folder factpack owns (datapackage/, dist/) so that nothing is lost: the new folder is
written in full beside it and swapped in with one atomic rename, so a failed, killed or concurrent build
leaves the previous folder intact. A lock (filelock) refuses a second writer while one runs.
"""

from __future__ import annotations

import ctypes
import errno
import hashlib
import os
import secrets
import shutil
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import filelock

from ..paths import Project
from ..problems import fail

TMP_PREFIX = ".datapackage.tmp-"


@contextmanager
def build_lock(project: Project) -> Iterator[None]:
    """One writer of a project at a time; the lock file is removed when the writer is done."""
    if not project.root.is_dir():
        raise fail(project.root.name, "not-a-project", f"{project.root.name} is not a folder")
    lock = filelock.FileLock(project.lock_file, timeout=0)
    try:
        lock.acquire()
    except filelock.Timeout:
        raise fail(project.display(project.output_dir), "build-locked",
                   "another build of this project is running; wait for it to finish") from None
    try:
        _remove_stale(project)  # left by a build that was killed outright; safe to remove under the lock
        yield
    finally:
        lock.release()
        _unlink(project.lock_file)


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass  # another writer holds it again, or it is gone already: either way nothing is left behind


def _remove_stale(project: Project) -> None:
    for folder in (project.root, project.root / "dist"):
        for stale in folder.glob(TMP_PREFIX + "*") if folder.is_dir() else []:
            _rmtree(stale)


class HashedFile:
    """A file being written that counts and hashes what goes into it, so that no output is read back to
    be hashed; pyarrow's CSV and Parquet writers write into it like into any Python file."""

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self._handle = open(path, "wb")
        self._digest = hashlib.sha256()
        self.size = 0
        self.closed = False

    def write(self, data: bytes | memoryview) -> int:
        self._handle.write(data)
        self._digest.update(data)
        self.size += len(data)
        return len(data)

    def flush(self) -> None:
        self._handle.flush()

    def close(self, sync: bool = False) -> None:
        if not self.closed:
            self._handle.flush()
            if sync:
                os.fsync(self._handle.fileno())
            self._handle.close()
            self.closed = True

    @property
    def sha256(self) -> str:
        return self._digest.hexdigest()

    def __enter__(self) -> HashedFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def write_file(path: Path, data: bytes, sync: bool = False) -> tuple[int, str]:
    """Write data to path (flushed to disk with sync); its size and sha256."""
    with HashedFile(path) as out:
        out.write(data)
        out.close(sync)
    return out.size, out.sha256


def replace_with_files(target: Path, files: dict[str, bytes]) -> None:
    """Replace the folder target (datapackage/, dist/) with exactly these files."""

    def write(folder: Path) -> None:
        for relative, data in sorted(files.items()):
            write_file(folder / relative, data, sync=True)

    replace_folder(target, write)


def replace_folder(target: Path, write: Callable[[Path], None]) -> None:
    """Have write fill a new folder beside target (every file flushed to disk), then swap it in with one
    atomic rename. Whatever happens, no temporary folder is left behind."""
    # Named before it is made, so that a signal landing right after the mkdir still finds it to remove.
    staging = target.parent / f"{TMP_PREFIX}{os.getpid()}-{secrets.token_hex(4)}"
    try:
        staging.mkdir(mode=0o700)
        write(staging)
        for path in staging.rglob("*"):
            os.chmod(path, 0o755 if path.is_dir() else 0o644)
        os.chmod(staging, 0o755)
        if target.is_symlink():
            raise fail(target.name, "io-error", f"{target.name}/ is a symbolic link: factpack replaces only a folder "
                       "of its own; remove the link")
        if target.exists():
            _exchange(staging, target)  # staging now holds the previous folder
        else:
            os.rename(staging, target)
    finally:
        _remove(staging)


def _remove(folder: Path) -> None:
    """Remove the folder, even when a signal (SIGTERM, Ctrl-C) interrupts the removal: finish it, then exit.
    A folder or file someone made read-only (the previous datapackage/, swapped in here) is made writable
    first."""
    try:
        _rmtree(folder)
    except BaseException:
        _rmtree(folder)
        raise


def _rmtree(folder: Path) -> None:
    def writable(function: Callable[..., object], path: str, excinfo: object) -> None:
        try:
            os.chmod(os.path.dirname(path), 0o700)
            os.chmod(path, 0o700)
            function(path)
        except OSError:
            pass  # what cannot be removed now, the next build removes under its lock

    if folder.is_dir() and not folder.is_symlink():
        os.chmod(folder, 0o700)
        shutil.rmtree(folder, onerror=writable)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> None:
    """Swap two folders in one atomic step.

    Hand-written because no library offers it: Linux's renameat2(RENAME_EXCHANGE), called through ctypes,
    is the only way to replace a non-empty folder without a moment in which neither version is there.
    Elsewhere (or where the filesystem refuses it), two renames in quick succession."""
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None) if sys.platform == "linux" else None
    if renameat2 is not None:
        if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
            return
        if ctypes.get_errno() not in (errno.EINVAL, errno.ENOSYS):
            raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()), str(b))
    parked = a.with_name(a.name + "-old")
    os.rename(b, parked)
    os.rename(a, b)
    os.rename(parked, a)
