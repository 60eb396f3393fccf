"""What a reader who does not read Python gets: the package README, citation metadata and the timeline."""

import json
import re
import subprocess
import xml.etree.ElementTree as ET

import pytest
import yaml

from conftest import REPO, TABLE_NAMES, TABLES, make_project
from factpack.check.project import validate
from factpack.paths import Project
from factpack.write import readme, summary, timeline
from factpack.write import readme as readme_module
from factpack.write.package import render

INFERRED_EVENTS = TABLES["events"] + (
    "E0002,meeting,occurred,2024-01-25,2024-01-25,2024-01-25,day,inferred,الخميس الماضي: the Thursday before 27 "
    "January 2024,A meeting.,,unknown,,\n"
    "E0003,withdrawal,planned,,2026-09-30,../2026-09-30,by,stated,بحلول أيلول 2026,Troops to leave.,,unknown,,\n"
)
INFERRED_CITATIONS = TABLES["citations"] + "C0005,S0001,E0002,,,,,,وقال الشمري,,\nC0006,S0001,E0003,,,,,,انسحبت,,\n"


def files_of(tmp_path, name="p", **tables) -> dict[str, bytes]:
    return render(validate(Project.at(make_project(tmp_path / name, **tables))))


def text(files, name) -> str:
    return files[name].decode("utf-8")


def section(readme: str, heading: str) -> str:
    """The text under a heading, up to the next heading of the same or a higher level."""
    level = heading.split(" ")[0]
    start = readme.index(heading + "\n")
    rest = readme[start + len(heading) + 1:]
    ends = [m.start() for m in re.finditer(rf"^#{{1,{len(level)}}} ", rest, re.M)]
    return rest[:ends[0]] if ends else rest


def test_readme_names_every_field_of_every_schema_in_its_resource_section(tmp_path):
    files = files_of(tmp_path)
    readme = text(files, "README.md")
    descriptor = json.loads(files["datapackage.json"])
    fields = section(readme, "## Fields")
    for resource in TABLE_NAMES:
        schema = next(r["schema"] for r in descriptor["resources"] if r["name"] == resource)
        part = section(fields, f"### {resource}")
        for field in schema["fields"]:
            assert f"| `{field['name']}` | {field['type']} |" in part, (resource, field["name"])


def test_readme_codebook_shows_the_curators_rules_inside_its_section(tmp_path):
    project = make_project(tmp_path / "p")
    (project / "schemas" / "codebook.md").write_text("# Rules\n\n## 1. Events\n\nA meeting is an event.\n",
                                                    encoding="utf-8")
    codebook = section(text(render(validate(Project.at(project))), "README.md"), "## Codebook")
    assert codebook.startswith("\n### Rules\n\n### 1. Events\n\nA meeting is an event.\n\n### Closed lists\n")
    (project / "schemas" / "codebook.md").unlink()
    readme = text(render(validate(Project.at(project))), "README.md")
    assert "### Closed lists" not in readme and "\n### `events.status`\n" in section(readme, "## Codebook")


def test_readme_codebook_has_every_category_with_its_meaning_and_count(tmp_path):
    files = files_of(tmp_path)
    readme = text(files, "README.md")
    descriptor = json.loads(files["datapackage.json"])
    codebook = section(readme, "## Codebook")
    lists = 0
    for resource in TABLE_NAMES:
        schema = next(r["schema"] for r in descriptor["resources"] if r["name"] == resource)
        for field in schema["fields"]:
            categories = field.get("categories", [])
            for category in categories:
                part = section(codebook, f"### `{resource}.{field['name']}`")
                row = f"| `{category['value']}` | {category['label']} |"
                if len(categories) <= readme_module.LONG_LIST:
                    assert row in part
                else:  # a standard code list (ISO 3166-1): the values in use, and a count of the others
                    shown = re.findall(r"^\| `[^`]+` \| .* \| ([0-9]+) \|$", part, re.M)
                    assert all(int(n) > 0 for n in shown)
                    assert f"the other {len(categories) - len(shown)} allowed values are in" in part
            lists += bool(categories)
    assert lists >= 10
    assert "| `IQ` | Iraq | 2 |" in section(codebook, "### `actors.country`")
    # the fixture has one person (A0002) and one armed_forces actor (A0001)
    assert "| `person` | An individual human being. | 1 |" in section(codebook, "### `actors.actor_type`")
    assert "| `state` | A sovereign country or its government taken as a whole. | 0 |" in codebook


def test_readme_counts_rows_and_covers_time_from_the_events(tmp_path):
    readme = text(files_of(tmp_path, events=INFERRED_EVENTS, citations=INFERRED_CITATIONS), "README.md")
    assert "| events | 3 | `data/events.csv` | `data/events.parquet` |" in readme
    assert "The dated events run from 2024-01-25 to 2026-09-30" in readme
    assert "2 of 3 events have a date" in readme
    assert "| `planned` | 1 | 2026-09-30 | 2026-09-30 |" in readme  # dated events by status
    assert "![Timeline of the dated events](timeline.svg)" in readme


