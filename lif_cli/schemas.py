"""JSON Schemas generated from the models, for editors and other tools.

One schema per kind, named ``<kind>.schema.json``. Editors that speak
yaml-language-server (VS Code's YAML extension) map folders to them, so
reviewers get completion and errors while they type (see docs/EDITORS.md).
"""

from __future__ import annotations

import json
from pathlib import Path

from .models import KIND_MODELS, KIND_NOUNS, TOP_MODELS

SCHEMA_URL = "https://json-schema.org/draft/2020-12/schema"


def schema_names() -> dict[str, str]:
    """{file name: kind} for every schema lif generates."""
    names = {f"{stem}.schema.json": stem for stem in TOP_MODELS}
    for kind in KIND_MODELS:
        noun = KIND_NOUNS[kind].replace(" ", "-")
        names[f"{noun}.schema.json"] = kind
    return names


def generate() -> dict[str, str]:
    """{file name: JSON text} of every schema."""
    out = {}
    for name, kind in schema_names().items():
        model = KIND_MODELS.get(kind) or TOP_MODELS[kind]
        schema = model.model_json_schema(by_alias=True, mode="validation")
        schema = {"$schema": SCHEMA_URL, "$id": f"lif:{name}", **schema}
        schema["title"] = f"lif {KIND_NOUNS.get(kind, kind + '.yaml')}"
        out[name] = json.dumps(schema, indent=2, sort_keys=False, ensure_ascii=False) + "\n"
    return out


def write(folder: Path) -> list[str]:
    """Write every schema into ``folder``; return the names that changed."""
    folder.mkdir(parents=True, exist_ok=True)
    changed = []
    for name, text in generate().items():
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(name)
    return changed


def stale(folder: Path) -> list[str]:
    """Names of schemas in ``folder`` that are missing or differ from the models."""
    out = []
    for name, text in generate().items():
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            out.append(name)
    return out
