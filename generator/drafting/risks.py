"""The risks the facts show, ranked: shared by the priorities and the plan."""

from __future__ import annotations

from dataclasses import dataclass

from generator.evidence import Facts
from generator.evidence.text import find_money
from generator.formatting import join_names, money, pct
from generator.frameworks import DimensionRole

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
    """Risks that name partners or portfolio figures, most severe first.

    Which risks exist, their severity and their figures are decided here; the sentences are
    the framework's (risks.yaml `partner_risks`), filled with the figures as written.
    """
    risks: list[Risk] = []
    framework = facts.framework
    cur = facts.currency
    roster = facts.roster
    limits = framework.thresholds
    material_share = limits.health.material_share_pct
    top1_limit = limits.concentration.top1_limit_pct

    def risk(
        wording: str,
        fields: dict[str, str],
        severity: float,
        dimension: str | None,
        kind: str = "",
        subject: str = "",
        value: float | None = None,
    ) -> Risk:
        return Risk(
            kind=kind or wording,
            severity=severity,
            title=framework.say("partner_risks", wording, "title", fields),
            rationale=framework.say("partner_risks", wording, "rationale", fields),
            dimension=dimension,
            subject=subject,
            value=value,
        )

    def fragment(wording: str, key: str, fields: dict[str, str], applies: bool = True) -> str:
        return framework.say("partner_risks", wording, key, fields) if applies else ""

    if roster is not None:
        for p in roster.partners:
            share = p.revenue_share_pct or 0
            if p.health == "at_risk" and share >= material_share:
                fields = {
                    "partner": p.name,
                    "share": pct(share),
                    "revenue": money(p.revenue, cur),
                    "reason": str(p.health_reason),
                }
                fields["no_sponsor"] = fragment(
                    "at_risk_partner", "no_sponsor", fields, p.executive_sponsor is False
                )
                risks.append(
                    risk(
                        "at_risk_partner",
                        fields,
                        severity=1.0 + share / 20,
                        dimension=framework.role("relationship"),
                        subject=p.name,
                        value=p.revenue,
                    )
                )
        c = roster.concentration
        if c is not None:
            fields = {
                "partner": c.top1_name,
                "share": pct(c.top1_share_pct),
                "top5_share": pct(c.top5_share_pct),
                "band": c.hhi_band,
                "hhi": f"{c.hhi:,.0f}",
                "flags": "; ".join(c.flags),
            }
        if c is not None and c.top1_share_pct > top1_limit:
            risks.append(
                risk(
                    "top_partner_concentration",
                    fields,
                    kind="concentration",
                    severity=0.8 + (c.top1_share_pct - top1_limit) / 25,
                    dimension=framework.role("portfolio"),
                    subject=c.top1_name,
                )
            )
        elif c is not None and c.flags and c.hhi_band != "low":
            risks.append(
                risk(
                    "top_five_concentration",
                    fields,
                    kind="concentration",
                    severity=0.6,
                    dimension=framework.role("portfolio"),
                    subject=c.top1_name,
                )
            )
        dormant = [p.name for p in roster.partners if p.health == "dormant"]
        share = len(dormant) / roster.total_partners * 100
        if dormant and share >= limits.priorities.dormant_share_pct:
            named = ", ".join(dormant[:MAX_NAMED_DORMANT])
            if len(dormant) > MAX_NAMED_DORMANT:
                named += f" and {len(dormant) - MAX_NAMED_DORMANT} more"
            fields = {
                "count": str(len(dormant)),
                "partners": join_names(dormant),
                "share": pct(share),
            }
            one = len(dormant) == 1
            fields["dormant"] = fragment(
                "dormant", "dormant_one" if one else "dormant_many", fields
            )
            risks.append(
                risk(
                    "dormant",
                    fields,
                    severity=0.5 + share / 100,
                    dimension=framework.role("portfolio"),
                    subject=named,
                )
            )
    else:
        total = facts.text.partner_revenue
        for quote in facts.text.at_risk:
            amounts = find_money(quote)
            value = amounts[0][0] if amounts else None
            at_risk_share = value / total * 100 if value and total else None
            fields = {"quote": quote, "amount": amounts[0][1] if amounts else ""}
            fields["at_stake"] = fragment("at_risk_in_notes", "at_stake", fields, bool(amounts))
            risks.append(
                risk(
                    "at_risk_in_notes",
                    fields,
                    kind="at_risk_partner",
                    severity=1.0 + (at_risk_share or material_share) / 20,
                    dimension=framework.role("relationship"),
                    subject=quote,
                    value=value,
                )
            )
        rate = facts.text.active_rate_pct
        if rate is not None and rate < limits.priorities.inactive_rate_below_pct:
            risks.append(
                risk(
                    "inactive",
                    {"rate": pct(rate)},
                    severity=0.5 + (100 - rate) / 100,
                    dimension=framework.role("portfolio"),
                    value=rate,
                )
            )
    gaps = list(dict.fromkeys((roster.coverage_gaps if roster else []) + facts.text.coverage_gaps))
    # Risks the notes name one by one, each quoted in its priority and its plan action. A
    # complaint ranks below a material partner risk: it costs goodwill, not yet revenue.
    one_by_one: tuple[tuple[str, str, list[str], float, DimensionRole], ...] = (
        ("coverage", "gap", gaps, 0.6, "portfolio"),
        ("complaint", "quote", facts.text.complaints, 0.7, "relationship"),
    )
    for kind, field, items, severity, role in one_by_one:
        for item in items:
            risks.append(
                risk(
                    kind,
                    {field: item},
                    severity=severity,
                    dimension=framework.role(role),
                    subject=item,
                )
            )
    return sorted(risks, key=lambda r: -r.severity)
