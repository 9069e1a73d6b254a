"""Lists under a lead-in: "Under the agreement, Canada commits to:" and then one line
per item ("1. Provide …", "— Stinger missiles …", "- Belgium: EUR 200 million").

Each item is a statement of the lead-in's giver, as firm as the lead-in says:
the items' candidates take the lead-in clause's actors when they name none of
their own, its status when no cue of their own states one, and its probability
as that of the statement that governs them where it is the higher. A lead-in
whose items are kept is no record of its own: its items are (as an enumeration's
items replace their clause).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from pledgewatch.stages.commitments.candidate import Candidate
from pledgewatch.stages.commitments.features import Finding

# A list item's marker at the start of its line: a dash or bullet, "1." "2)" "(a)" "b)".
_MARKER = re.compile(r"[—–\-•·*▪●◦]\s|\(?(?:\d{1,2}|[a-zA-Z])[.)]\s")
_END = "”\"'’ \t\n"


def lead_ins(text: str, sdoc: Any, candidates: Sequence[Candidate]) -> dict[int, int]:
    """Candidate index → the index of the lead-in clause of the list it is an item of."""
    sentences = [(s.start_char, s.end_char) for s in sdoc.sents]
    items = list_items(text, sentences)
    if not items:
        return {}
    starts = [start for start, _ in sentences]
    sentence_of = [bisect_right(starts, c.start) - 1 for c in candidates]
    return governing(candidates, sentence_of, items)


def list_items(text: str, sentences: Sequence[tuple[int, int]]) -> dict[int, int]:
    """Sentence index of every list item (or its continuation) → the index of the
    sentence that leads in to its list: one that ends in a colon at the end of its
    line, followed by lines that open with a list marker. The list ends at the first
    line that opens without one."""
    items: dict[int, int] = {}
    lead: int | None = None
    for index, (start, end) in enumerate(sentences):
        starts_line = start == 0 or "\n" in text[_previous_end(text, start) : start]
        if lead is not None and starts_line and not _MARKER.match(text, start):
            lead = None
        if lead is not None:
            items[index] = lead
        elif _leads_in(text, start, end):
            lead = index
    return items


def _previous_end(text: str, start: int) -> int:
    """The offset just after the last character before ``start`` that is no space."""
    at = start
    while at > 0 and text[at - 1].isspace():
        at -= 1
    return at


def _leads_in(text: str, start: int, end: int) -> bool:
    stripped = text[start:end].rstrip(_END)
    line_ends = "\n" in text[start + len(stripped) : end + 1]
    return stripped.endswith(":") and len(stripped.split()) >= 2 and line_ends


def governing(
    candidates: Sequence[Candidate], sentence_of: Sequence[int], items: dict[int, int]
) -> dict[int, int]:
    """Candidate index → the index of the lead-in clause that governs it: the clause of
    the lead-in sentence that ends last (the one before the colon)."""
    last_clause: dict[int, int] = {}
    for i, candidate in enumerate(candidates):
        if candidate.kind in ("clause", "nonfinite"):
            sentence = sentence_of[i]
            best = last_clause.get(sentence)
            if best is None or candidate.end >= candidates[best].end:
                last_clause[sentence] = i
    out: dict[int, int] = {}
    for i in range(len(candidates)):
        lead_sentence = items.get(sentence_of[i])
        if lead_sentence is not None and lead_sentence in last_clause:
            out[i] = last_clause[lead_sentence]
    return out


def inherit(finding: Finding, lead: Finding) -> Finding:
    """An item's finding under its lead-in: the lead-in's giver where the item names
    none, and the lead-in's status where no cue of the item's own states one and the
    item does not refuse."""
    actors, source = finding.actors, finding.actor_source
    if lead.actors and source in ("none", "context"):
        actors, source = lead.actors, lead.actor_source
    status, from_cue = finding.status, finding.from_cue
    if lead.status is not None and not from_cue and status != "declined":
        status, from_cue = lead.status, lead.from_cue
    return replace(finding, actors=actors, actor_source=source, status=status, from_cue=from_cue)


def without_led_lists(kept: Sequence[int], leads: dict[int, int]) -> list[int]:
    """The kept candidates less every lead-in that has a kept item."""
    led = {leads[i] for i in kept if i in leads}
    return [i for i in kept if i not in led]
