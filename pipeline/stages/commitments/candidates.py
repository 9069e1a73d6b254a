"""Commitment candidates of a sentence: its clauses, their enumeration items, and
noun phrases that state a commitment on their own.

- **Clauses** (`clauses.clauses`), finite and non-finite.
- **Items.** One verb, many items: "the pact covers intelligence sharing, pilot
  training and joint production of shells" holds three commitments, and
  "EUR 300 million from Belgium for ammunition and EUR 90 million from Portugal
  for demining" two, each with its own giver. What follows a clause's verb is
  cut at its top-level commas and "and"s (not inside brackets or quotation
  marks); a piece that names no kind of support (no type keyword, amount or
  commitment noun), or has no noun of its own ("medical and military
  training"), joins its neighbour, as does one that says where, when or how
  ("in British factories", "built to stop drones"); neighbours of one type and giver are one
  item. Two or more items of different types or givers make an enumeration:
  each item is a candidate, the first running back to the clause's start so
  that it keeps the verb (SPEC's granularity rule). A flat cut is used rather
  than the parse's ``conj`` links, which the small English model often attaches
  to the wrong word in long lists.
- **Noun phrases** headed by a commitment noun ("proposal", "package",
  "declaration", "readiness" …) that name their giver or an amount ("Starmer's
  proposal to form a coalition", "its readiness to be a backstop", "a joint
  declaration by all coalition countries") where no verb of undertaking governs
  them (there the clause states it).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from pledgewatch.model import Entity
from pledgewatch.nlp import doc_text
from pledgewatch.stages.commitments.candidate import Candidate
from pledgewatch.stages.commitments.clauses import clauses
from pledgewatch.stages.commitments.lexicon import CommitmentLexicon
from pledgewatch.stages.commitments.types import keyword_type

_AMOUNT = re.compile(
    r"[€$£¥]\s?\d|\b\d[\d.,]*\s*(?:bn|billion|million|mn|m|trillion)\b|\b(?:eur|usd|gbp|nok|sek|dkk|chf|cad|jpy)\s?\d",
    re.IGNORECASE,
)
_OPEN = frozenset("( [ “ ‘ «".split())
_CLOSE = frozenset(") ] ” ’ »".split())
_LIST_WORDS = frozenset({"and", "as well as", "plus"})
_NOUNISH = frozenset({"NOUN", "PROPN", "NUM"})
_DONOR_PREPS = frozenset({"from", "by"})
# Prepositions that can open an item of a list: "support for air defence and for
# demining", "training of pilots", "EUR 2 billion, including for shells".
_ITEM_PREPS = frozenset({"for", "of", "to", "from", "including", "like", "such"})


def sentence_candidates(
    sentence: Any, lexicon: CommitmentLexicon, entities: Sequence[Entity], first_index: int = 0
) -> list[Candidate]:
    """The candidates of one spaCy sentence: clauses, then their items and noun phrases.

    ``first_index`` is the position the sentence's first candidate will take in
    the document's list, so that ``parent`` indexes that list.
    """
    found = clauses(sentence, lexicon)
    out = list(found)
    for position, clause in enumerate(found):
        parent = first_index + position
        out.extend(enumeration_items(sentence.doc, clause, lexicon, entities, parent))
        out.extend(noun_phrases(sentence.doc, clause, lexicon, entities, parent))
    return out


def enumeration_items(
    sdoc: Any,
    clause: Candidate,
    lexicon: CommitmentLexicon,
    entities: Sequence[Entity],
    parent: int,
) -> list[Candidate]:
    """The items of an enumeration after the clause's verb; [] when there is none."""
    head = sdoc[clause.head]
    tokens = [
        t
        for t in sdoc[head.sent.start : head.sent.end]
        if clause.owns(t.idx) and t.i > head.i and not t.is_space
    ]
    pieces = _pieces(tokens)
    items: list[tuple[list[Any], str | None, tuple[int, int] | None]] = []
    pending: list[Any] = []
    for piece in pieces:
        if items and not pending and (_elaborates(piece) or _noun_content(piece, items[0][0])):
            items[-1] = (items[-1][0] + piece, items[-1][1], items[-1][2])
            continue
        words = pending + piece
        text = doc_text(sdoc)[words[0].idx : words[-1].idx + len(words[-1].text)]
        marked = _names_support(text, words, lexicon)
        if not marked or not any(t.pos_ in _NOUNISH or t.tag_ == "VBG" for t in piece):
            if items and not _modifier_only(piece):
                items[-1] = (items[-1][0] + piece, items[-1][1], items[-1][2])
                pending = []
            else:
                pending = words
            continue
        kind = keyword_type(text, lexicon.types)
        donor = _donor(words, entities)
        if items and kind == items[-1][1] and (donor is None or donor == items[-1][2]):
            items[-1] = (items[-1][0] + words, kind, items[-1][2] or donor)
        else:
            items.append((words, kind, donor))
        pending = []
    if pending and items:
        items[-1] = (items[-1][0] + pending, items[-1][1], items[-1][2])
    kinds = {kind for _, kind, _ in items}
    donors = {donor for _, _, donor in items if donor is not None}
    if len(items) < 2 or (len(kinds) < 2 and len(donors) < 2):
        return []
    out = []
    for number, (words, kind, donor) in enumerate(items):
        words = _trim(words)
        if not words:
            continue
        start = clause.start if number == 0 else words[0].idx
        end = words[-1].idx + len(words[-1].text)
        out.append(
            Candidate(
                start,
                end,
                clause.head,
                "item",
                tuple(h for h in clause.holes if start <= h[0] < end),
                parent=parent,
                group=parent,
                donor=donor,
                type_hint=kind,
            )
        )
    return out if len(out) >= 2 else []


