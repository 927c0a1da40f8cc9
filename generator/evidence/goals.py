"""The client's objectives read as goals: what is measured, for what, which way, from what to
what, by when.

The vocabulary (measures, subjects, direction verbs) is data in
frameworks/readiness/measures.yaml, compiled by generator/phrases.py into patterns that are
linear by construction; figures come from the shared reader (generator/numbers.py). Every other
pattern here is a bounded literal alternation, anchored where it is applied.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from importlib.resources import files
from itertools import pairwise
from pathlib import Path
from typing import Any, Literal, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from generator.errors import FrameworkError
from generator.evidence.text import sentences
from generator.inputs import AssessmentInput
from generator.numbers import (
    CARDINALS,
    FRACTIONS,
    Figure,
    fraction_words,
    parse_number,
    read_figures,
)
from generator.phrases import PhraseError, compile_phrases

Unit = Literal["money", "percent", "count", "days", "rating"]
Direction = Literal["grow", "hold", "reduce"]
SubjectKind = Literal["partner", "partner_type", "channel", "region", "segment"]
SUBJECT_KINDS: tuple[SubjectKind, ...] = ("partner_type", "channel", "segment", "region")
_PLACE_KINDS: tuple[SubjectKind, ...] = ("region", "segment")

MAX_VOCABULARY_BYTES = 200_000
M = TypeVar("M", bound=BaseModel)


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Measure(_Data):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]{0,39}$")
    name: str = Field(min_length=1)
    units: tuple[Unit, ...] = Field(min_length=1)
    better: Literal["higher", "lower"]
    phrases: tuple[str, ...] = Field(min_length=1)
    prefers: tuple[SubjectKind, ...] = ()


class Directions(_Data):
    reduce: tuple[str, ...]
    hold: tuple[str, ...]
    grow: tuple[str, ...]
    improve: tuple[str, ...]
    aim: tuple[str, ...]


class MeasureVocabulary(_Data):
    measures: tuple[Measure, ...] = Field(min_length=1)
    subjects: dict[SubjectKind, tuple[str, ...]]
    directions: Directions
    clause_starts: tuple[str, ...] = Field(min_length=1)
    reduce_reliance: tuple[str, ...]
    broken_evidence: tuple[str, ...]


def read_vocabulary_file(name: str) -> dict[str, Any]:
    """A YAML file of frameworks/readiness/, as a mapping; errors name the file and the fix."""
    path = Path(str(files("frameworks") / "readiness" / name))
    try:
        raw = path.read_bytes()
    except OSError:
        raise FrameworkError(f"{path}: missing; restore it from the repository") from None
    if len(raw) > MAX_VOCABULARY_BYTES:
        raise FrameworkError(f"{path}: larger than {MAX_VOCABULARY_BYTES:,} bytes; trim it")
    try:
        data = yaml.safe_load(raw.decode("utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise FrameworkError(f"{path}: malformed YAML ({exc}); fix the YAML syntax") from None
    if not isinstance(data, dict):
        raise FrameworkError(f"{path}: expected a mapping of keys at the top")
    return data


def validated(model: type[M], data: dict[str, Any], name: str) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"])
        raise FrameworkError(f"frameworks/readiness/{name}: {where}: {first['msg']}") from None


def phrases_pattern(phrases: Sequence[str], name: str) -> re.Pattern[str]:
    try:
        return compile_phrases(list(phrases))
    except PhraseError as exc:
        raise FrameworkError(f"frameworks/readiness/{name}: {exc}") from None


@dataclass(frozen=True)
class _Compiled:
    vocabulary: MeasureVocabulary
    measures: tuple[tuple[Measure, re.Pattern[str]], ...]
    # Each subject phrase on its own, with the name a region is given ("Nordic" -> "Nordics").
    subjects: tuple[tuple[SubjectKind, str | None, re.Pattern[str]], ...]
    directions: dict[str, re.Pattern[str]]
    clause_starts: re.Pattern[str]
    reduce_reliance: re.Pattern[str]
    broken: re.Pattern[str]


_FIRST_WORDS = re.compile(r"\(\s?([^|()]{1,80}?)\s?\|[^()]{0,200}\)")


def _canonical(kind: SubjectKind, phrase: str) -> str | None:
    """The name a region phrase gives its goal: its first forms ("Nordics" for "Nordics|Nordic",
    "North America" for "North (America | American)"). Other kinds keep the text's words."""
    if kind != "region":
        return None
    words = _FIRST_WORDS.sub(r"\1", phrase)
    return " ".join(word.split("|")[0] for word in words.split())


