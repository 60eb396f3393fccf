"""Checked tables to output form: rows sorted by primary key, as canonical CSV bytes and as Arrow.

The CSV is what Python's csv.writer writes (comma, '"', minimal quoting, LF), built a column at a
time with pyarrow.compute: a cell is quoted when it holds a comma, a quote or a line feed.
"""

from __future__ import annotations

import csv
import io

import pyarrow as pa
import pyarrow.compute as pc

from .schema import Schema

ID = "^[A-Z][0-9]+$"
BATCH = 1 << 18  # rows formatted at a time, which bounds the memory the CSV text takes on its way out
_NEEDS_QUOTES = '[,"\n]'
_EXACT_FLOAT = 2.0 ** 53  # integral floats below this are printed through int64, the rest by Python


def sort_order(schema: Schema, columns: dict[str, pa.ChunkedArray]) -> pa.Array:
    """Row indices in output order: by primary key, IDs by their number (A10000 after A9999),
    missing values first, ties in input order."""
    keys: dict[str, pa.ChunkedArray] = {}
    for n, name in enumerate(schema.primary_key or schema.field_names):
        keys.update({f"{n}.{part}": values for part, values in _sort_keys(columns[name]).items()})
    return pc.sort_indices(pa.table(keys), sort_keys=[(name, "ascending") for name in keys])


def _sort_keys(values) -> dict[str, pa.ChunkedArray]:
    """Sort keys for one column: its kind (0 missing, 1 ID, 2 other text, 3 number or date), then,
    for an ID, its letter and its number (as digits without leading zeros: length, then text)."""
    if values.type != pa.string():
        return {"kind": pc.if_else(pc.is_null(values), 0, 3), "value": values}
    is_id = pc.fill_null(pc.match_substring_regex(values, ID), False)
    kind = pc.if_else(pc.is_null(values), 0, pc.if_else(is_id, 1, 2))
    digits = pc.utf8_ltrim(pc.utf8_slice_codeunits(values, 1), "0")
    return {"kind": kind,
            "letter": pc.if_else(is_id, pc.utf8_slice_codeunits(values, 0, 1), ""),
            "length": pc.if_else(is_id, pc.utf8_length(digits), 0),
            "number": pc.if_else(is_id, digits, ""),
            "text": pc.if_else(pc.equal(kind, 2), values, "")}


def to_csv(schema: Schema, columns: dict[str, pa.ChunkedArray], order: pa.Array) -> bytes:
    names = schema.field_names
    header = io.StringIO(newline="")
    csv.writer(header, lineterminator="\n").writerow(names)
    parts = [header.getvalue().encode("utf-8")]
    for start in range(0, len(order), BATCH):
        rows = order.slice(start, BATCH)
        texts = [_quoted(cell_texts(pc.take(columns[name], rows))) for name in names]
        lines = pc.binary_join_element_wise(pc.binary_join_element_wise(*texts, ","), "\n", "")
        parts.append(_joined_bytes(lines.combine_chunks() if isinstance(lines, pa.ChunkedArray) else lines))
    return b"".join(parts)


def _joined_bytes(lines: pa.Array) -> memoryview:
    """A string array's values end to end, straight from its data buffer."""
    if len(lines) == 0:
        return memoryview(b"")
    _, offsets, data = lines.buffers()
    offsets = memoryview(offsets).cast("i")  # int32, one more than there are strings
    return memoryview(data)[offsets[lines.offset]:offsets[lines.offset + len(lines)]]


def cell_texts(values) -> pa.Array:
    """Each value as the CSV shows it: empty for no value, whole numbers without '.0', dates as ISO."""
    if values.type == pa.float64():
        return _float_texts(values)
    text = values if values.type == pa.string() else pc.cast(values, pa.string())
    return pc.fill_null(text, "")


def _float_texts(values) -> pa.Array:
    exact = pc.fill_null(pc.and_(pc.equal(pc.floor(values), values), pc.less(pc.abs(values), _EXACT_FLOAT)), False)
    text = pc.if_else(exact, pc.cast(pc.cast(pc.if_else(exact, values, None), pa.int64()), pa.string()), None)
    other = pc.filter(values, pc.and_(pc.invert(exact), pc.is_valid(values)))
    if len(other):  # fractions, and integral values too large for int64: Python's own way, once per value
        distinct = pc.unique(other)
        shown = pa.array([cell_text(v) for v in distinct.to_pylist()], pa.string())
        text = pc.coalesce(text, pc.take(shown, pc.index_in(values, value_set=distinct)))
    return pc.fill_null(text, "")


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _quoted(text) -> pa.Array:
    needs = pc.match_substring_regex(text, _NEEDS_QUOTES)
    return pc.if_else(needs, pc.binary_join_element_wise('"', pc.replace_substring(text, '"', '""'), '"', ""), text)


def to_arrow(schema: Schema, columns: dict[str, pa.ChunkedArray], order: pa.Array) -> pa.Table:
    fields = [pa.field(f["name"], columns[f["name"]].type, nullable=True) for f in schema.fields]
    # One chunk per column, so that the Parquet bytes depend on the values only.
    return pa.table([pc.take(columns[f.name], order) for f in fields], schema=pa.schema(fields)).combine_chunks()
