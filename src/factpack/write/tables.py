"""Checked tables to output form: rows sorted by primary key, as Arrow tables that pyarrow's CSV and
Parquet writers write (write/package.py)."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from ..arrays import in_order, null_where, parallel, sort_keys
from ..model import Table


def sort_order(table: Table, columns: dict[str, pa.Array]) -> pa.Array | None:
    """Row indices in output order: by primary key, IDs by their number (A10000 after A9999),
    missing values first, ties in input order. None when the rows are in that order already
    (curated files usually are)."""
    keys = sort_keys([columns[name] for name in table.primary_key or table.field_names])
    if in_order(keys):
        return None
    return pc.sort_indices(pa.table({str(n): key for n, key in enumerate(keys)}),
                           sort_keys=[(str(n), "ascending") for n in range(len(keys))])


def plain(table: pa.Table) -> pa.Table:
    """The table as it is published: a dictionary column as the text it stands for."""
    for n, f in enumerate(table.schema):
        if pa.types.is_dictionary(f.type):
            table = table.set_column(n, f.name, table.column(n).cast(f.type.value_type))
    return table


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
