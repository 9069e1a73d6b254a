"""Review-page benchmark: a 1,000-document report, opened in headless Chromium.

Usage: ``python eval/report_bench.py [--documents 1000] [--repeat 3] [--records FILE.jsonl]
[--out eval/results/report-bench.json]``.

The records are the 16 hand-checked documents of ``annotations/`` (or ``--records``),
repeated under new ids until there are ``--documents`` of them: real texts, real numbers
of entities, quotes and commitments. The page is built once; each repeat starts a fresh
Chromium and measures, from the navigation to the moment the page's script has drawn the
summary, the first page of the table, the document list and the first document (the page
marks that moment on ``<html data-ready>``):

- ``ready_ms``: the page's own clock (``performance.now()``, from navigation start) when
  its script is done;
- ``first_frame_ms``: the same clock when the first frame after that has been drawn;
- ``wall_ms``: seen from outside, from the navigation command to that frame;

and then, on the open page, how long a filter, a text search and opening a document take.
The goal is that the page is interactive within 3 s. This is a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from pledgewatch.io import read_documents
from pledgewatch.model import Document, Meta
from pledgewatch.report import build_report
from pledgewatch.report.chromium import Chromium, find_chromium

REPO = Path(__file__).resolve().parent.parent
GOAL_SECONDS = 3.0

# Each action runs in the page and returns its own duration in milliseconds.
FILTER_JS = """(() => { const t = performance.now(); const s = document.getElementById('f-status');
  s.value = 'pledged'; s.dispatchEvent(new Event('change')); const n =
  document.querySelectorAll('#table tbody tr').length; const ms = performance.now() - t;
  s.value = ''; s.dispatchEvent(new Event('change')); return [ms, n]; })()"""
FRAME_JS = (
    """new Promise((r) => requestAnimationFrame(() => setTimeout(() => r(performance.now()), 0)))"""
)
# Includes the 150 ms the page waits after a keystroke before it searches.
SEARCH_JS = """(async () => { const s = document.getElementById('f-text');
  const count = document.getElementById('filter-count'); const before = count.textContent;
  const t = performance.now(); s.value = 'air defence'; s.dispatchEvent(new Event('input'));
  while (count.textContent === before) await new Promise((r) => setTimeout(r, 2));
  return [performance.now() - t, document.querySelectorAll('#table tbody tr[data-doc]').length]; })()"""
OPEN_JS = """(() => { const t = performance.now(); location.hash = '#d%d';
  window.dispatchEvent(new HashChangeEvent('hashchange')); const n =
  document.querySelectorAll('#doc-view [data-ref]').length; return [performance.now() - t, n]; })()"""


def corpus(records: list[Path], count: int) -> list[Document]:
    base = [doc for path in records for doc in read_documents(path)]
    if not base:
        raise SystemExit("report_bench: no records to build the report from")
    docs = []
    for n in range(count):
        doc = base[n % len(base)]
        title = doc.meta.title or doc.text.strip().split("\n", 1)[0][:100]
        docs.append(
            replace(
                doc,
                doc_id=f"{doc.doc_id}#{n}",
                meta=replace(doc.meta or Meta(), title=f"{title} [{n}]"),
            )
        )
    return docs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--records", type=Path, action="append", default=None)
    parser.add_argument("--out", type=Path, default=REPO / "eval" / "results" / "report-bench.json")
    args = parser.parse_args()

    executable = find_chromium()
    if executable is None:
        sys.exit("report_bench: no Chromium found; install Debian's chromium (make browser)")
    records = args.records or sorted((REPO / "annotations").glob("*.jsonl"))
    docs = corpus(records, args.documents)

    tick = time.perf_counter()
    html = build_report(docs)
    build_seconds = time.perf_counter() - tick

    runs = []
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "report.html"
        page.write_text(html, encoding="utf-8")
        for _ in range(args.repeat):
            with Chromium(executable) as browser:
                version = browser.send("Browser.getVersion", browser=True)["product"]
                sent = time.perf_counter()
                browser.send("Page.navigate", {"url": page.as_uri()})
                ready = browser.wait_for(
                    "document.documentElement && document.documentElement.getAttribute('data-ready')",
                    timeout=60,
                )
                # The first frame drawn after the script: the page is on screen and answers.
                painted = browser.evaluate(FRAME_JS)
                wall_ms = (time.perf_counter() - sent) * 1000
                filter_ms, filtered_rows = browser.evaluate(FILTER_JS)
                search_ms, _ = browser.evaluate(SEARCH_JS)
                open_ms, highlighted = browser.evaluate(OPEN_JS % (args.documents - 1))
                errors = browser.console_errors()
                runs.append(
                    {
                        "ready_ms": int(ready),
                        "first_frame_ms": round(painted),
                        "wall_ms": round(wall_ms),
                        "filter_ms": round(filter_ms, 1),
                        "filtered_rows": filtered_rows,
                        "search_ms_with_typing_pause": round(search_ms, 1),
                        "open_document_ms": round(open_ms, 1),
                        "highlighted_fragments": highlighted,
                        "console_errors": errors,
                    }
                )
                print(
                    f"run {len(runs)}: ready {int(ready)} ms (wall {wall_ms:.0f} ms)",
                    file=sys.stderr,
                )

    median_wall = statistics.median(r["wall_ms"] for r in runs)
    result = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "browser": version,
        "documents": len(docs),
        "entities": sum(len(d.entities) for d in docs),
        "quotes": sum(len(d.quotes) for d in docs),
        "commitments": sum(len(d.commitments) for d in docs),
        "records": [os.path.relpath(p, REPO) for p in records],
        "html_bytes": len(html.encode("utf-8")),
        "build_seconds": round(build_seconds, 2),
        "repeat": args.repeat,
        "runs": runs,
        "median_ready_ms": statistics.median(r["ready_ms"] for r in runs),
        "median_first_frame_ms": statistics.median(r["first_frame_ms"] for r in runs),
        "median_wall_ms": median_wall,
        "goal_seconds": GOAL_SECONDS,
        "goal_met": median_wall / 1000 < GOAL_SECONDS
        and all(not r["console_errors"] for r in runs),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in result.items() if k != "runs"}, indent=2))


if __name__ == "__main__":
    main()
