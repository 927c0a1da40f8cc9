"""Rendering a report into its files' contents, all in memory, from the report model.

report.md.j2 holds one block per part of the report; the section headings live here, in
SECTIONS, so the HTML places its charts and the graders pick sections by key, never by searching
rendered text. Long per-partner lists are cut to their first entries in md/html (which say so)
and written in full to partners.csv beside them; report.json keeps everything.
"""

from __future__ import annotations

import base64
import csv
import io
import json
import string
from collections.abc import Iterable
from dataclasses import dataclass

import markdown
import nh3

from generator.frameworks import DEFAULT_FRAMEWORK, count_word
from generator.report import HORIZONS, AssessmentReport, plan_rows, report_framework
from generator.run import RunInfo
from generator.theme import css_string
from generator.validators import Finding
from generator.writers.charts import band_colours
from generator.writers.formats import DEFAULT_FORMATS, FORMATS, Deliverable, render_formats
from generator.writers.svg import to_svg
from generator.writers.templates import render, render_blocks

CSV_NAME = "partners.csv"
# Every file a report set may hold: a rerun drops the ones it no longer writes.
REPORT_FILES = (*(f.file for f in FORMATS.values()), CSV_NAME)
CSV_COLUMNS = (
    "name",
    "type",
    "health",
    "revenue",
    "pipeline",
    "deals",
    "engagement",
    "satisfaction",
    "run_id",
)

Sections = tuple[tuple[str, str], ...]
SECTIONS: Sections = (
    ("summary", "1. Executive summary"),
    ("objectives", "Objectives and the gap to them"),
    ("scorecard", "2. Dimension scorecard"),
    ("portfolio", "3. Partner portfolio map"),
    ("enablement", "4. Enablement gap analysis"),
    ("dashboard", "5. Performance dashboard"),
    ("plan", "6. 30/60/90-day plan"),
    ("trend", "Change since the last assessment"),
    ("benchmark", "Benchmark"),
    ("method", "How this assessment was made"),
)
# Sections shown only when the report has them (an earlier assessment, a benchmark asked for).
OPTIONAL = frozenset({"trend", "benchmark"})


@dataclass(frozen=True)
class Limits:
    """How many entries md/html show before pointing to the full list."""

    rows: int = 50
    names: int = 20
    evidence: int = 40


LIMITS = Limits()

ALLOWED_TAGS = {
    "h1",
    "h2",
    "h3",
    "h4",
    "p",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "code",
    "pre",
    "blockquote",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "br",
    "hr",
    "span",
    "div",
    "sup",
}
ALLOWED_ATTRIBUTES = {"th": {"align"}, "td": {"align"}}

# A spreadsheet runs a cell starting with these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


READINESS_TITLES = {
    "short": "Partner Readiness Assessment",
    "long": "Partner Collaboration & Strategic Alliances Readiness Assessment",
    "slides": "Partner Readiness Readout",
}


def report_title(report: AssessmentReport, kind: str = "short") -> str:
    """The title of covers, headings and file properties: the built-in readiness framework
    keeps the names its clients know; any other framework is called by its own name."""
    framework = report_framework(report)
    return READINESS_TITLES[kind] if framework.id == DEFAULT_FRAMEWORK else framework.name


def shortened(report: AssessmentReport) -> bool:
    """Whether md/html cut a per-partner list, so partners.csv carries the full roster."""
    pm, pd = report.portfolio_map, report.performance_dashboard
    if not pd.partners:
        return False
    rows = max(len(pd.partners), len(pm.partners)) > LIMITS.rows
    lists = (pm.top_performers, pm.at_risk, pd.top_contributors, pd.underperformers)
    return rows or any(len(names) > LIMITS.names for names in lists)


