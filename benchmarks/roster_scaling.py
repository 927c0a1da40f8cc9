"""Offline `generator run` on synthetic rosters of 1k, 5k and 20k partners: time and memory.

Usage: python benchmarks/roster_scaling.py [--sizes 1000 5000 20000] [--repeat N] [--root DIR]

For each size it writes a roster (benchmarks/make_roster.py), runs `python -m generator run`
on it in a child process (median wall time of N runs, peak resident memory from the child's
ru_maxrss), and then times each stage in a separate child to show where the time goes. The
marginal cost per 1k partners between sizes shows whether the run grows linearly: equal
figures mean linear. --root measures another checkout of the project (say, before a change).
Target: 20,000 partners in under 10 s and 500 MB.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from make_roster import write
from timing import ROOT, generator_cmd, median_child

# Runs inside a child so that --root decides which code is measured.
STAGES = """
import json, sys, time
from generator.drafting.engine import EngineDrafter
from generator.evidence import analyse
from generator.inputs import load_input
from generator.run import RunInfo
from generator.validators import check
from generator.writers import render_all
t = {}
s = time.perf_counter(); data = load_input(sys.argv[1]); t["load"] = time.perf_counter() - s
s = time.perf_counter(); facts = analyse(data); t["analyse"] = time.perf_counter() - s
s = time.perf_counter(); report = EngineDrafter().draft(data, facts).report
t["draft"] = time.perf_counter() - s
s = time.perf_counter(); findings = check(report, facts); t["validate"] = time.perf_counter() - s
run = RunInfo(drafter="engine", duration_s=0, generator_version="bench", created_at="bench")
s = time.perf_counter(); files = render_all(report, findings, run)
t["render"] = time.perf_counter() - s
t["output_mb"] = sum(len(v.encode()) for v in files.values()) / 1e6
print(json.dumps(t))
"""


def stages(yaml_path: Path, root: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", STAGES, str(yaml_path)],
        cwd=root,
        env={"PYTHONPATH": str(root), "PATH": ""},
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, float] = json.loads(out.stdout)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000])
    parser.add_argument("--repeat", type=int, default=3, help="runs per size (median)")
    parser.add_argument("--root", type=Path, default=ROOT, help="checkout to measure")
    args = parser.parse_args()
    root = args.root.resolve()

    print(f"measuring {root} with {sys.executable}")
    header = (
        f"{'partners':>8} {'run s':>7} {'peak MB':>8} {'s/1k':>6} {'marginal s/1k':>14} | "
        f"{'load':>5} {'analyse':>7} {'draft':>6} {'validate':>8} {'render':>6} {'out MB':>6}"
    )
    print(header)
    print("-" * len(header))
    previous: tuple[int, float] | None = None
    with tempfile.TemporaryDirectory() as tmp:
        for n in sorted(args.sizes):
            yaml_path = write(n, Path(tmp))
            cmd = generator_cmd("run", str(yaml_path), "--out", f"{tmp}/out-{n}", "--quiet")
            sample = median_child(cmd, args.repeat, root)
            marginal = ""
            if previous is not None:
                slope = (sample.seconds - previous[1]) / (n - previous[0]) * 1000
                marginal = f"{slope:.3f}"
            previous = (n, sample.seconds)
            t = stages(yaml_path, root)
            print(
                f"{n:>8,} {sample.seconds:>7.2f} {sample.peak_mb:>8.0f} "
                f"{sample.seconds / n * 1000:>6.3f} {marginal:>14} | {t['load']:>5.2f} "
                f"{t['analyse']:>7.2f} {t['draft']:>6.2f} {t['validate']:>8.2f} "
                f"{t['render']:>6.2f} {t['output_mb']:>6.1f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
