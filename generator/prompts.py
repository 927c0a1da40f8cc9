"""The messages sent to a model: rendered from templates, with the input inserted as data.

Input text is passed to Jinja2 as JSON-encoded variables, so it is never parsed as a template
and cannot be mistaken for the prompt's own structure.
"""

from __future__ import annotations

import json
from typing import Any

from generator.evidence import Facts
from generator.framework import DIMENSIONS
from generator.inputs import AssessmentInput
from generator.scale import BANDS, LEVEL_MEANING
from generator.writers.templates import render

Message = dict[str, str]
CHARS_PER_TOKEN = 4  # a rough, provider-neutral estimate; real counts come back from the API


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
                    {
                        "id": i.id,
                        "score": i.score,
                        "evidence": [f"{e.quote} [{e.source}, {e.signal}]" for e in i.evidence],
                    }
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
            "partners": [
                p.model_dump(
                    exclude_none=True, mode="json", exclude={"engagement_score", "last_activity"}
                )
                for p in r.partners
            ],
            "segments": [s.model_dump(exclude_none=True) for s in r.segments],
            "health_counts": r.health_counts,
            "active_basis": r.active_basis,
            "top_contributors": r.top_contributors,
            "underperformers": r.underperformers,
            "concentration": r.concentration.model_dump() if r.concentration else None,
            "engagement_band": r.engagement_band,
            "coverage_gaps": r.coverage_gaps,
        }
    t = facts.text
    data["stated_in_notes"] = t.model_dump(exclude_none=True, exclude={"figures"})
    if facts.feedback is not None:
        data["partner_survey"] = facts.feedback.model_dump(exclude_none=True)
    return data


def render_messages(data: AssessmentInput, facts: Facts) -> list[Message]:
    # Every user-supplied string, the organisation's name included, travels as JSON data.
    notes = {
        "organisation": data.organisation or "not named",
        "partner_context": data.partner_context,
        "objectives": data.objectives,
        "constraints": data.constraints,
    }
    if data.industry:
        notes["industry"] = data.industry
    system = render("system.j2", bands=BANDS, meaning=LEVEL_MEANING)
    user = render(
        "assessment.j2",
        assessed_on=facts.assessed_on.isoformat(),
        currency=facts.currency,
        dimensions=DIMENSIONS,
        notes_json=json.dumps(notes, indent=2, ensure_ascii=False),
        facts_json=json.dumps(prompt_facts(facts), indent=1, ensure_ascii=False),
    )
    return [
        {"role": "system", "content": system.strip()},
        {"role": "user", "content": user.strip()},
    ]


def estimate_tokens(messages: list[Message]) -> int:
    return sum(len(m["content"]) for m in messages) // CHARS_PER_TOKEN + 4 * len(messages)
