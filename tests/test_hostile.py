"""Hostile or unlucky input, class by class: nothing corrupt, nothing read from outside the package, no
traceback, nothing accepted silently, bounded time and memory, nothing injected, and messages that say what
happened. Each test names the class it guards (docs/limits.md has the limits)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import SEED, TABLES, make_project, snapshot
from factpack.cli import app
from factpack.release.archive import build_archive

runner = CliRunner()


def run(*args: str, **kwargs):
    result = runner.invoke(app, [*args], **kwargs)
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def problems(result) -> list[dict]:
    return json.loads(result.output)["problems"]


def codes(result) -> set[str]:
    return {p["code"] for p in problems(result)}


@pytest.fixture
def built(project):
    assert run("build", "--project", str(project)).exit_code == 0
    return project


def edit_json(path: Path, change) -> None:
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")


# Silent corruption ---------------------------------------------------------------------------------------

def test_a_lone_carriage_return_in_a_cell_comes_out_equal(built):
    (built / "curated/tombstones.csv").write_bytes(b'id,reason,superseded_by\nA9000,"one\rtwo",\n')
    assert run("build", "--project", str(built)).exit_code == 0
    import csv

    with open(built / "datapackage/data/tombstones.csv", encoding="utf-8", newline="") as handle:
        assert [row["reason"] for row in csv.DictReader(handle)] == ["one\rtwo"]


# Path containment ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/etc/passwd", "../secret.csv", "data/../../secret.csv", "https://example.org/x.csv",
                                  "file:///etc/passwd", "C:\\\\x.csv", "data/link.csv"])
def test_diff_reads_nothing_outside_the_package(built, tmp_path, path):
    (tmp_path / "secret.csv").write_text("id\nTOP-SECRET\n")
    other = tmp_path / "other"
    other.mkdir()
    for name in ("datapackage.json",):
        (other / name).write_bytes((built / "datapackage" / name).read_bytes())
    (other / "data").mkdir()
    (other / "data/link.csv").symlink_to(tmp_path / "secret.csv")
    descriptor = json.loads((other / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"] = [{"name": "leak", "path": path, "format": "csv", "schema": {"fields": [{"name": "id"}]}}]
    (other / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    result = run("diff", str(built / "datapackage"), str(other), "--json")
    assert result.exit_code == 1
    assert "TOP-SECRET" not in result.output
    assert codes(result) == {"path-escapes"}


def test_an_archive_member_outside_the_package_is_refused(tmp_path, project):
    sink = io.BytesIO()
    with zipfile.ZipFile(sink, "w") as z:
        z.writestr("datapackage.json", '{"name": "x", "resources": []}')
        z.writestr("../evil.txt", "x")
    (tmp_path / "evil.zip").write_bytes(sink.getvalue())
    result = run("verify", str(tmp_path / "evil.zip"), "--project", str(project), "--json")
    assert (result.exit_code, "path-escapes" in result.output) == (1, True)


@pytest.mark.parametrize("how", ["link out", "not UTF-8", "a folder"])
def test_the_codebook_is_read_like_every_project_file(tmp_path, project, how):
    codebook = project / "schemas" / "codebook.md"
    (tmp_path / "secret.md").write_text("TOP-SECRET\n")
    if how == "link out":
        codebook.symlink_to(tmp_path / "secret.md")
    elif how == "not UTF-8":
        codebook.write_bytes(b"caf\xe9\n")
    else:
        codebook.mkdir()
    result = run("build", "--project", str(project), "--json")
    assert (result.exit_code, "TOP-SECRET" in result.output, (project / "datapackage").exists()) == (1, False, False)
    assert codes(result) == {"link out": {"path-escapes"}, "not UTF-8": {"encoding-error"}, "a folder": {"not-a-file"}}[how]


# Tracebacks instead of problems ---------------------------------------------------------------------------

@pytest.mark.parametrize("change, code", [
    (lambda t: t.replace('"minimum": 1', '"minimum": "2024-01-01"'), "schema-invalid"),
    (lambda t: t.replace('"minimum": 1', '"minimum": 1000000000000000000000000000000'), "schema-invalid"),
    (lambda t: t.replace('"minimum": 1', '"minimum": 1, "minLength": -1'), "schema-invalid"),
    (lambda t: t.replace('"minimum": 1', '"minimum": NaN'), "json-not-finite"),
    (lambda t: t.replace('"minimum": 1', '"minimum": 1e999'), "json-not-finite"),
    (lambda t: t.replace('"name": "quote"', '"name": ["quote"]'), "schema-invalid"),
    (lambda t: t.replace('"type": "integer"', '"type": "integer", "type": "string"', 1), "json-duplicate-key"),
    (lambda t: t[:-2] + ', "x": ' + "[" * 1000 + "]" * 1000 + "}\n", "json-too-deep"),
    (lambda t: "[]", "schema-invalid"),
])
def test_a_broken_schema_is_a_problem(project, change, code):
    edit_json(project / "schemas/citations.schema.json", change)
    result = run("validate", "--project", str(project), "--json")
    assert (result.exit_code, code in codes(result)) == (1, True), result.output


def test_bounds_of_every_type_are_applied(project):
    def bound(table: str, field: str, **constraints) -> None:
        path = project / f"schemas/{table}.schema.json"
        schema = json.loads(path.read_text(encoding="utf-8"))
        next(f for f in schema["fields"] if f["name"] == field).setdefault("constraints", {}).update(constraints)
        path.write_text(json.dumps(schema), encoding="utf-8")

    edit_json(project / "curated/events.csv", lambda t: t.replace(
        "E0001,announcement,occurred,,,,unknown,unknown,", "E0001,announcement,occurred,2021-01-01,2021-01-01,2021-01-01,day,stated,"))
    bound("events", "date_start", minimum="2024-01-01")
    bound("events", "date_end", maximum="2020-12-31")
    bound("figures", "value", minimum=10 ** 30)  # a valid bound of a number, beyond any integer type
    result = run("validate", "--project", str(project), "--json")
    found = {(p["field"], p["code"]) for p in problems(result)}
    assert result.exit_code == 1 and found == {("date_start", "minimum"), ("date_end", "maximum"),
                                               ("value", "minimum")}, result.output


def test_an_occurrence_below_one_is_a_problem(project):
    edit_json(project / "curated/citations.csv", lambda t: t.replace("C0002,S0001,,A0002,,,,,الشمري,,",
                                                                      "C0002,S0001,,A0002,,,,,الشمري,-1,"))
    result = run("validate", "--project", str(project), "--json")
    assert result.exit_code == 1 and {"minimum", "occurrence-out-of-range"} <= codes(result)


def test_a_table_that_is_a_folder_or_a_pipe_is_named_as_such(project):
    (project / "curated/figures.csv").unlink()
    (project / "curated/figures.csv").mkdir()
    os.mkfifo(project / "curated/tombstones.csv.fifo")
    (project / "curated/tombstones.csv").unlink()
    os.rename(project / "curated/tombstones.csv.fifo", project / "curated/tombstones.csv")
    result = run("validate", "--project", str(project), "--json")
    found = {(p["file"], p["code"]) for p in problems(result)}
    assert {("curated/figures.csv", "not-a-file"), ("curated/tombstones.csv", "not-a-file")} <= found


def test_verify_on_a_json_list_or_a_damaged_zip(built, tmp_path):
    (tmp_path / "list").mkdir()
    (tmp_path / "list/datapackage.json").write_text("[]")
    result = run("verify", str(tmp_path / "list"), "--project", str(built), "--json")
    assert (result.exit_code, "not-a-package" in result.output) == (1, True)
    files = {p.relative_to(built / "datapackage").as_posix(): p.read_bytes()
             for p in (built / "datapackage").rglob("*") if p.is_file()}
    data = bytearray(build_archive("x", "1.0.0", files)[1])
    at = data.index(b"A0001")  # a byte of a stored member's contents: its CRC no longer holds
    data[at] ^= 1
    (tmp_path / "bad-crc.zip").write_bytes(bytes(data))
    result = run("verify", str(tmp_path / "bad-crc.zip"), "--project", str(built), "--json")
    assert (result.exit_code, codes(result)) == (1, {"bad-archive"})


@pytest.mark.parametrize("epoch", ["²", "１２３", "-5", "1e9", "99999999999999"])
def test_a_source_date_epoch_that_is_no_number_of_seconds(project, epoch):
    result = run("release", "--project", str(project), "--note", "x", "--json", env={"SOURCE_DATE_EPOCH": epoch})
    assert (result.exit_code, codes(result)) == (2, {"no-release-date"})


def test_a_terminal_that_cannot_show_arabic(project):
    done = subprocess.run([sys.executable, "-m", "factpack", "trace", "A0002", "--project", str(project)],
                          capture_output=True, env={**os.environ, "PYTHONIOENCODING": "latin-1"})
    assert done.returncode == 0 and b"Traceback" not in done.stderr
    assert b"\\u0627\\u0644\\u0634\\u0645\\u0631\\u064a" in done.stdout  # escaped, not lost
    done = subprocess.run([sys.executable, "-m", "factpack", "trace", "A0002", "--project", str(project), "--json"],
                          capture_output=True, env={**os.environ, "PYTHONIOENCODING": "latin-1"})
    assert json.loads(done.stdout.decode("latin-1"))["record"]["name_ar"] == "الشمري"


def test_an_unexpected_exception_is_an_internal_error_with_the_traceback_behind_debug(project, monkeypatch):
    import factpack.stats

    def broken(checked):
        raise RuntimeError("a bug")

    monkeypatch.setattr(factpack.stats, "stats", broken)
    result = run("stats", "--project", str(project))
    assert (result.exit_code, "internal error, please report it: RuntimeError: a bug" in result.output) == (3, True)
    assert "--debug" in result.output
    result = runner.invoke(app, ["--debug", "stats", "--project", str(project)])
    assert result.exit_code == 3 and "Traceback" in result.output and "RuntimeError: a bug" in result.output


def test_a_build_outside_a_project_is_wrong_usage_and_leaves_nothing(tmp_path):
    result = run("build", "--project", str(tmp_path), "--json")
    assert (result.exit_code, codes(result)) == (2, {"not-a-project"})
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("args, code", [
    (["diff", "{missing}", "datapackage"], "no-such-path"),
    (["diff", "9.9.9", "datapackage"], "unrecorded-release"),
    (["verify", "{missing}.zip"], "no-such-path"),
    (["verify", "9.9.9"], "unrecorded-release"),
    (["verify", "{package}", "--project", "{outside}"], "not-a-project"),
])
def test_a_path_or_release_that_is_not_there_is_wrong_usage(built, tmp_path, args, code):
    (tmp_path / "outside").mkdir()
    names = {"missing": str(tmp_path / "missing"), "package": str(built / "datapackage"),
             "outside": str(tmp_path / "outside")}
    args = [a.format(**names) for a in args]
    result = run(*args, *([] if "--project" in args else ["--project", str(built)]), "--json")
    assert (result.exit_code, code in codes(result)) == (2, True), result.output


def test_a_package_folder_that_is_a_file_or_a_link_is_left_as_it_is(built, tmp_path):
    package = built / "datapackage"
    package.rename(tmp_path / "elsewhere")
    package.symlink_to(tmp_path / "elsewhere")
    result = run("build", "--project", str(built), "--json")
    assert (result.exit_code, codes(result)) == (2, {"io-error"})
    assert package.is_symlink() and [p.name for p in built.iterdir() if p.name.startswith(".datapackage")] == []


# Accepted silently before ----------------------------------------------------------------------------------

@pytest.mark.parametrize("quote, code", [(" ", "quote-too-short"), ("ش", "quote-too-short"), ("قا", "quote-too-short"),
                                         ("القو", "quote-splits-character")])
def test_a_quote_too_short_or_cut_inside_a_character(tmp_path, quote, code):
    seed = SEED.replace("«القوات»", "«القوَّات»")  # a shadda and a fatha on the waw: 'القو' ends inside it
    project = make_project(tmp_path / "p", seed=seed, citations=TABLES["citations"] + f"C0005,S0001,E0001,,,,,,{quote},,\n")
    result = run("validate", "--project", str(project), "--json")
    assert (result.exit_code, code in codes(result)) == (1, True), result.output


def test_a_bom_inside_a_table_is_reported_once(project):
    path = project / "curated/actors.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("A0002,", "\ufeffA0002,"), encoding="utf-8")
    result = run("validate", "--project", str(project), "--json")
    assert (result.exit_code, codes(result)) == (1, {"pattern"})  # no false 'uncited' or 'foreign-key' after it


# Denial of service ------------------------------------------------------------------------------------------

def test_the_closest_passage_of_a_very_long_quote_comes_in_bounded_time(tmp_path):
    quote = "ب" * 200_000
    project = make_project(tmp_path / "p", citations=TABLES["citations"] + f"C0005,S0001,E0001,,,,,,{quote},,\n")
    start = time.perf_counter()
    result = run("validate", "--project", str(project), "--json")
    assert time.perf_counter() - start < 15  # minutes, before
    assert "quote-not-found" in codes(result)
    assert len(result.output) < 20_000  # the quote is clipped in the problem


def test_a_seed_over_the_limit_is_refused_before_it_is_read(tmp_path):
    from factpack.read.files import LIMITS

    project = make_project(tmp_path / "p")
    with open(project / "seeds/000_test.txt", "r+b") as handle:
        handle.truncate(LIMITS["seed"] + 1)  # sparse: no disk, no memory
    result = run("validate", "--project", str(project), "--json")
    assert "too-large" in codes(result)


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path, project):
    sink = io.BytesIO()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("datapackage.json", '{"name": "x", "resources": []}')
        z.writestr("data/zeros.csv", b"0" * (20 << 20))  # 20 MiB that deflate to some 20 KiB
    (tmp_path / "bomb.zip").write_bytes(sink.getvalue())
    result = run("diff", str(tmp_path / "bomb.zip"), str(tmp_path / "bomb.zip"), "--project", str(project), "--json")
    assert (result.exit_code, codes(result)) == (1, {"bad-archive"})


def test_the_output_is_capped_per_kind_of_problem_with_a_count_of_the_rest(project):
    rows = "".join(f"E{n:04d},announcement,occurred,,,,unknown,unknown,,x,,unknown,,\n" for n in range(2, 5002))
    (project / "curated/events.csv").write_text(TABLES["events"] + rows, encoding="utf-8")
    result = run("validate", "--project", str(project))
    assert result.output.count("uncited") <= 21 and "and 4980 more uncited problem(s)" in result.output
    result = run("validate", "--project", str(project), "--json")
    report = json.loads(result.output)
    assert len(report["problems"]) == 20 and report["omitted"] == [
        {"file": "curated/events.csv", "code": "uncited", "count": 4980}]
    assert report["errors"] == 5000


# Injection ----------------------------------------------------------------------------------------------------

def test_metadata_cannot_inject_links_or_markup(project):
    meta = json.loads((project / "schemas/package.json").read_text(encoding="utf-8"))
    meta["licenses"] = [{"name": "CC-BY-4.0", "path": "javascript:alert(1)"}]
    (project / "schemas/package.json").write_text(json.dumps(meta), encoding="utf-8")
    result = run("validate", "--project", str(project), "--json")
    assert "unsafe-url" in codes(result)
    meta["licenses"] = [{"name": "CC-BY-4.0 <img src=x onerror=alert(1)> [x](javascript:alert(1))"}]
    meta["description"] = "<script>alert(1)</script> # not a heading"
    (project / "schemas/package.json").write_text(json.dumps(meta), encoding="utf-8")
    assert run("build", "--project", str(project)).exit_code == 0
    readme = (project / "datapackage/README.md").read_text(encoding="utf-8")
    assert "<script>" not in readme and "<img" not in readme and "&lt;script&gt;" in readme
    import re

    assert not re.search(r"(?<!\\)\]\(javascript:", readme)  # '[x](javascript:...)' is no link: its ']' is escaped
    page = (project / "datapackage/index.html").read_text(encoding="utf-8")
    assert page.count("<script") == 2 and "<img" not in page
    cff = (project / "datapackage/CITATION.cff").read_text(encoding="utf-8")
    import yaml

    assert yaml.safe_load(cff)["abstract"] == meta["description"]


def test_a_release_note_cannot_forge_a_changelog_entry(project):
    note = "Fixed a typo.\n## [9.9.9] - 2099-01-01\nForged."
    result = run("release", "--project", str(project), "--note", note, env={"SOURCE_DATE_EPOCH": "1717200000"})
    assert result.exit_code == 0, result.output
    changelog = (project / "releases/CHANGELOG.md").read_text(encoding="utf-8")
    assert "\n## [9.9.9]" not in changelog and "\\## [9.9.9]" in changelog
    assert snapshot(project / "releases") and (project / "releases/1.0.0").is_dir()


@pytest.mark.parametrize("error", [OSError(28, "No space left on device"), PermissionError(13, "Permission denied"),
                                   OSError(30, "Read-only file system")])
def test_a_full_disk_or_a_refused_write_is_the_environment(built, monkeypatch, error):
    """The disk fills up (or a write is refused) halfway through writing the new package: exit 2, a message
    that says so, the previous package intact and nothing left behind."""
    from factpack.write import output

    before = snapshot(built / "datapackage")
    (built / "curated/actors.csv").write_text(TABLES["actors"].replace("Al-Shammari", "Al-Shamari"))
    written = []
    write = output.HashedFile.write

    def failing(self, data):  # every file of the package is written through HashedFile, pyarrow's too
        written.append(len(data))
        if len(written) == 3:
            raise error
        return write(self, data)

    monkeypatch.setattr(output.HashedFile, "write", failing)
    result = run("build", "--project", str(built), "--json")
    assert (result.exit_code, codes(result)) == (2, {"io-error"})
    assert error.strerror in result.output
    assert snapshot(built / "datapackage") == before and len(written) == 3
    assert [p.name for p in built.iterdir() if p.name.startswith(".datapackage")] == []


def test_a_release_that_fails_halfway_leaves_nothing_half_recorded(released_project, monkeypatch):
    """A full disk while the new package is written: the release record, changelog and version written
    before it are undone, so the same release can be cut again once there is space."""
    import errno

    import factpack.release.release as releasing

    root = released_project
    (root / "curated/actors.csv").write_text(TABLES["actors"].replace("Al-Shammari", "Al-Shamari"), encoding="utf-8")
    before = {k: v for k, v in snapshot(root).items() if not k.startswith("dist/")}

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    env = {"SOURCE_DATE_EPOCH": "1717300000"}
    monkeypatch.setattr(releasing, "replace_with_files", full)
    result = run("release", "--project", str(root), "--note", "Spelling.", "--json", env=env)
    assert (result.exit_code, codes(result)) == (2, {"io-error"}), result.output
    assert {k: v for k, v in snapshot(root).items() if not k.startswith("dist/")} == before
    monkeypatch.undo()

    monkeypatch.setattr(releasing, "write_assets", full)  # the last step: the release stands, dist/ says how
    result = run("release", "--project", str(root), "--note", "Spelling.", "--json", env=env)
    assert (result.exit_code, codes(result)) == (2, {"io-error"}), result.output
    assert "run factpack dist" in result.output and (root / "releases/1.0.1/SHA256SUMS").is_file()
    monkeypatch.undo()
    assert run("dist", "--project", str(root)).exit_code == 0
    assert run("verify", "--project", str(root)).exit_code == 0
