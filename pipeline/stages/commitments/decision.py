"""The learned decision: is a candidate a commitment, given everything found about it?

A logistic regression over the features of `features.FEATURES` (the classifier's
probability for the candidate and for its clause, its kind, and the rules'
findings), fitted by ``pledgewatch train`` on out-of-fold classifier
probabilities of the training candidates, so that it learns how far to trust
the classifier on text it has not seen. Its threshold is the one that gave the
best cross-validated F1 on the training set. Nothing here is hand-set.

`select` then makes the records one-to-one with statements: the items of an
enumeration replace their clause when two or more of them are kept; otherwise
of two overlapping candidates the likelier stays.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from pledgewatch.stages.commitments.candidate import Candidate


@dataclass(frozen=True)
class Decision:
    """``probability(x) = sigmoid(x @ weights + bias)``; kept when ≥ ``threshold``."""

    features: tuple[str, ...]
    weights: np.ndarray
    bias: float
    threshold: float

    def probabilities(self, matrix: np.ndarray) -> np.ndarray:
        if matrix.shape[0] == 0:
            return np.zeros(0, dtype=np.float32)
        scores = matrix @ self.weights + self.bias
        return 1.0 / (1.0 + np.exp(-scores))

    def to_dict(self) -> dict[str, Any]:
        return {
            "features": list(self.features),
            "weights": self.weights.round(6).tolist(),
            "bias": round(float(self.bias), 6),
            "threshold": round(float(self.threshold), 4),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Decision:
        weights = np.asarray(data["weights"], dtype=np.float32)
        features = tuple(data["features"])
        if weights.shape != (len(features),):
            raise ValueError("decision: weights and features differ in length")
        return cls(features, weights, float(data["bias"]), float(data["threshold"]))

    @classmethod
    def fit(
        cls,
        features: Sequence[str],
        matrix: np.ndarray,
        labels: np.ndarray,
        threshold: float,
        seed: int,
    ) -> Decision:
        from sklearn.linear_model import LogisticRegression

        model = LogisticRegression(C=1.0, max_iter=5000, random_state=seed)
        model.fit(matrix, labels)
        return cls(
            tuple(features),
            model.coef_[0].astype(np.float32),
            float(model.intercept_[0]),
            threshold,
        )


def select(
    candidates: Sequence[Candidate], probabilities: Sequence[float], threshold: float
) -> list[int]:
    """Indices of the candidates kept, in text order.

    An enumeration whose items reach the threshold two or more times is kept item by
    item, in place of its clause; one lone item defers to its clause. Then, most
    probable first, a candidate is kept unless it overlaps one already kept.
    """
    above = {i for i, p in enumerate(probabilities) if p >= threshold}
    groups: dict[int, list[int]] = {}
    for i, candidate in enumerate(candidates):
        if candidate.kind == "item" and candidate.group is not None:
            groups.setdefault(candidate.group, []).append(i)
    bonus: dict[int, float] = {}
    for parent, members in groups.items():
        kept = [i for i in members if i in above]
        if len(kept) >= 2:
            above.discard(parent)
            for i in kept:
                bonus[i] = 1.0  # an enumeration's items go before what overlaps them
        else:
            above.difference_update(members)
            if kept and parent not in above and probabilities[parent] < threshold:
                above.add(kept[0])
    order = sorted(above, key=lambda i: (-(probabilities[i] + bonus.get(i, 0.0)), i))
    chosen: list[int] = []
    for i in order:
        candidate = candidates[i]
        if any(_overlap(candidate, candidates[j]) for j in chosen):
            continue
        chosen.append(i)
    return sorted(chosen, key=lambda i: (candidates[i].start, candidates[i].end))


def _overlap(a: Candidate, b: Candidate) -> bool:
    return a.start < b.end and b.start < a.end
