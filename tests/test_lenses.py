"""The three lenses of issue 11: investment view, engagement score, balanced scorecard."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from generator.errors import FrameworkError, InputValidationError
from generator.evidence.goals import read_goals
from generator.evidence.roster import analyse_roster
from generator.frameworks import load_framework
from generator.inputs import AssessmentInput, Partner, load_input, parse_input
from generator.lenses import (
    InvestmentView,
    LensRules,
    decision_problem,
    engagement_view,
    health_conflict,
    investment_view,
    load_lenses,
    recompute_decision,
    recompute_engagement,
    recompute_quadrant,
    roster_context,
    scorecard,
)
from generator.lenses.engagement import band_of
from generator.lenses.scorecard import status
from generator.lenses.scoring import score_inputs
from generator.lenses.view import reduced_partners
from generator.writers.charts import MatrixPoint, investment_matrix
from tests.conftest import MINIMAL

DATA = Path(__file__).parent / "data"
LENSES_YAML = Path(__file__).resolve().parent.parent / "frameworks" / "readiness" / "lenses.yaml"
DAY = date(2026, 3, 31)


@pytest.fixture(scope="module")
def rules() -> LensRules:
    return load_lenses()


def _partner(**fields: Any) -> Partner:
    return Partner.model_validate({"name": "P", "type": "channel", **fields})


def _scenario(name: str) -> AssessmentInput:
    return load_input(DATA / f"{name}.yaml")


def _view(inp: AssessmentInput, rules: LensRules, targets: list[str]) -> InvestmentView:
    assert inp.partners and inp.assessed_on
    facts = analyse_roster(inp.partners, inp.assessed_on, inp.objectives)
    return investment_view(
        inp.partners,
        rules,
        assessed_on=inp.assessed_on,
        health={p.name: p.health for p in facts.partners},
        targets=targets,
        hourly_rate=inp.hourly_rate,
        currency=inp.currency,
    )


# --- the rules file ---------------------------------------------------------------------------


def test_rules_agree_with_thresholds_yaml(rules: LensRules) -> None:
    t = load_framework("readiness").thresholds
    assert (rules.engagement.strong_above, rules.engagement.moderate_from) == (
        t.engagement.strong_above,
        t.engagement.moderate_from,
    )
    assert rules.engagement.satisfaction_drop == t.health.satisfaction_drop
    assert rules.scorecard.active_days == t.health.active_days
    assert rules.zero_after_days == t.health.dormant_days
    for score in (rules.investment.potential, rules.investment.execution, rules.engagement):
        assert score.total_weight == 100


def test_every_number_in_lenses_yaml_has_a_source_comment() -> None:
    """Walking up from a number over its siblings and its own key must reach a comment before
    leaving the block: a factor's numbers share the comment above the factor."""
    lines = LENSES_YAML.read_text(encoding="utf-8").splitlines()
    numbered = re.compile(r"^( *)[\w ]+: [0-9]")
    for index, line in enumerate(lines):
        match = numbered.match(line)
        if not match:
            continue
        indent = len(match.group(1))
        above = index - 1
        while above >= 0 and not lines[above].lstrip().startswith("#"):
            text = lines[above]
            assert text.strip() and len(text) - len(text.lstrip()) >= indent - 2, (
                f"line {index + 1}: no source comment for {line.strip()}"
            )
            above -= 1
        assert above >= 0, f"line {index + 1}: no source comment for {line.strip()}"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "        weight: 25\n      # Capability",
            "        weight: 35\n      # Capability",
            "add up to 110",
        ),
        (
            "fields: [certified_staff]",
            "fields: [certified_people]",
            "'certified_people' is not a roster column",
        ),
        ("    at_risk: maintain", "    at_risk: invest", "cannot default to invest"),
        ("rule: ratio", "rule: guess", "rule"),
        ("    star:\n", "    sun:\n", "sun"),
        ("{id: registered_deals,", "{id: partner_revenue,", "'partner_revenue' appears twice"),
        ("zero_after_days: 180", "zero_after_days: 20", "more than full_within_days"),
    ],
)
def test_a_broken_lenses_file_names_line_and_fix(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    text = LENSES_YAML.read_text(encoding="utf-8")
    assert old in text
    broken = tmp_path / "lenses.yaml"
    broken.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(FrameworkError, match=r"line [0-9]+") as caught:
        load_lenses(broken)
    assert message in str(caught.value)


# --- quadrants and decisions ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("potential", "execution", "quadrant"),
    [
        (80, 80, "star"),
        (50, 50, "star"),
        (80, 49.9, "sleeper"),
        (49.9, 90, "workhorse"),
        (10, 10, "laggard"),
    ],
)
def test_quadrant_from_the_cut(
    rules: LensRules, potential: float, execution: float, quadrant: str
) -> None:
    assert recompute_quadrant(potential, execution, rules) == quadrant


