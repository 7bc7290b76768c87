"""`lif schema`: write (or check) the JSON Schemas of every record kind."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from lif_cli.errors import LifError
from lif_cli.render.words import plural

from .app import app


@app.command("schema")
def schema(
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Folder to write the schemas into.")
    ] = Path("schemas"),
    check: Annotated[
        bool,
        typer.Option("--check", help="Write nothing; exit 1 if any schema is missing or stale."),
    ] = False,
) -> None:
    """Write JSON Schemas generated from lif's models, one per record kind.

    Point your editor at them for completion and checking as you type (see
    docs/EDITORS.md). With --check, exit 1 when the files differ from the models.
    """
    from lif_cli import schemas

    if check:
        bad = schemas.stale(out)
        if bad:
            typer.echo(f"stale or missing schemas in {out}: {', '.join(bad)}", err=True)
            typer.echo("hint: run 'lif schema' and commit the result", err=True)
            raise typer.Exit(1)
        typer.echo(f"ok: {len(schemas.schema_names())} schemas in {out} are current")
        return
    try:
        changed = schemas.write(out)
    except OSError as exc:
        raise LifError(f"cannot write schemas to {out}: {exc.strerror}") from exc
    typer.echo(
        f"wrote {plural(len(changed), 'changed schema')} to {out}"
        if changed
        else f"schemas in {out} are already current"
    )
