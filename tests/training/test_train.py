"""Training data files and ``pledgewatch train`` (the last test loads the real models)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pledgewatch.errors import PledgewatchError
from pledgewatch.stages.commitments.candidate import Candidate
from pledgewatch.training.data import load_passages
from pledgewatch.training.train import decision_labels

PASSAGE = {
    "text": "Norway will fund two batteries. Sweden will train crews.",
    "source_style": "wire",
    "commitments": [
        {
            "start": 0,
            "evidence": "Norway will fund two batteries",
            "actors": ["Norway"],
            "recipients": ["Ukraine"],
            "type": "military_aid",
            "status": "pledged",
            "condition": None,
        },
        {
            "start": 32,
            "evidence": "Sweden will train crews",
            "actors": ["Sweden"],
            "recipients": ["Ukraine"],
            "type": "training",
            "status": "pledged",
            "condition": None,
        },
    ],
}
SENTENCE = {
    "text": "Spain ruled out troops.",
    "commitment": True,
    "evidence": "Spain ruled out troops",
    "actors": ["Spain"],
    "recipients": ["Ukraine"],
    "type": "troop_deployment",
    "status": "declined",
    "conditional": False,
    "condition": None,
}


def _write(path: Path, *rows) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_training_load_passages_reads_both_formats(tmp_path: Path) -> None:
    negative = {"text": "Talks resume on Monday.", "commitment": False}
    docs = load_passages([_write(tmp_path / "a.jsonl", PASSAGE, SENTENCE, negative)])
    assert [len(d.commitments) for d in docs] == [2, 1, 0]
    assert (
        docs[0].commitments[1].start == 32
        and docs[0].commitments[1].text == "Sweden will train crews"
    )
    assert docs[1].commitments[0].plover == "REJECT" and docs[0].doc_id.endswith("a.jsonl:1")


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        (
            {"text": "x", "commitments": [{**PASSAGE["commitments"][0], "start": 3}]},
            "is not the text at 3",
        ),
        ({"text": "Spain will act."}, "needs 'commitments'"),
        ({**SENTENCE, "type": "weapons"}, "unknown type 'weapons'"),
        ({"text": ""}, "non-empty 'text'"),
    ],
)
def test_training_load_passages_names_file_and_line(tmp_path: Path, row, problem) -> None:
    path = _write(tmp_path / "bad.jsonl", PASSAGE, row)
    with pytest.raises(PledgewatchError, match=rf"bad\.jsonl:2: .*{problem}"):
        load_passages([path])


def test_training_decision_labels_best_match_one_to_one(tmp_path: Path) -> None:
    (passage,) = load_passages([_write(tmp_path / "a.jsonl", PASSAGE)])
    candidates = [
        Candidate(0, 55, 0),  # the whole text overlaps both
        Candidate(0, 30, 0),  # exactly the first evidence
        Candidate(32, 55, 0),  # exactly the second
        Candidate(11, 15, 0, "nominal"),  # inside the first
    ]
    assert decision_labels(passage, candidates) == [0, 1, 1, 0]


@pytest.mark.models
def test_training_is_deterministic_and_reports_cross_validation(tmp_path: Path) -> None:
    from pledgewatch.config import Config
    from pledgewatch.encoder import CommitmentHeads
    from pledgewatch.training.train import train

    givers = ["Norway", "Sweden", "Denmark", "Finland", "Poland", "Canada", "Japan", "Spain"]
    rows = []
    for i, giver in enumerate(givers):
        rows.append(
            {
                "text": f"{giver} will send {i + 2} air-defence systems to Ukraine this winter.",
                "commitment": True,
                "evidence": f"{giver} will send {i + 2} air-defence systems to Ukraine this winter",
                "actors": [giver],
                "recipients": ["Ukraine"],
                "type": "military_aid",
                "status": "pledged",
            }
        )
        rows.append(
            {
                "text": f"{giver} has ruled out sending troops to Ukraine.",
                "commitment": True,
                "evidence": f"{giver} has ruled out sending troops to Ukraine",
                "actors": [giver],
                "recipients": ["Ukraine"],
                "type": "troop_deployment",
                "status": "declined",
            }
        )
        rows.append(
            {
                "text": f"Heavy rain fell over {giver} on Tuesday, forecasters said.",
                "commitment": False,
            }
        )
    data = _write(tmp_path / "small.jsonl", *rows)
    first = train([data], tmp_path / "a.json", Config(), folds=2)
    train([data], tmp_path / "b.json", Config(), folds=2)
    assert (tmp_path / "a.json").read_text() == (tmp_path / "b.json").read_text()
    heads = CommitmentHeads.load(tmp_path / "a.json")
    assert heads.meta["seed"] == 13 and heads.decision is not None
    stage = first["cross_validation"]["stage"]
    assert stage["detection"]["tp"] + stage["detection"]["fn"] == 16


def test_training_decision_labels_split_a_labelled_enumeration(tmp_path: Path) -> None:
    row = {
        **SENTENCE,
        "text": "Spain will send shells, train pilots.",
        "evidence": "Spain will send shells, train pilots",
    }
    (passage,) = load_passages([_write(tmp_path / "a.jsonl", row)])
    clause = Candidate(0, 36, 2)
    items = [
        Candidate(0, 22, 2, "item", parent=0, group=0),
        Candidate(24, 36, 2, "item", parent=0, group=0),
    ]
    assert decision_labels(passage, [clause, *items]) == [0, 1, 1]


def test_training_best_threshold_breaks_ties_towards_one_half() -> None:
    from pledgewatch.training.train import best_threshold

    # 0.375 is best by a hair; 0.425 is as good within sampling noise and nearer 0.5.
    f1 = {0.35: 0.8185, 0.375: 0.8195, 0.4: 0.8194, 0.425: 0.8186, 0.45: 0.8157}
    assert best_threshold(f1) == 0.425
    assert best_threshold(f1, tie=0.0) == 0.375
    assert best_threshold({0.3: 0.80, 0.7: 0.80}) == 0.3  # equally near 0.5: the lower
