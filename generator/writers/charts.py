"""What each chart shows, worked out from the report model, with no drawing library.

A chart is data (bars, a curve or points, with a title and alt text); writers/svg.py draws it
as SVG for HTML and PDF, writers/png.py as PNG with matplotlib for Word and slides, so both
show the same thing. A chart whose data the report lacks is not built, never drawn empty.

Colours come from the Okabe-Ito palette, which stays distinct under the common forms of colour
blindness; bands and health states also carry their names in labels and legends.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from generator.formatting import pct
from generator.frameworks import Framework, count_word
from generator.report import HEALTH_STATES, AssessmentReport, report_framework

# Okabe-Ito, from the lowest band (vermillion) to the highest (bluish green); a framework with
# other than five bands takes them spread evenly over the same range.
BAND_PALETTE = ("#d55e00", "#e69f00", "#f0e442", "#56b4e9", "#009e73")


def band_colours(framework: Framework) -> dict[str, str]:
    """{level name: colour}, lowest band first."""
    names = framework.level_names
    if len(names) == 1:
        return {names[0]: BAND_PALETTE[-1]}
    last = len(BAND_PALETTE) - 1
    return {name: BAND_PALETTE[round(i * last / (len(names) - 1))] for i, name in enumerate(names)}


HEALTH_COLOURS = {
    "engaged": "#009e73",
    "passive": "#56b4e9",
    "at_risk": "#e69f00",
    "dormant": "#d55e00",
}
PREVIOUS_COLOUR = "#555555"
# The overall score stands out in black; dimensions take the Okabe-Ito hues in framework order.
OVERALL_COLOUR = "#000000"
LINE_PALETTE = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#f0e442")
TOP_N = 5
MAX_POINTS = 300
# Two assessments are a before and after, which the scores chart already shows; a line needs
# three points to show a direction.
MIN_SERIES = 3


@dataclass(frozen=True)
class Segment:
    label: str
    value: float
    colour: str


@dataclass(frozen=True)
class BarRow:
    label: str
    segments: tuple[Segment, ...]
    text: str
    target: float | None = None
    previous: float | None = None


@dataclass(frozen=True)
class BarChart:
    """Horizontal bars, stacked when a row has several segments; `target` marks a tick."""

    key: str
    section: str
    title: str
    alt: str
    axis: str
    maximum: float
    rows: tuple[BarRow, ...]
    legend: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class CurveChart:
    """A cumulative share curve over ranked items, the first `highlight` shaded."""

    key: str
    section: str
    title: str
    alt: str
    axis_x: str
    axis_y: str
    ranks: tuple[int, ...]  # 1-based ranks the points sit at; a long roster is sampled
    values: tuple[float, ...]
    count: int
    highlight: int
    note: str


@dataclass(frozen=True)
class MatrixPoint:
    name: str
    potential: float
    execution: float
    revenue: float
    health: str


@dataclass(frozen=True)
class ScatterChart:
    """Points on two 0-100 axes, sized by revenue and coloured by health; the cuts split the
    plane into the four quadrants."""

    key: str
    section: str
    title: str
    alt: str
    axis_x: str
    axis_y: str
    points: tuple[MatrixPoint, ...]
    legend: tuple[tuple[str, str], ...]
    cut_x: float = 50.0
    cut_y: float = 50.0


@dataclass(frozen=True)
class Line:
    label: str
    values: tuple[float, ...]
    colour: str
    bold: bool = False


@dataclass(frozen=True)
class LineChart:
    """One line per score over the assessments in `dates`, oldest first, on a fixed scale."""

    key: str
    section: str
    title: str
    alt: str
    axis_y: str
    minimum: float
    maximum: float
    dates: tuple[str, ...]
    lines: tuple[Line, ...]


Chart = BarChart | CurveChart | ScatterChart | LineChart


def previous_scores(report: AssessmentReport) -> dict[str, float]:
    """The earlier assessment's dimension scores, from the report's trend; empty without one."""
    if report.trend is None:
        return {}
    return {c.dimension: c.before for c in report.trend.dimensions if c.dimension is not None}


def scores_chart(
    report: AssessmentReport, previous: Mapping[str, float] | None = None
) -> BarChart | None:
    """Each dimension's score; `previous` (by default the trend's earlier scores) is outlined."""
    if not report.scorecard:
        return None
    if previous is None:
        previous = previous_scores(report)
    framework = report_framework(report)
    colours = band_colours(framework)
    names = {d.id: d.name for d in framework.dimensions}
    rows = []
    for entry in report.scorecard:
        rows.append(
            BarRow(
                label=names.get(entry.dimension, entry.dimension),
                segments=(Segment(entry.level, entry.score, colours.get(entry.level, "#777777")),),
                text=f"{entry.score:.1f} {entry.level}",
                target=framework.next_band(entry.score),
                previous=(previous or {}).get(entry.dimension),
            )
        )
    shown = {e.level for e in report.scorecard}
    legend = [(level, colour) for level, colour in colours.items() if level in shown]
    legend.append(("next band", "#1f2933"))
    earlier = ""
    if any(r.previous is not None for r in rows):
        legend.append(("previous assessment", PREVIOUS_COLOUR))
        since = f" of {report.trend.since.isoformat()}" if report.trend is not None else ""
        earlier = f" A dashed outline shows the previous assessment{since}: " + "; ".join(
            f"{r.label} {r.previous:.1f}" for r in rows if r.previous is not None
        )
        earlier += "."
    described = "; ".join(f"{r.label} {r.text}" for r in rows)
    return BarChart(
        key="scores",
        section="scorecard",
        title="Dimension scores against the next band",
        alt=f"Bar chart of the {count_word(len(rows))} dimension scores on the "
        f"{framework.scale.min:g}-{framework.scale.max:g} scale: {described}. "
        f"A tick on each bar marks the score that reaches the next band.{earlier}",
        axis=f"Maturity score ({framework.scale.min:g}-{framework.scale.max:g})",
        maximum=framework.scale.max,
        rows=tuple(rows),
        legend=tuple(legend),
    )


def health_chart(report: AssessmentReport) -> BarChart | None:
    rows = []
    for seg in report.portfolio_map.segments:
        counts = [(state, getattr(seg, state)) for state in HEALTH_STATES]
        parts = tuple(
            Segment(state.replace("_", " "), float(n), HEALTH_COLOURS[state])
            for state, n in counts
            if n
        )
        if parts:
            total = sum(int(p.value) for p in parts)
            rows.append(BarRow(label=seg.type, segments=parts, text=f"{total}"))
    if not rows:
        return None
    widest = max(sum(s.value for s in r.segments) for r in rows)
    described = "; ".join(
        f"{r.label}: " + ", ".join(f"{int(s.value)} {s.label}" for s in r.segments) for r in rows
    )
    return BarChart(
        key="health",
        section="portfolio",
        title="Partner health by partner type",
        alt=f"Stacked bar chart of partners by type and health: {described}.",
        axis="Partners",
        maximum=widest,
        rows=tuple(rows),
        legend=tuple((s.replace("_", " "), HEALTH_COLOURS[s]) for s in HEALTH_STATES),
    )


def concentration_chart(report: AssessmentReport) -> CurveChart | None:
    revenues = sorted(
        (p.revenue for p in report.performance_dashboard.partners if p.revenue and p.revenue > 0),
        reverse=True,
    )
    if len(revenues) < 2:
        return None
    total = sum(revenues)
    running, shares = 0.0, []
    for revenue in revenues:
        running += revenue
        shares.append(100 * running / total)
    top = min(TOP_N, len(shares))
    # Twenty thousand points draw the same curve as a few hundred, at a fraction of the size.
    step = max(1, len(shares) // MAX_POINTS)
    ranks = sorted({*range(1, len(shares) + 1, step), *range(1, top + 1), len(shares)})
    note = f"Top {top}: {pct(round(shares[top - 1], 1))} of partner revenue"
    return CurveChart(
        key="concentration",
        section="dashboard",
        title="Revenue concentration",
        alt=f"Cumulative share of partner revenue over {len(shares)} partners ranked by "
        f"revenue. The top partner brings {pct(round(shares[0], 1))}; {note.lower()}.",
        axis_x="Partners, ranked by revenue",
        axis_y="Cumulative share of revenue (%)",
        ranks=tuple(ranks),
        values=tuple(shares[r - 1] for r in ranks),
        count=len(shares),
        highlight=top,
        note=note,
    )


# More points than this is a cloud no one reads: the chart shows the largest by revenue.
MATRIX_POINTS = 40


def investment_matrix(
    points: tuple[MatrixPoint, ...], cut_x: float = 50.0, cut_y: float = 50.0
) -> ScatterChart | None:
    """Potential x execution per partner, on the scores' 0-100 scale, cut where the quadrants
    are; the largest partners by revenue when there are many."""
    if not points:
        return None
    total = len(points)
    if total > MATRIX_POINTS:
        points = tuple(sorted(points, key=lambda p: (-p.revenue, p.name))[:MATRIX_POINTS])
    described = "; ".join(
        f"{p.name}: potential {p.potential:.1f}, execution {p.execution:.1f}, "
        f"{p.health.replace('_', ' ')}"
        for p in points
    )
    return ScatterChart(
        key="matrix",
        section="portfolio",
        title="Partner investment matrix",
        alt="Scatter of partners by potential and execution, sized by revenue"
        + (f" (the {len(points)} largest of {total})" if total > len(points) else "")
        + f": {described}.",
        axis_x="Execution (0-100)",
        axis_y="Potential (0-100)",
        points=points,
        legend=tuple((s.replace("_", " "), HEALTH_COLOURS[s]) for s in HEALTH_STATES),
        cut_x=cut_x,
        cut_y=cut_y,
    )


def report_matrix(report: AssessmentReport) -> ScatterChart | None:
    """The investment matrix of the report's portfolio map, when it has one."""
    view = report.portfolio_map.investment
    if view is None:
        return None
    from generator.lenses.view import lens_rules

    rules = lens_rules().investment
    points = tuple(MatrixPoint(**p.model_dump()) for p in view.matrix_points())
    return investment_matrix(points, rules.execution_cut, rules.potential_cut)


