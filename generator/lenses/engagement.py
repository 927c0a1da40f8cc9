"""Partner engagement score per partner: a 0-100 composite of interaction measures, its band and
its change since the previous reading. Rules and numbers come from lenses.yaml (engagement)."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from generator.inputs import EngagementLabel, Partner
from generator.lenses.rules import Health, LensRules
from generator.lenses.scoring import RosterContext, Score, formula, roster_context, score, show

Band = Literal["strong", "moderate", "needs action"]
BANDS: tuple[Band, ...] = ("strong", "moderate", "needs action")


class PartnerEngagement(BaseModel):
    # Frozen: the report shares the facts' rows (see scoring.Score).
    model_config = ConfigDict(frozen=True)

    name: str
    reading: EngagementLabel | float | None = Field(
        default=None, description="The engagement the user gave, kept visible as input."
    )
    score: Score
    band: Band | None = None
    previous: float | None = Field(
        default=None,
        description="The score with the previous engagement reading in place of the current one.",
    )
    change: float | None = Field(default=None, description="Points since the previous reading.")
    changes: tuple[str, ...] = Field(description="The readings that moved, as given.")
    falling: bool
    health_note: str = Field(
        default="", description="Why the band and the partner's health class disagree, if they do."
    )


class EngagementView(BaseModel):
    partners: list[PartnerEngagement]
    formula: str
    mean: float | None = None
    band_counts: dict[Band, int]


def band_of(value: float, rules: LensRules) -> Band:
    e = rules.engagement
    if value > e.strong_above:
        return "strong"
    return "moderate" if value >= e.moderate_from else "needs action"


def recompute_engagement(partner: Partner, rules: LensRules, ctx: RosterContext) -> float | None:
    """The partner's score from the formula; build ctx once per roster with roster_context()."""
    return score(partner, rules.engagement, rules, ctx).value


def health_conflict(band: Band | None, health: Health, health_reason: str) -> str | None:
    """The explanation a report owes when the engagement band and the health class disagree.

    Engagement is one input of health, not all of it: a strong band sits with at-risk health
    when the relationship is at risk for another reason (a falling satisfaction, a departed
    champion), and that reason is what the report must say.
    """
    if band == "strong" and health in ("at_risk", "dormant"):
        return f"engagement is strong but health is {health.replace('_', ' ')}: {health_reason}"
    if band == "needs action" and health == "engaged":
        return f"engagement needs action but health is engaged: {health_reason}"
    return None


def _partner(p: Partner, rules: LensRules, ctx: RosterContext) -> PartnerEngagement:
    current = score(p, rules.engagement, rules, ctx)
    previous = change = None
    changes = []
    if p.engagement_previous is not None:
        before = p.model_copy(update={"engagement": p.engagement_previous})
        previous = score(before, rules.engagement, rules, ctx).value
        changes.append(
            f"engagement {show('engagement', p.engagement_previous, ctx)} to "
            f"{show('engagement', p.engagement, ctx) if p.engagement is not None else 'not given'}"
        )
        if previous is not None and current.value is not None:
            change = round(current.value - previous, 1)
    drop = None
    if p.satisfaction is not None and p.satisfaction_previous is not None:
        drop = p.satisfaction_previous - p.satisfaction
        changes.append(f"satisfaction {p.satisfaction_previous:g} to {p.satisfaction:g}")
    falling = (change is not None and change <= -rules.engagement.falling_points) or (
        drop is not None and drop >= rules.engagement.satisfaction_drop
    )
    return PartnerEngagement(
        name=p.name,
        reading=p.engagement,
        score=current,
        band=band_of(current.value, rules) if current.value is not None else None,
        previous=previous,
        change=change,
        changes=tuple(changes),
        falling=falling,
    )


def engagement_view(
    partners: Sequence[Partner], rules: LensRules, *, assessed_on: date
) -> EngagementView:
    ctx = roster_context(partners, rules, assessed_on)
    rows = [_partner(p, rules, ctx) for p in partners]
    scored = [r.score.value for r in rows if r.score.value is not None]
    return EngagementView(
        partners=rows,
        formula=formula(rules.engagement, "engagement score")
        + f"; above {rules.engagement.strong_above:g} strong, {rules.engagement.moderate_from:g}"
        f"-{rules.engagement.strong_above:g} moderate, below {rules.engagement.moderate_from:g} "
        "needs action",
        mean=round(statistics.fmean(scored), 1) if scored else None,
        band_counts={b: sum(1 for r in rows if r.band == b) for b in BANDS},
    )
