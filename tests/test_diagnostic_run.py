"""The four-pillar diagnostic end to end: answers in, pillar results and one action per pillar
out, offline and through the fake model server, in every format."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.cli import main
from generator.drafting.engine import draft_report
from generator.errors import InputValidationError
from generator.evidence import analyse
from generator.inputs import load_input, parse_input
from generator.report import AssessmentReport, DimensionAction
from generator.validators import check, has_errors
from tests.conftest import EXAMPLES
from tests.fake_llm import fake_server, good, narrative_from

EXAMPLE = EXAMPLES / "partner_diagnostic.yaml"
ANSWERS = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))["answers"]


def _input(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "framework": "partner_diagnostic",
        "organisation": "Example Ltd",
        "assessed_on": "2026-11-09",
        "answers": json.loads(json.dumps(ANSWERS)),
        "notes": "We sign partners when they ask. Nobody tracks what a partnership returns.",
    }
    data.update(changes)
    return data


def _report(data: dict[str, Any]) -> AssessmentReport:
    return draft_report(analyse(parse_input(data)))


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("diag") / "halden"
    assert main(["run", str(EXAMPLE), "--out", str(out), "--quiet"]) == 0
    return out


def test_the_example_runs_offline_into_pillar_results_and_one_action_each(run: Path) -> None:
    md = (run / "report.md").read_text(encoding="utf-8")
    assert md.splitlines()[1] == "# Four-Pillar Partner Diagnostic"
    # An earlier run of the example in this session's history adds the trend section.
    headings = [
        line
        for line in md.splitlines()
        if line.startswith("## ") and line != "## Change since the last assessment"
    ]
    assert headings == [
        "## Diagnostic summary",
        "## Pillar results",
        "## Recommended actions",
        "## Partner portfolio",
        "## Partner performance",
        "## How this assessment was made",
    ]
    assert "**Overall score: 3.0 / 5, At Risk**" in md
    assert "the mean of the four pillar scores" in md
    # The {lowest} rule: the chosen answers of the two lowest-scoring questions, as clauses.
    assert (
        "Partnership Governance 2.3/5, Critical: no metrics are defined for any partner; "
        "success is a feeling; reviews happen when something goes wrong" in md
    )
    assert md.count("**Action:**") == 4
    assert "30/60/90" not in md and "Days 31-60" not in md
    assert "answered Absent (1/5)" in md


def test_the_json_carries_one_action_per_pillar_and_no_horizons(run: Path) -> None:
    document = json.loads((run / "report.json").read_text(encoding="utf-8"))
    plan = document["report"]["plan"]
    assert plan["days_30"] == plan["days_60"] == plan["days_90"] == []
    assert [a["dimension"] for a in plan["actions"]] == [
        "governance",
        "value",
        "collaboration",
        "selection",
    ]
    assert [a["horizon_days"] for a in plan["actions"]] == [60, 90, 60, 90]
    governance = plan["actions"][0]
    assert governance["target"] == "Shared scorecard live for the top 3 partners within 60 days"
    assert document["report"]["framework"] == {
        "id": "partner_diagnostic",
        "version": 1,
        "folder": None,
    }
    assert document["validation"]["errors"] == 0


def test_the_html_is_titled_by_the_framework(run: Path) -> None:
    html = (run / "report.html").read_text(encoding="utf-8")
    assert "<h1>Four-Pillar Partner Diagnostic</h1>" in html
    assert "Four-Pillar Partner Diagnostic: Halden Energy Storage Ltd" in html
    assert "Strategic Alliances Readiness" not in html


def test_without_a_roster_the_roster_sections_are_left_out(tmp_path: Path) -> None:
    path = tmp_path / "in.yaml"
    path.write_text(yaml.safe_dump(_input()), encoding="utf-8")
    assert main(["run", str(path), "--out", str(tmp_path / "out"), "--quiet"]) == 0
    md = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    assert "## Pillar results" in md and "## Partner portfolio" not in md
    assert "## Partner performance" not in md


@pytest.mark.parametrize(
    ("answer", "score"),
    [("Managed", 4.0), ("managed", 4.0), (" AD HOC ", 2.0), (4, 4.0), (1.0, 1.0)],
)
def test_an_answer_is_a_level_name_in_any_case_or_its_number(answer: Any, score: float) -> None:
    data = _input()
    data["answers"]["governance"]["review_cadence"] = answer
    parsed = parse_input(data)
    assert parsed.indicators is not None
    assert parsed.indicators.rated()["governance"]["review_cadence"] == score


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["answers"]["governance"].update(review_cadence="Sometimes"),
            "answers.governance.review_cadence: 'Sometimes' is not an answer level; use one of "
            "Absent, Ad hoc, Defined, Managed, Embedded or a number 1-5",
        ),
        (
            lambda d: d["answers"]["governance"].update(review_cadence=True),
            "answers.governance.review_cadence: True is not an answer level",
        ),
        (
            lambda d: d["answers"]["governance"].update(review_cadence=3.5),
            "3.5 is not an answer level",
        ),
        (
            lambda d: d["answers"]["selection"].update(review_cadence="Defined"),
            "answers.selection: unknown field 'review_cadence'; 'review_cadence' belongs under "
            "answers.governance",
        ),
        (
            lambda d: d.update(indicators={"governance": {"review_cadence": 3}}),
            "answered on described levels, not rated; write the answers under answers:",
        ),
        (lambda d: d.update(answer={}), "unknown field 'answer'; did you mean 'answers'?"),
    ],
)
def test_a_bad_answer_names_the_field_and_the_fix(change: Any, message: str) -> None:
    data = _input()
    change(data)
    with pytest.raises(InputValidationError) as caught:
        parse_input(data)
    assert message in str(caught.value)


def test_an_unanswered_question_is_read_from_the_notes() -> None:
    data = _input(notes="Nobody runs credit or reference checks on a new partner.")
    del data["answers"]["selection"]["due_diligence"]
    facts = analyse(parse_input(data))
    question = next(i for i in facts.dimension("selection").indicators if i.id == "due_diligence")
    assert question.score is not None and question.score < 2.5
    assert any("reference checks" in e.quote for e in question.evidence)


def test_the_notes_are_the_context_the_evidence_reads() -> None:
    parsed = parse_input(_input())
    assert parsed.partner_context.startswith("We sign partners when they ask")


def test_engine_report_validates_and_a_broken_plan_is_caught() -> None:
    facts = analyse(load_input(EXAMPLE))
    report = draft_report(facts)
    assert not has_errors(check(report, facts))

    doubled = report.model_copy(deep=True)
    doubled.plan.actions.append(doubled.plan.actions[0])
    codes = {f.code for f in check(doubled, facts)}
    assert "plan_action_count" in codes

    horizons = report.model_copy(deep=True)
    horizons.plan.days_30.append(horizons.plan.actions[0])
    assert "plan_horizons_unused" in {f.code for f in check(horizons, facts)}

    missing = report.model_copy(deep=True)
    missing.plan.actions.pop()
    assert "plan_action_count" in {f.code for f in check(missing, facts)}


def test_every_format_renders_a_diagnostic(tmp_path: Path) -> None:
    out = tmp_path / "all"
    code = main(["run", str(EXAMPLE), "--out", str(out), "--format", "docx,pptx", "--quiet"])
    assert code == 0
    import docx
    import pptx

    document = docx.Document(str(out / "report.docx"))
    assert document.core_properties.title.startswith("Four-Pillar Partner Diagnostic")
    deck = pptx.Presentation(str(out / "readout.pptx"))
    assert deck.slides[0].shapes.title.text == "Four-Pillar Partner Diagnostic"


def test_the_diagnostic_runs_through_the_fake_model_server(tmp_path: Path) -> None:
    narrative = narrative_from(draft_report(analyse(load_input(EXAMPLE))))
    out = tmp_path / "llm"
    with fake_server(good(narrative)) as server:
        code = main(
            [
                "run",
                str(EXAMPLE),
                "--model",
                "openai/fake",
                "--api-base",
                server.api_base,
                "--out",
                str(out),
                "--quiet",
            ]
        )
    assert code == 0
    body = server.requests[0].body
    system, user = (m["content"] for m in body["messages"])
    assert "Four-Pillar Partner Diagnostic Assessment" in system
    assert "plan: actions, exactly one per pillar, the weakest first" in user
    assert "days_30" not in json.dumps(body) and '"horizon_days"' in system
    document = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert document["validation"]["errors"] == 0 and document["run"]["drafter"] == "llm"
    actions = [DimensionAction.model_validate(a) for a in document["report"]["plan"]["actions"]]
    assert len(actions) == 4 and {a.dimension for a in actions} == {
        "selection",
        "governance",
        "collaboration",
        "value",
    }


# A client of our own wording (not the example's): a loom maker with a handful of dealers.
LOOMS = {
    "organisation": "Kestrel Looms GmbH",
    "assessed_on": "2026-03-02",
    "currency": "EUR",
    "notes": (
        "Kestrel sells weaving machines through four regional dealers. Nobody tracks what a "
        "dealer returns, and price changes reach dealers late."
    ),
    "objectives": (
        "Grow dealer revenue from EUR 2M to EUR 3M by December 2026. Raise partner "
        "satisfaction from 6 to 8 by the end of March 2026."
    ),
    "constraints": "Only the sales director has time for partner work.",
}


@pytest.mark.parametrize(
    ("constraints", "owners"),
    [
        ("Only the sales director has time for partner work.", {"Sales"}),
        ("The channel team is two channel managers and a marketing coordinator.", None),
        ("", {"Head of partnerships", "Partner marketing manager", "Partner operations analyst"}),
    ],
)
def test_diagnostic_owners_come_from_the_team(constraints: str, owners: set[str] | None) -> None:
    data = _input(**{**LOOMS, "objectives": "", "constraints": constraints})
    facts = analyse(parse_input(data))
    report = draft_report(facts)
    got = {a.owner for a in report.plan.actions}
    if owners is not None:
        assert got == owners
    else:
        # Every owner is a role the notes give: nobody is asked of a team that lacks them.
        assert got <= {"Partner manager", "Marketing"} and got
    assert not [f for f in check(report, facts) if f.code == "owner_not_in_team"]


@pytest.mark.parametrize(
    ("notes", "target"),
    [
        ("Kestrel sells its looms through 12 partners.", "the top 3 partners"),
        ("Kestrel sells its looms through 2 partners.", "all 2 partners"),
        # No count in the notes: no "top 3" of perhaps fewer.
        ("Kestrel sells its looms through regional dealers.", "the leading partners"),
    ],
)
def test_a_one_action_plan_scales_counts_to_the_partners(notes: str, target: str) -> None:
    report = _report(_input(**{**LOOMS, "objectives": "", "notes": notes}))
    governance = next(a for a in report.plan.actions if a.dimension == "governance")
    assert governance.target == f"Shared scorecard live for {target} within 60 days"


def test_every_goal_gets_an_action_in_a_one_action_plan() -> None:
    facts = analyse(parse_input(_input(**LOOMS)))
    report = draft_report(facts)
    pillars = [a for a in report.plan.actions if a.dimension is not None]
    goals = [a for a in report.plan.actions if a.dimension is None]
    assert len(pillars) == 4 and report.plan.actions[:4] == pillars  # the pillars' come first
    assert [a.goals for a in goals] == [["g1"], ["g2"]]
    # The first goal within 30 days; the second's turn is 60, but its deadline is 29 days off.
    assert [a.horizon_days for a in goals] == [30, 29]
    assert {a.owner for a in report.plan.actions} == {"Sales"}
    assert not has_errors(check(report, facts))


def test_the_fit_checks_read_a_one_action_plan() -> None:
    facts = analyse(parse_input(_input(**LOOMS)))
    report = draft_report(facts)
    unserved = report.model_copy(deep=True)
    unserved.plan.actions = [a for a in unserved.plan.actions if a.dimension is not None]
    codes = [f.code for f in check(unserved, facts)]
    assert codes.count("goal_not_served") == 2
    stranger = report.model_copy(deep=True)
    stranger.plan.actions[0].owner = "Chief revenue officer"
    found = [f for f in check(stranger, facts) if f.code == "owner_not_in_team"]
    assert [f.path for f in found] == ["plan.actions[0].owner"]


def test_a_one_action_plan_shows_in_markdown_word_and_slides(tmp_path: Path) -> None:
    import docx
    import pptx

    source = tmp_path / "looms.yaml"
    source.write_text(yaml.safe_dump(_input(**LOOMS)), encoding="utf-8")
    out = tmp_path / "looms"
    code = main(["run", str(source), "--out", str(out), "--format", "md,docx,pptx", "--quiet"])
    assert code == 0
    first = draft_report(analyse(load_input(source))).plan.actions[0]

    md = (out / "report.md").read_text(encoding="utf-8")
    assert "then one for each stated goal that no pillar's action serves" in md
    assert "| Goal g1 |" in md and "| 30 days |" in md
    assert "Only one person has time for partner work (Sales)" in md

    tables = docx.Document(str(out / "report.docx")).tables
    plan = next(t for t in tables if t.rows[0].cells[1].text == "Action")
    rows = [[c.text for c in row.cells] for row in plan.rows]
    assert rows[0] == ["Pillar", "Action", "Owner", "Metric", "Target", "Within"]
    assert rows[1][:3] == ["Partnership Governance", first.action, "Sales"]
    assert rows[1][5] == f"{first.horizon_days} days"
    assert [r[0] for r in rows[5:]] == ["Goal g1", "Goal g2"]
    headings = [p.text for p in docx.Document(str(out / "report.docx")).paragraphs]
    assert "First 30 days" not in headings

    deck = pptx.Presentation(str(out / "readout.pptx"))
    slide = next(s for s in deck.slides if s.shapes.title.text == "Recommended actions")
    table = next(sh for sh in slide.shapes if sh.has_table).table
    cells = [[c.text for c in row.cells] for row in table.rows]
    assert cells[0] == ["Pillar", "Action", "Owner", "When"]
    assert cells[1] == [
        "Governance",
        first.action,
        "Sales",
        f"Within {first.horizon_days} days",
    ]
    assert len(cells) == 7  # the header, four pillars and two goals
