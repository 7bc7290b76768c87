"""`lif import` (being written; registers no command yet)."""
