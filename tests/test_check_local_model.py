"""The real-server check's judgement and its counting proxy, without a llama.cpp server."""

from __future__ import annotations

import importlib.util
import json
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import ModuleType
from typing import Any

import pytest

from tests.conftest import ROOT


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "check_local_model", ROOT / "scripts" / "check_local_model.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve annotations through sys.modules
    spec.loader.exec_module(module)
    return module


clm = _load()
BY_NAME = {s.name: s for s in clm.SCENARIOS}
CHAT = "/v1/chat/completions"


def outcome(
    scenario: str,
    exit_code: int | None,
    stderr: str = "",
    requests: int = 1,
    report: bool = False,
    scorecard: bool = False,
    eval_error: str | None = None,
    server_died: str = "",
) -> Any:
    return clm.Outcome(
        scenario=BY_NAME[scenario],
        exit_code=exit_code,
        wall_s=1.0,
        stdout="",
        stderr=stderr,
        requests=[clm.Request(CHAT, "", status=200) for _ in range(requests)],
        report={"run": {"attempts": 1}} if report else None,
        scorecard=scorecard,
        eval_error=eval_error,
        server_died=server_died,
    )


VALIDATION = "error: the model's answer still failed validation after 3 attempt(s); nothing"
CUT_64 = "error: the model's answer was cut off at --max-tokens 64 (finish reason 'length')"
FULL = "error: the model's context window is full: the server refused the prompt (HTTP 400: x)"
TIMEOUT = "error: no answer within 2 s; raise --timeout, or the server may still be working on it"


@pytest.mark.parametrize(
    ("case", "problem"),
    [
        (outcome("json", 0, report=True), None),
        (outcome("json", 0), "no report.json"),
        (outcome("json", 1, VALIDATION, 3), None),
        (outcome("json", 1, "error: the model call failed (HTTP 400): boom"), "names none of"),
        (outcome("json", 1, "Traceback (most recent call last):\n" + VALIDATION), "traceback"),
        (outcome("json", 1, "Give Feedback\n" + VALIDATION), "stray stderr"),
        (outcome("json", None), "no outcome"),
        (outcome("json", 0, report=True, server_died="exit -11"), "stopped by itself"),
        (outcome("tools", 1, "error: no answer within 90 s; raise --timeout, or ..."), None),
        (outcome("tools", 1, "error: no answer within 90 s; raise --timeout", 2), "at most 1"),
        (
            outcome("json_schema", 1, "error: the server does not support --mode json_schema"),
            None,
        ),
        (outcome("json_schema", 1, "error: the model API kept failing (HTTP 500)"), "names none"),
        (
            outcome("json_schema", 1, "error: the server does not support --mode x", requests=3),
            "requests",
        ),
        (outcome("small_context", 1, FULL), None),
        (
            outcome("small_context", 1, "error: the model call failed: context 2048 tokens"),
            "names none",
        ),
        (
            outcome("small_context", 1, FULL.replace("refused", "cut it; raise --max-tokens")),
            "does not fit",
        ),
        (outcome("max_tokens_64", 2, "error: max tokens must be at least 256", 0), "names none"),
        (outcome("max_tokens_64", 1, CUT_64), None),
        (outcome("max_tokens_64", 1, CUT_64.replace("64", "640")), "names none"),
        (outcome("timeout_2", 1, TIMEOUT, requests=5), "at most 1"),
        (outcome("timeout_2", 1, TIMEOUT), None),
        (outcome("timeout_2", 1, "error: the model API kept failing (Timeout, HTTP 408)"), "none"),
        (outcome("eval_case", 1, scorecard=True), None),
        (outcome("eval_case", 1, scorecard=True, eval_error=VALIDATION), None),
        (outcome("eval_case", 1, scorecard=True, eval_error="model call failed"), "names none"),
        (outcome("eval_case", 2, "error: no eval cases found"), "without writing its results"),
    ],
)
def test_judge(case: Any, problem: str | None) -> None:
    problems = clm.judge(case)
    if problem is None:
        assert problems == []
    else:
        assert any(problem in p for p in problems), problems


@pytest.mark.parametrize(
    ("message", "calls", "tokens"),
    [
        ("error: failed validation (3 attempt(s), 18,204 tokens)", "3", "18,204"),
        ("error: --max-tokens 0 is out of range; use 1 or more (default 8000)", "-", "-"),
        ("error: no answer within 2 s (1 call(s): 0 answered, 1 timed out; 0 tokens)", "1", "0"),
        (
            "error: kept failing (6 call(s): 1 answered, 1 timed out, 4 failed; 5,818 tokens)",
            "6",
            "5,818",
        ),
        ("error: x (2 call(s): " + "a" * 5000 + "; 1 tokens)", "-", "-"),
    ],
)
def test_spending_read_from_the_message(message: str, calls: str, tokens: str) -> None:
    assert outcome("json", 1, message).calls_and_tokens() == (calls, tokens)


@pytest.mark.parametrize(
    ("recorded", "problem"),
    [((3, 19_030), None), ((3, 0), "results.json records 0 tokens"), (None, None)],
)
def test_a_failed_eval_draft_must_record_what_its_message_says(
    recorded: tuple[int, int] | None, problem: str | None
) -> None:
    failed = outcome(
        "eval_case", 1, scorecard=True, eval_error=VALIDATION + " (3 attempt(s), 19,030 tokens)"
    )
    failed.eval_spent = recorded
    problems = clm.judge(failed)
    assert problems == [] if problem is None else any(problem in p for p in problems)


def test_spending_read_from_the_report_counts_every_call() -> None:
    done = outcome("json", 0, report=True)
    done.report = {"run": {"attempts": 2, "failed_calls": 1, "prompt_tokens": 10}}
    assert done.calls_and_tokens() == ("3", "10")


class _Upstream(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        status = 400 if self.path.endswith("bad") else 200
        body = json.dumps({"usage": {"total_tokens": 42}}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        return


@pytest.fixture
def upstream() -> Iterator[int]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Upstream)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_proxy_counts_requests_and_passes_answers_through(upstream: int) -> None:
    request = json.dumps({"response_format": {"type": "json_object"}, "max_tokens": 64}).encode()
    with clm.counting_proxy(upstream) as (port, seen):
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{CHAT}", request) as answer:
            assert json.load(answer) == {"usage": {"total_tokens": 42}}
        with pytest.raises(urllib.error.HTTPError) as failed:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/v1/bad", b"{}")
        assert failed.value.code == 400
    assert [(r.path, r.status, r.tokens) for r in seen] == [(CHAT, 200, 42), ("/v1/bad", 400, 42)]
    assert seen[0].asked == "response_format=json_object max_tokens=64"
