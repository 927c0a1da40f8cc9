"""Scorecard findings: the client's own evidence, in varied sentences from findings.yaml."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from generator.drafting.engine import draft_report
from generator.errors import FrameworkError
from generator.evaluation.cases import find_cases, load_case
from generator.evaluation.graders import report_sentences
from generator.evidence import analyse
from generator.evidence.text import sentences
from generator.frameworks import FINDING_FIELDS, Framework, load_framework
from generator.inputs import parse_input
from generator.report import AssessmentReport
from tests.conftest import ROOT

# A text-only client, written for these tests: no roster, ratings or survey.
TEXT_ONLY = {
    "organisation": "Saltmarsh Kitchens Ltd",
    "assessed_on": "2026-09-14",
    "currency": "GBP",
    "partner_context": (
        "Saltmarsh sells fitted kitchens through 14 independent showrooms. There is no partner "
        "agreement template, and each showroom negotiated its own terms. Nobody records which "
        "showroom brought a lead. Quarterly reviews are never held. Showroom staff have never "
        "been trained on the new worktop range. There is no partner portal; price lists go out "
        "by email."
    ),
    "objectives": "Grow showroom revenue by a fifth within two years.",
    "constraints": "The channel team is one manager. There is no budget for a PRM this year.",
}


def _report(data: dict[str, object]) -> tuple[AssessmentReport, str]:
    facts = analyse(parse_input(data))
    return draft_report(facts), facts.source_text


def _pattern_regex(pattern: str) -> re.Pattern[str]:
    """A finding pattern as a regular expression over whole sentences (test-only, short text)."""
    parts = re.split(r"\{[a-z_]+\}", pattern)
    return re.compile("^" + ".+".join(re.escape(p) for p in parts) + "$")


def _used(framework: Framework, report: AssessmentReport) -> dict[str, list[int]]:
    """Per list of patterns, the index each dimension's findings were worded from."""
    used: dict[str, list[int]] = {kind: [] for kind in FINDING_FIELDS}
    for entry in report.scorecard:
        for sentence in _sentences(" ".join(entry.findings)):
            for kind in FINDING_FIELDS:
                listed = getattr(framework.findings, kind)
                found = [i for i, p in enumerate(listed) if _pattern_regex(p).match(sentence)]
                used[kind] += found[:1]
    return used


def _sentences(text: str) -> list[str]:
    # Findings are split at ". " only: a pattern's own colon or comma stays in its sentence.
    return [s if s.endswith(".") else s + "." for s in re.split(r"(?<=\.) (?=[A-Z\"])", text)]


def _readiness_cases() -> list[Path]:
    return [
        path
        for path in find_cases(None, ROOT)
        if load_case(path, ROOT).data.assessment_framework.id == "readiness"
    ]


@pytest.mark.parametrize("path", _readiness_cases(), ids=lambda p: p.stem)
def test_two_dimensions_of_one_report_never_share_a_pattern(path: Path) -> None:
    case = load_case(path, ROOT)
    facts = analyse(case.data)
    used = _used(facts.framework, draft_report(facts))
    assert used["openings"] or used["nothing_found"]
    for kind, indexes in used.items():
        assert len(indexes) == len(set(indexes)), kind


def test_every_finding_of_a_text_only_client_quotes_its_notes() -> None:
    report, source = _report(TEXT_ONLY)
    evidenced = [e for e in report.scorecard if '"' in e.findings[0]]
    assert len(evidenced) >= 2
    for entry in report.scorecard:
        finding = entry.findings[0]
        quotes = re.findall(r'"([^"]+)"', finding)
        if quotes:
            assert all(q.casefold() in " ".join(source.split()).casefold() for q in quotes)
        else:
            # Nothing was found: it says so plainly, and names the client it asked.
            assert "Saltmarsh Kitchens" in finding, finding
            assert "provisional" in finding or "placeholder" in finding, finding


def test_explicit_absence_is_quoted_as_absent() -> None:
    report, _ = _report(TEXT_ONLY)
    text = " ".join(f for e in report.scorecard for f in e.findings)
    assert '"There is no partner agreement template"' in text


def test_a_finding_says_what_its_level_looks_like_in_the_framework() -> None:
    framework = load_framework("readiness")
    report, _ = _report(TEXT_ONLY)
    descriptors = [
        d.rstrip(".")[1:].replace("; ", ", and ")
        for i in framework.indicators.values()
        for d in i.descriptors.values()
    ]
    for entry in report.scorecard:
        if '"' in entry.findings[0]:
            assert any(d in entry.findings[0] for d in descriptors), entry.findings[0]


def test_no_sentence_twice_and_reruns_read_the_same() -> None:
    report, _ = _report(TEXT_ONLY)
    said = report_sentences(report)
    assert len(said) == len(set(said))
    again, _ = _report(TEXT_ONLY)
    assert [e.findings for e in again.scorecard] == [e.findings for e in report.scorecard]


def test_two_clients_with_the_same_notes_read_different_sentences() -> None:
    ours, _ = _report(TEXT_ONLY)
    theirs, _ = _report({**TEXT_ONLY, "organisation": "Heron Wharf Interiors"})
    mine = {s for e in ours.scorecard for f in e.findings for s in sentences(f)}
    other = {s for e in theirs.scorecard for f in e.findings for s in sentences(f)}
    assert not mine & other


def test_the_scorecard_does_not_repeat_the_priorities_next_step() -> None:
    report, _ = _report(TEXT_ONLY)
    steps = {s for p in report.executive_summary.priorities for s in sentences(p.rationale)}
    findings = {s for e in report.scorecard for f in e.findings for s in sentences(f)}
    assert not steps & findings


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "mine"
    shutil.copytree(ROOT / "frameworks" / "readiness", folder)
    (folder / "framework.yaml").write_text(
        (folder / "framework.yaml").read_text().replace("id: readiness", "id: mine", 1)
    )
    return folder


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            '  - "{indicator} is the weakest point, at {score}: {evidence}."',
            '  - "{indicator} is the weakest point for {partner}: {evidence}."',
            "findings.yaml: line 12: openings.0: unknown placeholder {partner}; use {indicator}",
        ),
        ("\nsigns:", "\nsign_list:", "findings.yaml: line 11: signs: 'signs' is missing; add it"),
        ("\nstakes:", "\ntone: plain\nstakes:", "findings.yaml: line 77: tone: unknown key 'tone'"),
        (
            '  - "Further evidence ({indicator}): {evidence}."\n',
            "",
            "signs: 6 patterns for 6 dimensions",
        ),
    ],
)
def test_a_damaged_findings_file_fails_at_load_naming_file_and_line(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    folder = _copy(tmp_path)
    path = folder / "findings.yaml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    if message.startswith("signs: 6"):
        # Six patterns for six dimensions is enough; five is not.
        load_framework(folder)
        path.write_text(path.read_text().replace('  - "One more sign, on', '  # "', 1))
        message = "signs: 5 patterns for 6 dimensions; add 1"
    with pytest.raises(FrameworkError, match=re.escape(message)):
        load_framework(folder)


def test_a_framework_without_findings_yaml_words_findings_from_readiness(
    tmp_path: Path,
) -> None:
    folder = _copy(tmp_path)
    (folder / "findings.yaml").unlink()
    assert load_framework(folder).findings == load_framework("readiness").findings
    assert load_framework("partner_diagnostic").findings == load_framework("readiness").findings
