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

from generator.evidence.roster import (
    ACTIVE_DAYS,
    DORMANT_DAYS,
    ENGAGEMENT_LABEL_SCORES,
    SATISFACTION_DROP,
)
from generator.frameworks import count_word
from generator.report import AssessmentReport, report_framework
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

SECTIONS = (
    ("summary", "1. Executive summary"),
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

METHOD = {
    "active_days": ACTIVE_DAYS,
    "dormant_days": DORMANT_DAYS,
    "engagement_labels": ENGAGEMENT_LABEL_SCORES,
    "satisfaction_drop": SATISFACTION_DROP,
}
# A spreadsheet runs a cell starting with these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


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
    return render_blocks(
        "report.md.j2",
        report=report,
        findings=findings,
        warnings=[f for f in findings if f.severity == "warning"],
        run=run,
        dimensions={d.id: d for d in framework.dimensions},
        dimension_count=count_word(len(framework.dimensions)),
        bands=framework.bands,
        meaning=framework.meaning,
        scale_max=f"{framework.scale.max:g}",
        method=METHOD,
        cur=report.currency,
        limits=LIMITS,
        rest=f"{CSV_NAME} beside this report" if shortened(report) else "report.json",
        plain=plain,
    )


def join_sections(parts: dict[str, str], keys: Iterable[str]) -> str:
    """The header and the chosen sections, with their headings, in report order."""
    chosen = set(keys)
    return parts["header"] + "".join(
        f"## {title}\n\n{parts[key]}" for key, title in present(parts) if key in chosen
    )


def present(parts: dict[str, str]) -> list[tuple[str, str]]:
    """The sections this report has: optional ones only when their block is not empty."""
    return [(k, t) for k, t in SECTIONS if k not in OPTIONAL or parts[k].strip()]


def render_markdown(report: AssessmentReport, findings: list[Finding], run: RunInfo) -> str:
    """The whole report as Markdown (what a judge model reads: no run id, so answers cache)."""
    return join_sections(blocks(report, findings, run), (key for key, _ in SECTIONS))


def _markdown_file(parts: dict[str, str], run: RunInfo) -> str:
    body = join_sections(parts, (key for key, _ in SECTIONS))
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
    title = "Partner Readiness Assessment"
    if report.organisation:
        title += f": {report.organisation}"
    sections = [
        {
            "key": key,
            "title": name,
            "html": _to_html(converter, deliverable.parts[key]),
            "charts": [to_svg(c, theme) for c in deliverable.charts if c.section == key],
        }
        for key, name in present(deliverable.parts)
    ]
    logo = theme.logo_image()
    es = report.executive_summary
    framework = report_framework(report)
    colours = band_colours(framework)
    names = {d.id: d.name for d in framework.dimensions}
    return render(
        "report.html.j2",
        title=title,
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
    body = report.model_dump_json(indent=2).replace("\n", "\n  ")
    return text.replace(json.dumps(placeholder), body, 1) + "\n"


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
    return _markdown_file(deliverable.parts, deliverable.run).encode("utf-8")


def html_bytes(deliverable: Deliverable) -> bytes:
    return deliverable.html.encode("utf-8")


def json_bytes(deliverable: Deliverable) -> bytes:
    return render_json(deliverable.report, deliverable.findings, deliverable.run).encode("utf-8")


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
