"""Bring your own framework: a toy one (3 dimensions x 2 indicators, 3 bands), written only in
a temporary folder, runs end to end offline and through the fake model server; and no module
outside the loader names a built-in framework's dimensions, indicators or bands."""

from __future__ import annotations

import ast
import contextlib
import io
import json
import keyword
import tokenize
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.cli import main
from generator.drafting.engine import draft_report
from generator.errors import FrameworkError
from generator.evidence import analyse
from generator.frameworks import builtin_frameworks, load_framework
from generator.inputs import PartnerFeedback, load_input
from generator.validators import check
from tests.fake_llm import fake_server, good, narrative_from

ROOT = Path(__file__).resolve().parent.parent
READINESS = ROOT / "frameworks" / "readiness"
LEVELS = ("Basic", "Solid", "Leading")
DIMENSIONS = {
    "reach": ("coverage_map", "recruiting"),
    "enablement_depth": ("courses", "sandbox_access"),
    "trust_ties": ("sponsors", "joint_bets"),
}
PHRASES = {
    "coverage_map": ["coverage"],
    "recruiting": ["recruit*"],
    "courses": ["train*", "certif*"],
    "sandbox_access": ["sandbox", "portal"],
    "sponsors": ["exec* sponsor*"],
    "joint_bets": ["co-innovat*", "joint roadmap"],
}


def _play(text: str) -> dict[str, str]:
    return {
        "action": f"{text} with every partner.",
        "owner": "Partner lead",
        "metric": "Active partners",
        "target": "Done by the horizon's end",
    }


def write_toy(folder: Path) -> Path:
    """A complete framework folder: readiness's thresholds and qualifiers, everything else new."""
    folder.mkdir(parents=True)
    framework = {
        "id": "toy",
        "name": "Toy Partnering Check",
        "version": 2,
        "scale": {
            "min": 1.0,
            "max": 3.0,
            "decimals": 1,
            "levels": [
                {"name": "Basic", "low": 1.0, "high": 1.9, "meaning": "little in place"},
                {"name": "Solid", "low": 2.0, "high": 2.5, "meaning": "working"},
                {"name": "Leading", "low": 2.6, "high": 3.0, "meaning": "a model to copy"},
            ],
        },
        "dimensions": [
            {
                "id": d,
                "name": d.replace("_", " ").title(),
                "short": d.split("_")[0].title(),
                "weight": 1.0,
                "indicators": [
                    {
                        "id": i,
                        "name": i.replace("_", " ").capitalize(),
                        "description": f"{i.replace('_', ' ').capitalize()} is in place.",
                        "descriptors": {level: f"{i} at {level}" for level in LEVELS},
                    }
                    for i in indicators
                ],
            }
            for d, indicators in DIMENSIONS.items()
        ],
        "roles": {"enablement": "enablement_depth", "relationship": "trust_ties"},
        "signals": {"survey_training": "courses", "satisfaction": "sponsors"},
    }
    playbook = {
        "playbook": {
            d: {
                level: {
                    "finding": f"{d} is {level}.",
                    "recommendation": f"Lift {d.replace('_', ' ')} above {level}",
                    "days_30": _play(f"Start {d} work"),
                    "days_60": _play(f"Review {d} work"),
                    "days_90": _play(f"Embed {d} work"),
                }
                for level in LEVELS
            }
            for d in DIMENSIONS
        }
    }
    cues = yaml.safe_load((READINESS / "cues.yaml").read_text(encoding="utf-8"))
    cues["cues"] = PHRASES
    thresholds = yaml.safe_load((READINESS / "thresholds.yaml").read_text(encoding="utf-8"))
    thresholds["scoring"].update(
        default_score=1.5,
        notes_cap=2.0,
        signal_scores={
            "strong": 3.0,
            "present": 2.5,
            "partial": 2.0,
            "planned": 1.5,
            "absent": 1.0,
        },
    )
    thresholds["priorities"]["target_score"] = 2.5
    thresholds["concentration"]["hhi_band_scores"] = {"low": 3.0, "moderate": 2.0, "high": 1.0}
    risks = yaml.safe_load((READINESS / "risks.yaml").read_text(encoding="utf-8"))
    risks["dimension_risks"] = {d: f"Weak {d} costs partner revenue." for d in DIMENSIONS}
    for name, data in {
        "framework.yaml": framework,
        "playbook.yaml": playbook,
        "cues.yaml": cues,
        "thresholds.yaml": thresholds,
        "risks.yaml": risks,
    }.items():
        (folder / name).write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return folder


