"""Is a figure or a name in a report traceable to the input or the computed facts?

Shared by the validators (which hold a model's narrative to the evidence) and the eval's
grounding grader.
"""

from __future__ import annotations

import json
import re
from typing import Any

from generator.evidence.text import find_money

PERCENT = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s?%")
RATING = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s?/\s?10\b")
_NUMBER = re.compile(r"(?<![\w.])\d+(?:,\d{3})*(?:\.\d+)?")
# Names shaped like companies: capitalised words ending in a company word.
COMPANY = re.compile(
    r"\b(?:[A-Z][\w&'.-]*\s+){1,4}(?:Ltd|Limited|GmbH|Inc|LLC|AG|SA|BV|plc|Corp|Corporation|"
    r"Partners|Systems|Solutions|Group|Technologies|Consulting|Holdings)\b"
)


def numbers_in(value: Any, out: set[float] | None = None) -> set[float]:
    """Every number in a value: plain numbers, amounts written as $1.5M, nested containers."""
    found = set() if out is None else out
    if isinstance(value, bool):
        return found
    if isinstance(value, int | float):
        found.add(round(float(value), 4))
    elif isinstance(value, str):
        for amount, _ in find_money(value):
            found.add(round(amount, 4))
        for match in _NUMBER.finditer(value):
            found.add(round(float(match.group(0).replace(",", "")), 4))
    elif isinstance(value, dict):
        for item in value.values():
            numbers_in(item, found)
    elif isinstance(value, list | tuple):
        for item in value:
            numbers_in(item, found)
    return found


def known_numbers(*sources: Any) -> set[float]:
    """Numbers from pydantic models or plain values (input, facts)."""
    known: set[float] = set()
    for source in sources:
        data = (
            json.loads(source.model_dump_json()) if hasattr(source, "model_dump_json") else source
        )
        numbers_in(data, known)
    return known


def traceable(value: float, known: set[float], relative: float = 0.0) -> bool:
    return any(abs(value - k) <= max(relative * abs(k), 0.051) for k in known)


def untraceable_figures(text: str, known: set[float]) -> list[str]:
    """Amounts, percentages and /10 ratings in text that no known number accounts for."""
    missing = [
        written
        for amount, written in find_money(text)
        if not traceable(amount, known, relative=0.006)
    ]
    for pattern in (PERCENT, RATING):
        missing += [
            m.group(0) for m in pattern.finditer(text) if not traceable(float(m.group(1)), known)
        ]
    return missing


def unknown_names(text: str, known_text: str) -> list[str]:
    """Company-like names in text that appear nowhere in the known text.

    The pattern may take in a capitalised word before the name ("Secure Aurelia EHR Systems"),
    so a name counts as known when any trailing run of two or more of its words is known.
    """
    haystack = " ".join(known_text.split()).casefold()
    unknown = []
    for match in COMPANY.finditer(text):
        words = match.group(0).split()
        tails = (" ".join(words[i:]).casefold() for i in range(len(words) - 1))
        if not any(tail in haystack for tail in tails):
            unknown.append(match.group(0))
    return unknown
