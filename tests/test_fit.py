"""The plan fitted to the client: goals served, owners from the team, counts within the roster,
ruled-out spend marked, and the report's objectives section and byline."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.drafting.engine import draft_report
from generator.drafting.fit import _scaled
from generator.evaluation.cases import load_case
from generator.evidence import analyse
from generator.evidence.team import roles_in
from generator.inputs import load_input
from generator.report import AssessmentReport
from generator.writers.render import render_markdown
from tests.conftest import EXAMPLES

ROOT = Path(__file__).resolve().parent.parent


def _case_report(name: str) -> AssessmentReport:
    case = load_case(ROOT / "evals" / "cases" / f"{name}.yaml", ROOT)
    return draft_report(analyse(case.data))


def _actions(report: AssessmentReport) -> list[str]:
    plan = report.plan
    return [f"{a.action} | {a.owner}" for a in [*plan.days_30, *plan.days_60, *plan.days_90]]


@pytest.mark.parametrize(
    ("text", "size", "expected"),
    [
        ("Review the top 10 partners each quarter.", 4, "Review all 4 partners each quarter."),
        ("Review the top 3 partners each quarter.", 4, "Review the top 3 partners each quarter."),
        ("Interview six partners across types.", 5, "Interview all 5 partners across types."),
        ("Interview six partners across types.", None, "Interview the partners across types."),
        ("Interview six partners across types.", 40, "Interview six partners across types."),
    ],
)
def test_partner_counts_never_exceed_the_roster(text: str, size: int | None, expected: str) -> None:
    assert _scaled(text, size) == expected


def test_one_person_owns_every_action() -> None:
    owners = {line.split(" | ")[1] for line in _actions(_case_report("c_solo_data_consultant"))}
    assert owners == {"Founder"}


def test_every_goal_has_an_action_that_lists_it() -> None:
    report = _case_report("e_cyber_msp_freeze")
    listed = {
        g
        for a in [*report.plan.days_30, *report.plan.days_60, *report.plan.days_90]
        for g in a.goals
    }
    assert {g.id for g in report.objectives.goals} <= listed


def test_owners_under_a_freeze_are_the_clients_roles_and_no_hire_is_advised() -> None:
    lines = _actions(_case_report("c_freeze_martech"))
    for line in lines:
        owner = line.split(" | ")[1]
        assert roles_in(owner) & {"head_of_partnerships", "partner_manager", "marketing"}, owner
    assert not any("hire" in line.lower() and "Investment decision" not in line for line in lines)


def test_the_byline_names_who_prepared_it_and_the_objectives_have_a_section() -> None:
    data = load_input(EXAMPLES / "manufacturer_distributors.yaml").model_copy(
        update={"prepared_by": "Hartley Advisory"}
    )
    facts = analyse(data)
    report = draft_report(facts)
    from generator.run import RunInfo

    md = render_markdown(
        report, [], RunInfo(drafter="engine", generator_version="t", created_at="")
    )
    assert "prepared by Hartley Advisory for Oberwald Pumps & Valves GmbH" in md
    assert "## Objectives and the gap to them" in md
    assert "| g1: Grow partner revenue from about EUR 12M to EUR 14M" in md
    assert "€2M up from today" in md


def test_a_deadline_that_cannot_follow_by_is_said_as_its_date() -> None:
    """"at the 2027 renewal" once became "by at the 2027" in the plan and the objectives."""
    from generator.inputs import parse_input
    from generator.run import RunInfo

    data = parse_input(
        {
            "partner_context": "Two vendor alliances and five referral partners.",
            "objectives": "Keep the productivity-suite alliance at its current partner level at "
            "the 2027 renewal, which needs four more certified consultants.",
            "constraints": "One founder and one partner manager.",
            "assessed_on": "2026-11-02",
        }
    )
    report = draft_report(analyse(data))
    md = render_markdown(report, [], RunInfo(drafter="engine", generator_version="t", created_at=""))
    assert "by at the" not in md
    # The deadline column keeps the event the date belongs to; a bare "at the 2027" would be
    # said as its date.
    assert any(g.deadline == "at the 2027 renewal" for g in report.objectives.goals)


def test_a_plural_owner_names_the_one_person_the_team_has() -> None:
    from generator.drafting.fit import _owner
    from generator.evidence.team import read_team
    from generator.inputs import parse_input

    data = parse_input(
        {
            "partner_context": "Twelve resellers.",
            "objectives": "Grow partner revenue by 20% next year.",
            "constraints": "One partner manager and a part-time marketing coordinator.",
        }
    )
    team = read_team(data, data.assessed_on)
    assert _owner("Partner managers", team) == "Partner manager"


def test_cutting_a_partner_types_ramp_time_does_not_contradict_growing_its_revenue() -> None:
    """Growing wholesaler bookings and cutting a wholesaler's wait for a first order once made
    the plan refuse itself: the second goal's action was read as reducing the wholesalers."""
    from generator.inputs import parse_input
    from generator.validators import check

    data = parse_input(
        {
            "partner_context": "Eleven craft-beer wholesalers sell our cans.",
            "objectives": "Onboard six wholesalers in Scotland by Q2 2027 and lift wholesaler "
            "bookings from GBP 300k to GBP 450k within two years. Shorten the wait from contract "
            "to a wholesaler's first order to 45 days.",
            "constraints": "One founder and one sales representative.",
            "assessed_on": "2026-11-02",
        }
    )
    facts = analyse(data)
    assert [g.subject for g in facts.goals] == ["Scotland", "wholesaler", "wholesaler"]
    report = draft_report(facts)
    assert not [f for f in check(report, facts) if f.code == "goal_contradicted"]
    assert [g.objective for g in report.objectives.goals] == [
        "Onboard six wholesalers in Scotland by Q2 2027",
        "Lift wholesaler bookings from GBP 300k to GBP 450k within two years",
        "Shorten the wait from contract to a wholesaler's first order to 45 days.",
    ]

