"""Command line: parse arguments, call the API, turn errors into one-line messages.

Set GENERATOR_DEBUG=1 to see the full traceback of an error instead.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from generator import __version__
from generator.errors import GeneratorError, ModelConfigError, ReportInvalidError
from generator.settings import EVAL_MAX_CONCURRENCY, MODES, ModelSettings

if TYPE_CHECKING:
    from generator.theme import Theme

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"error: {message}\n")


def _model_tuning(group: argparse._ActionsContainer) -> None:
    """The flags `run` and `eval` share for how the model is asked."""
    group.add_argument("--temperature", type=float, help="sampling temperature (default 0.2)")
    group.add_argument("--max-tokens", type=int, help="answer token limit (default 8000)")
    group.add_argument("--timeout", type=float, help="seconds per model call (default 120)")
    group.add_argument(
        "--max-attempts",
        type=int,
        help="answers to try before giving up when validation fails (default 3)",
    )
    group.add_argument(
        "--context",
        type=int,
        metavar="TOKENS",
        help="the model's context window, for a local server litellm has no card for; prompts "
        "that cannot fit with --max-tokens are refused before calling (default: litellm's "
        "model info, else unchecked; $GENERATOR_CONTEXT)",
    )
    group.add_argument(
        "--retry-timeouts",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="retry a call that timed out (default: yes for hosted APIs, no for a server at a "
        "loopback or private address, which would still be computing the first answer)",
    )


def _settings(
    args: argparse.Namespace, model: str | None, api_base: str | None, use_cache: bool
) -> ModelSettings | None:
    from generator.settings import resolve

    return resolve(
        model=model,
        api_base=api_base,
        mode=args.mode,
        temperature=args.temperature,
        max_tokens=args.max_tokens,
        timeout=args.timeout,
        max_attempts=args.max_attempts,
        use_cache=use_cache,
        context=args.context,
        retry_timeouts=args.retry_timeouts,
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m generator",
        description="Turn a consultant's notes on a partner ecosystem into a validated Partner "
        "Collaboration & Strategic Alliances Readiness Assessment (Markdown, HTML, JSON).",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", parser_class=_Parser
    )

    run = sub.add_parser(
        "run",
        help="assess an input YAML file and write the report",
        description="Assess INPUT and write report.md, report.html and "
        "report.json. With no model configured the built-in evidence "
        "engine drafts the report offline.",
    )
    run.add_argument("input", metavar="INPUT.yaml", help="input file (see examples/)")
    run.add_argument(
        "--out", metavar="DIR", help="output folder (default: reports/<input file name>/)"
    )
    run.add_argument("--quiet", action="store_true", help="print only where the files went")
    _deliverable_options(run)
    _history_flags(run)
    llm = run.add_argument_group(
        "model (optional; without one the offline evidence engine drafts the report)"
    )
    llm.add_argument(
        "--model",
        metavar="NAME",
        help="any litellm model string, e.g. openai/gpt-4o-mini, "
        "anthropic/claude-3-5-sonnet-latest, ollama/llama3.1 "
        "(default: $GENERATOR_MODEL)",
    )
    llm.add_argument(
        "--api-base",
        metavar="URL",
        help="base URL of an OpenAI-compatible server, e.g. "
        "http://127.0.0.1:8080/v1 (default: $GENERATOR_API_BASE)",
    )
    llm.add_argument(
        "--mode",
        choices=MODES,
        help="how the structured answer is requested (default: tools for hosted "
        "APIs, json for local servers)",
    )
    _model_tuning(llm)
    llm.add_argument(
        "--no-cache",
        action="store_true",
        help="ask the model even if an identical request was answered before",
    )

    render_cmd = sub.add_parser(
        "render", help="print the messages a model would be sent, without calling it"
    )
    render_cmd.add_argument("input", metavar="INPUT.yaml")
    render_cmd.add_argument("--json", action="store_true", help="print the messages as JSON")

    validate = sub.add_parser(
        "validate",
        help="check a report.json against the scale (and the input's evidence)",
        description="Print the validator findings for a report; exit 1 when any is an error.",
    )
    validate.add_argument("report", metavar="REPORT.json")
    validate.add_argument(
        "--input",
        metavar="INPUT.yaml",
        help="the input the report was made from: also checks partners, "
        "figures and scores against its evidence",
    )

    ev = sub.add_parser(
        "eval",
        help="grade report quality on the eval cases (engine, or --model)",
        description="Run eval cases through a drafter, grade each report, print a scorecard and "
        "exit 1 when a score falls below evals/thresholds.yaml (or below --baseline).",
    )
    ev.add_argument(
        "cases",
        nargs="*",
        metavar="CASE",
        help="case files, folders or names (default: every case in evals/cases/)",
    )
    ev.add_argument("--model", metavar="NAME", help="draft with this model instead of the engine")
    ev.add_argument("--api-base", metavar="URL", help="OpenAI-compatible server for --model")
    ev.add_argument("--mode", choices=MODES, help="structured-output mode for --model")
    _model_tuning(ev)
    ev.add_argument("--judge", metavar="NAME", help="also grade with this model as a judge")
    ev.add_argument("--judge-api-base", metavar="URL", help="OpenAI-compatible server for --judge")
    ev.add_argument("--epochs", type=int, default=1, help="runs per case; reports mean and spread")
    ev.add_argument(
        "--concurrency",
        type=int,
        help=f"cases run at once (default: all, up to {EVAL_MAX_CONCURRENCY}); 1 suits a "
        "single-slot local server",
    )
    ev.add_argument(
        "--out",
        metavar="DIR",
        help="where results.json and results.md go (default reports/evals/<time>/)",
    )
    ev.add_argument("--thresholds", metavar="FILE", help="default evals/thresholds.yaml")
    ev.add_argument(
        "--baseline",
        metavar="FILE",
        help="fail when a grader's mean falls more than 0.02 below this results file",
    )
    ev.add_argument(
        "--compare",
        nargs=2,
        metavar=("A.json", "B.json"),
        help="show what improved and regressed from A to B, then stop",
    )
    ev.add_argument("--no-cache", action="store_true", help="ask models again")
    ev.add_argument("--quiet", action="store_true", help="print only the scorecard and verdict")

    _export_parser(sub)
    _workflow_commands(sub)
    _init_parser(sub)

    frameworks = sub.add_parser(
        "frameworks", help="list the built-in frameworks, or check a framework folder"
    )
    frameworks.add_argument("action", nargs="?", choices=["list", "check"], default="list")
    frameworks.add_argument("folder", nargs="?", metavar="DIR", help="the folder to check")
    schema = sub.add_parser("schema", help="print the JSON Schemas of input and report")
    schema.add_argument("which", nargs="?", choices=["input", "report", "all"], default="all")
    schema.add_argument(
        "--framework",
        metavar="NAME_OR_DIR",
        help="the framework whose schemas to print (default: readiness)",
    )
    schema.add_argument(
        "--write",
        metavar="DIR",
        help="write DIR/<framework>/input.schema.json and report.schema.json, for the framework "
        "given or else every built-in one",
    )
    return parser


# History, trend, benchmark and batch (issue 13): the flags and commands of a consultant's
# workflow, kept together.
def _history_flags(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("history")
    group.add_argument(
        "--db",
        metavar="FILE",
        help="history database (default: $GENERATOR_DB, else history.sqlite3 in the user's "
        "data folder)",
    )
    group.add_argument(
        "--no-history",
        action="store_true",
        help="neither compare with earlier assessments nor record this one",
    )
    group.add_argument(
        "--benchmark",
        nargs="?",
        const="all",
        choices=["all", "industry", "size"],
        help="add percentiles among other organisations' stored assessments: all of them, the "
        "same industry, or the same size band (from five on)",
    )


def _db(args: argparse.Namespace) -> Path | None:
    from generator.history import default_path

    if args.no_history:
        if args.benchmark:
            raise ModelConfigError("--benchmark compares with the history; drop --no-history")
        return None
    return Path(args.db).expanduser() if args.db else default_path()


def _workflow_commands(sub: argparse._SubParsersAction[_Parser]) -> None:
    history = sub.add_parser(
        "history",
        help="list the assessments recorded in the history",
        description="List recorded assessments, oldest first, with scores, drafter and cost.",
    )
    history.add_argument("--organisation", metavar="NAME", help="only this organisation")
    history.add_argument("--db", metavar="FILE", help="history database (default as for run)")
    history.add_argument("--json", action="store_true", help="print the records as JSON")

    batch = sub.add_parser(
        "batch",
        help="assess every input in a folder or glob, concurrently, resuming where it stopped",
        description="Run every input of DIR (its *.yaml and *.yml files) or GLOB; each report "
        "goes to OUT/<input name>/. An input whose report.json was made from the identical "
        "input by the same generator version, drafter and model is skipped unless --force. "
        "Exit 1 if any input failed.",
    )
    batch.add_argument("inputs", metavar="DIR_OR_GLOB")
    batch.add_argument("--out", metavar="DIR", default="reports", help="default reports/")
    batch.add_argument("--concurrency", type=int, default=4, help="inputs at once (default 4)")
    batch.add_argument(
        "--format",
        default="md,html,json",
        help="comma-separated formats from md,html,json,pdf,docx,pptx (default md,html,json; "
        "report.json is always written, it records what was done)",
    )
    batch.add_argument("--force", action="store_true", help="redo inputs already reported")
    batch.add_argument("--quiet", action="store_true", help="no progress bar, only the summary")
    _history_flags(batch)
    llm = batch.add_argument_group("model (optional, as for run)")
    llm.add_argument("--model", metavar="NAME")
    llm.add_argument("--api-base", metavar="URL")
    llm.add_argument("--mode", choices=MODES)
    _model_tuning(llm)
    llm.add_argument("--no-cache", action="store_true")
    llm.add_argument(
        "--router-config",
        metavar="FILE",
        help="a litellm Router configuration (YAML with model_list) to spread calls over "
        "several deployments or keys; --model names one of its model_name groups",
    )


def _history(args: argparse.Namespace) -> int:
    from generator.history import default_path, opened

    path = Path(args.db).expanduser() if args.db else default_path()
    if not path.exists():
        print(f"no history yet at {path}")
        return EXIT_OK
    with opened(path) as store:
        rows = store.listing(args.organisation)
    if args.json:
        fields = ("organisation", "framework", "input_sha256", "drafter", "model", "out_dir")
        records = [
            {f: getattr(r, f) for f in fields}
            | {
                "assessed_on": r.assessed_on.isoformat(),
                "overall": r.overall,
                "tokens": r.prompt_tokens + r.completion_tokens,
                "cost_usd": r.cost_usd,
                "created_at": r.created_at,
            }
            for r in rows
        ]
        print(json.dumps(records, indent=2, ensure_ascii=False))
        return EXIT_OK
    header = f"{'organisation':<32} {'assessed':<10} {'overall':>7}  {'drafter':<24}"
    print(f"{header} {'tokens':>8}  folder")
    for r in rows:
        who = r.drafter + (f" ({r.model})" if r.model else "")
        name = (r.organisation or "(not named)")[:32]
        print(
            f"{name:<32} {r.assessed_on.isoformat():<10} {r.overall:>7.1f}  {who[:24]:<24} "
            f"{r.prompt_tokens + r.completion_tokens:>8,}  {r.out_dir or ''}"
        )
    print(f"{len(rows)} assessment(s) in {path}")
    return EXIT_OK


def _batch(args: argparse.Namespace) -> int:
    from generator.batch import BatchOptions, run_batch

    settings = _settings(args, args.model, args.api_base, not args.no_cache)
    if settings is None and (args.api_base or args.router_config):
        raise ModelConfigError("--api-base and --router-config need --model")
    options = BatchOptions(
        out=Path(args.out),
        concurrency=args.concurrency,
        formats=[f.strip() for f in args.format.split(",") if f.strip()],
        force=args.force,
        history=_db(args),
        benchmark=args.benchmark,
        settings=settings,
        router_config=Path(args.router_config) if args.router_config else None,
        progress=sys.stderr.isatty() and not args.quiet,
    )
    outcome = run_batch(args.inputs, options)
    if outcome.interrupted:
        return 130
    return EXIT_INVALID if outcome.failed else EXIT_OK


def _summary(result: object, out: TextIO) -> None:
    from generator.api import Assessment
    from generator.report import report_framework

    assert isinstance(result, Assessment)
    es = result.report.executive_summary
    name = result.report.organisation or "the organisation"
    framework = report_framework(result.report)
    top = f"{framework.scale.max:g}"
    print(f"{name}: overall {es.overall_score:.1f}/{top} ({es.maturity_level})", file=out)
    for entry in result.report.scorecard:
        label = framework.dimension(entry.dimension).name
        print(f"  {label:<40} {entry.score:.1f}  {entry.level}", file=out)
    warnings = [f for f in result.findings if f.severity == "warning"]
    if warnings:
        print(f"{len(warnings)} validation warning(s), noted in the report:", file=out)
        for finding in warnings:
            print(f"  {finding}", file=out)
    run = result.run
    drafted = f"drafted by {run.drafter}"
    if run.model:
        drafted += f" ({run.model})"
        if run.cached:
            drafted += ", from the cache: 0 tokens"
        else:
            cost = f", ${run.cost_usd:.4f}" if run.cost_usd is not None else ", cost unknown"
            failed = ""
            if run.failed_calls:
                timed_out = f", {run.timeouts} timed out" if run.timeouts else ""
                failed = f" (+{run.failed_calls} call(s) without an answer{timed_out})"
            drafted += (
                f", {run.attempts} attempt(s){failed}, {run.prompt_tokens:,} prompt + "
                f"{run.completion_tokens:,} completion tokens{cost}"
            )
    print(f"{drafted} in {run.duration_s:.2f}s", file=out)


def _run(args: argparse.Namespace) -> int:
    from generator.api import assess, drafter_for

    settings = _settings(args, args.model, args.api_base, not args.no_cache)
    if settings is None and args.api_base:
        raise ModelConfigError("--api-base needs --model (e.g. --model openai/local-model)")
    formats, theme = _deliverables(args)
    result = assess(
        args.input,
        out_dir=args.out,
        drafter=drafter_for(settings),
        formats=formats,
        theme=theme,
        history=_db(args),
        benchmark=args.benchmark,
    )
    if not args.quiet:
        _summary(result, sys.stdout)
    if result.history_note:
        print(f"warning: {result.history_note}", file=sys.stderr)
    folder = next(iter(result.files.values())).parent
    print(f"wrote {', '.join(result.files)} to {folder}/")
    return EXIT_OK


def _validate(args: argparse.Namespace) -> int:
    from generator.api import validate_file
    from generator.validators import has_errors

    findings = validate_file(args.report, args.input)
    for finding in findings:
        print(finding)
    errors = sum(1 for f in findings if f.severity == "error")
    scope = "scale and evidence" if args.input else "scale (give --input to check the evidence)"
    print(f"{errors} error(s), {len(findings) - errors} warning(s); checked against the {scope}")
    return EXIT_INVALID if has_errors(findings) else EXIT_OK


def _frameworks(args: argparse.Namespace) -> int:
    from generator.frameworks import builtin_frameworks, load_framework

    if args.action == "check":
        if not args.folder:
            print("error: frameworks check needs a folder: frameworks check DIR", file=sys.stderr)
            return EXIT_USAGE
        checked = load_framework(Path(args.folder))
        print(
            f"{args.folder}: framework {checked.id} version {checked.version} is valid: "
            f"{len(checked.dimensions)} dimensions, {len(checked.indicators)} indicators, "
            f"{len(checked.scale.levels)} bands"
        )
        return EXIT_OK
    for name in builtin_frameworks():
        loaded = load_framework(name)
        print(f"{name:<16} version {loaded.version}  {loaded.name}")
    return EXIT_OK


def _schema(args: argparse.Namespace) -> int:
    from generator.api import schemas
    from generator.frameworks import DEFAULT_FRAMEWORK, builtin_frameworks, load_framework

    if args.write:
        from generator.writers import write_outputs

        names = [args.framework] if args.framework else list(builtin_frameworks())
        for name in names:
            docs = schemas(name)
            chosen = docs if args.which == "all" else {args.which: docs[args.which]}
            files = {
                f"{kind}.schema.json": json.dumps(doc, indent=2) + "\n"
                for kind, doc in chosen.items()
            }
            folder = Path(args.write) / load_framework(name).id
            written = write_outputs(folder, files)
            print(f"wrote {', '.join(str(p) for p in written.values())}")
        return EXIT_OK
    docs = schemas(args.framework or DEFAULT_FRAMEWORK)
    chosen = docs if args.which == "all" else {args.which: docs[args.which]}
    document = chosen if args.which == "all" else chosen[args.which]
    print(json.dumps(document, indent=2))
    return EXIT_OK


def _render(args: argparse.Namespace) -> int:
    from generator.api import render_prompt

    messages, tokens = render_prompt(args.input)
    if args.json:
        print(json.dumps(messages, indent=2, ensure_ascii=False))
    else:
        for message in messages:
            print(f"===== {message['role']} =====")
            print(message["content"])
            print()
    print(f"about {tokens:,} prompt tokens (estimated at 4 characters a token)", file=sys.stderr)
    return EXIT_OK


def _eval(args: argparse.Namespace) -> int:
    from generator.evaluation import runner
    from generator.evaluation.cases import find_cases, load_case
    from generator.settings import resolve
    from generator.writers import write_outputs

    if args.compare:
        before, after = (runner.load_results(Path(p)) for p in args.compare)
        print(runner.comparison_text(runner.compare(before, after)))
        return EXIT_OK
    if not 1 <= args.epochs <= 20 or not 1 <= (args.concurrency or 1) <= 32:
        raise ModelConfigError("--epochs must be 1-20 and --concurrency 1-32")
    # Epochs measure how answers vary, so with several epochs every answer is asked afresh.
    use_cache = not args.no_cache and args.epochs == 1
    options = runner.EvalOptions(
        model=_settings(args, args.model, args.api_base, use_cache) if args.model else None,
        judge=resolve(model=args.judge, api_base=args.judge_api_base, use_cache=use_cache)
        if args.judge
        else None,
        epochs=args.epochs,
        concurrency=args.concurrency,
        progress=sys.stderr.isatty() and not args.quiet,
    )
    thresholds = runner.load_thresholds(
        Path(args.thresholds) if args.thresholds else runner.THRESHOLDS
    )
    baseline = runner.load_results(Path(args.baseline)) if args.baseline else None
    cases = [load_case(p, runner.ROOT) for p in find_cases(args.cases, runner.ROOT)]
    names = [c.name for c in cases]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise ModelConfigError(f"two eval cases are named {twice[0]!r}; case names must be unique")
    if not cases:
        raise ModelConfigError("no eval cases found; add YAML files to evals/cases/")
    results = runner.run_eval(cases, options)
    failures = runner.threshold_failures(results, thresholds)
    if baseline is not None:
        failures += runner.baseline_failures(results, baseline)
    stamp = results["created_at"].replace(":", "").replace("-", "")[:15]
    out = Path(args.out) if args.out else Path("reports") / "evals" / stamp
    files = write_outputs(
        out,
        {
            "results.json": json.dumps(results, indent=2) + "\n",
            "results.md": runner.results_markdown(results, failures),
        },
    )
    print(runner.scorecard_table(results))
    for cause in runner.draft_failures(results):
        print(f"FAILED DRAFT {cause}")
    tokens = results["tokens"]
    if tokens["prompt"] or tokens["completion"]:
        print(f"tokens: {tokens['prompt']:,} prompt + {tokens['completion']:,} completion")
    for failure in failures:
        print(f"FAIL {failure}")
    verdict = "below thresholds" if failures else "all thresholds met"
    print(
        f"{len(cases)} cases x {options.epochs} epoch(s): {verdict}; results in "
        f"{files['results.json'].parent}/"
    )
    return EXIT_INVALID if failures else EXIT_OK


# Deliverables: the --format and --theme options, and the export command (the edit loop).
def _deliverable_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        metavar="LIST",
        help="comma-separated formats from md,html,json,pdf,docx,pptx (default md,html,json)",
    )
    parser.add_argument(
        "--theme",
        metavar="THEME.yaml",
        help="branding: firm_name, logo, primary, accent, font, footer (see themes/default.yaml)",
    )


def _export_parser(sub: argparse._SubParsersAction[_Parser]) -> None:
    export = sub.add_parser(
        "export",
        help="re-render an edited report.json into every format",
        description="Validate REPORT.json (against INPUT's evidence with --input) and write it "
        "again in the chosen formats, by default into the folder it is in.",
    )
    export.add_argument("report", metavar="REPORT.json")
    export.add_argument("--input", metavar="INPUT.yaml", help="also check it against the input")
    export.add_argument("--out", metavar="DIR", help="output folder (default: the report's folder)")
    _deliverable_options(export)


def _deliverables(args: argparse.Namespace) -> tuple[str | None, Theme]:
    from generator.theme import load_theme

    return args.format, load_theme(args.theme)


def _export(args: argparse.Namespace) -> int:
    from generator.api import export

    formats, theme = _deliverables(args)
    result = export(args.report, args.input, out_dir=args.out, formats=formats, theme=theme)
    for finding in result.findings:
        print(finding)
    folder = next(iter(result.files.values())).parent
    print(f"wrote {', '.join(result.files)} to {folder}/")
    return EXIT_OK


# Intake: `init` writes a commented input YAML with an empty roster, or the intake workbook.
def _init_parser(sub: argparse._SubParsersAction[_Parser]) -> None:
    init = sub.add_parser(
        "init",
        help="write a commented input file (and an empty roster) or an intake workbook to fill in",
        description="Write FILE.yaml with every field explained and FILE_partners.csv beside it, "
        "or with --xlsx (or a FILE ending in .xlsx) the intake workbook. Existing files are kept.",
    )
    init.add_argument("file", metavar="FILE.yaml|FILE.xlsx")
    init.add_argument("--xlsx", action="store_true", help="write the intake workbook")
    init.add_argument(
        "--framework", default="readiness", help="framework name or folder (default readiness)"
    )


def _init(args: argparse.Namespace) -> int:
    from generator.frameworks import load_framework

    framework = load_framework(args.framework)
    path = Path(args.file)
    if args.xlsx or path.suffix.lower() == ".xlsx":
        from generator.intake.workbook import write_workbook

        written = [write_workbook(path.with_suffix(".xlsx"), framework)]
    else:
        from generator.intake.template import write_template

        written = write_template(path, framework)
    print(
        f"wrote {', '.join(str(p) for p in written)}; fill it in, then: "
        f"python -m generator run {written[0]}"
    )
    return EXIT_OK


COMMANDS = {
    "run": _run,
    "validate": _validate,
    "schema": _schema,
    "frameworks": _frameworks,
    "render": _render,
    "eval": _eval,
    "export": _export,
    "history": _history,
    "batch": _batch,
    "init": _init,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code) if isinstance(exc.code, int) else EXIT_USAGE
    try:
        return COMMANDS[args.command](args)
    except ReportInvalidError as exc:
        if os.environ.get("GENERATOR_DEBUG"):
            raise
        print(f"error: {exc}", file=sys.stderr)
        for finding in exc.findings[1:6]:
            print(f"  {finding}", file=sys.stderr)
        return exc.exit_code
    except GeneratorError as exc:
        if os.environ.get("GENERATOR_DEBUG"):
            raise
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrupted; nothing was written", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader (e.g. `| head`) went away; the files are written, stop printing quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_INVALID


def entry() -> None:
    sys.exit(main())
