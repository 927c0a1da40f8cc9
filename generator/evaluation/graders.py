"""Deterministic graders: each scores one quality of a report from 0 to 1, with a reason.

A grader "fires" when it lists an issue. On a sound report none should fire; on a damaged one
the grader responsible for that defect must.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from pydantic import BaseModel

from generator.evaluation.cases import Case, Phrase
from generator.evidence import Facts
from generator.evidence.goals import (
    Direction,
    Unit,
    broken_evidence_pattern,
    goals_for,
    grows_subject,
    measure,
    measure_pattern,
    reduce_reliance_pattern,
    values_in,
)
from generator.evidence.team import Team, covered_roles, read_team, roles_in
from generator.evidence.text import sentences
from generator.grounding import checked_figures, known_numbers, untraceable_figures
from generator.numbers import parse_number, read_figures
from generator.report import Action, AssessmentReport
from generator.run import RunInfo
from generator.validators import Finding
from generator.writers.render import blocks, join_sections, report_sections

# The report's body as graded: the dashboard's tables and the method note are left out, since a
# table that lists every partner, or a note that defines "at risk", says nothing about this
# client. Grounding reads sections 1-5: the plan proposes targets and the method note states our
# own thresholds, so neither is held to the input.
BODY = ("summary", "scorecard", "portfolio", "enablement", "plan")
GROUNDED = ("summary", "scorecard", "portfolio", "enablement", "dashboard")


class Grade(BaseModel):
    score: float
    reason: str
    issues: list[str] = []


@dataclass
class Subject:
    """Everything a grader may look at for one drafted report."""

    case: Case
    facts: Facts
    report: AssessmentReport
    findings: list[Finding]
    run: RunInfo
    _parts: dict[str, str] = field(default_factory=dict, init=False)
    _text: str = field(default="", init=False)

    def sections(self, keys: tuple[str, ...]) -> str:
        """The header and these sections as a reader sees them: built from the report model,
        input text unescaped."""
        if not self._parts:
            self._parts = blocks(self.report, self.findings, self.run, plain=True)
        return join_sections(self._parts, keys, report_sections(self.report))

    @property
    def text(self) -> str:
        """The report's body (BODY), lower-cased, whitespace collapsed."""
        if not self._text:
            self._text = " ".join(self.sections(BODY).split()).lower()
        return self._text


def _share(good: int, total: int) -> float:
    return 1.0 if total == 0 else good / total


def grade_valid(s: Subject) -> Grade:
    errors = [f for f in s.findings if f.severity == "error"]
    warnings = [f for f in s.findings if f.severity == "warning"]
    return Grade(
        score=0.0 if errors else 1.0,
        reason=f"{len(errors)} validator error(s), {len(warnings)} warning(s)",
        issues=[str(f) for f in errors],
    )


def _distance(value: float, low: float, high: float) -> float:
    return 0.0 if low <= value <= high else min(abs(value - low), abs(value - high))


def grade_scores(s: Subject) -> Grade:
    expected = dict(s.case.expect.scores)
    actual = {e.dimension: e.score for e in s.report.scorecard}
    checks: list[tuple[str, float, tuple[float, float]]] = [
        (d, actual.get(d, 0.0), r) for d, r in expected.items()
    ]
    if s.case.expect.overall:
        checks.append(("overall", s.report.executive_summary.overall_score, s.case.expect.overall))
    if not checks:
        return Grade(score=1.0, reason="no expected ranges")
    issues, points = [], []
    for name, value, (low, high) in checks:
        miss = _distance(value, low, high)
        points.append(max(0.0, 1.0 - miss))  # a full point outside the range scores zero
        if miss:
            issues.append(f"{name} {value} is outside [{low}, {high}]")
    inside = len(checks) - len(issues)
    return Grade(
        score=sum(points) / len(points), reason=f"{inside}/{len(checks)} in range", issues=issues
    )


def _found(phrase: Phrase, text: str) -> bool:
    """Whole-word, case-insensitive: "APAC" must not match "capacity"."""
    options = [phrase] if isinstance(phrase, str) else phrase
    return any(
        re.search(rf"(?<!\w){re.escape(' '.join(option.split()).lower())}(?!\w)", text)
        for option in options
    )


