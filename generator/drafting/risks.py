"""The risks the facts show, ranked: shared by the priorities and the plan."""

from __future__ import annotations

from dataclasses import dataclass

from generator.evidence import Facts
from generator.evidence.text import find_money
from generator.formatting import join_names, money, pct, plural

# The plan names the dormant partners to approach; a large program can have thousands.
MAX_NAMED_DORMANT = 10


@dataclass(frozen=True)
class Risk:
    kind: str
    severity: float
    title: str
    rationale: str
    dimension: str | None
    subject: str = ""
    value: float | None = None


def partner_risks(facts: Facts) -> list[Risk]:
    """Risks that name partners or portfolio figures, most severe first."""
    risks: list[Risk] = []
    cur = facts.currency
    roster = facts.roster
    limits = facts.framework.thresholds
    material_share = limits.health.material_share_pct
    top1_limit = limits.concentration.top1_limit_pct
    if roster is not None:
        for p in roster.partners:
            share = p.revenue_share_pct or 0
            if p.health == "at_risk" and share >= material_share:
                sponsor = " and has no executive sponsor" if p.executive_sponsor is False else ""
                risks.append(
                    Risk(
                        kind="at_risk_partner",
                        severity=1.0 + share / 20,
                        title=f"Secure {p.name}: {pct(share)} of partner revenue is at risk",
                        rationale=(
                            f"{p.name} brings {money(p.revenue, cur)} ({pct(share)} of partner "
                            f"revenue) but is at risk ({p.health_reason}){sponsor}."
                        ),
                        dimension=facts.framework.role("relationship"),
                        subject=p.name,
                        value=p.revenue,
                    )
                )
        c = roster.concentration
        if c is not None:
            concentration = (
                f"Revenue concentration is {c.hhi_band} (HHI {c.hhi:,.0f}): {'; '.join(c.flags)}."
            )
        if c is not None and c.top1_share_pct > top1_limit:
            risks.append(
                Risk(
                    kind="concentration",
                    severity=0.8 + (c.top1_share_pct - top1_limit) / 25,
                    title=f"Reduce dependence on {c.top1_name} ({pct(c.top1_share_pct)} of partner "
                    "revenue)",
                    rationale=concentration,
                    dimension=facts.framework.role("portfolio"),
                    subject=c.top1_name,
                )
            )
        elif c is not None and c.flags and c.hhi_band != "low":
            risks.append(
                Risk(
                    kind="concentration",
                    severity=0.6,
                    title=f"Broaden partner revenue beyond the top five ({pct(c.top5_share_pct)})",
                    rationale=concentration,
                    dimension=facts.framework.role("portfolio"),
                    subject=c.top1_name,
                )
            )
        dormant = [p.name for p in roster.partners if p.health == "dormant"]
        share = len(dormant) / roster.total_partners * 100
        if dormant and share >= facts.framework.thresholds.priorities.dormant_share_pct:
            named = ", ".join(dormant[:MAX_NAMED_DORMANT])
            if len(dormant) > MAX_NAMED_DORMANT:
                named += f" and {len(dormant) - MAX_NAMED_DORMANT} more"
            risks.append(
                Risk(
                    kind="dormant",
                    severity=0.5 + share / 100,
                    title=f"Reactivate or retire {plural(len(dormant), 'dormant partner')}",
                    rationale=(
                        f"{join_names(dormant)} produced no revenue, pipeline or deals and "
                        f"show little activity: {pct(share)} of the roster."
                    ),
                    dimension=facts.framework.role("portfolio"),
                    subject=named,
                )
            )
    else:
        total = facts.text.partner_revenue
        for quote in facts.text.at_risk:
            amounts = find_money(quote)
            value = amounts[0][0] if amounts else None
            at_risk_share = value / total * 100 if value and total else None
            severity = 1.0 + (at_risk_share or material_share) / 20
            at_stake = f" ({amounts[0][1]})" if amounts else ""
            risks.append(
                Risk(
                    kind="at_risk_partner",
                    severity=severity,
                    title=f"Secure the at-risk partner relationship{at_stake}",
                    rationale=f"The notes report: {quote}.",
                    dimension=facts.framework.role("relationship"),
                    subject=quote,
                    value=value,
                )
            )
        rate = facts.text.active_rate_pct
        if (
            rate is not None
            and rate < facts.framework.thresholds.priorities.inactive_rate_below_pct
        ):
            risks.append(
                Risk(
                    kind="inactive",
                    severity=0.5 + (100 - rate) / 100,
                    title=f"Raise the active-partner rate from {pct(rate)}",
                    rationale=(
                        f"Only {pct(rate)} of partners are active, so most of the roster "
                        "consumes support without producing revenue."
                    ),
                    dimension=facts.framework.role("portfolio"),
                    value=rate,
                )
            )
    gaps = list(dict.fromkeys((roster.coverage_gaps if roster else []) + facts.text.coverage_gaps))
    for gap in gaps:
        risks.append(
            Risk(
                kind="coverage",
                severity=0.6,
                title=f"Close the coverage gap: {gap}",
                rationale=f"Coverage gap: {gap}.",
                dimension=facts.framework.role("portfolio"),
                subject=gap,
            )
        )
    return sorted(risks, key=lambda r: -r.severity)
