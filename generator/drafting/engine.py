"""The offline drafter: writes every deliverable from the facts and the playbook.

It never names a partner or states a figure that is not in the facts.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from pathlib import Path

from generator.drafting.actions import one_action, one_action_plan, recommendation, result_entry
from generator.drafting.base import Drafted
from generator.drafting.fit import (
    bearing_note,
    fit_plan,
    focus,
    goal_dimensions,
    means,
    objectives,
    placed,
    play_for,
)
from generator.drafting.risks import Risk, partner_risks
from generator.evidence import Facts
from generator.evidence.cues import POSITIVE_SIGNALS
from generator.evidence.facts import DimensionFacts, Evidence, IndicatorFacts
from generator.evidence.goals import Goal
from generator.formatting import join_names, lower_first, money, pct, plural, short_name
from generator.frameworks import (
    FindingPatterns,
    Framework,
    PlayText,
    builtin_folder,
    count_word,
)
from generator.inputs import AssessmentInput
from generator.lenses.view import lens_rules
from generator.report import (
    Action,
    AssessmentReport,
    EnablementGaps,
    ExecutiveSummary,
    FeedbackItem,
    FrameworkRef,
    PartnerHealth,
    PartnerPerformance,
    PerformanceDashboard,
    Plan,
    PortfolioMap,
    Priority,
    ScorecardEntry,
)

# A roster of thousands of partners can carry thousands of notes, each a signal. The report
# lists the most telling of them and counts the rest; the facts keep them all. Both bounds are
# above what any example or eval case needs (14 lines, 5 quotes), so small reports are unchanged.
MAX_EVIDENCE_LINES = 20
MAX_QUOTED_GAPS = 10


class EngineDrafter:
    """Drafts a report with no model: the default when none is configured."""

    name = "engine"
    model: str | None = None

    def draft(self, data: AssessmentInput, facts: Facts) -> Drafted:
        return Drafted(report=draft_report(facts))


def draft_report(facts: Facts) -> AssessmentReport:
    ranked = sorted(facts.dimensions, key=lambda d: (d.score, -_weight(facts, d.id)))
    risks = partner_risks(facts)
    chosen = priorities(facts, ranked, risks)
    # A recommendation already made a priority is not said again under enablement.
    gaps = enablement_gaps(facts)
    titles = {p.title for p in chosen}
    kept = [r for r in gaps.recommendations if r not in titles]
    # When every recommendation is already a priority, point to it rather than leave this empty.
    gaps.recommendations = kept or [
        f"Enablement is served by the priority \"{gaps.recommendations[0]}\"; its first step is "
        "in the plan below."
    ]
    report = AssessmentReport(
        framework=framework_ref(facts.framework),
        organisation=facts.organisation,
        assessed_on=facts.assessed_on,
        currency=facts.currency,
        weights=facts.weights,
        executive_summary=ExecutiveSummary(
            overall_score=facts.overall_score,
            maturity_level=facts.overall_level,
            value_realised=value_realised(facts),
            priorities=chosen,
        ),
        scorecard=[_scorecard_entry(facts, d) for d in facts.dimensions],
        portfolio_map=portfolio_map(facts),
        enablement_gaps=gaps,
        performance_dashboard=dashboard(facts),
        plan=one_action_plan(facts, ranked)
        if one_action(facts.framework)
        else link_measures(fit_plan(facts, plan(facts, ranked, risks))),
        objectives=objectives(facts),
        prepared_by=facts.prepared_by,
    )
    # The report must not share objects with the facts: validators hold one against the other.
    # Rebuilding it from its JSON makes every object new; pydantic's core does that three times
    # faster than copy.deepcopy, and through JSON twice as fast again as through Python dicts.
    # The JSON stays bytes and the first report goes before the copy is built. The lens rows
    # are the exception: frozen, they cannot drift from the facts, so the copy holds the facts'
    # own rows in new lists; copied, they were a second ~190 MB at 20,000 partners.
    investment = report.portfolio_map.investment
    engagement = report.performance_dashboard.engagement
    if investment is not None:
        report.portfolio_map.investment = investment.model_copy(update={"partners": []})
    if engagement is not None:
        report.performance_dashboard.engagement = engagement.model_copy(update={"partners": []})
    document = AssessmentReport.__pydantic_serializer__.to_json(report)
    del report
    copy = AssessmentReport.model_validate_json(document)
    if investment is not None and copy.portfolio_map.investment is not None:
        copy.portfolio_map.investment.partners = list(investment.partners)
    if engagement is not None and copy.performance_dashboard.engagement is not None:
        copy.performance_dashboard.engagement.partners = list(engagement.partners)
    return copy


def framework_ref(framework: Framework) -> FrameworkRef:
    # A user's folder is never where a built-in one is installed.
    builtin = framework.source == str(builtin_folder(framework.id))
    return FrameworkRef(
        id=framework.id,
        version=framework.version,
        folder=None if builtin else str(Path(framework.source).resolve()),
    )


def _weight(facts: Facts, dimension_id: str) -> float:
    return facts.weights[dimension_id] if facts.weights else 1.0


# --- scorecard ------------------------------------------------------------------------------

RATINGS = "indicator ratings"


def _evidence_line(e: Evidence) -> str:
    if e.source in {"roster", "partner survey", RATINGS}:
        return f"{e.quote} ({e.source})"
    return f'"{e.quote}" ({e.source.replace("_", " ")})'


def _cited(e: Evidence) -> str:
    """Evidence as a finding's sentence cites it: a bare rating says where it was given."""
    if e.source == RATINGS:
        rating = e.quote.removeprefix("rated ")
        return f"{'a rating of ' if rating != e.quote else ''}{rating} in the {RATINGS}"
    return _evidence_line(e)


