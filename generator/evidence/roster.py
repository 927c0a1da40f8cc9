"""Roster analytics: health, segments, contributors, concentration, engagement.

The health rules are stated here once, and every report explains each partner's health with
the rule that fired.
"""

from __future__ import annotations

import re
import statistics
from datetime import date
from typing import Any

from generator.evidence.cues import negated_before
from generator.evidence.facts import Concentration, PartnerFacts, RosterFacts
from generator.formatting import pct
from generator.frameworks import DEFAULT_FRAMEWORK, Framework, load_framework
from generator.inputs import Partner, PartnerType
from generator.report import HEALTH_STATES, Health, Segment
from generator.scale import round_score

# Readiness's label scores, for callers that read a label without a framework at hand.
ENGAGEMENT_LABEL_SCORES = dict(load_framework(DEFAULT_FRAMEWORK).thresholds.engagement.label_scores)

PARTNER_TYPES: tuple[PartnerType, ...] = (
    "strategic",
    "channel",
    "technology",
    "referral",
    "service",
)


def engagement_score(
    value: str | float | None, framework: Framework | None = None
) -> float | None:
    """A 0-100 engagement score; a label counts as its framework's score (readiness's if none)."""
    if value is None:
        return None
    if isinstance(value, str):
        labels = framework.thresholds.engagement.label_scores if framework else None
        return (labels or ENGAGEMENT_LABEL_SCORES)[value]  # type: ignore[index]
    return float(value)


def _health(
    p: Partner, eng: float | None, days: int | None, share: float, framework: Framework
) -> tuple[Health, str]:
    q = framework.qualifiers
    health, engagement = framework.thresholds.health, framework.thresholds.engagement
    output = (p.revenue or 0) + (p.pipeline or 0) + (p.deals or 0)
    quiet = []
    if eng is not None and eng < engagement.moderate_from:
        quiet.append(f"engagement {p.engagement}")
    if days is not None and days > health.dormant_days:
        quiet.append(f"no activity for {days} days")
    if output == 0 and quiet:
        return "dormant", "no revenue, pipeline or deals; " + "; ".join(quiet)
    notes = p.notes or ""
    departed = _affirmed(q["departed"], notes, q["negation"])
    if departed:
        return "at_risk", f'notes: "{departed.group(0)}"'
    if (
        p.satisfaction is not None
        and p.satisfaction_previous is not None
        and p.satisfaction_previous - p.satisfaction >= health.satisfaction_drop
    ):
        return "at_risk", (
            f"satisfaction fell from {p.satisfaction_previous:.1f} to {p.satisfaction:.1f}"
        )
    if p.satisfaction is not None and p.satisfaction < health.low_satisfaction:
        return "at_risk", f"satisfaction {p.satisfaction:g}/10"
    risk = _affirmed(q["at_risk"], notes, q["negation"])
    if risk:
        return "at_risk", f'notes: "{risk.group(0)}"'
    if share >= health.material_share_pct and days is not None and days > health.active_days:
        return "at_risk", (f"{share:.1f}% of partner revenue but no activity for {days} days")
    recent = days is None or days <= health.active_days
    # Engaged needs evidence of engagement: a strong score, or recent activity where no
    # engagement is recorded. Output alone is not enough.
    evidenced = eng > engagement.strong_above if eng is not None else days is not None
    if output > 0 and recent and evidenced:
        detail = f"engagement {p.engagement}" if eng is not None else "producing"
        when = f", active {days} days ago" if days is not None else ""
        return "engaged", f"{detail}{when}"
    reasons = []
    if eng is None and days is None:
        reasons.append("no engagement or activity recorded")
    if output == 0:
        reasons.append("no revenue, pipeline or deals yet")
    if eng is not None and eng <= engagement.strong_above:
        reasons.append(f"engagement {p.engagement}, not strong")
    if days is not None and days > health.active_days:
        reasons.append(f"no activity for {days} days")
    return "passive", "; ".join(reasons) or "limited activity"


def _affirmed(
    pattern: re.Pattern[str], notes: str, negation: re.Pattern[str]
) -> re.Match[str] | None:
    """The first match that is not negated ("no churn risk", "has not left")."""
    for match in pattern.finditer(notes):
        if not negated_before(negation, notes, match.start()) and not negation.search(
            match.group(0)
        ):
            return match
    return None


def _concentration(
    partners: list[PartnerFacts], total: float, framework: Framework
) -> Concentration | None:
    limits = framework.thresholds.concentration
    earning = sorted(
        (p for p in partners if (p.revenue or 0) > 0), key=lambda p: (-(p.revenue or 0), p.name)
    )
    if total <= 0 or not earning:
        return None
    shares = [(p.revenue or 0) / total * 100 for p in earning]
    hhi = sum(s * s for s in shares)
    top1, top5 = shares[0], sum(shares[:5])
    flags = []
    if top1 > limits.top1_limit_pct:
        flags.append(
            f"{earning[0].name} alone brings {pct(top1)} of partner revenue "
            f"(over {pct(limits.top1_limit_pct)})"
        )
    if top5 > limits.top5_limit_pct and len(earning) > 5:
        flags.append(
            f"the top five partners bring {pct(top5)} of partner revenue "
            f"(over {pct(limits.top5_limit_pct)})"
        )
    band = (
        "low"
        if hhi < limits.hhi_low_below
        else ("moderate" if hhi <= limits.hhi_high_above else "high")
    )
    return Concentration(
        top1_name=earning[0].name,
        top1_share_pct=round(top1, 1),
        top5_share_pct=round(top5, 1),
        hhi=round(hhi),
        hhi_band=band,
        flags=flags,
    )


