"""The package as a consumer gets it, checked with the consumer's own tools: pyarrow, the frictionless
CLI and library (on the folder, the release zip and a URL served over HTTP), SQLite through frictionless,
datapackage-to-datasette and datasette."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from conftest import REPO

PACKAGE = REPO / "datapackage"
ARROW = {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(), "date": pa.date32()}


def descriptor(folder: Path = PACKAGE) -> dict:
    return json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))


def csv_resources(folder: Path = PACKAGE) -> list[dict]:
    return [r for r in descriptor(folder)["resources"] if r["format"] == "csv"]


def read_csv_typed(path: Path, schema: dict) -> pa.Table:
    """The CSV as a consumer reads it: every column in its schema's type, an empty cell as no value."""
    types = {f["name"]: ARROW[f.get("type", "string")] for f in schema["fields"]}
    return pacsv.read_csv(path, parse_options=pacsv.ParseOptions(newlines_in_values=True),
                          convert_options=pacsv.ConvertOptions(column_types=types, null_values=[""],
                                                               strings_can_be_null=True,
                                                               quoted_strings_can_be_null=True))


@pytest.mark.parametrize("resource", [r["name"] for r in csv_resources()])
def test_csv_and_parquet_agree_on_every_cell(resource):
    csv_entry = next(r for r in csv_resources() if r["name"] == resource)
    from_csv = read_csv_typed(PACKAGE / csv_entry["path"], csv_entry["schema"])
    from_parquet = pq.read_table(PACKAGE / f"data/{resource}.parquet")
    assert from_csv.column_names == from_parquet.column_names == [f["name"] for f in csv_entry["schema"]["fields"]]
    for name in from_csv.column_names:
        a, b = from_csv[name].to_pylist(), from_parquet[name].to_pylist()
        assert a == b, f"{resource}.{name}: {[(x, y) for x, y in zip(a, b) if x != y][:5]}"
        assert "" not in b  # an empty cell is no value in both formats, never an empty text


# --- the real tools, on the real artefacts ---------------------------------------------------------------

import contextlib  # noqa: E402
import functools  # noqa: E402
import http.server  # noqa: E402
import socket  # noqa: E402
import sqlite3  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
import urllib.request  # noqa: E402

BIN = Path(sys.executable).parent


def tool(name: str) -> str:
    return str(BIN / name)


def package_files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def release_zip(tmp_path_factory) -> Path:
    """The release zip of the committed package, made by the code `factpack dist` uses."""
    from factpack.release.dist import assets

    d = descriptor()
    found = assets(d["name"], d["version"], package_files(PACKAGE))
    folder = tmp_path_factory.mktemp("dist")
    for name, data in found.items():
        (folder / name).write_bytes(data)
    return folder / f"{d['name']}-{d['version']}.zip"


def expected_rows() -> dict[str, int]:
    """Rows per resource, CSV and Parquet twins alike, counted in the CSV files."""
    out = {}
    for r in csv_resources():
        rows = read_csv_typed(PACKAGE / r["path"], r["schema"]).num_rows
        out[r["name"]] = out[f"{r['name']}-parquet"] = rows
    return out


def frictionless_json(target: str) -> dict:
    done = subprocess.run([tool("frictionless"), "validate", "--json", target], capture_output=True, text=True,
                          timeout=300)
    report = json.loads(done.stdout)
    assert done.returncode == (0 if report["valid"] else 1)
    return report


def assert_every_resource_checked(report: dict) -> None:
    """One valid task per resource of the descriptor, CSV and Parquet, each having read all its rows."""
    names = [r["name"] for r in descriptor()["resources"]]
    assert [t["name"] for t in report["tasks"]] == names
    rows = expected_rows()
    for task in report["tasks"]:
        assert (task["name"], task["valid"], task["errors"]) == (task["name"], True, [])
        assert (task["stats"].get("rows") or 0) == rows[task["name"]], task["name"]
    assert report["valid"] is True