@dataclass(frozen=True)
class _Voice:
    """The finding patterns (findings.yaml) one dimension of one report is worded from. The
    client's name sets where each list starts and the dimension's place the step from there,
    so no two dimensions of a report share a pattern and a rerun reads the same."""

    patterns: FindingPatterns
    start: int
    position: int
    client: str

    def say(self, kind: str, **fields: str) -> str:
        listed: tuple[str, ...] = getattr(self.patterns, kind)
        return listed[(self.start + self.position) % len(listed)].format_map(fields)


def _voice(facts: Facts, d: DimensionFacts) -> _Voice:
    client = short_name(facts.organisation) or "the client"
    # crc32, not hash(): Python salts string hashes per process, and reruns must read the same.
    start = zlib.crc32(client.casefold().encode())
    position = facts.framework.dimension_ids.index(d.id)
    return _Voice(facts.framework.findings, start, position, client)


def _scorecard_entry(facts: Facts, d: DimensionFacts) -> ScorecardEntry:
    framework = facts.framework
    if one_action(framework):
        return result_entry(framework, d, scorecard_evidence(d))
    voice = _voice(facts, d)
    return ScorecardEntry(
        dimension=d.id,
        score=d.score,
        level=d.level,
        findings=[_finding(framework, d, voice), _implication(framework, d, voice)],
        evidence=scorecard_evidence(d),
    )


def scorecard_evidence(d: DimensionFacts) -> list[str]:
    """The evidence lines of a dimension, ratings and figures first, bounded in number."""
    # A dict dedupes in linear time and keeps the first occurrence's order.
    lines = dict.fromkeys(
        f"{indicator.name}: {_evidence_line(e)}"
        for indicator in d.indicators
        for e in indicator.evidence
    )
    # Ratings and figures say most; keep them first when trimming.
    evidence = sorted(lines, key=lambda line: "rated" not in line and "(roster)" not in line)
    if len(evidence) > MAX_EVIDENCE_LINES:
        rest = len(evidence) - (MAX_EVIDENCE_LINES - 1)
        note = f"{plural(rest, 'further signal')} from the notes, not listed here"
        evidence = [*evidence[: MAX_EVIDENCE_LINES - 1], note]
    return evidence


def _score(framework: Framework, value: float) -> str:
    return f"{value:.{framework.scale.decimals}f}/{framework.scale.max:g}"


def _clause(sentence: str) -> str:
    """A framework sentence set inside a finding's: lower-cased first letter (unless the first
    word is an acronym), no closing stop. The report reads a semicolon as a sentence break, so
    a descriptor's second half would stand alone as a sentence every client shares."""
    text = " ".join(sentence.split()).rstrip(".").replace("; ", ", and ")
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        text = text[0].lower() + text[1:]
    return text


