"""The package README, from the model and the Summary through templates/README.md.j2: for readers who do
not read Python or JSON. Text from the metadata and the data is escaped for Markdown (`md`, and `cell`
inside a table), so no title or note can add a link, markup or a table column."""

from __future__ import annotations

import re
from functools import lru_cache

import jinja2

from ..model import Table
from ..paths import package_seed
from .citation import creators
from .summary import Summary

INFERRED_LISTED = 100  # rows of the inferred-dates table; a large package lists the first ones
LONG_LIST = 40  # a closed list longer than this (a standard code list) shows only the values in use
_MARKDOWN = re.compile(r"([\\\[\]])")
_SAFE_LINK = re.compile(r"https?://[^\s<>()\[\]\"'`]+")


def md(text: object) -> str:
    """Text from the metadata or the data as Markdown shows it: what would make HTML or an autolink ('<',
    '>', '&') becomes an entity, what would make a link ('[', ']', a backslash) is escaped, and so is a heading
    mark at its start. Emphasis and `code` spans are kept: curators write them on purpose."""
    text = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    escaped = _MARKDOWN.sub(r"\\\1", text)
    return "\\" + escaped if escaped.startswith("#") else escaped


def cell(text: object) -> str:
    """Text for a Markdown table cell: escaped, on one line, '|' escaped so that no column is added."""
    return md(" ".join(str(text).split("\n"))).replace("|", "\\|")


@lru_cache(maxsize=1)
def _template() -> jinja2.Template:
    environment = jinja2.Environment(loader=jinja2.PackageLoader("factpack", "templates"), autoescape=False,
                                     keep_trailing_newline=True, undefined=jinja2.StrictUndefined)
    environment.filters["md"] = md
    environment.filters["cell"] = cell
    return environment.get_template("README.md.j2")


def package_readme(summary: Summary, descriptor: dict) -> str:
    text = _template().render(**context(summary, descriptor))
    return re.sub(r"\n{3,}", "\n\n", text).rstrip("\n") + "\n"


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1] if words else ""


def _a(word: str) -> str:
    return ("an " if word[:1].lower() in "aeiou" else "a ") + word


def context(summary: Summary, d: dict) -> dict:
    model = summary.model
    sources, citing_table = model.sources, model.citations
    source_noun = sources.noun[0] if sources else "source"
    cited = model.cited
    out: dict = {
        "meta": d,
        "cited_nouns": _and([_a(t.noun[0]) for t in cited][:1] + [t.noun[0] for t in cited][1:]).replace(
            " and ", " or ") if cited else "a record",
        "source_noun": source_noun, "source_nouns": sources.noun[1] if sources else "sources",
        "source_noun_a": _a(source_noun),
        "covers": _and([_covers(summary, t) for t in cited or list(model.tables.values())[:1]]),
        "citations": citing_table.count(summary.count(citing_table.name)) if citing_table else None,
        "sources": sources.count(summary.count(sources.name)) if sources else None,
        "scope": model.settings.get("scope", []),
        "tables": [{"name": n, "rows": summary.count(n)} for n in model.tables],
        "seed_field": sources.role_field("seed") if sources else None,
        "seed_pin": f"{sources.name}.{sources.role_field('pin')}" if sources else None,
        "dated": model.dated,
        "example": (model.dated or (cited[0] if cited else next(iter(model.tables.values())))).name,
        "creators": ", ".join(c["title"] for c in creators(d)) or "The curators",
        "licences": [_licence(lic) for lic in d.get("licenses", [])],
    }
    out["source_table"] = _sources(summary) if sources else None
    out["time"] = _time(summary, model.dated) if model.dated else None
    out["join"] = _join(summary)
    out["citing"] = ({"quote": citing_table.role_field("quote"),
                      "seed": summary.seeds[0].file if summary.seeds else package_seed("ARTICLE.txt")}
                     if citing_table else None)
    name = f"{d['name']}-{d['version']}.zip"
    out["validate"] = [("pip install 'frictionless[parquet]' pandas", "Parquet needs the extra and pandas"),
                       (f"frictionless validate {name}", "the release archive (datapackage.json at its root)"),
                       ("frictionless validate datapackage.json", "the unzipped archive, or the package's URL"),
                       ("sha256sum -c SHA256SUMS", "in the unzipped archive: every file, Parquet included")]
    out["validate_width"] = max(len(c) for c, _ in out["validate"]) + 2
    out["fields"] = [_fields(summary, t) for t in model.tables.values()]
    out["codebook"] = [c for t in model.tables.values() for c in _codebook(summary, t)]
    out["rules"] = _demote(model.codebook)
    out["limits"], out["inferred"] = _limits(summary)
    return out


