"""`lif changes` (being written; registers no command yet)."""
