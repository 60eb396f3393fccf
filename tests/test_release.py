"""factpack release and factpack diff on the fixture project, through the CLI."""

import json
import shutil
import subprocess

import pytest
from typer.testing import CliRunner

from conftest import TABLES, snapshot
from factpack.cli import app

runner = CliRunner()
EPOCH = {"SOURCE_DATE_EPOCH": "1717200000"}  # 2024-06-01
NAME = "iraq-coalition-transition"


def run(*args, env=EPOCH):
    return runner.invoke(app, [str(a) for a in args], env=env)


def release(project, *args, note="A note.", env=EPOCH):
    return run("release", "--project", project, "--note", note, *args, env=env)




def edit(project, table, old, new):
    path = project / "curated" / f"{table}.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def version(project):
    return json.loads((project / "schemas/package.json").read_text())["version"]


@pytest.fixture
def released(project):
    """The fixture project with its first release, 1.0.0."""
    result = release(project, "--bump", "major", note="First release.")
    assert result.exit_code == 0, result.output
    return project


def test_first_release_bumps_the_draft_version_to_1_0_0(released):
    project = released
    assert version(project) == "1.0.0"
    assert sorted(snapshot(project / "releases")) == sorted(
        ["CHANGELOG.md", "1.0.0/SHA256SUMS", "1.0.0/datapackage.json"]
        + [f"1.0.0/data/{r}.csv" for r in TABLES])
    changelog = (project / "releases/CHANGELOG.md").read_text()
    assert "## [1.0.0] - 2024-06-01\n\nFirst release.\n\nFirst release: every record is new." in changelog
    assert "| citations | 4 |" in changelog
    assert (project / "datapackage/CHANGELOG.md").read_text() == changelog
    assert (project / f"dist/{NAME}-1.0.0.zip").is_file()
    released_files = snapshot(project / "releases/1.0.0")
    package = snapshot(project / "datapackage")
    assert all(package[p] == data for p, data in released_files.items() if p != "SHA256SUMS")


def test_after_a_release_the_build_gives_the_released_package(released):
    before = snapshot(released / "datapackage")
    assert run("build", "--project", released).exit_code == 0
    assert snapshot(released / "datapackage") == before


@pytest.mark.parametrize("args, expected", [(["--version", "1.0.0"], "1.0.0"), ([], "1.0.0"),
                                            (["--bump", "minor"], "0.2.0"), (["--version", "0.3.0"], "0.3.0")])
def test_first_release_version(project, args, expected):
    assert release(project, *args).exit_code == 0
    assert version(project) == expected


