"""``pledgewatch train``: build the commitments classifier heads from labelled sentences.

Input: ``annotations/train/commitments.jsonl`` (see its README), never the gold
files that are scored. Each training sentence is split into clauses as the
stage splits articles (`pledgewatch.clauses`); the clause that covers the
labelled evidence is a positive example with its type and status, the others
are negatives, and the evidence itself is added as a positive. Three logistic
regression heads are fitted with a fixed seed on the encoder's embeddings and
the clause's word features (`pledgewatch.encoder.WordFeatures`, whose vocabulary
is taken from the training clauses): ``detect`` (commitment or not), ``type``
and ``status`` (on positives). ``--cv K`` reports K-fold cross-validation,
folds grouped by sentence; each fold builds its own vocabulary.

The settings (regularisation ``C``, the words' weight, the minimum count of a
word) were chosen by 5-fold cross-validation on the training set, never on the
gold: on the first 1,563 training sentences, words and pairs beside the
embedding raised detection F1 from 0.856 to 0.89, type accuracy from 0.84 to
0.87 and status accuracy from 0.78 to 0.87.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from pledgewatch.clauses import clauses, reporting_words
from pledgewatch.config import Config
from pledgewatch.encoder import ENCODER_NAME, CommitmentHeads, Encoder, LinearHead, WordFeatures
from pledgewatch.errors import PledgewatchError
from pledgewatch.evaluate import PRF, Accuracy
from pledgewatch.kb import KnowledgeBase
from pledgewatch.nlp import Nlp

SEED = 13
C = 8.0  # inverse regularisation strength of every head
WORD_SCALE = 1.5  # the word features' norm beside the unit-norm embedding
MIN_COUNT = 3  # a word or pair enters the vocabulary when this many training clauses hold it


@dataclass(frozen=True)
class Example:
    text: str
    commitment: bool
    type: str | None
    status: str | None
    group: int  # the training sentence it came from


def load_rows(path: Path) -> list[dict[str, Any]]:
    rows = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as error:
                raise PledgewatchError(f"{path}:{number}: not JSON ({error.msg})") from None
            if "text" not in row or "commitment" not in row:
                raise PledgewatchError(f"{path}:{number}: needs 'text' and 'commitment'")
            if row["commitment"] and (
                not row.get("evidence") or row["evidence"] not in row["text"]
            ):
                raise PledgewatchError(f"{path}:{number}: 'evidence' must be a substring of 'text'")
            rows.append(row)
    return rows


def examples_from_rows(
    rows: Sequence[dict[str, Any]], nlp: Any, reporting: Sequence[str]
) -> list[Example]:
    """Clause-level examples, labelled by their overlap with the evidence."""
    out: list[Example] = []
    for group, (row, doc) in enumerate(zip(rows, nlp.pipe(r["text"] for r in rows), strict=True)):
        found = [c for sent in doc.sents for c in clauses(sent, reporting)]
        if not row["commitment"]:
            out.extend(Example(c.text(row["text"]), False, None, None, group) for c in found)
            out.append(Example(row["text"], False, None, None, group))
            continue
        start = row["text"].index(row["evidence"])
        end = start + len(row["evidence"])
        best = max(found, key=lambda c: _overlap(c.start, c.end, start, end), default=None)
        for clause in found:
            overlap = _overlap(clause.start, clause.end, start, end)
            if clause is best and overlap > 0:
                out.append(
                    Example(clause.text(row["text"]), True, row["type"], row["status"], group)
                )
            elif overlap < 0.2 * (clause.end - clause.start):
                out.append(Example(clause.text(row["text"]), False, None, None, group))
        out.append(Example(row["evidence"], True, row["type"], row["status"], group))
    return out


def _overlap(a: int, b: int, c: int, d: int) -> int:
    return max(0, min(b, d) - max(a, c))


def fit(
    examples: Sequence[Example], embeddings: np.ndarray, *, meta: dict[str, Any]
) -> CommitmentHeads:
    from sklearn.linear_model import LogisticRegression

    labels = np.array([e.commitment for e in examples])
    texts = [e.text for e in examples]
    words = WordFeatures.fit(texts, MIN_COUNT, WORD_SCALE)
    features = words.beside(embeddings, texts)
    heads: dict[str, LinearHead] = {}
    detect = LogisticRegression(C=C, max_iter=3000, class_weight="balanced", random_state=SEED)
    detect.fit(features, labels)
    heads["detect"] = LinearHead(
        "detect",
        ("no", "yes"),
        detect.coef_.astype(np.float32),
        detect.intercept_.astype(np.float32),
    )
    positive = np.flatnonzero(labels)
    for field in ("type", "status"):
        y = np.array([getattr(examples[i], field) for i in positive])
        model = LogisticRegression(C=C, max_iter=3000, random_state=SEED)
        model.fit(features[positive], y)
        heads[field] = LinearHead(
            field,
            tuple(str(c) for c in model.classes_),
            model.coef_.astype(np.float32),
            model.intercept_.astype(np.float32),
        )
    return CommitmentHeads(ENCODER_NAME, int(embeddings.shape[1]), heads, meta, words)


def cross_validate(
    examples: Sequence[Example], embeddings: np.ndarray, folds: int
) -> dict[str, Any]:
    """K-fold figures, folds grouped by training sentence; counts with every figure."""
    groups = sorted({e.group for e in examples})
    random.Random(SEED).shuffle(groups)
    fold_of = {g: i % folds for i, g in enumerate(groups)}
    detection = PRF()
    accuracy = {"type": Accuracy(), "status": Accuracy()}
    for k in range(folds):
        train = [i for i, e in enumerate(examples) if fold_of[e.group] != k]
        test = [i for i, e in enumerate(examples) if fold_of[e.group] == k]
        heads = fit([examples[i] for i in train], embeddings[train], meta={})
        features = heads.features(embeddings[test], [examples[i].text for i in test])
        probs = heads.heads["detect"].probabilities(features)[:, 1]
        for i, p in zip(test, probs, strict=True):
            gold, predicted = examples[i].commitment, bool(p >= 0.5)
            detection += PRF(
                int(gold and predicted), int(predicted and not gold), int(gold and not predicted)
            )
        positive = [j for j, i in enumerate(test) if examples[i].commitment]
        if positive:
            for field, figure in accuracy.items():
                head = heads.heads[field]
                predicted_classes = head.probabilities(features[positive]).argmax(axis=1)
                correct = sum(
                    head.classes[p] == getattr(examples[i], field)
                    for p, i in zip(predicted_classes, [test[j] for j in positive], strict=True)
                )
                accuracy[field] = figure + Accuracy(int(correct), len(positive))
    return {
        "folds": folds,
        "examples": len(examples),
        "detection": detection.to_dict(),
        "type": accuracy["type"].to_dict(),
        "status": accuracy["status"].to_dict(),
    }


def train(
    data: Path | Sequence[Path],
    out: Path,
    models_dir: Path,
    spacy_model: str,
    cv: int = 0,
    report: Path | None = None,
) -> dict[str, Any]:
    """Build the heads from the ``data`` file(s) into ``out``; with ``cv`` also cross-validate."""
    files = [Path(data)] if isinstance(data, (str, Path)) else [Path(p) for p in data]
    if not files:
        raise PledgewatchError(
            "train: no training files given or found (annotations/train/commitments*.jsonl)"
        )
    rows = [row for path in files for row in load_rows(path)]
    # The nlp stage's own pipeline, so training clauses are split exactly as at prediction.
    nlp_stage = Nlp(Config(spacy_model=spacy_model, models_dir=models_dir))
    nlp_stage.load()
    nlp = nlp_stage.spacy
    reporting = reporting_words(KnowledgeBase.load(models_dir).lexicons.reporting_verbs)
    examples = examples_from_rows(rows, nlp, reporting)
    encoder = Encoder().load()
    embeddings = encoder.encode([e.text for e in examples])
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in files)).hexdigest()[:16]
    meta = {
        "training_data": [str(p) for p in files],
        "training_sha256": digest,
        "sentences": len(rows),
        "examples": len(examples),
        "positives": sum(e.commitment for e in examples),
        "seed": SEED,
        "C": C,
        "word_scale": WORD_SCALE,
        "min_count": MIN_COUNT,
        "encoder_version": encoder.version,
    }
    heads = fit(examples, embeddings, meta=meta)
    heads.save(out)
    result: dict[str, Any] = {"head": str(out), **meta}
    if cv:
        result["cross_validation"] = cross_validate(examples, embeddings, cv)
    if report is not None:
        from pledgewatch.io import write_atomic

        write_atomic(report, json.dumps(result, indent=2) + "\n")
    return result
