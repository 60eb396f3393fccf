"""The package README, generated from the schemas and the data."""

from __future__ import annotations

from .paths import RESOURCES


def package_readme(checked, descriptor: dict) -> str:
    lines = [f"# {descriptor['title']}", "", descriptor["description"], "",
             f"Version {descriptor['version']}. Name `{descriptor['name']}`.", ""]
    lines += ["## Contents", "", "| resource | rows | CSV | Parquet |", "| --- | ---: | --- | --- |"]
    for resource in RESOURCES:
        n = len(checked.tables[resource])
        lines.append(f"| {resource} | {n} | `data/{resource}.csv` | `data/{resource}.parquet` |")
    lines += ["", "The source articles are in `seeds/`, byte for byte as pinned by `sources.sha256`.", ""]
    lines += ["## Validate and load", "",
              "```sh", "pip install 'frictionless[parquet]' pandas",
              "frictionless validate datapackage.json", "```", "",
              "```python", "import pandas as pd",
              "# keep_default_na=False: an empty cell is no value, and no text (such as 'NA') becomes one",
              "events = pd.read_csv('data/events.csv', keep_default_na=False, na_values=[''])",
              "events = pd.read_parquet('data/events.parquet')", "```", ""]
    lines += ["## Fields", ""]
    for resource in RESOURCES:
        schema = checked.schemas[resource]
        lines += [f"### {resource}", "", schema.descriptor.get("description", ""), "",
                  "| field | type | constraints | meaning |", "| --- | --- | --- | --- |"]
        for field in schema.fields:
            lines.append(f"| `{field['name']}` | {field.get('type', 'string')} | {_constraints(field)} | "
                         f"{_cell(field.get('description', ''))} |")
        lines.append("")
        for field in schema.fields:
            if field.get("categories"):
                lines += [f"`{field['name']}` values:", ""]
                lines += [f"- `{c['value']}`: {c['label']}" for c in field["categories"]]
                lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


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
        parts.append("one of the values below")
    if "minimum" in c:
        parts.append(f"≥ {c['minimum']}")
    return ", ".join(parts)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
