"""Full runs replayed from vcrpy cassettes: no server, no network, every request matched.

Re-record with `python tests/record_cassettes.py` (fake server) or, against a real provider,
`python tests/record_cassettes.py --model openai/gpt-4o-mini` with its key exported.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.api import assess
from generator.drafting.llm import LLMDrafter
from generator.errors import ModelError
from generator.settings import ModelSettings
from tests.cassette_setup import SECRET_HEADERS, recorder
from tests.conftest import EXAMPLES, ROOT

CASSETTES = sorted((Path(__file__).parent / "cassettes").glob("*.yaml"))


def test_there_are_cassettes_for_every_example() -> None:
    recorded = {json.loads(c.with_suffix(".json").read_text())["example"] for c in CASSETTES}
    # Every example, whatever its framework: the diagnostic's model path is replayed too.
    assert {p.name for p in EXAMPLES.glob("*.yaml")} <= recorded


@pytest.mark.parametrize("cassette", CASSETTES, ids=lambda p: p.stem)
def test_replayed_run_gives_a_validated_report(cassette: Path) -> None:
    meta = json.loads(cassette.with_suffix(".json").read_text())
    settings = ModelSettings(model=meta["model"], api_base=meta["api_base"], use_cache=False)
    with recorder("none").use_cassette(str(cassette)) as tape:
        result = assess(EXAMPLES / meta["example"], drafter=LLMDrafter(settings), write=False)
        assert tape.all_played, "the run made fewer requests than were recorded"
    assert len(tape.requests) == meta["attempts"]
    assert result.run.attempts == meta["attempts"]
    assert result.report.executive_summary.overall_score == meta["overall_score"]
    assert not [f for f in result.findings if f.severity == "error"]
    body = json.loads(tape.requests[0].body)
    assert body["messages"][1]["content"].startswith("Write the assessment for")


@pytest.mark.parametrize("cassette", CASSETTES, ids=lambda p: p.stem)
def test_cassettes_hold_no_credentials(cassette: Path) -> None:
    text = cassette.read_text().lower()
    for header in SECRET_HEADERS:
        assert f"{header}:" not in text
    assert "bearer " not in text and "sk-" not in text and "aiza" not in text


def test_a_changed_prompt_does_not_match_a_stale_cassette() -> None:
    cassette = next(c for c in CASSETTES if "services_firm" in c.name)
    meta = json.loads(cassette.with_suffix(".json").read_text())
    settings = ModelSettings(
        model=meta["model"], api_base=meta["api_base"], use_cache=False, temperature=0.9
    )  # a different request body
    # litellm reports vcrpy's refusal as a failed call: the run fails instead of passing.
    with pytest.raises(ModelError), recorder("none").use_cassette(str(cassette)):
        assess(EXAMPLES / meta["example"], drafter=LLMDrafter(settings), write=False)


def test_the_recorder_strips_every_credential_header(tmp_path: Path) -> None:
    import httpx

    from tests.fake_llm import answer, fake_server

    secrets = {name: f"secret-{i}" for i, name in enumerate(SECRET_HEADERS)}
    with fake_server(answer("{}")) as server:
        tape = tmp_path / "tape.yaml"
        with recorder("all").use_cassette(str(tape)):
            httpx.post(f"{server.api_base}/chat/completions?key=secret-q", json={}, headers=secrets)
    text = tape.read_text()
    assert "secret-" not in text


def test_eval_grades_a_models_reports_from_a_replayed_cassette(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`eval --model` replays the drafter's recorded traffic for a case built on the example."""
    from generator.cli import main

    cassette = next(c for c in CASSETTES if c.stem == "fake-manufacturer_distributors")
    meta = json.loads(cassette.with_suffix(".json").read_text())
    with recorder("none").use_cassette(str(cassette)) as tape:
        code = main(
            [
                "eval",
                "a_manufacturer_distributors",
                "--model",
                meta["model"],
                "--api-base",
                meta["api_base"],
                "--no-cache",
                "--out",
                "ev",
                "--quiet",
            ]
        )
        assert tape.all_played
    results = json.loads(Path("ev/results.json").read_text())
    assert results["drafter"] == "llm" and results["model"] == meta["model"]
    case = results["cases"]["a_manufacturer_distributors"]
    # The replayed model answered with the engine's own narrative after one re-ask, so every
    # grade is the engine's for this case, and the spend of both answers is counted.
    baseline = json.loads((ROOT / "evals" / "baseline" / "engine.json").read_text())
    # Sameness compares a case with the run's other cases; alone, it has none.
    recorded = {
        g: v
        for g, v in baseline["cases"]["a_manufacturer_distributors"]["mean"].items()
        if g != "sameness"
    }
    assert {g: case["mean"][g] for g in recorded} == recorded
    assert results["tokens"] == {"prompt": 2000, "completion": 800}
    # Alone, this case is also the mean: the engine's weak priorities grade fails the mean floor.
    from generator.evaluation.runner import load_thresholds, threshold_failures

    failures = threshold_failures(results, load_thresholds())
    assert failures[0] == "mean priorities 0.500 is below its threshold 0.78"
    out = capsys.readouterr().out
    assert code == 1 and f"FAIL {failures[0]}" in out and "FAILED DRAFT" not in out


def test_judge_calls_replay_from_a_cassette(tmp_path: Path) -> None:
    from generator.evaluation.judge import judge
    from tests.fake_llm import answer, fake_server

    verdict = {
        "verdicts": [
            {"criterion": c, "reasoning": "cites the plan", "score": 4}
            for c in ("specificity", "actionability", "consistency", "tone")
        ]
    }
    tape = tmp_path / "judge.yaml"
    with fake_server(answer(verdict)) as server:
        settings = ModelSettings(model="openai/judge", api_base=server.api_base, use_cache=False)
        with recorder("all").use_cassette(str(tape)):
            recorded = judge(settings, "# A report")
    with recorder("none").use_cassette(str(tape)) as replay:  # the server is gone now
        replayed = judge(settings, "# A report")
        assert replay.all_played
    assert replayed.grade == recorded.grade and replayed.grade.reason.startswith("pass")
