"""`lif s11` (being written; registers no command yet)."""
