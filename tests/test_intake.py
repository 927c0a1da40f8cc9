"""Intake from spreadsheets: CSV dialects, .xlsx rosters, the intake workbook, survey exports,
`init`, and hints that fit the field. The equivalence tests are the issue's done-when line:
each way in produces the same report as the equivalent YAML."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml

from generator.cli import main
from generator.errors import InputFileError, InputValidationError
from generator.inputs import load_input, parse_input
from generator.intake.numbers import Place, decimal_mark, plain_number, split_cell
from generator.intake.survey import summarise_survey
from generator.intake.tables import sniff_delimiter
from tests.conftest import EXAMPLES, MINIMAL

EXAMPLE = EXAMPLES / "manufacturer_distributors.yaml"
ROSTER = EXAMPLES / "manufacturer_distributors.csv"
AMOUNTS = ("revenue", "pipeline")
RATINGS = ("satisfaction", "satisfaction_previous")


def report_json(path: Path, out: Path) -> dict[str, Any]:
    """report.json's report, as `run` writes it, with no history to compare against."""
    assert main(["run", str(path), "--out", str(out), "--format", "json", "--quiet", "--no-history"]) == 0
    return json.loads((out / "report.json").read_text(encoding="utf-8"))["report"]  # type: ignore[no-any-return]


def example_data() -> dict[str, Any]:
    return yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def roster_rows() -> list[dict[str, str]]:
    with ROSTER.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_input(folder: Path, data: dict[str, Any], name: str = "input.yaml") -> Path:
    path = folder / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def expected(tmp_path: Path) -> dict[str, Any]:
    return report_json(EXAMPLE, tmp_path / "expected")


def european(value: str, column: str) -> str:
    """A number as a German Excel writes it: '4.200.000', '7,8'."""
    number = float(value)
    if column in RATINGS:
        return f"{number:.1f}".replace(".", ",")
    return f"{int(number):,}".replace(",", ".")


# --- the done-when line ----------------------------------------------------------------------


def test_semicolon_csv_with_decimal_commas_gives_the_same_report(
    tmp_path: Path, expected: dict[str, Any]
) -> None:
    rows = roster_rows()
    lines = [";".join(rows[0])]
    for row in rows:
        cells = [european(v, k) if v and k in AMOUNTS + RATINGS else v for k, v in row.items()]
        lines.append(";".join(f'"{c}"' if ";" in c or '"' in c else c for c in cells))
    (tmp_path / "roster.csv").write_text("\ufeff" + "\r\n".join(lines) + "\r\n", encoding="utf-8")
    data = example_data() | {"partners_csv": "roster.csv"}
    assert report_json(write_input(tmp_path, data), tmp_path / "out") == expected


def write_roster_sheet(sheet: Any) -> None:
    rows = roster_rows()
    sheet.append(list(rows[0]))
    for row in rows:
        cells: list[Any] = []
        for key, value in row.items():
            if not value:
                cells.append(None)
            elif key in AMOUNTS + RATINGS:
                cells.append(float(value))
            elif key == "deals":
                cells.append(int(value))
            elif key == "last_activity":
                cells.append(date.fromisoformat(value))
            elif key == "executive_sponsor":
                cells.append(value == "true")
            else:
                cells.append(value)
        sheet.append(cells)


def test_xlsx_roster_gives_the_same_report(tmp_path: Path, expected: dict[str, Any]) -> None:
    book = openpyxl.Workbook()
    book.active.title = "Notes"
    write_roster_sheet(book.create_sheet("Distributors"))
    book.save(tmp_path / "roster.xlsx")
    data = example_data() | {"partners_csv": "roster.xlsx", "partners_sheet": "Distributors"}
    assert report_json(write_input(tmp_path, data), tmp_path / "out") == expected


# Nine respondents whose means are the example's 6.0 / 4.5 / 7.0; blanks and "n/a" are skipped.
SURVEY_ANSWERS = [
    ("6", "4", "7"),
    ("7", "5", "8"),
    ("5", "4", "6"),
    ("6", "5", "7"),
    ("8", "n/a", "9"),
    ("4", "3", "5"),
    ("6", "6", "7"),
    ("5,5", "4,5", "7"),
    ("6,5/10", "", "7"),
]


