"""Wall time of `python -m generator run` on every example, against `python -c pass`.

Usage: python benchmarks/offline_run.py [--repeat N]

Each figure is the median of N child processes, as a user would run them; the ratio to
`python -c pass` shows what the generator adds to a bare interpreter start. It also times
`python -m generator --help` (start-up alone) and, in process, the pipeline without start-up.
Target: every example under one second, start-up included.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time

from timing import ROOT, generator_cmd, interleaved, median_child


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per figure (median)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from generator.api import assess

    bytecode = "off" if os.environ.get("PYTHONDONTWRITEBYTECODE") else "on"
    print(f"{sys.executable}, bytecode writing {bytecode}, median of {args.repeat}")
    bare, help_run = interleaved(
        [[sys.executable, "-c", "pass"], generator_cmd("--help")], args.repeat
    )
    print(f"{'python -c pass':<32} {bare.seconds:>8.3f} s")
    print(
        f"{'python -m generator --help':<32} {help_run.seconds:>8.3f} s  x{help_run.seconds / bare.seconds:.1f}"
    )
    print()
    print(f"{'example':<32} {'run s':>8} {'x bare':>7} {'peak MB':>8} {'pipeline ms':>12}")
    worst = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for example in sorted((ROOT / "examples").glob("*.yaml")):
            cmd = generator_cmd("run", str(example), "--out", tmp, "--quiet")
            sample = median_child(cmd, args.repeat)
            started = time.perf_counter()
            assess(example, write=False)
            pipeline_ms = (time.perf_counter() - started) * 1000
            worst = max(worst, sample.seconds)
            print(
                f"{example.stem:<32} {sample.seconds:>8.3f} {sample.seconds / bare.seconds:>7.1f} "
                f"{sample.peak_mb:>8.0f} {pipeline_ms:>12.1f}"
            )
    verdict = "within" if worst < 1 else "OVER"
    print(f"slowest median: {worst:.3f} s ({verdict} the 1 s target)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