def _covers(summary: Summary, table: Table) -> str:
    text = table.count(summary.count(table.name))
    if table.status:
        counts = summary.views[table.name].value_counts(table.status)
        order = table.constraints(table.status).get("enum", [])
        parts = [f"{counts[v]} {v}" for v in order + sorted(set(counts) - set(order)) if counts[v]]
        text += f" ({', '.join(parts)})" if parts else ""
    return text


def _sources(summary: Summary) -> dict:
    table = summary.model.sources
    if table is None:
        return {}
    basis = {field: rule for rule in table.basis for field in rule["values"]}
    listed = [f for f in table.listed if f != table.id_field]
    cited = summary.citations_per_source()
    rows = []
    for row in summary.source_rows():
        cells = [cell(row[table.id_field]) if table.id_field else "",
                 f"`{package_seed(row[table.role_field('seed')])}`"]
        for field in listed:
            value = row.get(field)
            shown = summary.title_of(value) if field in _references(table) else value
            shown = "" if shown is None else (shown.isoformat() if hasattr(shown, "isoformat") else shown)
            rule = basis.get(field)
            if rule and row.get(rule["basis"]) == "unknown":
                cells.append("not stated")
            else:
                cells.append(cell(shown) + (" (inferred)" if rule and row.get(rule["basis"]) == "inferred" else ""))
        cells.append(str(cited[row.get(table.id_field)]) if table.id_field else "")
        rows.append(cells)
    return {"header": ["source", "seed file", *listed, "citations"], "rows": rows}


def _references(table: Table) -> set[str]:
    return {fk.fields[0] for fk in table.foreign_keys if len(fk.fields) == 1}


def _time(summary: Summary, table: Table) -> dict:
    dated, first, last = summary.date_span(table)
    by_status = []
    if table.status and dated:
        for value in table.constraints(table.status).get("enum", []):
            n, a, b = summary.date_span(table, [value])
            if n and a and b:
                by_status.append({"value": value, "dated": n, "first": a.isoformat(), "last": b.isoformat()})
    return {"dated": dated, "total": summary.count(table.name), "first": first and first.isoformat(),
            "last": last and last.isoformat(), "by_status": by_status}


def _join(summary: Summary) -> dict | None:
    """The DuckDB example that joins a cited table to its citations: the last cited table (a small one)."""
    model = summary.model
    if model.citations is None or not model.subjects or model.source_field is None:
        return None
    subject, table_name = list(model.subjects.items())[-1]
    table = model.tables[table_name]
    if table.id_field is None:
        return None
    return {"noun": table.noun[0], "id": table.id_field, "table": table.name, "citations": model.citations.name,
            "subject": subject, "source": model.source_field, "quote": model.citations.role_field("quote")}


def _fields(summary: Summary, table: Table) -> dict:
    refs = [f"`{', '.join(fk.fields)}` refers to `{fk.table}.{', '.join(fk.ref_fields)}`" for fk in table.foreign_keys]
    refs += [f"`{name}` refers to an ID of {_and([f'`{t}`' for t in tables])}"
             for name, tables in table.references.items()]
    return {"name": table.name, "description": table.schema.get("description", ""),
            "rows_line": _rows_line(table.count(summary.count(table.name)) if table.noun[1] != table.name else
                                    f"{summary.count(table.name)} "
                                    f"{'row' if summary.count(table.name) == 1 else 'rows'}",
                                    table.primary_key),
            "fields": [{"name": f["name"], "type": f.get("type", "string"), "constraints": _constraints(f),
                        "description": f.get("description", "")} for f in table.fields],
            "references": "; ".join(refs)}


