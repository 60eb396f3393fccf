"""`factpack trace ID`: a record and each of its citations shown within its sentence in the source.

The ID is looked up in every table keyed by one ID field (so any ID pattern works, anchored or not); a
record's citations are those whose subject field names it, and a source's are all those that quote it.
"""

from __future__ import annotations

import re
from typing import Any

from .check.project import Checked
from .problems import fail

SENTENCE_END = re.compile(r"[.!?؟\n]")
MAX_SENTENCE = 400


def trace(checked: Checked, record_id: str) -> dict:
    model = checked.model
    found = next(((t, checked.typed[t.name][t.id_field].index(record_id)) for t in model.tables.values()
                  if t.id_field and t.name in checked.typed and record_id in checked.typed[t.name][t.id_field]), None)
    if found is None:
        examples = ", ".join(str(checked.typed[t.name][t.id_field][0]) for t in model.tables.values()
                             if t.id_field and t.role != "tombstones"  # a withdrawn ID is no example to follow
                             and checked.typed.get(t.name, {}).get(t.id_field))
        raise fail("", "unknown-id", f"no record {record_id}" + (f": IDs look like {examples}" if examples else ""),
                   record_id)
    table, index = found
    record = _row(checked.typed[table.name], index)
    citations = model.citations
    rows: list[int] = []
    if citations is not None and citations.name in checked.typed and citations.id_field:
        cited = checked.typed[citations.name]
        if table.name == citations.name:
            rows = [index]
        elif model.sources is not None and table.name == model.sources.name and model.source_field:
            rows = [i for i, s in enumerate(cited[model.source_field]) if s == record_id]
        else:
            fields = [f for f, t in model.subjects.items() if t == table.name]
            rows = [i for i, row in enumerate(zip(*(cited[f] for f in fields))) if record_id in row] if fields else []
        id_field = citations.id_field
        rows = sorted(rows, key=lambda i: str(cited[id_field][i]))
    return {"id": record_id, "table": table.name, "record": record,
            "citations": [_citation(checked, i) for i in rows], "links": _links(checked, table.name, record_id)}


def _links(checked: Checked, name: str, record_id: str) -> list[dict]:
    """The rows of other tables that refer to the record (by a foreign key, or a declared reference such as a
    relation's subject or object), citations aside: its relations, its links to other records."""
    model, out = checked.model, []
    for other in model.tables.values():
        if other.role == "citations" or other.name not in checked.typed:
            continue
        fields = [fk.fields[0] for fk in other.foreign_keys if fk.table == name and len(fk.fields) == 1] + \
            [f for f, targets in other.references.items() if name in targets]
        columns = checked.typed[other.name]
        for field in dict.fromkeys(fields):
            if other.name == name and field == other.id_field:
                continue
            for i, value in enumerate(columns[field]):
                if value == record_id:
                    out.append({"table": other.name, "field": field, "row": _row(columns, i)})
    return out


def _row(typed: dict[str, list], i: int) -> dict:
    return {name: (None if values[i] is None else _plain(values[i])) for name, values in typed.items()}


def _plain(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def _citation(checked: Checked, i: int) -> dict:
    model = checked.model
    citations = model.citations
    if citations is None or model.source_field is None:
        return {}
    c = _row(checked.typed[citations.name], i)
    quote = citations.role_field("quote")
    seed = checked.seeds.get(c[model.source_field])
    out = {"citation_id": c[citations.id_field or ""], "source_id": c[model.source_field], "quote": c[quote],
           **{k: c[k] for k in ("match", "char_start", "char_end", "line", "column")}}
    known = {citations.id_field, model.source_field, quote, citations.role_field("occurrence"),
             *citations.computed_fields, *model.subjects}
    out["fields"] = {k: v for k, v in c.items() if k not in known and v is not None}  # who says so, and notes
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
    """Readable in a terminal: a source's text stands on lines of its own, so that a bidi-aware terminal
    lays each out in its own direction; the quote is marked ⟦…⟧ (and reversed in colour)."""
    lines = [f"{result['id']} ({result['table']})"]
    width = max((len(k) for k in result["record"]), default=0)
    for name, value in result["record"].items():
        if value not in (None, ""):
            lines.append(f"  {name.ljust(width)}  {_text(value)}")
    lines.append(f"{len(result['citations'])} citation(s)")
    for c in result["citations"]:
        lines.append(f"  {c['citation_id']}  {c['file']}:{c['line']}:{c['column']}  "
                     f"[{c['char_start']}:{c['char_end']}] {c['match']}")
        if c.get("fields"):
            lines.append("    " + "  ".join(f"{k}: {_text(v)}" for k, v in c["fields"].items()))
        if "sentence" in c:
            a, b = c["quote_in_sentence"]
            on, off = ("\x1b[7m", "\x1b[0m") if color else ("", "")
            s = c["sentence"]
            lines.append(f"    {s[:a]}⟦{on}{s[a:b]}{off}⟧{s[b:]}")
    if result.get("links"):
        lines.append(f"{len(result['links'])} link(s)")
        for link in result["links"]:
            shown = [f"{k}={_text(v)}" for k, v in link["row"].items() if v is not None and k != link["field"]]
            lines.append(f"  {link['table']}.{link['field']}: {', '.join(shown)}")
    return "\n".join(lines)


def _text(value: Any) -> str:
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)
