"""The one interface every drafter implements."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from generator.evidence import Facts
from generator.inputs import AssessmentInput
from generator.report import AssessmentReport
from generator.run import Usage


@dataclass
class Drafted:
    report: AssessmentReport
    usage: Usage = field(default_factory=Usage)


class Drafter(Protocol):
    name: str
    model: str | None

    def draft(self, data: AssessmentInput, facts: Facts) -> Drafted: ...
