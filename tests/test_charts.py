"""Chart hooks on the trend: the previous assessment on the scores chart, and scores over time."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from generator.api import assess
from generator.inputs import parse_input
from generator.report import AssessmentReport, ScoreChange, ScorePoint, Trend
from generator.theme import DEFAULT_THEME
from generator.writers.charts import LineChart, build_charts, scores_chart, trend_chart
from generator.writers.png import to_png
from generator.writers.svg import to_svg
from tests.conftest import MINIMAL


@pytest.fixture(scope="module")
def report() -> AssessmentReport:
    return assess(parse_input(MINIMAL), write=False).report


def with_trend(report: AssessmentReport, assessments: int) -> AssessmentReport:
    """The report with a trend over `assessments` stored assessments (this one the last),
    each earlier one half a point lower on every dimension."""
    now = {e.dimension: e.score for e in report.scorecard}
    overall = report.executive_summary.overall_score
    series = [
        ScorePoint(
            assessed_on=date(2026, 1 + i, 1),
            overall=overall - 0.5 * (assessments - 1 - i),
            scores={d: s - 0.5 * (assessments - 1 - i) for d, s in now.items()},
        )
        for i in range(assessments)
    ]
    earlier = series[-2]
    trend = Trend(
        since=earlier.assessed_on,
        overall=ScoreChange(dimension=None, before=earlier.overall, after=overall, delta=0.5),
        dimensions=[
            ScoreChange(dimension=d, before=earlier.scores[d], after=s, delta=0.5)
            for d, s in now.items()
        ],
        series=series,
    )
    return report.model_copy(update={"trend": trend})


def test_the_scores_chart_outlines_the_previous_assessment_only_when_there_is_one(
    report: AssessmentReport,
) -> None:
    alone = scores_chart(report)
    assert alone is not None
    assert all(r.previous is None for r in alone.rows)
    assert "previous assessment" not in dict(alone.legend)
    assert "dashed" not in alone.alt and "stroke-dasharray" not in to_svg(alone, DEFAULT_THEME)

    chart = scores_chart(with_trend(report, 2))
    assert chart is not None
    expected = [e.score - 0.5 for e in report.scorecard]
    assert [r.previous for r in chart.rows] == pytest.approx(expected)
    assert "previous assessment" in dict(chart.legend)
    assert "previous assessment of 2026-01-01" in chart.alt
    svg = to_svg(chart, DEFAULT_THEME)
    assert svg.count("stroke-dasharray") == len(report.scorecard)


def test_an_explicit_previous_wins_over_the_trend(report: AssessmentReport) -> None:
    first = report.scorecard[0].dimension
    chart = scores_chart(with_trend(report, 2), previous={first: 1.0})
    assert chart is not None
    assert [r.previous for r in chart.rows] == [1.0] + [None] * (len(chart.rows) - 1)


@pytest.mark.parametrize(("assessments", "drawn"), [(0, False), (2, False), (3, True), (12, True)])
def test_scores_over_time_from_three_assessments_on(
    report: AssessmentReport, assessments: int, drawn: bool
) -> None:
    dated = with_trend(report, assessments) if assessments else report
    keys = [c.key for c in build_charts(dated)]
    assert ("trend" in keys) is drawn
    chart = trend_chart(dated)
    if not drawn:
        assert chart is None
        return
    assert isinstance(chart, LineChart) and chart.section == "trend"
    assert len(chart.dates) == assessments and chart.dates[-1] == f"2026-{assessments:02d}-01"
    overall, *dimensions = chart.lines
    assert overall.label == "Overall" and overall.bold
    assert overall.values[-1] == pytest.approx(report.executive_summary.overall_score)
    assert len(dimensions) == len(report.scorecard)
    assert [d.values[-1] for d in dimensions] == pytest.approx([e.score for e in report.scorecard])
    assert f"over {assessments}" in chart.alt or "assessments" in chart.alt
    svg = to_svg(chart, DEFAULT_THEME)
    assert svg.count("<polyline") == len(chart.lines)
    assert svg.count("<circle") == len(chart.lines) * assessments
    assert "href" not in svg and "<script" not in svg


def test_a_dimension_without_earlier_scores_is_left_off_the_trend(
    report: AssessmentReport,
) -> None:
    dated = with_trend(report, 3)
    assert dated.trend is not None
    missing = report.scorecard[0].dimension
    dated.trend.series[0].scores.pop(missing)
    chart = trend_chart(dated)
    assert chart is not None
    assert len(chart.lines) == len(report.scorecard)  # overall plus all but one dimension


def test_scores_over_time_draws_as_png(report: AssessmentReport) -> None:
    chart = trend_chart(with_trend(report, 4))
    assert chart is not None
    assert to_png(chart, DEFAULT_THEME).startswith(b"\x89PNG")


def test_stored_assessments_reach_the_html_charts(tmp_path: Path) -> None:
    """Through the history: the second report outlines the first's scores, the third adds the
    scores-over-time chart to its trend section."""
    from generator.cli import main
    from tests.test_history import _variant

    for name, day, rating in (("a", "2026-11-02", "2"), ("b", "2027-05-03", "3")):
        path = _variant(tmp_path, name, day, rating)
        assert main(["run", str(path), "--out", name, "--quiet"]) == 0
    second = Path("b/report.html").read_text(encoding="utf-8")
    assert 'data-chart="scores"' in second and "stroke-dasharray" in second
    assert 'data-chart="trend"' not in second
    path = _variant(tmp_path, "c", "2027-11-01", "5")
    assert main(["run", str(path), "--out", "c", "--quiet"]) == 0
    third = Path("c/report.html").read_text(encoding="utf-8")
    assert 'data-chart="trend"' in third
    assert third.index("Change since the last assessment") < third.index('data-chart="trend"')
    assert "2026-11-02 to 2027-11-01" in third
