"""Reading a file the way every reader of factpack does: a regular file, no larger than its limit,
checked before it is read; JSON strictly (no duplicate key, no NaN or Infinity, a bounded depth).

Each failure is a FactpackError with one problem naming the file; callers that read several files
gather them (see check/schemas.py).
"""

from __future__ import annotations

import json
import math
import os
import stat
from pathlib import Path
from typing import Any

from ..problems import fail

MiB = 1 << 20
# Limits, checked before a file is read (docs/limits.md). A descriptor or schema is a few kilobytes; an
# article a few tens; a curated table of a million rows some hundreds of megabytes.
LIMITS = {"json": 16 * MiB, "seed": 16 * MiB, "table": 4096 * MiB}
MAX_DEPTH = 32  # nesting of a JSON descriptor: a Table Schema is 5 levels deep


def size_of(path: Path, shown: str, kind: str) -> int:
    """The size of a regular file within its kind's limit; FactpackError otherwise (missing, a folder,
    a pipe or device, too large, unreadable)."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise fail(shown, "missing-file", f"{shown} is missing") from None
    except OSError as e:
        raise fail(shown, "io-error", f"{shown} cannot be read: {e.strerror}") from None
    if stat.S_ISDIR(info.st_mode):
        raise fail(shown, "not-a-file", f"{shown} is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise fail(shown, "not-a-file", f"{shown} is not a regular file (a pipe, socket or device)")
    if info.st_size > LIMITS[kind]:
        raise fail(shown, "too-large", f"{shown} has {info.st_size:,} bytes; factpack reads a {kind} file of up to "
                   f"{LIMITS[kind]:,} bytes (docs/limits.md)")
    return info.st_size


def read_bytes(path: Path, shown: str, kind: str) -> bytes:
    size_of(path, shown, kind)
    try:
        with open(path, "rb") as handle:
            return handle.read(LIMITS[kind] + 1)
    except OSError as e:
        raise fail(shown, "io-error", f"{shown} cannot be read: {e.strerror}") from None


def read_json(path: Path, shown: str) -> Any:
    return parse_json(read_bytes(path, shown, "json"), shown)


def read_text(path: Path, shown: str) -> str:
    """A small UTF-8 text file of the project (a descriptor's size limit), line ends made LF."""
    data = read_bytes(path, shown, "json")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise fail(shown, "encoding-error", f"{shown} is not UTF-8 (byte {e.start})") from None
    return text.removeprefix("\ufeff").replace("\r\n", "\n")


class _Refused(ValueError):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


def _object(pairs: list[tuple[str, Any]]) -> dict:
    out: dict = {}
    for key, value in pairs:
        if key in out:
            raise _Refused("json-duplicate-key", f"the key {key!r} appears twice in one object")
        out[key] = value
    return out


def _constant(name: str) -> float:
    raise _Refused("json-not-finite", f"{name} is not a JSON number")


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _Refused("json-not-finite", f"{text} is too large for a number")
    return value


def parse_json(data: bytes, shown: str) -> Any:
    """Strict JSON: UTF-8, no duplicate key (the last one would silently win), no NaN or Infinity (or a
    number that overflows to one), at most MAX_DEPTH levels."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise fail(shown, "encoding-error", f"{shown} is not UTF-8 (byte {e.start})") from None
    try:
        value = json.loads(text, object_pairs_hook=_object, parse_constant=_constant, parse_float=_float)
    except _Refused as e:
        raise fail(shown, e.code, f"{shown}: {e}") from None
    except json.JSONDecodeError as e:
        raise fail(shown, "invalid-json", f"{shown} is not valid JSON: {e.msg} at line {e.lineno}, column "
                   f"{e.colno}") from None
    except RecursionError:
        raise fail(shown, "json-too-deep", f"{shown} is nested too deeply to read") from None
    if _depth(value) > MAX_DEPTH:
        raise fail(shown, "json-too-deep", f"{shown} is nested more than {MAX_DEPTH} levels deep")
    return value


def _depth(value: Any) -> int:
    """Nesting depth, without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            stack.extend((child, level + 1) for child in (item.values() if isinstance(item, dict) else item))
    return deepest
