"""Objectives read as goals: measures, subjects, directions, values, units and deadlines."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from generator.errors import FrameworkError
from generator.evaluation.cases import find_cases, load_case
from generator.evaluation.runner import ROOT
from generator.evidence import goals as goals_module
from generator.evidence.goals import Goal, goals_for, names_in, read_goals

TODAY = date(2026, 11, 2)
PARTNERS = ["Castlegate Print", "Halvorsen Logistics", "Alder Fluid Systems"]

# One row: an objective sentence, then what its single goal must hold (fields not named are not
# checked). Phrasings cover money, percent, counts, words, durations, dates, "from X to Y",
# "double", "by N%", quarters and relative deadlines.
ONE_GOAL: list[tuple[str, dict[str, Any]]] = [
    (
        "Grow partner-sourced revenue to $15M within 12 months.",
        {
            "measure": "partner_revenue",
            "target": 15e6,
            "unit": "money",
            "currency": "USD",
            "deadline": date(2027, 11, 2),
            "direction": "grow",
        },
    ),
    (
        "Lift partner bookings from EUR 3.1M to EUR 4.5M by the end of FY2027.",
        {
            "measure": "partner_revenue",
            "current": 3.1e6,
            "target": 4.5e6,
            "currency": "EUR",
            "deadline": date(2027, 12, 31),
        },
    ),
    (
        "Double referral income next year.",
        {"measure": "partner_revenue", "factor": 2.0, "deadline": date(2027, 12, 31)},
    ),
    (
        "Grow referred revenue from £90k by 20% this year.",
        {
            "measure": "partner_revenue",
            "current": 90e3,
            "change_pct": 20.0,
            "target": 108e3,
            "currency": "GBP",
            "deadline": date(2026, 12, 31),
        },
    ),
    (
        "We want mid-market to reach a third of new customers by Q3 2027.",
        {
            "measure": "new_customer_share",
            "subject": "mid-market",
            "subject_kind": "segment",
            "target": 33.3,
            "unit": "percent",
            "deadline": date(2027, 9, 30),
        },
    ),
    (
        "Resellers should account for 40% of new logos in the enterprise segment, up from 25%.",
        {"measure": "new_customer_share", "subject": "enterprise", "current": 25.0, "target": 40.0},
    ),
    (
        "Cut deal registration turnaround from 10 days to 2 by June 2027.",
        {
            "measure": "registration_turnaround",
            "direction": "reduce",
            "current": 10.0,
            "target": 2.0,
            "unit": "days",
            "deadline": date(2027, 6, 30),
        },
    ),
    (
        "Approve deal registrations faster, within two working days, by March 2027.",
        {
            "measure": "registration_turnaround",
            "direction": "reduce",
            "target": 2.0,
            "unit": "days",
            "deadline": date(2027, 3, 31),
        },
    ),
    (
        "Bring time to first deal under 60 days within two quarters.",
        {
            "measure": "time_to_first_deal",
            "direction": "reduce",
            "target": 60.0,
            "unit": "days",
            "deadline": date(2027, 5, 2),
        },
    ),
    (
        "Shorten time to first sale for new MSPs from five months to three months.",
        {
            "measure": "time_to_first_deal",
            "current": 150.0,
            "target": 90.0,
            "unit": "days",
            "subject": "MSPs",
        },
    ),
    (
        "Grow revenue through the AWS marketplace by 20% in the next 6 months.",
        {
            "measure": "channel_revenue",
            "subject": "AWS marketplace",
            "subject_kind": "channel",
            "change_pct": 20.0,
            "deadline": date(2027, 5, 2),
        },
    ),
    (
        "Sign a dozen new resellers in DACH by 2027-06-30.",
        {
            "measure": "partner_count",
            "target": 12.0,
            "unit": "count",
            "deadline": date(2027, 6, 30),
        },
    ),
    (
        "Launch three co-innovation initiatives with technology partners this year.",
        {
            "measure": "co_innovation",
            "target": 3.0,
            "subject": "technology partners",
            "subject_kind": "partner_type",
        },
    ),
    (
        "Get 20 certified engineers across our integrators by the end of the year.",
        {"measure": "certifications", "target": 20.0, "deadline": date(2026, 12, 31)},
    ),
    (
        "Raise partner satisfaction from 5.5 to 7 out of 10.",
        {"measure": "satisfaction", "current": 5.5, "target": 7.0, "unit": "rating"},
    ),
    (
        "Improve the partner NPS to 9 out of 10 by H1 2027.",
        {
            "measure": "satisfaction",
            "direction": "grow",
            "target": 9.0,
            "deadline": date(2027, 6, 30),
        },
    ),
    (
        "Lift the active-partner rate from 40% to 55%.",
        {"measure": "active_rate", "current": 40.0, "target": 55.0, "unit": "percent"},
    ),
    (
        "Keep Castlegate Print's referrals at least at today's level.",
        {
            "measure": "referrals",
            "subject": "Castlegate Print",
            "subject_kind": "partner",
            "direction": "hold",
        },
    ),
    (
        "Grow Halvorsen bookings from $2.2M to $3M by 31 March 2027.",
        {
            "measure": "partner_revenue",
            "subject": "Halvorsen Logistics",
            "current": 2.2e6,
            "target": 3e6,
            "deadline": date(2027, 3, 31),
        },
    ),
    (
        "Reduce reliance on Alder Fluid Systems to below 25% of partner revenue.",
        {"measure": "concentration", "direction": "reduce", "subject": "Alder Fluid Systems"},
    ),
    (
        "Get the two commerce agencies to $400k between them.",
        {"measure": "partner_revenue", "subject": "agencies", "target": 400e3},
    ),
    (
        "He would like referred jobs to grow from about one a month to four a month.",
        {"measure": "referrals", "current": 1.0, "target": 4.0},
    ),
    (
        "Partners should bring in half of our revenue within a year.",
        {"measure": "revenue_share", "target": 50.0, "deadline": date(2027, 11, 2)},
    ),
]


def _only(text: str) -> Goal:
    goals = read_goals(text, TODAY, "USD", PARTNERS)
    assert len(goals) == 1, [g.model_dump() for g in goals]
    return goals[0]


@pytest.mark.parametrize(("text", "expected"), ONE_GOAL)
def test_one_objective_reads_as_one_goal(text: str, expected: dict[str, Any]) -> None:
    goal = _only(text)
    for field, value in expected.items():
        got = getattr(goal, field)
        if isinstance(value, float):
            assert got == pytest.approx(value, rel=0.01), field
        else:
            assert got == value, field
    assert goal.id == "g1" and goal.quote == text


NOT_GOALS = [
    "We do not want to add more partners.",
    "Partner revenue is $8M today.",
    "She is not looking to take on more referrers.",
    "There are no plans to enter the marketplace.",
    "The team never reviews partner satisfaction.",
    "Enquiries arrive by phone and email.",
]


@pytest.mark.parametrize("text", NOT_GOALS)
def test_statements_and_negations_are_not_goals(text: str) -> None:
    assert read_goals(text, TODAY) == []


def test_several_goals_in_one_sentence_are_cut_apart_and_numbered() -> None:
    text = (
        "Grow partner-sourced revenue from $8M to $15M by Q3 2027, and raise partner "
        "satisfaction to 8/10. Cut registration approval to three days by June 2027, without "
        "hiring anyone."
    )
    goals = read_goals(text, TODAY)
    assert [(g.id, g.measure) for g in goals] == [
        ("g1", "partner_revenue"),
        ("g2", "satisfaction"),
        ("g3", "registration_turnaround"),
    ]
    assert goals[0].deadline == date(2027, 9, 30) and goals[1].deadline is None
    assert goals[1].target == 8.0 and goals[1].unit == "rating"
    assert goals[2].target == 3.0 and goals[2].unit == "days"


def test_a_goal_knows_whether_it_grows_its_subject() -> None:
    grow = _only("Grow Halvorsen bookings to $3M.")
    shrink = _only("Reduce reliance on Alder Fluid Systems.")
    faster = _only("Cut time to first deal for resellers to 60 days.")
    assert grow.grows_subject and not shrink.grows_subject and not faster.grows_subject


def test_names_come_from_the_context_when_there_is_no_roster() -> None:
    text = "Three firms pass her work: Ardent Ledger Accountants and the studio Pixelhaven."
    assert names_in(text) == ["Ardent Ledger Accountants", "Pixelhaven"]


def _matches(goal: Goal, expected: dict[str, Any]) -> bool:
    for field, value in expected.items():
        got = getattr(goal, field)
        if field == "subject":
            if got is None or not (value.lower() in got.lower() or got.lower() in value.lower()):
                return False
        elif isinstance(value, float):
            if got is None or abs(got - value) > 0.01 * abs(value):
                return False
        elif got != value:
            return False
    return True


CASES_WITH_GOALS = [
    p for p in find_cases(None, ROOT) if load_case(p, ROOT).expect.goals is not None
]


@pytest.mark.parametrize("path", CASES_WITH_GOALS, ids=lambda p: p.stem)
def test_the_goals_an_expert_reads_in_each_eval_case_are_found(path: Path) -> None:
    case = load_case(path, ROOT)
    found = goals_for(case.data)
    assert case.expect.goals is not None
    for expected in case.expect.goals:
        wanted = expected.model_dump(exclude_none=True)
        assert any(_matches(g, wanted) for g in found), (wanted, [g.model_dump() for g in found])


def test_the_eval_cases_state_goals() -> None:
    assert len(CASES_WITH_GOALS) >= 6


def test_a_broken_vocabulary_file_names_the_file_and_the_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "readiness").mkdir()
    (tmp_path / "readiness" / "measures.yaml").write_text("measures: [{id: x}]\n")
    monkeypatch.setattr(goals_module, "files", lambda _: tmp_path)
    goals_module.vocabulary.cache_clear()
    try:
        with pytest.raises(FrameworkError, match=r"measures.yaml: measures\.0\.name"):
            goals_module.vocabulary()
    finally:
        goals_module.vocabulary.cache_clear()


# --- several goals in a sentence, counts out of a whole, places, dependence ------------------


def test_each_goal_of_a_sentence_keeps_its_own_clause_and_deadline() -> None:
    text = (
        "Onboard six craft-beer wholesalers in Scotland by Q2 2027 and lift wholesaler bookings "
        "from GBP 300k to GBP 450k within two years. Shorten the wait from contract to a "
        "wholesaler's first order to 45 days."
    )
    goals = read_goals(text, TODAY, "GBP")
    got = [(g.measure, g.subject, g.subject_kind, g.target, g.deadline) for g in goals]
    assert got == [
        ("partner_count", "Scotland", "region", 6.0, date(2027, 6, 30)),
        ("partner_revenue", "wholesaler", "partner_type", 450e3, date(2028, 11, 2)),
        ("time_to_first_deal", "wholesaler", "partner_type", 45.0, None),
    ]
    assert goals[1].current == 300e3 and goals[2].direction == "reduce"
    assert [g.quote for g in goals] == [
        "Onboard six craft-beer wholesalers in Scotland by Q2 2027",
        "lift wholesaler bookings from GBP 300k to GBP 450k within two years",
        "Shorten the wait from contract to a wholesaler's first order to 45 days.",
    ]


def test_a_time_from_signing_to_the_first_deal_is_time_to_first_deal() -> None:
    goal = _only("Cut the time from go-live to a reseller's first sale to 30 days.")
    assert (goal.measure, goal.direction, goal.target, goal.unit) == (
        "time_to_first_deal",
        "reduce",
        30.0,
        "days",
    )


@pytest.mark.parametrize(
    ("text", "measure", "target", "out_of"),
    [
        (
            "Get seven of the ten payroll bureaus sending a quarterly usage report.",
            "partner_practice",
            7.0,
            10.0,
        ),
        (
            "Get 12 out of our 15 carriers attending the quarterly review by June 2027.",
            "partner_practice",
            12.0,
            15.0,
        ),
        (
            "Get at least four of the six agencies to close a first deal this year.",
            "active_rate",
            4.0,
            6.0,
        ),
    ],
)
def test_a_count_of_partners_out_of_a_whole(
    text: str, measure: str, target: float, out_of: float
) -> None:
    goal = _only(text)
    assert (goal.measure, goal.target, goal.out_of, goal.unit) == (measure, target, out_of, "count")


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("Open the Benelux, where three logistics parks are being built.", "Benelux"),
        ("Break into Catalonia with one payroll bureau.", "Catalonia"),
        ("Build Canadian coverage beyond our single reseller.", "Canada"),
        ("Expand into the Nordics through two freight forwarders.", "Nordics"),
    ],
)
def test_entering_a_market_is_a_goal_on_the_place(text: str, region: str) -> None:
    goal = _only(text)
    assert (goal.measure, goal.subject, goal.subject_kind, goal.direction) == (
        "market_entry",
        region,
        "region",
        "grow",
    )


def test_a_region_written_as_an_adjective_is_named_as_the_region() -> None:
    goals = read_goals(
        "Open Poland: book EUR 250k of Polish partner revenue within 12 months.", TODAY, "EUR"
    )
    assert [(g.measure, g.subject, g.target) for g in goals] == [
        ("market_entry", "Poland", None),
        ("partner_revenue", "Poland", 250e3),
    ]


def test_opening_something_that_is_not_a_place_is_not_market_entry() -> None:
    assert read_goals("Open a second integration project with the tax partner.", TODAY) == []


@pytest.mark.parametrize(
    "text",
    [
        "Reduce dependence on the largest carrier so that no carrier brings more than 30% of "
        "partner revenue within two years.",
        "Lower our exposure on the biggest bureau to a quarter of bookings by 2028.",
        "Cut reliance on Halvorsen Logistics while keeping partner satisfaction at 8/10.",
    ],
)
def test_reducing_dependence_is_a_concentration_goal(text: str) -> None:
    goal = read_goals(text, TODAY, "USD", PARTNERS)[0]
    assert (goal.measure, goal.direction) == ("concentration", "reduce")
    assert not goal.grows_subject


def test_the_share_a_dependence_goal_caps_keeps_its_deadline() -> None:
    goal = _only(
        "Reduce dependence on the largest carrier so that no carrier brings more than 30% of "
        "partner revenue within two years."
    )
    assert (goal.target, goal.unit, goal.deadline) == (30.0, "percent", date(2028, 11, 2))
