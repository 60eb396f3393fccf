"""`factpack init DIR`: a minimal new project that builds and validates at once.

It holds one source text (a seed, pinned by its sha256), one table of facts with a date, the citations that
quote the source for each fact, and an empty table of tombstones; the package metadata is a draft (0.1.0)
whose title, description, licence and contributors the curator replaces. Nothing in it comes from another
dataset.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

from .check.schemas import NAME
from .problems import fail

SEED_NAME = "example.txt"
SEED = ("The town council met on Monday, 4 March 2024, and approved the plan for a new library.\n"
        "The library is to open before the end of 2025, the mayor said.\n")
COMPUTED = [("char_start", "integer", "Where the quote starts in the seed's text, in Unicode code points from 0."),
            ("char_end", "integer", "Where the quote ends (exclusive), in Unicode code points."),
            ("match", "string", "exact, or folded when the quote matched after folding letter variants and spaces."),
            ("line", "integer", "The line where the quote starts (from 1)."),
            ("column", "integer", "The column where the quote starts (from 1)."),
            ("prefix", "string", "Up to 32 code points before the quote."),
            ("suffix", "string", "Up to 32 code points after the quote.")]


def _field(name: str, kind: str, description: str, **constraints: Any) -> dict[str, Any]:
    field: dict[str, Any] = {"name": name, "type": kind, "description": description}
    if constraints:
        field["constraints"] = constraints
    return field


def files(name: str) -> dict[str, str]:
    """The project's files, by path, as text."""
    sha = hashlib.sha256(SEED.encode("utf-8")).hexdigest()
    basis = {"enum": ["stated", "inferred", "unknown"]}
    basis_categories = [{"value": "stated", "label": "The text states it."},
                        {"value": "inferred", "label": "Worked out from the text; the note says how."},
                        {"value": "unknown", "label": "The text does not say."}]
    schemas: dict[str, dict[str, Any]] = {
        "sources": {
            "description": "The source texts in seeds/, each pinned by its sha256.",
            "fields": [_field("source_id", "string", "Stable ID: S and four or more digits.", required=True,
                              unique=True, pattern="S[0-9]{4,}"),
                       _field("seed_path", "string", "The file name of the text in seeds/.", required=True),
                       _field("sha256", "string", "The sha256 of the seed file's bytes.", required=True,
                              pattern="[0-9a-f]{64}"),
                       _field("title", "string", "The source's title, as written, where it has one.")],
            "primaryKey": ["source_id"],
            "factpack": {"title": "title"}},
        "facts": {
            "description": "What the sources report, one fact a row, each with its date as the text gives it.",
            "fields": [_field("fact_id", "string", "Stable ID: F and four or more digits.", required=True,
                              unique=True, pattern="F[0-9]{4,}"),
                       _field("summary", "string", "The fact in a sentence, in the curator's words.", required=True),
                       _field("date_start", "date", "The first day the fact may fall on."),
                       _field("date_end", "date", "The last day the fact may fall on."),
                       {**_field("date_basis", "string", "How the dates are known.", required=True, **basis),
                        "categories": basis_categories},
                       _field("date_note", "string", "The words that date it, or how the date was worked out.")],
            "primaryKey": ["fact_id"],
            "factpack": {"title": "summary", "dates": ["date_start", "date_end"],
                         "rules": [{"order": ["date_start", "date_end"]},
                                   {"basis": "date_basis", "values": ["date_start", "date_end"],
                                    "note": "date_note"}]}},
        "citations": {
            "description": "The words of a source that support a fact.",
            "fields": [_field("citation_id", "string", "Stable ID: C and four or more digits.", required=True,
                              unique=True, pattern="C[0-9]{4,}"),
                       _field("source_id", "string", "The source quoted.", required=True),
                       _field("fact_id", "string", "The fact the quote supports."),
                       _field("quote", "string", "The source's exact words.", required=True),
                       _field("occurrence", "integer", "Which place of the quote is meant, where it stands in "
                              "several (1 = the first).", minimum=1),
                       *(_field(n, k, d) for n, k, d in COMPUTED)],
            "primaryKey": ["citation_id"],
            "foreignKeys": [{"fields": ["source_id"], "reference": {"resource": "sources", "fields": ["source_id"]}},
                            {"fields": ["fact_id"], "reference": {"resource": "facts", "fields": ["fact_id"]}}]},
        "tombstones": {
            "description": "Withdrawn IDs: never reused, each with why it was withdrawn.",
            "fields": [_field("id", "string", "The withdrawn ID.", required=True, unique=True),
                       _field("reason", "string", "Why it was withdrawn.", required=True),
                       _field("superseded_by", "string", "The ID of the record that replaces it, if any.")],
            "primaryKey": ["id"]},
    }
    meta = {"name": name, "title": f"{name}: facts cited to their sources (replace this title)",
            "description": "What the package covers, from which sources (replace this description).",
            "version": "0.1.0",
            "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
                          "title": "Creative Commons Attribution 4.0 (choose the licence of your data)"}],
            "contributors": [{"title": "The curators (replace with your names)", "roles": ["creator"]}]}
    out = {f"schemas/{table}.schema.json": json.dumps({"$schema": "https://datapackage.org/profiles/2.0/tableschema.json",
                                                        **schema}, ensure_ascii=False, indent=2) + "\n"
           for table, schema in schemas.items()}
    out["schemas/package.json"] = json.dumps(meta, ensure_ascii=False, indent=2) + "\n"
    out[f"seeds/{SEED_NAME}"] = SEED
    out["curated/sources.csv"] = f"source_id,seed_path,sha256,title\nS0001,{SEED_NAME},{sha},\n"
    out["curated/facts.csv"] = ("fact_id,summary,date_start,date_end,date_basis,date_note\n"
                                "F0001,The town council approved the plan for a new library.,2024-03-04,2024-03-04,"
                                "stated,\"Monday, 4 March 2024\"\n"
                                "F0002,The library is to open before the end of 2025.,,2025-12-31,stated,"
                                "before the end of 2025\n")
    out["curated/citations.csv"] = ("citation_id,source_id,fact_id,quote,occurrence\n"
                                    "C0001,S0001,F0001,approved the plan for a new library,\n"
                                    "C0002,S0001,F0002,The library is to open before the end of 2025,\n")
    out["curated/tombstones.csv"] = "id,reason,superseded_by\n"
    return out


def init(folder: Path, name: str | None = None) -> list[str]:
    """Write the project into folder (new, or empty); the paths written. FactpackError if files are there."""
    if name is not None and not NAME.fullmatch(name):
        raise fail("--name", "bad-name", f"'{name}' cannot name a package: lower-case letters, digits, '.', '_' "
                   "and '-', starting with a letter or digit (a package name is part of URLs and file names)",
                   name)
    name = name or re.sub(r"[^a-z0-9._-]+", "-", folder.resolve().name.lower()).strip("-._") or "dataset"
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise fail(folder.name, "init-exists", f"{folder} exists and is not an empty folder: factpack init writes "
                   "into a new or empty folder only")
    written = []
    for relative, text in files(name).items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")
        written.append(relative)
    return written
