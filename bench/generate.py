"""Projects of any size for the benchmark, in two modes.

clone: the real curated tables copied k times, the first as it is and the others under new IDs (E0224
becomes E10224, E20224, ...), every
reference re-pointed within its copy and every free-text cell made distinct per copy (" #k" appended), so
that cardinality, text lengths and the links between tables are the real dataset's; the five real
sources and every quote stay as they are, so provenance is checked for real. k is the smallest number of
copies that gives at least N citations.

synthetic (below): rows sampled one by one from the real ones, with random references.

Rows are the real curated rows (curated/*.csv) sampled as templates, so cell lengths, Arabic text,
quoting and the date/basis/figure rules are those of real curation; IDs are renumbered in our format
(E0001 … E1000000) and every reference is re-pointed to a synthetic record. Quotes are the real
curated quotes plus random word spans of the real seeds (seeds/), with occurrence set where a span
occurs more than once, so every quote is located for real. Every event, actor and figure is cited
once, so the project is valid:

    events N, event_actors N, figures N/10, actors N/100 (at least 100), sources 5 (the real seeds),
    citations N + N/10 + N/100, tombstones none.

Rows are in ID order, as curators keep them (new rows at the end); --shuffle puts them in random
order, which costs the build a sort and a gather.

    python bench/generate.py DIR CITATIONS [--mode clone|synthetic] [--shuffle]
"""

from __future__ import annotations

import csv
import io
import random
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RANDOM_SPANS = 5000  # distinct random quotes, on top of the real ones


