"""readout.pptx: a short readout deck (16:9) with python-pptx, built from the report model.

Six slides after the title: overall score and the scores chart, top priorities, portfolio,
enablement gaps, dashboard, and the plan (30/60/90 days, or a one-action plan's actions); with a roster, a seventh after the
portfolio says where the next dollar goes beside the investment matrix. Text sits in placeholders of the default
layouts so a client's master restyles it; the run id is in the core properties.
"""

from __future__ import annotations

import io
from typing import Any

from generator.formatting import money, number, pct
from generator.report import HORIZONS, AssessmentReport, plan_rows, report_framework
from generator.writers.charts import Chart
from generator.writers.formats import Deliverable, missing_library
from generator.writers.render import report_sections, report_title

TITLE_LAYOUT, TITLE_ONLY_LAYOUT = 0, 5
WIDE, HIGH = 13.333, 7.5  # inches: 16:9
MAX_BULLETS = 6


def _pptx() -> Any:
    try:
        import pptx
    except ImportError as exc:
        raise missing_library("python-pptx", "pptx", exc) from None
    return pptx


def check() -> None:
    _pptx()


class _Deck:
    def __init__(self, deliverable: Deliverable) -> None:
        from pptx.util import Inches

        self.d = deliverable
        self.prs = _pptx().Presentation()
        self.prs.slide_width, self.prs.slide_height = Inches(WIDE), Inches(HIGH)
        self.inches = Inches

    def colour(self, hex_colour: str) -> Any:
        from pptx.dml.color import RGBColor

        return RGBColor(*bytes.fromhex(hex_colour.lstrip("#")))  # type: ignore[no-untyped-call,unused-ignore]

    def slide(self, title: str) -> Any:
        from pptx.util import Pt

        slide = self.prs.slides.add_slide(self.prs.slide_layouts[TITLE_ONLY_LAYOUT])
        shape = slide.shapes.title
        shape.left, shape.top = self.inches(0.5), self.inches(0.3)
        shape.width, shape.height = self.inches(WIDE - 1), self.inches(0.9)
        shape.text = title
        paragraph = shape.text_frame.paragraphs[0]
        paragraph.font.size, paragraph.font.bold = Pt(28), True
        paragraph.font.color.rgb = self.colour(self.d.theme.primary)
        paragraph.font.name = self.d.theme.font
        bar = slide.shapes.add_shape(
            1, 0, self.inches(1.2), self.prs.slide_width, self.inches(0.06)
        )
        bar.fill.solid()
        bar.fill.fore_color.rgb = self.colour(self.d.theme.accent)
        bar.line.fill.background()
        footer = slide.shapes.add_textbox(
            self.inches(0.5), self.inches(HIGH - 0.45), self.inches(WIDE - 1), self.inches(0.3)
        )
        footer.text_frame.text = f"{self.d.theme.footer} · {self.d.theme.firm_name}"
        footer.text_frame.paragraphs[0].font.size = Pt(9)
        return slide

    def bullets(self, slide: Any, lines: list[tuple[str, str]], left: float, width: float) -> None:
        from pptx.util import Pt

        box = slide.shapes.add_textbox(
            self.inches(left), self.inches(1.5), self.inches(width), self.inches(HIGH - 2.2)
        )
        frame = box.text_frame
        frame.word_wrap = True
        for i, (lead, rest) in enumerate(lines[:MAX_BULLETS]):
            paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            paragraph.space_after = Pt(10)
            run = paragraph.add_run()
            run.text, run.font.bold, run.font.size = lead, True, Pt(16)
            if rest:
                more = paragraph.add_run()
                more.text, more.font.size = f" {rest}", Pt(14)
            for r in paragraph.runs:
                r.font.name = self.d.theme.font

    def chart(self, slide: Any, chart: Chart | None, left: float, width: float) -> None:
        if chart is None:
            return
        picture = slide.shapes.add_picture(
            io.BytesIO(self.d.png(chart)),
            self.inches(left),
            self.inches(1.5),
            width=self.inches(width),
        )
        if picture.height > self.inches(HIGH - 2.1):
            ratio = self.inches(HIGH - 2.1) / picture.height
            picture.height = int(picture.height * ratio)
            picture.width = int(picture.width * ratio)
        picture._element.nvPicPr.cNvPr.set("descr", chart.alt)

    def table(
        self, slide: Any, header: list[str], rows: list[list[str]], widths: list[float]
    ) -> None:
        from pptx.util import Pt

        shape = slide.shapes.add_table(
            len(rows) + 1,
            len(header),
            self.inches(0.5),
            self.inches(1.5),
            self.inches(sum(widths)),
            self.inches(0.4 * (len(rows) + 1)),
        )
        table = shape.table
        for i, w in enumerate(widths):
            table.columns[i].width = self.inches(w)
        for r, values in enumerate([header, *rows]):
            for c, text in enumerate(values):
                cell = table.cell(r, c)
                cell.text = text
                for paragraph in cell.text_frame.paragraphs:
                    paragraph.font.size = Pt(11 if r else 12)
                    paragraph.font.name = self.d.theme.font
                if r == 0:
                    cell.fill.solid()
                    cell.fill.fore_color.rgb = self.colour(self.d.theme.primary)


def _chart(d: Deliverable, key: str) -> Chart | None:
    return next((c for c in d.charts if c.key == key), None)


