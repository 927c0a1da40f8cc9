"""The CLI on bad input: exit 2, one or two lines on stderr, nothing written."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

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


# --- hardening (issue 7): huge numbers, odd roster paths, deep JSON ------------------------------

DIGITS_400 = "9" * 400

HARDENED_INPUTS = [
    pytest.param(
        {"input.yaml": (BASE + ROSTER + f"    deals: {DIGITS_400}\n").encode()},
        ("partners[0].deals:", "out of range", "at most 10,000,000"),
        id="deals-400-digits",
    ),
    pytest.param(
        {"input.yaml": (BASE + f"partner_feedback:\n  respondents: {DIGITS_400}\n").encode()},
        ("partner_feedback.respondents:", "out of range", "at most 1,000,000"),
        id="respondents-400-digits",
    ),
    pytest.param(
        {"input.yaml": (BASE + ROSTER + f"    revenue: {DIGITS_400}\n").encode()},
        ("partners[0].revenue: a number of 400 digits is out of range", "realistic figure"),
        id="revenue-400-digits",
    ),
    pytest.param(
        {"input.yaml": (BASE + ROSTER + f"    satisfaction: {DIGITS_400}\n").encode()},
        ("partners[0].satisfaction: a number of 400 digits is out of range",),
        id="rating-400-digits",
    ),
    pytest.param(
        {"input.yaml": (BASE + ROSTER + "    deals: " + "9" * 5000 + "\n").encode()},
        ("line 7, column 12: a number of 5,000 digits is too long", "write a plain number"),
        id="number-beyond-python-int-text-limit",
    ),
    pytest.param(
        {
            "input.yaml": (BASE + "partners_csv: roster.csv\n").encode(),
            "roster.csv": f"name,type,deals,revenue\nAcme,channel,{DIGITS_400},5\n".encode(),
        },
        ("roster.csv row 2, column 'deals'", "at most 10,000,000"),
        id="csv-deals-400-digits",
    ),
    pytest.param(
        {
            "input.yaml": (BASE + "partners_csv: roster.csv\n").encode(),
            "roster.csv": f"name,type,revenue\nAcme,channel,{DIGITS_400}\n".encode(),
        },
        ("roster.csv row 2, column 'revenue': a number of 400 digits is out of range",),
        id="csv-revenue-400-digits",
    ),
    pytest.param(
        {"input.yaml": (BASE + 'partners_csv: "roster\\0.csv"\n').encode()},
        ("partners_csv 'roster\\x00.csv' contains control or invisible characters",),
        id="csv-path-with-nul",
    ),
    pytest.param(
        {"input.yaml": (BASE + "partners_csv: " + "r" * 300 + ".csv\n").encode()},
        ("partner roster CSV path", "is too long for the file system; use a shorter name"),
        id="csv-path-300-chars",
    ),
]


@pytest.mark.parametrize(("files", "expected"), HARDENED_INPUTS)
def test_hostile_values_exit_2_naming_the_field(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    files: dict[str, bytes],
    expected: tuple[str, ...],
) -> None:
    code, out = run_cli(tmp_path, files)
    captured = capsys.readouterr()
    assert code == 2
    assert_one_error(captured.err, expected)
    assert not out.exists()


def _folder(path: Path) -> None:
    path.mkdir()


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _symlink_to_device(path: Path) -> None:
    # A device inside the folder is as bad as one outside: it is not a file to read.
    path.symlink_to("/dev/zero")


ODD_ROSTER_FILES = [
    pytest.param(_folder, "is not a file", id="directory"),
    pytest.param(_fifo, "give a regular file, not a folder, pipe or device", id="fifo"),
    pytest.param(_symlink_to_device, "must be a path inside the YAML file's folder", id="device"),
]


@pytest.mark.parametrize(("make", "expected"), ODD_ROSTER_FILES)
def test_a_roster_that_is_not_a_regular_file_exits_2(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    make: Callable[[Path], None],
    expected: str,
) -> None:
    make(tmp_path / "roster.csv")
    code, out = run_cli(tmp_path, {"input.yaml": (BASE + "partners_csv: roster.csv\n").encode()})
    assert code == 2
    assert_one_error(capsys.readouterr().err, (expected,))
    assert not out.exists()


def test_an_unreadable_roster_folder_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Tests run as root, which chmod cannot lock out: the refusal is simulated at os.open.
    real_open = os.open

    def refusing_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if str(path).endswith("roster.csv"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing_open)
    files = {
        "input.yaml": (BASE + "partners_csv: roster.csv\n").encode(),
        "roster.csv": b"name,type\nAcme,channel\n",
    }
    code, out = run_cli(tmp_path, files)
    assert code == 2
    assert_one_error(
        capsys.readouterr().err,
        ("cannot read partner roster CSV", "permission denied", "check the permissions"),
    )
    assert not out.exists()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param(
            b"[" * 100_000 + b"]" * 100_000,
            "the JSON is nested too deeply to be a report",
            id="list-nested-100000-deep",
        ),
        pytest.param(
            b'{"report": ' * 100_000 + b"1" + b"}" * 100_000,
            "the JSON is nested too deeply to be a report",
            id="object-nested-100000-deep",
        ),
        pytest.param(
            b'{"a": ' + b"9" * 5000 + b"}", "a number is too long to read", id="5000-digit-number"
        ),
    ],
)
def test_validate_hostile_json_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, expected: str
) -> None:
    (tmp_path / "report.json").write_bytes(content)
    assert main(["validate", "report.json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        f"error: report.json: {expected}; give a report.json written by this tool"
    ]


# --- terminal and identity (issue 7): control characters, look-alike names ----------------------


def test_control_characters_reach_neither_terminal_nor_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = BASE + 'organisation: "Acme\\e[2J\\x9b31m Corp\\a"\n' + ROSTER
    text += '    notes: "Sells\\e]0;pwned\\a well\\u202e."\n'
    code, out = run_cli(tmp_path, {"input.yaml": text.encode()})
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert captured.out.startswith("Acme[2J31m Corp: overall ")
    written = "".join(p.read_text(encoding="utf-8") for p in out.iterdir() if p.is_file())
    for char in ("\x1b", "\x9b", "\x07", "\u202e"):
        assert char not in captured.out + captured.err + written


LOOK_ALIKE_ROSTERS = [
    pytest.param(["Acme", "Ac\u200bme"], id="zero-width-space"),
    pytest.param(["Caf\u00e9", "Cafe\u0301"], id="composed-vs-decomposed"),
    pytest.param(["Acme Corp", "Acme\u00a0 Corp"], id="no-break-and-double-space"),
    pytest.param(["ACME", "a\ufeffcme\u00ad"], id="bom-soft-hyphen-and-case"),
]


@pytest.mark.parametrize("names", LOOK_ALIKE_ROSTERS)
@pytest.mark.parametrize("form", ["yaml", "csv"])
def test_look_alike_partner_names_are_one_partner(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], names: list[str], form: str
) -> None:
    if form == "yaml":
        rows = "".join(f'  - name: "{n}"\n    type: channel\n' for n in names)
        files = {"input.yaml": (BASE + "partners:\n" + rows).encode()}
    else:
        rows = "".join(f"{n},channel\n" for n in names)
        files = {
            "input.yaml": (BASE + "partners_csv: roster.csv\n").encode(),
            "roster.csv": ("name,type\n" + rows).encode(),
        }
    code, out = run_cli(tmp_path, files)
    assert code == 2
    assert_one_error(capsys.readouterr().err, ("give each partner a unique name",))
    assert not out.exists()


def test_raw_control_characters_in_the_yaml_file_are_dropped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = BASE.replace("constraints:", "organisation: Ac\x1b[2Jme\x0c\u0085\nconstraints:")
    code, out = run_cli(tmp_path, {"input.yaml": text.encode()})
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert captured.out.startswith("Ac[2Jme: overall ")
    assert "\x1b" not in (out / "report.md").read_text(encoding="utf-8")


def test_a_character_yaml_refuses_names_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = run_cli(tmp_path, {"input.yaml": (BASE + "industry: x\ufffe\n").encode()})
    assert code == 2
    assert_one_error(
        capsys.readouterr().err, ("line 4: character U+FFFE is not allowed in YAML; remove it",)
    )
    assert not out.exists()
