"""Indicator and dimension scores, from ratings where given, else from evidence."""

from __future__ import annotations

import functools
import re
from collections import defaultdict

from generator.evidence.cues import (
    AFFIRMING_NEGATION,
    COVERAGE,
    COVERAGE_WORDS,
    CUES,
    NEGATION,
    NEGATION_AFTER,
    PLANNED,
    SIGNAL_SCORES,
    STRONG,
    WEAK,
    WEAK_NEGATION,
    Cue,
    Signal,
)
from generator.evidence.facts import (
    Confidence,
    DimensionFacts,
    Evidence,
    IndicatorFacts,
    RosterFacts,
)
from generator.evidence.text import Clause, shorten
from generator.framework import DIMENSIONS
from generator.inputs import AssessmentInput
from generator.numbers import read_figures
from generator.scale import clamp_score, level_for, round_score

# With no evidence at all a dimension is scored at the floor of Developing: practices nobody
# mentions are rarely strengths, but "ad hoc" would be a claim the notes do not support.
DEFAULT_SCORE = 2.0
# One partner's notes show a practice with that partner, not a program: positive signals from
# them count as partial at most.
NOTES_CAP = 2.5
_WINDOW_BEFORE = 40  # characters before a cue searched for a negation or qualifier


def rating_to_score(rating: float) -> float:
    """A 0-10 survey rating on the 1-5 scale (5/10 -> 2.5, 8/10 -> 4.0)."""
    return clamp_score(rating / 2)


def classify(clause: str, start: int, end: int, cue: Cue) -> tuple[Signal, float]:
    """How strongly a clause says the practice at clause[start:end] is in place."""
    if cue.gap:
        return "absent", SIGNAL_SCORES["absent"] + 0.5
    before = clause[max(0, start - _WINDOW_BEFORE) : end]
    after = clause[end:]
    if cue.fixed is not None:
        # The cue may itself contain "no" ("no partners in"); only words around it negate it.
        if NEGATION.search(clause[max(0, start - _WINDOW_BEFORE) : start]) or (
            NEGATION_AFTER.search(after)
        ):
            return "absent", SIGNAL_SCORES["absent"]
        return "partial", cue.fixed
    # Only words next to the cue qualify it, not a figure about something else in the clause.
    near = clause[max(0, start - _WINDOW_BEFORE) : end + _WINDOW_BEFORE]
    if AFFIRMING_NEGATION.search(near):
        return "strong", SIGNAL_SCORES["strong"]
    if WEAK_NEGATION.search(clause):
        return "partial", SIGNAL_SCORES["partial"]
    if NEGATION.search(before) or NEGATION_AFTER.search(after):
        return "absent", SIGNAL_SCORES["absent"]
    if PLANNED.search(clause):
        return "planned", SIGNAL_SCORES["planned"]
    rating = _adjacent_rating(clause, start, end)
    if rating is not None:
        return "figure", round_score(rating_to_score(rating))
    # A share only qualifies the practice when it stands next to it ("QBRs held 30% of the
    # time"), not when it describes something else in the same clause.
    coverage = COVERAGE.search(clause[max(0, start - 20) : end + _WINDOW_BEFORE + 20])
    if coverage:
        share = (
            float(coverage["num"]) if coverage["num"] else COVERAGE_WORDS[coverage["word"].lower()]
        )
        return "figure", round_score(clamp_score(1 + 4 * min(share, 100) / 100))
    if WEAK.search(clause):
        return "partial", SIGNAL_SCORES["partial"]
    if STRONG.search(clause):
        return "strong", SIGNAL_SCORES["strong"]
    return "present", SIGNAL_SCORES["present"]


def _adjacent_rating(clause: str, start: int, end: int) -> float | None:
    """A 0-10 rating stated right next to the cue: "training 5/10", "7/10 for support"."""
    # Only the words next to the cue are read, so a long clause is not re-read for every cue.
    offset = max(0, start - _WINDOW_BEFORE * 2)
    near = clause[offset : end + _WINDOW_BEFORE * 2]
    for rating in (f for f in read_figures(near) if f.kind == "rating"):
        rating_start, rating_end = offset + rating.start, offset + rating.end
        if rating_start >= end:
            if len(clause[end:rating_start].split()) <= 1:
                return rating.value
        elif rating_end <= start and len(clause[rating_end:start].split()) <= 2:
            return rating.value
    return None


# One search per indicator and clause tells whether any of its cues occurs at all: a roster's
# thousands of partner notes mostly mention none, and trying each cue separately made the text
# scan the slowest step of a large run. Each cue is linear, so their alternation is too.
# Compiling the alternations takes about 20 ms, more than they save on a few hundred clauses,
# so small inputs (and start-up) go without.
PREFILTER_MIN_CLAUSES = 500


@functools.cache
def any_cue_patterns() -> dict[str, re.Pattern[str]]:
    return {
        indicator_id: re.compile("|".join(f"(?:{c.pattern.pattern})" for c in cues), re.IGNORECASE)
        for indicator_id, cues in CUES.items()
    }


