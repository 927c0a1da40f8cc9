"""The one rounding rule every score uses, and the overall score. Bands are framework data."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal


def round_score(value: float, decimals: int = 1) -> float:
    """`decimals` places (the framework scale's), half rounded up (2.65 -> 2.7), unlike
    Python's banker's round()."""
    step = Decimal(1).scaleb(-decimals)
    return float(Decimal(repr(value)).quantize(step, rounding=ROUND_HALF_UP))


def overall_score(
    scores: Mapping[str, float], weights: Mapping[str, float] | None = None, decimals: int = 1
) -> float:
    """Mean of the dimension scores (weighted when weights are given), rounded once."""
    if not scores:
        raise ValueError("no dimension scores to average")
    if weights:
        total = sum(weights[d] for d in scores)
        if total <= 0:
            raise ValueError("dimension weights must add up to more than zero")
        return round_score(sum(scores[d] * weights[d] for d in scores) / total, decimals)
    return round_score(sum(scores.values()) / len(scores), decimals)


def has_decimals(value: float, decimals: int = 1) -> bool:
    """Whether the value has at most this many decimals."""
    scaled = value * 10.0**decimals
    return abs(scaled - round(scaled)) < 1e-9


def mean(values: Sequence[float]) -> float:
    return sum(values) / len(values)
