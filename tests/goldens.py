"""Golden files: compare output with a file kept in tests/golden/."""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

GOLDEN = Path(__file__).resolve().parent / "golden"


def assert_golden(actual: str, path: Path) -> None:
    """Compare with a golden file; LIF_UPDATE_GOLDEN=1 rewrites it."""
    if os.environ.get("LIF_UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    expected = path.read_text(encoding="utf-8") if path.exists() else ""
    if actual != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                actual.splitlines(keepends=True),
                fromfile=f"{path.name} (golden)",
                tofile=f"{path.name} (now)",
            )
        )
        pytest.fail(
            f"the output differs from {path} (rerun with LIF_UPDATE_GOLDEN=1 if the change "
            f"is intended):\n{diff}",
            pytrace=False,
        )
