"""Guarantee instruments found by their form, and generic ones named by their issuer
(sentences of our own; the issuer rule on a hand-built parse)."""

from __future__ import annotations

import pytest

from pledgewatch.stages.entities.candidates import Candidate
from pledgewatch.stages.entities.guarantees import name_issued
from pledgewatch.stages.entities.stage import Entities
from tests.parses import parsed
from tests.stages.entities.support import make_doc


def _guarantees(stage: Entities, text: str) -> list[tuple[int, int, str, str]]:
    entities = stage.predict(make_doc(text))[0]
    return [(e.start, e.end, e.text, e.canonical) for e in entities if e.label == "GUARANTEE"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The Paris declaration sets out the plan.",
            [(4, 21, "Paris declaration", "Paris Declaration")],
        ),
        (
            "Kyiv backed the Berlin Declaration.",
            [(16, 34, "Berlin Declaration", "Berlin Declaration")],
        ),
        (
            "They signed a 100-Year Partnership in Kyiv.",
            [(14, 34, "100-Year Partnership", "UK-Ukraine 100-Year Partnership")],
        ),
        (
            "Troops would join a Multinational Force for Ukraine.",
            [(20, 51, "Multinational Force for Ukraine", "Multinational Force Ukraine")],
        ),
        (
            "A declaration of intent was signed.",
            [(2, 23, "declaration of intent", "declaration of intent")],
        ),
        ("A declaration of intent on humanitarian demining was signed.", []),
        (
            "Paris, London and Kyiv issued a trilateral declaration.",
            [(32, 54, "trilateral declaration", "trilateral declaration")],
        ),
        (
            "What are these security arrangements?",
            [(15, 36, "security arrangements", "security arrangements")],
        ),
        (
            "Our bilateral agreements with partners must be ratified.",
            [(4, 24, "bilateral agreements", "bilateral security agreements")],
        ),
        ("They signed bilateral agreements on trade.", []),
        (
            "Article 5-like protection was offered.",
            [(0, 25, "Article 5-like protection", "Article 5")],
        ),
    ],
)
def test_entities_guarantee_instruments_by_pattern(stage: Entities, text: str, expected) -> None:
    assert _guarantees(stage, text) == expected


def test_entities_a_declaration_needs_a_place_for_a_name(stage: Entities) -> None:
    assert _guarantees(stage, "The Final Declaration was short.") == []


def test_entities_modifiers_stay_outside_generic_spans(stage: Entities) -> None:
    text = "Leaders backed binding security guarantees and Western security guarantees."
    assert [(t, c) for _, _, t, c in _guarantees(stage, text)] == [
        ("security guarantees", "security guarantees"),
        ("security guarantees", "security guarantees"),
    ]


ISSUED = parsed("""
The 3 det DET DT the
G7 3 nsubj PROPN NNP G7
signed 0 ROOT VERB VBD sign
a 6 det DET DT a
joint 6 amod ADJ JJ joint
declaration 3 dobj NOUN NN declaration
. 3 punct PUNCT . .
""")


@pytest.mark.parametrize(
    ("published", "canonical"),
    [
        ("2024-02-01", "G7 Joint Declaration of Support for Ukraine"),
        (None, "G7 Joint Declaration of Support for Ukraine"),
        ("2022-05-01", "joint declaration"),  # before the G7's instrument existed
    ],
)
def test_entities_joint_declaration_named_by_its_issuer(parts, published, canonical) -> None:
    _, gazetteer = parts
    chosen = [
        Candidate(4, 6, "COALITION", "G7", "kb", 0.95),
        Candidate(16, 33, "GUARANTEE", "joint declaration", "generic", 0.9),
    ]
    name_issued(ISSUED, chosen, gazetteer, published)
    assert chosen[1].canonical == canonical
