"""`init`: a commented input YAML with every field explained, and an empty roster beside it."""

from __future__ import annotations

from pathlib import Path

from generator.errors import OutputError
from generator.frameworks import Framework
from generator.inputs import Partner, display_path
from generator.intake.newfile import write_new
from generator.intake.workbook import DEFAULT_FRAMEWORK

_HEAD = """\
# {name}: assessment input.
# Fill in the three texts (partner_context, objectives, constraints); everything else is
# optional and sharpens the result. Then run:  python -m generator run {file}
{framework}
# organisation: Northwind Analytics   # the client's name, as the report shows it
# assessed_on: 2026-11-02             # the date partner activity is measured against (default today)
# industry: B2B SaaS
# currency: EUR                       # ISO code of the roster's amounts (default USD)

# What you found: partner types, count, tiers, engagement, revenue, tooling. Quote people where
# you can; each practice you describe ("QBRs are held about 30% of the time") is evidence.
partner_context: ""

# What the client wants: revenue, pipeline, expansion and innovation goals, with dates.
objectives: ""

# What limits the plan: people, budget, tools, geography, competition.
constraints: ""

# The partner roster: one row per partner in the CSV beside this file (or an .xlsx workbook,
# whose first sheet is read unless partners_sheet names another). Columns:
#   {columns}
# type: strategic | channel | technology | referral | service; engagement: high | medium | low
# or 0-100; satisfaction 0-10. Semicolons, tabs, decimal commas and thousands separators are read.
partners_csv: {roster}
# partners_sheet: Roster

# Indicator ratings 1-5, by dimension; a rated indicator decides its dimension's score.
# Rate only what you observed and leave the rest out.
# indicators:
{indicators}

# Partner survey results: either the means (0-10) ...
# partner_feedback:
#   training: 6.5
#   resources: 5
#   support: 7
#   respondents: 14
#   comments: ["Price lists arrive by email and are often out of date."]
# ... or the raw export of a form tool, one row per respondent, which the generator averages.
# Columns whose heading mentions training, resources, support or comments are found by
# themselves; map them when the headings say otherwise.
# partner_survey_csv: responses.csv
# partner_survey_scale: 10            # the top answer: 10 for 0-10 ratings, 5 for 1-5
# partner_survey_columns:
#   training: "How useful was the partner training?"
#   comments: ["What should we improve?"]

# Relative weights of the overall score: every dimension or none (defaults shown).
# weights:
{weights}
"""


def template_text(framework: Framework, file_name: str, roster_name: str) -> str:
    indicators: list[str] = []
    for dimension in framework.dimensions:
        indicators.append(f"#   {dimension.id}:                # {dimension.name}")
        indicators.extend(
            f"#     {i.id}: 3    # {i.name}: {i.description}" for i in dimension.indicators
        )
    weights = [f"#   {d.id}: {d.weight:g}" for d in framework.dimensions]
    chosen = (
        f"framework: {framework.id}"
        if framework.id != DEFAULT_FRAMEWORK
        else f"# framework: {DEFAULT_FRAMEWORK}              # the assessment framework"
    )
    return _HEAD.format(
        name=framework.name,
        file=file_name,
        framework=chosen,
        columns=", ".join(Partner.model_fields),
        roster=roster_name,
        indicators="\n".join(indicators),
        weights="\n".join(weights),
    )


def write_template(path: Path, framework: Framework) -> list[Path]:
    """Write FILE.yaml and FILE_partners.csv (header only); existing files are kept."""
    roster = path.with_name(f"{path.stem}_partners.csv")
    for existing in (path, roster):
        if existing.exists():
            raise OutputError(
                f"{display_path(existing)} already exists; choose another name or move it"
            )
    text = template_text(framework, path.name, roster.name)
    header = ",".join(Partner.model_fields) + "\n"
    return [
        write_new(path, lambda temp: temp.write_text(text, encoding="utf-8")),
        write_new(roster, lambda temp: temp.write_text(header, encoding="utf-8")),
    ]
