"""The embeddable Python API. The CLI is a thin layer over these functions."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from generator import __version__
from generator.drafting.base import Drafter
from generator.drafting.engine import EngineDrafter
from generator.errors import InputFileError, ReportFileError, ReportInvalidError
from generator.evidence import Facts, analyse
from generator.frameworks import DEFAULT_FRAMEWORK, load_framework
from generator.inputs import AssessmentInput, display_path, load_input, read_text_file
from generator.report import AssessmentReport
from generator.run import RunInfo
from generator.settings import ModelSettings
from generator.theme import DEFAULT_THEME, Theme
from generator.validators import Finding, check, has_errors
from generator.writers import (
    REPORT_FILES,
    Deliverable,
    check_formats,
    parse_formats,
    render_set,
    write_outputs,
)

__all__ = [
    "Assessment",
    "AssessmentInput",
    "AssessmentReport",
    "Export",
    "Facts",
    "Finding",
    "analyse",
    "assess",
    "default_out_dir",
    "drafter_for",
    "export",
    "load_input",
    "load_report",
    "render_prompt",
    "schemas",
    "validate_file",
    "validate_report",
]

MAX_REPORT_BYTES = 5_000_000


@dataclass
class Assessment:
    """The outcome of one run: the report, its validation findings and where it was written."""

    report: AssessmentReport
    findings: list[Finding]
    facts: Facts
    run: RunInfo
    files: dict[str, Path] = field(default_factory=dict)


@dataclass
class Export:
    """A re-rendered report set: the report as edited, its findings, the new run, the files."""

    report: AssessmentReport
    findings: list[Finding]
    run: RunInfo
    files: dict[str, Path]


def drafter_for(settings: ModelSettings | None) -> Drafter:
    """The engine when no model is configured, else the model drafter."""
    if settings is None:
        return EngineDrafter()
    from generator.drafting.llm import LLMDrafter

    return LLMDrafter(settings)


def render_prompt(source: str | Path | AssessmentInput) -> tuple[list[dict[str, str]], int]:
    """The messages a model would be sent for this input, and an estimate of their tokens."""
    from generator.prompts import estimate_tokens, render_messages

    data = source if isinstance(source, AssessmentInput) else load_input(source)
    messages = render_messages(data, analyse(data))
    return messages, estimate_tokens(messages)


def default_out_dir(input_path: str | Path) -> Path:
    return Path("reports") / Path(input_path).stem


def validate_report(report: AssessmentReport, facts: Facts | None = None) -> list[Finding]:
    """All validator findings for a report; with facts, it is also held to the evidence."""
    return check(report, facts)


def assess(
    source: str | Path | AssessmentInput,
    out_dir: str | Path | None = None,
    drafter: Drafter | None = None,
    write: bool = True,
    formats: str | Iterable[str] | None = None,
    theme: Theme = DEFAULT_THEME,
) -> Assessment:
    """Input -> facts -> draft -> validate -> write. Raises ReportInvalidError, writing nothing,
    when the draft fails validation; FormatError, before drafting, when a chosen format
    (default md, html, json) cannot be made here."""
    chosen = parse_formats(formats)
    check_formats(chosen)
    started = time.perf_counter()
    input_name: str | None = None
    digest: str | None = None
    if isinstance(source, AssessmentInput):
        data = source
    else:
        path = Path(source)
        data = load_input(path)
        input_name = str(path)
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    facts = analyse(data)
    drafter = drafter or EngineDrafter()
    drafted = drafter.draft(data, facts)
    findings = check(drafted.report, facts)
    run = RunInfo(
        drafter=drafter.name,
        model=drafter.model,
        **asdict(drafted.usage),
        duration_s=round(time.perf_counter() - started, 3),
        generator_version=__version__,
        input=input_name,
        input_sha256=digest,
        created_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    if has_errors(findings):
        errors = [f for f in findings if f.severity == "error"]
        raise ReportInvalidError(
            f"the drafted report failed {len(errors)} check(s), nothing was written; "
            f"first: {errors[0]}",
            list(findings),
        )
    result = Assessment(report=drafted.report, findings=findings, facts=facts, run=run)
    if write:
        target = out_dir if out_dir is not None else default_out_dir(input_name or "report")
        deliverable = Deliverable(drafted.report, findings, run, theme)
        result.files = write_outputs(target, render_set(deliverable, chosen), replaces=REPORT_FILES)
    return result


def export(
    report_path: str | Path,
    input_path: str | Path | None = None,
    out_dir: str | Path | None = None,
    formats: str | Iterable[str] | None = None,
    theme: Theme = DEFAULT_THEME,
) -> Export:
    """Re-render an (edited) report.json into the chosen formats, by default beside it.

    The report is validated first, against its input's evidence when `input_path` is given;
    errors raise ReportInvalidError and nothing is written. The set gets a new run id; who
    drafted it, the model and what it cost are kept from the report's `run`."""
    chosen = parse_formats(formats)
    check_formats(chosen)
    report = load_report(report_path)
    facts = analyse(load_input(input_path), today=report.assessed_on) if input_path else None
    findings = check(report, facts)
    if has_errors(findings):
        errors = [f for f in findings if f.severity == "error"]
        raise ReportInvalidError(
            f"the edited report fails {len(errors)} check(s), nothing was written; "
            f"first: {errors[0]}",
            list(findings),
        )
    previous = _run_of(Path(report_path))
    run = RunInfo(
        **previous.model_dump(exclude={"run_id", "created_at"}),
        created_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    target = Path(out_dir) if out_dir is not None else Path(report_path).parent
    deliverable = Deliverable(report, findings, run, theme)
    files = write_outputs(target, render_set(deliverable, chosen), replaces=REPORT_FILES)
    return Export(report=report, findings=findings, run=run, files=files)


def _run_of(report_path: Path) -> RunInfo:
    """The `run` a report.json carries (load_report has read it), or a note that it had none."""
    document = json.loads(report_path.read_text(encoding="utf-8"))
    try:
        return RunInfo.model_validate(document["run"])
    except (KeyError, TypeError, ValidationError):
        return RunInfo(drafter="unknown", generator_version=__version__, created_at="")


def load_report(path: str | Path) -> AssessmentReport:
    """A report from report.json (the {report, validation, run} file) or a bare report JSON."""
    path = Path(path)
    try:
        text = read_text_file(path, MAX_REPORT_BYTES, "report file")
    except InputFileError as exc:
        raise ReportFileError(str(exc)) from None
    shown = display_path(path)
    too_deep = ReportFileError(
        f"{shown}: the JSON is nested too deeply to be a report; "
        "give a report.json written by this tool"
    )
    try:
        document: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ReportFileError(
            f"{shown}: not valid JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}"
        ) from None
    except RecursionError:
        raise too_deep from None
    except ValueError:
        # int() refuses numbers of thousands of digits (sys.int_info) while JSON reads them.
        raise ReportFileError(
            f"{shown}: a number is too long to read; give a report.json written by this tool"
        ) from None
    if isinstance(document, dict) and "report" in document:
        document = document["report"]
    try:
        return AssessmentReport.model_validate(document)
    except RecursionError:
        raise too_deep from None
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"]) or "(top level)"
        raise ReportFileError(
            f"{shown}: not a readiness report: {where}: {first['msg']} "
            f"({exc.error_count()} problem(s)); give a report.json written by this tool"
        ) from None


def validate_file(report_path: str | Path, input_path: str | Path | None = None) -> list[Finding]:
    """Findings for a report file; with its input, the report is held to the evidence too."""
    report = load_report(report_path)
    facts = analyse(load_input(input_path), today=report.assessed_on) if input_path else None
    return check(report, facts)


def schemas(framework: str = DEFAULT_FRAMEWORK) -> dict[str, dict[str, Any]]:
    """JSON Schemas of the input and the report under a framework (a built-in name or a
    folder), generated from the pydantic models built for it."""
    from generator.inputs import input_model
    from generator.report import with_dimension_enum

    loaded = load_framework(framework)
    return {
        "input": input_model(loaded).model_json_schema(),
        "report": with_dimension_enum(
            AssessmentReport.model_json_schema(), loaded.dimension_ids
        ),
    }
