"""The model path's partner rationales: asked only with an investment view, placed on the partner's
row by exact name, held to the facts, and never able to move code's quadrant or decision."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.cli import main
from generator.drafting.engine import draft_report
from generator.drafting.llm import asked_model
from generator.drafting.narrative import assemble, narrative_model, rationale_partners
from generator.evidence import Facts, analyse
from generator.formatting import money
from generator.grounding import decisions_stated
from generator.inputs import parse_input
from generator.lenses.investment import PartnerInvestment
from generator.lenses.view import lens_rules
from generator.prompts import render_messages
from generator.validators import check
from tests.conftest import EXAMPLES, MINIMAL
from tests.fake_llm import answer, fake_server, good, narrative_from


def _partner(name: str, **figures: Any) -> dict[str, Any]:
    return {"name": name, "type": "channel", "tier": "Silver", "region": "Andes"} | figures


# Five partners spread over the quadrants: a strong reseller, a faded one, a well-staffed newcomer
# with little revenue yet, a steady earner without upside and one that has gone quiet.
ROSTER = [
    _partner(
        "Quillon Integration Works", tier="Gold", revenue=900_000, pipeline=1_100_000, deals=30,
        registered_deals=35, certified_staff=6, executive_sponsor=True,
        last_activity="2026-02-20", engagement="high", investment=30_000,
    ),
    _partner(
        "Ferrous Loop Resellers", revenue=60_000, pipeline=20_000, deals=2, registered_deals=2,
        certified_staff=1, executive_sponsor=False, last_activity="2025-11-01",
        engagement="low", investment=25_000,
    ),
    _partner(
        "Tamsin Cloud Advisory", type="referral", tier="Gold", revenue=90_000, pipeline=500_000,
        deals=3, registered_deals=4, certified_staff=5, executive_sponsor=True,
        last_activity="2026-02-25", engagement="medium", investment=8_000,
    ),
    _partner(
        "Orrery Data Services", type="service", revenue=600_000, pipeline=150_000, deals=25,
        registered_deals=25, certified_staff=1, executive_sponsor=False,
        last_activity="2026-02-12", engagement="medium", investment=12_000,
    ),
    _partner(
        "Wexcombe Systems Supply", revenue=120_000, pipeline=10_000, deals=4, registered_deals=1,
        certified_staff=0, executive_sponsor=False, last_activity="2025-12-01",
        engagement="low", investment=9_000,
    ),
]
CLIENT = MINIMAL | {"assessed_on": "2026-03-01", "partners": ROSTER}


def _facts(data: dict[str, Any] = CLIENT) -> Facts:
    return analyse(parse_input(data))


def _row(facts: Facts, decision: str) -> PartnerInvestment:
    assert facts.lenses is not None
    return next(p for p in facts.lenses.investment.partners if p.decision == decision)


def _because(row: PartnerInvestment, word: str) -> str:
    """A rationale in a model's words, every figure from the facts."""
    return (
        f"Potential {row.potential.value:g} and execution {row.execution.value:g}, with "
        f"{money(row.revenue or 0)} of revenue against {money(row.cost.total or 0)} of support: "
        f"{word}."
    )


def _answer(facts: Facts, *written: tuple[str, str]) -> dict[str, Any]:
    payload = narrative_from(draft_report(facts)).model_dump(mode="json")
    payload["investment_rationales"] = [{"partner": n, "rationale": r} for n, r in written]
    return payload


def _run(server: Any, path: Path) -> int:
    return main(
        ["run", str(path), "--model", "openai/fake-model", "--api-base", server.api_base,
         "--out", "out", "--no-cache"]
    )  # fmt: skip


def _client_file() -> Path:
    path = Path("client.yaml")
    path.write_text(yaml.safe_dump(CLIENT, sort_keys=False))
    return path


def _user(data: dict[str, Any]) -> str:
    parsed = parse_input(data)
    return render_messages(parsed, analyse(parsed))[1]["content"]


def test_only_an_input_with_an_investment_view_is_asked_for_rationales() -> None:
    bare = _facts(MINIMAL)
    assert bare.lenses is None and rationale_partners(bare) == []
    assert "investment_rationales" not in json.dumps(asked_model(bare).model_json_schema())
    assert "investment_rationales" not in _user(MINIMAL)
    facts = _facts()
    schema = asked_model(facts).model_json_schema()
    assert "investment_rationales" in schema["properties"]
    assert "investment_rationales" not in schema.get("required", [])  # code's lines stand in
    # A small roster: every partner, each with the factors its scores rest on.
    user = _user(CLIENT)
    assert rationale_partners(facts) == [p["name"] for p in ROSTER]
    assert "investment_rationales: one line for each of the 5 partners" in user
    asked = json.loads(user.split("## FACTS")[1].split("\n", 1)[1])["lenses"]["rationales_asked"]
    assert [row[0] for row in asked["rows"]] == [p["name"] for p in ROSTER]
    assert asked["potential_factors"][0] == "goal fit"


