"""Who receives a commitment (recipients), and the guarantors of what the receiving
state signs with others (counterparts): states and bodies after "to", "for", "with"
(and "in" for forces); for sanctions the target; otherwise, for support, the state the
article's support goes to."""

from __future__ import annotations

import re
from collections.abc import Sequence

from pledgewatch.labels import BODY_LABELS
from pledgewatch.stages.commitments.candidate import Candidate
from pledgewatch.stages.commitments.context import ADVERSARIES, SUPPORT_TYPES, Context, as_body


def recipients_of(
    candidate: Candidate, actors: Sequence[str], commitment_type: str, context: Context
) -> list[str]:
    """Recipients: states and bodies after "to", "for", "with"; else the article's
    receiving state when the span names it or its people ("Ukrainian pilots"), or the
    support is of a kind that always has a receiver; for sanctions, the target."""
    text = context.text
    inside = [
        e
        for e in context.entities
        if candidate.start <= e.start and e.end <= candidate.end and e.label in BODY_LABELS
    ]
    if commitment_type == "sanctions":
        targets = [
            e.canonical for e in inside if e.canonical in ADVERSARIES and e.canonical not in actors
        ]
        return list(dict.fromkeys(targets)) or ["Russia"]
    # Forces are sent *to* a state or stationed *in* it; aid goes *to* or *for* it.
    prepositions = "to|for|with|towards|into|on" + (
        "|in" if commitment_type in ("troop_deployment", "air_support") else ""
    )
    found = []
    for entity in inside:
        before = text[max(candidate.start, entity.start - 12) : entity.start].lower()
        if entity.canonical not in actors and re.search(
            rf"\b(?:{prepositions})\s+(?:the\s+)?$", before
        ):
            found.append(as_body(entity, context))
    receiver = context.receiver
    words = context.gazetteer.receiver_words.get(receiver, (receiver,))
    names_receiver = any(e.canonical == receiver for e in inside) or any(
        re.search(rf"\b{re.escape(word)}", text[candidate.start : candidate.end]) for word in words
    )
    if (
        not found
        and receiver not in actors
        and (names_receiver or commitment_type in SUPPORT_TYPES)
    ):
        found.append(receiver)
    return list(dict.fromkeys(found))


def counterparts(
    candidate: Candidate, actors: Sequence[str], status: str, context: Context
) -> tuple[list[str], list[str]] | None:
    """ "Ukraine has signed agreements with Spain and Belgium": when the receiving state
    signs or negotiates with others, those others are the guarantors (GUIDELINES:
    signed agreements). Returns (actors, recipients), or None when the rule does not
    apply."""
    receiver = context.receiver
    if status not in ("signed", "negotiating", "pledged") or receiver not in actors:
        return None
    text = context.text
    found = re.search(r"\bwith\b", text[candidate.start : candidate.end].lower())
    partners = []
    for entity in context.entities_starting_in(candidate.start, candidate.end):
        if entity.end > candidate.end:
            continue
        if entity.label not in BODY_LABELS or entity.canonical == receiver:
            continue
        if found and entity.start >= candidate.start + found.end():
            partners.append(as_body(entity, context))  # "signed … with Spain, Belgium and …"
    others = [a for a in actors if a != receiver]
    if partners:
        return list(dict.fromkeys(partners)), [receiver]
    if others and status in ("signed", "negotiating"):
        return others, [receiver]
    return None
