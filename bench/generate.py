"""A synthetic factpack project of N events, for the benchmark.

Rows are the real curated rows (curated/*.csv) sampled as templates, so cell lengths, Arabic text,
quoting and the date/basis/figure rules are those of real curation; IDs are renumbered in our format
(E0001 … E1000000) and every reference is re-pointed to a synthetic record. Quotes are the real
curated quotes plus random word spans of the real seeds (seeds/), with occurrence set where a span
occurs more than once, so every quote is located for real. Every event, actor and figure is cited
once, so the project is valid:

    events N, event_actors N, figures N/10, actors N/100 (at least 100), sources 5 (the real seeds),
    citations N + N/10 + N/100, tombstones none.

Rows are in ID order, as curators keep them (new rows at the end); --shuffle puts them in random
order, which costs the build a sort and a gather. Usage: python bench/generate.py DIR N [--shuffle]
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


def read(name: str) -> tuple[list[str], list[dict]]:
    with open(REPO / "curated" / f"{name}.csv", encoding="utf-8", newline="") as f:
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
        if not quote or "\n" in quote or quote[0] in "=+-@":
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
    tables["events"] = (header, [[ident("E", i) if h == "event_id" else r[h] for h in header]
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
        r = {"citation_id": ident("C", i), "source_id": source_id, "event_id": "", "actor_id": "",
             "figure_id": "", key: value, "quote": quote, "occurrence": occurrence, "note": rng.choice(notes)}
        rows.append([r[h] for h in header])
    tables["citations"] = (header, rows)

    if (REPO / "curated" / "tombstones.csv").is_file():  # no record withdrawn
        tables["tombstones"] = (read("tombstones")[0], [])
    for name, (header, rows) in tables.items():
        if shuffle:
            rng.shuffle(rows)
        out = io.StringIO(newline="")
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
        (root / "curated" / f"{name}.csv").write_text(out.getvalue(), encoding="utf-8", newline="")
    return {name: len(rows) for name, (_, rows) in tables.items()}


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--shuffle"]
    if len(args) != 2:
        sys.exit("usage: python bench/generate.py DIR N [--shuffle]")
    print(generate(Path(args[0]), int(args[1]), shuffle="--shuffle" in sys.argv))
