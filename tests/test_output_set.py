"""A report set appears whole, from one run, or not at all: kills, failures, leftovers, modes."""

from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from generator.api import assess
from generator.cli import main
from generator.errors import OutputError
from generator.inputs import parse_input
from generator.run import RunInfo
from generator.writers import REPORT_FILES, files, render_all, write_outputs
from tests.conftest import EXAMPLES, MINIMAL, ROOT
from tests.system_packages import ensure

EXAMPLE = str(EXAMPLES / "services_firm.yaml")


def roster(count: int) -> list[dict[str, Any]]:
    """A roster long enough for md/html to shorten its lists (and write partners.csv)."""
    kinds = ("channel", "referral", "technology")
    return [
        {
            "name": f"Partner {i:05d}",
            "type": kinds[i % 3],
            "revenue": 1000 + 37 * i,
            "deals": i % 9,
            "engagement": ("high", "medium", "low")[i % 3],
            "satisfaction": 3 + i % 7,
        }
        for i in range(count)
    ]


def run_ids(folder: Path) -> dict[str, set[str]]:
    """{file: the run ids it carries}, read the way each format carries one."""
    found: dict[str, set[str]] = {}
    for path in folder.iterdir():
        if path.suffix in {".docx", ".pptx"}:
            import docx
            import pptx

            opened = (docx.Document if path.suffix == ".docx" else pptx.Presentation)(str(path))
            found[path.name] = {opened.core_properties.identifier}
            continue
        if path.suffix == ".pdf":
            info = subprocess.run(
                ["pdfinfo", "-custom", str(path)], capture_output=True, text=True, check=True
            ).stdout
            found[path.name] = set(re.findall(r"GeneratorRunId:\s+(\w+)", info))
            continue
        text = path.read_text(encoding="utf-8")
        if path.name == "report.md":
            found[path.name] = set(re.findall(r"<!-- generator run_id: (\w+) -->", text))
        elif path.name == "report.html":
            found[path.name] = set(
                re.findall(r'<meta name="generator-run-id" content="(\w+)">', text)
            )
        elif path.name == "report.json":
            found[path.name] = {json.loads(text)["run"]["run_id"]}
        elif path.name == "partners.csv":
            found[path.name] = {line.rsplit(",", 1)[1] for line in text.splitlines()[1:]}
    return found


def _siblings(out: Path) -> list[str]:
    return sorted(n for n in os.listdir(out.parent) if n != out.name)


def test_every_file_of_a_set_carries_the_run_id(tmp_path: Path) -> None:
    ensure()  # pdfinfo reads the PDF's run id
    out = tmp_path / "out"
    formats = "md,html,json,pdf,docx,pptx"
    result = assess(parse_input(MINIMAL | {"partners": roster(60)}), out_dir=out, formats=formats)
    assert sorted(result.files) == sorted(REPORT_FILES)
    ids = run_ids(out)
    assert set(ids) == set(REPORT_FILES)
    assert all(found == {result.run.run_id} for found in ids.values()), ids


# A child that writes report sets in a loop, each with a fresh run id, until it is killed. It
# loads the writer module alone: importing the package (Markdown, the evidence engine) would
# make each of the thirty starts ten times slower.
CHILD = """
import importlib.util, json, secrets, sys
spec = importlib.util.spec_from_file_location("set_writer", sys.argv[3])
files = importlib.util.module_from_spec(spec)
spec.loader.exec_module(files)
template = json.loads(open(sys.argv[2], encoding="utf-8").read())
owned = ("report.md", "report.html", "report.json", "partners.csv")
while True:
    run_id = secrets.token_hex(8)
    files.write_outputs(sys.argv[1], {n: t.replace("RUNIDXXXXXXXXXXX", run_id)
                                      for n, t in template.items()}, replaces=owned)
    print("wrote", flush=True)
"""


def test_a_kill_at_any_moment_leaves_one_whole_set(tmp_path: Path) -> None:
    report = assess(parse_input(MINIMAL | {"partners": roster(60)}), write=False).report
    run = RunInfo(
        drafter="engine", generator_version="test", created_at="", run_id="RUNIDXXXXXXXXXXX"
    )
    template = tmp_path / "template.json"
    rendered = render_all(report, [], run)
    template.write_text(json.dumps(rendered), encoding="utf-8")
    out = tmp_path / "reports" / "acme"
    env = os.environ | {"PYTHONPATH": str(ROOT)}
    rng = random.Random(20260)
    for attempt in range(30):
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(out), str(template), files.__file__],
            stdout=subprocess.PIPE,
            env=env,
        )
        assert child.stdout is not None
        assert child.stdout.readline() == b"wrote\n", f"attempt {attempt}: the child failed"
        try:
            child.wait(timeout=rng.uniform(0.0, 0.04))
        except subprocess.TimeoutExpired:
            child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()
        ids = run_ids(out)
        assert set(ids) == set(rendered), f"attempt {attempt}: {sorted(ids)}"
        assert len(set.union(*ids.values())) == 1, f"attempt {attempt}: mixed set {ids}"
        assert not [n for n in os.listdir(out) if n.startswith(".")]
    write_outputs(out, {"report.md": "final"}, replaces=REPORT_FILES)
    assert os.listdir(out) == ["report.md"]
    assert _siblings(out) == []  # whatever the kills left beside the folder is gone


