"""The intake workbook: one .xlsx with the context, roster, indicator ratings, weights and raw
survey responses on their own sheets. `init --xlsx` writes it; `run client.xlsx` reads it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.errors import InputFileError, InputValidationError, OutputError
from generator.frameworks import Framework
from generator.inputs import Partner, display_path
from generator.intake.newfile import write_new
from generator.intake.numbers import Place, plain_number
from generator.intake.tables import excel_rows, open_workbook

DEFAULT_FRAMEWORK = "readiness"
CONTEXT, ROSTER, INDICATORS, WEIGHTS, SURVEY = (
    "Context",
    "Roster",
    "Indicators",
    "Weights",
    "Survey",
)
WHAT = "intake workbook"

# Rows of the Context sheet: the field, and what to write in it.
CONTEXT_FIELDS = (
    ("organisation", "The client's name, as the report shows it."),
    ("assessed_on", "The date partner activity is measured against (a date; default today)."),
    ("industry", "The client's industry, e.g. B2B SaaS."),
    ("currency", "ISO code of the roster's amounts, e.g. EUR (default USD)."),
    (
        "partner_context",
        "Required. Partner types, count, tiers, engagement, revenue, tooling: what you found.",
    ),
    ("objectives", "Required. Revenue, pipeline, expansion and innovation goals, with dates."),
    ("constraints", "Required. People, budget, tools, geography, competition."),
)
SURVEY_HEADER = (
    "respondent",
    "training (0-10)",
    "resources (0-10)",
    "support (0-10)",
    "comments",
)


def instructions(framework: Framework) -> list[str]:
    return [
        f"{framework.name}: intake workbook",
        "",
        f"1. {CONTEXT}: fill column B. partner_context, objectives and constraints are required.",
        f"2. {ROSTER}: one row per partner (optional). type is strategic, channel, technology, "
        "referral or service; engagement high, medium, low or 0-100; satisfaction 0-10.",
        f"3. {INDICATORS}: rate what you observed 1-5 in column D (optional); a rated indicator "
        "decides its dimension's score. Leave unknown ones empty.",
        f"4. {WEIGHTS}: relative weights of the overall score (optional; all or none).",
        f"5. {SURVEY}: paste one row per survey respondent (optional): ratings 0-10 and a comment."
        " The project averages them.",
        "",
        "Then run: python -m generator run THIS_FILE.xlsx",
        "Numbers may use a decimal comma or point; write dates as dates or YYYY-MM-DD.",
    ]


def write_workbook(path: Path, framework: Framework) -> Path:
    """Write the empty intake workbook atomically; an existing file is never overwritten."""
    try:
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font
    except ImportError:
        raise OutputError(
            "writing an .xlsx workbook needs openpyxl: pip install openpyxl"
        ) from None
    book = Workbook()
    bold = Font(bold=True)
    first = book.active
    first.title = "Instructions"
    for line in instructions(framework):
        first.append([line])
    first["A1"].font = Font(bold=True, size=14)
    first.column_dimensions["A"].width = 110

    def sheet(title: str, header: list[str], widths: list[int]) -> Any:
        ws = book.create_sheet(title)
        ws.append(header)
        for cell in ws[1]:
            cell.font = bold
        for letter, width in zip("ABCDEFGHIJKLMN", widths, strict=False):
            ws.column_dimensions[letter].width = width
        ws.freeze_panes = "A2"
        return ws

    context = sheet(CONTEXT, ["field", "value", "what to write"], [18, 90, 70])
    if framework.id != DEFAULT_FRAMEWORK:
        context.append(["framework", framework.id, "The assessment framework."])
    for name, hint in CONTEXT_FIELDS:
        context.append([name, None, hint])
    for row in context.iter_rows(min_row=2):
        row[1].alignment = Alignment(wrap_text=True, vertical="top")
    sheet(ROSTER, list(Partner.model_fields), [28] + [14] * (len(Partner.model_fields) - 1))
    ratings = sheet(
        INDICATORS,
        ["dimension", "indicator", "name", "rating (1-5)", "what it means"],
        [26, 24, 34, 12, 90],
    )
    for dimension in framework.dimensions:
        for indicator in dimension.indicators:
            ratings.append(
                [dimension.id, indicator.id, indicator.name, None, indicator.description]
            )
    weights = sheet(WEIGHTS, ["dimension", "name", "weight"], [26, 44, 10])
    for dimension in framework.dimensions:
        weights.append([dimension.id, dimension.name, None])
    sheet(SURVEY, list(SURVEY_HEADER), [12, 16, 16, 16, 90])
    return write_new(path, lambda temp: book.save(temp))


def _body(path: Path, sheet: str) -> list[tuple[int, list[str]]]:
    """The rows below a sheet's header, padded to five cells."""
    rows = excel_rows(path, sheet, WHAT)
    return [(line, [*cells, "", "", "", "", ""][:5]) for line, cells in rows[1:]]


def read_workbook(path: Path) -> dict[str, Any]:
    """The input fields a filled-in intake workbook holds; its roster and survey sheets are
    named as files beside it, so they are read (and their errors placed) like any other."""
    book = open_workbook(path, WHAT)
    try:
        sheets = list(book.sheetnames)
    finally:
        book.close()
    if CONTEXT not in sheets:
        raise InputFileError(
            f"{display_path(path)} is not an intake workbook (it has no {CONTEXT!r} sheet); "
            "create one with: python -m generator init --xlsx client.xlsx"
        )
    data: dict[str, Any] = {}
    lines: dict[str, int] = {}
    for line, (field, value, *_rest) in _body(path, CONTEXT):
        lines[field.strip()] = line
        if field.strip() and value.strip():
            data[field.strip()] = value
    for required in ("partner_context", "objectives", "constraints"):
        if required not in data:
            where = f"row {lines[required]}" if required in lines else "a new row"
            raise InputValidationError(
                f"{display_path(path)}: {required} is empty; write it in column B of "
                f"{where} on the {CONTEXT!r} sheet"
            )
    if INDICATORS in sheets:
        ratings: dict[str, dict[str, str]] = {}
        for line, (dimension, indicator, _name, rating, _) in _body(path, INDICATORS):
            if rating.strip():
                place = Place(path, line, "rating")
                ratings.setdefault(dimension.strip(), {})[indicator.strip()] = plain_number(
                    place, rating, None
                )
        if ratings:
            data["indicators"] = ratings
    if WEIGHTS in sheets:
        weights = {
            dimension.strip(): plain_number(Place(path, line, "weight"), weight, None)
            for line, (dimension, _name, weight, *_) in _body(path, WEIGHTS)
            if weight.strip()
        }
        if weights:
            data["weights"] = weights
    if ROSTER in sheets and _body(path, ROSTER):
        data["partners_csv"] = path.name
        data["partners_sheet"] = ROSTER
    if SURVEY in sheets and _body(path, SURVEY):
        data["partner_survey_csv"] = path.name
        data["partner_survey_sheet"] = SURVEY
    return data
