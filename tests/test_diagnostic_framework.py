"""The four-pillar partner diagnostic as data: the folder loads, its questions and answer levels,
band cuts, one action per pillar and band, its example and eval cases, and the load-time checks
the new framework fields added."""

from __future__ import annotations

import re
import shutil
import signal
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.cli import main
from generator.errors import FrameworkError
from generator.evaluation.cases import find_cases
from generator.evidence.text import clauses
from generator.frameworks import (
    RESULT_FIELDS,
    TARGET_FIELDS,
    Framework,
    InputSpec,
    ReportSpec,
    builtin_frameworks,
    load_framework,
)
from generator.inputs import AssessmentInput, Partner, read_roster_csv

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "frameworks" / "partner_diagnostic"
EXAMPLE = ROOT / "examples" / "partner_diagnostic.yaml"
CASES = sorted((ROOT / "evals" / "cases").glob("d_*.yaml"))
PILLARS = ("selection", "governance", "collaboration", "value")
LEVELS = ("Absent", "Ad hoc", "Defined", "Managed", "Embedded")


@pytest.fixture(scope="module")
def fw() -> Framework:
    return load_framework("partner_diagnostic")


def _yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _one_decimal(value: float) -> float:
    return float(Decimal(repr(value)).quantize(Decimal("0.1"), ROUND_HALF_UP))


def _scores(fw: Framework, answers: dict[str, dict[str, Any]]) -> dict[str, float]:
    """Pillar scores as the diagnostic defines them: the mean of the answered questions."""
    return {
        pillar: _one_decimal(sum(fw.answer_score(a) for a in given.values()) / len(given))
        for pillar, given in answers.items()
    }


# --- the folder ------------------------------------------------------------------------------


def test_the_folder_loads_by_name_and_by_path(fw: Framework) -> None:
    assert "partner_diagnostic" in builtin_frameworks()
    assert load_framework(FOLDER).dimension_ids == fw.dimension_ids == PILLARS
    assert fw.input.answers == "descriptive"
    assert fw.report.plan == "one_action"
    assert (fw.report.dimension_term, fw.report.indicator_term) == ("pillar", "question")
    assert fw.playbook == {}


def test_sixteen_questions_four_per_pillar_five_descriptors_each(fw: Framework) -> None:
    assert [len(p.indicators) for p in fw.dimensions] == [4, 4, 4, 4]
    assert len(fw.indicators) == 16
    assert tuple(level.name for level in fw.input.answer_levels) == LEVELS
    assert [level.score for level in fw.input.answer_levels] == [1, 2, 3, 4, 5]
    for question in fw.indicators.values():
        assert tuple(question.descriptors) == LEVELS
        # Each descriptor is the answer option the client reads: one sentence on one line.
        for line in question.descriptors.values():
            assert "\n" not in line and len(line) < 120 and line.endswith("."), line
        assert len(set(question.descriptors.values())) == 5


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (1.0, "Critical"),
        (2.2, "Critical"),
        (2.4, "Critical"),
        (2.44, "Critical"),
        (2.45, "At Risk"),  # one decimal first: 2.45 reads as 2.5
        (2.5, "At Risk"),
        (2.8, "At Risk"),
        (3.4, "At Risk"),
        (3.5, "Healthy"),
        (3.8, "Healthy"),
        (5.0, "Healthy"),
    ],
)
def test_bands_cut_at_two_and_a_half_and_three_and_a_half(
    fw: Framework, score: float, band: str
) -> None:
    assert fw.level_for(score).name == band


def test_band_labels(fw: Framework) -> None:
    labels = {name: fw.band_label(name) for name in fw.level_names}
    assert labels == {"Critical": "1.0-2.4", "At Risk": "2.5-3.4", "Healthy": "3.5-5.0"}


@pytest.mark.parametrize(
    ("answer", "score"),
    [("Absent", 1.0), ("ad hoc", 2.0), (" MANAGED ", 4.0), (3, 3.0), (5.0, 5.0)],
)
def test_answers_by_level_name_or_number(fw: Framework, answer: Any, score: float) -> None:
    assert fw.answer_score(answer) == score


@pytest.mark.parametrize("answer", ["Optimized", "Initial", 0, 6, 2.5])
def test_answers_that_are_not_levels(fw: Framework, answer: Any) -> None:
    with pytest.raises(KeyError):
        fw.answer_score(answer)


