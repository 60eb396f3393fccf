"""The whole command line over a generated corpus of broken projects: whatever is broken, every command ends
with exit 1 (bad data) or 2 (usage or the environment), prints no traceback, and leaves datapackage/
byte-identical."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import TABLE_NAMES, examples, make_project, snapshot
from factpack.cli import app

pytestmark = pytest.mark.slow  # many projects, each built and checked
runner = CliRunner()
JUNK = [None, True, 0, -1, 10 ** 30, 1.5, "", "x" * 300, [], [1], {}, {"a": []}, "[A-Z", "(?=x)x", "../../etc/passwd",
        "javascript:alert(1)", "\u202e", "\x00"]


def files_of(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and "datapackage" not in p.parts)


@st.composite
def breakages(draw):
    """A list of (kind, target, argument) edits of a project."""
    kinds = st.sampled_from(["bytes", "truncate", "delete", "folder", "symlink-out", "json-junk", "json-key-junk",
                             "bom-inside", "crlf", "nul", "deep-json"])
    return draw(st.lists(st.tuples(kinds, st.integers(0, 10 ** 6), st.integers(0, 10 ** 6)), min_size=1, max_size=3))


def break_project(root: Path, edits, outside: Path) -> None:
    for kind, pick, arg in edits:
        candidates = files_of(root)
        if not candidates:
            return
        path = candidates[pick % len(candidates)]
        data = path.read_bytes() if path.is_file() else b""
        if kind == "bytes":
            at = arg % max(1, len(data))
            path.write_bytes(data[:at] + bytes([arg % 256, (arg // 256) % 256]) + data[at + 2:])
        elif kind == "truncate":
            path.write_bytes(data[:arg % max(1, len(data))])
        elif kind == "delete":
            path.unlink()
        elif kind == "folder":
            path.unlink()
            path.mkdir()
        elif kind == "symlink-out":
            path.unlink()
            path.symlink_to(outside)
        elif kind == "bom-inside":
            at = data.find(b"\n") + 1
            path.write_bytes(data[:at] + b"\xef\xbb\xbf" + data[at:])
        elif kind == "crlf":
            path.write_bytes(data.replace(b"\n", b"\r\n"))
        elif kind == "nul":
            path.write_bytes(data[:arg % max(1, len(data))] + b"\x00" + data[arg % max(1, len(data)):])
        elif kind == "deep-json" and path.suffix == ".json":
            path.write_text("[" * 5000 + "]" * 5000)
        elif kind in ("json-junk", "json-key-junk") and path.suffix == ".json":
            try:
                value = json.loads(data)
            except ValueError:
                continue
            junk = JUNK[arg % len(JUNK)]
            target = value
            while isinstance(target, (dict, list)) and target and arg % 3:
                keys = list(target) if isinstance(target, dict) else list(range(len(target)))
                key = keys[arg % len(keys)]
                if not isinstance(target[key], (dict, list)) or not target[key]:
                    break
                target = target[key]
                arg //= 3
            if isinstance(target, dict) and target:
                key = list(target)[arg % len(target)]
                if kind == "json-key-junk":
                    target[f"{key}_"] = target.pop(key)
                else:
                    target[key] = junk
            elif isinstance(target, list) and target:
                target[arg % len(target)] = junk
            path.write_text(json.dumps(value), encoding="utf-8")


def check_every_command(root: Path) -> None:
    before = snapshot(root / "datapackage")
    for args in (["validate"], ["build"], ["stats"], ["trace", "E0001"], ["build", "--json"], ["diff", "datapackage",
                                                                                               str(root)]):
        result = runner.invoke(app, [*args, "--project", str(root)] if args[0] != "diff" else
                               [*args, "--project", str(root)])
        assert "Traceback" not in result.output, (args, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit), (args, result.exception)
        assert result.exit_code in (0, 1, 2), (args, result.exit_code, result.output)
        if args[0] == "build" and result.exit_code != 0:
            assert snapshot(root / "datapackage") == before, args
        assert not (root / ".datapackage.lock").exists()
        assert [p.name for p in root.iterdir() if p.name.startswith(".datapackage.tmp")] == []


@examples(60)
@given(edits=breakages())
def test_every_command_on_a_broken_project(tmp_path_factory, edits):
    root = make_project(tmp_path_factory.mktemp("corpus") / "p")
    assert runner.invoke(app, ["build", "--project", str(root)]).exit_code == 0
    outside = tmp_path_factory.mktemp("outside") / "secret.txt"
    outside.write_text("TOP-SECRET")
    os.chmod(outside, 0o644)
    break_project(root, edits, outside)
    check_every_command(root)


def test_every_kind_of_breakage_of_every_file_as_a_program(tmp_path):
    """Every file broken, one after another, through `python -m factpack`: nothing on stderr but problems."""
    outside = tmp_path / "secret.txt"
    outside.write_text("TOP-SECRET")
    names = [f"curated/{t}.csv" for t in TABLE_NAMES] + ["schemas/package.json", "seeds/000_test.txt"]
    kinds = ("bytes", "folder", "symlink-out", "json-junk", "nul")
    for n, name in enumerate(names):  # each file broken one way, the ways taken in turn
        kind = kinds[n % len(kinds)]
        root = make_project(tmp_path / f"p{n}")
        target = files_of(root).index(root / name)
        break_project(root, [(kind, target, 7919 * (n + 1))], outside)
        done = subprocess.run([sys.executable, "-m", "factpack", "build", "--project", str(root)],
                              capture_output=True, text=True, timeout=120)
        assert "Traceback" not in done.stdout + done.stderr, (kind, name, done.stderr)
        assert done.returncode in (0, 1, 2), (kind, name, done.returncode, done.stdout)
        assert "TOP-SECRET" not in done.stdout + done.stderr
