"""Batch throughput against a local fake model server that answers every request after a fixed
latency, at 1, 4, 16 and 64 inputs at once: reports per second, and the time from the first
request to the last report as a fraction of the ideal, ceil(items / concurrency) x latency.
Start-up (import, reading inputs, before the first request) is reported apart.

    PYTHONPATH=. python benchmarks/batch_throughput.py [--items 50] [--latency 1.0]
        [--concurrency 1 4 16 64] [--formats md,json] [--cache]
"""

from __future__ import annotations

import argparse
import io
import math
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
EXAMPLE = ROOT / "examples" / "services_firm.yaml"


def make_inputs(folder: Path, items: int) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    original = next(line for line in text.splitlines() if line.startswith("organisation:"))
    for n in range(items):
        named = text.replace(original, f"organisation: Client {n:03d}")
        (folder / f"client_{n:03d}.yaml").write_text(named, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--latency", type=float, default=1.0)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 4, 16, 64])
    parser.add_argument("--formats", default="md,json")
    parser.add_argument("--cache", action="store_true", help="use the response cache (cold)")
    parser.add_argument("--history", action="store_true", help="record every run in a history")
    args = parser.parse_args()

    process_start = time.perf_counter()
    os.environ["GENERATOR_CACHE_DIR"] = tempfile.mkdtemp()
    os.environ["DISABLE_AIOHTTP_TRANSPORT"] = "True"
    os.environ["LITELLM_LOCAL_MODEL_COST_MAP"] = "True"
    from generator.batch import BatchOptions, run_batch
    from generator.drafting.engine import draft_report
    from generator.evidence import analyse
    from generator.inputs import load_input
    from generator.llm_client import _import_llm
    from generator.settings import resolve
    from tests.fake_llm import answer, fake_server, narrative_from, slow

    _import_llm()
    print(f"start-up (imports incl. litellm): {time.perf_counter() - process_start:.2f} s")
    narrative = narrative_from(draft_report(analyse(load_input(EXAMPLE))))
    inputs = Path(tempfile.mkdtemp())
    make_inputs(inputs, args.items)
    step = slow(args.latency, answer(narrative.model_dump(mode="json")))
    print(
        f"{args.items} inputs, {args.latency:g} s latency, formats {args.formats}, "
        f"cache {'on' if args.cache else 'off'}, history {'on' if args.history else 'off'}"
    )
    print("concurrency | first request -> last report | ideal | fraction | reports/s | start-up")
    for concurrency in args.concurrency:
        with fake_server(step) as server:
            settings = resolve(model="openai/fake", api_base=server.api_base, use_cache=args.cache)
            os.environ["GENERATOR_CACHE_DIR"] = tempfile.mkdtemp()
            options = BatchOptions(
                out=Path(tempfile.mkdtemp()),
                concurrency=concurrency,
                formats=args.formats.split(","),
                settings=settings,
                history=Path(tempfile.mkdtemp()) / "history.sqlite3" if args.history else None,
                out_stream=io.StringIO(),
                err_stream=io.StringIO(),
            )
            called = time.perf_counter()
            outcome = run_batch(str(inputs), options)
            if outcome.failed:
                print(f"{len(outcome.failed)} failed: {outcome.failed[0].detail}")
                return 1
            first = min(r.at for r in server.requests)
        span = outcome.finished_at - first
        ideal = math.ceil(args.items / concurrency) * args.latency
        print(
            f"{concurrency:>11} | {span:>26.2f} s | {ideal:>3.0f} s | {ideal / span:>8.2f} | "
            f"{args.items / span:>9.1f} | {first - called:.2f} s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
