"""The plan fitted to the client: its goals, its team, its limits and its size.

The playbook writes for a typical company at each level; this module makes the plan this
client's: an action needing what the client lacks (budget, a portal, people, strategic
partners, a large program) gives way to its lean alternative, every goal gets an action of its
own kind, owners are the client's own roles, spend the constraints rule out with no lean
alternative becomes an investment decision, and counts never exceed the roster.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from datetime import timedelta
from functools import cache
from typing import get_args

from pydantic import BaseModel, ConfigDict, Field

from generator.errors import FrameworkError
from generator.evidence import Facts
from generator.evidence.goals import (
    Goal,
    measure,
    measure_ids,
    measure_pattern,
    read_vocabulary_file,
    reduce_reliance_pattern,
    serves_text,
    validated,
)
from generator.evidence.team import Team, covered_roles, role_name, roles_in
from generator.evidence.team import vocabulary as team_vocabulary
from generator.formatting import join_names, money, pct
from generator.frameworks import PLAY_FIELDS, Need, Play, PlayText
from generator.numbers import CARDINALS, read_figures
from generator.report import Action, ActsOn, GoalGap, Objectives, Plan, Segment

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
_COUNT_WORD = r"\d{1,5}|three|four|five|six|seven|eight|ten|twenty"
# "the top 10 partners", "the ten largest partnerships"
_TOP = re.compile(
    rf"\b(?:the\s)?(?:top[\s-](?P<n>{_COUNT_WORD})|(?P<m>{_COUNT_WORD})\s(?:largest|biggest))\b",
    re.I,
)
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


def _plural(noun: str) -> str:
    if noun.endswith("s"):
        return noun
    return f"{noun[:-1]}ies" if noun.endswith("y") and noun[-2:-1] not in "aeiou" else f"{noun}s"


def _about(goal: Goal, label: str) -> str:
    """The goal's subject joined to its measure the way a consultant says it: revenue from a
    partner or from dealers, time to first deal for dealers, partners in Germany."""
    subject, kind = goal.subject, goal.subject_kind
    if not subject or subject.lower().rstrip("s") in label.lower():
        return label
    if goal.measure == "concentration" and kind == "partner":
        return f"reliance on {subject}"
    if goal.measure == "revenue_share" and kind == "partner_type":
        return f"{_plural(subject)}' share of {'new work' if 'work' in goal.quote else 'revenue'}"
    if kind == "partner":
        return f"{label} from {subject}"
    if kind == "partner_type":
        units = measure(goal.measure).units
        way = "from" if "money" in units else ("through" if "customers" in label else "for")
        return f"{label} {way} {_plural(subject)}"
    if kind == "channel":
        return f"{label} through {subject}"
    return f"{label} in {subject}"


def _label(goal: Goal) -> str:
    return _about(goal, measure(goal.measure).name)


def objectives(facts: Facts) -> Objectives:
    goals = [
        GoalGap(
            id=g.id,
            objective=g.quote[:1].upper() + g.quote[1:],
            measure=_label(g),
            current=value(g, g.current, facts.currency),
            target=value(g, g.target, facts.currency),
            deadline=g.deadline_written
            # "at the 2027" reads as its date; "at the 2027 renewal" as written.
            if g.deadline_written
            and (not _AWKWARD.match(g.deadline_written) or not g.deadline_written[-1].isdigit())
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


_YEARLY = re.compile(r"\b(?:a|per|each|every)\syear\b|\bannual(?:ly)?\b|\byearly\b", re.I)
_WHEN = re.compile(r"^(?:by|within|in|before|during|over|next|this|end)\b", re.IGNORECASE)
# Phrases that cannot follow "by" ("at the 2027 renewal" read as "by at the 2027"): the date
# they name is said instead.
_AWKWARD = re.compile(r"^(?:at|for|inside|until)\b", re.IGNORECASE)


class _GoalActionSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    action: str = Field(min_length=1)
    owner: str = Field(min_length=1)
    dimension: str | None = None


class _EventActionSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    action: str = Field(min_length=1)
    owner: str = Field(min_length=1)
    metric: str = Field(min_length=1)
    target: str = Field(min_length=1)
    dimension: str | None = None


class _GoalActions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    goal_actions: dict[str, _GoalActionSpec]
    event_actions: dict[str, _EventActionSpec] = {}


GOAL_FIELDS = ("aim", "when", "partners", "kind")
EVENT_FIELDS = ("event", "when", "quote")
_GOAL_FILE = "goal_actions.yaml"
# A dated event this far ahead or nearer gets its action in the plan: a year covers a renewal
# or a migration the next 90 days must prepare for.
EVENT_HORIZON_DAYS = 365


def _placeholders(text: str, where: str) -> set[str]:
    try:
        return {f for _, f, _, _ in string.Formatter().parse(text) if f is not None}
    except ValueError as exc:
        raise FrameworkError(f"{where}: {exc}; write a brace as {{{{ or }}}}") from None


@cache
def event_actions() -> dict[str, _EventActionSpec]:
    """The action per kind of dated event (roles.yaml `events`), checked like goal actions."""
    specs = validated(_GoalActions, read_vocabulary_file(_GOAL_FILE), _GOAL_FILE).event_actions
    known = {e.id for e in team_vocabulary().vocabulary.events}
    for key, spec in specs.items():
        where = f"frameworks/readiness/{_GOAL_FILE}: event_actions.{key}"
        if key not in known:
            raise FrameworkError(f"{where}: not an event of roles.yaml; use an event id")
        for name in ("action", "target"):
            unknown = _placeholders(getattr(spec, name), f"{where}.{name}") - set(EVENT_FIELDS)
            if unknown:
                raise FrameworkError(
                    f"{where}.{name}: unknown placeholder {{{sorted(unknown)[0]}}}; use "
                    f"{', '.join('{' + f + '}' for f in EVENT_FIELDS)}"
                )
    return specs


def _event_actions(facts: Facts) -> list[Action]:
    """One action per dated event the constraints or notes name within the year ahead: a
    renewal to prepare, a system change to plan the partners' side of."""
    specs = event_actions()
    horizon = facts.assessed_on + timedelta(days=EVENT_HORIZON_DAYS)
    out: list[Action] = []
    for event in facts.team.events:
        spec = specs.get(event.id)
        if spec is None or event.when is None or not facts.assessed_on < event.when <= horizon:
            continue
        fields = {
            "event": event.name,
            # As written where it is a month or a quarter ("Q2 2027"), not that period's last day.
            "when": event.written
            if event.written
            and not event.written[:1].isdigit()
            and not event.written.lower().startswith(("by", "before", "until", "in", "at", "for"))
            else f"{event.when.day} {event.when:%B %Y}",
            "quote": event.quote.strip(" ."),
        }
        text = spec.action.format(**fields)
        out.append(
            Action(
                action=text[:1].upper() + text[1:],
                owner=spec.owner,
                metric=spec.metric,
                target=spec.target.format(**fields),
                dimension=spec.dimension
                if spec.dimension in facts.framework.dimension_ids
                else None,
            )
        )
    return list({a.action: a for a in out}.values())