def blocks(
    report: AssessmentReport, findings: list[Finding], run: RunInfo, plain: bool = False
) -> dict[str, str]:
    """{block: Markdown} for the header and every section; `plain` leaves input text unescaped
    (the graders read it as a reader would)."""
    framework = report_framework(report)
    limits = framework.thresholds
    return render_blocks(
        "report.md.j2",
        report=report,
        findings=findings,
        warnings=[f for f in findings if f.severity == "warning"],
        run=run,
        dimensions={d.id: d for d in framework.dimensions},
        short_names={d.id: d.short for d in framework.dimensions},
        horizons=HORIZONS,
        plan_rows=plan_rows(report.plan),
        spec=framework.report,
        framework_name=framework.name,
        answer_levels=framework.input.answer_levels,
        dimension_count=count_word(len(framework.dimensions)),
        bands=framework.bands,
        meaning=framework.meaning,
        scale_max=f"{framework.scale.max:g}",
        # The rules the method note prints are the thresholds the roster analysis applies, so
        # the two cannot drift apart.
        method={
            "active_days": limits.health.active_days,
            "dormant_days": limits.health.dormant_days,
            "engagement_labels": limits.engagement.label_scores,
            "satisfaction_drop": limits.health.satisfaction_drop,
            "low_satisfaction": limits.health.low_satisfaction,
            "material_share_pct": limits.health.material_share_pct,
            "strong_engagement": limits.engagement.strong_above,
            "moderate_engagement": limits.engagement.moderate_from,
            "hhi_low_below": int(limits.concentration.hhi_low_below),
            "hhi_high_above": int(limits.concentration.hhi_high_above),
            "top1_limit_pct": limits.concentration.top1_limit_pct,
            "top5_limit_pct": limits.concentration.top5_limit_pct,
        },
        cur=report.currency,
        limits=LIMITS,
        rest=f"{CSV_NAME} beside this report" if shortened(report) else "report.json",
        plain=plain,
    )


def report_sections(report: AssessmentReport) -> Sections:
    """The report's sections in order: its framework's `report.sections` (those whose roster is
    given; history ones are optional), then the trend and the method note; else SECTIONS."""
    spec = report_framework(report).report.sections
    if not spec:
        return SECTIONS
    roster = bool(report.performance_dashboard.partners)
    chosen = tuple((s.id, s.title) for s in spec if s.requires != "roster" or roster)
    return (*chosen, *((k, t) for k, t in SECTIONS if k in ("trend", "method")))


def join_sections(
    parts: dict[str, str], keys: Iterable[str], sections: Sections = SECTIONS
) -> str:
    """The header and the chosen sections, with their headings, in report order."""
    chosen = set(keys)
    return parts["header"] + "".join(
        f"## {title}\n\n{parts[key]}" for key, title in present(parts, sections) if key in chosen
    )


def present(parts: dict[str, str], sections: Sections = SECTIONS) -> list[tuple[str, str]]:
    """The sections this report has: optional ones only when their block is not empty."""
    return [(k, t) for k, t in sections if k not in OPTIONAL or parts[k].strip()]


def render_markdown(report: AssessmentReport, findings: list[Finding], run: RunInfo) -> str:
    """The whole report as Markdown (what a judge model reads: no run id, so answers cache)."""
    sections = report_sections(report)
    return join_sections(blocks(report, findings, run), (k for k, _ in sections), sections)


def _markdown_file(parts: dict[str, str], run: RunInfo, sections: Sections) -> str:
    body = join_sections(parts, (key for key, _ in sections), sections)
    return f"<!-- generator run_id: {run.run_id} -->\n{body}"


def sanitize(html: str) -> str:
    """Strip anything executable or linking: scripts, event handlers, URLs of any kind."""
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES)


def _to_html(converter: markdown.Markdown, text: str) -> str:
    html = sanitize(converter.convert(text))
    converter.reset()
    return html


def render_html(deliverable: Deliverable) -> str:
    """The report as one self-contained, printable page: cover, contents, the six deliverables
    (each starting a new printed page), charts as inline SVG. Input text is sanitized; nothing
    is fetched from outside (the Content-Security-Policy forbids it)."""
    report, theme = deliverable.report, deliverable.theme
    converter = markdown.Markdown(extensions=["tables", "sane_lists"])
    # CommonMark lets a backslash escape any ASCII punctuation; templates.md_literal relies on it.
    converter.ESCAPED_CHARS = list(string.punctuation)
    title = report_title(report)
    if report.organisation:
        title += f": {report.organisation}"
    sections = [
        {
            "key": key,
            "title": name,
            "html": _to_html(converter, deliverable.parts[key]),
            "charts": [to_svg(c, theme) for c in deliverable.charts if c.section == key],
        }
        for key, name in present(deliverable.parts, report_sections(report))
    ]
    logo = theme.logo_image()
    es = report.executive_summary
    framework = report_framework(report)
    colours = band_colours(framework)
    names = {d.id: d.name for d in framework.dimensions}
    return render(
        "report.html.j2",
        title=title,
        heading=report_title(report, "long"),
        sections=sections,
        report=report,
        overall={"score": es.overall_score, "level": es.maturity_level},
        scale_max=f"{framework.scale.max:g}",
        badges=[
            {
                "name": names.get(e.dimension, e.dimension),
                "score": e.score,
                "level": e.level,
                "colour": colours.get(e.level, "#777777"),
            }
            for e in report.scorecard
        ],
        band_colours=colours,
        warnings=sum(1 for f in deliverable.findings if f.severity == "warning"),
        run=deliverable.run,
        theme=theme,
        footer_css=css_string(theme.footer),
        logo=f"data:{logo[1]};base64,{base64.b64encode(logo[0]).decode()}" if logo else None,
    )


