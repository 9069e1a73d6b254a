"""Hard-wrapped plain text joined into paragraphs, with the offset map kept exact.

Text copied from an e-mail or a PDF viewer is often broken into lines of
about 70 characters, which cuts its sentences. A greedy wrapper breaks a line
only when the next word would not fit: a line of a text wrapped at width W
is at most W long, and its length plus a space plus the next line's first
word is more than W. That is the test here, line by line, against a width
estimated from the line-length profile: each paragraph's own when its lines
show one, else the file's. A text is taken as wrapped at W only when enough
of its lines are full at W and enough of those are followed by a line that
starts with a lower-case letter (a sentence going on; a list of short
sentences would not). A line never joins the next when the next starts an
item of its own: a list item, a "Q:" / "A:" or "Name:" turn, a timestamp or
a date line, a byline, or a line Markdown marks (``breaks``).

Only line breaks change: a joined break becomes a space mapped to the raw
line break, or, after a word broken at a hyphen, disappears. Every other
character keeps its raw offset.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pledgewatch.dates import normalize_date
from pledgewatch.textmap import TextMap

# Widths a text can be taken as wrapped at.
MIN_WIDTH, MAX_WIDTH = 40, 150
# Evidence for a width: this many full lines, this share of the lines that
# could be full, and this share of full lines followed by a lower-case start.
MIN_FULL = 3
MIN_FULL_SHARE = 0.6
MIN_LOWER_SHARE = 0.3

_ITEM = re.compile(
    r"""^(?:
        [-*+•–—▪◦]\s                                   # list marks
      | \(?(?:\d{1,3}|[a-zA-Z]|[ivxIVX]{1,4})[.)]\s       # 1. 2) a) (iv)
      | [QA][:.]\s                                     # Q: / A:
      | [A-Z][\w'’.-]*(?:\s[A-Z][\w'’.-]*){0,3}\s?:(?:\s|$)  # Name: and other labels
      | \d{1,2}[:.]\d{2}\b                             # 10:32, 14.05
      | \[?\d{1,2}:\d{2}(?::\d{2})?\]?                 # [00:12:03]
      | By\s[A-Z][\w'’.-]*(?:\s[A-Z][\w'’.-]*){0,3}\s*$   # a byline
      | (?:Tel|Phone|Fax|Mobile|E-?mail|Web)\b             # a contact line
      | (?:https?://|www\.)\S                           # a link on its own line
    )""",
    re.VERBOSE,
)


@dataclass(frozen=True)
class _Line:
    start: int  # offset of its first character in the text
    text: str
    last: bool  # the last line of its paragraph

    def first_word(self) -> str:
        return self.text.split(" ", 1)[0]


def _lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    position = 0
    pieces = text.split("\n")
    for index, piece in enumerate(pieces):
        following = pieces[index + 1] if index + 1 < len(pieces) else ""
        lines.append(_Line(position, piece, last=not following))
        position += len(piece) + 1
    return [line for line in lines if line.text]


def starts_item(line: str) -> bool:
    """Whether ``line`` begins something of its own (a list item, a turn, a timestamp…)."""
    if _ITEM.match(line):
        return True
    return len(line) <= 40 and normalize_date(line) is not None


def _full(line: _Line, following: _Line, width: int) -> bool:
    """Whether a greedy wrapper at ``width`` would have broken ``line`` where it ends."""
    length = len(line.text)
    if length > width or length < width // 2 or " " not in line.text:
        return False
    gap = 0 if line.text.endswith("-") and line.text[-2:-1].isalpha() else 1
    return length + gap + len(following.first_word()) > width


def estimate_width(pairs: Sequence[tuple[_Line, _Line]]) -> int | None:
    """The width these lines were wrapped at, or None when they do not look wrapped.

    For every width from `MIN_WIDTH` to `MAX_WIDTH`: how many lines are full
    at it, how many could be (at least half as long), and how many full ones
    go on in lower case; the width with most full lines that passes the
    thresholds wins (ties to the wider, which joins less). Each line is full
    over a range of widths, so the counts come from one pass over the lines.
    """
    if len(pairs) < MIN_FULL:
        return None
    size = MAX_WIDTH + 2
    full = [0] * size  # differences, then counts by width
    lower = [0] * size
    lengths = sorted(len(line.text) for line, _ in pairs)
    for line, after in pairs:
        if " " not in line.text:
            continue
        length = len(line.text)
        gap = 0 if line.text.endswith("-") and line.text[-2:-1].isalpha() else 1
        # Full at every width from its length up to (not including) length + gap + next word.
        low = max(length, MIN_WIDTH)
        high = min(length + gap + len(after.first_word()) - 1, 2 * length, MAX_WIDTH)
        if low > high:
            continue
        full[low] += 1
        full[high + 1] -= 1
        if after.text[:1].islower():
            lower[low] += 1
            lower[high + 1] -= 1
    best: tuple[int, int] | None = None
    running_full = running_lower = 0
    for width in range(MAX_WIDTH + 1):
        running_full += full[width]
        running_lower += lower[width]
        if width < MIN_WIDTH or running_full < MIN_FULL:
            continue
        could = len(lengths) - bisect_left(lengths, width // 2)
        if (
            running_full >= MIN_FULL_SHARE * could
            and running_lower >= MIN_LOWER_SHARE * running_full
            and (best is None or running_full >= best[1])
        ):
            best = (width, running_full)
    return best[0] if best else None


def wrapped_breaks(text: str, keep: Callable[[_Line, _Line], bool] | None = None) -> dict[int, str]:
    """The line breaks of ``text`` that a wrapper made, each with what replaces it
    (a space, or nothing after a word broken at a hyphen): the breaks `unwrap`
    joins. ``keep`` names further breaks that stay."""
    lines = _lines(text)
    paragraphs: list[list[tuple[_Line, _Line]]] = [[]]  # each paragraph's pairs of lines
    for index, line in enumerate(lines):
        if line.last:
            paragraphs.append([])
        else:
            paragraphs[-1].append((line, lines[index + 1]))
    file_width = estimate_width([pair for pairs in paragraphs for pair in pairs])
    joins: dict[int, str] = {}  # offset of a line break -> what replaces it
    for pairs in paragraphs:
        width = estimate_width(pairs) or file_width
        if width is None:
            continue
        for line, after in pairs:
            if not _full(line, after, width) or starts_item(after.text):
                continue
            if keep is not None and keep(line, after):
                continue
            hyphen = line.text.endswith("-") and line.text[-2:-1].isalpha()
            joins[line.start + len(line.text)] = "" if hyphen and after.text[:1].islower() else " "
    return joins


def unwrap(mapped: TextMap, breaks: Sequence[int] = ()) -> TextMap:
    """Join the hard-wrapped lines of ``mapped`` (a normalised text) into paragraphs.

    ``breaks`` are raw offsets of line starts that must stay line starts
    (Markdown headings, list items); see `pledgewatch.ingest.markdown_breaks`.
    """
    text = mapped.text
    sorted_breaks = sorted(breaks)
    joins = wrapped_breaks(text, lambda line, after: _marked(mapped, line, after, sorted_breaks))
    if not joins:
        return mapped
    chars: list[str] = []
    origins: list[int] = []
    for offset, (char, origin) in enumerate(zip(text, mapped.origins, strict=True)):
        if offset in joins:
            if joins[offset]:
                chars.append(joins[offset])
                origins.append(origin)
            continue
        chars.append(char)
        origins.append(origin)
    return TextMap("".join(chars), tuple(origins), mapped.raw_length)


def _marked(mapped: TextMap, line: _Line, after: _Line, breaks: Sequence[int]) -> bool:
    """Whether a raw line start in ``breaks`` lies between the two lines."""
    if not breaks:
        return False
    end = mapped.origins[line.start + len(line.text) - 1]
    begin = mapped.origins[after.start]
    index = bisect_right(breaks, end)
    return index < len(breaks) and breaks[index] <= begin
