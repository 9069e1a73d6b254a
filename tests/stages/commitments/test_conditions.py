"""Conditions: the words a commitment depends on, read with the lexicon's openings."""

from __future__ import annotations

import pytest

from pledgewatch.stages.commitments.conditions import condition_of


@pytest.mark.parametrize(
    ("text", "condition"),
    [
        ("Britain will send troops once a ceasefire holds.", "once a ceasefire holds"),
        ("France would send troops if a truce was agreed.", "if a truce was agreed"),
        (
            "The EU will keep sanctions until Russia pays for the damage.",
            "until Russia pays for the damage",
        ),
        (
            "Allies will extend an invitation when Allies agree and conditions are met.",
            "when Allies agree and conditions are met",
        ),
        ("The G7 will act in the event of a renewed attack.", "in the event of a renewed attack"),
        (
            "Germany will pay, provided the Bundestag approves the budget.",
            "provided the Bundestag approves the budget",
        ),
        ("They agreed to lead the force after hostilities end.", "after hostilities end"),
        ("Aid will flow subject to reforms being completed.", "subject to reforms being completed"),
        ("Troops would deploy following a ceasefire deal.", "following a ceasefire deal"),
        ("Jets will fly as soon as the runway is repaired.", "as soon as the runway is repaired"),
        ("We will train them whether or not the guns fall silent.", None),
        ("We will stand by Ukraine, now and after the guns fall silent.", None),
        ("Britain will send more if needed.", None),
        ("Britain has provided air-defence missiles since 2022.", None),
        ("Britain will send troops.", None),
    ],
)
def test_commitments_condition_of(lexicon, text: str, condition: str | None) -> None:
    assert condition_of(text, 0, len(text), lexicon.condition) == condition
    if condition:
        assert condition in text


def test_commitments_condition_of_reads_only_its_span(lexicon) -> None:
    text = "Britain will send troops. It would stay if asked."
    assert condition_of(text, 0, 24, lexicon.condition) is None
    assert condition_of(text, 26, 48, lexicon.condition) == "if asked"
