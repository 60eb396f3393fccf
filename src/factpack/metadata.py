"""How to cite the package: CITATION.cff (Citation File Format 1.2.0) and a schema.org Dataset in JSON-LD.

Both say only what the package metadata and the sources table hold: no authors, URLs or dates are made up,
and no clock is read (so the same inputs give the same bytes).
"""

from __future__ import annotations

import json
import unicodedata

from . import summary
from .paths import RESOURCES, data_csv, data_parquet, package_seed

CFF_VERSION = "1.2.0"
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
    if descriptor.get("keywords"):
        cff["keywords"] = list(descriptor["keywords"])
    licences = [lic["name"] for lic in descriptor.get("licenses", []) if lic.get("name")]
    if licences:
        cff["license"] = licences[0] if len(licences) == 1 else licences
    cff["references"] = [_cff_reference(checked, s) for s in summary.rows(checked, "sources")]
    return "\n".join(_yaml(cff, 0)) + "\n"


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


def _yaml(value, indent: int) -> list[str]:
    """A small YAML writer for dicts, lists and strings: every string double-quoted, so nothing is re-typed."""
    pad = " " * indent
    lines = []
    for key, item in value.items():
        if isinstance(item, dict):
            lines.append(f"{pad}{key}:")
            lines += _yaml(item, indent + 2)
        elif isinstance(item, list):
            lines.append(f"{pad}{key}:")
            for element in item:
                if isinstance(element, dict):
                    inner = _yaml(element, indent + 4)
                    lines.append(f"{pad}  - {inner[0].lstrip()}")
                    lines += inner[1:]
                else:
                    lines.append(f"{pad}  - {_scalar(element)}")
        else:
            lines.append(f"{pad}{key}: {_scalar(item)}")
    return lines


def _scalar(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    text = json.dumps(str(value), ensure_ascii=False)
    # JSON escapes are YAML double-quoted escapes; YAML also wants line and paragraph separators,
    # other format/control characters and the BOM escaped, or a reader may fold or drop them.
    return "".join(f"\\u{ord(c):04x}" if unicodedata.category(c) in ("Zl", "Zp", "Cc", "Cf") else c
                   for c in text)
