"""A seeded mutation fuzzer over the example inputs, run through the CLI in process.

Every mutated input must end in exit 0 (a report), 2 (one short error) or 1 (the drafted report
failed validation), never an uncaught exception, and an output folder holds the whole report or
nothing. The default run is small; FUZZ_N=1000 runs the full campaign and FUZZ_SEED picks another
sequence. A failure names the case, so `FUZZ_N=<case+1>` with the same seed replays it.
"""

from __future__ import annotations

import os
import random
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.cli import main
from tests.conftest import EXAMPLE_FILES, EXAMPLES

FUZZ_N = int(os.environ.get("FUZZ_N", "120"))
FUZZ_SEED = int(os.environ.get("FUZZ_SEED", "20261102"))
REPORT_FILES = {"report.md", "report.html", "report.json"}
MAX_STDERR_LINES = 3

# Values that have broken parsers before: huge and odd numbers, YAML's own types, tags, dates.
ODD_VALUES = [
    "9" * 400,
    "-" + "9" * 400,
    "9" * 5000,
    "1e400",
    "-1",
    ".nan",
    "-.inf",
    "0x7fffffffffffffffff",
    "0b" + "1" * 300,
    "1:2:3:4:5:6:7:8:9",
    "2026-02-30",
    "0001-01-01",
    "9999-12-31",
    "yes",
    "~",
    "null",
    "[]",
    "{}",
    "[1, [2, [3]]]",
    "{a: 1, b: [x]}",
    "!!binary aGVsbG8=",
    "!!python/object:os.system ls",
    "!!set {a, b}",
    "!!omap [a: 1]",
    "'''",
    '"\\u0000\\e[2J\\x9b"',
    "&anchor x",
    "*anchor",
    "? complex",
    "|\n  block\n  text",
    "$1.5M",
    "250k",
    "1,2,3",
    "high",
    "100.0000001",
]
# Characters that reach terminals and compare oddly: controls, invisible and combining marks.
ODD_CHARS = [
    "\x00",
    "\x1b[2J",
    "\x1b]0;title\x07",
    "\x9b31m",
    "\r",
    "\t",
    "\x0c",
    "\u200b",
    "\u202e",
    "\ufeff",
    "\u0301",
    "\u00ad",
    "\u2028",
    "\ud7ff",
    "\U0001f600",
    "\u05d0\u05d1",
    "e\u0301",
    "%",
    "{{ x }}",
    "<script>alert(1)</script>",
    "*",
    "&",
    "|",
    "#",
    ":",
    "'",
    '"',
]
CSV_ODD_CELLS = [
    '"unclosed',
    'a"b',
    "x\x00y",
    "9" * 400,
    "1e400",
    "-5",
    "\ufeffname",
    "Alder Fluid Systems",
    " ",
    "=cmd|' /C calc'!A0",
    "2026-02-30",
    "é" * 300,
]

_VALUE = re.compile(r"^(\s*-?\s*[A-Za-z_][\w ]*:)[ \t]+(\S.*)$")


@dataclass
class Seed:
    name: str
    yaml: str
    csv_name: str | None
    csv: str | None


def _seeds() -> list[Seed]:
    seeds = []
    for path in EXAMPLE_FILES:
        text = path.read_text(encoding="utf-8")
        match = re.search(r"^partners_csv:\s*(\S+)", text, re.MULTILINE)
        csv_name = match.group(1) if match else None
        csv = (EXAMPLES / csv_name).read_text(encoding="utf-8") if csv_name else None
        seeds.append(Seed(path.name, text, csv_name, csv))
    return seeds


Mutation = Callable[[random.Random, str], str]


def _lines(text: str) -> list[str]:
    return text.split("\n")


def flip_bytes(rng: random.Random, text: str) -> str:
    data = bytearray(text.encode("utf-8", errors="surrogateescape"))
    if not data:
        return text
    for _ in range(rng.randint(1, 8)):
        data[rng.randrange(len(data))] = rng.randrange(256)
    return data.decode("utf-8", errors="surrogateescape")


def truncate(rng: random.Random, text: str) -> str:
    return text[: rng.randrange(len(text) + 1)]


def delete_line(rng: random.Random, text: str) -> str:
    lines = _lines(text)
    del lines[rng.randrange(len(lines))]
    return "\n".join(lines)


def duplicate_line(rng: random.Random, text: str) -> str:
    lines = _lines(text)
    i = rng.randrange(len(lines))
    lines.insert(i, lines[i])
    return "\n".join(lines)


