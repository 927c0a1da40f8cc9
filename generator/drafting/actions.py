"""The one-action plan (`plan: one_action`): per dimension a result sentence and ONE action.

The framework's playbook `actions` hold, per dimension and band, a result pattern and an action;
the code fills the pattern's placeholders from the facts, so every figure in it is the client's.
"""

from __future__ import annotations

from generator.drafting.fit import _constrained, _goal_action, _owner, _scaled, serves
from generator.evidence import Facts
from generator.evidence.facts import DimensionFacts, IndicatorFacts
from generator.frameworks import BandAction, Framework
from generator.report import DimensionAction, Plan, ScorecardEntry

# The result sentence names the chosen answers of this many lowest-scoring questions.
LOWEST_SHOWN = 2
# When a goal's own action is due, in days, by its place among the goals that need one: the
# days_30 and days_60 horizons fit.py spreads a 30/60/90-day plan's goal actions over.
GOAL_HORIZONS = (30, 60)


def one_action(framework: Framework) -> bool:
    return framework.report.plan == "one_action"


def _band_action(framework: Framework, d: DimensionFacts) -> BandAction:
    return framework.actions[d.id][d.level]


def _answer_text(framework: Framework, indicator: IndicatorFacts) -> str:
    """What the client's answer says, as a clause: the descriptor of the answer level nearest
    the question's score (an answered question's score is its level's)."""
    levels = framework.input.answer_levels
    score = indicator.score if indicator.score is not None else framework.scale.min
    level = min(levels, key=lambda lv: (abs(lv.score - score), lv.score))
    text = framework.indicators[indicator.id].descriptors[level.name].strip().rstrip(".")
    # A descriptor is a sentence; inside the result it follows a colon, so it starts lower case
    # unless its first word is an acronym or a name ("ROI", "Nobody" stays readable either way).
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        text = text[0].lower() + text[1:]
    return text


def lowest(framework: Framework, d: DimensionFacts) -> str:
    """The chosen answers of the dimension's lowest-scoring questions, joined with "; "."""
    scored = d.weakest_indicators()[:LOWEST_SHOWN]
    if not scored:
        return f"no {framework.report.indicator_term} is answered or evidenced in the notes"
    return "; ".join(_answer_text(framework, i) for i in scored)


def result(framework: Framework, d: DimensionFacts) -> str:
    score = format(d.score, f".{framework.scale.decimals}f")
    pattern = " ".join(_band_action(framework, d).result.split())
    return pattern.format_map(
        {"name": d.name, "score": score, "band": d.level, "lowest": lowest(framework, d)}
    )


def _clearest_sign(d: DimensionFacts) -> str:
    """The weakest signal from the notes or the roster, quoted, so the stake is the client's."""
    signals = [
        (e.score, i.name, e)
        for i in d.indicators
        for e in i.evidence
        if e.source not in {"indicator ratings", "roster", "partner survey"}
    ]
    if not signals:
        return ""
    _, name, weakest = min(signals, key=lambda s: (s[0], s[1]))
    return f'Clearest sign ({name}): "{weakest.quote}" ({weakest.source.replace("_", " ")}).'


def result_entry(framework: Framework, d: DimensionFacts, evidence: list[str]) -> ScorecardEntry:
    """The dimension's result: its score, band and result sentence, and the clearest sign in
    the notes (what is at stake is said once, in the priorities)."""
    findings = [result(framework, d)]
    sign = _clearest_sign(d)
    if sign:
        findings.append(sign)
    return ScorecardEntry(
        dimension=d.id, score=d.score, level=d.level, findings=findings, evidence=evidence
    )


def action(framework: Framework, d: DimensionFacts) -> DimensionAction:
    play = _band_action(framework, d).action
    fields = {"horizon_days": play.horizon_days}
    return DimensionAction(
        action=" ".join(play.action.split()),
        owner=play.owner,
        metric=play.metric,
        target=play.target.format_map(fields),
        dimension=d.id,
        horizon_days=play.horizon_days,
    )


def recommendation(framework: Framework, d: DimensionFacts) -> str:
    """A priority's one-line title for the dimension."""
    if one_action(framework):
        return action(framework, d).action
    return framework.playbook[d.id][d.level].recommendation


def one_action_plan(facts: Facts, ranked: list[DimensionFacts]) -> Plan:
    """One action per dimension, weakest first, fitted to the client by the rules that fit a
    30/60/90-day plan (drafting/fit.py): counts no larger than the roster, owners from the
    client's team, an action the constraints rule out marked an investment decision, and
    every goal served. The 30/60/90 horizons stay empty.

    A goal no dimension's action serves gets fit.py's own goal action after the dimensions'
    (it belongs to no dimension), due as in a 30/60/90-day plan: the first such goal within 30
    days, the next within 60, alternately; sooner when the goal's own deadline is sooner."""
    team, goals = facts.team, facts.goals
    size = team.roster_size or facts.kpis.total_partners or facts.text.partner_count
    actions = [action(facts.framework, d) for d in ranked]
    for a in actions:
        a.action = _scaled(a.action, size)
        a.target = _scaled(a.target, size)
        a.goals = [g.id for g in goals if serves(g, a)]
        _constrained(a, team)
    served = {g for a in actions for g in a.goals}
    for index, goal in enumerate(g for g in goals if g.id not in served):
        days = GOAL_HORIZONS[index % len(GOAL_HORIZONS)]
        if goal.deadline is not None:
            days = min(days, max((goal.deadline - facts.assessed_on).days, 1))
        actions.append(DimensionAction(**_goal_action(goal, facts).model_dump(), horizon_days=days))
    for a in actions:
        a.owner = _owner(a.owner, team)
    return Plan(days_30=[], days_60=[], days_90=[], actions=actions)
