"""The calendar feed's revision fields come from git, so the feed is reproducible."""

from __future__ import annotations

from datetime import UTC, datetime

from icalendar import Calendar

from tests.test_changes import commit, run_git

AS_OF = ("--as-of", "2016-11-15")


def events(text: str) -> dict[str, object]:
    return {str(e.get("UID")): e for e in Calendar.from_ical(text).walk("VEVENT")}


def test_sequence_and_last_modified_follow_each_records_history(lif, example_repo):
    run_git(example_repo, "init", "-q", "-b", "main")
    commit(example_repo, "Records", "2016-10-01", "Board Officer")
    plan = example_repo / "actions" / "SCR-2016-01.yaml"
    for day in ("2016-10-20", "2016-11-10"):  # two edits of one action plan
        plan.write_text(plan.read_text() + f"# reviewed {day}\n")
        commit(example_repo, f"Review {day}", day, "Board Officer")

    r = lif("calendar", "-C", str(example_repo), *AS_OF, "-f", "ics")
    assert r.exit_code in (0, 1), r.output
    found = events(r.stdout)
    edited = found["action-SCR-2016-01-A3@nscb"]
    assert edited.get("SEQUENCE") == 2
    assert edited.decoded("LAST-MODIFIED") == datetime(2016, 11, 10, 12, tzinfo=UTC)
    # DTSTAMP: when the event's information was last revised (its status is as of 15 Nov)
    assert edited.decoded("DTSTAMP") == datetime(2016, 11, 15, tzinfo=UTC)
    untouched = found["action-MAA-2016-02-A1@nscb"]
    assert untouched.get("SEQUENCE") == 0
    assert untouched.decoded("LAST-MODIFIED") == datetime(2016, 10, 1, 12, tzinfo=UTC)
    ret = next(e for uid, e in found.items() if uid.startswith("calendar-"))
    assert ret.get("SEQUENCE") == 0 and ret.decoded("DTSTAMP").tzinfo is not None
    # a later as-of date than the last commit: DTSTAMP is still UTC and reproducible
    again = lif("calendar", "-C", str(example_repo), *AS_OF, "-f", "ics")
    assert again.stdout == r.stdout

    # --at reads the history as it was at that commit
    first = run_git(example_repo, "rev-list", "--max-parents=0", "HEAD").strip()
    old = lif("calendar", "-C", str(example_repo), *AS_OF, "-f", "ics", "--at", first)
    assert events(old.stdout)["action-SCR-2016-01-A3@nscb"].get("SEQUENCE") == 0


def test_outside_git_the_feed_still_has_a_utc_dtstamp_and_sequence_0(lif, example_repo):
    r = lif("calendar", "-C", str(example_repo), *AS_OF, "-f", "ics")
    found = events(r.stdout)
    for e in found.values():
        assert e.decoded("DTSTAMP") == datetime(2016, 11, 15, tzinfo=UTC)
        assert e.get("SEQUENCE") == 0 and e.get("LAST-MODIFIED") is None