def test_every_pillar_has_one_action_per_band(fw: Framework) -> None:
    assert tuple(fw.actions) == PILLARS
    values = {"name": "Governance", "score": "2.3", "band": "Critical", "lowest": "x"}
    for pillar, bands in fw.actions.items():
        assert tuple(bands) == fw.level_names, pillar
        for band, entry in bands.items():
            assert entry.action.horizon_days in (30, 60, 90)
            assert entry.action.owner and entry.action.metric
            result = entry.result.format(**values)
            assert result.startswith("Governance 2.3/5, Critical: ")
            assert "{" not in result
            target = entry.action.target.format(horizon_days=entry.action.horizon_days)
            assert f"{entry.action.horizon_days} days" in target, (pillar, band)
    assert set(RESULT_FIELDS) == set(values) and TARGET_FIELDS == ("horizon_days",)


def test_the_governance_finding_reads_like_the_published_example(fw: Framework) -> None:
    question = fw.indicators["metric_definition"]
    lowest = question.descriptors["Absent"].rstrip(".")
    entry = fw.actions["governance"]["Critical"]
    result = entry.result.format(
        name="Governance", score="2.2", band="Critical", lowest=lowest[0].lower() + lowest[1:]
    )
    assert result.startswith(
        "Governance 2.2/5, Critical: no metrics are defined for any partner; success is a feeling."
    )
    target = entry.action.target.format(horizon_days=entry.action.horizon_days)
    assert target == "Shared scorecard live for the top 3 partners within 60 days"


def test_every_pillar_names_the_failure_it_guards_against(fw: Framework) -> None:
    failures = {
        "selection": "Misaligned expectations",
        "governance": "Accountability gaps",
        "collaboration": "Value leakage",
        "value": "Misdirected investment",
    }
    assert {p: text.split(":")[0] for p, text in fw.dimension_risks.items()} == failures
    assert fw.survey_recommendations == {}


def test_roster_thresholds_are_readiness_own() -> None:
    diagnostic, readiness = load_framework("partner_diagnostic"), load_framework("readiness")
    for section in ("health", "engagement", "concentration", "portfolio", "scoring", "survey"):
        assert getattr(diagnostic.thresholds, section) == getattr(readiness.thresholds, section)
    # Healthy's floor is the priority line: a pillar below it earns a recommendation.
    assert diagnostic.thresholds.priorities.target_score == diagnostic.scale.levels[-1].low


def test_every_threshold_has_a_source_comment() -> None:
    lines = (FOLDER / "thresholds.yaml").read_text(encoding="utf-8").splitlines()
    for index, line in enumerate(lines):
        if re.match(r"^  \w+:", line):
            above = index - 1
            while re.match(r"^  \w+: \S", lines[above]):
                above -= 1
            assert lines[above].lstrip().startswith("#"), f"no source for {line.strip()}"


def test_report_sections_leave_a_benchmark_hook(fw: Framework) -> None:
    sections = {s.id: s.requires for s in fw.report.sections}
    assert list(sections)[:3] == ["summary", "scorecard", "plan"]
    assert sections["benchmark"] == "history"
    assert sections["portfolio"] == sections["dashboard"] == "roster"


def test_readiness_keeps_its_defaults() -> None:
    readiness = load_framework("readiness")
    assert readiness.input == InputSpec() and readiness.report == ReportSpec()
    assert readiness.actions == {} and readiness.report.plan == "horizons"


def test_cues_run_in_linear_time(fw: Framework) -> None:
    def _alarm(signum: int, frame: Any) -> None:
        raise TimeoutError("a diagnostic cue took over 30 s on a 20,000-character run")

    patterns = [c.pattern for cues in fw.cues.values() for c in cues]
    runs = [" " * 20_000, "a" * 20_000, "plan " * 4_000, "evaluate partners " * 1_111]
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(30)
    try:
        for run in runs:
            for pattern in patterns:
                list(pattern.finditer(run))
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# --- the example -----------------------------------------------------------------------------


