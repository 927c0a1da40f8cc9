"""Print what charts cost a default run (budget: about 0.15 s), and what the PNG path costs.

    PYTHONPATH=. python benchmarks/chart_startup.py [runs]

A default run writes HTML with inline SVG charts drawn by generator/writers/svg.py, so it pays
for importing the chart modules and drawing; matplotlib is imported only for Word and slides.
Each figure is the best of `runs` fresh interpreters (the machine is shared, best is steadiest).
"""

from __future__ import annotations

import subprocess
import sys

EXAMPLE = "examples/manufacturer_distributors.yaml"

CHART_MODULES = ("generator.writers.charts", "generator.writers.svg", "generator.theme")
MATPLOTLIB = "from matplotlib.figure import Figure; from matplotlib.backends.backend_agg import FigureCanvasAgg"
DRAW = """
import time
from generator.api import assess
from generator.theme import DEFAULT_THEME
from generator.writers.charts import build_charts
from generator.writers.{module} import {function}
report = assess({example!r}, write=False).report
started = time.perf_counter()
for chart in build_charts(report):
    {function}(chart, DEFAULT_THEME)
print(time.perf_counter() - started)
"""


def _fresh(code: str, *flags: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *flags, "-c", code], capture_output=True, text=True, check=True
    )


def self_seconds(code: str, modules: tuple[str, ...] | None = None) -> float:
    """Seconds `code` spends importing: the named modules' own time, or everything."""
    log = _fresh(code, "-X", "importtime").stderr
    total = 0
    for line in log.splitlines():
        fields = [f.strip() for f in line.removeprefix("import time:").split("|")]
        if len(fields) != 3 or not fields[0].isdigit():
            continue
        if modules is None or fields[2] in modules:
            total += int(fields[0])
    return total / 1e6


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    charts = min(self_seconds("import generator.api", CHART_MODULES) for _ in range(runs))
    default = min(self_seconds("import generator.api") for _ in range(runs))
    heavy = min(self_seconds(MATPLOTLIB) for _ in range(runs))
    draw = {
        label: min(
            float(_fresh(DRAW.format(module=m, function=f, example=EXAMPLE)).stdout)
            for _ in range(runs)
        )
        for label, m, f in (("svg", "svg", "to_svg"), ("png", "png", "to_png"))
    }
    print(f"  import chart modules (default run)      {charts:7.4f} s")
    print(f"  draw the 3 SVG charts (default run)     {draw['svg']:7.4f} s")
    print(f"  charts' share of a default run          {charts + draw['svg']:7.4f} s (budget 0.15)")
    print(f"  all imports of a default run            {default:7.4f} s")
    print(f"  import matplotlib (docx/pptx only)      {heavy:7.4f} s")
    print(f"  draw the 3 PNG charts (docx/pptx only)  {draw['png']:7.4f} s")


if __name__ == "__main__":
    main()
