"""The read layer on its own: files within their limits, strict JSON, paths that stay inside their root, and
archives checked before they are unpacked."""

from __future__ import annotations

import io
import os
import zipfile

import pytest

from factpack.paths import inside, relative_path
from factpack.problems import FactpackError
from factpack.read.files import LIMITS, parse_json, read_bytes
from factpack.read.package import from_files, read_zip


def code_of(raised: pytest.ExceptionInfo) -> str:
    (problem,) = raised.value.report.problems
    return problem.code


@pytest.mark.parametrize("text, code", [
    ('{"a": 1, "a": 2}', "json-duplicate-key"), ('{"a": NaN}', "json-not-finite"), ('{"a": -Infinity}', "json-not-finite"),
    ('{"a": 1e400}', "json-not-finite"), ("[" * 40 + "]" * 40, "json-too-deep"), ("[" * 5000 + "]" * 5000, "json-too-deep"),
    ('{"a": }', "invalid-json"), ("\udcff", "encoding-error")])
def test_json_is_read_strictly(text, code):
    data = text.encode("utf-8", errors="surrogateescape")
    with pytest.raises(FactpackError) as raised:
        parse_json(data, "x.json")
    assert code_of(raised) == code


def test_json_within_the_rules_is_read():
    assert parse_json(b'{"a": [1, 2.5, "\\u0627"], "b": {"c": null}}', "x.json") == {"a": [1, 2.5, "ا"], "b": {"c": None}}


def test_a_file_is_checked_before_it_is_read(tmp_path):
    (tmp_path / "folder").mkdir()
    os.mkfifo(tmp_path / "pipe")
    with open(tmp_path / "big", "wb") as handle:
        handle.truncate(LIMITS["json"] + 1)
    for name, code in (("missing", "missing-file"), ("folder", "not-a-file"), ("pipe", "not-a-file"),
                       ("big", "too-large")):
        with pytest.raises(FactpackError) as raised:
            read_bytes(tmp_path / name, name, "json")
        assert code_of(raised) == code, name


@pytest.mark.parametrize("path", ["/etc/passwd", "../x", "a/../../x", "https://e.org/x", "file:x", "C:\\\\x", "a\\\\b",
                                  "", " x", "a\x00b", "."])
def test_a_path_that_leaves_its_root_is_refused(path):
    with pytest.raises(FactpackError) as raised:
        relative_path(path, "datapackage.json")
    assert code_of(raised) == "path-escapes"


def test_a_link_out_of_the_root_is_refused_and_one_inside_is_not(tmp_path):
    root = tmp_path / "root"
    (root / "data").mkdir(parents=True)
    (tmp_path / "outside.csv").write_text("x")
    (root / "data/out.csv").symlink_to(tmp_path / "outside.csv")
    (root / "data/real.csv").write_text("x")
    (root / "data/in.csv").symlink_to(root / "data/real.csv")
    with pytest.raises(FactpackError) as raised:
        inside(root, "data/out.csv", "data/out.csv")
    assert code_of(raised) == "path-escapes"
    assert inside(root, "data/in.csv", "data/in.csv") == root / "data/in.csv"
    assert inside(root, "data/./real.csv", "x") == root / "data/real.csv"


def zipped(members: dict[str, bytes], compression: int = zipfile.ZIP_STORED) -> bytes:
    sink = io.BytesIO()
    with zipfile.ZipFile(sink, "w", compression=compression) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return sink.getvalue()


def test_an_archive_is_checked_before_it_is_unpacked():
    descriptor = b'{"name": "x", "resources": []}'
    assert read_zip(zipped({"datapackage.json": descriptor}), "a.zip") == ("", {"datapackage.json": descriptor})
    assert read_zip(zipped({"x-1/datapackage.json": descriptor}), "a.zip")[0] == "x-1/"  # the layout up to 1.0.0
    for members, compression, code in (
            ({"datapackage.json": descriptor, "/etc/x": b"x"}, zipfile.ZIP_STORED, "path-escapes"),
            ({"datapackage.json": descriptor, "a/../../x": b"x"}, zipfile.ZIP_STORED, "path-escapes"),
            ({"datapackage.json": descriptor, "z": b"0" * (8 << 20)}, zipfile.ZIP_DEFLATED, "bad-archive"),
            ({"other.json": b"{}"}, zipfile.ZIP_STORED, "not-a-package")):
        with pytest.raises(FactpackError) as raised:
            read_zip(zipped(members, compression), "a.zip")
        assert code_of(raised) == code, members.keys()
    with pytest.raises(FactpackError) as raised:
        read_zip(b"PK\x03\x04 not a zip", "a.zip")
    assert code_of(raised) == "bad-archive"


@pytest.mark.parametrize("descriptor, code", [
    (b"[]", "invalid-descriptor"), (b'{"resources": {}}', "invalid-descriptor"),
    (b'{"resources": [{"name": "t", "path": "../t.csv"}]}', "path-escapes"),
    (b'{"resources": [{"name": "t", "path": "t.csv", "schema": "/etc/schema.json"}]}', "path-escapes"),
    (b'{"resources": [{"name": "t", "path": "t.csv", "schema": {"fields": "x"}}]}', "invalid-descriptor"),
    (b'{"resources": [{"name": "t", "path": "missing.csv"}]}', "missing-file")])
def test_a_package_descriptor_is_read_with_suspicion(descriptor, code):
    with pytest.raises(FactpackError) as raised:
        from_files({"datapackage.json": descriptor, "t.csv": b"a\n1\n"}, "p")
    assert code_of(raised) == code
