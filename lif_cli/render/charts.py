"""Charts for papers, drawn once with matplotlib: SVG for Markdown and HTML, PNG for Word.

The public functions keep their shapes: :func:`rag_by_agency` and
:func:`indicator_trends` return one self-contained SVG string (with ``<title>``
and ``<desc>`` for screen readers); :func:`rag_by_agency_png` and
:func:`indicator_trends_png` return PNG bytes at print resolution from the same
drawing; :func:`rag_by_agency_alt` and :func:`indicator_trends_alt` say in words
what a chart shows (its alt text). Every bar and point carries its number, so
nothing is told by colour alone, and the palette is colour-blind safe
(:mod:`lif_cli.render.palette`).

Output is deterministic: the same data gives the same bytes (a fixed
``svg.hashsalt``, no date or software version in the metadata, text kept as
text). This is the one home of matplotlib (ruff's banned-API list), imported
only when a chart is drawn, with the Agg backend.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from lif_cli.render.palette import GRID, INK, MUTED, RAG_CHART, RAG_ORDER, text_on

RAG_COLOURS = dict(RAG_CHART)
PNG_DPI = 200  # print resolution for Word
_FONT = "DejaVu Sans"  # ships with matplotlib: the same metrics everywhere


def _num(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class RagBar:
    label: str  # agency id or name
    counts: dict[str, int]  # red, amber, green, blue


@dataclass(frozen=True)
class Trend:
    id: str
    title: str
    points: Sequence[tuple[str, float]]  # (period, value), oldest first
    target: float | None
    rag: str | None
    unit: str | None = None
    better: str | None = None  # lower | higher


def rag_bars(rows: Sequence[dict[str, Any]]) -> list[RagBar]:
    """The bars of the RAG chart from a context's ``rag_by_agency`` rows."""
    return [RagBar(a["id"], {k: a[k] for k in ("red", "amber", "green", "blue")}) for a in rows]


def indicator_trend(i: dict[str, Any]) -> Trend:
    """One indicator of a context's ``indicators`` as a panel of the trend chart."""
    return Trend(
        i["id"],
        i["title"],
        [(v["period"], v["value"]) for v in i["values"]],
        i["target"],
        i["rag"],
        i["unit"],
        i["better"],
    )


# --- what each chart says, in words ----------------------------------------------------


def rag_by_agency_alt(bars: Sequence[RagBar], title: str = "Actions by agency and RAG") -> str:
    """Alt text: the chart's title and every number in it."""
    desc = "; ".join(
        f"{b.label}: " + ", ".join(f"{b.counts.get(k, 0)} {k}" for k in RAG_ORDER) for b in bars
    )
    return f"{title}. Stacked bars, one per agency. {desc or 'No actions.'}"


def indicator_trends_alt(trends: Sequence[Trend], title: str = "Indicator trends") -> str:
    """Alt text: each indicator's values, target and RAG."""
    desc = "; ".join(
        f"{t.id} ({t.title}): "
        + (", ".join(f"{p} {_num(v)}" for p, v in t.points) or "no values")
        + (f" (target {_num(t.target)})" if t.target is not None else "")
        + (f", {t.rag.upper()}" if t.rag else "")
        for t in trends
    )
    return f"{title}. One line chart per indicator. {desc or 'No indicator values.'}"


# --- drawing ---------------------------------------------------------------------------


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg", force=True)
    matplotlib.rcParams.update(
        {
            "svg.hashsalt": "lif",
            "svg.fonttype": "none",
            "font.family": _FONT,
            "font.size": 9,
            "axes.edgecolor": GRID,
            "axes.labelcolor": INK,
            "xtick.color": INK,
            "ytick.color": INK,
            "text.color": INK,
        }
    )
    import matplotlib.pyplot as plt

    return plt


def _wrap(text: str, width: int, lines: int | None = None) -> str:
    """``text`` wrapped at ``width``, cut after ``lines`` lines with an ellipsis."""
    wrapped = textwrap.wrap(text, width=width, break_long_words=False)
    if lines is not None and len(wrapped) > lines:
        wrapped = [*wrapped[: lines - 1], wrapped[lines - 1].rstrip(" .,;:") + "…"]
    return "\n".join(wrapped) or text


