"""The lens checks the validators run on any drafter's report: each figure recomputed from its
rule, and held against the facts when they are known."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from generator.lenses.engagement import EngagementView, band_of, health_conflict
from generator.lenses.investment import InvestmentView, decision_problem, recompute_quadrant
from generator.lenses.rules import Health, LensRules
from generator.lenses.scorecard import Scorecard

# Scores and values are rounded to one decimal where computed; a report may round again.
TOLERANCE = 0.051


@dataclass(frozen=True)
class Problem:
    code: str
    path: str
    message: str
    severity: Literal["error", "warning"] = "error"


@dataclass(frozen=True)
class PlanLink:
    """One plan action as the checks need it: where it is and the measure it names."""

    path: str
    horizon: str
    measure: str


def _off(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is not b
    return abs(a - b) > TOLERANCE


def check_investment(
    view: InvestmentView,
    rules: LensRules,
    health: dict[str, Health],
    known: InvestmentView | None,
    path: str = "portfolio_map.investment",
) -> list[Problem]:
    """Quadrant from the scores, decision from the quadrant rule; scores against the facts."""
    problems = []
    facts = {p.name.casefold(): p for p in known.partners} if known else {}
    for i, p in enumerate(view.partners):
        at = f"{path}.partners[{i}]"
        pot, exe = p.potential.value, p.execution.value
        if pot is not None and exe is not None:
            expected = recompute_quadrant(pot, exe, rules)
            if p.quadrant != expected:
                problems.append(
                    Problem(
                        "investment_quadrant",
                        f"{at}.quadrant",
                        f"{p.name}: potential {pot:g} and execution {exe:g} fall in the "
                        f"{expected} quadrant, not {p.quadrant}",
                    )
                )
            elif p.decision is not None:
                issue = decision_problem(
                    p.decision, expected, health.get(p.name), p.decision_reason, rules
                )
                if issue:
                    problems.append(
                        Problem("investment_decision", f"{at}.decision", f"{p.name}: {issue}")
                    )
        fact = facts.get(p.name.casefold())
        if known is None:
            continue
        if fact is None:
            problems.append(
                Problem("investment_partner", f"{at}.name", f"{p.name} is not in the roster")
            )
            continue
        for axis, mine, theirs in (
            ("potential", pot, fact.potential.value),
            ("execution", exe, fact.execution.value),
        ):
            if _off(mine, theirs):
                problems.append(
                    Problem(
                        "investment_score",
                        f"{at}.{axis}",
                        f"{p.name}: {axis} {mine} differs from the rule's {theirs}",
                    )
                )
    if known is not None and len(view.partners) != len(known.partners):
        problems.append(
            Problem(
                "investment_partner",
                f"{path}.partners",
                f"{len(view.partners)} partners placed, the roster has {len(known.partners)}",
            )
        )
    return problems


def check_engagement(
    view: EngagementView,
    rules: LensRules,
    health: dict[str, tuple[Health, str]],
    known: EngagementView | None,
    path: str = "performance_dashboard.engagement",
) -> list[Problem]:
    """Band from the score, the score from the formula, a band and a health class that
    disagree only with the reason said."""
    problems = []
    facts = {p.name.casefold(): p for p in known.partners} if known else {}
    for i, p in enumerate(view.partners):
        at = f"{path}.partners[{i}]"
        value = p.score.value
        if value is not None and p.band != band_of(value, rules):
            problems.append(
                Problem(
                    "engagement_band",
                    f"{at}.band",
                    f"{p.name}: a score of {value:g} is {band_of(value, rules)}, not {p.band}",
                )
            )
        fact = facts.get(p.name.casefold())
        if fact is not None and _off(value, fact.score.value):
            problems.append(
                Problem(
                    "engagement_score",
                    f"{at}.score",
                    f"{p.name}: engagement {value} differs from the formula's {fact.score.value}",
                )
            )
        state = health.get(p.name)
        if state is not None and not p.health_note.strip():
            conflict = health_conflict(p.band, *state)
            if conflict:
                problems.append(
                    Problem(
                        "engagement_health_conflict",
                        f"{at}.health_note",
                        f"{p.name}: {conflict.split(':')[0]}, and the report does not say why",
                    )
                )
    return problems


def check_scorecard(
    card: Scorecard,
    known: Scorecard | None,
    path: str = "performance_dashboard.balanced_scorecard",
) -> list[Problem]:
    if known is None:
        return []
    problems = []
    facts = {m.id: m for m in known.measures}
    for i, m in enumerate(card.measures):
        fact = facts.get(m.id)
        at = f"{path}.measures[{i}]"
        if fact is None:
            problems.append(Problem("scorecard_measure", f"{at}.id", f"no measure {m.id!r}"))
            continue
        for name in ("value", "target"):
            mine, theirs = getattr(m, name), getattr(fact, name)
            if _off(mine, theirs):
                problems.append(
                    Problem(
                        "scorecard_value",
                        f"{at}.{name}",
                        f"{m.name}: {name} {mine} differs from the roster's {theirs}",
                    )
                )
        if (m.kind, m.group, m.status) != (fact.kind, fact.group, fact.status):
            problems.append(
                Problem(
                    "scorecard_value",
                    at,
                    f"{m.name}: {m.group}/{m.kind}/{m.status}, the rules give "
                    f"{fact.group}/{fact.kind}/{fact.status}",
                )
            )
    return problems


def check_plan_measures(links: Sequence[PlanLink], rules: LensRules) -> list[Problem]:
    """Each action names a known scorecard measure; each horizon moves a leading one."""
    problems = []
    leading: dict[str, bool] = {}
    ids = ", ".join(m.id for m in rules.scorecard.measures)
    for link in links:
        measure = rules.scorecard.measure(link.measure)
        leading.setdefault(link.horizon, False)
        if measure is None:
            problems.append(
                Problem(
                    "plan_measure",
                    f"{link.path}.measure",
                    f"{link.measure or 'no measure'!r} is not a scorecard measure; use one of "
                    f"{ids}",
                )
            )
        elif measure.kind == "leading":
            leading[link.horizon] = True
    for horizon, has in leading.items():
        if not has:
            problems.append(
                Problem(
                    "plan_leading_measure",
                    f"plan.{horizon}",
                    "no action moves a leading measure; link one to a measure that moves first",
                )
            )
    return problems
