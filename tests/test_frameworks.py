"""The readiness framework as data: it equals the Python constants, its cue phrases match what
the regex cues match, it compiles to linear-time patterns, and broken copies fail at load with
the file and line named."""

from __future__ import annotations

import csv
import json
import re
import shutil
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.errors import FrameworkError
from generator.evidence.text import clauses
from generator.frameworks import WORDING, Framework, builtin_frameworks, load_framework
from generator.phrases import PhraseError, phrase_regex

ROOT = Path(__file__).resolve().parent.parent
READINESS = ROOT / "frameworks" / "readiness"


@pytest.fixture(scope="module")
def fw() -> Framework:
    return load_framework("readiness")


# --- the YAML equals the Python it replaces ------------------------------------------------


def test_builtin_frameworks_lists_readiness() -> None:
    assert "readiness" in builtin_frameworks()
    assert load_framework(READINESS).dimension_ids == load_framework("readiness").dimension_ids


def test_every_indicator_has_one_descriptor_per_level(fw: Framework) -> None:
    for indicator in fw.indicators.values():
        assert list(indicator.descriptors) == list(fw.level_names)
        assert all("\n" not in line and len(line) < 120 for line in indicator.descriptors.values())


@pytest.mark.parametrize(
    ("path", "current"),
    [
        ("health.active_days", 90),
        ("health.dormant_days", 180),
        ("health.satisfaction_drop", 1.5),
        ("health.low_satisfaction", 5.0),
        ("health.material_share_pct", 10.0),
        ("engagement.label_scores", {"high": 85.0, "medium": 60.0, "low": 30.0}),
        ("engagement.strong_above", 75.0),
        ("engagement.moderate_from", 50.0),
        ("concentration.top1_limit_pct", 30.0),
        ("concentration.top5_limit_pct", 50.0),
        ("portfolio.top_contributors", 3),
        ("scoring.default_score", 2.0),
        ("scoring.notes_cap", 2.5),
        ("scoring.window_chars", 40),
        ("scoring.signal_scores", {"strong": 4.5, "present": 3.5, "partial": 2.0, "planned": 1.5, "absent": 1.0}),
        ("priorities.target_score", 3.5),
        ("priorities.dormant_share_pct", 20.0),
        ("priorities.priority_count", 3),
        ("priorities.material_risk", 1.5),
        ("priorities.max_risk_actions", 2),
        ("survey.strong", 8.0),
        ("survey.gap", 6.0),
    ],
)
def test_thresholds_hold_the_values_the_engine_was_tuned_with(fw: Framework, path: str, current: Any) -> None:
    value: Any = fw.thresholds
    for part in path.split("."):
        value = getattr(value, part)
    assert value == current


def test_hhi_bands_equal_roster_banding(fw: Framework) -> None:
    c = fw.thresholds.concentration
    # roster.py: low below 1500, moderate up to and including 2500, high above.
    assert (c.hhi_low_below, c.hhi_high_above) == (1500, 2500)
    assert c.hhi_band_scores == {"low": 4.0, "moderate": 3.0, "high": 2.0}


def test_every_threshold_has_a_source_comment() -> None:
    lines = (READINESS / "thresholds.yaml").read_text(encoding="utf-8").splitlines()
    for index, line in enumerate(lines):
        if re.match(r"^  \w+:", line):
            # Keys written together ("hhi_low_below", "hhi_high_above") share one comment.
            above = index - 1
            while re.match(r"^  \w+: \S", lines[above]):
                above -= 1
            assert lines[above].lstrip().startswith("#"), f"no source for {line.strip()}"


# --- cue phrases match what the regex cues match -----------------------------------------


