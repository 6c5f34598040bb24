"""The review report as a person sees it: headless Chromium opens the seeds' report.

Needs Debian's ``chromium`` (``.ci/run`` installs it) and the Python ``playwright``
driver; skipped with a message where either is missing.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cleanse.cli import app

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ROOT = Path(__file__).resolve().parent.parent
# This machine's network is closed: Chromium must not try to phone home.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium; .ci/run does)")


def test_the_report_renders_without_errors_and_shows_the_headline(tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright driver is not installed")
    out = tmp_path / "out"
    assert CliRunner().invoke(app, ["run", str(ROOT / "seeds"), "-o", str(out), "-q", "--report"]).exit_code == 0
    problems: list[str] = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.on("console", lambda message: problems.append(message.text) if message.type in ("error", "warning") else None)
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.on("requestfailed", lambda request: problems.append(f"request failed: {request.url}"))
        page.goto((out / "report.html").as_uri())
        page.screenshot(path=str(tmp_path / "report.png"), full_page=False)
        section = page.locator("section.file", has=page.locator("h3", has_text="004_"))
        section.scroll_into_view_if_needed()
        headline = section.locator("pre.output span.p-headlines").first
        assert headline.is_visible()
        colour = headline.evaluate("el => getComputedStyle(el).backgroundColor")
        assert colour not in ("rgba(0, 0, 0, 0)", "transparent")  # highlighted
        assert "headlines" in headline.get_attribute("title")
        headline.screenshot(path=str(tmp_path / "headline.png"))
        # Unticking the pass filter takes the highlight away; the flagged-only filter hides 004.
        page.locator("input.pass-filter[value=headlines]").uncheck()
        assert headline.evaluate("el => getComputedStyle(el).backgroundColor") in ("rgba(0, 0, 0, 0)", "transparent")
        page.locator("#flagged-only").check()
        assert not section.is_visible()
        browser.close()
    assert problems == []
    assert (tmp_path / "report.png").stat().st_size > 10_000
