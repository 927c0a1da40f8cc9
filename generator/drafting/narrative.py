"""What a model writes (judgement and narrative), and how code assembles the full report.

Numbers the code knows (roster figures, totals, concentration, indicator-rated scores, the
overall score and every level) are never asked of the model; they come from the facts.
"""

from __future__ import annotations

import math
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaMode

from generator.drafting import engine
from generator.evidence import Facts
from generator.framework import DIMENSIONS, DimensionId
from generator.report import (
    Action,
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


class _NoFieldTitles(GenerateJsonSchema):
    """Field titles only repeat the field names, in every request the model is sent."""

    def field_title_should_be_set(self, schema: Any) -> bool:
        return False


class DimensionJudgement(BaseModel):
    model_config = _MODEL
    dimension: DimensionId
    score: float = Field(
        description="1.0-5.0 with one decimal. Where the facts mark the score as fixed by "
        "indicator ratings, repeat that score exactly."
    )
    findings: list[str] = Field(
        min_length=1,
        max_length=2,
        description="One or two findings, each citing the evidence behind it.",
    )


class EnablementFinding(BaseModel):
    model_config = _MODEL
    area: str = Field(description="training, resources, support, onboarding or ramp")
    finding: str


class PlanAnswer(BaseModel):
    """The plan as asked of a model: a grammar-constrained server enforces the minimum sizes
    only if the schema states them."""

    model_config = _MODEL
    days_30: list[Action] = Field(min_length=1)
    days_60: list[Action] = Field(min_length=1)
    days_90: list[Action] = Field(min_length=1)


class Narrative(BaseModel):
    """The judgement and narrative part of the assessment, written by the model."""

    model_config = _MODEL
    value_realised: str = Field(
        description="Two or three sentences on partnership value realised, using only figures "
        "from the facts."
    )
    dimensions: list[DimensionJudgement] = Field(
        min_length=len(DIMENSIONS),
        max_length=len(DIMENSIONS),
        description="All six dimensions, once each.",
    )
    priorities: list[Priority] = Field(
        min_length=1, description="The top three priorities, most urgent first."
    )
    enablement_findings: list[EnablementFinding] = Field(
        description="What partner feedback and the evidence say about training, resources and "
        "support."
    )
    enablement_recommendations: list[str] = Field(
        min_length=1,
        description="Two to four recommendations for onboarding and ongoing enablement.",
    )
    plan: PlanAnswer

    @classmethod
    def model_json_schema(
        cls,
        by_alias: bool | None = None,
        ref_template: str = "#/$defs/{model}",
        schema_generator: type[GenerateJsonSchema] = _NoFieldTitles,
        mode: JsonSchemaMode = "validation",
        **kwargs: Any,
    ) -> dict[str, Any]:
        return super().model_json_schema(by_alias, ref_template, schema_generator, mode, **kwargs)


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
        plan=Plan.model_validate(narrative.plan.model_dump()),
    )
