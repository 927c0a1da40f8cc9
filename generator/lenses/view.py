"""The three lenses computed once per roster, as the report and the validators read them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from generator.inputs import Partner
from generator.lenses.engagement import EngagementView, engagement_view, health_conflict
from generator.lenses.investment import InvestmentView, investment_view
from generator.lenses.rules import Health, LensRules, load_lenses
from generator.lenses.scorecard import Scorecard, scorecard

if TYPE_CHECKING:
    from generator.evidence.goals import Goal

# A goal on the whole roster sets the target of the scorecard measure that reads the same
# thing, when the goal's unit is the measure's: goals.py measure id -> (lens measure, unit).
_GOAL_MEASURES: dict[str, tuple[str, str]] = {
    "partner_revenue": ("partner_revenue", "money"),
    "pipeline": ("partner_pipeline", "money"),
    "active_rate": ("active_partner_rate", "percent"),
    "certifications": ("certified_partner_rate", "percent"),
    "satisfaction": ("partner_satisfaction", "rating"),
}
# Goals whose subject is a region or a segment point the investment view at it. A partner-type
# goal ("grow resellers") names the type in the client's words, which the roster's types
# (channel, technology...) rarely repeat, and is about the type as a whole.
_TARGET_KINDS = ("region", "segment")


class Lenses(BaseModel):
    investment: InvestmentView
    engagement: EngagementView
    scorecard: Scorecard
    targets: list[str] = Field(description="Regions, segments or types the goals grow.")
    measure_targets: dict[str, float] = Field(
        description="Scorecard measure id -> the target a goal sets for it."
    )

    def figures(self) -> dict[str, list[float]]:
        """The amounts and percentages the lenses state, keyed as grounding reads kinds ("value"
        an amount, "pct" a percentage, "satisfaction" a rating). Grounding walks this instead of
        the lenses themselves: their per-partner text made a 20,000-partner check take 30 s."""
        inv, card = self.investment, self.scorecard
        costs = [c for p in inv.partners for c in (p.cost.total, p.cost.investment) if c]
        shares = [p.potential.given_pct for p in inv.partners] + [
            p.execution.given_pct for p in inv.partners
        ]
        shares += [p.score.given_pct for p in self.engagement.partners]
        # A rationale may state the minimum share of inputs a score needs ("needs 50%").
        shares += [p.potential.min_given_pct for p in inv.partners[:1]]
        shares += [p.execution.min_given_pct for p in inv.partners[:1]]
        shares += [p.score.min_given_pct for p in self.engagement.partners[:1]]
        money = [m.value for m in card.measures if m.unit == "money" and m.value is not None]
        if inv.summary is not None:
            money += [inv.summary.total_cost, inv.summary.revenue]
            shares += [d.cost_share_pct for d in inv.summary.by_decision]
            shares += [d.revenue_share_pct for d in inv.summary.by_decision]
        return {
            "cost_value": sorted(set(costs)),
            "lens_value": sorted(set(money) | set(self.measure_targets.values())),
            "given_pct": sorted(set(shares)),
            "scorecard_pct": [
                m.value for m in card.measures if m.unit == "pct" and m.value is not None
            ],
            "satisfaction": [
                m.value for m in card.measures if m.unit == "rating10" and m.value is not None
            ],
        }


@lru_cache(maxsize=1)
def lens_rules() -> LensRules:
    """The lens rules every roster is read with (the readiness framework's lenses.yaml)."""
    return load_lenses()


def goal_targets(goals: Sequence[Goal]) -> tuple[list[str], dict[str, float]]:
    """(the targets the investment view favours, scorecard targets by measure id)."""
    places = [
        g.subject
        for g in goals
        if g.subject and g.subject_kind in _TARGET_KINDS and g.direction == "grow"
    ]
    measures: dict[str, float] = {}
    for g in goals:
        link = _GOAL_MEASURES.get(g.measure)
        if link is None or g.subject or g.target is None or g.direction != "grow":
            continue
        measure_id, unit = link
        if g.unit == unit:
            measures.setdefault(measure_id, g.target)
    return list(dict.fromkeys(places)), measures


def reduced_partners(goals: Sequence[Goal], partners: Sequence[Partner]) -> list[str]:
    """The partners a goal wants relied on less: the one a concentration goal names, else the
    largest by revenue ("reduce dependence on the largest distributor")."""
    names: list[str] = []
    for g in goals:
        if g.measure != "concentration" or g.direction != "reduce":
            continue
        if g.subject_kind == "partner" and g.subject:
            names.append(g.subject)
            continue
        earning = [p for p in partners if p.revenue]
        if earning:
            names.append(max(earning, key=lambda p: p.revenue or 0.0).name)
    return list(dict.fromkeys(names))


def compute_lenses(
    partners: Sequence[Partner],
    *,
    assessed_on: date,
    health: Mapping[str, tuple[Health, str]],
    goals: Sequence[Goal] = (),
    hourly_rate: float | None = None,
    currency: str = "USD",
    rules: LensRules | None = None,
) -> Lenses:
    """All three lenses; `health` maps partner names to (health class, its reason)."""
    rules = rules or lens_rules()
    targets, measure_targets = goal_targets(goals)
    engagement = engagement_view(partners, rules, assessed_on=assessed_on)
    rows = []
    for row in engagement.partners:
        state = health.get(row.name)
        note = health_conflict(row.band, state[0], state[1]) if state else None
        rows.append(row.model_copy(update={"health_note": note}) if note else row)
    engagement = engagement.model_copy(update={"partners": rows})
    investment = investment_view(
        partners,
        rules,
        assessed_on=assessed_on,
        health={name: h for name, (h, _) in health.items()},
        targets=targets,
        hourly_rate=hourly_rate,
        currency=currency,
        reduce_dependence=reduced_partners(goals, partners),
    )
    card = scorecard(
        partners,
        rules,
        assessed_on=assessed_on,
        targets=measure_targets,
        target_segments=targets,
        hourly_rate=hourly_rate,
        currency=currency,
        engagement=engagement,
    )
    return Lenses(
        investment=investment,
        engagement=engagement,
        scorecard=card,
        targets=targets,
        measure_targets=measure_targets,
    )
