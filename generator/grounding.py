"""Is a figure or a name in a report traceable to the input or the computed facts?

Shared by the validators (which hold a model's narrative to the evidence) and the eval's
grounding grader.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from typing import Any

from generator.evidence.text import find_money

PERCENT = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s?%")
RATING = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s?/\s?10\b")
# Names shaped like companies: capitalised words ending in a company word.
COMPANY = re.compile(
    r"\b(?:[A-Z][\w&'.-]*\s+){1,4}(?:Ltd|Limited|GmbH|Inc|LLC|AG|SA|BV|plc|Corp|Corporation|"
    r"Partners|Systems|Solutions|Group|Technologies|Consulting|Holdings)\b"
)


@dataclass
class Known:
    """Numbers the input states or the facts compute, by kind: a percentage in a report must
    match a known percentage, an amount a known amount, a rating a known rating."""

    percents: set[float] = field(default_factory=set)
    amounts: set[float] = field(default_factory=set)
    ratings: set[float] = field(default_factory=set)


_PERCENT_KEYS = ("pct", "share", "rate")
_AMOUNT_KEYS = ("revenue", "pipeline", "value")
_RATING_KEYS = ("satisfaction", "training", "resources", "support", "rating")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_DIGIT = re.compile(r"\d")


@functools.lru_cache(maxsize=256)
def _kinds(key: str) -> tuple[bool, bool, bool]:
    """Whether a number under this key is a percentage, an amount, a rating (or several)."""
    name = key.lower()
    return (
        any(k in name for k in _PERCENT_KEYS),
        any(k in name for k in _AMOUNT_KEYS),
        any(k in name for k in _RATING_KEYS),
    )


def _walk(value: Any, key: str, known: Known) -> None:
    # A 20,000-partner roster puts some 350,000 values through here: keep each one cheap.
    if isinstance(value, bool) or value is None:
        return
    if isinstance(value, int | float):
        percent, amount, rating = _kinds(key)
        number = round(float(value), 4)
        if percent:
            known.percents.add(number)
        if amount:
            known.amounts.add(number)
        if rating:
            known.ratings.add(number)
    elif isinstance(value, str):
        # Every figure pattern needs a digit, and most strings (names, reasons) have none.
        if not _DIGIT.search(value) or _DATE.match(value):
            return
        known.amounts.update(round(a, 4) for a, _ in find_money(value))
        known.percents.update(float(m.group(1)) for m in PERCENT.finditer(value))
        known.ratings.update(float(m.group(1)) for m in RATING.finditer(value))
    elif isinstance(value, dict):
        for name, item in value.items():
            _walk(item, str(name), known)
    elif isinstance(value, list | tuple):
        for item in value:
            _walk(item, key, known)


def known_numbers(*sources: Any) -> Known:
    """What pydantic models or plain values (input, facts) state, by kind."""
    known = Known()
    for source in sources:
        data = (
            json.loads(source.model_dump_json()) if hasattr(source, "model_dump_json") else source
        )
        _walk(data, "", known)
    return known


def traceable(value: float, known: set[float], relative: float = 0.0) -> bool:
    return any(abs(value - k) <= max(relative * abs(k), 0.051) for k in known)


def untraceable_figures(text: str, known: Known) -> list[str]:
    """Amounts, percentages and /10 ratings in text that no known number of that kind explains."""
    missing = [
        written
        for amount, written in find_money(text)
        if not traceable(amount, known.amounts, relative=0.006)
    ]
    missing += [
        m.group(0)
        for m in PERCENT.finditer(text)
        if not traceable(float(m.group(1)), known.percents)
    ]
    missing += [
        m.group(0) for m in RATING.finditer(text) if not traceable(float(m.group(1)), known.ratings)
    ]
    return missing


@functools.lru_cache(maxsize=4)
def _normalised(text: str) -> str:
    """Callers check many texts against one large known text (every partner's notes): normalise
    it once, not once per text."""
    return " ".join(text.split()).casefold()


def unknown_names(text: str, known_text: str) -> list[str]:
    """Company-like names in text that appear nowhere in the known text.

    The pattern may take in a capitalised word before the name ("Secure Aurelia EHR Systems"),
    so a name counts as known when any trailing run of two or more of its words is known.
    """
    haystack = _normalised(known_text)
    unknown = []
    for match in COMPANY.finditer(text):
        words = match.group(0).split()
        tails = (" ".join(words[i:]).casefold() for i in range(len(words) - 1))
        if not any(tail in haystack for tail in tails):
            unknown.append(match.group(0))
    return unknown
