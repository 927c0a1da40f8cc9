"""AssessmentReport: the six deliverables. Field names are a public contract.

The model is generic over the framework: dimension ids and levels are plain text here, checked
against the report's framework by the validators (and listed as enums in its JSON Schema).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field

from generator.frameworks import DEFAULT_FRAMEWORK, Framework, framework_for
from generator.inputs import EngagementLabel, PartnerType
from generator.lenses.engagement import Band, EngagementView
from generator.lenses.investment import InvestmentView
from generator.lenses.scorecard import Scorecard

Health = Literal["engaged", "passive", "at_risk", "dormant"]
HEALTH_STATES: tuple[Health, ...] = ("engaged", "passive", "at_risk", "dormant")
Score = Annotated[float, Field(description="Maturity score on the framework's scale.")]

_MODEL = ConfigDict(extra="forbid")


class Priority(BaseModel):
    model_config = _MODEL
    title: str = Field(min_length=1, description="The improvement priority in one line.")
    dimension: str | None = Field(default=None, description="The dimension the priority improves.")
    rationale: str = Field(min_length=1, description="Why it ranks here, with the evidence.")


class ExecutiveSummary(BaseModel):
    model_config = _MODEL
    overall_score: Score
    maturity_level: str
    value_realised: str = Field(
        min_length=1, description="Partnership value realised: revenue, active vs passive."
    )
    priorities: list[Priority] = Field(description="Top improvement priorities, most urgent first.")


class ScorecardEntry(BaseModel):
    model_config = _MODEL
    dimension: str
    score: Score
    level: str
    findings: list[str] = Field(description="One or two findings.")
    evidence: list[str] = Field(default_factory=list, description="Phrases and figures behind it.")


class Segment(BaseModel):
    model_config = _MODEL
    type: PartnerType
    partners: int | None = None
    revenue: float | None = None
    engaged: int | None = None
    passive: int | None = None
    at_risk: int | None = None
    dormant: int | None = None


class PartnerHealth(BaseModel):
    model_config = _MODEL
    name: str
    type: PartnerType
    health: Health
    reason: str = ""


class PortfolioMap(BaseModel):
    model_config = _MODEL
    segments: list[Segment] = Field(default_factory=list)
    partners: list[PartnerHealth] = Field(default_factory=list)
    top_performers: list[str] = Field(default_factory=list)
    coverage_gaps: list[str] = Field(default_factory=list)
    at_risk: list[str] = Field(default_factory=list)
    investment: InvestmentView | None = Field(
        default=None, description="Potential x execution per partner, decisions and moves."
    )


class FeedbackItem(BaseModel):
    model_config = _MODEL
    area: str = Field(description="training, resources, support, or another enablement area.")
    rating: float | None = Field(default=None, description="Survey rating 0-10, if surveyed.")
    finding: str


class EnablementGaps(BaseModel):
    model_config = _MODEL
    feedback: list[FeedbackItem] = Field(default_factory=list)
    recommendations: list[str] = Field(default_factory=list)


class PartnerPerformance(BaseModel):
    model_config = _MODEL
    name: str
    pipeline: float | None = None
    revenue: float | None = None
    deals: int | None = None
    engagement: EngagementLabel | float | None = Field(
        default=None, description="The engagement the user gave: input, shown beside the score."
    )
    satisfaction: float | None = None
    engagement_score: float | None = Field(default=None, description="0-100, from the formula.")
    engagement_band: Band | None = None
    engagement_change: float | None = Field(
        default=None, description="Points since the previous engagement reading."
    )


class Kpis(BaseModel):
    """Aggregate KPIs; None where the input does not support a figure."""

    model_config = _MODEL
    total_partners: int | None = None
    active_partners: int | None = None
    active_rate_pct: float | None = None
    partner_revenue: float | None = None
    partner_revenue_share_pct: float | None = None
    partner_pipeline: float | None = None
    deals: int | None = None
    average_satisfaction: float | None = None
    engagement_score: float | None = Field(default=None, description="0-100 composite.")
    top1_share_pct: float | None = None
    top5_share_pct: float | None = None
    hhi: float | None = Field(default=None, description="Herfindahl index of revenue, 0-10,000.")


class PerformanceDashboard(BaseModel):
    model_config = _MODEL
    partners: list[PartnerPerformance] = Field(default_factory=list)
    top_contributors: list[str] = Field(default_factory=list)
    underperformers: list[str] = Field(default_factory=list)
    kpis: Kpis = Field(default_factory=Kpis)
    engagement: EngagementView | None = Field(
        default=None, description="Per-partner engagement scores, their formula and bands."
    )
    balanced_scorecard: Scorecard | None = None


class ActsOn(BaseModel):
    """What an action moves, and which way: validators hold it against the client's goals."""

    model_config = _MODEL
    subject: str = Field(min_length=1, description="A partner, partner type, channel or region.")
    kind: Literal["partner", "partner_type", "channel", "region", "segment"] | None = None
    direction: Literal["grow", "hold", "reduce"]


