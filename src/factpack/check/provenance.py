"""Provenance: seeds pinned by sha256, and every quote located in its seed.

Offsets are Unicode code points into the seed's exact decoded text: text[char_start:char_end] == quote.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import math
import unicodedata
from dataclasses import dataclass
from functools import cached_property

import pyarrow as pa
import pyarrow.compute as pc
import regex
from rapidfuzz import fuzz

from ..arrays import cells, where
from ..model import Table
from ..paths import Project, package_seed
from ..problems import FactpackError, Problem, clip
from ..read.csvfile import TextTable
from ..read.files import read_bytes
from .folding import Folded, fold, fold_char, fold_quote

CONTEXT = 32  # code points of prefix and suffix, as in a W3C TextQuoteSelector
MIN_LETTERS = 3  # a quote identifies a passage: at least this many letters or digits (docs/limits.md)
# The citation fields the build fills, with their types.
COMPUTED = {"char_start": pa.int64(), "char_end": pa.int64(), "match": pa.string(), "line": pa.int64(),
            "column": pa.int64(), "prefix": pa.string(), "suffix": pa.string(), "occurrence": pa.int64()}


@dataclass
class Seed:
    source_id: str
    file: str
    text: str

    @cached_property
    def folded(self) -> Folded:
        return fold(self.text)

    @cached_property
    def boundaries(self) -> bytearray:
        """1 where a character as a reader sees it (a grapheme cluster: a letter with its marks) starts or ends;
        a byte a code point."""
        found = bytearray(len(self.text) + 1)
        for m in regex.finditer(r"\X", self.text):
            found[m.start()] = 1
        found[len(self.text)] = 1
        return found

    def line_column(self, offset: int) -> tuple[int, int]:
        line = self.text.count("\n", 0, offset) + 1
        return line, offset - (self.text.rfind("\n", 0, offset) + 1) + 1


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    match: str  # exact | folded
    occurrence: int  # 1 = the first place in the text, verbatim or folded


def load_seeds(project: Project, sources: Table, text: TextTable,
               typed: dict[str, pa.Array]) -> tuple[dict[str, Seed], list[Problem]]:
    """Read each source's seed file, refusing paths that leave seeds/ and bytes that changed."""
    seeds: dict[str, Seed] = {}
    problems: list[Problem] = []
    seed_field, pin_field = sources.role_field("seed"), sources.role_field("pin")
    id_field = sources.id_field or seed_field
    columns = {name: typed[name].to_pylist() for name in (id_field, seed_field, pin_field)}
    for i, row in enumerate(text.row_numbers):
        source_id, seed_path, pinned = columns[id_field][i], columns[seed_field][i], columns[pin_field][i]
        if source_id is None or seed_path is None:
            continue
        problem = functools.partial(_seed_problem, problems, text.file, row, seed_field)

        if "/" in seed_path or "\\" in seed_path or seed_path in (".", ".."):
            problem("seed-path-escapes", seed_path, f"{seed_field} must be a file name inside seeds/, with no folders")
            continue
        try:
            data = read_bytes(project.seed(seed_path), package_seed(seed_path), "seed")
        except FactpackError as e:
            (found,) = e.report.problems
            code = {"path-escapes": "seed-path-escapes", "missing-file": "seed-missing",
                    "not-a-file": "seed-missing"}.get(found.code, found.code)
            message = {"missing-file": f"seeds/{seed_path} does not exist: restore the seed file or correct "
                                       f"{seed_field}",
                       "not-a-file": f"seeds/{seed_path} is a folder or a special file, not a seed file: correct "
                                     f"{seed_field}"}.get(found.code, found.message)
            problem(code, seed_path, message)
            continue
        actual = hashlib.sha256(data).hexdigest()
        if pinned is not None and actual != pinned:
            problem("seed-changed", actual,
                    f"seeds/{seed_path} has changed: sha256 is {actual}, expected {pinned}; restore the original "
                    "file (seeds are never edited) or, for a new version of the article, add a new source", pin_field)
            continue
        try:
            decoded = data.decode("utf-8")
        except UnicodeDecodeError as e:
            problem("encoding-error", seed_path, f"seeds/{seed_path} is not valid UTF-8 at byte {e.start}")
            continue
        seeds[source_id] = Seed(source_id, package_seed(seed_path), decoded)
    return seeds, problems


def _seed_problem(problems: list[Problem], file: str, row: int, seed_field: str, code: str, value: str | None,
                  message: str, field: str | None = None) -> None:
    problems.append(Problem(file, row, field or seed_field, code, clip(value), message))


