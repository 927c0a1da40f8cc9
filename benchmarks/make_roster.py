"""Write a realistic synthetic assessment of N partners: an input YAML and its roster CSV.

Usage: python benchmarks/make_roster.py N OUT_DIR [--seed S]
Writes OUT_DIR/roster_N.yaml and OUT_DIR/roster_N.csv and prints the YAML's path.

The roster looks like a large vendor's program: mostly channel and referral partners, a few
strategic ones, Gold/Silver/Registered tiers, revenues with a long tail (a handful of partners
carry most of it, many carry none), activity dates, engagement as labels or scores,
satisfaction with a previous period, and notes on about a third of the partners, some of which
trip the health rules (a departed contact, churn talk).
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from datetime import date, timedelta
from pathlib import Path

ASSESSED_ON = date(2026, 11, 2)
TYPES = (("channel", 55), ("referral", 20), ("service", 12), ("technology", 10), ("strategic", 3))
TIERS = (("Gold", 5), ("Silver", 20), ("Registered", 75))
REGIONS = (
    "Germany", "France", "UK", "Benelux", "Nordics", "Iberia", "Italy", "Poland",
    "North America", "LATAM", "APAC", "Japan", "ANZ", "India", "Middle East",
)  # fmt: skip
WORDS = (
    "Alder", "Birch", "Cedar", "Delta", "Ember", "Fjord", "Granite", "Harbor", "Iris", "Juniper",
    "Kestrel", "Linden", "Meridian", "Northwind", "Onyx", "Pioneer", "Quarry", "Ridge", "Summit",
    "Tidewater", "Upland", "Vector", "Willow", "Xenon", "Yarrow", "Zenith",
)  # fmt: skip
SUFFIXES = ("Systems", "Solutions", "Partners", "Group", "Consulting", "Technologies", "GmbH")
# Real notes are unique per partner, which matters: identical notes would hide any cost that
# grows with the number of distinct evidence quotes.
NOTES = (
    "Monthly sales-out reports; joined the {month} training day with {k} engineers.",
    "Runs its own demo lab in {region} and co-hosts {k} customer events a year.",
    "Quarterly business reviews held; joint account plan for {k} named customers.",
    "Key account manager left in {month}; no replacement contact yet.",
    "Unhappy with lead routing since {month}; considering a competitor line.",
    "Certified {k} engineers this year and asked for Gold status in {region}.",
    "Orders only on demand; no marketing activity since {month}.",
    "Registered {k} deals through the portal; pipeline review every month.",
)
MONTHS = ("January", "March", "May", "June", "September", "October")


def _pick(rng: random.Random, weighted: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([name for name, _ in weighted], [w for _, w in weighted])[0]


def _revenue(rng: random.Random, rank: int) -> int:
    """A long tail: Pareto-shaped by rank, and about a quarter of partners with nothing."""
    if rng.random() < 0.25:
        return 0
    return int(round(5_000_000 / (1 + rank) ** 0.9 * rng.uniform(0.6, 1.4), -3))


def _note(rng: random.Random, i: int) -> str:
    text = rng.choice(NOTES).format(
        k=rng.randint(2, 40), month=rng.choice(MONTHS), region=rng.choice(REGIONS)
    )
    return f"{text} Account {i:05d}."


def partners(n: int, seed: int = 7) -> list[dict[str, object]]:
    rng = random.Random(seed)
    rows: list[dict[str, object]] = []
    for i in range(n):
        name = f"{WORDS[i % 26]} {WORDS[(i // 26) % 26]} {SUFFIXES[i % 7]} {i:05d}"
        revenue = _revenue(rng, i)
        # Partners that sell nothing are mostly the quiet ones: about a fifth end up dormant,
        # and about one partner in six has gone quiet for over 200 days.
        idle = revenue == 0 and rng.random() < 0.85
        engagement: object = (
            rng.choice(("low", rng.randint(5, 45)))
            if idle
            else rng.choice(("high", "medium", "low", rng.randint(5, 98)))
        )
        satisfaction = round(rng.uniform(4.5, 9.5), 1)
        quiet = rng.random() < (0.5 if idle else 0.06)
        days = rng.randint(200, 700) if quiet else rng.randint(0, 150)
        last = ASSESSED_ON - timedelta(days=days)
        pipeline = int(round(revenue * rng.uniform(0, 0.8), -3)) if rng.random() < 0.7 else ""
        rows.append(
            {
                "name": name,
                "type": _pick(rng, TYPES),
                "tier": _pick(rng, TIERS),
                "region": rng.choice(REGIONS),
                "revenue": revenue,
                "pipeline": pipeline,
                "deals": max(0, int(revenue / rng.uniform(20_000, 60_000))),
                "engagement": engagement,
                "satisfaction": satisfaction,
                "satisfaction_previous": round(min(10.0, satisfaction + rng.uniform(-1, 1.7)), 1),
                "executive_sponsor": "true" if rng.random() < 0.1 else "false",
                "last_activity": last.isoformat(),
                "notes": _note(rng, i) if rng.random() < 0.33 else "",
            }
        )
    return rows


YAML = """\
# Synthetic roster of {n} partners for benchmarks (benchmarks/make_roster.py, seed {seed}).
organisation: Benchmark Scale Vendor Inc
assessed_on: {assessed_on}
industry: Enterprise software
currency: USD
partners_csv: {csv}
partner_context: >-
  A global partner program of {n} partners: resellers, referral partners, service firms,
  technology integrations and a few strategic alliances. Tiers are Gold, Silver and
  Registered. Partner-sourced revenue is about 35% of total. QBRs are held only with
  Gold partners, about 20% of the time. Deal registration exists in the portal but
  attribution is unclear. Onboarding is self-serve with an online course.
objectives: >-
  Grow partner-sourced revenue by 25% in 12 months, open Mexico and Southeast Asia
  with new channel partners, and raise partner satisfaction to 8/10.
constraints: >-
  A partner team of twelve, a co-marketing budget of $2M, and a partner portal that
  does not integrate with the CRM.
partner_feedback:
  training: 6.1
  resources: 5.4
  support: 7.2
  respondents: 412
"""


def write(n: int, out_dir: Path, seed: int = 7) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    rows = partners(n, seed)
    csv_path = out_dir / f"roster_{n}.csv"
    with csv_path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    yaml_path = out_dir / f"roster_{n}.yaml"
    yaml_path.write_text(
        YAML.format(n=n, seed=seed, assessed_on=ASSESSED_ON, csv=csv_path.name), encoding="utf-8"
    )
    return yaml_path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    print(write(args.n, args.out_dir, args.seed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