@cache
def vocabulary() -> _Compiled:
    name = "measures.yaml"
    vocab = validated(MeasureVocabulary, read_vocabulary_file(name), name)
    directions = vocab.directions.model_dump()
    return _Compiled(
        vocabulary=vocab,
        measures=tuple((m, phrases_pattern(m.phrases, name)) for m in vocab.measures),
        subjects=tuple(
            (kind, _canonical(kind, phrase), phrases_pattern([phrase], name))
            for kind in SUBJECT_KINDS
            for phrase in vocab.subjects.get(kind, ())
        ),
        directions={k: phrases_pattern(v, name) for k, v in directions.items()},
        clause_starts=phrases_pattern(vocab.clause_starts, name),
        reduce_reliance=phrases_pattern(vocab.reduce_reliance, name),
        broken=phrases_pattern(vocab.broken_evidence, name),
    )


def measure(measure_id: str) -> Measure:
    return next(m for m, _ in vocabulary().measures if m.id == measure_id)


def measure_pattern(measure_id: str) -> re.Pattern[str]:
    return next(p for m, p in vocabulary().measures if m.id == measure_id)


def reduce_reliance_pattern() -> re.Pattern[str]:
    return vocabulary().reduce_reliance


def broken_evidence_pattern() -> re.Pattern[str]:
    return vocabulary().broken


def measure_ids() -> list[str]:
    return [m.id for m, _ in vocabulary().measures]


class Goal(BaseModel):
    """One objective the plan must serve."""

    id: str = Field(description="g1, g2, ... in the order the objectives state them.")
    quote: str = Field(
        description="The objectives' words that state it: its own clause when a sentence "
        "states several goals, else the sentence."
    )
    measure: str = Field(description="What is measured: a measure id of measures.yaml.")
    subject: str | None = Field(
        default=None, description="What the goal acts on: a partner, partner type, channel..."
    )
    subject_kind: SubjectKind | None = None
    direction: Direction = "grow"
    current: float | None = None
    target: float | None = None
    unit: Unit | None = None
    currency: str | None = None
    factor: float | None = Field(default=None, description="'double' is 2, 'halve' 0.5.")
    change_pct: float | None = Field(default=None, description="'grow ... by 20%' is 20.")
    out_of: float | None = Field(
        default=None, description="The whole a count is taken from: 'eight of the nine' is 9."
    )
    deadline: date | None = None
    deadline_written: str | None = None

    @property
    def grows_subject(self) -> bool:
        return grows_subject(self.measure, self.subject, self.direction)


def grows_subject(measure_id: str, subject: str | None, direction: Direction) -> bool:
    """True when a goal wants more from (or to keep) its subject, so advice to rely less on
    it would contradict the goal. "Cut time to first deal for resellers" wants less of a
    duration, not less of the resellers."""
    return subject is not None and direction != "reduce" and measure(measure_id).better == "higher"


def serves_text(goal: Goal, text: str) -> bool:
    """Whether an action's text names the goal's measure, and its subject when it has one."""
    if not measure_pattern(goal.measure).search(text):
        return False
    return goal.subject is None or goal.subject.lower().rstrip("s") in text.lower()


# --- dates --------------------------------------------------------------------------------------

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS |= {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
_COUNT_WORDS = (
    r"\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen|"
    r"twenty-four|twenty|thirty|sixty|ninety"
)
# The shared cardinals, plus the articles and the round durations deadlines are given in.
_WORD_VALUES = {
    **{word: int(value) for word, value in CARDINALS.items() if " " not in word},
    "a": 1,
    "an": 1,
    "twenty-four": 24,
    "thirty": 30,
    "sixty": 60,
    "ninety": 90,
}
_MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))
# Each alternative starts with a literal word and holds no nested repeats, so a scan is linear.
DEADLINE = re.compile(
    r"\b(?:by|before|until|in|within|over|inside|at|for)\s(?:the\s)?(?:end\sof\s)?"
    r"(?:(?:(?P<q>Q[1-4]|H[12])\s?(?:of\s)?(?:FY\s?)?'?(?P<qy>\d{4}|\d{2})\b)"
    r"|(?:(?P<day>\d{1,2})(?:st|nd|rd|th)?\s)?(?P<month>" + _MONTH_NAMES + r")\.?\s(?P<my>\d{4})\b"
    r"|(?P<iso>\d{4}-\d{2}-\d{2})\b"
    r"|(?:FY\s?|fiscal\s|financial\s)?(?P<year>20\d{2})\b"
    r"|(?:the\s)?(?:next\s|coming\s|first\s)?(?P<n>" + _COUNT_WORDS + r")\s(?P<unit>days?|weeks?|"
    r"months?|quarters?|years?)\b"
    r"|(?P<rel>this|next|the\scoming)\s(?P<relunit>year|quarter|fiscal\syear|financial\syear)\b"
    r"|(?P<yearend>year[\s-]end|the\syear)\b)"
    r"|\b(?P<rel2>next|this)\s(?P<relunit2>year|quarter)\b",
    re.IGNORECASE,
)