@cache
def goal_actions() -> dict[str, _GoalActionSpec]:
    """The action template per measure, checked: known measures, a default, known fields."""
    specs = validated(_GoalActions, read_vocabulary_file(_GOAL_FILE), _GOAL_FILE).goal_actions
    where = f"frameworks/readiness/{_GOAL_FILE}: goal_actions"
    known = {*measure_ids(), "default"}
    for key, spec in specs.items():
        if key not in known:
            raise FrameworkError(f"{where}.{key}: not a measure of measures.yaml; use a measure id")
        fields = _placeholders(spec.action, f"{where}.{key}")
        if fields - set(GOAL_FIELDS):
            raise FrameworkError(
                f"{where}.{key}: unknown placeholder {{{sorted(fields - set(GOAL_FIELDS))[0]}}}; "
                f"use {', '.join('{' + f + '}' for f in GOAL_FIELDS)}"
            )
    if "default" not in specs:
        raise FrameworkError(f"{where}: add a `default` action for measures without their own")
    return specs


def _goal_partners(goal: Goal, facts: Facts) -> tuple[str, str]:
    """Whom a goal rests on, with an article and without: its partner, partner type, region
    or channel, else the client's own partners."""
    subject, kind = goal.subject, goal.subject_kind
    if subject and kind == "partner":
        return subject, subject
    if subject and kind == "partner_type":
        return f"the {_plural(subject)}", _plural(subject)
    if subject and kind in {"region", "segment"}:
        return f"the partners serving {subject}", f"partners in {subject}"
    if subject and kind == "channel":
        return f"the partners selling through {subject}", f"partners for {subject}"
    return partners_said(facts), "partners"


