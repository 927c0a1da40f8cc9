"""Indicator and dimension scores, from ratings where given, else from evidence."""

from __future__ import annotations

import re
from collections import defaultdict

from generator.evidence.cues import COVERAGE, COVERAGE_WORDS, NEGATION_AFTER, Signal
from generator.evidence.facts import (
    Confidence,
    DimensionFacts,
    Evidence,
    IndicatorFacts,
    RosterFacts,
)
from generator.evidence.goals import broken_evidence_pattern
from generator.evidence.text import Clause, shorten
from generator.frameworks import DEFAULT_FRAMEWORK, CompiledCue, Framework, load_framework
from generator.inputs import AssessmentInput
from generator.numbers import read_figures
from generator.scale import round_score


def rating_to_score(framework: Framework, rating: float) -> float:
    """A 0-10 survey rating on the framework's scale (on 1-5: 5/10 -> 2.5, 8/10 -> 4.0)."""
    # Divided by 10/max (2.0 on 1-5), not multiplied: the same float the old rating / 2 gave.
    return framework.clamp(rating / (10 / framework.scale.max))


def classify(
    clause: str,
    start: int,
    end: int,
    cue: CompiledCue,
    framework: Framework | None = None,
    sentence: str = "",
) -> tuple[Signal, float]:
    """How strongly a clause says the practice at clause[start:end] is in place. The rest of
    its sentence is read for a failure stated later ("there is a playbook, but it is stale")."""
    framework = framework or load_framework(DEFAULT_FRAMEWORK)
    q = framework.qualifiers
    scores = framework.thresholds.scoring.signal_scores
    window = framework.thresholds.scoring.window_chars
    if cue.kind == "gap":
        return "absent", scores["absent"] + 0.5
    before = clause[max(0, start - window) : end]
    after = clause[end:]
    if _not_in_place(framework, clause[start : end + _ABSENCE_REACH]):
        return "absent", scores["absent"]
    if cue.score is not None:
        # The cue may itself contain "no" ("no partners in"); only words around it negate it.
        if q["negation"].search(clause[max(0, start - window) : start]) or (
            NEGATION_AFTER.search(after)
        ):
            return "absent", scores["absent"]
        return "partial", cue.score
    # Only words next to the cue qualify it, not a figure about something else in the clause.
    near = clause[max(0, start - window) : end + window]
    if q["affirming_negation"].search(near):
        return "strong", scores["strong"]
    if q["weak_negation"].search(clause):
        return "partial", scores["partial"]
    at = sentence.find(clause)
    if (
        q["negation"].search(before)
        or NEGATION_AFTER.search(after)
        or (at > 0 and _negated_list(q["negation"], sentence[:at]))
    ):
        return "absent", scores["absent"]
    if _reports_broken(clause) or (at >= 0 and _reports_broken(sentence[at:])):
        # Scored as a gap cue: the practice is there on paper, but the clause says it fails.
        return "broken", scores["absent"] + 0.5
    if q["planned"].search(clause):
        return "planned", scores["planned"]
    rating = _adjacent_rating(clause, start, end, window)
    if rating is not None:
        return "figure", round_score(rating_to_score(framework, rating))
    # A share only qualifies the practice when it stands next to it ("QBRs held 30% of the
    # time"), not when it describes something else in the same clause.
    coverage = COVERAGE.search(clause[max(0, start - 20) : end + window + 20])
    if coverage:
        share = (
            float(coverage["num"]) if coverage["num"] else COVERAGE_WORDS[coverage["word"].lower()]
        )
        return "figure", round_score(_share_score(framework, min(share, 100), 100))
    if q["weak"].search(clause):
        return "partial", scores["partial"]
    if q["strong"].search(clause):
        return "strong", scores["strong"]
    return "present", scores["present"]


# How far past a cue "is ad hoc" is read: far enough for "onboarding of resellers is ad hoc",
# short of a second subject ("training is run monthly and pricing is ad hoc").
_ABSENCE_REACH = 30


def _optional(framework: Framework, name: str) -> re.Pattern[str] | None:
    """A qualifier list a framework may leave out (an empty list would match everywhere)."""
    return framework.qualifiers[name] if getattr(framework.qualifier_phrases, name) else None


def _not_in_place(framework: Framework, text: str) -> bool:
    """Whether text, from the cue on, says the practice is named but not in place."""
    absence = _optional(framework, "absence")
    return absence is not None and absence.search(text) is not None


def _a_limit(framework: Framework, clause: str, start: int, end: int) -> bool:
    """Whether a constraints clause is about what a practice costs, or the money and time there
    is for it, outside the cue itself ("referral fees" is a practice; "exam fees" a cost).

    A practice the clause says is missing is still evidence: in "there is no partner portal and
    no budget for one" the portal's "no" stands outside the limit; in "no budget for a partner
    portal" it is the limit's own.
    """
    limits = _optional(framework, "limits")
    if limits is None:
        return False
    found = [f for f in limits.finditer(clause) if f.end() <= start or f.start() >= end]
    if not found:
        return False
    window = framework.thresholds.scoring.window_chars
    lead = max(0, start - window)
    before = list(clause[lead:start])
    for f in found:
        for at in range(max(f.start(), lead), min(f.end(), start)):
            before[at - lead] = " "
    return not framework.qualifiers["negation"].search("".join(before))


