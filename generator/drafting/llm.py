"""The model drafter: a model writes the narrative, code fills the numbers, validators decide."""

from __future__ import annotations

from typing import Any

from pydantic import model_validator

from generator.drafting.base import Drafted
from generator.drafting.narrative import Narrative, assemble, narrative_model
from generator.evidence import Facts
from generator.inputs import AssessmentInput
from generator.llm_client import ModelClient
from generator.prompts import render_messages
from generator.settings import ModelSettings
from generator.validators import check, has_errors


def bound_response_model(facts: Facts) -> type[Narrative]:
    """Narrative that also runs the report validators, so their messages drive the re-ask.

    The facts are closed over here rather than passed as instructor's `context=`, which would
    re-render the messages as templates.
    """

    base: Any = narrative_model(facts.framework)

    class CheckedNarrative(base):  # type: ignore[misc]
        @model_validator(mode="after")
        def _passes_validators(self) -> CheckedNarrative:
            errors = [f for f in check(assemble(facts, self), facts) if f.severity == "error"]
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
            narrative_model(facts.framework),
            checked=bound_response_model(facts),
            accept=lambda cached: not has_errors(check(assemble(facts, cached), facts)),
        )
        return Drafted(report=assemble(facts, answer.value), usage=answer.usage)