def _label(phrase: Phrase) -> str:
    return phrase if isinstance(phrase, str) else " / ".join(phrase)


def grade_coverage(s: Subject) -> Grade:
    wanted = s.case.expect.must_mention
    missing = [_label(p) for p in wanted if not _found(p, s.text)]
    return Grade(
        score=_share(len(wanted) - len(missing), len(wanted)),
        reason=f"{len(wanted) - len(missing)}/{len(wanted)} must-mention facts present",
        issues=[f"missing: {m}" for m in missing],
    )


def grade_forbidden(s: Subject) -> Grade:
    banned = s.case.expect.must_not_claim
    present = [p for p in banned if _found(p, s.text)]
    return Grade(
        score=_share(len(banned) - len(present), len(banned)),
        reason=f"{len(present)} forbidden claim(s) made",
        issues=[f"claims: {p}" for p in present],
    )


# --- grounding ----------------------------------------------------------------------------------


def grade_grounding(s: Subject) -> Grade:
    lenses = s.facts.lenses.figures() if s.facts.lenses else {}
    known = known_numbers(s.case.data, s.facts, lenses)
    text = s.sections(GROUNDED)
    total = len(checked_figures(text))
    issues = [
        f"figure {f} is not in the input or the facts" for f in untraceable_figures(text, known)
    ]
    roster = {p.name.casefold() for p in s.case.data.partners or []}
    names = [p.name for p in s.report.portfolio_map.partners]
    names += [p.name for p in s.report.performance_dashboard.partners]
    names += s.report.portfolio_map.top_performers + s.report.performance_dashboard.top_contributors
    names += s.report.performance_dashboard.underperformers
    if roster:
        names += s.report.portfolio_map.at_risk
        total += len(names)
        issues += [
            f"partner {n!r} is not in the roster" for n in names if n.casefold() not in roster
        ]
    return Grade(
        score=_share(total - len(issues), total),
        reason=f"{total - len(issues)}/{total} figures and names traceable",
        issues=issues,
    )


# --- plan and priorities ------------------------------------------------------------------------


def weakest_dimensions(s: Subject) -> list[str]:
    """The expert's weakest dimensions, or the lowest-scoring one in the facts."""
    if s.case.expect.weakest:
        return list(s.case.expect.weakest)
    return [min(s.facts.dimensions, key=lambda d: d.score).id]


_PLACEHOLDER = {"", "tbd", "tba", "n/a", "na", "-", "none", "todo", "?", "owner", "metric"}
# A measurable target states a quantity and when: "80% of deals registered by day 90".
_QUANTITY = re.compile(r"\d")
_WHEN = re.compile(
    r"\b(?:by|within|before|in the next|per|each|every)\b|\bday\s?\d|\bQ[1-4]\b", re.IGNORECASE
)


def _filled(text: str) -> bool:
    return text.strip().lower() not in _PLACEHOLDER


def _measurable(target: str) -> bool:
    return bool(_QUANTITY.search(target) and _WHEN.search(target) and len(target.split()) >= 4)


def grade_plan(s: Subject) -> Grade:
    plan = s.report.plan
    framework = s.facts.framework
    issues: list[str] = []
    if framework.report.plan == "one_action":
        # One action per dimension: a dimension without exactly one is a missing part.
        actions: list[Action] = list(plan.actions)
        counts = Counter(a.dimension for a in actions)
        wrong = [d for d in framework.dimension_ids if counts[d] != 1]
        issues += [f"{_name(s, d)} has {counts[d]} actions, not one" for d in wrong]
        total = len(framework.dimension_ids)
        spans = _share(total - len(wrong), total)
        shape = f"{len(actions)} actions for {total} {framework.report.dimension_term}s"
    else:
        horizons = {"30": plan.days_30, "60": plan.days_60, "90": plan.days_90}
        actions = [a for items in horizons.values() for a in items]
        for name, items in horizons.items():
            if not items:
                issues.append(f"the {name}-day horizon is empty")
        # A missing horizon is a missing third of the plan, whatever the rest is like.
        spans = _share(3 - sum(1 for i in horizons.values() if not i), 3)
        shape = f"{len(actions)} actions over {sum(1 for i in horizons.values() if i)} horizons"
    complete = [a for a in actions if _filled(a.owner) and _filled(a.metric) and _filled(a.target)]
    measurable = [a for a in actions if _measurable(a.target)]
    concrete = [a for a in actions if len(a.action.split()) >= 6]
    for a in actions:
        if a not in complete:
            issues.append(f"action without owner, metric or target: {a.action[:60]!r}")
        elif a not in measurable:
            issues.append(f"target is not measurable: {a.target[:60]!r}")
        if a not in concrete:
            issues.append(f"vague action: {a.action[:60]!r}")
    weakest = weakest_dimensions(s)
    covered = {a.dimension for a in actions}
    missed = [d for d in weakest if d not in covered]
    issues += [f"no action targets {_name(s, d)}" for d in missed]
    parts = [
        _share(len(complete), len(actions)),
        _share(len(measurable), len(actions)),
        _share(len(concrete), len(actions)),
        _share(len(weakest) - len(missed), len(weakest)),
    ]
    return Grade(
        score=spans * sum(parts) / len(parts) if actions else 0.0,
        reason=f"{shape}; {len(complete)} complete, {len(measurable)} measurable",
        issues=issues,
    )


