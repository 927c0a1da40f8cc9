"""AssessmentInput: the validated form of an input YAML file (and its optional roster CSV)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from difflib import get_close_matches
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from generator.errors import InputFileError, InputValidationError
from generator.framework import BY_ID, DIMENSION_IDS, INDICATOR_DIMENSION

MAX_YAML_BYTES = 1_000_000
MAX_CSV_BYTES = 5_000_000
MAX_TEXT_CHARS = 20_000
MAX_PARTNERS = 20_000

PartnerType = Literal["strategic", "channel", "technology", "referral", "service"]
EngagementLabel = Literal["high", "medium", "low"]

_TYPE_SYNONYMS = {
    "tech": "technology",
    "technology integration": "technology",
    "integration": "technology",
    "isv": "technology",
    "reseller": "channel",
    "distributor": "channel",
    "var": "channel",
    "msp": "service",
    "services": "service",
    "si": "service",
    "system integrator": "service",
    "consulting": "service",
    "referral partner": "referral",
    "affiliate": "referral",
    "alliance": "strategic",
}

_AMOUNT = re.compile(r"^(?P<num>\d+(?:\.\d+)?)\s*(?P<suffix>k|m|mm|bn|b)?$", re.IGNORECASE)
_SUFFIX = {"k": 1e3, "m": 1e6, "mm": 1e6, "b": 1e9, "bn": 1e9}


def _no_bool(value: Any) -> Any:
    """YAML reads yes/no as booleans, which pydantic would quietly turn into 1.0 and 0.0."""
    if isinstance(value, bool):
        raise ValueError(f"expected a number, not {str(value).lower()}")
    return value


def _amount(value: Any) -> Any:
    """Accept 1500000, "1,500,000", "$1.5M" or "250k"; anything else goes on to pydantic."""
    if not isinstance(value, str):
        return _no_bool(value)
        return value
    text = value.strip().replace(",", "").replace("_", "").replace(" ", "")
    text = text.lstrip("$€£¥")
    match = _AMOUNT.match(text)
    if not match:
        return value
    factor = _SUFFIX.get((match["suffix"] or "").lower(), 1.0)
    return float(match["num"]) * factor


def _partner_type(value: Any) -> Any:
    if isinstance(value, str):
        key = value.strip().lower()
        return _TYPE_SYNONYMS.get(key, key)
    return value


def _engagement(value: Any) -> Any:
    _no_bool(value)
    if isinstance(value, str):
        key = value.strip().lower()
        try:
            return float(key)
        except ValueError:
            return key
    return value


Text = Annotated[str, Field(min_length=1, max_length=MAX_TEXT_CHARS)]
# A quadrillion is far beyond any partner programme; the cap keeps sums finite.
MAX_AMOUNT = 1e15
Amount = Annotated[float, BeforeValidator(_amount), Field(ge=0, le=MAX_AMOUNT)]
Rating10 = Annotated[float, BeforeValidator(_no_bool), Field(ge=0, le=10)]
Rating5 = Annotated[float, BeforeValidator(_no_bool), Field(ge=1, le=5)]
Count = Annotated[int, BeforeValidator(_no_bool), Field(ge=0)]
Engagement = Annotated[
    EngagementLabel | Annotated[float, Field(ge=0, le=100)], BeforeValidator(_engagement)
]

_STRICT = ConfigDict(extra="forbid", str_strip_whitespace=True, allow_inf_nan=False)


class Partner(BaseModel):
    """One row of the partner roster."""

    model_config = _STRICT

    name: str = Field(min_length=1, max_length=120)
    type: Annotated[PartnerType, BeforeValidator(_partner_type)]
    tier: str | None = Field(default=None, max_length=40)
    region: str | None = Field(default=None, max_length=60)
    revenue: Amount | None = Field(
        default=None, description="Partner-sourced revenue in the period."
    )
    pipeline: Amount | None = Field(default=None, description="Open partner-sourced pipeline.")
    deals: Count | None = Field(default=None, description="Deals closed.")
    engagement: Engagement | None = Field(
        default=None, description="high / medium / low, or an engagement score 0-100."
    )
    satisfaction: Rating10 | None = Field(default=None, description="Latest satisfaction, 0-10.")
    satisfaction_previous: Rating10 | None = Field(
        default=None, description="Satisfaction one period earlier, 0-10, to detect a fall."
    )
    executive_sponsor: bool | None = None
    last_activity: date | None = None
    notes: str | None = Field(default=None, max_length=2_000)


class StrategyValueRatings(BaseModel):
    model_config = _STRICT
    partner_types_tiers: Rating5 | None = None
    mutual_value: Rating5 | None = None
    ideal_profile: Rating5 | None = None
    portfolio_balance: Rating5 | None = None


class OnboardingEnablementRatings(BaseModel):
    model_config = _STRICT
    onboarding_plan: Rating5 | None = None
    training: Rating5 | None = None
    resources: Rating5 | None = None
    ramp_metrics: Rating5 | None = None


class GovernanceCommunicationRatings(BaseModel):
    model_config = _STRICT
    decision_rights: Rating5 | None = None
    cadence: Rating5 | None = None
    transparency: Rating5 | None = None
    conflict_resolution: Rating5 | None = None


class GtmCosellRatings(BaseModel):
    model_config = _STRICT
    joint_gtm_plan: Rating5 | None = None
    co_developed_assets: Rating5 | None = None
    lead_routing: Rating5 | None = None
    attribution: Rating5 | None = None


class PerformanceMeasurementRatings(BaseModel):
    model_config = _STRICT
    tiered_kpis: Rating5 | None = None
    scorecards: Rating5 | None = None
    scheduled_reviews: Rating5 | None = None
    feedback_loop: Rating5 | None = None


class RelationshipTrustRatings(BaseModel):
    model_config = _STRICT
    executive_sponsorship: Rating5 | None = None
    multi_threaded: Rating5 | None = None
    mutual_investment: Rating5 | None = None
    co_innovation: Rating5 | None = None


class IndicatorRatings(BaseModel):
    """Ratings 1-5 of the observable indicators, by dimension; unrated ones are left out."""

    model_config = _STRICT
    strategy_value: StrategyValueRatings | None = None
    onboarding_enablement: OnboardingEnablementRatings | None = None
    governance_communication: GovernanceCommunicationRatings | None = None
    gtm_cosell: GtmCosellRatings | None = None
    performance_measurement: PerformanceMeasurementRatings | None = None
    relationship_trust: RelationshipTrustRatings | None = None

    def rated(self) -> dict[str, dict[str, float]]:
        """{dimension id: {indicator id: rating}} for the indicators that carry a rating."""
        out: dict[str, dict[str, float]] = {}
        for dimension_id in DIMENSION_IDS:
            ratings = getattr(self, dimension_id)
            if ratings is not None:
                values = ratings.model_dump(exclude_none=True)
                if values:
                    out[dimension_id] = values
        return out


class PartnerFeedback(BaseModel):
    """Partner survey results: mean ratings 0-10 and optional verbatim comments."""

    model_config = _STRICT
    training: Rating10 | None = None
    resources: Rating10 | None = None
    support: Rating10 | None = None
    respondents: Annotated[int, BeforeValidator(_no_bool), Field(ge=1)] | None = None
    comments: list[Annotated[str, Field(min_length=1, max_length=500)]] = Field(
        default_factory=list, max_length=50
    )

    @field_validator("comments", mode="before")
    @classmethod
    def _single_comment(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value


Weight = Annotated[float, BeforeValidator(_no_bool), Field(gt=0, le=10)]


class Weights(BaseModel):
    """Relative weights of the six dimensions in the overall score."""

    model_config = _STRICT
    strategy_value: Weight
    onboarding_enablement: Weight
    governance_communication: Weight
    gtm_cosell: Weight
    performance_measurement: Weight
    relationship_trust: Weight

    def as_dict(self) -> dict[str, float]:
        return {d: float(getattr(self, d)) for d in DIMENSION_IDS}


class AssessmentInput(BaseModel):
    """Everything the assessment is drawn from. Three text variables are required."""

    model_config = _STRICT

    partner_context: Text = Field(
        description="Partner types, count, tiers, engagement, revenue, tooling."
    )
    objectives: Text = Field(description="Revenue, pipeline, expansion, innovation goals.")
    constraints: Text = Field(description="People, budget, tools, geography, competition.")
    organisation: str | None = Field(default=None, max_length=200)
    assessed_on: date | None = None
    industry: str | None = Field(default=None, max_length=120)
    currency: str = Field(default="USD", pattern=r"^[A-Z]{3}$")
    partners: list[Partner] | None = Field(default=None, max_length=MAX_PARTNERS)
    partners_csv: str | None = Field(
        default=None, description="Roster CSV path, relative to the YAML file."
    )
    indicators: IndicatorRatings | None = None
    partner_feedback: PartnerFeedback | None = None
    weights: Weights | None = None

    @model_validator(mode="after")
    def _consistent(self) -> AssessmentInput:
        if self.partners_csv and self.partners is None:
            raise ValueError(
                "partners_csv is only read when loading a file; use load_input() or "
                "parse_input(..., base_dir=...) so the path is resolved"
            )
        assessed = self.assessed_on or date.today()
        for i, partner in enumerate(self.partners or []):
            if partner.last_activity and partner.last_activity > assessed:
                raise ValueError(
                    f"partners[{i}].last_activity {partner.last_activity} is after the assessment "
                    f"date {assessed}; fix the date or set assessed_on"
                )
        return self

    @field_validator("partners")
    @classmethod
    def _unique_partner_names(cls, partners: list[Partner] | None) -> list[Partner] | None:
        seen: set[str] = set()
        for partner in partners or []:
            key = partner.name.casefold()
            if key in seen:
                raise ValueError(
                    f"partner name {partner.name!r} appears twice; give each partner a unique name"
                )
            seen.add(key)
        return partners


# --- reading files -------------------------------------------------------------------------


class _StrictLoader(yaml.SafeLoader):
    """Safe loader that also refuses aliases (billion-laughs) and duplicate keys."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
            raise yaml.MarkedYAMLError(
                None, None, "aliases (*name) are not allowed in input files", mark
            )
        return super().compose_node(parent, index)

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            try:
                hash(key)
            except TypeError:
                raise yaml.MarkedYAMLError(
                    None,
                    None,
                    "a key must be a plain name, not a list or block",
                    key_node.start_mark,
                ) from None
            if key in seen:
                raise yaml.MarkedYAMLError(
                    None, None, f"key {key!r} appears twice in the same block", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _checked_timestamp(loader: _StrictLoader, node: Any) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError as exc:
        raise yaml.MarkedYAMLError(
            None,
            None,
            f"{node.value!r} is not a real date ({exc}); write YYYY-MM-DD",
            node.start_mark,
        ) from None


_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _checked_timestamp)