def _level_at(framework: Framework, score: float) -> str:
    """The descriptor a score reads as: its band, or the highest answer level it reaches."""
    answers = framework.input.answer_levels
    if answers:
        return next((a.name for a in reversed(answers) if a.score <= score), answers[0].name)
    return framework.level_name(score)


def _weakest_sign(indicator: IndicatorFacts) -> Evidence:
    # A scored indicator always has evidence: its rating or the signals its score is the mean of.
    # A quote or figure as low as the rating says more than the rating.
    return min(indicator.evidence, key=lambda e: (e.score, e.source == RATINGS))


def _strongest_sign(indicator: IndicatorFacts) -> Evidence:
    positive = [e for e in indicator.evidence if e.signal in POSITIVE_SIGNALS]
    return max(positive or indicator.evidence, key=lambda e: (e.score, e.source != RATINGS))


def _strengths(framework: Framework, d: DimensionFacts) -> list[IndicatorFacts]:
    """The indicators the implication names as strengths to build on (none when weak)."""
    target = framework.thresholds.priorities.target_score
    if d.score < target - 0.5:
        return []
    return [i for i in d.indicators if i.score is not None and i.score >= target and _positive(i)]


def _strongest(framework: Framework, d: DimensionFacts) -> IndicatorFacts | None:
    """The finding's strongest point: only one positive evidence carries, above the weakest,
    and not already named a strength to build on. The evidence it cites must itself read
    above the weak line: "revenue concentration is high" is a figure, but no strong point."""
    scored = d.weakest_indicators()
    positive = [i for i in scored if _positive(i)]
    if not positive or positive[-1].score == scored[0].score:
        return None
    strongest = positive[-1]
    weak_line = framework.thresholds.priorities.target_score - 0.5
    if strongest in _strengths(framework, d) or _strongest_sign(strongest).score < weak_line:
        return None
    return strongest


def _cited_signs(framework: Framework, d: DimensionFacts) -> list[Evidence]:
    """The evidence the finding quotes: the weakest indicator's, then the strongest's."""
    scored = d.weakest_indicators()
    if not scored:
        return []
    strongest = _strongest(framework, d)
    return [_weakest_sign(scored[0])] + ([_strongest_sign(strongest)] if strongest else [])


def _finding(framework: Framework, d: DimensionFacts, voice: _Voice) -> str:
    """What was found for this client: the weakest indicator's own evidence, what its level
    looks like in the framework's descriptor, the strongest point when positive evidence
    carries it, and the indicators nothing speaks to."""
    scored = d.weakest_indicators()
    if not scored:
        return voice.say(
            "nothing_found", dimension=d.name, score=_score(framework, d.score), client=voice.client
        )
    weakest = scored[0]
    score = weakest.score if weakest.score is not None else d.score
    level = _level_at(framework, score)
    signs = _cited_signs(framework, d)
    sentences = [
        voice.say(
            "openings",
            indicator=weakest.name,
            score=_score(framework, score),
            evidence=_cited(signs[0]),
        ),
        voice.say(
            "levels",
            indicator=weakest.name,
            level=level,
            descriptor=_clause(framework.indicators[weakest.id].descriptors[level]),
        ),
    ]
    strongest = _strongest(framework, d)
    if strongest is not None and strongest.score is not None:
        sentences.append(
            voice.say(
                "strongest",
                indicator=strongest.name,
                score=_score(framework, strongest.score),
                evidence=_cited(signs[-1]),
            )
        )
    missing = [i.name for i in d.indicators if i.score is None]
    if missing:
        sentences.append(
            voice.say(
                "unmentioned",
                missing=join_names(missing),
                score=_score(framework, d.score),
                # count_word leaves 1 a digit (its callers count dimensions); here it reads better.
                evidenced="one" if len(scored) == 1 else count_word(len(scored)),
                count=count_word(len(d.indicators)),
            )
        )
    return " ".join(sentences)


def _positive(indicator: IndicatorFacts) -> bool:
    signals = {e.signal for e in indicator.evidence}
    return bool(signals & POSITIVE_SIGNALS) and "broken" not in signals


