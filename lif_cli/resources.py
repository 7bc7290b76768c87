"""Files that ship inside the package: report templates and JSON Schemas.

In the source tree they live at the top level (``templates/``, ``schemas/``);
the build maps them into the package as ``lif_cli.templates`` and
``lif_cli.schemas_data`` (see pyproject.toml), so an installed lif finds them
without the source tree.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def _package_dir(package: str, fallback: str) -> Path:
    try:
        found = resources.files(package)
        path = Path(str(found))
        if path.is_dir():
            return path
    except (ModuleNotFoundError, TypeError):
        pass
    return Path(__file__).resolve().parent.parent / fallback


def templates_dir() -> Path:
    """The folder of lif's built-in Jinja2 templates."""
    return _package_dir("lif_cli.templates", "templates")


def schemas_dir() -> Path:
    """The folder of lif's generated JSON Schemas."""
    return _package_dir("lif_cli.schemas_data", "schemas")
