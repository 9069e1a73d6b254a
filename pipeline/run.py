"""A whole run: discover files, ingest, run the stages in batches, write records.

Example::

    >>> from pledgewatch.run import run
    >>> summary = run(["corpora/"], "out/")  # doctest: +SKIP
    >>> summary.line()  # doctest: +SKIP
    'pledgewatch: 16 documents (0 skipped as done), 0 entities, 0 quotes, 0 commitments, 0 errors in 9.1 s -> out/'
"""

from __future__ import annotations

import platform
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from pledgewatch import __version__
from pledgewatch.config import Config
from pledgewatch.dependencies import input_dependencies, require, table_dependencies
from pledgewatch.discover import Skipped, discover
from pledgewatch.errors import InputError
from pledgewatch.ingest import Ingest
from pledgewatch.model import Document
from pledgewatch.pipeline import Pipeline, build_pipeline
from pledgewatch.records import RunStore


@dataclass
class RunSummary:
    out_dir: Path
    processed: int = 0
    skipped: int = 0
    duplicates: int = 0
    errors: int = 0
    unsupported: int = 0
    passed_over: int = 0
    entities: int = 0
    quotes: int = 0
    commitments: int = 0
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)

    def line(self) -> str:
        extra = f", {self.duplicates} duplicate texts" if self.duplicates else ""
        if self.passed_over:
            extra += f", {self.passed_over} paths passed over"
        return (
            f"pledgewatch: {self.processed} documents ({self.skipped} skipped as done{extra}), "
            f"{self.entities} entities, {self.quotes} quotes, {self.commitments} commitments, "
            f"{self.errors} errors in {self.seconds:.1f} s -> {self.out_dir}/"
        )


def run(
    inputs: Sequence[str | Path],
    out_dir: str | Path,
    config: Config | None = None,
    *,
    formats: Sequence[str] = (),
    limit: int | None = None,
    progress: bool | None = None,
    on_error: Callable[[InputError], None] | None = None,
    on_skip: Callable[[Skipped], None] | None = None,
    follow_links: bool = False,
    pipeline: Pipeline | None = None,
) -> RunSummary:
    """Process ``inputs`` (files or folders) into records under ``out_dir``.

    Raises `InputError` when an input path does not exist, and
    `MissingDependencyError` before any file is read when a library the run
    needs (for these inputs, formats and stages) is not installed. Unreadable
    files become lines in ``errors.jsonl`` (and calls to ``on_error``); the
    run goes on. ``progress=None`` shows a bar only on a terminal.
    """
    from tqdm import tqdm

    config = config or Config()
    started = time.perf_counter()
    started_at = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    found = discover(inputs, exclude=[out_dir], follow_links=follow_links)
    files = found.files
    for skipped in found.skipped:
        if on_skip:
            on_skip(skipped)
    pipe = pipeline or build_pipeline(config)
    require([*input_dependencies(files), *table_dependencies(formats), *pipe.dependencies()])
    store = RunStore(out_dir)
    done = store.done_ids()
    ingest = Ingest()
    summary = RunSummary(
        out_dir=Path(out_dir),
        unsupported=sum(s.kind == "unsupported" for s in found.skipped),
        passed_over=len(found.skipped),
    )
    seen: set[str] = set()
    batch: list[Document] = []
    batch_errors: list[InputError] = []
    ingest_seconds = 0.0

    def flush() -> None:
        processed = pipe(batch) if batch else []
        store.save_batch(processed, batch_errors)
        summary.processed += len(processed)
        summary.entities += sum(len(d.entities) for d in processed)
        summary.quotes += sum(len(d.quotes) for d in processed)
        summary.commitments += sum(len(d.commitments) for d in processed)
        batch.clear()
        batch_errors.clear()

    bar = tqdm(
        files, unit="file", disable=None if progress is None else not progress, file=sys.stderr
    )
    for path in bar:
        if limit is not None and summary.processed + len(batch) >= limit:
            break
        tick = time.perf_counter()
        result = ingest.read(path)
        ingest_seconds += time.perf_counter() - tick
        for error in result.errors:
            summary.errors += 1
            batch_errors.append(error)
            if on_error:
                on_error(error)
        for doc in result.documents:
            if doc.doc_id in done:
                summary.skipped += 1
            elif doc.doc_id in seen:
                summary.duplicates += 1
            elif limit is None or summary.processed + len(batch) < limit:
                seen.add(doc.doc_id)
                batch.append(doc)
        if len(batch) >= config.batch_size:
            flush()
    flush()
    bar.close()

    summary.seconds = time.perf_counter() - started
    summary.timings = {
        "ingest": round(ingest_seconds, 3),
        **{k: round(v, 3) for k, v in pipe.timings.items()},
    }
    provenance = pipe.provenance()
    manifest = {
        "pledgewatch": __version__,
        "started": started_at,
        "finished": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "seconds": round(summary.seconds, 3),
        "inputs": [str(p) for p in inputs],
        "files": [str(p) for p in files],
        "skipped_paths": [asdict(s) for s in found.skipped],
        "this_run": {
            "files": len(files),
            "unsupported_files_skipped": summary.unsupported,
            "paths_passed_over": summary.passed_over,
            "documents_processed": summary.processed,
            "documents_skipped_done": summary.skipped,
            "duplicate_texts_skipped": summary.duplicates,
            "errors": summary.errors,
            "entities": summary.entities,
            "quotes": summary.quotes,
            "commitments": summary.commitments,
        },
        "timings_seconds": summary.timings,
        "versions": {
            "python": platform.python_version(),
            "models": [{"name": m.name, "version": m.version} for m in provenance.models],
        },
        "config": config.to_dict(),
        "config_hash": provenance.config_hash,
    }
    store.finalize(formats, manifest)
    summary.seconds = time.perf_counter() - started
    return summary
