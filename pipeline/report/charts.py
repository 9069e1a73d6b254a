"""Small inline SVG charts for the review page: bars, and a grid of actors by type.

Each chart is a string of SVG, drawn at build time, so it shows without
scripts. Counts are written beside every bar and in every cell: colour is
never the only way to read them. A bar or cell given a filter is a
focusable button (``data-filter``/``data-value``); the page's script makes a
click or Enter set that filter.

>>> svg = bars("Commitments by status", [("pledged", 3), ("declined", 1)], kind="commitment")
>>> svg.count('class="bar'), "pledged" in svg
(2, True)
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

ROW = 20
LABEL_WIDTH = 140
BAR_WIDTH = 170
COUNT_WIDTH = 44


def _attr(value: object) -> str:
    return escape(str(value), quote=True)


def bars(
    title: str,
    rows: Sequence[tuple[str, int]],
    *,
    kind: str,
    filter_key: str | None = None,
) -> str:
    """A horizontal bar chart, one bar per ``(label, count)``; empty rows are left out.

    With ``filter_key`` each bar is a button that filters the page by its label.
    """
    rows = [(label, count) for label, count in rows if count]
    most = max((count for _, count in rows), default=0) or 1
    width = LABEL_WIDTH + BAR_WIDTH + COUNT_WIDTH
    height = ROW * max(1, len(rows)) + 4
    parts = [
        f'<svg class="chart chart-{_attr(kind)}" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="group" aria-label="{_attr(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    if not rows:
        parts.append(f'<text x="0" y="{ROW - 6}" class="none">none</text>')
    for i, (label, count) in enumerate(rows):
        y = i * ROW + 2
        bar = max(2, round(BAR_WIDTH * count / most))
        text = f"{label}: {count}"
        if filter_key:
            parts.append(
                f'<g class="bar" role="button" tabindex="0" data-filter="{_attr(filter_key)}" '
                f'data-value="{_attr(label)}" aria-label="{_attr(text)}; show only these">'
            )
        else:
            parts.append(f'<g class="bar static" aria-label="{_attr(text)}">')
        parts.append(
            f"<title>{escape(text)}</title>"
            f'<text x="{LABEL_WIDTH - 6}" y="{y + ROW - 7}" text-anchor="end">'
            f"{escape(_short(label, 20))}</text>"
            f'<rect x="{LABEL_WIDTH}" y="{y + 2}" width="{bar}" height="{ROW - 6}"></rect>'
            f'<text x="{LABEL_WIDTH + bar + 4}" y="{y + ROW - 7}" class="count">{count}</text>'
            "</g>"
        )
    parts.append("</svg>")
    return "".join(parts)


def grid(
    title: str,
    actors: Sequence[str],
    types: Sequence[str],
    counts: dict[tuple[str, str], int],
) -> str:
    """Actors (rows) by commitment type (columns): each cell holds its count and filters by both."""
    cell_w, cell_h, label_w, head_h = 30, 20, 150, 118
    width = label_w + cell_w * max(1, len(types)) + 4
    height = head_h + cell_h * max(1, len(actors)) + 4
    most = max(counts.values(), default=0) or 1
    parts = [
        f'<svg class="chart chart-grid" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="group" aria-label="{_attr(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    if not actors or not types:
        parts.append(f'<text x="0" y="{head_h}" class="none">none</text>')
    for j, type_ in enumerate(types):
        x = label_w + j * cell_w + cell_w / 2
        parts.append(
            f'<text class="head" transform="translate({x + 4},{head_h - 6}) rotate(-60)">'
            f"{escape(type_)}</text>"
        )
    for i, actor in enumerate(actors):
        y = head_h + i * cell_h
        parts.append(
            f'<text x="{label_w - 6}" y="{y + cell_h - 6}" text-anchor="end">'
            f"<title>{escape(actor)}</title>{escape(_short(actor, 22))}</text>"
        )
        for j, type_ in enumerate(types):
            count = counts.get((actor, type_), 0)
            x = label_w + j * cell_w
            text = f"{actor}, {type_}: {count}"
            if not count:
                parts.append(
                    f'<rect class="empty" x="{x + 1}" y="{y + 1}" width="{cell_w - 2}" '
                    f'height="{cell_h - 2}"></rect>'
                )
                continue
            shade = 0.15 + 0.85 * count / most
            parts.append(
                f'<g class="cell" role="button" tabindex="0" data-filter="actor type" '
                f'data-value="{_attr(actor)}|{_attr(type_)}" aria-label="{_attr(text)}; show only these">'
                f"<title>{escape(text)}</title>"
                f'<rect x="{x + 1}" y="{y + 1}" width="{cell_w - 2}" height="{cell_h - 2}" '
                f'style="fill-opacity:{shade:.2f}"></rect>'
                f'<text x="{x + cell_w / 2}" y="{y + cell_h - 6}" text-anchor="middle" '
                f'class="{"dark" if shade > 0.55 else "light"}">{count}</text></g>'
            )
    parts.append("</svg>")
    return "".join(parts)


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