def write_input(folder: Path, framework: str = "./toy", **extra: Any) -> Path:
    data = {
        "framework": framework,
        "organisation": "Toyco",
        "assessed_on": "2026-03-01",
        "partner_context": "We train resellers once a year. A partner portal exists. Coverage is "
        "thin in the north.",
        "objectives": "Recruit ten partners.",
        "constraints": "No executive sponsors yet.",
        "partner_feedback": {"training": 5, "resources": 7},
        "indicators": {"reach": {"recruiting": 2.5}},
        "weights": {"reach": 2, "enablement_depth": 1, "trust_ties": 1},
        "partners": [
            {"name": "Alpha", "type": "channel", "revenue": 400000, "satisfaction": 8},
            {"name": "Beta", "type": "referral", "revenue": 100000, "satisfaction": 6},
        ],
        **extra,
    }
    path = folder / "input.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def toy_input(tmp_path: Path) -> Path:
    write_toy(tmp_path / "toy")
    return write_input(tmp_path)


def test_the_toy_framework_loads_and_is_checked_by_the_cli(tmp_path: Path) -> None:
    folder = write_toy(tmp_path / "toy")
    toy = load_framework(folder)
    assert toy.dimension_ids == tuple(DIMENSIONS)
    assert toy.level_names == LEVELS
    assert main(["frameworks", "check", str(folder)]) == 0


def test_the_toy_framework_runs_offline_end_to_end(toy_input: Path, tmp_path: Path) -> None:
    data = load_input(toy_input)
    assert data.assessment_framework.id == "toy"
    facts = analyse(data)
    report = draft_report(facts)
    assert [e.dimension for e in report.scorecard] == list(DIMENSIONS)
    assert {e.level for e in report.scorecard} <= set(LEVELS)
    assert all(1.0 <= e.score <= 3.0 for e in report.scorecard)
    assert facts.dimension("reach").basis == "ratings"
    assert not [f for f in check(report, facts) if f.severity == "error"]
    out = tmp_path / "out"
    assert main(["run", str(toy_input), "--out", str(out), "--quiet"]) == 0
    document = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert document["report"]["framework"] == {
        "id": "toy",
        "version": 2,
        "folder": str(data.assessment_framework.source),
    }
    markdown = (out / "report.md").read_text(encoding="utf-8")
    assert "Enablement Depth" in markdown and "/ 3" in markdown
    assert "Scale: Basic 1.0-1.9; Solid 2.0-2.5; Leading 2.6-3.0." in markdown
    assert "Toyco" in (out / "report.html").read_text(encoding="utf-8")
    assert main(["validate", str(out / "report.json"), "--input", str(toy_input)]) == 0


