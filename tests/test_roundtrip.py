"""What goes in comes out equal, or is refused: any text a curator puts in a cell is the text every reader
gets back from the published package (Python's csv module, pyarrow's CSV reader, frictionless, and the
Parquet file), or the build refuses it with a problem that says why."""

from __future__ import annotations

import csv
import io

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from conftest import examples, make_project
from factpack.check.project import check_project
from factpack.paths import Project
from factpack.write.package import build

# Characters that break naive CSV writers and readers, mixed into arbitrary Unicode.
HOSTILE = ["\r", "\n", "\r\n", "\u2028", "\u2029", "\x85", "\ufeff", '"', ",", "=", "+", "-", "@", "\t", " ",
           "\x00", "\x0b", "\x1f", "\u202e", "ی", "«", "»"]
cells = st.lists(st.sampled_from(HOSTILE) | st.text(max_size=4), min_size=1, max_size=8).map("".join).filter(bool)
REFUSED = {"nul-byte", "bidi-control"}  # the only refusals a free-text cell can meet


def tombstones(reasons: list[str], line_end: str) -> str:
    """curated/tombstones.csv as a spreadsheet or Python's csv module writes it, one withdrawn ID per reason:
    CRLF with quotes where needed (Python 3.11's csv module quotes a lone CR only when the line end has one),
    or LF with every cell quoted."""
    sink = io.StringIO(newline="")
    writer = csv.writer(sink, lineterminator=line_end, quoting=csv.QUOTE_MINIMAL if line_end == "\r\n" else csv.QUOTE_ALL)
    writer.writerow(["id", "reason", "superseded_by"])
    writer.writerows([f"A{9000 + n}", reason, ""] for n, reason in enumerate(reasons))
    return sink.getvalue()


def published_reasons(folder) -> dict[str, list]:
    """The reason column as each reader reads data/tombstones.csv (and the Parquet file)."""
    path = folder / "data/tombstones.csv"
    with open(path, encoding="utf-8", newline="") as handle:
        by_csv = [row["reason"] for row in csv.DictReader(handle)]
    by_arrow = pacsv.read_csv(path, parse_options=pacsv.ParseOptions(newlines_in_values=True),
                              convert_options=pacsv.ConvertOptions(column_types={"reason": pa.string()},
                                                                   strings_can_be_null=False,
                                                                   quoted_strings_can_be_null=False))
    from frictionless import Resource

    with Resource(str(path)) as resource:  # frictionless's own reading, every column as text
        by_frictionless = [row["reason"] for row in resource.read_rows()]
    return {"csv": by_csv, "pyarrow": by_arrow["reason"].to_pylist(), "frictionless": by_frictionless,
            "parquet": pq.read_table(folder / "data/tombstones.parquet")["reason"].to_pylist()}


ROUNDTRIP = examples(25)


@pytest.mark.slow
@ROUNDTRIP
@given(reasons=st.lists(cells, min_size=1, max_size=6), line_end=st.sampled_from(["\n", "\r\n"]))
@example(reasons=["a\rb"], line_end="\n")  # a lone carriage return: once written unquoted, re-read as two rows
@example(reasons=["a\r\nb", "c\nd"], line_end="\r\n")  # a line break inside a cell of a CRLF file stays as typed
def test_every_text_comes_out_equal_or_is_refused(tmp_path_factory, reasons, line_end):
    project = make_project(tmp_path_factory.mktemp("roundtrip"), tombstones=tombstones(reasons, line_end))
    checked = check_project(Project.at(project))
    if not checked.report.valid:
        assert {p.code for p in checked.report.errors} <= REFUSED, checked.report.errors
        assert any(c in r for r in reasons for c in ("\x00", *map(chr, range(0x202A, 0x202F)),
                                                     *map(chr, range(0x2066, 0x206A))))
        return
    build(Project.at(project))
    expected = [r if r != "" else None for r in reasons]  # an empty cell is no value
    for reader, got in published_reasons(project / "datapackage").items():
        if reader in ("csv", "pyarrow"):  # text readers: no value is an empty text
            got = [g if g != "" else None for g in got]
        assert got == expected, reader