def _strings(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def _corpus() -> list[str]:
    texts: list[str] = []
    for path in sorted([*ROOT.glob("examples/*.yaml"), *ROOT.glob("evals/cases/*.yaml")]):
        texts += [s for s in _strings(yaml.safe_load(path.read_text(encoding="utf-8"))) if " " in s]
    for path in ROOT.glob("examples/*.csv"):
        with path.open(encoding="utf-8") as handle:
            texts += [row.get("notes") or "" for row in csv.DictReader(handle)]
    return [t for t in texts if t]


CORPUS = _corpus()
CLAUSES = sorted({c.text for text in CORPUS for c in clauses(text, "notes")})


def test_corpus_is_large_enough() -> None:
    assert len(CLAUSES) > 500


@pytest.mark.parametrize(
    ("text", "indicator", "kind"),
    [
        ("Partners sit in gold, silver and bronze tiers", "partner_types_tiers", "topic"),
        ("We use the free tier of the CRM", "partner_types_tiers", None),
        ("the pricing tier is fine", "partner_types_tiers", None),
        ("a tier of our software plan", "partner_types_tiers", None),
        ("We have 12 resellers", "partner_types_tiers", "fixed"),
        ("our champion at the OEM left in May", "multi_threaded", "gap"),
        ("Partner-sourced revenue is tracked in the CRM", "attribution", "topic"),
        ("partners hear about price changes first from customers", "transparency", "gap"),
        ("time-to-first-deal is about six months", "ramp_metrics", "topic"),
    ],
)
def test_cue_examples(fw: Framework, text: str, indicator: str, kind: str | None) -> None:
    found = [c.kind for c in fw.cues[indicator] if c.pattern.search(text)]
    assert (found[0] if found else None) == kind


# --- linear time -------------------------------------------------------------------------


RUNS = [
    " " * 20_000,
    "a" * 20_000,
    "1" * 20_000,
    "-" * 20_000,
    "tier " * 4_000,
    "champion " * 2_222,
    "for 1 of the 2 " * 1_333,
    "ramp " + "x " * 9_997,
    "partner-" * 2_500,
    "learn about changes " * 1_000,
    "co" * 10_000,
]


def _alarm(signum: int, frame: Any) -> None:
    raise TimeoutError("a compiled cue took over 30 s on a 20,000-character run")


@pytest.mark.parametrize("run", RUNS, ids=lambda r: repr(r[:12]))
def test_compiled_cues_run_in_linear_time(fw: Framework, run: str) -> None:
    patterns = [c.pattern for cues in fw.cues.values() for c in cues]
    patterns += list(fw.qualifiers.values())
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(30)
    try:
        for pattern in patterns:
            list(pattern.finditer(run))
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize(
    ("phrase", "fix"),
    [
        (r"tiers?", "regular expressions are not allowed"),
        (r"(?:a|b)+", "regular expressions are not allowed"),
        ("a ...999 b", "width from 1 to 200"),
        ("...10 b", "between two words"),
        ("[optional]", "make one part required"),
        ("{nope} partners", "unknown placeholder {nope}"),
        ("(a | b", "missing ')'"),
        ("a ) b", "unmatched"),
        ("a *b", "leading * is allowed only at the start"),
    ],
)
def test_phrases_that_would_be_regexes_are_refused(phrase: str, fix: str) -> None:
    with pytest.raises(PhraseError, match=re.escape(fix)):
        phrase_regex(phrase)


# --- broken copies fail at load with file, line and fix ----------------------------------


def _replace(name: str, old: str, new: str, count: int = 1) -> Any:
    def damage(folder: Path) -> None:
        path = folder / name
        text = path.read_text(encoding="utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new, count), encoding="utf-8")

    return damage


def _cut(name: str, start: str) -> Any:
    """Removes everything from the line that starts with `start` to the end of the file."""

    def damage(folder: Path) -> None:
        path = folder / name
        text = path.read_text(encoding="utf-8")
        assert start in text, start
        path.write_text(text[: text.index(start)], encoding="utf-8")

    return damage


def _line_of(name: str, needle: str) -> int:
    lines = (READINESS / name).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


BROKEN = [
    (
        "unknown key",
        _replace(
            "framework.yaml", "    short: Strategy\n", "    short: Strategy\n    colour: red\n"
        ),
        "framework.yaml",
        _line_of("framework.yaml", "short: Strategy") + 1,
        "unknown key 'colour'; remove it",
    ),
    (
        "missing descriptor",
        _replace(
            "framework.yaml",
            "          Optimized: The tier model",
            "          Extra: The tier model",
        ),
        "framework.yaml",
        _line_of("framework.yaml", "Optimized: The tier model"),
        "unknown id 'Extra'; use one of Initial",
    ),
    (
        "overlapping bands",
        _replace("framework.yaml", "      low: 2.0\n", "      low: 1.8\n"),
        "framework.yaml",
        _line_of("framework.yaml", "low: 2.0"),
        "band Developing starts at 1.8, which overlaps the level before (high 1.9); start it at 2",
    ),
    (
        "gap between bands",
        _replace("framework.yaml", "      high: 4.9\n", "      high: 4.5\n"),
        "framework.yaml",
        _line_of("framework.yaml", "low: 5.0"),
        "leaves a gap after",
    ),
    (
        "unknown indicator in the playbook",
        _replace("playbook.yaml", "  gtm_cosell:\n", "  gtm_cosel:\n"),
        "playbook.yaml",
        _line_of("playbook.yaml", "  gtm_cosell:"),
        "unknown id 'gtm_cosel'; use one of strategy_value",
    ),
    (
        "unknown indicator in the cues",
        _replace("cues.yaml", "  lead_routing:\n", "  lead_routes:\n"),
        "cues.yaml",
        _line_of("cues.yaml", "  lead_routing:"),
        "unknown indicator 'lead_routes'",
    ),
    (
        "duplicate key",
        _replace(
            "thresholds.yaml", "  dormant_days: 180\n", "  dormant_days: 180\n  active_days: 30\n"
        ),
        "thresholds.yaml",
        _line_of("thresholds.yaml", "dormant_days: 180") + 1,
        "key 'active_days' appears twice in the same block; keep one",
    ),
    (
        "bad YAML",
        _replace("risks.yaml", "dimension_risks:\n", "dimension_risks: [\n"),
        "risks.yaml",
        None,
        "fix the YAML syntax there",
    ),
    (
        "a regex in a cue",
        _replace("cues.yaml", "    - QBR|QBRs\n", "    - QBRs?\n"),
        "cues.yaml",
        _line_of("cues.yaml", "- QBR|QBRs"),
        "regular expressions are not allowed",
    ),
    (
        "missing threshold",
        _replace("thresholds.yaml", "  low_satisfaction: 5.0\n", ""),
        "thresholds.yaml",
        _line_of("thresholds.yaml", "health:"),
        "'low_satisfaction' is missing; add it",
    ),
    (
        "negative weight",
        _replace("framework.yaml", "    weight: 1.0\n", "    weight: -1\n"),
        "framework.yaml",
        _line_of("framework.yaml", "weight: 1.0"),
        "greater than 0",
    ),
    (
        "duplicate indicator id",
        _replace(
            "framework.yaml", "      - id: mutual_value\n", "      - id: partner_types_tiers\n"
        ),
        "framework.yaml",
        _line_of("framework.yaml", "- id: mutual_value"),
        "id 'partner_types_tiers' is used twice",
    ),
    (
        "an alias",
        _replace(
            "risks.yaml", "survey_recommendations:\n", "x: &a 1\ny: *a\nsurvey_recommendations:\n"
        ),
        "risks.yaml",
        None,
        "aliases (*name) are not allowed",
    ),
    (
        "an unknown kind of risk",
        _replace("risks.yaml", "  inactive:\n", "  idle:\n"),
        "risks.yaml",
        _line_of("risks.yaml", "  inactive:"),
        "partner_risks.idle: unknown risk kind 'idle'; use one of at_risk_partner,",
    ),
    (
        "a placeholder the kind does not offer",
        _replace("risks.yaml", "Coverage gap: {gap}.", "Coverage gap: {region}."),
        "risks.yaml",
        _line_of("risks.yaml", "Coverage gap: {gap}."),
        "partner_risks.coverage.rationale: unknown placeholder {region}; use {gap}",
    ),
    (
        "attribute access in a placeholder",
        _replace("risks.yaml", "(HHI {hhi})", "(HHI {hhi.__class__})"),
        "risks.yaml",
        _line_of("risks.yaml", "(HHI {hhi})"),
        "placeholder {hhi.__class__} reads an attribute or item, which is not allowed; write a "
        "plain name: {partner}, {share}, {band}, {hhi}, {flags}",
    ),
    (
        "index access in a placeholder",
        _replace("risks.yaml", "with {followers} to reduce", "with {followers[0]} to reduce"),
        "risks.yaml",
        _line_of("risks.yaml", "with {followers} to reduce"),
        "risk_actions.concentration.action: placeholder {followers[0]} reads an attribute or item",
    ),
    (
        "a fragment naming a fragment",
        _replace("risks.yaml", '    at_stake: " ({amount})"', '    at_stake: " ({at_stake})"'),
        "risks.yaml",
        _line_of("risks.yaml", 'at_stake: " ({amount})"'),
        "partner_risks.at_risk_in_notes.at_stake: unknown placeholder {at_stake}; use {quote}, "
        "{amount}",
    ),
    (
        "a missing risk sentence",
        _replace("risks.yaml", '    rationale: "Coverage gap: {gap}."\n', ""),
        "risks.yaml",
        _line_of("risks.yaml", "Coverage gap: {gap}.") - 2,
        "partner_risks.coverage: 'rationale' is missing; add it",
    ),
    (
        "a missing kind of risk action",
        _cut("risks.yaml", "  # In the 60-day plan, when the lowest-rated survey area"),
        "risks.yaml",
        _line_of("risks.yaml", "risk_actions:"),
        "risk_actions: risk kind 'survey' is missing; add it with owner, metric, target",
    ),
    (
        "risk actions missing for a 30/60/90-day plan",
        _cut("risks.yaml", "# The plan actions those risks lead to"),
        "risks.yaml",
        _line_of("risks.yaml", "dimension_risks:"),
        "`risk_actions` is missing; add it (copy it from frameworks/readiness/risks.yaml",
    ),
    (
        "a dimension without risk wording",
        _replace("risks.yaml", "  gtm_cosell: >-", "  gtm: >-"),
        "risks.yaml",
        None,
        "unknown id 'gtm'",
    ),
    (
        "lean alternative without needs",
        _replace("playbook.yaml", "        needs: [portal]\n", ""),
        "playbook.yaml",
        None,
        "a lean alternative without `needs:` is never used",
    ),
    (
        "needs without a lean alternative",
        _replace(
            "playbook.yaml",
            "        target: Partner inventory with type and activity status complete by day 30\n",
            "        target: Partner inventory with type and activity status complete by day 30\n"
            "        needs: [budget]\n",
        ),
        "playbook.yaml",
        None,
        "needs budget but has no lean alternative; add `lean:`",
    ),
    (
        "lean alternative naming an unknown placeholder",
        _replace("playbook.yaml", "send it to {partners} as", "send it to {region} as"),
        "playbook.yaml",
        None,
        "unknown placeholder {region}; use {partners}",
    ),
    (
        "lean alternative with a need of its own",
        _replace(
            "playbook.yaml",
            "          owner: Head of partnerships\n          metric: Partners with a written",
            "          needs: [scale]\n          owner: Head of partnerships\n"
            "          metric: Partners with a written",
        ),
        "playbook.yaml",
        None,
        "unknown key 'needs'",
    ),
]


@pytest.mark.parametrize(
    ("damage", "file", "line", "message"),
    [row[1:] for row in BROKEN],
    ids=[row[0] for row in BROKEN],
)
def test_a_broken_framework_names_file_line_and_fix(
    tmp_path: Path, damage: Any, file: str, line: int | None, message: str
) -> None:
    folder = tmp_path / "broken"
    shutil.copytree(READINESS, folder)
    damage(folder)
    with pytest.raises(FrameworkError) as caught:
        load_framework(folder)
    text = str(caught.value)
    assert text.startswith(str(folder / file) + ":"), text
    assert re.search(r": line \d+", text), text
    if line is not None:
        assert f": line {line}:" in text, text
    assert message in text
    assert len(text.splitlines()) <= 2


def test_unknown_builtin_and_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(FrameworkError, match=r"unknown framework 'nope'; use one of .*readiness"):
        load_framework("nope")
    with pytest.raises(FrameworkError, match="not a folder"):
        load_framework(tmp_path / "absent")
    (tmp_path / "empty").mkdir()
    with pytest.raises(FrameworkError, match=r"framework\.yaml: missing"):
        load_framework(tmp_path / "empty")


# --- risk wording is the framework's ---------------------------------------------------------


@pytest.mark.parametrize("name", builtin_frameworks())
def test_every_risk_sentence_fills_from_its_kinds_placeholders(name: str) -> None:
    framework = load_framework(name)
    for section, kinds in WORDING.items():
        entries = getattr(framework, section)
        assert set(entries) == (set(kinds) if entries else set()), section
        for kind, spec in kinds.items() if entries else ():
            fields = {f: f"<{f}>" for f in (*spec.fields, *spec.fragments.values())}
            for key in spec.keys:
                text = framework.say(section, kind, key, fields)
                assert "{" not in text and "}" not in text, (section, kind, key, text)
    assert framework.partner_risks, "every framework words its partner risks"
    assert bool(framework.risk_actions) == (framework.report.plan == "horizons")


def _orchard_input(folder: Path, framework: str) -> Path:
    """A roster with one large partner whose satisfaction collapsed: an at-risk priority."""
    partners = [
        {
            "name": "Quince Logistics",
            "type": "channel",
            "revenue": 900000,
            "satisfaction": 3,
            "executive_sponsor": False,
        },
        {"name": "Medlar Retail", "type": "referral", "revenue": 250000, "satisfaction": 8},
        {"name": "Sorb Systems", "type": "technology", "revenue": 150000, "satisfaction": 7},
    ]
    data = {
        "framework": framework,
        "organisation": "Orchard Tools",
        "assessed_on": "2026-02-10",
        "partner_context": "Three resellers carry the range; reviews happen when a renewal is due.",
        "objectives": "Keep partner revenue level this year.",
        "constraints": "Budget is flat this year.",
        "partners": partners,
    }
    path = folder / "orchard.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def _drafted(tmp_path: Path, framework: str) -> dict[str, Any]:
    from generator.cli import main

    source = _orchard_input(tmp_path, framework)
    out = tmp_path / f"out-{framework.strip('./')}"
    assert main(["run", str(source), "--out", str(out), "--quiet"]) == 0
    document: dict[str, Any] = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return document["report"]


def test_rewording_a_risk_in_a_copied_framework_changes_the_report(tmp_path: Path) -> None:
    builtin = _drafted(tmp_path, "readiness")
    by_title = {p["title"]: p["rationale"] for p in builtin["executive_summary"]["priorities"]}
    rationale = by_title["Secure Quince Logistics: 69.2% of partner revenue is at risk"]
    assert rationale.endswith("and has no executive sponsor.")

    shutil.copytree(READINESS, tmp_path / "firm")
    _replace(
        "risks.yaml",
        'title: "Secure {partner}: {share} of partner revenue is at risk"',
        'title: "Win back {partner} before renewal ({revenue}, {share})"',
    )(tmp_path / "firm")
    _replace(
        "risks.yaml", 'no_sponsor: " and has no executive sponsor"', 'no_sponsor: ", unsponsored"'
    )(tmp_path / "firm")
    _replace(
        "risks.yaml",
        "Hold an executive call with {partner} to reset the relationship,",
        "Meet {partner}'s leadership to agree a recovery plan,",
    )(tmp_path / "firm")
    firm = _drafted(tmp_path, "./firm")
    priorities = firm["executive_summary"]["priorities"]
    titles = [p["title"] for p in priorities]
    assert "Win back Quince Logistics before renewal ($900k, 69.2%)" in titles
    assert not [t for t in titles if t.startswith("Secure ")]
    rationale = next(p["rationale"] for p in priorities if p["title"].startswith("Win back"))
    assert rationale.endswith(", unsponsored.")
    actions = [a["action"] for a in firm["plan"]["days_30"]]
    assert [a for a in actions if a.startswith("Meet Quince Logistics's leadership to agree")]
    assert not [a for a in actions if "executive call" in a]


# --- the input models built from the framework -----------------------------------------




def test_a_report_on_a_users_framework_validates_and_exports_without_its_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from generator import frameworks
    from generator.cli import main

    shutil.copytree(READINESS, tmp_path / "firm")
    _replace("framework.yaml", "id: readiness", "id: firm_model")(tmp_path / "firm")
    _drafted(tmp_path, "./firm")
    report = tmp_path / "out-firm" / "report.json"
    recorded = json.loads(report.read_text(encoding="utf-8"))["report"]["framework"]
    assert recorded["folder"] == str((tmp_path / "firm").resolve())
    # A later session has loaded nothing: the report's own record finds the folder.
    monkeypatch.setattr(frameworks, "_LOADED", {})
    assert main(["validate", str(report)]) == 0
    assert main(["export", str(report), "--format", "md", "--out", str(tmp_path / "x")]) == 0
    monkeypatch.setattr(frameworks, "_LOADED", {})
    (tmp_path / "firm").rename(tmp_path / "moved")
    capsys.readouterr()
    assert main(["validate", str(report)]) == 2
    err = capsys.readouterr().err
    assert "its folder" in err and "is gone" in err and "--input" in err
