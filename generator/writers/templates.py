"""The sandboxed Jinja2 environment every template renders in."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Any

from jinja2 import FunctionLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from generator.formatting import money, number, pct


def _load(name: str) -> str:
    return files("prompt_templates").joinpath(name).read_text(encoding="utf-8")


def cell(value: Any) -> str:
    """Input text made inert in Markdown: one line, no table-breaking pipes, no raw HTML.

    report.md may be opened in any Markdown viewer, not only through our sanitized HTML.
    """
    if value is None:
        return "n/a"
    text = " ".join(str(value).split())
    return text.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")


@cache
def environment() -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        loader=FunctionLoader(_load),
        undefined=StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(cell=cell, money=money, pct=pct, num=number)
    return env


def render(name: str, **context: Any) -> str:
    return environment().get_template(name).render(**context)
