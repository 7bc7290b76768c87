"""`lif plan` (being written; registers no command yet)."""
