"""One palette for every output: charts, Word tables, HTML cells and spreadsheets.

Chart colours are the Okabe-Ito set (safe for the common colour-vision
deficiencies); a RAG cell is a lighter tint of the same hue with near-black
text, so the word in the cell reads at a contrast of at least 4.5:1 (WCAG 2.2
AA). Colour never stands alone: every cell keeps its word and every chart
segment its number.
"""

from __future__ import annotations

import re

RAG_ORDER = ("red", "amber", "green", "blue")
# Chart fills (Okabe-Ito vermillion, orange, bluish green, blue).
RAG_CHART = {"red": "#D55E00", "amber": "#E69F00", "green": "#009E73", "blue": "#0072B2"}
# Table cells: (fill, text). Checked by tests/test_papers_docx.py against 4.5:1.
RAG_CELL = {
    "red": ("#F4A582", "#1A1A1A"),
    "amber": ("#FFD966", "#1A1A1A"),
    "green": ("#9FD8A4", "#1A1A1A"),
    "blue": ("#9CC3E6", "#1A1A1A"),
}
INK = "#1A1A1A"
MUTED = "#555555"
GRID = "#CCCCCC"

# A cell whose text is a RAG word, alone or followed by an explanation: "RED (overdue)".
RAG_WORD = re.compile(r"\A(RED|AMBER|GREEN|BLUE)\b")
# A record id: SCR-2016-01, SCR-2016-01/A2, MAA-2016-02, police... (a hyphen or slash
# between letters or digits); shown unbroken.
RECORD_ID = re.compile(r"\b[A-Za-z][A-Za-z0-9]*(?:[-/][A-Za-z0-9]+)+\b")


def rag_of(text: str) -> str | None:
    """'red' for a cell saying 'RED' or 'RED (overdue)'; None otherwise."""
    m = RAG_WORD.match(text.strip())
    return m.group(1).lower() if m else None


def _luminance(colour: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    """The WCAG contrast ratio of two '#RRGGBB' colours (1 to 21)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_on(fill: str) -> str:
    """Near-black or white, whichever reads better on ``fill``."""
    return INK if contrast(INK, fill) >= contrast("#FFFFFF", fill) else "#FFFFFF"
