"""Client deliverables: the format registry, charts, themes, PDF, Word, slides and the edit loop.

One full set of every format is rendered once per module (PDF and charts take seconds on two
cores) and reopened the way a reader would: pdftotext, python-docx, python-pptx.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from generator.api import assess
from generator.cli import main
from generator.errors import FormatError
from generator.inputs import parse_input
from generator.theme import DEFAULT_THEME, Theme, css_string, load_theme
from generator.writers import FORMATS, Deliverable, parse_formats
from generator.writers.charts import MatrixPoint, build_charts, investment_matrix
from generator.writers.svg import to_svg
from tests.conftest import EXAMPLES, MINIMAL, ROOT
from tests.system_packages import ensure

ROSTER_EXAMPLE = str(EXAMPLES / "manufacturer_distributors.yaml")
ALL = "md,html,json,pdf,docx,pptx"


@pytest.fixture(scope="module")
def full_set(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The roster example in every format."""
    problem = ensure()
    if problem:
        pytest.fail(f"the PDF tests need poppler-utils: {problem}")
    out = tmp_path_factory.mktemp("set") / "acme"
    # A module fixture runs before the autouse one that points the history at the test's
    # folder: without this, every session's run landed in the user's history, and a third one
    # added a scores-over-time chart.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GENERATOR_DB", str(out.parent / "history.sqlite3"))
        assert main(["run", ROSTER_EXAMPLE, "--out", str(out), "--format", ALL, "--quiet"]) == 0
    return out


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        (None, ("md", "html", "json")),
        ("pdf", ("pdf",)),
        ("PPTX, md ,docx", ("md", "docx", "pptx")),
        (ALL, tuple(FORMATS)),
        ("html,html", ("html",)),
    ],
)
def test_formats_are_parsed_in_registry_order(spec: str | None, expected: tuple[str, ...]) -> None:
    assert parse_formats(spec) == expected


@pytest.mark.parametrize(("spec", "message"), [("md,odt", "odt: unknown"), (",", "(empty)")])
def test_an_unknown_format_stops_the_run(
    spec: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["run", ROSTER_EXAMPLE, "--out", str(tmp_path / "o"), "--format", spec]) == 2
    err = capsys.readouterr().err
    assert message in err and "md,html,json,pdf,docx,pptx" in err and len(err.splitlines()) == 1
    assert not (tmp_path / "o").exists()


