"""Provenance: seeds pinned by sha256, and every quote located in its seed.

Offsets are Unicode code points into the seed's exact decoded text: text[char_start:char_end] == quote.
"""

from __future__ import annotations

import bisect
import difflib
import hashlib
import math
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from ..arrays import cells, where
from .folding import Folded, fold, fold_char, fold_quote
from ..paths import Project, package_seed
from ..problems import Problem, clip

CONTEXT = 32  # code points of prefix and suffix, as in a W3C TextQuoteSelector
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

    def line_column(self, offset: int) -> tuple[int, int]:
        line = self.text.count("\n", 0, offset) + 1
        return line, offset - (self.text.rfind("\n", 0, offset) + 1) + 1


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    match: str  # exact | folded
    occurrence: int  # 1 = the first place in the text, verbatim or folded


def load_seeds(project: Project, table, typed) -> tuple[dict[str, Seed], list[Problem]]:
    """Read each source's seed file, refusing paths that escape seeds/ and bytes that changed."""
    seeds, problems = {}, []
    seeds_dir = project.seeds_dir.resolve()
    columns = {name: typed[name].to_pylist() for name in ("source_id", "seed_path", "sha256")}
    for i, row in enumerate(table.row_numbers):
        source_id, seed_path, pinned = columns["source_id"][i], columns["seed_path"][i], columns["sha256"][i]
        if source_id is None or seed_path is None:
            continue

        def problem(code, value, message, field="seed_path"):
            problems.append(Problem(table.file, row, field, code, clip(value), message))

        candidate = seeds_dir / seed_path
        if Path(seed_path).is_absolute() or "/" in seed_path or "\\" in seed_path or seed_path in (".", ".."):
            problem("seed-path-escapes", seed_path, "seed_path must be a file name inside seeds/, with no folders")
            continue
        if candidate.is_symlink() and candidate.resolve().parent != seeds_dir:
            problem("seed-path-escapes", seed_path, "seed_path is a symlink pointing outside seeds/: copy the file in instead")
            continue
        if not candidate.is_file():
            problem("seed-missing", seed_path,
                    f"seeds/{seed_path} is a folder, not a seed file: correct seed_path" if candidate.is_dir() else
                    f"seeds/{seed_path} does not exist: restore the seed file or correct seed_path")
            continue
        data = candidate.read_bytes()
        actual = hashlib.sha256(data).hexdigest()
        if pinned is not None and actual != pinned:
            problem("seed-changed", actual,
                    f"seeds/{seed_path} has changed: sha256 is {actual}, expected {pinned}; restore the original "
                    "file (seeds are never edited) or, for a new version of the article, add a new source", "sha256")
            continue
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as e:
            problem("encoding-error", seed_path, f"seeds/{seed_path} is not valid UTF-8 at byte {e.start}")
            continue
        seeds[source_id] = Seed(source_id, package_seed(seed_path), text)
    return seeds, problems


def resolve_quotes(table, typed: dict[str, pa.Array],
                   seeds: dict[str, Seed]) -> tuple[dict[str, pa.Array], list[Problem]]:
    """The computed citation fields and the published quote (the exact raw slice of the seed), for
    every row; a quote that cannot be placed is a problem. Quotes repeat across citations, so each
    distinct (source, quote, occurrence) is located once."""
    groups, distinct = _distinct_rows([typed["source_id"], typed["quote"], typed["occurrence"]])
    results, failed = [], {}
    for g, (source_id, quote, occurrence) in enumerate(distinct):
        seed = seeds.get(source_id)
        span = None
        if seed is not None and quote is not None:
            span, code, message = locate(seed, quote, occurrence)
            if span is None:
                failed[g] = (code, message)
        values = context(seed, span) if span else dict.fromkeys(COMPUTED)
        values["quote"] = seed.text[span.start:span.end] if span else quote
        results.append(values)
    # Text repeats with its quote: kept once per distinct quote (a dictionary column), numbers per row.
    indices = pc.cast(groups, pa.int32())
    columns = {name: (pa.DictionaryArray.from_arrays(indices, pa.array([r[name] for r in results], kind))
                      if kind == pa.string() else pc.take(pa.array([r[name] for r in results], kind), groups))
               for name, kind in {**COMPUTED, "quote": pa.string()}.items()}
    problems = []
    if failed:
        indices = where(pc.is_in(groups, value_set=pa.array(sorted(failed), pa.int64())))
        for i, g in zip(indices, cells(groups, indices)):
            code, message = failed[g]
            problems.append(Problem(table.file, table.row_numbers[i], "quote", code, clip(distinct[g][1]), message))
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
    spans = places(seed, quote)
    if not spans:
        return None, "quote-not-found", _not_found_message(seed, quote)
    if occurrence is not None:
        if occurrence > len(spans):
            return None, "occurrence-out-of-range", (f"occurrence {occurrence} asked for, but the quote occurs "
                                                     f"{len(spans)} time(s) in {seed.file}")
        return spans[occurrence - 1], None, None
    if len(spans) > 1:
        shown = "; ".join(f"{s.occurrence}: line {':'.join(map(str, seed.line_column(s.start)))} ({s.match})"
                          for s in spans)
        return None, "quote-ambiguous", (f"the quote occurs {len(spans)} times in {seed.file} ({shown}): set "
                                         "occurrence to the one meant, or lengthen the quote")
    return spans[0], None, None


def _find_all(text: str, needle: str) -> list[int]:
    starts, at = [], text.find(needle)
    while at != -1:
        starts.append(at)
        at = text.find(needle, at + 1)
    return starts


SHOWN = 200  # code points of the closest passage shown in a problem


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


PROBE = 64  # folded code points of the quote used to find where the closest passage starts


def closest(seed: Seed, needle: str) -> tuple[int, int, float] | None:
    """The raw span of the seed passage most similar to the folded needle, and how similar it is.

    Where it starts is found with the needle's first PROBE code points (a coarse scan, then finer and finer
    steps around the best place), so a long mistyped quote costs no more than a short one."""
    hay = seed.folded.text
    n = min(len(needle), len(hay))
    if not n:
        return None
    probe = needle[:min(n, PROBE)]

    def score(i: int, text: str = probe) -> float:
        return difflib.SequenceMatcher(None, text, hay[i:i + len(text)], autojunk=False).ratio()

    last = len(hay) - n
    step = max(1, len(probe) // 4)
    best = max(range(0, last + 1, step), key=score)
    while step > 1:
        step = max(1, step // 2)
        best = max(range(max(0, best - step), min(last, best + step) + 1, step), key=score)
    # Align the start with the needle's own first matching words, not a neighbour that scores as well.
    lo = max(0, best - step - len(probe) // 4)
    window = hay[lo:best + len(probe) + len(probe) // 4]
    blocks = difflib.SequenceMatcher(None, probe, window, autojunk=False).get_matching_blocks()
    first = next((b for b in blocks if b.size >= 3), None)
    if first is not None:
        best = min(last, max(0, lo + first.b - first.a))
    start, end = seed.folded.raw_span(seed.text, best, best + n)
    # Trim the white space at its edges, then widen to whole words, so the curator can copy it as it stands.
    while start < end - 1 and seed.text[start].isspace():
        start += 1
    while end > start + 1 and seed.text[end - 1].isspace():
        end -= 1
    while start > 0 and not seed.text[start - 1].isspace():
        start -= 1
    while end < len(seed.text) and not seed.text[end].isspace():
        end += 1
    return start, end, score(best, needle)  # the whole quote: one longer than the seed is never 100% similar


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
