"""The CLI on bad input: exit 2, one or two lines on stderr, nothing written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from generator.cli import main
from generator.errors import GeneratorError, InputFileError, ReportFileError
from generator.inputs import MAX_YAML_BYTES
from tests.conftest import MINIMAL, write_yaml

BASE = yaml.safe_dump(MINIMAL, sort_keys=False)
ROSTER = "partners:\n  - name: Acme\n    type: channel\n"

# name of the input file -> its bytes; the file named "input.yaml" is the one that is run.
BAD_INPUTS = [
    pytest.param(
        {"input.yaml": b"partner_context: a\nobjectives: [b\n"},
        ("input.yaml: line 3, column 1:", "(fix the YAML syntax there)"),
        id="malformed-yaml",
    ),
    pytest.param(
        {"input.yaml": b"partner_context: a\n  objectives: b\n"},
        ("line 2, column 13: mapping values are not allowed here",),
        id="bad-indentation",
    ),
    pytest.param(
        {"input.yaml": BASE.replace("objectives:", "objectivs:").encode()},
        ("unknown field 'objectivs'", "did you mean 'objectives'?", "1 more problem"),
        id="unknown-key",
    ),
    pytest.param(
        {"input.yaml": (BASE + "indicators:\n  strategy_value:\n    mutual_value: 6\n").encode()},
        ("indicators.strategy_value.mutual_value: 6 is out of range", "at most 5"),
        id="rating-out-of-range",
    ),
    pytest.param(
        {"input.yaml": (BASE + "indicators:\n  strategy_value:\n    training: 3\n").encode()},
        ("'training' belongs under indicators.onboarding_enablement",),
        id="indicator-wrong-dimension",
    ),
    pytest.param(
        {"input.yaml": (BASE + ROSTER + "  - name: ACME\n    type: tech\n").encode()},
        ("partner name 'ACME' appears twice", "give each partner a unique name"),
        id="duplicate-partners",
    ),
    pytest.param(
        {"input.yaml": (BASE + ROSTER + "    satisfaction: 12\n").encode()},
        ("partners[0].satisfaction: 12 is out of range", "at most 10"),
        id="satisfaction-out-of-range",
    ),
    pytest.param(
        {"input.yaml": (BASE + "currency: usd\n").encode()},
        ("currency: 'usd' is not an ISO currency code", "USD or EUR"),
        id="bad-currency",
    ),
    pytest.param(
        {"input.yaml": (BASE + "partners_csv: roster.csv\n").encode()},
        ("partner roster CSV not found:", "roster.csv", "(check the path)"),
        id="missing-roster-csv",
    ),
    pytest.param(
        {
            "input.yaml": (BASE + "partners_csv: roster.csv\n").encode(),
            "roster.csv": b"name,type,satisfaction\nAcme,channel,5\nBeta,channel,12\n",
        },
        ("roster.csv row 3, column 'satisfaction': '12' is out of range", "at most 10"),
        id="bad-roster-value",
    ),
    pytest.param(
        {
            "input.yaml": (BASE + "partners_csv: roster.csv\n").encode(),
            "roster.csv": b"name,type\nAcme,channel,extra\n",
        },
        ("row 2 has 3 cells but the header has 2", "quote cells that contain commas"),
        id="ragged-roster",
    ),
    pytest.param(
        {"input.yaml": (BASE + ROSTER + "partners_csv: roster.csv\n").encode()},
        ("give the roster either as 'partners' or as 'partners_csv', not both",),
        id="partners-and-csv",
    ),
    pytest.param(
        {"input.yaml": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"},
        ("is a binary file; give a UTF-8 text file",),
        id="binary-file",
    ),
    pytest.param(
        {"input.yaml": "partner_context: Caf\xe9\n".encode("latin-1")},
        ("is not UTF-8 text", "save it as UTF-8"),
        id="not-utf8",
    ),
    pytest.param(
        {"input.yaml": BASE.encode() + b"# " + b"x" * MAX_YAML_BYTES + b"\n"},
        (f"the limit is {MAX_YAML_BYTES:,} bytes",),
        id="oversized-file",
    ),
    pytest.param(
        {"input.yaml": b""},
        ("is empty; it needs partner_context, objectives and constraints",),
        id="empty-file",
    ),
    pytest.param(
        {"input.yaml": b"- a\n- b\n"},
        ("must be a YAML mapping of fields", "not a list"),
        id="yaml-list",
    ),
    pytest.param(
        {"input.yaml": b"partner_context: &a x\nobjectives: *a\nconstraints: c\n"},
        ("aliases (*name) are not allowed in input files",),
        id="yaml-alias",
    ),
    pytest.param(
        {"input.yaml": (BASE + "constraints: again\n").encode()},
        ("key 'constraints' appears twice in the same block",),
        id="duplicate-key",
    ),
    pytest.param(
        {},
        ("input file not found:", "input.yaml", "(check the path)"),
        id="missing-input-file",
    ),
]


def run_cli(tmp_path: Path, files: dict[str, bytes]) -> tuple[int, Path]:
    for name, content in files.items():
        (tmp_path / name).write_bytes(content)
    out = tmp_path / "out"
    return main(["run", str(tmp_path / "input.yaml"), "--out", str(out)]), out


def assert_one_error(stderr: str, expected: tuple[str, ...]) -> None:
    lines = stderr.splitlines()
    assert 1 <= len(lines) <= 2, stderr
    assert lines[0].startswith("error: "), stderr
    for part in expected:
        assert part in stderr, f"{part!r} not in {stderr!r}"
    if len(lines) == 2:
        assert lines[1].startswith("(") and "more problem" in lines[1], stderr
    assert "Traceback" not in stderr


@pytest.mark.parametrize(("files", "expected"), BAD_INPUTS)
def test_bad_input_exits_2_with_one_error_and_writes_nothing(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    files: dict[str, bytes],
    expected: tuple[str, ...],
) -> None:
    code, out = run_cli(tmp_path, files)
    captured = capsys.readouterr()
    assert code == 2
    assert captured.out == ""
    assert_one_error(captured.err, expected)
    assert not out.exists()
    assert not (tmp_path / "reports").exists()


def test_bad_input_without_out_writes_no_default_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_yaml(tmp_path, BASE + "currency: usd\n")
    assert main(["run", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert_one_error(captured.err, ("currency: 'usd' is not an ISO currency code",))
    assert not (tmp_path / "reports").exists()


def test_several_problems_give_a_second_line_with_the_count(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_yaml(tmp_path, "objectivs: x\ncurrency: usd\n")
    assert main(["run", str(path), "--out", str(tmp_path / "out")]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert lines == [
        f"error: {path}: unknown field 'objectivs'; did you mean 'objectives'?",
        f"(4 more problems in {path}; fix this one first)",
    ]


# --- usage errors ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        pytest.param([], "the following arguments are required: COMMAND", id="no-command"),
        pytest.param(
            ["frobnicate"], "argument COMMAND: invalid choice: 'frobnicate'", id="unknown-command"
        ),
        pytest.param(
            ["run"], "the following arguments are required: INPUT.yaml", id="run-no-input"
        ),
        pytest.param(
            ["validate"], "the following arguments are required: REPORT.json", id="validate"
        ),
        pytest.param(
            ["run", "x.yaml", "--bogus"], "unrecognized arguments: --bogus", id="bad-flag"
        ),
    ],
)
def test_usage_errors_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], expected: str
) -> None:
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("usage: ")
    assert f"error: {expected}" in captured.err
    assert "Traceback" not in captured.err
    assert list(tmp_path.iterdir()) == []


# --- GENERATOR_DEBUG -----------------------------------------------------------------------------


def test_debug_env_lets_the_error_propagate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("GENERATOR_DEBUG", "1")
    path = write_yaml(tmp_path, "partner_context: a\nobjectives: [b\n")
    with pytest.raises(GeneratorError, match=r"line 3, column 1") as info:
        main(["run", str(path), "--out", str(tmp_path / "out")])
    assert isinstance(info.value, InputFileError)
    assert info.value.exit_code == 2
    assert capsys.readouterr().err == ""
    assert not (tmp_path / "out").exists()


def test_debug_env_also_raises_for_validate(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GENERATOR_DEBUG", "1")
    with pytest.raises(ReportFileError, match=r"report file not found: missing\.json"):
        main(["validate", "missing.json"])


# --- validate on bad report files ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param(
            None, ("report file not found: missing.json", "(check the path)"), id="missing"
        ),
        pytest.param(b"not json {", ("not valid JSON (line 1, column 1)",), id="not-json"),
        pytest.param(b'{"a": 1,}', ("not valid JSON (line 1, column 9)",), id="trailing-comma"),
        pytest.param(b"", ("not valid JSON",), id="empty"),
        pytest.param(b"\x00\x01", ("is a binary file",), id="binary"),
        pytest.param(
            json.dumps({"a": 1}).encode(),
            ("not a readiness report", "give a report.json written by this tool"),
            id="json-object",
        ),
        pytest.param(
            json.dumps({"report": {"a": 1}}).encode(),
            ("not a readiness report", "give a report.json written by this tool"),
            id="json-wrapped",
        ),
        pytest.param(
            json.dumps([1, 2]).encode(),
            ("not a readiness report: (top level)",),
            id="json-list",
        ),
    ],
)
def test_validate_bad_report_exits_2(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: bytes | None,
    expected: tuple[str, ...],
) -> None:
    if content is not None:
        (tmp_path / "missing.json").write_bytes(content)
    assert main(["validate", "missing.json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("error: ")
    for part in expected:
        assert part in lines[0], f"{part!r} not in {lines[0]!r}"
    assert "Traceback" not in captured.err


# --- known bugs: errors that escape as tracebacks or spread over several lines ------------------

CRASHING_INPUTS = [
    pytest.param(BASE + "? [a, b]\n: x\n", "input.yaml", id="unhashable-yaml-key"),
    pytest.param(BASE + "assessed_on: 2026-02-30\n", "input.yaml", id="impossible-unquoted-date"),
    pytest.param(
        BASE + "industry: " + "[" * 1000 + "]" * 1000 + "\n", "input.yaml", id="deeply-nested-yaml"
    ),
    pytest.param(
        BASE + ROSTER + "    revenue: .inf\n", "revenue", id="infinite-revenue-one-partner"
    ),
    pytest.param(
        BASE + ROSTER + "    revenue: .inf\n  - name: Beta\n    type: channel\n    revenue: 5\n",
        "revenue",
        id="infinite-revenue-two-partners",
    ),
    pytest.param(BASE + '"bad\\nkey": 1\n', "unknown field", id="key-with-newline"),
]


@pytest.mark.parametrize(("text", "expected"), CRASHING_INPUTS)
def test_hostile_input_is_a_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, expected: str
) -> None:
    code, out = run_cli(tmp_path, {"input.yaml": text.encode()})
    captured = capsys.readouterr()
    assert code == 2
    assert_one_error(captured.err, (expected,))
    assert not out.exists()
