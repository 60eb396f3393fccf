"""The docs tell the truth (in the style of sqlite-utils' docs tests): every command they show exists with
the options they give it, every make target exists, and the output they show is what the commands print."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from conftest import REPO
from factpack.cli import app

DOCS = [REPO / "README.md", REPO / "curated/README.md", *sorted((REPO / "docs").glob("*.md"))]
runner = CliRunner()


def code_lines(path: Path) -> list[str]:
    """Every line of the fenced code blocks of a Markdown file."""
    blocks = re.findall(r"^```[a-z]*\n(.*?)^```", path.read_text(encoding="utf-8"), re.S | re.M)
    return [line for block in blocks for line in block.splitlines()]


def shown(prefix: str) -> list[tuple[str, str]]:
    """(doc, line) for every line of a code block that runs prefix (with or without a '$ ' prompt)."""
    out = []
    for doc in DOCS:
        for line in code_lines(doc):
            line = line.removeprefix("$ ")
            if line.startswith(prefix):
                out.append((doc.name, line.split("#")[0].strip()))
    return out


def test_every_factpack_command_shown_exists_with_the_options_shown():
    commands = typer.main.get_command(app).commands  # type: ignore[attr-defined]
    lines = shown(".venv/bin/factpack ")
    assert len(lines) >= 10
    for doc, line in lines:
        name = line.split()[1]
        assert name in commands, (doc, line)
        options = {o for p in commands[name].params for o in getattr(p, "opts", [])}
        for option in re.findall(r"(?<![\w-])--[a-z][a-z-]*", line):
            assert option in options, (doc, line, option)


def test_every_make_target_shown_exists():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z][a-z-]*):", makefile, re.M))
    named = {t for doc in DOCS for t in re.findall(r"(?:^|`|\$ |run: )make ([a-z][a-z-]*)", doc.read_text(encoding="utf-8"), re.M)}
    assert {"package", "test", "dist", "verify", "lint", "test-fast"} <= named
    assert named <= targets, named - targets


def test_no_doc_runs_a_bare_factpack():
    """factpack is in .venv/bin/ after the make set-up: a bare `factpack ...` line works only in an
    activated venv, so the docs always write the path."""
    for doc in DOCS:
        for line in code_lines(doc):
            assert not line.removeprefix("$ ").startswith("factpack "), (doc.name, line)


def readme_output(command: str) -> str:
    """What the README shows a command printing: the lines after '$ <command>' up to the end of the block."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    start = text.index(f"$ {command}\n") + len(command) + 3
    return text[start:text.index("```", start)]


def copy_of_the_project(root: Path) -> Path:
    for name in ("curated", "schemas", "seeds", "releases"):
        shutil.copytree(REPO / name, root / name)
    return root


