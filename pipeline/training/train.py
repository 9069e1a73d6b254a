"""``pledgewatch train``: the commitments stage's classifier heads and decision.

Input: the training passages of ``annotations/train/`` (`data.load_passages`),
never the gold files that are scored. Each passage is read by the stages
before commitments (boilerplate, spaCy, entities, quotes) and cut into the
stage's own candidates (`pledgewatch.stages.commitments.candidates`), so the
heads learn on the units they are later shown.

1. **Heads.** Three logistic regressions over a candidate's embedding and word
   features: ``detect`` (does it lie in a labelled commitment), ``type`` and
   ``status`` (on positives). A candidate mostly inside a commitment's
   evidence, or covering most of it, is a positive; one that touches no
   evidence a negative; the evidence texts are positives too.
2. **Out-of-fold scores.** In K folds (grouped by passage) the heads are
   fitted on the other folds and score the held-out candidates, so each
   training candidate gets the probability the classifier gives unseen text.
3. **Decision.** The stage's features are computed with those probabilities,
   and a logistic regression learns which candidates are the commitments: the
   candidate that best matches (by overlap over union) each labelled evidence is
   a positive, every other candidate a negative.
4. **Threshold and figures.** The decision is cross-validated in the same folds;
   the whole stage (selection, type, status, actors) runs on the held-out
   passages and is scored by `pledgewatch.evaluate.score`, exactly as
   ``pledgewatch eval`` scores articles. The threshold with the best F1 is kept.
5. The heads are refitted on every passage, the decision on every candidate,
   and both saved in ``models/commitments/head.json``.

Everything is seeded (`SEED`); the same data gives the same file.
"""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from pledgewatch.config import Config
from pledgewatch.encoder import ENCODER_NAME, CommitmentHeads, Encoder, LinearHead, WordFeatures
from pledgewatch.errors import PledgewatchError
from pledgewatch.evaluate import PRF, Accuracy, score
from pledgewatch.model import Document
from pledgewatch.pipeline import build_pipeline
from pledgewatch.stages.commitments.candidate import Candidate
from pledgewatch.stages.commitments.decision import Decision
from pledgewatch.stages.commitments.features import FEATURES
from pledgewatch.stages.commitments.stage import Commitments, Scores
from pledgewatch.stages.commitments.texts import masked
from pledgewatch.training.data import file_digest, load_passages

SEED = 13
# The heads' settings. Cross-validation on the training texts barely tells them apart
# (detection F1 0.80 to 0.81 for C from 1 to 8, word weight 0.5 to 1.5, minimum count 3
# to 5); on the real-article development set the stronger regularisation and the
# lighter words generalise better (F1 0.72 against 0.71), so those are kept.
C = 2.0  # inverse regularisation strength of every head
WORD_SCALE = 1.0  # the word features' norm beside the unit-norm embedding
MIN_COUNT = 5  # a word or pair enters the vocabulary when this many training texts hold it
THRESHOLDS = tuple(round(0.2 + 0.025 * i, 3) for i in range(25))  # 0.2 … 0.8
TYPE_BARS = (0.0, 0.3, 0.5, 0.7, 1.01)  # 0: the classifier always; above 1: keywords always
# Cross-validated F1s closer than this are a tie: sampling noise on some 3,600 passages.
F1_TIE = 0.001


def best_threshold(f1_by_threshold: dict[float, float], tie: float = F1_TIE) -> float:
    """The threshold of the best cross-validated F1; of those within ``tie`` of it, the
    one nearest 0.5, where the decision's probabilities mean what they say."""
    best = max(f1_by_threshold.values())
    tied = [t for t, f1 in f1_by_threshold.items() if f1 >= best - tie]
    return min(tied, key=lambda t: (round(abs(t - 0.5), 6), t))


@dataclass(frozen=True)
class Example:
    """One text the heads learn from: a candidate (``candidate`` its index in the flat
    list of all candidates) or a labelled evidence (``candidate`` None)."""

    text: str
    commitment: bool
    type: str | None
    status: str | None
    group: int  # the passage it came from
    candidate: int | None = None


