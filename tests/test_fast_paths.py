"""The column-at-a-time code against plain Python, one cell at a time, as the reference.

pyarrow does the work in the build; these property tests pin each fast path to the semantics it
replaces: the strict csv reader, Python's int/float/date parsing and str.isspace, csv.writer, and a
sort by Python tuples.
"""

import csv
import datetime as dt
import io
import math
import re

import pyarrow as pa
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from conftest import examples
from factpack.check import cells, safety
from factpack.model import Table as ModelTable
from factpack.problems import clip
from factpack.read import csvfile as readcsv
from factpack.read.csvfile import TextTable as Table
from factpack.write import tables

SETTINGS = examples(200)


# Reading: pyarrow's reader gives the strict reader's table, or leaves the file to it.

HEADER = ["a", "b", "c"]
TOKENS = ["x", "yy", "ي", " ", "\u00a0", ",", '"', '""', "\n", "\r\n", "\r", "=1"]


@st.composite
def csv_files(draw) -> bytes:
    if draw(st.booleans()):  # well formed, as a csv writer makes it
        rows = draw(st.lists(st.lists(st.lists(st.sampled_from(TOKENS), max_size=4).map("".join), min_size=3,
                                      max_size=3), max_size=6))
        out = io.StringIO(newline="")
        quoting = draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]))
        csv.writer(out, quoting=quoting, lineterminator=draw(st.sampled_from(["\n", "\r\n"]))).writerows(
            [HEADER, *rows])
        text = out.getvalue()
    else:  # anything at all after a good header
        text = "a,b,c\n" + "".join(draw(st.lists(st.sampled_from(TOKENS), max_size=40)))
    data = text.encode("utf-8")
    return (b"\xef\xbb\xbf" if draw(st.booleans()) else b"") + data


def same_table(fast: pa.Table, strict: Table) -> bool:
    """pyarrow's table holds the strict reader's cells, its rows numbered 2, 3, ... as the strict reader's."""
    return ({h: fast.column(h).to_pylist() for h in HEADER} == {h: c.to_pylist() for h, c in strict.columns.items()}
            and list(strict.row_numbers) == list(range(2, 2 + fast.num_rows)))


@pytest.fixture
def small_blocks(monkeypatch):
    """Blocks and scan steps of a few bytes, so that cells straddle them."""
    monkeypatch.setattr(readcsv, "_BLOCK", 64)
    monkeypatch.setattr(readcsv, "_SCAN_STEP", 16)


@SETTINGS
@given(csv_files())
@example(b'a,b,c\n"x"y,1,2\n')  # a quote closed too early: the strict reader refuses it, pyarrow would not
@example(b"a,b,c\n1,2,3\n\n4,5,6\n")  # a blank line: no record to the strict reader, a row to pyarrow
@example(b'a,b,c\n1,"two\nlines",3\n4,5,6\n')
def test_fast_reader_gives_the_strict_readers_table_or_declines(small_blocks, data):
    fast = readcsv._read_fast(data, "t.csv", HEADER)
    strict, problems = readcsv._read_strict(data, "t", "t.csv", HEADER)
    if fast is not None:
        assert problems == [] and strict is not None and same_table(fast, strict)


def test_the_fast_reader_reads_a_plainly_well_formed_file():
    """The property above holds whenever the fast reader answers; here it must answer."""
    fast = readcsv._read_fast(b'a,b,c\nx,"y, z",1\n', "t.csv", HEADER)
    assert fast is not None and fast.to_pylist() == [{"a": "x", "b": "y, z", "c": "1"}]


def test_cells_spanning_lines_across_pyarrow_blocks(small_blocks):
    rows = [[f"E{i:04d}", "line one\nline two, \"quoted\"" if i % 3 else "plain", str(i)] for i in range(300)]
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerows([HEADER, *rows])
    data = out.getvalue().encode()
    fast = readcsv._read_fast(data, "t.csv", HEADER)
    assert fast is not None and [c.to_pylist() for c in fast.columns] == [list(c) for c in zip(*rows)]


# Cells: the column-wise checks against the per-cell reference they replaced.

_INTEGER = re.compile(r"[+-]?[0-9]+")
_NUMBER = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")


