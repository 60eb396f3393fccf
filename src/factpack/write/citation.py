"""How to cite the package: CITATION.cff (Citation File Format 1.2.0) and a schema.org Dataset in JSON-LD,
and the metadata datapackage.json carries beyond schemas/package.json (created, homepage, id).

Both say only what the package metadata and the sources table hold: no authors, URLs or dates are made up,
and no clock is read (so the same inputs give the same bytes).
"""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

from ..paths import DESCRIPTOR, Project, data_csv, data_parquet, package_seed
from ..read.history import released_on
from .summary import Summary

CFF_VERSION = "1.2.0"
# CFF requires authors for every reference; its schema guide writes 'anonymous' where none can be named.
UNNAMED = "anonymous"
# A source's kind, as CFF names it, and the schema.org type of the same thing.
SCHEMA_ORG = {"newspaper-article": "NewsArticle", "article": "ScholarlyArticle", "book": "Book",
              "report": "Report", "website": "WebPage", "generic": "CreativeWork"}
# The one setting behind the package's homepage and id: the URL of the project's repository
# (schemas/package.json, "repository"). Unset, neither is written: no address is made up.
GITHUB = re.compile(r"https://github\.com/([A-Za-z0-9-]+)/([A-Za-z0-9._-]+)")


def published_meta(meta: dict, project: Project) -> dict:
    """The package metadata as datapackage.json carries it: `created` is the release's date as recorded in
    the release history (so a rebuild gives the same bytes; a version not yet released has none), and
    `homepage` and `id` follow from the `repository` setting."""
    out = {k: v for k, v in meta.items() if k not in ("repository", "created")}
    released = meta.get("created") or released_on(project.changelog, str(meta["version"]))
    if released:
        out["created"] = released if "T" in released else f"{released}T00:00:00Z"  # frictionless wants a datetime
    links = links_of(meta)
    if links:
        out["homepage"], out["id"] = links["homepage"], links["id"]
    return out


def links_of(meta: dict) -> dict[str, str]:
    """homepage (where the package is published: GitHub Pages for a GitHub repository), id (this version's
    release) and the repository itself; empty when the setting is unset."""
    repository = meta.get("repository")
    if not repository:
        return {}
    repository = repository.rstrip("/")
    github = GITHUB.fullmatch(repository)
    homepage = f"https://{github.group(1).lower()}.github.io/{github.group(2)}/" if github else repository
    return {"repository": repository, "homepage": homepage,
            "id": f"{repository}/releases/tag/v{meta['version']}" if github else f"{homepage}#v{meta['version']}"}


def citation_cff(summary: Summary, descriptor: dict) -> str:
    cff: dict = {
        "cff-version": CFF_VERSION,
        "message": "If you use this data set, please cite it as below.",
        "type": "dataset",
        "title": descriptor["title"],
        "abstract": descriptor["description"],
        "version": str(descriptor["version"]),
        "authors": [{"name": c["title"]} for c in creators(descriptor)] or [{"name": UNNAMED}],
    }
    if descriptor.get("created"):
        cff["date-released"] = descriptor["created"][:10]
    links = links_of({**summary.model.meta, "version": descriptor["version"]})
    if links:
        cff["repository-code"] = links["repository"]
        cff["url"] = links["homepage"]
    if descriptor.get("keywords"):
        cff["keywords"] = list(descriptor["keywords"])
    licences = [lic["name"] for lic in descriptor.get("licenses", []) if lic.get("name")]
    if licences:
        cff["license"] = licences[0] if len(licences) == 1 else licences
    cff["references"] = [_cff_reference(summary, row) for row in summary.source_rows()]
    # PyYAML quotes and escapes whatever a plain scalar cannot hold (line separators, control characters).
    return yaml.safe_dump(cff, allow_unicode=True, sort_keys=False, width=100)