def _goal_action(goal: Goal, facts: Facts) -> Action:
    # The measure's own name, unless the objective's words are needed to recognise it.
    name = measure(goal.measure).name
    said = measure_pattern(goal.measure).search(goal.quote)
    named = measure_pattern(goal.measure).search(name) is not None
    label = name if named or said is None else said.group(0).lower()
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
    elif _YEARLY.search(goal.quote):
        # "A dozen referrals a year" is a yearly rate: a year is the first point to check it.
        when = "within a year"
    else:
        when = "by day 90"
    towards = f" from {now} to {target}" if now and target else (f" to {target}" if target else "")
    if goal.measure != "concentration":
        label = _about(goal, label)
    if goal.measure == "partner_count" and target:
        aim = f"reach {target} {label}"
    elif goal.measure == "concentration":
        # Said as a share to bring down, so no growth goal reads it as advice to cut a partner.
        whose = f"{goal.subject}'s" if goal.subject_kind == "partner" else "the largest partner's"
        label = f"{whose} share of partner revenue"
        aim = f"bring {label} down{towards}"
    else:
        if goal.direction == "hold":
            level = target or "today's level"
            aim = f"keep {label} at {level}"
        else:
            aim = f"{goal.direction} {label}{towards}"
    specs = goal_actions()
    spec = specs.get(goal.measure) or specs["default"]
    partners, kind = _goal_partners(goal, facts)
    text = spec.action.format(aim=aim, when=when, partners=partners, kind=kind)
    dimension = spec.dimension if spec.dimension in facts.framework.dimension_ids else None
    return Action(
        action=text[:1].upper() + text[1:],
        owner=spec.owner,
        metric=name[:1].upper() + name[1:],
        target=(
            f"{label[:1].upper()}{label[1:]} at {target} {when}"
            if target
            else f"A numeric target and today's baseline for {label} agreed by day 30"
        ),
        dimension=dimension,
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


def goal_dimensions(facts: Facts) -> dict[str, list[Goal]]:
    """The goals each dimension's work bears on: the dimension a goal's own action belongs to
    (goal_actions.yaml). Read from data, not from the playbook's words: "revenue" names the
    revenue goal in nearly every dimension's actions."""
    specs = goal_actions()
    out: dict[str, list[Goal]] = {}
    for goal in facts.goals:
        dimension = (specs.get(goal.measure) or specs["default"]).dimension
        if dimension in facts.framework.dimension_ids:
            out.setdefault(dimension, []).append(goal)
    return out


def bearing_note(goals: list[Goal]) -> str:
    """The sentence a priority gains when its work bears on stated goals."""
    if not goals:
        return ""
    said = join_names([f"{g.id} ({_label(g)})" for g in goals])
    return f" It bears on goal{'s' if len(goals) > 1 else ''} {said}."


def _as_role(part: str, have: set[str]) -> str:
    name = role_name(sorted(roles_in(part) & have)[0])
    return part.strip() if name.casefold() in part.casefold() else name


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
        # Each part by the name the client's own role goes by ("Partner program lead" is its
        # head of partnerships, "RevOps / CRM admin" its operations), once each.
        named = [_as_role(p, have) for p in parts]
        return " and ".join(dict.fromkeys(named))
    wanted = roles_in(owner)
    # A role the owner names and the team counts as its own, before a role that covers it:
    # deal work named for partnerships and sales goes to "one sales representative", not the
    # founder who covers both. A role only mentioned (the sales director who approves
    # discounts) is not a member of the partner team.
    counted = {r.id for r in team.roles if r.count is not None}
    named = sorted(wanted & have & counted)
    if named:
        return role_name(named[0])
    # Else whoever covers the first role named: the one who leads the work.
    first = roles_in(parts[0]) if parts else wanted
    for role in sorted(have):
        if covered_roles({role}) & first:
            return role_name(role)
    lead = next((r for r in _LEADS if r in have), None) or sorted(have)[0]
    return role_name(lead)


def _scaled(text: str, size: int | None) -> str:
    """Counts of partners and "top N" lists no larger than the roster; with the roster's size
    unknown, no count the notes cannot back ("interview six partners" of perhaps three)."""

    def top(found: re.Match[str]) -> str:
        word = (found["n"] or found["m"]).lower()
        n = int(word) if word.isdigit() else CARDINALS[word]
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


# Goals met by partners not yet signed: the work for them starts from candidates.
_NEW_PARTNERS = ("partner_count", "market_entry")


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
    # A goal on a partner type names partners the client has; a goal to sign partners in a new
    # region names partners it does not have yet, so no existing work can start with them.
    types = [g.subject for g in facts.goals if g.subject_kind == "partner_type" and g.subject]
    if types:
        return join_names([f"the {_plural(t)}" for t in dict.fromkeys(types)][:2])
    current = [g for g in facts.goals if g.measure not in _NEW_PARTNERS]
    if current:
        goal = current[0]
        return f"the partners that carry goal {goal.id} ({_label(goal)})"
    return None


def placed(action: Action, focus: str | None) -> Action:
    text = action.action.rstrip()
    if focus is None or not text.endswith(".") or focus in text:
        return action
    action.action = f"{text[:-1]}, starting with {focus}."
    return action


_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
# A tool that stands in for a partner portal: somewhere partners find the material.
_PORTALS = {"portal", "prm"}


def _counted(segment: Segment) -> str:
    n = segment.partners or 0
    said = _WORDS[n] if n < len(_WORDS) else str(n)
    return f"the {said} {segment.type} partner{'s' if n != 1 else ''}"


def partners_said(facts: Facts) -> str:
    """The client's own partners as an action can name them: its largest by name in a long
    roster, its partner types and counts in a short one or in the notes, else its goals'
    partners."""
    roster = facts.roster
    small = facts.framework.thresholds.fit.small_roster_max
    if roster is not None and roster.total_partners > small and roster.top_contributors:
        return join_names(roster.top_contributors)
    segments = [s for s in (roster.segments if roster else facts.text.segments) if s.partners]
    if len(segments) > 2:
        # Three types or more read as a list of counts: the whole roster is said as one number.
        total = sum(s.partners or 0 for s in segments)
        return f"the {_WORDS[total]} partners" if total < len(_WORDS) else f"all {total} partners"
    if segments:
        return join_names([_counted(s) for s in segments])
    named = [g.subject for g in facts.goals if g.subject_kind == "partner" and g.subject]
    if named:
        return join_names(list(dict.fromkeys(named)))
    size = facts.team.roster_size or facts.text.partner_count
    if size is not None and 1 < size < len(_WORDS):
        return f"the {_WORDS[size]} partners"
    return "the partners you work with most"


def small_firm(facts: Facts) -> bool:
    """A partner team of one or two, or a handful of partners (thresholds.yaml `fit`)."""
    limits, team = facts.framework.thresholds.fit, facts.team
    people = None
    if team.sole_role:
        people = 1
    elif team.described:
        people = sum(r.count or 1 for r in team.roles)
    size = team.roster_size or facts.kpis.total_partners or facts.text.partner_count
    return (people is not None and people <= limits.small_team_max) or (
        size is not None and size <= limits.small_roster_max
    )


def ruled_out(facts: Facts) -> frozenset[Need]:
    """What the client cannot give a playbook action: everything a program team would need
    for a small firm; otherwise budget its constraints deny, a portal it does not have, people
    under a hiring freeze and a strategic tier no partner of its is in."""
    if small_firm(facts):
        return frozenset(get_args(Need))
    team = facts.team
    out: set[Need] = set()
    if team.budget is not None and team.budget.kind != "amount":
        out.add("budget")
    if not any(t.id in _PORTALS and t.status == "present" for t in team.tools):
        out.add("portal")
    if team.hiring_freeze:
        out.add("people")
    segments = facts.roster.segments if facts.roster else facts.text.segments
    if not any(s.type == "strategic" for s in segments):
        out.add("strategic")
    return frozenset(out)


@dataclass(frozen=True)
class Means:
    """What one client can give the playbook's actions, worked out once per plan."""

    ruled_out: frozenset[Need]
    partners: str


def means(facts: Facts) -> Means:
    return Means(ruled_out=ruled_out(facts), partners=partners_said(facts))


def play_for(play: Play, client: Means) -> PlayText:
    """The playbook action this client can carry out: the lean alternative when it rules out
    anything the action needs, with its own partners named."""
    chosen: PlayText = play.lean if play.lean and set(play.needs) & client.ruled_out else play
    fields = dict.fromkeys(PLAY_FIELDS, client.partners)
    return PlayText(
        action=chosen.action.format_map(fields),
        owner=chosen.owner,
        metric=chosen.metric,
        target=chosen.target.format_map(fields),
    )


def _drop_gap_search(horizons: dict[str, list[Action]], goal: Goal, facts: Facts) -> None:
    """A goal to sign partners in a region gets its own search for candidates there; the risk
    action searching for the same region's gap would say it twice. One naming other gaps too
    stays, linked to the goal."""
    metric = facts.framework.risk_actions.get("coverage", {}).get("metric")
    subject = (goal.subject or "").lower()
    gaps = [
        g.lower()
        for g in [*facts.text.coverage_gaps, *(facts.roster.coverage_gaps if facts.roster else [])]
    ]
    for actions in horizons.values():
        for action in list(actions):
            if action.metric != metric or not subject or subject not in action.action.lower():
                continue
            if all(subject in gap for gap in gaps):
                actions.remove(action)
            else:
                action.goals = [*action.goals, goal.id]


def fit_plan(facts: Facts, plan: Plan) -> Plan:
    team, goals = facts.team, facts.goals
    size = team.roster_size or facts.kpis.total_partners or facts.text.partner_count
    top = (
        facts.roster.concentration.top1_name
        if facts.roster and facts.roster.concentration
        else None
    )
    start = focus(facts)
    horizons: dict[str, list[Action]] = {}
    for horizon in ("days_30", "days_60", "days_90"):
        kept = []
        for action in getattr(plan, horizon):
            if any(contradicts(g, action, top) for g in goals):
                continue
            action.action = _scaled(action.action, size)
            target = _scaled(action.target, size)
            action.target = target[:1].upper() + target[1:]
            # The clause saying where to start names a goal's measure without serving the goal:
            # read without it, or a goal would lose the action of its own kind.
            said = action.action.replace(f", starting with {start}.", ".") if start else ""
            plain = action.model_copy(update={"action": said}) if said else action
            action.goals = action.goals or [g.id for g in goals if serves(g, plain)]
            kept.append(_constrained(action, team))
        horizons[horizon] = kept
    horizons["days_30"].extend(_event_actions(facts))
    served = {g for h in horizons.values() for a in h for g in a.goals}
    for index, goal in enumerate(g for g in goals if g.id not in served):
        # Spread the goals' own actions over the first two horizons, the first goal soonest.
        horizons["days_30" if index % 2 == 0 else "days_60"].append(_goal_action(goal, facts))
        if goal.measure in _NEW_PARTNERS and goal.subject_kind in {"region", "segment"}:
            _drop_gap_search(horizons, goal, facts)
    for actions in horizons.values():
        for action in actions:
            action.owner = _owner(action.owner, team)
    return Plan(**horizons)
