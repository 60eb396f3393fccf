"""How to cite the package: CITATION.cff (Citation File Format 1.2.0) and a schema.org Dataset in JSON-LD.

Both say only what the package metadata and the sources table hold: no authors, URLs or dates are made up,
and no clock is read (so the same inputs give the same bytes).
"""

from __future__ import annotations

import json
import re

import yaml

from ..release import changelog
from . import summary
from ..paths import RESOURCES, data_csv, data_parquet, package_seed

CFF_VERSION = "1.2.0"
# The one setting behind the package's homepage and id: the URL of the project's repository
# (schemas/package.json, "repository"). Unset, neither is written: no address is made up.
GITHUB = re.compile(r"https://github\.com/([A-Za-z0-9-]+)/([A-Za-z0-9._-]+)")


def published_meta(meta: dict, project) -> dict:
    """The package metadata as datapackage.json carries it: `created` is the release's date as recorded in
    the release history (so a rebuild gives the same bytes; a version not yet released has none), and
    `homepage` and `id` follow from the `repository` setting."""
    out = {k: v for k, v in meta.items() if k not in ("repository", "created")}
    released = meta.get("created") or changelog.released_on(project.changelog, str(meta["version"]))
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
# CFF requires authors for every reference; its schema guide writes 'anonymous' where none can be named.
UNNAMED = "anonymous"


def citation_cff(checked, descriptor: dict) -> str:
    cff: dict = {
        "cff-version": CFF_VERSION,
        "message": "If you use this data set, please cite it as below.",
        "type": "dataset",
        "title": descriptor["title"],
        "abstract": descriptor["description"],
        "version": str(descriptor["version"]),
        "authors": [{"name": c["title"]} for c in _creators(descriptor)] or [{"name": UNNAMED}],
    }
    if descriptor.get("created"):
        cff["date-released"] = descriptor["created"][:10]
    links = links_of(checked.meta)
    if links:
        cff["repository-code"] = links["repository"]
        cff["url"] = links["homepage"]
    if descriptor.get("keywords"):
        cff["keywords"] = list(descriptor["keywords"])
    licences = [lic["name"] for lic in descriptor.get("licenses", []) if lic.get("name")]
    if licences:
        cff["license"] = licences[0] if len(licences) == 1 else licences
    cff["references"] = [_cff_reference(checked, s) for s in summary.rows(checked, "sources")]
    # PyYAML quotes and escapes whatever a plain scalar cannot hold (line separators, control characters).
    return yaml.safe_dump(cff, allow_unicode=True, sort_keys=False, width=100)


def _cff_reference(checked, source: dict) -> dict:
    ref: dict = {"type": "newspaper-article", "title": summary.source_title(source), "authors": [{"name": UNNAMED}]}
    outlet = _outlet(checked, source)
    if outlet:
        ref["publisher"] = {"name": outlet}
    if source.get("published_date") and source["published_basis"] != "unknown":
        ref["date-published"] = source["published_date"].isoformat()
    if source.get("language"):
        ref["languages"] = [source["language"]]
    ref["filename"] = package_seed(source["seed_path"])
    ref["notes"] = f"Source {source['source_id']} of the package; no author is recorded for it."

    return ref


def dataset_jsonld(checked, descriptor: dict) -> str:
    coverage = summary.temporal_coverage(checked)
    doc: dict = {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "name": descriptor["title"],
        "alternateName": descriptor["name"],
        "description": descriptor["description"],
        "version": str(descriptor["version"]),
        "keywords": list(descriptor.get("keywords", [])),
        "inLanguage": ["en", "ar"],
        "isAccessibleForFree": True,
        "creator": [{"@type": "Organization", "name": c["title"]} for c in _creators(descriptor)],
    }
    if descriptor.get("created"):
        doc["datePublished"] = descriptor["created"][:10]
    if descriptor.get("homepage"):
        doc["url"] = descriptor["homepage"]
        doc["identifier"] = descriptor["id"]
    licences = [lic.get("path") or lic.get("name") for lic in descriptor.get("licenses", [])]
    if licences:
        doc["license"] = licences[0] if len(licences) == 1 else licences
    if coverage:
        doc["temporalCoverage"] = f"{coverage[0].isoformat()}/{coverage[1].isoformat()}"
    doc["distribution"] = ([_download("datapackage.json", "application/json")]
                           + [_download(data_csv(r), "text/csv") for r in RESOURCES]
                           + [_download(data_parquet(r), "application/vnd.apache.parquet") for r in RESOURCES])
    doc["isBasedOn"] = [_article(checked, s) for s in summary.rows(checked, "sources")]
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _article(checked, source: dict) -> dict:
    article = {"@type": "NewsArticle", "identifier": source["source_id"], "name": summary.source_title(source)}
    if source.get("headline"):
        article["headline"] = source["headline"]
    if source.get("language"):
        article["inLanguage"] = source["language"]
    if source.get("published_date") and source["published_basis"] != "unknown":
        article["datePublished"] = source["published_date"].isoformat()
    outlet = _outlet(checked, source)
    if outlet:
        article["publisher"] = {"@type": "Organization", "name": outlet}
    article["encoding"] = {"@type": "MediaObject", "contentUrl": package_seed(source["seed_path"]),
                           "encodingFormat": "text/plain"}
    return article


def _download(path: str, media_type: str) -> dict:
    return {"@type": "DataDownload", "contentUrl": path, "encodingFormat": media_type}


def _creators(descriptor: dict) -> list[dict]:
    return [c for c in descriptor.get("contributors", [])
            if c.get("title") and ({"creator", "author"} & set(c.get("roles", ["creator"])))]


def _outlet(checked, source: dict) -> str | None:
    if not source.get("outlet_id") or source.get("outlet_basis") == "unknown":
        return None
    return summary.actor_name(checked, source["outlet_id"])
