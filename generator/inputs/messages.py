"""Turning pydantic's validation errors into one line that names the field and the fix."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from generator.frameworks import DEFAULT_FRAMEWORK, Framework, load_framework
from generator.inputs.models import Partner, PartnerFeedback, _show, input_model
from generator.intake.hints import did_you_mean, number_hint

if TYPE_CHECKING:
    from generator.inputs.loading import RosterCsv

# --- turning pydantic errors into one-line fixes ---------------------------------------------

_PARTNER_FIELDS = list(Partner.model_fields)
_FEEDBACK_FIELDS = list(PartnerFeedback.model_fields)


def _known_keys(parent: tuple[Any, ...], framework: Framework) -> list[str]:
    if not parent:
        return list(input_model(framework).model_fields)
    head = parent[0]
    if head == "partners":
        return _PARTNER_FIELDS
    if head == "partner_feedback":
        return _FEEDBACK_FIELDS
    if head == "weights" or (head in ("indicators", "answers") and len(parent) == 1):
        return list(framework.dimension_ids)
    if head in ("indicators", "answers") and len(parent) == 2 and parent[1] in framework.dimension_ids:
        return [i.id for i in framework.dimension(parent[1]).indicators]
    return []


def _number(value: float) -> str:
    """A limit as people write it: 10,000,000 rather than 1e+07."""
    if float(value).is_integer() and abs(value) < 1e16:
        return f"{int(value):,}"
    return f"{value:g}"


def _field_path(loc: tuple[Any, ...], roster: RosterCsv | None) -> str:
    if roster and len(loc) >= 2 and loc[0] == "partners" and isinstance(loc[1], int):
        column = f", column {loc[2]!r}" if len(loc) > 2 else ""
        return f"{roster.path} row {roster.lines[loc[1]]}{column}"
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts[-1:] = [f"{parts[-1] if parts else ''}[{item}]"]
        else:
            parts.append(str(item))
    return ".".join(parts) or "(top level)"


_BRANCH_MARKERS = {"float", "int", "str", "bool", "date"}


def _clean_loc(loc: tuple[Any, ...], keep_last: bool) -> tuple[Any, ...]:
    """Drop pydantic's union-branch markers ('constrained-float', "literal['high',...]").

    Field names are plain identifiers, so anything with '-' or '[' is a marker; the last
    item of an unknown-key error is the user's own key and is kept as written.
    """
    body, last = (loc[:-1], loc[-1:]) if keep_last else (loc, ())
    kept = tuple(
        item
        for item in body
        if not (isinstance(item, str) and ("-" in item or "[" in item or item in _BRANCH_MARKERS))
    )
    return kept + last


def _describe(err: Mapping[str, Any], roster: RosterCsv | None, framework: Framework) -> str:
    kind = err["type"]
    loc = _clean_loc(tuple(err["loc"]), keep_last=kind == "extra_forbidden")
    ctx = err.get("ctx") or {}
    value = err.get("input")
    if kind == "extra_forbidden":
        key = str(loc[-1])
        where = _field_path(loc[:-1], roster)
        prefix = f"{where}: " if loc[:-1] else ""
        hint = ""
        owner = framework.indicator_dimension
        known = _known_keys(loc[:-1], framework)
        if key in owner and len(loc) == 3 and loc[0] in ("indicators", "answers"):
            hint = f"; '{key}' belongs under {loc[0]}.{owner[key]}"
        else:
            close = did_you_mean(key, known, value)
            if close:
                hint = f"; did you mean '{close[0]}'?"
            elif known:
                hint = f"; allowed: {', '.join(known)}"
        return f"{prefix}unknown field {_show(key)}{hint}"
    path = _field_path(loc, roster)
    if loc and loc[-1] in ("engagement", "engagement_previous"):
        return (
            f"{path}: {_show(value)} is not valid; use high, medium, low or a score from 0 to 100"
        )
    if kind == "finite_number":
        return (
            f"{path}: {_show(value)} is not a finite number (too large, or inf or nan); "
            "write a plain number"
        )
    if kind == "invalid_key":
        return f"{path}: {_show(value)} is not a field name; keys must be text"
    if kind == "missing":
        return f"{path}: required field is missing; add it"
    if kind in {"string_too_short"} and ctx.get("min_length") == 1:
        return f"{path}: is empty; write some text here"
    if kind == "string_too_long":
        return f"{path}: is longer than {ctx.get('max_length'):,} characters; shorten it"
    if kind in {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}:
        bounds = {k: ctx[k] for k in ("ge", "le", "gt", "lt") if k in ctx}
        rule = {"ge": "at least", "le": "at most", "gt": "more than", "lt": "less than"}
        limit = " and ".join(f"{rule[k]} {_number(v)}" for k, v in bounds.items())
        return f"{path}: {_show(value)} is out of range; it must be {limit}"
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        return f"{path}: {_show(value)} is not allowed; use one of {expected}"
    if kind == "value_error":
        message = str(ctx.get("error", err.get("msg", "")))
        return f"{path}: {message}" if loc else message
    if kind == "too_long":
        return f"{path}: has more than {ctx.get('max_length'):,} entries; trim it"
    if kind == "string_pattern_mismatch" and loc and loc[-1] == "currency":
        return f"{path}: {_show(value)} is not an ISO currency code; use three capitals like USD or EUR"
    if kind.startswith("date"):
        return f"{path}: {_show(value)} is not a date; write it as YYYY-MM-DD"
    if kind.startswith(("float", "int")):
        return f"{path}: {_show(value)} is not a number; {number_hint(loc)}"
    if kind.startswith("bool"):
        return f"{path}: {_show(value)} is not yes/no; write true or false"
    if kind in {"model_type", "dict_type"}:
        return f"{path}: expected a block of named fields here, got {type(value).__name__}"
    if kind == "list_type":
        return f"{path}: expected a list here, got {type(value).__name__}"
    if kind == "string_type":
        return f"{path}: expected text here, got {type(value).__name__}"
    return f"{path}: {err.get('msg', 'invalid value')}"


def describe_validation_error(
    exc: ValidationError,
    source: str,
    roster: RosterCsv | None = None,
    framework: Framework | None = None,
) -> str:
    """The first problem as one line naming the field and the fix, plus a count of the rest."""
    # Unknown keys first: a misspelt key also shows up as a missing one, and the hint fixes both.
    errors = sorted(exc.errors(include_url=False), key=lambda e: e["type"] != "extra_forbidden")
    # A union (label or number) reports one error per branch; say it once.
    # A dict keeps the first-seen order and stays linear over a 20,000-row roster's errors.
    framework = framework or load_framework(DEFAULT_FRAMEWORK)
    seen = list(dict.fromkeys(_describe(err, roster, framework) for err in errors))
    first = f"{source}: {seen[0]}"
    if len(seen) > 1:
        more = len(seen) - 1
        first += f"\n({more} more problem{'s' if more > 1 else ''} in {source}; fix this one first)"
    return first
