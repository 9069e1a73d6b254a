"""A commitment candidate: a character span that may state one commitment."""

from __future__ import annotations

from dataclasses import dataclass

KINDS = ("clause", "nonfinite", "item", "nominal")


@dataclass(frozen=True)
class Candidate:
    """A span of the document text and the token that governs it.

    - ``kind``: "clause" (a finite clause), "nonfinite" (a participle or
      infinitive clause: "to sign a defence pact"), "item" (one item of an
      enumeration: "EUR 90 million from Portugal for demining") or "nominal"
      (a noun phrase: "Starmer's proposal to send trainers").
    - ``head``: token index of the clause's verb, or the noun of a noun phrase;
      an item's head is its parent clause's.
    - ``holes``: character ranges inside the span that belong to other clauses
      ("The package, [which was held up until …], bans imports").
    - ``parent``: for an item or a noun phrase, the index (in the document's list
      of candidates) of the clause it lies in.
    - ``group``: items of one enumeration share it.
    - ``donor``: an item's own giver, as a character span ("from [Belgium]").
    - ``type_hint``: the type an item's words name.
    - ``lead``: for a line of a list under a lead-in ("The package includes:"), the
      index of the lead-in's clause (`leadins`).
    """

    start: int
    end: int
    head: int
    kind: str = "clause"
    holes: tuple[tuple[int, int], ...] = ()
    parent: int | None = None
    group: int | None = None
    donor: tuple[int, int] | None = None
    type_hint: str | None = None
    lead: int | None = None

    def text(self, document_text: str) -> str:
        return document_text[self.start : self.end]

    def own_text(self, document_text: str) -> str:
        """The span's text with the holes blanked out (same length, same offsets)."""
        text = self.text(document_text)
        for start, end in self.holes:
            text = text[: start - self.start] + " " * (end - start) + text[end - self.start :]
        return text

    def owns(self, offset: int) -> bool:
        """Whether a character offset is in the span and in no hole."""
        return self.start <= offset < self.end and not any(s <= offset < e for s, e in self.holes)
