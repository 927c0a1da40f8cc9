"""A partner roster from a CSV in any common dialect or from a sheet of an Excel workbook."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from generator.inputs import RosterCsv, roster_from_rows
from generator.intake.numbers import Place, decimal_mark, plain_number, rating_text
from generator.intake.tables import is_excel, read_rows

# Roster columns that hold numbers, and which of them are 0-10 ratings ('7.5/10' is accepted).
NUMBER_COLUMNS = (
    "revenue",
    "pipeline",
    "deals",
    "engagement",
    "satisfaction",
    "satisfaction_previous",
)
RATING_COLUMNS = frozenset({"satisfaction", "satisfaction_previous"})


def _prepared(column: str, text: str) -> str:
    if column in RATING_COLUMNS:
        return rating_text(text)
    if column == "engagement" and text.rstrip().endswith("%"):
        return text.rstrip()[:-1]
    return text


def dotted_date(text: str) -> str:
    """'21.10.2026' (day first, as every locale that dots dates writes them) as 2026-10-21."""
    parts = text.strip().split(".")
    if (
        len(parts) == 3
        and all(p.isdigit() and p.isascii() for p in parts)
        and len(parts[2]) == 4
        and 1 <= len(parts[0]) <= 2
        and 1 <= len(parts[1]) <= 2
    ):
        return f"{parts[2]}-{int(parts[1]):02d}-{int(parts[0]):02d}"
    return text


def read_roster(path: Path, sheet: str | None = None) -> RosterCsv:
    """The roster's records as the input model reads them: one decimal mark, no grouping."""
    what = "partner roster workbook" if is_excel(path) else "partner roster CSV"
    roster = roster_from_rows(path, read_rows(path, sheet, what))
    cells = [
        (Place(path, line, column), _prepared(column, record[column]))
        for record, line in zip(roster.records, roster.lines, strict=True)
        for column in NUMBER_COLUMNS
        if column in record
    ]
    mark = decimal_mark(cells)
    records = [dict(record) for record in roster.records]
    by_line = dict(zip(roster.lines, records, strict=True))
    for place, text in cells:
        by_line[place.row][place.column] = plain_number(place, text, mark)
    for record in records:
        if "last_activity" in record:
            record["last_activity"] = dotted_date(record["last_activity"])
    return replace(roster, records=records)
