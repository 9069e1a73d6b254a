"""Organisation false alarms and the knowledge base's candidates, on blank-pipeline
documents with spaCy's entity types set by hand (sentences written for these tests)."""

from __future__ import annotations

import pytest

from pledgewatch.stages.entities.stage import Entities
from tests.stages.entities.support import make_doc


def _found(stage: Entities, text: str, **kwargs) -> list[tuple[str, str, str]]:
    return [(e.text, e.label, e.canonical) for e in stage.predict(make_doc(text, **kwargs))[0]]


@pytest.mark.parametrize(
    ("text", "ents"),
    [
        # half of an adjective, with or without a knowledge-base name
        ("Both spoke of Euro-Atlantic unity and trans-Atlantic trade.", [("Atlantic", "ORG")]),
        ("It would be a non-NATO mission.", [("non-NATO", "ORG")]),
        # a common word spaCy capitalises, in lower case or alone
        ("Air force, navy and marines were ready.", [("navy", "ORG")]),
        ("The Navy was ready.", [("Navy", "ORG")]),
        ("Central and Eastern members disagreed.", [("Central", "ORG")]),
        # a weapon, a title, an acronym of a plan
        ("They fired a Storm Shadow at the bridge.", [("Storm", "ORG")]),
        # a variant after its system's name
        ("A further IRIS-T SLM unit arrived.", [("SLM", "ORG")]),
        ("She holds the Chair of War Studies there.", [("Chair of War Studies", "ORG")]),
        ("It needs a Membership Action Plan (MAP) first.", [("MAP", "ORG")]),
    ],
)
def test_entities_common_words_weapons_and_titles_are_no_organisations(
    stage: Entities, text: str, ents: list[tuple[str, str]]
) -> None:
    assert [f for f in _found(stage, text, ents=ents) if f[1] == "ORGANIZATION"] == []


def test_entities_name_cut_at_a_line_break_runs_on(stage: Entities) -> None:
    text = "She directs the Centre for\nStrategic Dialogue in Oslo."
    doc = make_doc(text, ents=[("Centre for", "ORG")])
    (entity,) = [e for e in stage.predict(doc)[0] if e.label == "ORGANIZATION"]
    assert (entity.start, entity.end, entity.text) == (16, 45, "Centre for\nStrategic Dialogue")


def test_entities_half_name_without_continuation_is_dropped(stage: Entities) -> None:
    text = "He joined the Institute for\n\nAnother paragraph starts."
    assert _found(stage, text, ents=[("Institute for", "ORG")]) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Leaders met in the White House on Friday.", []),
        ("Days before Trump enters the White House, they met.", []),
        ("The White House said it would decide.", [("White House", "ORGANIZATION")]),
    ],
)
def test_entities_seat_of_government_as_a_place_is_no_organisation(
    stage: Entities, text: str, expected: list[tuple[str, str]]
) -> None:
    doc = make_doc(text)
    for token in doc.analysis:
        token.lemma_ = "enter" if token.text == "enters" else token.lower_
    found = [(e.text, e.label) for e in stage.predict(doc)[0] if e.label == "ORGANIZATION"]
    assert found == expected


def test_entities_hyphenated_pair_of_leaders_is_two_mentions(stage: Entities) -> None:
    text = "Donald Trump and Vladimir Putin met. The Trump-Putin summit ended."
    doc = make_doc(text, ents=[("Trump-Putin", "ORG")], pos={"Trump": "PROPN", "Putin": "PROPN"})
    found = [(e.start, e.end, e.label, e.canonical) for e in stage.predict(doc)[0]]
    assert (41, 46, "LEADER", "Donald Trump") in found
    assert (47, 52, "LEADER", "Vladimir Putin") in found
    assert not any(label == "ORGANIZATION" for *_, label, _ in found)


def test_entities_capital_closing_a_title_line_is_a_place(stage: Entities) -> None:
    text = "Jane Roe\nDirector of the Centre for Security, Paris\nFirst, Europe must act."
    assert not any(label == "STATE" for _, label, _ in _found(stage, text))
