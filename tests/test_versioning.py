"""Each versioning rule has its case: a change between two tiny in-memory packages and the bump it needs."""

import copy
import json

import pytest

from factpack.read.package import from_files
from factpack.release.diff import diff, key_list
from factpack.release.versioning import FIRST, Version, level_between

SCHEMA = {
    "fields": [
        {"name": "event_id", "type": "string", "description": "ID.",
         "constraints": {"required": True, "unique": True, "pattern": "E[0-9]{4,}"}},
        {"name": "status", "type": "string", "constraints": {"enum": ["occurred", "planned"]}},
        {"name": "value", "type": "number", "constraints": {"minimum": 0}},
        {"name": "note", "type": "string"},
    ],
    "primaryKey": ["event_id"],
}
ROWS = [["E0001", "occurred", "5", ""], ["E0002", "planned", "7", "x"]]


def package(schema=None, rows=None, name="events", meta=None, extra=None):
    """A package with one CSV resource (and `extra`: more resources as name -> (schema, rows))."""
    resources = {name: (schema or SCHEMA, ROWS if rows is None else rows), **(extra or {})}
    files, entries = {}, []
    for resource, (s, r) in resources.items():
        header = [f["name"] for f in s["fields"]]
        files[f"data/{resource}.csv"] = ("\n".join(",".join(row) for row in [header, *r]) + "\n").encode()
        entries.append({"name": resource, "path": f"data/{resource}.csv", "format": "csv", "schema": s,
                        "hash": "sha256:" + str(len(r))})
        entries.append({"name": f"{resource}-parquet", "path": f"data/{resource}.parquet", "format": "parquet"})
    descriptor = {"name": "p", "version": "1.0.0", "title": "T", **(meta or {}), "resources": entries}
    files["datapackage.json"] = json.dumps(descriptor).encode()
    return from_files(files)


def edited(edit):
    schema = copy.deepcopy(SCHEMA)
    edit(schema)
    return schema


def field(schema, name):
    return next(f for f in schema["fields"] if f["name"] == name)


CASES = {
    # MAJOR
    "record removed": (dict(rows=ROWS[:1]), {"record-removed"}, "major"),
    "field removed": (dict(schema=edited(lambda s: s["fields"].pop(3)), rows=[r[:3] for r in ROWS]),
                      {"field-removed"}, "major"),
    "field renamed": (dict(schema=edited(lambda s: field(s, "note").update(name="remark"))),
                      {"field-removed", "field-added"}, "major"),
    "type changed": (dict(schema=edited(lambda s: field(s, "value").update(type="integer"))), {"field-retyped"}, "major"),
    "now required": (dict(schema=edited(lambda s: field(s, "note").update(constraints={"required": True}))),
                     {"constraint-tightened"}, "major"),
    "enum lost a value": (dict(schema=edited(lambda s: field(s, "status")["constraints"].update(enum=["occurred"]))),
                          {"constraint-tightened"}, "major"),
    "minimum raised": (dict(schema=edited(lambda s: field(s, "value")["constraints"].update(minimum=1))),
                       {"constraint-tightened"}, "major"),
    "pattern changed": (dict(schema=edited(lambda s: field(s, "event_id")["constraints"].update(pattern="E[0-9]{5,}"))),
                        {"constraint-tightened"}, "major"),
    "foreign key added": (dict(schema=edited(lambda s: s.update(foreignKeys=[
        {"fields": ["note"], "reference": {"resource": "", "fields": ["event_id"]}}]))), {"constraint-tightened"}, "major"),
    "fields reordered": (dict(schema=edited(lambda s: s["fields"].insert(1, s["fields"].pop(2))),
                              rows=[[r[0], r[2], r[1], r[3]] for r in ROWS]), {"fields-reordered"}, "major"),
    "primary key changed": (dict(schema=edited(lambda s: s.update(primaryKey=["event_id", "status"]))),
                            {"primary-key-changed"}, "major"),
    "resource removed": (dict(name="happenings"), {"resource-removed", "resource-added"}, "major"),
    "package renamed": (dict(meta={"name": "q"}), {"package-renamed"}, "major"),
    # MINOR
    "record added": (dict(rows=ROWS + [["E0003", "planned", "1", ""]]), {"record-added"}, "minor"),
    "field added": (dict(schema=edited(lambda s: s["fields"].append({"name": "extra", "type": "string"})),
                         rows=[r + [""] for r in ROWS]), {"field-added"}, "minor"),
    "resource added": (dict(extra={"actors": (SCHEMA, ROWS)}), {"resource-added"}, "minor"),
    "no longer required": (dict(schema=edited(lambda s: field(s, "event_id")["constraints"].pop("required"))),
                           {"constraint-loosened"}, "minor"),
    "enum gained a value": (dict(schema=edited(lambda s: field(s, "status")["constraints"]["enum"].append("expected"))),
                            {"constraint-loosened"}, "minor"),
    "minimum lowered": (dict(schema=edited(lambda s: field(s, "value")["constraints"].update(minimum=-1))),
                        {"constraint-loosened"}, "minor"),
    "pattern dropped": (dict(schema=edited(lambda s: field(s, "event_id")["constraints"].pop("pattern"))),
                        {"constraint-loosened"}, "minor"),
    # PATCH
    "value corrected": (dict(rows=[ROWS[0], ["E0002", "planned", "8", "x"]]), {"record-changed"}, "patch"),
    "title changed": (dict(meta={"title": "U"}), {"metadata-changed"}, "patch"),
    "field description changed": (dict(schema=edited(lambda s: field(s, "event_id").update(description="The ID."))),
                                  {"metadata-changed"}, "patch"),
}


