"""Wall time of `python -m generator run` on every example, as a user would run it.

Usage: python evals/benchmark.py [--repeat N]
Prints the best and median of N runs per example, and the in-process time of the pipeline alone.
The target for the offline engine is under one second per run, start-up included.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from generator.api import assess

    print(f"{'example':<32} {'best s':>8} {'median s':>9} {'pipeline ms':>12}")
    worst = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for example in sorted((ROOT / "examples").glob("*.yaml")):
            times = []
            for _ in range(args.repeat):
                started = time.perf_counter()
                subprocess.run(
                    [
                        sys.executable,
                        "-m",
                        "generator",
                        "run",
                        str(example),
                        "--out",
                        tmp,
                        "--quiet",
                    ],
                    check=True,
                    capture_output=True,
                    cwd=ROOT,
                )
                times.append(time.perf_counter() - started)
            started = time.perf_counter()
            assess(example, write=False)
            pipeline_ms = (time.perf_counter() - started) * 1000
            worst = max(worst, statistics.median(times))
            print(
                f"{example.stem:<32} {min(times):>8.3f} {statistics.median(times):>9.3f} "
                f"{pipeline_ms:>12.1f}"
            )
    print(f"slowest median: {worst:.3f} s ({'within' if worst < 1 else 'OVER'} the 1 s target)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
