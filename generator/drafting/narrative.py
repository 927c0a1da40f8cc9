"""What a model writes (judgement and narrative), and how code assembles the full report.

Numbers the code knows (roster figures, totals, concentration, indicator-rated scores, the
overall score and every level, the investment view's scores, quadrants and decisions) are never
asked of the model; they come from the facts. Of the investment view the model writes only
each partner's one-line rationale.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaMode

from generator.drafting import engine
from generator.drafting.fit import objectives
from generator.evidence import Facts
from generator.formatting import join_names
from generator.frameworks import Framework, count_word
from generator.lenses.view import lens_rules
from generator.report import (
    Action,
    AssessmentReport,
    DimensionAction,
    EnablementGaps,
    ExecutiveSummary,
    FeedbackItem,
    PerformanceDashboard,
    Plan,
    PortfolioMap,
    Priority,
    ScorecardEntry,
    with_dimension_enum,
)
from generator.scale import overall_score, round_score
from generator.validators import Finding

_MODEL = ConfigDict(extra="forbid")


class _NoFieldTitles(GenerateJsonSchema):
    """Field titles only repeat the field names, in every request the model is sent."""

    def field_title_should_be_set(self, schema: Any) -> bool:
        return False


class DimensionJudgement(BaseModel):
    """narrative_model() narrows `dimension` to the framework's ids and states its scale."""

    model_config = _MODEL
    dimension: str
    score: float
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


class OneActionAnswer(BaseModel):
    """The plan of a `plan: one_action` framework as asked of a model: narrative_model() sets
    how many actions (one per dimension)."""

    model_config = _MODEL
    actions: list[DimensionAction]


class PartnerRationale(BaseModel):
    model_config = _MODEL
    partner: str = Field(description="The partner's name exactly as the FACTS write it.")
    rationale: str = Field(
        min_length=1,
        description="One line naming the figures behind code's decision, in its decision word; "
        "never a new number.",
    )


class Narrative(BaseModel):
    """The judgement and narrative part of the assessment, written by the model."""

    model_config = _MODEL
    # Set by narrative_model(): the framework's dimension ids, listed in the schema's enums.
    dimension_ids: ClassVar[tuple[str, ...]] = ()
    # Set by narrative_model(): whether the input has an investment view to write rationales for.
    # Without one the field stays out of the schema, so the model is never asked for it.
    asks_rationales: ClassVar[bool] = False
    value_realised: str = Field(
        description="Two or three sentences on partnership value realised, using only figures "
        "from the facts."
    )
    dimensions: list[DimensionJudgement]
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
    investment_rationales: list[PartnerRationale] = Field(
        default_factory=list,
        description="One line per partner in FACTS.lenses.rationales_asked: why code's decision "
        "follows from the partner's figures. Quadrants, decisions and scores stay code's.",
    )

    @classmethod
    def model_json_schema(
        cls,
        by_alias: bool | None = None,
        ref_template: str = "#/$defs/{model}",
        schema_generator: type[GenerateJsonSchema] = _NoFieldTitles,
        mode: JsonSchemaMode = "validation",
        **kwargs: Any,
    ) -> dict[str, Any]:
        schema = super().model_json_schema(
            by_alias, ref_template, schema_generator, mode, **kwargs
        )
        if not cls.asks_rationales:
            schema["properties"].pop("investment_rationales", None)
            schema.get("$defs", {}).pop("PartnerRationale", None)
        return with_dimension_enum(schema, cls.dimension_ids) if cls.dimension_ids else schema


_NARRATIVES: dict[tuple[str, int, str, bool], type[Narrative]] = {}


def narrative_model(framework: Framework, *, rationales: bool = False) -> type[Narrative]:
    """What a model is asked for under this framework: its dimension ids, count and scale; and,
    with `rationales` (the input has a roster, so an investment view), the partners' rationales."""
    key = (framework.id, framework.version, framework.source, rationales)
    if key not in _NARRATIVES:
        ids = framework.dimension_ids
        dimension: Any = Literal[ids]
        judgement = create_model(
            "DimensionJudgement",
            __base__=DimensionJudgement,
            __doc__=None,
            dimension=(dimension, ...),
            score=(
                float,
                Field(
                    description=f"{framework.span} with one decimal. Where the facts mark the "
                    "score as fixed by indicator ratings, repeat that score exactly."
                ),
            ),
        )
        plan: dict[str, Any] = {}
        if framework.report.plan == "one_action":
            term = framework.report.dimension_term
            answer = create_model(
                "PlanAnswer",
                __base__=OneActionAnswer,
                __doc__=None,
                actions=(
                    list[DimensionAction],
                    Field(
                        min_length=len(ids),
                        max_length=len(ids),
                        description=f"One action per {term}, the weakest {term} first.",
                    ),
                ),
            )
            plan["plan"] = (answer, ...)
        _NARRATIVES[key] = create_model(
            "Narrative",
            __base__=Narrative,
            __doc__=Narrative.__doc__,
            **plan,
            dimensions=(
                list[judgement],
                Field(
                    min_length=len(ids),
                    max_length=len(ids),
                    description=f"All {count_word(len(ids))} dimensions, once each.",
                ),
            ),
        )
        _NARRATIVES[key].dimension_ids = ids
        _NARRATIVES[key].asks_rationales = rationales
    return _NARRATIVES[key]


