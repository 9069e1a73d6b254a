"""records: the outputs of a run, written so that nothing is lost or half-written.

Layout of an output folder::

    documents.jsonl     one document record a line (SPEC's record format)
    entities.jsonl      flat tables: one row per item, with doc_id, path, record
    quotes.jsonl
    commitments.jsonl
    errors.jsonl        one line per input that could not be read: path, reason
    manifest.json       the folder's totals, then this run's counts and timings; inputs,
                        paths passed over, stale records, versions, configuration
    *.parquet / *.csv   the flat tables (and a documents table), on request,
                        written by `pledgewatch.export` (the same code as `pledgewatch export`)

While a run goes on, each finished batch is written at once, atomically, to
``.parts/``; when the run ends, all outputs are rebuilt from the previous
``documents.jsonl`` plus the parts, each written atomically, and the parts are
removed. A run killed midway leaves complete files (the old ones, or none)
and complete parts; the next run over the same folder reads both, skips the
documents already done, and loses nothing.

The rebuilt outputs describe the inputs as they are now, in input order: a
record whose source file changed or is gone is dropped (and listed in the
manifest) unless the run keeps stale records; see `RunStore.finalize`.

Memory stays flat however many records the folder holds: the index of what is
done keeps a record's doc_id, metadata and source fingerprint and where its
line is, not the record; finalize reads each record when it writes it, and
writes every output line by line.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Any

from pledgewatch.errors import InputError
from pledgewatch.export import ITEM_TABLES, flat_rows, write_table_files
from pledgewatch.ingest import sha256_hex
from pledgewatch.io import (
    atomic_writer,
    check_schema_version,
    document_from_dict,
    document_to_dict,
    dumps,
    meta_from_dict,
    read_documents,
    read_jsonl,
    write_atomic,
)
from pledgewatch.model import Document, Meta


@dataclass(frozen=True)
class ErrorRecord:
    path: str
    reason: str

    @classmethod
    def of(cls, error: InputError) -> ErrorRecord:
        return cls(path=error.path, reason=error.reason)


@dataclass(frozen=True)
class StaleRecord:
    """A record whose source is no longer as it was read: dropped at finalize unless kept."""

    doc_id: str
    path: str | None
    reason: str
    kept: bool


@dataclass(frozen=True)
class Outcome:
    """What finalize wrote: the folder's counts, the models of its records, the stale ones."""

    counts: Mapping[str, int]
    errors: tuple[ErrorRecord, ...]
    stale: tuple[StaleRecord, ...]
    record_models: tuple[tuple[str, str], ...] = ()

    def totals(self) -> dict[str, int]:
        return {**self.counts, "errors": len(self.errors)}

    def models(self) -> list[dict[str, str]]:
        """The models that made the records in the folder, each once, in order met."""
        return [{"name": name, "version": version} for name, version in self.record_models]


@dataclass(frozen=True)
class RecordEntry:
    """What the index keeps of a record: enough to skip, date and find it, not the record."""

    doc_id: str
    meta: Meta
    path: str | None
    sha256: str | None
    record: int | None
    file: int  # index into RecordIndex.files
    offset: int  # byte offset of its line


class RecordIndex:
    """The records of earlier runs by doc_id: documents.jsonl, then parts, the newest winning.

    Each line is parsed once to read its doc_id, metadata and source; the record
    itself is read again from its file (`load`) only when it is written out.
    """

    def __init__(self, files: Sequence[Path]) -> None:
        self.files = [f for f in files if f.exists()]
        self.entries: dict[str, RecordEntry] = {}
        for number, source in enumerate(self.files):
            with open(source, "rb") as handle:
                offset = 0
                for line in handle:
                    if line.strip():
                        entry = _entry(json.loads(line), number, offset)
                        self.entries.pop(entry.doc_id, None)  # the newest takes the old's place
                        self.entries[entry.doc_id] = entry
                    offset += len(line)
        self._handles: dict[int, IO[bytes]] = {}

    def get(self, doc_id: str) -> RecordEntry | None:
        return self.entries.get(doc_id)

    def __contains__(self, doc_id: str) -> bool:
        return doc_id in self.entries

    def __len__(self) -> int:
        return len(self.entries)

    def load(self, entry: RecordEntry) -> Document:
        handle = self._handles.get(entry.file)
        if handle is None:
            handle = self._handles[entry.file] = open(self.files[entry.file], "rb")  # noqa: SIM115
        handle.seek(entry.offset)
        return document_from_dict(json.loads(handle.readline()))

    def close(self) -> None:
        for handle in self._handles.values():
            handle.close()
        self._handles.clear()