@pytest.mark.parametrize("case", CASES)
def test_each_rule(case):
    changes, kinds, bump = CASES[case]
    result = diff(package(), package(**changes))
    assert ({c.kind for c in result.changes()}, result.bump) == (kinds, bump)


def test_identical_packages_need_no_release():
    result = diff(package(), package())
    assert (result.changes(), result.bump) == ([], "none")


def test_a_new_version_number_and_new_hashes_are_not_changes():
    old, new = package(), package(meta={"version": "9.9.9"})
    new.resources["events"].descriptor["hash"] = "sha256:other"
    assert diff(old, new).changes() == []


def test_a_corrected_value_is_reported_field_by_field():
    result = diff(package(), package(rows=[ROWS[0], ["E0002", "planned", "8", "y"]]))
    (change,) = next(r for r in result.resources if r.name == "events").changed
    assert (change.key, change.fields) == (("E0002",), {"value": ("7", "8"), "note": ("x", "y")})


def test_rows_are_matched_by_key_not_position():
    result = diff(package(), package(rows=ROWS[::-1]))
    assert result.changes() == []


def test_versions():
    assert str(Version.parse("0.1.0").bump("major")) == "1.0.0" == str(FIRST)
    assert str(Version.parse("1.2.3").bump("minor")) == "1.3.0"
    assert str(Version.parse("1.2.3").bump("patch")) == "1.2.4"
    assert [Version.parse(v) for v in ("1.0", "01.0.0", "1.0.0-rc1", "v1.0.0")] == [None] * 4
    assert Version.parse("1.10.0") > Version.parse("1.9.0")
    assert level_between(Version(1, 2, 3), Version(1, 2, 9)) == "patch"
    assert level_between(Version(1, 2, 3), Version(2, 0, 0)) == "major"


def test_key_lists_fold_consecutive_ids():
    keys = [("E0001",), ("E0002",), ("E0003",), ("E0005",), ("A0010",), ("E0010",), ("E0009",)]
    assert key_list(keys) == "A0010, E0001–E0003, E0005, E0009–E0010"
    assert key_list([("E0001", "A0001", "speaker")]) == "E0001/A0001/speaker"


def test_the_documented_rules_are_the_rules():
    from pathlib import Path

    from factpack.release.versioning import RULES

    doc = (Path(__file__).parent.parent / "docs/releases.md").read_text(encoding="utf-8")
    for kind, (level, _) in RULES.items():
        assert f"| `{kind}` | {level.upper()} |" in doc


def test_package_csv_is_read_as_exact_text():
    import pytest as _pytest

    from factpack.problems import FactpackError

    files = {"datapackage.json": json.dumps({"resources": [{"name": "t", "path": "t.csv", "schema": {}}]}).encode(),
             "t.csv": '\ufeffa,b\n"x\ny","""q"""\n0003,\n'.encode()}
    resource = from_files(files).resources["t"]
    assert (resource.header, resource.rows) == (["a", "b"], [("x\ny", '"q"'), ("0003", "")])
    files["t.csv"] = b"a,b\n1,2,3\n"
    with _pytest.raises(FactpackError) as e:
        from_files(files)
    assert e.value.report.problems[0].code == "unreadable-csv"
