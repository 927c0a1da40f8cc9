"""Writers: a registry of formats (md, html, json, pdf, docx, pptx; partners.csv for long
rosters), rendered in memory then written as one whole-or-nothing set."""

from generator.writers.files import write_outputs
from generator.writers.formats import (
    DEFAULT_FORMATS,
    FORMATS,
    Deliverable,
    check_formats,
    parse_formats,
)
from generator.writers.render import REPORT_FILES, render_all, render_set

__all__ = [
    "DEFAULT_FORMATS",
    "FORMATS",
    "REPORT_FILES",
    "Deliverable",
    "check_formats",
    "parse_formats",
    "render_all",
    "render_set",
    "write_outputs",
]