def analyse(passages: Sequence[Document], config: Config) -> list[Document]:
    """The passages read by every stage before commitments, spaCy analysis kept."""
    pipe = build_pipeline(config, names=("boilerplate", "nlp", "entities", "quotes")).load()
    out: list[Document] = []
    inputs = [replace(p, commitments=()) for p in passages]
    for start in range(0, len(inputs), 64):
        batch = inputs[start : start + 64]
        for stage in pipe.stages:
            batch = stage(batch)
        out.extend(batch)
    return out


def head_examples(
    gold: Sequence[Document], docs: Sequence[Document], found: Sequence[Sequence[Candidate]]
) -> list[Example]:
    """The heads' examples: every candidate labelled by its overlap with the evidence
    (ambiguous ones left out), and every evidence; all with names masked, as the
    stage shows them (`Commitments.texts`)."""
    out: list[Example] = []
    flat = 0
    for group, (passage, doc, candidates) in enumerate(zip(gold, docs, found, strict=True)):
        entities = sorted(doc.entities, key=lambda e: e.start)
        for candidate, text in zip(candidates, Commitments.texts(doc, candidates), strict=True):
            best, overlap = _best_item(passage, candidate)
            length = candidate.end - candidate.start
            if best is not None and (
                overlap >= 0.5 * length or overlap >= 0.5 * (best.end - best.start)
            ):
                out.append(Example(text, True, best.type, best.status, group, flat))
            elif best is None:
                out.append(Example(text, False, None, None, group, flat))
            flat += 1
        for item in passage.commitments:
            text = masked(passage.text, item.start, item.end, entities)
            out.append(Example(text, True, item.type, item.status, group))
        if not passage.commitments:
            text = masked(passage.text, 0, len(passage.text), entities)
            out.append(Example(text, False, None, None, group))
    return out


def decision_labels(passage: Document, candidates: Sequence[Candidate]) -> list[int]:
    """1 for the candidate that best matches each labelled commitment (overlap over
    union, one-to-one, best pairs first), 0 for the others.

    A labelled span that holds an enumeration the stage splits ("covers intelligence
    sharing, pilot training and joint production", labelled whole in the older
    one-commitment-a-sentence files) is matched by its items, as SPEC's granularity
    rule says: one commitment per item and per giver.
    """
    pairs = []
    for gi, item in enumerate(passage.commitments):
        for ci, candidate in enumerate(candidates):
            overlap = min(item.end, candidate.end) - max(item.start, candidate.start)
            if overlap > 0:
                union = max(item.end, candidate.end) - min(item.start, candidate.start)
                pairs.append((-overlap / union, gi, ci))
    labels = [0] * len(candidates)
    matched: dict[int, int] = {}
    for _, gi, ci in sorted(pairs):
        if gi not in matched and not labels[ci]:
            matched[gi] = ci
            labels[ci] = 1
    for gi, ci in matched.items():
        gold = passage.commitments[gi]
        items = [
            i
            for i, c in enumerate(candidates)
            if c.kind == "item" and c.group == ci and c.start < gold.end and gold.start < c.end
        ]
        if len(items) >= 2 and not any(labels[i] for i in items):
            labels[ci] = 0
            for i in items:
                labels[i] = 1
    return labels


