"""What a model writes (judgement and narrative), and how code assembles the full report.

Numbers the code knows (roster figures, totals, concentration, indicator-rated scores, the
overall score and every level) are never asked of the model; they come from the facts.
"""

from __future__ import annotations

import math

from pydantic import BaseModel, ConfigDict, Field

from generator.drafting import engine
from generator.evidence import Facts
from generator.framework import DimensionId
from generator.report import (
    AssessmentReport,
    EnablementGaps,
    ExecutiveSummary,
    FeedbackItem,
    Plan,
    Priority,
    ScorecardEntry,
)
from generator.scale import (
    MAX_SCORE,
    MIN_SCORE,
    MaturityLevel,
    level_for,
    overall_score,
    round_score,
)

_MODEL = ConfigDict(extra="forbid")


class DimensionJudgement(BaseModel):
    model_config = _MODEL
    dimension: DimensionId
    score: float = Field(
        description="1.0-5.0 with one decimal. Where the facts mark the score as fixed by "
        "indicator ratings, repeat that score exactly."
    )
    findings: list[str] = Field(
        description="One or two findings, each citing the evidence behind it.",
    )


class EnablementFinding(BaseModel):
    model_config = _MODEL
    area: str = Field(description="training, resources, support, onboarding or ramp")
    finding: str


class Narrative(BaseModel):
    """The judgement and narrative part of the assessment, written by the model."""

    model_config = _MODEL
    value_realised: str = Field(
        description="Two or three sentences on partnership value realised, using only figures "
        "from the facts."
    )
    dimensions: list[DimensionJudgement] = Field(description="All six dimensions, once each.")
    priorities: list[Priority] = Field(description="The top three priorities, most urgent first.")
    enablement_findings: list[EnablementFinding] = Field(
        description="What partner feedback and the evidence say about training, resources and "
        "support."
    )
    enablement_recommendations: list[str] = Field(
        description="Two to four recommendations for onboarding and ongoing enablement."
    )
    plan: Plan


def assemble(facts: Facts, narrative: Narrative) -> AssessmentReport:
    """The full report: the model's narrative around the code's numbers."""
    engine_report = engine.draft_report(facts)
    evidence = {e.dimension: e.evidence for e in engine_report.scorecard}
    # In the model's order, so a missing or repeated dimension reaches the validators as such.
    scorecard: list[ScorecardEntry] = []
    for judgement in narrative.dimensions:
        known = facts.dimension(judgement.dimension)
        score = known.score if known.basis == "ratings" else judgement.score
        on_scale = MIN_SCORE <= round_score(score) <= MAX_SCORE if math.isfinite(score) else False
        scorecard.append(
            ScorecardEntry(
                dimension=judgement.dimension,
                score=score,
                level=level_for(score) if on_scale else MaturityLevel.INITIAL,
                findings=judgement.findings,
                evidence=evidence[judgement.dimension],
            )
        )
    scores: dict[str, float] = {e.dimension: e.score for e in scorecard}
    complete = len(scorecard) == 6 == len(scores) and all(
        MIN_SCORE <= s <= MAX_SCORE for s in scores.values()
    )
    weights = {str(k): v for k, v in facts.weights.items()} if facts.weights else None
    overall = overall_score(scores, weights) if complete else facts.overall_score
    ratings = {
        area: getattr(facts.feedback, area)
        for area in ("training", "resources", "support")
        if facts.feedback is not None and getattr(facts.feedback, area) is not None
    }
    feedback = [
        FeedbackItem(area=f.area, rating=ratings.get(f.area.strip().lower()), finding=f.finding)
        for f in narrative.enablement_findings
    ]
    return AssessmentReport(
        organisation=facts.organisation,
        assessed_on=facts.assessed_on,
        currency=facts.currency,
        weights=facts.weights,
        executive_summary=ExecutiveSummary(
            overall_score=overall,
            maturity_level=level_for(overall),
            value_realised=narrative.value_realised,
            priorities=narrative.priorities,
        ),
        scorecard=scorecard,
        portfolio_map=engine_report.portfolio_map,
        enablement_gaps=EnablementGaps(
            feedback=feedback, recommendations=narrative.enablement_recommendations
        ),
        performance_dashboard=engine_report.performance_dashboard,
        plan=narrative.plan,
    )