def trend_chart(report: AssessmentReport) -> LineChart | None:
    """The overall and dimension scores over every stored assessment, from three on."""
    series = report.trend.series if report.trend is not None else []
    if len(series) < MIN_SERIES:
        return None
    framework = report_framework(report)
    lines = [Line("Overall", tuple(p.overall for p in series), OVERALL_COLOUR, bold=True)]
    for i, dimension in enumerate(framework.dimensions):
        # A dimension added to the framework later has no earlier score: it is left out rather
        # than drawn from a made-up zero.
        if all(dimension.id in p.scores for p in series):
            values = tuple(p.scores[dimension.id] for p in series)
            lines.append(Line(dimension.name, values, LINE_PALETTE[i % len(LINE_PALETTE)]))
    dates = tuple(p.assessed_on.isoformat() for p in series)
    described = "; ".join(
        f"{line.label} " + ", ".join(f"{v:.1f}" for v in line.values) for line in lines
    )
    scale = framework.scale
    return LineChart(
        key="trend",
        section="trend",
        title="Scores over time",
        alt=f"Line chart of the overall and dimension scores over {count_word(len(series))} "
        f"assessments, {dates[0]} to {dates[-1]}, on the {scale.min:g}-{scale.max:g} scale: "
        f"{described}.",
        axis_y=f"Maturity score ({scale.min:g}-{scale.max:g})",
        minimum=scale.min,
        maximum=scale.max,
        dates=dates,
        lines=tuple(lines),
    )


def build_charts(
    report: AssessmentReport, previous: Mapping[str, float] | None = None
) -> tuple[Chart, ...]:
    """Every chart the report has data for, in report order."""
    charts = (
        scores_chart(report, previous),
        health_chart(report),
        report_matrix(report),
        concentration_chart(report),
        trend_chart(report),
    )
    return tuple(c for c in charts if c is not None)
