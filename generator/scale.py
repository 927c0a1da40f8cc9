"""The 1-5 maturity scale: bands, levels and the one rounding rule everything uses."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

MIN_SCORE = 1.0
MAX_SCORE = 5.0


class MaturityLevel(StrEnum):
    INITIAL = "Initial"
    DEVELOPING = "Developing"
    DEFINED = "Defined"
    MANAGED = "Managed"
    OPTIMIZED = "Optimized"


LEVEL_MEANING: dict[MaturityLevel, str] = {
    MaturityLevel.INITIAL: "ad hoc and transactional, minimal enablement, low performance",
    MaturityLevel.DEVELOPING: "basic processes with inconsistent execution and limited value",
    MaturityLevel.DEFINED: "a repeatable approach and solid enablement, with scaling challenges",
    MaturityLevel.MANAGED: "measured and high-performing, strong relationships, "
    "continuous improvement",
    MaturityLevel.OPTIMIZED: "strategic, co-innovating and growing with partners; industry-leading",
}

BANDS: tuple[tuple[float, float, MaturityLevel], ...] = (
    (1.0, 1.9, MaturityLevel.INITIAL),
    (2.0, 2.9, MaturityLevel.DEVELOPING),
    (3.0, 3.9, MaturityLevel.DEFINED),
    (4.0, 4.9, MaturityLevel.MANAGED),
    (5.0, 5.0, MaturityLevel.OPTIMIZED),
)


def round_score(value: float) -> float:
    """One decimal, half rounded up (2.65 -> 2.7), unlike Python's banker's round()."""
    return float(Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def clamp_score(value: float) -> float:
    return min(MAX_SCORE, max(MIN_SCORE, value))


def level_for(score: float) -> MaturityLevel:
    """The band a score falls in; the score is rounded to one decimal first."""
    rounded = round_score(score)
    if not MIN_SCORE <= rounded <= MAX_SCORE:
        raise ValueError(f"score {score} is outside the 1.0-5.0 scale")
    for low, high, level in BANDS:
        if low <= rounded <= high:
            return level
    raise AssertionError("bands cover 1.0-5.0")  # pragma: no cover


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


def band_label(level: MaturityLevel) -> str:
    for low, high, band_level in BANDS:
        if band_level is level:
            return f"{low:.1f}" if low == high else f"{low:.1f}-{high:.1f}"
    raise AssertionError(level)  # pragma: no cover


def mean(values: Sequence[float]) -> float:
    return sum(values) / len(values)