def test_readme_lists_every_event_whose_date_is_inferred(tmp_path):
    readme = text(files_of(tmp_path, events=INFERRED_EVENTS, citations=INFERRED_CITATIONS), "README.md")
    limits = section(readme, "## Known limits")
    assert "1 of 3 events have dates that are inferred" in limits
    assert "| E0002 | 2024-01-25 | 2024-01-25 | الخميس الماضي: the Thursday before 27 January 2024 |" in limits
    assert "| E0003 |" not in limits and "| E0001 |" not in limits


def test_readme_says_how_to_load_validate_cite_and_what_the_licence_covers(tmp_path):
    readme = text(files_of(tmp_path), "README.md")
    for needed in ("keep_default_na=False", "read.csv(\"data/events.csv\", na.strings = \"\"", "sha256sum -c SHA256SUMS", "read_csv('data/events.csv'",
                   "From Text/CSV", "frictionless validate datapackage.json", "frictionless[parquet]' pandas",
                   "[`CITATION.cff`](CITATION.cff)", "[`index.html`](index.html)",
                   "[CC-BY-4.0](https://creativecommons.org/licenses/by/4.0/)",
                   "remain their publishers' text", "so that each fact can be checked"):
        assert needed in readme, needed


def test_citation_cff_cites_the_dataset_and_each_article_without_inventing_anything(tmp_path):
    files = files_of(tmp_path)  # one source without headline, outlet or date
    cff = yaml.safe_load(files["CITATION.cff"])
    assert (cff["cff-version"], cff["type"], cff["license"]) == ("1.2.0", "dataset", "CC-BY-4.0")
    assert cff["title"] == json.loads(files["datapackage.json"])["title"]
    assert cff["authors"] == [{"name": "factpack curators"}]
    assert cff["references"] == [{"type": "newspaper-article", "title": "000_test.txt", "authors": [{"name": "anonymous"}],
                                  "languages": ["ar"], "filename": "seeds/000_test.txt",
                                  "notes": "Source S0001 of the package; no author is recorded for it."}]
    assert "date-released" not in cff and "url" not in cff  # no clock, no made-up address


def test_citation_cff_keeps_a_stated_headline_outlet_and_date_exactly(tmp_path):
    headline = 'Headline: "quoted" \\ # x\u2028y'
    tables = {"sources": TABLES["sources"].replace(",,unknown,,,unknown,,,unknown,",
                                                   f',A0001,stated,,"{headline.replace(chr(34), 2 * chr(34))}",stated,,'
                                                   "2024-01-27,stated,"),
              "actors": TABLES["actors"].replace("armed_forces", "media_outlet")}
    files = files_of(tmp_path, **tables)
    reference = yaml.safe_load(files["CITATION.cff"])["references"][0]
    assert (reference["title"], reference["publisher"], reference["date-published"]) == (
        headline, {"name": "Joint Operations Command"}, "2024-01-27")
    article = json.loads(files["dataset.jsonld"])["isBasedOn"][0]
    assert (article["headline"], article["datePublished"], article["publisher"]["name"]) == (
        headline, "2024-01-27", "Joint Operations Command")


