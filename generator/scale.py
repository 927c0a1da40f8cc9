"""The one rounding rule every score uses, and the overall score. Bands are framework data."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal


def round_score(value: float) -> float:
    """One decimal, half rounded up (2.65 -> 2.7), unlike Python's banker's round()."""
    return float(Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def overall_score(scores: Mapping[str, float], weights: Mapping[str, float] | None = None) -> float:
    """Mean of the dimension scores (weighted when weights are given), rounded once."""
    if not scores:
        raise ValueError("no dimension scores to average")
    if weights:
        total = sum(weights[d] for d in scores)
        if total <= 0:
            raise ValueError("dimension weights must add up to more than zero")
        return round_score(sum(scores[d] * weights[d] for d in scores) / total)
    return round_score(sum(scores.values()) / len(scores))


def has_one_decimal(value: float) -> bool:
    return abs(value * 10 - round(value * 10)) < 1e-9


def mean(values: Sequence[float]) -> float:
    return sum(values) / len(values)
