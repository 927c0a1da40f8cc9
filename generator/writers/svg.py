"""Charts as inline SVG for HTML and PDF, drawn by hand.

matplotlib draws the same charts for Word and slides (writers/png.py), but importing it costs
about half a second, and every default run's HTML carries charts; these few shapes cost nothing
to write. The SVG holds no links, scripts or external references (`<use href>` included), so it
passes a strict Content-Security-Policy and prints as it shows. All text is XML-escaped.
"""

from __future__ import annotations

from html import escape

from generator.theme import Theme
from generator.writers.charts import (
    HEALTH_COLOURS,
    BarChart,
    Chart,
    CurveChart,
    LineChart,
    ScatterChart,
)

WIDTH = 720
ROW = 30
TEXT = "#1f2933"
GRID = "#d9e2ec"
CHAR_WIDTH = 6.6  # average width of a 12px sans-serif character, for laying out labels


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _text(
    x: float, y: float, body: str, anchor: str = "start", size: int = 12, **extra: str
) -> str:
    attributes = "".join(f' {k.replace("_", "-")}="{_e(v)}"' for k, v in extra.items())
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
        f'fill="{TEXT}"{attributes}>{_e(body)}</text>'
    )


def _frame(chart: Chart, height: float, theme: Theme, body: list[str]) -> str:
    ids = f"chart-{chart.key}"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {height:.0f}" '
        f'role="img" aria-labelledby="{ids}-title {ids}-desc" data-chart="{chart.key}" '
        f'font-family="{_e(theme.font)}, DejaVu Sans, sans-serif">'
        f'<title id="{ids}-title">{_e(chart.title)}</title>'
        f'<desc id="{ids}-desc">{_e(chart.alt)}</desc>'
        + _text(0, 18, chart.title, size=15, font_weight="bold")
        + "".join(body)
        + "</svg>"
    )


def _legend(items: tuple[tuple[str, str], ...], y: float) -> list[str]:
    out, x = [], 0.0
    for label, colour in items:
        out.append(f'<rect x="{x:.1f}" y="{y - 10:.1f}" width="12" height="12" fill="{colour}"/>')
        out.append(_text(x + 17, y, label, size=11))
        x += 34 + len(label) * CHAR_WIDTH
    return out


def _wrapped_legend(items: tuple[tuple[str, str], ...], y: float) -> tuple[list[str], float]:
    """A legend over as many rows as it needs, and the y of its last row."""
    out, x = [], 0.0
    for label, colour in items:
        width = 34 + len(label) * CHAR_WIDTH
        if x and x + width > WIDTH:
            x, y = 0.0, y + 18
        out.append(f'<rect x="{x:.1f}" y="{y - 10:.1f}" width="12" height="12" fill="{colour}"/>')
        out.append(_text(x + 17, y, label, size=11))
        x += width
    return out, y


def _ticks(maximum: float, most: int = 8) -> list[float]:
    """Round axis ticks from 0 (steps of 1, 2 or 5 times a power of ten), at most `most`."""
    step = 1.0
    while maximum / step > most:
        for factor in (2, 2.5, 2):
            step *= factor
            if maximum / step <= most:
                break
    return [i * step for i in range(int(maximum / step) + 1)]


def _bars(chart: BarChart, theme: Theme) -> str:
    label_w = min(260.0, max(len(r.label) for r in chart.rows) * CHAR_WIDTH + 12)
    left, right, top = label_w, WIDTH - 110, 52.0
    scale = (right - left) / chart.maximum
    body = _legend(chart.legend, 40)
    bottom = top + ROW * len(chart.rows)
    for tick in _ticks(chart.maximum):
        x = left + tick * scale
        body.append(
            f'<line x1="{x:.1f}" y1="{top:.1f}" x2="{x:.1f}" y2="{bottom:.1f}" stroke="{GRID}"/>'
        )
        body.append(_text(x, bottom + 14, f"{tick:,g}", "middle", 11))
    for i, row in enumerate(chart.rows):
        y = top + i * ROW
        body.append(_text(left - 8, y + 19, row.label, "end"))
        x = left
        for seg in row.segments:
            w = seg.value * scale
            body.append(
                f'<rect x="{x:.1f}" y="{y + 6:.1f}" width="{w:.1f}" height="{ROW - 12}" '
                f'fill="{seg.colour}" stroke="#ffffff"><title>{_e(seg.label)}: {seg.value:g}</title></rect>'
            )
            x += w
        if row.previous is not None:
            px = left + row.previous * scale
            body.append(
                f'<rect x="{left:.1f}" y="{y + 3:.1f}" width="{px - left:.1f}" height="{ROW - 6}" '
                f'fill="none" stroke="#555555" stroke-dasharray="4 3"/>'
            )
        if row.target is not None:
            tx = left + row.target * scale
            body.append(
                f'<line x1="{tx:.1f}" y1="{y + 2:.1f}" x2="{tx:.1f}" y2="{y + ROW - 2:.1f}" '
                f'stroke="{TEXT}" stroke-width="2.5"/>'
            )
        body.append(_text(right + 8, y + 19, row.text))
    body.append(_text((left + right) / 2, bottom + 30, chart.axis, "middle", 11))
    return _frame(chart, bottom + 40, theme, body)


