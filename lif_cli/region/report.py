"""What a region is told: queries over the region database, as plain data.

Every figure is a query over the same tables a partnership exports, so a
partnership's row here matches its own `lif status` as of the same date.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from .collect import PartnershipRead

RAGS = ("red", "amber", "green", "blue")
TIMESCALE_STATES = ("met", "missed", "open", "overdue")


def _rows(con: Any, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    return con.execute(sql, list(params)).fetchall()


def _iso(v: Any) -> Any:
    return v.isoformat() if isinstance(v, date) else v


def region_report(
    con: Any, title: str, reads: Sequence[PartnershipRead], as_of: date, full: bool = True
) -> dict[str, Any]:
    """The region's status (and, when ``full``, its report) as one JSON-ready mapping."""
    year_ago = as_of - timedelta(days=365)
    partnerships = []
    rag = _counts(con, "SELECT partnership, rag, count(*) FROM actions GROUP BY ALL")
    overdue = dict(_rows(con, "SELECT partnership, count(*) FROM actions WHERE overdue GROUP BY 1"))
    scales = _counts(con, "SELECT partnership, state, count(*) FROM review_timescales GROUP BY ALL")
    late = _counts(
        con,
        "SELECT partnership, status, count(*) FROM calendar_cells "
        "WHERE status IN ('late', 'overdue') GROUP BY ALL",
    )
    in_progress = dict(
        _rows(con, "SELECT partnership, count(*) FROM reviews WHERE in_progress GROUP BY 1")
    )
    as_ofs = dict(_rows(con, "SELECT partnership, max(as_of) FROM partnerships GROUP BY 1"))
    for r in reads:
        pid = r.entry.id
        item: dict[str, Any] = {
            "id": pid,
            "name": r.entry.name,
            "source": r.source,
            "location": r.location,
            "ref": r.ref,
            "commit": r.commit,
            "read": r.ok,
        }
        if not r.ok:
            item["reason"] = r.reason
            partnerships.append(item)
            continue
        item.update(
            {
                "as_of": _iso(as_ofs.get(pid)),
                "record_errors": r.errors,
                "actions": {k: rag.get(pid, {}).get(k, 0) for k in RAGS},
                "overdue": overdue.get(pid, 0),
                "reviews_in_progress": in_progress.get(pid, 0),
                "timescales": {k: scales.get(pid, {}).get(k, 0) for k in TIMESCALE_STATES},
                "returns": {k: late.get(pid, {}).get(k, 0) for k in ("late", "overdue")},
            }
        )
        partnerships.append(item)
    status = {
        "region": title,
        "as_of": as_of.isoformat(),
        "partnerships": partnerships,
        "unreadable": [
            {"id": r.entry.id, "name": r.entry.name, "reason": r.reason} for r in reads if not r.ok
        ],
    }
    if not full:
        return status
    return {
        **status,
        "incidents": _incidents(con, year_ago),
        "reviews": _reviews(con, year_ago),
        "themes": _themes(con, year_ago),
        "overdue_actions": [
            {
                "partnership": p,
                "id": i,
                "agency": a,
                "due": _iso(d),
                "days_overdue": n,
            }
            for p, i, a, d, n in _rows(
                con,
                "SELECT partnership, id, agency_id, due, days_overdue FROM actions "
                "WHERE overdue ORDER BY partnership, days_overdue DESC, id",
            )
        ],
        "indicators": _indicators(con),
        "late_returns": [
            {"partnership": p, "entry": e, "title": t, "month": m, "status": s, "from": f}
            for p, e, t, m, s, f in _rows(
                con,
                'SELECT c.partnership, c.entry_id, e.title, c.month, c.status, c."from" '
                "FROM calendar_cells c LEFT JOIN calendar e "
                "ON e.partnership = c.partnership AND e.id = c.entry_id "
                "WHERE c.status IN ('late', 'overdue') ORDER BY 1, 4, 2",
            )
        ],
    }


def _counts(con: Any, sql: str) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for pid, key, n in _rows(con, sql):
        out.setdefault(pid, {})[key] = n
    return out


