"""The factpack command line: each command parses its options, calls one library function, prints, and
chooses the exit code. One error boundary (`boundary`, in the style of fastapi-cli) turns every expected
failure into a report and an exit code: 0 valid, 1 bad data, 2 wrong usage or the environment; an
unexpected exception is an internal error (exit 3), with its traceback behind --debug.
"""

from __future__ import annotations

import functools
import json
import os
import sys
import traceback
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import typer
from typer.exceptions import TyperException

from .paths import Project
from .problems import CODES, DATA, USAGE, FactpackError, Problem, Report

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Publish hand-curated, source-cited tables as a Frictionless Data Package.")

# exists=True: a project folder that is not there is wrong usage (exit 2), not invalid data.
ProjectOption = typer.Option(Path("."), "--project", "-p", help="The project folder.", exists=True,
                             file_okay=False, dir_okay=True)
JsonOption = typer.Option(False, "--json", help="Print the result as JSON.")
SHOWN_PER_KIND = 20  # problems of one code in one file shown before the rest are counted


class _State:
    debug = os.environ.get("FACTPACK_DEBUG", "") not in ("", "0")


@app.callback()
def main(debug: bool = typer.Option(False, "--debug", help="Show the traceback of an internal error.")) -> None:
    """Publish hand-curated, source-cited tables as a Frictionless Data Package."""
    _State.debug = _State.debug or debug


F = TypeVar("F", bound=Callable[..., Any])