def read(name: str, root: Path = REPO) -> tuple[list[str], list[dict]]:
    with open(root / "curated" / f"{name}.csv", encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        return reader.fieldnames, list(reader)


def sizes(n: int) -> dict[str, int]:
    actors, figures = max(100, n // 100), n // 10
    return {"events": n, "event_actors": n, "figures": figures, "actors": actors, "sources": 5,
            "citations": n + figures + actors}


def ident(letter: str, number: int) -> str:
    return f"{letter}{number:04d}"


def seed_quotes(rng: random.Random, sources: list[dict]) -> list[tuple[str, str, str]]:
    """(source_id, quote, occurrence) for random word spans of the seeds; exact matches by construction."""
    from factpack.check.provenance import Seed, places  # the build's own count of where a quote stands

    texts = {s["source_id"]: (REPO / "seeds" / s["seed_path"]).read_text(encoding="utf-8") for s in sources}
    seeds = {source_id: Seed(source_id, source_id, text) for source_id, text in texts.items()}
    out = set()
    while len(out) < RANDOM_SPANS:
        source_id = rng.choice(sorted(texts))
        words = texts[source_id].split(" ")
        start = rng.randrange(len(words))
        quote = " ".join(words[start:start + rng.randint(3, 7)]).strip()
        if sum(c.isalnum() for c in quote) < 3 or "\n" in quote or quote[0] in "=+-@":
            continue
        count = len(places(seeds[source_id], quote))
        out.add((source_id, quote, str(rng.randint(1, count)) if count > 1 else ""))
    return sorted(out)


def generate(root: Path, n: int, seed: int = 0, shuffle: bool = False) -> dict[str, int]:
    """Write a valid project of N events at root (replacing it); return the rows per table."""
    rng = random.Random(seed)
    count = sizes(n)
    if root.exists():
        shutil.rmtree(root)
    (root / "curated").mkdir(parents=True)
    shutil.copytree(REPO / "schemas", root / "schemas")
    shutil.copytree(REPO / "seeds", root / "seeds")

    def actor():
        return ident("A", rng.randint(1, count["actors"]))

    def event():
        return ident("E", rng.randint(1, n))

    tables: dict[str, tuple[list[str], list[list[str]]]] = {}
    header, real = read("sources")
    tables["sources"] = (header, [[r[h] if h != "outlet_id" or not r[h] else actor() for h in header] for r in real])

    header, real = read("actors")
    rows = []
    for i in range(1, count["actors"] + 1):
        r = dict(rng.choice(real), actor_id=ident("A", i))
        if r["affiliation_id"]:
            r["affiliation_id"] = actor()
        rows.append([r[h] for h in header])
    tables["actors"] = (header, rows)

    header, real = read("events")
    unplaced = {"place_id": "", "place_basis": "unknown", "place_note": ""}  # no places in this mode
    tables["events"] = (header, [[ident("E", i) if h == "event_id" else unplaced.get(h, r[h]) for h in header]
                                 for i, r in ((i, rng.choice(real)) for i in range(1, n + 1))])

    header, real = read("event_actors")
    tables["event_actors"] = (header, [[ident("E", i), actor(), r["role"], r["note"]]
                                       for i, r in ((i, rng.choice(real)) for i in range(1, n + 1))])

    header, real = read("figures")
    rows = []
    for i in range(1, count["figures"] + 1):
        r = dict(rng.choice(real), figure_id=ident("F", i))
        r["event_id"] = event() if r["event_id"] else ""
        rows.append([r[h] for h in header])
    tables["figures"] = (header, rows)

    header, real = read("citations")
    quotes = sorted({(r["source_id"], r["quote"], r["occurrence"]) for r in real})
    quotes += seed_quotes(rng, read("sources")[1])
    notes = [r["note"] for r in real]
    subjects = ([("event_id", ident("E", i)) for i in range(1, n + 1)]
                + [("actor_id", ident("A", i)) for i in range(1, count["actors"] + 1)]
                + [("figure_id", ident("F", i)) for i in range(1, count["figures"] + 1)])
    rows = []
    for i, (key, value) in enumerate(subjects, start=1):
        source_id, quote, occurrence = rng.choice(quotes)
        r = {"citation_id": ident("C", i), "source_id": source_id, key: value, "quote": quote,
             "occurrence": occurrence, "note": rng.choice(notes)}
        rows.append([r.get(h, "") for h in header])
    tables["citations"] = (header, rows)

    for name in ("places", "relations", "tombstones"):  # none in this mode
        if (REPO / "curated" / f"{name}.csv").is_file():
            tables[name] = (read(name)[0], [])
    write(root, tables, rng if shuffle else None)
    return {name: len(rows) for name, (_, rows) in tables.items()}


def clone(root: Path, citations: int, shuffle: bool = False) -> dict[str, int]:
    """Write a project of the real tables copied until there are at least `citations` citations."""
    sys.path.insert(0, str(REPO / "src"))
    from factpack.check.schemas import load_model
    from factpack.paths import Project

    model = load_model(Project.at(REPO))
    sources = model.sources.name if model.sources else None
    quote = model.citations.role_field("quote") if model.citations else None
    real = {name: read(name) for name in model.tables}
    ids = {row[t.id_field] for t in model.tables.values() if t.id_field and t.name != sources
           for row in real[t.name][1]}
    if model.tombstones:
        ids |= {row["id"] for row in real[model.tombstones.name][1]}
    edtf = {rule["edtf"] for t in model.tables.values() for rule in t.rules if "edtf" in rule}
    free = {(t.name, f["name"]) for t in model.tables.values() for f in t.fields
            if t.name != sources and f["type"] == "string" and f["name"] not in edtf and f["name"] != quote
            and not {"enum", "pattern"} & set(f.get("constraints", {})) and f["name"] not in t.computed_fields}
    copies = -(-citations // len(real[model.citations.name][1])) if model.citations else 1
    rng = random.Random(0)
    if root.exists():
        shutil.rmtree(root)
    (root / "curated").mkdir(parents=True)
    shutil.copytree(REPO / "schemas", root / "schemas")
    shutil.copytree(REPO / "seeds", root / "seeds")

    def copy_of(value: str, k: int) -> str:
        prefix, digits = value[0], value[1:]
        return f"{prefix}{k * 10 ** len(digits) + int(digits):0{len(digits)}d}"

    tables: dict[str, tuple[list[str], list[list[str]]]] = {}
    for name, (header, rows) in real.items():
        if name == sources:
            tables[name] = (header, [[r[h] for h in header] for r in rows])
            continue
        out = [[r[h] for h in header] for r in rows]  # copy 0: the real rows (the sources refer to them)
        for k in range(1, copies):
            for r in rows:
                out.append([copy_of(v, k) if v in ids else f"{v} #{k}" if v and (name, h) in free else v
                            for h, v in r.items()])
        tables[name] = (header, out)
    write(root, tables, rng if shuffle else None)
    return {name: len(rows) for name, (_, rows) in tables.items()}


def write(root: Path, tables: dict[str, tuple[list[str], list[list[str]]]], rng: random.Random | None) -> None:
    for name, (header, rows) in tables.items():
        if rng is not None:
            rng.shuffle(rows)
        out = io.StringIO(newline="")
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
        (root / "curated" / f"{name}.csv").write_text(out.getvalue(), encoding="utf-8", newline="")


def events_for(citations: int) -> int:
    """The synthetic project's N for about that many citations (N + N/10 + N/100 of them)."""
    return max(100, round(citations / 1.11))


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("root", type=Path)
    parser.add_argument("citations", type=int, help="about how many citations the project gets")
    parser.add_argument("--mode", choices=["clone", "synthetic"], default="clone")
    parser.add_argument("--shuffle", action="store_true", help="rows in random order")
    args = parser.parse_args()
    if args.mode == "clone":
        print(clone(args.root, args.citations, args.shuffle))
    else:
        print(generate(args.root, events_for(args.citations), shuffle=args.shuffle))
