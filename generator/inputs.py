"""AssessmentInput: the validated form of an input YAML file (and its optional roster CSV)."""

from __future__ import annotations

import csv
import errno
import io
import os
import re
import stat
import unicodedata
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
    PrivateAttr,
    ValidationError,
    create_model,
    field_validator,
    model_validator,
)

from generator.errors import FrameworkError, InputFileError, InputValidationError
from generator.frameworks import (
    DEFAULT_FRAMEWORK,
    Framework,
    RatingsBase,
    WeightsBase,
    builtin_frameworks,
    load_framework,
)
from generator.intake.hints import did_you_mean, number_hint

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


# --- reading files -------------------------------------------------------------------------


class _StrictConstructor(yaml.constructor.SafeConstructor):
    """Refuses duplicate and unhashable keys; shared by the Python and the libyaml loader."""

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


class _StrictLoader(yaml.SafeLoader, _StrictConstructor):
    """The pure-Python loader: also refuses aliases (billion-laughs) where they stand."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
            raise yaml.MarkedYAMLError(
                None, None, "aliases (*name) are not allowed in input files", mark
            )
        return super().compose_node(parent, index)


# libyaml composes nodes by C recursion, which crashes the process on deep nesting rather
# than raising RecursionError; documents are scanned for depth (and aliases) before it runs.
_C_MAX_DEPTH = 60
_OPENING = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_CLOSING = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def _fast_load(text: str) -> tuple[bool, Any]:
    """(True, data) through libyaml (about four times quicker on a large roster), or
    (False, None) when libyaml is missing, or the text has an alias, deep nesting or an error:
    the Python loader then reads it, with its own messages."""
    if not yaml.__with_libyaml__:
        return False, None
    scanner = yaml.CSafeLoader(text)
    try:
        depth = 0
        while scanner.check_event():
            event = scanner.get_event()
            if isinstance(event, _OPENING):
                depth += 1
                if depth > _C_MAX_DEPTH:
                    return False, None
            elif isinstance(event, _CLOSING):
                depth -= 1
            elif isinstance(event, yaml.AliasEvent):
                return False, None
    except yaml.YAMLError:
        return False, None
    finally:
        scanner.dispose()
    return True, yaml.load(text, Loader=_FastLoader)


class _ValueProblem(yaml.MarkedYAMLError):
    """Well-formed YAML holding a value no field can take; the message names its own fix."""


def _checked_timestamp(loader: Any, node: Any) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError as exc:
        raise _ValueProblem(
            None,
            None,
            f"{node.value!r} is not a real date ({exc}); write YYYY-MM-DD",
            node.start_mark,
        ) from None


def _checked_int(loader: Any, node: Any) -> Any:
    digits = sum(ch.isalnum() for ch in str(node.value))
    if digits > MAX_NUMBER_DIGITS:
        raise _ValueProblem(
            None,
            None,
            f"a number of {digits:,} digits is too long for any field; write a plain number",
            node.start_mark,
        )
    return yaml.SafeLoader.construct_yaml_int(loader, node)


if yaml.__with_libyaml__:

    class _FastLoader(yaml.CSafeLoader, _StrictConstructor):
        """libyaml's parser with the strict constructor."""

    _FastLoader.add_constructor("tag:yaml.org,2002:timestamp", _checked_timestamp)
    _FastLoader.add_constructor("tag:yaml.org,2002:int", _checked_int)

_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _checked_timestamp)
_StrictLoader.add_constructor("tag:yaml.org,2002:int", _checked_int)


def display_path(path: str | Path, limit: int = 100) -> str:
    """A path as the user can read it in one line: odd characters escaped, long ones cut."""
    text = str(path)
    if text.isprintable() and len(text) <= limit:
        return text
    shown = repr(text)
    return shown if len(shown) <= limit else shown[: limit - 4] + "...'"


