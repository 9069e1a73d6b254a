"""Ingest: read article files into documents with one cleaned, never-changed text.

Formats: ``.txt``, ``.md``, ``.html``/``.htm`` (main text extracted with
trafilatura), ``.json`` (an object or a list of objects) and ``.jsonl`` (one
object a line) with ``text`` and optional ``title``, ``url``, ``published``,
``author``, ``publisher``, and ``.pdf`` (the text layer, via pypdf).

A file that cannot become a document raises (or, for one bad line of a JSONL
file, records) an `InputError` naming the file and a one-line reason; the
caller logs it and goes on with the next file. Only the errors of reading a
file are caught: a reader library that is not installed is a set-up error
(`pledgewatch.dependencies` checks for it before a run starts).

Example::

    >>> from pledgewatch.ingest import Ingest
    >>> result = Ingest().read("corpora/uk-reassurance-force-report.txt")  # doctest: +SKIP
    >>> result.documents[0].doc_id[:12]  # doctest: +SKIP
    '3f1c0a9e2b7d'
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pledgewatch.dates import is_iso_8601, normalize_date
from pledgewatch.errors import InputError
from pledgewatch.model import Document, Meta, Source
from pledgewatch.textmap import TextBuilder, TextMap, compose, normalize
from pledgewatch.unwrap import unwrap

log = logging.getLogger(__name__)

FORMATS: dict[str, str] = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".pdf": "pdf",
}
META_FIELDS = ("title", "url", "published", "author", "publisher")
# Keys some exporters use for the same metadata.
_META_ALIASES = {
    "date": "published",
    "published_at": "published",
    "link": "url",
    "source": "publisher",
}
# A text needs this many letters to count as an article at all.
MIN_LETTERS = 40


@dataclass(frozen=True)
class FileResult:
    """What one input file gave: its documents and the errors of its parts."""

    path: str
    documents: tuple[Document, ...] = ()
    errors: tuple[InputError, ...] = field(default_factory=tuple)


def sha256_hex(data: bytes | str) -> str:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def decode(data: bytes, path: str) -> str:
    """Decode bytes as UTF-8, else as the legacy encoding charset detection finds.

    Binary data and text that decodes to garbage raise `InputError`.
    """
    if not data.strip():
        raise InputError(path, "file is empty")
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(path, "binary file (NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None:
            raise InputError(path, "not valid UTF-8 and no text encoding fits") from None
        text = str(best)
        log.info("%s: not UTF-8, decoded as %s", path, best.encoding)
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\n\r\t\f")
    if controls > max(8, len(text) // 100):
        raise InputError(path, "binary content (control characters), not text")
    return text


def _check_letters(text: str, path: str, what: str) -> None:
    if sum(c.isalpha() for c in text) < MIN_LETTERS:
        raise InputError(path, f"{what} has no article text (fewer than {MIN_LETTERS} letters)")


# Markdown marks removed from the text (deleted characters keep the others'
# raw offsets). Only inline marks and line prefixes: the text is not rendered.
_MD_LINE_PREFIX = re.compile(r"^(?:#{1,6}[ \t]+|>[ \t]?|[ \t]*(?:[-*+]|\d{1,3}[.)])[ \t]+)")
_MD_HEADING_TAIL = re.compile(r"[ \t]+#+[ \t]*$")
_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|`)(?=\S)(.+?)(?<=\S)\1")
_MD_RULE = re.compile(r"^[ \t]*(?:[-*_][ \t]*){3,}$")
_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)


def strip_markdown(text: str) -> tuple[TextMap, dict[str, str]]:
    """Remove Markdown marks; return the plain text (mapped to ``text``) and front matter."""
    meta: dict[str, str] = {}
    builder = TextBuilder()
    offset = 0
    front = _FRONT_MATTER.match(text)
    if front:
        for line in front.group(1).splitlines():
            key, _, value = line.partition(":")
            if value.strip():
                meta[key.strip().lower()] = value.strip().strip("\"'")
        offset = front.end()
    for line in text[offset:].splitlines(keepends=True):
        body = line.rstrip("\n")
        if _MD_RULE.match(body):
            builder.add("\n" * (len(line) - len(body)), offset + len(body))
            offset += len(line)
            continue
        start = 0
        prefix = _MD_LINE_PREFIX.match(body)
        if prefix:
            start = prefix.end()
        end = len(body)
        if body.lstrip().startswith("#"):
            tail = _MD_HEADING_TAIL.search(body)
            if tail:
                end = tail.start()
        _add_inline(builder, body[start:end], offset + start)
        builder.add(line[len(body) :], offset + len(body))
        offset += len(line)
    return builder.build(len(text)), meta


_MD_LIST_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d{1,3}[.)])[ \t]+")
_MD_FENCE = re.compile(r"^[ \t]*(?:```|~~~)")


def markdown_breaks(text: str) -> list[int]:
    """Offsets of the lines of Markdown ``text`` that start a block of their own.

    Headings (and the line after one), list items, the first and the line
    after the last line of a quote, lines after a hard break (two spaces or a
    backslash at the end), and fenced code: `pledgewatch.unwrap` never joins
    such a line to the one before it.
    """
    breaks: list[int] = []
    offset = 0
    previous = ""
    fenced = False
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        fence = bool(_MD_FENCE.match(body))
        if (
            fenced
            or fence
            or body.lstrip().startswith("#")
            or previous.lstrip().startswith("#")
            or _MD_LIST_ITEM.match(body)
            or body.lstrip().startswith(">") != previous.lstrip().startswith(">")
            or previous.endswith(("  ", "\\"))
        ):
            breaks.append(offset)
        fenced = fenced != fence
        previous = body
        offset += len(line)
    return breaks


def _add_inline(builder: TextBuilder, segment: str, origin: int) -> None:
    """Add ``segment`` without images, link targets and emphasis marks."""
    keep = [True] * len(segment)
    for match in _MD_IMAGE.finditer(segment):
        for i in range(match.start(), match.end()):
            keep[i] = False
    for match in _MD_LINK.finditer(segment):
        if not keep[match.start()]:
            continue
        keep[match.start()] = False
        for i in range(match.end(1), match.end()):
            keep[i] = False
    for match in _MD_EMPHASIS.finditer(segment):
        mark = len(match.group(1))
        for i in range(match.start(), match.start() + mark):
            keep[i] = False
        for i in range(match.end() - mark, match.end()):
            keep[i] = False
    for i, char in enumerate(segment):
        if keep[i]:
            builder.add(char, origin + i)


class Ingest:
    """Reads files into `Document`s. Light constructor; nothing to load."""

    name = "ingest"
    provides = frozenset({"text", "meta", "source"})

    def __init__(self, min_letters: int = MIN_LETTERS) -> None:
        self.min_letters = min_letters

    def load(self) -> None:
        """Nothing heavy to load; present for the stage protocol."""

    def read_text(self, text: str, path: str = "text") -> Document:
        """A document from a string, cleaned as the text of a ``.txt`` file is.

        ``source.path`` is ``path``; ``source.alignment`` maps the cleaned text
        back to ``text``. A text without an article in it raises `InputError`.
        """
        return self._document(normalize(text), path, "txt", sha256_hex(text), {})

    def read_many(self, paths: Iterable[Path]) -> Iterator[FileResult]:
        for path in paths:
            yield self.read(path)

    def read(self, path: str | Path) -> FileResult:
        """Read one file; every failure of the file becomes an `InputError` in the result.

        A missing reader library raises `ImportError`: that is the set-up's fault.
        """
        name = str(path)
        try:
            return FileResult(name, *self._read(Path(path)))
        except InputError as error:
            return FileResult(name, (), (error,))
        except ImportError:  # a missing library is a set-up error, never the file's
            raise
        except Exception as error:  # a reader library failing on a bad file
            reason = f"could not read ({type(error).__name__}: {_one_line(str(error))})"
            return FileResult(name, (), (InputError(name, reason),))

    def _read(self, path: Path) -> tuple[tuple[Document, ...], tuple[InputError, ...]]:
        name = str(path)
        fmt = FORMATS.get(path.suffix.lower())
        if fmt is None:
            expected = ", ".join(sorted(FORMATS))
            raise InputError(
                name,
                f"unsupported file type {path.suffix or '(none)'!r}; expected one of {expected}",
            )
        try:
            data = path.read_bytes()
        except OSError as error:
            raise InputError(name, f"cannot read file ({error.strerror or error})") from None
        digest = sha256_hex(data)
        if fmt == "jsonl":
            return self._read_jsonl(data, name, digest)
        if fmt == "json":
            return self._read_json(data, name, digest), ()
        if fmt == "pdf":
            return (self._read_pdf(data, name, digest),), ()
        text = decode(data, name)
        if fmt == "html":
            return (self._read_html(text, name, digest),), ()
        meta: dict[str, str] = {}
        if fmt == "md":
            plain, meta = strip_markdown(text)
            mapped = unwrap(compose(plain, normalize(plain.text)), markdown_breaks(text))
        else:
            mapped = unwrap(normalize(text))
        return (self._document(mapped, name, fmt, digest, meta),), ()

    def _document(
        self,
        mapped: TextMap,
        path: str,
        fmt: str,
        digest: str,
        meta: dict[str, Any],
        record: int | None = None,
    ) -> Document:
        where = f"{path}#{record}" if record is not None else path
        _check_letters(mapped.text, where, "document")
        values = {}
        for key, value in meta.items():
            key = _META_ALIASES.get(key, key)
            if key in META_FIELDS and value not in (None, "") and key not in values:
                values[key] = _one_line(str(value))
        if "published" in values:  # ISO 8601; the source's words when they were not
            raw = values["published"]
            values["published"] = normalize_date(raw)
            if values["published"] is None or not is_iso_8601(raw):
                values["published_raw"] = raw
        return Document(
            doc_id=sha256_hex(mapped.text),
            text=mapped.text,
            meta=Meta(**values),
            source=Source(
                path=path, format=fmt, sha256=digest, alignment=mapped.runs(), record=record
            ),
        )

    def _article_object(self, obj: Any, path: str, fmt: str, digest: str, record: int) -> Document:
        where = f"{path}#{record}"
        if not isinstance(obj, dict):
            raise InputError(where, f"expected a JSON object with 'text', got {type(obj).__name__}")
        text = obj.get("text")
        if not isinstance(text, str) or not text.strip():
            raise InputError(where, "object has no non-empty 'text' string")
        meta = {key: value for key, value in obj.items() if key != "text"}
        return self._document(normalize(text), path, fmt, digest, meta, record)

    def _read_json(self, data: bytes, path: str, digest: str) -> tuple[Document, ...]:
        text = decode(data, path)
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as error:
            raise InputError(
                path, f"malformed JSON at line {error.lineno} column {error.colno}: {error.msg}"
            ) from None
        objects = obj if isinstance(obj, list) else [obj]
        if not objects:
            raise InputError(path, "JSON list is empty")
        return tuple(
            self._article_object(o, path, "json", digest, i) for i, o in enumerate(objects, 1)
        )

    def _read_jsonl(
        self, data: bytes, path: str, digest: str
    ) -> tuple[tuple[Document, ...], tuple[InputError, ...]]:
        text = decode(data, path)
        documents: list[Document] = []
        errors: list[InputError] = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as error:
                errors.append(
                    InputError(
                        f"{path}#{number}",
                        f"malformed JSON line: {error.msg} at column {error.colno}",
                    )
                )
                continue
            try:
                documents.append(self._article_object(obj, path, "jsonl", digest, number))
            except InputError as error:
                errors.append(error)
        if not documents and not errors:
            raise InputError(path, "file has no JSON lines")
        return tuple(documents), tuple(errors)

    def _read_html(self, html: str, path: str, digest: str) -> Document:
        from pledgewatch.htmltext import extract_article

        article = extract_article(html, path, self.min_letters)
        if article.method != "favor_precision":
            log.info("%s: article text found by trafilatura %s", path, article.method)
        # trafilatura puts each block on a line of its own: those are paragraphs.
        mapped = normalize(article.text, paragraph_lines=True)
        mapped = _drop_leading_title(mapped, article.meta["title"])
        return self._document(mapped, path, "html", digest, article.meta)

    def _read_pdf(self, data: bytes, path: str, digest: str) -> Document:
        import io

        from pypdf import PdfReader
        from pypdf.errors import PdfReadError

        try:
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):
                raise InputError(path, "PDF is encrypted")
            pages = [page.extract_text() or "" for page in reader.pages]
        except PdfReadError as error:
            raise InputError(path, f"not a readable PDF ({_one_line(str(error))})") from None
        raw = "\n\n".join(_unwrap_pdf_lines(page) for page in pages)
        if sum(c.isalpha() for c in raw) < self.min_letters:
            raise InputError(path, "PDF has no text layer (scanned images?); run OCR first")
        info = reader.metadata or {}
        meta = {"title": info.get("/Title"), "author": info.get("/Author")}
        return self._document(normalize(raw), path, "pdf", digest, meta)


def _drop_leading_title(mapped: TextMap, title: str | None) -> TextMap:
    """The page title goes to ``meta.title``; a first paragraph repeating it is dropped."""
    first, _, rest = mapped.text.partition("\n\n")
    if (
        not title
        or not rest
        or " ".join(first.split()).casefold() != " ".join(title.split()).casefold()
    ):
        return mapped
    skip = len(first) + 2
    return TextMap(mapped.text[skip:], mapped.origins[skip:], mapped.raw_length)


def _unwrap_pdf_lines(page: str) -> str:
    """Join hard-wrapped lines of a PDF page into paragraphs.

    A line ends its paragraph when it is blank, much shorter than the page's
    full lines (a heading, a paragraph's last line), or ends a sentence and is
    clearly shorter than full; otherwise it wraps. Only line
    breaks change (to a space or a blank line), so offsets stay close to pypdf's.
    """
    lines = [line.rstrip() for line in page.splitlines()]
    widths = sorted(len(line) for line in lines if line.strip())
    if not widths:
        return ""
    full = widths[int(len(widths) * 0.8)] if len(widths) > 4 else max(widths)
    out: list[str] = []
    for i, line in enumerate(lines):
        out.append(line)
        if i == len(lines) - 1:
            break
        following = lines[i + 1]
        if not line.strip() or not following.strip():
            out.append("\n")
        elif len(line) < 0.6 * full or (
            line.endswith((".", "?", "!", ":", '"', "”", "'")) and len(line) < 0.85 * full
        ):
            out.append("\n\n")  # a short line (heading, paragraph end) ends its paragraph
        elif line.endswith("-") and following[:1].islower():
            out.append("")  # hyphenated word broken across lines: keep the hyphen
        else:
            out.append(" ")
    return "".join(out)


def _one_line(text: str) -> str:
    return " ".join(text.split())[:300]
