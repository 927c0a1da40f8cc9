"""The lenses in the report (issue 11 stage 2): every drafter's report carries them, and the
validators recompute each figure, so a damaged report fails with the one check that should fire."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import get_args

import pytest

from generator import validators
from generator.drafting.engine import draft_report
from generator.evaluation.cases import load_case
from generator.evaluation.graders import Subject, grade_investment
from generator.evaluation.runner import ROOT
from generator.evidence import Facts, analyse
from generator.inputs import load_input
from generator.lenses.rules import Health
from generator.report import HEALTH_STATES, AssessmentReport
from generator.run import RunInfo
from generator.validators import check

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.fixture(scope="module")
def facts() -> Facts:
    return analyse(load_input(EXAMPLES / "manufacturer_distributors.yaml"))


@pytest.fixture()
def report(facts: Facts) -> AssessmentReport:
    return draft_report(facts)


def _codes(report: AssessmentReport, facts: Facts | None) -> set[str]:
    return {f.code for f in validators.check(report, facts) if f.severity == "error"}


def test_lens_health_states_are_the_reports() -> None:
    assert get_args(Health) == HEALTH_STATES


def test_roster_example_shows_every_partners_lenses(facts: Facts, report: AssessmentReport) -> None:
    assert facts.roster is not None
    names = {p.name for p in facts.roster.partners}
    investment = report.portfolio_map.investment
    engagement = report.performance_dashboard.engagement
    card = report.performance_dashboard.balanced_scorecard
    assert investment is not None and engagement is not None and card is not None
    assert {p.name for p in investment.partners} == names
    assert all(p.quadrant and p.decision and p.rationale for p in investment.partners)
    assert {p.name for p in engagement.partners} == names
    assert all(p.score.value is not None and p.band for p in engagement.partners)
    assert card.kinds()["leading"] > 0 and card.kinds()["lagging"] > 0
    rows = report.performance_dashboard.partners
    assert all(r.engagement_score is not None and r.engagement_band for r in rows)
    assert "engagement score =" in engagement.formula


def test_the_engines_report_passes_every_lens_check(facts: Facts, report: AssessmentReport) -> None:
    lens = {"investment", "engagement", "scorecard", "plan_measure", "plan_leading", "lens"}
    assert not [f for f in validators.check(report, facts) if f.code.split("_")[0] in lens]


def test_a_stored_report_without_its_nones_reads_back(report: AssessmentReport) -> None:
    # The history stores reports with exclude_none; every lens field that may be None must
    # read back from that.
    stored = report.model_dump_json(exclude_none=True)
    assert AssessmentReport.model_validate_json(stored).portfolio_map.investment is not None


def test_every_action_links_a_known_measure_and_each_horizon_a_leading_one(
    report: AssessmentReport,
) -> None:
    from generator.lenses.view import lens_rules

    card = lens_rules().scorecard
    for horizon in (report.plan.days_30, report.plan.days_60, report.plan.days_90):
        kinds = [card.measure(a.measure).kind for a in horizon]  # type: ignore[union-attr]
        assert "leading" in kinds


def test_a_band_that_contradicts_health_carries_the_reason(report: AssessmentReport) -> None:
    engagement = report.performance_dashboard.engagement
    assert engagement is not None
    rhone = next(p for p in engagement.partners if p.name == "Rhone Process Supply")
    assert rhone.band == "strong"
    assert rhone.health_note.startswith("engagement is strong but health is at risk")


def _wrong_quadrant(r: AssessmentReport) -> None:
    inv = r.portfolio_map.investment
    assert inv is not None
    # Lens rows are frozen (the report shares them with the facts): damage replaces a row.
    row = inv.partners[0]
    inv.partners[0] = row.model_copy(
        update={"quadrant": "star" if row.quadrant != "star" else "laggard"}
    )


def _wrong_decision(r: AssessmentReport) -> None:
    inv = r.portfolio_map.investment
    assert inv is not None
    i = next(i for i, p in enumerate(inv.partners) if p.decision == "review")
    inv.partners[i] = inv.partners[i].model_copy(update={"decision": "invest"})


def _wrong_potential(r: AssessmentReport) -> None:
    inv = r.portfolio_map.investment
    assert inv is not None
    row = inv.partners[0]
    potential = row.potential.model_copy(update={"value": 99.0})
    inv.partners[0] = row.model_copy(update={"potential": potential})


def _wrong_engagement(r: AssessmentReport) -> None:
    e = r.performance_dashboard.engagement
    assert e is not None
    row = e.partners[0]
    e.partners[0] = row.model_copy(update={"score": row.score.model_copy(update={"value": 20.0})})


def _wrong_band(r: AssessmentReport) -> None:
    e = r.performance_dashboard.engagement
    assert e is not None
    e.partners[0] = e.partners[0].model_copy(update={"band": "needs action"})


def _silent_conflict(r: AssessmentReport) -> None:
    e = r.performance_dashboard.engagement
    assert e is not None
    i = next(i for i, p in enumerate(e.partners) if p.health_note)
    e.partners[i] = e.partners[i].model_copy(update={"health_note": ""})


def _wrong_scorecard(r: AssessmentReport) -> None:
    card = r.performance_dashboard.balanced_scorecard
    assert card is not None
    card.measures[0].value = 1.0


def _unknown_measure(r: AssessmentReport) -> None:
    r.plan.days_30[0].measure = "happiness"


def _no_leading(r: AssessmentReport) -> None:
    for action in r.plan.days_60:
        action.measure = "partner_revenue"


def _no_investment(r: AssessmentReport) -> None:
    r.portfolio_map.investment = None


DAMAGE: list[tuple[str, Callable[[AssessmentReport], None], str, bool]] = [
    # (case, damage, the check that fires, whether it fires without the facts)
    ("wrong quadrant", _wrong_quadrant, "investment_quadrant", True),
    ("wrong decision", _wrong_decision, "investment_decision", True),
    ("potential off the rule", _wrong_potential, "investment_score", False),
    ("wrong engagement", _wrong_engagement, "engagement_score", False),
    ("band off its score", _wrong_band, "engagement_band", True),
    ("conflict without reason", _silent_conflict, "engagement_health_conflict", True),
    ("scorecard value off", _wrong_scorecard, "scorecard_value", False),
    ("unknown measure", _unknown_measure, "plan_measure", True),
    ("horizon without leading", _no_leading, "plan_leading_measure", True),
    ("lens left out", _no_investment, "lens_missing", False),
]


@pytest.mark.parametrize(
    ("damage", "code", "without_facts"), [d[1:] for d in DAMAGE], ids=[d[0] for d in DAMAGE]
)
def test_a_damaged_lens_fails_validation(
    facts: Facts,
    report: AssessmentReport,
    damage: Callable[[AssessmentReport], None],
    code: str,
    without_facts: bool,
) -> None:
    damaged = AssessmentReport.model_validate(report.model_dump())
    damage(damaged)
    assert code in _codes(damaged, facts)
    assert (code in _codes(damaged, None)) is without_facts


# --- the investment grader ---------------------------------------------------------------------


def _lens_subject(name: str) -> Subject:
    case = load_case(ROOT / "evals" / "cases" / f"{name}.yaml", ROOT)
    facts = analyse(case.data)
    report = draft_report(facts)
    run = RunInfo(drafter="engine", generator_version="test", created_at="")
    return Subject(case=case, facts=facts, report=report, findings=check(report, facts), run=run)


@pytest.mark.parametrize("name", ["e_target_region", "e_costly_partner", "e_falling_top_earner"])
def test_the_engine_takes_the_experts_investment_decisions(name: str) -> None:
    grade = grade_investment(_lens_subject(name))
    assert grade.score == 1.0, grade.issues


def test_a_report_with_the_wrong_decision_fails_the_investment_grader() -> None:
    subject = _lens_subject("e_costly_partner")
    view = subject.report.portfolio_map.investment
    assert view is not None
    i = next(i for i, p in enumerate(view.partners) if p.name == "Costly Corp")
    view.partners[i] = view.partners[i].model_copy(update={"decision": "invest"})
    grade = grade_investment(subject)
    assert grade.score == pytest.approx(2 / 3)
    assert grade.issues == ["Costly Corp: expected review, the report says invest"]
    subject.report.portfolio_map.investment = None
    assert grade_investment(subject).score == 0.0