# --- a plan this client can carry out ------------------------------------------------------

_SMALL_STUDIO = {
    "organisation": "Kilnwright Studio",
    "partner_context": "We sell kiln controllers through five pottery-supply shops and two "
    "ceramics schools that recommend us to their students. Partners get our price list by "
    "email; nobody has had product training this year.",
    "objectives": "Sign three more pottery-supply shops in Scandinavia by June 2027. Cut the "
    "time from signing to a shop's first order from 120 to 45 days. Lift partner satisfaction "
    "from 6/10 to 8/10 by the end of next year.",
    "constraints": "The team is the founder and one account manager. There is no partner "
    "portal and no budget for software.",
    "assessed_on": "2026-10-05",
}


def _studio_report() -> AssessmentReport:
    from generator.inputs import parse_input

    return draft_report(analyse(parse_input(_SMALL_STUDIO)))


def test_a_two_person_firm_without_a_portal_gets_only_actions_it_can_carry_out() -> None:
    import re

    report = _studio_report()
    plan = report.plan
    actions = [*plan.days_30, *plan.days_60, *plan.days_90]
    beyond = re.compile(
        r"in the portal|partner portal|to the portal|strategic partner|strategic tier|\bhire\b|"
        r"advisory board|\btiers?\b|Investment decision",
        re.IGNORECASE,
    )
    for action in actions:
        assert not beyond.search(f"{action.action} {action.target}"), action.action
    # The lean actions name the client's own partners, not a generic tier.
    text = " ".join(a.action for a in actions)
    assert "partners" in text


def test_play_for_takes_the_lean_alternative_only_when_a_need_is_ruled_out() -> None:
    from generator.drafting.fit import Means, play_for
    from generator.frameworks import Play, PlayText

    play = Play(
        action="Run a review with every strategic partner.",
        owner="Partner managers",
        metric="QBR completion rate",
        target="Reviews held with all strategic partners by day 60",
        needs=("strategic",),
        lean=PlayText(
            action="Run a review with {partners}.",
            owner="Head of partnerships",
            metric="QBR completion rate",
            target="Reviews held with each partner named by day 60",
        ),
    )
    kept = play_for(play, Means(ruled_out=frozenset({"budget"}), partners="the two agencies"))
    assert kept.action == play.action
    lean = play_for(play, Means(ruled_out=frozenset({"strategic"}), partners="the two agencies"))
    assert (lean.action, lean.owner) == ("Run a review with the two agencies.", "Head of partnerships")


@pytest.mark.parametrize(
    ("context", "expected"),
    [
        (
            "3 channel partners and 2 referral partners.",
            "the three channel partners and the two referral partners",
        ),
        ("We have nine partners in all.", "the nine partners"),
        ("We have partners.", "the partners you work with most"),
    ],
)
def test_the_clients_partners_are_named_from_its_own_notes(context: str, expected: str) -> None:
    from generator.drafting.fit import partners_said
    from generator.inputs import parse_input

    data = parse_input(
        {"partner_context": context, "objectives": "Grow partner revenue.", "constraints": "None."}
    )
    assert partners_said(analyse(data)) == expected


def test_goal_actions_of_different_measures_differ_and_name_whom_they_rest_on() -> None:
    from generator.drafting.fit import _goal_action
    from generator.evaluation.graders import _tail
    from generator.evidence.goals import Goal
    from generator.inputs import parse_input

    facts = analyse(parse_input(_SMALL_STUDIO))
    goals = [
        Goal(id="g1", quote="Sign three resellers in Iberia.", measure="partner_count",
             subject="Iberia", subject_kind="region", target=3, unit="count"),
        Goal(id="g2", quote="Cut the time to first order to 45 days.",
             measure="time_to_first_deal", current=120, target=45, unit="days",
             direction="reduce"),
        Goal(id="g3", quote="Grow revenue from installers to EUR 90k.", measure="partner_revenue",
             subject="installers", subject_kind="partner_type", target=90000, unit="money",
             currency="EUR"),
    ]
    actions = [_goal_action(g, facts) for g in goals]
    texts = [a.action for a in actions]
    tails = [_tail(t.rstrip(".").lower()) for t in texts]
    assert len(set(tails)) == 3, tails
    assert not any("tracked plan" in t for t in texts)
    assert "candidate partners in Iberia" in texts[0]
    assert "first-order kit" in texts[1]
    assert "the installers" in texts[2]
    assert [a.dimension for a in actions] == [
        "strategy_value",
        "onboarding_enablement",
        "gtm_cosell",
    ]


def test_a_priority_bearing_on_a_goal_outranks_an_equal_gap_that_does_not() -> None:
    from generator.drafting.engine import priorities
    from generator.evidence.goals import Goal
    from generator.inputs import parse_input

    facts = analyse(parse_input(_SMALL_STUDIO))
    for d in facts.dimensions:
        d.score = 2.0
    ranked = sorted(facts.dimensions, key=lambda d: d.score)
    facts.goals = []
    unlinked = [p.dimension for p in priorities(facts, ranked, [])]
    # Partner satisfaction is relationship work (goal_actions.yaml), the last of six equal gaps.
    facts.goals = [
        Goal(id="g1", quote="Lift partner satisfaction to 8/10.", measure="satisfaction",
             target=8, unit="rating")
    ]
    linked = priorities(facts, ranked, [])
    assert "relationship_trust" not in unlinked
    assert linked[0].dimension == "relationship_trust"
    assert "It bears on goal g1 (partner satisfaction)." in linked[0].rationale