def _stakes(framework: Framework, d: DimensionFacts, voice: _Voice) -> str:
    """What a weak dimension puts at stake for this client, in risks.yaml's words."""
    weakest = d.weakest_indicators()
    return voice.say(
        "stakes",
        risk=_clause(framework.dimension_risks[d.id]),
        indicator=weakest[0].name if weakest else d.name,
        client=voice.client,
    )


def _next_step(framework: Framework, d: DimensionFacts) -> str:
    """What the next level of the weakest indicator looks like, in the framework's own
    descriptor: the scorecard already states the risk and the level reached, so the priority
    says where to go."""
    weakest = d.weakest_indicators()
    if not weakest:
        return (
            f"Nothing is known about {d.name} yet, so the first step is to ask how it works "
            "today and who owns it."
        )
    indicator = framework.indicators[weakest[0].id]
    score = weakest[0].score or framework.scale.min
    answers = framework.input.answer_levels
    goal: str | None
    if answers:
        # Descriptors of a descriptive framework are its answer levels, not its bands.
        goal = next((a.name for a in answers if a.score > score), None)
    else:
        names = framework.level_names
        index = names.index(framework.level_name(score)) + 1
        goal = names[index] if index < len(names) else None
    if goal is None:
        return f"{indicator.name} is at the top of the scale already; the aim is to hold it there."
    return f"At {goal}, {lower_first(indicator.name)} looks like this: " + (
        indicator.descriptors[goal]
    )


def _said(quote: str) -> str:
    """A quote as words, so the clause and its whole sentence ("... out of date.") are one."""
    return " ".join(quote.casefold().rstrip(" .!?").split())


def _clearest_sign(framework: Framework, d: DimensionFacts) -> tuple[str, Evidence] | None:
    """The weakest piece of evidence from the notes, roster or survey that the finding did not
    already quote, with its indicator's name; none when all of it is."""
    # By its words: one clause can be evidence for two indicators.
    cited = {_said(e.quote) for e in _cited_signs(framework, d)}
    target = framework.thresholds.priorities.target_score
    signals = [
        (e.score, i.name, e)
        for i in d.indicators
        for e in i.evidence
        if e.source != RATINGS and e.score < target and _said(e.quote) not in cited
    ]
    if not signals:
        return None
    _, name, weakest = min(signals, key=lambda s: (s[0], s[1]))
    return name, weakest


def _implication(framework: Framework, d: DimensionFacts, voice: _Voice) -> str:
    """What the score means for the client: the risk when weak, the strengths when not, and
    what to ask when nothing is known.

    Built from the evidence, not from the playbook's picture of a typical company at this band,
    which could contradict what the notes say.
    """
    target = framework.thresholds.priorities.target_score
    scored = d.weakest_indicators()
    if not scored:
        names = join_names([i.name for i in d.indicators])
        return voice.say("to_confirm", indicators=names, client=voice.client)
    if d.score < target - 0.5:
        text = _stakes(framework, d, voice)
        sign = _clearest_sign(framework, d)
        if sign is not None:
            text += " " + voice.say("signs", indicator=sign[0], evidence=_cited(sign[1]))
        return text
    strong = _strengths(framework, d)
    if not strong:
        highest = scored[-1]
        return (
            f"No indicator is yet a clear strength ({target:g}/{framework.scale.max:g} or more): "
            f"{highest.name} comes closest at {_score(framework, highest.score or d.score)}."
        )
    named = join_names([f"{i.name} ({_score(framework, i.score or d.score)})" for i in strong])
    # Two clients with the same strength at the same score would otherwise read the same line.
    return f"Strengths to build on at {voice.client}: {named}."


# --- executive summary ----------------------------------------------------------------------