def _name(s: Subject, dimension_id: str) -> str:
    return s.facts.framework.dimension(dimension_id).name


def grade_priorities(s: Subject) -> Grade:
    priorities = s.report.executive_summary.priorities[:3]
    weakest = weakest_dimensions(s)
    addressed = {p.dimension for p in priorities}
    missed = [d for d in weakest if d not in addressed]
    issues = [f"no priority addresses {_name(s, d)}" for d in missed]
    if len(priorities) < 3:
        issues.append(f"only {len(priorities)} priorities")
    score = _share(len(weakest) - len(missed), len(weakest)) * min(1.0, len(priorities) / 3)
    return Grade(
        score=score,
        reason=f"{len(weakest) - len(missed)}/{len(weakest)} weakest dimensions addressed",
        issues=issues,
    )


_CITES = re.compile(r"\d|\"|“")


def grade_specific(s: Subject) -> Grade:
    """Findings and priority rationales must cite evidence: a figure, a quote, a partner or an
    indicator. "This dimension needs work" cites nothing."""
    names = [p.name.lower() for p in s.case.data.partners or []]
    names += [i.name.lower() for i in s.facts.framework.indicators.values()]
    texts = [f for e in s.report.scorecard for f in e.findings]
    texts += [p.rationale for p in s.report.executive_summary.priorities]
    vague = [t for t in texts if not _CITES.search(t) and not any(n in t.lower() for n in names)]
    return Grade(
        score=_share(len(texts) - len(vague), len(texts)),
        reason=f"{len(texts) - len(vague)}/{len(texts)} findings and rationales cite evidence",
        issues=[f"cites nothing: {t[:70]!r}" for t in vague],
    )


# --- fit to the client: goals, team, size, polarity, repetition --------------------------------


class _GoalLike(Protocol):
    measure: str
    subject: str | None
    direction: Direction
    target: float | None
    unit: Unit | None


def case_goals(s: Subject) -> list[_GoalLike]:
    """The expert's goals for the case, or else those read from its objectives."""
    if s.case.expect.goals is not None:
        return list(s.case.expect.goals)
    return list(goals_for(s.case.data, s.facts.assessed_on))


def case_team(s: Subject) -> Team:
    return read_team(s.case.data, s.facts.assessed_on)


def _action_text(a: Action) -> str:
    return " ".join(f"{a.action} {a.metric} {a.target}".split())


def _actions(s: Subject) -> list[Action]:
    return _plan(s.report)


def _names(subject: str | None, text: str) -> bool:
    if not subject:
        return False
    words = re.escape(" ".join(subject.lower().split())).replace(r"\ ", r"[\s-]")
    # A plural or singular subject ("resellers") is the same subject ("reseller").
    stem = words.removesuffix("s")
    return re.search(rf"(?<!\w){stem}s?(?!\w)", text.lower()) is not None


def _states_target(goal: _GoalLike, text: str, currency: str) -> bool:
    if goal.target is None:
        return False
    target = goal.target
    return any(
        (unit == goal.unit or goal.unit is None) and abs(value - target) <= 0.01 * abs(target)
        for unit, value in values_in(text, currency)
    )


