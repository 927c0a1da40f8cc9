"""Weighted 0-100 scores from factor rules, shared by the investment and engagement lenses.

A factor whose input is absent is "not given": it drops out, and the score rests on the given
factors' weight, which it reports as a share. Below the rules' minimum share there is no score.
Scores are computed from the factor values as shown (one decimal), so a reader can redo the sum.
"""

from __future__ import annotations

import functools
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from generator.formatting import money, number, pct
from generator.inputs import Partner, name_key
from generator.lenses.rules import Factor, LensRules, ScoreRules

NOT_GIVEN = "not given"
MONEY_FIELDS = frozenset({"revenue", "pipeline", "investment"})
_PARTNER_WORDS = (" partners", " partner")


@dataclass(frozen=True)
class RosterContext:
    """What a factor needs beyond its own partner's row."""

    assessed_on: date
    currency: str
    # The roster's mean of each figure scored relative to it, over the partners that give it.
    means: dict[str, float]
    # Whether any partner has a satisfaction reading, i.e. a survey was run.
    survey_run: bool
    targets: tuple[str, ...]


def roster_context(
    partners: Sequence[Partner],
    rules: LensRules,
    assessed_on: date,
    currency: str = "USD",
    targets: Sequence[str] = (),
) -> RosterContext:
    relative = {
        name
        for score in (rules.investment.potential, rules.investment.execution, rules.engagement)
        for factor in score.factors.values()
        if factor.rule == "relative"
        for name in factor.fields
    }
    means = {}
    for name in sorted(relative):
        given = [float(getattr(p, name)) for p in partners if getattr(p, name) is not None]
        if given:
            means[name] = statistics.fmean(given)
    return RosterContext(
        assessed_on=assessed_on,
        currency=currency,
        means=means,
        survey_run=any(p.satisfaction is not None for p in partners),
        targets=tuple(t for t in targets if t.strip()),
    )


class Score(BaseModel):
    """A 0-100 score with its components. Plain mappings, not a model per component: a
    20,000-partner roster has some 320,000 components, and a model each cost seconds."""

    # Frozen, as are the lens rows holding it: the report shares them with the facts rather
    # than copying some 300,000 objects at 20,000 partners (see drafting.engine.draft_report).
    model_config = ConfigDict(frozen=True)
    value: float | None = Field(
        default=None, description="0-100, one decimal; None below the minimum share."
    )
    given_pct: float = Field(description="Share of the score's weight resting on given inputs.")
    min_given_pct: float
    factors: dict[str, float | None] = Field(
        description="Component id -> 0-100, or None when its input is not given."
    )
    missing: tuple[str, ...] = Field(
        description="Names of the components whose input is not given."
    )

    def describe(self) -> str:
        """'72' or '72 (on 80% of its inputs; not given: tier)' or 'not given (...)'."""
        if self.value is None:
            return (
                f"not given (inputs behind {pct(self.given_pct)} of it, needs "
                f"{pct(self.min_given_pct)}; not given: {', '.join(self.missing)})"
            )
        if not self.missing:
            return number(self.value)
        return (
            f"{number(self.value)} (on {pct(self.given_pct)} of its inputs; not given: "
            f"{', '.join(self.missing)})"
        )


def show(field: str, value: Any, ctx: RosterContext) -> str:
    """A roster value as a reader would write it."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return f"{value.isoformat()} ({(ctx.assessed_on - value).days} days ago)"
    if isinstance(value, str):
        return value
    if field in MONEY_FIELDS:
        return money(value, ctx.currency)
    if field == "qbr_attended":
        return pct(value * 100)
    return number(value)


@functools.lru_cache(maxsize=4096)
def target_key(text: str) -> str:
    # Cached: a roster repeats a few regions, types and tiers across thousands of partners.
    key = name_key(text)
    for word in _PARTNER_WORDS:
        key = key.removesuffix(word)
    return key


def matched_target(partner: Partner, targets: Sequence[str]) -> str | None:
    """The first target naming the partner's region, type or tier, compared whole."""
    own = {target_key(v) for v in (partner.region, partner.type, partner.tier) if v}
    return next((t for t in targets if target_key(t) in own), None)


def _is_type_target(target: str) -> bool:
    return target_key(target) in {"strategic", "channel", "technology", "referral", "service"}


def _linear(value: float, full_at: float) -> float:
    return min(100.0, value / full_at * 100)


