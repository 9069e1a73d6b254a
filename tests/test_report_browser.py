"""The review page in a real headless Chromium: no errors, exact highlights, working filters.

Needs a Chromium on the machine (Debian's ``chromium``; ``make test`` installs it with
apt-get when it runs as root). Without one, the test skips and says so. The screenshot
it takes is kept in pytest's temporary folder (its path is printed).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from pledgewatch.report import build_report
from pledgewatch.report.chromium import CANDIDATES, Chromium, find_chromium
from tests.test_report import (
    KNOWN_TEXT,
    TYPES,
    filler_document,
    known_document,
    known_gold,
)

pytestmark = pytest.mark.browser

# Offsets of every highlighted fragment, measured from the page's own text nodes.
FRAGMENTS_JS = """(() => {
  const root = document.querySelector('#doc-view .text');
  const offsets = new Map();
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let position = 0;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    offsets.set(node, position);
    position += node.data.length;
  }
  const spans = {};
  root.querySelectorAll('[data-ref]').forEach((el) => {
    const inner = document.createTreeWalker(el, NodeFilter.SHOW_TEXT).nextNode();
    const start = offsets.get(inner);
    (spans[el.dataset.ref] = spans[el.dataset.ref] || []).push(
      [start, start + el.textContent.length, el.className, el.textContent]);
  });
  return {text: root.textContent, spans: spans};
})()"""

VISIBLE_ROWS_JS = "document.querySelectorAll('#table tbody tr[data-doc]').length"


@pytest.fixture(scope="module")
def chromium() -> str:
    path = find_chromium()
    if path is None:
        pytest.skip(
            f"no Chromium browser found (looked for {', '.join(CANDIDATES)} and "
            "$PLEDGEWATCH_CHROMIUM); install Debian's chromium package (apt-get install "
            "chromium), which `make test` does when run as root"
        )
    return path


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The known document first, then 60 filler documents (more than a page of rows)."""
    docs = [known_document(), *(filler_document(i) for i in range(60))]
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(build_report(docs, gold=[known_gold()]), encoding="utf-8")
    return path


def _merged(fragments: list[list]) -> tuple[int, int]:
    """Fragments of one item, which must be contiguous, as one span."""
    fragments = sorted(fragments)
    for (_, end, *_), (start, *_) in zip(fragments, fragments[1:], strict=False):
        assert start == end, f"fragments {fragments} leave a gap"
    return fragments[0][0], fragments[-1][1]


