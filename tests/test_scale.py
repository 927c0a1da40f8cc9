from __future__ import annotations

import pytest

from generator.frameworks import load_framework
from generator.scale import has_decimals, overall_score, round_score

READINESS = load_framework("readiness")
SIX = list(READINESS.dimension_ids)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(2.65, 2.7), (2.6666, 2.7), (2.64, 2.6), (2.25, 2.3), (1.0, 1.0), (4.95, 5.0), (3.049, 3.0)],
)
def test_round_score_rounds_half_up(value: float, expected: float) -> None:
    assert round_score(value) == expected


@pytest.mark.parametrize(
    ("score", "level"),
    [
        (1.0, "Initial"),
        (1.9, "Initial"),
        (1.94, "Initial"),
        (2.0, "Developing"),
        (2.9, "Developing"),
        (3.0, "Defined"),
        (3.9, "Defined"),
        (4.0, "Managed"),
        (4.9, "Managed"),
        (5.0, "Optimized"),
    ],
)
def test_level_for_band(score: float, level: str) -> None:
    assert READINESS.level_name(score) == level


@pytest.mark.parametrize("score", [0.9, 5.1, -1.0])
def test_level_for_rejects_scores_off_the_scale(score: float) -> None:
    with pytest.raises(ValueError, match=r"outside the 1-5 scale"):
        READINESS.level_for(score)


def test_overall_is_the_rounded_mean_of_the_worked_example() -> None:
    scores = dict(zip(SIX, [3.0, 2.0, 3.0, 2.0, 3.0, 3.0], strict=True))
    assert overall_score(scores) == 2.7  # the expert wrote 2.8; the mean is 2.67


def test_overall_uses_weights_when_given() -> None:
    scores = dict(zip(SIX, [4.0, 2.0, 2.0, 2.0, 2.0, 2.0], strict=True))
    weights = dict.fromkeys(SIX, 1.0) | {"strategy_value": 4.0}
    assert overall_score(scores, weights) == 2.9  # (16 + 10) / 9
    assert overall_score(scores) == 2.3  # 14 / 6


@pytest.mark.parametrize(("value", "ok"), [(2.7, True), (3.0, True), (2.67, False), (2.25, False)])
def test_has_one_decimal(value: float, ok: bool) -> None:
    assert has_decimals(value) is ok


# A framework's scale says how many decimals its scores carry; rounding and checks follow it.
@pytest.mark.parametrize(
    ("value", "decimals", "rounded", "ok"),
    [
        (2.5, 0, 3.0, False),
        (3.0, 0, 3.0, True),
        (2.665, 2, 2.67, False),
        (2.67, 2, 2.67, True),
        (2.125, 2, 2.13, False),
    ],
)
def test_rounding_follows_the_scale_decimals(
    value: float, decimals: int, rounded: float, ok: bool
) -> None:
    assert round_score(value, decimals) == rounded
    assert has_decimals(value, decimals) is ok


def test_the_overall_score_rounds_to_the_scale_decimals() -> None:
    scores = dict(zip(SIX, [3.0, 2.0, 3.0, 2.0, 3.0, 3.0], strict=True))
    assert overall_score(scores, decimals=2) == 2.67
    assert overall_score(scores, decimals=0) == 3.0
