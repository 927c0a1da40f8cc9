"""Assessment frameworks as data: a folder of YAML loaded into frozen pydantic models.

A framework folder holds framework.yaml (scale, bands, dimensions, indicators with one
descriptor per level, default weights), playbook.yaml, cues.yaml, thresholds.yaml and
risks.yaml. Everything is checked at load, and an error names the file, the line and the fix.
frameworks/README.md describes the format for the consultants who write one.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any, Literal, get_args

import yaml
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, create_model

from generator.errors import FrameworkError
from generator.phrases import PhraseError, compile_phrases, placeholder_regexes

FILES = ("framework.yaml", "playbook.yaml", "cues.yaml", "thresholds.yaml", "risks.yaml")
DEFAULT_FRAMEWORK = "readiness"
HORIZONS = ("days_30", "days_60", "days_90")
# The parts of a report a framework's `report.sections` may place (writers/render.py's blocks):
# the scorecard holds the dimension results, the plan the actions, whatever the plan's shape.
REPORT_BLOCKS = ("summary", "scorecard", "portfolio", "enablement", "dashboard", "plan", "benchmark")
MAX_FILE_BYTES = 1_000_000
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")

Id = Field(pattern=r"^[a-z][a-z0-9_]{0,59}$")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- framework.yaml ------------------------------------------------------------------------


class Level(_Model):
    name: str = Field(min_length=1)
    low: float
    high: float
    meaning: str = Field(min_length=1)


class Scale(_Model):
    min: float
    max: float
    decimals: int = Field(ge=0, le=2)
    levels: tuple[Level, ...] = Field(min_length=1)


class Indicator(_Model):
    id: str = Id
    name: str = Field(min_length=1)
    description: str = Field(min_length=1)
    # One line per maturity level: what this indicator looks like at that level.
    descriptors: dict[str, str]


class Dimension(_Model):
    id: str = Id
    name: str = Field(min_length=1)
    short: str = Field(min_length=1)
    weight: float = Field(gt=0, le=10)
    indicators: tuple[Indicator, ...] = Field(min_length=1)


class AnswerLevel(_Model):
    name: str = Field(min_length=1)
    score: float


class InputSpec(_Model):
    """How the client answers: rating each indicator on the scale (readiness), or picking one of
    a few described answer levels per question, each worth its level's score (the diagnostic)."""

    answers: Literal["ratings", "descriptive"] = "ratings"
    # Descriptive answers only: the levels in ascending order; descriptors are keyed by them.
    answer_levels: tuple[AnswerLevel, ...] = ()


class ReportSection(_Model):
    id: str = Id
    title: str = Field(min_length=1)
    # A section that needs a roster, or stored assessments to compare with, is left out without.
    requires: Literal["roster", "history"] | None = None


class ReportSpec(_Model):
    """The report's shape. The defaults are readiness's: a 30/60/90-day plan and the six
    deliverables the writers know, in the words "dimension" and "indicator"."""

    plan: Literal["horizons", "one_action"] = "horizons"
    dimension_term: str = Field(default="dimension", min_length=1)
    indicator_term: str = Field(default="indicator", min_length=1)
    sections: tuple[ReportSection, ...] = ()


# Named places where code meets the framework: the dimension a kind of deliverable or risk
# belongs to, and the indicator a structured signal (survey, roster) is evidence for. A role a
# framework leaves out is simply not used (no partner-risk action names a dimension, say).
DimensionRole = Literal["enablement", "relationship", "portfolio"]
SignalRole = Literal[
    "survey_training",
    "survey_resources",
    "survey_support",
    "survey_run",
    "executive_sponsors",
    "satisfaction",
    "concentration",
    "coverage_gaps",
    "tiers",
]


class FrameworkFile(_Model):
    id: str = Id
    name: str = Field(min_length=1)
    version: int = Field(ge=1)
    scale: Scale
    input: InputSpec = InputSpec()
    report: ReportSpec = ReportSpec()
    dimensions: tuple[Dimension, ...] = Field(min_length=1)
    roles: dict[DimensionRole, str] = {}
    signals: dict[SignalRole, str] = {}


# --- playbook.yaml, risks.yaml ---------------------------------------------------------------


class PlayText(_Model):
    """One plan action: what to do, the kind of owner, the metric it moves and the target."""

    action: str = Field(min_length=1)
    owner: str = Field(min_length=1)
    metric: str = Field(min_length=1)
    target: str = Field(min_length=1)


# What a playbook action takes that a client may not have: budget (a portal, PRM, LMS, funds),
# an existing portal or PRM, people it does not have (a program team, a sponsor per partner),
# a tier of strategic partners, or a program of many partners. drafting/fit.py decides which a
# client rules out.
Need = Literal["budget", "portal", "people", "strategic", "scale"]
# The one placeholder an action may name: the client's own partners ("the four channel
# partners"), filled by drafting/fit.py.
PLAY_FIELDS = ("partners",)


class Play(PlayText):
    """A playbook action, with what it needs and the lean alternative used when the client
    rules that out."""

    needs: tuple[Need, ...] = ()
    lean: PlayText | None = None


class BandGuidance(_Model):
    """What a dimension looks like at one level, and what to do about it in 30/60/90 days."""

    finding: str = Field(min_length=1)
    recommendation: str = Field(min_length=1)
    days_30: Play
    days_60: Play
    days_90: Play


class PlannedAction(Play):
    """The one action a `plan: one_action` framework recommends, due within `horizon_days`."""

    horizon_days: int = Field(ge=1, le=365)


class BandAction(_Model):
    """A dimension's result sentence at one band and its one recommended action."""

    result: str = Field(min_length=1)
    action: PlannedAction


# The placeholders code fills in a one-action playbook's result sentences and targets.
RESULT_FIELDS = ("name", "score", "band", "lowest")
TARGET_FIELDS = ("horizon_days",)


