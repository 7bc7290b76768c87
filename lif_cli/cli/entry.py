"""The `lif` entry point: shell completion's fast path, then the typer app.

A shell asks `lif` for completions on every Tab press. Completing an id or a
paper name needs neither typer nor the records, so it is answered here before
either is imported (see lif_cli.completion); so is a repeated `lif --help`
(see lif_cli.helptext). Everything else goes to the app.
"""

from __future__ import annotations

import os
import sys


def run() -> None:
    if "_LIF_COMPLETE" in os.environ:
        from lif_cli.completion import fast_answer

        answer = fast_answer()
        if answer is not None:
            sys.stdout.write(answer + "\n")
            sys.exit(0)
    if sys.argv[1:] == ["--help"]:
        sys.exit(_help())
    from lif_cli.cli.app import run as run_app

    run_app()


def _help() -> int:
    """``lif --help``: from the cache when this lif and terminal printed it before."""
    from lif_cli import helptext

    text = helptext.cached()
    if text is not None:
        sys.stdout.write(text)
        return 0
    from lif_cli.cli.app import main

    with helptext.recording() as printed:
        code = main()
    if code == 0:
        helptext.remember(printed.text)
    return code