def _curve(chart: CurveChart, theme: Theme) -> str:
    left, right, top, bottom = 60.0, WIDTH - 20.0, 40.0, 290.0
    step = (right - left) / chart.count

    def at(i: int, share: float) -> tuple[float, float]:
        return left + i * step, bottom - share / 100 * (bottom - top)

    body = [
        f'<rect x="{left:.1f}" y="{top:.1f}" width="{chart.highlight * step:.1f}" '
        f'height="{bottom - top:.1f}" fill="{theme.accent}" fill-opacity="0.18"/>'
    ]
    for share in range(0, 101, 25):
        _, y = at(0, share)
        body.append(
            f'<line x1="{left:.1f}" y1="{y:.1f}" x2="{right:.1f}" y2="{y:.1f}" stroke="{GRID}"/>'
        )
        body.append(_text(left - 6, y + 4, f"{share}%", "end", 11))
    points = " ".join(
        f"{x:.1f},{y:.1f}"
        for x, y in [at(0, 0)] + [at(r, v) for r, v in zip(chart.ranks, chart.values, strict=True)]
    )
    body.append(
        f'<polyline points="{points}" fill="none" stroke="{theme.primary}" stroke-width="2.5"/>'
    )
    hx, hy = at(chart.highlight, chart.values[chart.ranks.index(chart.highlight)])
    body.append(
        f'<circle cx="{hx:.1f}" cy="{hy:.1f}" r="5" fill="{theme.accent}" stroke="{TEXT}"/>'
    )
    body.append(_text(min(hx + 10, right - 250), hy + 18, chart.note, size=12, font_weight="bold"))
    body.append(_text((left + right) / 2, bottom + 20, chart.axis_x, "middle", 11))
    body.append(_axis_y(chart.axis_y, top, bottom))
    return _frame(chart, bottom + 30, theme, body)


