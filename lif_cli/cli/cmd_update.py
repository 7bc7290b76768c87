"""`lif update` (being written; registers no command yet)."""
