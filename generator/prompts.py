"""The messages sent to a model: rendered from templates, with the input inserted as data.

Input text is passed to Jinja2 as JSON-encoded variables, so it is never parsed as a template
and cannot be mistaken for the prompt's own structure.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from generator.drafting.narrative import rationale_partners
from generator.evidence import Facts
from generator.evidence.facts import PartnerFacts, RosterFacts
from generator.frameworks import Framework, count_word
from generator.inputs import AssessmentInput
from generator.lenses.investment import PartnerInvestment
from generator.lenses.view import lens_rules
from generator.writers.templates import render

Message = dict[str, str]
CHARS_PER_TOKEN = 4  # a rough, provider-neutral estimate; real counts come back from the API
# A roster up to this size goes in whole; a larger one (up to 20,000 partners) would not fit any
# context, so the model sees a bounded summary: the top earners, the at-risk, counts per segment.
ROSTER_IN_FULL = 40
ROSTER_TOP = 15
ROSTER_AT_RISK = 15
NAMES_LISTED = 15


PARTNER_COLUMNS = [
    name for name in PartnerFacts.model_fields if name not in {"engagement_score", "last_activity"}
]


def _plain(value: Any) -> Any:
    """4200000.0 as 4200000: the same number in fewer tokens."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _table(partners: list[PartnerFacts]) -> dict[str, Any]:
    """Partners as one header and a row each: the keys, repeated per partner, were half the
    roster's tokens. Columns no partner fills are left out."""
    rows = [p.model_dump(mode="json") for p in partners]
    columns = [c for c in PARTNER_COLUMNS if any(r.get(c) is not None for r in rows)]
    return {"columns": columns, "rows": [[_plain(r.get(c)) for c in columns] for r in rows]}


def roster_partners(roster: RosterFacts) -> dict[str, Any]:
    """The partners a model is shown: all of a small roster, a bounded selection of a large one."""
    if len(roster.partners) <= ROSTER_IN_FULL:
        return {"partners": _table(roster.partners)}
    by_revenue = sorted(roster.partners, key=lambda p: -(p.revenue or 0.0))
    top = by_revenue[:ROSTER_TOP]
    at_risk = [p for p in by_revenue if p.health == "at_risk" and p not in top][:ROSTER_AT_RISK]
    shown = top + at_risk
    return {
        "partners_shown": f"{len(shown)} of {roster.total_partners}: the top {len(top)} by "
        f"revenue and {len(at_risk)} more at risk; the counts below cover every partner",
        "partners": _table(shown),
    }


def _bounded(names: list[str]) -> list[str] | dict[str, Any]:
    if len(names) <= NAMES_LISTED:
        return names
    return {"first": names[:NAMES_LISTED], "count": len(names)}


def _rationale_inputs(rows: list[PartnerInvestment]) -> dict[str, Any]:
    """What each partner whose rationale the model writes was decided on: its factor scores
    (null where the input is not given; factor names once, in the header), target, cost and any
    reason its decision differs from its quadrant's. Columns no partner fills are left out."""
    rules = lens_rules().investment
    columns = ["name", "potential_factors", "execution_factors", "target", "cost", "decision_reason"]
    table = [
        [
            p.name,
            [_plain(v) for v in p.potential.factors.values()],
            [_plain(v) for v in p.execution.factors.values()],
            p.target,
            _plain(p.cost.total),
            p.decision_reason or None,
        ]
        for p in rows
    ]
    kept = [i for i in range(len(columns)) if any(row[i] is not None for row in table)]
    return {
        "potential_factors": [f.name for f in rules.potential.factors.values()],
        "execution_factors": [f.name for f in rules.execution.factors.values()],
        "columns": [columns[i] for i in kept],
        "rows": [[row[i] for i in kept] for row in table],
    }


def _lens_facts(facts: Facts) -> dict[str, Any]:
    """The lens figures code computed, for the model to cite, never to recompute: the same
    partners the roster table shows, and every partner whose rationale the model writes."""
    lenses = facts.lenses
    assert lenses is not None and facts.roster is not None
    partners = facts.roster.partners
    if len(partners) > ROSTER_IN_FULL:
        partners = sorted(partners, key=lambda p: -(p.revenue or 0.0))[:ROSTER_TOP]
    asked = rationale_partners(facts)
    shown = {p.name for p in partners} | set(asked)
    scored = {e.name: e for e in lenses.engagement.partners}
    rows = []
    for p in lenses.investment.partners:
        if p.name not in shown:
            continue
        e = scored[p.name]
        rows.append(
            [
                p.name,
                p.potential.value,
                p.execution.value,
                p.quadrant,
                p.decision,
                p.move,
                p.roi,
                e.score.value,
                e.band,
                e.change,
            ]
        )
    facts_out: dict[str, Any] = {
        "investment_and_engagement": {
            "columns": [
                "name",
                "potential",
                "execution",
                "quadrant",
                "decision",
                "move",
                "roi",
                "engagement_score",
                "engagement_band",
                "engagement_change",
            ],
            "rows": [[_plain(v) for v in row] for row in rows],
        },
        "next_dollar": [f"{m.move} {m.partner}: {m.reason}" for m in lenses.investment.moves],
        "support_vs_return": (
            lenses.investment.summary.sentence if lenses.investment.summary else None
        ),
        "scorecard": [
            {"id": m.id, "kind": m.kind, "group": m.group, "value": m.shown, "status": m.status}
            for m in lenses.scorecard.measures
        ],
    }
    if asked:
        placed = {p.name: p for p in lenses.investment.partners}
        facts_out["rationales_asked"] = _rationale_inputs([placed[name] for name in asked])
    return facts_out


