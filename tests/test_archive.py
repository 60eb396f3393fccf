"""The release archive: byte-reproducible across processes and environments, and factpack verify."""

import io
import os
import shutil
import subprocess
import sys
import zipfile

import pytest
from typer.testing import CliRunner

from factpack.archive import TIMESTAMP
from factpack.cli import app

from conftest import make_project

runner = CliRunner()
EPOCH = {"SOURCE_DATE_EPOCH": "1717200000"}
ZIP = "dist/iraq-coalition-transition-1.0.0.zip"


def release(project, *args, note="A note."):
    return runner.invoke(app, ["release", "--project", str(project), "--note", note, *args], env=EPOCH)


def verify(project, path):
    return runner.invoke(app, ["verify", str(path), "--project", str(project)])


def snapshot(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def git(project, *args):
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=project, check=True,
                   capture_output=True, env={"PATH": os.environ["PATH"], "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(project)})


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
    assert sorted(outputs[0]["dist"]) == ["iraq-coalition-transition-1.0.0.zip"]


def test_the_archive_is_sorted_with_fixed_times_and_modes(released_project):
    with zipfile.ZipFile(released_project / ZIP) as z:
        infos = z.infolist()
        names = [i.filename for i in infos]
        assert names == sorted(names)
        assert {(i.date_time, i.external_attr >> 16, i.compress_type) for i in infos} == {(TIMESTAMP, 0o100644, 0)}
        assert {n.split("/")[0] for n in names} == {"iraq-coalition-transition-1.0.0"}
        files = {n.split("/", 1)[1] for n in names}
        assert {"datapackage.json", "README.md", "CHANGELOG.md", "SHA256SUMS", "data/events.csv",
                "data/events.parquet", "data/tombstones.csv", "seeds/000_test.txt"} <= files
        sums = z.read("iraq-coalition-transition-1.0.0/SHA256SUMS").decode()
    assert len(sums.splitlines()) == len(files) - 1
    assert (released_project / "releases/1.0.0/SHA256SUMS").read_text() == sums


def test_sha256sum_checks_the_unzipped_archive(released_project, tmp_path):
    if shutil.which("sha256sum") is None:
        pytest.skip("no sha256sum here")
    with zipfile.ZipFile(released_project / ZIP) as z:
        z.extractall(tmp_path)
    done = subprocess.run(["sha256sum", "-c", "--quiet", "SHA256SUMS"], cwd=tmp_path / "iraq-coalition-transition-1.0.0",
                          capture_output=True)
    assert done.returncode == 0, done.stdout
    result = verify(released_project, tmp_path / "iraq-coalition-transition-1.0.0")  # the unzipped folder
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


def test_verify_an_earlier_release_from_the_git_history(tmp_path):
    project = make_project(tmp_path / "p")
    git(project, "init", "-q")
    assert release(project, "--bump", "major").exit_code == 0
    git(project, "add", "-A")
    git(project, "commit", "-qm", "Release 1.0.0")  # no tag: found as the commit that added releases/1.0.0
    first = (project / ZIP).read_bytes()
    actors = project / "curated/actors.csv"
    actors.write_text(actors.read_text().replace("Al-Shammari", "Al-Shamari"))
    assert release(project).exit_code == 0
    assert (project / ZIP).read_bytes() == first  # a later release leaves the earlier archive alone
    result = verify(project, project / ZIP)
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


def test_verify_a_recorded_release_rebuilds_its_archive(released_project):
    # A fresh clone has releases/1.0.0/ but no dist/: verifying the version rebuilds the archive.
    published = (released_project / ZIP).read_bytes()
    shutil.rmtree(released_project / "dist")
    result = verify(released_project, "1.0.0")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-2:] == [
        "verified iraq-coalition-transition 1.0.0: 23 files, every checksum holds, rebuilt byte for byte from the "
        "working tree", f"wrote {ZIP}"]
    assert (released_project / ZIP).read_bytes() == published


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
    assert (result.exit_code, "unrecorded-release" in result.output) == (1, True)
