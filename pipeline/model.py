"""The typed data model: a document and the items found in it.

Every class mirrors one object of SPEC's record format field for field, so
`pledgewatch.io` can write and read them without translation tables. All are
frozen: a stage returns a new document (``dataclasses.replace``) instead of
changing the one it was given, and the text of a document never changes after
ingest.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from pledgewatch.intervals import Intervals


@dataclass(frozen=True)
class Region:
    """A half-open character range ``[start, end)`` of the document text."""

    start: int
    end: int

    def overlaps(self, start: int, end: int) -> bool:
        return start < self.end and self.start < end


@dataclass(frozen=True)
class Meta:
    """Bibliographic metadata of an article, as far as the source states it.

    ``published`` is ISO 8601, a date or a date-time with its offset
    (`pledgewatch.dates`), or None when the source's date cannot be read as
    one; ``published_raw`` is the date as the source wrote it, when that was
    not ISO 8601 already.
    """

    title: str | None = None
    url: str | None = None
    published: str | None = None
    author: str | None = None
    publisher: str | None = None
    published_raw: str | None = None


@dataclass(frozen=True)
class Source:
    """Where a document came from.

    ``alignment`` maps the cleaned text back to the raw text it was made from
    (the decoded file; for a JSON record its ``text`` value; for HTML and PDF
    the extracted text): ``(clean_start, raw_start, length)`` runs of clean
    characters that come from consecutive raw characters (see
    `pledgewatch.textmap.raw_offset`). ``record`` is the 1-based line of a JSONL
    file or position in a JSON list; None for single-article files.
    """

    path: str
    format: str
    sha256: str
    alignment: tuple[tuple[int, int, int], ...] = ()
    record: int | None = None


@dataclass(frozen=True)
class ModelInfo:
    name: str
    version: str


@dataclass(frozen=True)
class Provenance:
    """What produced a record: package version, models, configuration hash."""

    version: str
    models: tuple[ModelInfo, ...]
    config_hash: str


@dataclass(frozen=True)
class Entity:
    start: int
    end: int
    text: str
    label: str
    canonical: str
    kb_id: str | None = None
    role: str | None = None
    sentence: int | None = None
    stage: str | None = None
    confidence: float | None = None


@dataclass(frozen=True)
class Quote:
    start: int
    end: int
    text: str
    kind: str
    speaker: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    speaker_affiliation: str | None = None
    speaker_role: str | None = None
    sentence: int | None = None
    stage: str | None = None
    confidence: float | None = None


@dataclass(frozen=True)
class Commitment:
    start: int
    end: int
    text: str
    actors: tuple[str, ...] = ()
    recipients: tuple[str, ...] = ()
    type: str = "other"
    status: str = "proposed"
    conditional: bool = False
    condition: str | None = None
    plover: str | None = None
    kiel: str | None = None
    sentence: int | None = None
    stage: str | None = None
    confidence: float | None = None


@dataclass(frozen=True)
class Person:
    """A person a document names, with the facts later stages need about them.

    Found once by the entities stage: ``role`` as the document states it
    ("Defence Secretary", "senior fellow"), ``affiliation`` the organisation they
    work or speak for ("Royal United Services Institute", "NATO"; never the
    state of an office-holder), ``body`` the state or body an office-holder
    speaks for (a coalition named in the role, else the state in the knowledge
    base), ``mentions`` the character spans of every mention.
    """

    canonical: str
    label: str
    role: str | None = None
    affiliation: str | None = None
    body: str | None = None
    mentions: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Turn:
    """One turn of an interview transcript ("Name: …" or "Q: …" paragraphs).

    ``start``/``end`` span the turn's words after the label, ``label_start`` and
    ``label_end`` the label; ``question`` marks the interviewer's turns, which
    are no quotes, and whose questions state no commitment; ``moderator`` the
    turns of a briefing's moderator, who gives the floor ("First question goes
    to …") and is quoted as nobody.
    """

    start: int
    end: int
    label_start: int
    label_end: int
    speaker: str
    question: bool
    moderator: bool = False


@dataclass(frozen=True)
class Document:
    """One article: its cleaned text, where it came from, and what was found in it.

    ``analysis`` carries in-memory results one stage hands to the next (the
    spaCy ``Doc``); ``people`` (from the entities stage) and ``turns`` (interview
    turns, from the boilerplate stage) are facts later stages read. None of the
    three is written out or takes part in equality.
    """

    doc_id: str
    text: str
    meta: Meta = field(default_factory=Meta)
    boilerplate: tuple[Region, ...] = ()
    entities: tuple[Entity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    commitments: tuple[Commitment, ...] = ()
    source: Source | None = None
    pipeline: Provenance | None = None
    analysis: Any = field(default=None, compare=False, repr=False)
    people: tuple[Person, ...] = field(default=(), compare=False, repr=False)
    turns: tuple[Turn, ...] = field(default=(), compare=False, repr=False)

    def person(self, canonical: str) -> Person | None:
        """The document's person of that canonical name, if any."""
        return next((p for p in self.people if p.canonical == canonical), None)

    def in_question(self, offset: int) -> bool:
        """Whether an offset lies in an interviewer's turn."""
        return self._questions.contains(offset)

    def in_boilerplate(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` touches a boilerplate region."""
        return self._boilerplate.overlaps(start, end)

    # Built on first use: asked per sentence and candidate, a scan of every region
    # would cost time in the square of the text's length. (`cached_property` writes
    # to the instance's __dict__, which a frozen dataclass allows; `replace` makes a
    # new instance, so the index never outlives the regions it was built from.)
    @cached_property
    def _boilerplate(self) -> Intervals:
        return Intervals((r.start, r.end) for r in self.boilerplate)

    def touches_entity(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` overlaps an entity mention."""
        return self._entity_spans.overlaps(start, end)

    @cached_property
    def _entity_spans(self) -> Intervals:
        return Intervals((e.start, e.end) for e in self.entities)

    @cached_property
    def _questions(self) -> Intervals:
        return Intervals((t.label_start, t.end) for t in self.turns if t.question)
