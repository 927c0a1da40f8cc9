"""The evidence engine: cue phrases, figures, roster analytics, text statements."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from generator.evidence import analyse
from generator.evidence.indicators import text_evidence
from generator.evidence.roster import analyse_roster
from generator.evidence.text import clauses
from generator.inputs import Partner, load_input, parse_input
from tests.conftest import EXAMPLES, MINIMAL, ROOT


def _signals(text: str) -> dict[str, list[tuple[str, float]]]:
    found = text_evidence(clauses(text, "partner_context"))
    return {k: [(e.signal, e.score) for e in v] for k, v in found.items()}


@pytest.mark.parametrize(
    ("text", "indicator", "signal", "score"),
    [
        ("There is no joint GTM plan with any partner.", "joint_gtm_plan", "absent", 1.0),
        ("QBRs are held only about 30% of the time.", "cadence", "figure", 2.2),
        ("Revenue is tracked in the CRM but engagement is not.", "scorecards", "absent", 1.0),
        ("Lead routing is unclear.", "lead_routing", "partial", 2.0),
        ("We plan to launch a partner portal next year.", "resources", "planned", 1.5),
        ("Partners use a partner portal.", "resources", "present", 3.5),
        ("Every strategic partner has a joint business plan.", "joint_gtm_plan", "strong", 4.5),
        ("The last survey rated training 5/10.", "training", "figure", 2.5),
        (
            "Sales-out reports arrive from about half the distributors.",
            "attribution",
            "figure",
            3.0,
        ),
        ("Our champion at the OEM left in May.", "multi_threaded", "absent", 1.5),
        ("There are no partners in APAC.", "portfolio_balance", "partial", 2.0),
        # Negations that affirm the practice, and mentions that are gaps by themselves.
        ("We never miss a QBR.", "cadence", "strong", 4.5),
        ("We rarely miss a QBR.", "cadence", "strong", 4.5),
        ("There are no problems with lead routing.", "lead_routing", "strong", 4.5),
        ("Partners learn about price changes from customers.", "transparency", "absent", 1.5),
        ("We have 4 channel partners.", "partner_types_tiers", "partial", 2.5),
    ],
)
def test_cue_signal(text: str, indicator: str, signal: str, score: float) -> None:
    assert (signal, score) in _signals(text)[indicator]


def test_a_rating_qualifies_only_the_practice_next_to_it() -> None:
    signals = _signals("Our partner survey last spring rated training 5/10.")
    assert ("figure", 2.5) in signals["training"]
    assert [signal for signal, _ in signals["feedback_loop"]] == ["partial"]


def test_elliptic_negation_borrows_the_verb() -> None:
    texts = [c.text for c in clauses("Revenue is tracked but engagement is not.", "x")]
    assert texts == ["Revenue is tracked", "engagement is not tracked"]


def test_objectives_are_not_read_as_current_practice() -> None:
    data = parse_input(MINIMAL | {"objectives": "Launch three co-innovation initiatives."})
    co_innovation = analyse(data).dimension("relationship_trust").indicators[3]
    assert co_innovation.id == "co_innovation" and co_innovation.evidence == []


def test_indicator_ratings_decide_the_dimension_score() -> None:
    ratings = {"gtm_cosell": {"joint_gtm_plan": 2, "lead_routing": 3}}
    data = parse_input(
        MINIMAL | {"partner_context": "Every partner has a joint plan.", "indicators": ratings}
    )
    gtm = analyse(data).dimension("gtm_cosell")
    assert (gtm.score, gtm.basis, gtm.evidenced) == (2.5, "ratings", 2)


def test_dimension_without_evidence_defaults_with_no_confidence() -> None:
    facts = analyse(parse_input(MINIMAL))
    conflict = facts.dimension("governance_communication")
    assert (conflict.score, conflict.basis, conflict.confidence) == (2.0, "default", "none")


def test_worked_example_scores_and_statements() -> None:
    facts = analyse(load_input(EXAMPLES / "saas_worked_example.yaml"))
    t = facts.text
    assert (t.partner_count, t.partner_revenue, t.partner_revenue_share_pct) == (25, 8e6, 20.0)
    assert t.active_rate_pct == 40.0
    assert t.coverage_gaps == ["no partners in APAC"]
    assert t.at_risk == [
        "1 strategic partner at risk because its champion left: $1.5M ARR with no executive "
        "relationship"
    ]
    segments = {s.type: s for s in t.segments}
    assert (segments["strategic"].partners, segments["strategic"].revenue) == (5, 6e6)
    assert (segments["channel"].engaged, segments["channel"].dormant) == (5, 3)
    gtm = facts.dimension("gtm_cosell")
    assert gtm.indicators[0].score == 1.0  # "no joint GTM plan"
    assert facts.dimension("governance_communication").indicators[1].score == 2.2  # QBRs 30%
    assert facts.overall_score == round(sum(d.score for d in facts.dimensions) / 6 + 1e-9, 1)


def _partner(**fields: Any) -> Partner:
    return Partner.model_validate({"name": "P", "type": "channel"} | fields)


DAY = date(2026, 11, 2)


@pytest.mark.parametrize(
    ("fields", "health", "reason"),
    [
        ({"revenue": 0, "pipeline": 0, "engagement": "low"}, "dormant", "engagement low"),
        ({"last_activity": "2026-01-01"}, "dormant", "no activity for 305 days"),
        (
            {"revenue": 9e5, "engagement": "high", "notes": "Our champion left in May."},
            "at_risk",
            "champion left",
        ),
        (
            {"revenue": 9e5, "satisfaction": 5.0, "satisfaction_previous": 7.5},
            "at_risk",
            "fell from 7.5 to 5",
        ),
        ({"revenue": 9e5, "satisfaction": 4.0}, "at_risk", "satisfaction 4/10"),
        ({"revenue": 9e5, "last_activity": "2026-07-01"}, "at_risk", "no activity for 124 days"),
        (
            {"revenue": 9e5, "engagement": 80, "last_activity": "2026-10-20"},
            "engaged",
            "active 13 days ago",
        ),
        ({"revenue": 9e5, "engagement": "medium"}, "passive", "not strong"),
        ({"pipeline": 0, "engagement": "high"}, "passive", "no revenue, pipeline or deals yet"),
        # Notes that deny a risk do not raise one.
        (
            {"revenue": 9e5, "engagement": 90, "notes": "Renewed for three years; no churn risk."},
            "engaged",
            "engagement 90",
        ),
        (
            {"revenue": 9e5, "engagement": 90, "notes": "Our sponsor there has not left."},
            "engaged",
            "engagement 90",
        ),
        (
            {"revenue": 9e5, "engagement": 90, "notes": "Lead times have gone down."},
            "engaged",
            "engagement 90",
        ),
        # Producing, but nothing says it is engaged.
        ({"pipeline": 5e5}, "passive", "no engagement or activity recorded"),
    ],
)
def test_health_rules(fields: dict[str, Any], health: str, reason: str) -> None:
    facts = analyse_roster([_partner(**fields)], DAY, "")
    partner = facts.partners[0]
    assert partner.health == health
    assert reason in partner.health_reason


def test_concentration_figures() -> None:
    revenues = [50, 20, 10, 10, 5, 5]
    partners = [_partner(name=f"P{i}", revenue=r * 1000) for i, r in enumerate(revenues)]
    c = analyse_roster(partners, DAY, "").concentration
    assert c is not None
    assert (c.top1_name, c.top1_share_pct, c.top5_share_pct) == ("P0", 50.0, 95.0)
    assert c.hhi == 50**2 + 20**2 + 10**2 + 10**2 + 5**2 + 5**2  # 3,150
    assert c.hhi_band == "high"
    assert len(c.flags) == 2 and "P0 alone brings 50%" in c.flags[0]


def test_a_single_earning_partner_is_full_concentration() -> None:
    partners = [_partner(name="Solo", revenue=5e6), _partner(name="Idle", revenue=0)]
    c = analyse_roster(partners, DAY, "").concentration
    assert c is not None and (c.top1_share_pct, c.hhi, c.hhi_band) == (100.0, 10_000, "high")


def test_missing_figures_are_not_reported_as_zero() -> None:
    facts = analyse_roster([_partner(name="A", revenue=5e6)], DAY, "")
    assert facts.total_deals is None and facts.total_pipeline is None


def test_top5_flag_needs_more_than_five_earning_partners() -> None:
    partners = [_partner(name=f"P{i}", revenue=r) for i, r in enumerate([25, 25, 25, 25])]
    c = analyse_roster(partners, DAY, "").concentration
    assert c is not None and c.flags == [] and c.hhi_band == "moderate"


def test_engagement_score_and_band() -> None:
    partners = [
        _partner(name="A", engagement="high"),
        _partner(name="B", engagement=20),
        _partner(name="C", engagement="low"),
    ]
    facts = analyse_roster(partners, DAY, "")
    assert facts.engagement_score == 45.0  # (85 + 20 + 30) / 3
    assert facts.engagement_band == "needs action"


def test_coverage_gaps_from_objectives() -> None:
    partners = [_partner(name="A", region="Germany", type="channel")]
    gaps = analyse_roster(partners, DAY, "Expand into the Nordics with referral partners.")
    assert gaps.coverage_gaps == [
        "no partner in Nordics, which the objectives target",
        "no referral partners in the roster, though the objectives mention them",
    ]


def test_roster_example_facts() -> None:
    facts = analyse(load_input(EXAMPLES / "manufacturer_distributors.yaml"))
    roster = facts.roster
    assert roster is not None
    assert roster.total_partners == 16
    assert roster.health_counts["dormant"] == 3
    rhone = facts.partner("Rhone Process Supply")
    assert rhone is not None and rhone.health == "at_risk"
    assert roster.concentration is not None
    assert roster.concentration.top1_name == "Alder Fluid Systems"
    assert roster.concentration.top1_share_pct == 34.9
    assert facts.kpis.partner_revenue == roster.total_revenue == 12_035_000


@pytest.mark.parametrize(
    ("context", "field", "expected"),
    [
        ("Partner revenue grew from $5M to $8M last year.", "partner_revenue", 8e6),
        ("Partner-sourced revenue is $8M, up 25% year on year.", "partner_revenue_share_pct", None),
        (
            "Partner-sourced revenue is $8M, 20% of total revenue.",
            "partner_revenue_share_pct",
            20.0,
        ),
        (
            "We have 12 channel partners and 3 referral partners; 4 channel partners are dormant.",
            "partner_count",
            15,
        ),
        ("None of our partners is at risk.", "at_risk", []),
        ("No partners in the Nordics yet.", "coverage_gaps", ["no partners in Nordics"]),
        (
            "Of our 9 resellers, 2 at risk after the price change.",
            "at_risk",
            ["2 channel partners at risk after the price change"],
        ),
        (
            "Time to first deal for a new partner is about 6 months.",
            "time_to_first_deal",
            "Time to first deal for a new partner is about 6 months",
        ),
        ("We reach growers through nine partners.", "partner_count", 9),
    ],
)
def test_text_statements(context: str, field: str, expected: object) -> None:
    facts = analyse(parse_input(MINIMAL | {"partner_context": context}))
    assert getattr(facts.text, field) == expected


def test_sponsorship_counts_key_partners_not_only_strategic_ones() -> None:
    facts = analyse(load_input(EXAMPLES / "manufacturer_distributors.yaml"))
    sponsorship = facts.dimension("relationship_trust").indicators[0]
    quotes = [e.quote for e in sponsorship.evidence if e.source == "roster"]
    assert quotes and "key partners (strategic or top five by revenue)" in quotes[0]
    assert sponsorship.score is not None and sponsorship.score < 5.0


@pytest.mark.parametrize(
    ("context", "revenue", "share"),
    [
        # Partner revenue stated in words: who brought it, and its share as a fraction word.
        ("Installers brought GBP 90k last year, about a quarter of revenue.", 9e4, 25.0),
        ("Our resellers together accounted for $1.2M, two thirds of total sales.", 1.2e6, 67.0),
        ("Agents delivered EUR 340k in 2025, half of our turnover.", 3.4e5, 50.0),
        ("About CHF 75k came through referral partners.", 7.5e4, None),
        ("Integrators have generated $410k, 18% of revenue.", 4.1e5, 18.0),
        # A share of something other than the whole is no share of revenue.
        ("Wholesalers brought EUR 60k, a third of it in December.", 6e4, None),
        # No seller and no money: no partner revenue.
        ("Dealers brought in three new growers.", None, None),
    ],
)
def test_partner_revenue_stated_in_words(
    context: str, revenue: float | None, share: float | None
) -> None:
    facts = analyse(parse_input(MINIMAL | {"partner_context": context}))
    assert (facts.text.partner_revenue, facts.text.partner_revenue_share_pct) == (revenue, share)
    assert (facts.kpis.partner_revenue, facts.kpis.partner_revenue_share_pct) == (revenue, share)


def test_value_realised_states_partner_revenue_read_from_words() -> None:
    from generator.drafting.engine import value_realised

    context = "Stockists brought about EUR 120k, a fifth of our revenue."
    facts = analyse(parse_input(MINIMAL | {"partner_context": context, "currency": "EUR"}))
    assert value_realised(facts).startswith("Partner-sourced revenue is €120k (20% of total)")


@pytest.mark.parametrize(
    ("fields", "where"),
    [
        ({"partner_context": "Time to first deal is 9 months."}, "partner_context"),
        ({"constraints": "Time-to-first-deal is not tracked."}, "constraints"),
        # A roster used to skip the search altogether (it sat in the loop over regions).
        (
            {
                "partner_context": "Time to first deal is 9 months.",
                "partners": [{"name": "Alder", "type": "channel"}],
            },
            "partner_context",
        ),
    ],
)
def test_time_to_first_deal_is_found_in_context_and_constraints(
    fields: dict[str, Any], where: str
) -> None:
    data = parse_input(MINIMAL | fields)
    found = analyse(data).text.time_to_first_deal
    assert found is not None and found in getattr(data, where).rstrip(".")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Revenue is tracked but engagement isn't.", "engagement isn't tracked"),
        ("Revenue is tracked but engagement not.", "engagement not tracked"),
        ("Revenue is tracked but engagement cannot.", "engagement cannot"),
    ],
)
def test_elliptic_negation_forms(text: str, expected: str) -> None:
    assert clauses(text, "x")[-1].text == expected


def test_text_figures_come_from_the_shared_reader() -> None:
    context = "25 partners; about half of our partners sold, bringing $2.5M (9 out of 10 renew)."
    figures = analyse(parse_input(MINIMAL | {"partner_context": context})).text.figures
    found = {(f.kind, f.written) for f in figures if f.source == "partner_context"}
    assert found == {("count", "25 partners"), ("percent", "half"), ("money", "$2.5M")}


def test_huge_figures_in_text_do_not_raise() -> None:
    huge = "9" * 400
    context = (
        f"{huge} strategic partners, {huge} at risk; {huge} of the {huge} partners are active; "
        f"partner revenue is ${huge}M, {huge}% of total."
    )
    fields = {
        "partner_context": context,
        "partners": [{"name": "A", "type": "channel", "notes": f"{huge} USD at stake"}],
    }
    facts = analyse(parse_input(MINIMAL | fields))
    assert facts.text.partner_revenue is None


@pytest.mark.parametrize(
    ("context", "indicator", "signal"),
    [
        # A negation opens a list; every item in it is absent.
        ("They have no brochures, price guides or training from us.", "training", "absent"),
        # "and" closes the negated list: the training is there.
        ("We have no portal, and training is run monthly for every partner.", "training", "strong"),
        # Explicit absence is evidence of Initial, not "no evidence".
        ("None of this is written down.", "decision_rights", "absent"),
        ("Nobody keeps track of which jobs came from which partner.", "attribution", "absent"),
        # A practice on paper that fails is broken, whichever clause says so.
        (
            "There is a partner playbook, but it was last revised in 2022 and is stale.",
            "resources",
            "broken",
        ),
        ("Deal registration exists, but approvals take weeks.", "lead_routing", "broken"),
        # A supposed failure is not one.
        (
            "The partner playbook is reviewed, so it would be stale only if nobody used it.",
            "resources",
            "present",
        ),
    ],
)
def test_statements_are_read_the_right_way_round(context: str, indicator: str, signal: str) -> None:
    from generator.evidence.indicators import text_evidence
    from generator.evidence.text import clauses

    found = text_evidence(clauses(context, "partner_context"))
    assert [e.signal for e in found[indicator]][:1] == [signal]


@pytest.mark.parametrize(
    ("context", "evidenced"),
    [
        # A dashboard the client sells is its product, not a partner scorecard.
        ("We sell soil sensors and a farm dashboard through six dealers.", False),
        ("A partner dashboard shows each reseller's pipeline and activity.", True),
        ("We keep a dashboard for partners with deals and certifications.", True),
    ],
)
def test_a_dashboard_counts_as_a_scorecard_only_when_it_is_the_partners(
    context: str, evidenced: bool
) -> None:
    from generator.inputs import parse_input

    data = parse_input(
        {"partner_context": context, "objectives": "Grow.", "constraints": "One manager."}
    )
    dimension = analyse(data).dimension("performance_measurement")
    scorecards = next(i for i in dimension.indicators if i.id == "scorecards")
    assert bool(scorecards.evidence) is evidenced


# Explicit absence, in the ways consultants write it, one or more per dimension: the practice is
# named and said not to be in place. Scored absent (Initial), which is evidence, unlike silence.
ABSENCE: list[tuple[str, str]] = [
    # Partner strategy and value proposition
    ("There is no tiering of our wholesalers.", "partner_types_tiers"),
    ("We have no criteria for picking new stockists.", "ideal_profile"),
    ("Choosing new installers is ad hoc.", "ideal_profile"),
    ("A partner value proposition does not exist.", "mutual_value"),
    ("Coverage planning has never been done.", "portfolio_balance"),
    # Onboarding and enablement
    ("No onboarding checklist exists for new agents.", "onboarding_plan"),
    ("Onboarding of new installers is informal.", "onboarding_plan"),
    ("None of our stockists have been certified.", "training"),
    ("Partner training stays verbal only.", "training"),
    ("We have no battle cards.", "resources"),
    ("We don't track how long a new agent takes to ramp.", "ramp_metrics"),
    # Governance and communication
    ("Escalation paths are in the owner's head.", "decision_rights"),
    ("No one is accountable for the wholesaler relationships.", "decision_rights"),
    ("Our partner agreements are handshake deals.", "decision_rights"),
    ("There is no regular call with any installer.", "cadence"),
    ("Check-ins with agents happen on the fly.", "cadence"),
    ("We have never shared a roadmap with stockists.", "transparency"),
    ("Channel conflicts are settled case by case.", "conflict_resolution"),
    # Go-to-market and co-selling
    ("We have no joint business plans with any wholesaler.", "joint_gtm_plan"),
    ("Co-branded material does not exist.", "co_developed_assets"),
    ("Leads are passed on by word of mouth.", "lead_routing"),
    ("We don't track partner-sourced pipeline.", "attribution"),
    # Performance measurement
    ("Partner KPIs were never defined.", "tiered_kpis"),
    ("Nobody tracks installer engagement.", "scorecards"),
    ("Pipeline reviews with agents never happen.", "scheduled_reviews"),
    ("Stockists have never been asked what they think.", "feedback_loop"),
    # Relationship depth and trust
    ("No executive sponsor exists for any wholesaler.", "executive_sponsorship"),
    ("Each agent relationship is held by one person.", "multi_threaded"),
    ("Without any co-investment, installers pay for their own demos.", "mutual_investment"),
    ("Joint development has never been attempted.", "co_innovation"),
]


@pytest.mark.parametrize(("text", "indicator"), ABSENCE)
def test_explicit_absence_is_evidence_of_absence(text: str, indicator: str) -> None:
    found = text_evidence(clauses(text, "partner_context"))
    assert [e.signal for e in found[indicator]][:1] == ["absent"]


@pytest.mark.parametrize(
    ("text", "indicator", "signal"),
    [
        # The adjective before the practice leaves it partly in place; the predicate does not.
        ("Informal check-ins happen between QBRs.", "cadence", "partial"),
        ("Check-ins with installers are informal.", "cadence", "absent"),
        # "is ad hoc" is read from the practice on, not from a second subject later on.
        ("Partner training is run monthly.", "training", "strong"),
        ("Dealer selection follows a written profile.", "ideal_profile", "present"),
    ],
)
def test_a_practice_not_in_place_is_told_from_one_that_is(
    text: str, indicator: str, signal: str
) -> None:
    found = text_evidence(clauses(text, "partner_context"))
    assert [e.signal for e in found[indicator]][:1] == [signal]


def test_evidence_of_absence_is_kept_apart_from_no_evidence() -> None:
    facts = analyse(parse_input(MINIMAL | {"partner_context": "Onboarding is ad hoc."}))
    onboarding = {i.id: i for i in facts.dimension("onboarding_enablement").indicators}
    assert onboarding["onboarding_plan"].score == 1.0
    assert [e.signal for e in onboarding["onboarding_plan"].evidence] == ["absent"]
    assert onboarding["ramp_metrics"].score is None
    assert onboarding["ramp_metrics"].evidence == []


@pytest.mark.parametrize(
    ("source", "text", "indicator", "signals"),
    [
        # What a practice costs, or the money and time there is for it, is a limit on the plan.
        ("constraints", "Each certification costs EUR 900 and a week of study.", "training", []),
        ("constraints", "There is no money this year for a partner portal.", "resources", []),
        ("constraints", "Growers' co-ops leave installers no time for training.", "training", []),
        ("constraints", "Certification time comes out of weekends.", "training", []),
        # A limit word that is the practice itself still counts: referral fees are an investment.
        (
            "constraints",
            "Referral fees are approved by the finance team.",
            "mutual_investment",
            ["present"],
        ),
        ("constraints", "Partner training runs every month.", "training", ["strong"]),
        # A practice said to be missing is evidence, whatever the budget sentence joined to it.
        (
            "constraints",
            "We have no price book and no budget to make one.",
            "resources",
            ["absent"],
        ),
        # Only the constraints are read as limits; the context states practice.
        ("partner_context", "Each certification costs EUR 900.", "training", ["present"]),
    ],
)
def test_a_limit_in_the_constraints_is_not_evidence_of_practice(
    source: str, text: str, indicator: str, signals: list[str]
) -> None:
    found = text_evidence(clauses(text, source))
    assert [e.signal for e in found.get(indicator, [])] == signals


def test_a_framework_without_the_later_qualifier_lists_reads_as_before(tmp_path: Path) -> None:
    import shutil

    import yaml

    from generator.frameworks import load_framework

    folder = tmp_path / "older"
    shutil.copytree(ROOT / "frameworks" / "readiness", folder)
    cues = yaml.safe_load((folder / "cues.yaml").read_text(encoding="utf-8"))
    del cues["qualifiers"]["absence"], cues["qualifiers"]["limits"]
    (folder / "cues.yaml").write_text(yaml.safe_dump(cues), encoding="utf-8")
    older = load_framework(folder)
    ad_hoc = text_evidence(clauses("Onboarding is ad hoc.", "partner_context"), older)
    assert [e.signal for e in ad_hoc["onboarding_plan"]] == ["partial"]
    costly = text_evidence(clauses("Each certification costs EUR 900.", "constraints"), older)
    assert [e.signal for e in costly["training"]] == ["present"]
