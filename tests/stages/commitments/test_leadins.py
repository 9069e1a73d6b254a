"""Lists under a lead-in: which sentences are items, what they take from the lead-in."""

from __future__ import annotations

import re

from pledgewatch.stages.commitments.candidate import Candidate
from pledgewatch.stages.commitments.features import Finding
from pledgewatch.stages.commitments.leadins import (
    governing,
    inherit,
    list_items,
    without_led_lists,
)

TEXT = (
    "Oslo signed the accord on Monday.\n\n"
    "Under the accord, Norway will:\n\n"
    "1. Provide NOK 5 billion in 2025.\n\n"
    "2. Train pilots. The first course opens in May.\n\n"
    "Officials said more would follow.\n\n"
    "The package includes:\n"
    "— 155 mm shells.\n"
    "— Spare parts for howitzers."
)


def _sentences(text: str) -> list[tuple[int, int]]:
    """Sentences as a parser gives them, blank lines kept at their end ("1." is
    split off as a sentence of its own, as the parser sometimes does)."""
    pattern = r"(?:\d\.|[^\n]+?(?:[.:](?= |\n|$)|$))\s*"
    return [(m.start(), m.end()) for m in re.finditer(pattern, text)]


def test_commitments_list_items() -> None:
    sentences = _sentences(TEXT)
    texts = [TEXT[s:e].strip() for s, e in sentences]
    items = list_items(TEXT, sentences)
    led = {texts[i]: texts[lead] for i, lead in items.items()}
    assert led == {
        "1.": "Under the accord, Norway will:",
        "Provide NOK 5 billion in 2025.": "Under the accord, Norway will:",
        "2.": "Under the accord, Norway will:",
        "Train pilots.": "Under the accord, Norway will:",
        "The first course opens in May.": "Under the accord, Norway will:",  # goes on
        "— 155 mm shells.": "The package includes:",
        "— Spare parts for howitzers.": "The package includes:",
    }


def test_commitments_no_list_without_markers() -> None:
    # A speaker label or a colon before prose leads in to nothing.
    text = "Jane Doe, analyst:\n\nThe pledge is large.\n\nNorway will:\nsend more."
    assert list_items(text, _sentences(text)) == {}


def test_commitments_governing_lead_in_clause() -> None:
    candidates = [
        Candidate(0, 10, 0),  # the lead-in sentence's first clause
        Candidate(12, 30, 3),  # its last clause, before the colon
        Candidate(40, 60, 9),  # an item's clause
        Candidate(40, 50, 9, kind="item", parent=2),
    ]
    sentence_of = [0, 0, 1, 1]
    assert governing(candidates, sentence_of, {1: 0}) == {2: 1, 3: 1}


def test_commitments_inherit_from_the_lead_in() -> None:
    lead = Finding("pledged", True, ("Norway",), "subject")
    bare = Finding("delivered", False, (), "none")  # "Deliver drones": no cue, no giver
    assert inherit(bare, lead) == Finding("pledged", True, ("Norway",), "subject")
    own = Finding("delivered", True, ("Denmark",), "donor")  # "- Denmark: has delivered …"
    assert inherit(own, lead) == own
    refusal = Finding("declined", False, (), "none")
    assert inherit(refusal, lead).status == "declined"


def test_commitments_lead_in_gives_way_to_its_items() -> None:
    leads = {2: 1, 3: 1}
    assert without_led_lists([0, 1, 2], leads) == [0, 2]
    assert without_led_lists([0, 1], leads) == [0, 1]  # no item kept: the lead-in stays
