"""Batch: every input of a folder, bounded concurrency, a summary, resume, kill safety."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.cli import main
from generator.drafting.engine import draft_report
from generator.evidence import analyse
from generator.inputs import load_input
from tests.conftest import EXAMPLES, ROOT
from tests.fake_llm import answer, fake_server, narrative_from, slow

SERVICES = EXAMPLES / "services_firm.yaml"


def _inputs(folder: Path, count: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    text = SERVICES.read_text(encoding="utf-8")
    original = next(line for line in text.splitlines() if line.startswith("organisation:"))
    for n in range(count):
        named = text.replace(original, f"organisation: Client {n}")
        (folder / f"client_{n}.yaml").write_text(named, encoding="utf-8")
    return folder


def _finished(out: Path) -> list[Path]:
    """Report folders with a report.json, leaving out hidden staging folders."""
    return [p.parent for p in out.glob("*/report.json") if not p.parent.name.startswith(".")]


def _run_id(folder: Path) -> str:
    run_id: str = json.loads((folder / "report.json").read_text())["run"]["run_id"]
    return run_id


def _step(latency: float = 0.0):  # type: ignore[no-untyped-def]
    # Findings name the client; the inputs are renamed, so the one answer names none.
    data = load_input(SERVICES).model_copy(update={"organisation": None})
    narrative = narrative_from(draft_report(analyse(data)))
    return slow(latency, answer(narrative.model_dump(mode="json")))


def test_batch_writes_each_input_and_fails_on_a_broken_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _inputs(tmp_path / "in", 3)
    (folder / "broken.yaml").write_text("partner_context: [\n")
    (folder / "notes.txt").write_text("not an input")
    assert main(["batch", str(folder), "--out", "out", "--format", "md,json"]) == 1
    out = capsys.readouterr().out
    assert "4 input(s): 3 written, 0 skipped, 1 failed" in out
    assert re.search(r"^broken\.yaml +failed ", out, re.MULTILINE)
    for n in range(3):
        names = sorted(p.name for p in Path(f"out/client_{n}").iterdir())
        assert names == ["report.json", "report.md"]
    assert not Path("out/broken").exists()


def test_batch_resumes_and_force_redoes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _inputs(tmp_path / "in", 3)
    assert main(["batch", str(folder / "*.yaml"), "--out", "out"]) == 0
    before = {n: _run_id(Path(f"out/client_{n}")) for n in range(3)}
    changed = folder / "client_1.yaml"
    changed.write_text(changed.read_text().replace("Client 1", "Client One"))
    capsys.readouterr()
    assert main(["batch", str(folder), "--out", "out"]) == 0
    assert "3 input(s): 1 written, 2 skipped, 0 failed" in capsys.readouterr().out
    assert _run_id(Path("out/client_0")) == before[0]
    assert _run_id(Path("out/client_1")) != before[1]
    assert main(["batch", str(folder), "--out", "out", "--force"]) == 0
    assert "3 written" in capsys.readouterr().out
    assert _run_id(Path("out/client_0")) != before[0]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["empty"], "no input files in empty"),
        (["in", "--concurrency", "0"], "--concurrency must be 1-64"),
        (["in", "--format", "md,xls"], "--format xls: unknown"),
        (["dupes/**/*.yaml"], "would share the report folder"),
    ],
)
def test_batch_usage_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    _inputs(tmp_path / "in", 1)
    Path("empty").mkdir()
    for sub in ("a", "b"):
        _inputs(tmp_path / "dupes" / sub, 1)
    assert main(["batch", *args]) == 2
    assert message in capsys.readouterr().err


def test_batch_drafts_with_a_model_concurrently(tmp_path: Path) -> None:
    folder = _inputs(tmp_path / "in", 6)
    with fake_server(_step(0.2)) as server:
        args = ["--model", "openai/fake", "--api-base", server.api_base, "--concurrency", "6"]
        assert main(["batch", str(folder), "--out", "out", "--quiet", *args]) == 0
        assert len(server.requests) == 6
        arrivals = sorted(r.at for r in server.requests)
    # All six were asked before the first answer came back.
    assert arrivals[-1] - arrivals[0] < 0.2
    assert all(Path(f"out/client_{n}/report.json").exists() for n in range(6))


def test_router_config_spreads_calls_over_deployments(tmp_path: Path) -> None:
    folder = _inputs(tmp_path / "in", 12)
    with fake_server(_step()) as one, fake_server(_step()) as two:
        config = tmp_path / "router.yaml"
        deployments = "".join(
            # A model name of its own: a Router registers its deployments' prices process-wide.
            f"  - model_name: fake\n    litellm_params:\n      model: openai/router-fake\n"
            f"      api_base: {s.api_base}\n      api_key: none\n"
            for s in (one, two)
        )
        config.write_text(f"model_list:\n{deployments}")
        args = ["--model", "fake", "--router-config", str(config), "--no-cache"]
        assert main(["batch", str(folder), "--out", "out", "--quiet", *args]) == 0
        assert len(one.requests) + len(two.requests) == 12
        assert one.requests and two.requests


def test_router_config_must_name_the_model(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _inputs(tmp_path / "in", 1)
    config = tmp_path / "router.yaml"
    config.write_text("model_list:\n  - model_name: gpt\n    litellm_params: {model: openai/x}\n")
    assert main(["batch", str(folder), "--model", "other", "--router-config", str(config)]) == 2
    assert "use one of gpt" in capsys.readouterr().err


def test_a_killed_batch_resumes_without_redoing_finished_reports(tmp_path: Path) -> None:
    folder = _inputs(tmp_path / "in", 8)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with fake_server(_step(0.3)) as server:
        command = [
            sys.executable, "-m", "generator", "batch", str(folder), "--out", "out", "--quiet",
            "--concurrency", "2", "--model", "openai/fake", "--api-base", server.api_base,
        ]  # fmt: skip
        child = subprocess.Popen(
            command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        deadline = time.monotonic() + 120
        while len(_finished(Path("out"))) < 3 and child.poll() is None:
            assert time.monotonic() < deadline, "the batch wrote nothing in two minutes"
            time.sleep(0.02)
        child.send_signal(signal.SIGKILL)
        child.wait()
        finished = {p.name: _run_id(p) for p in _finished(Path("out"))}
        assert 3 <= len(finished) < 8
        # Every visible folder is a complete set; a cut-off write leaves only a hidden one.
        for entry in Path("out").iterdir():
            if not entry.name.startswith("."):
                assert sorted(p.name for p in entry.iterdir()) == [
                    "report.html", "report.json", "report.md"
                ]  # fmt: skip
        rerun = time.perf_counter()
        assert main(["batch", str(folder), "--out", "out", "--quiet", *command[-4:]]) == 0
        asked = [
            " ".join(str(m.get("content")) for m in r.body["messages"])
            for r in server.requests
            if r.at >= rerun
        ]
    # Only unfinished inputs are asked again: one answered before the kill comes from the
    # response cache, and a request the kill cut off may still arrive late.
    assert len(asked) <= 9 - len(finished)
    for name in finished:
        organisation = "Client " + name.removeprefix("client_")
        assert not any(f'"{organisation}"' in text for text in asked)
    for name, run_id in finished.items():
        assert _run_id(Path("out") / name) == run_id
    assert len(_finished(Path("out"))) == 8