def reference_cell(field: dict, cell: str):
    """(value, problem codes) of one cell, as the per-cell implementation decided them."""
    kind, constraints = field.get("type", "string"), field.get("constraints", {})
    if cell == "":
        return None, ["required"] if constraints.get("required") else []
    if cell != cell.strip() and ("pattern" in constraints or "enum" in constraints or kind != "string"):
        return None, ["whitespace"]
    value = cell
    if kind == "integer":
        value = int(cell) if _INTEGER.fullmatch(cell) else None
        if value is not None and not -2 ** 63 <= value < 2 ** 63:
            value = None  # beyond int64: refused (a type-error), as Parquet could not hold it
    elif kind == "number":
        value = float(cell) if _NUMBER.fullmatch(cell) else None
    elif kind == "date":
        try:
            value = dt.date.fromisoformat(cell) if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", cell) else None
        except ValueError:
            value = None
    if value is None:
        return None, ["type-error"]
    codes = []
    if "pattern" in constraints and not re.fullmatch(constraints["pattern"], cell):
        codes.append("pattern")
    if "enum" in constraints and cell not in constraints["enum"]:
        codes.append("enum")
    if "minimum" in constraints and value < constraints["minimum"]:
        codes.append("minimum")
    return value, codes


FIELDS = [
    {"name": "id", "type": "string", "constraints": {"required": True, "pattern": "E[0-9]{4,}"}},
    {"name": "code", "type": "string", "constraints": {"enum": ["day", "by", "unknown"]}},
    {"name": "note", "type": "string"},
    {"name": "count", "type": "integer", "constraints": {"minimum": 1}},
    {"name": "value", "type": "number"},
    {"name": "date", "type": "date"},
]
CHARS = list("0123456789+-.eE ,:/") + ["E", "٢", "\u00a0", "\u2003", "\u200b", "\u3000", "\x1c", "day", "by", "nan"]


@SETTINGS
@given(st.lists(st.lists(st.sampled_from(CHARS), max_size=8).map("".join), min_size=1, max_size=12), st.data())
@example(["99999999999999999999", "+5", "007", "-0", "1e999", ".5", "5.", "2024-02-30", "0000-01-01", "2024-02-29",
          " E0001", "E0001\u00a0", "E00001", "NA", "١"], None)
def test_cell_checks_match_the_per_cell_reference(values, data):
    for field in FIELDS:
        if data is not None:
            values = data.draw(st.permutations(values))
        table = Table("t", "t.csv", [field["name"]], {field["name"]: pa.array(values, pa.string())},
                      range(2, 2 + len(values)))
        typed, problems = cells.typed_columns(table, ModelTable("t", {"fields": [field]}, {}, "records"))
        got = typed[field["name"]].to_pylist()
        for i, cell in enumerate(values):
            value, codes = reference_cell(field, cell)
            assert _same_value(got[i], value), (field["name"], cell, got[i], value)
            assert sorted(p.code for p in problems if p.row == i + 2) == sorted(codes), (field["name"], cell)
        for p in problems:
            assert p.value == clip(values[p.row - 2]) and p.field == field["name"]


