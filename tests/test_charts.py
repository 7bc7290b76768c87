"""The one chart engine of papers and site: what a reader gets from a chart."""

from __future__ import annotations

import re

from lif_cli.render import charts

LONG = (
    "Percentage of children subject to a child protection plan for a second or "
    "subsequent time within two years of the previous plan ending, by agency"
)


def _trend(i: int, title: str) -> charts.Trend:
    points = [(f"Q{q} 2016", 10.0 + q) for q in range(1, 5)]
    return charts.Trend(f"IND-{i}", title, points, 12.0, "amber", "percent", "higher")


def test_a_long_panel_title_is_cut_at_three_lines_and_kept_whole_in_the_description():
    svg = charts.indicator_trends([_trend(1, LONG), _trend(2, "Short title")])
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert "Short title" in texts
    cut = [t for t in texts if t.endswith("…")]
    assert len(cut) == 1  # the long title's third line, ending in an ellipsis
    assert LONG not in texts
    assert LONG in svg  # the description (alt text) keeps every word


def test_panels_never_overlap_and_stay_inside_the_figure():
    # The grid's room is fixed in advance, not measured: every panel's drawn
    # extent (three-line title, tick labels, note, RAG label) must fit its cell.
    for n in (1, 4, 5, 24):
        fig = charts._trends_figure([_trend(i, LONG) for i in range(n)], "Indicator trends")
        renderer = fig.canvas.get_renderer()
        frame = fig.bbox
        boxes = [ax.get_tightbbox(renderer) for ax in fig.axes if ax.get_visible()]
        assert len(boxes) == n
        for box in boxes:
            assert frame.x0 <= box.x0 and box.x1 <= frame.x1
            assert frame.y0 <= box.y0 and box.y1 <= frame.y1
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                assert not a.overlaps(b), (n, a, b)
        charts._pyplot().close(fig)


def test_action_counts_have_whole_number_ticks():
    bars = [charts.RagBar("police", {"green": 1, "blue": 2}), charts.RagBar("health", {"red": 1})]
    fig = charts._rag_figure(bars, "Actions by agency and RAG")
    ticks = fig.axes[0].get_xticks()
    assert len(ticks) >= 2
    assert all(float(t).is_integer() for t in ticks)
    charts._pyplot().close(fig)
