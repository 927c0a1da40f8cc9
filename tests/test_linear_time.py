"""Every reader of user text runs in linear time.

Each reader gets 20,000-character runs of spaces, digits, punctuation, repeated words and
separators under a 30-second alarm. A linear reader needs milliseconds; a backtracking
pattern takes minutes (the clause splitter once took 15.7 s on 2,000 spaces), so only a
super-linear pattern can trip the alarm, however slow the machine.

`python -m tests.test_linear_time` prints each reader's time on each run.
"""

from __future__ import annotations

import signal
import sys
import time
from collections.abc import Callable, Iterator
from datetime import date
from types import FrameType
from typing import Any

import pytest

from generator.evaluation.graders import (
    _OWNER_PARTS,
    _TEAM_NOTED,
    _broken,
    _counts_partners,
    _names,
    report_sentences,
)
from generator.evidence import analyse
from generator.evidence.cues import COVERAGE, NEGATION_AFTER, negated_before
from generator.evidence.goals import goal_clauses, goals_for, names_in, read_goals, values_in
from generator.evidence.indicators import classify, text_evidence
from generator.evidence.roster import analyse_roster
from generator.evidence.statements import analyse_text
from generator.evidence.team import read_team, roles_in
from generator.evidence.text import clauses, find_money, find_percents, sentences, shorten
from generator.frameworks import load_framework
from generator.grounding import (
    Known,
    decisions_stated,
    known_numbers,
    unknown_names,
    untraceable_figures,
)
from generator.inputs import MAX_TEXT_CHARS, AssessmentInput, Partner, parse_input
from generator.numbers import read_figures

SIZE = 20_000
ALARM_SECONDS = 30


def _run(unit: str) -> str:
    return (unit * (SIZE // len(unit) + 1))[:SIZE]


RUNS = {
    "spaces": _run(" "),
    "digits": _run("1"),
    "punctuation": _run(".,;:%$/-!?()'\""),
    "repeated words": _run("partners are not tracked ramp "),
    "separators": _run("1,000,"),
    "decimals": _run("1."),
    "digits and spaces": _run("1 "),
    "capitals and dots": _run("A."),
    "newlines and tabs": _run("\n\t "),
    "figure words": _run("a dozen one of 1 out of half of $ USD 9/10 three of our "),
    "goal and team words": _run(
        "grow partner revenue to a third, and cut time to first deal; two partner managers "
    ),
    "goal clause joints": _run("eight of the nine dealers and grow, open the Nordic: sign "),
    # One sentence of many clauses, each a cue, with a limit word: each clause asks whether
    # the sentence states a limit.
    "clauses of a limited sentence": _run("a portal, frozen, "),
}
READINESS = load_framework("readiness")
QUALIFIERS = (COVERAGE, NEGATION_AFTER, *READINESS.qualifiers.values())
ALL_CUES = [cue for cues in READINESS.cues.values() for cue in cues]


def _input(text: str) -> AssessmentInput:
    # Wrapped in letters: a blank text is refused at load, and a run stripped away at the ends
    # of a clause never reaches the patterns inside it.
    body = f"a{text[: MAX_TEXT_CHARS - 2]}b"
    return parse_input({"partner_context": body, "objectives": body, "constraints": body})


def _whole_input(text: str) -> AssessmentInput:
    data = _input(text)
    note = f"a{text[:1998]}b"
    partners = [{"name": f"P{i}", "type": "channel", "notes": note} for i in range(10)]
    return parse_input(data.model_dump(exclude_none=True) | {"partners": partners})


def _report_with(text: str) -> Any:
    from generator.drafting.engine import draft_report

    report = draft_report(
        analyse(
            parse_input({"partner_context": "a", "objectives": "b", "constraints": "c"}),
            today=date(2026, 1, 1),
        )
    )
    report.scorecard[0].findings = [text]
    return report


# One cue of each kind: classify reads the clause the same way whichever pattern found it.
CUE_KINDS = [
    next(c for c in ALL_CUES if c.kind == "topic"),
    next(c for c in ALL_CUES if c.kind == "fixed"),
    next(c for c in ALL_CUES if c.kind == "gap"),
]


def _classify_everywhere(text: str) -> None:
    for at in (0, len(text) // 2, len(text) - 1):
        for cue in CUE_KINDS:
            classify(text, at, at + 1, cue)


READERS: dict[str, Callable[[str], Any]] = {
    "sentences": sentences,
    "clauses": lambda s: clauses(s, "partner_context"),
    "shorten": shorten,
    "read_figures": read_figures,
    "find_money": find_money,
    "find_percents": find_percents,
    "cue patterns": lambda s: [cue.pattern.search(s) for cue in ALL_CUES],
    "qualifiers": lambda s: [pattern.search(s) for pattern in QUALIFIERS],
    "negated_before": lambda s: negated_before(
        READINESS.qualifiers["negation"], s, len(s), window=len(s)
    ),
    "classify": _classify_everywhere,
    "text_evidence": lambda s: text_evidence(clauses(s, "partner_context")),
    "known_numbers": lambda s: known_numbers({"notes": s, "comments": [s]}),
    "untraceable_figures": lambda s: untraceable_figures(s, Known(percents={1.0})),
    "unknown_names": lambda s: unknown_names(s, s),
    "decisions_stated": lambda s: decisions_stated(
        s, {"invest": ["invest"], "review": ["review", "exit"]}, ["not", "rather than"]
    ),
    "statements": lambda s: analyse_text(_input(s)),
    "roster notes": lambda s: analyse_roster(
        [Partner.model_construct(name="P", type="channel", notes=s)], date(2026, 1, 1), s
    ),
    "analyse": lambda s: analyse(_whole_input(s), today=date(2026, 1, 1)),
    "read_goals": lambda s: read_goals(s, date(2026, 1, 1), "USD", ["Alder Fluid", "P1"]),
    "goals_for": lambda s: goals_for(_input(s)),
    "goal clauses": goal_clauses,
    "names_in": names_in,
    "values_in": values_in,
    "read_team": lambda s: read_team(_input(s)),
    "grader patterns": lambda s: (
        _counts_partners(s),
        _TEAM_NOTED.search(s),
        _OWNER_PARTS.split(s),
        roles_in(s),
        _broken(s),
        _names("resellers", s),
    ),
    "report sentences": lambda s: report_sentences(_report_with(s)),
}


def _texts() -> Iterator[tuple[str, str]]:
    for name, run in RUNS.items():
        yield name, run
        yield f"{name} inside words", f"a{run}b"


class _TooSlow(Exception):
    pass


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise _TooSlow


@pytest.mark.parametrize("reader", list(READERS))
def test_reader_is_linear_on_long_runs(reader: str) -> None:
    previous = signal.signal(signal.SIGALRM, _alarm)
    current = ""
    signal.alarm(ALARM_SECONDS)
    try:
        for name, text in _texts():
            current = name
            READERS[reader](text)
    except _TooSlow:
        pytest.fail(f"{reader} took over {ALARM_SECONDS} s on 20,000 chars of {current}")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def main() -> None:
    """Print each reader's time per run, in milliseconds (the test only bounds them)."""
    for reader, read in READERS.items():
        figures = []
        for name, text in _texts():
            started = time.perf_counter()
            read(text)
            figures.append(f"{name}={(time.perf_counter() - started) * 1000:.0f}")
        print(f"{reader}: " + " ".join(figures), file=sys.stdout)


if __name__ == "__main__":
    main()