def _scatter(chart: ScatterChart, theme: Theme) -> str:
    left, right, top, bottom = 60.0, WIDTH - 20.0, 50.0, 370.0
    biggest = max(p.revenue for p in chart.points) or 1.0

    # The largest circle's radius inside the frame, so a partner at 100 is not cut off.
    pad = 26.0

    def at(execution: float, potential: float) -> tuple[float, float]:
        return (
            left + pad + execution / 100 * (right - left - 2 * pad),
            bottom - pad - potential / 100 * (bottom - top - 2 * pad),
        )

    body = _legend(chart.legend, 38)
    mx, my = at(chart.cut_x, chart.cut_y)
    body.append(
        f'<rect x="{left:.1f}" y="{top:.1f}" width="{right - left:.1f}" height="{bottom - top:.1f}" fill="none" stroke="{GRID}"/>'
    )
    body.append(
        f'<line x1="{mx:.1f}" y1="{top:.1f}" x2="{mx:.1f}" y2="{bottom:.1f}" stroke="{GRID}"/>'
    )
    body.append(
        f'<line x1="{left:.1f}" y1="{my:.1f}" x2="{right:.1f}" y2="{my:.1f}" stroke="{GRID}"/>'
    )
    # Partners on the same spot (three dormant ones at zero) share one label: "A +2".
    labels: dict[tuple[int, int], list[str]] = {}
    for p in sorted(chart.points, key=lambda p: -p.revenue):
        x, y = at(p.execution, p.potential)
        r = 5 + 20 * (max(p.revenue, 0) / biggest) ** 0.5
        body.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{HEALTH_COLOURS.get(p.health, GRID)}" '
            f'fill-opacity="0.8" stroke="{TEXT}"><title>{_e(p.name)}</title></circle>'
        )
        labels.setdefault((round(x), round(y - r - 3)), []).append(p.name)
    # Largest first, a label that would overlap one already placed is left to the circle's
    # tooltip and the chart's description, which name every partner.
    placed: list[tuple[float, float, float, float]] = []
    for (x, y), names in labels.items():
        more = f" +{len(names) - 1}" if len(names) > 1 else ""
        label = names[0] + more
        width = 5.2 * len(label)
        # Near an edge the label runs inwards, so it stays inside the chart.
        anchor = "end" if x > right - 90 else "start" if x < left + 90 else "middle"
        x0 = x - width if anchor == "end" else x if anchor == "start" else x - width / 2
        box = (x0, y - 10, x0 + width, y + 2)
        if any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in placed):
            continue
        placed.append(box)
        body.append(_text(x, y, label, anchor, 10))
    for tick in (0, 25, 50, 75, 100):
        tx, ty = at(tick, tick)
        body.append(_text(tx, bottom + 12, f"{tick}", "middle", 9))
        body.append(_text(left - 6, ty + 3, f"{tick}", "end", 9))
    body.append(_text((left + right) / 2, bottom + 26, chart.axis_x, "middle", 11))
    body.append(_axis_y(chart.axis_y, top, bottom))
    return _frame(chart, bottom + 36, theme, body)


MAX_DATE_LABELS = 8


def _lines(chart: LineChart, theme: Theme) -> str:
    body, last = _wrapped_legend(tuple((line.label, line.colour) for line in chart.lines), 40)
    left, right, top = 60.0, WIDTH - 20.0, last + 16
    bottom = top + 244
    count = len(chart.dates)
    span = chart.maximum - chart.minimum or 1.0

    def at(i: int, value: float) -> tuple[float, float]:
        x = left + (i / (count - 1) if count > 1 else 0.5) * (right - left)
        return x, bottom - (value - chart.minimum) / span * (bottom - top)

    for level in range(int(chart.minimum), int(chart.maximum) + 1):
        _, y = at(0, level)
        body.append(
            f'<line x1="{left:.1f}" y1="{y:.1f}" x2="{right:.1f}" y2="{y:.1f}" stroke="{GRID}"/>'
        )
        body.append(_text(left - 6, y + 4, f"{level:g}", "end", 11))
    # Long histories label a sample of dates, always the first and the last.
    every = max(1, -(-count // MAX_DATE_LABELS))
    for i, day in enumerate(chart.dates):
        if i % every == 0 or i == count - 1:
            x, _ = at(i, chart.minimum)
            body.append(_text(x, bottom + 16, day, "middle", 10))
    for line in chart.lines:
        points = [at(i, v) for i, v in enumerate(line.values)]
        width = 3.5 if line.bold else 2.0
        body.append(
            f'<polyline points="{" ".join(f"{x:.1f},{y:.1f}" for x, y in points)}" fill="none" '
            f'stroke="{line.colour}" stroke-width="{width}"/>'
        )
        for (x, y), value, day in zip(points, line.values, chart.dates, strict=True):
            body.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{line.colour}">'
                f"<title>{_e(line.label)} {_e(day)}: {value:.1f}</title></circle>"
            )
    body.append(_axis_y(chart.axis_y, top, bottom))
    return _frame(chart, bottom + 30, theme, body)


def _axis_y(label: str, top: float, bottom: float) -> str:
    """The vertical axis title, turned to read bottom-up beside the plot."""
    middle = (top + bottom) / 2
    return _text(14, middle, label, "middle", 11, transform=f"rotate(-90 14 {middle:.1f})")


def to_svg(chart: Chart, theme: Theme) -> str:
    if isinstance(chart, BarChart):
        return _bars(chart, theme)
    if isinstance(chart, CurveChart):
        return _curve(chart, theme)
    if isinstance(chart, LineChart):
        return _lines(chart, theme)
    return _scatter(chart, theme)
