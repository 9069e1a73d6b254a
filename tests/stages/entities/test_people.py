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
def test_entities_affiliation_of_a_person(stage: Entities, text: str, mentions, expected) -> None:
    entities = [_entity(text, surface, label) for surface, label in mentions]
    assert affiliations_of(entities, text, stage.lexicon) == expected


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


@pytest.mark.parametrize(
    ("role", "bodies", "expected"),
    [
        # a minister's ministry, when the document names it
        (
            "Federal Minister of Defence",
            [("Federal Ministry of Defence", "ORGANIZATION")],
            "Federal Ministry of Defence",
        ),
        (
            "Foreign Ministry spokeswoman",
            [("Russian Foreign Ministry", "ORGANIZATION")],
            "Russian Foreign Ministry",
        ),
        # a body the role names ("Commission President" and "the Commission")
        ("Commission President", [("Commission", "ORGANIZATION")], "Commission"),
        # another state's ministry, or none named, is no affiliation
        ("Defence Minister", [("Ministry of Defence (Norway)", "ORGANIZATION")], None),
        ("Prime Minister", [("Ministry of Defence", "ORGANIZATION")], None),
    ],
)
def test_entities_an_office_holders_body_named_in_the_document(
    stage: Entities, role: str, bodies, expected
) -> None:
    from pledgewatch.stages.entities.people import office_affiliation

    entities = [Entity(i * 40, i * 40 + len(t), t, label, t) for i, (t, label) in enumerate(bodies)]
    assert office_affiliation(role, "Austria", entities, stage.lexicon) == expected


def test_entities_roundup_unit_stands_for_the_house(stage: Entities) -> None:
    # The house named in the masthead; a contributor's title line names only a unit of it.
    text = (
        "Our experts react\n\n"
        "Arden Institute for Security | Analysis\n\n"
        "Jan Holm\n"
        "Senior Fellow, Baltic Programme\n\n"
        "First, act."
    )
    entities = [
        _entity(text, "Arden Institute for Security", "ORGANIZATION"),
        _entity(text, "Jan Holm", "EXPERT"),
        _entity(text, "Baltic Programme", "ORGANIZATION"),
    ]
    assert affiliations_of(entities, text, stage.lexicon) == {
        "Jan Holm": "Arden Institute for Security"
    }


def test_entities_short_and_full_names_of_one_body() -> None:
    from pledgewatch.stages.entities.people import with_full_names

    text = "Arden Institute for Security staff spoke; the Arden Institute said so."
    entities = [
        _entity(text, "Arden Institute for Security", "ORGANIZATION"),
        _entity(text, "Arden Institute", "ORGANIZATION", nth=1),
    ]
    assert [e.canonical for e in with_full_names(entities)] == ["Arden Institute for Security"] * 2


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        # a copula instead of an apposition
        (
            "Lene Brandt is professor of international security at the Elbe School in Berlin.",
            "Lene Brandt",
            "professor of international security",
        ),
        # a former officer who now teaches
        (
            "“Use them carefully,” said Anders Holm, a former air force officer who now lectures "
            "at a defence college.",
            "Anders Holm",
            "former air force officer",
        ),
    ],
)
def test_entities_expert_by_copula_and_teaching(
    stage: Entities, text: str, name: str, role
) -> None:
    found = [
        (e.text, e.label, e.role)
        for e in stage.predict(make_doc(text, ents=[(name, "PERSON")]))[0]
        if e.label in ("EXPERT", "PERSON")
    ]
    assert (name, "EXPERT", role) in found


def test_entities_roundup_name_line_with_title_and_particle(stage: Entities) -> None:
    text = (
        "Dr Helga Lindqvist\n"
        "Senior Fellow at the Baltic Policy Institute\n"
        "First, act.\n"
        "Pieter van der Berg\n"
        "Senior Fellow at the Baltic Policy Institute\n"
        "Second, wait."
    )
    names = {e.text for e in stage.predict(make_doc(text))[0] if e.label == "EXPERT"}
    assert names == {"Helga Lindqvist", "Pieter van der Berg"}
