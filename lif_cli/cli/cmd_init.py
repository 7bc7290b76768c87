"""`lif init` (being written; registers no command yet)."""
