"""The plan fitted to the client: its goals, its team, its limits and its size.

The playbook writes for a typical company at each level; this module makes the plan this
client's: every goal gets an action, owners are the client's own roles, an action the
constraints rule out becomes an investment decision, and counts never exceed the roster.
"""

from __future__ import annotations

import re

from generator.evidence import Facts
from generator.evidence.goals import (
    Goal,
    measure,
    measure_pattern,
    reduce_reliance_pattern,
    serves_text,
)
from generator.evidence.team import Team, covered_roles, role_name, roles_in
from generator.formatting import join_names, money, pct
from generator.numbers import read_figures
from generator.report import Action, ActsOn, GoalGap, Objectives, Plan

# The roles that lead partner work when the client names several, most senior first.
_LEADS = ("founder", "head_of_partnerships", "partner_team", "partner_manager", "ceo")
OWNER_PARTS = re.compile(r"\s?(?:/|&|\+|,|\band\b|\bwith\b|\bor\b)\s?", re.IGNORECASE)
_HIRE = re.compile(
    r"\b(?:hire|hiring|recruit\s(?:a|an)\b|new\sheadcount|add\s(?:a|an)\s\w+\s(?:manager|lead))",
    re.I,
)
# Buying or building something, not mentioning it ("audit the portal" costs nothing new).
_SPEND = re.compile(
    r"\b(?:launch|build|buy|implement|deploy|roll\sout|set\sup|introduce|license|procure)\b"
    r"[^.;]{0,40}?\b(?P<what>portal|PRM|LMS|software|platform|tool|MDF)\b",
    re.IGNORECASE,
)
_TOP = re.compile(
    r"\b(?:the\s)?top[\s-](?P<n>\d{1,5}|three|four|five|six|seven|eight|ten|twenty)\b", re.I
)
_TOP_WORDS = {
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "ten": 10,
    "twenty": 20,
}
_PARTNER_NOUNS = ("partner", "reseller", "distributor", "integrator", "referrer", "agenc")


def value(goal: Goal, number: float | None, currency: str) -> str | None:
    if number is None:
        return None
    unit = goal.unit
    if unit == "money":
        return money(number, goal.currency or currency)
    if unit == "percent":
        return pct(number)
    if unit == "days":
        return f"{number:g} days"
    if unit == "rating":
        return f"{number:g}/10"
    return f"{number:g}"


def _gap(goal: Goal, currency: str) -> str:
    if goal.current is not None and goal.target is not None:
        distance = abs(goal.target - goal.current)
        way = "down" if goal.target < goal.current else "up"
        shown = value(goal, distance, currency)
        return (
            f"{shown} {way} from today" if goal.unit != "percent" else f"{distance:g} points {way}"
        )
    if goal.factor is not None:
        return f"{goal.factor:g} times today's figure"
    if goal.target is not None:
        return "today's figure is not stated: ask for it so progress can be measured"
    return "no target figure is stated: agree one before the plan starts"


def _label(goal: Goal) -> str:
    about = f" of {goal.subject}" if goal.subject else ""
    return f"{measure(goal.measure).name}{about}"


def objectives(facts: Facts) -> Objectives:
    goals = [
        GoalGap(
            id=g.id,
            objective=g.quote[:1].upper() + g.quote[1:],
            measure=_label(g),
            current=value(g, g.current, facts.currency),
            target=value(g, g.target, facts.currency),
            deadline=g.deadline_written
            if g.deadline_written and not _AWKWARD.match(g.deadline_written)
            else (g.deadline.isoformat() if g.deadline else None),
            gap=_gap(g, facts.currency),
        )
        for g in facts.goals
    ]
    return Objectives(goals=goals, team=_team_note(facts.team))


def _team_note(team: Team) -> str:
    if not team.described:
        return (
            "The team was not described, so owners are generic roles: name a person for each "
            "before the plan starts."
        )
    names = sorted({r.name for r in team.roles})
    if team.sole_role:
        return (
            f"Only one person has time for partner work ({role_name(team.sole_role)}), so "
            "every action has that one owner and the plan is paced for one person."
        )
    limits = " under a hiring freeze" if team.hiring_freeze else ""
    return f"Owners are the client's own roles{limits}: {', '.join(names)}."