def _incidents(con: Any, since: date) -> list[dict[str, Any]]:
    """Serious incidents by partnership: all, notified in the last year, open, and the
    Panel's timescales met and missed (or overdue)."""
    steps = {
        p: (m, x)
        for p, m, x in _rows(
            con,
            "SELECT partnership, count(*) FILTER (WHERE state = 'met'), "
            "count(*) FILTER (WHERE state IN ('missed', 'overdue')) "
            "FROM incident_steps GROUP BY 1",
        )
    }
    return [
        {
            "partnership": p,
            "incidents": n,
            "last_year": recent,
            "open": still_open,
            "steps_met": steps.get(p, (0, 0))[0],
            "steps_missed": steps.get(p, (0, 0))[1],
        }
        for p, n, recent, still_open in _rows(
            con,
            "SELECT partnership, count(*), count(*) FILTER (WHERE notified > ?), "
            "count(*) FILTER (WHERE open) FROM incidents GROUP BY 1 ORDER BY 1",
            [since],
        )
    ]


def _reviews(con: Any, since: date) -> list[dict[str, Any]]:
    """Reviews by partnership and type: all, in the last year, and timescales met/missed."""
    rows = _rows(
        con,
        """
        SELECT r.partnership, r.type, count(*),
               count(*) FILTER (WHERE s.date > ?),
               count(*) FILTER (WHERE r.in_progress)
        FROM reviews r JOIN sources s ON s.partnership = r.partnership AND s.id = r.id
        GROUP BY ALL ORDER BY 1, 2
        """,
        [since],
    )
    met = _rows(
        con,
        """
        SELECT r.partnership, r.type,
               count(*) FILTER (WHERE t.state = 'met'),
               count(*) FILTER (WHERE t.state IN ('missed', 'overdue'))
        FROM review_timescales t JOIN reviews r
          ON r.partnership = t.partnership AND r.id = t.review_id
        GROUP BY ALL
        """,
    )
    by = {(p, ty): (m, x) for p, ty, m, x in met}
    return [
        {
            "partnership": p,
            "type": ty,
            "reviews": n,
            "last_year": recent,
            "in_progress": prog,
            "timescales_met": by.get((p, ty), (0, 0))[0],
            "timescales_missed": by.get((p, ty), (0, 0))[1],
        }
        for p, ty, n, recent, prog in rows
    ]


def _themes(con: Any, since: date) -> list[dict[str, Any]]:
    """How many reviews (and all sources) name each theme, by partnership."""
    rows = _rows(
        con,
        """
        SELECT st.theme_id, st.partnership,
               count(*) FILTER (WHERE s.kind = 'review'),
               count(*) FILTER (WHERE s.kind = 'review' AND s.date > ?),
               count(*)
        FROM source_themes st JOIN sources s
          ON s.partnership = st.partnership AND s.id = st.source_id
        GROUP BY ALL ORDER BY 1, 2
        """,
        [since],
    )
    titles = dict(_rows(con, "SELECT id, any_value(title) FROM themes GROUP BY 1"))
    out: dict[str, dict[str, Any]] = {}
    for theme, pid, reviews, recent, sources in rows:
        t = out.setdefault(
            theme,
            {
                "theme": theme,
                "title": titles.get(theme, theme),
                "reviews": 0,
                "reviews_last_year": 0,
                "sources": 0,
                "by_partnership": {},
            },
        )
        t["reviews"] += reviews
        t["reviews_last_year"] += recent
        t["sources"] += sources
        t["by_partnership"][pid] = reviews
    return sorted(out.values(), key=lambda t: (-t["reviews"], -t["sources"], t["theme"]))


def _indicators(con: Any) -> list[dict[str, Any]]:
    """Each indicator id with every partnership's latest value side by side."""
    out: dict[str, dict[str, Any]] = {}
    for ind, title, pid, period, latest, rag_, unit in _rows(
        con,
        "SELECT id, title, partnership, period, latest, rag, unit FROM indicators "
        "ORDER BY id, partnership",
    ):
        item = out.setdefault(ind, {"id": ind, "title": title, "unit": unit, "values": {}})
        item["values"][pid] = {"period": period, "latest": latest, "rag": rag_}
    return list(out.values())
