"""factpack trace and factpack stats, through the CLI."""

import json

from typer.testing import CliRunner

from factpack.cli import app

runner = CliRunner()


def test_trace_shows_the_quote_within_its_sentence(project):
    result = runner.invoke(app, ["trace", "F0001", "--project", str(project)])
    assert result.exit_code == 0
    assert result.output.splitlines()[-3:] == [
        "  C0004  seeds/000_test.txt:1:52  [51:68] exact",
        "    claimant_id: A0001  stance: asserts",
        "    أعلنت قيادة العمليات المشتركة، أمس (الخميس)، إجلاء ⟦أكثر من 2100 شحنة⟧.",
    ]
    assert "  value       2100" in result.output


def test_trace_json_gives_offsets_into_the_seed(project):
    result = runner.invoke(app, ["trace", "A0002", "--project", str(project), "--json"])
    (citation,) = json.loads(result.output)["citations"]
    seed = (project / "seeds/000_test.txt").read_text(encoding="utf-8")
    assert seed[citation["char_start"]:citation["char_end"]] == citation["quote"] == "الشمري"
    assert (citation["line"], citation["column"], citation["sentence"]) == (2, 6, "وقال الشمري إن «القوات» انسحبت.")


def test_trace_of_a_source_lists_all_its_citations(project):
    result = runner.invoke(app, ["trace", "S0001", "--project", str(project), "--json"])
    assert [c["citation_id"] for c in json.loads(result.output)["citations"]] == ["C0001", "C0002", "C0003", "C0004"]


def test_trace_unknown_id_exits_1(project):
    result = runner.invoke(app, ["trace", "E0099", "--project", str(project)])
    assert (result.exit_code, "unknown-id 'E0099'" in result.output) == (1, True)


def test_stats(project):
    result = runner.invoke(app, ["stats", "--project", str(project), "--json"])
    stats = json.loads(result.output)
    assert stats["rows"] == {"actors": 2, "sources": 1, "places": 0, "events": 1, "event_actors": 1, "figures": 1,
                            "citations": 4, "relations": 0, "tombstones": 0}
    assert stats["per_source"] == {"S0001": {"citations": 4, "events": 1, "actors": 2, "figures": 1, "places": 0}}
    assert stats["unlinked"] == {"actors": ["A0002"], "events": [], "figures": [], "places": []}


def test_stats_lists_what_is_uncited_while_the_tables_are_being_fixed(project):
    path = project / "curated" / "actors.csv"
    path.write_text(path.read_text(encoding="utf-8") + "A0003,الأعرجي,Al-Araji,,person,,,IQ,,\n", encoding="utf-8")
    result = runner.invoke(app, ["stats", "--project", str(project), "--json"])
    stats = json.loads(result.output)
    assert (result.exit_code, stats["valid"], stats["records_without_citations"]["actors"]) == (1, False, ["A0003"])
    assert [p["code"] for p in stats["problems"]] == ["uncited"]
    result = runner.invoke(app, ["stats", "--project", str(project)])
    assert (result.exit_code, "actors without citations: A0003" in result.output,
            "curated/actors.csv:4 [actor_id] uncited" in result.output) == (1, True, True)


def test_stats_of_a_project_whose_table_cannot_be_read(project):
    (project / "curated" / "figures.csv").write_bytes(b"")
    result = runner.invoke(app, ["stats", "--project", str(project)])
    assert (result.exit_code, "empty-file" in result.output, "rows:" in result.output) == (1, True, False)


def test_stats_of_a_project_whose_ids_have_problems(project):
    for table, old, new in (("actors", "A0001,قيادة", "A0001 ,قيادة"), ("sources", "S0001,", "S0001 ,")):
        path = project / "curated" / f"{table}.csv"
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    result = runner.invoke(app, ["stats", "--project", str(project)])
    assert (result.exit_code, result.exception is None or isinstance(result.exception, SystemExit)) == (1, True)
    assert "rows:" in result.output and "whitespace" in result.output
