"""Change since the last assessment, and a benchmark among other organisations, both computed
from stored reports (generator/history.py) and the report just drafted.

A plan action's measure is compared only where a KPI of both reports measures the same thing:
the action's metric, without its parenthesised unit, must name that KPI. Anything else is "not
measurable from this input", rather than a guess from a loosely related figure.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from generator.report import (
    ActionReview,
    AssessmentReport,
    Benchmark,
    PartnerChange,
    Percentile,
    PlanRow,
    ScoreChange,
    ScorePoint,
    Trend,
    plan_rows,
    report_framework,
)

BENCHMARK_MINIMUM = 5

# KPI field of Kpis -> the metric names that mean it (normalised: casefolded, hyphens and
# apostrophes as spaces, parenthesised units dropped).
KPI_NAMES: dict[str, tuple[str, ...]] = {
    "active_rate_pct": ("active partner rate", "active partners rate", "share of active partners"),
    "active_partners": ("active partners", "number of active partners"),
    "partner_revenue": ("partner sourced revenue", "partner revenue"),
    "partner_revenue_share_pct": (
        "partner sourced revenue share",
        "partner revenue share",
        "share of revenue from partners",
    ),
    "partner_pipeline": ("partner pipeline", "partner sourced pipeline"),
    "deals": ("deals", "deals closed", "partner deals"),
    "average_satisfaction": (
        "partner satisfaction",
        "satisfaction",
        "average satisfaction",
        "average partner satisfaction",
    ),
    "engagement_score": ("engagement score", "partner engagement score", "partner engagement"),
    "top1_share_pct": (
        "top partner share of partner revenue",
        "top partner share of revenue",
        "top partner s share of revenue",
        "top partner share",
    ),
    "top5_share_pct": ("top five partners share", "top 5 partners share"),
    "hhi": ("hhi", "revenue concentration"),
    "total_partners": ("partners", "number of partners", "partner count"),
}
_BY_NAME = {name: kpi for kpi, names in KPI_NAMES.items() for name in names}
# Survey ratings are measures too: "Partner rating of resources (0-10)".
_RATING_NAMES = ("partner rating of {}", "{} rating", "partner {} rating")
LOWER_IS_BETTER = {"top1_share_pct", "top5_share_pct", "hhi"}
_PARENTHESES = re.compile(r"\([^()]*\)")


def _normalise(metric: str) -> str:
    text = _PARENTHESES.sub(" ", metric.casefold())
    text = text.replace("-", " ").replace("'", " ").replace("\u2019", " ")
    return " ".join(text.replace("%", " ").split())


def measures(report: AssessmentReport) -> dict[str, float]:
    """Every measure a report states: its KPIs and its survey ratings."""
    values = {
        k: float(v)
        for k, v in report.performance_dashboard.kpis.model_dump().items()
        if isinstance(v, int | float) and not isinstance(v, bool)
    }
    for item in report.enablement_gaps.feedback:
        if item.rating is not None:
            values[f"rating:{_normalise(item.area)}"] = item.rating
    return values


def kpi_for(metric: str, ratings: Sequence[str] = ()) -> str | None:
    name = _normalise(metric)
    if name in _BY_NAME:
        return _BY_NAME[name]
    for area in ratings:
        if any(name == pattern.format(area) for pattern in _RATING_NAMES):
            return f"rating:{area}"
    return None


def _review(
    action: str, metric: str, before: dict[str, float], after: dict[str, float]
) -> ActionReview:
    areas = [k.removeprefix("rating:") for k in before if k.startswith("rating:")]
    kpi = kpi_for(metric, areas)
    if kpi is None or kpi not in before or kpi not in after:
        return ActionReview(action=action, metric=metric, kpi=kpi, status="not_measurable")
    old, new = before[kpi], after[kpi]
    if round(new - old, 6) == 0:
        status = "unchanged"
    else:
        better = new < old if kpi in LOWER_IS_BETTER else new > old
        status = "improved" if better else "worsened"
    return ActionReview(action=action, metric=metric, kpi=kpi, before=old, after=new, status=status)


def _reviewed(row: PlanRow, names: dict[str, str]) -> str:
    """The action as the review names it: a one-action plan's with what it was for and when it
    was due ("Governance: ... (within 45 days)"); a horizon's as it was written."""
    if row.key != "actions":
        return row.action.action
    about = row.about(names)
    return f"{about + ': ' if about else ''}{row.action.action} ({row.when.lower()})"


