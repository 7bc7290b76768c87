"""The reporting calendar: statuses, matching, business years, and `lif calendar`."""

from __future__ import annotations

import json
from datetime import date

from lif_cli.compute.calendar import calendar_summary, calendar_view
from lif_cli.loader import load
from lif_cli.repo import WorkTree


def records_of(root):
    return load(WorkTree(root), use_cache=False)


def cells_of(view, entry):
    (row,) = [e for e in view.entries if e.id == entry]
    return {c.month: (c.status, c.records) for c in row.cells}


def report(rid: str, entry: str, presented: str) -> str:
    return f"id: {rid}\ntitle: Report {rid}\ncalendar: {entry}\npresented: {presented}\n"


QUARTERLY = {
    "calendar.yaml": """\
        entries:
          - {id: lado, title: LADO report, from: csc, to: PIQAG, months: [1, 4, 7, 10]}
        """,
}


def test_the_worked_example_of_format_md(make_repo):
    # Due 1, 4, 7, 10 from 2016 (FORMAT.md's entry has start_year: 2016); presented
    # 18 Jan, 3 May, 20 Jun; as of 10 Aug 2016.
    root = make_repo(
        {
            "calendar.yaml": """\
                entries:
                  - {id: lado, title: LADO report, from: csc, to: PIQAG, months: [1, 4, 7, 10],
                     every_years: 1, start_year: 2016}
                """,
            "lif.yaml": "partnership: Test\nyear_start_month: 1\n",
            "reports/L1.yaml": report("L1", "lado", "2016-01-18"),
            "reports/L2.yaml": report("L2", "lado", "2016-05-03"),
            "reports/L3.yaml": report("L3", "lado", "2016-06-20"),
        }
    )
    view = calendar_view(records_of(root), date(2016, 8, 10))
    assert cells_of(view, "lado") == {
        "2016-01": ("received", ("L1",)),
        "2016-04": ("late", ("L2",)),  # the latest earlier unsatisfied due month
        "2016-07": ("received", ("L3",)),  # early counts as received
        "2016-10": ("upcoming", ()),
    }


def test_each_status_in_an_april_business_year(make_repo):
    root = make_repo(
        {
            **QUARTERLY,  # lif.yaml of MINIMAL: year_start_month defaults to 4
            "reports/L1.yaml": report("L1", "lado", "2016-04-12"),
            "reports/L2.yaml": report("L2", "lado", "2016-08-02"),
        }
    )
    view = calendar_view(records_of(root), date(2017, 1, 15))
    assert view.months[0] == "2016-04" and view.months[-1] == "2017-03"
    assert view.label == "2016-17"
    assert cells_of(view, "lado") == {
        "2016-04": ("received", ("L1",)),
        "2016-07": ("late", ("L2",)),
        "2016-10": ("overdue", ()),
        "2017-01": ("due", ()),
    }
    # a record presented after the as-of date does not count
    view = calendar_view(records_of(root), date(2016, 8, 1))
    assert cells_of(view, "lado")["2016-07"] == ("overdue", ())
    assert cells_of(view, "lado")["2016-10"] == ("upcoming", ())


def test_several_records_for_one_due_month(make_repo):
    root = make_repo(
        {
            **QUARTERLY,
            "reports/A.yaml": report("A", "lado", "2016-07-05"),
            "reports/B.yaml": report("B", "lado", "2016-07-25"),
            "audits/AUD.yaml": """\
                id: AUD
                type: single-agency
                title: An audit for the same month
                status: reported
                calendar: lado
                dates: {presented: 2016-07-14}
                """,
        }
    )
    view = calendar_view(records_of(root), date(2016, 11, 15))
    assert cells_of(view, "lado")["2016-07"] == ("received", ("A", "AUD", "B"))


def test_biennial_entry(make_repo):
    files = {
        "calendar.yaml": """\
            entries:
              - {id: s175, title: Schools audit, from: csc, to: PIQAG, months: [9],
                 every_years: 2, start_year: 2016}
            """,
        "reports/S.yaml": report("S", "s175", "2016-09-20"),
    }
    records = records_of(make_repo(files))
    assert cells_of(calendar_view(records, date(2016, 11, 15)), "s175") == {
        "2016-09": ("received", ("S",))
    }
    # not due in 2017; due again in 2018
    assert cells_of(calendar_view(records, date(2017, 11, 15)), "s175") == {}
    assert cells_of(calendar_view(records, date(2018, 11, 15)), "s175") == {
        "2018-09": ("overdue", ())
    }


def test_year_picks_the_business_year_starting_in_it(make_repo):
    root = make_repo({**QUARTERLY, "reports/L1.yaml": report("L1", "lado", "2016-01-20")})
    view = calendar_view(records_of(root), date(2016, 11, 15), year=2015)
    assert view.months[0] == "2015-04"
    assert cells_of(view, "lado")["2016-01"] == ("received", ("L1",))


def test_summary_for_status(example_repo):
    summary = calendar_summary(records_of(example_repo), date(2016, 11, 15))
    assert summary["counts"] == {"received": 11, "late": 2, "overdue": 1, "due": 1, "upcoming": 5}
    assert summary["overdue"] == [
        {
            "entry": "themed-audit",
            "title": "NSCB themed multi-agency audit",
            "month": "2016-08",
            "from": "PIQAG",
        }
    ]
    assert json.dumps(summary)
