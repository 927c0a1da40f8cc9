"""End to end: every example through the CLI, then its report through `validate`."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.api import assess, schemas
from generator.cli import main
from generator.drafting.engine import draft_report
from generator.evidence import analyse
from generator.frameworks import builtin_frameworks
from generator.grounding import known_numbers
from generator.inputs import load_input
from generator.report import AssessmentReport
from tests.conftest import EXAMPLE_FILES, EXAMPLES, ROOT

ids = [p.stem for p in EXAMPLE_FILES]


def test_there_are_at_least_four_examples() -> None:
    assert len(EXAMPLE_FILES) >= 4


@pytest.mark.parametrize("example", EXAMPLE_FILES, ids=ids)
def test_run_then_validate_every_example(
    example: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["run", str(example)]) == 0
    out = capsys.readouterr().out
    folder = Path("reports") / example.stem
    assert f"to {folder}/" in out
    assert re.search(r"overall \d\.\d/5 \((Initial|Developing|Defined|Managed|Optimized)\)", out)
    assert sorted(p.name for p in folder.iterdir()) == ["report.html", "report.json", "report.md"]
    assert main(["validate", str(folder / "report.json"), "--input", str(example)]) == 0
    assert "0 error(s)" in capsys.readouterr().out
    md = (folder / "report.md").read_text()
    for heading in (
        "1. Executive summary",
        "2. Dimension scorecard",
        "3. Partner portfolio map",
        "4. Enablement gap analysis",
        "5. Performance dashboard",
        "6. 30/60/90-day plan",
    ):
        assert f"## {heading}" in md


def test_out_option_and_quiet(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "custom"
    assert main(["run", str(EXAMPLES / "services_firm.yaml"), "--out", str(out), "--quiet"]) == 0
    assert capsys.readouterr().out.strip() == f"wrote report.md, report.html, report.json to {out}/"
    assert (out / "report.md").exists()


def test_validate_fails_on_a_tampered_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    example = EXAMPLES / "manufacturer_distributors.yaml"
    main(["run", str(example), "--out", str(tmp_path / "out"), "--quiet"])
    path = tmp_path / "out" / "report.json"
    document = json.loads(path.read_text())
    document["report"]["performance_dashboard"]["partners"][0]["name"] = "Invented GmbH"
    document["report"]["executive_summary"]["overall_score"] = 4.9
    path.write_text(json.dumps(document))
    capsys.readouterr()
    assert main(["validate", str(path), "--input", str(example)]) == 1
    out = capsys.readouterr().out
    assert "[partner_unknown]" in out and "[overall_mismatch]" in out
    assert main(["validate", str(path)]) == 1  # the overall slip needs no input to catch


def test_schema_command_prints_both_schemas(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert set(printed) == {"input", "report"}
    assert main(["schema", "report"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "AssessmentReport"


@pytest.mark.parametrize("framework", builtin_frameworks())
@pytest.mark.parametrize("name", ["input", "report"])
def test_committed_schemas_match_the_models(framework: str, name: str) -> None:
    committed = json.loads((ROOT / "schemas" / framework / f"{name}.schema.json").read_text())
    assert committed == schemas(framework)[name], "schemas drifted: run `make schemas`, commit"


def test_offline_path_never_imports_llm_libraries() -> None:
    code = (
        "import sys; from generator.cli import main; "
        f"main(['run', {str(EXAMPLES / 'saas_worked_example.yaml')!r}, '--quiet']); "
        "heavy = [m for m in ('litellm', 'instructor', 'openai', 'matplotlib') "
        "if m in sys.modules]; print(heavy)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip().endswith("[]")


def test_module_entry_point_runs(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "run",
            str(EXAMPLES / "services_firm.yaml"),
            "--out",
            str(tmp_path / "out"),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "report.html").exists()


# --- the engine writes from the facts only -------------------------------------------------------


def _report(name: str) -> tuple[AssessmentReport, str]:
    facts = analyse(load_input(EXAMPLES / name))
    return draft_report(facts), facts.model_dump_json()


@pytest.mark.parametrize("example", EXAMPLE_FILES, ids=ids)
def test_engine_names_only_roster_partners(example: Path) -> None:
    data = load_input(example)
    report = draft_report(analyse(data))
    roster = {p.name for p in data.partners or []}
    named = {p.name for p in report.portfolio_map.partners}
    named |= set(report.portfolio_map.top_performers) | set(report.portfolio_map.at_risk)
    named |= {p.name for p in report.performance_dashboard.partners}
    named |= set(report.performance_dashboard.underperformers)
    if roster:
        assert named <= roster
        assert {p.name for p in report.performance_dashboard.partners} == roster


MONEY = re.compile(r"[$€£]\d[\d,.]*[kM]?")


def _amount(text: str) -> float:
    number = text.lstrip("$€£").rstrip("kM").replace(",", "")
    factor = 1e6 if text.endswith("M") else 1e3 if text.endswith("k") else 1.0
    return float(number) * factor


@pytest.mark.parametrize("example", EXAMPLE_FILES, ids=ids)
def test_every_money_figure_in_the_report_comes_from_the_input_or_facts(example: Path) -> None:
    data = load_input(example)
    facts = analyse(data)
    md = assess(data, write=False)
    text = md.report.model_dump_json()
    known = [f.value for f in facts.text.figures if f.kind == "money"]
    roster = facts.roster
    if roster:
        known += [p.revenue or 0 for p in roster.partners] + [
            p.pipeline or 0 for p in roster.partners
        ]
        known += [roster.total_revenue, roster.total_pipeline]
        known += [s.revenue or 0 for s in roster.segments]
    # The objectives' figures, and the gap between today's figure and the target.
    money_goals = [g for g in facts.goals if g.unit == "money"]
    known += [v for g in money_goals for v in (g.current, g.target) if v is not None]
    known += [abs(g.target - g.current) for g in money_goals if g.target and g.current]
    if facts.lenses:
        # The lenses' own amounts (roster means, support costs) are facts too.
        known += known_numbers(facts.lenses).amounts
    for written in MONEY.findall(text):
        value = _amount(written)
        assert any(abs(value - k) <= max(0.005 * k, 1) for k in known), written


def test_priorities_put_a_large_at_risk_partner_first() -> None:
    report = draft_report(analyse(load_input(EXAMPLES / "manufacturer_distributors.yaml")))
    first = report.executive_summary.priorities[0]
    assert first.title.startswith("Secure Rhone Process Supply")
    assert len(report.executive_summary.priorities) == 3


@pytest.mark.parametrize("example", EXAMPLE_FILES, ids=ids)
def test_priorities_and_plan_target_the_weakest_dimension(example: Path) -> None:
    facts = analyse(load_input(example))
    report = draft_report(facts)
    weakest = min(facts.dimensions, key=lambda d: d.score).id
    assert weakest in {p.dimension for p in report.executive_summary.priorities}
    for horizon in (report.plan.days_30, report.plan.days_60, report.plan.days_90):
        assert horizon and all(a.metric and a.owner and a.target for a in horizon)
        assert weakest in {a.dimension for a in horizon}
