"""Print how long each step takes on a generated roster of 1,000 to 20,000 partners.

    PYTHONPATH=. python benchmarks/render_large_roster.py [sizes...]

Rendering must grow linearly: md/html show the first 50 rows of each list and partners.csv holds
the rest, so markdown -> html time should stay flat while the JSON and CSV grow with the roster.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TypeVar

from generator.drafting.engine import draft_report
from generator.evidence import analyse
from generator.inputs import AssessmentInput, Partner
from generator.run import RunInfo
from generator.validators import check
from generator.writers.formats import Deliverable
from generator.writers.render import blocks, render_all, render_csv, render_html

T = TypeVar("T")
TYPES = ("channel", "referral", "technology", "strategic", "service")


def roster_input(size: int) -> AssessmentInput:
    partners = [
        Partner(
            name=f"Partner {i:05d} | `x` [y](https://e.example)",
            type=TYPES[i % 5],
            revenue=1000 + 37 * i,
            deals=i % 9,
            engagement=("high", "medium", "low")[i % 3],
            satisfaction=3 + i % 7,
            satisfaction_previous=5 + i % 5,
            notes="Runs joint QBRs." if i % 10 == 0 else None,
        )
        for i in range(size)
    ]
    base = AssessmentInput.model_validate(
        {
            "partner_context": "A large channel programme with a partner portal.",
            "objectives": "Grow partner revenue by 20% next year.",
            "constraints": "A small partner team.",
        }
    )
    # Bypasses only the roster-length cap, which the input loader owns.
    return base.model_copy(update={"partners": partners})


def timed(label: str, step: Callable[[], T]) -> T:
    started = time.perf_counter()
    value = step()
    print(f"  {label:<28} {time.perf_counter() - started:8.3f} s")
    return value


def measure(size: int) -> None:
    run = RunInfo(drafter="engine", generator_version="bench", created_at="")
    print(f"{size:,} partners")
    data = roster_input(size)
    facts = timed("analyse", lambda: analyse(data))
    report = timed("draft (engine)", lambda: draft_report(facts))
    findings = timed("validate", lambda: check(report, facts))
    deliverable = Deliverable(report, findings, run)
    deliverable.parts = timed("markdown blocks", lambda: blocks(report, findings, run))
    timed("markdown -> html (+ charts)", lambda: render_html(deliverable))
    timed("partners.csv", lambda: render_csv(report, run))
    files = timed("all files", lambda: render_all(report, findings, run))
    print("  " + ", ".join(f"{n} {len(t.encode()) // 1024:,} kB" for n, t in files.items()))


if __name__ == "__main__":
    for count in [int(a) for a in sys.argv[1:]] or [1_000, 5_000, 20_000]:
        measure(count)