@pytest.mark.slow
def test_frictionless_cli_checks_every_resource_in_the_release_zip(release_zip):
    with zipfile.ZipFile(release_zip) as z:
        assert "datapackage.json" in z.namelist()  # at the root: frictionless reads it as a package
    done = subprocess.run([tool("frictionless"), "validate", str(release_zip)], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stdout
    for r in descriptor()["resources"]:  # the table the CLI prints: one VALID line per resource
        assert any(line.split("│")[1:2] == [f" {r['name']} ".ljust(len(line.split("│")[1]))] and "VALID" in line
                   for line in done.stdout.splitlines() if line.count("│") > 4), r["name"]
    assert_every_resource_checked(frictionless_json(str(release_zip)))


@pytest.mark.slow
def test_frictionless_package_reads_every_row_of_the_zip(release_zip):
    from frictionless import Package

    package = Package(str(release_zip))
    rows = expected_rows()
    assert [r.name for r in package.resources] == list(rows)
    for resource in package.resources:
        assert len(resource.read_rows()) == rows[resource.name], resource.name


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def served(folder: Path):
    """The folder over HTTP on 127.0.0.1, as GitHub Pages serves the published package."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.slow
def test_frictionless_cli_checks_every_resource_of_the_package_served_over_http():
    with served(PACKAGE) as url:
        assert_every_resource_checked(frictionless_json(f"{url}/datapackage.json"))


def sql_rows(db: Path, table: str) -> list[tuple]:
    with contextlib.closing(sqlite3.connect(db)) as connection:
        return connection.execute(f'SELECT * FROM "{table}"').fetchall()


def assert_every_table_loaded(db: Path) -> None:
    """Every resource is a table holding every row of the CSV, value for value."""
    for r in csv_resources():
        csv_rows = [tuple(None if v is None else (v.isoformat() if hasattr(v, "isoformat") else v) for v in row.values())
                    for row in read_csv_typed(PACKAGE / r["path"], r["schema"]).to_pylist()]
        for table in (r["name"], f"{r['name']}-parquet"):
            assert sorted(sql_rows(db, table), key=repr) == sorted(csv_rows, key=repr), table


@pytest.mark.slow
def test_frictionless_publishes_the_package_to_sqlite(tmp_path):
    from frictionless import Package

    db = tmp_path / "package.db"
    Package(str(PACKAGE / "datapackage.json")).publish(f"sqlite:///{db}")
    assert_every_table_loaded(db)


@pytest.mark.slow
def test_datapackage_to_datasette_loads_it_and_datasette_serves_it(tmp_path):
    db, metadata = tmp_path / "package.db", tmp_path / "metadata.json"
    done = subprocess.run([tool("datapackage-to-datasette"), str(db), str(PACKAGE / "datapackage.json"),
                           str(metadata)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert_every_table_loaded(db)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([tool("datasette"), "serve", str(db), "--metadata", str(metadata), "--host", "127.0.0.1",
                               "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        counts = None
        for _ in range(100):
            try:
                sql = "select name from sqlite_master where type = 'table' order by name"
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/package.json?sql={urllib.request.quote(sql)}"
                                            "&_shape=array", timeout=5) as answer:
                    tables = [row["name"] for row in json.load(answer)]
                counts = {}
                for table in tables:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/package/{urllib.request.quote(table)}.json"
                                                "?_size=0", timeout=5) as answer:
                        counts[table] = json.load(answer)["filtered_table_rows_count"]
                break
            except OSError:
                time.sleep(0.2)
        assert counts == {name: n for name, n in expected_rows().items()}, server.stderr
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.slow
def test_the_upstream_sqlite_bug_that_the_schemas_avoid(tmp_path):
    """frictionless 5's SQLite adapter turns a field's `pattern` into a REGEXP check whose Python function
    raises on NULL, so a nullable field with a pattern cannot be published (docs/consumers.md). The
    package's nullable fields carry no pattern for that reason; this reproduction says when upstream is fixed."""
    from frictionless import Package

    folder = tmp_path / "two-rows"
    folder.mkdir()
    (folder / "t.csv").write_text("id,ref\nA1,A1\nA2,\n", encoding="utf-8")
    (folder / "datapackage.json").write_text(json.dumps({"name": "two-rows", "resources": [{
        "name": "t", "path": "t.csv", "schema": {"fields": [
            {"name": "id", "type": "string"}, {"name": "ref", "type": "string", "constraints": {"pattern": "A[0-9]+"}}
        ]}}]}), encoding="utf-8")
    with pytest.raises(Exception) as raised:
        Package(str(folder / "datapackage.json")).publish(f"sqlite:///{tmp_path / 'x.db'}")
    assert "user-defined function raised exception" in str(raised.value)
    published = json.loads((PACKAGE / "datapackage.json").read_text(encoding="utf-8"))
    for r in published["resources"]:
        for f in r["schema"]["fields"]:
            assert "pattern" not in f.get("constraints", {}) or f["constraints"].get("required"), (r["name"], f["name"])


def test_the_upstream_parquet_bound_bug_that_the_schemas_avoid(tmp_path):
    """frictionless 5.21 reads a missing number in a Parquet file as NaN and checks it against the field's
    minimum or maximum, so a nullable number with a bound fails (docs/consumers.md). The package's nullable
    numbers declare no bound for that reason; this reproduction says when upstream is fixed."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    from frictionless import validate

    pq.write_table(pa.table({"x": pa.array([1.5, None, 2.0], pa.float64())}), tmp_path / "t.parquet")
    (tmp_path / "datapackage.json").write_text(json.dumps({"name": "three-rows", "resources": [{
        "name": "t", "path": "t.parquet", "format": "parquet",
        "schema": {"fields": [{"name": "x", "type": "number", "constraints": {"minimum": -90}}]}}]}), encoding="utf-8")
    report = validate(str(tmp_path / "datapackage.json"))
    assert [(e.type, e.row_number, e.cell) for t in report.tasks for e in t.errors] == [("constraint-error", 3, "nan")]
    published = json.loads((PACKAGE / "datapackage.json").read_text(encoding="utf-8"))
    for r in published["resources"]:
        for f in r["schema"]["fields"]:
            bounded = {"minimum", "maximum"} & set(f.get("constraints", {}))
            assert f["type"] != "number" or not bounded or f["constraints"].get("required"), (r["name"], f["name"])


# --- the package README's own examples, run as written -------------------------------------------------

import os  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402


def readme_blocks(language: str) -> list[str]:
    """The code blocks of one language under the package README's "Load the data"."""
    text = (PACKAGE / "README.md").read_text(encoding="utf-8")
    part = text[text.index("## Load the data"):text.index("## Validate")]
    return re.findall(rf"```{language}\n(.*?)```", part, re.S)


@pytest.fixture
def in_package(monkeypatch):
    monkeypatch.chdir(PACKAGE)


def test_the_pandas_example_loads_every_row(in_package):
    (block,) = readme_blocks("python")
    namespace: dict = {}
    exec(block, namespace)  # the README's lines, as a reader pastes them
    events = namespace["events"]  # the last line read the Parquet file
    assert len(events) == expected_rows()["events"]
    csv_events = namespace["pd"].read_csv("data/events.csv", keep_default_na=False, na_values=[""])
    assert list(csv_events.columns) == list(events.columns)


def test_the_duckdb_example_runs(in_package):
    duckdb = pytest.importorskip("duckdb")
    (block,) = readme_blocks("sql")
    statements = [s.strip() for s in re.sub(r"--[^\n]*", "", block).split(";") if s.strip()]
    results = [duckdb.sql(s).fetchall() for s in statements]
    assert [len(r) for r in results[:2]] == [expected_rows()["events"]] * 2
    subject = re.search(r"ON c\.(\w+) = t\.", statements[2]).group(1)  # the cited table the example joins
    assert len(results[2]) == sum(1 for r in read_csv_typed(PACKAGE / "data/citations.csv", next(
        e for e in csv_resources() if e["name"] == "citations")["schema"]).to_pylist() if r[subject])


def test_the_r_example_reads_every_row():
    if shutil.which("Rscript") is None:
        pytest.skip("R is not installed (make consumer-tools installs Debian's r-base-core where it can)")
    (block,) = readme_blocks("r")
    # Lines that need the arrow package run only where it is installed (Debian has none).
    script = "".join(line if "arrow::" not in line else f'if (requireNamespace("arrow", quietly = TRUE)) {line}'
                     for line in block.splitlines(keepends=True))
    done = subprocess.run(["Rscript", "-e", script + 'cat(nrow(events), ncol(events), "\\n")'], cwd=PACKAGE,
                          capture_output=True, text=True, timeout=120, env={**os.environ, "LANG": "C.UTF-8"})
    assert done.returncode == 0, done.stderr
    fields = len(next(e for e in csv_resources() if e["name"] == "events")["schema"]["fields"])
    assert done.stdout.split() == [str(expected_rows()["events"]), str(fields)]


@pytest.mark.slow
def test_what_frictionless_does_not_check_in_parquet(tmp_path):
    """Why the Parquet resources declare a hash but no bytes, and why SHA256SUMS covers them
    (docs/consumers.md): frictionless 5 neither counts a Parquet file's bytes nor compares its hash. When
    an upgrade changes that, this fails, and the docs and the descriptor should follow."""
    from frictionless import validate as frictionless_validate

    folder = tmp_path / "package"
    shutil.copytree(PACKAGE, folder)
    d = descriptor(folder)
    for r in d["resources"]:
        if r["format"] == "parquet":
            r["hash"] = "sha256:" + "0" * 64
    (folder / "datapackage.json").write_text(json.dumps(d), encoding="utf-8")
    assert frictionless_validate(str(folder / "datapackage.json")).valid  # a wrong hash passes
    for r in d["resources"]:
        if r["format"] == "parquet":
            r["bytes"] = (folder / r["path"]).stat().st_size  # the true size
    (folder / "datapackage.json").write_text(json.dumps(d), encoding="utf-8")
    report = frictionless_validate(str(folder / "datapackage.json"))
    assert {e.type for t in report.tasks for e in t.errors} == {"byte-count"}