def _rag_figure(bars: Sequence[RagBar], title: str) -> Any:
    plt = _pyplot()
    from matplotlib.ticker import MaxNLocator

    rows = max(len(bars), 1)
    fig, ax = plt.subplots(figsize=(7.0, 1.3 + 0.34 * rows))
    labels = [b.label for b in bars]
    left = [0.0] * len(bars)
    for k in RAG_ORDER:
        widths = [float(b.counts.get(k, 0)) for b in bars]
        drawn = ax.barh(
            range(len(bars)), widths, left=left, color=RAG_CHART[k], label=k.upper(), height=0.7
        )
        for rect, n in zip(drawn, widths, strict=True):
            if n > 0:
                ax.text(
                    rect.get_x() + rect.get_width() / 2,
                    rect.get_y() + rect.get_height() / 2,
                    _num(n),
                    ha="center",
                    va="center",
                    color=text_on(RAG_CHART[k]),
                    fontweight="bold",
                )
        left = [a + b for a, b in zip(left, widths, strict=True)]
    most = max(left, default=0) or 1
    for i, total in enumerate(left):
        ax.text(total + most * 0.01, i, _num(total), va="center", ha="left", color=INK)
    ax.set_yticks(range(len(bars)), labels)
    ax.invert_yaxis()
    ax.set_xlim(0, most * 1.08)
    # counts of actions: whole-number ticks only (not 0.5, 1.5...)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("Actions")
    ax.spines[["top", "right"]].set_visible(False)
    ax.xaxis.grid(True, color=GRID, linewidth=0.5)
    ax.set_axisbelow(True)
    if not bars:
        ax.set_yticks([])
        ax.text(0.5, 0.5, "No actions.", transform=ax.transAxes, ha="center", va="center")
    fig.suptitle(_wrap(title, 70), x=0.01, ha="left", fontweight="bold", fontsize=12)
    fig.legend(loc="upper right", ncols=4, frameon=False, bbox_to_anchor=(0.99, 0.995), fontsize=8)
    fig.tight_layout()
    return fig


def _trend_panel(ax: Any, t: Trend) -> None:
    values = [v for _, v in t.points]
    # at most three lines: the grid leaves room for them (the full title is in
    # the chart's description and the table beside it)
    ax.set_title(_wrap(t.title, 34, lines=3), loc="left", fontsize=9, fontweight="bold")
    note = []
    if t.better:
        note.append(f"{t.better} is better")
    rag = (t.rag or "no RAG").upper()
    ax.text(
        1.0,
        -0.2,
        rag,
        transform=ax.transAxes,
        ha="right",
        va="top",
        fontsize=8,
        fontweight="bold",
        color=text_on(RAG_CHART.get(t.rag or "", "#FFFFFF")),
        bbox={"boxstyle": "round,pad=0.2", "fc": RAG_CHART.get(t.rag or "", "#FFFFFF"), "ec": INK},
    )
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(labelsize=7)
    if not values:
        ax.text(0.5, 0.5, "No values yet.", transform=ax.transAxes, ha="center", va="center")
        ax.set_xticks([])
        ax.set_yticks([])
        return
    xs = list(range(len(values)))
    ax.plot(xs, values, color=INK, linewidth=1.6, marker="o", markersize=3.5)
    if t.target is not None:
        ax.axhline(t.target, color=MUTED, linestyle=(0, (4, 3)), linewidth=1)
        ax.annotate(
            f"target {_num(t.target)}",
            xy=(0, t.target),
            xycoords=("axes fraction", "data"),
            xytext=(2, 2),
            textcoords="offset points",
            fontsize=7,
            color=MUTED,
        )
    lo = min([*values, *([t.target] if t.target is not None else [])])
    hi = max([*values, *([t.target] if t.target is not None else [])])
    pad = (hi - lo) * 0.2 or 1
    ax.set_ylim(lo - pad, hi + pad)
    ax.annotate(
        _num(values[-1]) + ("%" if t.unit == "percent" else ""),
        xy=(xs[-1], values[-1]),
        xytext=(0, 5),
        textcoords="offset points",
        ha="center",
        fontsize=8,
        fontweight="bold",
    )
    ticks = xs if len(xs) <= 4 else [xs[0], xs[-1]]
    ax.set_xticks(ticks, [t.points[k][0] for k in ticks])
    ax.set_xlim(-0.4, max(len(xs) - 0.6, 0.4))
    if note:
        ax.set_xlabel("; ".join(note), fontsize=7, color=MUTED, loc="left")