class PlaybookFile(_Model):
    # `playbook` for a 30/60/90-day plan, `actions` for one action per dimension and band.
    playbook: dict[str, dict[str, BandGuidance]] = {}
    actions: dict[str, dict[str, BandAction]] = {}


class RisksFile(_Model):
    dimension_risks: dict[str, str]
    survey_recommendations: dict[Literal["training", "resources", "support"], str] = {}
    # Checked against WORDING after the plan is known: which sections a framework needs.
    partner_risks: dict[str, dict[str, str]] = {}
    risk_actions: dict[str, dict[str, str]] = {}


WordingSection = Literal["partner_risks", "risk_actions"]


@dataclass(frozen=True)
class WordingKind:
    """What one kind of risk's wording holds: the sentences, the fragments (text code puts into
    one placeholder when it applies, "" when not), and the plain placeholders code fills."""

    sentences: tuple[str, ...]
    fields: tuple[str, ...] = ()
    # fragment key -> the placeholder it fills
    fragments: Mapping[str, str] = dataclass_field(default_factory=dict)

    @property
    def keys(self) -> tuple[str, ...]:
        return (*self.sentences, *self.fragments)

    def allowed(self, key: str) -> tuple[str, ...]:
        """The placeholders `key` may name: a fragment only the plain ones, so none nests."""
        if key in self.fragments:
            return self.fields
        return (*self.fields, *dict.fromkeys(self.fragments.values()))


_TITLED = ("title", "rationale")
_PLAY = ("action", "owner", "metric", "target")
_CONCENTRATION = ("partner", "share", "band", "hhi", "flags")
# Every kind of risk wording code reads, by section: risks.yaml must hold exactly these.
WORDING: dict[WordingSection, dict[str, WordingKind]] = {
    "partner_risks": {
        "at_risk_partner": WordingKind(
            _TITLED, ("partner", "share", "revenue", "reason"), {"no_sponsor": "no_sponsor"}
        ),
        "at_risk_in_notes": WordingKind(_TITLED, ("quote", "amount"), {"at_stake": "at_stake"}),
        "top_partner_concentration": WordingKind(_TITLED, _CONCENTRATION),
        "top_five_concentration": WordingKind(_TITLED, ("top5_share", *_CONCENTRATION)),
        "dormant": WordingKind(
            _TITLED,
            ("count", "partners", "share"),
            {"dormant_one": "dormant", "dormant_many": "dormant"},
        ),
        "inactive": WordingKind(_TITLED, ("rate",)),
        "coverage": WordingKind(_TITLED, ("gap",)),
        "complaint": WordingKind(_TITLED, ("quote",)),
    },
    "risk_actions": {
        "at_risk_partner": WordingKind(_PLAY, ("partner", "revenue")),
        "at_risk_in_notes": WordingKind(_PLAY, ("amount",), {"at_stake": "at_stake"}),
        "dormant": WordingKind(_PLAY, ("partners",)),
        "inactive": WordingKind(_PLAY, ("rate", "goal")),
        "concentration": WordingKind(_PLAY, ("partner",), {"no_followers": "followers"}),
        "coverage": WordingKind(
            _PLAY, ("gaps",), {"coverage_one": "coverage", "coverage_many": "coverage"}
        ),
        "complaint": WordingKind(_PLAY, ("quote",)),
        # The action itself is the area's survey_recommendations entry.
        "survey": WordingKind(("owner", "metric", "target"), ("area", "Area", "rating", "goal")),
    },
}


# --- findings.yaml -------------------------------------------------------------------------

FINDINGS_FILE = "findings.yaml"
# The fields each list of finding patterns may name.
FINDING_FIELDS: dict[str, tuple[str, ...]] = {
    "openings": ("indicator", "score", "evidence"),
    "levels": ("indicator", "level", "descriptor"),
    "strongest": ("indicator", "score", "evidence"),
    "unmentioned": ("missing", "score", "evidenced", "count"),
    "nothing_found": ("dimension", "score", "client"),
    "to_confirm": ("indicators", "client"),
    "stakes": ("risk", "indicator", "client"),
    "signs": ("indicator", "evidence"),
}
_Patterns = Field(min_length=1)


class FindingPatterns(_Model):
    """findings.yaml: the sentence patterns the scorecard's findings are worded from."""

    openings: tuple[str, ...] = _Patterns
    levels: tuple[str, ...] = _Patterns
    strongest: tuple[str, ...] = _Patterns
    unmentioned: tuple[str, ...] = _Patterns
    nothing_found: tuple[str, ...] = _Patterns
    to_confirm: tuple[str, ...] = _Patterns
    stakes: tuple[str, ...] = _Patterns
    signs: tuple[str, ...] = _Patterns


# --- cues.yaml ---------------------------------------------------------------------------------

CueKind = Literal["topic", "gap", "fixed"]


class CueSpec(_Model):
    kind: CueKind = "topic"
    phrases: tuple[str, ...] = ()
    # The name of a qualifier list whose phrases this cue shares ("departed").
    phrases_of: str | None = None
    score: float | None = Field(default=None, ge=1, le=5)
    unless_preceded_by: tuple[str, ...] = ()
    unless_followed_by: tuple[str, ...] = ()


class Qualifiers(_Model):
    negation: tuple[str, ...]
    weak_negation: tuple[str, ...]
    planned: tuple[str, ...]
    weak: tuple[str, ...]
    strong: tuple[str, ...]
    affirming_negation: tuple[str, ...]
    departed: tuple[str, ...]
    at_risk: tuple[str, ...]
    # Added later; a framework written before them reads as it did.
    absence: tuple[str, ...] = ()
    limits: tuple[str, ...] = ()
    complaint: tuple[str, ...] = ()


class CuesFile(_Model):
    placeholders: dict[str, tuple[str, ...]] = {}
    cues: dict[str, tuple[str | tuple[str, ...] | CueSpec, ...]]
    qualifiers: Qualifiers


@dataclass(frozen=True)
class CompiledCue:
    pattern: re.Pattern[str]
    kind: CueKind
    # Set for fixed cues: the only score such a mention can give.
    score: float | None = None


