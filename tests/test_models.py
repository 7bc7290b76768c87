"""The record models: strict where YAML is treacherous, named as FORMAT.md names them.

The models are fed what lif's reader builds (``yamlio.read_text``), so a
``yes`` arrives as text and a date as a string, exactly as in a real run;
errors are checked through ``model_errors.translate`` so the problem codes are the
public ones.
"""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from lif_cli import yamlio
from lif_cli.model_errors import translate
from lif_cli.models import KIND_MODELS, TOP_MODELS, Action, ActionPlan, Report, Review, Settings
from lif_cli.models.common import describe
from lif_cli.models.records import CalendarEntry, Cdop, Indicator


def load(model, text: str):
    return model.model_validate(yamlio.read_text(text, "x.yaml").data)


def codes(model, text: str) -> list[tuple[str, str]]:
    """(code, message) of each problem the model finds in ``text``."""
    with pytest.raises(ValidationError) as info:
        load(model, text)
    return [(p.code, p.message) for p in translate(info.value, model, "x.yaml")]


REVIEW = "id: R1\ntype: learning-review\ntitle: Child A\nstatus: referred\n"


def test_a_minimal_review_and_its_defaults():
    review = load(Review, REVIEW)
    assert (review.id, review.type, review.status) == ("R1", "learning-review", "referred")
    assert review.findings == [] and review.recommendations == []
    assert review.dates.aware is None


def test_dates_are_real_dates_and_nothing_else():
    review = load(Review, REVIEW + "dates:\n  aware: 2016-02-29\n  notified: '2016-03-01'\n")
    assert review.dates.aware == date(2016, 2, 29)
    assert review.dates.notified == date(2016, 3, 1)
    assert codes(Review, REVIEW + "dates:\n  aware: 2015-02-29\n") == [
        ("invalid-date", "dates.aware: '2015-02-29' is not a date: 2015-02 has 28 days")
    ]
    assert codes(Review, REVIEW + "dates:\n  aware: 20160229\n") == [
        ("invalid-date", "dates.aware: expected a date (YYYY-MM-DD), found the number 20160229")
    ]
    assert codes(Review, REVIEW + "dates:\n  aware: 29/02/2016\n")[0][0] == "invalid-date"
    assert codes(Review, REVIEW + "dates:\n  aware: true\n") == [
        ("invalid-date", "dates.aware: expected a date (YYYY-MM-DD), found the boolean true")
    ]


def test_yes_and_no_are_not_booleans():
    assert load(Review, REVIEW + "independent: false\n").independent is False
    assert codes(Review, REVIEW + "independent: no\n") == [
        (
            "wrong-type",
            "independent: expected true or false, found 'no'; YAML 1.2 booleans are true and false",
        )
    ]


def test_numbers_are_not_ids_and_ids_have_a_syntax():
    assert codes(Review, REVIEW.replace("id: R1", "id: 12")) == [
        (
            "invalid-id",
            "id: expected an id (letters, digits, '.', '_' or '-'), found the number 12; "
            "put it in quotes",
        )
    ]
    assert load(Review, REVIEW.replace("id: R1", "id: '007'")).id == "007"
    assert codes(Review, REVIEW.replace("id: R1", "id: -R1"))[0][0] == "invalid-id"
    assert codes(Review, REVIEW.replace("id: R1", "id: " + "x" * 65))[0][0] == "invalid-id"
    assert load(Review, REVIEW.replace("id: R1", "id: " + "x" * 64)).id == "x" * 64


def test_nan_and_infinity_are_not_values():
    base = "id: i\ntitle: T\nbetter: lower\n"
    assert load(Indicator, base + "target: 20\n").target == 20
    assert codes(Indicator, base + "target: .NaN\n") == [
        ("wrong-type", "target: expected a finite number, found the not-a-number value .nan")
    ]
    assert codes(Indicator, base + "tolerance: .inf\n")[0][0] in ("wrong-type", "invalid-value")
    assert codes(Indicator, base + "target: '20'\n") == [
        ("wrong-type", "target: expected a number, found '20'")
    ]


def test_enums_offer_a_did_you_mean():
    ((code, message),) = codes(Review, REVIEW.replace("referred", "publishd"))
    assert code == "invalid-value"
    assert message.startswith("status: 'publishd' is not one of: referred, decided")


