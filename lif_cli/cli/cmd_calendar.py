"""`lif calendar` (being written; registers no command yet)."""
