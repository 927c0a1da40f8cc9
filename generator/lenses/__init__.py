"""Three lenses over a partner roster (issue 11), as pure computations with their rules in YAML.

Rules: frameworks/readiness/lenses.yaml, loaded and checked by `load_lenses()` (one function;
its `LensRules` model folds into the Framework as a field when the framework loader reads it).

Formulas (weights and thresholds are lenses.yaml's; the numbers here are today's):
- A score is sum(weight x factor) / sum(weights of the factors whose input is given); each
  factor 0-100 from a named rule. A factor without input shows "not given" and drops out; the
  score reports `given_pct`, the share of its weight resting on given inputs, and has no value
  under `min_given_pct`. No missing input is ever filled with a middle value.
- Potential = goal fit 25 (region/type/tier among the targets), certified staff 25 (full at 5),
  tier 20, pipeline against revenue 20 (full at 1x), executive sponsor 10.
- Execution = revenue 30, pipeline 25, registered deals 15, deals 10 (each against the roster
  mean, full at 1.5x it), activity recency 20 (100 within 30 days, 0 after 180).
- Quadrant: potential and execution each high at 50 or more. star -> invest, sleeper ->
  develop, workhorse -> maintain, laggard -> review/exit. An at-risk partner is never invest
  (maintain), nor a dormant one (review), unless a drafter states a reason.
- ROI = partner revenue / support cost, money with money: `investment` plus `support_hours` x
  the input's `hourly_rate` (hours join only with a rate). Under 3x the move steps down.
- Moves: invest/develop increase, maintain hold, review reduce; ranked increase by potential,
  reduce by cost, hold by revenue; three of each.
- Engagement = recency 25, reported engagement 25 (labels high 85 / medium 60 / low 30),
  deal registration 15 (full at 5), pipeline activity 15, survey participation 10, QBR
  attendance 10; above 75 strong, 50-75 moderate, below 50 needs action. The change since the
  previous reading re-scores with `engagement_previous`; falling at -10 points or a
  satisfaction fall of 1.5.
- Scorecard: twelve measures (financial / operational / strategic, leading or lagging), each
  from roster fields, with status on track / near (within 10%) / behind against a target.

Stage 2 must wire:
- report fields: the portfolio map carries `InvestmentView` (per partner: scores with their
  factors and `given_pct`, quadrant, decision, rationale, ROI; the moves; the support summary
  and notes); the dashboard a numeric engagement column (`PartnerEngagement.score.value`) and
  its band beside the user's label (`reading`), and the `Scorecard`; the method notes print
  `EngagementView.formula` and `scoring.formula()` for potential and execution.
- health: engagement is one input of health; where `health_conflict()` returns a sentence,
  the report prints it beside the partner.
- plan: each action's measure link is a scorecard measure id; each horizon needs at least one
  leading measure (`Measure.kind`).
- goals: `targets` (investment view) from the goals' subjects with direction grow, and the
  scorecard's `targets` mapping from measure ids to the goals' target values.
- validators: `recompute_quadrant`, `recompute_decision` / `decision_problem`,
  `recompute_engagement` and `scorecard()` against what the report says.
- prompt facts: the numbers above as facts; the model writes only the rationale prose.
- charts: `InvestmentView.matrix_points()` gives writers.charts.MatrixPoint's fields; the
  chart's axes, labelled 1-5 today, must become 0-100.
- inputs: the new roster columns (investment, support_hours, certified_staff,
  registered_deals, qbr_attended as a 0-1 share or "75%", engagement_previous) and the
  input-level hourly_rate move with Partner when inputs.py is split.
"""

from generator.lenses.engagement import (
    EngagementView,
    PartnerEngagement,
    engagement_view,
    health_conflict,
    recompute_engagement,
)
from generator.lenses.investment import (
    InvestmentView,
    PartnerInvestment,
    decision_problem,
    investment_view,
    recompute_decision,
    recompute_quadrant,
)
from generator.lenses.rules import LensRules, load_lenses
from generator.lenses.scorecard import Scorecard, scorecard
from generator.lenses.scoring import roster_context

__all__ = [
    "EngagementView",
    "InvestmentView",
    "LensRules",
    "PartnerEngagement",
    "PartnerInvestment",
    "Scorecard",
    "decision_problem",
    "engagement_view",
    "health_conflict",
    "investment_view",
    "load_lenses",
    "recompute_decision",
    "recompute_engagement",
    "recompute_quadrant",
    "roster_context",
    "scorecard",
]
