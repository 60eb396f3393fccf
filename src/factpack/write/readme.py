"""The package README, generated from the schemas and the data: for readers who do not read Python or JSON."""

from __future__ import annotations

from . import summary
from ..paths import RESOURCES, package_seed

PAGE = "index.html"
TIMELINE = "timeline.svg"
CITATION_FILE = "CITATION.cff"
JSONLD = "dataset.jsonld"
INFERRED_LISTED = 100
LONG_LIST = 40  # a closed list longer than this (a standard code list) shows only the values in use  # rows of the inferred-dates table; a large package lists the first ones


def package_readme(checked, descriptor: dict) -> str:
    sections = [_head, _covers, _contents, _sources, _time, _load, _validate, _offsets, _fields, _codebook,
                _limits, _cite, _licence]
    lines: list[str] = []
    for section in sections:
        lines += section(checked, descriptor)
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _head(checked, d: dict) -> list[str]:
    return [f"# {d['title']}", "", d["description"], "", f"Version {d['version']}. Name `{d['name']}`.", "",
            f"**To check a fact against its source, open [`{PAGE}`]({PAGE}) in a web browser.** It works offline: "
            "click an event, actor or figure and the article it comes from opens beside it, with the quoted words "
            "highlighted."]


def _covers(checked, d: dict) -> list[str]:
    n = {r: len(checked.tables[r]) for r in RESOURCES}
    status = summary.value_counts(checked, "events", "status")
    order = [c["value"] for c in checked.schemas["events"].field("status").get("categories", [])]
    by_status = ", ".join(f"{status[name]} {name}" for name in order + sorted(set(status) - set(order))
                          if status[name])
    return ["## What it covers, and what it does not", "",
            f"It covers {_n(n['events'], 'event')} ({by_status}), {_n(n['actors'], 'actor')} and "
            f"{_n(n['figures'], 'figure')}, backed by {_n(n['citations'], 'citation')} that quote the exact words "
            f"of {_n(n['sources'], 'article')} (`seeds/`).", "",
            "It does not:", "",
            "- give a complete record: only what these articles report is here, and the absence of "
            "an event or actor says nothing about whether it happened or exists;",
            "- check the articles' claims against other sources: a figure is the number an article states, "
            "or the number an actor claims (`claimed_by`);",
            "- report outcomes for plans: events with status `planned` or `expected` are plans and expectations "
            "as the articles reported them;",
            "- translate the articles: English summaries and names are the curators' wording, and the Arabic quotes "
            "are the evidence;",
            "- date anything the text does not date: such events have empty dates (see Known limits)."]


def _contents(checked, d: dict) -> list[str]:
    lines = ["## Contents", "", "| resource | rows | CSV | Parquet |", "| --- | ---: | --- | --- |"]
    for resource in RESOURCES:
        lines.append(f"| {resource} | {len(checked.tables[resource])} | `data/{resource}.csv` | "
                     f"`data/{resource}.parquet` |")
    return lines + ["", "| file | what |", "| --- | --- |",
                    f"| `{PAGE}` | the data in a web page, each fact beside its source text; works offline |",
                    "| `datapackage.json` | the machine-readable description (Frictionless Data Package 2.0) |",
                    "| `seeds/` | the source articles, byte for byte as pinned by `sources.sha256` |",
                    f"| `{TIMELINE}` | a timeline of the dated events |",
                    f"| `{CITATION_FILE}`, `{JSONLD}` | how to cite the package (Citation File Format; schema.org) |",
                    "| `CHANGELOG.md` | what changed between versions |"]


def _sources(checked, d: dict) -> list[str]:
    cited = summary.citations_per_source(checked)
    lines = ["## Sources", "",
             "Only what the article texts state or plainly show is recorded; the rest is left empty.", "",
             "| source | seed file | headline | outlet | published | citations |",
             "| --- | --- | --- | --- | --- | ---: |"]
    for s in summary.rows(checked, "sources"):
        outlet = summary.actor_name(checked, s.get("outlet_id")) or ""
        published = s["published_date"].isoformat() if s.get("published_date") else ""
        headline = _basis(_cell(s.get("headline") or ""), s["headline_basis"])
        lines.append(f"| {s['source_id']} | `seeds/{s['seed_path']}` | {headline} | "
                     f"{_basis(_cell(outlet), s['outlet_basis'])} | {_basis(published, s['published_basis'])} | "
                     f"{cited[s['source_id']]} |")
    return lines


def _basis(value: str, basis: str) -> str:
    if basis == "unknown":
        return "not stated"
    return f"{value} (inferred)" if basis == "inferred" else value