def _limited_sentence(
    framework: Framework, clause: Clause, start: int, spans: dict[str, list[tuple[int, int]]]
) -> bool:
    """A clause split from a sentence that states a limit ("budget is capped at EUR 45,000,
    including portal changes"): the limit is the sentence's point, unless the clause says the
    practice is missing. `spans` holds each sentence's limit words, read once per sentence so
    a long sentence of many clauses is not re-read for each."""
    limits = _optional(framework, "limits")
    if limits is None:
        return False
    if clause.sentence not in spans:
        spans[clause.sentence] = [f.span() for f in limits.finditer(clause.sentence)]
    at = clause.sentence.find(clause.text)
    end = at + len(clause.text)
    # A limit word in the clause itself is _a_limit's to judge; this reads the rest.
    if not any(e <= at or s >= end for s, e in spans[clause.sentence]):
        return False
    return not framework.qualifiers["negation"].search(clause.text[:start])


# What ends a negated list: "no portal, and training is monthly" negates only the portal.
_LIST_BREAK = re.compile(
    r"\b(?:and|but|although|though|yet|however|while|whereas|except)\b|[;:]", re.IGNORECASE
)
_LIST_REACH = 60


def _negated_list(negation: re.Pattern[str], before: str) -> bool:
    """Whether the clause continues a list a negation opened earlier in its sentence: "no
    brochures, price guides or training" negates the training too."""
    tail = before[-_LIST_REACH:]
    ends = [found.end() for found in negation.finditer(tail)]
    return bool(ends) and not _LIST_BREAK.search(tail[ends[-1] :])


# "if the agreement lapses" supposes a failure; it does not report one.
_SUPPOSED = re.compile(r"\b(?:if|unless|should|would|could|might|whether)\s", re.IGNORECASE)


def _reports_broken(clause: str) -> bool:
    """Whether the clause says the practice is stale, lapsed, slow or resented."""
    for found in broken_evidence_pattern().finditer(clause):
        if not _SUPPOSED.search(clause[max(0, found.start() - 30) : found.start()]):
            return True
    return False


def _share_score(framework: Framework, part: float, whole: float) -> float:
    """A share on the scale: none at its bottom, all at its top."""
    low, high = framework.scale.min, framework.scale.max
    return framework.clamp(low + (high - low) * part / whole)


def _adjacent_rating(clause: str, start: int, end: int, window: int) -> float | None:
    """A 0-10 rating stated right next to the cue: "training 5/10", "7/10 for support"."""
    # Only the words next to the cue are read, so a long clause is not re-read for every cue.
    offset = max(0, start - window * 2)
    near = clause[offset : end + window * 2]
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


def text_evidence(
    clauses: list[Clause], framework: Framework | None = None
) -> dict[str, list[Evidence]]:
    framework = framework or load_framework(DEFAULT_FRAMEWORK)
    found: dict[str, list[Evidence]] = defaultdict(list)
    prefilter = framework.any_cue_patterns() if len(clauses) >= PREFILTER_MIN_CLAUSES else None
    notes_cap = framework.thresholds.scoring.notes_cap
    limit_spans: dict[str, list[tuple[int, int]]] = {}
    for indicator_id, cues in framework.cues.items():
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
                # A limit on the plan is no evidence of practice, for or against.
                if clause.source == "constraints" and (
                    _a_limit(framework, clause.text, match.start(), match.end())
                    or _limited_sentence(framework, clause, match.start(), limit_spans)
                ):
                    break
                signal, score = classify(
                    clause.text, match.start(), match.end(), cue, framework, clause.sentence
                )
                if clause.source.startswith("notes on ") and score > notes_cap:
                    signal, score = "partial", notes_cap
                # A fragment such as "price lists" means little alone, and a failure may be
                # stated later in the sentence: quote the sentence then.
                short = len(clause.text.split()) < 4
                # A list item a negation earlier in the sentence negates needs that negation.
                unsaid = signal == "absent" and not framework.qualifiers["negation"].search(
                    clause.text
                )
                quoted = clause.sentence if short or signal == "broken" or unsaid else clause.text
                found[indicator_id].append(
                    Evidence(
                        quote=shorten(quoted), source=clause.source, signal=signal, score=score
                    )
                )
                break
    return found


