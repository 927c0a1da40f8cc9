"""Reading the consultant's free text: clauses, and the figures it states."""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.numbers import read_figures

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])|\n+|;\s*")
# A split point's whitespace is taken from its first character only ((?<!\s)), so a run of
# spaces is not re-scanned from each of its positions.
_CLAUSE = re.compile(
    r"(?<!\s),?\s+but\s+|,\s+(?:while|whereas|although|though|yet)\s+|,\s+(?=[a-z])|:\s+(?=[a-z])"
)
_LEADING_AND = re.compile(r"^(?:and|also|plus)\s+", re.I)
_NEGATED_VERBS = {"not", "n't"} | {
    f"{verb}{neg}" for verb in ("is", "are", "was", "were") for neg in ("not", "n't")
}
_PARTICIPLE = re.compile(r"\b(\w+ed)\b")


@dataclass(frozen=True)
class Clause:
    text: str
    sentence: str
    source: str


def sentences(text: str) -> list[str]:
    parts = (part.strip(" \t-*•") for part in _SENTENCE.split(text))
    return [part for part in parts if part]


def clauses(text: str, source: str) -> list[Clause]:
    """Short clauses, so that a negation stays with the practice it negates.

    "revenue is tracked but engagement is not" becomes two clauses, and the elliptic second
    one borrows the verb of the first ("engagement is not tracked").
    """
    out: list[Clause] = []
    for sentence in sentences(text):
        previous = ""
        for raw in _CLAUSE.split(sentence):
            part = _LEADING_AND.sub("", raw.strip(" ,."))
            if not part:
                continue
            elliptic = _is_elliptic_negation(part)
            participles = _PARTICIPLE.findall(previous)
            if elliptic and participles:
                part = f"{part} {participles[-1]}"
            out.append(Clause(part, sentence, source))
            previous = part
    return out


def _is_elliptic_negation(part: str) -> bool:
    """ "engagement is not", "engagement isn't": a subject, then a negated verb and nothing else.

    Read word by word: the pattern this replaces took minutes on a run of spaces.
    """
    words = part.rstrip(".").split()
    return len(words) >= 2 and words[-1].lower() in _NEGATED_VERBS


def find_money(text: str) -> list[tuple[float, str]]:
    """(value, as written) for each amount of money in text."""
    return [(f.value, f.written) for f in read_figures(text) if f.kind == "money"]


def find_percents(text: str) -> list[tuple[float, str]]:
    """(value, as written) for each share in text: "20%", "61.7 per cent", "half of"."""
    return [(f.value, f.written) for f in read_figures(text) if f.kind == "percent"]


def shorten(text: str, limit: int = 180) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
