"""The review page: ``pledgewatch report OUT/`` writes one self-contained HTML file.

`build_report` makes the page from documents (and, optionally, gold);
`write_report` reads a run folder and writes ``OUT/report.html``. The page's
HTML, style and script are package data under ``assets/``.
"""

from pledgewatch.report.builder import ReportError, build_report, write_report

__all__ = ["ReportError", "build_report", "write_report"]
