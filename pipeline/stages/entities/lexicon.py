"""What the entities rules know: word classes and patterns from ``models/lexicon/``
and indexes of the knowledge base, built once per loaded `KnowledgeBase`.

- ``entity_words.tsv``: word classes (honorifics, locatives, role nouns, …);
- ``entity_patterns.tsv``: named expressions (research words, organisation suffixes, bylines);
- ``guarantee_patterns.tsv``: guarantee instruments found by their form;
- ``leader_titles.txt``, ``expert_titles.txt``: titles of office-holders and analysts.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from pledgewatch.errors import ModelFileError
from pledgewatch.kb import KbEntry, KnowledgeBase
from pledgewatch.names import fold_name


@dataclass(frozen=True)
class EntityLexicon:
    """Word classes (lower case), compiled patterns and title sets."""

    words: Mapping[str, frozenset[str]]
    patterns: Mapping[str, re.Pattern[str]]
    guarantees: tuple[tuple[str, re.Pattern[str]], ...]
    leader_titles: frozenset[str]
    expert_titles: frozenset[str]
    reporting: frozenset[str] = frozenset()

    def has(self, kind: str, word: str) -> bool:
        """Whether ``word`` (any case, a final period ignored) is in class ``kind``."""
        words = self.words.get(kind, frozenset())
        lowered = word.lower()
        return lowered in words or lowered.rstrip(".") in words

    def pattern(self, name: str) -> re.Pattern[str]:
        return self.patterns.get(name) or re.compile(r"(?!x)x")

    @classmethod
    def from_kb(cls, kb: KnowledgeBase) -> EntityLexicon:
        words: dict[str, set[str]] = {}
        for row in kb.lexicons.entity_words:
            if len(row) >= 2:
                words.setdefault(row[1], set()).add(row[0].lower())
        try:
            patterns = {row[0]: re.compile(row[1]) for row in kb.lexicons.entity_patterns}
            guarantees = tuple(
                (row[0], re.compile(row[1])) for row in kb.lexicons.guarantee_patterns
            )
        except (re.error, IndexError) as error:
            raise ModelFileError(
                "entities: a pattern in models/lexicon/entity_patterns.tsv or "
                f"guarantee_patterns.tsv does not compile ({error}); fix the file"
            ) from None
        return cls(
            words={k: frozenset(v) for k, v in words.items()},
            patterns=patterns,
            guarantees=guarantees,
            leader_titles=_title_set(kb.lexicons.leader_titles),
            expert_titles=_title_set(kb.lexicons.expert_titles),
            reporting=frozenset(v.lower() for v in kb.lexicons.reporting_verbs if " " not in v),
        )


def _title_set(titles: tuple[str, ...]) -> frozenset[str]:
    return frozenset(t for t in titles if not t.endswith((" of", " the")))


def one_deletion(word: str) -> set[str]:
    """The word and every string made by deleting one of its characters: two words
    within one edit (Levenshtein) of each other share one of these."""
    return {word, *(word[:i] + word[i + 1 :] for i in range(len(word)))}


def one_deletion_index(
    words: Iterable[str], key: Callable[[str], str] = str
) -> dict[str, list[str]]:
    """Words by each `one_deletion` variant of ``key(word)``: only words that share a
    variant with a name can be one edit from it, so only those need `edit_distance`."""
    index: dict[str, list[str]] = {}
    for word in words:
        for variant in one_deletion(key(word)):
            index.setdefault(variant, []).append(word)
    return index


@dataclass
class Gazetteer:
    """Indexes of the knowledge base: folded names, surnames, first names, capitals."""

    kb: KnowledgeBase
    by_fold: dict[str, list[KbEntry]] = field(default_factory=dict)
    surnames: dict[str, list[KbEntry]] = field(default_factory=dict)
    first_names: dict[str, list[KbEntry]] = field(default_factory=dict)
    capitals: dict[str, KbEntry] = field(default_factory=dict)
    places: frozenset[str] = frozenset()
    research_names: tuple[str, ...] = ()
    _matchers: dict[int, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def from_kb(cls, kb: KnowledgeBase) -> Gazetteer:
        gazetteer = cls(kb)
        places = set()
        for entry in kb.entries:
            for name in entry.names():
                folded = fold_name(name)
                if entry.label == "LEADER" and len(folded.split()) < 2:
                    continue  # "Lord Hague" folds to "hague": bare surnames go by the surname rules
                gazetteer.by_fold.setdefault(folded, []).append(entry)
            if entry.label == "LEADER":
                for surname in (entry.surname, *entry.surname_variants):
                    if surname:
                        gazetteer.surnames.setdefault(surname, []).append(entry)
                first = fold_name(entry.canonical).split()[0]
                gazetteer.first_names.setdefault(first, []).append(entry)
            if entry.label == "STATE":
                places.update(entry.names())
            for capital in entry.capitals:
                gazetteer.capitals[capital] = entry
                places.add(capital)
        gazetteer.places = frozenset(places)
        gazetteer.research_names = tuple(
            name
            for entry in kb.entries
            if entry.label == "ORGANIZATION" and entry.kind in ("think_tank", "university")
            for name in entry.names()
            if len(name) > 3
        )
        return gazetteer

    @cached_property
    def surname_variants(self) -> dict[str, list[str]]:
        """The surnames by the `one_deletion` variants of their folded form (built once)."""
        return one_deletion_index(self.surnames, key=fold_name)

    def entry(self, name: str, label: str | None = None) -> KbEntry | None:
        """The knowledge-base entry of a name (any spelling the folding joins), if one."""
        entries = [e for e in self.by_fold.get(fold_name(name), []) if label in (None, e.label)]
        return entries[0] if entries else None

    def is_research(self, text: str, lexicon: EntityLexicon) -> bool:
        """Whether words name a research body ("Institute", "RUSI", "a think tank")."""
        return bool(lexicon.pattern("research").search(text)) or any(
            name in text for name in self.research_names
        )

    def matchers(self, vocab: Any, lexicon: EntityLexicon) -> dict[str, Any]:
        """spaCy phrase matchers over this knowledge base, built once per vocabulary."""
        key = id(vocab)
        if key in self._matchers:
            return self._matchers[key]
        import spacy
        from spacy.matcher import PhraseMatcher

        make = spacy.blank("en").tokenizer
        exact = PhraseMatcher(vocab, attr="ORTH")
        lower = PhraseMatcher(vocab, attr="LOWER")
        surnames = PhraseMatcher(vocab, attr="ORTH")
        capitals = PhraseMatcher(vocab, attr="ORTH")
        titles = PhraseMatcher(vocab, attr="LOWER")
        entries = {}
        for index, entry in enumerate(self.kb.entries):
            names = [n for n in entry.names() if "'s " not in n and "’s " not in n]
            name = f"E{index}"
            entries[name] = entry
            exact.add(name, [make(n) for n in names])
            if entry.label == "GUARANTEE" or (entry.label == "COALITION" and entry.generic):
                lower.add(name, [make(n) for n in names])
            elif entry.label == "COALITION":
                lower.add(name, [make(n) for n in names if len(n.split()) >= 3])
            for capital in entry.capitals:
                capitals.add(name, [make(capital)])
        for surname in self.surnames:
            surnames.add(f"S{surname}", [make(surname)])
        for title in (*lexicon.leader_titles, *lexicon.expert_titles):
            titles.add(f"T{title}", [make(title)])
        self._matchers[key] = {
            "exact": exact,
            "lower": lower,
            "surnames": surnames,
            "capitals": capitals,
            "titles": titles,
            "entries": entries,
        }
        return self._matchers[key]
