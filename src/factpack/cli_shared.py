"""What every command shares: the --project and --json options and how a report is printed."""

from __future__ import annotations

from pathlib import Path

import typer

from .problems import Report

# exists=True: a project folder that is not there is wrong usage (exit 2), not invalid data.
ProjectOption = typer.Option(Path("."), "--project", "-p", help="The project folder.", exists=True,
                             file_okay=False, dir_okay=True)
JsonOption = typer.Option(False, "--json", help="Print the result as JSON.")


def show(report: Report, as_json: bool) -> None:
    if as_json:
        typer.echo(report.to_json())
        return
    for p in report.sorted():
        where = (p.file or "-") + (f":{p.row}" if p.row is not None else "") + (f" [{p.field}]" if p.field else "")
        value = f" {p.value!r}" if p.value is not None else ""
        typer.echo(f"{p.severity}: {where} {p.code}{value}\n    {p.message}")
    if report.problems:
        typer.echo(f"{len(report.errors)} error(s), {len(report.warnings)} warning(s)")
