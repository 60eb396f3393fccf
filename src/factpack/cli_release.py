"""The release commands (diff, release, verify), registered on the factpack app in cli.py."""

from __future__ import annotations

import json
import os
from pathlib import Path

import typer

from .cli_shared import JsonOption, ProjectOption, show
from .paths import Project
from .problems import FactpackError

def diff(old: str = typer.Argument(..., help="Package folder, project, .zip archive, or a released version."),
         new: str = typer.Argument(..., help="Package folder, project, .zip archive, or a released version."),
         project: Path = ProjectOption, as_json: bool = JsonOption) -> None:
    """Compare two data packages: records by primary key (field by field), schemas and metadata."""
    from .read import package as datapkg
    from .release import diffreport
    from .release.diff import diff as compare

    try:
        result = compare(_package(old, project, datapkg), _package(new, project, datapkg))
    except FactpackError as e:
        show(e.report, as_json)
        raise typer.Exit(1) from None
    typer.echo(diffreport.to_json(result) if as_json else diffreport.to_markdown(result).rstrip("\n"))


def _package(where: str, project: Path, datapkg):
    from .release.versioning import Version

    path = Path(where)
    if not path.exists() and Version.parse(where) is not None:
        return datapkg.load(Project.at(project).release_dir(where), f"releases/{where}")
    return datapkg.load(path, where)


def release(bump: str = typer.Option(None, "--bump", help="auto (the default), major, minor or patch."),
            note: str = typer.Option(..., "--note", help="The curator's note for the changelog."),
            version: str = typer.Option(None, "--version", help="Set the version (e.g. 1.0.0) instead of --bump."),
            dry_run: bool = typer.Option(False, "--dry-run", help="Show the release; write nothing."),
            project: Path = ProjectOption, as_json: bool = JsonOption) -> None:
    """Release the package: version from the diff, changelog entry, releases/<version>/, dist/*.zip."""
    from .release import diffreport
    from .release.changelog import release_date
    from .release.release import BUMPS, release as cut

    if bump is not None and version is not None:
        # Either one says which version comes next: given both, neither is chosen over the other.
        raise typer.BadParameter("give --bump or --version, not both", param_hint="'--bump' / '--version'")
    bump = bump or "auto"
    if bump not in BUMPS:
        raise typer.BadParameter(f"choose one of {', '.join(BUMPS)}", param_hint="--bump")
    root = Project.at(project)
    try:
        plan, written = cut(root, bump, note, release_date(root.root, os.environ), version, dry_run)
    except FactpackError as e:
        show(e.report, as_json)
        raise typer.Exit(1) from None
    if as_json:
        typer.echo(json.dumps({"name": plan.name, "version": plan.version, "previous": plan.previous,
                               "bump": plan.bump, "required": plan.required, "date": plan.date,
                               "archive": f"dist/{plan.archive_name}", "written": written, "entry": plan.entry,
                               "diff": diffreport.to_dict(plan.diff) if plan.diff else None},
                              ensure_ascii=False, indent=2))
        return
    typer.echo(plan.entry)
    if dry_run:
        typer.echo(f"dry run: {plan.name} {plan.version} not written")
        return
    typer.echo("wrote " + ", ".join(written))
    typer.echo(f"next: git add schemas/package.json releases datapackage && git commit -m 'Release {plan.version}' && git tag v{plan.version}")


def verify(path: Path = typer.Argument(None, help="A release archive (.zip), its unzipped folder, or a released "
                                                   "version (e.g. 1.0.0). Default: dist/<name>-<version>.zip of "
                                                   "the current version."),
           project: Path = ProjectOption, as_json: bool = JsonOption) -> None:
    """Check every checksum of a release, and that the repository rebuilds the same bytes."""
    from .release.verify import verify as check

    try:
        result = check(path, Project.at(project), None if path is None else str(path))
    except FactpackError as e:
        show(e.report, as_json)
        raise typer.Exit(1) from None
    if as_json:
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        show(result.report, False)
    if not result.report.valid:
        raise typer.Exit(1)
    if not as_json:
        for line in result.tried:
            typer.echo(f"rebuild from {line}")
        typer.echo(f"verified {result.name} {result.version}: {result.files} files, every checksum holds, "
                   f"rebuilt byte for byte from the {result.rebuilt_from}")


def dist(version: str = typer.Argument(None, help="A released version (default: the current one, in "
                                                  "schemas/package.json)."),
         project: Path = ProjectOption, as_json: bool = JsonOption) -> None:
    """Write dist/: the release's zip (datapackage.json at its root), datapackage.json, every data file and
    SHA256SUMS, rebuilt from the repository and checked against releases/<version>/."""
    from .release.dist import dist as write_dist

    try:
        result, written = write_dist(Project.at(project), version)
    except FactpackError as e:
        show(e.report, as_json)
        raise typer.Exit(1) from None
    if as_json:
        typer.echo(json.dumps({**result.to_dict(), "written": written}, ensure_ascii=False, indent=2))
        return
    for line in result.tried:
        typer.echo(f"rebuild from {line}")
    typer.echo(f"wrote {len(written)} files to dist/ for {result.name} {result.version} "
               f"(rebuilt byte for byte from the {result.rebuilt_from}):")
    for path in written:
        typer.echo(f"  {path}")
