"""People: affiliations and bodies (the rules moved from the quotes stage, and new
ones for real articles), first names in speeches, misspelt leaders (sentences of our own)."""

from __future__ import annotations

import pytest

from pledgewatch.model import Entity
from pledgewatch.stages.entities.people import affiliations_of
from pledgewatch.stages.entities.stage import Entities
from tests.stages.entities.support import make_doc


def _entity(
    text: str, surface: str, label: str, canonical: str | None = None, nth: int = 0, role=None
) -> Entity:
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return Entity(start, start + len(surface), surface, label, canonical or surface, role=role)


@pytest.mark.parametrize(
    ("text", "mentions", "expected"),
    [
        (
            "Tobias Wren, a senior fellow at the Royal United Services Institute, spoke.",
            [("Tobias Wren", "EXPERT"), ("Royal United Services Institute", "ORGANIZATION")],
            {"Tobias Wren": "Royal United Services Institute"},
        ),
        (
            "Kremlin spokesman Dmitry Peskov denied it.",
            [("Kremlin", "ORGANIZATION"), ("Dmitry Peskov", "LEADER")],
            {"Dmitry Peskov": "Kremlin"},
        ),
        (
            "Jonas Aaltonen of the Finnish Institute of International Affairs told Reuters.",
            [
                ("Jonas Aaltonen", "EXPERT"),
                ("Finnish Institute of International Affairs", "ORGANIZATION"),
                ("Reuters", "ORGANIZATION"),
            ],
            {"Jonas Aaltonen": "Finnish Institute of International Affairs"},
        ),
        (
            "Skyforge makes drones. Its chief executive, Roman Tkachuk, is confident.",
            [("Skyforge", "ORGANIZATION"), ("Roman Tkachuk", "PERSON")],
            {"Roman Tkachuk": "Skyforge"},
        ),
        (
            "RUSI's director Karin Olsen disagreed.",
            [("RUSI", "ORGANIZATION"), ("Karin Olsen", "EXPERT")],
            {"Karin Olsen": "RUSI"},
        ),
        (
            "Carla Benedetti, director of the Institute for\nStrategic Affairs in Rome, said so.",
            [("Carla Benedetti", "EXPERT"), ("Institute for\nStrategic Affairs", "ORGANIZATION")],
            {"Carla Benedetti": "Institute for\nStrategic Affairs"},
        ),
        (
            "Henrik Aalto, who leads the aid-tracking team at the Kiel Institute, said so.",
            [("Henrik Aalto", "EXPERT"), ("Kiel Institute", "ORGANIZATION")],
            {"Henrik Aalto": "Kiel Institute"},
        ),
        (
            "Marta Lindqvist\nDirector of the Centre for Defence Studies, Oslo\nFirst, act.",
            [("Marta Lindqvist", "EXPERT"), ("Centre for Defence Studies", "ORGANIZATION")],
            {"Marta Lindqvist": "Centre for Defence Studies"},
        ),
        (
            "Piet Smit, a fellow at The Clingendael Institute, said so.",
            [("Piet Smit", "EXPERT"), ("Clingendael Institute", "ORGANIZATION")],
            {"Piet Smit": "Clingendael Institute"},
        ),
        (
            "Jane Roe, the Dutch defence minister, met Ukraine's envoy.",
            [("Jane Roe", "LEADER"), ("Ukraine", "STATE")],
            {},  # a state is never an affiliation
        ),
        (
            "Pavel Novak, now an analyst with the Brno-based consultancy Dunaj Risk, said so.",
            [("Pavel Novak", "EXPERT"), ("Dunaj Risk", "ORGANIZATION")],
            {"Pavel Novak": "Dunaj Risk"},  # the body described before its name
        ),
        (
            "It was signed by Tusk at the Chancellery in Warsaw; Lena Berg at the Kiel Institute said so.",
            [
                ("Tusk", "LEADER"),
                ("Chancellery", "ORGANIZATION"),
                ("Lena Berg", "EXPERT"),
                ("Kiel Institute", "ORGANIZATION"),
            ],
            {"Lena Berg": "Kiel Institute"},  # a leader at a place does not work there
        ),
    ],
)
def test_entities_affiliation_of_a_person(text: str, mentions, expected) -> None:
    entities = [_entity(text, surface, label) for surface, label in mentions]
    assert affiliations_of(entities, text) == expected


