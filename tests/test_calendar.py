"""The reporting calendar: statuses, matching, business years, and `lif calendar`."""

from __future__ import annotations

import json
from datetime import date

from lif_cli.compute.calendar import MONTH_NAMES, calendar_summary, calendar_view
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
    # evidence requests are returns too: ER-2016-01 late, -02 overdue, -03 due
    assert summary["counts"] == {"received": 11, "late": 3, "overdue": 2, "due": 2, "upcoming": 5}
    assert summary["overdue"] == [
        {
            "entry": "themed-audit",
            "title": "NSCB themed multi-agency audit",
            "month": "2016-08",
            "from": "PIQAG",
        },
        {
            "entry": "ER-2016-02",
            "title": "Evidence request: Health visiting caseloads and contacts",
            "month": "2016-10",
            "from": "community-health",
        },
    ]
    assert json.dumps(summary)


# --- the command ----------------------------------------------------------------------

AS_OF = ("--as-of", "2016-11-15")


def test_calendar_text_on_the_example_at_80_columns(lif, example_repo, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    r = lif("calendar", "-C", str(example_repo), *AS_OF)
    assert r.exit_code == 0, r.output
    out = r.stdout
    lines = out.splitlines()
    assert lines[0] == "Reporting calendar 2016-17 (April 2016 to March 2017), as of 15 Nov 2016"
    assert max(len(line.rstrip()) for line in lines) <= 80
    # every month of the business year is a column, March 2017 included
    assert lines[1].split() == [m[:3] for m in MONTH_NAMES[3:] + MONTH_NAMES[:3]]
    lado = next(line for line in lines if line.startswith("lado-report"))
    assert lado.split() == ["lado-report", "rcvd", "·", "·", "late", "·", "·", "rcvd", "·", "·",
                            "upc", "·", "·"]  # fmt: skip
    assert "rcvd = received, late = received late, OVER = overdue" in out
    assert "Due months this year: 11 received, 3 late, 2 overdue, 2 due, 5 upcoming." in out
    assert "Aug 2016  OVERDUE  NSCB themed multi-agency audit (themed-audit)" in out
    assert "Nov 2016  DUE NOW  Public Health / DAAT report" in out
    assert "Jul 2016  late      LADO-2016-Q2 (16 Aug 2016)" in out
    # an id too long to sit beside the months has a line of its own, whole
    assert "\npublic-health-daat-report\n" in out


def test_calendar_wide_shows_titles(lif, example_repo, monkeypatch):
    monkeypatch.setenv("COLUMNS", "160")
    r = lif("calendar", "-C", str(example_repo), *AS_OF)
    row = next(line for line in r.stdout.splitlines() if line.startswith("lado-report"))
    assert row.endswith("LADO report") and row.split()[1:13] == [
        "rcvd", "·", "·", "late", "·", "·", "rcvd", "·", "·", "upc", "·", "·",
    ]  # fmt: skip


def test_calendar_json_is_format_md_shape(lif, example_repo):
    r = lif("calendar", "-C", str(example_repo), *AS_OF, "--format", "json")
    assert r.exit_code == 0
    cells = json.loads(r.stdout)
    assert all(set(c) == {"entry", "month", "status", "records"} for c in cells)
    assert {"entry": "lado-report", "month": "2016-07", "status": "late",
            "records": ["LADO-2016-Q2"]} in cells  # fmt: skip
    assert {"entry": "themed-audit", "month": "2016-08", "status": "overdue",
            "records": []} in cells  # fmt: skip
    assert len(cells) == 23  # 20 returns and 3 evidence requests


def test_calendar_year_and_agency(lif, example_repo):
    r = lif("calendar", "-C", str(example_repo), *AS_OF, "--year", "2015", "-f", "json",
            "--agency", "lado")  # fmt: skip
    assert r.exit_code == 0, r.output
    cells = json.loads(r.stdout)
    assert {c["entry"] for c in cells} == {"lado-report"}
    assert [c["month"] for c in cells] == ["2015-04", "2015-07", "2015-10", "2016-01"]
    assert cells[-1]["records"] == ["LADO-2015-Q4"]


def test_calendar_unknown_agency_is_misuse(lif, example_repo):
    r = lif("calendar", "-C", str(example_repo), *AS_OF, "--agency", "lad")
    assert r.exit_code == 2
    assert "'lad' is not an agency or group id" in r.stderr
    assert "did you mean 'lado'?" in r.stderr
    assert r.stdout == ""


def test_calendar_md_and_csv(lif, example_repo):
    r = lif("calendar", "-C", str(example_repo), *AS_OF, "-f", "md")
    assert r.exit_code == 0
    assert r.stdout.startswith("# Reporting calendar 2016-17\n")
    row = next(line for line in r.stdout.splitlines() if line.startswith("| LADO report "))
    assert "| late: LADO-2016-Q2 |" in row
    r = lif("calendar", "-C", str(example_repo), *AS_OF, "-f", "csv")
    rows = r.stdout.split("\r\n")
    assert rows[0] == "entry,title,from,to,month,status,records"
    assert "lado-report,LADO report,lado,PIQAG,2016-07,late,LADO-2016-Q2" in rows


def test_ics_parses_and_holds_returns_and_open_actions(lif, example_repo):
    from icalendar import Calendar

    r = lif("calendar", "-C", str(example_repo), *AS_OF, "-f", "ics")
    assert r.exit_code == 0, r.output
    cal = Calendar.from_ical(r.stdout)
    assert str(cal["VERSION"]) == "2.0" and "PRODID" in cal
    events = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    # every due month of the year, on the month's last day, all day
    july = events["calendar-lado-report-2016-07@nscb"]
    assert july["DTSTART"].dt == date(2016, 7, 31)
    assert july["DTEND"].dt == date(2016, 8, 1)
    assert "Status as of 2016-11-15: late" in str(july["DESCRIPTION"])
    assert str(events["calendar-themed-audit-2016-08@nscb"]["SUMMARY"]).startswith("OVERDUE: ")
    assert sum(1 for u in events if u.startswith("calendar-")) == 23  # 20 + 3 requests
    # open actions on their due dates; complete ones are left out
    a2 = events["action-PCD-2016-A2@nscb"]
    assert a2["DTSTART"].dt == date(2016, 11, 15)
    assert "action-PCD-2016-A1@nscb" not in events  # complete
    assert all(e.get("DTSTAMP") is not None for e in events.values())
    # stable: the same records and date give the same file
    again = lif("calendar", "-C", str(example_repo), *AS_OF, "-f", "ics")
    assert again.stdout == r.stdout


def test_ics_agency_filters_actions_too(lif, example_repo):
    from icalendar import Calendar

    r = lif("calendar", "-C", str(example_repo), *AS_OF, "-f", "ics", "--agency", "police")
    uids = [str(e["UID"]) for e in Calendar.from_ical(r.stdout).walk("VEVENT")]
    # police make no returns; the one evidence request made to them is due this month
    assert [u for u in uids if not u.startswith("action-")] == ["calendar-ER-2016-03-2016-11@nscb"]
    assert "action-S11-2016-police-A2@nscb" in uids


BAD_CALENDAR = """\
    entries:
      - id: lado
        title: LADO report
        from: csc
        to: PIQAG
        months: [1, 13]
      - id: s175
        title: Schools audit
        from: csc
        to: PIQAG
        months: [9]
        every_years: 2
      - id: health-audit
        title: Health audit
        from: health
        to: PIQAG
        months: [10]
    """


def test_month_13_is_a_located_error_and_the_rest_still_shows(lif, make_repo):
    root = make_repo({"calendar.yaml": BAD_CALENDAR})
    v = lif("validate", "-C", str(root), *AS_OF, "--format", "json")
    assert v.exit_code == 1
    errors = json.loads(v.stdout)["errors"]
    assert ("invalid-value", "calendar.yaml", 6) in {
        (e["code"], e["file"], e["line"]) for e in errors
    }

    r = lif("calendar", "-C", str(root), *AS_OF)
    assert r.exit_code == 1
    assert "the records have errors" in r.stderr and "lif validate" in r.stderr
    assert "1 calendar entry could not be read and is not shown" in r.stdout
    assert "health-audit" in r.stdout and "Oct 2016  OVERDUE  Health audit" in r.stdout
    assert "s175: due every 2 years but has no start_year" in r.stdout
    cells = json.loads(lif("calendar", "-C", str(root), *AS_OF, "-f", "json").stdout)
    assert cells == [{"entry": "health-audit", "month": "2016-10", "status": "overdue",
                      "records": []}]  # fmt: skip


def test_biennial_without_start_year_is_a_located_error(lif, make_repo):
    root = make_repo({"calendar.yaml": BAD_CALENDAR.replace("[1, 13]", "[1]")})
    v = lif("validate", "-C", str(root), *AS_OF, "--format", "json")
    assert v.exit_code == 1
    (err,) = json.loads(v.stdout)["errors"]
    assert (err["code"], err["file"], err["line"]) == ("missing-field", "calendar.yaml", 12)
    r = lif("calendar", "-C", str(root), *AS_OF, "-f", "json")
    assert r.exit_code == 1
    assert "lif validate" in r.stderr
    assert {c["entry"] for c in json.loads(r.stdout)} == {"lado", "health-audit"}


def test_late_goes_to_the_latest_earlier_unsatisfied_month(make_repo):
    root = make_repo(
        {
            **QUARTERLY,
            "lif.yaml": "partnership: Test\nyear_start_month: 1\n",
            "reports/L1.yaml": report("L1", "lado", "2016-05-03"),
            "reports/L2.yaml": report("L2", "lado", "2016-05-20"),
        }
    )
    view = calendar_view(records_of(root), date(2016, 8, 10))
    cells = cells_of(view, "lado")
    # both January and April are unsatisfied: the 3 May record is April's (the latest);
    # the 20 May record then finds January, the latest still unsatisfied
    assert cells["2016-04"] == ("late", ("L1",))
    assert cells["2016-01"] == ("late", ("L2",))
    assert cells["2016-07"] == ("overdue", ())
