"""The learned decision and the selection of records, on canned probabilities."""

from __future__ import annotations

import numpy as np
import pytest

from pledgewatch.stages.commitments.candidate import Candidate
from pledgewatch.stages.commitments.decision import Decision, select


def test_commitments_decision_is_a_logistic_regression() -> None:
    decision = Decision(("a", "b"), np.array([2.0, -1.0], dtype=np.float32), 0.5, 0.6)
    probabilities = decision.probabilities(np.array([[1.0, 0.0], [0.0, 1.0]], dtype=np.float32))
    assert probabilities[0] == pytest.approx(1 / (1 + np.exp(-2.5)), rel=1e-5)
    assert probabilities[1] == pytest.approx(1 / (1 + np.exp(0.5)), rel=1e-5)
    assert decision.probabilities(np.zeros((0, 2), dtype=np.float32)).shape == (0,)


def test_commitments_decision_round_trip_and_bad_width() -> None:
    decision = Decision(("a", "b"), np.array([2.0, -1.0], dtype=np.float32), 0.5, 0.6)
    again = Decision.from_dict(decision.to_dict())
    assert again.features == ("a", "b") and again.threshold == 0.6
    assert np.allclose(again.weights, decision.weights)
    with pytest.raises(ValueError, match="differ in length"):
        Decision.from_dict({**decision.to_dict(), "weights": [1.0]})


def test_commitments_decision_fit_learns_the_sign_of_a_feature() -> None:
    matrix = np.array([[1.0, 0.0]] * 20 + [[0.0, 1.0]] * 20, dtype=np.float32)
    labels = np.array([1] * 20 + [0] * 20)
    decision = Decision.fit(("good", "bad"), matrix, labels, 0.5, seed=13)
    assert decision.weights[0] > 0 > decision.weights[1]


# "Germany will send tanks, jets and money." (0-39): a clause and its three items.
CLAUSE = Candidate(0, 38, 2)
ITEMS = [
    Candidate(0, 24, 2, "item", parent=0, group=0),
    Candidate(26, 30, 2, "item", parent=0, group=0),
    Candidate(35, 38, 2, "item", parent=0, group=0),
]


def test_commitments_select_items_replace_their_clause() -> None:
    assert select([CLAUSE, *ITEMS], [0.9, 0.7, 0.6, 0.2], 0.5) == [1, 2]


def test_commitments_select_a_lone_item_defers_to_its_clause() -> None:
    assert select([CLAUSE, *ITEMS], [0.9, 0.7, 0.2, 0.2], 0.5) == [0]
    # ... and stands for it when the clause itself falls short
    assert select([CLAUSE, *ITEMS], [0.3, 0.7, 0.2, 0.2], 0.5) == [1]


def test_commitments_select_the_likelier_of_overlapping_candidates() -> None:
    clause = Candidate(0, 40, 1)
    nominal = Candidate(10, 30, 5, "nominal", parent=0)
    other = Candidate(42, 60, 9)
    assert select([clause, nominal, other], [0.6, 0.8, 0.7], 0.5) == [1, 2]
    assert select([clause, nominal, other], [0.9, 0.8, 0.4], 0.5) == [0]
    assert select([], [], 0.5) == []
