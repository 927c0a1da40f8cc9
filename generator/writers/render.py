"""Rendering a report into its three files' contents, all in memory."""

from __future__ import annotations

import json

import markdown
import nh3

from generator.evidence.roster import (
    ACTIVE_DAYS,
    DORMANT_DAYS,
    ENGAGEMENT_LABEL_SCORES,
    SATISFACTION_DROP,
)
from generator.framework import BY_ID
from generator.report import AssessmentReport
from generator.run import RunInfo
from generator.scale import BANDS, LEVEL_MEANING
from generator.validators import Finding
from generator.writers.templates import render

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
    "a",
    "span",
    "div",
    "sup",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}

METHOD = {
    "active_days": ACTIVE_DAYS,
    "dormant_days": DORMANT_DAYS,
    "engagement_labels": ENGAGEMENT_LABEL_SCORES,
    "satisfaction_drop": SATISFACTION_DROP,
}


def render_markdown(report: AssessmentReport, findings: list[Finding], run: RunInfo) -> str:
    return render(
        "report.md.j2",
        report=report,
        findings=findings,
        warnings=[f for f in findings if f.severity == "warning"],
        run=run,
        dimensions=BY_ID,
        bands=BANDS,
        meaning=LEVEL_MEANING,
        method=METHOD,
    )


def sanitize(html: str) -> str:
    """Strip anything executable: scripts, event handlers, javascript: and data: URLs."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


def render_html(markdown_text: str, report: AssessmentReport) -> str:
    body = markdown.markdown(markdown_text, extensions=["tables", "sane_lists"])
    title = "Partner Readiness Assessment"
    if report.organisation:
        title += f": {report.organisation}"
    clean = sanitize(body)
    # The score chart goes at the top of the scorecard section; it is drawn from numbers only.
    marker = clean.find("<h2>2. Dimension scorecard</h2>")
    if marker < 0:
        marker = len(clean)
    else:
        marker += len("<h2>2. Dimension scorecard</h2>")
    return render(
        "report.html.j2",
        title=title,
        head=clean[:marker],
        tail=clean[marker:],
        report=report,
        dimensions=BY_ID,
    )


def render_json(report: AssessmentReport, findings: list[Finding], run: RunInfo) -> str:
    errors = sum(1 for f in findings if f.severity == "error")
    document = {
        "report": report.model_dump(mode="json"),
        "validation": {
            "ok": errors == 0,
            "errors": errors,
            "warnings": len(findings) - errors,
            "findings": [f.model_dump() for f in findings],
        },
        "run": run.model_dump(mode="json"),
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def render_all(report: AssessmentReport, findings: list[Finding], run: RunInfo) -> dict[str, str]:
    """{file name: content} for report.md, report.html and report.json."""
    md = render_markdown(report, findings, run)
    return {
        "report.md": md,
        "report.html": render_html(md, report),
        "report.json": render_json(report, findings, run),
    }
