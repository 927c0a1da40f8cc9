"""Eval cases: an input and what an expert expects of a good report for it."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from generator.errors import InputValidationError
from generator.evidence.goals import Direction, SubjectKind, Unit, measure_ids
from generator.evidence.team import role_ids
from generator.frameworks import DEFAULT_FRAMEWORK, builtin_frameworks
from generator.inputs import (
    MAX_YAML_BYTES,
    AssessmentInput,
    load_input,
    parse_input,
    parse_yaml,
    read_text_file,
)
from generator.lenses.rules import Decision

Range = Annotated[tuple[float, float], Field(description="Inclusive [low, high] on the 1-5 scale.")]
Phrase = str | list[str]


class ExpectedGoal(BaseModel):
    """A goal a correct reading of the objectives finds; fields left out are not checked."""

    model_config = ConfigDict(extra="forbid")
    measure: str
    subject: str | None = None
    subject_kind: SubjectKind | None = None
    direction: Direction = "grow"
    current: float | None = None
    target: float | None = None
    unit: Unit | None = None
    deadline: date | None = None

    @field_validator("measure")
    @classmethod
    def _known_measure(cls, value: str) -> str:
        if value not in measure_ids():
            raise ValueError(f"unknown measure; use one of {', '.join(measure_ids())}")
        return value


class Expectations(BaseModel):
    model_config = ConfigDict(extra="forbid")
    scores: dict[str, Range] = Field(default_factory=dict)
    overall: Range | None = None
    must_mention: list[Phrase] = Field(default_factory=list)
    must_not_claim: list[str] = Field(default_factory=list)
    weakest: list[str] = Field(default_factory=list)
    # None: the graders read the goals and the team from the input; a list (even empty) is
    # what an expert reads there, and is graded against instead.
    goals: list[ExpectedGoal] | None = None
    team: list[str] | None = Field(
        default=None, description="Role ids (roles.yaml) plan owners must come from."
    )
    max_partners_in_target: int | None = Field(default=None, ge=1)
    # The investment decision an expert would take per partner (issue 11): the investment
    # grader holds the report's decisions to these.
    investment: dict[str, Decision] = Field(default_factory=dict)

    @field_validator("team")
    @classmethod
    def _known_roles(cls, value: list[str] | None) -> list[str] | None:
        unknown = [r for r in value or [] if r not in role_ids()]
        if unknown:
            raise ValueError(f"unknown role {unknown[0]!r}; use one of {', '.join(role_ids())}")
        return value

    @model_validator(mode="after")
    def _ordered_ranges(self) -> Expectations:
        for name, (low, high) in [*self.scores.items(), ("overall", self.overall or (1, 5))]:
            if not 1.0 <= low <= high <= 5.0:
                raise ValueError(f"range for {name} must be low <= high within 1.0-5.0")
        return self


class CaseFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    description: str
    input: str | dict[str, Any]
    expect: Expectations


class Case(BaseModel):
    name: str
    description: str
    source: str
    data: AssessmentInput
    expect: Expectations




def _case_data(path: Path) -> dict[str, Any]:
    return parse_yaml(read_text_file(path, MAX_YAML_BYTES, "eval case"), str(path))


def load_case(path: Path, root: Path) -> Case:
    fields = _case_data(path)
    framework = fields.pop("framework", DEFAULT_FRAMEWORK)
    if framework not in builtin_frameworks():
        raise InputValidationError(
            f"{path}: framework {framework!r} is not built in; use one of "
            f"{', '.join(builtin_frameworks())}"
        )
    try:
        spec = CaseFile.model_validate(fields)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"])
        raise InputValidationError(f"{path}: {where}: {first['msg']}") from None
    if isinstance(spec.input, str):
        data = load_input(root / spec.input)
        source = spec.input
    else:
        # An inline input is assessed against the case's framework unless it names its own.
        inline = {"framework": framework, **spec.input}
        data = parse_input(inline, base_dir=path.parent, source=f"{path} input")
        source = str(path.relative_to(root)) if path.is_relative_to(root) else str(path)
    if data.assessment_framework.id != framework:
        raise InputValidationError(
            f"{path}: framework {framework!r} but its input is assessed against "
            f"{data.assessment_framework.id!r}; make the two agree"
        )
    ids = data.assessment_framework.dimension_ids
    for named in [*spec.expect.scores, *spec.expect.weakest]:
        if named not in ids:
            raise InputValidationError(
                f"{path}: expect: {named!r} is not a dimension of {data.framework}; use one of "
                f"{', '.join(ids)}"
            )
    return Case(
        name=path.stem, description=spec.description, source=source, data=data, expect=spec.expect
    )


def find_cases(selected: list[str] | None, root: Path) -> list[Path]:
    """The case files named (files or folders), or every case in evals/cases/."""
    folder = root / "evals" / "cases"
    if not selected:
        return sorted(folder.glob("*.yaml"))
    paths: list[Path] = []
    for item in selected:
        path = Path(item)
        if not path.exists() and (folder / f"{item}.yaml").exists():
            path = folder / f"{item}.yaml"
        if path.is_dir():
            paths += sorted(path.glob("*.yaml"))
        elif path.exists():
            paths.append(path)
        else:
            raise InputValidationError(
                f"eval case {item!r} not found; give a file, a folder or a case name from {folder}"
            )
    return paths