class Action(BaseModel):
    model_config = _MODEL
    action: str = Field(min_length=1)
    owner: str = Field(description="Who does it: a role, not a person's name.")
    metric: str = Field(description="The metric the action moves.")
    measure: str = Field(
        default="", description="The balanced-scorecard measure id the action moves."
    )
    target: str = Field(description="The target value or state, with a date or horizon.")
    dimension: str | None = None
    goals: list[str] = Field(
        default_factory=list, description="Ids of the client's goals (g1, g2...) it serves."
    )
    acts_on: ActsOn | None = None


class GoalGap(BaseModel):
    """One objective of the client, and how far away it is."""

    model_config = _MODEL
    id: str
    objective: str = Field(description="The objective as the client stated it.")
    measure: str
    current: str | None = None
    target: str | None = None
    deadline: str | None = None
    gap: str = Field(description="The distance from current to target, or why it is unknown.")


class Objectives(BaseModel):
    """The client's goals, and whose team the plan is written for."""

    model_config = _MODEL
    goals: list[GoalGap] = Field(default_factory=list)
    team: str = Field(default="", description="Who owns the plan, or that no team was described.")


class DimensionAction(Action):
    """The one action a one-action plan recommends for a dimension, due within a horizon."""

    horizon_days: int = Field(ge=1, le=365, description="Due within this many days.")


class Plan(BaseModel):
    model_config = _MODEL
    days_30: list[Action]
    days_60: list[Action]
    days_90: list[Action]
    # A framework with `plan: one_action` leaves the horizons empty and recommends one action
    # per dimension here, weakest dimension first.
    actions: list[DimensionAction] = Field(
        default_factory=list, description="One recommended action per dimension (one-action plan)."
    )


# The readiness plan's horizons: the Plan field, due within this many days, and its heading.
HORIZONS: tuple[tuple[str, int, str], ...] = (
    ("days_30", 30, "First 30 days"),
    ("days_60", 60, "Days 31-60"),
    ("days_90", 90, "Days 61-90"),
)


class PlanRow(NamedTuple):
    """One action of a plan of either shape, with when it is due: every writer and the trend
    read the plan through plan_rows(), so a one-action plan is never shown empty."""

    key: str  # the Plan field holding it: days_30, days_60, days_90 or actions
    days: int  # due within this many days
    when: str  # "First 30 days" (a horizon's heading) or "Within 45 days"
    action: Action

    def about(self, names: dict[str, str]) -> str:
        """What the action is for: its dimension's name (from `names`, by id), else the goals
        it was written for ("Goal g1"), else nothing."""
        if self.action.dimension:
            return names.get(self.action.dimension, self.action.dimension)
        goals = ", ".join(self.action.goals)
        return f"Goal {goals}" if goals else ""


def plan_rows(plan: Plan) -> list[PlanRow]:
    """The three horizons' actions in order, then a one-action plan's in its own order."""
    rows = [
        PlanRow(key, days, title, action)
        for key, days, title in HORIZONS
        for action in getattr(plan, key)
    ]
    rows += [
        PlanRow("actions", a.horizon_days, f"Within {a.horizon_days} days", a) for a in plan.actions
    ]
    return rows


class ScoreChange(BaseModel):
    model_config = _MODEL
    dimension: str | None = Field(description="None for the overall score.")
    before: float
    after: float
    delta: float


