"""`factpack trace ID`: a record and each of its citations shown within its sentence in the source."""

from __future__ import annotations

import re

from .check.project import Checked
from .problems import FactpackError, Problem, Report
from .write.tables import cell_text

TABLE_OF = {"E": ("events", "event_id"), "A": ("actors", "actor_id"), "F": ("figures", "figure_id"),
            "C": ("citations", "citation_id"), "S": ("sources", "source_id")}
SENTENCE_END = re.compile(r"[.!?؟\n]")
MAX_SENTENCE = 400


def trace(checked: Checked, record_id: str) -> dict:
    table, key = TABLE_OF.get(record_id[:1], (None, None))
    typed = checked.typed.get(table) if table else None
    index = typed[key].index(record_id) if typed and record_id in typed[key] else None
    if index is None:
        raise FactpackError(Report([Problem("", None, None, "unknown-id", record_id,
                                            f"no record {record_id}: IDs look like E0001, A0001, F0001, C0001, S0001")]))
    record = _row(typed, index)
    citations = checked.typed["citations"]
    if table == "citations":
        rows = [index]
    elif table == "sources":
        rows = [i for i, s in enumerate(citations["source_id"]) if s == record_id]
    else:
        rows = [i for i, s in enumerate(citations[key]) if s == record_id]
    return {"id": record_id, "table": table, "record": record,
            "citations": [_citation(checked, i) for i in sorted(rows, key=lambda i: citations["citation_id"][i])]}


def _row(typed: dict[str, list], i: int) -> dict:
    return {name: (None if values[i] is None else _plain(values[i])) for name, values in typed.items()}


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def _citation(checked: Checked, i: int) -> dict:
    c = _row(checked.typed["citations"], i)
    seed = checked.seeds.get(c["source_id"])
    out = {k: c[k] for k in ("citation_id", "source_id", "quote", "match", "char_start", "char_end", "line", "column")}
    out["file"] = seed.file if seed else None
    if seed is not None and c["char_start"] is not None:
        start, end = sentence_bounds(seed.text, c["char_start"], c["char_end"])
        out["sentence"] = seed.text[start:end]
        out["quote_in_sentence"] = [c["char_start"] - start, c["char_end"] - start]
    return out


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around [start, end): back to the previous sentence end, on to the next."""
    left = max(0, start - MAX_SENTENCE)
    ends = [m.end() for m in SENTENCE_END.finditer(text, left, start)]
    s = ends[-1] if ends else left
    m = SENTENCE_END.search(text, end, min(len(text), end + MAX_SENTENCE))
    e = m.end() if m else min(len(text), end + MAX_SENTENCE)
    while s < start and text[s].isspace():
        s += 1
    if text[e - 1:e] == "\n":
        e -= 1
    return s, e


def format_trace(result: dict, color: bool) -> str:
    """Readable in a terminal: Arabic text stands on lines of its own, so that a bidi-aware
    terminal lays each out right to left; the quote is marked ⟦…⟧ (and reversed in colour)."""
    lines = [f"{result['id']} ({result['table']})"]
    width = max(len(k) for k in result["record"])
    for name, value in result["record"].items():
        if value not in (None, ""):
            lines.append(f"  {name.ljust(width)}  {cell_text(value)}")
    lines.append(f"{len(result['citations'])} citation(s)")
    for c in result["citations"]:
        lines.append(f"  {c['citation_id']}  {c['file']}:{c['line']}:{c['column']}  "
                     f"[{c['char_start']}:{c['char_end']}] {c['match']}")
        if "sentence" in c:
            a, b = c["quote_in_sentence"]
            on, off = ("\x1b[7m", "\x1b[0m") if color else ("", "")
            s = c["sentence"]
            lines.append(f"    {s[:a]}⟦{on}{s[a:b]}{off}⟧{s[b:]}")
    return "\n".join(lines)
