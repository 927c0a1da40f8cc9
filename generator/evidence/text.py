"""Reading the consultant's free text: clauses, and the figures it states."""

from __future__ import annotations

import re
from dataclasses import dataclass

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])|\n+|;\s*")
_CLAUSE = re.compile(
    r",?\s+but\s+|,\s+(?:while|whereas|although|though|yet)\s+|,\s+(?=[a-z])|:\s+(?=[a-z])"
)
_ELLIPTIC_NOT = re.compile(r"^(?P<subject>.+?)\s+(?:is|are|was|were)?\s*(?:not|n't)\.?$", re.I)
_PARTICIPLE = re.compile(r"\b(\w+ed)\b")

MONEY = re.compile(
    r"(?P<cur>[$€£¥])\s?(?P<num>\d+(?:,\d{3})*(?:\.\d+)?)\s?(?P<mult>k|m|mm|bn|b|million|billion|thousand)?\b"
    r"|(?P<num2>\d+(?:,\d{3})*(?:\.\d+)?)\s?(?P<mult2>k|m|mn|bn|million|billion|thousand)?\s?"
    r"(?P<cur2>USD|EUR|GBP|CHF|dollars|euros|pounds)\b"
    r"|\b(?P<cur3>USD|EUR|GBP|CHF)\s?(?P<num3>\d+(?:,\d{3})*(?:\.\d+)?)\s?"
    r"(?P<mult3>k|m|mm|bn|million|billion|thousand)?\b",
    re.IGNORECASE,
)
PERCENT = re.compile(r"(?P<num>\d+(?:\.\d+)?)\s?(?:%|percent\b|per cent\b)", re.IGNORECASE)
_MULTIPLIERS = {
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "mm": 1e6,
    "mn": 1e6,
    "million": 1e6,
    "b": 1e9,
    "bn": 1e9,
    "billion": 1e9,
}


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
            part = re.sub(r"^(?:and|also|plus)\s+", "", raw.strip(" ,."), flags=re.I)
            if not part:
                continue
            elliptic = _ELLIPTIC_NOT.match(part)
            participles = _PARTICIPLE.findall(previous)
            if elliptic and participles:
                part = f"{part} {participles[-1]}"
            out.append(Clause(part, sentence, source))
            previous = part
    return out


def money_value(match: re.Match[str]) -> float:
    number = match["num"] or match["num2"] or match["num3"]
    mult = (match["mult"] or match["mult2"] or match["mult3"] or "").lower()
    return float(number.replace(",", "")) * _MULTIPLIERS.get(mult, 1.0)


def find_money(text: str) -> list[tuple[float, str]]:
    """(value, as written) for each amount of money in text."""
    return [(money_value(m), m.group(0).strip()) for m in MONEY.finditer(text)]


def find_percents(text: str) -> list[tuple[float, str]]:
    return [(float(m["num"]), m.group(0).strip()) for m in PERCENT.finditer(text)]


def shorten(text: str, limit: int = 180) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