def rationale_partners(facts: Facts) -> list[str]:
    """The partners whose investment rationale the model is asked to write: every partner of a
    small roster, else those in "where the next dollar goes" (lenses.yaml model_rationales)."""
    if facts.lenses is None:
        return []
    view = facts.lenses.investment
    if len(view.partners) <= lens_rules().model_rationales.all_partners_up_to:
        return [p.name for p in view.partners]
    return list(dict.fromkeys(m.partner for m in view.moves))


def rationale_findings(facts: Facts, narrative: Narrative) -> list[Finding]:
    """Rationales the report cannot hold: a partner not asked for (by exact name), or one given
    twice. What each rationale says is checked on the report, with the rest of the prose."""
    asked = rationale_partners(facts)
    wanted = set(asked)
    counts = Counter(r.partner for r in narrative.investment_rationales)
    findings = []
    seen: set[str] = set()
    for i, r in enumerate(narrative.investment_rationales):
        path = f"investment_rationales[{i}].partner"
        if r.partner not in wanted:
            names = join_names(asked, limit=12) if asked else "none: leave the list empty"
            findings.append(
                Finding(
                    code="rationale_partner_unknown",
                    severity="error",
                    path=path,
                    message=f"{r.partner!r} is not a partner asked for; write rationales only "
                    f"for these, named exactly: {names}",
                )
            )
        elif counts[r.partner] > 1 and r.partner not in seen:
            findings.append(
                Finding(
                    code="rationale_partner_duplicate",
                    severity="error",
                    path=path,
                    message=f"{r.partner!r} has {counts[r.partner]} rationales; give one",
                )
            )
        seen.add(r.partner)
    return findings


def assemble(facts: Facts, narrative: Narrative) -> AssessmentReport:
    """The full report: the model's narrative around the code's numbers."""
    framework = facts.framework
    # The sections code owns come from the engine's builders; copied, so the report shares no
    # object with the facts the validators hold it against.
    evidence = {d.id: engine.scorecard_evidence(d) for d in facts.dimensions}
    portfolio = _with_rationales(
        PortfolioMap.model_validate_json(engine.portfolio_map(facts).model_dump_json()),
        narrative.investment_rationales,
    )
    dashboard = PerformanceDashboard.model_validate_json(engine.dashboard(facts).model_dump_json())
    # In the model's order, so a missing or repeated dimension reaches the validators as such.
    scorecard: list[ScorecardEntry] = []
    for judgement in narrative.dimensions:
        known = facts.dimension(judgement.dimension)
        score = known.score if known.basis == "ratings" else judgement.score
        on_scale = framework.on_scale(round_score(score, framework.scale.decimals)) if math.isfinite(score) else False
        scorecard.append(
            ScorecardEntry(
                dimension=judgement.dimension,
                score=score,
                level=framework.level_name(score) if on_scale else framework.level_names[0],
                findings=judgement.findings,
                evidence=evidence[judgement.dimension],
            )
        )
    scores: dict[str, float] = {e.dimension: e.score for e in scorecard}
    complete = len(scorecard) == len(facts.dimensions) == len(scores) and all(
        framework.on_scale(s) for s in scores.values()
    )
    weights = {str(k): v for k, v in facts.weights.items()} if facts.weights else None
    overall = overall_score(scores, weights, framework.scale.decimals) if complete else facts.overall_score
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
        framework=engine.framework_ref(framework),
        organisation=facts.organisation,
        assessed_on=facts.assessed_on,
        currency=facts.currency,
        weights=facts.weights,
        executive_summary=ExecutiveSummary(
            overall_score=overall,
            maturity_level=framework.level_name(overall),
            value_realised=narrative.value_realised,
            priorities=narrative.priorities,
        ),
        scorecard=scorecard,
        portfolio_map=portfolio,
        enablement_gaps=EnablementGaps(
            feedback=feedback, recommendations=narrative.enablement_recommendations
        ),
        performance_dashboard=dashboard,
        # A one-action answer fills `actions` and leaves the horizons empty; a horizons answer
        # is the other way round.
        plan=engine.link_measures(
            Plan.model_validate(
                {"days_30": [], "days_60": [], "days_90": [], **narrative.plan.model_dump()}
            )
        ),
        objectives=objectives(facts),
        prepared_by=facts.prepared_by,
    )


def _with_rationales(portfolio: PortfolioMap, written: list[PartnerRationale]) -> PortfolioMap:
    """The model's rationale on its partner's row, by exact name; every number, quadrant and
    decision on the row stays code's, and a partner the model did not write for keeps code's
    line."""
    view = portfolio.investment
    by_name = {r.partner: r.rationale.strip() for r in written}
    if view is None or not by_name:
        return portfolio
    rows = [
        p.model_copy(update={"rationale": by_name[p.name]}) if by_name.get(p.name) else p
        for p in view.partners
    ]
    return portfolio.model_copy(update={"investment": view.model_copy(update={"partners": rows})})
