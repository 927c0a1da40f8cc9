"""Writers: sandboxed templates, sanitized HTML, input text kept as data, atomic files."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from jinja2 import UndefinedError
from jinja2.exceptions import SecurityError

from generator.api import assess
from generator.errors import OutputError
from generator.inputs import parse_input
from generator.writers import write_outputs
from generator.writers.render import sanitize
from generator.writers.templates import environment, md_literal
from tests.conftest import MINIMAL

HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)> [click](javascript:alert(3))"


def test_templates_render_in_a_sandbox() -> None:
    template = environment().from_string("{{ ''.__class__.__mro__[1].__subclasses__() }}")
    with pytest.raises(SecurityError):
        template.render()


def test_templates_refuse_undefined_variables() -> None:
    with pytest.raises(UndefinedError):
        environment().from_string("{{ missing }}").render()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("a|b", "a\\|b"),
        ("a \\| b", "a \\\\\\| b"),
        ("two\nlines", "two lines"),
        (None, "n/a"),
        ("  x  ", "x"),
        ("`code`", "\\`code\\`"),
        ("*a* _b_ ~c~", "\\*a\\* \\_b\\_ \\~c\\~"),
        ("[Acme](https://evil.example)", "\\[Acme\\](https:\\/\\/evil.example)"),
        ("<https://e.example>", "&lt;https:\\/\\/e.example&gt;"),
        ("see www.e.example", "see www\\.e.example"),
        ("&copy; &#60; R&D & co", "&amp;copy; &amp;#60; R&D & co"),
        ("# Heading", "\\# Heading"),
        ("- item", "\\- item"),
        ("12. item", "12\\. item"),
        ("3.5 stays", "3.5 stays"),
        ("a@b.example", "a\\@b.example"),
    ],
)
def test_input_text_is_made_markdown_literal(value: object, expected: str) -> None:
    assert md_literal(value) == expected


@pytest.mark.parametrize(
    "html",
    [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        '<a href="javascript:alert(1)">x</a>',
        '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
        '<div style="background:url(javascript:alert(1))" onclick="x()">x</div>',
        "<iframe src='https://example.invalid'></iframe>",
    ],
)
def test_sanitizer_strips_executable_html(html: str) -> None:
    clean = sanitize(html).lower()
    for bad in ("<script", "onerror", "onclick", "javascript:", "data:", "<iframe", "style="):
        assert bad not in clean


def _hostile_input() -> dict[str, object]:
    return MINIMAL | {
        "organisation": "Evil {{ 7*7 }} Corp",
        "partner_context": f"We have 3 partners. {HOSTILE} {{% raw %}}",
        "partners": [
            {
                "name": "Pipe | Partner",
                "type": "channel",
                "revenue": 100,
                "engagement": "high",
                "notes": HOSTILE,
            },
            {"name": "<b onmouseover=alert(4)>Bold</b>", "type": "referral", "revenue": 50},
            {"name": "Jinja {{ config }}", "type": "technology", "revenue": 10},
        ],
    }


def test_hostile_input_is_inert_in_every_output(tmp_path: Path) -> None:
    result = assess(parse_input(_hostile_input()), out_dir=tmp_path / "out")
    html = (tmp_path / "out" / "report.html").read_text().lower()
    assert "<script" not in html and "<img" not in html
    assert not re.search(r"<[^>]+\son\w+\s*=", html)  # no live event handler on any tag
    assert not re.search(r"href\s*=\s*[\"']?\s*javascript:", html)
    md = (tmp_path / "out" / "report.md").read_text()
    assert "<b " not in md and "&lt;b onmouseover" in md  # inert in any Markdown viewer
    assert "Evil {{ 7\\*7 }} Corp" in md  # rendered as data, never as a template
    # The title line after the run-id comment: a rendered template would read "Evil 49 Corp".
    title = md.split("\n", 1)[1].split("Corp")[0]
    assert "Jinja {{ config }}" in md and "49" not in title
    assert "| Pipe \\| Partner |" in md  # the pipe cannot break the table
    data = json.loads((tmp_path / "out" / "report.json").read_text())
    assert data["report"]["organisation"] == "Evil {{ 7*7 }} Corp"
    assert result.report.portfolio_map.partners


def test_report_json_has_report_validation_and_run(tmp_path: Path) -> None:
    assess(parse_input(MINIMAL), out_dir=tmp_path / "out")
    data = json.loads((tmp_path / "out" / "report.json").read_text())
    assert set(data) == {"report", "validation", "run"}
    assert data["validation"]["ok"] is True
    run = data["run"]
    assert run["drafter"] == "engine" and run["model"] is None
    assert run["prompt_tokens"] == run["completion_tokens"] == 0
    assert run["duration_s"] >= 0


def test_writes_are_atomic_and_leave_no_temporary_files(tmp_path: Path) -> None:
    paths = write_outputs(tmp_path / "out", {"a.txt": "one", "b.txt": "two"})
    assert {p.name for p in paths.values()} == {"a.txt", "b.txt"}
    assert sorted(os.listdir(tmp_path / "out")) == ["a.txt", "b.txt"]
    assert os.listdir(tmp_path) == ["out"]


def test_output_folder_that_is_a_file_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "taken"
    target.write_text("x")
    with pytest.raises(OutputError, match="is a file"):
        write_outputs(target, {"a.txt": "x"})


def test_the_method_note_states_the_rules_the_roster_analysis_applies() -> None:
    from generator.api import assess
    from generator.frameworks import load_framework
    from generator.inputs import load_input
    from generator.writers.render import render_markdown
    from tests.conftest import EXAMPLES

    done = assess(load_input(EXAMPLES / "manufacturer_distributors.yaml"), write=False)
    md = render_markdown(done.report, done.findings, done.run)
    limits = load_framework("readiness").thresholds
    health, engagement, share = limits.health, limits.engagement, limits.concentration
    for rule in (
        f"{health.material_share_pct:g}% or more of partner revenue silent for over "
        f"{health.active_days} days",
        f"below {health.low_satisfaction:g}/10",
        f"engagement above {engagement.strong_above:g}",
        f"HHI under {int(share.hhi_low_below):,}",
        f"over {share.top1_limit_pct:g}% or the top five over {share.top5_limit_pct:g}%",
    ):
        assert rule in md, rule
    # Validator findings go to report.json and the terminal, not the client's text.
    assert "Validation notes" not in md and "drafted by the engine drafter" not in md
