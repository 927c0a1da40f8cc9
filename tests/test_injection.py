"""Input text and a model's prose render as literal text: no extra cells, links, code or markup."""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections import Counter
from html.parser import HTMLParser

import pytest

from generator.api import assess
from generator.inputs import parse_input
from generator.report import AssessmentReport
from generator.run import RunInfo
from generator.writers import render_all
from generator.writers.render import LIMITS, csv_text, render_csv
from tests.conftest import MINIMAL
from tests.test_output_set import roster

# Every character Markdown (CommonMark, GFM or Python-Markdown) gives a meaning, alone, plus the
# constructs from the attack campaign and the ones each character starts.
SYNTAX = list("\\`*_{}[]()#+-.!|<>&~:@=")
PAYLOADS = [
    *SYNTAX,
    "Acme a \\| b",
    "Acme `x",
    "[Acme](https://evil.example/login)",
    "![img](https://evil.example/x.png)",
    "<https://evil.example>",
    "https://evil.example/login",
    "www.evil.example",
    "ceo@evil.example",
    "**strong** _em_ ~~gone~~",
    "# Heading",
    "1. first",
    "- item",
    "> quoted",
    "&copy; &#60; &#x3C;",
    "<b onmouseover=x>bold</b>",
    "[ref]: https://evil.example",
    "---",
    "\\",
    "a\\",
]

STRUCTURE_TAGS = ("a", "img", "code", "pre", "em", "strong", "h1", "h2", "h3", "h4", "h5", "h6")
STRUCTURE_TAGS += ("blockquote", "ol", "ul", "li", "hr", "table", "tr", "th", "td", "br", "p")


class _Html(HTMLParser):
    """Tag counts, and each table row's cell texts."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: Counter[str] = Counter()
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        if tag == "tr":
            self.rows.append([])
        elif tag in {"td", "th"}:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in {"td", "th"} and self._cell is not None:
            self.rows[-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _parse(html: str) -> _Html:
    parser = _Html()
    parser.feed(html)
    return parser


_UNESCAPED_PIPE = re.compile(r"(?<!\\)(?:\\\\)*\|")


def md_tables(md: str) -> list[list[list[str]]]:
    """Each Markdown table as rows of cells, split at pipes no backslash escapes (GFM's rule)."""
    tables: list[list[list[str]]] = []
    previous = ""
    for line in md.splitlines():
        if line.startswith("|"):
            pipes = [m.end() - 1 for m in _UNESCAPED_PIPE.finditer(line)]
            row = [line[a + 1 : b] for a, b in itertools.pairwise(pipes)]
            if not previous.startswith("|"):
                tables.append([])
            tables[-1].append(row)
        previous = line
    return tables


def _tables_are_whole(md: str) -> None:
    tables = md_tables(md)
    assert len(tables) >= 7
    for table in tables:
        assert {len(row) for row in table} == {len(table[0])}, table


def _names_report(names: list[str]) -> AssessmentReport:
    partners = roster(len(names))
    for partner, name in zip(partners, names, strict=True):
        partner["name"] = name
    return assess(parse_input(MINIMAL | {"partners": partners}), write=False).report


RUN = RunInfo(drafter="engine", generator_version="test", created_at="", run_id="r1")


def _untrusted_prose(report: AssessmentReport, text: str) -> None:
    """Put `text` in every field a model drafts or input notes reach."""
    es = report.executive_summary
    es.value_realised = text
    for p in es.priorities:
        p.title, p.rationale = text, text
    for entry in report.scorecard:
        entry.findings = [text, text]
        entry.evidence = [text]
    for p in report.portfolio_map.partners:
        p.reason = text
    report.portfolio_map.coverage_gaps = [text]
    report.enablement_gaps.recommendations = [text]
    for item in report.enablement_gaps.feedback:
        item.finding = text
    for action in [*report.plan.days_30, *report.plan.days_60, *report.plan.days_90]:
        action.action = action.owner = action.metric = action.target = text


@pytest.mark.parametrize("payload", PAYLOADS)
def test_names_and_prose_render_literally(payload: str) -> None:
    benign = _names_report([f"Benign p{i}" for i in range(4)])
    hostile = _names_report([f"{payload} p{i}" for i in range(4)])
    _untrusted_prose(benign, "plain words")
    _untrusted_prose(hostile, payload)
    expected = render_all(benign, [], RUN)
    files = render_all(hostile, [], RUN)
    _tables_are_whole(files["report.md"])
    html, reference = _parse(files["report.html"]), _parse(expected["report.html"])
    # The same report shape whatever the text: no cell, link, code span, list or heading added.
    assert {t: html.tags[t] for t in STRUCTURE_TAGS} == {
        t: reference.tags[t] for t in STRUCTURE_TAGS
    }
    assert html.tags["a"] == 0
    cells = {c for row in html.rows for c in row}  # the parser resolves entities once
    assert f"{payload} p0" in cells  # the dashboard's name cell, character for character
    assert " ".join(payload.split()) in cells  # a plan cell


def test_the_three_campaign_payloads() -> None:
    report = _names_report(["Acme a \\| b", "Acme `x", "[Acme](https://evil.example/login)"])
    files = render_all(report, [], RUN)
    # The dashboard's partner table: nine columns since it shows the engagement score and band.
    dashboard = [r for r in _parse(files["report.html"]).rows if len(r) == 9]
    assert {r[0] for r in dashboard[1:]} == {
        "Acme a \\| b",
        "Acme `x",
        "[Acme](https://evil.example/login)",
    }
    assert "href" not in files["report.html"]
    assert all(not r[1].startswith("b") for r in dashboard)  # revenue stays a figure


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTAB", "'\tTAB"),
        ("Acme = good", "Acme = good"),
        (-1200.0, "-1200"),
        (2.5, "2.5"),
        (None, ""),
    ],
)
def test_csv_cells_never_run_as_formulas(value: object, cell: str) -> None:
    assert csv_text(value) == cell


def test_partners_csv_neutralises_formula_names() -> None:
    names = [f"=cmd|' /C calc'!A{i}" for i in range(LIMITS.rows + 1)]
    report = _names_report(names)
    rows = list(csv.reader(io.StringIO(render_csv(report, RUN))))
    assert rows[0][0] == "name" and len(rows) == len(names) + 1
    assert all(r[0].startswith("'=") for r in rows[1:])
