"""Reading an input: the YAML file (strict, bounded, hostile-input safe), its roster CSV, and
validation against the model of the framework the input names."""

from __future__ import annotations

import csv
import errno
import io
import os
import re
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from difflib import get_close_matches
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from generator.errors import FrameworkError, InputFileError, InputValidationError
from generator.frameworks import DEFAULT_FRAMEWORK, Framework, builtin_frameworks, load_framework
from generator.inputs.messages import describe_validation_error
from generator.inputs.models import (
    _INVISIBLE_CHARS,
    MAX_CSV_BYTES,
    MAX_NUMBER_DIGITS,
    MAX_PARTNERS,
    MAX_YAML_BYTES,
    AssessmentInput,
    Partner,
    _show,
    clean_text,
    input_model,
    name_key,
)

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
