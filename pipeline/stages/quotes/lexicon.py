"""The quotes stage's words, read from ``models/lexicon/`` through the knowledge base.

``reporting_verbs.txt`` gives the cues (one-word verbs and multi-word phrases),
``quote_words.tsv`` the word classes (speaker nouns, pronouns, collective
voices …), ``offices.tsv`` the titles by which a text names an office-holder
("chancellor", "NATO chief", "top diplomat") and the office they stand for.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from pledgewatch.kb import KnowledgeBase


@dataclass(frozen=True)
class QuoteLexicon:
    """Lookup tables of the quote rules.

    ``verbs`` are one-word cues; ``phrases`` multi-word cues as word tuples,
    longest first; ``words`` maps a class ("speaker", "spokes", …) to its words;
    ``titles`` maps a title's words to the office roles it names (as the
    knowledge base writes them) and, for a title that names the body too
    ("NATO chief"), that body.
    """

    verbs: frozenset[str]
    phrases: tuple[tuple[str, ...], ...]
    words: Mapping[str, frozenset[str]]
    titles: Mapping[tuple[str, ...], tuple[tuple[str, ...], str | None]]
    presidential: frozenset[str] = frozenset()

    def word(self, word: str, kind: str) -> bool:
        return word.lower() in self.words.get(kind, frozenset())

    def pronoun(self, word: str) -> str | None:
        """ "person" or "group" for a pronoun that can name a speaker, else None."""
        lowered = word.lower()
        for kind in ("person", "group"):
            if lowered in self.words.get(f"pronoun_{kind}", frozenset()):
                return kind
        return None

    @classmethod
    def from_kb(cls, kb: KnowledgeBase) -> QuoteLexicon:
        lexicons = kb.lexicons
        words: dict[str, set[str]] = {}
        for row in lexicons.quote_words:
            words.setdefault(row[1], set()).add(row[0].lower())
        entries = [e.lower() for e in lexicons.reporting_verbs]
        verbs = frozenset(e for e in entries if " " not in e) - words.get("not_reporting", set())
        phrases = tuple(
            sorted({tuple(e.split()) for e in entries if " " in e}, key=len, reverse=True)
        )
        titles: dict[tuple[str, ...], tuple[tuple[str, ...], str | None]] = {}
        presidential: frozenset[str] = frozenset()
        for row in lexicons.offices:
            if row[0] == "@presidential":
                presidential = frozenset(s.strip() for s in row[1].split("|"))
                continue
            title = tuple(row[0].lower().replace("-", " ").split())
            roles = tuple(r.strip() for r in row[1].split("|"))
            body = row[2] if len(row) > 2 and row[2] else None
            titles[title] = (roles, body)
        return cls(
            verbs, phrases, {k: frozenset(v) for k, v in words.items()}, titles, presidential
        )
