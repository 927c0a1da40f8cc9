"""The investment view: potential x execution per partner, a decision, and where the next dollar
goes. Rules and numbers come from lenses.yaml (investment)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from generator.formatting import join_names, money, number, pct, plural
from generator.inputs import Partner
from generator.lenses.rules import Decision, Health, LensRules, Move, QuadrantId
from generator.lenses.scoring import (
    RosterContext,
    Score,
    formula,
    matched_target,
    roster_context,
    score,
)

_MOVE_ORDER: tuple[Move, ...] = ("increase", "reduce", "hold")
_STEP_DOWN: dict[Move, Move] = {"increase": "hold", "hold": "reduce", "reduce": "reduce"}


class Cost(BaseModel):
    """What supporting the partner cost, money only: hours join only at the input's rate."""

    # Frozen, with the row holding it: the report shares the facts' rows (see scoring.Score).
    model_config = ConfigDict(frozen=True)

    investment: float | None = None
    support_hours: float | None = None
    hours_cost: float | None = Field(
        default=None, description="support_hours x hourly_rate; None without a rate."
    )
    total: float | None = Field(default=None, description="The money compared with revenue.")


class PartnerInvestment(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    health: Health | None = None
    revenue: float | None = None
    potential: Score
    execution: Score
    target: str | None = Field(
        default=None, description="The client target the partner sits in, if any."
    )
    quadrant: QuadrantId | None = None
    decision: Decision | None = None
    decision_reason: str = Field(description="Why the decision differs from its quadrant's.")
    cost: Cost
    roi: float | None = Field(
        default=None, description="Partner revenue per unit of support cost (x)."
    )
    roi_note: str
    move: Move | None = None
    rationale: str = Field(description="One line naming the figures behind the decision.")


class RankedMove(BaseModel):
    rank: int
    partner: str
    move: Move
    reason: str


class DecisionShare(BaseModel):
    decision: Decision
    partners: int
    cost_share_pct: float
    revenue_share_pct: float


class SupportSummary(BaseModel):
    """Support effort against return, over the partners whose cost is known."""

    costed_partners: int
    total_cost: float
    revenue: float
    return_multiple: float | None = None
    by_decision: list[DecisionShare]
    sentence: str


class MatrixInput(BaseModel):
    """The fields of writers.charts.MatrixPoint: MatrixPoint(**point.model_dump())."""

    name: str
    potential: float
    execution: float
    revenue: float
    health: str


class InvestmentView(BaseModel):
    partners: list[PartnerInvestment]
    moves: list[RankedMove]
    summary: SupportSummary | None = None
    notes: list[str] = Field(default_factory=list)
    formulas: list[str] = Field(
        default_factory=list, description="Potential, execution and the quadrant rule, printed."
    )

    def matrix_points(self) -> list[MatrixInput]:
        return [
            MatrixInput(
                name=p.name,
                potential=p.potential.value,
                execution=p.execution.value,
                revenue=p.revenue or 0.0,
                health=p.health,
            )
            for p in self.partners
            if p.potential.value is not None
            and p.execution.value is not None
            and p.health is not None
        ]


def recompute_quadrant(potential: float, execution: float, rules: LensRules) -> QuadrantId:
    """The quadrant two scores fall in: at or above a cut is high."""
    inv = rules.investment
    level = (
        "high" if potential >= inv.potential_cut else "low",
        "high" if execution >= inv.execution_cut else "low",
    )
    return next(
        quadrant_id
        for quadrant_id, q in inv.quadrants.items()
        if (q.potential, q.execution) == level
    )


def recompute_decision(
    quadrant: QuadrantId, health: Health | None, rules: LensRules
) -> tuple[Decision, str]:
    """The quadrant's decision, and the health guard's reason when it overrides "invest"."""
    inv = rules.investment
    decision = inv.quadrants[quadrant].decision
    guarded = next((d for state, d in inv.health_guard.items() if state == health), None)
    if decision == "invest" and guarded is not None and health is not None:
        state = health.replace("_", " ")
        return guarded, f"{state}: not invest without a stated reason"
    return decision, ""


def decision_problem(
    decision: Decision,
    quadrant: QuadrantId,
    health: Health | None,
    stated_reason: str,
    rules: LensRules,
) -> str | None:
    """What is wrong with a drafter's decision, or None. A drafter may depart from the rule with
    a stated reason, except that an at-risk or dormant partner needs one to be "invest"."""
    expected, _ = recompute_decision(quadrant, health, rules)
    if decision == expected or stated_reason.strip():
        return None
    if decision == "invest" and any(state == health for state in rules.investment.health_guard):
        return f"a partner {health} is never invest without a stated reason (rule: {expected})"
    return f"the {quadrant} quadrant's decision is {expected}, not {decision}, without a reason"


def partner_cost(p: Partner, hourly_rate: float | None) -> Cost:
    """A partner's support cost in money; its hours count only at the input's hourly rate."""
    hours_cost = (
        p.support_hours * hourly_rate
        if p.support_hours is not None and hourly_rate is not None
        else None
    )
    parts = [v for v in (p.investment, hours_cost) if v is not None]
    return Cost(
        investment=p.investment,
        support_hours=p.support_hours,
        hours_cost=hours_cost,
        total=sum(parts) if parts else None,
    )


def _roi(p: Partner, cost: Cost, hourly_rate: float | None) -> tuple[float | None, str]:
    if cost.total is None:
        if p.support_hours is not None and hourly_rate is None:
            return None, "support hours are not money: add hourly_rate to the input to cost them"
        return None, "no cost given"
    if p.revenue is None:
        return None, "revenue not given"
    if cost.total == 0:
        return None, "cost recorded as zero"
    note = (
        ""
        if cost.hours_cost is not None or p.support_hours is None
        else ("; support hours left out: no hourly_rate")
    )
    return round(p.revenue / cost.total, 2), f"revenue / cost{note}"


def _move(
    decision: Decision | None, roi: float | None, rules: LensRules
) -> tuple[Move | None, str]:
    if decision is None:
        return None, ""
    move = rules.investment.decisions[decision].move
    floor = rules.investment.min_return_multiple
    if roi is not None and roi < floor and decision != "develop":
        stepped = _STEP_DOWN[move]
        if stepped != move:
            return stepped, f"returns {roi:g}x its cost, under {floor:g}x"
    return move, ""


def _rationale(row: PartnerInvestment, rules: LensRules, ctx: RosterContext) -> str:
    inv = rules.investment
    pot, exe = row.potential, row.execution
    if row.quadrant is None or row.decision is None:
        short = [f"{name} {s.describe()}" for name, s in (("potential", pot), ("execution", exe))]
        return f"{row.name}: no quadrant, {' and '.join(short)}."
    parts = [
        f"potential {pot.describe()}",
        f"execution {exe.describe()}",
    ]
    if row.target:
        parts.append(f"in target {row.target}")
    if row.revenue is not None:
        parts.append(f"revenue {money(row.revenue, ctx.currency)}")
    if row.roi is not None and row.cost.total is not None:
        parts.append(f"{row.roi:g}x its cost of {money(row.cost.total, ctx.currency)}")
    text = (
        f"{row.name}: {', '.join(parts)}: {inv.quadrants[row.quadrant].label}, "
        f"so {inv.decisions[row.decision].label}"
    )
    return text + (f" ({row.decision_reason})" if row.decision_reason else "") + "."


def _partner(
    p: Partner,
    rules: LensRules,
    ctx: RosterContext,
    health: Health | None,
    hourly_rate: float | None,
    reduced: bool = False,
) -> PartnerInvestment:
    potential = score(p, rules.investment.potential, rules, ctx)
    execution = score(p, rules.investment.execution, rules, ctx)
    quadrant = decision = None
    reason = ""
    if potential.value is not None and execution.value is not None:
        quadrant = recompute_quadrant(potential.value, execution.value, rules)
        decision, reason = recompute_decision(quadrant, health, rules)
        if reduced and decision == "invest":
            decision = rules.investment.dependence_guard
            reason = "a goal reduces dependence on it: keep what it earns while others grow"
    cost = partner_cost(p, hourly_rate)
    roi, roi_note = _roi(p, cost, hourly_rate)
    move, why = _move(decision, roi, rules)
    row = PartnerInvestment(
        name=p.name,
        health=health,
        revenue=p.revenue,
        potential=potential,
        execution=execution,
        target=matched_target(p, ctx.targets),
        quadrant=quadrant,
        decision=decision,
        decision_reason="; ".join(r for r in (reason, why) if r),
        cost=cost,
        roi=roi,
        roi_note=roi_note,
        move=move,
        rationale="",
    )
    return row.model_copy(update={"rationale": _rationale(row, rules, ctx)})


def _ranked(rows: list[PartnerInvestment], rules: LensRules, currency: str) -> list[RankedMove]:
    def key(row: PartnerInvestment) -> tuple[float, float, str]:
        pot, exe = row.potential.value or 0.0, row.execution.value or 0.0
        if row.move == "increase":
            # The next dollar goes first where potential is highest: that is what converts.
            return (-pot, -exe, row.name)
        if row.move == "reduce":
            # Cutting the largest cost frees the most; unknown costs rank after known ones.
            return (-(row.cost.total or 0.0), exe, row.name)
        return (-(row.revenue or 0.0), 0.0, row.name)

    moves: list[RankedMove] = []
    for kind in _MOVE_ORDER:
        group = sorted((r for r in rows if r.move == kind), key=key)
        for row in group[: rules.investment.moves_per_kind]:
            moves.append(
                RankedMove(
                    rank=len(moves) + 1,
                    partner=row.name,
                    move=kind,
                    reason=_move_reason(row, currency),
                )
            )
    return moves


def _move_reason(row: PartnerInvestment, currency: str) -> str:
    figures = [
        f"potential {number(row.potential.value)}",
        f"execution {number(row.execution.value)}",
    ]
    if row.target:
        figures.append(f"target {row.target}")
    if row.cost.total is not None:
        figures.append(f"cost {money(row.cost.total, currency)}")
    if row.roi is not None:
        figures.append(f"{row.roi:g}x return")
    if row.health in ("at_risk", "dormant") and not row.decision_reason:
        figures.append(row.health.replace("_", " "))
    why = f"; {row.decision_reason}" if row.decision_reason else ""
    return f"{row.decision}: {', '.join(figures)}{why}"


def _summary(
    rows: list[PartnerInvestment], rules: LensRules, currency: str
) -> SupportSummary | None:
    costed = [r for r in rows if r.cost.total is not None]
    if not costed:
        return None
    total_cost = sum(r.cost.total or 0.0 for r in costed)
    revenue = sum(r.revenue or 0.0 for r in costed)
    shares = []
    for decision in rules.investment.decisions:
        group = [r for r in costed if r.decision == decision]
        if group:
            shares.append(
                DecisionShare(
                    decision=decision,
                    partners=len(group),
                    cost_share_pct=_share(sum(r.cost.total or 0.0 for r in group), total_cost),
                    revenue_share_pct=_share(sum(r.revenue or 0.0 for r in group), revenue),
                )
            )
    multiple = round(revenue / total_cost, 2) if total_cost else None
    sentence = (
        f"Support cost {money(total_cost, currency)} across {plural(len(costed), 'partner')} "
        f"returned {money(revenue, currency)} of partner revenue"
        + (f" ({multiple:g}x)" if multiple is not None else "")
    )
    # The decision whose partners take the most cost beyond the revenue they bring is the
    # leak the summary names.
    leak = max(shares, key=lambda s: s.cost_share_pct - s.revenue_share_pct, default=None)
    if leak and leak.cost_share_pct > leak.revenue_share_pct:
        label = rules.investment.decisions[leak.decision].label
        names = join_names([r.name for r in costed if r.decision == leak.decision], limit=3)
        sentence += (
            f"; {label} partners ({names}) take {pct(leak.cost_share_pct)} of the cost and "
            f"bring {pct(leak.revenue_share_pct)} of the revenue"
        )
    return SupportSummary(
        costed_partners=len(costed),
        total_cost=total_cost,
        revenue=revenue,
        return_multiple=multiple,
        by_decision=shares,
        sentence=sentence + ".",
    )


def _share(part: float, whole: float) -> float:
    return round(part / whole * 100, 1) if whole else 0.0


def investment_view(
    partners: Sequence[Partner],
    rules: LensRules,
    *,
    assessed_on: date,
    health: Mapping[str, Health],
    targets: Sequence[str] = (),
    hourly_rate: float | None = None,
    currency: str = "USD",
    reduce_dependence: Sequence[str] = (),
) -> InvestmentView:
    """Every partner's potential, execution, quadrant, decision and move; the ranked moves; and
    support effort against return when costs are given. `health` maps partner names to the
    roster's health states; `targets` are the regions, segments or tiers the goals aim at;
    `reduce_dependence` names the partners a goal wants the client to rely on less."""
    ctx = roster_context(partners, rules, assessed_on, currency, targets)
    reduced = {name.casefold() for name in reduce_dependence}
    rows = [
        _partner(p, rules, ctx, health.get(p.name), hourly_rate, p.name.casefold() in reduced)
        for p in partners
    ]
    notes = []
    uncosted = sum(p.support_hours or 0.0 for p in partners) if hourly_rate is None else 0.0
    if uncosted:
        notes.append(
            f"{number(uncosted)} support hours are not in the return on investment: hours are "
            "not money until the input gives hourly_rate"
        )
    if not ctx.targets:
        notes.append("no target regions or segments given: goal fit is not given for anyone")
    inv = rules.investment
    quadrants = "; ".join(
        f"{q.label}: {inv.decisions[q.decision].label}" for q in inv.quadrants.values()
    )
    return InvestmentView(
        partners=rows,
        moves=_ranked(rows, rules, currency),
        summary=_summary(rows, rules, currency),
        notes=notes,
        formulas=[
            formula(inv.potential, "potential"),
            formula(inv.execution, "execution"),
            f"high at potential {inv.potential_cut:g} or more and execution "
            f"{inv.execution_cut:g} or more; {quadrants}; an at-risk partner is never invest "
            "(maintain) nor a dormant one (review) without a stated reason; a partner a goal "
            f"reduces dependence on is {inv.dependence_guard}; under "
            f"{inv.min_return_multiple:g}x return on its cost a partner's move steps down",
        ],
    )
