"""`factpack stats`: how much the tables hold, per source, and what is left uncited or unlinked."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from .check.project import Checked


def stats(checked: Checked) -> dict | None:
    """The counts, or None when a table could not be read (its problems say why)."""
    if not checked.complete:
        return None
    model, typed = checked.model, checked.typed

    def ids(values: Iterable[Any]) -> set:
        return {v for v in values if v is not None}  # a cell with a problem has no value: reported already

    out: dict = {"rows": {name: len(checked.tables[name]) for name in model.tables}}
    citations, sources = model.citations, model.sources
    if citations and sources and sources.id_field and model.source_field:
        cited = typed[citations.name]
        counts = Counter(cited[model.source_field])
        out["per_source"] = {
            source_id: {"citations": counts[source_id],
                        **{model.tables[t].name: len(ids(v for s, v in zip(cited[model.source_field], cited[f])
                                                          if s == source_id)) for f, t in model.subjects.items()}}
            for source_id in sorted(ids(typed[sources.name][sources.id_field]))}
        out["records_without_citations"] = {
            t: sorted(ids(typed[t][model.tables[t].id_field or ""]) - ids(cited[f]))
            for f, t in model.subjects.items() if model.tables[t].id_field}
    out["unlinked"] = {t.name: sorted(_unlinked(checked, t.name)) for t in model.cited if t.id_field}
    return out


def _unlinked(checked: Checked, name: str) -> set:
    """Records linked to no record of another table the citations point at: none refers to them (outside the
    citations), and they refer to none."""
    model, typed = checked.model, checked.typed
    table = model.tables[name]
    records = {v for v in typed[name][table.id_field or ""] if v is not None}
    cited = {t.name for t in model.cited}
    linked: set = set()
    for other, fk in model.referencing(name):
        if other.role != "citations":
            linked |= set(typed[other.name][fk.fields[0]])
    for other in model.tables.values():
        for field, targets in other.references.items():
            if name in targets and other.name != name:
                linked |= set(typed[other.name][field])
    for fk in table.foreign_keys:
        if fk.table in cited and fk.table != name:
            linked |= {r for r, v in zip(typed[name][table.id_field or ""], typed[name][fk.fields[0]]) if v is not None}
    return records - linked


def format_stats(result: dict) -> str:
    lines = ["rows:"]
    lines += [f"  {name:<13} {n:>5}" for name, n in result["rows"].items()]
    if result.get("per_source"):
        kinds = list(next(iter(result["per_source"].values())))
        lines += ["", "per source:    " + "".join(f"{k:>11}" for k in kinds)]
        for source, c in result["per_source"].items():
            lines.append(f"  {source:<12}" + "".join(f"{c[k]:>11}" for k in kinds))
    lines.append("")
    for table, found in result.get("records_without_citations", {}).items():
        lines.append(f"{table} without citations: {', '.join(found) or 'none'}")
    for table, found in result["unlinked"].items():
        lines.append(f"{table} linked to no other record: {', '.join(found) or 'none'}")
    return "\n".join(lines)
