"""Read a curated CSV strictly: UTF-8, one fixed dialect (comma, double quote), never sniffed.

Two readers, one result. A plainly well-formed file (the common case) is parsed by pyarrow.csv,
every column as text. Anything doubtful (a carriage return anywhere, a blank line, a quote
the strict reader refuses, any pyarrow error) is read by Python's strict csv reader instead, which
locates structural problems precisely. Both number rows as records of the input file (header = 1;
a record may span lines inside a quoted cell), and give the same TextTable for the same file.
"""

from __future__ import annotations

import csv
import io
import mmap
import re
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from ..arrays import text_column
from ..problems import FactpackError, Problem, Report, clip, fail
from .files import size_of

csv.field_size_limit(1 << 30)  # long quotes are legitimate; the default 131,072 is too small

BOM = b"\xef\xbb\xbf"
# A quoted cell (its quote opens after a comma or line end) that is never closed, or whose closing
# quote is followed by anything but a comma, a line end or a second quote: the strict reader
# refuses it, pyarrow would read on. A match starting inside a quoted cell is a false alarm that
# only costs the slow reader.
_DOUBTFUL_QUOTE = re.compile(rb'"(?<=[,\n]")[^"]*+(?:""[^"]*+)*+(?:"[^,\n"]|\Z)')
_SCAN_STEP = 1 << 22
_BLOCK = 1 << 22  # pyarrow parses blocks in parallel; a record longer than a block sends the file to the slow reader


@dataclass
class TextTable:
    name: str
    file: str  # as shown in problems
    header: list[str]
    columns: dict[str, pa.Array]  # field -> cell text ("" when empty), one per data row
    row_numbers: Sequence[int]  # file row number of each data row (header = 1)
    dropped: Sequence[dict[str, str]] = ()  # rows left out as ragged, cells by header as far as they go
    problems: list[Problem] = field(default_factory=list)  # what reading found that does not stop it (ragged rows)

    def __len__(self) -> int:
        return len(self.row_numbers)

    @cached_property
    def row_array(self) -> pa.Array:
        return pa.array(self.row_numbers, pa.int64())


def decode(data: bytes, file: str) -> tuple[str | None, list[Problem]]:
    """Strict UTF-8; a BOM (as Excel writes) is dropped."""
    bom = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    try:
        text = data[bom:].decode("utf-8")
    except UnicodeDecodeError as e:
        offset = bom + e.start  # counted in the file as saved, BOM included
        bad = data[offset : offset + 1].hex()
        return None, [
            Problem(file, None, None, "encoding-error", f"0x{bad}",
                    f"not valid UTF-8 at byte {offset} (0x{bad}); the file looks like another "
                    "encoding (Windows-1256 or Latin-1?): re-save it as 'CSV UTF-8'")
        ]
    # Line ends (LF, or Excel's CRLF) end records; inside a quoted cell every character is kept as typed:
    # what goes in comes out equal (the CSV writer quotes a cell with CR or LF in it).
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        return None, [Problem(file, None, None, "nul-byte", "\\x00",
                              f"the file contains a NUL byte (line {line}); re-save it as plain UTF-8 text")]
    return text, []


def read_table(path: Path, name: str, file: str, expected: list[str]) -> TextTable:
    """Parse one curated file; FactpackError with the problems that stop reading it."""
    size = size_of(path, file, "table")
    try:
        with open(path, "rb") as handle:
            # Mapped, not read: the file's pages are used where they are, a large file is not copied.
            data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) if size else b""
    except OSError as e:
        raise fail(file, "io-error", f"{file} cannot be read: {e.strerror}") from None
    parsed = _read_fast(data, file, expected)
    if parsed is None:
        table, problems = _read_strict(data[:], name, file, expected)
        if table is None:
            raise FactpackError(Report(problems))
        table.problems = problems
        return table
    del data  # unmapped before the columns are joined up, so that the file's pages and its copy are not both held
    columns = {h: parsed.column(h) for h in expected}
    rows = parsed.num_rows
    del parsed
    for h in expected:  # one array per column (a chunked column would be re-joined by every take); one at a time
        columns[h] = columns[h].chunk(0) if columns[h].num_chunks == 1 else columns[h].combine_chunks()
    return TextTable(name, file, expected, columns, range(2, 2 + rows))


def _read_fast(data: bytes | mmap.mmap, file: str, expected: list[str]) -> pa.Table | None:
    """pyarrow's reader (every column as text), or None when the file is not plainly well formed."""
    start = len(BOM) if data[:len(BOM)] == BOM else 0
    if data.find(b"\r", start) != -1:
        return None  # CRLF line ends, or a CR in a cell: the strict reader keeps cells exactly as typed
    if data.find(b"\x00", start) != -1:
        return None
    end = data.find(b"\n", start)
    line = data[start:end if end != -1 else len(data)]
    try:
        header = line.decode("utf-8").split(",")
    except UnicodeDecodeError:
        return None
    if b'"' in line or _check_header(header, expected, file):
        return None
    with ThreadPoolExecutor(1) as pool:  # pyarrow parses (without the GIL) while this thread scans
        parsed = pool.submit(_parse, data, start, header, False)
        plain, records = _scan(data, start)
        table = parsed.result()
    if not plain:
        return None
    if table is None or table.num_rows != records - 1:
        # A quoted cell spans lines (one record, several lines): pyarrow's fast mode splits the file
        # into blocks at line ends and may fail on such a cell; its slower mode reads it.
        table = _parse(data, start, header, True)
    if table is None or table.column_names != header or _has_blank_row(table):
        return None
    return table


