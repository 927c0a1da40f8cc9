"""Numbers as spreadsheets write them: decimal commas, thousands separators, '7.5/10'.

A file uses one decimal mark. Cells that show it ('7,5', '1.234,50', '1,234,567') decide it for
the whole file; a cell that reads two ways ('1.234': a thousand and more, or one and a bit) is
read by that decision, and refused when nothing in the file decides. Parsing walks each cell
once, with no regular expressions.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from generator.errors import InputFileError

# Spaces (plain, no-break, narrow no-break) and apostrophes group thousands and nothing else.
_GROUP_MARKS = frozenset(" \u00a0\u202f'\u2019")
_MARK_NAMES = {",": "comma", ".": "point"}


@dataclass(frozen=True)
class Cell:
    """A number-like cell taken apart: what surrounds the digits, and the digits themselves."""

    head: str
    body: str
    tail: str
    # The decimal mark the cell itself proves, if any.
    decimal: str | None
    # The cell holds exactly one mark followed by three digits: '1.234' or '1,234'.
    ambiguous: bool

    def plain(self, decimal: str) -> str | None:
        """The digits with a '.' decimal point and no grouping, read with `decimal` as the
        decimal mark; None when the grouping does not fit (e.g. '12.34.5')."""
        group = "," if decimal == "." else "."
        if decimal in self.body:
            whole, _, fraction = self.body.rpartition(decimal)
        else:
            whole, fraction = self.body, ""
        if group in whole:
            parts = whole.split(group)
            if not (1 <= len(parts[0]) <= 3 and all(len(p) == 3 for p in parts[1:])):
                return None
            whole = "".join(parts)
        if group in fraction or decimal in whole:
            return None
        if not whole and not fraction:
            return None
        return (whole or "0") + (f".{fraction}" if fraction else "")


def split_cell(text: str) -> Cell | None:
    """A cell's number, or None when it is not one number (text, a date, two numbers)."""
    if text.isdigit() and text.isascii():
        # Most cells of a large roster; a fifth of the reading time goes to them otherwise.
        return Cell(head="", body=text, tail="", decimal=None, ambiguous=False)
    first = next((i for i, ch in enumerate(text) if ch.isdigit()), -1)
    if first < 0:
        return None
    last = len(text) - next(i for i, ch in enumerate(reversed(text)) if ch.isdigit())
    head, body, tail = text[:first], text[first:last], text[last:]
    if head.endswith((".", ",")) and not head[:-1].endswith((".", ",")):
        head, body = head[:-1], head[-1] + body
    digits = []
    for ch in body:
        if ch in _GROUP_MARKS:
            continue
        if not (ch.isdigit() or ch in ",."):
            return None
        digits.append(ch)
    body = "".join(digits)
    if not body.isascii():
        return None
    commas, points = body.count(","), body.count(".")
    decimal: str | None = None
    ambiguous = False
    if commas and points:
        decimal = "," if body.rfind(",") > body.rfind(".") else "."
    elif commas > 1 or points > 1:
        decimal = "." if commas else ","
    elif commas or points:
        mark = "," if commas else "."
        whole, _, fraction = body.partition(mark)
        if len(fraction) != 3 or whole in {"", "0"} or len(whole) > 3:
            decimal = mark
        else:
            ambiguous = True
    cell = Cell(head=head, body=body, tail=tail, decimal=decimal, ambiguous=ambiguous)
    # A mark that cannot be a decimal mark under its own reading ('12.34.5') is not a number.
    if decimal is not None and cell.plain(decimal) is None:
        return None
    return cell


@dataclass(frozen=True)
class Place:
    """Where a cell is, for messages: file, row (line or sheet row) and column name."""

    path: Path
    row: int
    column: str

    def __str__(self) -> str:
        return f"{self.path}: row {self.row}, column {self.column!r}"


def decimal_mark(cells: Iterable[tuple[Place, str]]) -> str | None:
    """The one decimal mark the file's cells show, None when none shows it; two is an error."""
    seen: dict[str, tuple[Place, str]] = {}
    for place, text in cells:
        cell = split_cell(text)
        if cell is None or cell.decimal is None or cell.decimal in seen:
            continue
        seen[cell.decimal] = (place, text)
        if len(seen) == 2:
            (p1, t1), (p2, t2) = seen[","], seen["."]
            raise InputFileError(
                f"{p1}: {t1!r} has a decimal comma but {p2.column!r} in row {p2.row} has "
                f"{t2!r} with a decimal point; use one decimal mark throughout {p1.path.name}"
            )
    return next(iter(seen), None)


def plain_number(place: Place, text: str, decimal: str | None) -> str:
    """The cell as the input model reads numbers ('1234.5', '$1.2M'), or unchanged if it is
    not a number; an ambiguous cell with no decimal mark decided for the file is refused."""
    cell = split_cell(text.strip())
    if cell is None:
        return text
    mark = cell.decimal or decimal
    if mark is None:
        if not cell.ambiguous:
            return cell.head + cell.body + cell.tail
        sep = "," if "," in cell.body else "."
        thousand = cell.body.replace(sep, "")
        one = cell.body.replace(sep, ".")
        clear = cell.body + "0"
        raise InputFileError(
            f"{place}: {text.strip()!r} could be {thousand} or {one}, and no other number in "
            f"the file shows which mark is the decimal one; write {thousand} if it is "
            f"{thousand}, or {clear} if it is {one}"
        )
    body = cell.plain(mark)
    if body is None:
        return text
    return cell.head + body + cell.tail


def rating_text(text: str) -> str:
    """'7.5/10' and '7.5 / 10' as 7.5: the scale said outright is the scale the field takes."""
    stripped = text.strip()
    for suffix in ("/10", "/ 10", " /10", " / 10"):
        if stripped.endswith(suffix):
            return stripped[: -len(suffix)].strip()
    return stripped
