"""`lif region status` and `lif region report`: text, Markdown and JSON.

Renderers return strings. Text fits 80 columns; Markdown is for papers.
"""

from __future__ import annotations

import json
from typing import Any

from lif_cli.render.words import plural

_HEAD = (
    "partnership",
    "red",
    "amber",
    "green",
    "blue",
    "overdue",
    "in prog",
    "met/missed",
    "late/overdue",
)


LIST_LIMIT = 40  # lines of a list in the text report; md and json list everything


def render_json(report: dict[str, Any]) -> str:
    """Compact, on one line: a region's report can list a hundred thousand actions,
    and json's C encoder runs only without indentation (8 s -> under 1 s at 150
    partnerships). Pipe it through `jq .` to read it."""
    return json.dumps(report, ensure_ascii=False, separators=(",", ":")) + "\n"


def _status_rows(report: dict[str, Any]) -> list[tuple[str, ...]]:
    rows = []
    for p in report["partnerships"]:
        if not p["read"]:
            continue
        a, t, r = p["actions"], p["timescales"], p["returns"]
        rows.append(
            (
                p["id"],
                str(a["red"]),
                str(a["amber"]),
                str(a["green"]),
                str(a["blue"]),
                str(p["overdue"]),
                str(p["reviews_in_progress"]),
                f"{t['met']}/{t['missed'] + t['overdue']}",
                f"{r['late']}/{r['overdue']}",
            )
        )
    return rows


def _headline(report: dict[str, Any]) -> str:
    n = len(report["partnerships"])
    bad = len(report["unreadable"])
    tail = f" ({bad} could not be read)" if bad else ""
    return f"{report['region']}: {plural(n, 'partnership')} as of {report['as_of']}{tail}"


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _grid(
    head: tuple[str, ...], rows: list[tuple[str, ...]], text_cols: tuple[int, ...] = (24,)
) -> list[str]:
    """Left-aligned text columns (each at most its width, cut with …), then numbers."""
    n = len(text_cols)
    widths = [max(len(x) for x in col) for col in zip(head, *rows, strict=True)]
    for i, cap in enumerate(text_cols):
        widths[i] = min(widths[i], cap)

    def line(cells: tuple[str, ...]) -> str:
        left = [_fit(c, w).ljust(w) for c, w in zip(cells[:n], widths[:n], strict=True)]
        rest = [c.rjust(w) for c, w in zip(cells[n:], widths[n:], strict=True)]
        return "  ".join([*left, *rest]).rstrip()

    return [line(head), *(line(r) for r in rows)]


def _unreadable_text(report: dict[str, Any]) -> list[str]:
    if not report["unreadable"]:
        return []
    out = ["", "Could not be read:"]
    for u in report["unreadable"]:
        out.append(f"  {u['id']} ({u['name']}): {u['reason']}")
    return out


def render_status_text(report: dict[str, Any]) -> str:
    """Actions by RAG, overdue, reviews in progress, timescales and returns by partnership."""
    out = [_headline(report), ""]
    out += _grid(_HEAD, _status_rows(report))
    out += [
        "",
        "Actions by RAG and overdue; reviews in progress; statutory timescales met and",
        "missed (or overdue); calendar returns late and overdue this business year.",
    ]
    out += _unreadable_text(report)
    return "\n".join(out) + "\n"


def render_report_text(report: dict[str, Any]) -> str:
    """The status, then reviews, themes, overdue actions, indicators and late returns."""
    out = [render_status_text(report).rstrip("\n")]
    out += ["", "Serious incidents"]
    rows = [
        (
            i["partnership"],
            str(i["incidents"]),
            str(i["last_year"]),
            str(i["open"]),
            f"{i['steps_met']}/{i['steps_missed']}",
        )
        for i in report["incidents"]
    ]
    out += _grid(("partnership", "all", "last year", "open", "met/missed"), rows)
    out += ["", "Reviews by type"]
    rows = [
        (
            r["partnership"],
            r["type"],
            str(r["reviews"]),
            str(r["last_year"]),
            str(r["in_progress"]),
            f"{r['timescales_met']}/{r['timescales_missed']}",
        )
        for r in report["reviews"]
    ]
    head = ("partnership", "type", "all", "last year", "in prog", "met/missed")
    out += _grid(head, rows, (14, 24))
    out += ["", "Themes across reviews"]
    rows = [
        (
            t["title"],
            str(t["reviews"]),
            str(t["reviews_last_year"]),
            str(t["sources"]),
            str(sum(1 for n in t["by_partnership"].values() if n)),
        )
        for t in report["themes"]
    ]
    out += _grid(("theme", "reviews", "last year", "sources", "partnerships"), rows, (30,))
    overdue = sorted(report["overdue_actions"], key=lambda a: -a["days_overdue"])
    out += ["", f"Overdue actions ({len(overdue)}), most overdue first"]
    for a in overdue[:LIST_LIMIT]:
        out.append(
            f"  {a['partnership']}  {a['id']}  {a['agency']}  due {a['due']}"
            f"  ({a['days_overdue']} days)"
        )
    if len(overdue) > LIST_LIMIT:
        out.append(f"  ... and {len(overdue) - LIST_LIMIT} more (--format md or json lists all)")
    out += ["", "Indicators side by side (latest value, RAG)"]
    for i in report["indicators"]:
        out.append(f"  {i['id']}: {_side_by_side(i['values'])}")
    late = report["late_returns"]
    out += ["", f"Returns late or overdue ({len(late)})"]
    for r in late[:LIST_LIMIT]:
        out.append(f"  {r['partnership']}  {r['month']}  {r['entry']}  {r['status']}")
    if len(late) > LIST_LIMIT:
        out.append(f"  ... and {len(late) - LIST_LIMIT} more (--format md or json lists all)")
    return "\n".join(out) + "\n"