def swap_values(rng: random.Random, text: str) -> str:
    lines = _lines(text)
    keyed = [i for i, line in enumerate(lines) if _VALUE.match(line)]
    if len(keyed) < 2:
        return text
    a, b = rng.sample(keyed, 2)
    ma, mb = _VALUE.match(lines[a]), _VALUE.match(lines[b])
    assert ma and mb
    lines[a], lines[b] = f"{ma[1]} {mb[2]}", f"{mb[1]} {ma[2]}"
    return "\n".join(lines)


def _keyed_line(rng: random.Random, lines: list[str]) -> tuple[int, re.Match[str]] | None:
    """A random `key: value` line and its match, or None when the text has none left."""
    keyed = [i for i, line in enumerate(lines) if _VALUE.match(line)]
    if not keyed:
        return None
    i = rng.choice(keyed)
    match = _VALUE.match(lines[i])
    assert match
    return i, match


def odd_value(rng: random.Random, text: str) -> str:
    lines = _lines(text)
    found = _keyed_line(rng, lines)
    if not found:
        return text
    i, match = found
    lines[i] = f"{match[1]} {rng.choice(ODD_VALUES)}"
    return "\n".join(lines)


def huge_number(rng: random.Random, text: str) -> str:
    numbers = list(re.finditer(r"\b\d+(?:\.\d+)?\b", text))
    if not numbers:
        return text
    match = rng.choice(numbers)
    big = rng.choice(["9" * rng.choice([20, 400, 4500]), "1e308", "1e400", "0." + "0" * 400 + "1"])
    return text[: match.start()] + big + text[match.end() :]


def deep_nesting(rng: random.Random, text: str) -> str:
    depth = rng.choice([50, 1_000, 20_000])
    key = rng.choice(["industry", "partner_feedback", "weights", "notes_extra"])
    flow = rng.choice([("[", "", "]"), ("{a: ", "1", "}")])
    nested = flow[0] * depth + flow[1] + flow[2] * depth
    return text + f"\n{key}: {nested}\n"


def odd_chars(rng: random.Random, text: str) -> str:
    for _ in range(rng.randint(1, 6)):
        at = rng.randrange(len(text) + 1)
        text = text[:at] + rng.choice(ODD_CHARS) + text[at:]
    return text


def quoted_controls(rng: random.Random, text: str) -> str:
    lines = _lines(text)
    found = _keyed_line(rng, lines)
    if not found:
        return text
    i, match = found
    junk = "".join(rng.choice(ODD_CHARS) for _ in range(3))
    escaped = junk.encode("unicode_escape").decode("ascii").replace('"', '\\"')
    lines[i] = f'{match[1]} "{escaped}{match[2][:40].replace(chr(92), "")}"'
    return "\n".join(lines)


def long_text(rng: random.Random, text: str) -> str:
    lines = _lines(text)
    found = _keyed_line(rng, lines)
    if not found:
        return text
    i, match = found
    lines[i] = f"{match[1]} {rng.choice(['x', ' ', '9', 'ab ']) * rng.choice([300, 25_000])}"
    return "\n".join(lines)


YAML_MUTATIONS: list[Mutation] = [
    flip_bytes,
    truncate,
    delete_line,
    duplicate_line,
    swap_values,
    odd_value,
    huge_number,
    deep_nesting,
    odd_chars,
    quoted_controls,
    long_text,
]


def csv_delimiter(rng: random.Random, text: str) -> str:
    return text.replace(",", rng.choice([";", "\t", "|", ", "]))


def csv_quotes(rng: random.Random, text: str) -> str:
    for _ in range(rng.randint(1, 4)):
        at = rng.randrange(len(text) + 1)
        text = text[:at] + '"' + text[at:]
    return text


def csv_extra_columns(rng: random.Random, text: str) -> str:
    lines = _lines(text)
    i = rng.randrange(len(lines))
    lines[i] += "," * rng.randint(1, 3) + rng.choice(CSV_ODD_CELLS)
    return "\n".join(lines)


def csv_odd_cell(rng: random.Random, text: str) -> str:
    lines = _lines(text)
    i = rng.randrange(len(lines))
    cells = lines[i].split(",")
    cells[rng.randrange(len(cells))] = rng.choice(CSV_ODD_CELLS)
    lines[i] = ",".join(cells)
    return "\n".join(lines)


def csv_nul(rng: random.Random, text: str) -> str:
    at = rng.randrange(len(text) + 1)
    return text[:at] + "\x00" + text[at:]


def csv_line_endings(rng: random.Random, text: str) -> str:
    return text.replace("\n", rng.choice(["\r\n", "\r", "\n\n"]))


