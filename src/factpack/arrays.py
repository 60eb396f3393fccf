"""Small helpers over pyarrow arrays: the checks compute a mask for a whole column at once and
build Problems only for the rows it selects."""

from __future__ import annotations

import os
import re
from concurrent.futures import ThreadPoolExecutor

import pyarrow as pa
import pyarrow.compute as pc


def where(mask) -> list[int]:
    """Indices of the rows where mask is true (null counts as false), in row order."""
    return pc.indices_nonzero(pc.fill_null(mask, False)).to_pylist()


def cells(column, indices: list[int]) -> list:
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


WORKERS = os.cpu_count() or 1
_pool: ThreadPoolExecutor | None = None


def pool() -> ThreadPoolExecutor:
    """Threads for whole-column work: pyarrow releases the GIL inside its kernels, so columns are
    processed on every core at once."""
    global _pool
    if _pool is None:
        _pool = ThreadPoolExecutor(WORKERS, thread_name_prefix="factpack")
    return _pool


def parallel(function, items) -> list:
    """function(item) for each item, on every core; results in the order of items."""
    items = list(items)
    if len(items) < 2:
        return [function(item) for item in items]
    return list(pool().map(function, items))