def render_json(report: AssessmentReport, findings: list[Finding], run: RunInfo) -> str:
    head, tail = _json_frame(findings, run)
    body = report.model_dump_json(indent=2).replace("\n", "\n  ")
    return head + body + tail


def _json_frame(findings: list[Finding], run: RunInfo) -> tuple[str, str]:
    """report.json's text before and after the report."""
    errors = sum(1 for f in findings if f.severity == "error")
    # pydantic's serializer writes the report: json.dumps took seconds on a 20,000-partner
    # report. Its output is json.dumps's (indent 2, non-ASCII kept), placed under "report".
    placeholder = "\u0000report\u0000"
    document = {
        "report": placeholder,
        "validation": {
            "ok": errors == 0,
            "errors": errors,
            "warnings": len(findings) - errors,
            "findings": [f.model_dump() for f in findings],
        },
        "run": run.model_dump(mode="json"),
    }
    text = json.dumps(document, indent=2, ensure_ascii=False)
    head, tail = text.split(json.dumps(placeholder), 1)
    return head, tail + "\n"


def csv_text(value: object) -> str:
    """A CSV cell a spreadsheet shows as text: a leading formula character is quoted away."""
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def render_csv(report: AssessmentReport, run: RunInfo) -> str:
    """Every dashboard partner with its figures, type and health, in dashboard order."""
    health = {p.name.casefold(): p for p in report.portfolio_map.partners}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for p in report.performance_dashboard.partners:
        known = health.get(p.name.casefold())
        row = (
            p.name,
            known.type if known else None,
            known.health if known else None,
            p.revenue,
            p.pipeline,
            p.deals,
            p.engagement,
            p.satisfaction,
            run.run_id,
        )
        writer.writerow([csv_text(v) for v in row])
    return buffer.getvalue()


def markdown_bytes(deliverable: Deliverable) -> bytes:
    sections = report_sections(deliverable.report)
    return _markdown_file(deliverable.parts, deliverable.run, sections).encode("utf-8")


def html_bytes(deliverable: Deliverable) -> bytes:
    return deliverable.html.encode("utf-8")


def json_bytes(deliverable: Deliverable) -> bytes:
    # render_json's text built as bytes: a 20,000-partner report.json held as str and bytes at
    # once, beside the indenting copies, made the run's memory peak.
    head, tail = _json_frame(deliverable.findings, deliverable.run)
    report = deliverable.report
    body = report.__pydantic_serializer__.to_json(report, indent=2).replace(b"\n", b"\n  ")
    return b"".join((head.encode("utf-8"), body, tail.encode("utf-8")))


def render_set(
    deliverable: Deliverable, formats: Iterable[str] = DEFAULT_FORMATS
) -> dict[str, bytes]:
    """{file name: bytes} for the chosen formats, plus partners.csv when md or html shorten a
    list. Every file carries the run id, so a mixed set is detectable."""
    chosen = tuple(formats)
    files = render_formats(deliverable, chosen)
    if {"md", "html"} & set(chosen) and shortened(deliverable.report):
        files[CSV_NAME] = render_csv(deliverable.report, deliverable.run).encode("utf-8")
    return files


def render_all(report: AssessmentReport, findings: list[Finding], run: RunInfo) -> dict[str, str]:
    """The default set (report.md, report.html, report.json, and partners.csv when md/html
    shorten a list) as text."""
    files = render_set(Deliverable(report, findings, run))
    return {name: data.decode("utf-8") for name, data in files.items()}
