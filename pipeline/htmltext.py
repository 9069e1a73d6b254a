"""An HTML page's article text and metadata: trafilatura, then its fallbacks.

1. trafilatura favouring precision (navigation, footers and teasers stay out);
2. trafilatura favouring recall, when the first finds nothing;
3. for a page nested deeper than lxml parses (`PARSER_DEPTH`; such pages lose
   all their text with only a library warning): a flattened copy of the page,
   made with the standard library's tokenizer, that keeps the text and the
   elements that carry it (paragraphs, headings, lists, article, metadata)
   and drops the layers of wrappers around them; trafilatura favouring
   recall, then its baseline extractor, read that copy.

When all fail, the reason says whether the page's structure defeated
extraction or the page simply has no article.
"""

from __future__ import annotations

import html as html_escape
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

from pledgewatch.errors import InputError

# libxml2 (under lxml, under trafilatura) stops building the tree at this depth.
PARSER_DEPTH = 256
# Elements kept in the flattened copy; every other tag goes, its text stays.
_KEPT = frozenset(
    "html head title meta body article main header p h1 h2 h3 h4 h5 h6 ul ol li "
    "blockquote pre br time figcaption".split()
)
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_SKIPPED = frozenset(("script", "style", "template", "noscript"))
# Kept elements nest no deeper than this in the copy.
_FLAT_DEPTH = 64


@dataclass(frozen=True)
class HtmlArticle:
    text: str
    meta: dict[str, str | None]
    method: str  # which extraction found the text


class _Flattener(HTMLParser):
    """Re-writes a page with only the kept elements, and measures how deep it nests."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.open: list[str] = []  # kept elements open in the copy
        self.depth = 0
        self.max_depth = 0
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self.skipping += 1
            return
        if tag not in _VOID:
            self.depth += 1
            self.max_depth = max(self.max_depth, self.depth)
        if tag in _KEPT and len(self.open) < _FLAT_DEPTH:
            values = "".join(
                f' {name}="{html_escape.escape(value or "", quote=True)}"' for name, value in attrs
            )
            self.out.append(f"<{tag}{values}>")
            if tag not in _VOID:
                self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
            return
        if tag not in _VOID:
            self.depth = max(0, self.depth - 1)
        if tag in self.open:
            while self.open:
                closed = self.open.pop()
                self.out.append(f"</{closed}>")
                if closed == tag:
                    break

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.out.append(html_escape.escape(data, quote=False))


def flatten(page: str) -> tuple[str, int]:
    """The flattened copy of ``page`` and the depth its elements reached."""
    flattener = _Flattener()
    flattener.feed(page)
    flattener.close()
    return "".join(flattener.out), flattener.max_depth


def _letters(text: str | None) -> int:
    return sum(c.isalpha() for c in text) if text else 0


def _meta(document: Any) -> dict[str, str | None]:
    return {
        "title": getattr(document, "title", None),
        "url": getattr(document, "url", None),
        "published": getattr(document, "date", None),
        "author": getattr(document, "author", None),
        "publisher": getattr(document, "sitename", None),
    }


def _extract(page: str, **favour: bool) -> Any:
    import trafilatura

    return trafilatura.bare_extraction(
        page,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        deduplicate=False,
        **favour,
    )


def extract_article(page: str, path: str, min_letters: int) -> HtmlArticle:
    """The article of ``page``; raises `InputError` with the reason when none is found."""
    import trafilatura

    for favour in ("favor_precision", "favor_recall"):
        document = _extract(page, **{favour: True})
        if _letters(getattr(document, "text", None)) >= min_letters:
            return HtmlArticle(document.text, _meta(document), favour)
    flat, depth = flatten(page)
    if depth < PARSER_DEPTH:
        raise InputError(path, "HTML page has no article text (navigation or empty page?)")
    document = _extract(flat, favor_recall=True)
    if _letters(getattr(document, "text", None)) >= min_letters:
        return HtmlArticle(document.text, _meta(document), "flattened, favor_recall")
    _, text, _ = trafilatura.baseline(flat)
    if _letters(text) >= min_letters:
        meta = _meta(document if document is not None else trafilatura.extract_metadata(flat))
        return HtmlArticle(text, meta, "flattened, baseline")
    raise InputError(
        path,
        f"HTML page's structure defeated text extraction (tags nested {depth} deep); "
        "trafilatura found no article text with favor_precision, favor_recall, "
        "or its baseline extractor on a flattened copy",
    )
