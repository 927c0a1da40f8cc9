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
from typing import TextIO

from generator import __version__
from generator.errors import GeneratorError, ReportInvalidError

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"error: {message}\n")


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

    schema = sub.add_parser("schema", help="print the JSON Schemas of input and report")
    schema.add_argument("which", nargs="?", choices=["input", "report", "all"], default="all")
    schema.add_argument(
        "--write", metavar="DIR", help="write input.schema.json and report.schema.json into DIR"
    )
    return parser


def _summary(result: object, out: TextIO) -> None:
    from generator.api import Assessment
    from generator.framework import BY_ID

    assert isinstance(result, Assessment)
    es = result.report.executive_summary
    name = result.report.organisation or "the organisation"
    print(f"{name}: overall {es.overall_score:.1f}/5 ({es.maturity_level.value})", file=out)
    for entry in result.report.scorecard:
        label = BY_ID[entry.dimension].name
        print(f"  {label:<40} {entry.score:.1f}  {entry.level.value}", file=out)
    warnings = [f for f in result.findings if f.severity == "warning"]
    if warnings:
        print(f"{len(warnings)} validation warning(s), noted in the report:", file=out)
        for finding in warnings:
            print(f"  {finding}", file=out)
    drafted = f"drafted by {result.run.drafter}"
    if result.run.model:
        drafted += f" ({result.run.model})"
    print(f"{drafted} in {result.run.duration_s:.2f}s", file=out)


def _run(args: argparse.Namespace) -> int:
    from generator.api import assess

    result = assess(args.input, out_dir=args.out)
    if not args.quiet:
        _summary(result, sys.stdout)
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


def _schema(args: argparse.Namespace) -> int:
    from generator.api import schemas

    chosen = schemas() if args.which == "all" else {args.which: schemas()[args.which]}
    if args.write:
        from generator.writers import write_outputs

        files = {
            f"{name}.schema.json": json.dumps(doc, indent=2) + "\n" for name, doc in chosen.items()
        }
        written = write_outputs(Path(args.write), files)
        print(f"wrote {', '.join(str(p) for p in written.values())}")
        return EXIT_OK
    document = chosen if args.which == "all" else chosen[args.which]
    print(json.dumps(document, indent=2))
    return EXIT_OK


COMMANDS = {"run": _run, "validate": _validate, "schema": _schema}


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


def entry() -> None:
    sys.exit(main())
