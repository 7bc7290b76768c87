"""The site's charts: drawn by the papers' chart code, and kept in lif's cache folder.

Drawing with matplotlib costs ~3 CPU seconds a build whatever the size of the
records (importing it ~0.9 s, the trend chart's small multiples ~2 s), more
than everything else in a 1,000-record site. A chart is a function of its
figures, so each SVG is kept under a digest of what it shows (and of the code
and matplotlib version that drew it), and a build whose figures did not change
reuses it. Like the compiled templates, it is kept only in a folder nobody else
can write to, and never with ``--no-cache`` or ``LIF_NO_CACHE``.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

from lif_cli.cache import cache_folder

# The most indicators one trend chart holds (small multiples): beyond it a chart stops
# being readable, and the figures are all in the table anyway.
CHART_LIMIT = 24
# Charts kept: enough for a few dates and revisions; the oldest go first.
KEEP = 16


def charted_indicators(indicators: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The indicators the trend chart shows: all of them up to :data:`CHART_LIMIT`, else
    the priority ones first, then red, amber, the rest (in their own order). Every
    indicator is in the table beside the chart whatever the chart shows."""
    if len(indicators) <= CHART_LIMIT:
        return indicators
    severity = {"red": 0, "amber": 1, "green": 2}

    def rank(pair: tuple[int, dict[str, Any]]) -> tuple[int, int, int]:
        n, i = pair
        return (i["level"] != "priority", severity.get(i["rag"] or "", 3), n)

    chosen = sorted(enumerate(indicators), key=rank)[:CHART_LIMIT]
    return [i for _, i in sorted(chosen, key=lambda pair: pair[0])]


def site_charts(data: dict[str, Any]) -> dict[str, str]:
    """{file name: SVG} of the site's charts, from the same functions as the papers'."""
    from lif_cli.render.charts import indicator_trend, rag_bars

    bars = rag_bars(data["rag_by_agency"])
    trends = [indicator_trend(i) for i in charted_indicators(data["indicators"])]
    folder = cache_folder("site-charts") if data.get("use_cache", True) else None
    out = {"charts/rag-by-agency.svg": _drawn("rag_by_agency", bars, folder)}
    if trends:
        out["charts/indicator-trends.svg"] = _drawn("indicator_trends", trends, folder)
    return out


def _drawn(function: str, figures: list[Any], folder: Path | None) -> str:
    """The chart ``function`` draws of ``figures``: from the cache, else drawn and kept."""
    from lif_cli.render import charts

    if folder is None:
        return getattr(charts, function)(figures)
    path = folder / f"{_digest(function, figures, charts.__file__)}.svg"
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        pass
    svg = getattr(charts, function)(figures)
    try:
        _prune(folder)
        part = path.with_suffix(f".{os.getpid()}.part")
        part.write_text(svg, encoding="utf-8")
        os.replace(part, path)
    except OSError:
        pass  # a chart not kept is drawn again next time
    return svg


def _digest(function: str, figures: list[Any], code: str) -> str:
    from importlib.metadata import version

    h = hashlib.sha256()
    h.update(f"{function}\n{version('matplotlib')}\n{figures!r}\n".encode())
    h.update(Path(code).read_bytes())
    return h.hexdigest()[:32]


def _prune(folder: Path) -> None:
    kept = sorted(folder.glob("*.svg"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in kept[KEEP - 1 :]:
        old.unlink(missing_ok=True)
