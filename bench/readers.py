"""Where pyarrow's CSV reader and Python's csv readers disagree, on random small files.

Files are a good header and up to 14 random tokens (letters, commas, quotes, line ends). For each file
that pyarrow reads (every column as text, cells with line ends allowed), it compares pyarrow's rows with
Python's lenient reader's and its strict reader's. The counts justify read/csvfile.py's quote scan:
pyarrow reads what only the strict reader refuses (an unclosed quote that swallows the rows after it,
a quote closed too early), so the build sends such files to the strict reader.

    .venv/bin/python bench/readers.py [FILES]
"""

from __future__ import annotations

import csv
import io
import random
import sys

import pyarrow as pa
import pyarrow.csv as pacsv

TOKENS = ["x", "yy", "ي", " ", ",", '"', '""', "\n", "=1"]
HEADER = ["a", "b", "c"]


def arrow_rows(data: bytes) -> list[list[str]] | None:
    try:
        table = pacsv.read_csv(
            pa.py_buffer(data),
            parse_options=pacsv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(column_types={h: pa.string() for h in HEADER}, null_values=[],
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False))
    except pa.ArrowInvalid:
        return None
    return [list(row.values()) for row in table.to_pylist()] if table.column_names == HEADER else None


def python_rows(text: str, strict: bool) -> list[list[str]] | None:
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), strict=strict))
    except csv.Error:
        return None
    return [r for r in rows[1:] if r != []] if rows and rows[0] == HEADER else None


def main(files: int) -> None:
    rng = random.Random(1)
    read = lenient = strict = 0
    examples: dict[str, str] = {}
    for _ in range(files):
        text = "a,b,c\n" + "".join(rng.choice(TOKENS) for _ in range(rng.randint(0, 14)))
        rows = arrow_rows(text.encode())
        if rows is None or ["", "", ""] in rows:  # pyarrow refuses it; or a blank line (the build checks those)
            continue
        read += 1
        if python_rows(text, strict=False) != rows:
            lenient += 1
            examples.setdefault("lenient", text)
        if python_rows(text, strict=True) != rows:
            strict += 1
            examples.setdefault("strict", text)
    print(f"{files:,} random files; pyarrow reads {read:,} (no blank line); of those, Python's lenient reader "
          f"differs on {lenient:,} and its strict reader on {strict:,}")
    for kind, text in examples.items():
        print(f"  e.g. {kind}: {text!r}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200_000)