def test_a_run_that_fails_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    (out / "report.html").mkdir(parents=True)
    assert main(["run", EXAMPLE, "--out", str(out)]) == 2
    assert "report.html" in capsys.readouterr().err
    assert os.listdir(out) == ["report.html"]
    assert _siblings(out) == []


def test_an_empty_out_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", EXAMPLE, "--out", ""]) == 2
    assert "--out is empty" in capsys.readouterr().err
    assert os.listdir(".") == []


def test_the_current_folder_is_refused_as_out() -> None:
    with pytest.raises(OutputError, match="current folder"):
        write_outputs(".", {"a.txt": "x"})


def _full_disk(calls: list[Path]) -> Any:
    real = files._write_file

    def write(path: Path, text: str) -> None:
        calls.append(path)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real(path, text)

    return write


def test_a_full_disk_leaves_no_new_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[Path] = []
    monkeypatch.setattr(files, "_write_file", _full_disk(calls))
    with pytest.raises(OutputError, match="No space left on device"):
        write_outputs(tmp_path / "new" / "deeper" / "out", {"a.txt": "1", "b.txt": "2"})
    assert os.listdir(tmp_path) == []


def test_a_full_disk_keeps_the_previous_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    write_outputs(out, {"a.txt": "previous", "b.txt": "previous"})
    monkeypatch.setattr(files, "_write_file", _full_disk([]))
    with pytest.raises(OutputError):
        write_outputs(out, {"a.txt": "new", "b.txt": "new"})
    assert {p.name: p.read_text() for p in out.iterdir()} == {
        "a.txt": "previous",
        "b.txt": "previous",
    }
    assert _siblings(out) == []


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2", "fallback"])
def test_other_files_survive_and_stale_set_files_go(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exchange: bool
) -> None:
    if not exchange:
        monkeypatch.setattr(files, "_exchange", lambda a, b: False)
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    (out / "partners.csv").write_text("from a longer, earlier set")
    (out / ".report.md.k2j3.tmp").write_text("left by the old file-by-file writer")
    write_outputs(out, {"report.md": "new"}, replaces=REPORT_FILES)
    assert sorted(os.listdir(out)) == ["notes.txt", "report.md"]
    assert (out / "notes.txt").read_text() == "mine"
    assert _siblings(out) == []


def test_leftovers_of_killed_runs_are_cleared(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_outputs(out, {"report.md": "one"})
    for leftover in (".out.staging-abc", ".out.old-def"):
        (tmp_path / leftover).mkdir()
        (tmp_path / leftover / "report.md").write_text("stale")
    write_outputs(out, {"report.md": "two"})
    assert _siblings(out) == []
    assert (out / "report.md").read_text() == "two"


def test_a_folder_set_aside_by_a_killed_fallback_swap_is_restored(tmp_path: Path) -> None:
    """Killed between the fallback's two renames: no folder, the previous one set aside."""
    aside = tmp_path / ".out.old-abc"
    aside.mkdir()
    (aside / "report.md").write_text("previous")
    (aside / "notes.txt").write_text("mine")
    write_outputs(tmp_path / "out", {"report.md": "new"}, replaces=REPORT_FILES)
    out = tmp_path / "out"
    assert {p.name: p.read_text() for p in out.iterdir()} == {
        "report.md": "new",
        "notes.txt": "mine",
    }
    assert _siblings(out) == []


def test_a_folder_holding_subfolders_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "drafts").mkdir(parents=True)
    with pytest.raises(OutputError, match="holds the folder 'drafts'"):
        write_outputs(out, {"report.md": "x"})
    assert os.listdir(out) == ["drafts"]


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_files_follow_the_umask(tmp_path: Path, umask: int, mode: int) -> None:
    previous = os.umask(umask)
    try:
        write_outputs(tmp_path / "out", {"report.md": "x"})
    finally:
        os.umask(previous)
    assert (tmp_path / "out" / "report.md").stat().st_mode & 0o777 == mode
    assert (tmp_path / "out").stat().st_mode & 0o777 == 0o777 & ~umask


def test_a_rewrite_keeps_the_folder_mode(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_outputs(out, {"report.md": "one"})
    out.chmod(0o750)
    write_outputs(out, {"report.md": "two"})
    assert out.stat().st_mode & 0o777 == 0o750


@pytest.mark.parametrize("example", ["services_firm.yaml", "manufacturer_distributors.yaml"])
def test_report_json_bytes_are_render_json_text(example: str) -> None:
    # json_bytes builds report.json as bytes to spare memory; the text must not move.
    from generator.writers.formats import Deliverable
    from generator.writers.render import json_bytes, render_json

    result = assess(str(EXAMPLES / example), write=False)
    deliverable = Deliverable(result.report, result.findings, result.run)
    expected = render_json(result.report, result.findings, result.run)
    assert json_bytes(deliverable) == expected.encode("utf-8")
    assert json.loads(expected)["report"] == result.report.model_dump(mode="json")
