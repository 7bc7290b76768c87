"""`lif report` (being written; registers no command yet)."""
