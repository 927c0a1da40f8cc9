"""Writers: report.md, report.html, report.json (and partners.csv for long rosters), rendered in
memory then written as one whole-or-nothing set."""

from generator.writers.files import write_outputs
from generator.writers.render import REPORT_FILES, render_all

__all__ = ["REPORT_FILES", "render_all", "write_outputs"]