@pytest.mark.parametrize(
    ("quadrant", "health", "decision", "reason"),
    [
        ("star", "engaged", "invest", ""),
        ("star", None, "invest", ""),
        ("star", "at_risk", "maintain", "at risk"),
        ("star", "dormant", "review", "dormant"),
        ("sleeper", "dormant", "develop", ""),
        ("workhorse", "passive", "maintain", ""),
        ("laggard", "engaged", "review", ""),
    ],
)
def test_decision_from_quadrant_and_health(
    rules: LensRules, quadrant: Any, health: Any, decision: str, reason: str
) -> None:
    got, why = recompute_decision(quadrant, health, rules)
    assert got == decision
    assert (reason in why) if reason else why == ""


@pytest.mark.parametrize(
    ("decision", "quadrant", "health", "stated", "problem"),
    [
        ("invest", "star", "at_risk", "", "never invest without a stated reason"),
        ("invest", "star", "at_risk", "the new champion signed a two-year plan", None),
        ("maintain", "star", "at_risk", "", None),
        ("develop", "laggard", "passive", "", "decision is review, not develop"),
        ("invest", "star", "engaged", "", None),
    ],
)
def test_decision_problem_for_a_drafter(
    rules: LensRules, decision: Any, quadrant: Any, health: Any, stated: str, problem: str | None
) -> None:
    found = decision_problem(decision, quadrant, health, stated, rules)
    assert (problem in found) if problem and found else found == problem


def test_at_risk_or_dormant_is_never_invest(rules: LensRules) -> None:
    strong = {
        "tier": "Platinum",
        "region": "APAC",
        "revenue": 900_000,
        "pipeline": 900_000,
        "deals": 9,
        "registered_deals": 9,
        "certified_staff": 9,
        "executive_sponsor": True,
        "last_activity": "2026-03-30",
    }
    partners = [_partner(name=name, **strong) for name in ("Engaged", "Champion left", "Dormant")]
    health: dict[str, Any] = {
        "Engaged": "engaged",
        "Champion left": "at_risk",
        "Dormant": "dormant",
    }
    view = investment_view(partners, rules, assessed_on=DAY, health=health, targets=["APAC"])
    got = {p.name: (p.quadrant, p.decision) for p in view.partners}
    assert got == {
        "Engaged": ("star", "invest"),
        "Champion left": ("star", "maintain"),
        "Dormant": ("star", "review"),
    }
    assert "not invest" in view.partners[1].rationale


