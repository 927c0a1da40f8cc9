"""report.pdf: the HTML deliverable laid out in pages by WeasyPrint (which uses the system's Pango).

The print stylesheet in report.html.j2 does the layout: A4 pages, numbered, each deliverable on
a new page, no table row or chart split. The run id travels from the HTML's
`generator-run-id` meta into the PDF's document information, like every file of a set.
"""

from __future__ import annotations

from typing import Any

from generator.writers.formats import Deliverable, missing_library
from generator.writers.render import report_title


def _weasyprint() -> Any:
    try:
        import weasyprint
    except (ImportError, OSError) as exc:
        # OSError: the Python package is there but Pango (a system library) is not.
        raise missing_library("WeasyPrint and the system's Pango", "pdf", exc) from None
    return weasyprint


def check() -> None:
    _weasyprint()


def layout(deliverable: Deliverable) -> Any:
    """WeasyPrint's laid-out document (its pages and boxes), which tests read to see the pages."""
    weasyprint = _weasyprint()
    # No base URL and a fetcher that refuses everything: the page holds all it needs.
    return weasyprint.HTML(string=deliverable.html, url_fetcher=_refuse).render()


def _refuse(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise ValueError(f"report.pdf fetches nothing from outside (asked for {url[:60]})")


def render(deliverable: Deliverable) -> bytes:
    document = layout(deliverable)
    document.metadata.title = report_title(deliverable.report) + (
        f": {deliverable.report.organisation}" if deliverable.report.organisation else ""
    )
    document.metadata.custom["GeneratorRunId"] = deliverable.run.run_id
    data: bytes = document.write_pdf(custom_metadata=True)
    return data
