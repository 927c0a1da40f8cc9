"""The client's capacity read from its constraints and context: who can own partner work, how
many of them, whether anyone can be hired, the budget, the tools, and dated events.

The vocabulary is data in frameworks/readiness/roles.yaml, compiled into linear patterns by
generator/phrases.py. A role is read with the few words before it in its own clause, so "no
one whose job includes partners" and "we plan to hire a partner manager" add no one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from generator.errors import FrameworkError
from generator.evidence.goals import (
    DEADLINE,
    deadline_date,
    event_date,
    phrases_pattern,
    read_vocabulary_file,
    validated,
)
from generator.evidence.text import Clause, clauses
from generator.inputs import AssessmentInput
from generator.numbers import CARDINALS, read_figures

ToolStatus = Literal["present", "missing", "planned"]
BudgetKind = Literal["none", "small", "amount"]


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Named(_Data):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]{0,39}$")
    name: str = Field(min_length=1)
    phrases: tuple[str, ...] = Field(min_length=1)


class _Role(_Named):
    covers: tuple[str, ...] = ()


class _Budget(_Data):
    none: tuple[str, ...]
    small: tuple[str, ...]


class _HeldByOthers(_Data):
    possessives: tuple[str, ...]
    own: tuple[str, ...]
    employer: tuple[str, ...]


class RoleVocabulary(_Data):
    roles: tuple[_Role, ...] = Field(min_length=1)
    held_by_others: _HeldByOthers
    part_time: tuple[str, ...]
    sole: tuple[str, ...]
    hiring_freeze: tuple[str, ...]
    budget: _Budget
    tools: tuple[_Named, ...]
    tool_missing: tuple[str, ...]
    tool_planned: tuple[str, ...]
    events: tuple[_Named, ...]


@dataclass(frozen=True)
class _Compiled:
    vocabulary: RoleVocabulary
    roles: tuple[tuple[_Role, re.Pattern[str]], ...]
    tools: tuple[tuple[_Named, re.Pattern[str]], ...]
    events: tuple[tuple[_Named, re.Pattern[str]], ...]
    part_time: re.Pattern[str]
    sole: re.Pattern[str]
    freeze: re.Pattern[str]
    no_budget: re.Pattern[str]
    small_budget: re.Pattern[str]
    tool_missing: re.Pattern[str]
    tool_planned: re.Pattern[str]


@cache
def vocabulary() -> _Compiled:
    name = "roles.yaml"
    v = validated(RoleVocabulary, read_vocabulary_file(name), name)

    def each(items: tuple[_Named, ...]) -> tuple[tuple[_Named, re.Pattern[str]], ...]:
        return tuple((item, phrases_pattern(item.phrases, name)) for item in items)

    known = {r.id for r in v.roles}
    for role in v.roles:
        unknown = [c for c in role.covers if c not in known]
        if unknown:
            raise FrameworkError(
                f"frameworks/readiness/{name}: roles.{role.id}.covers: "
                f"unknown role {unknown[0]!r}; use a role id of this file"
            )
    return _Compiled(
        vocabulary=v,
        roles=tuple((r, phrases_pattern(r.phrases, name)) for r in v.roles),
        tools=each(v.tools),
        events=each(v.events),
        part_time=phrases_pattern(v.part_time, name),
        sole=phrases_pattern(v.sole, name),
        freeze=phrases_pattern(v.hiring_freeze, name),
        no_budget=phrases_pattern(v.budget.none, name),
        small_budget=phrases_pattern(v.budget.small, name),
        tool_missing=phrases_pattern(v.tool_missing, name),
        tool_planned=phrases_pattern(v.tool_planned, name),
    )


def role_ids() -> list[str]:
    return [r.id for r, _ in vocabulary().roles]


def role_name(role_id: str) -> str:
    return next(r.name for r, _ in vocabulary().roles if r.id == role_id)


def role_pattern(role_id: str) -> re.Pattern[str]:
    return next(p for r, p in vocabulary().roles if r.id == role_id)


def covered_roles(role_ids: set[str] | list[str]) -> set[str]:
    """These roles and the roles whose work they do when no one else is named."""
    out = set(role_ids)
    for role, _ in vocabulary().roles:
        if role.id in out:
            out |= set(role.covers)
    return out


def roles_in(text: str) -> set[str]:
    """The role ids an owner's text names ("Partner manager / RevOps" names two)."""
    # A role's own name ("Marketing", "Sales") names it too: the plan writes owners by name.
    name = " ".join(text.lower().split())
    return {r.id for r, p in vocabulary().roles if p.search(text) or r.name.lower() == name}


class Role(BaseModel):
    id: str = Field(description="A role id of roles.yaml.")
    name: str
    count: int | None = Field(default=None, description="How many people, where stated.")
    part_time: bool = False
    quote: str


class Tool(BaseModel):
    id: str
    name: str
    status: ToolStatus
    quote: str


class Budget(BaseModel):
    kind: BudgetKind
    amount: float | None = None
    quote: str