# --- "not given" and the share of the score -------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "given_pct", "value", "missing"),
    [
        # Every potential input given.
        (
            {
                "region": "APAC",
                "certified_staff": 5,
                "tier": "Gold",
                "pipeline": 10,
                "revenue": 10,
                "executive_sponsor": False,
            },
            100.0,
            (25 * 100 + 25 * 100 + 20 * 80 + 20 * 100 + 10 * 0) / 100,
            [],
        ),
        # No certified staff, an unknown tier: the score rests on 55% of its weight.
        (
            {
                "region": "APAC",
                "tier": "Unobtainium",
                "pipeline": 5,
                "revenue": 10,
                "executive_sponsor": True,
            },
            55.0,
            round((25 * 100 + 20 * 50 + 10 * 100) / 55, 1),
            ["certified staff", "tier"],
        ),
        # Only the region: under half the weight, so no score at all.
        (
            {"region": "EMEA"},
            25.0,
            None,
            ["certified staff", "tier", "pipeline against revenue", "executive sponsor"],
        ),
    ],
)
def test_missing_inputs_show_not_given_and_the_share(
    rules: LensRules,
    fields: dict[str, Any],
    given_pct: float,
    value: float | None,
    missing: list[str],
) -> None:
    partner = _partner(**fields)
    view = investment_view([partner], rules, assessed_on=DAY, health={}, targets=["APAC"])
    potential = view.partners[0].potential
    assert potential.given_pct == given_pct
    assert potential.value == value
    assert list(potential.missing) == missing
    ctx = roster_context([partner], rules, DAY, targets=["APAC"])
    inputs = score_inputs(partner, rules.investment.potential, rules, ctx)
    shown = {k: v for k, v in inputs.items() if potential.factors[k] is None}
    assert all(
        text in {"not given", "tier 'Unobtainium' is not on the tier scale"}
        for text in shown.values()
    )
    if value is None:
        assert view.partners[0].quadrant is None and view.partners[0].decision is None
        assert "not given (inputs behind 25%" in view.partners[0].rationale
    elif missing:
        assert (
            f"on {given_pct:g}% of its inputs; not given: certified staff, tier"
            in potential.describe()
        )


# --- goals, return on investment, hours -------------------------------------------------------


@pytest.mark.parametrize(
    ("targets", "goal_fit", "potential"),
    [
        ([], None, round((25 * 60 + 20 * 80) / 55, 1)),
        (["EMEA"], 0.0, round((25 * 60 + 20 * 80) / 80, 1)),
        (["APAC"], 100.0, round((25 * 100 + 25 * 60 + 20 * 80) / 80, 1)),
        (["apac partners"], 100.0, round((25 * 100 + 25 * 60 + 20 * 80) / 80, 1)),
        (["channel"], 100.0, round((25 * 100 + 25 * 60 + 20 * 80) / 80, 1)),
    ],
)
def test_a_partner_in_a_target_gains_potential(
    rules: LensRules, targets: list[str], goal_fit: float | None, potential: float
) -> None:
    partner = _partner(region="APAC", certified_staff=3, tier="gold", executive_sponsor=False)
    view = investment_view([partner], rules, assessed_on=DAY, health={}, targets=targets)
    score = view.partners[0].potential
    assert score.factors["goal_fit"] == goal_fit
    assert score.value == potential


@pytest.mark.parametrize(
    ("fields", "rate", "roi", "total", "note"),
    [
        ({"revenue": 300_000, "investment": 100_000}, None, 3.0, 100_000, "revenue / cost"),
        (
            {"revenue": 300_000, "investment": 100_000, "support_hours": 500},
            100,
            2.0,
            150_000,
            "revenue / cost",
        ),
        (
            {"revenue": 300_000, "investment": 100_000, "support_hours": 500},
            None,
            3.0,
            100_000,
            "support hours left out",
        ),
        ({"revenue": 300_000, "support_hours": 500}, None, None, None, "add hourly_rate"),
        ({"revenue": 300_000, "support_hours": 500}, 200, 3.0, 100_000, "revenue / cost"),
        ({"investment": 100_000}, None, None, 100_000, "revenue not given"),
        ({"revenue": 300_000}, None, None, None, "no cost given"),
    ],
)
def test_roi_compares_money_with_money(
    rules: LensRules,
    fields: dict[str, Any],
    rate: float | None,
    roi: float | None,
    total: float | None,
    note: str,
) -> None:
    view = investment_view(
        [_partner(**fields)], rules, assessed_on=DAY, health={}, hourly_rate=rate
    )
    row = view.partners[0]
    assert (row.roi, row.cost.total) == (roi, total)
    assert note in row.roi_note