def _side_by_side(values: dict[str, dict[str, Any]]) -> str:
    """Each partnership's latest value; past a handful, counts by RAG and the range."""
    if len(values) <= 5:
        return ", ".join(
            f"{p} {_num(v['latest'])}{' ' + v['rag'] if v['rag'] else ''}"
            for p, v in values.items()
        )
    rags = [v["rag"] for v in values.values() if v["rag"]]
    nums = [v["latest"] for v in values.values() if v["latest"] is not None]
    counts = ", ".join(f"{r} {rags.count(r)}" for r in ("red", "amber", "green") if r in rags)
    span = f"; {_num(min(nums))} to {_num(max(nums))}" if nums else ""
    return f"{plural(len(values), 'partnership')}{'; ' + counts if counts else ''}{span}"


def _by(counts: dict[str, int]) -> str:
    return ", ".join(f"{p} {n}" for p, n in counts.items() if n)


def _num(v: Any) -> str:
    if v is None:
        return "-"
    return f"{v:g}" if isinstance(v, float) else str(v)


def _md_table(head: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    def esc(s: str) -> str:
        return s.replace("|", "\\|")

    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(esc(c) for c in r) + " |" for r in rows]
    return out


def render_md(report: dict[str, Any], full: bool = True) -> str:
    """The status (and, when ``full``, the whole report) as Markdown."""
    out = [
        f"# {report['region']}",
        "",
        _headline(report) + ".",
        "",
        "## Actions and timescales",
        "",
    ]
    out += _md_table(_HEAD, _status_rows(report))
    if report["unreadable"]:
        out += ["", "## Could not be read", ""]
        out += [f"- **{u['id']}** ({u['name']}): {u['reason']}" for u in report["unreadable"]]
    if not full:
        return "\n".join(out) + "\n"
    out += ["", "## Serious incidents", ""]
    out += _md_table(
        ("partnership", "incidents", "last year", "open", "timescales met", "missed"),
        [
            (
                i["partnership"],
                str(i["incidents"]),
                str(i["last_year"]),
                str(i["open"]),
                str(i["steps_met"]),
                str(i["steps_missed"]),
            )
            for i in report["incidents"]
        ],
    )
    out += ["", "## Reviews by type", ""]
    out += _md_table(
        ("partnership", "type", "all", "last year", "in progress", "timescales met", "missed"),
        [
            (
                r["partnership"],
                r["type"],
                str(r["reviews"]),
                str(r["last_year"]),
                str(r["in_progress"]),
                str(r["timescales_met"]),
                str(r["timescales_missed"]),
            )
            for r in report["reviews"]
        ],
    )
    out += ["", "## Themes across reviews", ""]
    out += _md_table(
        ("theme", "reviews", "last year", "sources", "reviews by partnership"),
        [
            (
                t["title"],
                str(t["reviews"]),
                str(t["reviews_last_year"]),
                str(t["sources"]),
                _by(t["by_partnership"]),
            )
            for t in report["themes"]
        ],
    )
    out += ["", "## Overdue actions", ""]
    out += _md_table(
        ("partnership", "action", "agency", "due", "days overdue"),
        [
            (a["partnership"], a["id"], a["agency"], a["due"], str(a["days_overdue"]))
            for a in report["overdue_actions"]
        ],
    )
    pids = [p["id"] for p in report["partnerships"] if p["read"]]
    out += ["", "## Indicators side by side", ""]
    out += _md_table(
        ("indicator", *pids),
        [(i["id"], *(_cell(i["values"].get(p)) for p in pids)) for i in report["indicators"]],
    )
    out += ["", "## Returns late or overdue", ""]
    out += _md_table(
        ("partnership", "month", "entry", "status"),
        [(r["partnership"], r["month"], r["entry"], r["status"]) for r in report["late_returns"]],
    )
    return "\n".join(out) + "\n"


def _cell(v: dict[str, Any] | None) -> str:
    if not v:
        return ""
    rag = f" ({v['rag']})" if v["rag"] else ""
    return f"{_num(v['latest'])}{rag}"


def render_docx(report: dict[str, Any], full: bool = True) -> bytes:
    """The Markdown above as a Word document, through the papers' one docx writer."""
    from datetime import date

    from lif_cli import __version__
    from lif_cli.render.docx_paper import DocxPaper, build_docx

    as_of = date.fromisoformat(report["as_of"])
    what = "report" if full else "status"
    return build_docx(
        DocxPaper(
            markdown=render_md(report, full),
            title=f"{report['region']}: {what}",
            subject=f"{report['region']}, {what} as of {report['as_of']}",
            author=report["region"],
            footer=f"{report['region']} · as of {report['as_of']} · lif {__version__}",
            as_of=as_of,
        )
    )
