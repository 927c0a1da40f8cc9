"""Raw partner survey responses (one row per respondent, as a form tool exports them) aggregated
into the survey block of the input: mean, spread and count per question, comments as quotes."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from generator.errors import InputValidationError
from generator.inputs import MAX_RESPONDENTS, clean_text, display_path
from generator.intake.numbers import Place, decimal_mark, plain_number, rating_text
from generator.intake.tables import read_rows

SURVEY_KEYS = (
    "partner_survey_csv",
    "partner_survey_sheet",
    "partner_survey_columns",
    "partner_survey_scale",
)
QUESTIONS = ("training", "resources", "support")
# Words that mark a question's column when no mapping is given; form tools use the question text.
_QUESTION_CUES = {
    "training": ("training",),
    "resources": ("resource", "material", "content", "sales tool"),
    "support": ("support",),
}
_COMMENT_CUES = ("comment", "suggest", "improve", "anything else", "feedback", "remark")
# Answers that mean "no answer" in exports: skipped, not refused.
_NO_ANSWER = frozenset(
    {"", "-", "\u2013", "\u2014", "n/a", "na", "none", "skip", "skipped", "no answer"}
)
# The input keeps 50 comments of up to 500 characters each.
MAX_COMMENTS = 50
MAX_COMMENT_CHARS = 500


@dataclass(frozen=True)
class QuestionStats:
    """One rating question: mean and spread on the 0-10 scale, and how many answered it."""

    mean: float
    spread: float
    count: int
    low: float
    high: float


@dataclass(frozen=True)
class SurveySummary:
    questions: dict[str, QuestionStats]
    respondents: int
    comments: list[str] = field(default_factory=list)

    def feedback(self) -> dict[str, Any]:
        """The partner_feedback block: means, respondents and comments."""
        block: dict[str, Any] = {q: s.mean for q, s in self.questions.items()}
        block["respondents"] = self.respondents
        if self.comments:
            block["comments"] = list(self.comments)
        return block


def _key(text: str) -> str:
    return " ".join(clean_text(text).casefold().split())


def _round(value: float, places: str) -> float:
    return float(Decimal(repr(value)).quantize(Decimal(places), rounding=ROUND_HALF_UP))


def _mapping(
    header: list[str], columns: Any, path: Path, source: str
) -> tuple[dict[str, int], list[int]]:
    """Which column answers each question, and which hold comments."""
    keys = [_key(h) for h in header]
    if columns is None:
        chosen: dict[str, int] = {}
        for question, cues in _QUESTION_CUES.items():
            hits = [i for i, k in enumerate(keys) if any(c in k for c in cues)]
            if len(hits) > 1:
                raise InputValidationError(
                    f"{display_path(path)}: columns {header[hits[0]]!r} and {header[hits[1]]!r} "
                    f"both look like the {question} question; name one under "
                    f"partner_survey_columns: {{{question}: ...}}"
                )
            if hits:
                chosen[question] = hits[0]
        used = set(chosen.values())
        comments = [
            i for i, k in enumerate(keys) if i not in used and any(c in k for c in _COMMENT_CUES)
        ]
        if not chosen and not comments:
            raise InputValidationError(
                f"{display_path(path)}: no column is recognisably training, resources, support "
                "or comments; map them with partner_survey_columns (see the README)"
            )
        return chosen, comments
    if not isinstance(columns, dict):
        raise InputValidationError(
            f"{source}: partner_survey_columns must map training, resources, support and "
            "comments to column headings"
        )
    chosen, comments = {}, []
    for name, heading in columns.items():
        if name not in (*QUESTIONS, "comments"):
            raise InputValidationError(
                f"{source}: partner_survey_columns: unknown question {name!r}; use training, "
                "resources, support or comments"
            )
        headings = heading if isinstance(heading, list) and name == "comments" else [heading]
        for one in headings:
            if not isinstance(one, str) or _key(one) not in keys:
                shown = ", ".join(repr(h) for h in header[:8])
                raise InputValidationError(
                    f"{source}: partner_survey_columns.{name}: {one!r} is not a column of "
                    f"{display_path(path)}; its columns are {shown}"
                )
            if name == "comments":
                comments.append(keys.index(_key(one)))
            else:
                chosen[name] = keys.index(_key(one))
    return chosen, comments


def _scale(value: Any, source: str) -> float:
    if value is None:
        return 10.0
    if isinstance(value, bool) or not isinstance(value, int | float) or not 1 < value <= 100:
        raise InputValidationError(
            f"{source}: partner_survey_scale {value!r} is not a rating scale; give the top "
            "answer, such as 10 for 0-10 ratings or 5 for 1-5"
        )
    return float(value)


def _comment(text: str) -> str:
    text = " ".join(clean_text(text).split())
    if len(text) <= MAX_COMMENT_CHARS:
        return text
    cut = text[: MAX_COMMENT_CHARS - 3]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut) + "..."


def summarise_survey(
    path: Path,
    sheet: str | None = None,
    columns: Any = None,
    scale: Any = None,
    source: str = "input",
) -> SurveySummary:
    """Aggregate a survey export; ratings on another scale (say 1-5) are put on 0-10."""
    top = _scale(scale, source)
    rows = read_rows(path, sheet, "partner survey export")
    if len(rows) < 2:
        raise InputValidationError(
            f"{display_path(path)} has no responses; it needs a header row and one row per "
            "respondent"
        )
    header = [cell.strip() for cell in rows[0][1]]
    chosen, comment_columns = _mapping(header, columns, path, source)
    if len(rows) - 1 > MAX_RESPONDENTS:
        raise InputValidationError(
            f"{display_path(path)} has more than {MAX_RESPONDENTS:,} responses; split it"
        )
    cells = [
        (Place(path, line, header[i]), rating_text(row[i]))
        for line, row in rows[1:]
        for i in chosen.values()
        if i < len(row) and row[i].strip().casefold() not in _NO_ANSWER
    ]
    mark = decimal_mark(cells)
    answers: dict[str, list[float]] = {q: [] for q in chosen}
    question_of = {header[i]: q for q, i in chosen.items()}
    answered: set[int] = set()
    for place, text in cells:
        try:
            value = float(plain_number(place, text, mark))
        except ValueError:
            value = float("nan")
        if not 0 <= value <= top:
            raise InputValidationError(
                f"{place}: {text!r} is not a rating; write a number from 0 to {top:g} or leave "
                "the cell empty (set partner_survey_scale if the survey used another scale)"
            )
        answers[question_of[place.column]].append(value * 10 / top)
        answered.add(place.row)
    comments: list[str] = []
    seen: set[str] = set()
    for line, row in rows[1:]:
        for i in comment_columns:
            if i < len(row) and row[i].strip().casefold() not in _NO_ANSWER:
                answered.add(line)
                text = _comment(row[i])
                if text.casefold() not in seen and len(comments) < MAX_COMMENTS:
                    seen.add(text.casefold())
                    comments.append(text)
    questions = {
        q: QuestionStats(
            mean=_round(statistics.fmean(v), "0.1"),
            spread=_round(statistics.stdev(v), "0.01") if len(v) > 1 else 0.0,
            count=len(v),
            low=min(v),
            high=max(v),
        )
        for q, v in answers.items()
        if v
    }
    if not answered:
        raise InputValidationError(f"{display_path(path)} has no answers in its survey columns")
    return SurveySummary(questions=questions, respondents=len(answered), comments=comments)