def test_hours_without_a_rate_stay_out_of_the_summary(rules: LensRules) -> None:
    partners = [_partner(revenue=100_000, investment=50_000, support_hours=400)]
    without = investment_view(partners, rules, assessed_on=DAY, health={})
    assert without.summary is not None and without.summary.total_cost == 50_000
    assert any("400 support hours" in n and "hourly_rate" in n for n in without.notes)
    with_rate = investment_view(partners, rules, assessed_on=DAY, health={}, hourly_rate=50)
    assert with_rate.summary is not None and with_rate.summary.total_cost == 70_000
    assert not any("support hours" in n for n in with_rate.notes)


# --- engagement -------------------------------------------------------------------------------


def test_engagement_formula_is_printed_from_the_weights(rules: LensRules) -> None:
    view = engagement_view([_partner(engagement="high")], rules, assessed_on=DAY)
    for factor in rules.engagement.factors.values():
        assert f"{factor.weight:g} x {factor.name}" in view.formula
    assert "above 75 strong, 50-75 moderate, below 50 needs action" in view.formula


@pytest.mark.parametrize(
    ("fields", "others_answered", "expected", "given_pct"),
    [
        # recency 100 (10 days), reading 85, 4 registrations of 5 = 80, pipeline active 100,
        # answered 100, QBRs 50%.
        (
            {
                "last_activity": "2026-03-21",
                "engagement": "high",
                "registered_deals": 4,
                "pipeline": 1,
                "satisfaction": 8,
                "qbr_attended": 0.5,
            },
            True,
            round((25 * 100 + 25 * 85 + 15 * 80 + 15 * 100 + 10 * 100 + 10 * 50) / 100, 1),
            100.0,
        ),
        # 105 days since activity: half way from 30 to 180; did not answer a survey others did.
        (
            {"last_activity": "2025-12-16", "engagement": 40},
            True,
            round((25 * 50 + 25 * 40 + 10 * 0) / 60, 1),
            60.0,
        ),
        # No survey anywhere: participation is not given rather than zero.
        (
            {"last_activity": "2025-12-16", "engagement": 40},
            False,
            round((25 * 50 + 25 * 40) / 50, 1),
            50.0,
        ),
        # Only a label: 25% of the weight is under the 40% minimum.
        ({"engagement": "medium"}, False, None, 25.0),
    ],
)
def test_engagement_score_by_hand(
    rules: LensRules,
    fields: dict[str, Any],
    others_answered: bool,
    expected: float | None,
    given_pct: float,
) -> None:
    partners = [_partner(**fields)]
    if others_answered:
        partners.append(_partner(name="Other", satisfaction=7))
    row = engagement_view(partners, rules, assessed_on=DAY).partners[0]
    assert (row.score.value, row.score.given_pct) == (expected, given_pct)
    ctx = roster_context(partners, rules, DAY)
    assert recompute_engagement(partners[0], rules, ctx) == expected


@pytest.mark.parametrize(
    ("value", "band"),
    [
        (100, "strong"),
        (75.1, "strong"),
        (75, "moderate"),
        (50, "moderate"),
        (49.9, "needs action"),
        (0, "needs action"),
    ],
)
def test_engagement_bands(rules: LensRules, value: float, band: str) -> None:
    assert band_of(value, rules) == band


@pytest.mark.parametrize(
    ("band", "health", "says"),
    [
        ("strong", "at_risk", "engagement is strong but health is at risk: satisfaction fell"),
        ("needs action", "engaged", "engagement needs action but health is engaged"),
        ("strong", "engaged", None),
        ("moderate", "at_risk", None),
    ],
)
def test_a_band_and_a_health_class_never_contradict_silently(
    band: Any, health: Any, says: str | None
) -> None:
    found = health_conflict(band, health, "satisfaction fell from 8 to 5.5")
    assert (says in found) if says and found else found == says