def data_evidence(
    data: AssessmentInput, roster: RosterFacts | None, framework: Framework
) -> dict[str, list[Evidence]]:
    """Signals from structured evidence: the partner survey and the roster, each read only if
    the framework names the indicator it is evidence for."""
    found: dict[str, list[Evidence]] = defaultdict(list)
    scores = framework.thresholds.scoring.signal_scores
    survey = data.partner_feedback
    if survey is not None:
        for area, role in (
            ("training", "survey_training"),
            ("resources", "survey_resources"),
            ("support", "survey_support"),
        ):
            rating = getattr(survey, area)
            indicator = framework.signal(role)  # type: ignore[arg-type]
            if rating is not None and indicator is not None:
                found[indicator].append(
                    Evidence(
                        quote=f"partners rate {area} {rating:g}/10",
                        source="partner survey",
                        signal="rating",
                        score=round_score(rating_to_score(framework, rating)),
                    )
                )
        indicator = framework.signal("survey_run")
        if indicator is not None:
            found[indicator].append(
                Evidence(
                    quote="a partner survey is run; no evidence yet that its results change the "
                    "program",
                    source="partner survey",
                    signal="partial",
                    score=framework.thresholds.scoring.notes_cap,
                )
            )
    if roster is None:
        return found
    partners = roster.partners
    indicator = framework.signal("executive_sponsors")
    if indicator is not None:
        # By identity: comparing pydantic models field by field, five per partner, was slow.
        top_five = {id(p) for p in sorted(partners, key=lambda p: -(p.revenue or 0))[:5]}
        key = [p for p in partners if p.type == "strategic" or id(p) in top_five]
        known = [p for p in key if p.executive_sponsor is not None]
        if known:
            sponsored = sum(1 for p in known if p.executive_sponsor)
            label = "key partners (strategic or top five by revenue)"
            found[indicator].append(
                Evidence(
                    quote=f"{sponsored} of {len(known)} {label} have an executive sponsor",
                    source="roster",
                    signal="figure",
                    score=round_score(_share_score(framework, sponsored, len(known))),
                )
            )
    indicator = framework.signal("satisfaction")
    if indicator is not None and roster.average_satisfaction is not None:
        found[indicator].append(
            Evidence(
                quote=f"average partner satisfaction {roster.average_satisfaction:g}/10",
                source="roster",
                signal="rating",
                score=round_score(rating_to_score(framework, roster.average_satisfaction)),
            )
        )
    indicator = framework.signal("concentration")
    if indicator is not None and roster.concentration is not None:
        band = roster.concentration.hhi_band
        found[indicator].append(
            Evidence(
                quote=f"revenue concentration is {band} (HHI {roster.concentration.hhi:,.0f})",
                source="roster",
                signal="figure",
                score=framework.thresholds.concentration.hhi_band_scores[band],
            )
        )
    indicator = framework.signal("coverage_gaps")
    if indicator is not None:
        for gap in roster.coverage_gaps:
            found[indicator].append(
                Evidence(quote=gap, source="roster", signal="absent", score=scores["partial"])
            )
    indicator = framework.signal("tiers")
    tiers = {p.tier for p in partners if p.tier}
    if indicator is not None and tiers and all(p.tier for p in partners):
        found[indicator].append(
            Evidence(
                quote=f"every partner has a tier ({', '.join(sorted(tiers))})",
                source="roster",
                signal="present",
                score=scores["present"],
            )
        )
    return found


def _confidence(evidenced: int) -> Confidence:
    return {0: "none", 1: "low", 2: "medium"}.get(evidenced, "high")  # type: ignore[return-value]


def _rating_quote(framework: Framework, rating: float) -> str:
    if framework.input.answers == "descriptive":
        level = next(lv for lv in framework.input.answer_levels if lv.score == rating)
        return f"answered {level.name} ({rating:g}/{framework.scale.max:g})"
    return f"rated {rating:g}/5"


def score_dimensions(
    data: AssessmentInput, clauses: list[Clause], roster: RosterFacts | None, framework: Framework
) -> list[DimensionFacts]:
    ratings = data.indicators.rated() if data.indicators else {}
    from_text = text_evidence(clauses, framework)
    from_data = data_evidence(data, roster, framework)
    default_score = framework.thresholds.scoring.default_score
    # A rated dimension is scored from its ratings alone; a question left unanswered on a
    # descriptive framework is read from the notes, as the client was told it would be.
    answered = framework.input.answers == "descriptive"
    decimals = framework.scale.decimals
    out: list[DimensionFacts] = []
    for dim in framework.dimensions:
        rated = ratings.get(dim.id, {})
        indicators: list[IndicatorFacts] = []
        for ind in dim.indicators:
            if rated and not (answered and rated.get(ind.id) is None):
                rating = rated.get(ind.id)
                evidence = (
                    []
                    if rating is None
                    else [
                        Evidence(
                            quote=_rating_quote(framework, rating),
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
                    round_score(sum(e.score for e in evidence) / len(evidence), decimals)
                    if evidence
                    else None
                )
            indicators.append(
                IndicatorFacts(id=ind.id, name=ind.name, score=score, evidence=evidence)
            )
        scored = [i.score for i in indicators if i.score is not None]
        value = (
            round_score(framework.clamp(sum(scored) / len(scored)), decimals)
            if scored
            else default_score
        )
        basis = "ratings" if rated else ("evidence" if scored else "default")
        out.append(
            DimensionFacts(
                id=dim.id,
                name=dim.name,
                score=value,
                level=framework.level_name(value),
                basis=basis,
                confidence=_confidence(len(scored)),
                evidenced=len(scored),
                indicators=indicators,
            )
        )
    return out