def boundary(command: F) -> F:
    """The one place where failures become output and exit codes."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        as_json = bool(kwargs.get("as_json"))
        try:
            return command(*args, **kwargs)
        except FactpackError as e:
            show(e.report, as_json)
            raise typer.Exit(e.report.exit_code or DATA) from None
        except OSError as e:  # the environment: permissions, a full or read-only disk, a vanished file
            where = Path(e.filename).name if e.filename else ""
            problem = Problem(where, None, None, "io-error", None,
                              f"{e.strerror or e}{': ' + where if where else ''}: check permissions and free disk "
                              "space")
            show(Report([problem]), as_json)
            raise typer.Exit(USAGE) from None
        except (TyperException, typer.Exit, typer.Abort, KeyboardInterrupt, SystemExit):
            raise  # wrong usage (exit 2) and exits are typer's to show
        except Exception as e:
            message = f"internal error, please report it: {type(e).__name__}: {e}"
            if _State.debug:
                traceback.print_exc()
            else:
                message += " (run with --debug for the traceback)"
            show(Report([Problem("factpack", None, None, "internal-error", None, message)]), as_json)
            raise typer.Exit(CODES["internal-error"].exit) from None

    return run  # type: ignore[return-value]


def echo_json(value: Any) -> None:
    """JSON on stdout; ASCII escapes where stdout cannot encode the text (e.g. PYTHONIOENCODING=latin-1)."""
    utf = (getattr(sys.stdout, "encoding", "") or "").lower().replace("-", "") in ("utf8", "utf8sig")
    typer.echo(json.dumps(value, ensure_ascii=not utf, indent=2))


def show(report: Report, as_json: bool) -> None:
    """Every problem, at most SHOWN_PER_KIND of one code in one file: the rest are counted."""
    shown: list[Problem] = []
    left: Counter[tuple[str, str]] = Counter()
    per_kind: Counter[tuple[str, str]] = Counter()
    for p in report.sorted():
        per_kind[(p.file, p.code)] += 1
        if per_kind[(p.file, p.code)] <= SHOWN_PER_KIND:
            shown.append(p)
        else:
            left[(p.file, p.code)] += 1
    if as_json:
        echo_json({**{k: v for k, v in report.to_dict().items() if k != "problems"},
                   "problems": [p.to_dict() for p in shown],
                   "omitted": [{"file": f, "code": c, "count": n} for (f, c), n in sorted(left.items())]})
        return
    for p in shown:
        where = (p.file or "-") + (f":{p.row}" if p.row is not None else "") + (f" [{p.field}]" if p.field else "")
        value = f" {p.value!r}" if p.value is not None else ""
        typer.echo(f"{p.severity}: {where} {p.code}{value}\n    {p.message}")
    for (file, code), n in sorted(left.items()):
        typer.echo(f"... and {n} more {code} problem(s) in {file or '-'} (--json lists the first "
                   f"{SHOWN_PER_KIND} of each kind too)")
    if report.problems:
        typer.echo(f"{len(report.errors)} error(s), {len(report.warnings)} warning(s)")


@app.command()
@boundary
def validate(project: Path = ProjectOption, as_json: bool = JsonOption) -> None:
    """Run every check without writing anything."""
    from .check.project import check_project

    report = check_project(Project.at(project)).report
    show(report, as_json)
    if not report.valid:
        raise typer.Exit(report.exit_code)
    if not as_json:
        typer.echo("valid")


@app.command()
@boundary
def build(project: Path = ProjectOption, as_json: bool = JsonOption) -> None:
    """Check the curated tables and write datapackage/ (nothing is written if anything is invalid)."""
    from .write.package import build as build_package

    checked = build_package(Project.at(project))
    show(checked.report, as_json)
    if not as_json:
        counts = ", ".join(f"{name} {len(table)}" for name, table in checked.tables.items())
        typer.echo(f"built datapackage/ ({counts})")


@app.command()
@boundary
def trace(record_id: str = typer.Argument(..., metavar="ID", help="The ID of any record, citation or source."),
          project: Path = ProjectOption, as_json: bool = JsonOption) -> None:
    """Show a record and each citation within its sentence in the source, with file and line:column."""
    from .check.project import check_project
    from .trace import format_trace
    from .trace import trace as trace_record

    checked = check_project(Project.at(project))
    if not checked.complete:
        raise FactpackError(checked.report)
    result = trace_record(checked, record_id)
    if as_json:
        echo_json(result)
    else:
        typer.echo(format_trace(result, color=sys.stdout.isatty()))


@app.command()
@boundary
def stats(project: Path = ProjectOption, as_json: bool = JsonOption) -> None:
    """Rows per table and per source; records without citations; records linked to no other."""
    from .check.project import check_project
    from .stats import format_stats
    from .stats import stats as compute_stats

    checked = check_project(Project.at(project))
    result = compute_stats(checked)  # None when a table could not be read at all
    if as_json:
        echo_json({**(result or {}), "valid": checked.report.valid,
                   "problems": checked.report.to_dict()["problems"]})
    else:
        # Counts help most while the tables are still being fixed: shown for an invalid project too.
        if result is not None:
            typer.echo(format_stats(result))
        if checked.report.problems:
            typer.echo("")
            show(checked.report, False)
    if not checked.report.valid:
        raise typer.Exit(checked.report.exit_code)


@app.command()
@boundary
def diff(old: str = typer.Argument(..., help="Package folder, project, .zip archive, or a released version."),
         new: str = typer.Argument(..., help="Package folder, project, .zip archive, or a released version."),
         project: Path = ProjectOption, as_json: bool = JsonOption) -> None:
    """Compare two data packages: records by primary key (field by field), schemas and metadata."""
    from .release import diffreport
    from .release.diff import diff as compare
    from .release.diff import load_package

    root = Project.at(project)
    result = compare(load_package(old, root), load_package(new, root))
    typer.echo(diffreport.to_json(result) if as_json else diffreport.to_markdown(result).rstrip("\n"))


@app.command()
@boundary
def release(bump: str = typer.Option(None, "--bump", help="auto (the default), major, minor or patch."),
            note: str = typer.Option(..., "--note", help="The curator's note for the changelog."),
            version: str = typer.Option(None, "--version", help="Set the version (e.g. 1.0.0) instead of --bump."),
            dry_run: bool = typer.Option(False, "--dry-run", help="Show the release; write nothing."),
            project: Path = ProjectOption, as_json: bool = JsonOption) -> None:
    """Release the package: version from the diff, changelog entry, releases/<version>/, dist/."""
    from .release import diffreport
    from .release.changelog import release_date
    from .release.release import BUMPS
    from .release.release import release as cut

    if bump is not None and version is not None:
        # Either one says which version comes next: given both, neither is chosen over the other.
        raise typer.BadParameter("give --bump or --version, not both", param_hint="'--bump' / '--version'")
    bump = bump or "auto"
    if bump not in BUMPS:
        raise typer.BadParameter(f"choose one of {', '.join(BUMPS)}", param_hint="--bump")
    root = Project.at(project)
    plan, written = cut(root, bump, note, release_date(root.root, os.environ), version, dry_run)
    if as_json:
        echo_json({"name": plan.name, "version": plan.version, "previous": plan.previous, "bump": plan.bump,
                   "required": plan.required, "date": plan.date, "archive": f"dist/{plan.archive_name}",
                   "written": written, "entry": plan.entry,
                   "diff": diffreport.to_dict(plan.diff) if plan.diff else None})
        return
    typer.echo(plan.entry)
    if dry_run:
        typer.echo(f"dry run: {plan.name} {plan.version} not written")
        return
    typer.echo("wrote " + ", ".join(written))
    typer.echo(f"next: git add schemas/package.json releases datapackage && git commit -m 'Release {plan.version}' "
               f"&& git tag v{plan.version}")


@app.command()
@boundary
def dist(version: str = typer.Argument(None, help="A released version (default: the current one, in "
                                                  "schemas/package.json)."),
         project: Path = ProjectOption, as_json: bool = JsonOption) -> None:
    """Write dist/: the release's zip (datapackage.json at its root), datapackage.json, every data file and
    SHA256SUMS, rebuilt from the repository and checked against releases/<version>/."""
    from .release.dist import dist as write_dist

    result, written = write_dist(Project.at(project), version)
    if as_json:
        echo_json({**result.to_dict(), "written": written})
        return
    for line in result.tried:
        typer.echo(f"rebuild from {line}")
    typer.echo(f"wrote {len(written)} files to dist/ for {result.name} {result.version} "
               f"(rebuilt byte for byte from the {result.rebuilt_from}):")
    for path in written:
        typer.echo(f"  {path}")


@app.command()
@boundary
def verify(path: Path = typer.Argument(None, help="A release archive (.zip), its unzipped folder, or a released "
                                                   "version (e.g. 1.0.0). Default: dist/<name>-<version>.zip of "
                                                   "the current version."),
           project: Path = ProjectOption, as_json: bool = JsonOption) -> None:
    """Check every checksum of a release, and that the repository rebuilds the same bytes."""
    from .release.verify import verify as check

    result = check(path, Project.at(project), None if path is None else str(path))
    if as_json:
        echo_json(result.to_dict())
    else:
        show(result.report, False)
    if not result.report.valid:
        raise typer.Exit(result.report.exit_code)
    if not as_json:
        for line in result.tried:
            typer.echo(f"rebuild from {line}")
        typer.echo(f"verified {result.name} {result.version}: {result.files} files, every checksum holds, "
                   f"rebuilt byte for byte from the {result.rebuilt_from}")


@app.command()
@boundary
def init(folder: Path = typer.Argument(..., help="A new or empty folder for the project."),
         name: str = typer.Option(None, "--name", help="The package's name (default: the folder's name)."),
         as_json: bool = JsonOption) -> None:
    """Write a minimal new project (a schema, a curated table, a seed, package metadata) that builds at once."""
    from .init import init as make

    written = make(folder, name)
    if as_json:
        echo_json({"project": str(folder), "written": written})
        return
    typer.echo(f"wrote a new project in {folder}:")
    for path in written:
        typer.echo(f"  {path}")
    typer.echo(f"next: factpack build --project {folder}")