def read_text_file(path: Path, max_bytes: int, what: str) -> str:
    """Read a UTF-8 text file, refusing missing, oversized and binary files with a clear error."""
    if not path.exists():
        raise InputFileError(f"{what} not found: {path} (check the path)")
    if not path.is_file():
        raise InputFileError(f"{what} is not a file: {path}")
    size = path.stat().st_size
    if size > max_bytes:
        raise InputFileError(
            f"{what} {path} is {size:,} bytes; the limit is {max_bytes:,} bytes "
            "(trim it or split the roster)"
        )
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputFileError(f"cannot read {what} {path}: {exc.strerror}") from None
    if b"\x00" in raw:
        raise InputFileError(f"{what} {path} is a binary file; give a UTF-8 text file")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputFileError(
            f"{what} {path} is not UTF-8 text (byte {exc.start}); save it as UTF-8"
        ) from None


def parse_yaml(text: str, source: str) -> dict[str, Any]:
    try:
        data = yaml.load(text, Loader=_StrictLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f" line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = exc.problem or "malformed YAML"
        raise InputFileError(f"{source}:{where}: {problem} (fix the YAML syntax there)") from None
    except yaml.YAMLError as exc:
        raise InputFileError(f"{source}: malformed YAML: {exc}") from None
    except RecursionError:
        raise InputFileError(f"{source}: the YAML is nested too deeply; flatten it") from None
    except (ValueError, TypeError, OverflowError) as exc:
        # PyYAML builds dates and numbers itself: "2026-02-30" fails here, not as YAMLError.
        raise InputFileError(
            f"{source}: a value cannot be read ({exc}); check dates are real and YYYY-MM-DD"
        ) from None
    if data is None:
        raise InputFileError(
            f"{source} is empty; it needs partner_context, objectives and constraints"
        )
    if not isinstance(data, dict):
        raise InputFileError(
            f"{source} must be a YAML mapping of fields (partner_context: ..., objectives: ...), "
            f"not a {type(data).__name__}"
        )
    odd = [key for key in data if not isinstance(key, str)]
    if odd:
        raise InputFileError(
            f"{source}: {odd[0]!r} is not a field name; top-level keys are names such as "
            "partner_context"
        )
    return data


@dataclass(frozen=True)
class RosterCsv:
    """A roster CSV: its records (empty cells dropped) and the line each record starts on."""

    path: Path
    header: list[str]
    records: list[dict[str, str]]
    lines: list[int]


def read_roster_csv(path: Path) -> RosterCsv:
    """Rows of a roster CSV as dicts, headers normalised and empty cells dropped."""
    text = read_text_file(path, MAX_CSV_BYTES, "partner roster CSV")
    reader = csv.reader(io.StringIO(text))
    rows: list[tuple[int, list[str]]] = []
    try:
        start = 1
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append((start, row))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise InputFileError(f"{path}: malformed CSV at line {reader.line_num}: {exc}") from None
    if not rows:
        raise InputFileError(f"{path} is empty; it needs a header row with at least 'name,type'")
    header = [cell.strip().lower().replace(" ", "_") for cell in rows[0][1]]
    if "" in header:
        raise InputFileError(f"{path}: column {header.index('') + 1} has no header name")
    duplicates = sorted({h for h in header if header.count(h) > 1})
    if duplicates:
        raise InputFileError(f"{path}: column {duplicates[0]!r} appears twice in the header")
    unknown = [h for h in header if h not in Partner.model_fields]
    if unknown:
        close = get_close_matches(unknown[0], list(Partner.model_fields), n=1, cutoff=0.6)
        hint = (
            f"did you mean {close[0]!r}?"
            if close
            else f"allowed: {', '.join(Partner.model_fields)}"
        )
        raise InputFileError(f"{path}: unknown column {_show(unknown[0])} in the header; {hint}")
    records: list[dict[str, str]] = []
    lines: list[int] = []
    for line, row in rows[1:]:
        if len(row) > len(header):
            raise InputFileError(
                f"{path}: row {line} has {len(row)} cells but the header has {len(header)} "
                "(quote cells that contain commas)"
            )
        records.append(
            {h: cell.strip() for h, cell in zip(header, row, strict=False) if cell.strip()}
        )
        lines.append(line)
    seen: dict[str, int] = {}
    for record, line in zip(records, lines, strict=True):
        key = record.get("name", "").casefold()
        if key and key in seen:
            raise InputValidationError(
                f"{path}: rows {seen[key]} and {line} both name the partner "
                f"{_show(record['name'])}; give each partner a unique name"
            )
        seen.setdefault(key, line)
    return RosterCsv(path=path, header=header, records=records, lines=lines)


def load_input(path: str | Path) -> AssessmentInput:
    """Read and validate an input YAML file (and the roster CSV it points to)."""
    path = Path(path)
    text = read_text_file(path, MAX_YAML_BYTES, "input file")
    return parse_input(parse_yaml(text, str(path)), base_dir=path.parent, source=str(path))


def parse_input(
    data: Mapping[str, Any], base_dir: str | Path = ".", source: str = "input"
) -> AssessmentInput:
    """Validate a mapping of input fields; a roster CSV path is resolved against base_dir."""
    data = dict(data)
    roster: RosterCsv | None = None
    if data.get("partners_csv") is not None:
        if data.get("partners") is not None:
            raise InputValidationError(
                f"{source}: give the roster either as 'partners' or as 'partners_csv', not both"
            )
        csv_value = data["partners_csv"]
        if not isinstance(csv_value, str) or not csv_value.strip():
            raise InputValidationError(
                f"{source}: partners_csv must be a file path such as 'partners.csv'"
            )
        relative = Path(csv_value.strip())
        folder = Path(base_dir).resolve()
        target = (folder / relative).resolve()
        # Embedders may run untrusted YAML: the roster must sit beside it, not anywhere on disk.
        if relative.is_absolute() or not target.is_relative_to(folder):
            raise InputValidationError(
                f"{source}: partners_csv must be a path inside the YAML file's folder "
                f"(got {csv_value.strip()!r}); move the CSV next to the YAML file"
            )
        roster = read_roster_csv(Path(base_dir) / relative)
        data["partners"] = roster.records
    try:
        return AssessmentInput.model_validate(data)
    except ValidationError as exc:
        raise InputValidationError(describe_validation_error(exc, source, roster)) from None


# --- turning pydantic errors into one-line fixes ---------------------------------------------

_PARTNER_FIELDS = list(Partner.model_fields)
_TOP_FIELDS = list(AssessmentInput.model_fields)
_FEEDBACK_FIELDS = list(PartnerFeedback.model_fields)


def _known_keys(parent: tuple[Any, ...]) -> list[str]:
    if not parent:
        return _TOP_FIELDS
    head = parent[0]
    if head == "partners":
        return _PARTNER_FIELDS
    if head == "partner_feedback":
        return _FEEDBACK_FIELDS
    if head == "weights" or (head == "indicators" and len(parent) == 1):
        return list(DIMENSION_IDS)
    if head == "indicators" and len(parent) == 2 and parent[1] in BY_ID:
        return [i.id for i in BY_ID[parent[1]].indicators]
    return []


def _show(value: Any, limit: int = 60) -> str:
    """A value as the user wrote it, quoted and cut short so the message stays one line."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 4] + "...'"


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


def _describe(err: Mapping[str, Any], roster: RosterCsv | None) -> str:
    kind = err["type"]
    loc = _clean_loc(tuple(err["loc"]), keep_last=kind == "extra_forbidden")
    ctx = err.get("ctx") or {}
    value = err.get("input")
    if kind == "extra_forbidden":
        key = str(loc[-1])
        where = _field_path(loc[:-1], roster)
        prefix = f"{where}: " if loc[:-1] else ""
        hint = ""
        if key in INDICATOR_DIMENSION and len(loc) == 3 and loc[0] == "indicators":
            hint = f"; '{key}' belongs under indicators.{INDICATOR_DIMENSION[key]}"
        else:
            close = get_close_matches(key, _known_keys(loc[:-1]), n=1, cutoff=0.6)
            if close:
                hint = f"; did you mean '{close[0]}'?"
            elif _known_keys(loc[:-1]):
                hint = f"; allowed: {', '.join(_known_keys(loc[:-1]))}"
        return f"{prefix}unknown field {_show(key)}{hint}"
    path = _field_path(loc, roster)
    if loc and loc[-1] == "engagement":
        return (
            f"{path}: {_show(value)} is not valid; use high, medium, low or a score from 0 to 100"
        )
    if kind == "finite_number":
        return f"{path}: {_show(value)} is not a finite number; write a plain number"
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
        limit = " and ".join(f"{rule[k]} {v:g}" for k, v in bounds.items())
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
        return f"{path}: {_show(value)} is not a number; write a plain number such as 1500000"
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
    exc: ValidationError, source: str, roster: RosterCsv | None = None
) -> str:
    """The first problem as one line naming the field and the fix, plus a count of the rest."""
    # Unknown keys first: a misspelt key also shows up as a missing one, and the hint fixes both.
    errors = sorted(exc.errors(include_url=False), key=lambda e: e["type"] != "extra_forbidden")
    # A union (label or number) reports one error per branch; say it once.
    seen: list[str] = []
    for err in errors:
        message = _describe(err, roster)
        if message not in seen:
            seen.append(message)
    first = f"{source}: {seen[0]}"
    if len(seen) > 1:
        more = len(seen) - 1
        first += f"\n({more} more problem{'s' if more > 1 else ''} in {source}; fix this one first)"
    return first
