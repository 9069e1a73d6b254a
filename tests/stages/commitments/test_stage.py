"""The commitments stage end to end, with the real models (`models` tests): each kind of
construction real articles use, on sentences written for these tests."""

from __future__ import annotations

import pytest

from pledgewatch.config import Config
from pledgewatch.model import Document

pytestmark = pytest.mark.models


@pytest.fixture(scope="module")
def pipeline():
    from pledgewatch.pipeline import build_pipeline

    return build_pipeline(Config())


def _found(pipeline, text: str):
    (doc,) = pipeline([Document(doc_id="c", text=text)])
    return [(c.text, c.status, c.actors) for c in doc.commitments]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A plain pledge with its condition, a proposal, a refusal, a delivery.
        (
            "Britain will send troops to Ukraine once a ceasefire holds, Prime Minister Keir Starmer said.",
            [
                (
                    "Britain will send troops to Ukraine once a ceasefire holds",
                    "pledged",
                    ("United Kingdom",),
                )
            ],
        ),
        (
            "France could contribute fighter jets to a European air-policing mission over western Ukraine.",
            [
                (
                    "France could contribute fighter jets to a European air-policing mission over western Ukraine",
                    "proposed",
                    ("France",),
                )
            ],
        ),
        (
            "Germany will not send Taurus long-range missiles to Ukraine, the chancellor said.",
            [
                (
                    "Germany will not send Taurus long-range missiles to Ukraine",
                    "declined",
                    ("Germany",),
                )
            ],
        ),
        (
            "Denmark has delivered the last of its F-16 fighter jets to the Ukrainian air force.",
            [
                (
                    "Denmark has delivered the last of its F-16 fighter jets to the Ukrainian air force",
                    "delivered",
                    ("Denmark",),
                )
            ],
        ),
    ],
)
def test_commitments_stage_plain_clauses(pipeline, text, expected) -> None:
    assert _found(pipeline, text) == expected


def test_commitments_stage_enumeration_items(pipeline) -> None:
    # One record per item the decision keeps, in place of the clause (at least two).
    text = "The new pact covers intelligence sharing, pilot training and joint production of artillery shells."
    found = [t for t, _, _ in _found(pipeline, text)]
    items = [
        "The new pact covers intelligence sharing",
        "pilot training",
        "joint production of artillery shells",
    ]
    assert len(found) >= 2 and set(found) <= set(items)


def test_commitments_stage_donors_in_a_list(pipeline) -> None:
    text = "The fund received EUR 300 million from Belgium for ammunition and EUR 90 million from Portugal for demining equipment."
    found = _found(pipeline, text)
    assert [(t, a) for t, _, a in found] == [
        ("The fund received EUR 300 million from Belgium for ammunition", ("Belgium",)),
        ("EUR 90 million from Portugal for demining equipment", ("Portugal",)),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "European governments should commit fighter squadrons before any truce is signed.",
        "Will Germany send more air defence this winter?",
        "Russian drones struck a power plant in Kharkiv overnight, officials said.",
        "Analysts wonder whether Congress would pay for a sustained air presence.",
        "Analysts said the 1994 memorandum had given Ukraine no real protection.",
        "Kyiv urged its partners to send more Patriot batteries before winter.",
    ],
)
def test_commitments_stage_non_commitments(pipeline, text: str) -> None:
    assert _found(pipeline, text) == []


def test_commitments_stage_empty_batch_document_and_long(pipeline) -> None:
    assert pipeline([]) == []
    (empty,) = pipeline([Document(doc_id="e", text="")])
    assert empty.commitments == ()
    (accents,) = pipeline([Document(doc_id="a", text="Zürich és Kraków: «ни шагу назад».")])
    assert all(accents.text[c.start : c.end] == c.text for c in accents.commitments)
    text = " ".join(["Denmark has delivered the last of its F-16 fighter jets to Ukraine."] * 150)
    (doc,) = pipeline([Document(doc_id="l", text=text)])
    assert len(doc.commitments) == 150 and all(
        text[c.start : c.end] == c.text for c in doc.commitments
    )