def resolve_quotes(citations: Table, source_field: str, text: TextTable, typed: dict[str, pa.Array],
                   seeds: dict[str, Seed]) -> tuple[dict[str, pa.Array], list[Problem]]:
    """The computed citation fields and the published quote (the exact raw slice of the seed), for
    every row; a quote that cannot be placed is a problem. Quotes repeat across citations, so each
    distinct (source, quote, occurrence) is located once."""
    quote_field, occurrence_field = citations.role_field("quote"), citations.role_field("occurrence")
    groups, distinct = _distinct_rows([typed[source_field], typed[quote_field], typed[occurrence_field]])
    results, failed = [], {}
    for g, (source_id, quote, occurrence) in enumerate(distinct):
        seed = seeds.get(source_id)
        span = None
        if seed is not None and quote is not None:
            span, code, message = locate(seed, quote, occurrence)
            if span is None:
                failed[g] = (code, message)
        values = context(seed, span) if seed is not None and span else dict.fromkeys(COMPUTED)
        values["quote"] = seed.text[span.start:span.end] if seed is not None and span else quote
        results.append(values)
    # Text repeats with its quote: kept once per distinct quote (a dictionary column), numbers per row.
    indices = pc.cast(groups, pa.int32())
    kinds = {**COMPUTED, "quote": pa.string()}
    columns = {name: (pa.DictionaryArray.from_arrays(indices, pa.array([r[name] for r in results], kind))
                      if kind == pa.string() else pc.take(pa.array([r[name] for r in results], kind), groups))
               for name, kind in kinds.items()}
    columns[quote_field] = columns.pop("quote")
    columns[occurrence_field] = columns.pop("occurrence")
    problems: list[Problem] = []
    if failed:
        rows = where(pc.is_in(groups, value_set=pa.array(sorted(failed), pa.int64())))
        for i, g in zip(rows, cells(groups, rows)):
            code, message = failed[g]
            problems.append(Problem(text.file, text.row_numbers[i], quote_field, code or "quote-not-found",
                                    clip(distinct[g][1]), message or ""))
    return columns, problems


def _distinct_rows(columns: list[pa.Array]) -> tuple[pa.Array, list[tuple]]:
    """For each row, the index of its combination of values among the distinct combinations; and those."""
    code, values = None, []
    for column in columns:
        distinct = pc.unique(column)  # a null is one of the values
        index = pc.cast(pc.index_in(column, value_set=distinct), pa.int64())
        code = index if code is None else pc.add(pc.multiply(code, len(distinct)), index)
        values.append(distinct.to_pylist())
    distinct_codes = pc.unique(code)
    combinations = []
    for c in distinct_codes.to_pylist():
        parts = []
        for options in reversed(values):
            c, k = divmod(c, len(options))
            parts.append(options[k])
        combinations.append(tuple(reversed(parts)))
    return pc.cast(pc.index_in(code, value_set=distinct_codes), pa.int64()), combinations


def places(seed: Seed, quote: str) -> list[Span]:
    """Every place the quote stands in the seed, in text order: verbatim (exact) or after folding (folded).
    A place found both ways counts once, as exact. Occurrences may overlap ("ab ab" twice in "ab ab ab")."""
    origin = seed.folded.origin
    found: dict[int, Span] = {}  # by folded start: one place, however it was found
    # Where the folded quote starts within the quote: after what folding drops or trims (spaces, marks).
    lead = next((i for i, c in enumerate(quote) if fold_char(c).strip()), len(quote))
    for s in _find_all(seed.text, quote):
        found[bisect.bisect_left(origin, s + lead)] = Span(s, s + len(quote), "exact", 0)
    needle = fold_quote(quote)
    for s in _find_all(seed.folded.text, needle) if needle else []:
        if s not in found:
            found[s] = Span(*seed.folded.raw_span(seed.text, s, s + len(needle)), "folded", 0)
    ordered = sorted(found.values(), key=lambda span: (span.start, span.end))
    return [Span(span.start, span.end, span.match, n) for n, span in enumerate(ordered, 1)]