def _change(dimension: str | None, before: float, after: float) -> ScoreChange:
    return ScoreChange(
        dimension=dimension,
        before=before,
        after=after,
        delta=round(after - before, 1),
    )


def point(report: AssessmentReport) -> ScorePoint:
    return ScorePoint(
        assessed_on=report.assessed_on,
        overall=report.executive_summary.overall_score,
        scores={e.dimension: e.score for e in report.scorecard},
    )


def trend(current: AssessmentReport, earlier: Sequence[AssessmentReport]) -> Trend | None:
    """The change from the latest of `earlier` (oldest first) to `current`; None without one."""
    if not earlier:
        return None
    last = earlier[-1]
    before = {e.dimension: e.score for e in last.scorecard}
    dimensions = [
        _change(e.dimension, before[e.dimension], e.score)
        for e in current.scorecard
        if e.dimension in before
    ]
    health_then = {p.name.casefold(): p for p in last.portfolio_map.partners}
    health_now = {p.name.casefold(): p for p in current.portfolio_map.partners}
    partners = [
        PartnerChange(
            name=p.name,
            aspect="health",
            before=health_then[k].health if k in health_then else None,
            after=p.health,
        )
        for k, p in health_now.items()
        if k not in health_then or health_then[k].health != p.health
    ]
    # A partner gone from a roster that is still given has left; with no roster now, unknown.
    if health_now:
        partners += [
            PartnerChange(name=p.name, aspect="health", before=p.health, after=None)
            for k, p in health_then.items()
            if k not in health_now
        ]
    then_measures, now_measures = measures(last), measures(current)
    # Named by the current report's framework: the history compares reports of one framework.
    names = {d.id: d.name for d in report_framework(current).dimensions}
    actions = [
        _review(_reviewed(row, names), row.action.metric, then_measures, now_measures)
        for row in plan_rows(last.plan)
    ]
    return Trend(
        since=last.assessed_on,
        overall=_change(
            None, last.executive_summary.overall_score, current.executive_summary.overall_score
        ),
        dimensions=dimensions,
        partners=partners,
        actions=actions,
        series=[point(r) for r in (*earlier, current)],
    )


def percentile(value: float, sample: Sequence[float]) -> float:
    """Share of the sample below the value, ties counting half (mid-rank), in percent."""
    below = sum(1 for s in sample if s < value)
    ties = sum(1 for s in sample if s == value)
    return round(100 * (below + ties / 2) / len(sample), 1)


def benchmark(
    current: AssessmentReport, sample: Sequence[AssessmentReport], group: str
) -> Benchmark:
    """Percentiles among the sample, given only from BENCHMARK_MINIMUM reports on."""
    result = Benchmark(group=group, sample_size=len(sample), minimum=BENCHMARK_MINIMUM)
    if len(sample) < BENCHMARK_MINIMUM:
        return result
    overall = [r.executive_summary.overall_score for r in sample]
    result.percentiles.append(
        Percentile(
            dimension=None, percentile=percentile(current.executive_summary.overall_score, overall)
        )
    )
    for entry in current.scorecard:
        scores = [e.score for r in sample for e in r.scorecard if e.dimension == entry.dimension]
        if len(scores) >= BENCHMARK_MINIMUM:
            result.percentiles.append(
                Percentile(dimension=entry.dimension, percentile=percentile(entry.score, scores))
            )
    return result
