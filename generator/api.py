"""The embeddable Python API. The CLI is a thin layer over these functions."""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from generator import __version__
from generator.drafting.base import Drafter
from generator.drafting.engine import EngineDrafter
from generator.errors import (
    HistoryError,
    InputFileError,
    InputValidationError,
    ReportFileError,
    ReportInvalidError,
)
from generator.evidence import Facts, analyse
from generator.frameworks import DEFAULT_FRAMEWORK, load_framework
from generator.history import History, input_digest, opened, size_band
from generator.inputs import AssessmentInput, display_path, load_input, read_text_file
from generator.report import AssessmentReport, Benchmark
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
    "BenchmarkBy",
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
BenchmarkBy = Literal["all", "industry", "size"]


@dataclass
class Assessment:
    """The outcome of one run: the report, its validation findings and where it was written."""

    report: AssessmentReport
    findings: list[Finding]
    facts: Facts
    run: RunInfo
    files: dict[str, Path] = field(default_factory=dict)
    # Why the run was not recorded in the history, when it was asked to be and could not be.
    history_note: str | None = None


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
    history: str | Path | None = None,
    benchmark: BenchmarkBy | None = None,
    input_name: str | None = None,
) -> Assessment:
    """Input -> facts -> draft -> validate -> write. Raises ReportInvalidError, writing nothing,
    when the draft fails validation; FormatError, before drafting, when a chosen format
    (default md, html, json) cannot be made here.

    With `history` (a database path), the report gains the change since the organisation's
    previous stored assessment and, with `benchmark`, its percentiles among other
    organisations; a written run is then recorded there. `input_name` names an input given
    already loaded."""
    chosen = parse_formats(formats)
    check_formats(chosen)
    started = time.perf_counter()
    if isinstance(source, AssessmentInput):
        data = source
    else:
        path = Path(source)
        data = load_input(path)
        input_name = str(path)
    if benchmark == "industry" and not data.industry:
        raise InputValidationError(
            "--benchmark industry needs the input's `industry:` field; add it or compare with "
            "all assessments (--benchmark all)"
        )
    # A database is created only when a run is recorded: a failed run leaves nothing behind.
    store = History(Path(history)) if history is not None and Path(history).exists() else None
    try:
        facts = analyse(data)
        if benchmark == "size" and size_band(facts.kpis.total_partners) is None:
            raise InputValidationError(
                "--benchmark size needs a partner count: give a roster or state the number of "
                "partners in partner_context, or use --benchmark all"
            )
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
            input_sha256=input_digest(data),
            created_at=datetime.now(UTC).isoformat(timespec="seconds"),
        )
        _refuse_if_invalid(findings, "the drafted report failed")
        report = drafted.report
        if store is not None:
            report = _compared(store, report, data, run, benchmark)
        elif benchmark is not None:
            report = report.model_copy(update={"benchmark": _no_sample(report)})
        result = Assessment(report=report, findings=findings, facts=facts, run=run)
        if write:
            target = out_dir if out_dir is not None else default_out_dir(input_name or "report")
            deliverable = Deliverable(report, findings, run, theme)
            result.files = write_outputs(
                target, render_set(deliverable, chosen), replaces=REPORT_FILES
            )
            if history is not None:
                result.history_note = _record(store, Path(history), data, report, run, target)
    finally:
        if store is not None:
            store.close()
    return result


def _record(
    store: History | None,
    path: Path,
    data: AssessmentInput,
    report: AssessmentReport,
    run: RunInfo,
    target: str | Path,
) -> str | None:
    """Record a written run; why not, if it could not be (the report stands either way)."""
    try:
        if store is None:
            with opened(path) as created:
                created.record(data, report, run, Path(target))
        else:
            store.record(data, report, run, Path(target))
    except (sqlite3.Error, HistoryError) as exc:
        return f"not recorded in the history {path}: {exc}"
    return None


def _no_sample(report: AssessmentReport) -> Benchmark:
    """The benchmark of a first run, before any database exists: nothing to compare with."""
    from generator import trend

    return trend.benchmark(report, [], "stored assessments")


def _compared(
    store: History,
    report: AssessmentReport,
    data: AssessmentInput,
    run: RunInfo,
    benchmark: BenchmarkBy | None,
) -> AssessmentReport:
    """The report with its trend and benchmark from the stored history."""
    from generator import trend

    earlier = [r for s in store.earlier(report, run.input_sha256 or "") if (r := s.report())]
    update: dict[str, Any] = {"trend": trend.trend(report, earlier)}
    if benchmark is not None:
        band = size_band(report.performance_dashboard.kpis.total_partners)
        group = {
            "all": "all stored assessments",
            "industry": f"assessments in {data.industry}",
            "size": f"organisations with {band} partners",
        }[benchmark]
        rows = store.latest_per_organisation(
            report.framework.id,
            report.organisation,
            industry=data.industry if benchmark == "industry" else None,
            band=band if benchmark == "size" else None,
        )
        sample = [r for s in rows if (r := s.report())]
        update["benchmark"] = trend.benchmark(report, sample, group)
    return report.model_copy(update=update)


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
    _refuse_if_invalid(findings, "the edited report fails")
    previous = _run_of(Path(report_path))
    run = RunInfo(
        **previous.model_dump(exclude={"run_id", "created_at"}),
        created_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    target = Path(out_dir) if out_dir is not None else Path(report_path).parent
    deliverable = Deliverable(report, findings, run, theme)
    files = write_outputs(target, render_set(deliverable, chosen), replaces=REPORT_FILES)
    return Export(report=report, findings=findings, run=run, files=files)


def _refuse_if_invalid(findings: list[Finding], subject: str) -> None:
    """ReportInvalidError, carrying every finding, when any finding is an error."""
    if has_errors(findings):
        errors = [f for f in findings if f.severity == "error"]
        raise ReportInvalidError(
            f"{subject} {len(errors)} check(s), nothing was written; first: {errors[0]}",
            list(findings),
        )


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
