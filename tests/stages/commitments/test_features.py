"""Features of the decision: headline detection and the feature vector's shape."""

from __future__ import annotations

import pytest

from pledgewatch.stages.commitments.actors import make_context
from pledgewatch.stages.commitments.candidate import Candidate
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
    ],
)
def test_commitments_is_headline(start: int, end: int, headline: bool) -> None:
    assert is_headline(TEXT, start, end) is headline


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
    finding = describe(doc, candidate, context)
    values = dict(
        zip(FEATURES, feature_vector(doc, candidate, finding, context, 0.7, 0.7, {}), strict=True)
    )
    assert values["p_detect"] == pytest.approx(0.7)
    assert values["kind_clause"] == 1.0 and values["kind_item"] == 0.0
    assert values["advisory"] == 1.0 and values["question"] == 1.0
    assert values["status_declined"] == 1.0 and values["type_keyword"] == 1.0
