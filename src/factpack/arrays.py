"""Small helpers over pyarrow columns: the checks compute a mask for a whole column at once and
build Problems only for the rows it selects."""

from __future__ import annotations

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


def text_column(values: list[str]) -> pa.ChunkedArray:
    return pa.chunked_array([pa.array(values, pa.string())], pa.string())


def falses(n: int) -> pa.Array:
    return pa.repeat(pa.scalar(False), n)