# --- thresholds.yaml ---------------------------------------------------------------------------


class Health(_Model):
    active_days: int = Field(gt=0)
    dormant_days: int = Field(gt=0)
    satisfaction_drop: float = Field(gt=0, le=10)
    low_satisfaction: float = Field(ge=0, le=10)
    material_share_pct: float = Field(ge=0, le=100)


class Engagement(_Model):
    label_scores: dict[Literal["high", "medium", "low"], float]
    strong_above: float = Field(ge=0, le=100)
    moderate_from: float = Field(ge=0, le=100)


class Concentration(_Model):
    top1_limit_pct: float = Field(ge=0, le=100)
    top5_limit_pct: float = Field(ge=0, le=100)
    hhi_low_below: float = Field(ge=0, le=10_000)
    hhi_high_above: float = Field(ge=0, le=10_000)
    hhi_band_scores: dict[Literal["low", "moderate", "high"], float]


class Portfolio(_Model):
    top_contributors: int = Field(ge=1)
    top_contributor_min_share_pct: float = Field(ge=0, le=100)
    underperformer_revenue_ratio: float = Field(ge=0, le=1)
    # Regions an objective may name: one named with no partner there is a coverage gap.
    regions: tuple[str, ...] = ()


class Scoring(_Model):
    default_score: float
    notes_cap: float
    window_chars: int = Field(ge=1, le=200)
    signal_scores: dict[Literal["strong", "present", "partial", "planned", "absent"], float]


class Priorities(_Model):
    target_score: float
    priority_count: int = Field(ge=1)
    material_risk: float = Field(ge=0)
    max_risk_actions: int = Field(ge=0)
    dormant_share_pct: float = Field(ge=0, le=100)
    inactive_rate_below_pct: float = Field(ge=0, le=100)
    reactivation_step_pct: float = Field(gt=0, le=100)
    reactivation_cap_pct: float = Field(gt=0, le=100)
    # How much a stated goal raises the rank of a dimension or risk that bears on it; 0 ranks
    # by the gap alone.
    goal_weight: float = Field(default=0.0, ge=0)


class Fit(_Model):
    """Below these sizes a client is a small firm and gets the playbook's lean actions; 0 turns
    the rule off."""

    small_team_max: int = Field(default=0, ge=0)
    small_roster_max: int = Field(default=0, ge=0)


class Survey(_Model):
    strong: float = Field(ge=0, le=10)
    gap: float = Field(ge=0, le=10)


class Thresholds(_Model):
    health: Health
    engagement: Engagement
    concentration: Concentration
    portfolio: Portfolio
    scoring: Scoring
    priorities: Priorities
    survey: Survey
    fit: Fit = Fit()


# --- the loaded framework -------------------------------------------------------------------