def _rows_line(counted: str, key: list[str]) -> str:
    if not key:
        return f"{counted}."
    names = ", ".join(f"`{k}`" for k in key)
    return f"{counted}, one per {names}." if len(key) == 1 else f"{counted}, one per combination of {names}."


def _constraints(field: dict) -> str:
    c = field.get("constraints", {})
    parts = []
    if c.get("required"):
        parts.append("required")
    if c.get("unique"):
        parts.append("unique")
    if "pattern" in c:
        parts.append(f"pattern `{c['pattern']}`")
    if "enum" in c:
        parts.append("one of the values in the codebook")
    if "minimum" in c:
        parts.append(f"≥ {c['minimum']}")
    if "maximum" in c:
        parts.append(f"≤ {c['maximum']}")
    if "minLength" in c:
        parts.append(f"at least {c['minLength']} characters")
    if "maxLength" in c:
        parts.append(f"at most {c['maxLength']} characters")
    return ", ".join(parts)


def _demote(text: str) -> str:
    """The curators' codebook sits under the README's "## Codebook": its headings go one level deeper
    than that (a '#' or '##' becomes '###'), so it cannot end the section or start a new one."""
    return re.sub(r"^#{1,2}(?=\s)", "###", text.strip("\n"), flags=re.M)


def _codebook(summary: Summary, table: Table) -> list[dict]:
    out = []
    for field in table.fields:
        categories = field.get("categories")
        if not categories:
            continue
        counts = summary.views[table.name].value_counts(field["name"])
        shown = categories if len(categories) <= LONG_LIST else [c for c in categories if counts[c["value"]]]
        out.append({"table": table.name, "field": field["name"], "description": field.get("description", ""),
                    "entries": [(c["value"], c["label"], counts[c["value"]]) for c in shown],
                    "omitted": len(categories) - len(shown)})
    return out


def _limits(summary: Summary) -> tuple[list[str], dict | None]:
    model = summary.model
    lines = []
    sources = model.sources
    if sources:
        n = summary.count(sources.name)
        unknown: list[str] = []
        rows = summary.source_rows()
        for rule in sources.basis:
            count = sum(row.get(rule["basis"]) == "unknown" for row in rows)
            unknown.append(f"{count} {'give ' if not unknown else ''}no `{'`/`'.join(rule['values'])}`")
        lines.append(f"The whole evidence is {sources.count(n)}." + (f" Of these, {_and(unknown)} (their basis is "
                                                                     "`unknown`)." if unknown else ""))
    inferred = None
    table = model.dated
    if table is not None:
        total = summary.count(table.name)
        dated = summary.date_span(table)[0]
        dates = "`, `".join(dict.fromkeys(table.dates or ()))
        lines.append(f"{total - dated} of {table.count(total)} have no date (`{dates}` empty).")
        rule, count, rows = summary.inferred(table, INFERRED_LISTED)
        if rule:
            lines.append(f"{count} of {table.count(total)} have dates that are inferred (`{rule['basis']}` "
                         "`inferred`), not stated by the text: the curators worked them out as the note says.")
        if count:
            shown = list(dict.fromkeys(table.dates or ()))
            inferred = {"header": [table.noun[0], *shown, "how it was worked out"],
                        "rows": [[cell(r[table.id_field or ""]), *(r[d].isoformat() if r[d] else "" for d in shown),
                                  cell(r.get(rule["note"]) or "")] for r in rows],
                        "more": count > len(rows), "count": count, "table": table.name}
    lines += [md(line) for line in model.settings.get("limits", [])]
    return lines, inferred


def _licence(licence: dict) -> str:
    name = md(licence.get("name") or licence.get("title", ""))
    path = licence.get("path")
    if path and _SAFE_LINK.fullmatch(path):
        return f"[{name}]({path})"
    return name