# --- scorecard --------------------------------------------------------------------------------


def test_scorecard_groups_and_kinds(rules: LensRules) -> None:
    inp = _scenario("lenses_falling_top_earner")
    assert inp.partners and inp.assessed_on
    card = scorecard(
        inp.partners,
        rules,
        assessed_on=inp.assessed_on,
        targets={
            "partner_revenue": 3_500_000,
            "partner_satisfaction": 8.0,
            "active_partner_rate": 100,
        },
        target_segments=["North America", "APAC"],
    )
    assert {g: len(card.group(g)) for g in ("financial", "operational", "strategic")} == {
        "financial": 3,
        "operational": 5,
        "strategic": 4,
    }
    assert card.kinds()["leading"] >= 3 and card.kinds()["lagging"] >= 3
    by_id = {m.id: m for m in card.measures}
    assert (by_id["partner_revenue"].value, by_id["partner_revenue"].status) == (
        3_750_000,
        "on track",
    )
    assert (by_id["partner_satisfaction"].shown, by_id["partner_satisfaction"].status) == (
        "6.9/10",
        "behind",
    )
    assert by_id["target_coverage"].value == 50.0
    assert by_id["win_rate"].value == round(41 / 49 * 100, 1)
    assert by_id["qbr_attendance"].value == round((25 + 100 + 50) / 3, 1)
    assert (by_id["return_on_investment"].value, by_id["return_on_investment"].status) == (
        None,
        "not given",
    )
    assert by_id["partner_pipeline"].status == "no target"


@pytest.mark.parametrize(
    ("value", "target", "expected"),
    [
        (100, 100, "on track"),
        (91, 100, "near"),
        (90, 100, "near"),
        (89.9, 100, "behind"),
        (5, None, "no target"),
        (None, 5, "not given"),
    ],
)
def test_scorecard_status(
    rules: LensRules, value: float | None, target: float | None, expected: str
) -> None:
    assert status(value, target, rules) == expected


def test_scorecard_refuses_an_unknown_target(rules: LensRules) -> None:
    with pytest.raises(ValueError, match="no scorecard measure 'margin'"):
        scorecard([_partner()], rules, assessed_on=DAY, targets={"margin": 0.3})


# --- recompute helpers catch a damaged result -------------------------------------------------


def test_recompute_detects_a_wrong_quadrant_and_engagement(rules: LensRules) -> None:
    inp = _scenario("lenses_target_region")
    assert inp.partners and inp.assessed_on
    view = _view(inp, rules, ["APAC"])
    damaged = view.partners[0].model_copy(update={"quadrant": "star"})
    assert damaged.potential.value is not None and damaged.execution.value is not None
    assert (
        recompute_quadrant(damaged.potential.value, damaged.execution.value, rules)
        != damaged.quadrant
    )
    for row in view.partners:
        assert row.potential.value is not None and row.execution.value is not None
        assert recompute_quadrant(row.potential.value, row.execution.value, rules) == row.quadrant
    engagement = engagement_view(inp.partners, rules, assessed_on=inp.assessed_on)
    ctx = roster_context(inp.partners, rules, inp.assessed_on)
    claimed = {r.name: r.score.value for r in engagement.partners}
    claimed["Quiet Reach"] = 55.0
    wrong = [p.name for p in inp.partners if recompute_engagement(p, rules, ctx) != claimed[p.name]]
    assert wrong == ["Quiet Reach"]


# --- the three scenarios: the advice an expert would give --------------------------------------


