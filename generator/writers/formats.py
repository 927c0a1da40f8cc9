"""The registry of output formats: a name, the file it writes, and the function that renders it.

Each renderer takes a Deliverable (the report with everything derived from it once: Markdown
blocks, charts, the HTML that PDF reuses) and returns bytes. Renderers live in their own
modules, imported only when their format is asked for, so a default run never loads
WeasyPrint, python-docx or python-pptx. A format with a `check` is checked before anything is
drafted or written, so a missing library stops the run at once with the fix. Adding a format is
one module and one line here.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import cast

from generator.errors import FormatError
from generator.report import AssessmentReport
from generator.run import RunInfo
from generator.theme import DEFAULT_THEME, Theme
from generator.validators import Finding
from generator.writers.charts import Chart, build_charts


@dataclass
class Deliverable:
    """One report set being rendered: what every format draws on, each part derived once."""

    report: AssessmentReport
    findings: list[Finding]
    run: RunInfo
    theme: Theme = DEFAULT_THEME
    _png: dict[str, bytes] = field(default_factory=dict, repr=False)

    @cached_property
    def parts(self) -> dict[str, str]:
        from generator.writers.render import blocks

        return blocks(self.report, self.findings, self.run)

    @cached_property
    def charts(self) -> tuple[Chart, ...]:
        return build_charts(self.report)

    @cached_property
    def html(self) -> str:
        from generator.writers.render import render_html

        return render_html(self)

    def png(self, chart: Chart) -> bytes:
        if chart.key not in self._png:
            from generator.writers.png import to_png

            self._png[chart.key] = to_png(chart, self.theme)
        return self._png[chart.key]


Renderer = Callable[[Deliverable], bytes]


@dataclass(frozen=True)
class Format:
    name: str
    file: str
    renderer: str  # "module:function", imported when the format is rendered
    check: str | None = None  # "module:function" raising FormatError when it cannot be made


FORMATS = {
    f.name: f
    for f in (
        Format("md", "report.md", "generator.writers.render:markdown_bytes"),
        Format("html", "report.html", "generator.writers.render:html_bytes"),
        Format("json", "report.json", "generator.writers.render:json_bytes"),
        Format("pdf", "report.pdf", "generator.writers.pdf:render", "generator.writers.pdf:check"),
        Format(
            "docx", "report.docx", "generator.writers.word:render", "generator.writers.word:check"
        ),
        Format(
            "pptx",
            "readout.pptx",
            "generator.writers.slides:render",
            "generator.writers.slides:check",
        ),
    )
}
DEFAULT_FORMATS = ("md", "html", "json")


def _resolve(target: str) -> Callable[..., object]:
    module, name = target.split(":")
    return cast(Callable[..., object], getattr(importlib.import_module(module), name))


def parse_formats(spec: str | Iterable[str] | None) -> tuple[str, ...]:
    """`md,html,pdf` (or a list) as known format names in registry order, or the defaults."""
    if spec is None:
        return DEFAULT_FORMATS
    names = spec.split(",") if isinstance(spec, str) else list(spec)
    chosen = {n.strip().lower() for n in names if n.strip()}
    unknown = sorted(chosen - set(FORMATS))
    if unknown or not chosen:
        raise FormatError(
            f"--format {','.join(unknown) or '(empty)'}: unknown; choose from {','.join(FORMATS)}"
        )
    return tuple(n for n in FORMATS if n in chosen)


def check_formats(formats: Iterable[str]) -> None:
    """Raise FormatError (with the fix) when a chosen format cannot be made on this machine."""
    for name in formats:
        check = FORMATS[name].check
        if check:
            _resolve(check)()


def render_formats(deliverable: Deliverable, formats: Iterable[str]) -> dict[str, bytes]:
    """{file name: bytes} for each chosen format."""
    return {
        FORMATS[name].file: cast(bytes, _resolve(FORMATS[name].renderer)(deliverable))
        for name in formats
    }


def missing_library(package: str, extra: str, exc: ImportError | OSError) -> FormatError:
    """The one-line error for a format whose library (or system library) is missing."""
    reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return FormatError(
        f"{extra} output needs {package}, which cannot be loaded ({reason}); "
        f"run `pip install -e .` (or leave {extra} out of --format)"
    )