def prompt_facts(facts: Facts) -> dict[str, Any]:
    """The facts a model needs, without the raw text figures it already has in the notes."""
    dims = []
    for d in facts.dimensions:
        dims.append(
            {
                "id": d.id,
                "evidence_score": d.score,
                "score_fixed_by_ratings": d.basis == "ratings",
                "confidence": d.confidence,
                "indicators": [
                    {"id": i.id, "score": i.score}
                    | (
                        {"evidence": [f"{e.quote} [{e.source}, {e.signal}]" for e in i.evidence]}
                        if i.evidence
                        else {}
                    )
                    for i in d.indicators
                ],
            }
        )
    data: dict[str, Any] = {
        "dimensions": dims,
        "overall_from_evidence": facts.overall_score,
        "weights": facts.weights,
        "kpis": facts.kpis.model_dump(exclude_none=True),
    }
    if facts.roster is not None:
        r = facts.roster
        data["roster"] = {
            **roster_partners(r),
            "total_partners": r.total_partners,
            "segments": [s.model_dump(exclude_none=True) for s in r.segments],
            "health_counts": r.health_counts,
            "active_basis": r.active_basis,
            "top_contributors": _bounded(r.top_contributors),
            "underperformers": _bounded(r.underperformers),
            "concentration": r.concentration.model_dump() if r.concentration else None,
            "engagement_band": r.engagement_band,
            "coverage_gaps": _bounded(r.coverage_gaps),
        }
    if facts.lenses is not None:
        data["lenses"] = _lens_facts(facts)
    t = facts.text
    data["stated_in_notes"] = t.model_dump(exclude_none=True, exclude={"figures"})
    if facts.feedback is not None:
        data["partner_survey"] = facts.feedback.model_dump(exclude_none=True)
    if facts.goals:
        data["goals"] = [
            g.model_dump(mode="json", exclude_none=True, exclude={"quote"}) for g in facts.goals
        ]
    team = facts.team
    data["team"] = (
        {
            "owners_allowed": sorted({r.name for r in team.roles}),
            "one_person": team.sole_role is not None,
            "hiring_freeze": team.hiring_freeze,
        }
        if team.described
        else {"described": False}
    )
    return data


def render_messages(data: AssessmentInput, facts: Facts) -> list[Message]:
    # Every user-supplied string, the organisation's name included, travels as JSON data, on
    # one line: indentation would cost tokens and tell the model nothing.
    notes = {
        "organisation": data.organisation or "not named",
        "partner_context": data.partner_context,
        "objectives": data.objectives,
        "constraints": data.constraints,
    }
    if data.industry:
        notes["industry"] = data.industry
    framework = facts.framework
    system = render("system.j2", framework=framework)
    asked = rationale_partners(facts)
    rules = lens_rules()
    placed = len(facts.lenses.investment.partners) if facts.lenses is not None else 0
    user = render(
        framework_template(framework),
        framework=framework,
        rationale_count=len(asked),
        rationales_capped=len(asked) < placed,
        rationale_cap=rules.model_rationales.all_partners_up_to,
        decision_labels=[d.label for d in rules.investment.decisions.values()],
        dimension_count=count_word(len(framework.dimensions)),
        indicator_count=_indicator_count(framework),
        assessed_on=facts.assessed_on.isoformat(),
        currency=facts.currency,
        notes_json=json.dumps(notes, ensure_ascii=False),
        facts_json=json.dumps(prompt_facts(facts), ensure_ascii=False),
    )
    return [
        {"role": "system", "content": system.strip()},
        {"role": "user", "content": user.strip()},
    ]


def framework_template(framework: Framework) -> str:
    """The framework's own assessment prompt (assessment.j2 in its folder) if it has one, else
    the shared one, which is written from the framework's data."""
    own = Path(framework.source) / "assessment.j2"
    return str(own.resolve()) if own.is_file() else "assessment.j2"


def _indicator_count(framework: Framework) -> str:
    counts = {len(d.indicators) for d in framework.dimensions}
    return count_word(counts.pop()) if len(counts) == 1 else "several"


def estimate_tokens(messages: list[Message]) -> int:
    return sum(len(m["content"]) for m in messages) // CHARS_PER_TOKEN + 4 * len(messages)