def text_evidence(clauses: list[Clause]) -> dict[str, list[Evidence]]:
    found: dict[str, list[Evidence]] = defaultdict(list)
    prefilter = any_cue_patterns() if len(clauses) >= PREFILTER_MIN_CLAUSES else None
    for indicator_id, cues in CUES.items():
        seen: set[str] = set()
        any_cue = prefilter[indicator_id].search if prefilter is not None else None
        for clause in clauses:
            if any_cue is not None and not any_cue(clause.text):
                continue
            for cue in cues:
                match = cue.pattern.search(clause.text)
                if not match or clause.text in seen:
                    continue
                seen.add(clause.text)
                signal, score = classify(clause.text, match.start(), match.end(), cue)
                if clause.source.startswith("notes on ") and score > NOTES_CAP:
                    signal, score = "partial", NOTES_CAP
                # A fragment such as "price lists" means little alone; quote its sentence.
                quoted = clause.text if len(clause.text.split()) >= 4 else clause.sentence
                found[indicator_id].append(
                    Evidence(
                        quote=shorten(quoted), source=clause.source, signal=signal, score=score
                    )
                )
                break
    return found


def data_evidence(data: AssessmentInput, roster: RosterFacts | None) -> dict[str, list[Evidence]]:
    """Signals from structured evidence: the partner survey and the roster."""
    found: dict[str, list[Evidence]] = defaultdict(list)
    survey = data.partner_feedback
    if survey is not None:
        for area, indicator in (
            ("training", "training"),
            ("resources", "resources"),
            ("support", "resources"),
        ):
            rating = getattr(survey, area)
            if rating is not None:
                found[indicator].append(
                    Evidence(
                        quote=f"partners rate {area} {rating:g}/10",
                        source="partner survey",
                        signal="rating",
                        score=round_score(rating_to_score(rating)),
                    )
                )
        found["feedback_loop"].append(
            Evidence(
                quote="a partner survey is run; no evidence yet that its results change the program",
                source="partner survey",
                signal="partial",
                score=2.5,
            )
        )
    if roster is None:
        return found
    partners = roster.partners
    # By identity: comparing pydantic models field by field, five per partner, was slow.
    top_five = {id(p) for p in sorted(partners, key=lambda p: -(p.revenue or 0))[:5]}
    key = [p for p in partners if p.type == "strategic" or id(p) in top_five]
    known = [p for p in key if p.executive_sponsor is not None]
    if known:
        sponsored = sum(1 for p in known if p.executive_sponsor)
        label = "key partners (strategic or top five by revenue)"
        found["executive_sponsorship"].append(
            Evidence(
                quote=f"{sponsored} of {len(known)} {label} have an executive sponsor",
                source="roster",
                signal="figure",
                score=round_score(clamp_score(1 + 4 * sponsored / len(known))),
            )
        )
    if roster.average_satisfaction is not None:
        found["mutual_investment"].append(
            Evidence(
                quote=f"average partner satisfaction {roster.average_satisfaction:g}/10",
                source="roster",
                signal="rating",
                score=round_score(rating_to_score(roster.average_satisfaction)),
            )
        )
    if roster.concentration is not None:
        band = roster.concentration.hhi_band
        found["portfolio_balance"].append(
            Evidence(
                quote=f"revenue concentration is {band} (HHI {roster.concentration.hhi:,.0f})",
                source="roster",
                signal="figure",
                score={"low": 4.0, "moderate": 3.0, "high": 2.0}[band],
            )
        )
    for gap in roster.coverage_gaps:
        found["portfolio_balance"].append(
            Evidence(quote=gap, source="roster", signal="absent", score=SIGNAL_SCORES["partial"])
        )
    tiers = {p.tier for p in partners if p.tier}
    if tiers and all(p.tier for p in partners):
        found["partner_types_tiers"].append(
            Evidence(
                quote=f"every partner has a tier ({', '.join(sorted(tiers))})",
                source="roster",
                signal="present",
                score=SIGNAL_SCORES["present"],
            )
        )
    return found


def _confidence(evidenced: int) -> Confidence:
    return {0: "none", 1: "low", 2: "medium"}.get(evidenced, "high")  # type: ignore[return-value]


def score_dimensions(
    data: AssessmentInput, clauses: list[Clause], roster: RosterFacts | None
) -> list[DimensionFacts]:
    ratings = data.indicators.rated() if data.indicators else {}
    from_text = text_evidence(clauses)
    from_data = data_evidence(data, roster)
    out: list[DimensionFacts] = []
    for dim in DIMENSIONS:
        rated = ratings.get(dim.id, {})
        indicators: list[IndicatorFacts] = []
        for ind in dim.indicators:
            if rated:
                rating = rated.get(ind.id)
                evidence = (
                    []
                    if rating is None
                    else [
                        Evidence(
                            quote=f"rated {rating:g}/5",
                            source="indicator ratings",
                            signal="rating",
                            score=rating,
                        )
                    ]
                )
                evidence += from_text.get(ind.id, []) + from_data.get(ind.id, [])
                score = rating
            else:
                evidence = from_text.get(ind.id, []) + from_data.get(ind.id, [])
                score = (
                    round_score(sum(e.score for e in evidence) / len(evidence))
                    if evidence
                    else None
                )
            indicators.append(
                IndicatorFacts(id=ind.id, name=ind.name, score=score, evidence=evidence)
            )
        scored = [i.score for i in indicators if i.score is not None]
        value = round_score(clamp_score(sum(scored) / len(scored))) if scored else DEFAULT_SCORE
        basis = "ratings" if rated else ("evidence" if scored else "default")
        out.append(
            DimensionFacts(
                id=dim.id,
                name=dim.name,
                score=value,
                level=level_for(value),
                basis=basis,
                confidence=_confidence(len(scored)),
                evidenced=len(scored),
                indicators=indicators,
            )
        )
    return out