def serves(goal: _GoalLike, action: Action, currency: str) -> bool:
    """Until actions carry goal ids: the action names the goal's measure (and its subject, when
    it has one), or states the goal's target figure beside one of the two."""
    text = _action_text(action)
    measured = measure_pattern(goal.measure).search(text) is not None
    named = _names(goal.subject, text)
    required = measured and (named or goal.subject is None)
    return required or (_states_target(goal, text, currency) and (measured or named))


def _goal_label(goal: _GoalLike) -> str:
    about = f" of {goal.subject}" if goal.subject else ""
    return f"{goal.direction} {measure(goal.measure).name}{about}"


def grade_goal_coverage(s: Subject) -> Grade:
    goals = case_goals(s)
    actions = _actions(s)
    missed = [g for g in goals if not any(serves(g, a, s.facts.currency) for a in actions)]
    return Grade(
        score=_share(len(goals) - len(missed), len(goals)),
        reason=f"{len(goals) - len(missed)}/{len(goals)} goals served by a plan action",
        issues=[f"no action serves the goal: {_goal_label(g)}" for g in missed],
    )


_LARGEST = re.compile(
    r"\b(?:largest|biggest|top|leading|dominant|single|one)\s(?:\w+\s)?(?:partner|account|"
    r"distributor|reseller|referrer)\b",
    re.IGNORECASE,
)


def grade_contradiction(s: Subject) -> Grade:
    """No action may lower reliance on a partner, type or channel that a goal grows."""
    growing = [g for g in case_goals(s) if grows_subject(g.measure, g.subject, g.direction)]
    top = s.facts.roster.concentration if s.facts.roster else None
    reducing = []
    for action in _actions(s):
        found = reduce_reliance_pattern().search(_action_text(action))
        if found:
            # What follows "reduce reliance on" is what is reduced; partners named before it
            # are where the plan would grow instead.
            reducing.append((action, _action_text(action)[found.start() : found.end() + 80]))
    issues = []
    for goal in growing:
        for action, text in reducing:
            largest = top is not None and goal.subject == top.top1_name and _LARGEST.search(text)
            if _names(goal.subject, text) or largest:
                issues.append(
                    f"{action.action[:70]!r} works against the goal to {_goal_label(goal)}"
                )
                break
    return Grade(
        score=_share(len(growing) - len(issues), len(growing)),
        reason=f"{len(issues)} of {len(growing)} goals that grow a subject contradicted",
        issues=issues,
    )


_OWNER_PARTS = re.compile(r"\s?(?:/|&|\+|,|\band\b|\bwith\b|\bor\b)\s?", re.IGNORECASE)
_TEAM_NOTED = re.compile(
    r"\b(?:team|roles?|staffing)\b[^.]{0,60}\bnot\s(?:described|stated|given|named)\b"
    r"|\bno\steam\swas\s(?:described|named)\b",
    re.IGNORECASE,
)


def grade_owner_fit(s: Subject) -> Grade:
    """Owners come from the client's team; with no team described, owners are generic roles
    and the report says the team was not described."""
    expected = s.case.expect.team
    team = case_team(s) if expected is None else None
    described = expected is not None or (team is not None and team.described)
    allowed: set[str] | None = None
    if expected is not None:
        allowed = covered_roles(expected)
    elif team is not None and team.described:
        allowed = covered_roles(team.role_ids())
    actions = _actions(s)
    issues: list[str] = []
    fitting = 0
    for action in actions:
        parts = [p for p in _OWNER_PARTS.split(action.owner) if p.strip()]
        named = [roles_in(p) for p in parts]
        if allowed is None:
            ok = bool(parts) and all(named)
        else:
            ok = bool(parts) and all(n & allowed for n in named)
        fitting += ok
        if not ok:
            whose = "a generic role" if allowed is None else "a role the client has"
            issues.append(f"owner {action.owner!r} is not {whose}")
    score = _share(fitting, len(actions))
    if not described:
        # The engine puts the note with the objectives, outside BODY; a model may say it anywhere.
        where = " ".join(s.sections(("objectives",)).split())
        noted = _TEAM_NOTED.search(f"{s.text} {where}") is not None
        if not noted:
            issues.append("the client's team was not described and the report does not say so")
        score = (score + (1.0 if noted else 0.0)) / 2
    return Grade(
        score=score,
        reason=f"{fitting}/{len(actions)} owners fit "
        + ("the client's team" if described else "(team not described)"),
        issues=issues,
    )