def csv_duplicate_row(rng: random.Random, text: str) -> str:
    lines = _lines(text)
    if len(lines) < 3:
        return text
    i = rng.randrange(1, len(lines) - 1)
    copy = lines[i]
    if rng.random() < 0.5:
        copy = "\u200b" + copy
    lines.insert(i, copy)
    return "\n".join(lines)


CSV_MUTATIONS: list[Mutation] = [
    csv_delimiter,
    csv_quotes,
    csv_extra_columns,
    csv_odd_cell,
    csv_nul,
    csv_line_endings,
    csv_duplicate_row,
    flip_bytes,
    truncate,
    delete_line,
    duplicate_line,
    odd_chars,
]


@dataclass
class Case:
    index: int
    seed: str
    mutations: list[str]
    yaml: str
    csv_name: str | None
    csv: str | None


def generate(n: int, seed: int) -> list[Case]:
    rng = random.Random(seed)
    seeds = _seeds()
    with_csv = [s for s in seeds if s.csv is not None]
    cases = []
    for index in range(n):
        base = rng.choice(seeds)
        yaml_text, csv_text, names = base.yaml, base.csv, []
        # A third of the cases mutate a roster CSV (only the manufacturer has one).
        if with_csv and rng.random() < 1 / 3:
            base = rng.choice(with_csv)
            yaml_text, csv_text = base.yaml, base.csv
            for mutate in rng.choices(CSV_MUTATIONS, k=rng.randint(1, 2)):
                assert csv_text is not None
                csv_text = mutate(rng, csv_text)
                names.append(mutate.__name__)
        else:
            for mutate in rng.choices(YAML_MUTATIONS, k=rng.randint(1, 3)):
                yaml_text = mutate(rng, yaml_text)
                names.append(mutate.__name__)
        cases.append(Case(index, base.name, names, yaml_text, base.csv_name, csv_text))
    return cases


def _write(path: Path, text: str) -> None:
    # Byte flips leave lone surrogates, which stand for the raw bytes the file should hold.
    path.write_bytes(text.encode("utf-8", errors="surrogateescape"))


def run_case(
    case: Case, folder: Path, capsys: pytest.CaptureFixture[str]
) -> tuple[int | None, str | None]:
    """The exit code (None if main raised) and what went wrong, None when the case behaved."""
    folder.mkdir()
    input_path = folder / "input.yaml"
    _write(input_path, case.yaml)
    if case.csv_name and case.csv is not None:
        _write(folder / case.csv_name, case.csv)
    out = folder / "out"
    try:
        code = main(["run", str(input_path), "--out", str(out)])
    except BaseException as exc:  # anything escaping main is the finding
        return None, f"uncaught {type(exc).__name__}: {str(exc)[:200]}"
    finally:
        captured = capsys.readouterr()
    err = captured.err.splitlines()
    problems = []
    if code not in (0, 1, 2):
        problems.append(f"exit {code}")
    if code == 1 and not captured.err.startswith("error: the drafted report failed"):
        problems.append("exit 1 without a validation failure")
    if code != 0 and not (err and err[0].startswith("error: ")):
        problems.append("no error line")
    if len(err) > MAX_STDERR_LINES:
        problems.append(f"{len(err)} lines on stderr")
    if "Traceback" in captured.err:
        problems.append("traceback on stderr")
    written = {p.name for p in out.iterdir()} if out.exists() else set()
    if written and written != REPORT_FILES:
        problems.append(f"partial output {sorted(written)}")
    if (code == 0) != (written == REPORT_FILES):
        problems.append(f"exit {code} but wrote {sorted(written)}")
    if not problems:
        return code, None
    return code, f"{'; '.join(problems)}: {captured.err[:300]!r}"


def test_mutated_inputs_never_escape_as_tracebacks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    failures = []
    codes: Counter[int | None] = Counter()
    for case in generate(FUZZ_N, FUZZ_SEED):
        code, problem = run_case(case, tmp_path / f"case{case.index}", capsys)
        codes[code] += 1
        if problem:
            failures.append(f"case {case.index} ({case.seed}, {case.mutations}): {problem}")
    assert not failures, f"{len(failures)} of {FUZZ_N} cases failed:\n" + "\n".join(failures)
    # Mutations mild enough to keep a valid input and harsh enough to break one both occur.
    assert codes[0] and codes[2], codes


def test_the_fuzzer_is_deterministic_and_varied() -> None:
    first, again = generate(40, FUZZ_SEED), generate(40, FUZZ_SEED)
    assert [c.yaml for c in first] == [c.yaml for c in again]
    assert [c.csv for c in first] == [c.csv for c in again]
    used = {name for c in first for name in c.mutations}
    assert len(used) >= 12, used
    assert any(c.csv is not None and c.csv != _seeds()[0].csv for c in first)
