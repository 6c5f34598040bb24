"""Screenshots of the review report of the seeds, for the README (docs/report-*.png).

Run: .venv/bin/python tools/screenshot_report.py   (needs Chromium and playwright)
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="cleanse-report-"))
    try:
        subprocess.run([sys.executable, "-m", "cleanse", "run", "seeds", "-o", str(work / "out"), "-q", "--report"],
                       cwd=ROOT, check=True)
        docs = ROOT / "docs"
        docs.mkdir(exist_ok=True)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 820})
            page.goto((work / "out" / "report.html").as_uri())
            page.screenshot(path=str(docs / "report-summary.png"))
            section = page.locator("section.file", has=page.locator("h3", has_text="004_"))
            section.screenshot(path=str(docs / "report-004.png"))
            browser.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
