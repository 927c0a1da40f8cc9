"""Charts as PNG for Word and slides, drawn with matplotlib's Agg canvas.

matplotlib is imported here, inside the drawing function, and only when a .docx or .pptx is
asked for: pyplot is never loaded (it would pick a GUI backend), only the Figure and the canvas.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from generator.theme import Theme
from generator.writers.charts import (
    HEALTH_COLOURS,
    BarChart,
    Chart,
    CurveChart,
    LineChart,
    ScatterChart,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes

DPI = 200
TEXT = "#1f2933"


def _bars(ax: Axes, chart: BarChart) -> None:
    labels = [r.label for r in chart.rows]
    positions = list(range(len(chart.rows)))[::-1]
    for y, row in zip(positions, chart.rows, strict=True):
        left = 0.0
        for seg in row.segments:
            ax.barh(y, seg.value, left=left, color=seg.colour, edgecolor="white", height=0.6)
            left += seg.value
        if row.previous is not None:
            ax.barh(y, row.previous, fill=False, edgecolor="#555555", linestyle="--", height=0.8)
        if row.target is not None:
            ax.vlines(row.target, y - 0.4, y + 0.4, color=TEXT, linewidth=2.5)
        ax.text(chart.maximum * 1.02, y, row.text, va="center", fontsize=9, color=TEXT)
    ax.set_yticks(positions, labels, fontsize=9)
    ax.set_xlim(0, chart.maximum * 1.25)
    # The extra width holds the value labels; the axis itself ends at the scale's top.
    ax.set_xticks([t for t in ax.get_xticks() if 0 <= t <= chart.maximum])
    ax.set_xlabel(chart.axis, fontsize=9)
    ax.grid(axis="x", color="#d9e2ec")
    ax.set_axisbelow(True)
    _legend(ax, chart.legend)


def _curve(ax: Axes, chart: CurveChart, theme: Theme) -> None:
    ax.axvspan(0, chart.highlight, color=theme.accent, alpha=0.18, linewidth=0)
    ax.plot([0, *chart.ranks], [0.0, *chart.values], color=theme.primary, linewidth=2.5)
    ax.annotate(
        chart.note,
        (chart.highlight, chart.values[chart.ranks.index(chart.highlight)]),
        xytext=(10, -18),
        textcoords="offset points",
        fontsize=10,
        fontweight="bold",
        color=TEXT,
    )
    ax.set_xlim(0, chart.count)
    ax.set_ylim(0, 100)
    ax.set_xlabel(chart.axis_x, fontsize=9)
    ax.set_ylabel(chart.axis_y, fontsize=9)
    ax.grid(axis="y", color="#d9e2ec")


def _scatter(ax: Axes, chart: ScatterChart) -> None:
    biggest = max(p.revenue for p in chart.points) or 1.0
    for p in chart.points:
        size = 60 + 900 * max(p.revenue, 0) / biggest
        colour = HEALTH_COLOURS.get(p.health, "#999999")
        ax.scatter(p.execution, p.potential, s=size, color=colour, alpha=0.8, edgecolors=TEXT)
        ax.annotate(p.name, (p.execution, p.potential), fontsize=8, ha="center", va="bottom")
    ax.axhline(chart.cut_y, color="#d9e2ec")
    ax.axvline(chart.cut_x, color="#d9e2ec")
    ax.set_xlim(0, 100)
    ax.set_ylim(0, 100)
    ax.set_xlabel(chart.axis_x, fontsize=9)
    ax.set_ylabel(chart.axis_y, fontsize=9)
    _legend(ax, chart.legend)


def _lines(ax: Axes, chart: LineChart) -> None:
    positions = list(range(len(chart.dates)))
    for line in chart.lines:
        ax.plot(
            positions,
            line.values,
            color=line.colour,
            linewidth=3.0 if line.bold else 1.8,
            marker="o",
            markersize=4,
        )
    every = max(1, -(-len(positions) // 8))
    shown = sorted({*positions[::every], positions[-1]})
    ax.set_xticks(shown, [chart.dates[i] for i in shown], fontsize=8)
    ax.set_ylim(chart.minimum, chart.maximum)
    ax.tick_params(axis="y", labelsize=9)
    ax.set_ylabel(chart.axis_y, fontsize=9)
    ax.grid(axis="y", color="#d9e2ec")
    # Dimension names are long: three to a legend row keeps the legend inside the page.
    _legend(ax, tuple((line.label, line.colour) for line in chart.lines), columns=3)


def _legend(ax: Axes, items: tuple[tuple[str, str], ...], columns: int | None = None) -> None:
    from matplotlib.patches import Patch

    handles = [Patch(color=colour, label=label) for label, colour in items]
    ax.legend(
        handles=handles,
        loc="lower center",
        bbox_to_anchor=(0.5, 1.0),
        ncol=columns or len(handles),
        fontsize=8,
        frameon=False,
    )


def to_png(chart: Chart, theme: Theme, width: float = 7.5) -> bytes:
    """The chart as a PNG `width` inches wide, titled, labelled, on white."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    rows = len(chart.rows) if isinstance(chart, BarChart) else 8
    figure = Figure(figsize=(width, max(2.6, 0.45 * rows + 1.6)), dpi=DPI)
    FigureCanvasAgg(figure)
    ax = figure.add_subplot()
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if isinstance(chart, BarChart):
        _bars(ax, chart)
    elif isinstance(chart, CurveChart):
        _curve(ax, chart, theme)
    elif isinstance(chart, LineChart):
        _lines(ax, chart)
    else:
        _scatter(ax, chart)
    figure.suptitle(chart.title, x=0.01, ha="left", fontsize=12, fontweight="bold", color=TEXT)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", facecolor="white", metadata={"Title": chart.title})
    return buffer.getvalue()