# A date an event falls on, written without a preposition ("renewal 30 April 2027", "cuts over
# on 15 February 2027", "Q2 2027"): never a duration, which says how long, not when.
EVENT_DATE = re.compile(
    r"\b(?:(?:(?P<day>\d{1,2})(?:st|nd|rd|th)?\s)?(?P<month>" + _MONTH_NAMES + r")\.?\s"
    r"(?P<my>\d{4})|(?P<q>Q[1-4]|H[12])\s?(?P<qy>\d{4})|(?P<iso>\d{4}-\d{2}-\d{2}))\b",
    re.IGNORECASE,
)


def event_date(text: str, today: date) -> tuple[date, str] | None:
    """The first calendar date in text, with the words that give it."""
    for found in EVENT_DATE.finditer(text):
        when = _date_of(found.groupdict(), today)
        if when is not None:
            return when, found.group(0)
    return None


# The event a date belongs to, said after it: "before the Q3 2027 peak", "at the 2027 renewal".
_DATED_EVENT = re.compile(
    r"\s(?:peak|renewal|launch|season|deadline|cut-?over|migration|review|audit|year-end|"
    r"budget\sround|trade\sfair|show)\b",
    re.IGNORECASE,
)


def _written(text: str, found: re.Match[str]) -> str:
    """A deadline as the objective writes it, with the event its date belongs to."""
    event = _DATED_EVENT.match(text, found.end())
    return found.group(0) + (event.group(0) if event else "")


def _figure_first(part: str) -> bool:
    """Whether the text opens with a figure ("Twenty referrals", "EUR 2M of partner revenue")."""
    text = part.lstrip(" -*•(")
    figures = read_figures(text[:60])
    return bool(figures) and figures[0].start == 0


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _add_months(start: date, months: int) -> date:
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def _quarter_end(year: int, quarter: int) -> date:
    return _month_end(year, quarter * 3)


def deadline_date(found: re.Match[str], today: date) -> date | None:
    """The date a deadline phrase names, reading relative ones from the assessment date."""
    return _date_of(found.groupdict(), today)


