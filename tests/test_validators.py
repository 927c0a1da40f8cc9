"""Validators: each damage to a good report is caught by exactly the expected check."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest

from generator.api import load_report
from generator.drafting.engine import draft_report
from generator.errors import ReportFileError
from generator.evidence import Facts, analyse
from generator.inputs import load_input
from generator.report import Action, AssessmentReport
from generator.validators import check, has_errors
from tests.conftest import EXAMPLE_FILES, EXAMPLES


@cache
def _facts(name: str) -> Facts:
    return analyse(load_input(EXAMPLES / name))


def _report(name: str = "manufacturer_distributors.yaml") -> AssessmentReport:
    return draft_report(_facts(name))


def _codes(report: AssessmentReport, name: str | None = None) -> set[str]:
    facts = _facts(name) if name else None
    return {f.code for f in check(report, facts) if f.severity == "error"}


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_engine_reports_pass_every_check(path: object) -> None:
    name = EXAMPLE_FILES[EXAMPLE_FILES.index(path)].name  # type: ignore[arg-type]
    assert not has_errors(check(_report(name), _facts(name)))


def test_worked_example_slip_is_caught() -> None:
    """The expert wrote overall 2.8 for scores whose mean is 2.67 (2.7)."""
    report = _report("saas_worked_example.yaml")
    for entry, score in zip(report.scorecard, [3, 2, 3, 2, 3, 3], strict=True):
        entry.score = float(score)
        entry.level = "Defined" if score == 3 else "Developing"
    report.executive_summary.overall_score = 2.8
    findings = [f for f in check(report) if f.code == "overall_mismatch"]
    assert len(findings) == 1
    assert "(2.67, which rounds to 2.7)" in findings[0].message
    report.executive_summary.overall_score = 2.7
    assert "overall_mismatch" not in _codes(report)


def test_weighted_overall_is_checked_with_literal_figures() -> None:
    """Scores 3, 2, 3, 2, 3, 3 with go-to-market weighted 3: (3+2+3+6+3+3)/8 = 2.50."""
    report = _report("saas_worked_example.yaml")
    for entry, score in zip(report.scorecard, [3, 2, 3, 2, 3, 3], strict=True):
        entry.score = float(score)
        entry.level = "Defined" if score == 3 else "Developing"
    report.weights = {
        e.dimension: 3.0 if e.dimension == "gtm_cosell" else 1.0 for e in report.scorecard
    }
    report.executive_summary.overall_score = 2.7  # the unweighted mean
    report.executive_summary.maturity_level = "Developing"
    findings = [f for f in check(report) if f.code == "overall_mismatch"]
    assert [f.message for f in findings] == [
        "2.7 is not the weighted mean of the six dimension scores (2.50, which rounds to 2.5)"
    ]
    report.executive_summary.overall_score = 2.5
    assert "overall_mismatch" not in _codes(report)


Damage = Callable[[AssessmentReport], None]


def _set_score(i: int, score: float) -> Damage:
    def damage(r: AssessmentReport) -> None:
        r.scorecard[i].score = score

    return damage


def _drop(attr: str) -> Damage:
    def damage(r: AssessmentReport) -> None:
        setattr(r.plan, attr, [])

    return damage


def _vague(r: AssessmentReport) -> None:
    r.plan.days_30[0] = Action(action="Improve things", owner="", metric=" ", target="")


def _invent_partner(r: AssessmentReport) -> None:
    r.performance_dashboard.partners[0].name = "Imaginary Pumps Ltd"


def _alter_revenue(r: AssessmentReport) -> None:
    r.performance_dashboard.partners[0].revenue = 9_999_999


def _alter_kpi(r: AssessmentReport) -> None:
    r.performance_dashboard.kpis.hhi = 1234


def _wrong_type(r: AssessmentReport) -> None:
    r.portfolio_map.partners[0].type = "referral"


def _duplicate_dimension(r: AssessmentReport) -> None:
    r.scorecard[1] = r.scorecard[0].model_copy()


@pytest.mark.parametrize(
    ("damage", "code"),
    [
        (_set_score(0, 6.0), "score_out_of_range"),
        (_set_score(0, 0.5), "score_out_of_range"),
        (_set_score(0, 3.25), "score_precision"),
        (lambda r: setattr(r.scorecard[2], "level", "Managed"), "level_mismatch"),
        (
            lambda r: setattr(r.executive_summary, "maturity_level", "Optimized"),
            "level_mismatch",
        ),
        (lambda r: setattr(r.executive_summary, "overall_score", 4.0), "overall_mismatch"),
        (lambda r: r.scorecard.pop(), "dimension_missing"),
        (_duplicate_dimension, "dimension_duplicate"),
        (lambda r: setattr(r.scorecard[0], "findings", []), "findings_count"),
        (lambda r: setattr(r.scorecard[0], "findings", ["a", "b", "c"]), "findings_count"),
        (lambda r: setattr(r.executive_summary, "priorities", []), "priorities_missing"),
        (_drop("days_30"), "plan_horizon_empty"),
        (_drop("days_90"), "plan_horizon_empty"),
        (_vague, "action_metric_missing"),
        (lambda r: setattr(r.plan.days_60[0], "action", " "), "action_missing"),
        (lambda r: setattr(r, "weights", {"gtm_cosell": 2.0}), "weights_incomplete"),
    ],
)
def test_structural_damage_is_caught(damage: Damage, code: str) -> None:
    report = _report()
    assert _codes(report) == set()
    damage(report)
    assert code in _codes(report)


@pytest.mark.parametrize(
    ("damage", "code"),
    [
        (_invent_partner, "partner_unknown"),
        (lambda r: r.portfolio_map.at_risk.append("Nobody GmbH"), "partner_unknown"),
        (_alter_revenue, "partner_figure_mismatch"),
        (
            lambda r: setattr(r.performance_dashboard.partners[1], "engagement", "high"),
            "partner_figure_mismatch",
        ),
        (_alter_kpi, "kpi_mismatch"),
        (_wrong_type, "partner_type_mismatch"),
        (
            lambda r: setattr(
                r.performance_dashboard, "top_contributors", ["Adriatic Pump Trading"]
            ),
            "partner_list_mismatch",
        ),
        (lambda r: setattr(r.portfolio_map.segments[0], "revenue", 99e6), "segment_mismatch"),
        (
            lambda r: r.performance_dashboard.partners.append(
                r.performance_dashboard.partners[0].model_copy()
            ),
            "partner_duplicate",
        ),
        (lambda r: setattr(r.enablement_gaps.feedback[0], "rating", 9.5), "survey_mismatch"),
        (lambda r: r.performance_dashboard.partners.pop(), "partner_omitted"),
        (
            lambda r: setattr(r, "weights", dict.fromkeys([e.dimension for e in r.scorecard], 1.0)),
            "weights_mismatch",
        ),
    ],
)
def test_evidence_damage_is_caught_only_with_the_facts(damage: Damage, code: str) -> None:
    name = "manufacturer_distributors.yaml"
    report = _report(name)
    damage(report)
    assert code in _codes(report, name)
    assert code not in _codes(report)  # without the input, only the structure is checked


def test_ratings_based_scores_must_match_the_ratings() -> None:
    name = "software_tech_partners.yaml"
    report = _report(name)
    report.scorecard[0].score = 4.0
    report.scorecard[0].level = "Managed"
    assert "score_not_ratings" in _codes(report, name)


@pytest.mark.parametrize(
    ("name", "index", "severity"),
    [
        ("saas_worked_example.yaml", 3, "error"),  # gtm_cosell: high confidence
        ("services_firm.yaml", 4, "warning"),  # performance_measurement: no evidence at all
    ],
)
def test_evidence_divergence_depends_on_confidence(name: str, index: int, severity: str) -> None:
    report = _report(name)
    report.scorecard[index].score = 4.5
    report.scorecard[index].level = "Managed"
    findings = check(report, _facts(name))
    diverging = [f for f in findings if f.code == "score_diverges_from_evidence"]
    assert [f.severity for f in diverging] == [severity]


def test_changed_health_is_a_warning_with_the_rule() -> None:
    name = "manufacturer_distributors.yaml"
    report = _report(name)
    report.portfolio_map.partners[0].health = "engaged"
    warning = next(f for f in check(report, _facts(name)) if f.code == "partner_health_differs")
    assert warning.severity == "warning" and "the health rules say at_risk" in warning.message


def test_zero_weights_are_refused_when_a_report_is_read(tmp_path: Path) -> None:
    report = _report().model_dump(mode="json")
    report["weights"] = dict.fromkeys([e["dimension"] for e in report["scorecard"]], 0)
    path = tmp_path / "report.json"
    path.write_text(json.dumps({"report": report}))
    with pytest.raises(ReportFileError, match="weights"):
        load_report(path)


def _skip_goals(r: AssessmentReport) -> None:
    for horizon in (r.plan.days_30, r.plan.days_60, r.plan.days_90):
        horizon[:] = [
            Action(
                action="Hold a monthly call with each partner manager to review open items.",
                owner="Partner manager",
                metric="Meeting cadence",
                target="Calls held every month by day 90",
            )
        ]


def _invent_owner(r: AssessmentReport) -> None:
    r.plan.days_30[0].owner = "Chief evangelist"


def _reduce_grown_partner(r: AssessmentReport) -> None:
    # The example's objectives grow revenue through distributors.
    r.plan.days_90.append(
        Action(
            action="Reduce dependence on distributors by moving volume to direct sales.",
            owner="Sales",
            metric="Direct revenue",
            target="Direct sales at 60% of revenue by day 90",
        )
    )


@pytest.mark.parametrize(
    ("damage", "code"),
    [
        (_skip_goals, "goal_not_served"),
        (_invent_owner, "owner_not_in_team"),
        (_reduce_grown_partner, "goal_contradicted"),
    ],
)
def test_a_plan_that_does_not_fit_the_client_is_an_error(
    damage: Callable[[AssessmentReport], None], code: str
) -> None:
    name = "manufacturer_distributors.yaml"
    report = _report(name)
    assert not {"goal_not_served", "owner_not_in_team", "goal_contradicted"} & _codes(report, name)
    damage(report)
    assert code in _codes(report, name)
