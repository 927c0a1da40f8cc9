from __future__ import annotations

import pytest

from generator.framework import DIMENSION_IDS
from generator.scale import MaturityLevel, has_one_decimal, level_for, overall_score, round_score

SIX = list(DIMENSION_IDS)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(2.65, 2.7), (2.6666, 2.7), (2.64, 2.6), (2.25, 2.3), (1.0, 1.0), (4.95, 5.0), (3.049, 3.0)],
)
def test_round_score_rounds_half_up(value: float, expected: float) -> None:
    assert round_score(value) == expected


@pytest.mark.parametrize(
    ("score", "level"),
    [
        (1.0, MaturityLevel.INITIAL),
        (1.9, MaturityLevel.INITIAL),
        (1.94, MaturityLevel.INITIAL),
        (2.0, MaturityLevel.DEVELOPING),
        (2.9, MaturityLevel.DEVELOPING),
        (3.0, MaturityLevel.DEFINED),
        (3.9, MaturityLevel.DEFINED),
        (4.0, MaturityLevel.MANAGED),
        (4.9, MaturityLevel.MANAGED),
        (5.0, MaturityLevel.OPTIMIZED),
    ],
)
def test_level_for_band(score: float, level: MaturityLevel) -> None:
    assert level_for(score) is level


@pytest.mark.parametrize("score", [0.9, 5.1, -1.0])
def test_level_for_rejects_scores_off_the_scale(score: float) -> None:
    with pytest.raises(ValueError, match=r"outside the 1\.0-5\.0 scale"):
        level_for(score)


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
    assert has_one_decimal(value) is ok