class DatedEvent(BaseModel):
    id: str
    name: str
    when: date | None = None
    written: str | None = None
    quote: str


class Team(BaseModel):
    """Who can do the partner work, and what limits the plan."""

    described: bool = Field(description="Whether the text names anyone who does partner work.")
    roles: list[Role] = Field(default_factory=list)
    sole_role: str | None = Field(
        default=None, description="The one role that has time for partner work, if only one."
    )
    headcount: int | None = Field(default=None, description="People named with a count.")
    hiring_freeze: bool = False
    budget: Budget | None = None
    tools: list[Tool] = Field(default_factory=list)
    events: list[DatedEvent] = Field(default_factory=list)
    roster_size: int | None = Field(
        default=None, description="Partners on the roster, or the count the text states."
    )

    def role_ids(self) -> set[str]:
        return {r.id for r in self.roles}


# A count is one of the three words right before a role: "two partner managers", "a
# part-time marketing coordinator", "a two-person partner team", "both founders".
_COUNT_WORD = re.compile(r"^(?P<n>\d{1,3}|[a-z]{1,8})(?:-(?:person|people|strong|man))?$")
_COUNTS = {
    **{word: int(value) for word, value in CARDINALS.items() if " " not in word},
    "a": 1,
    "an": 1,
    "single": 1,
    "both": 2,
}
# Before a role: it does not exist yet, or is only wished for.
_ABSENT = re.compile(
    r"\b(?:no|not|without|lacks?|lacking|nobody|never|neither|nor|hire|hiring|recruit|"
    r"recruiting|vacancy|vacant|need|needs|want|wants|would\slike|plan\sto|planned|open\srole|"
    r"budget\sfor|instead\sof|rather\sthan|other\sthan|competitor's|competitors')\b",
    re.IGNORECASE,
)
_WINDOW = 40
_ONLY_AFTER = re.compile(r"\s(?:is|was)\s(?:the\s)?only\b", re.IGNORECASE)
_PARTNER_NOUNS = {
    "partners",
    "partner",
    "resellers",
    "distributors",
    "integrators",
    "agencies",
    "affiliates",
    "referrals",
    "msps",
    "isvs",
    "vars",
    "alliances",
    "oems",
}
# Counts the shared reader leaves alone: "a dozen MSP partners", "five referrers". At most one
# word between, so "20 years with partners" is no count.
_PARTNER_COUNT = re.compile(
    r"\b(?P<n>\d{1,4}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a\sdozen)\s"
    r"(?:[A-Za-z-]{1,20}\s)?(?:partners|resellers|distributors|MSPs|agencies|referrers|"
    r"referring\s(?:firms|partners)|introducers|partnerships)\b",
    re.IGNORECASE,
)


def _window(text: str, start: int) -> str:
    return text[max(0, start - _WINDOW) : start]


def _count(before: str) -> int | None:
    for word in reversed(before[-60:].lower().split()[-3:]):
        found = _COUNT_WORD.match(word.strip(",;:()"))
        if found:
            n = found["n"]
            value = _COUNTS.get(n) or (int(n) if n.isdigit() else None)
            if value is not None:
                return value
    return None


# Words that end the run of words a possessive can qualify: "the vendors' prices and one sales
# rep" gives the rep to no vendor.
_RUN_BREAK = {"and", "or", "but", "plus", "with", "by", "to", "is", "are", "was", "were", "has"}
# Words in 's that are no possessive.
_CONTRACTIONS = {"it's", "that's", "there's", "here's", "who's", "what's", "he's", "she's", "let's"}


def _held_by_others(before: str, own: frozenset[str]) -> bool:
    """Whether the words right before a role give it to another party: "the distributor's
    channel manager", "their partner manager", "our contact at Agrimex, a partner manager".

    A literal look at the last few words, never a pattern over the text.
    """
    others = vocabulary().vocabulary.held_by_others
    head, comma, tail = before.replace("\u2019", "'").lower().rpartition(",")
    words = tail.split()
    if comma and len(words) <= 2 and set(head.split()[-4:]) & set(others.employer):
        return True
    for raw in reversed(words[-3:]):
        word = raw.strip('()"')
        if word in own or word in _RUN_BREAK or word in _CONTRACTIONS:
            return False
        if word in others.possessives or word.endswith(("'s", "s'")):
            return True
    return False


def _own_words(organisation: str | None) -> frozenset[str]:
    """The client's own possessives: "our", "the company's", and its name's ("Veldwerk's")."""
    own = set(vocabulary().vocabulary.held_by_others.own)
    own |= {f"{word}'s" for word in (organisation or "").lower().replace("\u2019", "'").split()}
    return frozenset(own)


