"""The team, freeze, budget, tools, events and roster size read from the constraints."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from generator.evidence.team import Team, covered_roles, read_team, roles_in
from generator.inputs import parse_input

CONTEXT = "We work with partners."


def _team(constraints: str, context: str = CONTEXT, **extra: Any) -> Team:
    data = parse_input(
        {
            "organisation": "Kestrel Tools Ltd",
            "partner_context": context,
            "objectives": "Grow partner revenue.",
            "constraints": constraints,
            "assessed_on": "2026-11-02",
            **extra,
        }
    )
    return read_team(data)


# One row: constraints, then the roles found as {role id: count} (None: a count not stated).
ROLES: list[tuple[str, dict[str, int | None]]] = [
    ("A two-person partner team and little executive time.", {"partner_team": 2}),
    ("One partner manager covers every reseller.", {"partner_manager": 1}),
    (
        "Three channel account managers and a VP of alliances.",
        {"partner_manager": 3, "head_of_partnerships": 1},
    ),
    ("Only the founder has time for this.", {"founder": 1}),
    ("The owner is the only one who talks to referrers.", {"founder": 1}),
    ("A part-time marketing coordinator helps with campaigns.", {"marketing": 1}),
    ("The two founders handle new business alongside client work.", {"founder": 2}),
    ("Ilse works alone as a sole practitioner.", {"founder": 1}),
    (
        "Partners are handled by account managers and a solutions engineer.",
        {"account_manager": None, "solutions_engineer": 1},
    ),
    ("There is no partner manager and no one whose job includes partners.", {}),
    ("We plan to hire a partner manager next year.", {}),
    ("We would like a channel marketing manager but cannot afford one.", {}),
    ("Nothing is written down and nothing is tracked.", {}),
    # Sales representatives under their everyday names, and the count "one".
    ("Our founder and one inside sales rep run the channel.", {"founder": None, "sales": 1}),
    ("Two account representatives look after the wholesalers.", {"sales": 2}),
    ("A field sales representative visits the installers.", {"sales": 1}),
    # A role another party holds is not the client's.
    ("The wholesalers' channel managers push our range.", {}),
    ("Each integrator's partner manager books the demos.", {}),
    ("Their account manager asks us for leads.", {}),
    ("Our counterpart at Brinkhof, a partner manager, changes every year.", {}),
    ("Piet from Ostara, their alliance manager, set up the deal.", {}),
    # The client's own possessives keep the role the client's.
    (
        "Our own channel manager and the company's sales manager split it.",
        {"partner_manager": None, "sales": None},
    ),
    ("Kestrel's partner manager covers the resellers.", {"partner_manager": None}),
    ("It's the partner manager who signs resellers.", {"partner_manager": None}),
    # "and" ends a possessive's reach.
    ("The distributors' price lists and one partner manager.", {"partner_manager": 1}),
]


@pytest.mark.parametrize(("constraints", "roles"), ROLES)
def test_roles_and_counts(constraints: str, roles: dict[str, int | None]) -> None:
    team = _team(constraints)
    assert {r.id: r.count for r in team.roles} == roles
    assert team.described == bool(roles)


def test_a_sole_person_and_part_time_help_are_recorded() -> None:
    team = _team("Only the founder has time for partners; a part-time marketing assistant helps.")
    assert team.sole_role == "founder"
    assert [r.id for r in team.roles if r.part_time] == ["marketing"]
    assert team.headcount == 2
    group = _team("The CRM is a free tier that only the account managers use.")
    assert group.sole_role is None  # a group that uses a tool is not the one owner


@pytest.mark.parametrize(
    ("text", "freeze"),
    [
        ("Headcount is frozen until the 2027 budget round.", True),
        ("There is a hiring freeze.", True),
        ("We cannot hire before April.", True),
        ("No new headcount this year.", True),
        ("We are hiring two partner managers.", False),
        ("A two-person partner team.", False),
    ],
)
def test_hiring_freeze(text: str, freeze: bool) -> None:
    assert _team(text).hiring_freeze is freeze


def test_a_freeze_stated_in_the_objectives_counts() -> None:
    data = parse_input(
        {
            "partner_context": CONTEXT,
            "objectives": "Double referral income without hiring a salesperson.",
            "constraints": "The founders do the selling.",
        }
    )
    assert read_team(data).hiring_freeze


@pytest.mark.parametrize(
    ("text", "kind", "amount"),
    [
        ("There is no budget for partner marketing.", "none", None),
        ("Nothing is paid and there is zero budget.", "none", None),
        ("A small co-marketing budget.", "small", None),
        ("The channel budget is $40k a year.", "amount", 40_000.0),
        ("Marketing can lend a campaign manager, with a small budget of EUR 25k.", "amount", 25e3),
    ],
)
def test_budget(text: str, kind: str, amount: float | None) -> None:
    budget = _team(text).budget
    assert budget is not None and (budget.kind, budget.amount) == (kind, amount)


def test_no_budget_statement_means_no_budget_read() -> None:
    assert _team("One partner manager.").budget is None


@pytest.mark.parametrize(
    ("text", "tools"),
    [
        ("HubSpot is the CRM.", {"crm": "present"}),
        ("Leads are kept in a spreadsheet; she has no CRM.", {"crm": "missing"}),
        ("There is no partner portal; resellers get price lists by email.", {"portal": "missing"}),
        ("A PRM is planned after the migration.", {"prm": "planned"}),
        ("We are evaluating a partner portal for next year.", {"portal": "planned"}),
        (
            "Salesforce holds deals, and partners use the portal.",
            {"crm": "present", "portal": "present"},
        ),
    ],
)
def test_tools(text: str, tools: dict[str, str]) -> None:
    assert {t.id: t.status for t in _team(text).tools} == tools


@pytest.mark.parametrize(
    ("text", "event", "when"),
    [
        (
            "The distribution agreement with Alder renews in March 2027.",
            "contract_renewal",
            date(2027, 3, 31),
        ),
        ("The CRM migration goes live by Q2 2027.", "system_upgrade", date(2027, 6, 30)),
        ("Our fiscal year ends in June 2027.", "fiscal_year_end", date(2027, 6, 30)),
        ("The reseller contracts expire within six months.", "contract_renewal", date(2027, 5, 2)),
        ("A platform upgrade is coming.", "system_upgrade", None),
    ],
)
def test_dated_events(text: str, event: str, when: date | None) -> None:
    events = _team(text).events
    assert [(e.id, e.when) for e in events] == [(event, when)]


@pytest.mark.parametrize(
    ("context", "partners", "size"),
    [
        ("We sell through 20 resellers.", None, 20),
        ("Five referrers send us work.", None, 5),
        ("A dozen MSP partners resell the service.", None, 12),
        ("Our partners are informal.", None, None),
        # The roster lists 2 of the 20 resellers the notes count: the larger figure is the size.
        (
            "We sell through 20 resellers.",
            [{"name": "A", "type": "channel"}, {"name": "B", "type": "channel"}],
            20,
        ),
        ("Two partners.", [{"name": f"P{i}", "type": "channel"} for i in range(4)], 4),
    ],
)
def test_roster_size(context: str, partners: list[dict[str, str]] | None, size: int | None) -> None:
    extra = {"partners": partners} if partners else {}
    assert _team("One partner manager.", context=context, **extra).roster_size == size


@pytest.mark.parametrize(
    ("owner", "roles"),
    [
        ("Partner managers", {"partner_manager"}),
        ("RevOps / CRM admin", {"operations"}),
        ("Head of partnerships", {"head_of_partnerships"}),
        ("Founder", {"founder"}),
        ("Executive sponsor", {"executive"}),
        ("Someone", set()),
    ],
)
def test_owner_texts_name_roles(owner: str, roles: set[str]) -> None:
    assert roles_in(owner) == roles


def test_a_founder_covers_the_roles_a_small_firm_has_no_one_else_for() -> None:
    assert {"executive", "partner_manager"} <= covered_roles(["founder"])
    assert "marketing" not in covered_roles(["founder"])