class PartnerChange(BaseModel):
    """One aspect of one partner that changed. `aspect` is "health" today; other per-partner
    classifications (a quadrant) join as further aspects without a new shape."""

    model_config = _MODEL
    name: str
    aspect: str
    before: str | None = Field(description="None: the partner was not in the earlier roster.")
    after: str | None = Field(description="None: the partner is no longer in the roster.")


class ActionReview(BaseModel):
    """Whether an action of the earlier plan moved its measure, where a KPI measures it."""

    model_config = _MODEL
    action: str
    metric: str
    kpi: str | None = Field(description="The KPI read for the metric; None if none measures it.")
    before: float | None = None
    after: float | None = None
    status: Literal["improved", "worsened", "unchanged", "not_measurable"]


class ScorePoint(BaseModel):
    model_config = _MODEL
    assessed_on: date
    overall: float
    scores: dict[str, float]


class Trend(BaseModel):
    """Change since the organisation's previous stored assessment."""

    model_config = _MODEL
    since: date
    overall: ScoreChange
    dimensions: list[ScoreChange]
    partners: list[PartnerChange] = Field(default_factory=list)
    actions: list[ActionReview] = Field(default_factory=list)
    series: list[ScorePoint] = Field(
        default_factory=list, description="Every stored assessment and this one, oldest first."
    )


class Percentile(BaseModel):
    model_config = _MODEL
    dimension: str | None = Field(description="None for the overall score.")
    percentile: float = Field(description="Share of the sample scoring lower, ties counting half.")


class Benchmark(BaseModel):
    """Where the scores stand among other organisations' latest stored assessments."""

    model_config = _MODEL
    group: str = Field(description="Which assessments were compared: all, an industry, a size.")
    sample_size: int
    minimum: int = Field(description="Percentiles are given only from this sample size on.")
    percentiles: list[Percentile] = Field(default_factory=list)


class FrameworkRef(BaseModel):
    """Which framework (id and version) the report was assessed against."""

    model_config = _MODEL
    id: str
    version: int
    folder: str | None = Field(
        default=None,
        description="The framework's folder when it is not built in, so the report can be "
        "validated and exported without its input.",
    )


class AssessmentReport(BaseModel):
    """An assessment against a framework: the six deliverables."""

    model_config = _MODEL
    # Reports written before frameworks were data had only the readiness framework.
    framework: FrameworkRef = Field(
        default_factory=lambda: FrameworkRef(id=DEFAULT_FRAMEWORK, version=1)
    )
    organisation: str | None = None
    assessed_on: date
    currency: str = "USD"
    weights: dict[str, Annotated[float, Field(gt=0)]] | None = Field(
        default=None, description="Dimension weights of the overall score; none means equal."
    )
    executive_summary: ExecutiveSummary
    scorecard: list[ScorecardEntry]
    portfolio_map: PortfolioMap
    enablement_gaps: EnablementGaps
    performance_dashboard: PerformanceDashboard
    plan: Plan
    objectives: Objectives = Field(default_factory=Objectives)
    prepared_by: str | None = Field(default=None, description="Who prepared the report.")
    trend: Trend | None = Field(
        default=None, description="Present when the history holds an earlier assessment."
    )
    benchmark: Benchmark | None = None


def with_dimension_enum(schema: dict[str, Any], ids: tuple[str, ...]) -> dict[str, Any]:
    """The schema with every `dimension` field (and the weights' keys) listed as an enum of
    these ids: the models hold plain text, the framework fixes which ids exist."""
    enum = {"enum": list(ids), "type": "string"}
    for definition in schema.get("$defs", {}).values():
        field = definition.get("properties", {}).get("dimension")
        if field is None:
            continue
        if field.get("type") == "string":
            definition["properties"]["dimension"] = {**enum, **_extra(field)}
        for index, branch in enumerate(field.get("anyOf", [])):
            if branch == {"type": "string"}:
                field["anyOf"][index] = dict(enum)
    weights = schema.get("properties", {}).get("weights")
    if weights is not None:
        for branch in weights.get("anyOf", []):
            if branch.get("type") == "object":
                branch["propertyNames"] = {"enum": list(ids)}
    return schema


def _extra(field: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in field.items() if k != "type"}


def report_framework(report: AssessmentReport) -> Framework:
    """The framework the report names, as loaded in this process (or built in)."""
    ref = report.framework
    return framework_for(ref.id, ref.version, ref.folder)
