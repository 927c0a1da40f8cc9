"""Shared by the benchmark scripts: run a child process, time it, read its peak memory."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Sample:
    seconds: float
    peak_mb: float


def run_child(args: list[str], root: Path = ROOT, env: dict[str, str] | None = None) -> Sample:
    """Wall time and peak resident memory (ru_maxrss) of one child process.

    The child runs with `root` first on its path, so the same script can measure another
    checkout (say, the tree before a change) with --root.
    """
    child_env = {**os.environ, **(env or {}), "PYTHONPATH": str(root)}
    # stderr goes to a file, not a pipe: a chatty child cannot then block on a full pipe.
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        proc = subprocess.Popen(
            args, cwd=root, env=child_env, stdout=subprocess.DEVNULL, stderr=errors
        )
        # wait4 gives this child's own resource use, not the sum over every child so far.
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            errors.seek(0)
            message = errors.read().decode(errors="replace")
            raise SystemExit(f"{' '.join(args)} failed ({proc.returncode}):\n{message}")
    return Sample(seconds, usage.ru_maxrss / 1024)  # ru_maxrss is in KiB on Linux


def median_child(
    args: list[str], repeat: int, root: Path = ROOT, env: dict[str, str] | None = None
) -> Sample:
    samples = [run_child(args, root, env) for _ in range(repeat)]
    return Sample(statistics.median(s.seconds for s in samples), max(s.peak_mb for s in samples))


def interleaved(
    commands: list[list[str]], repeat: int, env: dict[str, str] | None = None
) -> list[Sample]:
    """The median of each command, run in turns (a, b, a, b...) so that a burst of load on a
    shared machine falls on every command alike rather than on one."""
    runs: list[list[Sample]] = [[] for _ in commands]
    for _ in range(repeat):
        for samples, command in zip(runs, commands, strict=True):
            samples.append(run_child(command, ROOT, env))
    return [
        Sample(statistics.median(s.seconds for s in samples), max(s.peak_mb for s in samples))
        for samples in runs
    ]


def generator_cmd(*args: str) -> list[str]:
    # A benchmark run is no assessment: it must not land in the user's history.
    extra = ["--no-history"] if args and args[0] == "run" else []
    return [sys.executable, "-m", "generator", *args, *extra]
