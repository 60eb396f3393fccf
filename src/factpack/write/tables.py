"""Checked tables to output form: rows sorted by primary key, as canonical CSV bytes and as Arrow.

The CSV is what Python's csv.writer writes with CRLF line ends, but with LF (comma, '"', minimal
quoting), built a column at a time with pyarrow.compute: a cell is quoted when it holds a comma, a quote,
a line feed or a carriage return.
"""

from __future__ import annotations

import csv
import io
import re
from collections import deque
from collections.abc import Iterator

import pyarrow as pa
import pyarrow.compute as pc

from ..arrays import WORKERS, in_order, may_contain, null_where, parallel, pool, sort_keys, text_bytes
from ..model import Table

BATCH = 1 << 16  # rows formatted at a time, which bounds the memory the CSV text takes on its way out
# A cell is quoted when it holds a comma, a quote, a line feed or a carriage return: every reader then
# reads back the text as it is (a lone CR left unquoted ends the record for Python's csv and pyarrow).
_NEEDS_QUOTES = '[,"\n\r]'
_SPECIAL = [re.compile(c) for c in (rb",", rb'"', rb"\n", rb"\r")]  # one by one: a literal byte is found fast
_EXACT_FLOAT = 2.0 ** 53  # integral floats below this are printed through int64, the rest by Python


def sort_order(table: Table, columns: dict[str, pa.Array]) -> pa.Array | None:
    """Row indices in output order: by primary key, IDs by their number (A10000 after A9999),
    missing values first, ties in input order. None when the rows are in that order already
    (curated files usually are)."""
    keys = sort_keys([columns[name] for name in table.primary_key or table.field_names])
    if in_order(keys):
        return None
    return pc.sort_indices(pa.table({str(n): key for n, key in enumerate(keys)}),
                           sort_keys=[(str(n), "ascending") for n in range(len(keys))])


def csv_parts(table: pa.Table) -> Iterator[bytes | memoryview]:
    """The CSV file of a (sorted) table, a batch of rows at a time, so that its text is never whole in
    memory; the next batches are formatted on the other cores while one is written."""
    header = io.StringIO(newline="")
    csv.writer(header, lineterminator="\n").writerow(table.column_names)
    yield header.getvalue().encode("utf-8")
    ahead: deque = deque()
    for batch in table.to_batches(max_chunksize=BATCH):
        ahead.append(pool().submit(_csv_lines, batch))
        if len(ahead) > WORKERS:
            yield ahead.popleft().result()
    while ahead:
        yield ahead.popleft().result()


def _csv_lines(batch: pa.RecordBatch) -> memoryview:
    pieces: list = []
    for n, column in enumerate(batch.columns):
        pieces += [*_csv_pieces(column), "," if n < batch.num_columns - 1 else "\n"]
    # Every line in one pass; a missing value is an empty cell.
    return text_bytes(pc.binary_join_element_wise(*pieces, "", null_handling="replace", null_replacement=""))


def _csv_pieces(values: pa.Array) -> list:
    """A column's part of each CSV line: its text, between quotes (doubled inside) where it holds a
    comma, a quote, a line feed or a carriage return."""
    if pa.types.is_dictionary(values.type):  # each distinct value once
        return [pc.take(piece, values.indices) for piece in _csv_pieces(values.dictionary)]
    text = cell_texts(values)
    if not any(may_contain(text, special) for special in _SPECIAL):  # IDs, codes, numbers, dates
        return [text]
    mark = pc.if_else(pc.match_substring_regex(text, _NEEDS_QUOTES), '"', "")
    if may_contain(text, _SPECIAL[1]):
        text = pc.replace_substring(text, '"', '""')  # only a quoted cell can hold one
    return [mark, text, mark]


def cell_texts(values: pa.Array) -> pa.Array:
    """Each value as the CSV shows it (null for no value): whole numbers without '.0', dates as ISO."""
    if values.type == pa.float64():
        return _float_texts(values)
    return values if values.type == pa.string() else pc.cast(values, pa.string())


def _float_texts(values: pa.Array) -> pa.Array:
    exact = pc.fill_null(pc.and_(pc.equal(pc.floor(values), values), pc.less(pc.abs(values), _EXACT_FLOAT)), False)
    text = pc.if_else(exact, pc.cast(pc.cast(pc.if_else(exact, values, None), pa.int64()), pa.string()), None)
    other = pc.filter(values, pc.and_(pc.invert(exact), pc.is_valid(values)))
    if len(other):  # fractions, and integral values too large for int64: Python's own way, once per value
        distinct = pc.unique(other)
        shown = pa.array([cell_text(v) for v in distinct.to_pylist()], pa.string())
        text = pc.coalesce(text, pc.take(shown, pc.index_in(values, value_set=distinct)))
    return text


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def to_arrow(table: Table, columns: dict[str, pa.Array], order: pa.Array | None) -> pa.Table:
    """The table in output order (order None: as it is). An empty text is no value: the CSV writes both as
    an empty cell, so the Parquet file holds null for both, and the two formats agree cell for cell."""
    fields = [pa.field(f["name"], columns[f["name"]].type, nullable=True) for f in table.fields]

    def column(f: pa.Field) -> pa.Array:
        values = columns[f.name] if order is None else pc.take(columns[f.name], order)
        return _empty_as_null(values)

    return pa.table(parallel(column, fields), schema=pa.schema(fields))


def _empty_as_null(values: pa.Array) -> pa.Array:
    if pa.types.is_dictionary(values.type):
        dictionary = values.dictionary
        empty = pc.fill_null(pc.equal(dictionary, ""), False)
        if not pc.any(empty).as_py():
            return values
        # Indices that point at the empty text become null; the dictionary keeps it, unused.
        at_empty = pc.is_in(values.indices, value_set=pc.cast(pc.indices_nonzero(empty), values.indices.type))
        indices = pc.if_else(at_empty, pa.scalar(None, values.indices.type), values.indices)
        return pa.DictionaryArray.from_arrays(indices, dictionary)
    if not pa.types.is_string(values.type):
        return values
    return null_where(values, pc.fill_null(pc.equal(values, ""), False))
