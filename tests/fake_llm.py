"""A local fake OpenAI-compatible chat server with scripted answers, for tests only.

Each request takes the next step of the script (then the last step repeats). A step is a
function of the request body that returns (status, headers, body, delay_s). Helpers below
build the usual steps: a good structured answer, a schema violation, 429, 500, a slow
answer, non-JSON text, a truncated answer.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from generator.drafting.narrative import EnablementFinding, Narrative, narrative_model
from generator.report import AssessmentReport, report_framework

Reply = tuple[int, dict[str, str], dict[str, Any] | str, float]
DROP = 0  # a "status" that closes the connection without answering
Step = Callable[[dict[str, Any]], Reply]


@dataclass
class Recorded:
    body: dict[str, Any]
    headers: dict[str, str]
    at: float = field(default_factory=time.perf_counter)  # when the request arrived


@dataclass
class FakeServer:
    script: list[Step]
    requests: list[Recorded] = field(default_factory=list)
    port: int = 0

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"


def narrative_from(report: AssessmentReport) -> Narrative:
    """A valid narrative: the engine's own judgement, as a model would return it."""
    one_action = report_framework(report).report.plan == "one_action"
    return narrative_model(report_framework(report))(
        value_realised=report.executive_summary.value_realised,
        dimensions=[
            {"dimension": e.dimension, "score": e.score, "findings": e.findings}
            for e in report.scorecard
        ],
        priorities=report.executive_summary.priorities,
        enablement_findings=[
            EnablementFinding(area=f.area, finding=f.finding)
            for f in report.enablement_gaps.feedback
        ],
        enablement_recommendations=report.enablement_gaps.recommendations,
        plan=report.plan.model_dump(
            include={"actions"} if one_action else {"days_30", "days_60", "days_90"}
        ),
    )


def _completion(
    body: dict[str, Any], arguments: str, finish: str = "stop", usage: tuple[int, int] = (1000, 400)
) -> dict[str, Any]:
    if "tools" in body:
        name = body["tools"][0]["function"]["name"]
        message: dict[str, Any] = {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {
                    "id": "call_1",
                    "type": "function",
                    "function": {"name": name, "arguments": arguments},
                }
            ],
        }
        finish = "tool_calls" if finish == "stop" else finish
    else:
        message = {"role": "assistant", "content": arguments}
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": 1_700_000_000,
        "model": body.get("model", "fake"),
        "choices": [{"index": 0, "message": message, "finish_reason": finish}],
        "usage": {
            "prompt_tokens": usage[0],
            "completion_tokens": usage[1],
            "total_tokens": usage[0] + usage[1],
        },
    }


def answer(
    payload: dict[str, Any] | str, usage: tuple[int, int] = (1000, 400), finish: str = "stop"
) -> Step:
    """A 200 answer carrying payload (a dict is sent as JSON arguments or content)."""
    text = payload if isinstance(payload, str) else json.dumps(payload)
    return lambda body: (200, {}, _completion(body, text, finish, usage), 0.0)


def good(narrative: Narrative) -> Step:
    return answer(narrative.model_dump(mode="json"))


def truncated(narrative: Narrative) -> Step:
    text = json.dumps(narrative.model_dump(mode="json"))[:200]
    return lambda body: (200, {}, _completion(body, text, finish="length"), 0.0)


def status(code: int, headers: dict[str, str] | None = None, message: str = "") -> Step:
    text = message or f"fake error {code}"
    error = {"error": {"message": text, "type": "server_error", "code": code}}
    return lambda body: (code, headers or {}, error, 0.0)


def dropped() -> Step:
    """The server closes the connection mid-answer (it crashed, or ran out of memory)."""
    return lambda body: (DROP, {}, "", 0.0)


def slow(seconds: float, then: Step) -> Step:
    def step(body: dict[str, Any]) -> Reply:
        code, headers, payload, _ = then(body)
        return code, headers, payload, seconds

    return step


@contextmanager
def fake_server(*script: Step, port: int = 0) -> Iterator[FakeServer]:
    state = FakeServer(script=list(script))
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", 0))
            body = json.loads(self.rfile.read(length) or b"{}")
            with lock:
                state.requests.append(Recorded(body, dict(self.headers.items())))
                index = min(len(state.requests) - 1, len(state.script) - 1)
                step = state.script[index]
            code, headers, payload, delay = step(body)
            if delay:
                time.sleep(delay)
            if code == DROP:
                self.close_connection = True
                return
            data = (payload if isinstance(payload, str) else json.dumps(payload)).encode()
            try:
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up waiting (a timeout test)

        def log_message(self, *args: Any) -> None:
            pass

    class Server(ThreadingHTTPServer):
        daemon_threads = True
        # The default backlog of 5 refuses connections beyond it, and the client's retry of a
        # refused connection waits a second: a batch of 64 at once needs room.
        request_queue_size = 128

        def handle_error(self, request: Any, client_address: Any) -> None:
            pass

    server = Server(("127.0.0.1", port), Handler)
    state.port = server.server_address[1]
    # serve_forever's default 0.5 s poll made every shutdown wait, and the suite mostly idle.
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
    )
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