def test_pdf_without_its_library_stops_before_anything_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # A None entry in sys.modules makes `import weasyprint` raise ImportError, as if missing.
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    out = tmp_path / "out"
    assert main(["run", ROSTER_EXAMPLE, "--out", str(out), "--format", "md,pdf"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: pdf output needs WeasyPrint") and "pip install" in err
    assert len(err.splitlines()) == 1
    assert not out.exists()


def test_a_default_run_loads_no_heavy_library(tmp_path: Path) -> None:
    code = (
        "import sys; from generator.cli import main; "
        f"assert main(['run', {ROSTER_EXAMPLE!r}, '--out', {str(tmp_path / 'o')!r}, '--quiet']) == 0; "
        "print(sorted(m for m in ('weasyprint', 'docx', 'pptx', 'matplotlib', 'litellm') "
        "if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_charts_without_data_are_left_out() -> None:
    report = assess(parse_input(MINIMAL), write=False).report
    assert [c.key for c in build_charts(report)] == ["scores"]
    assert investment_matrix(()) is None


def test_charts_are_accessible_inline_svg_with_nothing_external() -> None:
    report = assess(ROSTER_EXAMPLE, write=False).report
    charts = build_charts(report)
    assert [c.key for c in charts] == ["scores", "health", "matrix", "concentration"]
    matrix = investment_matrix(
        (MatrixPoint("Alder <b>", 4.1, 3.2, 4.2e6, "engaged"), MatrixPoint("B", 2, 2, 0, "dormant"))
    )
    assert matrix is not None
    for chart in (*charts, matrix):
        svg = to_svg(chart, DEFAULT_THEME)
        assert svg.startswith("<svg") and 'role="img"' in svg
        assert f'<title id="chart-{chart.key}-title">{chart.title}</title>' in svg
        assert "<desc" in svg and len(chart.alt) > 40
        for bad in ("href", "<script", "url(http", "<image", "<b>"):
            assert bad not in svg, (chart.key, bad)
    assert "top 5: 83.1%" in charts[3].alt  # revenue concentration marks the top five


def test_the_html_reads_like_a_deliverable_and_prints_cleanly(full_set: Path) -> None:
    html = (full_set / "report.html").read_text()
    for part in (
        'class="cover"',
        "Prepared by</dt><dd>Partner Readiness Advisory",
        "<dt>Client</dt><dd>Oberwald Pumps &amp; Valves GmbH",
        'aria-label="Contents"',
        "@page { size: A4",
        'counter(page) " of " counter(pages)',
        "section.deliverable { break-before: page; }",
        "tr, td, th, li, .figure, svg, blockquote { break-inside: avoid;",
    ):
        assert part in html, part
    assert html.index('id="summary"') < html.index('id="scorecard"')
    assert html.count("<svg") == 4
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")


def _pdf_text(path: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.split("\f")[:-1]


def test_the_pdf_has_pages_text_and_the_run_id(full_set: Path) -> None:
    pages = _pdf_text(full_set / "report.pdf")
    assert 8 <= len(pages) <= 30
    assert "Oberwald Pumps & Valves GmbH" in pages[0] and "Page" not in pages[0]
    assert "Page 2 of" in pages[1]
    for title in ("1. Executive summary", "2. Dimension scorecard", "6. 30/60/90-day plan"):
        starts = [i for i, p in enumerate(pages) if p.lstrip().startswith(title)]
        assert starts, f"{title} does not start a page"
    info = subprocess.run(
        ["pdfinfo", "-custom", str(full_set / "report.pdf")], capture_output=True, text=True
    ).stdout
    run_id = json.loads((full_set / "report.json").read_text())["run"]["run_id"]
    assert f"GeneratorRunId:  {run_id}" in info or f"GeneratorRunId: {run_id}" in info


def _rows_per_page(deliverable: Deliverable) -> list[Counter[Any]]:
    """For each laid-out page, how many fragments of each table row and chart figure it holds."""
    from generator.writers.pdf import layout

    pages = []
    for page in layout(deliverable).pages:
        seen: Counter[Any] = Counter()
        stack = [page._page_box]
        while stack:
            box = stack.pop()
            if getattr(box, "is_header", False):
                continue  # the header row repeats on every page, as it should
            tag = getattr(box, "element_tag", None)
            if tag == "tr" or (tag == "div" and box.element.get("class") == "figure"):
                seen[box.element] += 1
            stack.extend(getattr(box, "children", ()))
        pages.append(seen)
    return pages


def test_no_table_row_or_chart_is_split_across_pdf_pages() -> None:
    ensure()
    partners = [
        {
            "name": f"Partner {i:02d}",
            "type": "channel",
            "revenue": 1000 + i,
            "notes": "A long note that wraps over several lines in the table cell. " * (i % 4),
        }
        for i in range(48)
    ]
    result = assess(parse_input(MINIMAL | {"partners": partners}), write=False)
    pages = _rows_per_page(Deliverable(result.report, result.findings, result.run))
    elements = Counter(e for page in pages for e in page)
    rows = [e for e in elements if e.tag == "tr"]
    assert len(rows) > 100 and len([p for p in pages if p]) >= 4  # tables cross pages
    split = [e for e, pages_with in elements.items() if pages_with > 1]
    assert split == []
    assert sum(1 for e in elements if e.tag == "div") == 3  # the charts' figures


def test_the_word_document_is_editable_and_complete(full_set: Path) -> None:
    import docx

    document = docx.Document(str(full_set / "report.docx"))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading 1")]
    assert headings == [
        "1. Executive summary",
        "Objectives and the gap to them",
        "2. Dimension scorecard",
        "3. Partner portfolio map",
        "4. Enablement gap analysis",
        "5. Performance dashboard",
        "6. 30/60/90-day plan",
        "How this assessment was made",
    ]
    text = [p.text for p in document.paragraphs]
    assert "Evidence behind the scores" in text
    goals = next(t for t in document.tables if t.rows[0].cells[0].text == "Goal")
    assert goals.rows[1].cells[0].text.startswith("g1: ")
    # The cover names who prepared the report; the drafter is said once, with the method.
    assert not [line for line in text[:12] if "Drafted by" in line]
    assert [line for line in text if line.startswith("Drafted by the engine drafter; run ")]
    assert next(p.text for p in document.paragraphs if p.style.name == "Title").startswith(
        "Partner Collaboration"
    )
    plan = [t for t in document.tables if t.rows[0].cells[0].text == "Action"]
    assert len(plan) == 3 and all(len(t.rows) >= 2 for t in plan)
    assert document.tables[0].style.name == "Table Grid"
    assert len(document.inline_shapes) == 4  # the four charts, the investment matrix among them
    assert all(s._inline.docPr.get("descr") for s in document.inline_shapes)
    run_id = json.loads((full_set / "report.json").read_text())["run"]["run_id"]
    assert document.core_properties.identifier == run_id
    assert document.core_properties.author == "Partner Readiness Advisory"


def test_the_readout_deck_has_eight_slides_with_charts(full_set: Path) -> None:
    import pptx

    deck = pptx.Presentation(str(full_set / "readout.pptx"))
    titles = [s.shapes.title.text for s in deck.slides]
    assert len(titles) == 8
    assert titles[0] == "Partner Readiness Readout"
    assert titles[1].startswith("Overall maturity 2.4 / 5")
    assert titles[2:] == [
        "Top priorities",
        "Partner portfolio",
        "Where the next investment goes",
        "Enablement gaps",
        "Performance dashboard",
        "30/60/90-day plan",
    ]
    pictures = [sh for s in deck.slides for sh in s.shapes if sh.shape_type == 13]
    assert len(pictures) == 4
    assert any(sh.has_table for sh in deck.slides[7].shapes)
    run_id = json.loads((full_set / "report.json").read_text())["run"]["run_id"]
    assert deck.core_properties.identifier == run_id


def test_an_edited_finding_comes_back_in_every_format(
    full_set: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = json.loads((full_set / "report.json").read_text())
    edited = "Distributor onboarding takes eleven weeks on average (consultant's edit)."
    document["report"]["scorecard"][1]["findings"][0] = edited
    folder = tmp_path / "edited"
    folder.mkdir()
    path = folder / "report.json"
    path.write_text(json.dumps(document))
    argv = ["export", str(path), "--input", ROSTER_EXAMPLE, "--format", ALL]
    assert main(argv) == 0
    assert "wrote report.md, report.html, report.json, report.pdf" in capsys.readouterr().out
    import docx

    assert edited in (folder / "report.md").read_text()
    assert edited in (folder / "report.html").read_text()
    written = json.loads((folder / "report.json").read_text())
    assert written["report"]["scorecard"][1]["findings"][0] == edited
    assert "eleven weeks" in " ".join(_pdf_text(folder / "report.pdf")).replace("\n", " ")
    tables = docx.Document(str(folder / "report.docx")).tables
    assert any(edited in c.text for t in tables for r in t.rows for c in r.cells)
    assert (folder / "readout.pptx").stat().st_size > 10_000
    new_id = written["run"]["run_id"]
    assert new_id != document["run"]["run_id"]


def test_an_edit_that_breaks_the_report_is_refused(
    full_set: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = json.loads((full_set / "report.json").read_text())
    document["report"]["scorecard"][0]["score"] = 9.0
    path = tmp_path / "edited" / "report.json"
    path.parent.mkdir()
    path.write_text(json.dumps(document))
    assert main(["export", str(path), "--format", "md,html"]) == 1
    assert "nothing was written" in capsys.readouterr().err
    assert [p.name for p in path.parent.iterdir()] == ["report.json"]


def test_a_theme_brands_every_format(tmp_path: Path) -> None:
    import docx

    logo = tmp_path / "logo.png"
    logo.write_bytes((ROOT / "themes" / "sample-logo.png").read_bytes())
    theme = tmp_path / "theme.yaml"
    theme.write_text(
        "firm_name: Northwind Advisory\nlogo: logo.png\nprimary: '#004488'\n"
        "accent: '#DDAA33'\nfont: DejaVu Sans\nfooter: 'Northwind \"confidential\" }'\n"
    )
    out = tmp_path / "out"
    argv = [
        "run",
        ROSTER_EXAMPLE,
        "--out",
        str(out),
        "--theme",
        str(theme),
        "--format",
        "html,docx",
    ]
    assert main(argv) == 0
    html = (out / "report.html").read_text()
    assert "Northwind Advisory" in html and "--primary: #004488" in html
    assert 'class="logo" src="data:image/png;base64,' in html
    assert css_string('Northwind "confidential" }') in html
    document = docx.Document(str(out / "report.docx"))
    assert document.core_properties.author == "Northwind Advisory"
    assert len(document.inline_shapes) == 5  # the logo and four charts


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("primary: blue\n", "primary: Value error, 'blue' is not a colour"),
        ("font: 'x; } body { color: red'\n", "font: Value error"),
        ("colour: '#000000'\n", "colour: Extra inputs are not permitted"),
        ("logo: missing.png\n", "theme logo"),
        ("- a list\n", "must be a mapping"),
        ("firm_name: [unclosed\n", "is not UTF-8 YAML"),
    ],
)
def test_a_bad_theme_names_the_field(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "theme.yaml"
    path.write_text(text)
    with pytest.raises(FormatError, match=message.replace("(", r"\(").replace("[", r"\[")):
        load_theme(path)


def test_the_default_theme_file_spells_out_the_defaults() -> None:
    assert load_theme(ROOT / "themes" / "default.yaml") == Theme()


@pytest.mark.parametrize("text", ['a"b', "a\\b", "a\nb", "}</style><script>", "ünïcode"])
def test_css_strings_cannot_be_broken_out_of(text: str) -> None:
    quoted = css_string(text)
    body = quoted[1:-1]
    assert quoted[0] == quoted[-1] == '"'
    assert not set(body) & set('"\\\n<>{}') - {"\\"} and "\n" not in body
    assert all(c.isalnum() or c == " " or c == "\\" for c in body)


@pytest.mark.parametrize(
    ("maximum", "ticks"),
    [
        (5, [0, 1, 2, 3, 4, 5]),
        (14, [0, 2, 4, 6, 8, 10, 12, 14]),
        (20_000, [0, 5e3, 1e4, 1.5e4, 2e4]),
    ],
)
def test_axis_ticks_stay_few_and_round(maximum: float, ticks: list[float]) -> None:
    from generator.writers.svg import _ticks

    assert _ticks(maximum) == ticks


def test_a_long_roster_keeps_the_charts_small() -> None:
    from generator.writers.charts import concentration_chart, health_chart

    partners = [{"name": f"P{i}", "type": "channel", "revenue": 10 + i} for i in range(1_500)]
    report = assess(parse_input(MINIMAL | {"partners": partners}), write=False).report
    curve, health = concentration_chart(report), health_chart(report)
    assert curve is not None and health is not None
    assert curve.count == 1_500 and len(curve.values) <= 400 and curve.ranks[:5] == (1, 2, 3, 4, 5)
    assert len(to_svg(curve, DEFAULT_THEME)) < 20_000
    assert len(to_svg(health, DEFAULT_THEME)) < 10_000