def read_text_file(path: Path, max_bytes: int, what: str) -> str:
    """Read a UTF-8 text file, refusing missing, oversized and binary files with a clear error.

    The file is opened once and checked through its descriptor, so a folder, pipe or device
    is refused without blocking on it, and nothing can swap the file between check and read.
    """
    shown = display_path(path)
    try:
        # Non-blocking, so opening a FIFO does not wait for a writer; regular files ignore it.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except ValueError:
        raise InputFileError(
            f"{what} path {shown} contains a NUL character; fix the file name"
        ) from None
    except (FileNotFoundError, NotADirectoryError):
        raise InputFileError(f"{what} not found: {shown} (check the path)") from None
    except IsADirectoryError:
        raise InputFileError(f"{what} is not a file: {shown} (it is a folder)") from None
    except PermissionError:
        raise InputFileError(
            f"cannot read {what} {shown}: permission denied; check the permissions of the "
            "file and its folders"
        ) from None
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:
            raise InputFileError(
                f"{what} path {shown} is too long for the file system; use a shorter name"
            ) from None
        raise InputFileError(f"cannot read {what} {shown}: {exc.strerror}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            os.close(fd)
            raise InputFileError(
                f"{what} is not a file: {shown} (give a regular file, not a folder, pipe or device)"
            )
        if info.st_size > max_bytes:
            os.close(fd)
            raise _too_large(what, shown, info.st_size, max_bytes)
        with os.fdopen(fd, "rb") as handle:
            # One byte more than allowed tells a file that grew since fstat.
            raw = handle.read(max_bytes + 1)
    except OSError as exc:
        raise InputFileError(f"cannot read {what} {shown}: {exc.strerror}") from None
    if len(raw) > max_bytes:
        raise _too_large(what, shown, len(raw), max_bytes)
    if b"\x00" in raw:
        raise InputFileError(f"{what} {shown} is a binary file; give a UTF-8 text file")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputFileError(
            f"{what} {shown} is not UTF-8 text (byte {exc.start}); save it as UTF-8"
        ) from None


def _too_large(what: str, shown: str, size: int, max_bytes: int) -> InputFileError:
    return InputFileError(
        f"{what} {shown} is {size:,} bytes; the limit is {max_bytes:,} bytes "
        "(trim it or split the roster)"
    )


# Raw control characters (an escape sequence pasted from a terminal) are dropped before
# parsing, as escaped ones ("\e") are after it; tab and line breaks are YAML's own.
_RAW_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def parse_yaml(text: str, source: str) -> dict[str, Any]:
    text = _RAW_CONTROLS.sub("", text)
    try:
        fast, data = _fast_load(text)
        if not fast:
            data = yaml.load(text, Loader=_StrictLoader)
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        raise InputFileError(
            f"{source}: line {line}: character U+{code:04X} is not allowed in YAML; remove it"
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f" line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = exc.problem or "malformed YAML"
        fix = "" if isinstance(exc, _ValueProblem) else " (fix the YAML syntax there)"
        raise InputFileError(f"{source}:{where}: {problem}{fix}") from None
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


def _delimiter(text: str) -> str:
    """Comma, or the semicolon or tab a spreadsheet in many locales writes instead.

    Decided from the header line, which holds only field names, so no quoting can mislead.
    """
    header = re.split(r"[\r\n]", text, maxsplit=1)[0]
    if "," in header:
        return ","
    for candidate in (";", "\t"):
        if candidate in header:
            return candidate
    return ","


def read_roster_csv(path: Path) -> RosterCsv:
    """Rows of a roster CSV as dicts, headers normalised and empty cells dropped."""
    text = read_text_file(path, MAX_CSV_BYTES, "partner roster CSV")
    # Universal newlines: a CSV saved with bare carriage returns reads like any other.
    reader = csv.reader(io.StringIO(text, newline=None), delimiter=_delimiter(text))
    rows: list[tuple[int, list[str]]] = []
    try:
        start = 1
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append((start, row))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise InputFileError(f"{path}: malformed CSV at line {reader.line_num}: {exc}") from None
    return roster_from_rows(path, rows)


def roster_from_rows(path: Path, rows: list[tuple[int, list[str]]]) -> RosterCsv:
    """A roster from (line, cells) rows whose first is the header, as a CSV or a sheet gives."""
    if not rows:
        raise InputFileError(f"{path} is empty; it needs a header row with at least 'name,type'")
    header = [clean_text(cell).strip().lower().replace(" ", "_") for cell in rows[0][1]]
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
    if len(rows) - 1 > MAX_PARTNERS:
        raise InputValidationError(
            f"{display_path(path)} has {len(rows) - 1:,} partner rows; the limit is "
            f"{MAX_PARTNERS:,} (split the assessment or drop inactive partners)"
        )
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
        key = name_key(record.get("name", ""))
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
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        from generator.intake.workbook import read_workbook

        return parse_input(read_workbook(path), base_dir=path.parent, source=str(path))
    text = read_text_file(path, MAX_YAML_BYTES, "input file")
    return parse_input(parse_yaml(text, str(path)), base_dir=path.parent, source=str(path))


def parse_input(
    data: Mapping[str, Any], base_dir: str | Path = ".", source: str = "input"
) -> AssessmentInput:
    """Validate a mapping of input fields; a roster CSV path is resolved against base_dir."""
    from generator.intake.files import expand_files

    data, roster = expand_files(data, base_dir, source)
    framework = resolve_framework(data.get("framework", DEFAULT_FRAMEWORK), base_dir, source)
    try:
        parsed = input_model(framework).model_validate(data)
    except ValidationError as exc:
        raise InputValidationError(
            describe_validation_error(exc, source, roster, framework)
        ) from None
    parsed._framework = framework
    return parsed


_BARE_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


def resolve_framework(value: Any, base_dir: str | Path, source: str) -> Framework:
    """The framework an input names: a built-in name, or a folder relative to the input file."""
    if not isinstance(value, str) or not value.strip() or _INVISIBLE_CHARS.search(value):
        raise InputValidationError(
            f"{source}: framework: {_show(value)} is not a framework; write a built-in name "
            f"such as {DEFAULT_FRAMEWORK} or the path of a framework folder"
        )
    name = value.strip()
    folder = Path(base_dir) / name
    try:
        # A built-in name wins over a folder of that name beside the input.
        if name not in builtin_frameworks() and (folder.is_dir() or not _BARE_NAME.match(name)):
            return load_framework(folder)
        return load_framework(name)
    except FrameworkError as exc:
        raise InputValidationError(f"{source}: framework: {exc}") from None


_INPUT_MODELS: dict[tuple[str, int, str], type[AssessmentInput]] = {}


def input_model(framework: Framework) -> type[AssessmentInput]:
    """AssessmentInput with ratings and weights for this framework's dimensions (cached)."""
    key = (framework.id, framework.version, framework.source)
    if key not in _INPUT_MODELS:
        ratings: Any = framework.ratings_model(Rating5) | None
        weights: Any = framework.weights_model(Weight) | None
        _INPUT_MODELS[key] = create_model(
            "AssessmentInput",
            __base__=AssessmentInput,
            __doc__=AssessmentInput.__doc__,
            indicators=(ratings, None),
            weights=(weights, None),
        )
    return _INPUT_MODELS[key]


# --- turning pydantic errors into one-line fixes ---------------------------------------------

_PARTNER_FIELDS = list(Partner.model_fields)
_TOP_FIELDS = list(AssessmentInput.model_fields)
_FEEDBACK_FIELDS = list(PartnerFeedback.model_fields)


def _known_keys(parent: tuple[Any, ...], framework: Framework) -> list[str]:
    if not parent:
        return _TOP_FIELDS
    head = parent[0]
    if head == "partners":
        return _PARTNER_FIELDS
    if head == "partner_feedback":
        return _FEEDBACK_FIELDS
    if head == "weights" or (head == "indicators" and len(parent) == 1):
        return list(framework.dimension_ids)
    if head == "indicators" and len(parent) == 2 and parent[1] in framework.dimension_ids:
        return [i.id for i in framework.dimension(parent[1]).indicators]
    return []


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
        if key in owner and len(loc) == 3 and loc[0] == "indicators":
            hint = f"; '{key}' belongs under indicators.{owner[key]}"
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
