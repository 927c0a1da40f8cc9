"""Facts: everything computed once from an input, the single source of truth for numbers."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from generator.evidence.cues import Signal
from generator.evidence.goals import Goal
from generator.evidence.team import Team
from generator.frameworks import Framework
from generator.inputs import EngagementLabel, PartnerFeedback, PartnerType
from generator.lenses.view import Lenses
from generator.report import Health, Kpis, Segment

Confidence = Literal["high", "medium", "low", "none"]
Basis = Literal["ratings", "evidence", "default"]


class Evidence(BaseModel):
    quote: str = Field(description="The clause, figure or rating behind the signal.")
    source: str = Field(description="Where it came from: a field, the roster, the survey.")
    signal: Signal
    score: float = Field(description="What this signal contributes, 1-5.")


class IndicatorFacts(BaseModel):
    id: str
    name: str
    score: float | None
    evidence: list[Evidence] = Field(default_factory=list)


class DimensionFacts(BaseModel):
    id: str
    name: str
    score: float
    level: str
    basis: Basis
    confidence: Confidence
    evidenced: int = Field(description="How many of its indicators had evidence.")
    indicators: list[IndicatorFacts]

    def weakest_indicators(self) -> list[IndicatorFacts]:
        rated = [i for i in self.indicators if i.score is not None]
        return sorted(rated, key=lambda i: (i.score, i.id))


class PartnerFacts(BaseModel):
    name: str
    type: PartnerType
    tier: str | None = None
    region: str | None = None
    revenue: float | None = None
    pipeline: float | None = None
    deals: int | None = None
    engagement: EngagementLabel | float | None = None
    engagement_score: float | None = None
    satisfaction: float | None = None
    executive_sponsor: bool | None = None
    last_activity: date | None = None
    days_since_activity: int | None = None
    revenue_share_pct: float | None = None
    health: Health
    health_reason: str


class Concentration(BaseModel):
    top1_name: str
    top1_share_pct: float
    top5_share_pct: float
    hhi: float
    hhi_band: Literal["low", "moderate", "high"]
    flags: list[str] = Field(default_factory=list)


class RosterFacts(BaseModel):
    partners: list[PartnerFacts]
    total_partners: int
    total_revenue: float
    total_pipeline: float | None
    total_deals: int | None
    segments: list[Segment]
    health_counts: dict[Health, int]
    active_partners: int
    active_rate_pct: float
    active_basis: str
    top_contributors: list[str]
    underperformers: list[str]
    concentration: Concentration | None
    engagement_score: float | None
    engagement_band: Literal["strong", "moderate", "needs action"] | None
    average_satisfaction: float | None
    regions: list[str]
    coverage_gaps: list[str]
    # Validators look up every partner the report names; a scan per lookup made a 20,000-partner
    # run quadratic. Keyed on the list it was built from, so a copy with new partners rebuilds it.
    _index: tuple[list[PartnerFacts], dict[str, PartnerFacts]] | None = PrivateAttr(default=None)

    def partner(self, name: str) -> PartnerFacts | None:
        """The partner of that name, ignoring case (names are unique that way)."""
        # Read once: a pydantic private attribute is a slow lookup, and this runs per partner.
        cached = self._index
        if cached is None or cached[0] is not self.partners:
            index: dict[str, PartnerFacts] = {}
            for p in self.partners:
                index.setdefault(p.name.casefold(), p)
            cached = self._index = (self.partners, index)
        return cached[1].get(name.casefold())


class TextFigure(BaseModel):
    kind: Literal["money", "percent", "count"]
    value: float
    written: str
    context: str
    source: str


class TextFacts(BaseModel):
    figures: list[TextFigure] = Field(default_factory=list)
    partner_count: int | None = None
    partner_revenue: float | None = None
    partner_revenue_written: str | None = None
    partner_revenue_share_pct: float | None = None
    active_rate_pct: float | None = None
    segments: list[Segment] = Field(default_factory=list)
    coverage_gaps: list[str] = Field(default_factory=list)
    at_risk: list[str] = Field(default_factory=list)
    complaints: list[str] = Field(
        default_factory=list, description="What the notes say partners complain about."
    )
    time_to_first_deal: str | None = None


class Facts(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)
    # The framework every downstream step reads: drafters, validators, prompts and writers.
    framework: Framework = Field(exclude=True, repr=False)
    organisation: str | None
    prepared_by: str | None = None
    assessed_on: date
    currency: str
    weights: dict[str, float] | None
    dimensions: list[DimensionFacts]
    overall_score: float
    overall_level: str
    roster: RosterFacts | None
    text: TextFacts
    feedback: PartnerFeedback | None
    kpis: Kpis
    goals: list[Goal] = Field(default_factory=list, description="Read from the objectives.")
    team: Team = Field(
        default_factory=lambda: Team(described=False),
        description="The client's team and limits, read from the constraints and context.",
    )
    # Left out of dumps: grounding reads Lenses.figures() instead of walking every partner's text.
    lenses: Lenses | None = Field(
        default=None, exclude=True, description="The three lenses over the roster."
    )
    source_text: str = Field(
        default="", description="The notes, partner names and partner notes, for grounding checks."
    )

    def dimension(self, dimension_id: str) -> DimensionFacts:
        return next(d for d in self.dimensions if d.id == dimension_id)

    def partner(self, name: str) -> PartnerFacts | None:
        return self.roster.partner(name) if self.roster is not None else None
