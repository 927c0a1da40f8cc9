"""report.docx: the report as an editable Word document, built from the report model.

Headings use Word's own Heading styles and tables the built-in "Table Grid" style, so a
client's template restyles the whole document; charts are PNG images with alt text; the plan
is a table per horizon, or one table of a one-action plan's actions. The run id is in the core
properties (the `identifier` field).
"""

from __future__ import annotations

import io
from typing import Any

from generator.formatting import money, number, pct
from generator.lenses.investment import InvestmentView
from generator.report import HORIZONS, AssessmentReport, Plan, plan_rows, report_framework
from generator.writers.formats import Deliverable, missing_library
from generator.writers.render import LIMITS, SECTIONS, report_sections, report_title

PAGE_WIDTH = 6.3  # inches between the default margins
# Roughly one character of 10.5 pt text, and a cell's left and right padding, in inches.
CHAR_WIDTH = 0.085
CELL_PADDING = 0.2


def _docx() -> Any:
    try:
        import docx
    except ImportError as exc:
        raise missing_library("python-docx", "docx", exc) from None
    return docx


def check() -> None:
    _docx()


def _rgb(colour: str) -> Any:
    from docx.shared import RGBColor

    return RGBColor(*bytes.fromhex(colour.lstrip("#")))


def _table(document: Any, header: list[str], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text
    _repeat_header_and_keep_rows(table)
    _fit_columns(table, [header, *rows])
    document.add_paragraph()


def _fit_columns(table: Any, rows: list[list[str]]) -> None:
    """Each column first gets room for its longest word (so "not stated" or a figure never
    wraps letter by letter), then the rest of the page is shared by how much each holds."""
    from docx.shared import Inches

    columns = range(len(rows[0]))
    words = [max(len(w) for r in rows for w in (r[i].split() or [""])) for i in columns]
    floors = [min(n, 14) * CHAR_WIDTH + CELL_PADDING for n in words]
    spare = max(PAGE_WIDTH - sum(floors), 0.0)
    weights = [min(max(len(r[i]) for r in rows), 200) for i in columns]
    table.autofit = False
    for i in columns:
        width = Inches(floors[i] + spare * weights[i] / max(sum(weights), 1))
        table.columns[i].width = width  # the grid LibreOffice reads; Word reads the cells
        for cell in table.columns[i].cells:
            cell.width = width


def _repeat_header_and_keep_rows(table: Any) -> None:
    """The header row repeats on each page and no row splits across pages (Word's own flags)."""
    from docx.oxml import OxmlElement

    for index, row in enumerate(table.rows):
        properties = row._tr.get_or_add_trPr()
        properties.append(OxmlElement("w:cantSplit"))
        if index == 0:
            properties.append(OxmlElement("w:tblHeader"))


def _more(document: Any, count: int) -> None:
    if count > LIMITS.rows:
        document.add_paragraph(
            f"The first {LIMITS.rows} of {count:,} partners; every partner is in report.json."
        )


def _chart(document: Any, deliverable: Deliverable, section: str) -> None:
    from docx.shared import Inches

    for chart in deliverable.charts:
        if chart.section != section:
            continue
        document.add_picture(io.BytesIO(deliverable.png(chart)), width=Inches(PAGE_WIDTH))
        picture = document.inline_shapes[-1]
        picture._inline.docPr.set("descr", chart.alt)
        picture._inline.docPr.set("title", chart.title)


def _investment(document: Any, view: InvestmentView) -> None:
    document.add_heading("Investment view: where the next investment goes", level=2)
    for m in view.moves:
        document.add_paragraph(
            f"{m.move.capitalize()} {m.partner}: {m.reason}", style="List Number"
        )
    if view.summary is not None:
        document.add_paragraph(view.summary.sentence)
    rows = sorted(view.partners, key=lambda p: -(p.revenue or 0.0))[: LIMITS.rows]
    _table(
        document,
        ["Partner", "Potential", "Execution", "Quadrant", "Decision", "Rationale"],
        [
            [
                p.name,
                number(p.potential.value) if p.potential.value is not None else "not given",
                number(p.execution.value) if p.execution.value is not None else "not given",
                p.quadrant or "none",
                p.decision or "none",
                p.rationale,
            ]
            for p in rows
        ],
    )
    _more(document, len(view.partners))


def _plan(document: Any, plan: Plan, term: str, names: dict[str, str]) -> None:
    """A table per horizon (each shown, an empty one too, on a 30/60/90-day plan), and a
    one-action plan's actions in one table with what each is for and when it is due."""
    rows = plan_rows(plan)
    for key, _, title in HORIZONS:
        if plan.actions and not any(r.key == key for r in rows):
            continue
        document.add_heading(title, level=2)
        _table(
            document,
            ["Action", "Owner", "Metric", "Scorecard measure", "Target"],
            [
                [a.action, a.owner, a.metric, a.measure.replace("_", " "), a.target]
                for a in (r.action for r in rows if r.key == key)
            ],
        )
    single = [r for r in rows if r.key == "actions"]
    if single:
        _table(
            document,
            [term.capitalize(), "Action", "Owner", "Metric", "Target", "Within"],
            [
                [
                    r.about(names),
                    r.action.action,
                    r.action.owner,
                    r.action.metric,
                    r.action.target,
                    f"{r.days} days",
                ]
                for r in single
            ],
        )


def _objectives(document: Any, report: AssessmentReport, title: str) -> None:
    """The goals read from the objectives, the gap to each, and whose plan it is."""
    objectives = report.objectives
    if not objectives.goals and not objectives.team:
        return
    document.add_heading(title, level=1)
    if objectives.goals:
        _table(
            document,
            ["Goal", "Measure", "Current", "Target", "Deadline", "Gap"],
            [
                [
                    f"{g.id}: {g.objective}",
                    g.measure,
                    g.current or "not stated",
                    g.target or "not stated",
                    g.deadline or "not stated",
                    g.gap,
                ]
                for g in objectives.goals
            ],
        )
    else:
        document.add_paragraph(
            "The objectives state no goal with a measure; the plan follows the weakest dimensions."
        )
    if objectives.team:
        document.add_paragraph(objectives.team)


def _evidence(document: Any, report: AssessmentReport, names: dict[str, str]) -> None:
    """The signals behind each score, as the Markdown report lists them."""
    document.add_heading("Evidence behind the scores", level=2)
    for entry in report.scorecard:
        item = document.add_paragraph(style="List Bullet")
        item.add_run(names.get(entry.dimension, entry.dimension)).bold = True
        if not entry.evidence:
            item.add_run(": no evidence in the notes or data.")
        for line in entry.evidence:
            document.add_paragraph(line, style="List Bullet 2")


def _method(document: Any, deliverable: Deliverable, title: str) -> None:
    """How the scores and rules were made (the Markdown method notes), then who drafted it."""
    document.add_heading(title, level=1)
    for line in deliverable.parts.get("method", "").splitlines():
        text = line.removeprefix("- ").replace("*", "").strip()
        if text:
            document.add_paragraph(text, style="List Bullet")
    run = deliverable.run
    drafted = f"the {run.drafter} drafter" + (f" ({run.model})" if run.model else "")
    document.add_paragraph(f"Drafted by {drafted}; run {run.run_id}.")


def render(deliverable: Deliverable) -> bytes:
    docx = _docx()
    from docx.shared import Pt

    report, theme, run = deliverable.report, deliverable.theme, deliverable.run
    cur = report.currency
    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.name = theme.font
    normal.font.size = Pt(10.5)
    for level in (0, 1, 2):
        style = document.styles["Title" if level == 0 else f"Heading {level}"]
        style.font.name = theme.font
        style.font.color.rgb = _rgb(theme.primary)

    props = document.core_properties
    props.title = report_title(report, "long") + (f": {report.organisation}" if report.organisation else "")
    props.author = theme.firm_name
    props.identifier = run.run_id
    props.subject = "Partner readiness assessment"

    logo = theme.logo_image()
    if logo:
        from docx.shared import Inches

        document.add_picture(io.BytesIO(logo[0]), height=Inches(0.6))
    document.add_paragraph(theme.firm_name.upper()).runs[0].bold = True
    document.add_heading(report_title(report, "long"), level=0)
    document.add_paragraph(report.organisation or "Organisation not named", style="Subtitle")
    es = report.executive_summary
    framework = report_framework(report)
    top = f"{framework.scale.max:g}"
    dimension_names = {d.id: d.name for d in framework.dimensions}
    for label, value in (
        ("Client", report.organisation or "not named"),
        ("Date", report.assessed_on.strftime("%-d %B %Y")),
        # Who prepared it, as the input names them; the drafter and model are in the appendix.
        ("Prepared by", report.prepared_by or theme.firm_name),
        ("Overall maturity", f"{es.overall_score:.1f} / {top}, {es.maturity_level}"),
    ):
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)
    footer = document.sections[0].footer.paragraphs[0]
    footer.text = f"{theme.footer} · {theme.firm_name}"
    document.add_page_break()

    # A framework's own headings where it names them; its other parts keep readiness's.
    titles = {**dict(SECTIONS), **dict(report_sections(report))}
    document.add_heading(titles["summary"], level=1)
    document.add_paragraph(
        f"Overall maturity: {es.overall_score:.1f} / {top}, {es.maturity_level}."
    )
    paragraph = document.add_paragraph()
    paragraph.add_run("Partnership value realised. ").bold = True
    paragraph.add_run(es.value_realised)
    document.add_heading("Top improvement priorities", level=2)
    for p in es.priorities:
        item = document.add_paragraph(style="List Number")
        item.add_run(p.title).bold = True
        item.add_run(f": {p.rationale}")

    _objectives(document, report, titles["objectives"])

    document.add_heading(titles["scorecard"], level=1)
    _chart(document, deliverable, "scorecard")
    _table(
        document,
        ["Dimension", "Score", "Level", "Findings"],
        [
            [
                dimension_names.get(e.dimension, e.dimension),
                f"{e.score:.1f}",
                e.level,
                "\n".join(e.findings),
            ]
            for e in report.scorecard
        ],
    )

    _evidence(document, report, dimension_names)

    pm = report.portfolio_map
    document.add_heading(titles["portfolio"], level=1)
    _chart(document, deliverable, "portfolio")
    if pm.segments:
        _table(
            document,
            ["Type", "Partners", "Revenue", "Engaged", "Passive", "At risk", "Dormant"],
            [
                [
                    s.type,
                    number(s.partners),
                    money(s.revenue, cur),
                    number(s.engaged),
                    number(s.passive),
                    number(s.at_risk),
                    number(s.dormant),
                ]
                for s in pm.segments
            ],
        )
    if pm.partners:
        _table(
            document,
            ["Partner", "Type", "Health", "Why"],
            [
                [p.name, p.type, p.health.replace("_", " "), p.reason]
                for p in pm.partners[: LIMITS.rows]
            ],
        )
        _more(document, len(pm.partners))
    for label, names in (
        ("Top performers", pm.top_performers),
        ("At-risk relationships", pm.at_risk),
        ("Coverage gaps", pm.coverage_gaps),
    ):
        item = document.add_paragraph(style="List Bullet")
        item.add_run(f"{label}: ").bold = True
        item.add_run("; ".join(names) if names else "none identified from the evidence")
    if pm.investment is not None:
        _investment(document, pm.investment)

    eg = report.enablement_gaps
    document.add_heading(titles["enablement"], level=1)
    _table(
        document,
        ["Area", "Rating", "Finding"],
        [
            [f.area, f"{number(f.rating)}/10" if f.rating is not None else "", f.finding]
            for f in eg.feedback
        ],
    )
    document.add_heading("Recommendations", level=2)
    for r in eg.recommendations:
        document.add_paragraph(r, style="List Bullet")

    pd = report.performance_dashboard
    k = pd.kpis
    document.add_heading(titles["dashboard"], level=1)
    _chart(document, deliverable, "dashboard")
    _table(
        document,
        ["KPI", "Value"],
        [
            ["Partners", number(k.total_partners)],
            ["Active partners", number(k.active_partners)],
            ["Partner-sourced revenue", money(k.partner_revenue, cur)],
            ["Partner pipeline", money(k.partner_pipeline, cur)],
            ["Deals closed", number(k.deals)],
            ["Average satisfaction (0-10)", number(k.average_satisfaction)],
            ["Engagement score (0-100)", number(k.engagement_score)],
            ["Top partner's share of revenue", pct(k.top1_share_pct)],
            ["Top five partners' share", pct(k.top5_share_pct)],
            ["Revenue concentration (HHI)", number(k.hhi)],
        ],
    )
    if pd.partners:
        _table(
            document,
            [
                "Partner",
                "Revenue",
                "Pipeline",
                "Deals",
                "Engagement score (0-100)",
                "Band",
                "Engagement given",
                "Satisfaction",
            ],
            [
                [
                    p.name,
                    money(p.revenue, cur, True),
                    money(p.pipeline, cur, True),
                    number(p.deals),
                    number(p.engagement_score),
                    p.engagement_band or "",
                    number(p.engagement)
                    if isinstance(p.engagement, float | int)
                    else (p.engagement or "not given"),
                    number(p.satisfaction),
                ]
                for p in pd.partners[: LIMITS.rows]
            ],
        )
        _more(document, len(pd.partners))
    if pd.balanced_scorecard is not None:
        document.add_heading("Balanced scorecard", level=2)
        _table(
            document,
            ["Group", "Measure", "Leading or lagging", "Value", "Target", "Status"],
            [
                [m.group, m.name, m.kind, m.shown, m.target_shown, m.status]
                for m in pd.balanced_scorecard.measures
            ],
        )

    document.add_heading(titles["plan"], level=1)
    _plan(document, report.plan, framework.report.dimension_term, dimension_names)
    _method(document, deliverable, titles["method"])

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