def _coverage_gaps(
    partners: list[PartnerFacts], ambitions: str, framework: Framework
) -> list[str]:
    gaps = []
    regions = {p.region.casefold() for p in partners if p.region}
    if regions:
        for region in framework.thresholds.portfolio.regions:
            if (
                re.search(rf"\b{re.escape(region)}\b", ambitions)
                and region.casefold() not in regions
            ):
                gaps.append(f"no partner in {region}, which the objectives target")
    types = {p.type for p in partners}
    for kind in PARTNER_TYPES:
        if kind not in types and re.search(rf"\b{kind}\b", ambitions, re.IGNORECASE):
            gaps.append(f"no {kind} partners in the roster, though the objectives mention them")
    return gaps


def _total(values: list[Any]) -> Any:
    """The sum, or None when no partner has the figure: missing data is not zero."""
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def analyse_roster(
    partners: list[Partner],
    assessed_on: date,
    ambitions: str,
    framework: Framework | None = None,
) -> RosterFacts:
    """Health, segments, contributors and concentration (the readiness framework's thresholds
    and qualifiers unless another framework is given)."""
    framework = framework or load_framework(DEFAULT_FRAMEWORK)
    total_revenue = sum(p.revenue or 0 for p in partners)
    facts: list[PartnerFacts] = []
    for p in partners:
        eng = engagement_score(p.engagement, framework)
        days = (assessed_on - p.last_activity).days if p.last_activity else None
        share = (p.revenue or 0) / total_revenue * 100 if total_revenue and p.revenue else None
        health, reason = _health(p, eng, days, share or 0.0, framework)
        facts.append(
            PartnerFacts(
                name=p.name,
                type=p.type,
                tier=p.tier,
                region=p.region,
                revenue=p.revenue,
                pipeline=p.pipeline,
                deals=p.deals,
                engagement=p.engagement,
                engagement_score=eng,
                satisfaction=p.satisfaction,
                executive_sponsor=p.executive_sponsor,
                last_activity=p.last_activity,
                days_since_activity=days,
                revenue_share_pct=round(share, 1) if share is not None else None,
                health=health,
                health_reason=reason,
            )
        )

    limits = framework.thresholds
    active_days = limits.health.active_days
    counts: dict[Health, int] = {h: sum(1 for f in facts if f.health == h) for h in HEALTH_STATES}
    if all(f.days_since_activity is not None for f in facts):
        active = sum(1 for f in facts if (f.days_since_activity or 0) <= active_days)
        basis = f"activity in the last {active_days} days"
    else:
        active = counts["engaged"] + counts["at_risk"]
        basis = "engaged or at-risk partners (activity dates incomplete)"

    segments = []
    for kind in PARTNER_TYPES:
        group = [f for f in facts if f.type == kind]
        if group:
            segments.append(
                Segment(
                    type=kind,
                    partners=len(group),
                    revenue=sum(f.revenue or 0 for f in group),
                    **{h: sum(1 for f in group if f.health == h) for h in HEALTH_STATES},
                )
            )

    ranked = sorted(
        (f for f in facts if (f.revenue or 0) > 0), key=lambda f: (-(f.revenue or 0), f.name)
    )
    # A top contributor carries a real share; with five partners the third may carry little.
    portfolio = limits.portfolio
    top = [
        f.name
        for f in ranked[: portfolio.top_contributors]
        if (f.revenue_share_pct or 0) >= portfolio.top_contributor_min_share_pct
    ]
    mean_revenue = total_revenue / len(facts) if facts else 0
    median_pipeline = statistics.median([f.pipeline or 0 for f in facts]) if facts else 0
    under = sorted(
        (
            f
            for f in facts
            if f.name not in top
            and (f.revenue or 0) < portfolio.underperformer_revenue_ratio * mean_revenue
            and (f.pipeline or 0) <= median_pipeline
        ),
        key=lambda f: ((f.revenue or 0) + (f.pipeline or 0), f.name),
    )

    engagement = [f.engagement_score for f in facts if f.engagement_score is not None]
    eng_score = round(statistics.fmean(engagement), 1) if engagement else None
    band = None
    if eng_score is not None:
        band = (
            "strong"
            if eng_score > limits.engagement.strong_above
            else "moderate"
            if eng_score >= limits.engagement.moderate_from
            else "needs action"
        )
    satisfaction = [f.satisfaction for f in facts if f.satisfaction is not None]

    return RosterFacts(
        partners=facts,
        total_partners=len(facts),
        total_revenue=total_revenue,
        total_pipeline=_total([f.pipeline for f in facts]),
        total_deals=_total([f.deals for f in facts]),
        segments=segments,
        health_counts=counts,
        active_partners=active,
        active_rate_pct=round(active / len(facts) * 100, 1) if facts else 0.0,
        active_basis=basis,
        top_contributors=top,
        underperformers=[f.name for f in under],
        concentration=_concentration(facts, total_revenue, framework),
        engagement_score=eng_score,
        engagement_band=band,
        average_satisfaction=round_score(statistics.fmean(satisfaction)) if satisfaction else None,
        regions=sorted({f.region for f in facts if f.region}),
        coverage_gaps=_coverage_gaps(facts, ambitions, framework),
    )