def noun_phrases(
    sdoc: Any,
    clause: Candidate,
    lexicon: CommitmentLexicon,
    entities: Sequence[Entity],
    parent: int,
) -> list[Candidate]:
    """Noun phrases of the clause that state a commitment by themselves."""
    head = sdoc[clause.head]
    out = []
    for token in sdoc[head.sent.start : head.sent.end]:
        if token.pos_ != "NOUN" or not clause.owns(token.idx) or token.i == clause.head:
            continue
        if not lexicon.noun(token.lemma_, "commitment"):
            continue
        if _governed_by_undertaking(token, lexicon):
            continue  # "signed a new pact": the clause states it
        excluded = {
            t.i for c in token.children if c.dep_ in ("relcl", "conj", "cc") for t in c.subtree
        }
        phrase = [t for t in token.subtree if t.i not in excluded and clause.owns(t.idx)]
        phrase = _trim(sorted(phrase, key=lambda t: t.i))
        if len(phrase) < 2:
            continue
        text = doc_text(sdoc)[phrase[0].idx : phrase[-1].idx + len(phrase[-1].text)]
        if not (_has_giver(token, phrase, entities) or _AMOUNT.search(text)):
            continue
        start, end = phrase[0].idx, phrase[-1].idx + len(phrase[-1].text)
        out.append(Candidate(start, end, token.i, "nominal", parent=parent))
    return out


def _pieces(tokens: Sequence[Any]) -> list[list[Any]]:
    """Tokens cut at top-level list separators: commas, semicolons, "and", "as well as"."""
    pieces: list[list[Any]] = [[]]
    depth = 0
    for token in tokens:
        if token.text in _OPEN or (token.text == '"' and depth == 0 and token.whitespace_ == ""):
            depth += 1
        elif token.text in _CLOSE or (token.text == '"' and depth > 0):
            depth = max(0, depth - 1)
        if depth == 0 and (token.text in (",", ";") or token.lower_ in _LIST_WORDS):
            if pieces[-1]:
                pieces.append([])
            continue
        pieces[-1].append(token)
    return [p for p in pieces if p]


def _elaborates(piece: Sequence[Any]) -> bool:
    """A piece that says where, when or how of the item before it, not a new item:
    one that opens with a preposition other than those that carry an item ("in
    British factories", "with the first jets arriving in May", "out of reach of
    missiles"), or with a past participle ("built to bring down drones")."""
    first = next((t for t in piece if not t.is_punct), None)
    if first is None:
        return False
    if first.tag_ == "VBN":
        return True
    return first.pos_ == "ADP" and first.lower_ not in _ITEM_PREPS