def fit_heads(
    examples: Sequence[Example], embeddings: np.ndarray, meta: dict[str, Any]
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


def train(
    data: Sequence[Path],
    out: Path,
    config: Config,
    folds: int = 5,
    report: Path | None = None,
) -> dict[str, Any]:
    """Build heads and decision from the ``data`` files into ``out``; return the report."""
    files = [Path(p) for p in data]
    if not files:
        raise PledgewatchError(
            "train: no training files given or found (annotations/train/commitments*.jsonl)"
        )
    if folds < 2:
        raise PledgewatchError(
            f"train: --cv needs at least 2 folds (the decision is cross-fitted), got {folds}"
        )
    gold = load_passages(files)
    docs = analyse(gold, config)
    stage = Commitments(config)
    stage.load_rules()
    found = [stage.candidates(doc) for doc in docs]
    examples = head_examples(gold, docs, found)
    encoder = Encoder().load()
    embeddings = encoder.encode([e.text for e in examples])
    fold_of = _folds(len(gold), folds)

    # Out-of-fold classifier scores for every candidate, and each fold's heads.
    rows = {e.candidate: i for i, e in enumerate(examples) if e.candidate is not None}
    candidate_texts = [
        t for doc, each in zip(docs, found, strict=True) for t in stage.texts(doc, each)
    ]
    missing = [i for i in range(len(candidate_texts)) if i not in rows]
    extra = encoder.encode([candidate_texts[i] for i in missing])
    embedding_of = {
        **{i: embeddings[r] for i, r in rows.items()},
        **dict(zip(missing, extra, strict=True)),
    }
    fold_heads: list[CommitmentHeads] = []
    scores: list[Scores | None] = [None] * len(docs)
    for k in range(folds):
        train_rows = [i for i, e in enumerate(examples) if fold_of[e.group] != k]
        heads = fit_heads([examples[i] for i in train_rows], embeddings[train_rows], meta={})
        fold_heads.append(heads)
        stage.heads = heads
        flat = 0
        for d, each in enumerate(found):
            if fold_of[d] == k and each:
                indices = range(flat, flat + len(each))
                matrix = np.stack([embedding_of[i] for i in indices])
                scores[d] = stage.score(matrix, [candidate_texts[i] for i in indices])
            flat += len(each)

    # The decision's features from those scores, and its labels.
    matrices, labels, findings, contexts = [], [], [], []
    for d, (doc, each) in enumerate(zip(docs, found, strict=True)):
        context = stage.context(doc)
        found_here = stage.findings(doc, each, context)
        detect = scores[d].detect if scores[d] is not None else np.zeros(0)
        matrices.append(stage.features(doc, each, found_here, detect, context))
        labels.append(np.array(decision_labels(gold[d], each), dtype=np.int64))
        findings.append(found_here)
        contexts.append(context)
    matrix = np.vstack([m.reshape(-1, len(FEATURES)) for m in matrices])
    y = np.concatenate([np.zeros(0, dtype=np.int64), *labels])
    doc_of_row = np.array([d for d, each in enumerate(found) for _ in each], dtype=np.int64)

    # Cross-validated decision: the whole stage on held-out passages, per threshold.
    held_out: list[np.ndarray] = [np.zeros(0)] * len(docs)
    for k in range(folds):
        train_mask = np.array([fold_of[d] != k for d in doc_of_row])
        decision = Decision.fit(FEATURES, matrix[train_mask], y[train_mask], 0.5, SEED)
        for d in range(len(docs)):
            if fold_of[d] == k and len(matrices[d]):
                held_out[d] = decision.probabilities(matrices[d])

    def held_out_report(threshold: float) -> Any:
        return _stage_report(
            stage,
            gold,
            docs,
            found,
            findings,
            scores,
            held_out,
            threshold,
            contexts,
            fold_heads,
            fold_of,
        )

    by_threshold = {threshold: held_out_report(threshold) for threshold in THRESHOLDS}
    best = best_threshold({t: by_threshold[t].detection.f1 or 0.0 for t in THRESHOLDS})
    # The type probability below which keywords decide, by the same cross-validation.
    by_type_bar = {}
    for bar in TYPE_BARS:
        stage.type_confident = bar
        by_type_bar[bar] = held_out_report(best)
    stage.type_confident = None
    type_bar = max(TYPE_BARS, key=lambda b: (by_type_bar[b].type.accuracy or 0.0, -abs(b - 0.5)))

    meta = {
        "training_data": [p.as_posix() for p in files],
        "training_sha256": file_digest(files),
        "passages": len(gold),
        "candidates": len(candidate_texts),
        "examples": len(examples),
        "positives": sum(e.commitment for e in examples),
        "seed": SEED,
        "C": C,
        "word_scale": WORD_SCALE,
        "min_count": MIN_COUNT,
        "folds": folds,
        "encoder_version": encoder.version,
        "type_confident": type_bar,
    }
    final = fit_heads(examples, embeddings, meta)
    decision = Decision.fit(FEATURES, matrix, y, best, SEED)
    final = replace(final, decision=decision)
    final.save(out)
    result: dict[str, Any] = {
        "head": out.as_posix(),
        **meta,
        "threshold": best,
        "cross_validation": {
            "stage": by_threshold[best].to_dict(),
            "detection_by_threshold": {
                str(t): by_threshold[t].detection.to_dict() for t in THRESHOLDS
            },
            "heads": _heads_figures(examples, embeddings, fold_of, folds),
            "type_accuracy_by_keyword_bar": {
                str(bar): by_type_bar[bar].type.to_dict() for bar in TYPE_BARS
            },
        },
        "decision_weights": dict(zip(FEATURES, decision.weights.round(3).tolist(), strict=True)),
    }
    if report is not None:
        from pledgewatch.io import write_atomic

        write_atomic(report, json.dumps(result, indent=2) + "\n")
    return result


def _stage_report(
    stage: Commitments,
    gold: Sequence[Document],
    docs: Sequence[Document],
    found: Sequence[Sequence[Candidate]],
    findings: Sequence[Any],
    scores: Sequence[Scores | None],
    held_out: Sequence[np.ndarray],
    threshold: float,
    contexts: Sequence[Any],
    fold_heads: Sequence[CommitmentHeads],
    fold_of: Sequence[int],
) -> Any:
    """The whole stage on the held-out passages at one threshold, scored as articles are."""
    predicted = []
    for d, doc in enumerate(docs):
        commitments = []
        if found[d]:
            commitments = stage.records(
                doc,
                found[d],
                findings[d],
                scores[d],
                held_out[d],
                threshold,
                contexts[d],
                fold_heads[fold_of[d]],
            )
        predicted.append(
            Document(doc_id=gold[d].doc_id, text=doc.text, commitments=tuple(commitments))
        )
    return score(gold, predicted).commitments


def _heads_figures(
    examples: Sequence[Example], embeddings: np.ndarray, fold_of: Sequence[int], folds: int
) -> dict[str, Any]:
    """The heads alone, example by example, in the same folds: detection at 0.5 and
    type and status accuracy on positives."""
    detection = PRF()
    accuracy = {"type": Accuracy(), "status": Accuracy()}
    for k in range(folds):
        train_rows = [i for i, e in enumerate(examples) if fold_of[e.group] != k]
        test_rows = [i for i, e in enumerate(examples) if fold_of[e.group] == k]
        heads = fit_heads([examples[i] for i in train_rows], embeddings[train_rows], meta={})
        features = heads.features(embeddings[test_rows], [examples[i].text for i in test_rows])
        probabilities = heads.heads["detect"].probabilities(features)[:, 1]
        for i, p in zip(test_rows, probabilities, strict=True):
            gold, predicted = examples[i].commitment, bool(p >= 0.5)
            detection += PRF(
                int(gold and predicted), int(predicted and not gold), int(gold and not predicted)
            )
        positive = [j for j, i in enumerate(test_rows) if examples[i].commitment]
        for field in ("type", "status"):
            head = heads.heads[field]
            predicted_classes = head.probabilities(features[positive]).argmax(axis=1)
            correct = sum(
                head.classes[c] == getattr(examples[test_rows[j]], field)
                for c, j in zip(predicted_classes, positive, strict=True)
            )
            accuracy[field] = accuracy[field] + Accuracy(int(correct), len(positive))
    return {
        "examples": len(examples),
        "detection": detection.to_dict(),
        "type": accuracy["type"].to_dict(),
        "status": accuracy["status"].to_dict(),
    }


def _folds(count: int, folds: int) -> list[int]:
    order = list(range(count))
    random.Random(SEED).shuffle(order)
    fold_of = [0] * count
    for position, passage in enumerate(order):
        fold_of[passage] = position % folds
    return fold_of


def _best_item(passage: Document, candidate: Candidate) -> tuple[Any, int]:
    best, overlap = None, 0
    for item in passage.commitments:
        shared = min(item.end, candidate.end) - max(item.start, candidate.start)
        if shared > overlap:
            best, overlap = item, shared
    return best, overlap
