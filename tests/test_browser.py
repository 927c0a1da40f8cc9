"""report.html as a person sees it: opened in headless Chromium (Debian's chromium and
chromium-driver, installed by the test setup when missing), screenshotted, console read."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.cli import main
from tests.conftest import EXAMPLES
from tests.system_packages import ensure


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    problem = ensure()
    if problem:
        pytest.fail(f"the browser tests need chromium and chromium-driver: {problem}")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1200,900"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(executable_path=shutil.which("chromedriver") or "chromedriver")
    driver = webdriver.Chrome(options=options, service=service)
    try:
        yield driver
    finally:
        driver.quit()


CHARTS_DRAWN = """
return Array.from(document.querySelectorAll('svg.chart')).map(svg => {
  const box = svg.getBoundingClientRect();
  return {key: svg.dataset.chart, width: box.width, height: box.height,
          shapes: svg.querySelectorAll('rect, polyline, circle').length,
          title: svg.querySelector('title').textContent};
});
"""


@pytest.mark.parametrize("example", ["manufacturer_distributors", "saas_worked_example"])
def test_the_page_loads_cleanly_with_every_chart(
    browser: Any, tmp_path: Path, example: str
) -> None:
    out = tmp_path / "out"
    assert main(["run", str(EXAMPLES / f"{example}.yaml"), "--out", str(out), "--quiet"]) == 0
    browser.get_log("browser")  # drop anything left from an earlier page
    browser.get((out / "report.html").as_uri())
    assert browser.execute_script("return document.readyState") == "complete"
    shot = tmp_path / "report.png"
    assert browser.save_screenshot(str(shot)) and shot.stat().st_size > 20_000
    charts = browser.execute_script(CHARTS_DRAWN)
    assert charts and charts[0]["key"] == "scores"
    for chart in charts:
        assert chart["width"] > 300 and chart["height"] > 100, chart
        assert chart["shapes"] >= 3 and chart["title"], chart
    errors = [e for e in browser.get_log("browser") if e["level"] in {"SEVERE", "WARNING"}]
    assert errors == []  # no console error, no Content-Security-Policy violation
    cover = browser.execute_script("return document.querySelector('.cover').innerText")
    assert "Prepared by" in cover and "Overall maturity" in cover
