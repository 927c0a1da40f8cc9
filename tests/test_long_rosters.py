"""Long rosters: md/html show bounded lists and say where the rest is; partners.csv has all."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from generator.api import assess
from generator.inputs import parse_input
from generator.writers.render import CSV_COLUMNS, LIMITS
from tests.conftest import MINIMAL
from tests.test_injection import md_tables
from tests.test_output_set import roster

SIZE = 300


def test_a_long_roster_is_shortened_in_md_and_html_and_complete_in_csv(tmp_path: Path) -> None:
    result = assess(parse_input(MINIMAL | {"partners": roster(SIZE)}), out_dir=tmp_path / "out")
    out = tmp_path / "out"
    md = (out / "report.md").read_text()
    html = (out / "report.html").read_text()
    assert f"The top {LIMITS.rows} partners by revenue, of {SIZE}" in md
    assert f"The {LIMITS.rows} partners that need attention first, of {SIZE}" in md
    assert md.count("partners.csv beside this report") >= 3 and "partners.csv" in html
    longest = max(len(table) for table in md_tables(md))
    assert longest == LIMITS.rows + 2  # header and delimiter rows
    at_risk = result.report.portfolio_map.at_risk
    assert len(at_risk) > 2 * LIMITS.names  # satisfaction below 5 puts 2 in 7 at risk
    line = next(line for line in md.splitlines() if "At-risk relationships" in line)
    assert line.count(";") == LIMITS.names  # the names shown, then "and N more"
    assert f"and {len(at_risk) - LIMITS.names} more (see partners.csv" in line

    rows = list(csv.DictReader(io.StringIO((out / "partners.csv").read_text())))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == SIZE and {r["run_id"] for r in rows} == {result.run.run_id}
    revenues = [float(r["revenue"]) for r in rows]
    assert revenues == sorted(revenues, reverse=True)  # dashboard order: top revenue first
    shown = re.findall(r"^\| (Partner \d+) \| \$", md, flags=re.M)
    assert shown == [r["name"] for r in rows[: LIMITS.rows]]
    assert sum(r["health"] == "at_risk" for r in rows) == len(at_risk)

    report = json.loads((out / "report.json").read_text())["report"]
    assert len(report["performance_dashboard"]["partners"]) == SIZE  # json keeps every partner


def test_a_short_roster_writes_no_csv(tmp_path: Path) -> None:
    result = assess(parse_input(MINIMAL | {"partners": roster(10)}), out_dir=tmp_path / "out")
    assert sorted(result.files) == ["report.html", "report.json", "report.md"]
    assert "partners.csv" not in (tmp_path / "out" / "report.md").read_text()
