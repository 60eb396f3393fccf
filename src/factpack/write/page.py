"""index.html: the whole package in one page that works offline, each fact beside the words it rests on.

templates/page.html.j2 with its CSS, the script (page.js), the timeline SVG and the data filled in. The data
travels as JSON inside <script type="application/json">; every '<', '>' and '&' in it is written as a \\u
escape, so no text in the data (such as '</script>') can end the block or start markup. The page reads the
model from the data (which tables to show, their IDs, titles, dates and links), and the texts the build
makes once: each record's date as people read it, and its text folded for search.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache
from importlib.resources import files
from typing import Any

import jinja2

from ..check.folding import search_table, search_text
from ..model import Table
from .summary import PAGE_ROW_LIMIT, Summary, date_text
from .timeline import PAGE_SIZE, timeline_svg

RIGHT_TO_LEFT = {"ar", "fa", "he", "ur", "ps", "yi", "ckb", "dv", "sd", "ug"}  # languages written right to left


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.PackageLoader("factpack", "templates"), autoescape=True,
                              keep_trailing_newline=True, undefined=jinja2.StrictUndefined)


def page_html(summary: Summary, descriptor: dict) -> str:
    if not summary.fits_one_page:
        return _too_large(summary, descriptor)
    static = files("factpack") / "templates"
    return _environment().get_template("page.html.j2").render(
        title=descriptor["title"], description=descriptor["description"], version=str(descriptor["version"]),
        licences=_licences(descriptor), css=static.joinpath("page.css").read_text(encoding="utf-8"),
        js=static.joinpath("page.js").read_text(encoding="utf-8"),
        timeline=timeline_svg(summary, PAGE_SIZE).strip(), data=script_json(page_data(summary, descriptor)))


def page_data(summary: Summary, descriptor: dict) -> dict:
    model = summary.model
    tables = {name: _table(view.rows()) for name, view in summary.views.items()}
    sources = model.sources
    languages, directions = {}, {}
    if sources is not None and sources.id_field and sources.declared.get("language"):
        for row in summary.source_rows():
            language = row.get(sources.declared["language"])
            if language:
                languages[row[sources.id_field]] = language
                directions[row[sources.id_field]] = "rtl" if language.split("-")[0] in RIGHT_TO_LEFT else "ltr"
    search = {name: [search_text(" ".join(_searchable(t, row, summary))) for row in summary.views[name].rows()]
              for name, t in model.tables.items() if name in _browsed(summary)}
    characters = {c for texts in search.values() for text in texts for c in text}
    return {
        "name": descriptor["name"],
        "version": str(descriptor["version"]),
        "model": _model(summary),
        "schemas": {name: _fields(t) for name, t in model.tables.items()},
        "tables": tables,
        "when": {name: [date_text(*(row[d] for d in (t.dates[0], t.dates[1]))) for row in summary.views[name].rows()]
                 for name, t in model.tables.items() if t.dates and name in _browsed(summary)},
        "search": search,
        "fold": search_table(characters | {c for text in tables_text(tables) for c in text}),
        "languages": languages,
        "directions": directions,
        "seeds": {seed.source_id: seed.text for seed in sorted(summary.seeds, key=lambda s: s.source_id)},
    }


def tables_text(tables: dict[str, dict]) -> list[str]:
    return [v for t in tables.values() for row in t["rows"] for v in row if isinstance(v, str)]


def _browsed(summary: Summary) -> list[str]:
    """The tables the page has a tab for: those the citations point at, and the sources."""
    model = summary.model
    names = [t.name for t in model.cited if t.id_field]
    if model.sources is not None and model.sources.id_field:
        names.append(model.sources.name)
    return names


def _model(summary: Summary) -> dict:
    model = summary.model
    out: dict[str, Any] = {
        "tables": [{"name": t.name, "id": t.id_field, "title": t.title,
                    "listed": [f for f in t.listed if f != t.id_field],
                    "status": t.status, "noun": list(t.noun), "role": t.role,
                    "fks": {fk.fields[0]: fk.table for fk in t.foreign_keys if len(fk.fields) == 1},
                    "references": t.references} for t in model.tables.values()],
        "browse": _browsed(summary),
        "dated": model.dated.name if model.dated else None,
        "citations": None,
        "sources": None,
    }
    if model.citations is not None and model.source_field:
        out["citations"] = {"table": model.citations.name, "source": model.source_field,
                            "quote": model.citations.role_field("quote"), "subjects": model.subjects}
    if model.sources is not None:
        out["sources"] = {"table": model.sources.name, "seed": model.sources.role_field("seed")}
    return out


def _searchable(table: Table, row: dict, summary: Summary) -> list[str]:
    """The texts a row is found by: its text fields, and the titles of the records it refers to."""
    refs = {fk.fields[0] for fk in table.foreign_keys if len(fk.fields) == 1} | set(table.references)
    out = []
    for name, value in row.items():
        if isinstance(value, str):
            out.append(value)
            if name in refs:
                out.append(summary.title_of(value) or "")
    return out


def script_json(data: Any) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _fields(table: Table) -> dict:
    out = {}
    for field in table.fields:
        entry = {"type": field.get("type", "string"), "description": field.get("description", "")}
        if field.get("categories"):
            entry["categories"] = {c["value"]: c["label"] for c in field["categories"]}
        out[field["name"]] = entry
    return out


def _table(rows: list[dict]) -> dict:
    columns = list(rows[0]) if rows else []
    return {"columns": columns, "rows": [[_json_value(row[c]) for c in columns] for row in rows]}


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _licences(descriptor: dict) -> list[dict]:
    """Licence names, and links where the path is one (check/schemas.py allows http(s) and relative paths)."""
    return [{"name": lic.get("name") or lic.get("title", ""), "path": lic.get("path")}
            for lic in descriptor.get("licenses", [])]


def _too_large(summary: Summary, descriptor: dict) -> str:
    """A package too large to embed gets a plain page that says so and links its data files."""
    template = _environment().from_string(
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>{{ title }}</title>\n</head>\n'
        '<body>\n<h1>{{ title }}</h1>\n<p>{{ description }}</p>\n'
        '<p>This package has more than {{ limit }} rows in all, '
        'too many for one offline page. The data files and README.md describe it in full.</p>\n<ul>'
        '{% for name, rows in tables %}<li><a href="data/{{ name }}.csv">data/{{ name }}.csv</a> ({{ rows }} rows)</li>'
        '{% endfor %}</ul>\n</body>\n</html>\n')
    return template.render(title=descriptor["title"], description=descriptor["description"],
                           limit=f"{PAGE_ROW_LIMIT:,}", tables=[(n, f"{len(v):,}") for n, v in summary.views.items()])
