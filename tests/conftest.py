"""Shared fixtures: tiny projects written inline into a temporary folder, and helpers every test file uses."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# make test runs every property test at its full number of examples; make test-fast (FACTPACK_FAST=1) a tenth.
FAST = os.environ.get("FACTPACK_FAST", "") not in ("", "0")


def examples(n: int, **more) -> settings:
    """Hypothesis settings for a property test of n examples (a tenth, at least 5, in the fast run)."""
    return settings(max_examples=max(5, n // 10) if FAST else n, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture], **more)

REPO = Path(__file__).resolve().parent.parent

SEED = "أعلنت قيادة العمليات المشتركة، أمس (الخميس)، إجلاء أكثر من 2100 شحنة.\nوقال الشمري إن «القوات» انسحبت."
SEED_NAME = "000_test.txt"

TABLES = {
    "actors": (
        "actor_id,name_ar,name_en,other_names_ar,actor_type,title_ar,title_en,country,affiliation_id,note\n"
        "A0001,قيادة العمليات المشتركة,Joint Operations Command,,armed_forces,,,IQ,,\n"
        "A0002,الشمري,Al-Shammari,,person,,,IQ,A0001,\n"
    ),
    "sources": (
        "source_id,seed_path,sha256,language,language_basis,outlet_id,outlet_basis,outlet_note,headline,"
        "headline_basis,headline_note,published_date,published_basis,published_note\n"
        "S0001,{seed},{sha},ar,inferred,,unknown,,,unknown,,,unknown,\n"
    ),
    "events": (
        "event_id,event_type,status,date_start,date_end,date_edtf,date_precision,date_basis,date_note,summary_en,"
        "place_id,place_basis,place_note,note\n"
        "E0001,announcement,occurred,,,,unknown,unknown,أمس (الخميس),JOC announces shipments evacuated.,,unknown,,\n"
    ),
    "event_actors": (
        "event_id,actor_id,role,note\n"
        "E0001,A0001,speaker,\n"
    ),
    "figures": (
        "figure_id,value,qualifier,value_low,value_high,unit,counts,event_id,note\n"
        "F0001,2100,more_than,,,shipments,shipments of US military equipment,E0001,\n"
    ),
    "citations": (
        "citation_id,source_id,event_id,actor_id,figure_id,place_id,claimant_id,stance,quote,occurrence,note\n"
        "C0001,S0001,,A0001,,,,,قيادة العمليات المشتركة,,\n"
        "C0002,S0001,,A0002,,,,,الشمري,,\n"
        "C0003,S0001,E0001,,,,,,أعلنت قيادة العمليات المشتركة,,\n"
        "C0004,S0001,,,F0001,,A0001,asserts,أكثر من 2100 شحنة,,\n"
    ),
    "places": ("place_id,name_ar,name_en,place_type,country,parent_id,geonames_id,latitude,longitude,geonames_basis,"
               "geonames_note,note\n"),
    "relations": "subject_id,relation,object_id,note\n",
    "tombstones": "id,reason,superseded_by\n",
}


def make_project(root: Path, seed: str = SEED, **tables: str) -> Path:
    """A valid little project; pass table=text to replace one curated file."""
    (root / "seeds").mkdir(parents=True)
    (root / "curated").mkdir()
    shutil.copytree(REPO / "schemas", root / "schemas")
    (root / "schemas" / "codebook.md").unlink(missing_ok=True)  # the dataset's prose; a fixture has its own seed
    # A fixture is a project before its first release, whatever version the repository has reached.
    meta = json.loads((root / "schemas" / "package.json").read_text(encoding="utf-8"))
    draft = json.dumps({**meta, "version": "0.1.0"}, ensure_ascii=False, indent=2)
    (root / "schemas" / "package.json").write_text(draft, encoding="utf-8")
    data = seed.encode("utf-8")
    (root / "seeds" / SEED_NAME).write_bytes(data)
    for name, text in {**TABLES, **tables}.items():
        text = text.replace("{seed}", SEED_NAME).replace("{sha}", hashlib.sha256(data).hexdigest())
        (root / "curated" / f"{name}.csv").write_text(text, encoding="utf-8", newline="")
    return root


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under folder by its relative path, with its bytes: to compare folders before and after."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(Path(folder).rglob("*")) if p.is_file()}


def table_names(root: Path = REPO) -> list[str]:
    """The tables of a project, in the order its package lists them (read from its schemas)."""
    from factpack.check.schemas import load_model
    from factpack.paths import Project

    return list(load_model(Project.at(root)).tables)


TABLE_NAMES = table_names()


@pytest.fixture
def project(tmp_path) -> Path:
    return make_project(tmp_path / "project")


@pytest.fixture
def released_project(tmp_path) -> Path:
    """The fixture project after its first release, 1.0.0 (date from SOURCE_DATE_EPOCH)."""
    from typer.testing import CliRunner

    from factpack.cli import app

    root = make_project(tmp_path / "released")
    result = CliRunner().invoke(app, ["release", "--project", str(root), "--bump", "major", "--note", "First."],
                                env={"SOURCE_DATE_EPOCH": "1717200000"})
    assert result.exit_code == 0, result.output
    return root