def value_realised(facts: Facts) -> str:
    cur = facts.currency
    roster = facts.roster
    if roster is not None:
        h = roster.health_counts
        share = facts.kpis.partner_revenue_share_pct
        share_text = f" ({pct(share)} of total revenue)" if share is not None else ""
        deals = (
            f" from {plural(roster.total_deals, 'deal')}" if roster.total_deals is not None else ""
        )
        pipeline = (
            f", with {money(roster.total_pipeline, cur)} of open pipeline"
            if roster.total_pipeline is not None
            else ""
        )
        text = (
            f"{plural(roster.total_partners, 'partner')} brought {money(roster.total_revenue, cur)}"
            f" of partner-sourced revenue{share_text}{deals}{pipeline}. "
            f"{h['engaged']} engaged, {h['passive']} passive, {h['at_risk']} at risk and "
            f"{h['dormant']} dormant; {roster.active_partners} ({pct(roster.active_rate_pct)}) "
            f"active ({roster.active_basis})."
        )
        if roster.top_contributors:
            top = facts.partner(roster.top_contributors[0])
            if top is not None and top.revenue_share_pct is not None:
                text += f" {top.name} alone brings {pct(top.revenue_share_pct)}."
        return text
    t = facts.text
    parts: list[str] = []
    if t.partner_revenue is not None:
        share_text = (
            f" ({pct(t.partner_revenue_share_pct)} of total)"
            if (t.partner_revenue_share_pct is not None)
            else ""
        )
        parts.append(f"Partner-sourced revenue is {money(t.partner_revenue, cur)}{share_text}")
    if t.partner_count is not None and parts:
        parts.append(f"from {plural(t.partner_count, 'partner')}")
    elif t.partner_count is not None:
        # No revenue figure: say what is known without a sentence that starts mid-way.
        parts.append(
            f"The notes count {plural(t.partner_count, 'partner')} but state no partner-sourced "
            "revenue figure"
        )
    text = " ".join(parts) + "." if parts else ""
    if t.active_rate_pct is not None:
        text += f" {pct(t.active_rate_pct)} of partners are active."
    segments = [
        f"{s.type} {money(s.revenue, cur) if s.revenue is not None else ''} "
        f"({_segment_health(s.engaged, s.passive, s.at_risk, s.dormant)})".replace(" (", " (", 1)
        for s in t.segments
        if any(v is not None for v in (s.engaged, s.passive, s.at_risk, s.dormant))
    ]
    if segments:
        text += " By type: " + "; ".join(" ".join(s.split()) for s in segments) + "."
    if not text:
        return (
            "The notes state no partner revenue or activity figures; add a partner roster "
            "to quantify the value realised."
        )
    return text.strip() + " (From the notes; no roster was given.)"


def _segment_health(*counts: int | None) -> str:
    labels = ("engaged", "passive", "at risk", "dormant")
    return ", ".join(f"{c} {label}" for c, label in zip(counts, labels, strict=True) if c)


def priorities(facts: Facts, ranked: list[DimensionFacts], risks: list[Risk]) -> list[Priority]:
    framework = facts.framework
    limits = framework.thresholds.priorities
    top = f"/{framework.scale.max:g}"
    candidates: list[tuple[float, Priority]] = []
    dimension_priorities: list[Priority] = []
    count = len(facts.dimensions)
    mean_weight = (sum(facts.weights.values()) / count) if facts.weights else 1.0
    # The gap's size, raised for work that bears on a stated goal (thresholds.yaml goal_weight).
    bearing = goal_dimensions(facts)
    lift = 1.0 + limits.goal_weight
    for d in ranked:
        gap = limits.target_score - d.score
        weakest = d.weakest_indicators()
        why = f"{d.name} scores {d.score:.1f}{top} ({d.level})"
        if weakest:
            why += f"; weakest indicator: {weakest[0].name} ({weakest[0].score:.1f}{top})"
        severity = max(gap, 0.05) * _weight(facts, d.id) / mean_weight
        goals = bearing.get(d.id, [])
        priority = Priority(
            title=recommendation(framework, d),
            dimension=d.id,
            rationale=f"{why}. {_next_step(framework, d)}{bearing_note(goals)}",
        )
        dimension_priorities.append(priority)
        # Only a gap is raised: a dimension at its target has nothing to close for the goal.
        candidates.append((severity * lift if goals and gap > 0 else severity, priority))
    for risk in risks:
        goals = _risk_goals(facts, risk, bearing)
        candidates.append(
            (
                risk.severity * lift if goals else risk.severity,
                Priority(
                    title=risk.title,
                    dimension=risk.dimension,
                    rationale=f"{risk.rationale}{bearing_note(goals)}",
                ),
            )
        )
    candidates.sort(key=lambda c: -c[0])
    dimension_ids = {d.id for d in ranked}
    by_dimension = [p for sev, p in candidates if p in dimension_priorities]
    by_risk = [(sev, p) for sev, p in candidates if p not in dimension_priorities]
    # The weakest dimension, then the largest partner risk if it is material, then the next
    # weakest dimensions: three priorities that cover three different problems.
    chosen = [next(p for p in by_dimension if p.dimension == ranked[0].id)]
    if by_risk and by_risk[0][0] >= limits.material_risk:
        chosen.append(by_risk[0][1])
    for priority in [*by_dimension, *(p for _, p in by_risk)]:
        if len(chosen) == limits.priority_count:
            break
        if priority not in chosen and (
            priority.dimension not in {c.dimension for c in chosen}
            or priority.dimension not in dimension_ids
        ):
            chosen.append(priority)
    for _, priority in candidates:
        if len(chosen) == limits.priority_count:
            break
        if priority not in chosen:
            chosen.append(priority)
    order = {id(p): i for i, (_, p) in enumerate(candidates)}
    return sorted(chosen, key=lambda p: order[id(p)])


