"""People typed by the words around their names: experts by research posts, leaders
by titles, retired officers by how the document cites them (sentences of our own)."""

from __future__ import annotations

import pytest

from pledgewatch.stages.entities.stage import Entities
from tests.stages.entities.support import make_doc


def _people(stage: Entities, text: str, **kwargs) -> list[tuple[str, str, str | None]]:
    entities = stage.predict(make_doc(text, **kwargs))[0]
    return [
        (e.text, e.label, e.role) for e in entities if e.label in ("LEADER", "EXPERT", "PERSON")
    ]


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        (
            "“It is fragile,” said Carla Benedetti, director of the Institute for\n"
            "Strategic Affairs in Rome. She added more.",
            "Carla Benedetti",
            "director",
        ),
        (
            "“The pledges are small,” says Henrik Aalto, who leads the aid-tracking team at a "
            "research institute in Kiel.",
            "Henrik Aalto",
            "leads the aid-tracking team",
        ),
        (
            "Pledges fell, says Henrik Aalto, head of the team that built the tracker and "
            "research director at the Kiel Institute.",
            "Henrik Aalto",
            "head of the team",
        ),
        ("Henrik Aalto of the Kiel Institute said the figures were thin.", "Henrik Aalto", None),
        ("The Kiel Institute's Henrik Aalto said the figures were thin.", "Henrik Aalto", None),
    ],
)
def test_entities_expert_found_by_the_words_around_the_name(
    stage: Entities, text: str, name: str, role: str | None
) -> None:
    doc_ents = [(name, "PERSON")]
    assert (name, "EXPERT", role) in _people(stage, text, ents=doc_ents)


def test_entities_roundup_name_line_then_title_line(stage: Entities) -> None:
    text = (
        "Marta Lindqvist\n"
        "Director of the Centre for Defence Studies\n"
        "First, Europe must decide.\n"
        "Piotr Zawadzki\n"
        "Senior Fellow at the Baltic Policy Institute\n"
        "Second, deterrence must be credible."
    )
    found = _people(stage, text)
    assert ("Marta Lindqvist", "EXPERT", "Director") in found
    assert ("Piotr Zawadzki", "EXPERT", "Senior Fellow") in found


def test_entities_retired_general_cited_for_analysis_is_an_expert(stage: Entities) -> None:
    text = (
        "Some, like retired Lieutenant General Thomas Keane, want troops there now. "
        "Keane, a former commander of allied land forces, thinks so. "
        "Start with the mission, says Keane."
    )
    found = _people(stage, text, ents=[("Thomas Keane", "PERSON")], pos={"Keane": "PROPN"})
    assert {label for _, label, _ in found} == {"EXPERT"}
    assert len(found) == 3


def test_entities_retired_general_not_cited_stays_a_leader(stage: Entities) -> None:
    text = "The 2014 exercise was led by retired General Thomas Keane before he left the army."
    assert _people(stage, text, ents=[("Thomas Keane", "PERSON")]) == [
        ("Thomas Keane", "LEADER", "General")
    ]


def test_entities_ambassador_to_a_state_before_the_name(stage: Entities) -> None:
    text = "The UK's ambassador to Ukraine Martin Ellery attended."
    assert _people(stage, text) == [("Martin Ellery", "LEADER", "ambassador")]


def test_entities_name_split_by_a_bracket_is_the_leader(stage: Entities) -> None:
    text = "It is a classic from the (Russian President Vladimir) Putin playbook."
    found = stage.predict(make_doc(text))[0]
    assert [(e.text, e.label, e.canonical) for e in found if e.label == "LEADER"] == [
        ("Putin", "LEADER", "Vladimir Putin")
    ]


def test_entities_byline_of_two_names(stage: Entities) -> None:
    text = "Allies agree loan\n\nBy Anna Kovacs and Peter Holm\n\nLeaders agreed a loan on Friday."
    names = [p[0] for p in _people(stage, text)]
    assert "Anna Kovacs" in names and "Peter Holm" in names
    assert not any(n.startswith("and ") for n in names)


def test_entities_tail_of_a_longer_name_is_no_person(stage: Entities) -> None:
    # spaCy tags the whole name; the capitalised run after "for" is no person.
    text = "Lena Berg, a senior analyst at the Centre for Baltic Maritime Security, a Riga think tank, said so."
    doc = make_doc(
        text,
        ents=[("Lena Berg", "PERSON"), ("the Centre for Baltic Maritime Security", "ORG")],
    )
    entities = stage.predict(doc)[0]
    assert ("Centre for Baltic Maritime Security", "ORGANIZATION") in [
        (e.text, e.label) for e in entities
    ]
    assert "Baltic Maritime Security" not in [e.text for e in entities if e.label == "PERSON"]


def test_entities_name_with_its_head_word_before_it(stage: Entities) -> None:
    # The tagger left "Centre for" out and called the rest a person.
    text = "Lena Berg, an analyst at the Centre for Baltic Maritime Security, said so."
    doc = make_doc(text, ents=[("Lena Berg", "PERSON"), ("Baltic Maritime Security", "PERSON")])
    entities = stage.predict(doc)[0]
    assert ("Centre for Baltic Maritime Security", "ORGANIZATION") in [
        (e.text, e.label) for e in entities
    ]
