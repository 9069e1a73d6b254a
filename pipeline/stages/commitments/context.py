"""What the commitments stage's actor and recipient rules know of one document: its
text, entities and quotes in order, the state its support goes to, the coalition it
is about, and the knowledge base's and lexicon's tables (built once per load)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from pledgewatch.intervals import starting_in
from pledgewatch.kb import KnowledgeBase
from pledgewatch.model import Entity, Quote
from pledgewatch.stages.commitments.lexicon import CommitmentLexicon

# The states sanctions target, and that the support the articles track is against: their
# acts towards the receiver are attacks, not support.
ADVERSARIES = ("Russia", "Belarus", "Iran", "North Korea")
# Types of support that always have a receiver, named or not.
SUPPORT_TYPES = frozenset(
    """security_guarantee troop_deployment air_support military_aid training intelligence
    defense_industry financial_aid humanitarian_aid membership""".split()
)
# The state support goes to when no state dominates an article as receiver.
DEFAULT_RECEIVER = "Ukraine"


@dataclass(frozen=True)
class Gazetteer:
    """What the actor rules need from the knowledge base, built once per load."""

    leader_state: Mapping[str, str]
    kb: KnowledgeBase = field(compare=False, repr=False)
    demonyms: Mapping[str, str]
    receiver_words: Mapping[str, tuple[str, ...]]
    body_state: Mapping[str, str]
    news: frozenset[str] = frozenset()
    issuers: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    leader_roles: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    titles: frozenset[str] = frozenset()

    @classmethod
    def from_kb(cls, kb: KnowledgeBase) -> Gazetteer:
        return cls(
            leader_state={
                e.canonical: e.state for e in kb.entries if e.label == "LEADER" and e.state
            },
            kb=kb,
            demonyms={d: e.canonical for e in kb.entries if e.label == "STATE" for d in e.demonyms},
            receiver_words={
                e.canonical: (e.canonical, *e.demonyms) for e in kb.entries if e.label == "STATE"
            },
            # Government bodies and armed forces act for their state.
            body_state={
                e.canonical: e.state
                for e in kb.entries
                if e.label == "ORGANIZATION"
                and e.state
                and e.kind in ("government_body", "military")
            },
            # News agencies and papers report; they commit nothing ("(Reuters) – Russia …").
            news=frozenset(
                e.canonical for e in kb.entries if e.label == "ORGANIZATION" and e.kind == "news"
            ),
            # Named instruments act for those who issued them ("the 100-Year Partnership
            # covers drone training": the United Kingdom's undertaking).
            issuers={e.canonical: e.issuers for e in kb.entries if e.label == "GUARANTEE"},
            # The offices leaders hold, lower case, so that "the chancellor" finds Scholz.
            leader_roles={
                e.canonical: tuple(o.role.lower() for o in e.offices)
                + tuple(r.lower() for r in e.roles)
                for e in kb.entries
                if e.label == "LEADER"
            },
            titles=frozenset(t.lower() for t in kb.lexicons.leader_titles),
        )


@dataclass(frozen=True)
class Context:
    """One document as the actor rules see it: text, entities in order, quotes, the
    state its support goes to, and the knowledge base's and lexicon's tables."""

    text: str
    entities: tuple[Entity, ...]
    quotes: tuple[Quote, ...]
    receiver: str
    gazetteer: Gazetteer
    lexicon: CommitmentLexicon
    main_coalition: str | None = None

    def quote_at(self, offset: int) -> Quote | None:
        return next((q for q in self.quotes if q.start <= offset < q.end), None)

    def entities_starting_in(self, start: int, end: int) -> tuple[Entity, ...]:
        """The entities (in order) that start in ``[start, end)``, found by binary search."""
        return tuple(starting_in(self.entities, self._entity_starts, start, end))

    @cached_property
    def _entity_starts(self) -> list[int]:
        return [e.start for e in self.entities]


def make_context(
    text: str,
    entities: Sequence[Entity],
    quotes: Sequence[Quote],
    gazetteer: Gazetteer,
    lexicon: CommitmentLexicon,
) -> Context:
    ordered = tuple(sorted(entities, key=lambda e: e.start))
    return Context(
        text,
        ordered,
        tuple(quotes),
        focal_state(text, ordered) or DEFAULT_RECEIVER,
        gazetteer,
        lexicon,
        _main_coalition(ordered),
    )


def as_body(entity: Entity, context: Context) -> str:
    return context.gazetteer.body_state.get(entity.canonical, entity.canonical)


def _main_coalition(entities: Sequence[Entity]) -> str | None:
    counts: dict[str, int] = {}
    for entity in entities:
        if entity.label == "COALITION":
            counts[entity.canonical] = counts.get(entity.canonical, 0) + 1
    return max(counts, key=lambda name: counts[name]) if counts else None


def focal_state(text: str, entities: Sequence[Entity]) -> str | None:
    """The state an article's support goes to: the one most often named as a receiver
    ("to Ukraine", "for Kyiv", "with Ukraine", "Ukraine's forces"), at least three times
    and twice as often as any other state; None when no state dominates."""
    counts: dict[str, int] = {}
    for entity in entities:
        if entity.label != "STATE":
            continue
        before = text[max(0, entity.start - 10) : entity.start].lower()
        after = text[entity.end : entity.end + 3]
        if re.search(r"\b(?:to|for|with|into|in)\s+(?:the\s+)?$", before) or after.startswith(
            ("'s", "’s")
        ):
            counts[entity.canonical] = counts.get(entity.canonical, 0) + 1
    ranked = sorted(counts.values(), reverse=True)
    if not ranked or ranked[0] < 3 or (len(ranked) > 1 and ranked[0] < 2 * ranked[1]):
        return None
    return max(counts, key=lambda name: counts[name])
