"""Tests for lif_cli.statutory: timescales, criteria and fixed lists."""

from __future__ import annotations

from datetime import date

import pytest

from lif_cli.statutory import (
    CDOP_CATEGORIES,
    DEFAULT_S11_STANDARDS,
    DISSEMINATION_DUTIES,
    FRAMEWORKS,
    TIMESCALES,
    DutyStatus,
    Timescale,
    criteria_problems,
    deadline,
    dissemination_gaps,
    dissemination_status,
    timescale_status,
)

# --- timescales -----------------------------------------------------------------


def _codes(framework: str) -> list[str]:
    return [t.code for t in TIMESCALES[framework]]


def test_each_framework_has_its_timescales() -> None:
    assert set(TIMESCALES) == set(FRAMEWORKS)
    assert _codes("wt2015") == ["notification", "completion"]
    assert _codes("wt2018") == ["notification", "rapid-review", "completion"]
    assert _codes("wt2023") == ["notification", "rapid-review", "completion"]


def test_timescale_fields_follow_the_contract() -> None:
    by_code = {t.code: t for t in TIMESCALES["wt2015"]}
    assert (by_code["notification"].start, by_code["notification"].end) == ("aware", "notified")
    assert by_code["notification"].working_days == 5
    assert (by_code["completion"].start, by_code["completion"].end) == (
        "decided",
        "report_received",
    )
    assert by_code["completion"].months == 6
    for framework in ("wt2018", "wt2023"):
        by_code = {t.code: t for t in TIMESCALES[framework]}
        rapid = by_code["rapid-review"]
        assert (rapid.start, rapid.end, rapid.working_days) == ("notified", "rapid_review", 15)
        assert "Panel" in by_code["notification"].title
        assert (by_code["completion"].end, by_code["completion"].months) == ("published", 6)


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_every_timescale_is_sourced_and_well_formed(framework: str) -> None:
    for t in TIMESCALES[framework]:
        assert "Working Together" in t.source
        assert (t.working_days is None) != (t.months is None)
        assert t.applies_to


def test_applies_to() -> None:
    by_code = {t.code: t for t in TIMESCALES["wt2023"]}
    assert "rapid-review" in by_code["rapid-review"].applies_to
    assert "rapid-review" not in by_code["completion"].applies_to
    assert "learning-review" not in by_code["notification"].applies_to


def test_deadline_in_working_days_and_months() -> None:
    notify, complete = TIMESCALES["wt2015"]
    assert deadline(notify, date(2016, 12, 22), "england") == date(2017, 1, 3)
    assert deadline(complete, date(2016, 8, 31), "england") == date(2017, 2, 28)


def test_deadline_needs_a_length() -> None:
    bad = Timescale("x", "x", "aware", "notified", None, None, "nowhere", ())
    with pytest.raises(ValueError):
        deadline(bad, date(2016, 1, 1), "england")


def _states(results: list) -> dict[str, str]:
    return {r.timescale.code: r.state for r in results}


def test_timescale_met_missed_and_not_started() -> None:
    dates = {
        "aware": date(2016, 1, 8),  # Friday; deadline Fri 15 Jan
        "notified": date(2016, 1, 18),
        "decided": date(2016, 2, 2),
        "report_received": date(2016, 8, 2),
    }
    results = timescale_status("serious-case-review", dates, "wt2015", "england", date(2016, 9, 1))
    assert _states(results) == {"notification": "missed", "completion": "met"}
    notify = results[0]
    assert notify.start_date == date(2016, 1, 8)
    assert notify.deadline == date(2016, 1, 15)
    assert notify.met_on == date(2016, 1, 18)
    assert notify.working_days_left is None

    results = timescale_status("serious-case-review", {}, "wt2015", "england", date(2016, 9, 1))
    assert _states(results) == {"notification": "not-started", "completion": "not-started"}
    assert all(r.deadline is None and r.working_days_left is None for r in results)


