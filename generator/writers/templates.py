"""The sandboxed Jinja2 environment every template renders in, and Markdown-literal text.

Input text (and a model's prose, which is just as untrusted) must read as the same characters in
any Markdown viewer and in our HTML: never a link, a table cell boundary, emphasis, a code span,
a heading, a list, an HTML tag or an entity.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from jinja2 import FunctionLoader, StrictUndefined, pass_context
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment

from generator.formatting import money, number, pct

# Inline syntax: escaped wherever it appears. `<` and `>` become entities (that also stops raw
# HTML, autolinks and blockquotes); the rest take a backslash, which CommonMark allows before any
# ASCII punctuation and our own renderer is configured to honour (writers/render.py).
_INLINE = str.maketrans({c: "\\" + c for c in "\\`*_[]|~@"} | {"<": "&lt;", ">": "&gt;"})
# An ampersand only needs escaping where it would start an entity such as `&copy;` or `&#60;`.
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]{1,32};)")
# Bare-URL autolinks of GitHub-flavoured viewers: break "://" and "www." with escapes.
_AUTOLINK = re.compile(r"://|(?i:\bwww)\.")
# Block syntax counts only at the start of a line: headings, list markers, setext underlines,
# ordered-list numbers. A cell's text may be placed at a line start (a list item's content).
_LINE_START = re.compile(r"[#+\-=]|\d{1,9}(?=[.)](?:\s|$))")


def one_line(value: Any) -> str:
    return "n/a" if value is None else " ".join(str(value).split())


def md_literal(value: Any) -> str:
    """Text that renders as exactly these characters in Markdown, on one line."""
    text = _ENTITY.sub("&amp;", one_line(value)).translate(_INLINE)
    text = _AUTOLINK.sub(lambda m: m.group().replace("/", "\\/").replace(".", "\\."), text)
    start = _LINE_START.match(text)
    if start:
        end = start.end()
        text = text[:end] + "\\" + text[end:] if start.group()[0].isdigit() else "\\" + text
    return text


@pass_context
def _cell(context: Context, value: Any) -> str:
    return one_line(value) if context.get("plain") else md_literal(value)


@pass_context
def _names(context: Context, names: list[str], separator: str) -> str:
    """A bounded list of names: the first few, then how many more and where they are."""
    limit: int = context["limits"].names
    shown = separator.join(_cell(context, n) for n in names[:limit])
    if len(names) > limit:
        shown += f"{separator}and {len(names) - limit:,} more (see {context['rest']})"
    return shown


def _load(name: str) -> str:
    # An absolute path is a framework folder's own prompt (prompts.framework_template); it
    # renders in the same sandbox as ours.
    if Path(name).is_absolute():
        return Path(name).read_text(encoding="utf-8")
    return files("prompt_templates").joinpath(name).read_text(encoding="utf-8")


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
    env.filters.update(cell=_cell, names=_names, money=money, pct=pct, num=number)
    return env


def render(name: str, **context: Any) -> str:
    return environment().get_template(name).render(**context)


def render_blocks(name: str, **context: Any) -> dict[str, str]:
    """{block name: its text}, each block of the template rendered on its own."""
    template = environment().get_template(name)
    return {
        block: "".join(render_block(template.new_context(context)))
        for block, render_block in template.blocks.items()
    }