def _cff_reference(summary: Summary, source: dict) -> dict:
    facts = _source_facts(summary, source)
    ref: dict = {"type": facts["kind"], "title": summary.source_title(source), "authors": [{"name": UNNAMED}]}
    if facts.get("publisher"):
        ref["publisher"] = {"name": facts["publisher"]}
    if facts.get("date"):
        ref["date-published"] = facts["date"]
    if facts.get("language"):
        ref["languages"] = [facts["language"]]
    ref["filename"] = facts["file"]
    ref["notes"] = f"Source {facts['id']} of the package; no author is recorded for it."
    return ref


def dataset_jsonld(summary: Summary, descriptor: dict) -> str:
    doc: dict = {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "name": descriptor["title"],
        "alternateName": descriptor["name"],
        "description": descriptor["description"],
        "version": str(descriptor["version"]),
        "keywords": list(descriptor.get("keywords", [])),
    }
    languages = summary.model.settings.get("languages")
    if languages:
        doc["inLanguage"] = list(languages)
    doc["isAccessibleForFree"] = True
    doc["creator"] = [{"@type": "Organization", "name": c["title"]} for c in creators(descriptor)]
    if descriptor.get("created"):
        doc["datePublished"] = descriptor["created"][:10]
    if descriptor.get("homepage"):
        doc["url"] = descriptor["homepage"]
        doc["identifier"] = descriptor["id"]
    licences = [lic.get("path") or lic.get("name") for lic in descriptor.get("licenses", [])]
    if licences:
        doc["license"] = licences[0] if len(licences) == 1 else licences
    if summary.coverage:
        doc["temporalCoverage"] = f"{summary.coverage[0].isoformat()}/{summary.coverage[1].isoformat()}"
    names = list(summary.model.tables)
    doc["distribution"] = ([_download(DESCRIPTOR, "application/json")]
                           + [_download(data_csv(n), "text/csv") for n in names]
                           + [_download(data_parquet(n), "application/vnd.apache.parquet") for n in names])
    doc["isBasedOn"] = [_article(summary, row) for row in summary.source_rows()]
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _article(summary: Summary, source: dict) -> dict:
    facts = _source_facts(summary, source)
    article = {"@type": SCHEMA_ORG.get(facts["kind"], "CreativeWork"), "identifier": facts["id"],
               "name": summary.source_title(source)}
    if facts.get("title"):
        article["headline"] = facts["title"]
    if facts.get("language"):
        article["inLanguage"] = facts["language"]
    if facts.get("date"):
        article["datePublished"] = facts["date"]
    if facts.get("publisher"):
        article["publisher"] = {"@type": "Organization", "name": facts["publisher"]}
    article["encoding"] = {"@type": "MediaObject", "contentUrl": facts["file"], "encodingFormat": "text/plain"}
    return article


def _source_facts(summary: Summary, source: dict) -> dict:
    """What the sources table says of one source, as its declarations name it (docs/model.md): its title,
    date, publisher and language, each only where its basis is not 'unknown'."""
    table = summary.model.sources
    if table is None:
        return {}
    declared = table.declared
    unknown = {field for rule in table.basis if source.get(rule["basis"]) == "unknown" for field in rule["values"]}

    def known(field: str | None) -> Any:
        return source.get(field) if field and field not in unknown else None

    date = known(table.dates[0] if table.dates else None)
    publisher = known(declared.get("publisher"))
    return {"id": source.get(table.id_field or ""), "kind": declared.get("kind", "generic"),
            "file": package_seed(source[table.role_field("seed")]), "title": known(table.title),
            "date": date.isoformat() if date else None,
            "publisher": summary.title_of(publisher) if publisher else None,
            "language": known(declared.get("language"))}


def _download(path: str, media_type: str) -> dict:
    return {"@type": "DataDownload", "contentUrl": path, "encodingFormat": media_type}


def creators(descriptor: dict) -> list[dict]:
    """The contributors who made the package: role creator or author (a contributor with no role is one)."""
    return [c for c in descriptor.get("contributors", [])
            if c.get("title") and ({"creator", "author"} & set(c.get("roles", ["creator"])))]