def _date_of(g: dict[str, Any], today: date) -> date | None:
    """The date named by a match's groups; EVENT_DATE has only some of DEADLINE's."""
    g = dict.fromkeys(DEADLINE.groupindex) | g
    if g["q"]:
        year = int(g["qy"])
        year += 2000 if year < 100 else 0
        half = g["q"].upper()
        return (
            _month_end(year, 6 if half == "H1" else 12)
            if half[0] == "H"
            else (_quarter_end(year, int(half[1])))
        )
    if g["month"]:
        month, year = _MONTHS[g["month"].lower()], int(g["my"])
        if g["day"] and 1 <= int(g["day"]) <= calendar.monthrange(year, month)[1]:
            return date(year, month, int(g["day"]))
        return _month_end(year, month)
    if g["iso"]:
        try:
            return date.fromisoformat(g["iso"])
        except ValueError:
            return None
    if g["year"]:
        return date(int(g["year"]), 12, 31)
    if g["n"]:
        amount = _WORD_VALUES.get(g["n"].lower()) or int(g["n"])
        unit = g["unit"].lower().rstrip("s")
        if unit == "day":
            return today + timedelta(days=amount)
        if unit == "week":
            return today + timedelta(weeks=amount)
        return _add_months(today, amount * {"month": 1, "quarter": 3, "year": 12}[unit])
    rel = (g["rel"] or g["rel2"] or "").lower()
    unit = (g["relunit"] or g["relunit2"] or "").lower()
    if g["yearend"]:
        rel, unit = "this", "year"
    if unit == "quarter":
        quarter = (today.month - 1) // 3 + 1 + (0 if rel == "this" else 1)
        return _quarter_end(today.year + (quarter - 1) // 4, (quarter - 1) % 4 + 1)
    if unit:
        return date(today.year + (0 if rel == "this" else 1), 12, 31)
    return None


# --- values -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Value:
    unit: Unit
    value: float
    start: int
    end: int
    currency: str | None = None
    bare: bool = False  # a number with no unit of its own ("from 10 days to 2")


_DURATION = re.compile(
    r"\b(?P<n>\d{1,4}(?:\.\d{1,2})?|" + _COUNT_WORDS + r")\s(?:(?:working|business|calendar)\s)?"
    r"(?P<unit>days?|weeks?|months?|hours?)\b",
    re.IGNORECASE,
)
_BARE = re.compile(
    r"(?<![\w.$€£¥-])(?P<n>\d{1,6}(?:\.\d{1,2})?|one|two|three|four|five|six|seven|eight|nine|ten|"
    r"eleven|twelve|fifteen|twenty|thirty|forty|fifty|a\sdozen|a\shandful)(?![\w%-])",
    re.IGNORECASE,
)
# "to a third", "reach half": a share the shared reader leaves alone, since it reads a fraction
# word as a share only when "of ..." follows.
_FRACTION_TARGET = re.compile(
    r"\b(?:to|reach|reaching|at|hit|be)\s(?:about\s|around\s|roughly\s|nearly\s)?"
    rf"(?P<f>{fraction_words()})(?![\w-])",
    re.IGNORECASE,
)
_EXTRA_WORDS = {"fifteen": 15, "thirty": 30, "forty": 40, "fifty": 50, "a handful": 5}
_DAYS_PER = {"day": 1.0, "week": 7.0, "month": 30.0, "hour": 1 / 24}
_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}
_CODE = re.compile(r"\b(USD|EUR|GBP|CHF|CAD|AUD|JPY|SEK|NOK|DKK)\b")
_FIGURE_UNIT: dict[str, Unit] = {
    "money": "money",
    "percent": "percent",
    "rating": "rating",
    "count": "count",
}


def _currency(figure: Figure, default: str) -> str:
    code = _CODE.search(figure.written)
    if code:
        return code.group(1)
    for symbol, name in _SYMBOLS.items():
        if symbol in figure.written:
            # "$" is the client's own currency when it is a dollar (CAD, AUD...).
            return default if symbol == "$" and default.endswith("D") else name
    return default


