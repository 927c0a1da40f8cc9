"""Running the eval: cases through a drafter, graded, aggregated, checked against thresholds."""

from __future__ import annotations

import json
import statistics
import sys
import threading
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from generator import __version__
from generator.api import drafter_for
from generator.errors import GeneratorError, InputFileError, ModelError
from generator.evaluation.cases import Case
from generator.evaluation.graders import (
    GRADERS,
    POST_GRADERS,
    Grade,
    Subject,
    comparable_sentences,
    grade_sameness,
)
from generator.evidence import analyse
from generator.inputs import MAX_YAML_BYTES, parse_yaml, read_text_file
from generator.run import RunInfo
from generator.settings import EVAL_MAX_CONCURRENCY, ModelSettings
from generator.validators import check
from generator.writers.render import render_markdown

ROOT = Path(__file__).resolve().parents[2]
THRESHOLDS = ROOT / "evals" / "thresholds.yaml"
BASELINE_TOLERANCE = 0.02  # a grader mean may drop this much below the baseline before failing
CASE_TOLERANCE = 0.10  # and a single case's grade this much


@dataclass
class EvalOptions:
    model: ModelSettings | None = None
    judge: ModelSettings | None = None
    epochs: int = 1
    concurrency: int | None = None  # None: every run at once, up to EVAL_MAX_CONCURRENCY
    progress: bool = False


def grade_once(case: Case, options: EvalOptions) -> dict[str, Any]:
    """One epoch of one case: draft, validate, render, grade. A failed draft scores zero."""
    facts = analyse(case.data)
    drafter = drafter_for(options.model)
    try:
        drafted = drafter.draft(case.data, facts)
    except GeneratorError as exc:
        zero = Grade(score=0.0, reason=f"drafting failed: {exc}", issues=[str(exc)])
        names = [*GRADERS, *POST_GRADERS, *(["judge"] if options.judge else [])]
        # A failed draft still spent what it spent.
        usage = exc.usage if isinstance(exc, ModelError) else None
        return {
            "grades": {n: zero.model_dump() for n in names},
            "error": str(exc),
            "prompt_tokens": usage.prompt_tokens if usage else 0,
            "completion_tokens": usage.completion_tokens if usage else 0,
            "attempts": usage.attempts if usage else 0,
            "failed_calls": usage.failed_calls if usage else 0,
            "sentences": set(),
        }
    findings = check(drafted.report, facts)
    run = RunInfo(
        drafter=drafter.name, model=drafter.model, generator_version=__version__, created_at=""
    )
    subject = Subject(case=case, facts=facts, report=drafted.report, findings=findings, run=run)
    grades = {name: grader(subject).model_dump() for name, grader in GRADERS.items()}
    tokens = [drafted.usage.prompt_tokens, drafted.usage.completion_tokens]
    if options.judge is not None:
        from generator.evaluation.judge import judge

        try:
            verdict = judge(options.judge, render_markdown(drafted.report, findings, run))
        except GeneratorError as exc:
            grades["judge"] = Grade(
                score=0.0, reason=f"fail: judging failed: {exc}", issues=[str(exc)]
            ).model_dump()
            if isinstance(exc, ModelError):
                spent = exc.usage
                tokens = [tokens[0] + spent.prompt_tokens, tokens[1] + spent.completion_tokens]
        else:
            grades["judge"] = verdict.grade.model_dump()
            spent = verdict.usage
            tokens = [tokens[0] + spent.prompt_tokens, tokens[1] + spent.completion_tokens]
    return {
        "grades": grades,
        "prompt_tokens": tokens[0],
        "completion_tokens": tokens[1],
        "attempts": drafted.usage.attempts,
        "failed_calls": drafted.usage.failed_calls,
        # For the post-pass across cases (grade_across); not kept in results.json.
        "sentences": comparable_sentences(drafted.report),
    }


def grade_across(outcomes: dict[tuple[str, int], dict[str, Any]]) -> None:
    """Grades that compare a case's report with the other cases' reports of the same run.

    Each epoch is compared with the same epoch of every other case; a failed draft keeps its
    zero and offers nothing to compare.
    """
    said = {key: outcome.pop("sentences") for key, outcome in outcomes.items()}
    for (name, epoch), outcome in outcomes.items():
        if "error" in outcome:
            continue
        others = {
            other: sentences
            for (other, e), sentences in said.items()
            if e == epoch and other != name and "error" not in outcomes[(other, e)]
        }
        outcome["grades"]["sameness"] = grade_sameness(said[(name, epoch)], others).model_dump()


class _Progress:
    def __init__(self, total: int, enabled: bool) -> None:
        self.total, self.done, self.enabled = total, 0, enabled
        self.lock = threading.Lock()

    def step(self) -> None:
        with self.lock:
            self.done += 1
            if self.enabled:
                filled = int(30 * self.done / self.total)
                sys.stderr.write(
                    f"\r[{'#' * filled}{'.' * (30 - filled)}] {self.done}/{self.total} runs"
                )
                if self.done == self.total:
                    sys.stderr.write("\n")
                sys.stderr.flush()


