"""History, trend and benchmark: runs recorded in SQLite, and what the next report says."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from generator import history as history_module
from generator import trend
from generator.api import assess
from generator.cli import main
from generator.history import History, default_path, size_band
from tests.conftest import EXAMPLES

SOFTWARE = EXAMPLES / "software_tech_partners.yaml"


def _variant(folder: Path, name: str, assessed_on: str, rating: str = "4", org: str = "") -> Path:
    """The software example on another date, with its partner-types rating changed."""
    text = SOFTWARE.read_text(encoding="utf-8")
    text = text.replace("assessed_on: 2026-11-02", f"assessed_on: {assessed_on}")
    text = text.replace("    partner_types_tiers: 4", f"    partner_types_tiers: {rating}")
    if org:
        text = text.replace("organisation: Tidewell Payroll & HR", f"organisation: {org}")
    path = folder / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _report(folder: Path) -> dict[str, object]:
    document: dict[str, object] = json.loads((folder / "report.json").read_text())["report"]
    return document


def test_a_second_assessment_shows_the_change_since_the_first(tmp_path: Path) -> None:
    first = _variant(tmp_path, "q1", "2026-11-02", rating="2")
    second = _variant(tmp_path, "q3", "2027-05-03", rating="5")
    assert main(["run", str(first), "--out", "r1", "--quiet"]) == 0
    assert "Change since" not in Path("r1/report.md").read_text()
    assert main(["run", str(second), "--out", "r2", "--quiet"]) == 0
    md = Path("r2/report.md").read_text()
    assert "## Change since the last assessment" in md
    assert "Compared with the assessment of 2026-11-02." in md
    # partner_types_tiers 2 -> 5 moves the strategy mean by 3/4 of a point.
    assert "| Partner Strategy & Value Proposition | 2.9 | 3.6 | +0.7 |" in md
    assert "Last time's plan: did the measures move?" in md
    assert "Scores over time" not in md  # two assessments only
    saved = _report(Path("r2"))["trend"]
    assert isinstance(saved, dict)
    assert saved["since"] == "2026-11-02"
    assert len(saved["series"]) == 2


def test_three_assessments_add_a_scores_over_time_table(tmp_path: Path) -> None:
    for name, day, rating in (
        ("a", "2026-11-02", "2"),
        ("b", "2027-05-03", "3"),
        ("c", "2027-11-01", "5"),
    ):
        assert (
            main(["run", str(_variant(tmp_path, name, day, rating)), "--out", name, "--quiet"]) == 0
        )
    md = Path("c/report.md").read_text()
    table = md.split("**Scores over time**", 1)[1]
    assert (
        table.index("| 2026-11-02 |")
        < table.index("| 2027-05-03 |")
        < table.index("| 2027-11-01 |")
    )
    assert "Compared with the assessment of 2027-05-03." in md


def test_an_identical_rerun_replaces_its_record(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _variant(tmp_path, "same", "2026-11-02")
    for _ in range(2):
        assert main(["run", str(path), "--out", "same", "--quiet"]) == 0
    assert "Change since" not in Path("same/report.md").read_text()
    capsys.readouterr()
    assert main(["history", "--json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert len(records) == 1
    assert records[0]["organisation"] == "Tidewell Payroll & HR"
    assert records[0]["framework"] == "readiness"
    assert records[0]["out_dir"] == str(Path("same").resolve())


def test_history_lists_and_filters_by_organisation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, org in (("one", "Acme"), ("two", "Globex")):
        assert main(["run", str(_variant(tmp_path, name, "2026-11-02", org=org)), "--quiet"]) == 0
    capsys.readouterr()
    assert main(["history", "--organisation", "  acme "]) == 0
    out = capsys.readouterr().out
    assert "Acme" in out and "Globex" not in out
    assert "1 assessment(s) in" in out


@pytest.mark.parametrize(
    ("flags", "where"),
    [
        ([], "env"),  # GENERATOR_DB, set by conftest to the test's folder
        (["--db", "elsewhere.sqlite3"], "flag"),
        (["--no-history"], None),
    ],
)
def test_where_the_history_goes(tmp_path: Path, flags: list[str], where: str | None) -> None:
    assert main(["run", str(SOFTWARE), "--quiet", *flags]) == 0
    env_db, flag_db = tmp_path / "history.sqlite3", Path("elsewhere.sqlite3")
    assert env_db.exists() == (where == "env")
    assert flag_db.exists() == (where == "flag")


def test_the_default_database_is_in_the_user_data_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GENERATOR_DB")
    path = default_path()
    assert path.name == "history.sqlite3"
    assert "partner-readiness" in str(path)


def test_eval_never_records_history(tmp_path: Path) -> None:
    assert main(["eval", "--quiet", "--out", "ev", "a_saas_worked_example"]) in {0, 1}
    assert not (tmp_path / "history.sqlite3").exists()


def test_the_schema_migrates_forward(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "old.sqlite3"
    History(db).close()
    shipped = len(history_module.MIGRATIONS)
    extra = "ALTER TABLE assessments ADD COLUMN quadrants TEXT"
    monkeypatch.setattr(history_module, "MIGRATIONS", (*history_module.MIGRATIONS, extra))
    assess(SOFTWARE, out_dir="out", history=db)
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA user_version").fetchone()[0] == shipped + 1
        columns = [row[1] for row in con.execute("PRAGMA table_info(assessments)")]
        assert "quadrants" in columns
        assert con.execute("SELECT count(*) FROM assessments").fetchone()[0] == 1


def test_a_newer_database_is_refused_before_drafting(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "new.sqlite3"
    with sqlite3.connect(db) as con:
        con.execute("PRAGMA user_version = 99")
    assert main(["run", str(SOFTWARE), "--db", str(db), "--out", "never"]) == 2
    err = capsys.readouterr().err
    assert "schema version 99" in err and "--db" in err
    assert len(err.strip().splitlines()) == 1
    assert not Path("never").exists()


@pytest.mark.parametrize(
    ("metric", "kpi"),
    [
        ("Partner-sourced revenue", "partner_revenue"),
        ("Partner satisfaction (0-10)", "average_satisfaction"),
        ("Active-partner rate", "active_rate_pct"),
        ("Active partner rate (%)", "active_rate_pct"),
        ("Top-partner share of partner revenue", "top1_share_pct"),
        ("Partner rating of resources (0-10)", "rating:resources"),
        ("Partner-sourced revenue per tier", None),
        ("Certified sellers per active partner", None),
        ("QBR completion rate", None),
    ],
)
def test_plan_metrics_are_read_only_from_the_kpi_they_name(metric: str, kpi: str | None) -> None:
    assert trend.kpi_for(metric, ["training", "resources", "support"]) == kpi


def test_measures_moved_and_partner_health_changes() -> None:
    before = assess(EXAMPLES / "manufacturer_distributors.yaml", write=False).report
    kpis = before.performance_dashboard.kpis.model_copy(
        update={"partner_revenue": 1.0, "top1_share_pct": 90.0}
    )
    partners = [
        p.model_copy(update={"health": "dormant"}) if i == 0 else p
        for i, p in enumerate(before.portfolio_map.partners)
    ]
    earlier = before.model_copy(
        update={
            "performance_dashboard": before.performance_dashboard.model_copy(update={"kpis": kpis}),
            "portfolio_map": before.portfolio_map.model_copy(update={"partners": partners}),
        }
    )
    result = trend.trend(before, [earlier])
    assert result is not None
    changed = partners[0]
    assert [(c.name, c.before, c.after) for c in result.partners] == [
        (changed.name, "dormant", before.portfolio_map.partners[0].health)
    ]
    by_kpi = {a.kpi: a.status for a in result.actions if a.kpi}
    assert by_kpi["partner_revenue"] == "improved"
    assert by_kpi["top1_share_pct"] == "improved"  # a lower share is better
    assert any(a.status == "not_measurable" for a in result.actions)
    assert all(c.delta == 0 for c in result.dimensions)


@pytest.mark.parametrize(
    ("value", "sample", "expected"),
    [
        (3.0, [1.0, 2.0, 4.0, 5.0], 50.0),
        (3.0, [3.0, 3.0, 3.0, 3.0, 3.0], 50.0),
        (5.0, [1.0] * 5, 100.0),
    ],
)
def test_percentile_counts_ties_as_half(value: float, sample: list[float], expected: float) -> None:
    assert trend.percentile(value, sample) == expected


@pytest.mark.parametrize(
    ("partners", "band"), [(None, None), (3, "1-9"), (10, "10-49"), (199, "50-199"), (500, "200+")]
)
def test_size_bands(partners: int | None, band: str | None) -> None:
    assert size_band(partners) == band


def test_benchmark_needs_five_other_organisations(tmp_path: Path) -> None:
    db = tmp_path / "bench.sqlite3"
    for n, rating in enumerate(["1", "2", "3", "4"]):
        assess(
            _variant(tmp_path, f"o{n}", "2026-11-02", rating, org=f"Org {n}"),
            out_dir=f"o{n}",
            history=db,
        )
    me = _variant(tmp_path, "me", "2026-11-02", "5", org="Me")
    few = assess(me, write=False, history=db, benchmark="all").report.benchmark
    assert few is not None and few.sample_size == 4 and few.percentiles == []
    assess(_variant(tmp_path, "o5", "2026-11-02", "5", org="Org 5"), out_dir="o5", history=db)
    result = assess(me, out_dir="me", history=db, benchmark="industry")
    bench = result.report.benchmark
    assert bench is not None and bench.sample_size == 5
    by_dimension = {p.dimension: p.percentile for p in bench.percentiles}
    assert by_dimension["strategy_value"] == 90.0  # above four, tied with one
    md = Path("me/report.md").read_text()
    assert "## Benchmark" in md and "sample: 5 organisations" in md


def test_benchmark_by_industry_needs_an_industry(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = SOFTWARE.read_text().replace("industry: B2B software (HR and payroll platform)\n", "")
    path = tmp_path / "no_industry.yaml"
    path.write_text(text)
    assert main(["run", str(path), "--benchmark", "industry"]) == 2
    assert "industry" in capsys.readouterr().err


DIAGNOSTIC_ANSWERS = {
    pillar: dict.fromkeys(questions, "Defined")
    for pillar, questions in {
        "selection": (
            "evaluation_rigour",
            "strategic_fit",
            "due_diligence",
            "onboarding_quality",
        ),
        "governance": ("role_clarity", "metric_definition", "review_cadence", "escalation_paths"),
        "collaboration": (
            "shared_goals",
            "information_sharing",
            "joint_planning",
            "communication_cadence",
        ),
        "value": (
            "roi_tracking",
            "benefit_realisation",
            "innovation_contribution",
            "strategic_return",
        ),
    }.items()
}


def _diagnostic(folder: Path, name: str, assessed_on: str, org: str, governance: str) -> Path:
    """A four-pillar diagnostic of our own wording, its governance answers set to `governance`."""
    answers = json.loads(json.dumps(DIAGNOSTIC_ANSWERS))
    answers["governance"] = dict.fromkeys(answers["governance"], governance)
    data = {
        "framework": "partner_diagnostic",
        "organisation": org,
        "assessed_on": assessed_on,
        "answers": answers,
        "notes": "Orchard Lane Foods sells preserves through grocers and two wholesalers.",
    }
    path = folder / f"{name}.yaml"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_the_trend_reviews_last_times_one_action_plan(tmp_path: Path) -> None:
    first = _diagnostic(tmp_path, "spring", "2026-03-02", "Orchard Lane Foods", "Absent")
    second = _diagnostic(tmp_path, "autumn", "2026-09-07", "Orchard Lane Foods", "Managed")
    assert main(["run", str(first), "--out", "d1", "--quiet"]) == 0
    earlier = _report(Path("d1"))["plan"]
    assert isinstance(earlier, dict)
    governance = next(a for a in earlier["actions"] if a["dimension"] == "governance")
    assert main(["run", str(second), "--out", "d2", "--quiet"]) == 0
    md = Path("d2/report.md").read_text()
    assert "Last time's plan: did the measures move?" in md
    reviewed = f"| Partnership Governance: {governance['action']} (within {governance['horizon_days']} days) |"
    assert reviewed in md
    saved = _report(Path("d2"))["trend"]
    assert isinstance(saved, dict)
    assert len(saved["actions"]) == len(earlier["actions"]) == 4


def test_each_framework_has_its_own_history(tmp_path: Path) -> None:
    readiness = _variant(tmp_path, "ready", "2026-11-02")
    diagnostic = _diagnostic(tmp_path, "diag", "2027-01-11", "Tidewell Payroll & HR", "Ad hoc")
    assert main(["run", str(readiness), "--out", "r", "--quiet"]) == 0
    assert main(["run", str(diagnostic), "--out", "d", "--quiet"]) == 0
    # A diagnostic's four pillars are no trend of a readiness assessment's six dimensions.
    assert "Change since" not in Path("d/report.md").read_text()
    with sqlite3.connect(tmp_path / "history.sqlite3") as con:
        stored = con.execute("SELECT framework FROM assessments ORDER BY assessed_on").fetchall()
    assert stored == [("readiness",), ("partner_diagnostic",)]


def test_runs_recorded_before_frameworks_were_told_apart_are_relabelled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "old.sqlite3"
    shipped = history_module.MIGRATIONS
    with monkeypatch.context() as patch:
        patch.setattr(history_module, "MIGRATIONS", shipped[:1])
        assess(_diagnostic(tmp_path, "d", "2026-03-02", "Orchard Lane Foods", "Ad hoc"), history=db)
        with sqlite3.connect(db) as con:
            con.execute("UPDATE assessments SET framework = 'readiness'")
    History(db).close()
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA user_version").fetchone()[0] == len(shipped)
        assert con.execute("SELECT framework FROM assessments").fetchall() == [
            ("partner_diagnostic",)
        ]
