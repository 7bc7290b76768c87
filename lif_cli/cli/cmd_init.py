"""`lif init`: start a new records repository."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from lif_cli.render.words import plural

from .app import app
from .options import say


class Framework(StrEnum):
    wt2015 = "wt2015"
    wt2018 = "wt2018"
    wt2023 = "wt2023"


class Holidays(StrEnum):
    england = "england"
    wales = "wales"
    scotland = "scotland"
    northern_ireland = "northern-ireland"
    none = "none"


def initials(name: str) -> str:
    """'Norfolk Safeguarding Children Partnership' -> 'NSCP'."""
    return "".join(w[0] for w in name.split() if w[:1].isalpha() and w[0].isupper())


def _ask(question: str, default: str | None = None) -> str:
    answer = typer.prompt(question, default=default or "", show_default=bool(default))
    return str(answer).strip()


@app.command("init")
def init(
    folder: Annotated[
        Path | None,
        typer.Argument(
            metavar="DIR",
            help="The folder to start the repository in (default: the current folder).",
            show_default=False,
        ),
    ] = None,
    partnership: Annotated[
        str,
        typer.Option(
            "--partnership",
            "-p",
            help="The partnership's name, e.g. 'Norfolk Safeguarding Children Partnership'.",
            show_default=False,
        ),
    ] = "",
    short_name: Annotated[
        str | None, typer.Option("--short-name", help="A short name, e.g. NSCP.")
    ] = None,
    framework: Annotated[
        Framework,
        typer.Option("--framework", help="Which Working Together's statutory timescales apply."),
    ] = Framework.wt2023,
    year_start_month: Annotated[
        int,
        typer.Option("--year-start-month", min=1, max=12, help="First month of the business year."),
    ] = 4,
    holidays: Annotated[
        Holidays,
        typer.Option("--holidays", help="Bank holidays left out of working-day timescales."),
    ] = Holidays.england,
    no_git: Annotated[
        bool, typer.Option("--no-git", help="Write the files only: no git init, no commit.")
    ] = False,
) -> None:
    """Start a records repository: settings, agencies, groups, calendar and folders.

    Writes lif.yaml, agencies.yaml, groups.yaml and calendar.yaml (with commented
    examples), a folder for each kind of record, .gitignore, a pre-commit hook
    and a GitHub Actions workflow that run 'lif validate', CI recipes that build
    the dashboard site on every push to main (GitHub and GitLab Pages, published
    only once LIF_SITE_PUBLISH is set: see docs/site.md), editor settings that
    give completion from lif's JSON Schemas, then runs git init and makes the
    first commit. Never overwrites a file: refuses if any it would write exists.
    On a terminal, asks for the partnership's name and short name when
    --partnership is not given; elsewhere (a script, CI) --partnership is needed.
    """
    from lif_cli import authoring, gitwrite
    from lif_cli.errors import LifError, UsageError

    root = (folder or Path.cwd()).resolve()
    if not partnership.strip() and sys.stdin.isatty():
        # on a terminal, ask for what is needed rather than only failing
        partnership = _ask("Partnership name (e.g. Norfolk Safeguarding Children Partnership)")
        if short_name is None:
            short_name = _ask("Short name", default=initials(partnership)) or None
    if not partnership.strip():
        raise UsageError(
            "give the partnership's name with --partnership",
            hint="e.g. lif init records --partnership 'Norfolk Safeguarding Children Partnership'",
        )
    if root.exists() and not root.is_dir():
        raise UsageError(f"{root} is a file, not a folder")
    files = authoring.init_files(
        authoring.InitRequest(
            folder=root,
            partnership=partnership.strip(),
            short_name=short_name,
            framework=framework.value,
            year_start_month=year_start_month,
            holidays=holidays.value,
        )
    )
    conflicts = authoring.init_conflicts(root, files)
    if "lif.yaml" in conflicts:
        raise LifError(
            f"{root} is already a records repository (it has lif.yaml); nothing was written",
            hint="lif init starts a new repository; run 'lif validate' to check this one",
        )
    if conflicts:
        shown = ", ".join(conflicts[:5]) + (" ..." if len(conflicts) > 5 else "")
        raise LifError(
            f"lif init would overwrite {plural(len(conflicts), 'file')} in {root}: {shown}; "
            "nothing was written",
            hint="start in an empty folder, or move those files away first",
        )
    in_git = False
    if not no_git:
        in_git = gitwrite.is_work_tree(root) if root.exists() else False
    authoring.write_init(root, files)
    typer.echo(f"started a records repository in {root} ({len(files)} files)")
    if not no_git:
        if not in_git:
            gitwrite.init(root)
        short = gitwrite.commit(root, sorted(files), "Start the records repository (lif init)")
        typer.echo(f"committed {short}: the first commit")
    typer.echo("next: edit agencies.yaml and groups.yaml, then add records with 'lif new review'")
    typer.echo("      ('lif new -h' lists the kinds) and check them with 'lif validate'")
    say(
        "before the first push: set the repository variable LIF_SPEC to where lif is "
        "installed from (see .github/workflows/lif.yml)",
        sys.stdout,
    )