def _plan(deck: _Deck, report: AssessmentReport, shorts: dict[str, str]) -> None:
    """The first two actions of each horizon; a one-action plan's first MAX_BULLETS actions,
    each with what it is for, under the framework's own title for its plan."""
    rows = plan_rows(report.plan)
    single = [r for r in rows if r.key == "actions"]
    if not single:
        slide = deck.slide("30/60/90-day plan")
        first = [r for key, _, _ in HORIZONS for r in [r for r in rows if r.key == key][:2]]
        shown = [
            [f"{r.days} days", r.action.action, r.action.owner, r.action.target] for r in first
        ]
        deck.table(slide, ["When", "Action", "Owner", "Target"], shown, [1.2, 5.6, 2.2, 3.3])
        return
    titles = dict(report_sections(report))
    slide = deck.slide(titles.get("plan", "Recommended actions"))
    term = report_framework(report).report.dimension_term
    shown = [
        [r.about(shorts), r.action.action, r.action.owner, r.when] for r in single[:MAX_BULLETS]
    ]
    deck.table(slide, [term.capitalize(), "Action", "Owner", "When"], shown, [1.8, 6.0, 2.3, 2.2])


def render(deliverable: Deliverable) -> bytes:
    deck = _Deck(deliverable)
    report, theme = deliverable.report, deliverable.theme
    es, cur = report.executive_summary, report.currency
    framework = report_framework(report)
    scale_top = f"{framework.scale.max:g}"
    shorts = {d.id: d.short for d in framework.dimensions}

    title = deck.prs.slides.add_slide(deck.prs.slide_layouts[TITLE_LAYOUT])
    title.shapes.title.text = report_title(report, "slides")
    title.placeholders[1].text = (
        f"{report.organisation or 'Organisation not named'}\n"
        f"{report.assessed_on.strftime('%-d %B %Y')} · prepared by {theme.firm_name}"
    )
    title.shapes.title.text_frame.paragraphs[0].font.color.rgb = deck.colour(theme.primary)
    # The default layouts are drawn for 4:3; stretch the title slide's boxes across 16:9.
    for shape, top in ((title.shapes.title, 2.0), (title.placeholders[1], 3.7)):
        shape.left, shape.width = deck.inches(0.8), deck.inches(WIDE - 1.6)
        shape.top = deck.inches(top)

    slide = deck.slide(
        f"Overall maturity {es.overall_score:.1f} / {scale_top}: {es.maturity_level}"
    )
    deck.bullets(
        slide,
        [
            (shorts.get(e.dimension, e.dimension), f"{e.score:.1f} {e.level}")
            for e in report.scorecard
        ],
        0.5,
        4.2,
    )
    deck.chart(slide, _chart(deliverable, "scores"), 4.9, 7.9)

    slide = deck.slide("Top priorities")
    deck.bullets(
        slide, [(f"{i}. {p.title}", "") for i, p in enumerate(es.priorities, 1)], 0.5, 12.3
    )

    pm = report.portfolio_map
    slide = deck.slide("Partner portfolio")
    deck.bullets(
        slide,
        [
            ("Top performers:", "; ".join(pm.top_performers[:5]) or "none identified"),
            ("At risk:", "; ".join(pm.at_risk[:5]) or "none identified"),
            ("Coverage gaps:", "; ".join(pm.coverage_gaps[:3]) or "none identified"),
        ],
        0.5,
        5.2,
    )
    deck.chart(slide, _chart(deliverable, "health"), 6.0, 6.8)
    if pm.investment is not None and pm.investment.moves:
        slide = deck.slide("Where the next investment goes")
        deck.bullets(
            slide,
            [(f"{m.move.capitalize()} {m.partner}:", m.reason) for m in pm.investment.moves][
                :MAX_BULLETS
            ],
            0.5,
            5.2,
        )
        deck.chart(slide, _chart(deliverable, "matrix"), 6.0, 6.8)

    eg = report.enablement_gaps
    slide = deck.slide("Enablement gaps")
    rated = [f for f in eg.feedback if f.rating is not None][:4]
    deck.bullets(
        slide,
        [(f"{f.area} {number(f.rating)}/10", "") for f in rated]
        + [("", r) for r in eg.recommendations[: MAX_BULLETS - len(rated)]],
        0.5,
        12.3,
    )

    k = report.performance_dashboard.kpis
    slide = deck.slide("Performance dashboard")
    deck.bullets(
        slide,
        [
            ("Partner revenue:", money(k.partner_revenue, cur)),
            ("Active partners:", f"{number(k.active_partners)} of {number(k.total_partners)}"),
            ("Pipeline:", money(k.partner_pipeline, cur)),
            ("Top partner's share:", pct(k.top1_share_pct)),
            ("Top five's share:", pct(k.top5_share_pct)),
            ("Satisfaction (0-10):", number(k.average_satisfaction)),
        ],
        0.5,
        5.2,
    )
    deck.chart(slide, _chart(deliverable, "concentration"), 6.0, 6.8)

    _plan(deck, report, {d.id: d.short for d in framework.dimensions})

    props = deck.prs.core_properties
    props.title = report_title(report, "slides") + (
        f": {report.organisation}" if report.organisation else ""
    )
    props.author = theme.firm_name
    props.identifier = deliverable.run.run_id
    buffer = io.BytesIO()
    deck.prs.save(buffer)
    return buffer.getvalue()