def _same_value(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return (a == b and math.copysign(1, a) == math.copysign(1, b)) or (math.isnan(a) and math.isnan(b))
    return a == b and type(a) is type(b)


def test_messages_name_the_fix():
    table = Table("t", "t.csv", ["count", "code"], {"count": pa.array(["2,100", "٢١٠٠", "99999999999999999999"]),
                                                     "code": pa.array(["dya", "by", "zzz"])}, range(2, 5))
    schema = ModelTable("t", {"fields": [FIELDS[3], FIELDS[1]]}, {}, "records")
    _, problems = cells.typed_columns(table, schema)
    messages = {(p.row, p.code): p.message for p in problems}
    assert messages[(2, "type-error")] == "'2,100' is not a whole number; write it without thousands separators: 2100"
    assert messages[(3, "type-error")] == "'٢١٠٠' is not a whole number; write it with ASCII digits: 2100"
    assert messages[(4, "type-error")] == "'99999999999999999999' is too large for a whole number (at most 19 digits)"
    assert messages[(2, "enum")] == "'dya' is not an allowed value; did you mean 'day'?"
    assert messages[(4, "enum")] == "'zzz' is not an allowed value; allowed: day, by, unknown"


def test_spaces_are_pythons():
    every = {chr(c) for c in range(0x110000) if chr(c).isspace()}
    assert set(cells.SPACES) == every
    assert all(cells._SPACE_BYTES.search(c.encode()) for c in every)  # the prefilter misses none


def test_bidi_bytes_find_every_bidi_control():
    controls = [chr(c) for c in range(0x10000) if safety.BIDI_CONTROLS.search(chr(c)) and c]
    assert controls and all(safety.BIDI_BYTES.search(c.encode()) for c in controls)
    assert not any(safety.BIDI_BYTES.search(chr(c).encode()) for c in range(0x10000)
                   if not safety.BIDI_CONTROLS.search(chr(c)) and not 0xD800 <= c < 0xE000)


# Output: what pyarrow's CSV writer writes, Python's csv reads back as the values that went in.

@st.composite
def typed_tables(draw):
    n = draw(st.integers(0, 8))
    text = st.one_of(st.none(), st.text(st.sampled_from(['a', ',', '"', "\n", "\r", " ", "ي", "=", "x"]), max_size=5))
    floats = st.one_of(st.none(), st.floats(allow_nan=False), st.integers(-2 ** 60, 2 ** 60).map(float),
                       st.sampled_from([0.1, -0.0, 1e22, 2.5, 1e16, float("inf")]))
    return {"s": pa.array(draw(st.lists(text, min_size=n, max_size=n)), pa.string()),
            "i": pa.array(draw(st.lists(st.one_of(st.none(), st.integers(-2 ** 63, 2 ** 63 - 1)), min_size=n,
                                        max_size=n)), pa.int64()),
            "f": pa.array(draw(st.lists(floats, min_size=n, max_size=n)), pa.float64()),
            "d": pa.array(draw(st.lists(st.one_of(st.none(), st.dates()), min_size=n, max_size=n)), pa.date32())}


@SETTINGS
@given(typed_tables())
def test_the_csv_reads_back_as_the_values_written(columns):
    import pyarrow.csv as pacsv

    from factpack.write.package import CSV_OPTIONS

    table = pa.table(columns)
    out = io.BytesIO()
    pacsv.write_csv(table, out, CSV_OPTIONS)
    rows = list(csv.reader(io.StringIO(out.getvalue().decode("utf-8"), newline=""), strict=True))
    assert rows[0] == table.column_names
    for row, values in zip(rows[1:], table.to_pylist(), strict=True):
        s, i, f, d = row
        assert s == (values["s"] or "") and i == ("" if values["i"] is None else str(values["i"]))
        assert (f == "") if values["f"] is None else float(f) == values["f"]
        assert d == ("" if values["d"] is None else values["d"].isoformat())


def reference_sort_value(value):
    if value is None:
        return (0,)
    if isinstance(value, str):
        m = re.fullmatch(r"([A-Z])([0-9]+)", value)
        return (1, m.group(1), int(m.group(2))) if m else (2, value)
    return (3, value)


KEYS = st.one_of(st.none(), st.from_regex(r"[A-Z][0-9]{1,20}", fullmatch=True), st.sampled_from(["E0001", "E00001",
                 "E1", "A9999", "A10000", "speaker", "NA", "é", ""]))


@SETTINGS
@given(st.lists(st.tuples(KEYS, KEYS, st.one_of(st.none(), st.integers(-5, 5))), max_size=12), st.booleans())
def test_sort_order_is_pythons_stable_sort_by_tuples(rows, composite):
    names = ["k", "l", "n"] if composite else ["k"]
    columns = {"k": pa.array([r[0] for r in rows], pa.string()), "l": pa.array([r[1] for r in rows], pa.string()),
               "n": pa.array([r[2] for r in rows], pa.int64())}
    schema = ModelTable("t", {"fields": [{"name": n} for n in "kln"], "primaryKey": names}, {}, "records")
    order = tables.sort_order(schema, columns)
    got = list(range(len(rows))) if order is None else order.to_pylist()
    position = {"k": 0, "l": 1, "n": 2}
    assert got == sorted(range(len(rows)), key=lambda i: tuple(reference_sort_value(rows[i][position[n]])
                                                               for n in names))
