"""`lif training` (being written; registers no command yet)."""
