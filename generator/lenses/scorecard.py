"""The balanced scorecard: financial, operational and strategic measures, each leading or
lagging, with its value from the roster, the target the goals give and a status. The measures
and the status rule come from lenses.yaml (scorecard)."""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from generator.formatting import money, number, pct
from generator.inputs import Partner
from generator.lenses.engagement import EngagementView, engagement_view
from generator.lenses.investment import partner_cost
from generator.lenses.rules import Group, Kind, LensRules, Measure, Unit
from generator.lenses.scoring import matched_target

Status = Literal["on track", "near", "behind", "no target", "not given"]


class MeasureResult(BaseModel):
    id: str
    name: str
    group: Group
    kind: Kind
    unit: Unit
    source: str
    value: float | None = None
    shown: str
    basis: str
    target: float | None = None
    target_shown: str = Field(default="", description="The target in the measure's unit.")
    status: Status


class Scorecard(BaseModel):
    measures: list[MeasureResult]

    def group(self, name: Group) -> list[MeasureResult]:
        return [m for m in self.measures if m.group == name]

    def kinds(self) -> dict[Kind, int]:
        return {k: sum(1 for m in self.measures if m.kind == k) for k in ("leading", "lagging")}


def _given(partners: Sequence[Partner], field: str) -> list[float]:
    return [float(getattr(p, field)) for p in partners if getattr(p, field) is not None]


def _of(count: int, what: str = "partners that give it") -> str:
    return f"over {count} {what}"


def _value(
    measure: Measure,
    partners: Sequence[Partner],
    rules: LensRules,
    assessed_on: date,
    targets: Sequence[str],
    hourly_rate: float | None,
    engagement: EngagementView | None,
) -> tuple[float | None, str]:
    """(value, what it rests on); None when the roster lacks the figure."""
    field = measure.fields[0]
    match measure.compute:
        case "sum":
            given = _given(partners, field)
            return (sum(given), _of(len(given))) if given else (None, f"no {field} given")
        case "mean" | "mean_share":
            given = _given(partners, field)
            if not given:
                return None, f"no {field} given"
            scale = 100 if measure.compute == "mean_share" else 1
            return round(statistics.fmean(given) * scale, 1), _of(len(given))
        case "return_multiple":
            costed = [
                (p.revenue, cost.total)
                for p in partners
                if p.revenue is not None
                and (cost := partner_cost(p, hourly_rate)).total is not None
            ]
            spent = sum(c for _, c in costed if c is not None)
            if not spent:
                return None, "no support cost given"
            earned = sum(r for r, _ in costed if r is not None)
            return round(earned / spent, 2), _of(len(costed), "partners with revenue and cost")
        case "active_rate":
            days = [(assessed_on - p.last_activity).days for p in partners if p.last_activity]
            if not days:
                return None, "no activity dates given"
            active = sum(1 for d in days if d <= rules.scorecard.active_days)
            return (
                round(active / len(days) * 100, 1),
                f"activity in the last {rules.scorecard.active_days} days, "
                + _of(len(days), "partners with a date"),
            )
        case "win_rate":
            pairs = [
                (p.deals, p.registered_deals)
                for p in partners
                if p.deals is not None and p.registered_deals is not None
            ]
            registered = sum(r for _, r in pairs if r is not None)
            if not registered:
                return None, "no registered deals given"
            won = sum(d for d, _ in pairs if d is not None)
            return round(won / registered * 100, 1), _of(len(pairs), "partners with both")
        case "share_positive" | "share_true":
            given = _given(partners, field)
            if not given:
                return None, f"no {field} given"
            hits = sum(1 for v in given if v > 0)
            return round(hits / len(given) * 100, 1), _of(len(given))
        case "mean_engagement":
            # Scoring every partner again costs seconds at 20,000: callers pass the view.
            view = engagement or engagement_view(partners, rules, assessed_on=assessed_on)
            mean = view.mean
            return mean, "the per-partner engagement scores" if mean is not None else (
                "no partner has enough engagement inputs"
            )
        case "target_coverage":
            if not targets:
                return None, "no target regions or segments given"
            covered = [t for t in targets if any(matched_target(p, [t]) for p in partners)]
            return round(
                len(covered) / len(targets) * 100, 1
            ), f"{len(covered)} of {len(targets)} targets"
    raise AssertionError(f"compute {measure.compute!r} has no implementation")  # pragma: no cover


def shown(value: float | None, unit: Unit, currency: str) -> str:
    if value is None:
        return "not given"
    match unit:
        case "money":
            return money(value, currency)
        case "pct":
            return pct(value)
        case "multiple":
            return f"{value:g}x"
        case "rating10":
            return f"{value:g}/10"
    return number(value)


def status(value: float | None, target: float | None, rules: LensRules) -> Status:
    """Every measure is better higher: at or above target on track, within the near band near."""
    if value is None:
        return "not given"
    if target is None:
        return "no target"
    if value >= target:
        return "on track"
    if value >= target * (1 - rules.scorecard.near_target_pct / 100):
        return "near"
    return "behind"


def scorecard(
    partners: Sequence[Partner],
    rules: LensRules,
    *,
    assessed_on: date,
    targets: Mapping[str, float] | None = None,
    target_segments: Sequence[str] = (),
    hourly_rate: float | None = None,
    currency: str = "USD",
    engagement: EngagementView | None = None,
) -> Scorecard:
    """Every measure's value from the roster; `targets` maps measure ids to the goals' targets
    (percentages as 0-100, money in the input's currency); `engagement`, when the caller has
    the roster's engagement view already, saves scoring every partner twice."""
    targets = dict(targets or {})
    ids = {m.id for m in rules.scorecard.measures}
    unknown = sorted(set(targets) - ids)
    if unknown:
        raise ValueError(f"no scorecard measure {unknown[0]!r}; measures: {', '.join(sorted(ids))}")
    results = []
    for measure in rules.scorecard.measures:
        value, basis = _value(
            measure, partners, rules, assessed_on, target_segments, hourly_rate, engagement
        )
        target = targets.get(measure.id)
        results.append(
            MeasureResult(
                id=measure.id,
                name=measure.name,
                group=measure.group,
                kind=measure.kind,
                unit=measure.unit,
                source=", ".join(measure.fields),
                value=value,
                shown=shown(value, measure.unit, currency),
                basis=basis,
                target=target,
                target_shown=shown(target, measure.unit, currency) if target is not None else "",
                status=status(value, target, rules),
            )
        )
    return Scorecard(measures=results)
