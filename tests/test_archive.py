"""The release archive: byte-reproducible across processes and environments, and factpack verify."""

import io
import os
import shutil
import subprocess
import sys
import zipfile

import pytest
from typer.testing import CliRunner

from conftest import make_project, snapshot
from factpack.cli import app
from factpack.release.archive import TIMESTAMP

runner = CliRunner()
EPOCH = {"SOURCE_DATE_EPOCH": "1717200000"}
ZIP = "dist/iraq-coalition-transition-1.0.0.zip"


def release(project, *args, note="A note."):
    return runner.invoke(app, ["release", "--project", str(project), "--note", note, *args], env=EPOCH)


def verify(project, path):
    return runner.invoke(app, ["verify", str(path), "--project", str(project)])




def git(project, *args):
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=project, check=True,
                   capture_output=True, env={"PATH": os.environ["PATH"], "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(project)})


@pytest.mark.slow
def test_two_releases_in_different_environments_give_identical_bytes(tmp_path):
    outputs = []
    for name, tz, lang, umask, cwd, seed in (("a", "UTC", "C", 0o022, "/", "0"),
                                              ("b", "Asia/Baghdad", "ar_IQ.UTF-8", 0o077, tmp_path, "4242")):
        project = make_project(tmp_path / name)
        env = {**os.environ, **EPOCH, "TZ": tz, "LANG": lang, "LC_ALL": lang, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-m", "factpack", "release", "--bump", "major", "--note", "First.",
                               "--project", str(project)], cwd=cwd, env=env, umask=umask, capture_output=True)
        assert done.returncode == 0, done.stderr.decode()
        outputs.append({part: snapshot(project / part) for part in ("dist", "releases", "datapackage")})
    assert outputs[0] == outputs[1]
    assert sorted(outputs[0]["dist"]) == sorted(
        ["iraq-coalition-transition-1.0.0.zip", "SHA256SUMS", "datapackage.json"]
        + [f"{table}.{kind}" for table in ("actors", "sources", "places", "events", "event_actors", "figures", "citations", "relations",
                                           "tombstones") for kind in ("csv", "parquet")])


def test_the_archive_is_sorted_with_fixed_times_and_modes(released_project):
    with zipfile.ZipFile(released_project / ZIP) as z:
        infos = z.infolist()
        names = [i.filename for i in infos]
        assert names == sorted(names)
        assert {(i.date_time, i.external_attr >> 16, i.compress_type) for i in infos} == {(TIMESTAMP, 0o100644, 0)}
        files = set(names)  # at the root: the zipped-package convention, which frictionless reads
        assert {"datapackage.json", "README.md", "CHANGELOG.md", "CITATION.cff", "index.html", "SHA256SUMS",
                "data/events.csv", "data/events.parquet", "data/tombstones.csv", "seeds/000_test.txt"} <= files
        sums = z.read("SHA256SUMS").decode()
    assert len(sums.splitlines()) == len(files) - 1
    assert (released_project / "releases/1.0.0/SHA256SUMS").read_text() == sums


def test_sha256sum_checks_the_unzipped_archive(released_project, tmp_path):
    if shutil.which("sha256sum") is None:
        pytest.skip("no sha256sum here")
    unzipped = tmp_path / "unzipped"
    with zipfile.ZipFile(released_project / ZIP) as z:
        z.extractall(unzipped)
    done = subprocess.run(["sha256sum", "-c", "--quiet", "SHA256SUMS"], cwd=unzipped, capture_output=True)
    assert done.returncode == 0, done.stdout
    done = subprocess.run(["sha256sum", "-c", "--quiet", "SHA256SUMS"], cwd=released_project / "dist",
                          capture_output=True)  # the release assets beside the archive
    assert done.returncode == 0, done.stdout
    result = verify(released_project, unzipped)
    assert (result.exit_code, result.output.splitlines()[-1].startswith("verified")) == (0, True)


def test_verify_a_fresh_release(released_project):
    result = verify(released_project, released_project / ZIP)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1].startswith("verified iraq-coalition-transition 1.0.0: ")
    assert result.output.splitlines()[-1].endswith("rebuilt byte for byte from the working tree")


