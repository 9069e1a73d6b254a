"""Commitment types from words, with the lexicon's ordered patterns."""

from __future__ import annotations

import pytest

from pledgewatch.stages.commitments.types import keyword_type


@pytest.mark.parametrize(
    ("clause", "commitment_type"),
    [
        ("Britain will send troops to Ukraine once guns fall silent", "troop_deployment"),
        ("the EU adopted its 19th sanctions package", "sanctions"),
        ("Russian sovereign assets would remain immobilised until Russia pays", "sanctions"),
        ("Denmark will train Ukrainian pilots", "training"),
        ("London and Kyiv signed an agreement to co-produce drones", "defense_industry"),
        ("Norway will finance two NASAMS batteries", "military_aid"),
        ("The Commission pledged €100 million for generators and shelters", "humanitarian_aid"),
        ("the Royal Air Force could fly air-policing missions over western Ukraine", "air_support"),
        ("Washington resumed intelligence sharing with Kyiv", "intelligence"),
        ("Hungary refused to lift its veto on accession talks", "membership"),
        ("the two governments signed a declaration of intent", "agreement"),
        ("Switzerland would host a peace summit", "diplomatic"),
        ("the bloc will lend Ukraine €90 billion", "financial_aid"),
        ("further economic support", "financial_aid"),
        ("a $400 million security assistance package", "military_aid"),
        ("allies agreed to spend 5% of GDP on defence by 2035", "other"),
        ("Germany will take part in monitoring the ceasefire", "other"),
        ("the plan was discussed at length", None),
    ],
)
def test_commitments_keyword_type(lexicon, clause: str, commitment_type: str | None) -> None:
    assert keyword_type(clause, lexicon.types) == commitment_type


@pytest.mark.parametrize(
    ("own", "contexts", "expected"),
    [
        # a donor's line in a list led in by an ammunition scheme
        (
            "Denmark: about EUR 200 million",
            ["Donors to the initiative for artillery shells so far:"],
            "military_aid",
        ),
        (
            "Norway gave NOK 1 billion",
            ["Norway gave NOK 1 billion for generators."],
            "humanitarian_aid",
        ),
        # the words say what the money is, or the sentence names no kind it buys
        ("a loan of EUR 5 billion", ["It is for shells."], None),
        ("Sweden gave SEK 2 billion", ["Sweden gave SEK 2 billion to the budget."], None),
        ("Sweden gave SEK 2 billion", ["Sweden gave SEK 2 billion on Monday."], None),
        # no amount: nothing to say
        ("the pledge stands", ["The pledge of shells stands."], None),
    ],
)
def test_commitments_money_for_what_it_buys(lexicon, own: str, contexts, expected) -> None:
    from pledgewatch.stages.commitments.types import money_for

    assert money_for(own, contexts, lexicon.types, lexicon.named) == expected
