"""Cue phrases: literal text with a few safe constructs, compiled by code into regexes.

A framework folder is data a consultant edits, so it never carries regular expressions: a
pattern written by hand can backtrack for minutes on a few kilobytes of spaces. Phrases are
compiled into patterns that are linear by construction: escaped literals, one-character
separators, optional parts with no repeat inside, and gaps bounded in characters.

The language, in the order a phrase is read:

- ``partner types``: words match whole words, case-insensitively; a space matches one space,
  and a hyphen matches a hyphen or a space ("partner-sourced" also finds "partner sourced").
- ``tier|tiers|tiered``: alternatives of one word (no spaces around ``|``).
- ``train*``: the word and any ending (training, trainer); a leading ``*`` (``*n't``) lets
  the phrase start inside a word.
- ``[partner] types``: an optional part; ``(main contact | sponsor)``: alternatives of several
  words (`` | `` with spaces); both may hold any of these constructs.
- ``champion ...40 left``: a gap of up to 40 characters within the sentence (never across
  ``.`` or ``;``), between two words.
- ``{number}`` (digits), ``{word}`` (any one word), ``{name}``: a placeholder the framework
  defines as a list of phrases (such as the partner types).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

_BUILTIN = {"number": r"\d+", "word": r"\w+"}
# Characters a word may hold: letters, digits, hyphen, apostrophe, ampersand, slash, dot.
_WORD = re.compile(r"^[\w'&/.-]+$")
_GAP = re.compile(r"^\.\.\.(\d{1,3})$")
_PLACEHOLDER = re.compile(r"^\{(\w{1,40})\}$")
_SEPARATOR = " "
_MAX_GAP = 200


class PhraseError(ValueError):
    """A phrase that does not follow the cue-phrase language; the message says what to write."""


@dataclass(frozen=True)
class _Item:
    regex: str
    optional: bool = False
    gap: bool = False


def _tokens(phrase: str) -> list[str]:
    spaced = phrase.replace("(", " ( ").replace(")", " ) ").replace("[", " [ ").replace("]", " ] ")
    return spaced.split()


def _word(text: str, placeholders: Mapping[str, str]) -> str:
    """One alternative of a word: a literal, a ``*`` ending, or a placeholder."""
    found = _PLACEHOLDER.match(text)
    if found:
        name = found.group(1)
        if name in _BUILTIN:
            return _BUILTIN[name]
        if name not in placeholders:
            known = ", ".join(sorted({*_BUILTIN, *placeholders}))
            raise PhraseError(f"unknown placeholder {{{name}}}; use one of {known}")
        return placeholders[name]
    tail = r"\w*" if text.endswith("*") else ""
    core = text.rstrip("*")
    if core.startswith("*"):
        raise PhraseError(f"{text!r}: a leading * is allowed only at the start of a phrase")
    if not core or not _WORD.match(core):
        raise PhraseError(
            f"{text!r} is not a word: use letters, digits, hyphens and apostrophes, with * only "
            "at the end (regular expressions are not allowed)"
        )
    return re.escape(core).replace(r"\-", "[- ]") + tail


def _group(alternatives: list[list[_Item]]) -> str:
    return "(?:" + "|".join(_sequence(items) for items in alternatives) + ")"


def _sequence(items: list[_Item]) -> str:
    """Items joined by separators; an optional item carries its separator inside its group.

    Before the first required word an optional part takes the separator after it ("[partner]
    academy"), after one it takes the separator before it ("engagement [is] tracked").
    """
    if all(item.optional for item in items):
        raise PhraseError("every part of the phrase is optional; make one part required")
    for index, item in enumerate(items):
        neighbours = items[index - 1 : index] + items[index + 1 : index + 2]
        if item.gap and (len(neighbours) < 2 or any(n.gap for n in neighbours)):
            raise PhraseError("a gap (...N) must stand between two words")
    out: list[str] = []
    need_separator = False
    for item in items:
        if item.gap:
            out.append(item.regex)
            need_separator = False
        elif item.optional:
            sep = f"{_SEPARATOR}{item.regex}" if need_separator else f"{item.regex}{_SEPARATOR}"
            out.append(f"(?:{sep})?")
        else:
            out.append(_SEPARATOR + item.regex if need_separator else item.regex)
            need_separator = True
    return "".join(out)


def _parse(
    tokens: list[str], pos: int, close: str | None, placeholders: Mapping[str, str]
) -> tuple[list[list[_Item]], int]:
    """Alternatives (split on a lone ``|``) of item sequences, up to the closing bracket."""
    alternatives: list[list[_Item]] = [[]]
    while pos < len(tokens):
        token = tokens[pos]
        pos += 1
        if token == close:
            break
        if token in {")", "]"}:
            raise PhraseError(f"unmatched {token!r}")
        if token == "|":
            alternatives.append([])
            continue
        if token in {"(", "["}:
            inner, pos = _parse(tokens, pos, ")" if token == "(" else "]", placeholders)
            if any(not seq for seq in inner):
                raise PhraseError(f"empty alternative inside {token}...")
            alternatives[-1].append(_Item(_group(inner), optional=token == "["))
            continue
        gap = _GAP.match(token)
        if gap:
            width = int(gap.group(1))
            if not 1 <= width <= _MAX_GAP:
                raise PhraseError(f"gap {token}: write a width from 1 to {_MAX_GAP} characters")
            alternatives[-1].append(_Item(rf"\b[^.;]{{0,{width}}}?\b", gap=True))
            continue
        words = [_word(part, placeholders) for part in token.split("|")]
        alternatives[-1].append(
            _Item(words[0] if len(words) == 1 else "(?:" + "|".join(words) + ")")
        )
    else:
        if close is not None:
            raise PhraseError(f"missing {close!r}")
    if any(not seq for seq in alternatives):
        raise PhraseError("empty alternative: a lone | needs words on both sides")
    return alternatives, pos


def phrase_regex(phrase: str, placeholders: Mapping[str, str] | None = None) -> str:
    """The regular expression (as text) for one phrase; raises PhraseError with the fix."""
    text = phrase.strip()
    inside_word = text.startswith("*")
    tokens = _tokens(text.removeprefix("*"))
    if not tokens:
        raise PhraseError("empty phrase")
    alternatives, _ = _parse(tokens, 0, None, placeholders or {})
    body = _group(alternatives) if len(alternatives) > 1 else _sequence(alternatives[0])
    return ("" if inside_word else r"\b") + body + r"\b"


def placeholder_regexes(definitions: Mapping[str, list[str]]) -> dict[str, str]:
    """Regex text per placeholder, from its phrases (which may not use other placeholders)."""
    out: dict[str, str] = {}
    for name, phrases in definitions.items():
        if name in _BUILTIN:
            raise PhraseError(f"placeholder {{{name}}} is built in; choose another name")
        parts = []
        for phrase in phrases:
            alternatives, _ = _parse(_tokens(phrase), 0, None, {})
            parts.append(_group(alternatives))
        out[name] = "(?:" + "|".join(parts) + ")"
    return out


def compile_phrases(
    phrases: list[str],
    placeholders: Mapping[str, str] | None = None,
    unless_preceded_by: list[str] | None = None,
    unless_followed_by: list[str] | None = None,
) -> re.Pattern[str]:
    """One pattern matching any of the phrases (the first alternative wins, as in a regex).

    ``unless_preceded_by`` words exclude a match right after them ("free tier");
    ``unless_followed_by`` phrases exclude a match right before them ("tier of the CRM").
    """
    body = "|".join(phrase_regex(p, placeholders) for p in phrases)
    before = "".join(
        f"(?<!{re.escape(word)} )" for word in unless_preceded_by or [] if _check_word(word)
    )
    after = "".join(
        f"(?!{_SEPARATOR}{phrase_regex(p, placeholders).removeprefix(chr(92) + 'b')})"
        for p in unless_followed_by or []
    )
    return re.compile(f"{before}(?:{body}){after}", re.IGNORECASE)


def _check_word(word: str) -> bool:
    # Lookbehinds need a fixed width, so exclusions are plain words, not phrases.
    if not _WORD.match(word):
        raise PhraseError(f"unless_preceded_by takes plain words; {word!r} is not one")
    return True
