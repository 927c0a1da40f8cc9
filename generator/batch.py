"""Batch: every input of a folder or glob through `assess`, a bounded number at once.

Drafting by a model waits on the network, so inputs run in worker threads, each with the
ordinary synchronous client (measured in benchmarks/batch_throughput.py: within a few percent of
the ideal at 16 and 64 at once). The workers are daemon threads: Ctrl-C stops the batch at once,
and an item cut off mid-write leaves only a hidden staging folder that the next write clears
(writers/files.py writes each report set whole or not at all), exactly as a kill would.

Resuming: an input is skipped when its folder's report.json was made from the identical input
(the hash of the input as loaded, roster included) by the same generator version, drafter and
model, and every file of the chosen formats is there. `force` redoes it.
"""

from __future__ import annotations

import glob
import json
import queue
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TextIO

from generator import __version__
from generator.api import BenchmarkBy, assess
from generator.errors import GeneratorError, InputFileError, InputValidationError, ModelConfigError
from generator.history import History, input_digest
from generator.inputs import load_input
from generator.run import RunInfo
from generator.settings import ModelSettings
from generator.writers import DEFAULT_FORMATS, FORMATS, check_formats, parse_formats

MAX_CONCURRENCY = 64
INPUT_SUFFIXES = (".yaml", ".yml")
Status = Literal["written", "skipped", "failed"]


@dataclass
class BatchOptions:
    out: Path = Path("reports")
    concurrency: int = 4
    formats: list[str] = field(default_factory=lambda: list(DEFAULT_FORMATS))
    force: bool = False
    history: Path | None = None
    benchmark: BenchmarkBy | None = None
    settings: ModelSettings | None = None
    router_config: Path | None = None
    progress: bool = False
    out_stream: TextIO | None = None  # the summary (default stdout)
    err_stream: TextIO | None = None  # per-item lines and the progress bar (default stderr)


@dataclass
class ItemResult:
    input: Path
    out_dir: Path
    status: Status
    seconds: float = 0.0
    overall: float | None = None
    detail: str = ""
    finished_at: float = 0.0  # perf_counter when the item's files were written


@dataclass
class BatchOutcome:
    items: list[ItemResult]
    started_at: float  # perf_counter when the first item began
    finished_at: float  # perf_counter when the last item ended
    interrupted: bool = False

    @property
    def failed(self) -> list[ItemResult]:
        return [i for i in self.items if i.status == "failed"]


def find_inputs(spec: str) -> list[Path]:
    """The .yaml/.yml files of a folder (not its sub-folders), or those a glob matches."""
    path = Path(spec).expanduser()
    if path.is_dir():
        found = [p for p in path.iterdir() if p.suffix.lower() in INPUT_SUFFIXES and p.is_file()]
    else:
        found = [
            Path(p)
            for p in glob.glob(str(path), recursive=True)
            if Path(p).suffix.lower() in INPUT_SUFFIXES and Path(p).is_file()
        ]
    if not found:
        raise InputFileError(
            f"no input files in {spec}; give a folder of .yaml files or a quoted glob such as "
            "'clients/*.yaml'"
        )
    found.sort()
    stems: dict[str, Path] = {}
    for p in found:
        if p.stem in stems:
            raise InputValidationError(
                f"{stems[p.stem]} and {p} would share the report folder {p.stem}/; rename one"
            )
        stems[p.stem] = p
    return found


def already_done(
    out_dir: Path, digest: str, formats: list[str], drafter: str, model: str | None
) -> bool:
    """Whether out_dir holds the report of this very input, drafter and model, in every format."""
    try:
        document: Any = json.loads((out_dir / "report.json").read_text(encoding="utf-8"))
        run = RunInfo.model_validate(document["run"])
    except (OSError, ValueError, KeyError, TypeError):
        return False
    same = (
        run.input_sha256 == digest
        and run.generator_version == __version__
        and run.drafter == drafter
        and run.model == model
    )
    return same and all((out_dir / FORMATS[f].file).is_file() for f in formats)


def _formats(formats: list[str]) -> list[str]:
    # report.json is the batch's record of what was done: without it nothing could resume.
    chosen = parse_formats([*formats, "json"])
    check_formats(chosen)
    return list(chosen)


def run_batch(spec: str, options: BatchOptions) -> BatchOutcome:
    """Run every input; prints per-item lines, a progress bar (when asked) and a summary."""
    if not 1 <= options.concurrency <= MAX_CONCURRENCY:
        raise ModelConfigError(f"--concurrency must be 1-{MAX_CONCURRENCY}")
    inputs = find_inputs(spec)
    formats = _formats(options.formats)
    make_drafter = _drafter_factory(options)
    out, err = options.out_stream or sys.stdout, options.err_stream or sys.stderr
    if options.history is not None:
        History(options.history).close()  # a database that cannot be opened stops us here
    todo: queue.Queue[Path] = queue.Queue()
    for path in inputs:
        todo.put(path)
    done: queue.Queue[ItemResult] = queue.Queue()
    first: list[float] = []

    def worker() -> None:
        while True:
            try:
                path = todo.get_nowait()
            except queue.Empty:
                return
            if not first:
                first.append(time.perf_counter())
            done.put(_one(path, options, formats, make_drafter))

    workers = [
        threading.Thread(target=worker, daemon=True, name=f"batch-{n}")
        for n in range(min(options.concurrency, len(inputs)))
    ]
    started = time.perf_counter()
    for thread in workers:
        thread.start()
    results: list[ItemResult] = []
    bar = _Progress(len(inputs), err, options.progress)
    interrupted = False
    try:
        while len(results) < len(inputs):
            try:
                item = done.get(timeout=0.2)
            except queue.Empty:
                continue
            results.append(item)
            bar.item(item)
    except KeyboardInterrupt:
        interrupted = True
    bar.close()
    outcome = BatchOutcome(
        items=results,
        started_at=first[0] if first else started,
        finished_at=max((r.finished_at for r in results), default=time.perf_counter()),
        interrupted=interrupted,
    )
    _summary(outcome, inputs, out)
    return outcome