def survey_comments() -> list[str]:
    return list(example_data()["partner_feedback"]["comments"])


def test_intake_workbook_round_trip_gives_the_same_report(
    tmp_path: Path, expected: dict[str, Any]
) -> None:
    path = tmp_path / "client.xlsx"
    assert main(["init", "--xlsx", str(path)]) == 0
    book = openpyxl.load_workbook(path)
    source = example_data()
    for row in book["Context"].iter_rows(min_row=2):
        row[1].value = source.get(row[0].value)  # assessed_on goes in as a date cell
    write_roster_sheet(book["Roster"])
    book["Roster"].delete_rows(1)  # init wrote the header already; keep one
    comments = survey_comments()
    for i, answers in enumerate(SURVEY_ANSWERS):
        comment = comments[i] if i < len(comments) else None
        book["Survey"].append([f"R{i + 1}", *answers, comment])
    book.save(path)
    assert report_json(path, tmp_path / "out") == expected


def test_raw_survey_export_gives_the_same_report(tmp_path: Path, expected: dict[str, Any]) -> None:
    comments = survey_comments()
    with (tmp_path / "responses.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(
            [
                "Timestamp",
                "Email",
                "How useful is our training, overall? (0-10)",
                "Sales resources and price lists (0-10)",
                "Support from our channel team (0-10)",
                "Any other comments?",
            ]
        )
        for i, answers in enumerate(SURVEY_ANSWERS):
            comment = comments[i] if i < len(comments) else ""
            writer.writerow([f"2026-10-{i + 1:02d} 09:00", f"p{i}@example.com", *answers, comment])
    data = example_data()
    del data["partner_feedback"]
    data["partners_csv"] = str(ROSTER.name)
    (tmp_path / ROSTER.name).write_bytes(ROSTER.read_bytes())
    data["partner_survey_csv"] = "responses.csv"
    assert report_json(write_input(tmp_path, data), tmp_path / "out") == expected


# --- dialects -------------------------------------------------------------------------------

NUMBER_CASES = [
    # header, delimiter, revenue cell, satisfaction cell, expected revenue, expected satisfaction
    ("comma", ",", '"1,234,567"', "7.5", 1_234_567.0, 7.5),
    ("semicolon-decimal-comma", ";", "1.234.567,50", "7,5", 1_234_567.5, 7.5),
    ("tab", "\t", "1234567", "7.5", 1_234_567.0, 7.5),
    ("ambiguous-settled-by-rating", ";", "1.234", "7,5", 1234.0, 7.5),
    ("ambiguous-settled-by-point", ";", "1,234", "7.5", 1234.0, 7.5),
    ("space-groups", ";", "1 234 567", "8", 1_234_567.0, 8.0),
    ("narrow-nbsp-groups", ";", "1\u202f234,5", "8", 1234.5, 8.0),
    ("swiss-apostrophe", ";", "1'234'567.5", "8", 1_234_567.5, 8.0),
    ("currency-and-suffix", ";", "€4,2M", "8", 4_200_000.0, 8.0),
    ("rating-out-of-ten", ",", "100", "7.5/10", 100.0, 7.5),
]


@pytest.mark.parametrize(
    ("delimiter", "revenue", "satisfaction", "want_revenue", "want_satisfaction"),
    [case[1:] for case in NUMBER_CASES],
    ids=[case[0] for case in NUMBER_CASES],
)
def test_roster_dialects(
    tmp_path: Path,
    delimiter: str,
    revenue: str,
    satisfaction: str,
    want_revenue: float,
    want_satisfaction: float,
) -> None:
    header = delimiter.join(["name", "type", "revenue", "satisfaction", "last_activity"])
    row = delimiter.join(["Acme", "reseller", revenue, satisfaction, "21.10.2026"])
    (tmp_path / "r.csv").write_text(f"\ufeff{header}\n{row}\n", encoding="utf-8")
    data = parse_input(MINIMAL | {"partners_csv": "r.csv", "assessed_on": "2026-11-01"}, tmp_path)
    partner = (data.partners or [])[0]
    assert (partner.revenue, partner.satisfaction) == (want_revenue, want_satisfaction)
    assert partner.last_activity == date(2026, 10, 21)


