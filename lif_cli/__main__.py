"""`python -m lif_cli` runs the `lif` command."""

from lif_cli.cli.entry import run

run()