def _evaluate(
    p: Partner, factor: Factor, lens: LensRules, ctx: RosterContext
) -> tuple[float | None, str, str]:
    """(value 0-100 or None, the inputs shown, the rule in words)."""
    values = [getattr(p, name) for name in factor.fields]
    shown = "; ".join(
        f"{name} {show(name, v, ctx)}"
        for name, v in zip(factor.fields, values, strict=True)
        if v is not None
    )
    first = values[0]
    full_at = factor.full_at or 1.0
    match factor.rule:
        case "goal_fit":
            rule = "100 in a region, type or tier the client targets, else 0"
            if not ctx.targets:
                return None, "no targets given", rule
            hit = matched_target(p, ctx.targets)
            if hit:
                return 100.0, f"{shown}: target {hit!r}", rule
            if p.region is None and not all(_is_type_target(t) for t in ctx.targets):
                return None, "region not given", rule
            return 0.0, f"{shown}: not among the targets", rule
        case "count":
            rule = f"100 at {number(full_at)} or more, in proportion below"
            return (
                (None, NOT_GIVEN, rule) if first is None else (_linear(first, full_at), shown, rule)
            )
        case "tier":
            rule = "the tier's score in lenses.yaml tier_scores"
            if first is None:
                return None, NOT_GIVEN, rule
            scores = {target_key(k): v for k, v in lens.investment.tier_scores.items()}
            tier_score = scores.get(target_key(first))
            if tier_score is None:
                return None, f"tier {first!r} is not on the tier scale", rule
            return tier_score, shown, rule
        case "ratio":
            a, b = values[0], values[1]
            rule = f"{factor.fields[0]} / {factor.fields[1]}: 100 at {number(full_at)} or more"
            if a is None or b is None:
                return None, shown or NOT_GIVEN, rule
            if b == 0:
                return (100.0 if a > 0 else 0.0), shown, rule
            return _linear(a / b, full_at), f"{shown} ({a / b:.2f}x)", rule
        case "flag":
            rule = "yes 100, no 0"
            if first is None:
                return None, NOT_GIVEN, rule
            return (100.0 if first else 0.0), shown, rule
        case "relative":
            mean = ctx.means.get(factor.fields[0])
            if first is None or mean is None:
                return None, NOT_GIVEN, "against the roster mean"
            rule = (
                f"100 at {lens.relative_full_at:g}x the roster mean "
                f"{show(factor.fields[0], mean, ctx)}"
            )
            if mean == 0:
                return 0.0, shown, rule
            return _linear(first, mean * lens.relative_full_at), shown, rule
        case "recency":
            full, zero = lens.full_within_days, lens.zero_after_days
            rule = f"100 within {full} days, 0 after {zero}, in proportion between"
            if first is None:
                return None, NOT_GIVEN, rule
            days = (ctx.assessed_on - first).days
            value = 100.0 if days <= full else max(0.0, (zero - days) / (zero - full) * 100)
            return value, shown, rule
        case "reading":
            # Imported here: the report holds lens models, and evidence imports the report.
            from generator.evidence.roster import ENGAGEMENT_LABEL_SCORES, engagement_score

            labels = ", ".join(f"{k} {v:g}" for k, v in ENGAGEMENT_LABEL_SCORES.items())
            rule = f"a score as given; {labels}"
            reading = engagement_score(first)
            return (None, NOT_GIVEN, rule) if reading is None else (reading, shown, rule)
        case "activity":
            rule = "100 when any is above zero"
            given = [v for v in values if v is not None]
            if not given:
                return None, NOT_GIVEN, rule
            return (100.0 if any(v > 0 for v in given) else 0.0), shown, rule
        case "answered":
            rule = "100 when answered; 0 when others answered and it did not"
            if first is not None:
                return 100.0, shown, rule
            if ctx.survey_run:
                return 0.0, "no reading while others answered", rule
            return None, "no survey in the roster", rule
        case "share":
            rule = "the share as 0-100"
            return (None, NOT_GIVEN, rule) if first is None else (first * 100, shown, rule)
    raise AssertionError(f"rule {factor.rule!r} has no evaluator")  # pragma: no cover


def score_inputs(
    partner: Partner, rules: ScoreRules, lens: LensRules, ctx: RosterContext
) -> dict[str, str]:
    """Component id -> its inputs as the roster gives them, or why not given. Computed on
    demand, not kept in each Score: the roster's own columns as text, per partner, were some
    17 MB at 20,000 partners and no report prints them."""
    return {
        factor_id: _evaluate(partner, factor, lens, ctx)[1]
        for factor_id, factor in rules.factors.items()
    }


def score(partner: Partner, rules: ScoreRules, lens: LensRules, ctx: RosterContext) -> Score:
    values: dict[str, float | None] = {}
    missing: list[str] = []
    given_weight = weighted = 0.0
    for factor_id, factor in rules.factors.items():
        value, _, _ = _evaluate(partner, factor, lens, ctx)
        if value is None:
            values[factor_id] = None
            missing.append(factor.name)
            continue
        values[factor_id] = rounded = round(value, 1)
        given_weight += factor.weight
        weighted += factor.weight * rounded
    given_pct = round(given_weight / rules.total_weight * 100, 1)
    total = None
    if given_weight and given_pct >= rules.min_given_pct:
        total = round(weighted / given_weight, 1)
    # Built from code's own numbers, so pydantic's checks are skipped: this runs per partner.
    return Score.model_construct(
        value=total,
        given_pct=given_pct,
        min_given_pct=rules.min_given_pct,
        factors=values,
        missing=tuple(missing),
    )


def formula(rules: ScoreRules, name: str) -> str:
    """The score as a printable formula, generated from the same weights that compute it."""
    terms = " + ".join(f"{f.weight:g} x {f.name}" for f in rules.factors.values())
    return (
        f"{name} = ({terms}) / the weight of the given components; each component 0-100; "
        f"a component without its input is left out, and with under "
        f"{pct(rules.min_given_pct)} of the weight given there is no score"
    )
