"""The `lif` command: one typer app, one error boundary.

Each command lives in its own small module and calls one library function;
heavy libraries are imported inside commands so `lif --help` starts fast.
"""

from __future__ import annotations

import os
import sys

import typer

from lif_cli import __version__
from lif_cli.errors import LifError

app = typer.Typer(
    name="lif",
    help="Learning and improvement records for a safeguarding children partnership.\n\n"
    "Records are YAML files in a git repository; lif validates them and shows the "
    "action plan, the reporting calendar, performance data and board papers.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"lif {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Learning and improvement records for a safeguarding children partnership."""


# Each module adds its command(s) to `app` when imported. Order is --help order.
COMMAND_MODULES = (
    "cmd_validate",
    "cmd_status",
    "cmd_plan",
    "cmd_calendar",
    "cmd_indicators",
    "cmd_s11",
    "cmd_training",
    "cmd_changes",
    "cmd_report",
    "cmd_site",
    "cmd_init",
    "cmd_new",
    "cmd_update",
    "cmd_export",
    "cmd_import",
    "cmd_region",
    "cmd_schema",
)


def _register() -> None:
    import importlib

    for name in COMMAND_MODULES:
        importlib.import_module(f"{__package__}.{name}")


_register()


def _fail(message: str, hint: str | None, code: int) -> int:
    from lif_cli.render.safe import visible
    from lif_cli.render.words import wrap_words

    from .options import text_width

    # a message may quote a path, a ref or a cell: never a raw control character;
    # at a terminal, a long one is broken between words, never inside one
    err = sys.stderr
    width = text_width(err)
    lines = wrap_words("lif: error: ", visible(message), "  ", width)
    if hint:
        lines += wrap_words("hint: ", visible(hint), "  ", width)
    err.write("\n".join(lines) + "\n")
    return code


def _narrowed(argv: list[str]) -> typer.Typer:
    """The app with only the command ``argv`` names, when it names one.

    Typer builds every registered command (its options, their types) before it
    runs any; a run needs only its own. Anything else (no command, an option
    first, a misspelt name, shell completion) gets the whole app.
    """
    name = argv[0] if argv else None
    if not name or "_LIF_COMPLETE" in os.environ:
        return app
    commands = [c for c in app.registered_commands if c.name == name]
    groups = [g for g in app.registered_groups if g.name == name]
    if len(commands) + len(groups) != 1:
        return app
    import copy

    one = copy.copy(app)  # shallow: the registry lists are replaced, not changed
    one.registered_commands = commands
    one.registered_groups = groups
    return one


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the app, turning every failure into a message and exit code."""
    # Pydantic loads any plugin an installed package declares, and a plugin sees
    # every value validated: lif's records hold case details, so none is loaded.
    os.environ["PYDANTIC_DISABLE_PLUGINS"] = "__all__"
    args = sys.argv[1:] if argv is None else argv
    try:
        rv = _narrowed(args)(args=args, prog_name="lif", standalone_mode=False)
        code = rv if isinstance(rv, int) else 0
    except typer.Exit as exc:
        code = exc.exit_code
    except typer.Abort:
        sys.stderr.write("lif: aborted\n")
        code = 130
    except typer.TyperException as exc:
        # typer (>= 0.29) vendors click: a bad option raises its usage error
        # (exit 2), which must not reach the internal-error branch. lif does
        # not import click itself: it is not installed alongside typer.
        show = getattr(exc, "show", None)
        if show is not None:
            show()
        else:
            sys.stderr.write(f"lif: error: {exc.format_message()}\n")
        code = exc.exit_code
    except LifError as exc:
        code = _fail(exc.message, exc.hint, exc.exit_code)
    except KeyboardInterrupt:
        sys.stderr.write("lif: interrupted\n")
        code = 130
    except BrokenPipeError:
        # `lif plan | head`: the reader went away; that is not an error.
        try:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        except OSError:
            pass
        code = 0
    except Exception as exc:  # the last line of defence: never a traceback
        if os.environ.get("LIF_DEBUG"):
            raise
        code = _fail(
            f"internal error ({type(exc).__name__}: {exc})",
            "this is a bug in lif, not in your records: please report it with the command "
            "you ran (set LIF_DEBUG=1 to see the traceback)",
            3,
        )
    return code


def run() -> None:
    sys.exit(main())
