"""Read a curated CSV strictly: UTF-8, one fixed dialect (comma, double quote), never sniffed."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from .problems import Problem, clip

csv.field_size_limit(1 << 30)  # long quotes are legitimate; the default 131,072 is too small


@dataclass
class Table:
    name: str
    file: str  # as shown in problems
    header: list[str]
    columns: dict[str, list[str]]  # field -> cell text, one per data row
    row_numbers: list[int]  # file row number of each data row (header = 1)

    def __len__(self) -> int:
        return len(self.row_numbers)

    def rows(self):
        names = list(self.columns)
        for i, number in enumerate(self.row_numbers):
            yield number, {n: self.columns[n][i] for n in names}


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
    # Excel on Windows writes CRLF; line ends inside quoted cells follow suit. One form, LF, so that
    # the same table gives the same bytes whichever way it was saved.
    text = text.replace("\r\n", "\n")
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        return None, [Problem(file, None, None, "nul-byte", "\\x00",
                              f"the file contains a NUL byte (line {line}); re-save it as plain UTF-8 text")]
    return text, []


def read_table(path: Path, name: str, file: str, expected: list[str]) -> tuple[Table | None, list[Problem]]:
    """Parse one curated file; return the table, or None with the problems that stop reading it."""
    if not path.is_file():
        return None, [Problem(file, None, None, "missing-file", None, f"the table '{name}' is missing: create {file}")]
    text, problems = decode(path.read_bytes(), file)
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
    for index, (_, record) in enumerate(records[1:], start=2):
        if record == []:
            continue  # a blank line is no record
        if len(record) != len(header):
            problems.append(Problem(file, index, None, "ragged-row", clip(",".join(record)),
                                    f"the row has {len(record)} cells but the header has {len(header)}"))
            continue
        numbers.append(index)
        for h, cell in zip(header, record):
            columns[h].append(cell)
    # Put columns in schema order so that output does not depend on the curator's column order.
    ordered = {h: columns[h] for h in expected}
    return Table(name, file, expected, ordered, numbers), problems


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