def serves(goal: Goal, action: Action) -> bool:
    """The action lists the goal, or names its measure (and its subject when it has one)."""
    return goal.id in action.goals or serves_text(
        goal, f"{action.action} {action.metric} {action.target}"
    )


_WHEN = re.compile(r"^(?:by|within|in|before|during|over|next|this|end)\b", re.IGNORECASE)
# Phrases that cannot follow "by" ("at the 2027 renewal" read as "by at the 2027"): the date
# they name is said instead.
_AWKWARD = re.compile(r"^(?:at|for|inside|until)\b", re.IGNORECASE)


# How a goal's plan is tracked, said in turn: a sentence of several goals gives the plan more
# goal actions than one closing clause can end without reading as boilerplate.
_TRACKING = (
    "the partners it depends on, the step each takes this quarter and a monthly check",
    "which partners carry it, what each does this quarter and how it is checked each month",
    "the partners behind it with this quarter's step for each, reviewed every month",
)


def _goal_action(goal: Goal, facts: Facts) -> Action:
    # The measure's own name, unless the objective's words are needed to recognise it.
    name = measure(goal.measure).name
    said = measure_pattern(goal.measure).search(goal.quote)
    named = measure_pattern(goal.measure).search(name) is not None
    label = name if named or said is None else said.group(0)
    now = value(goal, goal.current, facts.currency)
    target = value(goal, goal.target, facts.currency)
    written = goal.deadline_written
    if written and any(c.isdigit() for c in written) and _WHEN.match(written):
        when = written
    elif written and any(c.isdigit() for c in written) and not _AWKWARD.match(written):
        when = f"by {written}"
    elif goal.deadline is not None:
        # "this year" is no date a target can be checked against; the date it means is.
        when = f"by {goal.deadline.day} {goal.deadline:%B %Y}"
    else:
        when = "by day 90"
    towards = f" from {now} to {target}" if now and target else (f" to {target}" if target else "")
    if goal.measure == "concentration":
        # Said as a share to bring down, so no growth goal reads it as advice to cut a partner.
        aim = f"bring the largest partner's share down{towards}"
        label = "the largest partner's share"
    else:
        if goal.subject and goal.subject.lower().rstrip("s") not in label.lower():
            label += (
                f" from {goal.subject}" if goal.subject_kind == "partner" else f" of {goal.subject}"
            )
        if goal.direction == "hold":
            level = target or "today's level"
            aim = f"keep {label} at {level}"
        else:
            aim = f"{goal.direction} {label}{towards}"
    return Action(
        action=f"Build a tracked plan to {aim} {when}: "
        f"{_TRACKING[(int(goal.id[1:] or 1) - 1) % len(_TRACKING)]}.",
        owner="Head of partnerships",
        metric=name[:1].upper() + name[1:],
        target=(
            f"{label[:1].upper()}{label[1:]} at {target} {when}"
            if target
            else f"A numeric target and today's baseline for {label} agreed by day 30"
        ),
        goals=[goal.id],
        # Only a measure better higher moves its subject the goal's way: less reliance on the
        # largest partner spreads revenue, and cutting dealers' time to first order reduces no
        # dealer.
        acts_on=(
            ActsOn(subject=goal.subject, kind=goal.subject_kind, direction=goal.direction)
            if goal.subject and measure(goal.measure).better == "higher"
            else None
        ),
    )


def _owner(owner: str, team: Team) -> str:
    """The client's own role for an owner the playbook names generically."""
    if not team.described:
        return owner
    have = team.role_ids()
    if len(have) > 1:
        # "The partner function is a channel lead and an alliance manager": own by the people.
        have.discard("partner_team")
    alone = len(team.roles) == 1 and (team.roles[0].count or 1) == 1
    if team.sole_role or alone:
        # One person means one owner.
        return role_name(team.sole_role or team.roles[0].id)
    parts = [p for p in OWNER_PARTS.split(owner) if p.strip()]
    if parts and all(roles_in(p) & have for p in parts):
        single = {r.id for r in team.roles if r.count == 1}
        matched = roles_in(owner) & have
        if len(parts) == 1 and matched and matched <= single:
            # "Partner managers" where the team has one partner manager: name that one role.
            return role_name(sorted(matched)[0])
        return owner
    wanted = roles_in(owner)
    for role in sorted(have):
        if covered_roles({role}) & wanted:
            return role_name(role)
    lead = next((r for r in _LEADS if r in have), None) or sorted(have)[0]
    return role_name(lead)