REFUSED = [
    (
        "ambiguous-point",
        "name;type;revenue\nAcme;channel;1.234\n",
        ("row 2", "'revenue'", "1234 or 1.234", "write 1234"),
    ),
    (
        "ambiguous-comma",
        "name;type;deals\nAcme;channel;1,500\n",
        ("row 2", "'deals'", "1500 or 1.5"),
    ),
    (
        "two-decimal-marks",
        "name;type;revenue;satisfaction\nAcme;channel;1.234,5;7.5\n",
        ("decimal comma", "decimal point", "use one decimal mark"),
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"), [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED]
)
def test_numbers_that_read_two_ways_are_refused(
    tmp_path: Path, text: str, expected: tuple[str, ...]
) -> None:
    (tmp_path / "r.csv").write_text(text, encoding="utf-8")
    with pytest.raises(InputFileError) as caught:
        parse_input(MINIMAL | {"partners_csv": "r.csv"}, tmp_path)
    message = str(caught.value)
    assert "r.csv" in message
    for part in expected:
        assert part in message, message


def test_delimiter_sniffing_ignores_quoted_commas() -> None:
    assert sniff_delimiter('"Training, overall";"Support, overall"\n1;2\n') == ";"
    assert sniff_delimiter("a\tb\tc\n") == "\t"
    assert sniff_delimiter("name\n") == ","


def test_number_reading_is_linear_on_long_runs() -> None:
    # Parsing walks each cell once (no regular expressions); long runs must still finish.
    for text in ("1" * 20_000, "1." * 10_000, "1,234" * 4_000, " " * 20_000, ",." * 10_000):
        cell = split_cell(text)
        assert cell is None or cell.body
        place = Place(Path("r.csv"), 2, "revenue")
        decimal_mark([(place, text)])
    assert sniff_delimiter('"' * 20_000) == ","
    assert plain_number(Place(Path("r.csv"), 2, "x"), "1" * 20_000, None) == "1" * 20_000


# --- workbooks --------------------------------------------------------------------------------


def test_xlsx_errors_name_the_sheet_row_and_column(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "Roster"
    book.active.append(["name", "type", "revenue"])
    book.active.append(["Acme", "channel", "lots"])
    book.save(tmp_path / "r.xlsx")
    with pytest.raises(InputValidationError, match=r"r\.xlsx row 2, column 'revenue'"):
        parse_input(MINIMAL | {"partners_csv": "r.xlsx"}, tmp_path)
    with pytest.raises(InputValidationError, match="no sheet 'Partners'; its sheets are Roster"):
        parse_input(MINIMAL | {"partners_csv": "r.xlsx", "partners_sheet": "Partners"}, tmp_path)
    (tmp_path / "r.csv").write_text("name,type\nAcme,channel\n", encoding="utf-8")
    with pytest.raises(InputValidationError, match="CSV file, which has no sheets"):
        parse_input(MINIMAL | {"partners_csv": "r.csv", "partners_sheet": "Roster"}, tmp_path)
    (tmp_path / "fake.xlsx").write_text("name,type\n", encoding="utf-8")
    with pytest.raises(InputFileError, match=r"save it again as \.xlsx"):
        parse_input(MINIMAL | {"partners_csv": "fake.xlsx"}, tmp_path)


def test_an_empty_workbook_names_the_row_to_fill(tmp_path: Path) -> None:
    path = tmp_path / "client.xlsx"
    assert main(["init", str(path)]) == 0
    assert main(["init", "--xlsx", str(path)]) == 2
    with pytest.raises(
        InputValidationError, match="partner_context is empty; write it in column B"
    ):
        load_input(path)


# --- surveys ----------------------------------------------------------------------------------


def test_survey_summary_mean_spread_count_and_scale(tmp_path: Path) -> None:
    (tmp_path / "s.csv").write_text(
        "Q1 Training;Q2 Support;What should we improve?\n4;5;More webinars\n5;n/a;\n3;4;more webinars\n",
        encoding="utf-8",
    )
    summary = summarise_survey(tmp_path / "s.csv", scale=5)
    training = summary.questions["training"]
    assert (training.mean, training.count, training.spread) == (8.0, 3, 2.0)
    assert summary.questions["support"].count == 2
    assert summary.respondents == 3
    assert summary.comments == ["More webinars"]  # the repeat, differently cased, is dropped


@pytest.mark.parametrize(
    ("text", "options", "expected"),
    [
        ("Training\n11\n", {}, "row 2, column 'Training': '11' is not a rating"),
        ("Training\ngood\n", {}, "write a number from 0 to 10"),
        ("Timestamp\nx\n", {}, "map them with partner_survey_columns"),
        ("Training;Training 2\n1;2\n", {}, "both look like the training question"),
        ("A\n1\n", {"partner_survey_columns": {"training": "B"}}, "'B' is not a column"),
        ("A\n1\n", {"partner_survey_columns": {"nps": "A"}}, "unknown question 'nps'"),
        ("A\n1\n", {"partner_survey_scale": 0}, "not a rating scale"),
    ],
)
def test_survey_errors(tmp_path: Path, text: str, options: dict[str, Any], expected: str) -> None:
    (tmp_path / "s.csv").write_text(text, encoding="utf-8")
    with pytest.raises(InputValidationError) as caught:
        parse_input(MINIMAL | {"partner_survey_csv": "s.csv"} | options, tmp_path)
    assert expected in str(caught.value)


def test_survey_and_means_together_are_refused(tmp_path: Path) -> None:
    (tmp_path / "s.csv").write_text("Training\n5\n", encoding="utf-8")
    data = MINIMAL | {"partner_survey_csv": "s.csv", "partner_feedback": {"training": 5}}
    with pytest.raises(InputValidationError, match="not both"):
        parse_input(data, tmp_path)


# --- hints and init --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ({"partner_survey": {"training": 5}}, "did you mean 'partner_feedback'?"),
        ({"partner_survey": "responses.csv"}, "did you mean 'partner_survey_csv'?"),
        ({"goals": "x"}, "did you mean 'objectives'?"),
        ({"organization": "x"}, "did you mean 'organisation'?"),
        ({"partner_feedback": {"support": "7.5/10"}}, "from 0 to 10 such as 7.5"),
        ({"indicators": {"gtm_cosell": {"attribution": "high"}}}, "from 1 to 5"),
        (
            {"partners": [{"name": "A", "type": "channel", "satisfaction": "7.5/10"}]},
            "for '7.5/10' write 7.5",
        ),
    ],
)
def test_hints_fit_the_field(extra: dict[str, Any], expected: str) -> None:
    with pytest.raises(InputValidationError) as caught:
        parse_input(MINIMAL | extra)
    assert expected in str(caught.value)
    assert "1500000" not in str(caught.value)


def test_init_writes_a_commented_input_that_runs_once_filled(tmp_path: Path) -> None:
    path = tmp_path / "client.yaml"
    assert main(["init", str(path)]) == 0
    roster = tmp_path / "client_partners.csv"
    assert roster.read_text(encoding="utf-8").startswith("name,type,")
    text = path.read_text(encoding="utf-8")
    for indicator in ("partner_types_tiers", "lead_routing", "co_innovation"):
        assert f"#     {indicator}: 3" in text
    assert main(["run", str(path), "--out", str(tmp_path / "out")]) == 2  # the texts are empty
    for key, value in MINIMAL.items():
        text = text.replace(f'{key}: ""', f"{key}: {json.dumps(value)}")
    path.write_text(text, encoding="utf-8")
    assert main(["run", str(path), "--out", str(tmp_path / "out"), "--quiet"]) == 0
    assert main(["init", str(path)]) == 2  # an existing file is kept
