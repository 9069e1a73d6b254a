"""Speed benchmark: the whole pipeline over the sample corpus, repeated.

Usage: ``python eval/benchmark.py [--repeat N] [--out eval/results/benchmark.json]``.
Each repeat is a fresh output folder, so no document is skipped as done; the
models load once. Figures: documents and characters per second of the stages
(ingest excluded and included), and the load time.
"""

from __future__ import annotations

import argparse
import json
import platform
import tempfile
import time
from pathlib import Path

from pledgewatch.config import Config
from pledgewatch.pipeline import build_pipeline
from pledgewatch.run import run

REPO = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--inputs", default=str(REPO / "corpora"))
    parser.add_argument("--out", default=str(REPO / "eval" / "results" / "benchmark.json"))
    args = parser.parse_args()

    config = Config()
    pipe = build_pipeline(config)
    started = time.perf_counter()
    pipe.load()
    load_seconds = time.perf_counter() - started
    documents = characters = 0
    wall = 0.0
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as out:
            tick = time.perf_counter()
            summary = run([args.inputs], out, config, pipeline=pipe, progress=False)
            wall += time.perf_counter() - tick
            documents += summary.processed
            with open(Path(out) / "documents.jsonl", encoding="utf-8") as records:
                characters += sum(len(json.loads(line)["text"]) for line in records)
    stage_seconds = {
        name: round(seconds, 3)
        for name, seconds in pipe.timings.items()
        if not name.endswith(".load")
    }
    result = {
        "machine": f"{platform.machine()}, {platform.python_version()}",
        "repeat": args.repeat,
        "documents": documents,
        "characters": characters,
        "load_seconds": round(load_seconds, 2),
        "wall_seconds": round(wall, 2),
        "documents_per_second": round(documents / wall, 2),
        "characters_per_second": round(characters / wall),
        "stage_seconds": stage_seconds,
    }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