def rewrite(path, change, fix_sums=False):
    """A copy of the archive with one file's bytes changed (and SHA256SUMS recomputed if asked)."""
    import hashlib

    with zipfile.ZipFile(path) as z:
        files = {i.filename: z.read(i) for i in z.infolist()}
    name = next(n for n in files if n.endswith(change))
    files[name] = files[name].replace(b"Al-Shammari", b"Al-Shamari")
    if fix_sums:
        sums = next(n for n in files if n.endswith("SHA256SUMS"))
        old = hashlib.sha256(files[name].replace(b"Al-Shamari", b"Al-Shammari")).hexdigest()
        files[sums] = files[sums].replace(old.encode(), hashlib.sha256(files[name]).hexdigest().encode())
    sink = io.BytesIO()
    with zipfile.ZipFile(sink, "w") as z:
        for n, data in files.items():
            z.writestr(n, data)
    path.write_bytes(sink.getvalue())


def test_verify_catches_a_changed_file(released_project):
    tampered = released_project / "dist/tampered.zip"
    shutil.copy(released_project / ZIP, tampered)
    rewrite(tampered, "data/actors.csv")
    result = verify(released_project, tampered)
    assert result.exit_code == 1
    assert "[data/actors.csv] checksum-mismatch" in result.output
    assert "not-reproducible" in result.output


def test_verify_catches_a_changed_file_with_recomputed_sums(released_project):
    tampered = released_project / "dist/tampered.zip"
    shutil.copy(released_project / ZIP, tampered)
    rewrite(tampered, "data/actors.csv", fix_sums=True)
    result = verify(released_project, tampered)
    assert result.exit_code == 1
    assert "[SHA256SUMS] checksum-mismatch" not in result.output
    assert "[data/actors.csv] checksum-mismatch" in result.output  # the hash in datapackage.json
    assert "[SHA256SUMS] not-the-released-archive" in result.output
    assert "working tree: differs in data/actors.csv (to verify" in result.output


@pytest.mark.slow
def test_verify_an_earlier_release_from_the_git_history(tmp_path):
    project = make_project(tmp_path / "p")
    git(project, "init", "-q")
    assert release(project, "--bump", "major").exit_code == 0
    git(project, "add", "-A")
    git(project, "commit", "-qm", "Release 1.0.0")  # no tag: found as the commit that added releases/1.0.0
    first = project / "first.zip"
    shutil.copy(project / ZIP, first)
    actors = project / "curated/actors.csv"
    actors.write_text(actors.read_text().replace("Al-Shammari", "Al-Shamari"))
    assert release(project).exit_code == 0
    assert not (project / ZIP).exists()  # dist/ holds the assets of one release, the newest
    result = verify(project, first)
    assert result.exit_code == 0, result.output
    assert "rebuild from working tree: builds version 1.0.1, not 1.0.0" in result.output
    assert "rebuilt byte for byte from the commit " in result.output


def test_verify_without_the_history_says_why(released_project):
    (released_project / "curated/actors.csv").write_text(
        (released_project / "curated/actors.csv").read_text().replace("Al-Shammari", "Al-Shamari"))
    result = verify(released_project, released_project / ZIP)
    assert result.exit_code == 1
    differ = "data/actors.csv, data/actors.parquet, datapackage.json, index.html"
    assert f"working tree: differs in {differ} (to verify" in result.output


def test_dist_rebuilds_the_release_assets_and_verify_checks_them(released_project):
    # A fresh clone has releases/1.0.0/ but no dist/: dist rebuilds the assets, checked against the record.
    published = snapshot(released_project / "dist")
    shutil.rmtree(released_project / "dist")
    result = verify(released_project, "1.0.0")  # checks the record and the rebuild; writes nothing
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == ("verified iraq-coalition-transition 1.0.0: 27 files, every checksum "
                                              "holds, rebuilt byte for byte from the working tree")
    assert not (released_project / "dist").exists()
    result = runner.invoke(app, ["dist", "--project", str(released_project)])
    assert result.exit_code == 0, result.output
    assert snapshot(released_project / "dist") == published
    result = runner.invoke(app, ["verify", "--project", str(released_project)])  # dist/<name>-<version>.zip
    assert (result.exit_code, result.output.splitlines()[-1].startswith("verified")) == (0, True), result.output