def test_timescale_open_counts_working_days_left() -> None:
    dates = {"aware": date(2016, 12, 22), "notified": None}
    results = timescale_status("rapid-review", dates, "wt2018", "england", date(2016, 12, 23))
    notify = results[0]
    assert notify.state == "open"
    assert notify.deadline == date(2017, 1, 3)
    assert notify.working_days_left == 4
    on_deadline = timescale_status("rapid-review", dates, "wt2018", "england", date(2017, 1, 3))
    assert on_deadline[0].state == "open"
    assert on_deadline[0].working_days_left == 0


def test_timescale_overdue_is_negative() -> None:
    dates = {"aware": date(2016, 12, 22)}
    results = timescale_status("rapid-review", dates, "wt2023", "england", date(2017, 1, 5))
    assert results[0].state == "overdue"
    assert results[0].working_days_left == -2
    # Saturday after a Friday deadline: no working day has passed, still negative.
    dates = {"aware": date(2016, 1, 8)}
    results = timescale_status("rapid-review", dates, "wt2023", "england", date(2016, 1, 16))
    assert results[0].deadline == date(2016, 1, 15)
    assert results[0].state == "overdue"
    assert results[0].working_days_left == -1


def test_rapid_review_runs_from_the_notification() -> None:
    dates = {
        "aware": date(2019, 1, 2),
        "notified": date(2019, 1, 7),
        "rapid_review": date(2019, 1, 28),
    }
    results = timescale_status("rapid-review", dates, "wt2018", "england", date(2019, 2, 1))
    rapid = {r.timescale.code: r for r in results}["rapid-review"]
    assert rapid.deadline == date(2019, 1, 28)
    assert rapid.state == "met"


def test_practice_review_completion_is_publication() -> None:
    dates = {"decided": date(2020, 3, 2), "report_received": date(2020, 8, 1)}
    results = timescale_status(
        "child-safeguarding-practice-review", dates, "wt2023", "england", date(2020, 10, 1)
    )
    completion = {r.timescale.code: r for r in results}["completion"]
    assert completion.deadline == date(2020, 9, 2)
    assert completion.state == "overdue"
    assert completion.met_on is None


def test_timescales_by_review_type() -> None:
    as_of = date(2020, 1, 1)
    assert _codes_for("rapid-review", "wt2018", as_of) == ["notification", "rapid-review"]
    assert _codes_for("learning-review", "wt2018", as_of) == []
    assert _codes_for("child-death-review", "wt2015", as_of) == []


def _codes_for(review_type: str, framework: str, as_of: date) -> list[str]:
    return [r.timescale.code for r in timescale_status(review_type, {}, framework, "none", as_of)]


def test_timescale_status_rejects_unknown_framework() -> None:
    with pytest.raises(ValueError, match="wt2015"):
        timescale_status("rapid-review", {}, "wt2030", "england", date(2020, 1, 1))


# --- criteria ---------------------------------------------------------------------

SCR_MET_BY_DEATH = {"abuse_or_neglect": "suspected", "child_died": True}
SCR_MET_BY_HARM = {
    "abuse_or_neglect": "known",
    "child_died": False,
    "seriously_harmed": True,
    "concern_about_working_together": True,
}


@pytest.mark.parametrize("criteria", [SCR_MET_BY_DEATH, SCR_MET_BY_HARM])
def test_scr_criteria_met(criteria: dict[str, object]) -> None:
    assert criteria_problems("serious-case-review", criteria, "wt2015") == []


def test_death_in_custody_always_meets_scr_test() -> None:
    criteria = {"abuse_or_neglect": "none", "child_died": True, "died_in_custody": True}
    assert criteria_problems("serious-case-review", criteria, "wt2015") == []


@pytest.mark.parametrize(
    ("criteria", "phrase"),
    [
        ({"abuse_or_neglect": "none", "child_died": True}, "abuse or neglect"),
        ({"abuse_or_neglect": "suspected", "child_died": False}, "neither died"),
        (
            {"abuse_or_neglect": "suspected", "seriously_harmed": True},
            "worked together",
        ),
        (
            {
                "abuse_or_neglect": "suspected",
                "seriously_harmed": True,
                "concern_about_working_together": False,
            },
            "worked together",
        ),
    ],
)
def test_scr_criteria_not_met(criteria: dict[str, object], phrase: str) -> None:
    problems = criteria_problems("serious-case-review", criteria, "wt2015")
    assert len(problems) == 1
    assert phrase in problems[0]
    assert "reg 5(2)" in problems[0]


