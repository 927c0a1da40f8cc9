"""Print how long loading and validating a large roster takes, as CSV and as YAML.

    python benchmarks/roster_load.py            # 20,000 partners (the cap), and 5,000 to show growth
    python benchmarks/roster_load.py 2000 20000

Load time should grow linearly: four times the partners, about four times the time.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import yaml

from generator.inputs import MAX_PARTNERS, load_input

HEADER = (
    "name,type,tier,region,revenue,pipeline,deals,engagement,satisfaction,"
    "satisfaction_previous,executive_sponsor,last_activity,notes"
)
TEXTS = {
    "partner_context": "A large partner programme of resellers and integrators.",
    "objectives": "Grow partner-sourced revenue by 20% next year.",
    "constraints": "A small partner team.",
    "assessed_on": "2026-11-02",
}
TYPES = ("channel", "technology", "service", "referral", "strategic")


def row(i: int) -> dict[str, object]:
    return {
        "name": f"Partner {i:05d} GmbH",
        "type": TYPES[i % len(TYPES)],
        "tier": ("Gold", "Silver", "Bronze")[i % 3],
        "region": ("Germany", "France", "UK", "US")[i % 4],
        "revenue": 10_000 + (i * 7919) % 900_000,
        "pipeline": (i * 104_729) % 500_000,
        "deals": i % 40,
        "engagement": ("high", "medium", "low", 72)[i % 4],
        "satisfaction": round(4 + (i % 60) / 10, 1),
        "satisfaction_previous": round(4 + (i % 55) / 10, 1),
        "executive_sponsor": i % 5 == 0,
        "last_activity": f"2026-{1 + i % 10:02d}-{1 + i % 28:02d}",
        "notes": f"Sells the standard range in its region; quarterly review number {i}.",
    }


def write_inputs(folder: Path, n: int) -> tuple[Path, Path]:
    rows = [row(i) for i in range(n)]
    csv_lines = [HEADER]
    for r in rows:
        csv_lines.append(",".join(f'"{v}"' if k == "notes" else str(v) for k, v in r.items()))
    (folder / "roster.csv").write_text("\n".join(csv_lines) + "\n", encoding="utf-8")
    csv_yaml = folder / "with_csv.yaml"
    csv_yaml.write_text(yaml.safe_dump({**TEXTS, "partners_csv": "roster.csv"}), encoding="utf-8")
    inline = folder / "inline.yaml"
    inline.write_text(yaml.safe_dump({**TEXTS, "partners": rows}, sort_keys=False), "utf-8")
    return csv_yaml, inline


def timed(path: Path) -> float:
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        data = load_input(path)
        best = min(best, time.perf_counter() - started)
    assert data.partners is not None
    return best


def main(sizes: list[int]) -> None:
    print(
        f"{'partners':>9} {'csv bytes':>11} {'csv load s':>10} {'yaml bytes':>11} {'yaml load s':>11}"
    )
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            csv_yaml, inline = write_inputs(Path(tmp), n)
            csv_size = (Path(tmp) / "roster.csv").stat().st_size
            print(
                f"{n:>9,} {csv_size:>11,} {timed(csv_yaml):>10.2f} "
                f"{inline.stat().st_size:>11,} {timed(inline):>11.2f}"
            )


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [MAX_PARTNERS // 4, MAX_PARTNERS])