def _noun_content(piece: Sequence[Any], first_item: Sequence[Any]) -> bool:
    """An infinitive after a noun item gives that noun's content, not a new item
    ("withdrew the offer, made last year, to take part in the mission"); in a list
    of infinitives ("pledged to send shells, to train crews and to fund repairs")
    every piece opens alike, and each is an item."""
    words = [t for t in piece if not t.is_punct]
    opens = [t for t in first_item if not t.is_punct][:1]
    infinitive = len(words) > 1 and words[0].lower_ == "to" and words[1].tag_ == "VB"
    return infinitive and not (opens and opens[0].lower_ == "to")


def _names_support(text: str, words: Sequence[Any], lexicon: CommitmentLexicon) -> bool:
    return (
        keyword_type(text, lexicon.types) is not None
        or _AMOUNT.search(text) is not None
        or any(t.pos_ == "NOUN" and lexicon.noun(t.lemma_, "commitment") for t in words)
    )


def _modifier_only(piece: Sequence[Any]) -> bool:
    """A piece with no noun of its own ("medical" in "medical and military training")."""
    return not any(t.pos_ in _NOUNISH or t.tag_ == "VBG" for t in piece)


def _donor(words: Sequence[Any], entities: Sequence[Entity]) -> tuple[int, int] | None:
    """An item's own giver: a state or body after "from"/"by", or one that heads the
    item ("Norway (EUR 1.1 billion)")."""
    start, end = words[0].idx, words[-1].idx + len(words[-1].text)
    inside = [e for e in entities if start <= e.start and e.end <= end and e.label in _GIVERS]
    for entity in inside:
        before = [t for t in words if t.idx < entity.start and t.lower_ not in ("the", "a")]
        if before and before[-1].lower_ in _DONOR_PREPS:
            return (entity.start, entity.end)  # "from the UK"
    first = _first_word(words)
    if inside and inside[0].start == first.idx and first.dep_ not in ("dobj", "dative"):
        return (inside[0].start, inside[0].end)  # not "provide Ukraine with …": its receiver
    return None


_GIVERS = frozenset({"STATE", "COALITION", "ORGANIZATION"})


def _first_word(words: Sequence[Any]) -> Any:
    for token in words:
        if not token.is_punct and token.lower_ not in ("with", "the", "a", "an"):
            return token
    return words[0]


def _has_giver(noun: Any, phrase: Sequence[Any], entities: Sequence[Entity]) -> bool:
    """Whether a noun phrase names who gives: a possessive ("Starmer's", "its"), a
    state, body or demonym before the noun ("UK support", "European pledges"), or
    "by"/"from" someone."""
    for child in noun.children:
        if child.dep_ == "poss":
            return True
        if child.dep_ in ("compound", "amod", "nmod") and (
            child.pos_ == "PROPN" or child.tag_ == "NNP" or child.text[:1].isupper()
        ):
            return True
        if child.dep_ == "prep" and child.lower_ in _DONOR_PREPS:
            return any(
                e.start >= child.idx and e.end <= phrase[-1].idx + len(phrase[-1].text)
                for e in entities
                if e.label in (*_GIVERS, "LEADER")
            )
    return False


def _governed_by_undertaking(noun: Any, lexicon: CommitmentLexicon) -> bool:
    """Whether a verb of undertaking takes the noun as object or subject, directly or
    through a preposition ("signed the pact", "agreed on a package")."""
    node = noun
    if node.dep_ == "pobj" and node.head.dep_ == "prep":
        node = node.head
    governor = node.head
    if node.dep_ in ("dobj", "nsubj", "nsubjpass", "prep", "attr", "oprd", "dative"):
        return governor.pos_ in ("VERB", "AUX") and (
            lexicon.verb(governor.lemma_, "undertaking")
            or lexicon.verb(governor.lemma_, "frame")
            or lexicon.verb(governor.lemma_, "talks")
        )
    return False


def _trim(words: Sequence[Any]) -> list[Any]:
    """Without leading and trailing punctuation, conjunctions and "with"."""
    words = list(words)
    while words and (words[0].is_punct or words[0].lower_ in ("and", "or", "with", "as", "plus")):
        words = words[1:]
    while words and (words[-1].is_punct or words[-1].lower_ in ("and", "or")):
        words = words[:-1]
    return words