def _trends_figure(trends: Sequence[Trend], title: str) -> Any:
    plt = _pyplot()
    cols = 3 if len(trends) > 4 else 2
    rows = max((len(trends) + cols - 1) // cols, 1)
    fig, axes = plt.subplots(rows, cols, figsize=(3.2 * cols, 0.6 + 2.3 * rows), squeeze=False)
    for i, ax in enumerate(axes.flat):
        if i < len(trends):
            _trend_panel(ax, trends[i])
        else:
            ax.set_visible(False)
    if not trends:
        axes.flat[0].set_visible(True)
        axes.flat[0].axis("off")
        axes.flat[0].text(0.5, 0.5, "No indicator values.", ha="center", va="center")
    fig.suptitle(_wrap(title, 70), x=0.01, ha="left", fontweight="bold", fontsize=12)
    _fixed_layout(fig, rows, cols)
    return fig


def _fixed_layout(fig: Any, rows: int, cols: int) -> None:
    """Margins and gaps in inches for the panels' grid, as tight_layout would set them.

    Every panel has the same furniture (a title of up to two lines, tick
    labels of a few characters, a note and the RAG label below), so the room
    is known in advance; tight_layout measured every text of every panel to
    find it, which was half of drawing a 24-panel chart.
    """
    width, height = fig.get_size_inches()
    top, bottom, left, right = 0.95, 0.7, 0.5, 0.15  # inches
    gap_h, gap_w = 1.05, 0.55
    axes_h = (height - top - bottom - (rows - 1) * gap_h) / rows
    axes_w = (width - left - right - (cols - 1) * gap_w) / cols
    fig.subplots_adjust(
        left=left / width,
        right=1 - right / width,
        top=1 - top / height,
        bottom=bottom / height,
        hspace=gap_h / axes_h,
        wspace=gap_w / axes_w,
    )


# --- output ----------------------------------------------------------------------------

_SVG_ID = re.compile(r'\bid="([^"]+)"')
# An id as defined (id="X") or as referred to (url(#X) or href="#X").
_SVG_REF = re.compile(r'(\bid="|#)([^"#)]+)(?=[")])')


def _svg(fig: Any, prefix: str, title: str, desc: str) -> str:
    """The figure as inline-ready SVG: no XML prologue, no metadata, unique ids."""
    import io

    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None, "Format": None})
    _pyplot().close(fig)
    text = buf.getvalue()
    text = text[text.index("<svg") :]
    text = re.sub(r"<metadata>.*?</metadata>\s*", "", text, flags=re.S)
    # Ids are unique per chart, so two charts inline in one HTML page never collide:
    # each id="X", and each reference to it (#X) or "#X"), is prefixed, in one pass.
    ids = set(_SVG_ID.findall(text))
    if ids:

        def prefixed(m: re.Match[str]) -> str:
            name = m.group(2)
            return f"{m.group(1)}{prefix}-{name}" if name in ids else m.group(0)

        text = _SVG_REF.sub(prefixed, text)
    head = text.index(">", text.index("<svg")) + 1
    label = f"{prefix}-title"
    text = (
        text[: head - 1].rstrip()
        + f' role="img" aria-labelledby="{label}">\n'
        + f'<title id="{label}">{escape(title)}</title>\n<desc>{escape(desc)}</desc>'
        + text[head:]
    )
    return text.rstrip() + "\n"


def _png(fig: Any, dpi: int) -> bytes:
    import io

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
    _pyplot().close(fig)
    return buf.getvalue()


def rag_by_agency(bars: Sequence[RagBar], title: str = "Actions by agency and RAG") -> str:
    """A horizontal stacked bar per agency (red, amber, green, blue actions), as SVG."""
    return _svg(_rag_figure(bars, title), "rag", title, rag_by_agency_alt(bars, title))


def rag_by_agency_png(
    bars: Sequence[RagBar], title: str = "Actions by agency and RAG", dpi: int = PNG_DPI
) -> bytes:
    """The same chart as :func:`rag_by_agency`, as PNG bytes."""
    return _png(_rag_figure(bars, title), dpi)


def indicator_trends(trends: Sequence[Trend], title: str = "Indicator trends") -> str:
    """Small multiples: one line chart per indicator, target dashed and labelled, as SVG."""
    return _svg(_trends_figure(trends, title), "trends", title, indicator_trends_alt(trends, title))


def indicator_trends_png(
    trends: Sequence[Trend], title: str = "Indicator trends", dpi: int = PNG_DPI
) -> bytes:
    """The same chart as :func:`indicator_trends`, as PNG bytes."""
    return _png(_trends_figure(trends, title), dpi)