def test_a_correction_shows_up_as_exactly_that_change(released, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(released, copy)
    edit(copy, "actors", "Al-Shammari", "Al-Shamari")
    assert run("build", "--project", copy).exit_code == 0
    result = run("diff", "1.0.0", copy / "datapackage", "--project", copy, "--json")
    report = json.loads(result.output)
    assert report["bump"] == "patch"
    assert [c["detail"] for c in report["changes"]] == ["1 record changed: A0002"]
    actors = next(r for r in report["resources"] if r["name"] == "actors")
    assert actors["changed"] == [{"key": ["A0002"], "fields": {"name_en": {"before": "Al-Shammari",
                                                                          "after": "Al-Shamari"}}}]
    markdown = run("diff", released / f"dist/{NAME}-1.0.0.zip", copy).output
    assert '- A0002\n  - `name_en`: "Al-Shammari" → "Al-Shamari"' in markdown

    result = release(copy, note="Spelling of Al-Shamari.")
    assert result.exit_code == 0, result.output
    assert version(copy) == "1.0.1"
    changelog = (copy / "releases/CHANGELOG.md").read_text()
    entry = changelog[changelog.index("## [1.0.1]"):changelog.index("## [1.0.0]")]
    assert entry == ("## [1.0.1] - 2024-06-01\n\nSpelling of Al-Shamari.\n\n"
                     "A patch release (the changes since 1.0.0 need patch).\n\n"
                     "| resource | rows | added | removed | changed |\n| --- | ---: | ---: | ---: | ---: |\n"
                     "| actors | 2 | 0 | 0 | 1 |\n| sources | 1 | 0 | 0 | 0 |\n| places | 0 | 0 | 0 | 0 |\n"
                     "| events | 1 | 0 | 0 | 0 |\n| event_actors | 1 | 0 | 0 | 0 |\n| figures | 1 | 0 | 0 | 0 |\n"
                     "| citations | 4 | 0 | 0 | 0 |\n| relations | 0 | 0 | 0 | 0 |\n| tombstones | 0 | 0 | 0 | 0 |\n\n"
                     "### Changed\n\n- actors: A0002 (name_en)\n\n")
    between_releases = json.loads(run("diff", "1.0.0", "1.0.1", "--project", copy, "--json").output)
    assert (between_releases["changes"], between_releases["resources"]) == (report["changes"], report["resources"])


def test_new_records_make_a_minor_release(released):
    edit(released, "event_actors", "E0001,A0001,speaker,\n", "E0001,A0001,speaker,\nE0001,A0002,speaker,\n")
    result = release(released)
    assert (result.exit_code, version(released)) == (0, "1.1.0")
    assert "### Added\n\n- event_actors: E0001/A0002/speaker" in (released / "releases/CHANGELOG.md").read_text()


def withdraw_a0002(project, tombstones="A0002,merged into A0001,A0001\nC0002,quoted A0002,\n"):
    edit(project, "actors", "A0002,الشمري,Al-Shammari,,person,,,IQ,A0001,\n", "")
    edit(project, "citations", "C0002,S0001,,A0002,,,,,الشمري,,\n", "")
    (project / "curated/tombstones.csv").write_text("id,reason,superseded_by\n" + tombstones, encoding="utf-8")


def test_a_bump_smaller_than_the_diff_needs_is_refused_with_the_reason(released):
    withdraw_a0002(released)
    before = snapshot(released)
    result = release(released, "--bump", "minor")
    assert result.exit_code == 1
    assert "a minor release cannot carry this change, which needs major: 1 record removed: A0002" in result.output
    assert "1 record removed: C0002" in result.output
    assert snapshot(released) == before  # nothing written

    result = release(released, "--bump", "auto", note="Withdraw the duplicate A0002.")
    assert (result.exit_code, version(released)) == (0, "2.0.0")
    entry = (released / "releases/CHANGELOG.md").read_text().split("## [")[1]
    assert "### Removed\n\n- actors: A0002 (withdrawn: merged into A0001; superseded by A0001)\n" \
           "- citations: C0002 (withdrawn: quoted A0002)\n" in entry
    assert "### Added\n\n- tombstones: A0002, C0002\n" in entry


def test_a_bigger_bump_than_needed_is_allowed(released):
    edit(released, "actors", "Al-Shammari", "Al-Shamari")
    assert (release(released, "--bump", "major").exit_code, version(released)) == (0, "2.0.0")
    edit(released, "actors", "Al-Shamari", "Al-Shammari")
    assert (release(released, "--version", "2.1.0").exit_code, version(released)) == (0, "2.1.0")


def test_a_removed_id_needs_a_tombstone(released):
    withdraw_a0002(released, tombstones="A0002,merged into A0001,A0001\n")
    result = release(released, "--bump", "major")
    assert result.exit_code == 1
    assert "curated/citations.csv [citation_id] removed-without-tombstone 'C0002'" in result.output
    assert "A0002" not in result.output


def test_a_tombstone_is_never_removed(released):
    withdraw_a0002(released)
    assert release(released).exit_code == 0
    (released / "curated/tombstones.csv").write_text("id,reason,superseded_by\nA0002,merged into A0001,A0001\n")
    result = release(released, "--bump", "major")
    assert (result.exit_code, "tombstone-removed 'C0002'" in result.output) == (1, True)


def test_nothing_to_release(released):
    result = release(released)
    assert (result.exit_code, "nothing changed since release 1.0.0" in result.output) == (1, True)


def test_refusals(released):
    edit(released, "actors", "Al-Shammari", "Al-Shamari")
    assert "1.0.0 is not newer than 1.0.0" in release(released, "--version", "1.0.0").output
    assert release(released, "--version", "1.1").exit_code == 2  # not a version: wrong usage
    assert release(released, "--version", "2.0.0", "--bump", "major").exit_code == 2
    both = release(released, "--bump", "auto", "--version", "2.0.0")
    assert both.exit_code == 2 and "--bump" in both.output and "--version" in both.output
    assert release(released, "--bump", "huge").exit_code == 2
    assert "empty-note" in release(released, note=" ").output


def test_dry_run_writes_nothing(released):
    edit(released, "actors", "Al-Shammari", "Al-Shamari")
    before = snapshot(released)
    result = release(released, "--dry-run")
    assert (result.exit_code, result.output.splitlines()[0]) == (0, "## [1.0.1] - 2024-06-01")
    assert snapshot(released) == before


def test_the_date_comes_from_source_date_epoch_or_the_last_commit_never_the_clock(project):
    result = release(project, "--bump", "major", env={"SOURCE_DATE_EPOCH": ""})
    assert (result.exit_code, "no-release-date" in result.output) == (2, True)  # the environment gives no date
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    subprocess.run(git + ["add", "."], cwd=project, check=True)
    subprocess.run(git + ["commit", "-qm", "x"], cwd=project, check=True,
                   env={"GIT_COMMITTER_DATE": "2023-01-02T23:30:00+00:00", "GIT_AUTHOR_DATE": "2001-01-01T00:00:00",
                        "PATH": "/usr/bin:/bin"})
    assert release(project, "--bump", "major", env={"SOURCE_DATE_EPOCH": ""}).exit_code == 0
    assert "## [1.0.0] - 2023-01-02" in (project / "releases/CHANGELOG.md").read_text()


def test_changelog_is_newest_first(released):
    edit(released, "actors", "Al-Shammari", "Al-Shamari")
    assert release(released, note="Second.").exit_code == 0
    text = (released / "releases/CHANGELOG.md").read_text()
    assert text.startswith("# Changelog\n")
    assert text.index("## [1.0.1]") < text.index("## [1.0.0]")
    assert text.count("# Changelog") == 1


def test_diff_of_identical_packages(released):
    result = run("diff", "1.0.0", released / "datapackage", "--project", released)
    assert (result.exit_code, result.output.splitlines()[-1]) == (0, "No differences.")


def test_diff_of_something_that_is_not_a_package(released, tmp_path):
    result = run("diff", tmp_path, released)
    assert (result.exit_code, "not-a-package" in result.output) == (1, True)


@pytest.mark.parametrize("descriptor, code", [
    ({"resources": 5}, "invalid-descriptor"),
    ([], "invalid-descriptor"),
    ({"resources": [{"name": "actors", "path": "data/actors.csv", "schema": {"fields": "x"}}]}, "invalid-descriptor"),
    ({"resources": [{"name": "actors", "path": "data/actors.csv", "schema": "actors.schema.json"}]}, "missing-file"),
    ({"resources": [{"name": "actors", "path": "data/actors.csv", "schema": {"fields": [], "primaryKey": 5}}]},
     "invalid-descriptor"),
    ({"resources": [{"name": "actors", "path": "data/actors.csv",
                     "schema": {"fields": [{"name": "actor_id", "constraints": [1]}]}}]}, "invalid-descriptor"),
])
def test_diff_of_a_malformed_descriptor(released, tmp_path, descriptor, code):
    shutil.copytree(released / "datapackage", tmp_path / "other")
    (tmp_path / "other" / "datapackage.json").write_text(json.dumps(descriptor))
    result = run("diff", released, tmp_path / "other")
    assert (result.exit_code, code in result.output, result.exception is None or isinstance(result.exception, SystemExit)) \
        == (1, True, True)


def test_diff_reads_a_schema_given_as_a_path(released, tmp_path):
    shutil.copytree(released / "datapackage", tmp_path / "other")
    path = tmp_path / "other" / "datapackage.json"
    descriptor = json.loads(path.read_text())
    for resource in descriptor["resources"]:
        (tmp_path / "other" / f"{resource['name']}.schema.json").write_text(json.dumps(resource["schema"]))
        resource["schema"] = f"{resource['name']}.schema.json"
    path.write_text(json.dumps(descriptor))
    result = run("diff", released, tmp_path / "other")
    assert (result.exit_code, result.output.splitlines()[-1]) == (0, "No differences.")


def test_a_release_date_past_the_year_9999_is_refused(project):
    result = release(project, "--bump", "major", env={"SOURCE_DATE_EPOCH": "99999999999999"})
    assert (result.exit_code, "no-release-date" in result.output) == (2, True)