def _overlaps(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(start < b and a < end for a, b in spans)


def _values(text: str, taken: list[tuple[int, int]], currency: str) -> list[_Value]:
    """Every value in text outside the spans already taken (deadlines), left to right."""
    out: list[_Value] = []
    for f in read_figures(text):
        if not _overlaps(f.start, f.end, taken):
            cur = _currency(f, currency) if f.kind == "money" else None
            out.append(_Value(_FIGURE_UNIT[f.kind], f.value, f.start, f.end, cur))
    spans = taken + [(v.start, v.end) for v in out]
    for share in _FRACTION_TARGET.finditer(text):
        if not _overlaps(share.start("f"), share.end("f"), spans):
            value = FRACTIONS[" ".join(share["f"].lower().split())]
            out.append(_Value("percent", round(value, 1), share.start("f"), share.end("f")))
            spans.append((share.start("f"), share.end("f")))
    for d in _DURATION.finditer(text):
        if _overlaps(d.start(), d.end(), spans):
            continue
        written = d["n"].lower()
        amount = _WORD_VALUES.get(written) or float(written)
        days = amount * _DAYS_PER[d["unit"].lower().rstrip("s")]
        out.append(_Value("days", round(days, 2), d.start(), d.end()))
        spans.append((d.start(), d.end()))
    for b in _BARE.finditer(text):
        if _overlaps(b.start(), b.end(), spans):
            continue
        written = " ".join(b["n"].lower().split())
        number = _EXTRA_WORDS.get(written) or parse_number(written)
        if number is not None:
            out.append(_Value("count", number, b.start(), b.end(), bare=True))
    return sorted(out, key=lambda v: v.start)


# --- reading the objectives ---------------------------------------------------------------------

# Words that end the part of a sentence that states the goal: "... without hiring a
# salesperson" is a constraint, "rather than adding new ones" a goal not chosen.
_TAIL = re.compile(r"\b(?:without|rather\sthan|instead\sof|other\sthan|except)\b", re.IGNORECASE)
_NEGATED = re.compile(
    r"\b(?:not|never|no\slonger|no\splans?|no\sintention|no\starget|nor|neither)\b|n't\b",
    re.IGNORECASE,
)
_CURRENT_BEFORE = re.compile(
    r"(?:\bfrom|\bcurrently|\bnow|\btoday|\bup\sfrom|\bversus|\bvs\.?|\bcompared\swith|"
    r"\bat\spresent|\bstands?\sat|\bsits?\sat|\(|today's|current|"
    # "reduce dependence on X, which brings about a third": what the partner brings today.
    r"\b(?:which|that|who)\s(?:brings?|brought|accounts?\sfor|makes?\sup|represents?|gives?)"
    r")\s?(?:about\s|around\s|"
    r"roughly\s|some\s|only\s|just\s)?$",
    re.IGNORECASE,
)
_TARGET_BEFORE = re.compile(
    r"(?:\bto|\breach|\bhit|\bof|\bat\sleast|\babove|\bbelow|\bunder|\bover|\btarget|\bachieve|"
    r"\bwithin|\bbring\sin|\bmake)\s(?:about\s|around\s|roughly\s|some\s|at\sleast\s)?$",
    re.IGNORECASE,
)
_BY_BEFORE = re.compile(r"\bby\s(?:about\s|around\s|roughly\s|at\sleast\s)?$", re.IGNORECASE)
_FACTORS = re.compile(r"\b(?P<w>double|doubling|triple|tripling|halve|halving)\b", re.IGNORECASE)
_FACTOR = {"double": 2.0, "doubling": 2.0, "triple": 3.0, "tripling": 3.0}
_STRONG_BREAKS = (", and ", "; ", ", while ", ", but ")
_SEPARATORS = (", and ", "; ", " and ", ", while ", " while ", ", ", " as well as ", " plus ")


@dataclass(frozen=True)
class _Hit:
    start: int
    end: int
    measure: Measure


def _measure_hits(text: str) -> list[_Hit]:
    hits: list[_Hit] = []
    for m, pattern in vocabulary().measures:
        hits += [_Hit(x.start(), x.end(), m) for x in pattern.finditer(text)]
    # The longer phrase wins an overlap, then the measure listed first.
    order = {m.id: i for i, (m, _) in enumerate(vocabulary().measures)}
    hits.sort(key=lambda h: (-(h.end - h.start), order[h.measure.id]))
    # Positions already taken, so each overlap check costs the hit's own length: a text of many
    # measure phrases stays linear.
    taken = bytearray(len(text))
    kept: list[_Hit] = []
    for h in hits:
        if not any(taken[h.start : h.end]):
            kept.append(h)
            taken[h.start : h.end] = b"\x01" * (h.end - h.start)
    return sorted(kept, key=lambda h: h.start)


def _money_for(text: str, partners: Sequence[str]) -> list[_Hit]:
    """No measure named, but money for a partner, type or channel ("get the two agencies to
    $400k"): that is revenue through them."""
    subject, _ = _subject(text, partners)
    if subject is None or not any(f.kind == "money" for f in read_figures(text)):
        return []
    spot = max(0, text.lower().find(subject.lower()))
    return [_Hit(spot, spot + len(subject), measure("partner_revenue"))]


def _segments(sentence: str, hits: list[_Hit]) -> list[tuple[str, _Hit]]:
    """The sentence cut so each measure keeps the words around it: "grow X to $15M, and raise
    Y to 8/10" gives two parts. Cuts fall at the last separator between two measures."""
    if not hits:
        return []
    distinct: list[_Hit] = [hits[0]]
    for h in hits[1:]:
        gap = sentence[distinct[-1].end : h.start]
        # The same measure twice is one goal ("revenue ... referral revenue"), unless a clause
        # break stands between: "keep X sending three projects, and get Y to send one".
        if h.measure.id != distinct[-1].measure.id or any(s in gap for s in _STRONG_BREAKS):
            distinct.append(h)
    cuts = [0]
    for before, after in pairwise(distinct):
        gap = sentence[before.end : after.start]
        spot = max((gap.rfind(s) for s in _SEPARATORS), default=-1)
        cuts.append(before.end + spot if spot >= 0 else after.start)
    cuts.append(len(sentence))
    return [(sentence[cuts[i] : cuts[i + 1]], distinct[i]) for i in range(len(distinct))]


_SHORT_NAME = re.compile(r"[A-Z][\w&'-]{4,}")


def _partner_span(text: str, name: str) -> tuple[int, int] | None:
    """Where the text names the partner: its full name, or its first word when that is
    distinctive ("Halvorsen" for "Halvorsen Logistics")."""
    at = text.lower().find(name.lower())
    if at >= 0:
        return at, at + len(name)
    first = _SHORT_NAME.match(name)
    if first is None or first.end() == len(name):
        return None
    found = re.search(rf"\b{re.escape(first.group(0))}\b", text)
    return found.span() if found else None


def _subject(
    text: str, partners: Sequence[str], prefers: Sequence[SubjectKind] = ()
) -> tuple[str | None, SubjectKind | None]:
    found: dict[SubjectKind, tuple[int, int, str]] = {}
    for kind, canonical, pattern in vocabulary().subjects:
        hit = pattern.search(text)
        if hit and (kind not in found or hit.start() < found[kind][0]):
            found[kind] = (hit.start(), hit.end(), canonical or hit.group(0))
    # A measure about a place ("sign four dealers in Germany with Halvorsen") is about the place.
    for kind in prefers:
        if kind in found and kind in _PLACE_KINDS:
            return found[kind][2], kind
    for name in partners:
        span = _partner_span(text, name) if name else None
        # "Azure" read as a name from the notes is part of the channel "Azure marketplace".
        if span and not any(a <= span[0] and span[1] <= b for a, b, _ in found.values()):
            return name, "partner"
    for kind in prefers:
        if kind in found:
            return found[kind][2], kind
    if not found:
        return None, None
    kind = min(found, key=lambda k: found[k][0])
    return found[kind][2], kind


def _direction(text: str, m: Measure) -> Direction | None:
    patterns = vocabulary().directions
    found: list[tuple[int, str]] = []
    for kind in ("reduce", "hold", "grow", "improve"):
        hit = patterns[kind].search(text)
        if hit:
            found.append((hit.start(), kind))
    if not found:
        return "grow" if patterns["aim"].search(text) else None
    kind = min(found)[1]
    if kind == "improve":
        return "grow" if m.better == "higher" else "reduce"
    if kind == "grow" and m.better == "lower":
        # "bring registration turnaround to two days" states a new level, lower is better.
        return "reduce"
    return "reduce" if kind == "reduce" else "hold" if kind == "hold" else "grow"


def _before(text: str, value: _Value) -> str:
    return text[max(0, value.start - 24) : value.start]


def _pick(
    values: list[_Value], m: Measure, text: str
) -> tuple[_Value | None, _Value | None, _Value | None]:
    """(current, target, relative change) among the values, for this measure's units.

    A number with no unit of its own takes the unit of the goal's other figure: "from 10 days
    to 2", "from 5.5 to 7 out of 10", "from about one a month to four".
    """
    typed = [v for v in values if not v.bare and v.unit in m.units]
    unit = next((u for u in m.units if any(v.unit == u for v in typed)), None)
    current = target = change = None
    for v in typed:
        relative = v.unit == "percent" and (unit != "percent" or m.units[0] != "percent")
        if relative and _BY_BEFORE.search(_before(text, v)):
            change = change or v
        elif v.unit != unit:
            continue
        elif _CURRENT_BEFORE.search(_before(text, v)) and current is None:
            current = v
        elif target is None:
            target = v
    scale: Unit = unit or ("rating" if m.units[0] == "rating" else "count")
    if unit is None and scale not in m.units:
        return current, target, change
    for v in (v for v in values if v.bare):
        as_unit = _Value(scale, v.value, v.start, v.end, bare=True)
        early = target is None or v.start < target.start
        if current is None and early and _CURRENT_BEFORE.search(_before(text, v)):
            current = as_unit
            continue
        if target is None and _TARGET_BEFORE.search(_before(text, v)):
            target = as_unit
    if target is None and unit is None and current is None:
        bare = [v for v in values if v.bare]
        target = _Value(scale, bare[0].value, bare[0].start, bare[0].end) if bare else None
    return current, target, change


# What may stand between two goals of one sentence, before the verb that opens the second.
_JOINTS = (", and then ", ", and ", " and then ", " and ", ", while ", " while ", ": ", ", ")
# A measure right after "25% of" is the whole a share is taken of ("no partner above 25% of
# partner revenue"), not a goal of its own.
_DENOMINATOR = re.compile(
    # One word may name the whole: "a quarter of wholesale revenue".
    rf"(?:%|\bper\s?cent|\bpercent|\b(?:{fraction_words()}))\sof\s(?:the\s|our\s|total\s)?"
    r"(?:[a-z-]{1,30}\s)?$",
    re.IGNORECASE,
)
_COUNT = (
    r"\d{1,4}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
    r"thirty|forty|fifty"
)
# "eight of the nine partners", "10 out of our 12 resellers": a count and the whole it is of.
_OUT_OF = re.compile(
    rf"\b(?P<x>{_COUNT})\s(?:out\s)?of\s(?:the\s|our\s|its\s|their\s|all\s)(?P<y>{_COUNT})\b",
    re.IGNORECASE,
)
# A place named right after an entry verb but missing from the vocabulary ("open Catalonia").
_PLACE_AFTER = re.compile(
    r"\s(?:up\s)?(?:the\s)?(?P<place>[A-Z][a-z]{2,}(?:\s[A-Z][a-z]{2,}){0,2})"
)
_EDGES = " ,;:."


def goal_clauses(sentence: str) -> list[str]:
    """The sentence cut before each verb that opens another goal after "and", a comma, a colon
    or "while": each clause keeps its own figures and deadline. One clause: the sentence."""
    cuts: list[tuple[int, int]] = []
    for verb in vocabulary().clause_starts.finditer(sentence):
        before = sentence[max(0, verb.start() - 12) : verb.start()]
        joint = next((j for j in _JOINTS if before.endswith(j)), None)
        last = cuts[-1][1] if cuts else 0
        if joint is not None and verb.start() - len(joint) > last:
            cuts.append((verb.start() - len(joint), verb.start()))
    if not cuts:
        return [sentence]
    bounds = [(0, cuts[0][0])]
    bounds += [(start, end) for (_, start), (end, _) in pairwise(cuts)]
    bounds.append((cuts[-1][1], len(sentence)))
    return [sentence[a:b] for a, b in bounds if sentence[a:b].strip(_EDGES)]


def _own_words(part: str, separate: bool, sentence: str) -> str:
    """The words a goal is quoted by: its clause, without the joint before it."""
    if not separate:
        return sentence
    text = part.strip(_EDGES)
    for joint in ("and then ", "and ", "while ", "plus ", "as well as "):
        text = text.removeprefix(joint)
    return text.rstrip(_EDGES) if part.rstrip().endswith((",", ";", ":")) else text


def _entry_place(part: str, hit: _Hit, partners: Sequence[str]) -> str | None:
    """The place an entry verb names when the vocabulary does not know it."""
    found = _PLACE_AFTER.match(part, hit.end)
    if found is None or any(found["place"] in name for name in partners):
        return None
    return found["place"]


def read_goals(
    objectives: str, assessed_on: date, currency: str = "USD", partners: Sequence[str] = ()
) -> list[Goal]:
    """Every goal the objectives state, in order. A sentence that names no measure, or negates
    it ("we do not want more partners"), or states a figure without any aim, is not a goal."""
    goals: list[Goal] = []
    for sentence in sentences(" ".join(objectives.split())):
        clauses = goal_clauses(sentence)
        found: list[tuple[str, _Hit, str]] = []
        for clause in clauses:
            tail = _TAIL.search(clause)
            head = clause[: tail.start()] if tail else clause
            hits = _measure_hits(head)
            whole = [
                h for h in hits if not _DENOMINATOR.search(head[max(0, h.start - 30) : h.start])
            ]
            parts = _segments(head, whole or hits or _money_for(head, partners))
            found += [(part, hit, head) for part, hit in parts]
        for part, hit, clause in found:
            goal = _goal(part, hit, clause, assessed_on, currency, partners)
            if goal is not None:
                goal.id = f"g{len(goals) + 1}"
                goal.quote = _own_words(part, len(clauses) > 1 or len(found) > 1, sentence)
                goals.append(goal)
    return goals


def _goal(
    part: str, hit: _Hit, clause: str, today: date, currency: str, partners: Sequence[str]
) -> Goal | None:
    """The goal one part of a clause states about the measure hit, or None when the part
    negates it, states no aim, or enters no named market. A part without a verb or a subject of
    its own takes its clause's ("the aim is two signed distributors and EUR 500k of revenue")."""
    offset = hit.start - max(0, part.find(part.lstrip()))
    if _NEGATED.search(part[: max(0, offset)] + part[offset : offset + 1]):
        return None
    direction = _direction(part, hit.measure)
    if direction is None and values_in(part):
        # Opening a market is itself the aim: "Open APAC: partner revenue there of $1M".
        entry = measure_pattern("market_entry").search(clause) is not None
        direction = _direction(clause, hit.measure) or ("grow" if entry else None)
    if direction is None and hit.measure.id == "market_entry":
        direction = "grow"
    if direction is None and _figure_first(part):
        # A target written as a noun phrase, "Twenty referrals a year from architects.", is
        # still a goal: it points the way its measure improves.
        direction = "grow" if hit.measure.better == "higher" else "reduce"
    if direction is None:
        return None
    subject, kind = _subject(part, partners, hit.measure.prefers)
    if subject is None and part != clause:
        subject, kind = _subject(clause, partners, _PLACE_KINDS)
        if kind not in _PLACE_KINDS:
            subject, kind = None, None
    if hit.measure.id == "market_entry" and kind not in _PLACE_KINDS:
        subject, kind = _entry_place(part, hit, partners), "region"
        if subject is None:
            return None
    deadlines = list(DEADLINE.finditer(part))
    when = next((d for d in (deadline_date(x, today) for x in deadlines) if d is not None), None)
    values = _values(part, [(d.start(), d.end()) for d in deadlines], currency)
    current, target, change = _pick(values, hit.measure, part)
    if hit.measure.id == "market_entry":
        # The figures of an entry clause describe the market ("two large shippers want support").
        current = target = change = None
    factor = _FACTORS.search(part)
    stated = target or current
    goal = Goal(
        id="",
        quote="",
        measure=hit.measure.id,
        subject=subject,
        subject_kind=kind,
        direction=direction,
        current=current.value if current else None,
        target=target.value if target else None,
        unit=stated.unit if stated else change.unit if change else None,
        currency=stated.currency if stated else None,
        deadline=when,
        deadline_written=_written(part, deadlines[0]) if deadlines and when else None,
    )
    share = _OUT_OF.search(part)
    if share and "count" in hit.measure.units:
        goal.target = _count(share["x"])
        goal.out_of = _count(share["y"])
        goal.unit = "count"
    if factor:
        word = factor["w"].lower()
        goal.factor = _FACTOR.get(word, 0.5)
        goal.direction = "reduce" if goal.factor < 1 else goal.direction
    if change is not None:
        goal.change_pct = change.value
        if goal.unit == "percent" and target is None and current is None:
            goal.unit = None
    _complete(goal)
    return goal


def _count(written: str) -> float:
    word = written.lower()
    return float(_EXTRA_WORDS.get(word) or parse_number(word) or 0)


def _complete(goal: Goal) -> None:
    """A target stated as a factor or a change: computed from the current value when known."""
    if goal.target is not None or goal.current is None:
        return
    if goal.factor is not None:
        goal.target = round(goal.current * goal.factor, 2)
    elif goal.change_pct is not None:
        sign = -1 if goal.direction == "reduce" else 1
        goal.target = round(goal.current * (1 + sign * goal.change_pct / 100), 2)


def values_in(text: str, currency: str = "USD") -> list[tuple[Unit, float]]:
    """(unit, value) of every figure in text, bare numbers as counts."""
    return [(v.unit, v.value) for v in _values(text, [], currency)]


# A name as the notes write one: capitalised words ("Ardent Ledger Accountants", "Pixelhaven").
# Each word is a run of letters after a capital, at most four words: linear to scan.
_PROPER = re.compile(r"\b[A-Z][a-z]{2,}(?:\s(?:&\s)?[A-Z][a-z]{1,}){0,3}")


def names_in(text: str) -> list[str]:
    """Names the text gives its partners, for a client with no roster. A single capitalised
    word at the start of a sentence is an ordinary word ("Three firms ..."), not a name."""
    out: list[str] = []
    for found in _PROPER.finditer(text):
        name = found.group(0)
        starts_sentence = text[max(0, found.start() - 2) : found.start()].strip() in {
            "",
            ".",
            "!",
            "?",
        }
        # "Partner" after a bullet is a word the text also writes in lower case: not a name.
        common = " " not in name and f" {name.lower()}" in text
        if (" " in name or not starts_sentence) and not common and name not in out:
            out.append(name)
    return out


def goals_for(data: AssessmentInput, assessed_on: date | None = None) -> list[Goal]:
    """The goals of an input: its objectives read against its roster and the names its
    context gives."""
    names = [p.name for p in data.partners or []]
    names += [n for n in names_in(data.partner_context) if n not in names]
    today = assessed_on or data.assessed_on or date.today()
    return read_goals(data.objectives, today, data.currency, names)