def _drafter_factory(options: BatchOptions) -> Any:
    from generator.drafting.engine import EngineDrafter

    settings = options.settings
    if settings is None:
        return EngineDrafter
    from generator.drafting.llm import LLMDrafter
    from generator.llm_client import _import_llm, load_router

    _import_llm()  # once, here: threads importing it together would each wait seconds
    router = load_router(options.router_config, settings) if options.router_config else None
    return lambda: LLMDrafter(settings, router=router)


def _one(path: Path, options: BatchOptions, formats: list[str], make_drafter: Any) -> ItemResult:
    began = time.perf_counter()
    out_dir = options.out / path.stem
    try:
        drafter = make_drafter()
        data = load_input(path)
        if not options.force:
            digest = input_digest(data)
            if already_done(out_dir, digest, formats, drafter.name, drafter.model):
                return ItemResult(
                    path,
                    out_dir,
                    "skipped",
                    detail="report is up to date",
                    finished_at=time.perf_counter(),
                )
        result = assess(
            data,
            input_name=str(path),
            out_dir=out_dir,
            drafter=drafter,
            history=options.history,
            benchmark=options.benchmark,
            formats=formats,
        )
    except GeneratorError as exc:
        return ItemResult(
            path,
            out_dir,
            "failed",
            time.perf_counter() - began,
            detail=str(exc),
            finished_at=time.perf_counter(),
        )
    except Exception as exc:  # one broken input must not stop the other forty-nine
        detail = f"unexpected {type(exc).__name__}: {exc}"
        return ItemResult(
            path,
            out_dir,
            "failed",
            time.perf_counter() - began,
            detail=detail,
            finished_at=time.perf_counter(),
        )
    return ItemResult(
        path,
        out_dir,
        "written",
        time.perf_counter() - began,
        overall=result.report.executive_summary.overall_score,
        detail=result.history_note or "",
        finished_at=time.perf_counter(),
    )


class _Progress:
    """One line per finished item, and on a terminal a bar redrawn below them."""

    WIDTH = 30

    def __init__(self, total: int, stream: TextIO, bar: bool) -> None:
        self.total, self.stream, self.bar = total, stream, bar
        self.counts = {"written": 0, "skipped": 0, "failed": 0}
        self._draw()

    def item(self, item: ItemResult) -> None:
        self.counts[item.status] += 1
        score = f" {item.overall:.1f}" if item.overall is not None else ""
        detail = f": {item.detail}" if item.status == "failed" else ""
        line = f"{item.status:<7} {item.input.name}{score} ({item.seconds:.1f}s){detail}"
        if self.bar:
            self.stream.write("\r\033[K")
        print(line, file=self.stream)
        self._draw()

    def _draw(self) -> None:
        if not self.bar:
            return
        n = sum(self.counts.values())
        filled = self.WIDTH * n // max(1, self.total)
        counts = ", ".join(f"{v} {k}" for k, v in self.counts.items())
        self.stream.write(
            f"[{'#' * filled}{'.' * (self.WIDTH - filled)}] {n}/{self.total} {counts}"
        )
        self.stream.flush()

    def close(self) -> None:
        if self.bar:
            self.stream.write("\n")
            self.stream.flush()


def _summary(outcome: BatchOutcome, inputs: list[Path], out: TextIO) -> None:
    by_input = {r.input: r for r in outcome.items}
    width = max(len(p.name) for p in inputs)
    print(f"{'input':<{width}}  {'status':<11} {'overall':>7} {'seconds':>8}  detail", file=out)
    for path in inputs:
        r = by_input.get(path)
        if r is None:
            print(f"{path.name:<{width}}  {'not run':<11}", file=out)
            continue
        score = f"{r.overall:.1f}" if r.overall is not None else ""
        detail = r.detail or f"{r.out_dir}/"
        print(
            f"{path.name:<{width}}  {r.status:<11} {score:>7} {r.seconds:>8.1f}  {detail}", file=out
        )
    counts = {
        s: sum(1 for r in outcome.items if r.status == s) for s in ("written", "skipped", "failed")
    }
    line = ", ".join(f"{v} {k}" for k, v in counts.items())
    if outcome.interrupted:
        line += (
            f"; interrupted, {len(inputs) - len(outcome.items)} not finished (run again to resume)"
        )
    print(
        f"{len(inputs)} input(s): {line}; {outcome.finished_at - outcome.started_at:.1f}s", file=out
    )
