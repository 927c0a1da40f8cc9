"""lenses.yaml as a checked model: factor rules, quadrants, decisions, bands, measures."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import Literal, get_args

from pydantic import Field

# The framework loader's reader and base model: the same YAML checks, errors with file and line.
from generator.frameworks import _Model, _read
from generator.inputs import Partner

Rule = Literal[
    "goal_fit",
    "count",
    "tier",
    "ratio",
    "flag",
    "relative",
    "recency",
    "reading",
    "activity",
    "answered",
    "share",
]
Level = Literal["high", "low"]
QuadrantId = Literal["star", "sleeper", "workhorse", "laggard"]
Decision = Literal["invest", "develop", "maintain", "review"]
Move = Literal["increase", "hold", "reduce"]
Group = Literal["financial", "operational", "strategic"]
Kind = Literal["leading", "lagging"]
# report.Health's states, repeated so the report can hold lens models without an import cycle
# (report -> lenses -> report); tests/test_lenses.py keeps the two equal.
Health = Literal["engaged", "passive", "at_risk", "dormant"]
Compute = Literal[
    "sum",
    "mean",
    "return_multiple",
    "active_rate",
    "win_rate",
    "share_positive",
    "share_true",
    "mean_share",
    "mean_engagement",
    "target_coverage",
]
Unit = Literal["money", "multiple", "pct", "count", "score", "rating10"]

# Rules that read a parameter, and the number of fields each needs.
_NEEDS_FULL_AT = {"count", "ratio"}
_FIELD_COUNT = {"ratio": 2}


class Factor(_Model):
    name: str = Field(min_length=1)
    rule: Rule
    fields: tuple[str, ...] = Field(min_length=1)
    weight: float = Field(gt=0, le=100)
    full_at: float | None = Field(default=None, gt=0)


class ScoreRules(_Model):
    min_given_pct: float = Field(ge=0, le=100)
    factors: dict[str, Factor] = Field(min_length=1)

    @property
    def total_weight(self) -> float:
        return sum(f.weight for f in self.factors.values())


class Quadrant(_Model):
    label: str = Field(min_length=1)
    potential: Level
    execution: Level
    decision: Decision


class DecisionRule(_Model):
    label: str = Field(min_length=1)
    move: Move


class InvestmentRules(_Model):
    potential: ScoreRules
    execution: ScoreRules
    potential_cut: float = Field(ge=0, le=100)
    execution_cut: float = Field(ge=0, le=100)
    quadrants: dict[QuadrantId, Quadrant]
    decisions: dict[Decision, DecisionRule]
    health_guard: dict[Literal["at_risk", "dormant"], Decision]
    dependence_guard: Decision
    min_return_multiple: float = Field(ge=0)
    moves_per_kind: int = Field(ge=1, le=50)
    tier_scores: dict[str, float]


class EngagementRules(ScoreRules):
    strong_above: float = Field(ge=0, le=100)
    moderate_from: float = Field(ge=0, le=100)
    falling_points: float = Field(gt=0, le=100)
    satisfaction_drop: float = Field(gt=0, le=10)


class Measure(_Model):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]{0,59}$")
    name: str = Field(min_length=1)
    group: Group
    kind: Kind
    compute: Compute
    fields: tuple[str, ...] = Field(min_length=1)
    unit: Unit


class ScorecardRules(_Model):
    near_target_pct: float = Field(ge=0, le=100)
    active_days: int = Field(gt=0)
    measures: tuple[Measure, ...] = Field(min_length=1)
    metric_measures: dict[str, str] = Field(default_factory=dict)
    default_measure: str
    leading_for: dict[str, str] = Field(default_factory=dict)

    def measure(self, measure_id: str) -> Measure | None:
        return next((m for m in self.measures if m.id == measure_id), None)

    def measure_for(self, metric: str) -> str:
        """The measure id a plan metric moves; metrics not listed move the default."""
        wanted = metric.strip().casefold()
        for text, measure_id in self.metric_measures.items():
            if text.casefold() == wanted:
                return measure_id
        return self.default_measure


class RationaleRules(_Model):
    """What a model is asked to write of the investment view, and how its words are read."""

    all_partners_up_to: int = Field(ge=0)
    decision_words: dict[Decision, tuple[str, ...]]
    negations: tuple[str, ...] = ()


class LensRules(_Model):
    full_within_days: int = Field(ge=0)
    zero_after_days: int = Field(gt=0)
    relative_full_at: float = Field(gt=0)
    investment: InvestmentRules
    engagement: EngagementRules
    scorecard: ScorecardRules
    model_rationales: RationaleRules


def load_lenses(path: str | Path | None = None) -> LensRules:
    """The readiness framework's lenses.yaml, or the file at `path`; checked, with the line of
    any problem. Raises FrameworkError."""
    target = Path(path) if path else Path(str(files("frameworks") / "readiness" / "lenses.yaml"))
    source = _read(target)
    rules: LensRules = source.model(LensRules)
    if rules.zero_after_days <= rules.full_within_days:
        raise source.fail(("zero_after_days",), "must be more than full_within_days")
    scores = {
        ("investment", "potential"): rules.investment.potential,
        ("investment", "execution"): rules.investment.execution,
        ("engagement",): rules.engagement,
    }
    for where, score in scores.items():
        if abs(score.total_weight - 100) > 1e-9:
            raise source.fail(
                (*where, "factors"),
                f"weights add up to {score.total_weight:g}; make them add up to 100",
            )
        for factor_id, factor in score.factors.items():
            at = (*where, "factors", factor_id)
            unknown = [f for f in factor.fields if f not in Partner.model_fields]
            if unknown:
                raise source.fail((*at, "fields"), f"{unknown[0]!r} is not a roster column")
            if factor.rule in _NEEDS_FULL_AT and factor.full_at is None:
                raise source.fail(at, f"rule {factor.rule!r} needs full_at; add it")
            if len(factor.fields) < _FIELD_COUNT.get(factor.rule, 1):
                raise source.fail((*at, "fields"), f"rule {factor.rule!r} needs two fields")
    investment = rules.investment
    for at, mapping in (
        (("investment", "quadrants"), investment.quadrants),
        (("investment", "decisions"), investment.decisions),
        (("model_rationales", "decision_words"), rules.model_rationales.decision_words),
    ):
        wanted = get_args(QuadrantId if at[-1] == "quadrants" else Decision)
        missing = [k for k in wanted if not mapping.get(k)]
        if missing:
            raise source.fail(at, f"{missing[0]!r} is missing; add it")
    corners = {(q.potential, q.execution) for q in investment.quadrants.values()}
    if len(corners) != len(investment.quadrants):
        raise source.fail(
            ("investment", "quadrants"), "two quadrants share a corner; give each its own"
        )
    if "invest" in investment.health_guard.values():
        raise source.fail(
            ("investment", "health_guard"),
            "an at-risk or dormant partner cannot default to invest; choose another decision",
        )
    engagement = rules.engagement
    if engagement.strong_above < engagement.moderate_from:
        raise source.fail(("engagement", "strong_above"), "must be at least moderate_from")
    seen: set[str] = set()
    for index, measure in enumerate(rules.scorecard.measures):
        if measure.id in seen:
            raise source.fail(("scorecard", "measures", index), f"{measure.id!r} appears twice")
        seen.add(measure.id)
        unknown = [f for f in measure.fields if f not in Partner.model_fields]
        if unknown:
            raise source.fail(
                ("scorecard", "measures", index), f"{unknown[0]!r} is not a roster column"
            )
    kinds = {m.id: m.kind for m in rules.scorecard.measures}
    for lagging, leading in rules.scorecard.leading_for.items():
        if kinds.get(lagging) != "lagging" or kinds.get(leading) != "leading":
            raise source.fail(
                ("scorecard", "leading_for", lagging),
                f"{lagging!r} must be a lagging measure and {leading!r} a leading one",
            )
    links = {"default_measure": rules.scorecard.default_measure, **rules.scorecard.metric_measures}
    for metric, measure_id in links.items():
        if measure_id not in seen:
            at = ("scorecard", "metric_measures", metric)
            if metric == "default_measure":
                at = ("scorecard", "default_measure")
            raise source.fail(at, f"{measure_id!r} is not a scorecard measure id; use one of them")
    return rules
