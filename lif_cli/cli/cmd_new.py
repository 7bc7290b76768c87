"""`lif new` (being written; registers no command yet)."""