_TOP_N = re.compile(
    r"\btop[\s-](?P<n>\d{1,5}|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|"
    r"fifty)(?!\w)",
    re.IGNORECASE,
)
_TOP_WORDS = {"twelve": 12, "fifteen": 15, "twenty": 20, "fifty": 50}
_PARTNER_NOUNS = ("partner", "reseller", "distributor", "integrator", "agenc", "affiliate", "msp")


def _counts_partners(text: str) -> list[float]:
    out = [
        f.value
        for f in read_figures(text)
        if f.kind == "count"
        and f.noun is not None
        and f.noun.startswith(_PARTNER_NOUNS)
        and "new" not in f.written.lower()
    ]
    for top in _TOP_N.finditer(text):
        word = top["n"].lower()
        out.append(float(_TOP_WORDS.get(word) or parse_number(word) or 0))
    return out


def grade_scale_fit(s: Subject) -> Grade:
    """No action or target counts more partners than the client has."""
    limit = s.case.expect.max_partners_in_target or case_team(s).roster_size
    actions = _actions(s)
    if not limit:
        return Grade(score=1.0, reason="the partner count is not known")
    issues = []
    for action in actions:
        over = [n for n in _counts_partners(_action_text(action)) if n > limit]
        if over:
            issues.append(f"{action.action[:60]!r} counts {over[0]:g} partners of {limit}")
    return Grade(
        score=_share(len(actions) - len(issues), len(actions)),
        reason=f"{len(actions) - len(issues)}/{len(actions)} actions within {limit} partners",
        issues=issues,
    )


# "if the agreement lapses" supposes; it does not report a lapse.
_SUPPOSED = re.compile(r"\b(?:if|unless|should|would|could|might|in\scase|whether)\b", re.I)


def _broken(quote: str) -> bool:
    for found in broken_evidence_pattern().finditer(quote):
        if not _SUPPOSED.search(quote[max(0, found.start() - 30) : found.start()]):
            return True
    return False


_STRONGEST = re.compile(r"\bstrongest\b|\bstrengths?\sto\sbuild\son\b|\bstrong\spoint\b", re.I)


def grade_polarity(s: Subject) -> Grade:
    """No finding may call an indicator the strongest when its evidence is negative (stale,
    lapsed, behind, grumbled about, losing deals)."""
    claims = 0
    issues = []
    for entry in s.report.scorecard:
        dimension = s.facts.dimension(entry.dimension)
        for finding in entry.findings:
            for sentence in sentences(finding):
                found = _STRONGEST.search(sentence)
                if not found:
                    continue
                after = sentence[found.end() :].lower()
                named = [i for i in dimension.indicators if i.name.lower() in after]
                claims += len(named)
                for indicator in named:
                    bad = next((e for e in indicator.evidence if _broken(e.quote)), None)
                    if bad is not None:
                        issues.append(
                            f"{indicator.name} is called a strength, but its evidence is "
                            f"negative: {bad.quote[:70]!r}"
                        )
    return Grade(
        score=_share(claims - len(issues), claims),
        reason=f"{claims - len(issues)}/{claims} strengths rest on positive evidence",
        issues=issues,
    )


def _normal(sentence: str) -> str:
    return " ".join(sentence.lower().split()).strip(" .;:")


def report_sentences(report: AssessmentReport) -> list[str]:
    """Every sentence of the report's own prose, normalised; short ones (labels, "None") out."""
    texts = [report.executive_summary.value_realised]
    texts += [f"{p.title}. {p.rationale}" for p in report.executive_summary.priorities]
    texts += [f for e in report.scorecard for f in e.findings]
    texts += [f.finding for f in report.enablement_gaps.feedback]
    texts += report.enablement_gaps.recommendations + report.portfolio_map.coverage_gaps
    texts += [a.action for a in _plan(report)]
    out = [_normal(x) for t in texts for x in sentences(t)]
    return [x for x in out if len(x.split()) >= 5]


def _plan(report: AssessmentReport) -> list[Action]:
    plan = report.plan
    return [*plan.days_30, *plan.days_60, *plan.days_90, *plan.actions]