def locate(seed: Seed, quote: str, occurrence: int | None) -> tuple[Span | None, str | None, str | None]:
    """The one place the quote stands in the seed, or the occurrence asked for; never a silent choice among
    several. Returns (span, problem code, message)."""
    letters = sum(1 for c in fold_quote(quote) if c.isalnum())
    if letters < MIN_LETTERS:
        return None, "quote-too-short", (f"the quote has {letters} letter(s) or digit(s): a quote identifies a "
                                         f"passage with at least {MIN_LETTERS}; quote the words that carry the fact")
    spans = places(seed, quote)
    if not spans:
        return None, "quote-not-found", _not_found_message(seed, quote)
    if occurrence is not None:
        if occurrence < 1 or occurrence > len(spans):
            return None, "occurrence-out-of-range", (f"occurrence {occurrence} asked for, but the quote occurs "
                                                     f"{len(spans)} time(s) in {seed.file}")
        return _whole(seed, spans[occurrence - 1])
    if len(spans) > 1:
        shown = "; ".join(f"{s.occurrence}: line {':'.join(map(str, seed.line_column(s.start)))} ({s.match})"
                          for s in spans)
        return None, "quote-ambiguous", (f"the quote occurs {len(spans)} times in {seed.file} ({shown}): set "
                                         "occurrence to the one meant, or lengthen the quote")
    return _whole(seed, spans[0])


def _whole(seed: Seed, span: Span) -> tuple[Span | None, str | None, str | None]:
    """The span, when it starts and ends between characters as a reader sees them (a letter and its marks
    are one); else the problem that it splits one."""
    for at in (span.start, span.end):
        if not seed.boundaries[at]:
            around = seed.text[max(0, at - 1):at + 1]
            names = ", ".join(unicodedata.name(c, f"U+{ord(c):04X}") for c in around)
            line, column = seed.line_column(at)
            return None, "quote-splits-character", (f"the quote {'starts' if at == span.start else 'ends'} inside a "
                                                    f"character at line {line}:{column} ({names}): include the whole "
                                                    "character")
    return span, None, None


def _find_all(text: str, needle: str) -> list[int]:
    starts, at = [], text.find(needle)
    while at != -1:
        starts.append(at)
        at = text.find(needle, at + 1)
    return starts


SHOWN = 200  # code points of the closest passage shown in a problem
PROBE = 256  # folded code points of a quote used to find where its closest passage starts


def _not_found_message(seed: Seed, quote: str) -> str:
    needle = fold_quote(quote)
    best = closest(seed, needle)
    if best is None:
        return f"the quote is not in {seed.file}"
    start, end, ratio = best
    line, column = seed.line_column(start)
    passage = seed.text[start:end]
    passage = passage if len(passage) <= SHOWN else passage[:SHOWN] + "…"
    similar = math.floor(ratio * 100)  # floored: a passage that differs is never shown as 100% similar
    return (f"the quote is not in {seed.file}; the closest passage ({similar}% similar) is at line {line}:{column}: "
            f"«{passage}» — copy the words from there")


def closest(seed: Seed, needle: str) -> tuple[int, int, float] | None:
    """The raw span of the seed passage most similar to the folded needle, and how similar it is.

    rapidfuzz aligns the needle's first PROBE code points on the seed (bit-parallel, milliseconds for an
    article), so the time is bounded however long the needle; the similarity compares as much of the
    passage as the needle is long, at most SHOWN * 4 code points of each."""
    hay = seed.folded.text
    n = min(len(needle), len(hay))
    if not n:
        return None
    probe = needle[:PROBE]
    found = fuzz.partial_ratio_alignment(probe, hay)
    if found is None:
        return None
    best = min(max(0, found.dest_start - found.src_start), len(hay) - 1)
    start, end = seed.folded.raw_span(seed.text, best, min(len(hay), best + n))
    # Trim the white space at its edges, then widen to whole words, so the curator can copy it as it stands.
    while start < end - 1 and seed.text[start].isspace():
        start += 1
    while end > start + 1 and seed.text[end - 1].isspace():
        end -= 1
    while start > 0 and not seed.text[start - 1].isspace():
        start -= 1
    while end < len(seed.text) and not seed.text[end].isspace():
        end += 1
    compared = SHOWN * 4
    ratio = fuzz.ratio(needle[:compared], hay[best:best + n][:compared]) / 100
    if len(needle) > len(hay) or needle != hay[best:best + len(needle)]:
        ratio = min(ratio, 0.999)  # a passage that differs is never 100% similar
    return start, end, ratio


def context(seed: Seed, span: Span) -> dict:
    line, column = seed.line_column(span.start)
    return {
        "char_start": span.start,
        "char_end": span.end,
        "match": span.match,
        "occurrence": span.occurrence,
        "line": line,
        "column": column,
        "prefix": seed.text[max(0, span.start - CONTEXT):span.start] or None,  # none at the start of the text
        "suffix": seed.text[span.end:span.end + CONTEXT] or None,
    }