def _risk_goals(facts: Facts, risk: Risk, bearing: dict[str, list[Goal]]) -> list[Goal]:
    """The goals a partner risk bears on: those about its partner, and those whose work lies
    in its dimension."""
    about = [
        g
        for g in facts.goals
        if risk.subject and g.subject and g.subject.lower() in risk.subject.lower()
    ]
    linked = bearing.get(risk.dimension, []) if risk.dimension else []
    return list({g.id: g for g in [*about, *linked]}.values())


# --- portfolio, enablement, dashboard ---------------------------------------------------------


def portfolio_map(facts: Facts) -> PortfolioMap:
    roster = facts.roster
    gaps = list(dict.fromkeys((roster.coverage_gaps if roster else []) + facts.text.coverage_gaps))
    if roster is None:
        return PortfolioMap(
            segments=facts.text.segments, coverage_gaps=gaps, at_risk=facts.text.at_risk
        )
    order = {"at_risk": 0, "dormant": 1, "passive": 2, "engaged": 3}
    partners = sorted(roster.partners, key=lambda p: (order[p.health], -(p.revenue or 0), p.name))
    return PortfolioMap(
        segments=roster.segments,
        partners=[
            PartnerHealth(name=p.name, type=p.type, health=p.health, reason=p.health_reason)
            for p in partners
        ],
        top_performers=roster.top_contributors,
        coverage_gaps=gaps,
        at_risk=[p.name for p in partners if p.health == "at_risk"],
        investment=facts.lenses.investment if facts.lenses else None,
    )


def _survey_finding(framework: Framework, area: str, rating: float, lowest: bool) -> str:
    if rating >= framework.thresholds.survey.strong:
        judgement = "a strength to keep"
    elif rating >= framework.thresholds.survey.gap:
        judgement = "adequate but short of a strength"
    else:
        judgement = "a clear gap"
    extra = "; the lowest-rated area" if lowest else ""
    return f"Partners rate {area} {rating:g}/10: {judgement}{extra}."