def _check_answers(fw: Framework, answers: dict[str, dict[str, Any]]) -> None:
    assert set(answers) <= set(fw.dimension_ids)
    for pillar, given in answers.items():
        questions = {q.id for q in fw.dimension(pillar).indicators}
        assert set(given) <= questions, (pillar, set(given) - questions)
        for answer in given.values():
            fw.answer_score(answer)


def test_the_example_answers_every_question_with_a_level(fw: Framework) -> None:
    data = _yaml(EXAMPLE)
    assert data["framework"] == "partner_diagnostic"
    _check_answers(fw, data["answers"])
    assert sum(len(given) for given in data["answers"].values()) == 16
    # Both ways of answering are shown, as the file's comment says.
    kinds = {type(a) for given in data["answers"].values() for a in given.values()}
    assert kinds == {str, int}


def test_the_example_scores_the_published_pattern(fw: Framework) -> None:
    scores = _scores(fw, _yaml(EXAMPLE)["answers"])
    assert scores == {"selection": 3.8, "governance": 2.3, "collaboration": 3.0, "value": 2.8}
    bands = {p: fw.level_for(s).name for p, s in scores.items()}
    assert bands == {
        "selection": "Healthy",
        "governance": "Critical",
        "collaboration": "At Risk",
        "value": "At Risk",
    }
    overall = _one_decimal(sum(scores.values()) / len(scores))
    assert (overall, fw.level_for(overall).name) == (3.0, "At Risk")


def test_the_example_roster_and_fields_fit_the_current_input_model() -> None:
    data = _yaml(EXAMPLE)
    roster = read_roster_csv(EXAMPLE.parent / data["partners_csv"])
    partners = [Partner.model_validate(record) for record in roster.records]
    assert len(partners) == 9
    shared = set(data) - {"framework", "answers", "notes"}
    assert shared <= set(AssessmentInput.model_fields)


# --- the eval cases --------------------------------------------------------------------------


def _case_input(case: dict[str, Any]) -> dict[str, Any]:
    given = case["input"]
    return _yaml(ROOT / given) if isinstance(given, str) else given


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_eval_cases_are_written_against_the_pillars(fw: Framework, path: Path) -> None:
    case = _yaml(path)
    assert case["framework"] == _case_input(case)["framework"] == "partner_diagnostic"
    expect = case["expect"]
    assert set(expect) == {"scores", "overall", "must_mention", "must_not_claim", "weakest"}
    assert set(expect["scores"]) == set(PILLARS)
    for low, high in [*expect["scores"].values(), expect["overall"]]:
        assert fw.scale.min <= low <= high <= fw.scale.max
    assert set(expect["weakest"]) <= set(PILLARS) and expect["must_mention"]
    _check_answers(fw, _case_input(case)["answers"])


def test_the_example_case_ranges_hold_the_answered_scores(fw: Framework) -> None:
    case = _yaml(ROOT / "evals" / "cases" / "d_halden_energy_storage.yaml")
    scores = _scores(fw, _case_input(case)["answers"])
    for pillar, (low, high) in case["expect"]["scores"].items():
        assert low <= scores[pillar] <= high, pillar
    weakest = sorted(scores, key=scores.__getitem__)[: len(case["expect"]["weakest"])]
    assert weakest == case["expect"]["weakest"]


def test_the_notes_speak_to_every_unanswered_question(fw: Framework) -> None:
    """Each question the Marlowe case leaves out is found in its notes by a cue, negated where
    the notes say the practice is missing."""
    data = _case_input(_yaml(ROOT / "evals" / "cases" / "d_marlowe_travel_notes.yaml"))
    answered = {q for given in data["answers"].values() for q in given}
    found: dict[str, bool] = {}
    for clause in clauses(data["notes"], "notes"):
        for question in set(fw.indicators) - answered:
            if any(cue.pattern.search(clause.text) for cue in fw.cues.get(question, ())):
                found[question] = bool(fw.qualifiers["negation"].search(clause.text))
    assert found == {
        "due_diligence": True,
        "escalation_paths": True,
        "joint_planning": False,
        "innovation_contribution": True,
    }


