"""Writers: report.md, report.html and report.json, rendered in memory then written at once."""

from generator.writers.files import write_outputs
from generator.writers.render import render_all

__all__ = ["render_all", "write_outputs"]