class Spool:
    """Documents kept on disk between the pass that reads the inputs and the one that uses
    them, so that the run holds one batch in memory, not the whole input."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile(prefix="pledgewatch-spool-")  # noqa: SIM115
        self.count = 0

    def add(self, doc: Document) -> None:
        self._file.write((dumps(document_to_dict(doc)) + "\n").encode("utf-8"))
        self.count += 1

    def __iter__(self) -> Iterator[Document]:
        self._file.flush()
        self._file.seek(0)
        for line in self._file:
            yield document_from_dict(json.loads(line))
        self._file.seek(0, os.SEEK_END)

    def batches(self, size: int) -> Iterator[list[Document]]:
        batch: list[Document] = []
        for doc in self:
            batch.append(doc)
            if len(batch) == size:
                yield batch
                batch = []
        if batch:
            yield batch

    def close(self) -> None:
        self._file.close()


class RunStore:
    """The output folder of a run: what is done already, batches, and the final files."""

    def __init__(self, out_dir: str | os.PathLike[str]) -> None:
        self.out_dir = Path(out_dir)
        self.parts_dir = self.out_dir / ".parts"
        self._part = 0
        # Unique per run and sortable by time: a rerun must never overwrite the
        # parts an interrupted run left, even within the same second.
        self._stamp = f"{time.strftime('%Y%m%dT%H%M%S')}-{time.time_ns() % 10**9:09d}-{os.getpid()}"

    def _part_files(self, prefix: str) -> list[Path]:
        return sorted(self.parts_dir.glob(f"{prefix}-*.jsonl")) if self.parts_dir.exists() else []

    def index(self) -> RecordIndex:
        """The records of earlier runs (documents.jsonl, then parts, the newest winning),
        by doc_id: parts are newer than documents.jsonl (a run killed before it finished,
        or this run), and later parts newer than earlier ones."""
        return RecordIndex([self.out_dir / "documents.jsonl", *self._part_files("documents")])

    def existing_documents(self) -> dict[str, Document]:
        """Every record of earlier runs by doc_id, read whole (see `index` for the light form)."""
        index = self.index()
        try:
            return {doc_id: index.load(entry) for doc_id, entry in index.entries.items()}
        finally:
            index.close()

    def done_ids(self) -> set[str]:
        return set(self.index().entries)

    def save_batch(self, docs: Sequence[Document], errors: Sequence[InputError]) -> None:
        """Write one finished batch to ``.parts/`` atomically."""
        self._part += 1
        name = f"{self._stamp}-{self._part:06d}.jsonl"
        if docs:
            write_atomic(
                self.parts_dir / f"documents-{name}",
                "".join(dumps(document_to_dict(d)) + "\n" for d in docs),
            )
        if errors:
            lines = "".join(dumps(ErrorRecord.of(e).__dict__) + "\n" for e in errors)
            write_atomic(self.parts_dir / f"errors-{name}", lines)

    def run_errors(self) -> list[ErrorRecord]:
        """This run's errors; those an interrupted run left are met again by this one."""
        parts = [
            p for p in self._part_files("errors") if p.name.startswith(f"errors-{self._stamp}-")
        ]
        records = [ErrorRecord(**obj) for part in parts for _, obj in read_jsonl(part)]
        return list(dict.fromkeys(records))

    def current_documents(
        self, met: Iterable[Document] | None, keep_stale: bool = False
    ) -> Iterator[tuple[Document | None, StaleRecord | None]]:
        """The records that describe the inputs as they are now, one at a time, each with
        its `StaleRecord` when it is stale (and kept) — and the stale ones dropped, with
        None for the record.

        ``met`` are the documents this run read, fresh from ingest, in input
        order. Each one's record (from an earlier run, or processed now) comes
        first, in that order, with the source and metadata just read: a file
        moved keeps its record under its new path. A record this run did not
        meet is kept when its source file is still there unchanged (outside
        this run's inputs, or past ``--limit``); it is stale when the file is
        gone, changed, or now reads as another text, and is dropped unless
        ``keep_stale``. With ``met=None`` every record is kept as it is.
        """
        index = self.index()
        try:
            entries = dict(index.entries)
            read_again: set[tuple[str, int | None]] = set()
            for fresh in met if met is not None else ():
                entry = entries.pop(fresh.doc_id, None)
                if fresh.source is not None:
                    read_again.add((fresh.source.path, fresh.source.record))
                if entry is not None:  # None: not processed, after --limit
                    record = index.load(entry)
                    yield replace(record, meta=fresh.meta, source=fresh.source), None
            hashes: dict[str, str | None] = {}
            for entry in entries.values():
                reason = None if met is None else _staleness(entry, hashes, read_again)
                stale = None
                if reason is not None:
                    stale = StaleRecord(entry.doc_id, entry.path, reason, kept=keep_stale)
                if reason is None or keep_stale:
                    yield index.load(entry), stale
                else:
                    yield None, stale
        finally:
            index.close()

    def finalize(
        self,
        formats: Sequence[str],
        manifest: Mapping[str, Any] | Callable[[Outcome], Mapping[str, Any]],
        *,
        met: Iterable[Document] | None = None,
        keep_stale: bool = False,
    ) -> Outcome:
        """Rebuild every output from earlier records plus this run's parts; remove the parts.

        ``manifest`` is the manifest to write, or a function that makes it from
        the outcome (so that it can give the folder's totals). See
        `current_documents` for ``met`` and ``keep_stale``. Records are read and
        written one at a time.
        """
        errors = self.run_errors()
        stale: list[StaleRecord] = []
        counts = {"documents": 0, "entities": 0, "quotes": 0, "commitments": 0}
        models: dict[tuple[str, str], None] = {}
        with ExitStack() as files:
            documents = files.enter_context(atomic_writer(self.out_dir / "documents.jsonl"))
            tables = {
                table: files.enter_context(atomic_writer(self.out_dir / f"{table}.jsonl"))
                for table in ITEM_TABLES
            }
            for doc, stale_record in self.current_documents(met, keep_stale):
                if stale_record is not None:
                    stale.append(stale_record)
                if doc is None:
                    continue
                documents.write(dumps(document_to_dict(doc)) + "\n")
                for table, handle in tables.items():
                    for row in flat_rows([doc], table):
                        handle.write(dumps(row) + "\n")
                counts["documents"] += 1
                counts["entities"] += len(doc.entities)
                counts["quotes"] += len(doc.quotes)
                counts["commitments"] += len(doc.commitments)
                for model in doc.pipeline.models if doc.pipeline else ():
                    models.setdefault((model.name, model.version))
        if formats:  # the Parquet and CSV writers take the whole table at once
            docs = read_documents(self.out_dir / "documents.jsonl")
            for fmt in formats:
                write_table_files(docs, self.out_dir, fmt)
            del docs
        write_atomic(
            self.out_dir / "errors.jsonl", "".join(dumps(e.__dict__) + "\n" for e in errors)
        )
        outcome = Outcome(counts, tuple(errors), tuple(stale), tuple(models))
        if callable(manifest):
            manifest = manifest(outcome)
        else:
            manifest = {**manifest, "totals_in_folder": outcome.totals()}
        write_atomic(
            self.out_dir / "manifest.json",
            json.dumps(manifest, indent=2, ensure_ascii=False) + "\n",
        )
        for part in [*self._part_files("documents"), *self._part_files("errors")]:
            part.unlink()
        # What a run killed while writing a part left: never read, so never needed.
        for leftover in self.parts_dir.glob(".*.tmp") if self.parts_dir.exists() else ():
            leftover.unlink()
        if self.parts_dir.exists() and not any(self.parts_dir.iterdir()):
            self.parts_dir.rmdir()
        return outcome


def _entry(obj: dict[str, Any], file: int, offset: int) -> RecordEntry:
    check_schema_version(obj)
    source = obj.get("source") or {}
    meta = obj.get("meta") or {}
    return RecordEntry(
        doc_id=obj["doc_id"],
        meta=meta_from_dict(meta),
        path=source.get("path"),
        sha256=source.get("sha256"),
        record=source.get("record"),
        file=file,
        offset=offset,
    )


def _staleness(
    entry: RecordEntry, hashes: dict[str, str | None], read_again: set[tuple[str, int | None]]
) -> str | None:
    """Why a record this run did not meet no longer describes its source; None if it does."""
    if entry.path is None:
        return None
    path = entry.path
    if path not in hashes:
        try:
            hashes[path] = sha256_hex(Path(path).read_bytes())
        except OSError:
            hashes[path] = None
    if hashes[path] is None:
        return "its source file no longer exists"
    if hashes[path] != entry.sha256:
        return "its source file changed"
    if (path, entry.record) in read_again:
        return "its source now reads as another text"
    return None