def test_the_runner_runs_diagnostic_cases_and_refuses_a_mismatched_framework(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert CASES and set(CASES) <= set(find_cases(None, ROOT))
    case = tmp_path / "d_mismatch.yaml"
    text = (ROOT / "evals" / "cases" / "d_marlowe_travel_notes.yaml").read_text(encoding="utf-8")
    case.write_text(text.replace("\nframework: partner_diagnostic\n", "\nframework: readiness\n"))
    assert main(["eval", str(case), "--out", str(tmp_path / "eval")]) == 2
    err = capsys.readouterr().err
    assert "framework 'readiness' but its input is assessed against 'partner_diagnostic'" in err


# --- broken copies fail at load with file, line and fix ----------------------------------


def _replace(name: str, old: str, new: str) -> Any:
    def damage(folder: Path) -> None:
        path = folder / name
        text = path.read_text(encoding="utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return damage


BROKEN = [
    (
        "descriptors keyed by band",
        _replace(
            "framework.yaml", "          Embedded: Evaluation", "          Healthy: Evaluation"
        ),
        "framework.yaml",
        "unknown id 'Healthy'; use one of Absent, Ad hoc, Defined, Managed, Embedded",
    ),
    (
        "answer levels with rated answers",
        _replace("framework.yaml", "  answers: descriptive\n", "  answers: ratings\n"),
        "framework.yaml",
        "answer levels need `answers: descriptive`",
    ),
    (
        "answer level off the scale",
        _replace("framework.yaml", "      score: 2\n", "      score: 0.5\n"),
        "framework.yaml",
        "score 0.5 is outside the 1-5 scale",
    ),
    (
        "answer levels out of order",
        _replace("framework.yaml", "      score: 4\n", "      score: 2\n"),
        "framework.yaml",
        "answer levels go from lowest to highest score; reorder them",
    ),
    (
        "answer level twice",
        _replace("framework.yaml", "    - name: Managed\n", "    - name: ad hoc\n"),
        "framework.yaml",
        "'ad hoc' appears twice",
    ),
    (
        "section twice",
        _replace("framework.yaml", "    - id: dashboard\n", "    - id: portfolio\n"),
        "framework.yaml",
        "section 'portfolio' appears twice",
    ),
    (
        "unknown placeholder",
        _replace("playbook.yaml", "{name} {score}/5, {band}: {lowest}", "{pilar} {score}/5"),
        "playbook.yaml",
        "unknown placeholder {pilar}; use {name}, {score}, {band}, {lowest}",
    ),
    (
        "formatted placeholder",
        _replace("playbook.yaml", "within {horizon_days} days", "within {horizon_days:03} days"),
        "playbook.yaml",
        "unknown placeholder {horizon_days:03}",
    ),
    (
        "horizon plan keys in a one-action playbook",
        _replace("playbook.yaml", "actions:\n", "playbook:\n"),
        "playbook.yaml",
        "report plan is 'one_action', which reads 'actions'",
    ),
    (
        "a band without an action",
        _replace("playbook.yaml", "    At Risk:\n", "    At risk:\n"),
        "playbook.yaml",
        "unknown id 'At risk'; use one of Critical, At Risk, Healthy",
    ),
    (
        "risk actions for a one-action plan",
        _replace("risks.yaml", "partner_risks:\n", "risk_actions: {}\npartner_risks:\n"),
        "risks.yaml",
        "a `plan: one_action` framework plans no risk actions; remove `risk_actions`",
    ),
    (
        "an unknown kind of partner risk",
        _replace("risks.yaml", "  dormant:\n", "  sleeping:\n"),
        "risks.yaml",
        "partner_risks.sleeping: unknown risk kind 'sleeping'",
    ),
    (
        "an action without a horizon",
        _replace("playbook.yaml", "        horizon_days: 30\n", ""),
        "playbook.yaml",
        "'horizon_days' is missing; add it",
    ),
]


@pytest.mark.parametrize(
    ("damage", "file", "message"), [row[1:] for row in BROKEN], ids=[row[0] for row in BROKEN]
)
def test_a_broken_diagnostic_names_file_line_and_fix(
    tmp_path: Path, damage: Any, file: str, message: str
) -> None:
    folder = tmp_path / "broken"
    shutil.copytree(FOLDER, folder)
    damage(folder)
    with pytest.raises(FrameworkError) as caught:
        load_framework(folder)
    text = str(caught.value)
    assert text.startswith(str(folder / file) + ": line "), text
    assert message in text
    assert len(text.splitlines()) <= 2