class Framework(_Model):
    """A checked framework, and what the pipeline derives from it."""

    id: str
    name: str
    version: int
    source: str
    scale: Scale
    dimensions: tuple[Dimension, ...]
    playbook: dict[str, dict[str, BandGuidance]]
    input: InputSpec = InputSpec()
    report: ReportSpec = ReportSpec()
    actions: dict[str, dict[str, BandAction]] = {}
    cue_specs: dict[str, tuple[CueSpec, ...]]
    placeholders: dict[str, tuple[str, ...]]
    qualifier_phrases: Qualifiers
    thresholds: Thresholds
    dimension_risks: dict[str, str]
    survey_recommendations: dict[str, str]
    partner_risks: dict[str, dict[str, str]] = {}
    risk_actions: dict[str, dict[str, str]] = {}

    findings: FindingPatterns
    roles: dict[str, str] = {}
    signals: dict[str, str] = {}

    @property
    def ref(self) -> tuple[str, int]:
        return self.id, self.version

    def role(self, name: DimensionRole) -> str | None:
        """The dimension playing this role in the deliverables, if the framework names one."""
        return self.roles.get(name)

    def signal(self, name: SignalRole) -> str | None:
        """The indicator a structured signal is evidence for, if the framework names one."""
        return self.signals.get(name)

    def say(self, section: WordingSection, kind: str, key: str, fields: Mapping[str, str]) -> str:
        """One risk sentence or fragment from risks.yaml with its placeholders filled.

        The loader allowed only plain names, and format_map sees only the ones this key may
        use, so a framework folder's text cannot reach any other value or object.
        """
        template = getattr(self, section)[kind][key]
        spec = WORDING[section][kind]
        return str(template.format_map({name: fields[name] for name in spec.allowed(key)}))

    def clamp(self, value: float) -> float:
        return min(self.scale.max, max(self.scale.min, value))

    def on_scale(self, value: float) -> bool:
        return self.scale.min <= value <= self.scale.max

    @property
    def span(self) -> str:
        """The scale as written in messages: "1.0-5.0"."""
        fmt = f".{self.scale.decimals}f"
        return f"{format(self.scale.min, fmt)}-{format(self.scale.max, fmt)}"

    @property
    def meaning(self) -> dict[str, str]:
        return {level.name: level.meaning for level in self.scale.levels}

    @property
    def bands(self) -> tuple[tuple[float, float, str], ...]:
        return tuple((level.low, level.high, level.name) for level in self.scale.levels)

    def next_band(self, score: float) -> float | None:
        """The lowest score of the band above this one; None at the top."""
        return next((level.low for level in self.scale.levels if level.low > score), None)

    @property
    def dimension_ids(self) -> tuple[str, ...]:
        return tuple(d.id for d in self.dimensions)

    @property
    def level_names(self) -> tuple[str, ...]:
        return tuple(level.name for level in self.scale.levels)

    @property
    def indicators(self) -> dict[str, Indicator]:
        return {i.id: i for d in self.dimensions for i in d.indicators}

    @property
    def indicator_dimension(self) -> dict[str, str]:
        return {i.id: d.id for d in self.dimensions for i in d.indicators}

    @property
    def default_weights(self) -> dict[str, float]:
        return {d.id: d.weight for d in self.dimensions}

    def dimension(self, dimension_id: str) -> Dimension:
        for d in self.dimensions:
            if d.id == dimension_id:
                return d
        raise KeyError(dimension_id)

    def level_name(self, score: float) -> str:
        return self.level_for(score).name

    def level_for(self, score: float) -> Level:
        """The band a score falls in, at the scale's precision (2.95 -> 3.0 -> Defined)."""
        rounded = _round_half_up(score, self.scale.decimals)
        for level in self.scale.levels:
            if level.low <= rounded <= level.high:
                return level
        raise ValueError(f"score {score} is outside the {_span(self.scale)} scale")

    def answer_score(self, answer: str | int | float) -> float:
        """What a descriptive answer is worth: given by its level's name (any case) or score."""
        for level in self.input.answer_levels:
            if isinstance(answer, str):
                if level.name.casefold() == answer.strip().casefold():
                    return level.score
            elif level.score == answer:
                return level.score
        raise KeyError(answer)

    def band_label(self, level_name: str) -> str:
        for level in self.scale.levels:
            if level.name == level_name:
                fmt = f".{self.scale.decimals}f"
                if level.low == level.high:
                    return format(level.low, fmt)
                return f"{format(level.low, fmt)}-{format(level.high, fmt)}"
        raise KeyError(level_name)

    _cues: dict[str, tuple[CompiledCue, ...]] = PrivateAttr(default_factory=dict)
    _qualifiers: dict[str, re.Pattern[str]] = PrivateAttr(default_factory=dict)

    def model_post_init(self, context: Any, /) -> None:
        self._cues, self._qualifiers = _compiled(self)

    @property
    def cues(self) -> dict[str, tuple[CompiledCue, ...]]:
        """Compiled cue patterns per indicator, in the order the YAML lists them."""
        return self._cues

    _any_cue: dict[str, re.Pattern[str]] | None = PrivateAttr(default=None)

    def any_cue_patterns(self) -> dict[str, re.Pattern[str]]:
        """One alternation of all an indicator's cues, to skip clauses that mention none.

        Compiled on first use: it costs more than it saves on a small input.
        """
        if self._any_cue is None:
            self._any_cue = {
                indicator: re.compile("|".join(f"(?:{c.pattern.pattern})" for c in cues), flags)
                for indicator, cues in self._cues.items()
                for flags in {cues[0].pattern.flags if cues else 0}
            }
        return self._any_cue

    @property
    def qualifiers(self) -> dict[str, re.Pattern[str]]:
        """One compiled pattern per qualifier list (negation, weak, strong, departed, ...)."""
        return self._qualifiers

    def ratings_model(self, rating: Any) -> type[BaseModel]:
        """The indicator-ratings input model: one optional `rating` per indicator, by dimension.

        `rating` is the field type (the input module's Rating5), passed in so the input model
        keeps one definition of what a rating is.
        """
        per_dimension: dict[str, Any] = {}
        for d in self.dimensions:
            model = create_model(  # type: ignore[call-overload]
                _class_name(d.id) + "Ratings",
                __config__=_INPUT_CONFIG,
                **{i.id: (rating | None, None) for i in d.indicators},
            )
            per_dimension[d.id] = (model | None, None)
        return create_model(
            "IndicatorRatings",
            __base__=RatingsBase,
            __doc__="Ratings 1-5 of the observable indicators, by dimension; unrated ones are "
            "left out.",
            **per_dimension,
        )

    def weights_model(self, weight: Any) -> type[BaseModel]:
        """The weights input model: every dimension, each a `weight` (the input's Weight)."""
        count = len(self.dimensions)
        return create_model(  # type: ignore[no-any-return, call-overload]
            "Weights",
            __base__=WeightsBase,
            __doc__=f"Relative weights of the {count_word(count)} dimensions in the overall score.",
            **{d.id: (weight, ...) for d in self.dimensions},
        )


_INPUT_CONFIG = ConfigDict(extra="forbid", str_strip_whitespace=True, allow_inf_nan=False)
_NUMBER_WORDS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight"}


class RatingsBase(BaseModel):
    model_config = _INPUT_CONFIG

    def rated(self) -> dict[str, dict[str, float]]:
        """{dimension id: {indicator id: rating}} for the indicators that carry a rating."""
        out: dict[str, dict[str, float]] = {}
        for dimension_id in type(self).model_fields:
            ratings = getattr(self, dimension_id)
            if ratings is not None:
                values = ratings.model_dump(exclude_none=True)
                if values:
                    out[dimension_id] = values
        return out


class WeightsBase(BaseModel):
    model_config = _INPUT_CONFIG

    def as_dict(self) -> dict[str, float]:
        return {d: float(getattr(self, d)) for d in type(self).model_fields}


def count_word(count: int) -> str:
    """A small count as a word ("six dimensions"), as the prompts and schemas say it."""
    return _NUMBER_WORDS.get(count, str(count))


def _class_name(identifier: str) -> str:
    return "".join(part.capitalize() for part in identifier.split("_"))


def _round_half_up(value: float, decimals: int) -> float:
    from decimal import ROUND_HALF_UP, Decimal

    return float(Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP))


def _span(scale: Scale) -> str:
    return f"{scale.min:g}-{scale.max:g}"


def _compiled(
    framework: Framework,
) -> tuple[dict[str, tuple[CompiledCue, ...]], dict[str, re.Pattern[str]]]:
    holders = placeholder_regexes({k: list(v) for k, v in framework.placeholders.items()})
    qualifier_phrases = framework.qualifier_phrases.model_dump()
    qualifiers = {
        name: compile_phrases(list(phrases), holders) for name, phrases in qualifier_phrases.items()
    }
    cues = {
        indicator: tuple(
            CompiledCue(
                compile_phrases(
                    list(spec.phrases or qualifier_phrases[spec.phrases_of or ""]),
                    holders,
                    list(spec.unless_preceded_by),
                    list(spec.unless_followed_by),
                ),
                spec.kind,
                spec.score,
            )
            for spec in specs
        )
        for indicator, specs in framework.cue_specs.items()
    }
    return cues, qualifiers