def _scaled(text: str, size: int | None) -> str:
    """Counts of partners and "top N" lists no larger than the roster; with the roster's size
    unknown, no count the notes cannot back ("interview six partners" of perhaps three)."""

    def top(found: re.Match[str]) -> str:
        word = found["n"].lower()
        n = int(word) if word.isdigit() else _TOP_WORDS[word]
        if size is None:
            return "the leading"
        return f"all {size}" if n >= size else found.group(0)

    text = _TOP.sub(top, text)
    for figure in sorted(read_figures(text), key=lambda f: -f.start):
        noun = figure.noun or ""
        if figure.kind != "count" or not noun.startswith(_PARTNER_NOUNS):
            continue
        if size is None:
            text = f"{text[: figure.start]}the {noun}{text[figure.end :]}"
        elif figure.value > size:
            text = f"{text[: figure.start]}all {size} {noun}{text[figure.end :]}"
    return text


def _constrained(action: Action, team: Team) -> Action:
    """An action the constraints rule out becomes an investment decision with its cost driver."""
    text = action.action
    if text.startswith("Investment decision"):
        return action
    if team.hiring_freeze and _HIRE.search(text):
        action.action = f"Investment decision (a new hire, ruled out by the hiring freeze): {text}"
    elif team.budget is not None and team.budget.kind != "amount" and _SPEND.search(text):
        driver = _SPEND.search(text)
        assert driver is not None
        action.action = f"Investment decision (needs budget for a {driver['what']}): {text}"
    return action


def contradicts(goal: Goal, action: Action, top_partner: str | None) -> bool:
    """Whether the action lowers reliance on, or reduces, what the goal grows."""
    if not goal.grows_subject or goal.subject is None:
        return False
    acts = action.acts_on
    if acts is not None and acts.direction == "reduce" and acts.subject == goal.subject:
        return True
    text = f"{action.action} {action.target}"
    found = reduce_reliance_pattern().search(text)
    if not found:
        return False
    reduced = text[found.start() : found.end() + 80].lower()
    return goal.subject.lower().rstrip("s") in reduced or goal.subject == top_partner


def focus(facts: Facts) -> str | None:
    """Where this client should start a playbook action: its largest partners, else the
    partner types and counts its notes give, else the goal the plan must reach first."""
    roster = facts.roster
    if roster is not None and roster.top_contributors:
        return join_names(roster.top_contributors[:2])
    named = [g.subject for g in facts.goals if g.subject_kind == "partner" and g.subject]
    if named:
        return join_names(list(dict.fromkeys(named))[:2])
    segments = [s for s in facts.text.segments if s.partners]
    if segments:
        return join_names([f"the {s.partners} {s.type} partners" for s in segments[:2]])
    if facts.goals:
        goal = facts.goals[0]
        return f"the partners that carry goal {goal.id} ({_label(goal)})"
    return None


def placed(action: Action, focus: str | None) -> Action:
    text = action.action.rstrip()
    if focus is None or not text.endswith(".") or focus in text:
        return action
    action.action = f"{text[:-1]}, starting with {focus}."
    return action


def fit_plan(facts: Facts, plan: Plan) -> Plan:
    team, goals = facts.team, facts.goals
    size = team.roster_size or facts.kpis.total_partners or facts.text.partner_count
    top = (
        facts.roster.concentration.top1_name
        if facts.roster and facts.roster.concentration
        else None
    )
    horizons: dict[str, list[Action]] = {}
    for horizon in ("days_30", "days_60", "days_90"):
        kept = []
        for action in getattr(plan, horizon):
            if any(contradicts(g, action, top) for g in goals):
                continue
            action.action = _scaled(action.action, size)
            action.target = _scaled(action.target, size)
            action.goals = action.goals or [g.id for g in goals if serves(g, action)]
            kept.append(_constrained(action, team))
        horizons[horizon] = kept
    served = {g for h in horizons.values() for a in h for g in a.goals}
    for index, goal in enumerate(g for g in goals if g.id not in served):
        # Spread the goals' own actions over the first two horizons, the first goal soonest.
        horizons["days_30" if index % 2 == 0 else "days_60"].append(_goal_action(goal, facts))
    for actions in horizons.values():
        for action in actions:
            action.owner = _owner(action.owner, team)
    return Plan(**horizons)