# A closing clause ("..., starting with Acme and Birch.") that ends more sentences than this is
# boilerplate even when the sentences before it differ. Once per plan horizon reads as emphasis;
# the engine's goal actions still share one closing clause, one per goal, so four pass for now.
MAX_SHARED_TAIL = 4
_TAIL_WORDS = 4


def _tail(sentence: str) -> str | None:
    """The clause after a sentence's last comma, when it is long enough to be a phrase."""
    if ", " not in sentence:
        return None
    tail = sentence.rsplit(", ", 1)[1]
    return tail if len(tail.split()) >= _TAIL_WORDS else None


def grade_repetition(s: Subject) -> Grade:
    """No sentence twice in one report, and no closing clause stamped on sentence after
    sentence."""
    seen: set[str] = set()
    repeated: list[str] = []
    all_sentences = report_sentences(s.report)
    for sentence in all_sentences:
        if sentence in seen and sentence not in repeated:
            repeated.append(sentence)
        seen.add(sentence)
    tails = Counter(t for x in seen if (t := _tail(x)))
    stamped = {t: n for t, n in tails.items() if n > MAX_SHARED_TAIL}
    # Each use of a stamped clause beyond the accepted few counts as a repeat.
    extra = sum(n - MAX_SHARED_TAIL for n in stamped.values())
    distinct = len(seen) - extra
    return Grade(
        score=_share(distinct, len(all_sentences)),
        reason=f"{distinct}/{len(all_sentences)} sentences distinct",
        issues=[f"said twice: {r[:70]!r}" for r in repeated]
        + [f"clause closes {n} sentences: {t[:60]!r}" for t, n in stamped.items()],
    )


def comparable_sentences(report: AssessmentReport) -> set[str]:
    """The plan's actions and the findings' sentences, for sameness across clients."""
    texts = [f for e in report.scorecard for f in e.findings] + [a.action for a in _plan(report)]
    out = {_normal(x) for t in texts for x in sentences(t)}
    return {x for x in out if len(x.split()) >= 5}


def grade_sameness(own: set[str], others: dict[str, set[str]]) -> Grade:
    """Share of this report's findings and actions that another client's report also says,
    word for word. Needs the other reports of the run, so the runner grades it last."""
    if not others:
        return Grade(score=1.0, reason="no other case in this run to compare with")
    shared = {x for x in own if any(x in theirs for theirs in others.values())}
    top = sorted(((len(own & theirs), name) for name, theirs in others.items()), reverse=True)[:1]
    worst = f"; most with {top[0][1]} ({top[0][0]})" if top and top[0][0] else ""
    return Grade(
        score=round(1.0 - _share(len(shared), len(own)) if own else 1.0, 4),
        reason=f"{len(shared)}/{len(own)} sentences shared with another client{worst}",
        issues=[f"also in another client's report: {x[:70]!r}" for x in sorted(shared)[:10]],
    )


def grade_investment(s: Subject) -> Grade:
    """The report's investment decisions against the expert's, partner by partner."""
    expected = s.case.expect.investment
    view = s.report.portfolio_map.investment
    decided = {p.name.casefold(): p.decision for p in view.partners} if view else {}
    issues = [
        f"{name}: expected {decision}, the report says {decided.get(name.casefold()) or 'nothing'}"
        for name, decision in expected.items()
        if decided.get(name.casefold()) != decision
    ]
    return Grade(
        score=_share(len(expected) - len(issues), len(expected)),
        reason=f"{len(expected) - len(issues)}/{len(expected)} investment decisions as expected",
        issues=issues,
    )


GRADERS: dict[str, Callable[[Subject], Grade]] = {
    "valid": grade_valid,
    "scores": grade_scores,
    "coverage": grade_coverage,
    "forbidden": grade_forbidden,
    "grounding": grade_grounding,
    "plan": grade_plan,
    "specific": grade_specific,
    "priorities": grade_priorities,
    "goal_coverage": grade_goal_coverage,
    "contradiction": grade_contradiction,
    "owner_fit": grade_owner_fit,
    "scale_fit": grade_scale_fit,
    "polarity": grade_polarity,
    "repetition": grade_repetition,
    "investment": grade_investment,
}
# Graded by the runner once every report of the run exists.
POST_GRADERS = ("sameness",)
