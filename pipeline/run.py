"""A whole run: discover files, ingest, run the stages in batches, write records.

Example::

    >>> from pledgewatch.run import run
    >>> summary = run(["corpora/"], "out/")  # doctest: +SKIP
    >>> summary.line()  # doctest: +SKIP
    'pledgewatch: out/ holds 16 documents, 711 entities, 232 quotes, 120 commitments; this run added 16 documents with 711 entities, 232 quotes, 120 commitments (0 already done), 0 errors, in 18.0 s'
"""

from __future__ import annotations

import platform
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from pledgewatch import __version__
from pledgewatch.config import Config
from pledgewatch.dependencies import input_dependencies, require, table_dependencies
from pledgewatch.discover import Skipped, discover
from pledgewatch.engines import add_timings, engine_for
from pledgewatch.errors import InputError
from pledgewatch.export import TABLE_FORMATS, ExportError
from pledgewatch.ingest import FORMATS, FileResult, Ingest
from pledgewatch.io import SCHEMA_VERSION
from pledgewatch.model import Document, ModelInfo
from pledgewatch.pipeline import Pipeline, build_pipeline
from pledgewatch.progress import Progress
from pledgewatch.records import Outcome, RunStore, Spool

# Formats whose files hold about one character of text per byte (HTML a few more):
# such a file over this many bytes per character of the limit is refused unread.
# JSON, JSONL and PDF files are read, and each text they hold is checked.
BYTES_PER_CHARACTER = 16
_SIZE_CHECKED = frozenset({"txt", "md", "html"})


def oversized_file(path: Path, max_chars: int) -> InputError | None:
    """The error for a text file too large to hold a text within ``max_chars``, unread."""
    if FORMATS.get(path.suffix.lower()) not in _SIZE_CHECKED:
        return None
    try:
        size = path.stat().st_size
    except OSError:
        return None  # reading it will say what is wrong
    if size <= BYTES_PER_CHARACTER * max_chars:
        return None
    return InputError(
        str(path),
        f"file of {size:,} bytes refused unread: more than {BYTES_PER_CHARACTER} bytes "
        f"per character of the limit of {max_chars:,} characters (--max-chars); split it "
        "or raise the limit",
    )


def oversized_text(doc: Document, max_chars: int) -> InputError:
    """The error for a document whose text is longer than ``max_chars``."""
    source = doc.source
    where = source.path if source else doc.doc_id
    if source is not None and source.record is not None:
        where = f"{where}#{source.record}"
    return InputError(
        where,
        f"text of {len(doc.text):,} characters refused: over the limit of {max_chars:,} "
        "(--max-chars); split it or raise the limit",
    )


@dataclass
class RunSummary:
    """What a run found in the output folder at the end, then what it did itself."""

    out_dir: Path
    processed: int = 0
    skipped: int = 0
    duplicates: int = 0
    errors: int = 0
    unsupported: int = 0
    passed_over: int = 0
    stale_dropped: int = 0
    stale_kept: int = 0
    entities: int = 0
    quotes: int = 0
    commitments: int = 0
    totals: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)

    def line(self) -> str:
        totals = self.totals or {"documents": 0, "entities": 0, "quotes": 0, "commitments": 0}
        added = f"{self.processed} documents"
        if self.processed:
            added += (
                f" with {self.entities} entities, {self.quotes} quotes, "
                f"{self.commitments} commitments"
            )
        notes = [f"{self.skipped} already done"]
        if self.duplicates:
            notes.append(f"{self.duplicates} duplicate texts")
        if self.stale_dropped:
            notes.append(f"{self.stale_dropped} stale records dropped")
        if self.stale_kept:
            notes.append(f"{self.stale_kept} stale records kept")
        if self.passed_over:
            notes.append(f"{self.passed_over} paths passed over")
        return (
            f"pledgewatch: {self.out_dir}/ holds {totals['documents']} documents, "
            f"{totals['entities']} entities, {totals['quotes']} quotes, "
            f"{totals['commitments']} commitments; this run added {added} "
            f"({', '.join(notes)}), {self.errors} errors, in {self.seconds:.1f} s"
        )