def test_dataset_jsonld_is_a_schema_org_dataset(tmp_path):
    files = files_of(tmp_path, events=INFERRED_EVENTS, citations=INFERRED_CITATIONS)
    doc = json.loads(files["dataset.jsonld"])
    assert (doc["@context"], doc["@type"], doc["temporalCoverage"]) == (
        "https://schema.org/", "Dataset", "2024-01-25/2026-09-30")
    assert doc["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert [d["contentUrl"] for d in doc["distribution"]][:2] == ["datapackage.json", "data/actors.csv"]
    assert all(d["contentUrl"] in files for d in doc["distribution"])
    assert [a["name"] for a in doc["isBasedOn"]] == ["000_test.txt"]
    assert "datePublished" not in doc["isBasedOn"][0] and "url" not in doc["isBasedOn"][0]


def test_timeline_svg_has_one_row_per_dated_event(tmp_path):
    svg = text(files_of(tmp_path, events=INFERRED_EVENTS, citations=INFERRED_CITATIONS), "timeline.svg")
    root = ET.fromstring(svg)
    ns = {"s": "http://www.w3.org/2000/svg"}
    rows = root.findall("s:g[@class='event']", ns)
    assert [g.get("data-id") for g in rows] == ["E0002", "E0003"]
    assert rows[0].find("s:title", ns).text.startswith("E0002 · 2024-01-25 · occurred")
    assert rows[0].find("s:circle", ns).get("fill") == "#ffffff"  # inferred: hollow
    assert rows[1].find("s:title", ns).text.startswith("E0003 · by 2026-09-30 · planned")
    assert "2 of 3 events have a date" in svg


def test_timeline_svg_without_dated_events_is_still_a_picture(tmp_path):
    root = ET.fromstring(text(files_of(tmp_path), "timeline.svg"))
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert "0 of 1 events have a date" in ET.tostring(root, encoding="unicode")


def test_a_package_too_large_for_one_page_gets_notices_and_counts_stay_whole(tmp_path, monkeypatch):
    monkeypatch.setattr(summary, "PAGE_ROW_LIMIT", 5)
    monkeypatch.setattr(timeline, "TIMELINE_LIMIT", 2)
    monkeypatch.setattr(readme, "INFERRED_LISTED", 0)
    files = files_of(tmp_path, events=INFERRED_EVENTS, citations=INFERRED_CITATIONS)
    page = text(files, "index.html")
    assert "too many for one offline page" in page and '<a href="data/events.csv">' in page
    assert "<script" not in page
    svg = ET.fromstring(text(files, "timeline.svg"))
    assert "3 events: too many to draw one row each" in ET.tostring(svg, encoding="unicode")
    limits = section(text(files, "README.md"), "## Known limits")
    assert "1 of 3 events have dates that are inferred" in limits
    assert "| E0002 |" not in limits and "`data/events.csv` has all 1." in limits


CFFCONVERT = REPO / ".venv-cff/bin/cffconvert"


def cffconvert_validate(text_: str, tmp_path) -> subprocess.CompletedProcess:
    if not CFFCONVERT.exists():
        pytest.skip("cffconvert has an environment of its own: make tools (make test sets it up)")
    path = tmp_path / "CITATION.cff"
    path.write_text(text_, encoding="utf-8")
    return subprocess.run([str(CFFCONVERT), "--validate", "-i", str(path)], capture_output=True, text=True)


def test_the_published_citation_cff_passes_cffconvert(tmp_path):
    done = cffconvert_validate((REPO / "datapackage/CITATION.cff").read_text(encoding="utf-8"), tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "valid" in done.stdout


def release_files(root, repository=None) -> dict[str, bytes]:
    """A fixture project released as 1.0.0 on 2024-06-01 (SOURCE_DATE_EPOCH), its package's files."""
    from typer.testing import CliRunner

    from factpack.cli import app

    project = make_project(root)
    if repository is not None:
        meta = json.loads((project / "schemas/package.json").read_text(encoding="utf-8"))
        (project / "schemas/package.json").write_text(json.dumps({**meta, "repository": repository}), encoding="utf-8")
    result = CliRunner().invoke(app, ["release", "--project", str(project), "--note", "First."],
                                env={"SOURCE_DATE_EPOCH": "1717200000"})
    assert result.exit_code == 0, result.output
    return {p.relative_to(project / "datapackage").as_posix(): p.read_bytes()
            for p in (project / "datapackage").rglob("*") if p.is_file()}


def test_a_release_dates_its_package_from_the_release_history_and_invents_no_address(tmp_path):
    files = release_files(tmp_path / "p")
    descriptor = json.loads(files["datapackage.json"])
    assert descriptor["created"] == "2024-06-01T00:00:00Z"  # RFC 3339 with seconds, as frictionless requires
    assert "homepage" not in descriptor and "id" not in descriptor and "repository" not in descriptor
    cff = yaml.safe_load(files["CITATION.cff"])
    assert (cff["version"], cff["date-released"]) == ("1.0.0", "2024-06-01")
    assert "url" not in cff and "repository-code" not in cff
    done = cffconvert_validate(text(files, "CITATION.cff"), tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.slow
def test_the_repository_setting_gives_homepage_id_and_the_citation_links(tmp_path):
    files = release_files(tmp_path / "p", repository="https://github.com/Example-Org/iraq-data")
    descriptor = json.loads(files["datapackage.json"])
    assert (descriptor["homepage"], descriptor["id"]) == (
        "https://example-org.github.io/iraq-data/", "https://github.com/Example-Org/iraq-data/releases/tag/v1.0.0")
    cff = yaml.safe_load(files["CITATION.cff"])
    assert (cff["repository-code"], cff["url"]) == ("https://github.com/Example-Org/iraq-data",
                                                    "https://example-org.github.io/iraq-data/")
    assert json.loads(files["dataset.jsonld"])["url"] == descriptor["homepage"]
    done = cffconvert_validate(text(files, "CITATION.cff"), tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    from frictionless import validate as frictionless_validate

    folder = tmp_path / "unpacked"
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    report = frictionless_validate(str(folder / "datapackage.json"))
    assert report.valid, report.flatten(["type", "message"])


@pytest.mark.parametrize("key, value", [("created", "2024-01-01T00:00:00Z"), ("homepage", "https://example.org/"),
                                        ("id", "x"), ("repository", "javascript:alert(1)"),
                                        ("repository", "http://github.com/a/b"), ("repository", 3)])
def test_metadata_the_build_writes_or_a_bad_repository_is_refused(tmp_path, key, value):
    from typer.testing import CliRunner

    from factpack.cli import app

    project = make_project(tmp_path / "p")
    meta = json.loads((project / "schemas/package.json").read_text(encoding="utf-8"))
    (project / "schemas/package.json").write_text(json.dumps({**meta, key: value}), encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", "--project", str(project)])
    assert (result.exit_code, f"schemas/package.json [{key}] metadata-invalid" in result.output) == (1, True)
