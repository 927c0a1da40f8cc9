"""Is a figure or a name in a report traceable to the input or the computed facts?

Shared by the validators (which hold a model's narrative to the evidence) and the eval's
grounding grader.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from generator.numbers import MAX_FIGURE, Figure, may_hold_figure, read_figures

# Names shaped like companies: capitalised words ending in a company word. A name starts where
# no word, dot or hyphen runs into it ("A.B.C." is one token, not a name at each capital).
COMPANY = re.compile(
    r"(?<![\w&'.-])(?:[A-Z][\w&'.-]*\s+){1,4}(?:Ltd|Limited|GmbH|Inc|LLC|AG|SA|BV|plc|Corp|Corporation|"
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
# Which set of Known holds each kind of figure the reader finds. Counts are not held to the
# input: a report counts things (actions, quarters, partners by health) the notes never do.
_KNOWN_BY_KIND = {"money": "amounts", "percent": "percents", "rating": "ratings"}
# A share in words is approximate: "a third" stands for anything from 31% to 36%.
_WORDS_TOLERANCE = 3.0


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
        if not -MAX_FIGURE <= value <= MAX_FIGURE:
            return  # a 400-digit integer is no figure a report could cite (float() overflows)
        percent, amount, rating = _kinds(key)
        number = round(float(value), 4)
        if percent:
            known.percents.add(number)
        if amount:
            known.amounts.add(number)
        if rating:
            known.ratings.add(number)
    elif isinstance(value, str):
        # Most strings (names, reasons) hold no figure at all: one scan rules them out.
        if not may_hold_figure(value) or _DATE.match(value):
            return
        for figure in read_figures(value):
            into = _KNOWN_BY_KIND.get(figure.kind)
            if into is not None:
                getattr(known, into).update(_known_values(figure))
    elif isinstance(value, dict):
        for name, item in value.items():
            _walk(item, str(name), known)
    elif isinstance(value, list | tuple):
        for item in value:
            _walk(item, key, known)


def _known_values(figure: Figure) -> set[float]:
    """A share in words ("a third") is also known rounded, as a report would write it (33%)."""
    value = round(figure.value, 4)
    return {value} if figure.exact else {value, float(round(figure.value))}


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


def checked_figures(text: str) -> list[Figure]:
    """The figures in text that grounding holds to the known numbers."""
    return [f for f in read_figures(text) if f.kind in _KNOWN_BY_KIND]


def untraceable_figures(text: str, known: Known) -> list[str]:
    """Amounts, percentages and /10 ratings in text that no known number of that kind explains."""
    missing = []
    for figure in checked_figures(text):
        pool: set[float] = getattr(known, _KNOWN_BY_KIND[figure.kind])
        if figure.kind == "money":
            found = traceable(figure.value, pool, relative=0.006)
        elif figure.exact:
            found = traceable(figure.value, pool)
        else:
            found = any(abs(figure.value - k) <= _WORDS_TOLERANCE for k in pool)
        if not found:
            missing.append(figure.written)
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


K = TypeVar("K", bound=str)
_WORD = re.compile(r"[a-z]+")
_INFLECTIONS = ("", "s", "es", "ed", "d", "ing")


def _states(token: str, word: str) -> bool:
    """'invested', 'invests' and 'investing' state "invest"; 'investment' does not."""
    stem = word.removesuffix("e") if token.endswith("ing") else word
    return any(token == stem + ending for ending in _INFLECTIONS)


def decisions_stated(
    text: str, words: Mapping[K, Sequence[str]], negations: Sequence[str] = ()
) -> set[K]:
    """The decisions text states in their own words, leaving out any a negation directly
    precedes ("maintain, not invest" states maintain only). Words are matched one token at a
    time, so the check runs in linear time on any text."""
    tokens = _WORD.findall(text.casefold())
    negated = [tuple(n.casefold().split()) for n in negations]
    stated: set[K] = set()
    for i, token in enumerate(tokens):
        for decision, names in words.items():
            if any(_states(token, name.casefold()) for name in names) and not any(
                n and tuple(tokens[max(0, i - len(n)) : i]) == n for n in negated
            ):
                stated.add(decision)
    return stated
