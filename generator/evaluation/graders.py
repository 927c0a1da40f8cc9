"""Deterministic graders: each scores one quality of a report from 0 to 1, with a reason.

A grader "fires" when it lists an issue. On a sound report none should fire; on a damaged one
the grader responsible for that defect must.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from pydantic import BaseModel

from generator.evaluation.cases import Case, Phrase
from generator.evidence import Facts
from generator.grounding import checked_figures, known_numbers, untraceable_figures
from generator.report import AssessmentReport
from generator.run import RunInfo
from generator.validators import Finding
from generator.writers.render import blocks, join_sections

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
        return join_sections(self._parts, keys)

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
    known = known_numbers(s.case.data, s.facts)
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
    horizons = {"30": plan.days_30, "60": plan.days_60, "90": plan.days_90}
    actions = [a for items in horizons.values() for a in items]
    issues: list[str] = []
    for name, items in horizons.items():
        if not items:
            issues.append(f"the {name}-day horizon is empty")
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
    # A missing horizon is a missing third of the plan, whatever the rest is like.
    spans = _share(3 - sum(1 for i in horizons.values() if not i), 3)
    return Grade(
        score=spans * sum(parts) / len(parts) if actions else 0.0,
        reason=f"{len(actions)} actions over {sum(1 for i in horizons.values() if i)} "
        f"horizons; {len(complete)} complete, {len(measurable)} measurable",
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


GRADERS: dict[str, Callable[[Subject], Grade]] = {
    "valid": grade_valid,
    "scores": grade_scores,
    "coverage": grade_coverage,
    "forbidden": grade_forbidden,
    "grounding": grade_grounding,
    "plan": grade_plan,
    "specific": grade_specific,
    "priorities": grade_priorities,
}
