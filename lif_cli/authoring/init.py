"""``lif init``: the files a new records repository starts with."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from lif_cli import filewrite
from lif_cli.authoring.ci import GITHUB_WORKFLOW
from lif_cli.authoring.new import quote_value
from lif_cli.authoring.transaction import make_folder
from lif_cli.models import KIND_MODELS, KIND_NOUNS

KIND_README = {
    "reviews": "Case reviews, one a file: reviews/<ID>.yaml.",
    "audits": "Audits (multi-agency and single-agency), one a file.",
    "reports": "Other reports presented to a group (LADO, CDOP annual report, ...).",
    "assessments": "Section 11 self-assessments, one per agency per year.",
    "challenges": "Peer challenge events.",
    "drilldowns": "Data drilldowns: questions put to agencies about the data.",
    "indicators": "Performance indicators and their values.",
    "training": "Training evaluations.",
    "actions": "Action plans, one per source record: actions/<SOURCE-ID>.yaml.",
    "outcomes": "Outcome statements, what good looks like for each priority, and how it shows.",
    "learning-events": "Learning events: briefings, roadshows, conferences, workshops, e-learning.",
    "feedback": "Feedback from children, families and the workforce, in aggregate.",
    "risks": "The risk register: one risk a file.",
    "evidence-requests": "Requests for evidence to agencies: what, why, due, answered.",
    "incidents": "Serious incidents and the national Panel's process, one a file.",
    "scrutiny": "Independent scrutiny activities, their findings and recommendations.",
    "national-reviews": "National reviews and Panel reports adopted locally.",
}


@dataclass(frozen=True)
class InitRequest:
    folder: Path
    partnership: str
    short_name: str | None = None
    framework: str = "wt2023"
    year_start_month: int = 4
    holidays: str = "england"


def init_files(req: InitRequest) -> dict[str, str]:
    """{relative path: text} of every file a new records repository starts with."""
    import json

    from lif_cli import schemas
    from lif_cli.models.records import DEFAULT_S11_STANDARDS, DEFAULT_THEMES

    files: dict[str, str] = {}
    standards = "\n".join(
        f"  - id: {i}\n    title: {quote_value(t)}" for i, t in DEFAULT_S11_STANDARDS
    )
    themes = "\n".join(f"  - id: {i}\n    title: {quote_value(t)}" for i, t in DEFAULT_THEMES)
    short = f"short_name: {quote_value(req.short_name)}\n" if req.short_name else ""
    files["lif.yaml"] = f"""\
# Partnership settings. This file marks the root of the records repository.
partnership: {quote_value(req.partnership)}
{short}framework: {req.framework}            # wt2015 | wt2018 | wt2023: the statutory timescales
year_start_month: {req.year_start_month}          # first month of the business year
holidays: {req.holidays}            # bank holidays left out of working-day timescales
amber_days: 30               # an open action due within this many days is amber
s11_standards:               # the Section 11 standards agencies assess themselves against
{standards}
themes:                      # the themes reviews, audits and reports may name in `themes:`
{themes}
"""
    files["agencies.yaml"] = """\
# Partner agencies. Their ids are used by `agency`, `to`, `from`, `by` and similar fields.
# The three statutory safeguarding partners are listed to start with: rename them to
# fit the partnership, and add each relevant agency.
agencies:
  - id: csc
    name: Children's Services
    sector: local-authority    # local-authority | police | health | education |
                               # probation | voluntary | other
  - id: police
    name: Police
    sector: police
  - id: health
    name: Integrated Care Board
    sector: health
  # - id: education
  #   name: Schools and colleges
  #   sector: education
"""
    files["groups.yaml"] = """\
# The board (or partnership executive) and its subgroups. Every subgroup names its parent.
groups:
  - id: board
    name: Safeguarding Children Partnership
  # - id: QA
  #   name: Quality Assurance Subgroup
  #   parent: board
"""
    files["calendar.yaml"] = """\
# The reporting calendar: what each agency or group reports, to whom, in which months.
entries: []
# entries:
#   - id: lado
#     title: LADO report
#     from: csc                # the agency or group that reports
#     to: board                # the group that receives it
#     months: [1, 4, 7, 10]    # months of the year it is due
"""
    for kind, text in KIND_README.items():
        noun = KIND_NOUNS[kind].replace(" ", "-")
        command = "lif new plan --source ID" if kind == "actions" else f"lif new {noun}"
        files[f"{kind}/README.md"] = (
            f"# {kind}/\n\n{text}\n\nStart one with `{command}`; check with `lif validate`.\n"
        )
    files[".gitignore"] = """\
# lif writes through a temp file named .<file>.<random>.lif-tmp; one is left only if
# lif was killed mid-write (the record itself is intact): delete it.
*.lif-tmp
# spreadsheets exported for agencies are copies, not records
*.xlsx
*.csv
# the web site `lif site -o site` writes: never commit a copy of it (docs/site.md)
/site/
/public/
.DS_Store
"""
    files[".pre-commit-config.yaml"] = """\
# Checks the records before each commit: `pip install pre-commit && pre-commit install`.
# The hook runs the lif installed on this machine, so it needs no network.
repos:
  - repo: local
    hooks:
      - id: lif-validate
        name: lif validate
        entry: lif validate
        language: system
        pass_filenames: false
        always_run: true
"""
    files[".github/workflows/lif.yml"] = GITHUB_WORKFLOW
    from lif_cli.site import ci

    files.update(ci.workflows())
    names = schemas.schema_names()
    globs: dict[str, list[str]] = {}
    for name, kind in names.items():
        if kind in KIND_MODELS:
            pats = [f"{kind}/*.yaml", f"{kind}/*.yml"]
        else:
            pats = [f"{kind}.yaml", f"{kind}.yml"]
        globs[f"./.lif/schemas/{name}"] = pats
    files[".vscode/settings.json"] = json.dumps({"yaml.schemas": globs}, indent=2) + "\n"
    for name, text in schemas.generate().items():
        files[f".lif/schemas/{name}"] = text
    return files


def init_conflicts(folder: Path, files: Iterable[str]) -> list[str]:
    """The files ``lif init`` would write that already exist (it never overwrites)."""
    out = []
    if (folder / "lif.yaml").exists() or (folder / "lif.yml").exists():
        out.append("lif.yaml")
    out += [rel for rel in files if rel != "lif.yaml" and (folder / rel).exists()]
    return out


def write_init(folder: Path, files: dict[str, str]) -> None:
    """Write a new repository's files; every one must be new."""
    for rel, text in files.items():
        path = folder / rel
        make_folder(path.parent)
        filewrite.write_new(path, text.encode("utf-8"))
