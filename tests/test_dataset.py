"""End to end on the real dataset: the committed datapackage/ is exactly what the build makes, and frictionless agrees."""

import shutil

import pytest

from factpack.paths import Project
from factpack.publish import build

from conftest import REPO


def snapshot(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


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


def test_frictionless_validates_the_committed_package():
    from frictionless import validate

    report = validate(str(REPO / "datapackage" / "datapackage.json"))
    assert (report.valid, [(t.name, e.type, e.message) for t in report.tasks for e in t.errors]) == (True, [])


def test_the_readme_shows_the_build_output_of_the_real_dataset(tmp_path):
    from typer.testing import CliRunner

    from factpack.cli import app

    copy = tmp_path / "repo"
    for name in ("curated", "schemas", "seeds"):
        shutil.copytree(REPO / name, copy / name)
    result = CliRunner().invoke(app, ["build", "--project", str(copy)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] in (REPO / "README.md").read_text(encoding="utf-8")
