"""Text cleaning that remembers where every character came from.

Ingest normalises unicode and whitespace, and strips markup such as Markdown
marks, but users must still be able to find a record's span in the raw file.
`TextBuilder` builds the cleaned text one piece at a time, recording the raw
offset each output character came from; `TextMap` answers ``to_raw(offset)``
and compresses the mapping into runs for the record's ``source.alignment``.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass

# Characters that are deleted outright: zero-width marks, soft hyphen, BOM.
_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")
# Characters that become one ordinary space (no-break and typographic spaces).
_SPACES = frozenset(
    "\t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
)
# Line and paragraph separators that become a newline.
_NEWLINES = frozenset("\u2028\u2029\u0085\x0b\x0c")
# Characters kept exactly as they are although NFKC would change them: quote
# marks and dashes carry meaning for the quote stage, ellipses for nothing but
# fidelity.
_KEEP = frozenset("“”‘’«»‹›„‚–—…′″")
# What pass 1 must look at: every character but the newline, the ASCII kept as it is
# (printable, and controls other than \t \v \f \r) and the characters kept.
_SPECIAL = re.compile("[^\x00-\x08\n\x0e-\x7f" + "".join(sorted(_KEEP)) + "]")


@dataclass(frozen=True)
class TextMap:
    """The cleaned text and, for each of its characters, the raw offset it came from."""

    text: str
    origins: tuple[int, ...]
    raw_length: int

    def to_raw(self, offset: int) -> int:
        """The raw offset of cleaned ``offset``; the end of text maps to the raw end."""
        if offset >= len(self.origins):
            return self.raw_length
        return self.origins[offset]

    def runs(self) -> tuple[tuple[int, int, int], ...]:
        """``(clean_start, raw_start, length)`` runs of consecutive raw offsets."""
        runs: list[tuple[int, int, int]] = []
        start = 0
        for i in range(1, len(self.origins) + 1):
            if i == len(self.origins) or self.origins[i] != self.origins[i - 1] + 1:
                runs.append((start, self.origins[start], i - start))
                start = i
        return tuple(runs)


def raw_offset(alignment: tuple[tuple[int, int, int], ...], offset: int) -> int | None:
    """Map a cleaned offset to the raw text through a record's ``source.alignment``."""
    if not alignment:
        return None
    starts = [run[0] for run in alignment]
    index = bisect_right(starts, offset) - 1
    if index < 0:
        return None
    clean_start, raw_start, length = alignment[index]
    return raw_start + min(offset - clean_start, length)


class TextBuilder:
    """Accumulates output characters with their raw origins."""

    def __init__(self) -> None:
        self.chars: list[str] = []
        self.origins: list[int] = []

    def add(self, text: str, origin: int, *, consecutive: bool = True) -> None:
        """Append ``text`` whose first character comes from raw ``origin``.

        With ``consecutive`` the following characters map to ``origin + 1``,
        ``origin + 2`` …; otherwise all map to ``origin`` (text that was
        inserted or that replaces a different-length piece).
        """
        self.chars.extend(text)
        if consecutive:
            self.origins.extend(range(origin, origin + len(text)))
        else:
            self.origins.extend([origin] * len(text))

    def extend(self, text: str, origins: list[int]) -> None:
        """Append ``text`` whose characters come from ``origins``, one each."""
        self.chars.extend(text)
        self.origins.extend(origins)

    def build(self, raw_length: int) -> TextMap:
        return TextMap("".join(self.chars), tuple(self.origins), raw_length)


def normalize(raw: str, *, paragraph_lines: bool = False) -> TextMap:
    """Clean ``raw``: unicode NFKC (quote marks and dashes kept), tidy whitespace.

    - ``\\r\\n`` and ``\\r`` become ``\\n``; odd separators become ``\\n``;
      zero-width characters and soft hyphens go; tabs and exotic spaces become
      a space; combining marks compose with their base character (NFC).
    - Runs of spaces collapse to one; lines lose leading and trailing spaces.
    - Two or more line breaks (blank lines) become exactly one blank line, so
      paragraphs are separated by ``"\\n\\n"``. With ``paragraph_lines`` every
      line break counts as a paragraph break (text whose paragraphs are lines).
    - Leading and trailing whitespace of the whole text is dropped.

    >>> normalize("  Kyiv\\u00a0said \\r\\n\\r\\n\\r\\nit  would\\u200b sign.  ").text
    'Kyiv said\\n\\nit would sign.'
    """
    # Pass 1: characters. Runs of characters that stay as they are (most of a text)
    # are copied whole; the others are looked at one by one.
    chars: list[str] = []
    origins: list[int] = []
    i = 0
    for special in _SPECIAL.finditer(raw):
        if special.start() < i:
            continue  # the "\n" of a "\r\n" already read
        if special.start() > i:
            chars.extend(raw[i : special.start()])
            origins.extend(range(i, special.start()))
        i = _one_character(raw, special.start(), chars, origins)
    if i < len(raw):
        chars.extend(raw[i:])
        origins.extend(range(i, len(raw)))

    # Pass 2: whitespace, line by line.
    builder = TextBuilder()
    text = "".join(chars)
    pending_breaks = 0  # newlines seen since the last printed character
    pending_space = False
    position = 0
    for match in re.finditer(r"[^\S\n]+|\n|[^\s]+", text):
        piece = match.group()
        if piece == "\n":
            pending_breaks += 1
            pending_space = False
        elif piece.isspace():
            pending_space = True
        else:
            if builder.chars:
                if pending_breaks >= 2 or (pending_breaks and paragraph_lines):
                    builder.add("\n\n", origins[position], consecutive=False)
                elif pending_breaks == 1:
                    builder.add("\n", origins[position], consecutive=False)
                elif pending_space:
                    builder.add(" ", origins[match.start() - 1], consecutive=False)
            builder.extend(piece, origins[match.start() : match.end()])
            pending_breaks = 0
            pending_space = False
        position = match.end() - 1 if match.end() > 0 else 0
    return builder.build(len(raw))


def _one_character(raw: str, i: int, chars: list[str], origins: list[int]) -> int:
    """Read the character at ``i`` into ``chars`` and ``origins``; the next offset."""
    char = raw[i]
    if char == "\r":
        chars.append("\n")
        origins.append(i)
        return i + (2 if raw[i + 1 : i + 2] == "\n" else 1)
    if char in _INVISIBLE:
        return i + 1
    if char in _SPACES:
        out = " "
    elif char in _NEWLINES:
        out = "\n"
    elif unicodedata.combining(char) and chars:
        composed = unicodedata.normalize("NFC", chars[-1] + char)
        if len(composed) == 1:
            chars[-1] = composed
            return i + 1
        out = char
    elif char in _KEEP or char.isascii():
        out = char
    elif unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co"):
        return i + 1  # control, format, surrogate and private-use characters
    else:
        out = unicodedata.normalize("NFKC", char)
    chars.extend(out)
    origins.extend([i] * len(out))
    return i + 1


def compose(base: TextMap, inner: TextMap) -> TextMap:
    """Chain two maps: ``inner`` was made from ``base.text``; origins point to base's raw."""
    return TextMap(
        inner.text,
        tuple(base.to_raw(origin) for origin in inner.origins),
        base.raw_length,
    )


def identity(text: str) -> TextMap:
    return TextMap(text, tuple(range(len(text))), len(text))
