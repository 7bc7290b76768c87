"""SVG charts for papers, written by hand (no plotting library).

Each chart is one self-contained SVG string with a ``<title>`` and a
``<desc>`` for screen readers, and every bar or point is labelled with its
number, so nothing is told by colour alone. Output is deterministic: the same
data gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

RAG_COLOURS = {
    "red": "#c0392b",
    "amber": "#d68910",
    "green": "#1e8449",
    "blue": "#2471a3",
}
INK = "#222222"
GRID = "#cccccc"
FONT = "font-family='Helvetica, Arial, sans-serif'"


def _t(value: object) -> str:
    return escape(str(value), {"'": "&apos;", '"': "&quot;"})


def _num(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class RagBar:
    label: str  # agency id or name
    counts: dict[str, int]  # red, amber, green, blue


def rag_by_agency(bars: Sequence[RagBar], title: str = "Actions by agency and RAG") -> str:
    """A horizontal stacked bar per agency: red, amber, green, blue actions."""
    order = ("red", "amber", "green", "blue")
    label_w, bar_w, row_h, top = 230, 420, 26, 56
    width = label_w + bar_w + 70
    height = top + row_h * max(len(bars), 1) + 20
    most = max((sum(b.counts.get(k, 0) for k in order) for b in bars), default=0) or 1
    scale = bar_w / most
    desc = "; ".join(
        f"{b.label}: " + ", ".join(f"{b.counts.get(k, 0)} {k}" for k in order) for b in bars
    )
    out = [
        f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' "
        f"viewBox='0 0 {width} {height}' role='img' {FONT} font-size='12'>",
        f"<title>{_t(title)}</title>",
        f"<desc>{_t(desc or 'No actions.')}</desc>",
        f"<rect width='{width}' height='{height}' fill='#ffffff'/>",
        f"<text x='10' y='20' font-size='15' font-weight='bold' fill='{INK}'>{_t(title)}</text>",
    ]
    x = label_w
    for k in order:  # legend
        out.append(f"<rect x='{x}' y='30' width='12' height='12' fill='{RAG_COLOURS[k]}'/>")
        out.append(f"<text x='{x + 16}' y='40' fill='{INK}'>{k.upper()}</text>")
        x += 80
    if not bars:
        out.append(f"<text x='10' y='{top + 16}' fill='{INK}'>No actions.</text>")
    for i, b in enumerate(bars):
        y = top + i * row_h
        out.append(
            f"<text x='{label_w - 8}' y='{y + 16}' text-anchor='end' fill='{INK}'>"
            f"{_t(b.label)}</text>"
        )
        x0 = float(label_w)
        for k in order:
            n = b.counts.get(k, 0)
            if n <= 0:
                continue
            w = n * scale
            out.append(
                f"<rect x='{_num(x0)}' y='{y + 3}' width='{_num(w)}' height='{row_h - 8}' "
                f"fill='{RAG_COLOURS[k]}'><title>{_t(b.label)}: {n} {k}</title></rect>"
            )
            if w >= 18:
                out.append(
                    f"<text x='{_num(x0 + w / 2)}' y='{y + 16}' text-anchor='middle' "
                    f"fill='#ffffff' font-weight='bold'>{n}</text>"
                )
            x0 += w
        total = sum(b.counts.get(k, 0) for k in order)
        out.append(f"<text x='{_num(x0 + 6)}' y='{y + 16}' fill='{INK}'>{total}</text>")
    out.append("</svg>")
    return "\n".join(out) + "\n"


@dataclass(frozen=True)
class Trend:
    id: str
    title: str
    points: Sequence[tuple[str, float]]  # (period, value), oldest first
    target: float | None
    rag: str | None
    unit: str | None = None
    better: str | None = None  # lower | higher


def indicator_trends(trends: Sequence[Trend], title: str = "Indicator trends") -> str:
    """Small multiples: one line chart per indicator, target dashed, latest labelled."""
    cols = 2
    pw, ph, gap, top = 330, 150, 20, 36
    rows = max((len(trends) + cols - 1) // cols, 1)
    width = cols * pw + (cols + 1) * gap
    height = top + rows * (ph + gap) + gap
    desc = "; ".join(
        f"{t.id}: "
        + ", ".join(f"{p} {_num(v)}" for p, v in t.points)
        + (f" (target {_num(t.target)})" if t.target is not None else "")
        for t in trends
    )
    out = [
        f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' "
        f"viewBox='0 0 {width} {height}' role='img' {FONT} font-size='11'>",
        f"<title>{_t(title)}</title>",
        f"<desc>{_t(desc or 'No indicator values.')}</desc>",
        f"<rect width='{width}' height='{height}' fill='#ffffff'/>",
        f"<text x='{gap}' y='22' font-size='15' font-weight='bold' fill='{INK}'>{_t(title)}</text>",
    ]
    for i, t in enumerate(trends):
        px = gap + (i % cols) * (pw + gap)
        py = top + (i // cols) * (ph + gap)
        out.append(
            f"<rect x='{px}' y='{py}' width='{pw}' height='{ph}' fill='none' stroke='{GRID}'/>"
        )
        label = t.title if len(t.title) <= 48 else t.title[:47] + "…"
        out.append(
            f"<text x='{px + 6}' y='{py + 14}' font-weight='bold' fill='{INK}'>{_t(label)}</text>"
        )
        if t.better:
            out.append(
                f"<text x='{px + 6}' y='{py + 28}' fill='#555555'>{_t(t.better)} is better"
                + (", target dashed" if t.target is not None else "")
                + "</text>"
            )
        rag = (t.rag or "no RAG").upper()
        colour = RAG_COLOURS.get(t.rag or "", INK)
        out.append(
            f"<text x='{px + pw - 6}' y='{py + 28}' text-anchor='end' fill='{colour}' "
            f"font-weight='bold'>{_t(rag)}</text>"
        )
        values = [v for _, v in t.points]
        if not values:
            out.append(f"<text x='{px + 6}' y='{py + 70}' fill='{INK}'>No values yet.</text>")
            continue
        lo = min([*values, *([t.target] if t.target is not None else [])])
        hi = max([*values, *([t.target] if t.target is not None else [])])
        if hi == lo:
            hi, lo = hi + 1, lo - 1
        pad = (hi - lo) * 0.15
        lo, hi = lo - pad, hi + pad
        x_left, x_right = px + 40, px + pw - 20
        y_top, y_bottom = py + 36, py + ph - 24

        n = len(values)

        def sx(k: int, n: int = n, x_left: float = x_left, x_right: float = x_right) -> float:
            return (x_left + x_right) / 2 if n == 1 else x_left + k * (x_right - x_left) / (n - 1)

        def sy(
            v: float, lo: float = lo, hi: float = hi, y0: float = y_bottom, y1: float = y_top
        ) -> float:
            return y0 - (v - lo) * (y0 - y1) / (hi - lo)

        if t.target is not None:
            ty = sy(t.target)
            out.append(
                f"<line x1='{x_left}' y1='{_num(ty)}' x2='{x_right}' y2='{_num(ty)}' "
                f"stroke='#555555' stroke-dasharray='4 3'/>"
            )
            out.append(
                f"<text x='{px + 4}' y='{_num(ty + 4)}' fill='#555555'>{_num(t.target)}</text>"
            )
        pts = " ".join(f"{_num(sx(k))},{_num(sy(v))}" for k, v in enumerate(values))
        out.append(f"<polyline points='{pts}' fill='none' stroke='{INK}' stroke-width='2'/>")
        for k, (period, v) in enumerate(t.points):
            out.append(
                f"<circle cx='{_num(sx(k))}' cy='{_num(sy(v))}' r='3' fill='{INK}'>"
                f"<title>{_t(period)}: {_num(v)}</title></circle>"
            )
        first, last = t.points[0], t.points[-1]
        out.append(f"<text x='{x_left}' y='{py + ph - 8}' fill='{INK}'>{_t(first[0])}</text>")
        if len(t.points) > 1:
            out.append(
                f"<text x='{x_right}' y='{py + ph - 8}' text-anchor='end' fill='{INK}'>"
                f"{_t(last[0])}</text>"
            )
        out.append(
            f"<text x='{_num(sx(len(values) - 1))}' y='{_num(sy(last[1]) - 7)}' "
            f"text-anchor='end' font-weight='bold' fill='{INK}' stroke='#ffffff' "
            f"stroke-width='3' paint-order='stroke'>{_num(last[1])}</text>"
        )
    out.append("</svg>")
    return "\n".join(out) + "\n"
