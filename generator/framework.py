"""The assessment framework: six dimensions, four observable indicators each.

The ids are a public contract (input files, report JSON, JSON Schemas), so they never change.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

DimensionId = Literal[
    "strategy_value",
    "onboarding_enablement",
    "governance_communication",
    "gtm_cosell",
    "performance_measurement",
    "relationship_trust",
]


@dataclass(frozen=True)
class Indicator:
    id: str
    name: str
    description: str


@dataclass(frozen=True)
class Dimension:
    id: DimensionId
    name: str
    short: str
    indicators: tuple[Indicator, ...]


DIMENSIONS: tuple[Dimension, ...] = (
    Dimension(
        "strategy_value",
        "Partner Strategy & Value Proposition",
        "Strategy",
        (
            Indicator(
                "partner_types_tiers",
                "Partner types and tiers",
                "Strategic, channel, technology and referral types and tiers are defined.",
            ),
            Indicator(
                "mutual_value",
                "Mutual value proposition",
                "The value for both sides is explicit and has been validated with partners.",
            ),
            Indicator(
                "ideal_profile",
                "Ideal partner profile",
                "An ideal partner profile and selection criteria exist and are used.",
            ),
            Indicator(
                "portfolio_balance",
                "Portfolio balance",
                "The portfolio is balanced for fit, market coverage and risk.",
            ),
        ),
    ),
    Dimension(
        "onboarding_enablement",
        "Onboarding & Enablement",
        "Enablement",
        (
            Indicator(
                "onboarding_plan",
                "Onboarding plan",
                "Onboarding sets expectations, milestones and success criteria.",
            ),
            Indicator(
                "training",
                "Training",
                "Partners are trained on product, positioning, sales process and support.",
            ),
            Indicator(
                "resources",
                "Resources",
                "Portal, documentation, tools and contacts are easy for partners to reach.",
            ),
            Indicator(
                "ramp_metrics", "Ramp metrics", "Time-to-first-deal and partner ramp are tracked."
            ),
        ),
    ),
    Dimension(
        "governance_communication",
        "Governance & Communication",
        "Governance",
        (
            Indicator(
                "decision_rights",
                "Decision rights",
                "Roles, decision rights and escalation paths are agreed.",
            ),
            Indicator(
                "cadence",
                "Meeting cadence",
                "QBRs, operational syncs and executive reviews happen on schedule.",
            ),
            Indicator(
                "transparency", "Transparency", "Roadmaps, changes and wins are shared proactively."
            ),
            Indicator(
                "conflict_resolution",
                "Conflict resolution",
                "A conflict-resolution process is documented and followed.",
            ),
        ),
    ),
    Dimension(
        "gtm_cosell",
        "Go-to-Market & Co-Selling",
        "GTM & co-selling",
        (
            Indicator(
                "joint_gtm_plan",
                "Joint GTM plan",
                "A joint go-to-market plan names target segments and plays.",
            ),
            Indicator(
                "co_developed_assets",
                "Co-developed assets",
                "Co-branded marketing and sales assets exist.",
            ),
            Indicator(
                "lead_routing",
                "Lead routing and deal registration",
                "Lead routing, deal registration and deal collaboration are clear.",
            ),
            Indicator(
                "attribution",
                "Attribution",
                "Partner-sourced pipeline and revenue are tracked and attributed.",
            ),
        ),
    ),
    Dimension(
        "performance_measurement",
        "Performance Measurement & Optimization",
        "Measurement",
        (
            Indicator(
                "tiered_kpis",
                "Tiered KPIs",
                "KPIs per tier cover pipeline, revenue, satisfaction and engagement.",
            ),
            Indicator(
                "scorecards",
                "Scorecards",
                "Partner scorecards track activity, outcomes and health.",
            ),
            Indicator(
                "scheduled_reviews",
                "Scheduled reviews",
                "Performance reviews happen on schedule and end in action plans.",
            ),
            Indicator(
                "feedback_loop",
                "Feedback loop",
                "Partner feedback leads to changes in the program.",
            ),
        ),
    ),
    Dimension(
        "relationship_trust",
        "Relationship Depth & Trust",
        "Relationship",
        (
            Indicator(
                "executive_sponsorship",
                "Executive sponsorship",
                "Each key partnership has an executive sponsor on both sides.",
            ),
            Indicator(
                "multi_threaded",
                "Multi-threaded relationships",
                "There is more than one point of contact per partner.",
            ),
            Indicator(
                "mutual_investment",
                "Mutual investment",
                "Partners feel valued and see investment in the relationship.",
            ),
            Indicator(
                "co_innovation", "Co-innovation", "Joint innovation is explored with partners."
            ),
        ),
    ),
)

DIMENSION_IDS: tuple[DimensionId, ...] = tuple(d.id for d in DIMENSIONS)
BY_ID: dict[str, Dimension] = {d.id: d for d in DIMENSIONS}
INDICATOR_DIMENSION: dict[str, DimensionId] = {i.id: d.id for d in DIMENSIONS for i in d.indicators}
INDICATORS: dict[str, Indicator] = {i.id: i for d in DIMENSIONS for i in d.indicators}


def dimension(dimension_id: str) -> Dimension:
    return BY_ID[dimension_id]
