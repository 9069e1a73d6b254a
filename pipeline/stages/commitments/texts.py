"""The text the classifier heads read for a span: its words, with names masked.

A head that reads names learns them: trained on many sentences in which
Germany pledges, it scores "Germany went further in May" as a commitment and
"Europe will send its troops" as none. So states, coalitions, organisations and
people are replaced by a word for their kind before the encoder and the word
features see the text; what a clause says stays, who says it goes. Guarantee
instruments stay as written ("security guarantees", "Article 5"): they are what
is committed.
"""

from __future__ import annotations

from collections.abc import Sequence

from pledgewatch.model import Entity

# The word that stands for a name of each kind.
MASKS = {
    "STATE": "Country",
    "COALITION": "Alliance",
    "ORGANIZATION": "Organisation",
    "LEADER": "Person",
    "EXPERT": "Person",
    "PERSON": "Person",
}


def masked(text: str, start: int, end: int, entities: Sequence[Entity]) -> str:
    """``text[start:end]`` with each name inside it replaced by its kind's word.

    ``entities`` are sorted by start. A name that runs over the span's edge is
    kept as written.

    >>> e = [Entity(0, 7, "Germany", "STATE", "Germany")]
    >>> masked("Germany will send tanks.", 0, 23, e)
    'Country will send tanks'
    """
    out = []
    position = start
    for entity in entities:
        if entity.start < start or entity.end > end or entity.start < position:
            continue
        word = MASKS.get(entity.label)
        if word is None:
            continue
        out.append(text[position : entity.start])
        out.append(word)
        position = entity.end
    out.append(text[position:end])
    return "".join(out)
