"""One reader for the figures a text states: money, percentages, /10 ratings and counts.

The evidence engine and grounding both read figures through it, so a figure the notes state
and the same figure in a report are recognised alike ("61.7 percent", "9 out of 10", "half
of our partners"). A scanner finds each number once, left to right; what surrounds it is read
with patterns anchored at that spot and bounded in length, so reading is linear in the text.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Kind = Literal["money", "percent", "rating", "count"]

# A figure beyond this is no figure a partner assessment states (the input caps amounts at
# 1e15 too); a run of 400 digits is read as nothing rather than as infinity.
MAX_FIGURE = 1e15

CARDINALS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "a dozen": 12,
}
FRACTIONS = {
    "half": 50.0,
    "a third": 100 / 3,
    "one third": 100 / 3,
    "two thirds": 200 / 3,
    "a quarter": 25.0,
    "one quarter": 25.0,
    "three quarters": 75.0,
    "a fifth": 20.0,
    "one fifth": 20.0,
}
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


def _words(options: Iterable[str]) -> str:
    # Longest first, so "two thirds" wins over "two".
    names = sorted(options, key=len, reverse=True)
    return "|".join(r"\s".join(map(re.escape, n.split())) for n in names)


def fraction_words() -> str:
    """The share words (half, a third ...) as a pattern alternation, longest first."""
    return _words(FRACTIONS)


_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
# A number starts where no other number, word or decimal point runs into it, so a run of
# digits is scanned from its first digit only.
_TOKEN = re.compile(
    r"(?P<sym>[$€£¥])"
    rf"|(?<![\w.])(?<!\d,)(?P<num>{_NUMBER})"
    rf"|(?<![\w-])(?P<word>{_words([*FRACTIONS, *CARDINALS])})(?![\w-])",
    re.IGNORECASE,
)
_AFTER_SYMBOL = re.compile(
    rf"\s?(?P<num>{_NUMBER})(?:\s?(?P<mult>{_words(_MULTIPLIERS)})\b)?", re.I
)
_MULT_CODE_AFTER = re.compile(
    rf"(?:\s?(?P<mult>{_words(_MULTIPLIERS)}))?\s?(?:USD|EUR|GBP|CHF|AUD|CAD|NZD|SGD|dollars|euros|pounds)\b", re.I
)
_MULT_AFTER = re.compile(rf"\s?(?P<mult>{_words(_MULTIPLIERS)})\b", re.I)
_CODE_BEFORE = re.compile(r"(?<![A-Za-z])(?:USD|EUR|GBP|CHF|AUD|CAD|NZD|SGD)\s?$", re.I)
_PERCENT_AFTER = re.compile(r"\s?(?:%|percent\b|per\scent\b)", re.I)
_RATING_AFTER = re.compile(r"\s?(?:/\s?|\sout\sof\s)(?:10|ten)\b(?![.,]\d)", re.I)
# What a count counts, with up to two qualifiers between: "12 channel partners", "142 deals".
_QUALIFIER = (
    r"(?:active|inactive|registered|signed|certified|strategic|channel|technology|tech|"
    r"integration|referral|services?|reseller|new|key|top|gold|silver|platinum|bronze|named|"
    r"existing|current|dormant|engaged|passive|closed|joint|partner|partner-sourced|won)"
)
_NOUN = (
    r"(?P<noun>partners?|resellers?|distributors?|integrators?|agencies|agency|affiliates?|"
    r"deals?|referrals?|ISVs?|MSPs?|VARs?|alliances?|OEMs?|respondents?)\b"
)
_COUNTED = re.compile(rf"\s(?:{_QUALIFIER}\s){{0,2}}{_NOUN}", re.I)
# "three of our five resellers", "9 of the 12 partners".
_OF_WHOLE = re.compile(
    r"\s(?:out\s)?of\s(?:the\s|our\s|their\s|its\s)?"
    rf"(?P<whole>\d{{1,6}}|{_words(CARDINALS)})(?![\w-]){_COUNTED.pattern}",
    re.I,
)
# A fraction word quantifies a share when a whole follows: "half of our partners", "a quarter
# of new business", "half the distributors"; not "half an hour" or "a third party".
_SHARE_AFTER = re.compile(r"\s(?:of\s|the\s|our\s|their\s|its\s|all\s)", re.I)
_PERIOD_BEFORE = re.compile(r"(?:first|second|1st|2nd)\s$", re.I)


@dataclass(frozen=True)
class Figure:
    kind: Kind
    value: float
    written: str
    start: int
    end: int
    # Words ("half", "a third") state a share roughly; digits state it exactly.
    exact: bool = True
    # For a count: what it counts, and the whole it is part of ("3 of our 5 resellers").
    noun: str | None = None
    whole: float | None = None


def parse_number(written: str) -> float | None:
    """A number as written ("1,500.5", "twelve"), or None when it is not a sane figure."""
    word = " ".join(written.lower().split())
    if word in CARDINALS:
        return float(CARDINALS[word])
    digits = written.replace(",", "")
    # float() of a 400-digit string is infinity; such a figure is no figure.
    if len(digits.split(".")[0]) > 16:
        return None
    value = float(digits)
    return value if math.isfinite(value) and value <= MAX_FIGURE else None


def _after_number(text: str, start: int, end: int, value: float) -> Figure | None:
    """What the number at text[start:end] (digits or a word) states, read from its surroundings."""
    if text[start].isdigit():
        code = _MULT_CODE_AFTER.match(text, end)
        if code:
            return _money_figure(text, start, code.end(), value, code["mult"])
        window = max(0, start - 5)
        before = _CODE_BEFORE.search(text[window:start])
        if before:
            mult = _MULT_AFTER.match(text, end)
            stop = mult.end() if mult else end
            return _money_figure(text, window + before.start(), stop, value, mult and mult["mult"])
    percent = _PERCENT_AFTER.match(text, end)
    if percent:
        return Figure("percent", value, text[start : percent.end()], start, percent.end())
    rating = _RATING_AFTER.match(text, end)
    if rating and value <= 10:
        return Figure("rating", value, text[start : rating.end()], start, rating.end())
    counted = _OF_WHOLE.match(text, end) or _COUNTED.match(text, end)
    if counted:
        whole = counted.groupdict().get("whole")
        return Figure(
            "count",
            value,
            text[start : counted.end()],
            start,
            counted.end(),
            noun=counted["noun"].lower(),
            whole=parse_number(whole) if whole else None,
        )
    return None


def _money_figure(
    text: str, start: int, end: int, value: float | None, mult: str | None
) -> Figure | None:
    if value is None:
        return None
    value *= _MULTIPLIERS.get((mult or "").lower(), 1.0)
    return Figure("money", value, text[start:end], start, end) if value <= MAX_FIGURE else None


def _share(text: str, token: re.Match[str]) -> Figure | None:
    """A fraction word that quantifies a share ("half of our partners"), not a period of time
    ("the first half of the year")."""
    if not _SHARE_AFTER.match(text, token.end()):
        return None
    if _PERIOD_BEFORE.search(text[max(0, token.start() - 7) : token.start()]):
        return None
    value = FRACTIONS[" ".join(token["word"].lower().split())]
    return Figure("percent", value, token["word"], token.start(), token.end(), exact=False)


def may_hold_figure(text: str) -> bool:
    """False when text has no digit, currency sign or number word, so no figure to read."""
    return _TOKEN.search(text) is not None


def read_figures(text: str) -> list[Figure]:
    """Every figure in text, left to right, none overlapping."""
    figures: list[Figure] = []
    pos = 0
    while token := _TOKEN.search(text, pos):
        figure: Figure | None = None
        if token["sym"]:
            after = _AFTER_SYMBOL.match(text, token.end())
            if after:
                value = parse_number(after["num"])
                figure = _money_figure(text, token.start(), after.end(), value, after["mult"])
        elif token["word"] and " ".join(token["word"].lower().split()) in FRACTIONS:
            figure = _share(text, token)
        else:
            value = parse_number(token["num"] or token["word"])
            if value is not None:
                figure = _after_number(text, token.start(), token.end(), value)
        if figure is not None:
            figures.append(figure)
        pos = figure.end if figure is not None else token.end()
    return figures


def of_kind(text: str, kind: Kind) -> list[Figure]:
    return [f for f in read_figures(text) if f.kind == kind]
