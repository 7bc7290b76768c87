"""The `lif` entry point: shell completion's fast path, then the typer app.

A shell asks `lif` for completions on every Tab press. Completing an id or a
paper name needs neither typer nor the records, so it is answered here before
either is imported (see lif_cli.completion); everything else goes to the app.
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
    from lif_cli.cli.app import run as run_app

    run_app()
