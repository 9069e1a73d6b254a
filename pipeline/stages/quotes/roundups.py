"""Expert roundups: each contributor's name alone on a line, a title line under it
("Senior Fellow, Europe Programme, …"), then their own paragraphs, up to the next
contributor or the end of the article. Each contribution is one direct quote of its
contributor, with the name line as the speaker mention and no cue: the page prints
their words under their name, as an interview prints an answer under its label.

It takes two contributors at least: one name over a title line is a byline or an
author's note, not a roundup.
"""

from __future__ import annotations

from collections.abc import Sequence

from pledgewatch.labels import PERSON_LABELS
from pledgewatch.model import Entity, Region
from pledgewatch.stages.quotes.candidates import Found

_TITLE_WORDS = 20  # a title line is short: "Director, Defense Industrial Policy Initiative"


def roundup_quotes(
    text: str, entities: Sequence[Entity], boilerplate: Sequence[Region]
) -> list[Found]:
    """The contributions of a roundup, as direct quotes; [] for any other article."""
    blocks = [b for e in entities if (b := _name_block(text, e)) is not None]
    if len(blocks) < 2:
        return []
    out = []
    for number, (entity, body_start) in enumerate(blocks):
        stop = blocks[number + 1][0].start if number + 1 < len(blocks) else len(text)
        stop = min([stop, *(r.start for r in boilerplate if body_start <= r.start < stop)])
        end = body_start + len(text[body_start:stop].rstrip())
        if end > body_start:
            mention = (entity.start, entity.end)
            out.append(
                Found(body_start, end, "direct", 0.8, mention=mention, speaker=entity.canonical)
            )
    return out


def _name_block(text: str, entity: Entity) -> tuple[Entity, int] | None:
    """(the entity, where the contribution starts) when a person's name is a line of its
    own with a title line under it and a blank line after that, else None."""
    if entity.label not in PERSON_LABELS:
        return None
    line_start = text.rfind("\n", 0, entity.start) + 1
    line_end = text.find("\n", entity.end)
    if line_end < 0 or text[line_start:line_end].strip() != entity.text:
        return None
    title_end = text.find("\n", line_end + 1)
    title = text[line_end + 1 : title_end if title_end >= 0 else len(text)].strip()
    if (
        title_end < 0
        or not title[:1].isupper()
        or len(title.split()) > _TITLE_WORDS
        or title.endswith((".", "?", "!", ":"))
        or not text.startswith("\n\n", title_end)
    ):
        return None
    body_start = title_end + 2
    while body_start < len(text) and text[body_start].isspace():
        body_start += 1
    return entity, body_start
