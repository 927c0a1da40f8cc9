"""The files an input names (a roster, a survey export), read into the plain data the model checks."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from generator.errors import InputValidationError
from generator.inputs import _INVISIBLE_CHARS, RosterCsv, _show
from generator.intake.roster import read_roster
from generator.intake.survey import SURVEY_KEYS, summarise_survey


def beside(source: str, key: str, value: Any, base_dir: str | Path) -> Path:
    """The file a key names, which must sit in the input file's folder (or below it)."""
    if not isinstance(value, str) or not value.strip():
        raise InputValidationError(f"{source}: {key} must be a file path such as 'partners.csv'")
    if _INVISIBLE_CHARS.search(value):
        raise InputValidationError(
            f"{source}: {key} {_show(value)} contains control or invisible "
            "characters; write the plain file name"
        )
    relative = Path(value.strip())
    try:
        folder = Path(base_dir).resolve()
        target = (folder / relative).resolve()
    except (OSError, RuntimeError) as exc:
        raise InputValidationError(
            f"{source}: {key} {_show(value)} cannot be resolved ({exc}); "
            "give the plain name of a CSV file next to the YAML file"
        ) from None
    # Embedders may run untrusted YAML: the file must sit beside it, not anywhere on disk.
    if relative.is_absolute() or not target.is_relative_to(folder):
        raise InputValidationError(
            f"{source}: {key} must be a path inside the YAML file's folder "
            f"(got {value.strip()!r}); move the CSV next to the YAML file"
        )
    return Path(base_dir) / relative


def _sheet(data: dict[str, Any], key: str, source: str) -> str | None:
    sheet = data.pop(key, None)
    if sheet is not None and (not isinstance(sheet, str) or not sheet.strip()):
        raise InputValidationError(f"{source}: {key} must be the name of a sheet, such as 'Roster'")
    return sheet.strip() if isinstance(sheet, str) else None


def expand_files(
    data: Mapping[str, Any], base_dir: str | Path, source: str
) -> tuple[dict[str, Any], RosterCsv | None]:
    """The input with its roster file read into 'partners' and its survey export into
    'partner_feedback'; the roster is returned too, so errors can name its rows."""
    data = dict(data)
    roster: RosterCsv | None = None
    sheet = _sheet(data, "partners_sheet", source)
    if data.get("partners_csv") is not None:
        if data.get("partners") is not None:
            raise InputValidationError(
                f"{source}: give the roster either as 'partners' or as 'partners_csv', not both"
            )
        path = beside(source, "partners_csv", data["partners_csv"], base_dir)
        roster = read_roster(path, sheet)
        data["partners"] = roster.records
    elif sheet is not None:
        raise InputValidationError(
            f"{source}: partners_sheet names a sheet of the roster workbook; add "
            "partners_csv: roster.xlsx or drop partners_sheet"
        )
    if any(key in data for key in SURVEY_KEYS):
        options = {key: data.pop(key, None) for key in SURVEY_KEYS}
        if options["partner_survey_csv"] is None:
            raise InputValidationError(
                f"{source}: partner_survey_sheet, _columns and _scale describe a survey export; "
                "add partner_survey_csv: responses.csv"
            )
        if data.get("partner_feedback") is not None:
            raise InputValidationError(
                f"{source}: give survey results either as 'partner_feedback' (the means) or as "
                "'partner_survey_csv' (the raw responses), not both"
            )
        path = beside(source, "partner_survey_csv", options["partner_survey_csv"], base_dir)
        data["partner_feedback"] = summarise_survey(
            path,
            sheet=_sheet(options, "partner_survey_sheet", source),
            columns=options["partner_survey_columns"],
            scale=options["partner_survey_scale"],
            source=source,
        ).feedback()
    return data, roster
