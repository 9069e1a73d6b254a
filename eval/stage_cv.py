"""Cross-validation of the whole commitments stage (heads and rules) on the training set.

Usage: ``python eval/stage_cv.py [--folds 5] [--out eval/results/stage-cv.json]``.

``pledgewatch train --cv`` scores the classifier heads alone, clause by clause.
This runs the stage as it runs on articles: each training sentence becomes a
one-sentence document that goes through the nlp, entities and quotes stages;
for each fold the heads are fitted on the other folds' sentences and the
stage's rules (`Commitments.keep` and the rest) decide on the held-out ones.
It scores by sentence: a commitment sentence is found when a prediction
overlaps its labelled evidence; a sentence without one is a false alarm when
anything is predicted in it. (A commitment sentence may hold a second,
unlabelled commitment, so predictions beside the evidence are not counted.)

It also reports a small grid over the rules' settings (the detection threshold,
the share of it a lexicon cue needs, and the probability that needs no actor),
so that those settings are judged on training data, never on the gold. The gold
scored by ``pledgewatch eval`` is not read. Mind one bias: a lone sentence has
no context, so a pronoun subject ("it had shipped …") never resolves to an
actor, and the grid favours a lower bar for commitments without an actor than
articles need.
"""

from __future__ import annotations

import argparse
import dataclasses
import glob
import itertools
import json
import random
from pathlib import Path

import numpy as np

from pledgewatch.clauses import reporting_words
from pledgewatch.commitments import Commitments
from pledgewatch.config import Config
from pledgewatch.evaluate import PRF
from pledgewatch.kb import KnowledgeBase
from pledgewatch.model import Document
from pledgewatch.pipeline import build_pipeline
from pledgewatch.train import SEED, examples_from_rows, fit, load_rows

REPO = Path(__file__).resolve().parent.parent
GRID = {
    "threshold": (0.4, 0.5, 0.6),
    "cue_support": (0.3, 0.5, 0.7, 1.0),
    "confident": (0.75, 0.85, 0.95),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--out", default=str(REPO / "eval" / "results" / "stage-cv.json"))
    args = parser.parse_args()

    files = sorted(glob.glob(str(REPO / "annotations" / "train" / "commitments*.jsonl")))
    rows = [row for path in files for row in load_rows(Path(path))]
    config = Config()
    before = build_pipeline(config, ["boilerplate", "nlp", "entities", "quotes"]).load()
    docs = [Document(doc_id=f"train-{i}", text=row["text"]) for i, row in enumerate(rows)]
    for stage in before.stages:
        docs = stage(docs)
    stage = Commitments(config)
    stage.load()
    nlp_stage = next(s for s in before.stages if s.name == "nlp")
    reporting = reporting_words(KnowledgeBase.load(config.models_dir).lexicons.reporting_verbs)
    examples = examples_from_rows(rows, nlp_stage.spacy, reporting)
    embeddings = stage.encoder.encode([e.text for e in examples])
    candidates = [stage.candidates(doc) for doc in docs]
    texts = [[c.text(doc.text) for c in found] for doc, found in zip(docs, candidates, strict=True)]
    flat = stage.encoder.encode([t for group in texts for t in group])
    offsets = np.cumsum([0, *[len(group) for group in texts]])

    groups = list(range(len(rows)))
    random.Random(SEED).shuffle(groups)
    fold_of = {g: i % args.folds for i, g in enumerate(groups)}
    scored: list = [None] * len(rows)
    for k in range(args.folds):
        train = [i for i, e in enumerate(examples) if fold_of[e.group] != k]
        stage.heads = fit([examples[i] for i in train], embeddings[train], meta={})
        for i in (i for i in range(len(rows)) if fold_of[i] == k):
            scored[i] = stage.score(candidates[i], flat[offsets[i] : offsets[i + 1]], texts[i])

    shipped = (
        config.commitment_threshold,
        config.commitment_cue_support,
        config.commitment_confident,
    )
    results = []
    for threshold, support, confident in itertools.product(*GRID.values()):
        stage.config = dataclasses.replace(
            config,
            commitment_threshold=threshold,
            commitment_cue_support=support,
            commitment_confident=confident,
        )
        figure = PRF()
        for row, doc, items in zip(rows, docs, scored, strict=True):
            predicted = stage.predict(doc, items)
            if row["commitment"]:
                start = row["text"].index(row["evidence"])
                end = start + len(row["evidence"])
                hit = any(c.start < end and start < c.end for c in predicted)
                figure += PRF(int(hit), 0, int(not hit))
            else:
                figure += PRF(0, int(bool(predicted)), 0)
        results.append(
            {
                "threshold": threshold,
                "cue_support": support,
                "confident": confident,
                "detection": figure.to_dict(),
            }
        )
        print(
            f"threshold {threshold} cue_support {support} confident {confident}: "
            f"P {figure.precision:.3f} R {figure.recall:.3f} F1 {figure.f1:.3f}",
            flush=True,
        )
    best = max(results, key=lambda r: r["detection"]["f1"])
    current = next(
        r for r in results if (r["threshold"], r["cue_support"], r["confident"]) == shipped
    )
    report = {
        "folds": args.folds,
        "sentences": len(rows),
        "shipped": current,
        "best": best,
        "grid": results,
    }
    Path(args.out).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    for name, item in (("shipped", current), ("best", best)):
        settings = {k: v for k, v in item.items() if k != "detection"}
        print(f"{name}: {json.dumps(settings)} F1 {item['detection']['f1']:.3f}")


if __name__ == "__main__":
    main()
