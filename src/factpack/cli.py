"""The factpack command line: parse options, call one library function, print, choose the exit code."""

from __future__ import annotations

from pathlib import Path

import typer

from .check.project import check_project
from .cli_shared import JsonOption, ProjectOption, show
from .paths import Project
from .problems import FactpackError

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Publish hand-curated, source-cited tables as a Frictionless Data Package.")


def checked_or_exit(project: Path, as_json: bool):
    """Every check of the project; a project that cannot be read at all is reported, exit code 1."""
    try:
        return check_project(Project.at(project))
    except FactpackError as e:
        show(e.report, as_json)
        raise typer.Exit(1) from None


@app.command()
def build(project: Path = ProjectOption, as_json: bool = JsonOption) -> None:
    """Check the curated tables and write datapackage/ (nothing is written if anything is invalid)."""
    from .write.package import build as build_package

    try:
        checked = build_package(Project.at(project))
    except FactpackError as e:
        show(e.report, as_json)
        raise typer.Exit(1) from None
    show(checked.report, as_json)
    if not as_json:
        counts = ", ".join(f"{name} {len(table)}" for name, table in checked.tables.items())
        typer.echo(f"built datapackage/ ({counts})")


@app.command()
def validate(project: Path = ProjectOption, as_json: bool = JsonOption) -> None:
    """Run every check without writing anything."""
    try:
        report = check_project(Project.at(project)).report
    except FactpackError as e:
        report = e.report
    show(report, as_json)
    if not report.valid:
        raise typer.Exit(1)
    if not as_json:
        typer.echo("valid")


@app.command()
def trace(record_id: str = typer.Argument(..., metavar="ID", help="An event, actor, figure, citation or source ID."),
          project: Path = ProjectOption, as_json: bool = JsonOption) -> None:
    """Show a record and each citation within its sentence in the source, with file and line:column."""
    import json
    import sys

    from .trace import format_trace, trace as trace_record

    checked = checked_or_exit(project, as_json)
    try:
        result = trace_record(checked, record_id)
    except FactpackError as e:
        show(e.report, as_json)
        raise typer.Exit(1) from None
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        typer.echo(format_trace(result, color=sys.stdout.isatty()))


@app.command()
def stats(project: Path = ProjectOption, as_json: bool = JsonOption) -> None:
    """Rows per table and per source; records without citations; actors and figures in no event."""
    import json

    from .stats import format_stats, stats as compute_stats

    checked = checked_or_exit(project, as_json)
    result = compute_stats(checked)  # None when a table could not be read at all
    if as_json:
        typer.echo(json.dumps({**(result or {}), "valid": checked.report.valid,
                               "problems": json.loads(checked.report.to_json())["problems"]},
                              ensure_ascii=False, indent=2))
    else:
        # Counts help most while the tables are still being fixed: shown for an invalid project too.
        if result is not None:
            typer.echo(format_stats(result))
        if checked.report.problems:
            typer.echo("")
            show(checked.report, False)
    if not checked.report.valid:
        raise typer.Exit(1)


# Releases are a feature of their own: diff, release and verify live in cli_release.py.
from .cli_release import diff, dist, release, verify  # noqa: E402

app.command()(diff)
app.command()(release)
app.command()(dist)
app.command()(verify)