def enablement_gaps(facts: Facts) -> EnablementGaps:
    framework = facts.framework
    strong = framework.thresholds.survey.strong
    feedback: list[FeedbackItem] = []
    recommendations: list[str] = []
    survey = facts.feedback
    rated: dict[str, float] = {}
    if survey is not None:
        rated = {
            a: getattr(survey, a)
            for a in ("training", "resources", "support")
            if getattr(survey, a) is not None
        }
        lowest = min(rated, key=lambda a: rated[a]) if rated else None
        for area, rating in rated.items():
            feedback.append(
                FeedbackItem(
                    area=area,
                    rating=rating,
                    finding=_survey_finding(framework, area, rating, area == lowest),
                )
            )
        if survey.respondents is not None and survey.respondents < 5:
            feedback.append(
                FeedbackItem(
                    area="sample",
                    finding=f"Only {survey.respondents} partners answered the survey; "
                    "treat the ratings as indicative.",
                )
            )
        for comment in survey.comments[:5]:
            feedback.append(FeedbackItem(area="partner comment", finding=f'"{comment}"'))
        for area in sorted(rated, key=lambda a: rated[a]):
            if rated[area] < strong:
                recommendations.append(framework.survey_recommendations[area])
    enablement = framework.role("enablement")
    # Without an enablement dimension the weakest dimension's playbook speaks for enablement.
    dim = (
        facts.dimension(enablement)
        if enablement is not None
        else min(facts.dimensions, key=lambda d: d.score)
    )
    gaps = [
        FeedbackItem(
            area=indicator.name.lower(), finding=f'"{e.quote}" ({e.source.replace("_", " ")})'
        )
        for indicator in dim.indicators
        for e in indicator.evidence
        if enablement is not None
        and e.signal in {"absent", "partial", "planned", "broken"}
        and e.source not in {"partner survey", "indicator ratings"}
    ]
    feedback += gaps[:MAX_QUOTED_GAPS]
    if len(gaps) > MAX_QUOTED_GAPS:
        feedback.append(
            FeedbackItem(
                area="further quotes",
                finding=f"{plural(len(gaps) - MAX_QUOTED_GAPS, 'further enablement gap')} "
                "in the notes, not listed here.",
            )
        )
    if facts.text.time_to_first_deal:
        feedback.append(FeedbackItem(area="ramp", finding=f'"{facts.text.time_to_first_deal}"'))
    if not feedback:
        feedback.append(
            FeedbackItem(
                area="evidence",
                finding="No partner survey or enablement evidence was given; run a three-question "
                "pulse survey (training, resources, support) before the next review.",
            )
        )
    recommendations.append(recommendation(framework, dim))
    return EnablementGaps(feedback=feedback, recommendations=list(dict.fromkeys(recommendations)))


def dashboard(facts: Facts) -> PerformanceDashboard:
    roster = facts.roster
    if roster is None:
        return PerformanceDashboard(kpis=facts.kpis)
    rows = sorted(roster.partners, key=lambda p: (-(p.revenue or 0), -(p.pipeline or 0), p.name))
    lenses = facts.lenses
    scored = {e.name: e for e in lenses.engagement.partners} if lenses else {}
    partners = []
    for p in rows:
        row = PartnerPerformance.model_validate(p, from_attributes=True)
        e = scored.get(p.name)
        if e is not None:
            # The score replaces the roster's own reading of engagement: one numeric column.
            row.engagement_score = e.score.value
            row.engagement_band = e.band
            row.engagement_change = e.change
        partners.append(row)
    return PerformanceDashboard(
        partners=partners,
        top_contributors=roster.top_contributors,
        underperformers=roster.underperformers,
        kpis=facts.kpis,
        engagement=lenses.engagement if lenses else None,
        balanced_scorecard=lenses.scorecard if lenses else None,
    )


# --- 30/60/90-day plan ------------------------------------------------------------------------


def _action(play: PlayText, dimension: str | None) -> Action:
    return Action(
        action=play.action,
        owner=play.owner,
        metric=play.metric,
        target=play.target,
        dimension=dimension,
    )


