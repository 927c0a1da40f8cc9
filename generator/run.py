"""Run metadata written beside every report: who drafted it, what it cost, how long it took."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from pydantic import BaseModel, Field


@dataclass
class Usage:
    """What drafting cost: zero for the engine, summed over attempts for a model."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float | None = None
    attempts: int = 1
    cached: bool = False
    # Calls that ended without an answer (timeouts, server errors), retried or not.
    failed_calls: int = 0
    timeouts: int = 0
    cache_note: str | None = None


class RunInfo(BaseModel):
    drafter: str
    model: str | None = None
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float | None = None
    attempts: int = 1
    cached: bool = False
    failed_calls: int = 0
    timeouts: int = 0
    cache_note: str | None = None
    duration_s: float = 0.0
    generator_version: str
    input: str | None = None
    input_sha256: str | None = None
    created_at: str
    run_id: str = Field(
        default_factory=lambda: secrets.token_hex(8),
        description="Written into every file of the report set, so a mixed set shows.",
    )