def test_required_fields_and_empty_text():
    assert codes(Review, "id: R1\ntype: learning-review\nstatus: referred\n") == [
        ("missing-field", "the record has no 'title', which is required")
    ]
    assert codes(Review, REVIEW.replace("title: Child A", "title: ''")) == [
        ("empty-field", "title is empty, but a value is required")
    ]


def test_from_is_spelt_from_in_yaml():
    report = load(Report, "id: L1\ntitle: LADO report\nfrom: lado\nto: PIQAG\n")
    assert report.from_ == "lado"
    entry = CalendarEntry.model_validate(
        {"id": "lado", "title": "LADO", "from": "lado", "to": "PIQAG", "months": [1]}
    )
    assert entry.from_ == "lado"


def test_a_single_id_may_stand_for_a_list():
    plan = load(
        ActionPlan,
        "source: S\nactions:\n  - {id: A1, recommendation: R1, text: T, agency: csc,"
        " due: 2017-01-01, status: not-started}\n",
    )
    assert plan.actions[0].recommendation == ["R1"]


def test_models_are_frozen():
    review = load(Review, REVIEW)
    with pytest.raises(ValidationError):
        review.title = "changed"  # type: ignore[misc]


def test_settings_defaults_follow_format_md():
    settings = load(Settings, "partnership: P\n")
    assert settings.framework == "wt2023"
    assert settings.year_start_month == 4
    assert settings.holidays == "england"
    assert settings.amber_days == 30
    assert [s.id for s in settings.s11_standards] == [f"S{i}" for i in range(1, 9)]
    assert codes(Settings, "partnership: P\nyear_start_month: 0\n")[0][0] == "invalid-value"


def test_cdop_modifiable_takes_true_false_or_unknown():
    assert load(Cdop, "category: 10\nmodifiable: unknown\n").modifiable == "unknown"
    assert codes(Cdop, "category: 0\n")[0][0] == "out-of-range"
    assert codes(Cdop, "modifiable: maybe\n") == [
        ("invalid-value", "modifiable: expected true, false or unknown, found 'maybe'")
    ]


def test_indicator_periods():
    base = "id: i\ntitle: T\nbetter: higher\nvalues:\n"
    for period in ("2016", "2016-Q4", "2016-12"):
        assert load(Indicator, base + f"  - {{period: '{period}', value: 1}}\n")
    for period in ("2016-Q5", "2016-13", "16-Q1", "2016-1"):
        ((code, message),) = codes(Indicator, base + f"  - {{period: '{period}', value: 1}}\n")
        assert code == "invalid-value" and "is not a period" in message


def test_an_action_needs_its_fields():
    problems = codes(ActionPlan, "source: S\nactions:\n  - {id: A1}\n")
    assert sorted(m for _, m in problems) == [
        f"actions[0] has no '{name}', which is required"
        for name in sorted(["agency", "due", "recommendation", "status", "text"])
    ]


def test_every_kind_has_a_model_and_refuses_unknown_fields():
    assert set(KIND_MODELS) == {
        "reviews",
        "audits",
        "reports",
        "assessments",
        "challenges",
        "drilldowns",
        "indicators",
        "training",
        "actions",
        "incidents",
        "scrutiny",
        "national-reviews",
        "outcomes",
        "learning-events",
        "feedback",
        "risks",
        "evidence-requests",
    }
    assert set(TOP_MODELS) == {"lif", "agencies", "groups", "calendar"}
    for model in (*KIND_MODELS.values(), *TOP_MODELS.values(), Action):
        assert model.model_config["extra"] == "forbid", model
        assert model.model_config["frozen"] is True, model


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (None, "nothing (an empty value)"),
        (True, "the boolean true"),
        (7, "the number 7"),
        (2.5, "the number 2.5"),
        (float("nan"), "the not-a-number value .nan"),
        (float("inf"), "an infinite number"),
        ("short", "'short'"),
        ("x" * 41, "text of 41 characters"),
        ([1], "a list"),
        ({"a": 1}, "a mapping"),
    ],
)
def test_describe_never_echoes_long_text(value, words):
    assert describe(value) == words
