"""Quotation marks: where quoted passages open and close.

Quotation marks of any kind count (straight, curly, single, guillemets, and
mismatched pairs such as “…" copied from the web). A mark opens when a space
or the start of a line is before it and a word after it; it closes the other
way round, so apostrophes ("Ukraine’s") are never marks. An odd count of marks
never fails: a paragraph that opens a quote and does not close it continues
into the next when that paragraph opens with a mark (a multi-paragraph quote),
and otherwise ends at the paragraph's end. Typewriter doubles (``…'' and ''…'')
are read through `typewriter_doubles`, a view of the text of the same length.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pledgewatch.intervals import Intervals

OPENERS = "“„«‹‘\"'"
CLOSERS = "”»›’\"'"
DOUBLE = '“„«‹”»›"'


def typewriter_doubles(text: str) -> str:
    """``text`` with the typewriter double marks of wire and archive copy (``A,''
    and ''A,'' for “A,”) written as one straight double mark each, at the same length
    so that every offset holds: an opening pair becomes a space and the mark before
    the word, a closing pair the mark after the word and a space."""
    if "''" not in text and "``" not in text:
        return text
    return _DOUBLED.sub(lambda m: ' "' if _opening_pair(text, m) else '" ', text)


_DOUBLED = re.compile(r"``|''")


def _opening_pair(text: str, match: re.Match[str]) -> bool:
    if match.group() == "``":
        return True
    after = text[match.end() : match.end() + 1]
    before = text[match.start() - 1 : match.start()]
    return (not before or before.isspace() or before in "([—–-") and (
        after.isalnum() or after in "‘'"
    )


def find_quoted_spans(
    text: str, skip: Sequence[tuple[int, int]] = ()
) -> list[tuple[int, int, int, int]]:
    """``(open_mark, close_mark, content_start, content_end)`` of every quoted passage.

    ``close_mark`` is -1 where a quote is never closed and runs to the end of
    its paragraph. Passages that start inside a ``skip`` region are left out.
    """
    out: list[tuple[int, int, int, int]] = []
    skipped = Intervals(skip)
    paragraphs = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    index = 0
    while index < len(paragraphs):
        p_start, p_end = paragraphs[index]
        position = p_start
        while position < p_end:
            opener = next_mark(text, position, p_end, opening=True)
            if opener < 0:
                break
            double = text[opener] in DOUBLE
            closer = next_mark(text, opener + 1, p_end, opening=False, double=double)
            last = index
            while closer < 0 and last + 1 < len(paragraphs):
                # A paragraph that opens a quote and leaves it open continues into the
                # next paragraph when that one opens with a mark too.
                n_start, n_end = paragraphs[last + 1]
                if text[n_start] in OPENERS and (text[n_start] in DOUBLE) == double:
                    last += 1
                    closer = next_mark(text, n_start + 1, n_end, opening=False, double=double)
                else:
                    break
            end_of_run = paragraphs[last][1]
            content_start = opener + 1
            content_end = closer if closer >= 0 else end_of_run
            while content_start < content_end and text[content_start].isspace():
                content_start += 1
            while content_end > content_start and text[content_end - 1].isspace():
                content_end -= 1
            if content_end > content_start and not skipped.contains(opener):
                out.append((opener, closer, content_start, content_end))
            if last > index:
                index = last
                p_start, p_end = paragraphs[index]
            position = (closer + 1) if closer >= 0 else p_end
        index += 1
    return out


def next_mark(text: str, position: int, limit: int, *, opening: bool, double: bool = True) -> int:
    for i in range(position, limit):
        char = text[i]
        if opening and char in OPENERS and _opens(text, i):
            return i
        if not opening and char in CLOSERS and (char in DOUBLE) == double and _closes(text, i):
            return i
    return -1


def _opens(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if text[i] in "«‹":
        return before.isspace() or not before.isalnum()  # French style: « nous irons »
    if after.isspace():
        return False
    if text[i] in "’":
        return False
    if text[i] == "‘":
        return (before.isspace() or before in '([—–-“"') and (after.isalnum() or after in "‘“")
    if text[i] == "'":
        # a straight single mark opens before a word ('We will go'), not an elision
        # ("the '90s", "rock 'n' roll")
        return (
            (i == 0 or before.isspace() or before in '([—–-“"')
            and after.isalpha()
            and (after.isupper() or text[i + 1 : i + 3].lower() not in ("n'", "em", "til"))
        )
    return before.isspace() or before in "([—–-/:" or i == 0 or text[i] in "“„«‹"


def _closes(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if text[i] in "»›":
        return after.isspace() or not after.isalnum()
    if before.isspace():
        return False
    if text[i] in "’'" and after.isalpha():
        return False  # an apostrophe: Ukraine’s
    if text[i] == "'" and before == "s" and re.match(r"\s+[a-z]", text[i + 1 : i + 3]):
        return False  # a plural possessive: the allies' plan
    return after.isspace() or not after.isalnum() or text[i] in "”»›"
