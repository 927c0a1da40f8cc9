"""The input models: AssessmentInput and its blocks, the field types and their checks, and the
per-framework model (ratings or described answers, weights) built from a loaded framework."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    create_model,
    field_validator,
    model_validator,
)
from pydantic.json_schema import SkipJsonSchema

from generator.frameworks import (
    DEFAULT_FRAMEWORK,
    Framework,
    RatingsBase,
    WeightsBase,
    load_framework,
)

# A 20,000-partner roster with a few fields each is about 3 MB of YAML or 2 MB of CSV; the
# limits leave room for notes while keeping a load under a few seconds.
MAX_YAML_BYTES = 8_000_000
MAX_CSV_BYTES = 20_000_000
MAX_TEXT_CHARS = 20_000
MAX_PARTNERS = 20_000
# Counts beyond these are typing slips, and unbounded integers overflow float arithmetic later.
MAX_DEALS = 10_000_000
MAX_RESPONDENTS = 1_000_000
# Five hundred people supporting one partner full time for a year; more is a typing slip.
MAX_HOURS = 1_000_000
# Python refuses to turn text of more than 4,300 digits into an integer (sys.int_info), so
# YAML's int() would fail on them; shorter ones reach the fields' own range checks.
MAX_NUMBER_DIGITS = 4_000

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


# Controls that move the cursor or clear the screen (C0 but tab and newline, DEL, C1), and
# invisible format characters that make two identical-looking names differ: zero-width
# spaces and joiners, the soft hyphen, bidirectional overrides (which reorder what a terminal
# shows) and the byte-order mark. Dropping the zero-width joiner splits emoji sequences into
# their parts, which still read correctly.
_INVISIBLE = [
    *range(0x00, 0x09),
    *range(0x0B, 0x20),
    *range(0x7F, 0xA0),
    0xAD,
    0x180E,
    *range(0x200B, 0x2010),
    *range(0x202A, 0x202F),
    *range(0x2060, 0x2070),
    0xFEFF,
]
# A single character class: linear, and far quicker than str.translate on clean text.
_INVISIBLE_CHARS = re.compile("[" + "".join(re.escape(chr(c)) for c in _INVISIBLE) + "]")


def clean_text(text: str) -> str:
    """Text as it should reach terminals and reports: no control or invisible characters, NFC.

    Line breaks survive (a carriage return becomes a newline).
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _INVISIBLE_CHARS.search(text):
        text = _INVISIBLE_CHARS.sub("", text)
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def name_key(name: str) -> str:
    """The form two partner names are compared in: clean, case-folded, spaces collapsed."""
    return unicodedata.normalize("NFC", " ".join(clean_text(name).casefold().split()))


def _clean_fields(data: Any) -> Any:
    """Clean the text values of one model's fields (nested models clean their own)."""
    if not isinstance(data, dict):
        return data
    cleaned = {}
    for key, value in data.items():
        if isinstance(value, str):
            value = clean_text(value)
        elif isinstance(value, list):
            value = [clean_text(v) if isinstance(v, str) else v for v in value]
        cleaned[key] = value
    return cleaned


def _no_bool(value: Any) -> Any:
    """YAML reads yes/no as booleans, which pydantic would quietly turn into 1.0 and 0.0."""
    if isinstance(value, bool):
        raise ValueError(f"expected a number, not {str(value).lower()}")
    return value


def _real(value: Any) -> Any:
    """A number for a float field; integers past float range would be "not a number"."""
    if isinstance(value, int) and value.bit_length() > _FLOAT_BITS:
        raise ValueError(_too_long(len(str(abs(value)))))
    return _no_bool(value)


_FLOAT_BITS = 1000


def _too_long(digits: int) -> str:
    return f"a number of {digits:,} digits is out of range; write a realistic figure"


def _amount(value: Any) -> Any:
    """Accept 1500000, "1,500,000", "$1.5M" or "250k"; anything else goes on to pydantic."""
    if not isinstance(value, str):
        return _real(value)
    text = value.strip().replace(",", "").replace("_", "").replace(" ", "")
    text = text.lstrip("$€£¥")
    match = _AMOUNT.match(text)
    if not match:
        return value
    factor = _SUFFIX.get((match["suffix"] or "").lower(), 1.0)
    amount = float(match["num"]) * factor
    if amount == float("inf"):
        raise ValueError(_too_long(len(match["num"])))
    return amount


def _partner_type(value: Any) -> Any:
    if isinstance(value, str):
        key = value.strip().lower()
        return _TYPE_SYNONYMS.get(key, key)
    return value