def test_dist_refuses_a_version_never_released(project):
    result = runner.invoke(app, ["dist", "--project", str(project)])
    assert (result.exit_code, "unrecorded-release" in result.output) == (2, True)
    assert not (project / "dist").exists()


def test_verify_catches_an_archive_that_its_sha256sums_beside_it_does_not_list_as_is(released_project):
    sums = released_project / "dist/SHA256SUMS"
    lines = [("0" * 64 + line[64:]) if line.endswith(".zip") else line for line in sums.read_text().splitlines()]
    sums.write_text("\n".join(lines) + "\n")
    result = runner.invoke(app, ["verify", "--project", str(released_project)])
    assert result.exit_code == 1
    assert "[iraq-coalition-transition-1.0.0.zip] checksum-mismatch" in result.output


def test_an_archive_nested_as_up_to_1_0_0_still_verifies_with_a_warning(released_project):
    from factpack.release.archive import build_archive

    with zipfile.ZipFile(released_project / ZIP) as z:
        files = {n: z.read(n) for n in z.namelist()}
    nested = released_project / "nested.zip"
    nested.write_bytes(build_archive("iraq-coalition-transition", "1.0.0", files, legacy=True)[1])
    with zipfile.ZipFile(nested) as z:
        assert z.namelist()[0].startswith("iraq-coalition-transition-1.0.0/")
    result = verify(released_project, nested)
    assert result.exit_code == 0, result.output
    assert "archive-layout-nested" in result.output


@pytest.mark.slow
def test_an_earlier_release_is_rebuilt_by_its_own_code(tmp_path):
    """A release commit that carries factpack's code (src/factpack/) is rebuilt with that code: here the
    release's code wrote its README differently from today's, and the release still verifies."""
    from conftest import REPO

    project = make_project(tmp_path / "p")
    shutil.copytree(REPO / "src", project / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    (readme,) = [p for p in (project / "src/factpack").rglob("*") if p.is_file() and p.suffix in (".py", ".j2")
                 and "## What it covers, and what it does not" in p.read_text(encoding="utf-8")]
    readme.write_text(readme.read_text(encoding="utf-8").replace("## What it covers, and what it does not",
                                                                 "## What it covers (and does not)"))
    git(project, "init", "-q")
    env = {**os.environ, **EPOCH, "PYTHONPATH": str(project / "src")}
    done = subprocess.run([sys.executable, "-m", "factpack", "release", "--bump", "major", "--note", "First.",
                           "--project", str(project)], env=env, capture_output=True)
    assert done.returncode == 0, done.stderr.decode()
    with zipfile.ZipFile(project / ZIP) as z:
        assert b"## What it covers (and does not)" in z.read("README.md")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "Release 1.0.0")
    shutil.rmtree(project / "src")  # today's code is the installed one
    git(project, "add", "-A")
    git(project, "commit", "-qm", "Code moved")
    result = verify(project, project / ZIP)
    assert result.exit_code == 0, result.output
    assert "rebuild from working tree: differs in README.md\n" in result.output
    assert "rebuilt byte for byte from the commit " in result.output


def test_verify_a_recorded_release_catches_a_changed_record(released_project):
    path = released_project / "releases/1.0.0/data/actors.csv"
    path.write_bytes(path.read_bytes().replace(b"Al-Shammari", b"Al-Shamari"))
    result = verify(released_project, "1.0.0")
    assert (result.exit_code, "[data/actors.csv] checksum-mismatch" in result.output) == (1, True)


def test_verify_the_release_folder_itself_and_a_stray_file_in_it(released_project):
    assert verify(released_project, released_project / "releases/1.0.0").exit_code == 0
    (released_project / "releases/1.0.0/.junk").write_text("x")
    result = verify(released_project, released_project / "releases/1.0.0")
    assert (result.exit_code, "[.junk] file-unlisted" in result.output) == (1, True)


def test_verify_a_version_never_released(released_project):
    result = verify(released_project, "2.0.0")
    assert (result.exit_code, "unrecorded-release" in result.output) == (2, True)