def test_practice_review_criteria() -> None:
    harmed = {"abuse_or_neglect": "suspected", "seriously_harmed": True}
    for framework in ("wt2018", "wt2023"):
        # No working-together concern is needed after 2018.
        assert criteria_problems("child-safeguarding-practice-review", harmed, framework) == []
        problems = criteria_problems(
            "child-safeguarding-practice-review",
            {"abuse_or_neglect": "none", "child_died": True},
            framework,
        )
        assert len(problems) == 1
        assert "s16C" in problems[0]
    problems = criteria_problems("rapid-review", {"abuse_or_neglect": "known"}, "wt2018")
    assert problems and "neither died" in problems[0]


def test_missing_criteria() -> None:
    assert criteria_problems("serious-case-review", {}, "wt2015") == [
        "statutory criteria are not recorded"
    ]
    assert criteria_problems("learning-review", {}, "wt2015") == []
    assert criteria_problems("child-death-review", {}, "wt2023") == []


def test_review_type_out_of_its_framework() -> None:
    problems = criteria_problems("serious-case-review", SCR_MET_BY_DEATH, "wt2018")
    assert problems == [
        "serious case reviews were replaced by child safeguarding practice reviews under "
        "wt2018; use child-safeguarding-practice-review"
    ]
    problems = criteria_problems("child-safeguarding-practice-review", SCR_MET_BY_DEATH, "wt2015")
    assert len(problems) == 1
    assert "wt2015" in problems[0]


def test_only_real_booleans_count() -> None:
    criteria = {"abuse_or_neglect": "suspected", "child_died": "yes"}
    assert criteria_problems("serious-case-review", criteria, "wt2015") != []


def test_criteria_problems_rejects_unknown_framework() -> None:
    with pytest.raises(ValueError):
        criteria_problems("serious-case-review", SCR_MET_BY_DEATH, "wt1999")


# --- fixed lists ------------------------------------------------------------------


def test_cdop_categories() -> None:
    assert sorted(CDOP_CATEGORIES) == list(range(1, 11))
    assert CDOP_CATEGORIES[1] == "deliberately inflicted injury, abuse or neglect"
    assert CDOP_CATEGORIES[8] == "perinatal/neonatal event"
    assert CDOP_CATEGORIES[10] == "sudden unexpected, unexplained death"


def test_default_s11_standards() -> None:
    assert [sid for sid, _ in DEFAULT_S11_STANDARDS] == [f"S{i}" for i in range(1, 9)]
    titles = dict(DEFAULT_S11_STANDARDS)
    assert titles["S1"] == (
        "Senior management commitment to safeguarding and promoting children's welfare"
    )
    assert titles["S6"] == "Safer recruitment and vetting"
    assert titles["S8"] == "Effective information sharing"


# --- dissemination ----------------------------------------------------------------


def test_dissemination_duties() -> None:
    assert [d.code for d in DISSEMINATION_DUTIES] == [
        "published",
        "training-reviewed",
        "awareness",
        "practice-briefing",
        "slides",
    ]
    code, title, activities = DISSEMINATION_DUTIES[2]
    assert code == "awareness"
    assert activities == {"roadshow", "poster", "briefing"}
    assert title


def test_dissemination_all_done() -> None:
    activities = ["published", "training-updated", "poster", "practice-briefing", "slides"]
    assert dissemination_gaps(activities) == []
    assert all(s.done for s in dissemination_status(activities))


def test_dissemination_gaps() -> None:
    gaps = dissemination_gaps(iter(["briefing", "other"]))
    titles = {d.code: d.title for d in DISSEMINATION_DUTIES}
    assert gaps == [
        titles["published"],
        titles["training-reviewed"],
        titles["practice-briefing"],
        titles["slides"],
    ]
    status = dissemination_status(["published"])
    assert status[0] == DutyStatus("published", titles["published"], True)
    assert [s.done for s in status] == [True, False, False, False, False]
