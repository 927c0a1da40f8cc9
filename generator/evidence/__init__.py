"""The evidence engine: one input in, one Facts object out."""

from __future__ import annotations

from datetime import date

from generator.evidence.facts import Facts, RosterFacts, TextFacts
from generator.evidence.goals import goals_for
from generator.evidence.indicators import score_dimensions
from generator.evidence.roster import analyse_roster
from generator.evidence.statements import analyse_text
from generator.evidence.team import read_team
from generator.evidence.text import clauses
from generator.inputs import AssessmentInput
from generator.lenses.view import Lenses, compute_lenses
from generator.report import Kpis
from generator.scale import overall_score

__all__ = ["Facts", "analyse"]

# The objectives say what the client wants, not what it does, so they are not read for
# evidence of current practice (an objective of "three co-innovation initiatives" is not one).
_PRACTICE_FIELDS = ("partner_context", "constraints")


def analyse(data: AssessmentInput, today: date | None = None) -> Facts:
    framework = data.assessment_framework
    assessed_on = data.assessed_on or today or date.today()
    roster = None
    lenses = None
    if data.partners:
        # Gaps are measured against what the client wants, so only the objectives count.
        ambitions = data.objectives
        roster = analyse_roster(data.partners, assessed_on, ambitions, framework)
        lenses = _lenses(data, roster, assessed_on)
    notes = [c for f in _PRACTICE_FIELDS for c in clauses(getattr(data, f), f)]
    for partner in data.partners or []:
        if partner.notes:
            notes += clauses(partner.notes, f"notes on {partner.name}")
    dimensions = score_dimensions(data, notes, roster, framework)
    weights = data.weights.as_dict() if data.weights else None
    overall = overall_score(
        {d.id: d.score for d in dimensions}, weights, framework.scale.decimals
    )
    text = analyse_text(data, framework)
    return Facts(
        framework=framework,
        organisation=data.organisation,
        prepared_by=data.prepared_by,
        assessed_on=assessed_on,
        currency=data.currency,
        weights=weights,
        dimensions=dimensions,
        overall_score=overall,
        overall_level=framework.level_name(overall),
        roster=roster,
        text=text,
        feedback=data.partner_feedback,
        kpis=_kpis(roster, text, lenses),
        lenses=lenses,
        goals=goals_for(data, assessed_on),
        team=read_team(data, assessed_on),
        source_text="\n".join(
            [data.organisation or "", data.partner_context, data.objectives, data.constraints]
            + [f"{p.name}. {p.notes or ''}" for p in data.partners or []]
            + (data.partner_feedback.comments if data.partner_feedback else [])
        ),
    )


def _lenses(data: AssessmentInput, roster: RosterFacts, assessed_on: date) -> Lenses:
    return compute_lenses(
        data.partners or [],
        assessed_on=assessed_on,
        health={p.name: (p.health, p.health_reason) for p in roster.partners},
        goals=goals_for(data, assessed_on),
        hourly_rate=data.hourly_rate,
        currency=data.currency,
    )


def _kpis(roster: RosterFacts | None, text: TextFacts, lenses: Lenses | None = None) -> Kpis:
    if roster is not None:
        c = roster.concentration
        return Kpis(
            total_partners=roster.total_partners,
            active_partners=roster.active_partners,
            active_rate_pct=roster.active_rate_pct,
            partner_revenue=roster.total_revenue,
            partner_revenue_share_pct=text.partner_revenue_share_pct,
            partner_pipeline=roster.total_pipeline,
            deals=roster.total_deals,
            average_satisfaction=roster.average_satisfaction,
            # One engagement figure in the report: the mean of the per-partner scores.
            engagement_score=lenses.engagement.mean if lenses else roster.engagement_score,
            top1_share_pct=c.top1_share_pct if c else None,
            top5_share_pct=c.top5_share_pct if c else None,
            hhi=c.hhi if c else None,
        )
    active = None
    if text.active_rate_pct is not None and text.partner_count:
        active = round(text.partner_count * text.active_rate_pct / 100)
    return Kpis(
        total_partners=text.partner_count,
        active_partners=active,
        active_rate_pct=text.active_rate_pct,
        partner_revenue=text.partner_revenue,
        partner_revenue_share_pct=text.partner_revenue_share_pct,
    )