def test_entities_people_on_the_document_with_role_affiliation_and_body(stage: Entities) -> None:
    text = (
        "Tobias Wren, a senior fellow at the Royal United Services Institute, spoke. "
        "Prime Minister Keir Starmer replied. Wren disagreed."
    )
    (doc,) = stage([make_doc(text, ents=[("Tobias Wren", "PERSON")], pos={"Wren": "PROPN"})])
    people = {p.canonical: p for p in doc.people}
    wren, starmer = people["Tobias Wren"], people["Keir Starmer"]
    assert (wren.label, wren.role, wren.affiliation, wren.body) == (
        "EXPERT",
        "senior fellow",
        "Royal United Services Institute",
        None,
    )
    assert wren.mentions == (
        (0, 11),
        (text.index("Wren disagreed"), text.index("Wren disagreed") + 4),
    )
    assert (starmer.label, starmer.role, starmer.affiliation, starmer.body) == (
        "LEADER",
        "Prime Minister",
        None,
        "United Kingdom",
    )


def test_entities_body_is_a_coalition_named_in_the_role(stage: Entities) -> None:
    text = "NATO Secretary General Mark Rutte spoke."
    (doc,) = stage([make_doc(text)])
    (rutte,) = doc.people
    assert (rutte.canonical, rutte.body) == ("Mark Rutte", "NATO")


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        (
            "Thank you very much, Emmanuel, Mr. President, for your invitation!\n"
            "Friedrich, Mr. Chancellor!\nSteve!",
            "2026-01-06",
            [
                ("Emmanuel", "Emmanuel Macron"),
                ("Friedrich", "Friedrich Merz"),
                ("Steve", "Steve Witkoff"),
            ],
        ),
        # Olaf Scholz was chancellor then: the office beside the name decides
        ("Friedrich, Mr. Chancellor, welcome.", "2024-03-01", []),
        (
            "Keir Starmer arrived. Later, Sir Keir spoke.",
            None,
            [("Keir Starmer", "Keir Starmer"), ("Keir", "Keir Starmer")],
        ),
        # no title, no full name, no line of greetings: not certain
        ("Thank you, Keir, for coming.", None, []),
    ],
)
def test_entities_leaders_named_by_first_name(stage: Entities, text, published, expected) -> None:
    entities = stage.predict(make_doc(text, published=published))[0]
    assert [(e.text, e.canonical) for e in entities if e.label == "LEADER"] == expected


def test_entities_misspelt_leader_links_to_the_knowledge_base(stage: Entities) -> None:
    text = "Emmauel Macron arrived in Paris. Later Macron said France would help."
    entities = stage.predict(
        make_doc(text, ents=[("Emmauel Macron", "PERSON")], pos={"Macron": "PROPN"})
    )[0]
    people = [(e.text, e.label, e.canonical) for e in entities if e.label == "LEADER"]
    assert people == [
        ("Emmauel Macron", "LEADER", "Emmanuel Macron"),
        ("Macron", "LEADER", "Emmanuel Macron"),
    ]
    assert entities[0].confidence < 0.85  # linked through a misspelling


def test_entities_misspelt_surname_joins_the_person_named_before(stage: Entities) -> None:
    text = "Friedrich Merz spoke first. “We are ready,” explained Mertz."
    entities = stage.predict(make_doc(text, pos={"Mertz": "PROPN"}))[0]
    assert [(e.text, e.canonical) for e in entities if e.label == "LEADER"] == [
        ("Friedrich Merz", "Friedrich Merz"),
        ("Mertz", "Friedrich Merz"),
    ]


def test_entities_distant_names_are_not_typos(stage: Entities) -> None:
    text = "Emmanuel Marcel arrived. Marcel said little."
    entities = stage.predict(
        make_doc(text, ents=[("Emmanuel Marcel", "PERSON")], pos={"Marcel": "PROPN"})
    )[0]
    assert {e.canonical for e in entities} == {"Emmanuel Marcel"}
