"""`factpack stats`: how much the tables hold, per source, and what is left unconnected."""

from __future__ import annotations

from collections import Counter

from .check.project import Checked
from .paths import RESOURCES


def stats(checked: Checked) -> dict | None:
    """The counts, or None when a table could not be read (its problems say why)."""
    if any(resource not in checked.columns for resource in RESOURCES):
        return None
    typed = checked.typed
    citations = typed["citations"]

    def ids(values) -> set:
        return {v for v in values if v is not None}  # a cell with a problem has no value: reported already

    per_source: dict[str, dict[str, int]] = {}
    counts = Counter(citations["source_id"])
    for source_id in sorted(ids(typed["sources"]["source_id"])):
        cited = {key: ids(v for s, v in zip(citations["source_id"], citations[key]) if s == source_id)
                 for key in ("event_id", "actor_id", "figure_id")}
        per_source[source_id] = {"citations": counts[source_id], "events": len(cited["event_id"]),
                                 "actors": len(cited["actor_id"]), "figures": len(cited["figure_id"])}
    uncited = {table: sorted(ids(typed[table][key]) - ids(citations[key]))
               for table, key in (("events", "event_id"), ("actors", "actor_id"), ("figures", "figure_id"))}
    return {
        "rows": {resource: len(checked.tables[resource]) for resource in RESOURCES},
        "per_source": per_source,
        "records_without_citations": uncited,
        "actors_in_no_event": sorted(ids(typed["actors"]["actor_id"]) - ids(typed["event_actors"]["actor_id"])),
        "figures_in_no_event": sorted(f for f, e in zip(typed["figures"]["figure_id"], typed["figures"]["event_id"])
                                      if f is not None and e is None),
    }


def format_stats(result: dict) -> str:
    lines = ["rows:"]
    lines += [f"  {name:<13} {n:>5}" for name, n in result["rows"].items()]
    lines += ["", "per source:       citations  events  actors  figures"]
    for source, c in result["per_source"].items():
        lines.append(f"  {source:<14} {c['citations']:>10} {c['events']:>7} {c['actors']:>7} {c['figures']:>8}")
    lines.append("")
    for table, ids in result["records_without_citations"].items():
        lines.append(f"{table} without citations: {', '.join(ids) or 'none'}")
    lines.append(f"actors in no event: {', '.join(result['actors_in_no_event']) or 'none'}")
    lines.append(f"figures in no event: {', '.join(result['figures_in_no_event']) or 'none'}")
    return "\n".join(lines)