def _time(checked, d: dict) -> list[str]:
    dated, first, last = summary.date_span(checked)
    if not dated:
        return ["## Time covered", "", "No event has a date."]
    lines = ["## Time covered", "",
             f"The dated events run from {first.isoformat()} to {last.isoformat()} (the earliest "
             f"`date_start` to the latest `date_end`). {dated} of {summary.row_count(checked, 'events')} events "
             "have a date; the others are undated in their article."]
    for label, statuses in (("reported as having happened or going on", ("occurred", "ongoing")),
                            ("planned or expected", ("planned", "expected"))):
        count, first, last = summary.date_span(checked, statuses)
        if count:
            lines[-1] += f" Those {label} ({count}) run from {first.isoformat()} to {last.isoformat()}."
    return lines + ["", f"![Timeline of the dated events]({TIMELINE})"]


def _load(checked, d: dict) -> list[str]:
    return ["## Load the data", "",
            "An empty cell means *no value*. No text stands for a missing value: `NA` (as in a country code) "
            "is text. The Parquet files carry the types (dates, integers, numbers) themselves.", "",
            "Python (pandas):", "", "```python", "import pandas as pd",
            "# keep_default_na=False: an empty cell is no value, and no text (such as 'NA') becomes one",
            "events = pd.read_csv('data/events.csv', keep_default_na=False, na_values=[''])",
            "events = pd.read_parquet('data/events.parquet')", "```", "",
            "R:", "", "```r",
            "# only an empty cell is missing; every column as text, as written",
            "events <- read.csv(\"data/events.csv\", na.strings = \"\", colClasses = \"character\", "
            "encoding = \"UTF-8\")",
            "events <- arrow::read_parquet(\"data/events.parquet\")  # with the arrow package", "```", "",
            "DuckDB:", "", "```sql", "SELECT * FROM read_csv('data/events.csv', nullstr = '');",
            "SELECT * FROM 'data/events.parquet';",
            "-- every figure with the words that support it",
            "SELECT f.figure_id, f.value, f.unit, c.source_id, c.quote",
            "FROM 'data/figures.parquet' f JOIN 'data/citations.parquet' c USING (figure_id);", "```", "",
            "A spreadsheet (LibreOffice Calc, Excel): import the CSV rather than double-clicking it. Choose "
            "character set UTF-8 (in Excel: Data > From Text/CSV, file origin \"65001: Unicode (UTF-8)\"), comma "
            "as separator, `\"` as string delimiter, and set every column's type to Text, so that IDs, dates "
            "and numbers stay exactly as written. Importing as Text is also the safe way to open the files: "
            "a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is then shown, never run as a "
            "formula. "
            "Arabic cells read best with the cell direction set to right-to-left."]


def _validate(checked, d: dict) -> list[str]:
    name = f"{d['name']}-{d['version']}.zip"
    commands = [("pip install 'frictionless[parquet]' pandas", "Parquet needs the extra and pandas"),
                (f"frictionless validate {name}", "the release archive (datapackage.json at its root)"),
                ("frictionless validate datapackage.json", "the unzipped archive, or the package's URL"),
                ("sha256sum -c SHA256SUMS", "in the unzipped archive: every file, Parquet included")]
    width = max(len(c) for c, _ in commands) + 2
    return ["## Validate", "", "```sh", *(f"{c.ljust(width)}# {why}" for c, why in commands), "```", "",
            "frictionless checks every resource: each value's type and constraints, the primary and foreign keys, "
            "and the declared size and sha256 of each CSV file. It checks neither the size nor the hash of a "
            "Parquet file (frictionless 5 reads Parquet through a library, around its byte counter), so the "
            "Parquet resources declare their sha256 only, and `SHA256SUMS` in the release archive lists every "
            "file. The seeds are pinned too: `sha256sum seeds/*` matches the `sha256` column of `data/sources.csv`."]


def _offsets(checked, d: dict) -> list[str]:
    sources = summary.rows(checked, "sources")
    seed = package_seed(sources[0]["seed_path"] if sources else "ARTICLE.txt")
    return ["## How a citation points into its article", "",
            "`char_start` and `char_end` count Unicode code points from 0 in the article's exact text "
            "(`seeds/`), so the text from `char_start` up to `char_end` is the `quote`. `line` and `column` "
            "say the same for a reader (both from 1); `prefix` and `suffix` hold the words around it.", "",
            "```python",
            f"text = open('{seed}', encoding='utf-8', newline='').read()  # newline='': keep line ends as they are",
            "assert text[char_start:char_end] == quote", "```", "",
            "R counts characters too: `substr(text, char_start + 1, char_end)`. JavaScript, Java, C# and Excel "
            "count UTF-16 units instead, which differ for characters outside the Basic Multilingual Plane: "
            "in JavaScript use `Array.from(text).slice(char_start, char_end).join('')`.", "",
            "`match` is `folded` where the curated quote was found only after folding (letter variants, "
            "diacritics, invisible marks, quotation marks, white space); `quote` always holds the exact text "
            "of the article."]


