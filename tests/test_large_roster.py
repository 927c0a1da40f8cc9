"""Large rosters: the run stays correct past the old 2,000-partner cap, and the structures
that keep it linear (the name index, the cue prefilter, bounded report lists) behave like the
simple code they replace. Speed itself is measured in benchmarks/, not here."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from generator.api import Assessment, assess
from generator.drafting.engine import MAX_EVIDENCE_LINES, MAX_QUOTED_GAPS, draft_report
from generator.drafting.risks import partner_risks
from generator.evaluation.cases import find_cases, load_case
from generator.evidence import analyse, indicators
from generator.evidence.indicators import text_evidence
from generator.evidence.text import Clause, clauses
from generator.frameworks import load_framework
from generator.inputs import MAX_PARTNERS, AssessmentInput, load_input, parse_input
from tests.conftest import EXAMPLE_FILES, MINIMAL, ROOT

READINESS = load_framework("readiness")
SIZE = 2_500  # past the old cap of 2,000, small enough for the suite


def _roster(n: int) -> list[dict[str, Any]]:
    # Every note is different and names a gap in onboarding, as real notes would.
    return [
        {
            "name": f"Partner {i:05d} Ltd",
            "type": "channel",
            "revenue": 1000 * (i % 97),
            "last_activity": "2026-10-01",
            "notes": f"No onboarding plan for account {i:05d}.",
        }
        for i in range(n)
    ]


@pytest.fixture(scope="module")
def large() -> AssessmentInput:
    return parse_input({**MINIMAL, "assessed_on": "2026-11-02", "partners": _roster(SIZE)})


@pytest.fixture(scope="module")
def result(large: AssessmentInput) -> Assessment:
    return assess(large, write=False)


def test_the_cap_is_twenty_thousand() -> None:
    assert MAX_PARTNERS == 20_000


def test_a_large_roster_passes_every_validator(result: Assessment) -> None:
    assert not [f for f in result.findings if f.severity == "error"]
    assert len(result.report.performance_dashboard.partners) == SIZE


def test_partner_lookup_ignores_case_and_finds_every_name(result: Assessment) -> None:
    facts = result.facts
    assert facts.partner("PARTNER 01234 ltd") is not None
    assert facts.partner("Partner 99999 Ltd") is None
    assert all(facts.partner(p.name) is p for p in facts.roster.partners)  # type: ignore[union-attr]


def test_partner_lookup_follows_a_replaced_roster(result: Assessment) -> None:
    roster = result.facts.roster
    assert roster is not None and roster.partner("Partner 00000 Ltd") is not None
    first = roster.partners[0]
    renamed = first.model_copy(update={"name": "Renamed Partner Ltd"})
    copy = roster.model_copy(update={"partners": [renamed, *roster.partners[1:]]})
    assert copy.partner("Partner 00000 Ltd") is None
    assert copy.partner("renamed partner ltd") is renamed
    assert roster.partner("Partner 00000 Ltd") is first


def test_report_lists_of_quotes_are_bounded_and_count_the_rest(result: Assessment) -> None:
    report = result.report
    onboarding = result.facts.dimension("onboarding_enablement")
    quotes = {e.quote for i in onboarding.indicators for e in i.evidence}
    entry = next(e for e in report.scorecard if e.dimension == "onboarding_enablement")
    assert len(entry.evidence) == MAX_EVIDENCE_LINES
    assert entry.evidence[-1].startswith(f"{len(quotes) - (MAX_EVIDENCE_LINES - 1):,} further")
    gaps = [f for f in report.enablement_gaps.feedback if f.area == "onboarding plan"]
    assert len(gaps) == MAX_QUOTED_GAPS
    rest = report.enablement_gaps.feedback[-1]
    assert rest.area == "further quotes" and rest.finding.startswith(f"{SIZE - MAX_QUOTED_GAPS:,} ")


@functools.cache
def _clauses() -> list[Clause]:
    inputs = [load_input(p) for p in EXAMPLE_FILES]
    inputs += [load_case(p, ROOT).data for p in find_cases(None, ROOT / "evals" / "cases")]
    found = []
    for data in inputs:
        for field in ("partner_context", "objectives", "constraints"):
            found += clauses(getattr(data, field), field)
        found += [c for p in data.partners or [] for c in clauses(p.notes or "", "notes")]
    return found


def _texts() -> list[str]:
    return [c.text for c in _clauses()]


@pytest.mark.parametrize("indicator", sorted(READINESS.cues))
def test_cue_prefilter_matches_exactly_when_some_cue_does(indicator: str) -> None:
    """The prefilter may only skip a clause no cue of the indicator would match."""
    for text in _texts():
        expected = any(cue.pattern.search(text) for cue in READINESS.cues[indicator])
        assert bool(READINESS.any_cue_patterns()[indicator].search(text)) == expected, text


def test_text_evidence_is_the_same_with_and_without_the_prefilter(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    every = _clauses()
    monkeypatch.setattr(indicators, "PREFILTER_MIN_CLAUSES", 10**9)
    without = text_evidence(every)
    monkeypatch.setattr(indicators, "PREFILTER_MIN_CLAUSES", 0)
    assert text_evidence(every) == without


def test_cue_prefilter_stays_linear_on_long_runs() -> None:
    """Every regular expression on user text must run in linear time, the alternation too."""
    for chunk in (" ", "a", "1", "no ", "tier ", "partner "):
        text = chunk * (20_000 // len(chunk))
        for pattern in READINESS.any_cue_patterns().values():
            pattern.search(text)


def test_roster_benchmark_generator_writes_a_loadable_input(tmp_path: Path) -> None:
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from make_roster import write
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    data = load_input(write(300, tmp_path))
    assert data.partners is not None and len(data.partners) == 300
    assert len({p.notes for p in data.partners if p.notes}) > 50


def _containers(value: Any, found: set[int]) -> set[int]:
    """Ids of every model, list and dict reachable from value, but for frozen models: the
    report shares the facts' frozen lens rows on purpose (a copy of each was ~190 MB at 20,000
    partners), and a frozen row cannot be changed through the report to agree with the facts."""
    if isinstance(value, BaseModel) and value.model_config.get("frozen"):
        return found
    if isinstance(value, BaseModel):
        found.add(id(value))
        for name in type(value).model_fields:
            _containers(getattr(value, name), found)
    elif isinstance(value, dict):
        found.add(id(value))
        for item in value.values():
            _containers(item, found)
    elif isinstance(value, list):
        found.add(id(value))
        for item in value:
            _containers(item, found)
    return found


@pytest.mark.parametrize("example", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_the_engine_report_shares_no_object_with_the_facts(example: Path) -> None:
    """Validators hold the report against the facts; a shared list would compare to itself."""
    facts = analyse(load_input(example))
    report = draft_report(facts)
    assert not _containers(report, set()) & _containers(facts, set())
    assert report == draft_report(facts)


def test_the_dormant_plan_action_names_ten_partners_and_counts_the_rest() -> None:
    partners = [
        {"name": f"Quiet {i:02d} Ltd", "type": "referral", "revenue": 0, "engagement": "low"}
        for i in range(30)
    ] + [{"name": f"Busy {i:02d} Ltd", "type": "channel", "revenue": 1000 + i} for i in range(10)]
    facts = analyse(parse_input({**MINIMAL, "assessed_on": "2026-11-02", "partners": partners}))
    dormant = next(r for r in partner_risks(facts) if r.kind == "dormant")
    assert dormant.subject == ", ".join(f"Quiet {i:02d} Ltd" for i in range(10)) + " and 20 more"
