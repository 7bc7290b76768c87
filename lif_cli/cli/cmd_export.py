"""`lif export` (being written; registers no command yet)."""