def test_the_toy_framework_runs_through_the_fake_model_server(
    toy_input: Path, tmp_path: Path
) -> None:
    narrative = narrative_from(draft_report(analyse(load_input(toy_input))))
    out = tmp_path / "llm"
    with fake_server(good(narrative)) as server:
        code = main(
            [
                "run",
                str(toy_input),
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
    assert "Toy Partnering Check Assessment" in system
    assert "from 1.0 to 3.0" in system and "Leading 2.6-3.0 (a model to copy)" in system
    assert "Three dimensions, each judged on two observable indicators" in user
    assert "`trust_ties` Trust Ties" in user
    # JSON mode for a local server: the answer's schema travels in the system message.
    assert '"trust_ties"' in system and "strategy_value" not in json.dumps(body)
    document = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert document["validation"]["errors"] == 0 and document["run"]["drafter"] == "llm"


def test_a_framework_folder_may_bring_its_own_assessment_prompt(
    toy_input: Path, tmp_path: Path
) -> None:
    (tmp_path / "toy" / "assessment.j2").write_text(
        "Assess {{ framework.name }} for these notes: {{ notes_json }}\n{{ facts_json }}\n",
        encoding="utf-8",
    )
    assert main(["render", str(toy_input)]) == 0


def test_schema_for_the_toy_framework(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = write_toy(tmp_path / "toy")
    assert main(["schema", "--framework", str(folder)]) == 0
    schemas = json.loads(capsys.readouterr().out)
    ratings = schemas["input"]["$defs"]["IndicatorRatings"]["properties"]
    assert list(ratings) == list(DIMENSIONS)
    report = json.dumps(schemas["report"])
    assert '"enum": ["reach", "enablement_depth", "trust_ties"]' in report


def test_readiness_ratings_are_refused_by_the_toy_framework(tmp_path: Path) -> None:
    write_toy(tmp_path / "toy")
    path = write_input(tmp_path, indicators={"strategy_value": {"mutual_value": 3}})
    assert main(["run", str(path), "--out", str(tmp_path / "out")]) == 2
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        ("framework.yaml", "high: 2.5", "high: 2.4", "framework.yaml: line"),
        ("playbook.yaml", "  trust_ties:", "  trust_tie:", "playbook.yaml: line"),
        ("cues.yaml", "  joint_bets:", "  joint_bet:", "cues.yaml: line"),
        ("framework.yaml", "relationship: trust_ties", "relationship: trust", "roles.relationship"),
    ],
)
def test_a_broken_toy_copy_names_the_file_and_line(
    tmp_path: Path, file: str, old: str, new: str, expected: str
) -> None:
    folder = write_toy(tmp_path / "toy")
    text = (folder / file).read_text(encoding="utf-8")
    assert old in text
    (folder / file).write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(FrameworkError, match=expected) as caught:
        load_framework(folder)
    assert str(folder / file) in str(caught.value)
    path = write_input(tmp_path)
    assert main(["run", str(path), "--out", str(tmp_path / "out")]) == 2


def test_an_unknown_framework_is_a_one_line_input_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_input(tmp_path, framework="nonesuch")
    assert main(["run", str(path)]) == 2
    err = capsys.readouterr().err
    assert "framework" in err and "nonesuch" in err and "Traceback" not in err


def test_frameworks_lists_the_built_in_ones(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["frameworks"]) == 0
    out = capsys.readouterr().out
    assert all(name in out for name in builtin_frameworks())


# --- no module outside the loader names a built-in framework's ids or bands ------------------

# The partner survey's fields (an input contract of their own) share names with two indicators.
SURVEY_AREAS = set(PartnerFeedback.model_fields)
# The diagnostic's Value pillar has the commonest name in Python code; a hard-coded pillar id
# would still show as one of its siblings (selection, governance, collaboration) or questions.
EVERYDAY_WORDS = {"value"}


def _framework_words() -> set[str]:
    words: set[str] = set()
    for name in builtin_frameworks():
        framework = load_framework(name)
        words |= set(framework.dimension_ids) | set(framework.indicators)
        words |= set(framework.level_names)
    return words - SURVEY_AREAS - EVERYDAY_WORDS


def _code_words(path: Path) -> set[str]:
    """Names and whole string literals in a module, without its comments and docstrings."""
    found: set[str] = set()
    tokens = tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline)
    previous = tokenize.NEWLINE
    for token in tokens:
        if token.type == tokenize.NAME and not keyword.iskeyword(token.string):
            found.add(token.string)
        elif token.type == tokenize.STRING and previous not in (tokenize.NEWLINE, tokenize.INDENT):
            with contextlib.suppress(ValueError, SyntaxError):
                found.add(str(ast.literal_eval(token.string)))
        if token.type not in (tokenize.NL, tokenize.COMMENT):
            previous = token.type
    return found


def test_no_module_outside_the_loader_names_a_dimension_indicator_or_band() -> None:
    words = _framework_words()
    offenders = {
        str(path.relative_to(ROOT)): sorted(words & _code_words(path))
        for path in sorted((ROOT / "generator").rglob("*.py"))
        if path.name != "frameworks.py"
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_the_grep_test_would_catch_a_hard_coded_id(tmp_path: Path) -> None:
    module = tmp_path / "module.py"
    module.write_text('LIMIT = 3\nDIM = "relationship_trust"\n', encoding="utf-8")
    assert {"relationship_trust", "DIM"} <= _code_words(module)