def _fields(checked, d: dict) -> list[str]:
    lines = ["## Fields"]
    for resource in RESOURCES:
        schema = checked.schemas[resource]
        lines += ["", f"### {resource}", "", schema.descriptor.get("description", ""), "",
                  _rows_line(len(checked.tables[resource]), schema.primary_key), "",
                  "| field | type | constraints | meaning |", "| --- | --- | --- | --- |"]
        for field in schema.fields:
            lines.append(f"| `{field['name']}` | {field.get('type', 'string')} | {_constraints(field)} | "
                         f"{_cell(field.get('description', ''))} |")
        refs = [f"`{', '.join(a)}` refers to `{r}.{', '.join(b)}`" for a, r, b in schema.foreign_keys]
        if refs:
            lines += ["", "; ".join(refs) + "."]
    return lines


def _rows_line(n: int, key: list[str]) -> str:
    if not key:
        return f"{_n(n, 'row')}."
    names = ", ".join(f"`{k}`" for k in key)
    return f"{_n(n, 'row')}, one per {names}." if len(key) == 1 else f"{_n(n, 'row')}, one per combination of {names}."


def _codebook(checked, d: dict) -> list[str]:
    lines = ["## Codebook", "", "Every closed list: the values a field may take, what each means, and how many "
             "rows use it."]
    for resource in RESOURCES:
        for field in checked.schemas[resource].fields:
            if not field.get("categories"):
                continue
            counts = summary.value_counts(checked, resource, field["name"])
            lines += ["", f"### `{resource}.{field['name']}`", "", _cell(field.get("description", "")), "",
                      "| value | meaning | rows |", "| --- | --- | ---: |"]
            shown = field["categories"]
            if len(shown) > LONG_LIST:  # a standard code list: the values in use, and where the rest are
                shown = [c for c in shown if counts[c["value"]]]
            lines += [f"| `{c['value']}` | {_cell(c['label'])} | {counts[c['value']]} |" for c in shown]
            if len(shown) < len(field["categories"]):
                lines += ["", f"The {len(shown)} values in use are listed; the other "
                          f"{len(field['categories']) - len(shown)} allowed values are in `datapackage.json`."]
    return lines


def _limits(checked, d: dict) -> list[str]:
    n = {r: len(checked.tables[r]) for r in RESOURCES}
    sources = summary.rows(checked, "sources")
    undated = n["events"] - summary.date_span(checked)[0]
    inferred_count, inferred = summary.inferred_dates(checked, INFERRED_LISTED)
    lines = ["## Known limits", "",
             f"- The whole evidence is {_n(n['sources'], 'article')}. Of these, "
             f"{sum(s['published_basis'] == 'unknown' for s in sources)} state no publication date and "
             f"{sum(s['outlet_basis'] == 'unknown' for s in sources)} name no outlet, so relative dates in them "
             "(\"yesterday\", \"Thursday\") can only be resolved as far as the text allows.",
             f"- {undated} of {n['events']} events have no usable date (`date_precision` `unknown`).",
             "- Figures are recorded as the articles give them, hedges included (`qualifier`); they are not "
             "checked against other sources.",
             f"- {inferred_count} of {n['events']} events have dates that are inferred (`date_basis` `inferred`), not "
             "stated by the text: the curators worked them out as the note says."]
    if inferred_count:
        lines += ["", "| event | date_start | date_end | precision | how it was worked out |",
                  "| --- | --- | --- | --- | --- |"]
        for e in inferred:
            lines.append(f"| {e['event_id']} | {_date(e.get('date_start'))} | {_date(e.get('date_end'))} | "
                         f"{e['date_precision']} | {_cell(e.get('date_note') or '')} |")
        if inferred_count > len(inferred):
            lines += ["", f"The first {len(inferred)} are listed; `data/events.csv` has all {inferred_count}."]
    return lines


def _cite(checked, d: dict) -> list[str]:
    creators = ", ".join(c["title"] for c in d.get("contributors", [])
                         if "creator" in c.get("roles", []) or "author" in c.get("roles", [])) or "The curators"
    return ["## How to cite", "",
            f"> {creators}. *{d['title']}*. Version {d['version']} [data set]. Data package `{d['name']}`.", "",
            f"The same in machine-readable form: [`{CITATION_FILE}`]({CITATION_FILE}) (Citation File Format, read by "
            f"GitHub, Zenodo and reference managers) and [`{JSONLD}`]({JSONLD}) (schema.org Dataset). "
            "Where you quote an article, cite the article as well (see Sources)."]


def _licence(checked, d: dict) -> list[str]:
    lines = ["## Licence", ""]
    for licence in d.get("licenses", []):
        name = licence.get("name") or licence.get("title", "")
        shown = f"[{name}]({licence['path']})" if licence.get("path") else name
        lines.append(f"The curated tables (`data/`), this README and the metadata: {shown}.")
    return lines + ["", "Quoted passages (each citation's `quote`, `prefix` and `suffix`, and the headlines) and the "
                    "article texts in `seeds/` remain their publishers' text. They are quoted so that each fact can "
                    "be checked against its source, and the licence above does not cover them."]


def _n(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _date(value) -> str:
    return value.isoformat() if value else ""


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
    return ", ".join(parts)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