def test_a_roster_over_the_cap_is_asked_only_for_the_next_dollar_partners() -> None:
    cap = lens_rules().model_rationales.all_partners_up_to
    many = ROSTER + [
        _partner(f"Lantern Reseller {i:02d}", revenue=40_000 + i, pipeline=5_000, deals=1,
                 last_activity="2026-01-10", investment=2_000)
        for i in range(cap)
    ]  # fmt: skip
    data = CLIENT | {"partners": many}
    facts = _facts(data)
    assert facts.lenses is not None
    moves = [m.partner for m in facts.lenses.investment.moves]
    assert rationale_partners(facts) == list(dict.fromkeys(moves))
    assert len(rationale_partners(facts)) < len(many)
    user = _user(data)
    assert f"a roster over {cap} partners is asked only for the partners in" in user
    asked = json.loads(user.split("## FACTS")[1].split("\n", 1)[1])["lenses"]
    assert [row[0] for row in asked["rationales_asked"]["rows"]] == rationale_partners(facts)
    # Each partner asked for is in the figures table too, however the roster was cut.
    table = {row[0] for row in asked["investment_and_engagement"]["rows"]}
    assert set(rationale_partners(facts)) <= table


def test_a_model_rationale_lands_on_its_partner_row() -> None:
    facts = _facts()
    star = _row(facts, "invest")
    written = _because(star, "invest ahead of the others")
    with fake_server(answer(_answer(facts, (star.name, written)))) as server:
        assert _run(server, _client_file()) == 0
    assert len(server.requests) == 1
    assert "investment_rationales" in json.dumps(server.requests[0].body)
    report = json.loads(Path("out/report.json").read_text())["report"]
    assert facts.lenses is not None
    rows = report["portfolio_map"]["investment"]["partners"]
    for row, known in zip(rows, facts.lenses.investment.partners, strict=True):
        assert (row["name"], row["quadrant"], row["decision"]) == (
            known.name, known.quadrant, known.decision
        )  # fmt: skip
        assert row["rationale"] == (written if known.name == star.name else known.rationale)
    assert written in Path("out/report.md").read_text()


def _invented(facts: Facts) -> list[tuple[str, str]]:
    row = _row(facts, "invest")
    return [(row.name, f"Invest: it closed {money(7_730_000)} of deals through the year.")]


def _unknown(facts: Facts) -> list[tuple[str, str]]:
    return [("Halcyon Freight Brokers", "Invest: the strongest reseller in the south.")]


def _twice(facts: Facts) -> list[tuple[str, str]]:
    row = _row(facts, "invest")
    return [(row.name, _because(row, "invest")), (row.name, _because(row, "invest more"))]


def _argued(facts: Facts) -> list[tuple[str, str]]:
    row = _row(facts, "review")
    return [(row.name, _because(row, "we should invest in it regardless"))]


def _silent(facts: Facts) -> list[tuple[str, str]]:
    row = _row(facts, "review")
    return [(row.name, _because(row, "little to show for the effort"))]


@pytest.mark.parametrize(
    ("written", "reask"),
    [
        (_invented, "is not a figure from the input or the facts"),
        (_unknown, "'Halcyon Freight Brokers' is not a partner asked for"),
        (_twice, "has 2 rationales; give one"),
        (_argued, "the rationale argues invest, but the decision is review/exit"),
        (_silent, "the rationale does not state the decision; say review/exit"),
    ],
    ids=["invented figure", "unknown partner", "listed twice", "argues another", "no decision"],
)
def test_a_rationale_the_report_cannot_hold_is_reasked(written: Any, reask: str) -> None:
    facts = _facts()
    fixed = good(narrative_from(draft_report(facts)))
    with fake_server(answer(_answer(facts, *written(facts))), fixed) as server:
        assert _run(server, _client_file()) == 0
    assert len(server.requests) == 2
    assert reask in json.dumps(server.requests[1].body["messages"])


def test_decisions_stay_codes_whatever_the_rationale_argues() -> None:
    facts = _facts()
    laggard = _row(facts, "review")
    payload = _answer(facts, (laggard.name, _because(laggard, "invest, not review")))
    narrative = narrative_model(facts.framework, rationales=True).model_validate(payload)
    report = assemble(facts, narrative)
    assert report.portfolio_map.investment is not None
    row = next(p for p in report.portfolio_map.investment.partners if p.name == laggard.name)
    assert (row.quadrant, row.decision, row.potential, row.execution) == (
        laggard.quadrant, laggard.decision, laggard.potential, laggard.execution
    )  # fmt: skip
    found = [f for f in check(report, facts) if f.code == "rationale_contradicts_decision"]
    assert [f.severity for f in found] == ["error"]
    assert found[0].path.startswith("portfolio_map.investment.partners[")


@pytest.mark.parametrize(
    ("text", "stated"),
    [
        ("High potential, high execution, so invest.", {"invest"}),
        ("At risk: maintain, not invest without a stated reason.", {"maintain"}),
        ("Rather than invest, maintain what it earns.", {"maintain"}),
        ("Its support investment of $20k pays back, so we keep investing.", {"invest"}),
        ("Low on both axes: review/exit.", {"review"}),
        ("Exiting frees the budget; developing it would not pay.", {"review", "develop"}),
        ("Development plans and reviewers are not decisions.", set()),
    ],
)
def test_decision_words_are_read_whole_and_negations_respected(
    text: str, stated: set[str]
) -> None:
    rules = lens_rules().model_rationales
    assert decisions_stated(text, rules.decision_words, rules.negations) == stated


@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.glob("*.yaml")))
def test_codes_own_rationales_state_their_decision_and_no_other(example: str) -> None:
    from generator.inputs import load_input

    facts = analyse(load_input(EXAMPLES / example))
    rules = lens_rules().model_rationales
    for row in facts.lenses.investment.partners if facts.lenses else []:
        if row.decision is not None:
            stated = decisions_stated(row.rationale, rules.decision_words, rules.negations)
            assert stated == {row.decision}, row.rationale
