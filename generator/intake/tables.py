"""Rows of a table file: a CSV in any common dialect, or one sheet of an Excel workbook.

Both give (row number, cells as text) for every non-blank row, the header first, so the roster
and survey readers treat them alike and name the same row the user sees in their program.
"""

from __future__ import annotations

import csv
import io
import os
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

from generator.errors import InputFileError, InputValidationError
from generator.inputs import MAX_CSV_BYTES, display_path, read_text_file

Rows = list[tuple[int, list[str]]]
EXCEL_SUFFIXES = frozenset({".xlsx", ".xlsm"})
# A zipped workbook is several times smaller than its CSV; this still holds 20,000 partners.
MAX_XLSX_BYTES = 10_000_000
# Rows read from a sheet before giving up: the largest roster plus room for blank lines.
MAX_SHEET_ROWS = 25_000


def is_excel(path: Path) -> bool:
    return path.suffix.lower() in EXCEL_SUFFIXES


def read_rows(path: Path, sheet: str | None, what: str) -> Rows:
    """The non-blank rows of a CSV file, or of one sheet (the first unless named) of a workbook."""
    if is_excel(path):
        return excel_rows(path, sheet, what)
    if sheet is not None:
        raise InputValidationError(
            f"{display_path(path)} is a CSV file, which has no sheets; drop the sheet name or "
            "give an .xlsx workbook"
        )
    return csv_rows(path, what)


def sniff_delimiter(text: str) -> str:
    """Comma, semicolon or tab: whichever the header line uses most outside quotes.

    Survey exports quote question texts that hold commas ("Training, overall"), so a plain
    'is there a comma' test would take a semicolon file for a comma one.
    """
    counts = {",": 0, ";": 0, "\t": 0}
    quoted = False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        elif quoted:
            continue
        elif ch in "\r\n":
            break
        elif ch in counts:
            counts[ch] += 1
    best = max(counts, key=lambda c: counts[c])
    return best if counts[best] else ","


def csv_rows(path: Path, what: str) -> Rows:
    # read_text_file decodes UTF-8 with or without the BOM Excel writes ("CSV UTF-8").
    text = read_text_file(path, MAX_CSV_BYTES, what)
    # Universal newlines: a CSV saved with bare carriage returns reads like any other.
    reader = csv.reader(io.StringIO(text, newline=None), delimiter=sniff_delimiter(text))
    rows: Rows = []
    try:
        start = 1
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append((start, row))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise InputFileError(f"{path}: malformed CSV at line {reader.line_num}: {exc}") from None
    return rows


def cell_text(value: Any) -> str:
    """A cell value as the text a CSV would hold: numbers plain, dates ISO, booleans true/false."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        # Decimal keeps the shortest exact digits and never switches to 1e+16 notation.
        return format(Decimal(repr(value)), "f")
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def excel_rows(path: Path, sheet: str | None, what: str) -> Rows:
    shown = display_path(path)
    try:
        size = os.stat(path).st_size
    except FileNotFoundError:
        raise InputFileError(f"{what} not found: {shown} (check the path)") from None
    except OSError as exc:
        raise InputFileError(f"cannot read {what} {shown}: {exc.strerror}") from None
    if size > MAX_XLSX_BYTES:
        raise InputFileError(
            f"{what} {shown} is {size:,} bytes; the limit is {MAX_XLSX_BYTES:,} bytes "
            "(delete unused sheets or split the roster)"
        )
    book = open_workbook(path, what)
    try:
        if sheet is None:
            ws = book.worksheets[0]
        elif sheet in book.sheetnames:
            ws = book[sheet]
        else:
            raise InputValidationError(
                f"{shown} has no sheet {sheet!r}; its sheets are {', '.join(book.sheetnames)}"
            )
        rows: Rows = []
        for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
            cells = [cell_text(v) for v in values]
            while cells and not cells[-1].strip():
                cells.pop()
            if cells and any(c.strip() for c in cells):
                rows.append((number, cells))
                if len(rows) > MAX_SHEET_ROWS:
                    raise InputValidationError(
                        f"{shown}, sheet {ws.title!r}, has more than {MAX_SHEET_ROWS:,} rows; "
                        "split it or drop inactive partners"
                    )
        return rows
    finally:
        book.close()


def open_workbook(path: Path, what: str) -> Any:
    """A workbook opened read-only with formulas as their last computed values."""
    try:
        import openpyxl
    except ImportError:
        raise InputFileError(
            f"reading {what} {display_path(path)} needs openpyxl: pip install openpyxl"
        ) from None
    from zipfile import BadZipFile

    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (
        BadZipFile,
        KeyError,
        ValueError,
        OSError,
        openpyxl.utils.exceptions.InvalidFileException,
    ):
        raise InputFileError(
            f"{what} {display_path(path)} is not an Excel workbook that can be read; open it "
            "in Excel and save it again as .xlsx (Excel Workbook)"
        ) from None