def test_high_potential_low_execution_in_target_region_is_developed(rules: LensRules) -> None:
    view = _view(_scenario("lenses_target_region"), rules, ["APAC"])
    got = {p.name: (p.quadrant, p.decision, p.move) for p in view.partners}
    assert got == {
        "Harbour Systems": ("sleeper", "develop", "increase"),
        "Northwind Resellers": ("star", "invest", "increase"),
        "Atlas Distribution": ("workhorse", "maintain", "hold"),
        "Quiet Reach": ("laggard", "review", "reduce"),
    }
    # The next dollar goes first to the target-region partner with the most potential.
    assert (view.moves[0].partner, view.moves[0].move) == ("Harbour Systems", "increase")
    assert "target APAC" in view.moves[0].reason
    harbour = view.partners[0]
    assert "potential 96" in harbour.rationale and "execution 27" in harbour.rationale
    # Without the goal the same partner's potential falls.
    plain = _view(_scenario("lenses_target_region"), rules, ["EMEA"])
    assert (plain.partners[0].potential.value or 0) < (harbour.potential.value or 0)


def test_costly_low_return_partner_is_reduced(rules: LensRules) -> None:
    view = _view(_scenario("lenses_costly_partner"), rules, ["North America"])
    costly = view.partners[0]
    assert costly.cost.total == 200_000 + 600 * 100
    assert costly.roi == round(150_000 / 260_000, 2)
    assert (costly.decision, costly.move) == ("review", "reduce")
    reduce = [m for m in view.moves if m.move == "reduce"]
    assert reduce[0].partner == "Costly Corp" and "0.58x return" in reduce[0].reason
    assert view.summary is not None
    assert (
        "review/exit partners (Costly Corp) take 59.1% of the cost and bring 4.9% of the revenue"
        in view.summary.sentence
    )


def test_roi_under_the_floor_steps_a_hold_down_to_reduce(rules: LensRules) -> None:
    partners = [
        _partner(
            name="Busy",
            certified_staff=0,
            executive_sponsor=False,
            tier="Bronze",
            revenue=500_000,
            pipeline=10_000,
            deals=9,
            registered_deals=9,
            last_activity="2026-03-30",
            investment=400_000,
        ),
        _partner(
            name="Small",
            certified_staff=0,
            executive_sponsor=False,
            tier="Bronze",
            revenue=100_000,
            pipeline=10_000,
            deals=1,
            registered_deals=1,
            last_activity="2026-03-30",
        ),
    ]
    row = investment_view(partners, rules, assessed_on=DAY, health={}).partners[0]
    assert (row.quadrant, row.decision, row.move) == ("workhorse", "maintain", "reduce")
    assert "under 3x" in row.decision_reason


def test_top_earner_with_falling_engagement_is_held_not_invested(rules: LensRules) -> None:
    inp = _scenario("lenses_falling_top_earner")
    assert inp.partners and inp.assessed_on
    view = _view(inp, rules, ["North America"])
    summit = view.partners[0]
    assert (summit.health, summit.quadrant, summit.decision, summit.move) == (
        "at_risk",
        "star",
        "maintain",
        "hold",
    )
    engagement = engagement_view(inp.partners, rules, assessed_on=inp.assessed_on)
    row = engagement.partners[0]
    assert (row.score.value, row.previous, row.change, row.band) == (70.0, 83.8, -13.8, "moderate")
    assert row.falling and row.changes == ("engagement high to low", "satisfaction 8 to 5.5")
    assert row.reading == "low"
    assert not engagement.partners[1].falling


def test_matrix_points_fit_the_chart(rules: LensRules) -> None:
    view = _view(_scenario("lenses_target_region"), rules, ["APAC"])
    points = tuple(MatrixPoint(**p.model_dump()) for p in view.matrix_points())
    assert [p.name for p in points] == [p.name for p in view.partners]
    chart = investment_matrix(points)
    assert chart is not None and "Harbour Systems: potential 96.0" in chart.alt