def run_eval(cases: list[Case], options: EvalOptions) -> dict[str, Any]:
    jobs = [(case, epoch) for case in cases for epoch in range(options.epochs)]
    progress = _Progress(len(jobs), options.progress)
    outcomes: dict[tuple[str, int], dict[str, Any]] = {}
    workers = options.concurrency or min(len(jobs), EVAL_MAX_CONCURRENCY)
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        futures = {
            pool.submit(grade_once, case, options): (case.name, epoch) for case, epoch in jobs
        }
        for future in as_completed(futures):
            outcomes[futures[future]] = future.result()
            progress.step()
    grade_across(outcomes)
    graders = [*GRADERS, *POST_GRADERS, *(["judge"] if options.judge else [])]
    per_case: dict[str, Any] = {}
    for case in cases:
        epochs = [outcomes[(case.name, e)] for e in range(options.epochs)]
        scores = {g: [ep["grades"][g]["score"] for ep in epochs] for g in graders}
        per_case[case.name] = {
            "description": case.description,
            "mean": {g: round(statistics.fmean(v), 4) for g, v in scores.items()},
            "spread": {g: round(statistics.pstdev(v), 4) for g, v in scores.items()},
            "epochs": epochs,
        }
    means = (
        {g: round(statistics.fmean(c["mean"][g] for c in per_case.values()), 4) for g in graders}
        if per_case
        else {}
    )
    return {
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "generator_version": __version__,
        "drafter": "llm" if options.model else "engine",
        "model": options.model.model if options.model else None,
        "judge": options.judge.model if options.judge else None,
        "epochs": options.epochs,
        "graders": graders,
        "cases": per_case,
        "means": means,
        "tokens": {
            "prompt": sum(o["prompt_tokens"] for o in outcomes.values()),
            "completion": sum(o["completion_tokens"] for o in outcomes.values()),
        },
    }


def draft_failures(results: dict[str, Any]) -> list[str]:
    """One line per failed draft: the case, the epoch when there are several, and the cause."""
    lines = []
    for name, case in results["cases"].items():
        for number, epoch in enumerate(case["epochs"], start=1):
            if "error" in epoch:
                where = f"{name} (epoch {number})" if results["epochs"] > 1 else name
                lines.append(f"{where}: {epoch['error']}")
    return lines


# --- thresholds, baselines, comparison ----------------------------------------------------------


def load_thresholds(path: Path = THRESHOLDS) -> dict[str, dict[str, float]]:
    text = read_text_file(path, MAX_YAML_BYTES, "thresholds file")
    data = parse_yaml(text, str(path)) if text.strip() else {}
    known = {*GRADERS, *POST_GRADERS, "judge"}
    for section in ("mean", "case"):
        values = data.get(section) or {}
        if not isinstance(values, dict) or not all(
            isinstance(v, int | float) and 0 <= v <= 1 for v in values.values()
        ):
            raise InputFileError(f"{path}: '{section}' must map grader names to numbers 0-1")
        unknown = sorted(set(values) - known)
        if unknown:
            raise InputFileError(
                f"{path}: unknown grader {unknown[0]!r} under '{section}'; graders are "
                f"{', '.join(sorted(known))}"
            )
    extra = sorted(set(data) - {"mean", "case"})
    if extra:
        raise InputFileError(f"{path}: unknown section {extra[0]!r}; use 'mean' and 'case'")
    return {"mean": data.get("mean") or {}, "case": data.get("case") or {}}


def threshold_failures(
    results: dict[str, Any], thresholds: dict[str, dict[str, float]]
) -> list[str]:
    failures = []
    for name, case in results["cases"].items():
        for epoch in case["epochs"]:
            judged = epoch["grades"].get("judge")
            if judged and judged["reason"].startswith("fail"):
                failures.append(f"{name}: the judge failed the report ({judged['reason']})")
                break
    for grader, floor in thresholds["mean"].items():
        mean = results["means"].get(grader)
        if mean is not None and mean < floor:
            failures.append(f"mean {grader} {mean:.3f} is below its threshold {floor:.2f}")
    for name, case in results["cases"].items():
        for grader, floor in thresholds["case"].items():
            value = case["mean"].get(grader)
            if value is not None and value < floor:
                failures.append(
                    f"{name}: {grader} {value:.3f} is below the per-case threshold {floor:.2f}"
                )
    return failures