def _risk_actions(facts: Facts, risks: list[Risk]) -> dict[str, list[Action]]:
    """The plan actions the risks call for, by horizon. When and whether is decided here; the
    wording is the framework's (risks.yaml `risk_actions`)."""
    cur = facts.currency
    framework = facts.framework
    relationship = framework.role("relationship")
    portfolio = framework.role("portfolio")
    reactivation = framework.thresholds.priorities

    def action(
        kind: str, fields: dict[str, str], dimension: str | None, text: str | None = None
    ) -> Action:
        def say(key: str) -> str:
            return framework.say("risk_actions", kind, key, fields)

        return Action(
            action=say("action") if text is None else text,
            owner=say("owner"),
            metric=say("metric"),
            target=say("target"),
            dimension=dimension,
        )

    def fragment(kind: str, key: str, fields: dict[str, str], applies: bool = True) -> str:
        return framework.say("risk_actions", kind, key, fields) if applies else ""

    out: dict[str, list[Action]] = {"days_30": [], "days_60": [], "days_90": []}
    for risk in risks:
        if risk.kind == "at_risk_partner" and facts.roster is not None:
            fields = {"partner": risk.subject, "revenue": money(risk.value, cur)}
            out["days_30"].append(action("at_risk_partner", fields, relationship))
        elif risk.kind == "at_risk_partner":
            fields = {"amount": money(risk.value, cur) if risk.value else ""}
            fields["at_stake"] = fragment("at_risk_in_notes", "at_stake", fields, bool(risk.value))
            out["days_30"].append(action("at_risk_in_notes", fields, relationship))
        elif risk.kind == "dormant":
            out["days_60"].append(action("dormant", {"partners": risk.subject}, portfolio))
        elif risk.kind == "inactive":
            goal = min(
                reactivation.reactivation_cap_pct,
                (risk.value or 0) + reactivation.reactivation_step_pct,
            )
            fields = {"rate": pct(risk.value), "goal": pct(goal)}
            out["days_60"].append(action("inactive", fields, portfolio))
        elif risk.kind == "concentration" and facts.roster is not None:
            followers = [n for n in facts.roster.top_contributors if n != risk.subject]
            fields = {"partner": risk.subject}
            fields["followers"] = (
                join_names(followers)
                if followers
                else fragment("concentration", "no_followers", fields)
            )
            out["days_90"].append(action("concentration", fields, portfolio))
    for risk in risks:
        if risk.kind == "complaint":
            out["days_30"].append(action("complaint", {"quote": risk.subject}, relationship))
    gaps = [risk.subject for risk in risks if risk.kind == "coverage"]
    if gaps:
        fields = {"gaps": "; ".join(gaps)}
        one = len(gaps) == 1
        fields["coverage"] = fragment(
            "coverage", "coverage_one" if one else "coverage_many", fields
        )
        out["days_90"].append(action("coverage", fields, portfolio))
    survey = facts.feedback
    if survey is not None:
        rated = {
            a: getattr(survey, a)
            for a in ("training", "resources", "support")
            if getattr(survey, a) is not None
        }
        if rated:
            area = min(rated, key=lambda a: rated[a])
            if rated[area] < framework.thresholds.survey.strong:
                fields = {
                    "area": area,
                    "Area": area.capitalize(),
                    "rating": f"{rated[area]:g}",
                    "goal": f"{min(10.0, rated[area] + 1.5):g}",
                }
                out["days_60"].append(
                    action(
                        "survey",
                        fields,
                        framework.role("enablement"),
                        text=framework.survey_recommendations[area],
                    )
                )
    return out


def plan(facts: Facts, ranked: list[DimensionFacts], risks: list[Risk]) -> Plan:
    """Per horizon: the largest risks first (at most two), then the playbook's actions for the
    three weakest dimensions, so risk actions never crowd out the weakest dimensions; each
    playbook action the one this client can carry out (fit.play_for)."""
    specific = _risk_actions(facts, risks)
    # The playbook writes for any client; the first of its actions in each horizon says where
    # this one starts (said on every action, the same clause would read as boilerplate).
    start = focus(facts)
    client = means(facts)
    horizons: dict[str, list[Action]] = {}
    for horizon in ("days_30", "days_60", "days_90"):
        actions = specific[horizon][: facts.framework.thresholds.priorities.max_risk_actions]
        for i, d in enumerate(ranked[:3]):
            play = getattr(facts.framework.playbook[d.id][d.level], horizon)
            action = _action(play_for(play, client), d.id)
            actions.append(placed(action, start) if i == 0 else action)
        horizons[horizon] = actions
    return link_measures(Plan(**horizons))


def link_measures(plan: Plan) -> Plan:
    """Each action's scorecard measure, from its metric where the drafter gave none known."""
    card = lens_rules().scorecard
    for horizon in (plan.days_30, plan.days_60, plan.days_90):
        for action in horizon:
            if card.measure(action.measure) is None:
                action.measure = card.measure_for(action.metric)
        kinds = [m.kind for a in horizon if (m := card.measure(a.measure)) is not None]
        if horizon and "leading" not in kinds:
            # A horizon needs a measure that moves within it: the first lagging one is read by
            # the leading measure that moves before it (lenses.yaml leading_for).
            first = next((a for a in horizon if a.measure in card.leading_for), None)
            if first is not None:
                first.measure = card.leading_for[first.measure]
    return plan


__all__ = ["EngineDrafter", "draft_report"]
