"""Shapes of the engine drafter's playbook (the content lives in playbook.py)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Play:
    """One plan action: what to do, who owns it, the metric it moves and the target."""

    action: str
    owner: str
    metric: str
    target: str


@dataclass(frozen=True)
class BandGuidance:
    """What a dimension looks like at one maturity band, and what to do about it."""

    finding: str
    recommendation: str
    days_30: Play
    days_60: Play
    days_90: Play