def _roles(parts: list[Clause], organisation: str | None = None) -> tuple[list[Role], str | None]:
    v = vocabulary()
    own = _own_words(organisation)
    found: dict[str, Role] = {}
    sole: str | None = None
    for part in parts:
        clause = part.text
        # Whose a role is may be said before its clause ("our contact at Agrimex, a partner
        # manager"): that check reads on into the sentence.
        at = part.sentence.find(clause)
        taken = bytearray(len(clause))
        for role, pattern in v.roles:
            for hit in pattern.finditer(clause):
                if any(taken[hit.start() : hit.end()]):
                    continue
                taken[hit.start() : hit.end()] = b"\x01" * (hit.end() - hit.start())
                before = _window(clause, hit.start())
                lead = _window(part.sentence, at + hit.start()) if at >= 0 else before
                if _ABSENT.search(before) or _held_by_others(lead, own):
                    continue
                count = _count(clause[: hit.start()])
                part_time = bool(v.part_time.search(before))
                # "only the founder has time", "the owner is the only one": one person, so
                # one owner. "only the account managers use it" names a group, not a sole owner.
                singular = not hit.group(0).lower().endswith("s")
                after = clause[hit.end() : hit.end() + 25]
                if singular and (v.sole.search(before[-25:]) or _ONLY_AFTER.match(after)):
                    sole, count = role.id, count or 1
                known = found.get(role.id)
                if known is None:
                    found[role.id] = Role(
                        id=role.id,
                        name=role.name,
                        count=count,
                        part_time=part_time,
                        quote=clause,
                    )
                elif known.count is None and count is not None:
                    known.count = count
    return list(found.values()), sole


def _tools(texts: list[str]) -> list[Tool]:
    v = vocabulary()
    out: dict[str, Tool] = {}
    for clause in texts:
        for tool, pattern in v.tools:
            hit = pattern.search(clause)
            if not hit or tool.id in out:
                continue
            before = _window(clause, hit.start())
            after = clause[hit.end() : hit.end() + _WINDOW]
            status: ToolStatus = "present"
            if v.tool_missing.search(before):
                status = "missing"
            elif v.tool_planned.search(before) or v.tool_planned.search(after):
                status = "planned"
            out[tool.id] = Tool(id=tool.id, name=tool.name, status=status, quote=clause)
    return list(out.values())


def _budget(texts: list[str]) -> Budget | None:
    v = vocabulary()
    small: Budget | None = None
    for clause in texts:
        if v.no_budget.search(clause):
            return Budget(kind="none", quote=clause)
        if "budget" in clause.lower():
            money = [f for f in read_figures(clause) if f.kind == "money"]
            if money:
                return Budget(kind="amount", amount=money[0].value, quote=clause)
        if small is None and v.small_budget.search(clause):
            small = Budget(kind="small", quote=clause)
    return small


def _events(texts: list[str], today: date) -> list[DatedEvent]:
    v = vocabulary()
    out: list[DatedEvent] = []
    for clause in texts:
        for event, pattern in v.events:
            if not pattern.search(clause):
                continue
            # A calendar date first ("cuts over on 15 February 2027"); else a deadline phrase
            # that is not a length of time ("frozen for two weeks" says how long, not when;
            # "expire within six months" says when).
            dated = event_date(clause, today) or next(
                (
                    (d, m.group(0))
                    for m in DEADLINE.finditer(clause)
                    if not (m["n"] and m.group(0).lower().startswith(("for", "over")))
                    and (d := deadline_date(m, today))
                ),
                None,
            )
            out.append(
                DatedEvent(
                    id=event.id,
                    name=event.name,
                    when=dated[0] if dated else None,
                    written=dated[1] if dated else None,
                    quote=clause,
                )
            )
            break
    return out


def roster_size(data: AssessmentInput) -> int | None:
    """The larger of the roster's size and the largest partner count the context states: a
    roster may list only the partners that matter ("4 of our 20 resellers")."""
    counts = [len(data.partners)] if data.partners else []
    counts += [
        int(f.value)
        for f in read_figures(data.partner_context)
        if f.kind == "count" and f.noun in _PARTNER_NOUNS and f.whole is None
    ]
    for found in _PARTNER_COUNT.finditer(data.partner_context):
        word = " ".join(found["n"].lower().split())
        counts.append(12 if word == "a dozen" else _COUNTS.get(word) or int(word))
    return max(counts) if counts else None


def read_team(data: AssessmentInput, assessed_on: date | None = None) -> Team:
    """The team, tools, budget and dated events the constraints and the context describe."""
    today = assessed_on or data.assessed_on or date.today()
    parts = [
        c
        for field in ("constraints", "partner_context")
        for c in clauses(" ".join(getattr(data, field).split()), field)
    ]
    texts = [c.text for c in parts]
    roles, sole = _roles(parts, data.organisation)
    counted = [r.count for r in roles if r.count is not None]
    everything = texts + [c.text for c in clauses(" ".join(data.objectives.split()), "objectives")]
    return Team(
        described=bool(roles),
        roles=roles,
        sole_role=sole,
        headcount=sum(counted) if counted else None,
        hiring_freeze=any(vocabulary().freeze.search(t) for t in everything),
        budget=_budget(texts),
        tools=_tools(texts),
        events=_events(texts, today),
        roster_size=roster_size(data),
    )
