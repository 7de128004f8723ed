"""report.html in headless Chromium: no console errors, all charts drawn, no network, verdict.

Needs Debian's chromium (`apt-get install -y chromium`) and the playwright package; it uses the
system browser, never a downloaded one.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import powerpact
from powerpact.report.outputs import write_all
from powerpact.studies.assess import AssessOptions, assess, write_outputs

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TINY = Path(__file__).parent / "data" / "tiny"
SCREENSHOT = Path(__file__).resolve().parents[1] / "test-output" / "report.png"

sync_api = pytest.importorskip("playwright.sync_api")
# In CI the README's test command installs Chromium, so a missing browser there is a failure.
pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists() and not os.environ.get("CI"),
    reason="needs /usr/bin/chromium (apt-get install -y chromium)",
)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    systems = [powerpact.load(TINY), powerpact.load(TINY / "scenarios" / "new-plant.yaml")]
    assessment = assess(systems, AssessOptions(samples=100, seed=3), show_progress=False)
    return write_outputs(assessment, tmp_path_factory.mktemp("browser") / "out", write_all)


def test_report_renders_offline_without_errors(report: Path) -> None:
    problems: list[str] = []
    fetched: list[str] = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: problems.append(str(e)))

            def block(route: object) -> None:  # the page must need nothing from the network
                fetched.append(route.request.url)  # type: ignore[attr-defined]
                route.abort()  # type: ignore[attr-defined]

            page.route("http*://**/*", block)
            page.goto((report / "report.html").as_uri())
            page.wait_for_function(
                "document.querySelectorAll('.plotly-graph-div').length > 0 && "
                "[...document.querySelectorAll('.plotly-graph-div')]"
                ".every(d => d.querySelector('svg.main-svg'))"
            )
            charts = page.eval_on_selector_all(
                ".plotly-graph-div",
                "divs => divs.map(d => [d.id, d.querySelectorAll('svg.main-svg').length, "
                "d.querySelectorAll('.trace, .hm, .barlayer .point').length])",
            )
            verdict = page.inner_text("#verdict")
            SCREENSHOT.parent.mkdir(exist_ok=True)
            page.screenshot(path=str(SCREENSHOT), full_page=True)
        finally:
            browser.close()
    assert problems == []
    assert fetched == []
    ids = {chart_id for chart_id, _, _ in charts}
    assert ids == {
        "chart-capacity",
        "chart-dispatch",
        "chart-adequacy",
        "chart-risk",
        "chart-gas",
        "chart-npv",
    }
    assert all(svgs > 0 and drawn > 0 for _, svgs, drawn in charts), charts
    results = json.loads((report / "results.json").read_text())
    assert [line.strip() for line in verdict.strip().splitlines()] == results["findings"]
    assert SCREENSHOT.stat().st_size > 10_000


def test_sources_fit_1400_px_and_storage_starts_at_zero(report: Path) -> None:
    """Issue 17: the sources table cut off at 1,400 px; the drill's storage axis began at 430."""
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.route("http*://**/*", lambda route: route.abort())
            page.goto((report / "report.html").as_uri())
            page.wait_for_function("document.querySelector('#chart-gas svg.main-svg')")
            widths = page.evaluate(
                "() => { const t = document.querySelector('#sources-table');"
                " const box = t.parentElement;"
                " return [t.scrollWidth, box.clientWidth, document.documentElement.scrollWidth,"
                " window.innerWidth]; }"
            )
            storage_axis = page.evaluate(
                "() => { const d = document.getElementById('chart-gas');"
                " return [d._fullLayout.yaxis2.range[0], d.layout.yaxis2.rangemode]; }"
            )
        finally:
            browser.close()
    table, box, page_width, viewport = widths
    assert table <= box, widths  # no horizontal scrolling inside the box
    assert page_width <= viewport, widths  # nor on the page
    assert storage_axis[1] == "tozero" and storage_axis[0] == 0, storage_axis
