"""What the framework's cue phrases cannot say: signal kinds, the negation that follows a cue,
and coverage shares. Cue phrases and qualifier lists are framework data (cues.yaml).

A *topic* cue says the practice is mentioned; the words around it decide whether it is
present, partial, planned or absent. A *gap* cue is evidence against the practice by itself
("single point of contact", "champion left").
"""

from __future__ import annotations

import re
from typing import Literal

# "broken": the practice exists but is stale, lapsed, slow or resented; it counts against it.
Signal = Literal[
    "present", "strong", "partial", "broken", "planned", "absent", "figure", "rating"
]
# Signals that can make an indicator a strength; partial, broken, planned and absent cannot.
POSITIVE_SIGNALS: frozenset[Signal] = frozenset({"present", "strong", "figure", "rating"})

NEGATION_AFTER = re.compile(
    r"^\W*(?:\w+\W+){0,3}?(?:(?:is|are|was|were|has|have|had) )?(?:not|never|missing|absent|"
    r"lacking|n't|nobody|no one|no)\b",
    re.IGNORECASE,
)
# A share of coverage ("QBRs held 30% of the time", "from half the distributors").
COVERAGE = re.compile(
    r"(?<!\d)(?P<num>\d+(?:\.\d+)?)\s?%\s+of\s+(?:the\s+|our\s+)?(?:time|partners|meetings|quarters|"
    r"distributors|resellers|accounts|deals|strategic|channel|them|cases)"
    r"|\b(?P<word>half|a third|a quarter|two thirds|three quarters|most|a few)\s+(?:of\s+)?"
    r"(?:the\s+|our\s+)?(?:time|partners|distributors|resellers|accounts|deals|meetings|them)\b",
    re.IGNORECASE,
)
COVERAGE_WORDS = {
    "half": 50.0,
    "a third": 33.0,
    "a quarter": 25.0,
    "two thirds": 67.0,
    "three quarters": 75.0,
    "most": 70.0,
    "a few": 15.0,
}


def negated_before(negation: re.Pattern[str], text: str, start: int, window: int = 30) -> bool:
    """Whether a negation stands just before text[start:], as in "no churn risk"."""
    return bool(negation.search(text[max(0, start - window) : start]))