def _engagement(value: Any) -> Any:
    _real(value)
    if isinstance(value, str):
        key = value.strip().lower()
        try:
            return float(key)
        except ValueError:
            return key
    return value


def _share(value: Any) -> Any:
    """A share 0-1, or a percentage written "75%"; a bare 3 is most likely a count of QBRs."""
    shown = value
    if isinstance(value, str) and value.strip().endswith("%"):
        try:
            value = float(value.strip()[:-1]) / 100
        except ValueError:
            return value
    value = _real(value)
    if isinstance(value, int | float) and value > 1:
        raise ValueError(
            f"{shown} is not a share; write 0-1 or a percentage up to 100% "
            "(the QBRs attended divided by the QBRs held)"
        )
    return value


Text = Annotated[str, Field(min_length=1, max_length=MAX_TEXT_CHARS)]
# A quadrillion is far beyond any partner programme; the cap keeps sums finite.
MAX_AMOUNT = 1e15
Amount = Annotated[float, BeforeValidator(_amount), Field(ge=0, le=MAX_AMOUNT)]
Rating10 = Annotated[float, BeforeValidator(_real), Field(ge=0, le=10)]
Rating5 = Annotated[float, BeforeValidator(_real), Field(ge=1, le=5)]
Count = Annotated[int, BeforeValidator(_no_bool), Field(ge=0, le=MAX_DEALS)]
Hours = Annotated[float, BeforeValidator(_real), Field(ge=0, le=MAX_HOURS)]
Share = Annotated[float, BeforeValidator(_share), Field(ge=0, le=1)]
Engagement = Annotated[
    EngagementLabel | Annotated[float, Field(ge=0, le=100)], BeforeValidator(_engagement)
]

_STRICT = ConfigDict(extra="forbid", str_strip_whitespace=True, allow_inf_nan=False)


class _InputModel(BaseModel):
    """A block of the input: unknown keys refused, text cleaned before it is checked."""

    model_config = _STRICT

    @model_validator(mode="before")
    @classmethod
    def _clean_text_fields(cls, data: Any) -> Any:
        return _clean_fields(data)


class Partner(_InputModel):
    """One row of the partner roster."""

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
    engagement_previous: Engagement | None = Field(
        default=None, description="The engagement reading one period earlier, to show a change."
    )
    satisfaction: Rating10 | None = Field(default=None, description="Latest satisfaction, 0-10.")
    satisfaction_previous: Rating10 | None = Field(
        default=None, description="Satisfaction one period earlier, 0-10, to detect a fall."
    )
    executive_sponsor: bool | None = None
    last_activity: date | None = None
    investment: Amount | None = Field(
        default=None,
        description="What supporting the partner cost in the period (MDF, enablement spend, "
        "discounts), in the input's currency.",
    )
    support_hours: Hours | None = Field(
        default=None, description="Partner-team hours spent supporting the partner in the period."
    )
    certified_staff: Count | None = Field(
        default=None, description="Partner staff holding a current certification."
    )
    registered_deals: Count | None = Field(
        default=None, description="Deals the partner registered in the period."
    )
    qbr_attended: Share | None = Field(
        default=None,
        description="Share of the period's scheduled QBRs the partner attended: 0-1 or 75%.",
    )
    notes: str | None = Field(default=None, max_length=2_000)


