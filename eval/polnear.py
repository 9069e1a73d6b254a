"""Quotes on PolNeAR (real US political news with attribution annotations).

Usage: ``python eval/polnear.py [--split dev] [--limit N] [--out eval/results/polnear-dev.json]``

Runs the stages up to quotes on the PolNeAR gold texts in ``../shared/polnear/``
(not part of the project: see its README there) and scores them with its own
``score.py``, twice:

- **as pledgewatch writes quotes** (SPEC): an interrupted quote ("A," he said,
  "B.") is two quotes, and a quote sentence that goes on from the speaker's last
  one is a quote of its own;
- **in PolNeAR's conventions**: PolNeAR marks one attribution for the whole
  run of a speaker's words, so the quotes of one speaker that follow each other
  (interrupted by their own frame, or going on without a cue of their own in the
  next sentence or paragraph) are joined into one span before scoring. This is a
  change of unit, not of what is found: nothing is added or removed.

The figures go to README with this command.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import re
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "polnear"


def join_runs(doc):
    """The document with each speaker's consecutive quotes joined (PolNeAR's unit)."""
    joined = []
    for quote in sorted(doc.quotes, key=lambda q: q.start):
        if joined:
            last = joined[-1]
            gap = doc.text[last.end : quote.start]
            same = quote.speaker is not None and quote.speaker == last.speaker
            interrupted = same and not re.search(r"[.!?]\s", gap)
            goes_on = same and quote.cue is None and gap.count("\n\n") <= 1
            if quote.kind == "direct" and (interrupted or goes_on) and len(gap) < 200:
                kind = last.kind if last.kind == quote.kind else "mixed"
                joined[-1] = replace(
                    last, end=quote.end, text=doc.text[last.start : quote.end], kind=kind
                )
                continue
        joined.append(quote)
    return replace(doc, quotes=tuple(joined))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev", choices=("train", "dev"))
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--out", default=None)
    args = parser.parse_args()
    gold_path = SHARED / f"{args.split}.jsonl"
    if not gold_path.exists():
        sys.exit(f"polnear: {gold_path} not found (PolNeAR lives in ../shared/polnear/)")
    sys.path.insert(0, str(SHARED))
    import score as polnear  # PolNeAR's own scorer, beside its data

    from pledgewatch.config import Config
    from pledgewatch.evaluation_run import gold_inputs
    from pledgewatch.gold import load_gold
    from pledgewatch.io import document_to_dict, dumps
    from pledgewatch.pipeline import build_pipeline

    lines = gold_path.read_text(encoding="utf-8").splitlines()
    if args.limit:
        lines = lines[: args.limit]
    with tempfile.TemporaryDirectory() as tmp:
        subset = Path(tmp) / "gold.jsonl"
        subset.write_text("\n".join(lines) + "\n", encoding="utf-8")
        gold = load_gold([subset])
        pipe = build_pipeline(Config(), names=("boilerplate", "nlp", "entities", "quotes"))
        predicted = []
        inputs = gold_inputs(gold)
        for start in range(0, len(inputs), 16):
            predicted.extend(pipe(inputs[start : start + 16]))
        results = {}
        for name, docs in (
            ("spec", predicted),
            ("polnear_units", [join_runs(d) for d in predicted]),
        ):
            pred_path = Path(tmp) / f"{name}.jsonl"
            pred_path.write_text(
                "".join(dumps(document_to_dict(d)) + "\n" for d in docs), encoding="utf-8"
            )
            printed = io.StringIO()
            with contextlib.redirect_stdout(printed):
                polnear.score(str(subset), str(pred_path))
            results[name] = json.loads(printed.getvalue())
    report = {"split": args.split, "documents": len(gold), **results}
    text = json.dumps(report, indent=2)
    print(text)
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