def test_report_browser_page_works(chromium: str, page: Path, tmp_path: Path) -> None:
    known = known_document()
    gold = known_gold()
    with Chromium(chromium, width=1280, height=900) as browser:
        browser.open(page)
        browser.wait_for("document.documentElement.getAttribute('data-ready')")

        # Nothing went wrong, and nothing was fetched but the page itself.
        assert browser.console_errors() == []
        assert browser.requests() == [page.resolve().as_uri()]
        assert browser.evaluate("document.title") == "pledgewatch review: 61 documents"

        # The first document opens on load; its highlights sit on the right characters.
        found = browser.evaluate(FRAGMENTS_JS)
        assert found["text"] == KNOWN_TEXT
        expected = {}
        for letter, kind in (("e", "entities"), ("q", "quotes"), ("c", "commitments")):
            for i, item in enumerate(getattr(known, kind)):
                expected[f"{letter}{i}"] = (item.start, item.end)
        expected["b0"] = (known.boilerplate[0].start, known.boilerplate[0].end)
        # Gold items no prediction matched are shown too, after the predictions.
        expected["e4"] = (gold.entities[3].start, gold.entities[3].end)
        expected["c2"] = (gold.commitments[1].start, gold.commitments[1].end)
        assert {ref: _merged(f) for ref, f in found["spans"].items()} == expected
        for fragments in found["spans"].values():
            for start, end, _, text in fragments:
                assert text == KNOWN_TEXT[start:end]
        # The commitment that runs out of the quote is cut in two at the quote's end...
        quote_end = known.quotes[0].end
        assert [f[:2] for f in sorted(found["spans"]["c1"])] == [
            [known.commitments[1].start, quote_end],
            [quote_end, known.commitments[1].end],
        ]
        # ...while entities inside a commitment inside the quote nest whole.
        assert len(found["spans"]["e1"]) == 1 and len(found["spans"]["c0"]) == 1
        kinds = {ref: fragments[0][2].split() for ref, fragments in found["spans"].items()}
        assert "k-entity" in kinds["e0"] and "m-right" in kinds["e0"]
        assert "k-quote" in kinds["q0"] and "k-commitment" in kinds["c0"]
        assert "m-wrong" in kinds["c0"] and "m-missed" in kinds["c2"] and "bp" in kinds["b0"]

        # Keyboard: Tab from the document reaches the first item and shows its fields.
        browser.evaluate("document.getElementById('doc-view').focus()")
        browser.press("Tab")
        assert browser.evaluate("document.activeElement.dataset.ref") == "e0"
        tip = browser.evaluate(
            "document.getElementById('tip').hidden ? '' : document.getElementById('tip').innerText"
        )
        assert "Keir Starmer" in tip and "Q6386999" in tip and "Prime Minister" in tip
        browser.press("Tab")
        browser.press("Tab")  # entity, quote, commitment: document order, outer first
        assert browser.evaluate("document.activeElement.dataset.ref") == "c0"
        tip = browser.evaluate("document.getElementById('tip').innerText")
        assert "troop_deployment" in tip and "if a ceasefire holds" in tip
        assert "status gold 'pledged' predicted 'proposed'" in tip  # the scorer's verdict
        browser.press("Escape")
        assert browser.evaluate("document.getElementById('tip').hidden") is True

        # Hover shows the same details for the item under the pointer.
        box = browser.evaluate(
            "(() => { const r = document.getElementById('i-e3').getBoundingClientRect();"
            " return {x: r.left + 3, y: r.top + r.height / 2}; })()"
        )
        browser.send("Input.dispatchMouseEvent", {"type": "mouseMoved", **box})
        assert "Élysée Palace" in browser.wait_for(
            "!document.getElementById('tip').hidden && document.getElementById('tip').innerText"
        )

        # Filters: clicking a chart bar narrows the table; the pager and the document list follow.
        assert browser.evaluate(VISIBLE_ROWS_JS) == 50  # first page of 63 rows
        browser.click('[data-filter="type"][data-value="training"]')
        training = sum(1 for i in range(60) if TYPES[i % 3] == "training")
        assert browser.evaluate(VISIBLE_ROWS_JS) == training
        assert browser.evaluate("document.getElementById('f-type').value") == "training"
        cells = browser.evaluate(
            "[...document.querySelectorAll('#table tbody tr td:nth-child(3)')].map(td => td.textContent)"
        )
        assert set(cells) == {"training"}
        assert browser.evaluate("document.querySelectorAll('#doc-list li').length") == training
        browser.evaluate(
            "(() => { const s = document.getElementById('f-mark'); s.value = 'missed';"
            " s.dispatchEvent(new Event('change')); })()"
        )
        assert browser.evaluate(VISIBLE_ROWS_JS) == 0  # no training commitment was missed
        browser.click("#f-reset")
        assert browser.evaluate(VISIBLE_ROWS_JS) == 50
        browser.evaluate(
            "(() => { const s = document.getElementById('f-text'); s.value = 'package 7 ';"
            " s.dispatchEvent(new Event('input')); })()"
        )
        assert browser.wait_for(f"{VISIBLE_ROWS_JS} === 1 && {VISIBLE_ROWS_JS}") == 1
        browser.click("#f-reset")

        # A row's evidence link opens its document with the commitment focused.
        browser.click('#table tbody tr[data-doc="5"] td.ev a')
        browser.wait_for("document.activeElement && document.activeElement.id === 'i-c0'")
        assert browser.evaluate("document.getElementById('doc-title').textContent") == (
            filler_document(4).text  # no title in meta: the first line stands for it
        )
        assert browser.evaluate("location.hash") == "#d5-c0"
        assert browser.evaluate("document.querySelector('#doc-view .text').textContent") == (
            filler_document(4).text
        )

        browser.click("#table-pager button:last-child")
        assert browser.evaluate(VISIBLE_ROWS_JS) == 13  # the second page

        browser.evaluate("location.hash = '#d0-c0'")
        time.sleep(0.2)
        shot = browser.screenshot(tmp_path / "report.png")
        assert browser.console_errors() == []
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
    print(f"screenshot: {shot}")