# --- loading ---------------------------------------------------------------------------------


class _UniqueKeys(yaml.constructor.SafeConstructor):
    """Refuses duplicate and non-scalar keys; shared by the Python and the libyaml loader."""

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, str | int | float | bool) or key in seen:
                problem = (
                    "appears twice in the same block; keep one"
                    if key in seen
                    else "must be a plain name"
                )
                raise yaml.MarkedYAMLError(
                    None, None, f"key {key_node.value!r} {problem}", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


class _Loader(yaml.SafeLoader, _UniqueKeys):
    """The pure-Python loader: also refuses aliases where they stand, naming the line."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
            raise yaml.MarkedYAMLError(
                None, None, "aliases (*name) are not allowed; write the value out", mark
            )
        return super().compose_node(parent, index)


# Loading the readiness files took about 420 ms with the pure-Python parser and about a tenth of
# that with libyaml. libyaml composes by C recursion (deep nesting crashes the process instead
# of raising) and expands aliases, so a user's folder is scanned for both first; a file that
# fails the scan goes to the Python loader, which names the problem and its line.
_C_MAX_DEPTH = 60


def _libyaml_safe(text: str) -> bool:
    if not yaml.__with_libyaml__:
        return False
    scanner = yaml.CSafeLoader(text)
    try:
        depth = 0
        while scanner.check_event():
            event = scanner.get_event()
            if isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
                depth += 1
                if depth > _C_MAX_DEPTH:
                    return False
            elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                depth -= 1
            elif isinstance(event, yaml.AliasEvent):
                return False
    except yaml.YAMLError:
        return False
    finally:
        scanner.dispose()
    return True


def _loader(text: str, trusted: bool) -> Any:
    if yaml.__with_libyaml__ and (trusted or _libyaml_safe(text)):
        return _CLoader(text)
    return _Loader(text)


if yaml.__with_libyaml__:

    class _CLoader(yaml.CSafeLoader, _UniqueKeys):
        """libyaml's parser and composer with the strict constructor."""


Lines = dict[tuple[str | int, ...], int]


def _lines(node: yaml.Node, path: tuple[str | int, ...], out: Lines) -> Lines:
    """The line of every key and item, by its path, so errors can point at the source."""
    out[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            child = (*path, str(key_node.value))
            _lines(value_node, child, out)
            out[child] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _lines(item, (*path, index), out)
    return out


@dataclass(frozen=True)
class _Source:
    path: Path
    data: dict[str, Any]
    lines: Lines

    def fail(self, where: tuple[str | int, ...], problem: str) -> FrameworkError:
        """An error at the deepest known line on `where`'s path."""
        line = 1
        for size in range(len(where), -1, -1):
            if where[:size] in self.lines:
                line = self.lines[where[:size]]
                break
        field = ".".join(str(p) for p in where)
        return FrameworkError(f"{self.path}: line {line}: {field + ': ' if field else ''}{problem}")

    def model(self, cls: type[_Model]) -> Any:
        try:
            return cls.model_validate(self.data)
        except ValidationError as exc:
            error = exc.errors()[0]
            where = tuple(p for p in error["loc"] if not _is_union_tag(p))
            raise self.fail(where, _fix(error)) from None


def _is_union_tag(part: str | int) -> bool:
    # pydantic names the union member it tried ("CueSpec", "tuple[str, ...]") in the location.
    return isinstance(part, str) and not _NAME.match(part) and not part.isidentifier()


def _fix(error: Any) -> str:
    kind, loc = error["type"], error["loc"]
    if kind == "extra_forbidden":
        return f"unknown key {loc[-1]!r}; remove it or correct its spelling"
    if kind == "missing":
        return f"{loc[-1]!r} is missing; add it"
    return f"{error['msg']} (got {error.get('input')!r}); correct the value"


def _read(path: Path, trusted: bool = False) -> _Source:
    if not path.is_file():
        raise FrameworkError(f"{path}: missing; every framework folder needs {', '.join(FILES)}")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise FrameworkError(f"{path}: larger than {MAX_FILE_BYTES:,} bytes; split or trim it")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise FrameworkError(
            f"{path}: cannot be read as UTF-8 text ({exc}); save it as UTF-8"
        ) from None
    loader = _loader(text, trusted)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = f" line {mark.line + 1}:" if mark else ""
        raise FrameworkError(
            f"{path}:{line} {exc.problem or 'malformed YAML'} (fix the YAML syntax there)"
        ) from None
    except yaml.YAMLError as exc:
        raise FrameworkError(f"{path}: malformed YAML ({exc}); fix the YAML syntax") from None
    except RecursionError:
        raise FrameworkError(f"{path}: the YAML is nested too deeply; flatten it") from None
    finally:
        loader.dispose()
    if node is None or not isinstance(data, dict):
        raise FrameworkError(f"{path}: line 1: expected a mapping of keys; see the readiness files")
    return _Source(path, data, _lines(node, (), {}))


def builtin_frameworks() -> tuple[str, ...]:
    """Names of the frameworks shipped with the package."""
    root = files("frameworks")
    return tuple(
        sorted(p.name for p in root.iterdir() if p.is_dir() and (p / "framework.yaml").is_file())
    )


def load_framework(name_or_path: str | Path) -> Framework:
    """A built-in framework by name ("readiness"), or a framework folder by path."""
    text = str(name_or_path)
    if _NAME.match(text) and not Path(text).is_dir():
        if text not in builtin_frameworks():
            raise FrameworkError(
                f"unknown framework {text!r}; use one of {', '.join(builtin_frameworks())} or "
                "give the path of a framework folder"
            )
        return _load_builtin(text)
    return _load_folder(Path(text))


# Frameworks loaded in this process, by id: a report records only its framework's id and
# version, and the writers and validators find the framework here.
_LOADED: dict[str, Framework] = {}


@cache
def _load_builtin(name: str) -> Framework:
    return _remember(_load(builtin_folder(name), trusted=True))


def builtin_folder(name: str) -> Path:
    """Where a built-in framework's folder is installed."""
    return Path(str(files("frameworks") / name))


def _load_folder(folder: Path) -> Framework:
    key = (str(folder.resolve()), *(_stamp(folder / name) for name in (*FILES, FINDINGS_FILE)))
    cached = _FOLDERS.get(key)
    if cached is None:
        cached = _FOLDERS[key] = _load(folder)
    return _remember(cached)


_FOLDERS: dict[tuple[Any, ...], Framework] = {}


def _stamp(path: Path) -> tuple[int, int]:
    try:
        info = path.stat()
    except OSError:
        return (0, 0)
    return (info.st_mtime_ns, info.st_size)


def _remember(framework: Framework) -> Framework:
    _LOADED[framework.id] = framework
    return framework


def framework_for(
    framework_id: str, version: int | None = None, folder: str | None = None
) -> Framework:
    """The framework a report names: one loaded in this process, else a built-in one, else
    the folder the report recorded."""
    found = _LOADED.get(framework_id)
    if found is None and framework_id in builtin_frameworks():
        found = _load_builtin(framework_id)
    if found is None and folder is not None and Path(folder).is_dir():
        found = _load_folder(Path(folder))
        if found.id != framework_id:
            raise FrameworkError(
                f"the folder {folder} the report names now holds framework {found.id!r}, not "
                f"{framework_id!r}; pass the input file (--input) whose `framework:` names "
                "the right folder"
            )
    if found is None:
        where = f" and its folder {folder} is gone" if folder else ""
        raise FrameworkError(
            f"the report was written with framework {framework_id!r}, which is not built "
            f"in{where}; pass the input file (--input) whose `framework:` names its folder"
        )
    if version is not None and found.version != version:
        raise FrameworkError(
            f"the report was written with {framework_id} version {version}, but version "
            f"{found.version} is loaded; re-run the assessment with this version"
        )
    return found


def _load(folder: Path, trusted: bool = False) -> Framework:
    if not folder.is_dir():
        raise FrameworkError(
            f"{folder}: not a folder; give a framework folder ({', '.join(FILES)})"
        )
    main, plays, cue_file, limits, risk_file = (_read(folder / name, trusted) for name in FILES)
    definition: FrameworkFile = main.model(FrameworkFile)
    _check_definition(main, definition)
    key = _playbook_key(plays, definition)
    playbook: PlaybookFile = plays.model(PlaybookFile)
    _check_playbook(plays, playbook, definition, key)
    cues: CuesFile = cue_file.model(CuesFile)
    specs = _check_cues(cue_file, cues, definition)
    thresholds: Thresholds = limits.model(Thresholds)
    risks: RisksFile = risk_file.model(RisksFile)
    _check_keys(risk_file, ("dimension_risks",), risks.dimension_risks, _ids(definition))
    _check_wording(risk_file, risks, definition.report.plan)
    _check_roles(main, definition)
    findings = _findings(folder, trusted, definition)
    return Framework(
        id=definition.id,
        name=definition.name,
        version=definition.version,
        source=str(folder),
        scale=definition.scale,
        dimensions=definition.dimensions,
        playbook=playbook.playbook,
        input=definition.input,
        report=definition.report,
        actions=playbook.actions,
        cue_specs=specs,
        placeholders=cues.placeholders,
        qualifier_phrases=cues.qualifiers,
        thresholds=thresholds,
        dimension_risks=risks.dimension_risks,
        survey_recommendations=dict(risks.survey_recommendations),
        partner_risks=risks.partner_risks,
        risk_actions=risks.risk_actions,

        findings=findings,
        roles=dict(definition.roles),
        signals=dict(definition.signals),
    )


def _findings(folder: Path, trusted: bool, definition: FrameworkFile) -> FindingPatterns:
    """The folder's findings.yaml, else readiness's: a framework need not word its own."""
    path = folder / FINDINGS_FILE
    if not path.is_file():
        path, trusted = Path(str(files("frameworks") / DEFAULT_FRAMEWORK / FINDINGS_FILE)), True
    source = _read(path, trusted)
    patterns: FindingPatterns = source.model(FindingPatterns)
    # Each dimension takes its own pattern from every list; only the horizons plan words
    # findings from them (a one-action framework writes its result sentences).
    needed = len(definition.dimensions) if definition.report.plan == "horizons" else 1
    for kind, allowed in FINDING_FIELDS.items():
        listed: tuple[str, ...] = getattr(patterns, kind)
        for index, pattern in enumerate(listed):
            _check_fields(source, (kind, index), pattern, allowed)
        if len(listed) < needed:
            raise source.fail(
                (kind,),
                f"{len(listed)} patterns for {needed} dimensions; add {needed - len(listed)} so "
                f"no two dimensions share one (or give {folder} its own {FINDINGS_FILE})",
            )
    return patterns


def _check_roles(source: _Source, definition: FrameworkFile) -> None:
    dimension_ids = _ids(definition)
    for role, dimension_id in definition.roles.items():
        if dimension_id not in dimension_ids:
            raise source.fail(
                ("roles", role),
                f"unknown dimension {dimension_id!r}; use one of {', '.join(dimension_ids)}",
            )
    indicator_ids = tuple(i.id for d in definition.dimensions for i in d.indicators)
    for signal, indicator_id in definition.signals.items():
        if indicator_id not in indicator_ids:
            raise source.fail(
                ("signals", signal), f"unknown indicator {indicator_id!r}; use an indicator id"
            )


def _ids(definition: FrameworkFile) -> tuple[str, ...]:
    return tuple(d.id for d in definition.dimensions)


def _check_keys(
    source: _Source,
    where: tuple[str | int, ...],
    found: Mapping[str, Any],
    expected: tuple[str, ...],
) -> None:
    """`found` must have exactly the `expected` keys: name the first unknown or missing one."""
    for key in found:
        if key not in expected:
            raise source.fail(
                (*where, key), f"unknown id {key!r}; use one of {', '.join(expected)}"
            )
    for key in expected:
        if key not in found:
            raise source.fail(where, f"{key!r} is missing; add an entry for it")


def _check_definition(source: _Source, definition: FrameworkFile) -> None:
    scale = definition.scale
    step = 10.0**-scale.decimals
    levels = scale.levels
    names = [level.name for level in levels]
    where_levels: tuple[str | int, ...] = ("scale", "levels")
    for index, level in enumerate(levels):
        at = (*where_levels, index)
        if names.index(level.name) != index:
            raise source.fail((*at, "name"), f"level {level.name!r} appears twice; rename one")
        if level.low > level.high:
            raise source.fail((*at, "low"), f"low {level.low:g} is above high {level.high:g}")
        expected_low = scale.min if index == 0 else round(levels[index - 1].high + step, 6)
        if abs(level.low - expected_low) > 1e-9:
            problem = "overlaps" if level.low < expected_low else "leaves a gap after"
            previous = f"the level before (high {levels[index - 1].high:g})" if index else "min"
            raise source.fail(
                (*at, "low"),
                f"band {level.name} starts at {level.low:g}, which {problem} {previous}; "
                f"start it at {expected_low:g}",
            )
    if abs(levels[-1].high - scale.max) > 1e-9:
        raise source.fail(
            (*where_levels, len(levels) - 1, "high"),
            f"the last band ends at {levels[-1].high:g}; end it at the scale's max {scale.max:g}",
        )
    descriptor_keys = _check_input(source, definition)
    _check_report(source, definition.report)
    seen: set[str] = set()
    for d_index, dimension in enumerate(definition.dimensions):
        at = ("dimensions", d_index)
        if dimension.id in seen:
            raise source.fail((*at, "id"), f"id {dimension.id!r} is used twice; ids must be unique")
        seen.add(dimension.id)
        for i_index, indicator in enumerate(dimension.indicators):
            here = (*at, "indicators", i_index)
            if indicator.id in seen:
                raise source.fail(
                    (*here, "id"), f"id {indicator.id!r} is used twice; ids must be unique"
                )
            seen.add(indicator.id)
            _check_keys(source, (*here, "descriptors"), indicator.descriptors, descriptor_keys)


def _check_input(source: _Source, definition: FrameworkFile) -> tuple[str, ...]:
    """The keys every indicator's descriptors must have: the answer levels or the scale's."""
    spec, scale = definition.input, definition.scale
    at: tuple[str | int, ...] = ("input", "answer_levels")
    if spec.answers == "ratings":
        if spec.answer_levels:
            raise source.fail(
                at, "answer levels need `answers: descriptive`; set it or remove them"
            )
        return tuple(level.name for level in scale.levels)
    if len(spec.answer_levels) < 2:
        raise source.fail(at, "descriptive answers need at least two answer levels; list them")
    for index, level in enumerate(spec.answer_levels):
        if not scale.min <= level.score <= scale.max:
            raise source.fail(
                (*at, index, "score"), f"score {level.score:g} is outside the {_span(scale)} scale"
            )
        if index and level.score <= spec.answer_levels[index - 1].score:
            raise source.fail(
                (*at, index, "score"), "answer levels go from lowest to highest score; reorder them"
            )
        if [lv.name.casefold() for lv in spec.answer_levels].index(level.name.casefold()) != index:
            raise source.fail((*at, index, "name"), f"{level.name!r} appears twice; rename one")
    return tuple(level.name for level in spec.answer_levels)


def _check_report(source: _Source, report: ReportSpec) -> None:
    ids = [section.id for section in report.sections]
    for index, section_id in enumerate(ids):
        if section_id not in REPORT_BLOCKS:
            raise source.fail(
                ("report", "sections", index, "id"),
                f"{section_id!r} is not a part of the report; use one of {', '.join(REPORT_BLOCKS)}",
            )
        if ids.index(section_id) != index:
            raise source.fail(
                ("report", "sections", index, "id"), f"section {section_id!r} appears twice"
            )


def _playbook_key(source: _Source, definition: FrameworkFile) -> str:
    """The playbook's top-level key for the framework's plan, checked before its entries are,
    so a playbook written for the other plan gets one clear error."""
    key, other = ("playbook", "actions")
    if definition.report.plan == "one_action":
        key, other = other, key
    if other in source.data:
        raise source.fail(
            (other,),
            f"framework.yaml's report plan is {definition.report.plan!r}, which reads {key!r}; "
            f"rename {other!r} to {key!r} or change the plan",
        )
    return key


def _check_playbook(
    source: _Source, playbook: PlaybookFile, definition: FrameworkFile, key: str
) -> None:
    names = tuple(level.name for level in definition.scale.levels)
    entries: dict[str, dict[str, Any]] = getattr(playbook, key)
    _check_keys(source, (key,), entries, _ids(definition))
    for dimension_id, levels in entries.items():
        _check_keys(source, (key, dimension_id), levels, names)
    for dimension_id, levels in playbook.playbook.items():
        for level, guidance in levels.items():
            for horizon in HORIZONS:
                _check_play(source, ("playbook", dimension_id, level, horizon), guidance, horizon)
    for dimension_id, levels in playbook.actions.items():
        for level, entry in levels.items():
            at = ("actions", dimension_id, level)
            _check_fields(source, (*at, "result"), entry.result, RESULT_FIELDS)
            _check_fields(source, (*at, "action", "target"), entry.action.target, TARGET_FIELDS)


def _check_wording(source: _Source, risks: RisksFile, plan: str) -> None:
    """Risk wording holds every kind code reads, each with exactly its sentences and fragments,
    naming only its placeholders. A one-action plan has no risk actions to word."""
    for section, kinds in WORDING.items():
        entries: dict[str, dict[str, str]] = getattr(risks, section)
        if section == "risk_actions" and plan == "one_action":
            if section in source.data:
                raise source.fail(
                    (section,),
                    "a `plan: one_action` framework plans no risk actions; remove "
                    "`risk_actions` or set `report.plan: horizons` in framework.yaml",
                )
            continue
        if section not in source.data:
            raise source.fail(
                (),
                f"`{section}` is missing; add it (copy it from frameworks/readiness/risks.yaml "
                "and reword)",
            )
        for kind in entries:
            if kind not in kinds:
                raise source.fail(
                    (section, kind), f"unknown risk kind {kind!r}; use one of {', '.join(kinds)}"
                )
        for kind, spec in kinds.items():
            if kind not in entries:
                raise source.fail(
                    (section,), f"risk kind {kind!r} is missing; add it with {', '.join(spec.keys)}"
                )
            entry = entries[kind]
            for key, text in entry.items():
                at = (section, kind, key)
                if key not in spec.keys:
                    raise source.fail(at, f"unknown key {key!r}; {kind} has {', '.join(spec.keys)}")
                if key in spec.sentences and not text.strip():
                    raise source.fail(at, "is empty; write the sentence")
                _check_fields(source, at, text, spec.allowed(key))
            for key in spec.keys:
                if key not in entry:
                    raise source.fail((section, kind), f"{key!r} is missing; add it")

def _check_play(
    source: _Source, at: tuple[str, ...], guidance: BandGuidance, horizon: str
) -> None:
    """A lean alternative replaces its action when the client rules out what the action needs:
    one without needs is never used, and needs without one leave the client an action it cannot
    take. Both may name only the placeholders code fills for every action (PLAY_FIELDS); keys a
    lean one adds (its own needs, a lean of its own) are refused by its model."""
    play: Play = getattr(guidance, horizon)
    for name in ("action", "target"):
        _check_fields(source, (*at, name), getattr(play, name), PLAY_FIELDS)
    if play.lean is None:
        if play.needs:
            raise source.fail(
                (*at, "needs"),
                f"needs {', '.join(play.needs)} but has no lean alternative; add `lean:` "
                "(action, owner, metric, target) for clients without it",
            )
        return
    if not play.needs:
        raise source.fail(
            (*at, "lean"),
            "a lean alternative without `needs:` is never used; list what the action needs "
            f"({', '.join(get_args(Need))})",
        )
    for name in ("action", "target"):
        _check_fields(source, (*at, "lean", name), getattr(play.lean, name), PLAY_FIELDS)


def _check_fields(
    source: _Source, where: tuple[str | int, ...], text: str, allowed: tuple[str, ...]
) -> None:
    """`text` may name only the `allowed` placeholders, each written plainly as {name}."""
    try:
        parts = list(string.Formatter().parse(text))
    except ValueError as exc:
        raise source.fail(where, f"{exc}; write a brace as {{{{ or }}}}") from None
    names = ", ".join("{" + a + "}" for a in allowed) or "no placeholders"
    for _, field, spec, conversion in parts:
        if field is None:
            continue
        written = f"{{{field}{'!' + conversion if conversion else ''}{':' + spec if spec else ''}}}"
        if "." in field or "[" in field:
            raise source.fail(
                where,
                f"placeholder {written} reads an attribute or item, which is not allowed; "
                f"write a plain name: {names}",
            )
        if field not in allowed or spec or conversion:
            raise source.fail(where, f"unknown placeholder {written}; use {names}")


def _check_cues(
    source: _Source, cues: CuesFile, definition: FrameworkFile
) -> dict[str, tuple[CueSpec, ...]]:
    indicator_ids = tuple(i.id for d in definition.dimensions for i in d.indicators)
    for key in cues.cues:
        if key not in indicator_ids:
            raise source.fail(("cues", key), f"unknown indicator {key!r}; use an indicator id")
    qualifier_names = tuple(Qualifiers.model_fields)
    try:
        holders = placeholder_regexes({k: list(v) for k, v in cues.placeholders.items()})
    except PhraseError as exc:
        raise source.fail(("placeholders",), f"{exc}") from None
    for name, phrases in cues.qualifiers.model_dump().items():
        for index, phrase in enumerate(phrases):
            _check_phrase(source, ("qualifiers", name, index), phrase, holders)
    out: dict[str, tuple[CueSpec, ...]] = {}
    for indicator, entries in cues.cues.items():
        specs: list[CueSpec] = []
        for index, entry in enumerate(entries):
            at = ("cues", indicator, index)
            spec = _spec(entry)
            if bool(spec.phrases) == bool(spec.phrases_of):
                raise source.fail(at, "give either phrases or phrases_of (a qualifier list)")
            if spec.phrases_of is not None and spec.phrases_of not in qualifier_names:
                raise source.fail(
                    (*at, "phrases_of"),
                    f"unknown qualifier list {spec.phrases_of!r}; use one of "
                    f"{', '.join(qualifier_names)}",
                )
            if (spec.kind == "fixed") != (spec.score is not None):
                raise source.fail(at, "a fixed cue needs a score, and only a fixed cue has one")
            for p_index, phrase in enumerate(spec.phrases):
                _check_phrase(source, (*at, "phrases", p_index), phrase, holders)
            try:
                compile_phrases(
                    ["x"], holders, list(spec.unless_preceded_by), list(spec.unless_followed_by)
                )
            except PhraseError as exc:
                raise source.fail(at, f"{exc}") from None
            specs.append(spec)
        out[indicator] = tuple(specs)
    return out


def _spec(entry: str | tuple[str, ...] | CueSpec) -> CueSpec:
    if isinstance(entry, CueSpec):
        return entry
    return CueSpec(phrases=(entry,) if isinstance(entry, str) else entry)


def _check_phrase(
    source: _Source, where: tuple[str | int, ...], phrase: str, holders: Mapping[str, str]
) -> None:
    try:
        compile_phrases([phrase], holders)
    except PhraseError as exc:
        raise source.fail(where, f"{phrase!r}: {exc}") from None
