"""`lif indicators` (being written; registers no command yet)."""