def _scan(data: bytes | mmap.mmap, start: int) -> tuple[bool, int]:
    """Whether no quote may be one the strict reader refuses; and how many records the file has if
    no quoted cell spans lines. A few megabytes at a time, so that the thread parsing beside it gets
    the GIL when it needs it."""
    at, lines = start, 0
    while at < len(data):
        end = data.find(b"\n", min(at + _SCAN_STEP, len(data)))
        end = len(data) if end == -1 else end + 1  # steps end at line ends
        found = _DOUBTFUL_QUOTE.search(data, at, end)
        if found is not None:
            if found.end() < end or end == len(data):
                return False, 0
            # A quoted cell runs past this step (a false alarm, or a cell spanning lines): look on to the end.
            if _DOUBTFUL_QUOTE.search(data, found.start()):
                return False, 0
            return True, -1  # do not count on one record a line
        lines += data[at:end].count(b"\n")
        at = end
    return True, lines + (data[-1:] != b"\n")


def _has_blank_row(table: pa.Table) -> bool:
    """A blank line is no record to the strict reader but a row of empty cells to pyarrow: a row of
    empty cells (or of commas only) is left to the strict reader."""
    if table.num_rows == 0:
        return False
    blank = None
    for column in table.columns:
        empty = pc.equal(column, "")
        blank = empty if blank is None else pc.and_(blank, empty)
    return bool(pc.any(blank).as_py())


def _parse(data: bytes | mmap.mmap, start: int, header: list[str], multiline: bool) -> pa.Table | None:
    buffer = pa.py_buffer(data)
    try:
        return pacsv.read_csv(
            pa.BufferReader(buffer.slice(start) if start else buffer),
            read_options=pacsv.ReadOptions(block_size=_BLOCK),
            parse_options=pacsv.ParseOptions(delimiter=",", quote_char='"', double_quote=True, escape_char=False,
                                             newlines_in_values=multiline, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(column_types={h: pa.string() for h in header}, null_values=[],
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False,
                                                 check_utf8=True))
    except pa.ArrowInvalid:
        return None


def _read_strict(data: bytes, name: str, file: str, expected: list[str]) -> tuple[TextTable | None, list[Problem]]:
    text, problems = decode(data, file)
    if text is None:
        return None, problems
    if not text.strip():
        return None, [Problem(file, None, None, "empty-file", None,
                              f"the file is empty: it needs at least the header row ({','.join(expected)})")]

    reader = csv.reader(io.StringIO(text, newline=""), delimiter=",", quotechar='"', strict=True)
    records: list[tuple[int, list[str]]] = []
    try:
        for record in reader:
            records.append((reader.line_num, record))
    except csv.Error as e:
        line = reader.line_num
        return None, [Problem(file, len(records) + 1, None, "csv-syntax", None,
                              f"the CSV cannot be parsed near line {line}: {e} (an unterminated quote?)")]

    problems = []
    header = records[0][1]
    if header == [] or all(cell.strip() == "" for cell in header):
        return None, [Problem(file, 1, None, "blank-header", None,
                              "the first line is blank: the header row must come first")]
    if len(header) == 1 and ";" in header[0]:
        return None, [Problem(file, 1, None, "wrong-delimiter", clip(header[0]),
                              "the header is separated by ';': save the file with ',' as the delimiter")]
    problems += _check_header(header, expected, file)
    if any(p.severity == "error" for p in problems):
        return None, problems

    columns: dict[str, list[str]] = {h: [] for h in header}
    numbers: list[int] = []
    dropped: list[dict[str, str]] = []
    for index, (_, record) in enumerate(records[1:], start=2):
        if record == []:
            continue  # a blank line is no record
        if len(record) != len(header):
            problems.append(Problem(file, index, None, "ragged-row", clip(",".join(record)),
                                    f"the row has {len(record)} cells but the header has {len(header)}"))
            dropped.append(dict(zip(header, record)))
            continue
        numbers.append(index)
        for h, cell in zip(header, record):
            columns[h].append(cell)
    # Put columns in schema order so that output does not depend on the curator's column order.
    ordered = {h: text_column(columns[h]) for h in expected}
    return TextTable(name, file, expected, ordered, numbers, dropped), problems


def _check_header(header: list[str], expected: list[str], file: str) -> list[Problem]:
    problems = []
    seen = set()
    for position, name in enumerate(header, start=1):
        if name.strip() == "":
            problems.append(Problem(file, 1, None, "blank-header", None,
                                    f"column {position} has no name; expected one of: {', '.join(expected)}"))
        elif name in seen:
            problems.append(Problem(file, 1, name, "duplicate-header", name,
                                    f"the column '{name}' appears twice; delete one"))
        elif name not in expected:
            hint = _nearest(name, expected)
            problems.append(Problem(file, 1, name, "unknown-header", name,
                                    f"unknown column '{name}'" + (f"; did you mean '{hint}'?" if hint else
                                                                  f"; expected: {', '.join(expected)}")))
        seen.add(name)
    for name in expected:
        if name not in seen:
            problems.append(Problem(file, 1, name, "missing-header", None, f"the column '{name}' is missing: add it"))
    return problems


def _nearest(word: str, choices: list[str]) -> str | None:
    import difflib

    match = difflib.get_close_matches(word.strip().lower(), choices, n=1, cutoff=0.6)
    return match[0] if match else None