def run(
    inputs: Sequence[str | Path],
    out_dir: str | Path,
    config: Config | None = None,
    *,
    formats: Sequence[str] = (),
    limit: int | None = None,
    progress: bool | Progress | None = None,
    keep_stale: bool = False,
    follow_links: bool = False,
    on_error: Callable[[InputError], None] | None = None,
    on_skip: Callable[[Skipped], None] | None = None,
    pipeline: Pipeline | None = None,
    engine: str = "local",
    address: str | None = None,
) -> RunSummary:
    """Process ``inputs`` (files or folders) into records under ``out_dir``.

    Raises `InputError` when an input path does not exist, and
    `MissingDependencyError` before any file is read when a library the run
    needs (for these inputs, formats and stages) is not installed. Unreadable
    files, and texts over ``config.max_chars``, become lines in
    ``errors.jsonl`` (and calls to ``on_error``); paths passed over are listed
    in the manifest (and given to ``on_skip``); the run goes on. At the end the
    folder holds the records of the inputs as they are now: a record whose
    source changed or vanished is dropped unless ``keep_stale``. ``progress``:
    see `Progress.choose` (``None``: a bar on a terminal, lines elsewhere;
    ``False``: nothing), or a `Progress`. ``config.jobs`` worker processes run
    the stages (``engine="ray"``: actors on the Ray cluster at ``address``, or
    a local one).

    Memory stays flat however many documents there are: a first pass reads
    each file once, keeps what it read on disk (a spool) and only the doc_ids
    in memory, so the bar can count the documents to process; then the spool
    is read back a batch at a time, and each batch is written when done.
    """
    for fmt in formats:
        if fmt not in TABLE_FORMATS:
            raise ExportError(
                f"unknown table format {fmt!r}; expected one of {', '.join(TABLE_FORMATS)}"
            )
    config = config or Config()
    started = time.perf_counter()
    started_at = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    report = progress if isinstance(progress, Progress) else Progress.choose(progress)
    found = discover(inputs, exclude=[out_dir], follow_links=follow_links)
    files = found.files
    pipe = pipeline or build_pipeline(config)
    require([*input_dependencies(files), *table_dependencies(formats), *pipe.dependencies()])
    if on_skip:
        for skipped in found.skipped:
            on_skip(skipped)
    store = RunStore(out_dir)
    previous = store.index()  # doc_id, metadata and where each record is: not the records
    summary = RunSummary(
        out_dir=Path(out_dir),
        unsupported=sum(s.kind == "unsupported" for s in found.skipped),
        passed_over=len(found.skipped),
    )

    # First pass: read every file once, so that the progress bar counts documents to
    # process; what was read waits on disk, and only the doc_ids stay in memory.
    ingest = Ingest()
    seen: set[str] = set()
    met = Spool()  # every document read (without its text), in input order
    todo = Spool()  # the documents to process
    todo_files: dict[str, list[str]] = {}  # their files and doc_ids (for the Ray engine)
    errors: list[InputError] = []

    def refuse(error: InputError) -> None:
        errors.append(error)
        if on_error:
            with report.outside():
                on_error(error)

    tick = time.perf_counter()
    report.begin(len(files), "files read")
    for path in files:
        if limit is not None and todo.count >= limit:
            break
        too_large = oversized_file(path, config.max_chars)
        result = FileResult(str(path), errors=(too_large,)) if too_large else ingest.read(path)
        report.advance()
        for error in result.errors:
            refuse(error)
        for doc in result.documents:
            if doc.doc_id in seen:
                summary.duplicates += 1
                continue
            if len(doc.text) > config.max_chars:
                refuse(oversized_text(doc, config.max_chars))
                continue
            seen.add(doc.doc_id)
            met.add(replace(doc, text=""))
            entry = previous.get(doc.doc_id)
            # Done: the same text with the same metadata (stages may read the date).
            if entry is not None and entry.meta == doc.meta:
                summary.skipped += 1
            elif limit is None or todo.count < limit:
                todo.add(doc)
                todo_files.setdefault(str(path), []).append(doc.doc_id)
    report.end()
    del previous, seen
    ingest_seconds = time.perf_counter() - tick
    summary.errors = len(errors)
    store.save_batch([], errors)

    timings: dict[str, float] = {}
    models: tuple[ModelInfo, ...] = ()
    load_seconds: float | None = None  # the wall time until every worker had its models
    if todo.count:
        runner = engine_for(pipe, config.jobs, engine, address)
        try:
            if not pipe.loaded:
                stages = ", ".join(stage.name for stage in pipe.stages)
                where = f" in {config.jobs} worker processes" if config.jobs > 1 else ""
                report.note(f"loading models ({stages}){where}")
                tick = time.perf_counter()
                runner.load()
                load_seconds = time.perf_counter() - tick
                report.note(f"models loaded in {load_seconds:.1f} s")
            report.begin(todo.count, "documents")
            if getattr(runner, "files_level", False):  # Ray: actors read the files
                results = runner.process_files(list(todo_files.items()), config.batch_size)
            else:
                results = runner.process(todo.batches(config.batch_size), on_stage=report.stage)
            for done in results:
                processed = done.documents
                store.save_batch(processed, [])
                add_timings(timings, done.timings)
                models = done.models or models
                summary.processed += len(processed)
                summary.entities += sum(len(d.entities) for d in processed)
                summary.quotes += sum(len(d.quotes) for d in processed)
                summary.commitments += sum(len(d.commitments) for d in processed)
                report.advance(len(processed))
            report.end()
        finally:
            runner.close()
    todo.close()

    summary.timings = {"ingest": round(ingest_seconds, 3)}
    if summary.processed:  # stages that never ran have no timings to give
        if pipe.loaded:  # loaded here (or before the run): its load times too
            timings = {**{k: v for k, v in pipe.timings.items() if k.endswith(".load")}, **timings}
        summary.timings.update({k: round(v, 3) for k, v in timings.items()})
        if load_seconds is not None:
            summary.timings["models_loaded_after"] = round(load_seconds, 3)

    def manifest(outcome: Outcome) -> dict[str, Any]:
        summary.totals = outcome.totals()
        summary.stale_dropped = sum(not s.kept for s in outcome.stale)
        summary.stale_kept = sum(s.kept for s in outcome.stale)
        provenance = pipe.provenance()
        loaded = models or provenance.models  # the workers' models, or this process's
        return {
            "pledgewatch": __version__,
            "schema_version": SCHEMA_VERSION,
            "started": started_at,
            "finished": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "seconds": round(time.perf_counter() - started, 3),
            "totals_in_folder": summary.totals,
            "this_run": {
                "files": len(files),
                "documents_processed": summary.processed,
                "documents_skipped_done": summary.skipped,
                "duplicate_texts_skipped": summary.duplicates,
                "errors": summary.errors,
                "entities": summary.entities,
                "quotes": summary.quotes,
                "commitments": summary.commitments,
                "stale_records_dropped": summary.stale_dropped,
                "stale_records_kept": summary.stale_kept,
                "unsupported_files_skipped": summary.unsupported,
                "paths_passed_over": summary.passed_over,
                "models_loaded": [asdict(m) for m in loaded],
                "engine": engine,
                "jobs": config.jobs,
                "timings_seconds": summary.timings,
            },
            "inputs": [str(p) for p in inputs],
            "files": [str(p) for p in files],
            "skipped_paths": [asdict(s) for s in found.skipped],
            "stale_records": [asdict(s) for s in outcome.stale],
            "versions": {"python": platform.python_version(), "models": outcome.models()},
            "config": config.to_dict(),
            "config_hash": provenance.config_hash,
        }

    try:
        store.finalize(formats, manifest, met=iter(met), keep_stale=keep_stale)
    finally:
        met.close()
    summary.seconds = time.perf_counter() - started
    return summary
