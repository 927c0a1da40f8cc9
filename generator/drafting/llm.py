"""The model drafter: a model writes the narrative, code fills the numbers, validators decide."""

from __future__ import annotations

from typing import Any

from pydantic import model_validator

from generator.drafting.base import Drafted
from generator.drafting.narrative import (
    Narrative,
    assemble,
    narrative_model,
    rationale_findings,
    rationale_partners,
)
from generator.evidence import Facts
from generator.inputs import AssessmentInput
from generator.llm_client import ModelClient
from generator.prompts import render_messages
from generator.settings import ModelSettings
from generator.validators import Finding, check


def asked_model(facts: Facts) -> type[Narrative]:
    """The narrative asked of a model for these facts: with partner rationales when the input
    has an investment view with partners to write them for."""
    return narrative_model(facts.framework, rationales=bool(rationale_partners(facts)))


def problems(facts: Facts, narrative: Narrative) -> list[Finding]:
    """Every error in the answer: in the report it makes, and in what the report cannot hold."""
    found = rationale_findings(facts, narrative) + check(assemble(facts, narrative), facts)
    return [f for f in found if f.severity == "error"]


def bound_response_model(facts: Facts) -> type[Narrative]:
    """Narrative that also runs the report validators, so their messages drive the re-ask.

    The facts are closed over here rather than passed as instructor's `context=`, which would
    re-render the messages as templates.
    """

    base: Any = asked_model(facts)

    class CheckedNarrative(base):  # type: ignore[misc]
        @model_validator(mode="after")
        def _passes_validators(self) -> CheckedNarrative:
            errors = problems(facts, self)
            if errors:
                raise ValueError(
                    "the report fails these checks; fix every one and answer again: "
                    + "; ".join(f"{f.path}: {f.message}" for f in errors)
                )
            return self

    CheckedNarrative.__name__ = "Narrative"
    return CheckedNarrative


class LLMDrafter:
    """Drafts the narrative with a model and assembles it around the code's numbers."""

    name = "llm"

    def __init__(
        self, settings: ModelSettings, backoff_base: float | None = None, router: object = None
    ) -> None:
        self.settings = settings
        self.model: str | None = settings.model
        self.client = ModelClient(settings, backoff_base, router)

    def draft(self, data: AssessmentInput, facts: Facts) -> Drafted:
        answer = self.client.ask(
            render_messages(data, facts),
            asked_model(facts),
            checked=bound_response_model(facts),
            accept=lambda cached: not problems(facts, cached),
        )
        return Drafted(report=assemble(facts, answer.value), usage=answer.usage)
