"""The README's picture of the review page: a document open, one commitment focused.

Usage: ``python eval/report_screenshot.py [--page out/report.html] [--out docs/report.png]``
(after ``make run``). The page is opened in headless Chromium, the commitment of
``--item`` in document ``--doc`` is focused as a keyboard user would reach it, and
the window is saved as a PNG.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from pledgewatch.report.chromium import Chromium, find_chromium

REPO = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--page", type=Path, default=REPO / "out" / "report.html")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "report.png")
    parser.add_argument("--doc", type=int, default=12, help="document index in the page")
    parser.add_argument("--item", default="c1", help="item to focus, e.g. c2 or q0")
    parser.add_argument("--width", type=int, default=1100)
    parser.add_argument("--height", type=int, default=660)
    args = parser.parse_args()
    if find_chromium() is None:
        sys.exit("report_screenshot: no Chromium found; install Debian's chromium (make browser)")
    if not args.page.exists():
        sys.exit(f"report_screenshot: {args.page} not found; run `make run` first")
    with Chromium(width=args.width, height=args.height) as browser:
        browser.open(args.page)
        browser.wait_for("document.documentElement.getAttribute('data-ready')")
        browser.evaluate(f"location.hash = '#d{args.doc}-{args.item}'")
        browser.wait_for(f"document.activeElement && document.activeElement.id === 'i-{args.item}'")
        # Bring the document's heading into view above the focused item.
        browser.evaluate(
            "document.getElementById('doc-title').scrollIntoView({block: 'start'});"
            "window.scrollBy(0, -8); document.getElementById('i-" + args.item + "').focus();"
        )
        time.sleep(0.3)
        if errors := browser.console_errors():
            sys.exit(f"report_screenshot: the page logged errors: {errors}")
        path = browser.screenshot(args.out)
    print(f"{path}: {path.stat().st_size // 1024} KiB")


if __name__ == "__main__":
    main()