class PartnerFeedback(_InputModel):
    """Partner survey results: mean ratings 0-10 and optional verbatim comments."""

    training: Rating10 | None = None
    resources: Rating10 | None = None
    support: Rating10 | None = None
    respondents: (
        Annotated[int, BeforeValidator(_no_bool), Field(ge=1, le=MAX_RESPONDENTS)] | None
    ) = None
    comments: list[Annotated[str, Field(min_length=1, max_length=500)]] = Field(
        default_factory=list, max_length=50
    )

    @field_validator("comments", mode="before")
    @classmethod
    def _single_comment(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value


Weight = Annotated[float, BeforeValidator(_real), Field(gt=0, le=10)]


class AssessmentInput(_InputModel):
    """Everything the assessment is drawn from. Three text variables are required."""

    partner_context: Text = Field(
        description="Partner types, count, tiers, engagement, revenue, tooling."
    )
    objectives: Text = Field(description="Revenue, pipeline, expansion, innovation goals.")
    constraints: Text = Field(description="People, budget, tools, geography, competition.")
    organisation: str | None = Field(default=None, max_length=200)
    prepared_by: str | None = Field(
        default=None, max_length=200, description="Who prepared the report, for the byline."
    )
    assessed_on: date | None = None
    industry: str | None = Field(default=None, max_length=120)
    currency: str = Field(default="USD", pattern=r"^[A-Z]{3}$")
    hourly_rate: Amount | None = Field(
        default=None,
        description="Cost of one hour of partner-team support, in the input's currency; "
        "support_hours join the return on investment only with it.",
    )
    partners: list[Partner] | None = Field(default=None, max_length=MAX_PARTNERS)
    partners_csv: str | None = Field(
        default=None, description="Roster CSV path, relative to the YAML file."
    )
    # input_model() narrows these two to the framework's dimensions and indicators.
    indicators: RatingsBase | None = None
    partner_feedback: PartnerFeedback | None = None
    weights: WeightsBase | None = None
    framework: str = Field(
        default=DEFAULT_FRAMEWORK,
        min_length=1,
        max_length=500,
        description="The assessment framework: a built-in name, or the path of a framework "
        "folder relative to this file.",
    )
    _framework: Framework | None = PrivateAttr(default=None)

    @property
    def assessment_framework(self) -> Framework:
        """The framework this input is assessed against (resolved when the file was loaded)."""
        if self._framework is None:
            self._framework = load_framework(self.framework)
        return self._framework

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
            key = name_key(partner.name)
            if key in seen:
                raise ValueError(
                    f"partner name {partner.name!r} appears twice; give each partner a unique name"
                )
            seen.add(key)
        return partners


def _show(value: Any, limit: int = 60) -> str:
    """A value as the user wrote it, quoted and cut short so the message stays one line."""
    try:
        text = repr(value)
    except ValueError:
        # An integer too long for Python to print (sys.int_info.default_max_str_digits).
        return "a number too long to show"
    if len(text) <= limit:
        return text
    return text[: limit - 4] + ("...'" if isinstance(value, str) else "...")


# --- the input model of a framework ----------------------------------------------------------

_INPUT_MODELS: dict[tuple[str, int, str], type[AssessmentInput]] = {}


class AnsweredInput(AssessmentInput):
    """The input of a framework answered on descriptive levels: `answers` per question and
    free-text `notes` instead of the three required texts of a rated framework."""

    notes: Text | None = Field(
        default=None, description="What the client said: evidence for unanswered questions."
    )

    @model_validator(mode="after")
    def _answers_are_scores(self) -> AnsweredInput:
        # Downstream reads scores from `indicators` and text from the three texts, whatever the
        # framework: an answer is a rating at its level's score, the notes are the context.
        if "indicators" in self.model_fields_set:
            raise ValueError(
                f"indicators: {self.framework} is answered on described levels, not rated; "
                "write the answers under answers:"
            )
        self.indicators = getattr(self, "answers", None)
        if self.notes and not self.partner_context:
            self.partner_context = self.notes
        return self


def _answer_type(framework: Framework) -> Any:
    levels = framework.input.answer_levels
    options = ", ".join(level.name for level in levels)
    low, high = f"{levels[0].score:g}", f"{levels[-1].score:g}"

    def answer(value: Any) -> float:
        if not isinstance(value, bool) and isinstance(value, str | int | float):
            try:
                return framework.answer_score(value)
            except KeyError:
                pass
        raise ValueError(
            f"{_show(value)} is not an answer level; use one of {options} or a number {low}-{high}"
        )

    return Annotated[float, BeforeValidator(answer)]


def input_model(framework: Framework) -> type[AssessmentInput]:
    """AssessmentInput with ratings (or answers) and weights for this framework (cached)."""
    key = (framework.id, framework.version, framework.source)
    if key not in _INPUT_MODELS:
        weights: Any = framework.weights_model(Weight) | None
        if framework.input.answers == "descriptive":
            answers: Any = framework.ratings_model(_answer_type(framework)) | None
            _INPUT_MODELS[key] = create_model(
                "AssessmentInput",
                __base__=AnsweredInput,
                __doc__=AnsweredInput.__doc__,
                answers=(answers, None),
                # Filled from the answers, never written by the user: out of the schema too.
                indicators=(
                    Annotated[answers, SkipJsonSchema()],  # type: ignore[type-arg]
                    Field(default=None, exclude=True),
                ),
                weights=(weights, None),
                partner_context=(str, ""),
                objectives=(str, ""),
                constraints=(str, ""),
            )
        else:
            ratings: Any = framework.ratings_model(Rating5) | None
            _INPUT_MODELS[key] = create_model(
                "AssessmentInput",
                __base__=AssessmentInput,
                __doc__=AssessmentInput.__doc__,
                indicators=(ratings, None),
                weights=(weights, None),
            )
    return _INPUT_MODELS[key]
