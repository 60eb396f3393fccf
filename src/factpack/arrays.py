"""Small helpers over pyarrow arrays: the checks compute a mask for a whole column at once and
build Problems only for the rows it selects."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import pyarrow as pa
import pyarrow.compute as pc


def where(mask: pa.Array | pa.ChunkedArray) -> list[int]:
    """Indices of the rows where mask is true (null counts as false), in row order."""
    return pc.indices_nonzero(pc.fill_null(mask, False)).to_pylist()


def cells(column: pa.Array, indices: list[int]) -> list:
    """The Python values of a few rows of a column."""
    if not indices:
        return []
    return pc.take(column, pa.array(indices, pa.int64())).to_pylist()


def text_column(values: list[str]) -> pa.Array:
    return pa.array(values, pa.string())


def falses(n: int) -> pa.Array:
    return pa.repeat(pa.scalar(False), n)


def text_bytes(column: pa.Array) -> memoryview:
    """The UTF-8 text of every cell of a string array, end to end, straight from its data buffer."""
    if len(column) == 0 or column.buffers()[2] is None:
        return memoryview(b"")
    _, offsets, data = column.buffers()
    bounds = memoryview(offsets).cast("i")  # int32: where each cell starts, and where the last ends
    return memoryview(data)[bounds[column.offset]:bounds[column.offset + len(column)]]


def may_contain(column: pa.Array, pattern: re.Pattern) -> bool:
    """Whether any cell may contain a match of a bytes pattern: one scan of the column's text, far
    faster than a regex per cell. A match may straddle two cells, so True means 'look closer'."""
    return pattern.search(text_bytes(column)) is not None


def null_where(values: pa.Array, mask: pa.Array) -> pa.Array:
    """values with nulls where mask holds. A string array without nulls keeps its text buffers (the
    text is not copied): only a validity bitmap is added."""
    if not pc.any(mask).as_py():
        return values
    if values.null_count == 0 and mask.null_count == 0 and values.offset == 0 and pa.types.is_string(values.type):
        valid = pc.invert(mask)
        return pa.Array.from_buffers(values.type, len(values), [valid.buffers()[1], *values.buffers()[1:]])
    return pc.if_else(mask, pa.scalar(None, values.type), values)


T = TypeVar("T")
R = TypeVar("R")
WORKERS = os.cpu_count() or 1
_pool: ThreadPoolExecutor | None = None


def pool() -> ThreadPoolExecutor:
    """Threads for whole-column work: pyarrow releases the GIL inside its kernels, so columns are
    processed on every core at once."""
    global _pool
    if _pool is None:
        _pool = ThreadPoolExecutor(WORKERS, thread_name_prefix="factpack")
    return _pool


def parallel(function: Callable[[T], R], items: Iterable[T]) -> list[R]:
    """function(item) for each item, on every core; results in the order of items."""
    items = list(items)
    if len(items) < 2:
        return [function(item) for item in items]
    return list(pool().map(function, items))


# Sort keys: IDs (a capital letter and digits) by their number, so that A10000 comes after A9999.
ID = "^[A-Z][0-9]+$"
_LETTERS = pa.array([chr(c) for c in range(ord("A"), ord("Z") + 1)])
_SHORT_ID = 18  # a letter and up to 17 digits: letter * 10**17 + number fits in int64


def sort_keys(columns: list[pa.Array]) -> list[pa.Array]:
    """The keys rows are sorted by, column after column."""
    return [key for values in columns for key in _sort_keys(values).values()]


def in_order(keys: list[pa.Array], strictly: bool = False) -> bool:
    """Whether each row's keys are at most (strictly: below) the next row's, compared in turn: a
    stable sort would leave the rows where they are (strictly: and no two rows have the same keys).
    Keys with missing values are left to the sort."""
    if len(keys[0]) < 2:
        return True
    if any(key.null_count for key in keys):
        return False
    before, equal = None, None
    for key in keys:
        a, b = key[:-1], key[1:]
        less = pc.less(a, b) if equal is None else pc.and_(equal, pc.less(a, b))
        before = less if before is None else pc.or_(before, less)
        equal = pc.equal(a, b) if equal is None else pc.and_(equal, pc.equal(a, b))
    return pc.all(before if strictly else pc.or_(before, equal)).as_py()


def _sort_keys(values: pa.Array) -> dict[str, pa.Array]:
    """Sort keys for one column: its kind (0 missing, 1 ID, 2 other text, 3 number or date), then,
    for an ID, its letter and its number (as digits without leading zeros: length, then text)."""
    if values.type != pa.string():
        return {"kind": pc.if_else(pc.is_null(values), 0, 3), "value": values}
    is_id = pc.fill_null(pc.match_substring_regex(values, ID), False)
    if pc.all(is_id).as_py() and (pc.max(pc.utf8_length(values)).as_py() or 0) <= _SHORT_ID:
        # Every value an ID of up to 17 digits (the usual case): one integer says it all, and sorts fast.
        letter = pc.cast(pc.index_in(pc.utf8_slice_codeunits(values, 0, 1), value_set=_LETTERS), pa.int64())
        number = pc.cast(pc.utf8_slice_codeunits(values, 1), pa.int64())
        return {"id": pc.add(pc.multiply(letter, 10 ** (_SHORT_ID - 1)), number)}
    if not pc.any(is_id).as_py() and values.null_count == 0:
        return {"text": values}  # codes, names: text order
    kind = pc.if_else(pc.is_null(values), 0, pc.if_else(is_id, 1, 2))
    digits = pc.utf8_ltrim(pc.utf8_slice_codeunits(values, 1), "0")
    return {"kind": kind,
            "letter": pc.if_else(is_id, pc.utf8_slice_codeunits(values, 0, 1), ""),
            "length": pc.if_else(is_id, pc.utf8_length(digits), 0),
            "number": pc.if_else(is_id, digits, ""),
            "text": pc.if_else(pc.equal(kind, 2), values, "")}