def baseline_failures(results: dict[str, Any], baseline: dict[str, Any]) -> list[str]:
    """Regressions against a baseline run, over the cases both runs share: a grader's mean may
    fall by BASELINE_TOLERANCE, a single case's grade by CASE_TOLERANCE."""
    shared = sorted(set(results["cases"]) & set(baseline["cases"]))
    failures = []
    for grader in baseline.get("means", {}):
        pairs = [
            (
                case,
                baseline["cases"][case]["mean"].get(grader),
                results["cases"][case]["mean"].get(grader),
            )
            for case in shared
        ]
        known = [(c, b, n) for c, b, n in pairs if b is not None and n is not None]
        if not known:
            continue
        mean_before = statistics.fmean(b for _, b, _ in known)
        mean_now = statistics.fmean(n for _, _, n in known)
        if mean_now < mean_before - BASELINE_TOLERANCE:
            failures.append(
                f"mean {grader} fell from {mean_before:.3f} (baseline) to {mean_now:.3f}"
            )
        for case, before, now in known:
            if now < before - CASE_TOLERANCE:
                failures.append(f"{case}: {grader} fell from {before:.2f} (baseline) to {now:.2f}")
    return failures


def load_results(path: Path) -> dict[str, Any]:
    text = read_text_file(path, 50_000_000, "eval results file")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputFileError(f"{path}: not valid JSON ({exc.msg}, line {exc.lineno})") from None
    cases = data.get("cases") if isinstance(data, dict) else None
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("means"), dict)
        or not isinstance(cases, dict)
        or not all(isinstance(c, dict) and isinstance(c.get("mean"), dict) for c in cases.values())
    ):
        raise InputFileError(f"{path}: not an eval results file (no 'means' and per-case 'mean')")
    return data


def compare(a: dict[str, Any], b: dict[str, Any]) -> dict[str, list[tuple[str, str, float, float]]]:
    """Per case and grader, what improved and what regressed from run a to run b."""
    changes: dict[str, list[tuple[str, str, float, float]]] = {"improved": [], "regressed": []}
    changes["only in A"] = [(c, "", 0.0, 0.0) for c in sorted(set(a["cases"]) - set(b["cases"]))]
    changes["only in B"] = [(c, "", 0.0, 0.0) for c in sorted(set(b["cases"]) - set(a["cases"]))]
    for name in sorted(set(a["cases"]) & set(b["cases"])):
        for grader in sorted(set(a["cases"][name]["mean"]) & set(b["cases"][name]["mean"])):
            before, after = a["cases"][name]["mean"][grader], b["cases"][name]["mean"][grader]
            if after > before + 0.005:
                changes["improved"].append((name, grader, before, after))
            elif after < before - 0.005:
                changes["regressed"].append((name, grader, before, after))
    return changes


# --- presentation -------------------------------------------------------------------------------


def _cell(mean: float, spread: float, epochs: int) -> str:
    return f"{mean:.2f}±{spread:.2f}" if epochs > 1 else f"{mean:.2f}"


def scorecard_table(results: dict[str, Any]) -> str:
    graders: list[str] = results["graders"]
    width = max([len("case"), *(len(n) for n in results["cases"])]) + 2
    cell = max(11 if results["epochs"] > 1 else 10, *(len(g) + 2 for g in graders))
    lines = ["case".ljust(width) + "".join(g.rjust(cell) for g in graders)]
    lines.append("-" * len(lines[0]))
    for name, case in results["cases"].items():
        row = name.ljust(width)
        for g in graders:
            row += _cell(case["mean"][g], case["spread"][g], results["epochs"]).rjust(cell)
        lines.append(row)
    lines.append("-" * len(lines[0]))
    lines.append(
        "mean".ljust(width) + "".join(f"{results['means'][g]:.2f}".rjust(cell) for g in graders)
    )
    return "\n".join(lines)


def results_markdown(results: dict[str, Any], failures: list[str]) -> str:
    who = results["model"] or "the evidence engine"
    out = [
        f"# Eval results: {who}",
        "",
        f"{len(results['cases'])} cases, {results['epochs']} epoch(s), judge: "
        f"{results['judge'] or 'none'}, generator {results['generator_version']}, "
        f"{results['created_at']}.",
        "",
        "```",
        scorecard_table(results),
        "```",
        "",
    ]
    out.append("## Threshold check")
    out += [f"- {f}" for f in failures] or ["- all thresholds met"]
    out += ["", "## Issues by case", ""]
    for name, case in results["cases"].items():
        issues = sorted(
            {i for ep in case["epochs"] for g in ep["grades"].values() for i in g["issues"]}
        )
        out.append(f"### {name}")
        out.append(case["description"])
        out += [""] + [f"- {i}" for i in issues] if issues else ["", "- no issues"]
        out.append("")
    return "\n".join(out)


def comparison_text(changes: dict[str, list[tuple[str, str, float, float]]]) -> str:
    lines = []
    for kind in ("only in A", "only in B"):
        if changes[kind]:
            lines.append(f"cases {kind} (not compared): {', '.join(c for c, *_ in changes[kind])}")
    for kind in ("improved", "regressed"):
        lines.append(f"{kind}: {len(changes[kind])}")
        lines += [
            f"  {case:<36} {grader:<11} {a:.2f} -> {b:.2f} ({b - a:+.2f})"
            for case, grader, a, b in changes[kind]
        ]
    return "\n".join(lines)
