"""An optional LLM-as-judge grader: a rubric per criterion, reasoning before each 1-5 score.

Pass and fail are decided in code against a threshold, never by the judge.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, Field

from generator.evaluation.graders import Grade
from generator.llm_client import ModelClient
from generator.run import Usage
from generator.settings import ModelSettings
from generator.writers.templates import render

CriterionId = Literal["specificity", "actionability", "consistency", "tone"]
PASS_SCORE = 3  # every criterion must reach this for the report to pass


@dataclass(frozen=True)
class Criterion:
    id: CriterionId
    question: str
    high: str
    low: str


CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        "specificity",
        "Are findings and priorities about this client, naming its partners, figures and "
        "gaps, rather than generic advice?",
        "every finding cites the client's own evidence",
        "boilerplate that would fit any company",
    ),
    Criterion(
        "actionability",
        "Could the partner team start the 30/60/90-day plan on Monday: clear actions, "
        "owners, metrics and measurable targets?",
        "each action is concrete, owned and measurable",
        "vague intentions without owners or targets",
    ),
    Criterion(
        "consistency",
        "Do the findings, priorities and plan agree with the scores: the weakest "
        "dimensions get the attention, and no finding contradicts its score?",
        "scores, findings and plan tell one coherent story",
        "findings contradict scores or the plan ignores the weakest areas",
    ),
    Criterion(
        "tone",
        "Is it written in a professional consultant's voice: plain, precise, confident "
        "without hype?",
        "reads like a top-tier consultancy deliverable",
        "sloppy, inflated or unprofessional",
    ),
)


class CriterionVerdict(BaseModel):
    criterion: CriterionId
    reasoning: str = Field(description="Reasoning first, citing the report.")
    score: int = Field(ge=1, le=5)


class Verdict(BaseModel):
    verdicts: list[CriterionVerdict] = Field(description="One verdict per criterion.")


def judge_messages(markdown: str) -> list[dict[str, str]]:
    # The report cannot close its own frame: runs of "=" inside it are broken up.
    framed = re.sub(r"={3,}", lambda m: " ".join(m.group(0)), markdown)
    return [{"role": "user", "content": render("judge.j2", criteria=CRITERIA, report=framed)}]


@dataclass
class JudgeResult:
    grade: Grade
    usage: Usage


def judge(settings: ModelSettings, markdown: str) -> JudgeResult:
    answer = ModelClient(settings).ask(judge_messages(markdown), Verdict)
    verdict: Verdict = answer.value
    # A criterion judged twice counts at its lowest score, and only that verdict is reported.
    lowest: dict[str, CriterionVerdict] = {}
    for v in verdict.verdicts:
        if v.criterion not in lowest or v.score < lowest[v.criterion].score:
            lowest[v.criterion] = v
    verdicts = list(lowest.values())
    scores = {v.criterion: v.score for v in verdicts}
    missing = [c.id for c in CRITERIA if c.id not in scores]
    failing = [f"{c}: {s}/5" for c, s in scores.items() if s < PASS_SCORE]
    issues = [f"judge gave no verdict on {m}" for m in missing] + [
        f"{v.criterion} {v.score}/5: {v.reasoning[:160]}" for v in verdicts if v.score < PASS_SCORE
    ]
    values = [scores.get(c.id, 1) for c in CRITERIA]
    normalised = sum((v - 1) / 4 for v in values) / len(values)
    passed = not missing and not failing
    reason = ", ".join(f"{c.id} {scores.get(c.id, '-')}" for c in CRITERIA)
    grade = Grade(
        score=round(normalised, 3),
        reason=f"{'pass' if passed else 'fail'}: {reason}",
        issues=issues,
    )
    return JudgeResult(grade, answer.usage)
