"""`lif status` (being written; registers no command yet)."""
