"""Fuzzing: random bytes and random edits of curated files give a report or a success, never a traceback."""

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import REPO, TABLE_NAMES, examples, make_project
from factpack.check.project import check_project
from factpack.paths import Project
from factpack.problems import FactpackError

pytestmark = pytest.mark.slow  # real consumer tools or many generated projects

REAL = {name: (REPO / "curated" / f"{name}.csv").read_bytes() for name in TABLE_NAMES
        if (REPO / "curated" / f"{name}.csv").is_file()}
FUZZ = examples(60)


def outcome(project: Path) -> str:
    """Anything other than a report (valid or not) propagates and fails the test."""
    try:
        report = check_project(Project.at(project)).report
    except FactpackError as e:
        report = e.report
    for p in report.problems:
        assert p.code and p.message and p.file is not None
    return "valid" if report.valid else "invalid"


@st.composite
def edited(draw, original: bytes) -> bytes:
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, max(0, len(data) - 1)))
        kind = draw(st.sampled_from(["delete", "insert", "replace"]))
        chunk = draw(st.sampled_from([b",", b'"', b"\n", b"\r", b"\x00", b"\xff", b";", b" ", "ی".encode(),
                                      b"A0001", b"", b"=1+1"]) | st.binary(max_size=4))
        if kind == "delete":
            del data[at:at + draw(st.integers(1, 8))]
        elif kind == "insert":
            data[at:at] = chunk
        else:
            data[at:at + len(chunk)] = chunk
    return bytes(data)


@FUZZ
@given(name=st.sampled_from(TABLE_NAMES), data=st.binary(max_size=300))
def test_random_bytes(tmp_path_factory, name, data):
    project = make_project(tmp_path_factory.mktemp("fuzz"))
    (project / "curated" / f"{name}.csv").write_bytes(data)
    outcome(project)


@FUZZ
@given(st.data())
def test_random_edits_of_the_curated_files(tmp_path_factory, data):
    project = make_project(tmp_path_factory.mktemp("fuzz"))
    sources = REAL or {n: (project / "curated" / f"{n}.csv").read_bytes() for n in TABLE_NAMES}
    if REAL:  # the real tables need the real seeds and schemas
        for seed in (REPO / "seeds").glob("*.txt"):
            (project / "seeds" / seed.name).write_bytes(seed.read_bytes())
        for name, body in REAL.items():
            (project / "curated" / f"{name}.csv").write_bytes(body)
    name = data.draw(st.sampled_from(sorted(sources)))
    (project / "curated" / f"{name}.csv").write_bytes(data.draw(edited(sources[name])))
    outcome(project)
