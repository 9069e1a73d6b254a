"""Features of the decision: headline detection and the feature vector's shape."""

from __future__ import annotations

import pytest

from pledgewatch.stages.commitments.candidate import Candidate
from pledgewatch.stages.commitments.context import make_context
from pledgewatch.stages.commitments.features import (
    FEATURES,
    describe,
    feature_vector,
    is_headline,
)
from tests.parses import parsed

TEXT = "Canada and Ukraine Sign Decade-Long Pact\n\nOttawa signed the pact on Friday.\nBy Jane Roe"


@pytest.mark.parametrize(
    ("start", "end", "headline"),
    [
        (0, 40, True),  # a paragraph of its own, no final full stop
        (42, 75, False),  # a sentence ending in a full stop
        (76, 87, True),  # a byline line is formally a headline; the decision weighs it
        (0, 42, True),  # as spaCy gives it, with the blank line after it in the sentence
        (42, 76, False),
    ],
)
def test_commitments_is_headline(start: int, end: int, headline: bool) -> None:
    assert is_headline(TEXT, start, end) is headline


def _values(doc, candidate, context, p_detect: float, p_parent: float) -> dict[str, float]:
    """The candidate's features by name."""
    finding = describe(doc, candidate, context)
    row = feature_vector(doc, candidate, finding, context, p_detect, p_parent, {})
    return dict(zip(FEATURES, row, strict=True))


def test_commitments_feature_vector_names_every_feature(lexicon, gazetteer) -> None:
    doc = parsed("""
Germany 4 nsubj PROPN NNP Germany
should 4 aux AUX MD should
not 4 neg PART RB not
send 0 ROOT VERB VB send
troops 4 dobj NOUN NNS troop
? 4 punct PUNCT . ?
""")
    context = make_context(doc.text, (), (), gazetteer, lexicon)
    candidate = Candidate(0, len(doc.text) - 1, 3)
    values = _values(doc, candidate, context, 0.7, 0.7)
    assert values["p_detect"] == pytest.approx(0.7)
    assert values["kind_clause"] == 1.0 and values["kind_item"] == 0.0
    assert values["advisory"] == 1.0 and values["question"] == 1.0
    assert values["status_declined"] == 1.0 and values["type_keyword"] == 1.0


def test_commitments_passive_takes_the_giver_named_before() -> None:
    from pledgewatch.stages.commitments.features import Finding, with_earlier_givers

    found = [Candidate(0, 30, 0), Candidate(40, 70, 8), Candidate(3000, 3030, 90)]
    findings = [
        Finding("pledged", True, ("Germany",), "subject"),  # "Germany has ordered missiles"
        Finding("pledged", False, (), "none"),  # "They will be delivered in May"
        Finding("pledged", False, (), "none"),  # the same, far later in the article
    ]
    out = with_earlier_givers(findings, found, [False, True, True], "Ukraine")
    assert [(f.actors, f.actor_source) for f in out] == [
        (("Germany",), "subject"),
        (("Germany",), "context"),
        ((), "none"),
    ]
    # The receiver or an unnamed group is no giver to carry on.
    findings[0] = Finding("pledged", True, ("Ukraine",), "subject")
    assert with_earlier_givers(findings, found, [False, True, True], "Ukraine")[1].actors == ()


def test_commitments_feature_actor_adversary(lexicon, gazetteer) -> None:
    # "Russia launched missiles at Kyiv.": the side the support is against acts.
    from pledgewatch.model import Entity

    doc = parsed("""
Russia 2 nsubj PROPN NNP Russia
launched 0 ROOT VERB VBD launch
missiles 2 dobj NOUN NNS missile
at 2 prep ADP IN at
Kyiv 4 pobj PROPN NNP Kyiv
. 2 punct PUNCT . .
""")
    entities = (
        Entity(0, 6, "Russia", "STATE", "Russia"),
        Entity(28, 32, "Kyiv", "STATE", "Ukraine"),
    )
    context = make_context(doc.text, entities, (), gazetteer, lexicon)
    candidate = Candidate(0, len(doc.text) - 1, 1)
    assert describe(doc, candidate, context).actors == ("Russia",)
    values = _values(doc, candidate, context, 0.6, 0.6)
    assert values["actor_adversary"] == 1.0


def test_commitments_feature_noun_phrase_alone_in_its_clause(lexicon, gazetteer) -> None:
    # "The summit follows Starmer's proposal to form a coalition.": the clause is no
    # commitment (its probability 0.2), the noun phrase in it is (0.8).
    from tests.stages.commitments.test_candidates import PROPOSAL as doc

    context = make_context(doc.text, (), (), gazetteer, lexicon)
    nominal = Candidate(19, 57, 5, kind="nominal", parent=0)
    assert _values(doc, nominal, context, 0.8, 0.2)["p_x_alone_in_clause"] == pytest.approx(0.64)
    clause = Candidate(0, len(doc.text) - 1, 2)
    assert _values(doc, clause, context, 0.2, 0.2)["p_x_alone_in_clause"] == 0.0
