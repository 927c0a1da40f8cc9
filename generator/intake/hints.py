"""Hints that fit the field: a did-you-mean that knows synonyms, and examples by kind of number.

Kept free of other project imports: the input model's error messages use it.
"""

from __future__ import annotations

from collections.abc import Sequence
from difflib import get_close_matches
from typing import Any

# Names people reach for, mapped to the field that holds that meaning. Spelling slips are left
# to difflib; these are the words that do not look alike.
SYNONYMS: dict[str, str] = {
    "partner_survey": "partner_feedback",
    "survey": "partner_feedback",
    "survey_results": "partner_feedback",
    "feedback": "partner_feedback",
    "partner_satisfaction": "partner_feedback",
    "roster": "partners",
    "partner_list": "partners",
    "partner_roster": "partners",
    "roster_csv": "partners_csv",
    "roster_file": "partners_csv",
    "partners_file": "partners_csv",
    "partners_xlsx": "partners_csv",
    "context": "partner_context",
    "ecosystem": "partner_context",
    "goals": "objectives",
    "targets": "objectives",
    "limitations": "constraints",
    "limits": "constraints",
    "organization": "organisation",
    "company": "organisation",
    "client": "organisation",
    "date": "assessed_on",
    "assessment_date": "assessed_on",
    "sector": "industry",
    "ratings": "indicators",
    "indicator_ratings": "indicators",
    "dimension_weights": "weights",
    "partner_type": "type",
    "category": "type",
    "country": "region",
    "territory": "region",
    "sales": "revenue",
    "partner_revenue": "revenue",
    "opportunities": "pipeline",
    "won_deals": "deals",
    "csat": "satisfaction",
    "nps": "satisfaction",
    "sponsor": "executive_sponsor",
    "last_contact": "last_activity",
    "comment": "notes",
    "respondent_count": "respondents",
    "responses": "respondents",
    "enablement": "training",
}

_FILE_ENDINGS = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm")
# Top-level keys the intake reads before the input model sees the data (generator.intake.files).
INTAKE_KEYS = (
    "partners_sheet",
    "partner_survey_csv",
    "partner_survey_sheet",
    "partner_survey_columns",
    "partner_survey_scale",
)


def did_you_mean(key: str, known: Sequence[str], value: Any = None) -> list[str]:
    """The known field a mistyped key most likely meant: a synonym first, then a close spelling.

    A survey key whose value is a file name points to the survey export rather than the means.
    """
    if not known:
        return []
    if "partner_context" in known:
        known = [*known, *INTAKE_KEYS]
    folded = key.strip().lower().replace(" ", "_").replace("-", "_")
    if folded.startswith("partner_survey") or folded == "survey":
        is_file = isinstance(value, str) and value.strip().lower().endswith(_FILE_ENDINGS)
        if is_file and "partner_survey_csv" in known:
            return ["partner_survey_csv"]
    meant = SYNONYMS.get(folded)
    if meant is not None and meant in known:
        return [meant]
    return get_close_matches(folded, list(known), n=1, cutoff=0.6)


# Fields by the kind of number they take, so "7.5/10" meets a rating example, not an amount.
_RATING10 = {"satisfaction", "satisfaction_previous", "training", "resources", "support"}
_COUNTS = {"deals", "respondents"}


def number_hint(loc: Sequence[Any]) -> str:
    """How to write the number a field at `loc` takes."""
    field = str(loc[-1]) if loc else ""
    parent = str(loc[0]) if loc else ""
    if field in _RATING10:
        return "write a plain number from 0 to 10 such as 7.5 (for '7.5/10' write 7.5)"
    if parent == "indicators":
        return "write a plain number from 1 to 5 such as 3 (half points like 3.5 are fine)"
    if parent == "weights":
        return "write a plain number such as 1 or 1.5"
    if field in _COUNTS:
        return "write a plain number: a whole count such as 42"
    return "write a plain number such as 1500000"
