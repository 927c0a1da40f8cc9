"""Fitting found by reading invented clients' reports line by line: goal labels that say whom a
goal is about, one search per new region, complaints that reach the plan, the client's name
without its legal form, and evidence read the right way round."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from generator.drafting.engine import draft_report
from generator.errors import FrameworkError
from generator.evidence import analyse
from generator.evidence.goals import read_goals
from generator.evidence.indicators import text_evidence
from generator.evidence.text import clauses
from generator.formatting import short_name
from generator.inputs import parse_input
from generator.report import Action, AssessmentReport

TODAY = date(2026, 11, 23)


def _report(**fields: Any) -> AssessmentReport:
    data = {
        "organisation": "Hollins Cider Company Ltd",
        "assessed_on": "2026-11-23",
        "currency": "GBP",
        **fields,
    }
    return draft_report(analyse(parse_input(data)))


def _actions(report: AssessmentReport) -> list[Action]:
    return [*report.plan.days_30, *report.plan.days_60, *report.plan.days_90]


CIDER = {
    "partner_context": (
        "Hollins sells through seven pub wholesalers in the West Country and three farm shops. "
        "Wholesalers brought about GBP 900k last year, roughly two thirds of our revenue."
    ),
    "objectives": (
        "Appoint three wholesalers in Wales by June 2027 and grow wholesaler revenue from "
        "GBP 900k to GBP 1.2M within two years. Reduce dependence on Severn Drinks, which "
        "brings about a quarter of wholesale revenue."
    ),
    "constraints": "The team is the managing director and one sales representative.",
    "partners": [
        {"name": "Severn Drinks", "type": "channel", "region": "West Country", "revenue": 240000},
        {
            "name": "Quantock Wholesale",
            "type": "channel",
            "region": "West Country",
            "revenue": 180000,
        },
        {"name": "Exe Valley Farm Shop", "type": "referral", "region": "Devon", "revenue": 40000},
    ],
}


def test_goal_labels_say_whom_the_goal_is_about() -> None:
    labels = [g.measure for g in _report(**CIDER).objectives.goals]
    assert labels == [
        "signed partners in Wales",
        "partner-sourced revenue from wholesalers",
        "reliance on Severn Drinks",
    ]


def test_a_dependence_goal_reads_what_the_partner_brings_today() -> None:
    goals = read_goals(CIDER["objectives"], TODAY, "GBP", ["Severn Drinks"])
    dependence = next(g for g in goals if g.measure == "concentration")
    assert dependence.subject == "Severn Drinks"
    assert dependence.current == pytest.approx(25.0)
    assert dependence.target is None


def test_signing_partners_in_a_region_is_searched_for_once() -> None:
    actions = [a.action for a in _actions(_report(**CIDER))]
    searches = [a for a in actions if "Wales" in a and ("candidate" in a or "shortlist" in a)]
    assert len(searches) == 1, searches
    assert "to reach 3 signed partners in Wales by June 2027" in searches[0]


def test_deal_work_on_a_goal_is_shared_with_the_salesperson() -> None:
    owners = {a.owner for a in _actions(_report(**CIDER)) if a.goals}
    assert "Sales" in owners, owners


@pytest.mark.parametrize(
    "sentence",
    [
        "Invoices to resellers go out late every month, and resellers complain about it.",
        "Installers grumble that the warranty form takes an hour to fill in.",
    ],
)
def test_what_partners_complain_about_gets_a_30_day_action(sentence: str) -> None:
    report = _report(
        partner_context=f"We work with twelve resellers. {sentence}",
        objectives="Grow partner revenue.",
        constraints="The team is a channel manager and two sales reps.",
    )
    fixes = [a for a in report.plan.days_30 if "complaint" in a.action]
    assert len(fixes) == 1
    said = sentence.split(", and")[0].rstrip(".").lower()
    assert said[:30] in fixes[0].action.lower()


def test_no_complaints_is_not_a_complaint() -> None:
    report = _report(
        partner_context="We work with twelve resellers and hear no complaints about lead routing.",
        objectives="Grow partner revenue.",
        constraints="The team is a channel manager and two sales reps.",
    )
    assert not any("complaint" in a.action for a in _actions(report))


def test_only_the_complained_about_clause_is_quoted() -> None:
    report = _report(
        partner_context=(
            "Resellers get a 15% margin, but the rebate statement arrives six weeks late, "
            "which resellers complain about."
        ),
        objectives="Grow partner revenue.",
        constraints="The team is a channel manager and two sales reps.",
    )
    fix = next(a for a in report.plan.days_30 if "complaint" in a.action)
    assert "rebate statement" in fix.action
    assert "15% margin" not in fix.action


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("Hollins Cider Company Ltd", "Hollins Cider Company"),
        ("Kleinwerk Antriebe GmbH", "Kleinwerk Antriebe"),
        ("Tidewater Freight, Inc.", "Tidewater Freight"),
        ("Marsh & Co", "Marsh & Co"),
        ("Ltd", "Ltd"),
    ],
)
def test_the_client_is_named_without_its_legal_form_in_running_text(name: str, short: str) -> None:
    assert short_name(name) == short


def test_findings_name_the_client_without_its_legal_form() -> None:
    report = _report(**CIDER)
    text = " ".join(f for e in report.scorecard for f in e.findings)
    assert "Hollins Cider Company Ltd" not in text


def _signals(text: str, source: str = "partner_context") -> dict[str, list[str]]:
    found = text_evidence(clauses(text, source))
    return {k: [e.signal for e in v] for k, v in found.items()}


def test_deal_registration_by_email_is_no_strength() -> None:
    signals = _signals("Deal registration is done by email to the sales director.")
    assert signals["lead_routing"] and not {"present", "strong"} & set(signals["lead_routing"])


def test_a_pack_last_updated_years_ago_is_broken_evidence() -> None:
    signals = _signals("A reseller welcome pack exists but was last updated in 2022.")
    assert signals.get("resources") == ["broken"]


def test_having_no_prm_is_not_evidence_about_partner_material() -> None:
    assert "resources" not in _signals("There is no PRM; the CRM is Pipedrive.", "constraints")


def test_a_time_to_onboard_partners_is_a_goal() -> None:
    goals = read_goals("Shorten reseller onboarding from 120 days to 60 days.", TODAY, "EUR")
    assert [(g.measure, g.direction, g.current, g.target) for g in goals] == [
        ("time_to_first_deal", "reduce", 120.0, 60.0)
    ]


def test_the_balanced_scorecard_shows_targets_in_their_unit() -> None:
    report = _report(**{**CIDER, "objectives": "Grow partner revenue to GBP 1.2M by 2028."})
    card = report.performance_dashboard.balanced_scorecard
    assert card is not None
    revenue = next(m for m in card.measures if m.id == "partner_revenue")
    assert revenue.target_shown == "£1.2M"


def test_a_registration_that_takes_working_days_is_broken() -> None:
    signals = _signals("Installers register leads on a form and approval takes six working days.")
    assert signals.get("lead_routing") == ["broken"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Sales can lend a part-time coordinator for co-marketing.",
        "There is a small budget for co-marketing events.",
    ],
)
def test_capacity_and_budget_in_the_constraints_are_limits_not_practice(sentence: str) -> None:
    assert "co_developed_assets" not in _signals(sentence, "constraints")


def test_a_stale_enablement_resource_is_an_enablement_gap() -> None:
    report = _report(
        partner_context="A reseller welcome pack exists but was last updated in 2022.",
        objectives="Grow partner revenue.",
        constraints="The team is a channel manager and two sales reps.",
    )
    quoted = [f.finding for f in report.enablement_gaps.feedback]
    assert any("welcome pack" in q for q in quoted), quoted


def test_a_share_of_new_customers_through_a_partner_type_names_it() -> None:
    goals = read_goals("Win a third of new clients through accountancy firms by 2028.", TODAY)
    assert [(g.measure, g.subject, g.subject_kind) for g in goals] == [
        ("new_customer_share", "accountancy firms", "partner_type")
    ]


def test_many_partner_types_are_said_as_one_count() -> None:
    partners = [
        {"name": f"Partner {n}", "type": kind, "revenue": 1000 * n}
        for n, kind in enumerate(["channel"] * 4 + ["referral"] * 3 + ["technology"] * 2, 1)
    ]
    report = _report(
        partner_context="Nine partners of three kinds.",
        objectives="Grow partner revenue.",
        constraints="The team is a channel manager and two sales reps.",
        partners=partners,
    )
    text = " ".join(a.action for a in _actions(report))
    assert "the nine partners" in text and "the four channel partners, the three" not in text


@pytest.mark.parametrize(
    ("objectives", "expected"),
    [
        (
            "Halve billing disputes with our resellers from 30 a month to 15.",
            [("disputes", "reduce", 30.0, 15.0)],
        ),
        (
            "We'd like ten referrals a quarter.",
            [("referrals", "grow", None, 10.0)],
        ),
        (
            "Get 70% of dealer orders through the portal instead of by phone.",
            [("channel_revenue", "grow", None, 70.0)],
        ),
        (
            "Ideally a third of all new jobs should come through installers.",
            [("revenue_share", "grow", None, pytest.approx(33.3, abs=0.1))],
        ),
    ],
)
def test_goals_in_everyday_wording(objectives: str, expected: list[tuple[Any, ...]]) -> None:
    goals = read_goals(objectives, TODAY, "EUR")
    assert [(g.measure, g.direction, g.current, g.target) for g in goals] == expected


def test_a_two_person_practice_is_run_by_its_owners() -> None:
    report = _report(
        partner_context=(
            "Two-person practice: one partner designs, the other installs. A few architects "
            "send work now and then."
        ),
        objectives="A dozen referrals a year.",
        constraints="No budget to speak of.",
    )
    owners = {a.owner for a in _actions(report)}
    assert owners == {"Founder"}
    assert not any("RACI" in a.action for a in _actions(report))


def test_the_n_largest_is_never_more_than_the_roster() -> None:
    from generator.drafting.fit import _scaled

    assert _scaled("Agree a scorecard with the ten largest partnerships.", 6) == (
        "Agree a scorecard with all 6 partnerships."
    )
    assert _scaled("Review the three largest partners.", 6) == "Review the three largest partners."


@pytest.mark.parametrize(
    ("notes", "health"),
    [
        ("Procurement has asked for a competing quote from another supplier.", "at_risk"),
        ("Our contact changed in May and the new one has not called back.", "at_risk"),
        ("Contract renewal in June is under review by their board.", "at_risk"),
        ("The contact details changed last week.", "passive"),
    ],
)
def test_notes_that_put_a_partner_at_risk(notes: str, health: str) -> None:
    partner = {
        "name": "Brightwater Cold Chain",
        "type": "channel",
        "revenue": 100000,
        "engagement": "medium",
        "last_activity": "2026-11-01",
        "notes": notes,
    }
    other = {"name": "Other Co", "type": "channel", "revenue": 900000, "engagement": "medium"}
    report = _report(
        partner_context="Two channel partners.",
        objectives="Grow partner revenue.",
        constraints="A channel manager.",
        partners=[partner, other],
    )
    rows = {p.name: p.health for p in report.portfolio_map.partners}
    assert rows["Brightwater Cold Chain"] == health


def test_an_acronym_keeps_its_capitals_inside_a_sentence() -> None:
    from generator.formatting import lower_first

    assert lower_first("ROI tracking") == "ROI tracking"
    assert lower_first("Resources") == "resources"


@pytest.mark.parametrize(
    "constraints",
    [
        "The programme budget is capped at EUR 30,000, including any portal changes.",
        "The ERP migration cuts over in March, and the partner portal is frozen around it.",
    ],
)
def test_a_dated_or_capped_limit_in_the_constraints_is_no_evidence(constraints: str) -> None:
    assert "resources" not in _signals(constraints, "constraints")


def test_disputes_named_without_a_way_of_settling_them_are_no_process() -> None:
    assert _signals("Rebate disputes run at about 25 a month.")["conflict_resolution"] == [
        "partial"
    ]
    assert _signals("Every dispute goes through a written resolution process.")[
        "conflict_resolution"
    ] == ["strong"]


def test_a_dated_renewal_and_migration_each_get_an_action() -> None:
    report = _report(
        partner_context="Two channel partners resell the range.",
        objectives="Grow partner revenue.",
        constraints=(
            "The distribution agreement with our largest wholesaler is up for renewal on "
            "31 March 2027. The ERP migration cuts over on 12 January 2027 and the order "
            "portal is frozen for two weeks around it."
        ),
    )
    first = [a.action for a in report.plan.days_30]
    assert any(a.startswith("Prepare the contract renewal due 31 March 2027") for a in first)
    assert any("system change (12 January 2027)" in a for a in first)


def test_an_event_without_a_date_or_beyond_the_year_plans_nothing() -> None:
    report = _report(
        partner_context="Two channel partners resell the range.",
        objectives="Grow partner revenue.",
        constraints="A CRM migration is planned in 2029; the portal is frozen for two weeks.",
    )
    assert not any("system change" in a.action for a in _actions(report))


def test_an_event_action_with_an_unknown_placeholder_fails_at_load(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.drafting import fit

    broken = {
        "goal_actions": {"default": {"owner": "Head of partnerships", "action": "{aim} {when}"}},
        "event_actions": {
            "contract_renewal": {
                "owner": "Head of partnerships",
                "metric": "Renewals prepared",
                "action": "Prepare {partner}'s renewal.",
                "target": "Ready by {when}",
            }
        },
    }
    monkeypatch.setattr(fit, "read_vocabulary_file", lambda name: broken)
    fit.event_actions.cache_clear()
    try:
        with pytest.raises(FrameworkError, match=r"event_actions.contract_renewal.action: unknown"):
            fit.event_actions()
    finally:
        fit.event_actions.cache_clear()


def test_a_deadline_keeps_the_event_its_date_belongs_to() -> None:
    goals = read_goals("Open two stockists in Ireland before the Q2 2027 trade fair.", TODAY)
    assert [g.deadline_written for g in goals] == ["before the Q2 2027 trade fair"]


def test_a_yearly_rate_without_a_deadline_is_checked_within_a_year() -> None:
    report = _report(
        partner_context="A few architects send work now and then.",
        objectives="Twenty referrals a year from architects.",
        constraints="The founder does this alone.",
    )
    goal_actions = [a for a in _actions(report) if a.goals]
    assert goal_actions and all("within a year" in a.target for a in goal_actions)