# --- the new input columns --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"qbr_attended": "75%"}, {"qbr_attended": 0.75}),
        (
            {"qbr_attended": 0.5, "certified_staff": 3, "registered_deals": 7},
            {"qbr_attended": 0.5, "certified_staff": 3, "registered_deals": 7},
        ),
        (
            {"investment": "$250k", "support_hours": 120.5},
            {"investment": 250_000, "support_hours": 120.5},
        ),
        ({"engagement_previous": "High"}, {"engagement_previous": "high"}),
        ({"qbr_attended": 3}, "qbr_attended: 3 is not a share; write 0-1 or a percentage"),
        ({"qbr_attended": "150%"}, "150% is not a share"),
        ({"support_hours": -1}, "support_hours: -1 is out of range; it must be at least 0"),
        (
            {"support_hours": 2_000_000},
            "support_hours: 2000000 is out of range; it must be at most 1,000,000",
        ),
        ({"certified_staff": "yes"}, "certified_staff: 'yes' is not a number"),
        ({"registered_deals": True}, "expected a number, not true"),
        ({"investment": "lots"}, "investment: 'lots' is not a number"),
        (
            {"engagement_previous": "huge"},
            "engagement_previous: 'huge' is not valid; use high, medium, low",
        ),
    ],
)
def test_new_roster_columns_are_validated(fields: dict[str, Any], expected: Any) -> None:
    data = {**MINIMAL, "partners": [{"name": "A", "type": "channel", **fields}]}
    if isinstance(expected, str):
        with pytest.raises(InputValidationError) as caught:
            parse_input(data)
        assert expected in str(caught.value)
    else:
        partner = parse_input(data).partners
        assert partner is not None
        assert {k: getattr(partner[0], k) for k in expected} == expected


def test_new_columns_read_from_csv_and_hourly_rate(tmp_path: Path) -> None:
    (tmp_path / "roster.csv").write_text(
        "name,type,investment,support_hours,certified_staff,registered_deals,qbr_attended\n"
        'A,channel,"$40,000",80,2,5,50%\n',
        encoding="utf-8",
    )
    data = {**MINIMAL, "partners_csv": "roster.csv", "hourly_rate": "150"}
    inp = parse_input(data, base_dir=tmp_path)
    assert inp.hourly_rate == 150
    assert inp.partners is not None
    a = inp.partners[0]
    assert (
        a.investment,
        a.support_hours,
        a.certified_staff,
        a.registered_deals,
        a.qbr_attended,
    ) == (40_000, 80, 2, 5, 0.5)


def test_a_goal_to_reduce_dependence_holds_the_largest_partner(rules: LensRules) -> None:
    inp = _scenario("lenses_target_region")
    assert inp.partners and inp.assessed_on
    goals = read_goals(
        "Lower our dependency on the biggest reseller to under 30% of bookings.",
        inp.assessed_on,
    )
    assert [(g.measure, g.direction) for g in goals] == [("concentration", "reduce")]
    largest = max(inp.partners, key=lambda p: p.revenue or 0.0).name
    assert reduced_partners(goals, inp.partners) == [largest]
    facts = analyse_roster(inp.partners, inp.assessed_on, inp.objectives)
    view = investment_view(
        inp.partners,
        rules,
        assessed_on=inp.assessed_on,
        health={p.name: p.health for p in facts.partners},
        targets=["APAC"],
        reduce_dependence=[largest],
    )
    row = next(p for p in view.partners if p.name == largest)
    assert (row.quadrant, row.decision, row.move) == ("star", "maintain", "hold")
    assert "reduces dependence" in row.decision_reason and "maintain" in row.rationale
    # A drafter that gives the same decision with the reason stated is not flagged.
    assert decision_problem("maintain", "star", None, row.decision_reason, rules) is None


def test_a_named_partner_is_the_one_a_dependence_goal_reduces() -> None:
    partners = [_partner(name="Kestrel Freight", revenue=900), _partner(name="Tern", revenue=50)]
    goals = read_goals("Cut reliance on Tern to a fifth of revenue.", DAY, "USD", ["Tern"])
    assert reduced_partners(goals, partners) == ["Tern"]
    grow = read_goals("Grow partner revenue to $2M.", DAY)
    assert reduced_partners(grow, partners) == []
