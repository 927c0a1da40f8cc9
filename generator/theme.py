"""Branding: the firm name, logo, colours, font and footer every deliverable carries.

A theme is a small YAML file (`--theme theme.yaml`); the defaults here are the house theme
(themes/default.yaml spells them out as a starting point to copy). Every value ends up inside
CSS, SVG or an Office file, so each is checked to a shape that cannot break out of it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from generator.errors import FormatError

MAX_THEME_BYTES = 64_000
MAX_LOGO_BYTES = 2_000_000
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
# A font family name goes into CSS unquoted-safe: letters, digits, spaces and hyphens only.
_FONT = re.compile(r"[A-Za-z0-9 \-]{1,60}")
_LOGO_KINDS = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}


def _colour(value: str) -> str:
    if not _COLOUR.fullmatch(value):
        raise ValueError(f"{value!r} is not a colour like #1f4e79")
    return value.lower()


def _font(value: str) -> str:
    if not _FONT.fullmatch(value):
        raise ValueError(f"{value!r} is not a font name (letters, digits, spaces, hyphens)")
    return value


Colour = Annotated[str, AfterValidator(_colour)]


class Theme(BaseModel):
    """How deliverables look. Colours are #rrggbb; the logo is a PNG or JPEG file."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    firm_name: str = Field(default="Partner Readiness Advisory", min_length=1, max_length=80)
    logo: Path | None = Field(default=None, description="PNG or JPEG, relative to the theme file.")
    primary: Colour = "#1f4e79"
    accent: Colour = "#e69f00"
    font: Annotated[str, AfterValidator(_font)] = "Liberation Sans"
    footer: str = Field(
        default="Confidential: prepared for the client named on the cover.", max_length=120
    )

    def logo_image(self) -> tuple[bytes, str] | None:
        """The logo's bytes and MIME type, checked to be a PNG or JPEG of sensible size."""
        if self.logo is None:
            return None
        try:
            data = self.logo.read_bytes()
        except OSError as exc:
            raise FormatError(
                f"theme logo {self.logo}: {exc.strerror or exc}; fix the path in the theme file"
            ) from None
        if len(data) > MAX_LOGO_BYTES:
            raise FormatError(f"theme logo {self.logo} is over 2 MB; use a smaller PNG or JPEG")
        for magic, mime in _LOGO_KINDS.items():
            if data.startswith(magic):
                return data, mime
        raise FormatError(f"theme logo {self.logo} is not a PNG or JPEG file; convert it")


DEFAULT_THEME = Theme()


def load_theme(path: str | Path | None) -> Theme:
    """The theme in `path`, or the default one; a bad file stops the run with the field to fix."""
    if path is None:
        return DEFAULT_THEME
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise FormatError(f"--theme {path}: {exc.strerror or exc}; check the path") from None
    if len(raw) > MAX_THEME_BYTES:
        raise FormatError(f"--theme {path} is over 64 KB; a theme is a few lines of YAML")
    try:
        document = yaml.safe_load(raw.decode("utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise FormatError(f"--theme {path} is not UTF-8 YAML: {str(exc).splitlines()[0]}") from None
    if not isinstance(document, dict):
        raise FormatError(f"--theme {path} must be a mapping such as `firm_name: Acme Advisory`")
    try:
        theme = Theme.model_validate(document)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"]) or "(top level)"
        raise FormatError(f"--theme {path}: {where}: {first['msg']}") from None
    if theme.logo is not None and not theme.logo.is_absolute():
        theme = theme.model_copy(update={"logo": path.parent / theme.logo})
    theme.logo_image()
    return theme


def css_string(text: str) -> str:
    """A quoted CSS string that shows `text` literally: every non-alphanumeric character is a
    hex escape, so no quote, backslash or newline can end it."""
    return '"' + "".join(c if c.isalnum() or c == " " else f"\\{ord(c):06x}" for c in text) + '"'
