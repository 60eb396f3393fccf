"""index.html: the whole package in one page that works offline, each fact beside the words it rests on.

The page is static/page.html with its CSS, script, the timeline SVG and the data filled in. The data travels
as JSON inside <script type="application/json">; every '<', '>' and '&' in it is written as a \\u escape, so
no text in the data (such as '</script>') can end the block or start markup.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from html import escape
from importlib.resources import files

from . import summary
from . import timeline
from ..paths import RESOURCES

_SLOT = re.compile(r"@@([A-Z]+)@@")


def page_html(checked, descriptor: dict) -> str:
    if not summary.fits_one_page(checked):
        return _too_large(checked, descriptor)
    static = files("factpack") / "templates"
    slots = {
        "TITLE": escape(descriptor["title"]),
        "DESCRIPTION": escape(descriptor["description"]),
        "VERSION": escape(str(descriptor["version"])),
        "LICENCE": _licence(descriptor),
        "CSS": static.joinpath("page.css").read_text(encoding="utf-8"),
        "JS": static.joinpath("page.js").read_text(encoding="utf-8"),
        "TIMELINE": timeline.timeline_svg(checked, timeline.PAGE_SIZE).strip(),
        "DATA": script_json(page_data(checked, descriptor)),
    }
    template = static.joinpath("page.html").read_text(encoding="utf-8")
    # One pass: text filled into a slot is never searched for slots again.
    return _SLOT.sub(lambda m: slots[m.group(1)], template)


def page_data(checked, descriptor: dict) -> dict:
    return {
        "name": descriptor["name"],
        "version": str(descriptor["version"]),
        "schemas": {r: _fields(checked.schemas[r]) for r in RESOURCES},
        "tables": {r: _table(checked, r) for r in RESOURCES},
        "seeds": {seed.source_id: seed.text for seed in sorted(checked.seeds.values(), key=lambda s: s.source_id)},
    }


def script_json(data) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _fields(schema) -> dict:
    out = {}
    for field in schema.fields:
        entry = {"type": field.get("type", "string"), "description": field.get("description", "")}
        if field.get("categories"):
            entry["categories"] = {c["value"]: c["label"] for c in field["categories"]}
        out[field["name"]] = entry
    return out


def _table(checked, resource: str) -> dict:
    rows = summary.rows(checked, resource)
    columns = list(rows[0]) if rows else list(checked.schemas[resource].field_names)
    return {"columns": columns, "rows": [[_json_value(row[c]) for c in columns] for row in rows]}


def _json_value(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _too_large(checked, descriptor: dict) -> str:
    """A package too large to embed gets a plain page that says so and links its data files."""
    links = "".join(f'<li><a href="data/{r}.csv">data/{r}.csv</a> ({summary.row_count(checked, r):,} rows)</li>'
                    for r in RESOURCES)
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{escape(descriptor['title'])}</title>\n</head>\n<body>\n"
            f"<h1>{escape(descriptor['title'])}</h1>\n<p>{escape(descriptor['description'])}</p>\n"
            f"<p>This package has more than {summary.PAGE_ROW_LIMIT:,} rows in all, too many for one offline page. "
            f"The data files and README.md describe it in full.</p>\n<ul>{links}</ul>\n"
            f"<p>{_licence(descriptor)}</p>\n</body>\n</html>\n")


def _licence(descriptor: dict) -> str:
    parts = []
    for licence in descriptor.get("licenses", []):
        name = escape(licence.get("name") or licence.get("title", ""))
        parts.append(f'<a href="{escape(licence["path"])}">{name}</a>' if licence.get("path") else name)
    tables = f"Tables: {', '.join(parts)}. " if parts else ""
    return (f"{tables}Quoted passages and the articles remain their publishers' text, quoted so that each fact "
            "can be checked.")