def test_the_readme_shows_the_real_output_of_its_commands(tmp_path):
    copy = copy_of_the_project(tmp_path / "repo")
    result = runner.invoke(app, ["build", "--project", str(copy)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] in readme_output("make package")
    result = runner.invoke(app, ["trace", "F0206", "--project", str(copy)])
    assert result.output == readme_output(".venv/bin/factpack trace F0206")
    # The README's broken project: a typo in a role and a number with a thousands separator.
    for table, old, new in (("event_actors", "E0002,A0003,speaker,", "E0002,A0003,speakr,"),
                            ("figures", "F0001,2100,", 'F0001,"2,100",')):
        path = copy / "curated" / f"{table}.csv"
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1
        path.write_text(text.replace(old, new), encoding="utf-8")
    result = runner.invoke(app, ["validate", "--project", str(copy)])
    assert (result.exit_code, result.output) == (1, readme_output(".venv/bin/factpack validate --project /tmp/broken"))


@pytest.mark.slow
def test_the_readme_shows_what_frictionless_prints_for_the_release_zip(tmp_path):
    import json
    import sys

    from factpack.release.dist import assets

    package = REPO / "datapackage"
    files = {p.relative_to(package).as_posix(): p.read_bytes() for p in sorted(package.rglob("*")) if p.is_file()}
    d = json.loads(files["datapackage.json"])
    name = f"{d['name']}-{d['version']}.zip"
    (tmp_path / "dist").mkdir()
    (tmp_path / "dist" / name).write_bytes(assets(d["name"], d["version"], files)[name])
    command = f"frictionless validate dist/{name}"
    done = subprocess.run([str(Path(sys.executable).parent / "frictionless"), *shlex.split(command)[1:]],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300, env={"COLUMNS": "80"})
    assert done.returncode == 0
    assert done.stdout == readme_output(command)


def readme_blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", (REPO / "README.md").read_text(encoding="utf-8"), re.S)


def test_the_readme_load_examples_run_in_the_package(monkeypatch):
    import duckdb

    monkeypatch.chdir(REPO / "datapackage")
    (python,) = readme_blocks("python")
    namespace: dict = {}
    exec(python, namespace)
    assert len(namespace["events"]) > 0
    (sql,) = readme_blocks("sql")
    for statement in filter(str.strip, re.sub(r"--[^\n]*", "", sql).split(";")):
        assert duckdb.sql(statement).fetchall()
    (r,) = readme_blocks("r")
    if shutil.which("Rscript") is None:
        pytest.skip("R is not installed (make consumer-tools installs Debian's r-base-core where it can)")
    done = subprocess.run(["Rscript", "-e", r + "cat(nrow(events))"], capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stdout) == (0, str(len(namespace["events"]))), done.stderr


@pytest.mark.slow
def test_the_readme_validation_commands_run_as_written(tmp_path):
    """The README's block that unzips the release, checks its sums and validates it, and serves the
    package over HTTP to validate it there: run as written, in a copy with dist/ and datapackage/."""
    import json
    import os
    import sys

    from factpack.release.dist import assets

    text = (REPO / "README.md").read_text(encoding="utf-8")
    block = next(b for b in re.findall(r"```sh\n(.*?)```", text, re.S) if "http.server" in b)
    package = REPO / "datapackage"
    shutil.copytree(package, tmp_path / "datapackage")
    files = {p.relative_to(package).as_posix(): p.read_bytes() for p in sorted(package.rglob("*")) if p.is_file()}
    d = json.loads(files["datapackage.json"])
    (tmp_path / "dist").mkdir()
    for name, data in assets(d["name"], d["version"], files).items():
        (tmp_path / "dist" / name).write_bytes(data)
    script = "set -e\ntrap 'kill $(jobs -p) 2>/dev/null' EXIT\n" + block
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}", "COLUMNS": "80"}
    done = subprocess.run(["bash", "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=300,
                          env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("│ VALID  │") == 2 * len(d["resources"])  # the unzipped folder, then over HTTP


def problems_page() -> str:
    """docs/problems.md as the registry of problem codes gives it."""
    from factpack.problems import CODES

    lines = ["# Problem codes", "",
             "Every problem factpack reports has one of these codes (`src/factpack/problems.py`, `CODES`; a test keeps",
             "this page equal to it). Exit codes: 0 valid, 1 bad data, 2 wrong usage or the environment, 3 a bug in",
             "factpack (an internal error: run the command again with `--debug` and report the traceback).", "",
             "| code | what | how to fix it | exit |", "| --- | --- | --- | ---: |"]
    lines += [f"| `{code}` | {c.title} | {c.fix} | {c.exit} |" for code, c in CODES.items()]
    return "\n".join(lines) + "\n"


def test_the_docs_list_every_problem_code_of_the_registry():
    assert (REPO / "docs/problems.md").read_text(encoding="utf-8") == problems_page()


def test_every_code_the_code_reports_is_registered():
    """Every string given to Problem(...) or fail(...) as a code, in src/, is in the registry (Problem refuses
    others at run time; this finds them before they run)."""
    from factpack.problems import CODES

    used = set()
    for path in (REPO / "src/factpack").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r'"([a-z]+(?:-[a-z0-9]+)+)"', text)) & {c for c in re.findall(
            r'(?:Problem\([^)]*?|fail\([^,]*,\s*|problem\(|say\([^)]*?)"([a-z]+(?:-[a-z0-9]+)+)"', text, re.S)}
    assert used and used <= set(CODES), used - set(CODES)


def test_every_registered_code_is_used():
    from factpack.problems import CODES

    text = "".join(p.read_text(encoding="utf-8") for p in (REPO / "src/factpack").rglob("*.py")
                   if p.name != "problems.py")
    assert [c for c in CODES if f'"{c}"' not in text] == []


@pytest.mark.slow
def test_the_tutorial_runs_as_written(tmp_path):
    """The README's "Start your own dataset" commands, with the new project in a temporary folder."""
    import os
    import sys

    text = (REPO / "README.md").read_text(encoding="utf-8")
    part = text[text.index("## Start your own dataset"):]
    block = re.findall(r"```sh\n(.*?)```", part, re.S)[0]
    script = block.replace("make setup\n", "").replace("../my-dataset", str(tmp_path / "my-dataset"))
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
    done = subprocess.run(["bash", "-ec", script], cwd=REPO, capture_output=True, text=True, timeout=300, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("VALID") == 8  # four tables, as CSV and as Parquet
