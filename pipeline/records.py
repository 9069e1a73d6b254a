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
manifest) unless the run keeps stale records; see
`RunStore.current_documents`.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pledgewatch.errors import InputError
from pledgewatch.export import ITEM_TABLES, flat_rows, write_table_files
from pledgewatch.ingest import sha256_hex
from pledgewatch.io import document_from_dict, document_to_dict, dumps, read_jsonl, write_atomic
from pledgewatch.model import Document


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
    """What finalize wrote: the records in the folder and the stale ones met on the way."""

    documents: tuple[Document, ...]
    errors: tuple[ErrorRecord, ...]
    stale: tuple[StaleRecord, ...]

    def totals(self) -> dict[str, int]:
        return {**_totals(self.documents), "errors": len(self.errors)}

    def models(self) -> list[dict[str, str]]:
        """The models that made the records in the folder, each once, in order met."""
        seen: dict[tuple[str, str], None] = {}
        for doc in self.documents:
            for model in doc.pipeline.models if doc.pipeline else ():
                seen.setdefault((model.name, model.version))
        return [{"name": name, "version": version} for name, version in seen]


class RunStore:
    """The output folder of a run: what is done already, batches, and the final files."""

    def __init__(self, out_dir: str | Path) -> None:
        self.out_dir = Path(out_dir)
        self.parts_dir = self.out_dir / ".parts"
        self._part = 0
        # Unique per run and sortable by time: a rerun must never overwrite the
        # parts an interrupted run left, even within the same second.
        self._stamp = f"{time.strftime('%Y%m%dT%H%M%S')}-{time.time_ns() % 10**9:09d}-{os.getpid()}"

    def _part_files(self, prefix: str) -> list[Path]:
        return sorted(self.parts_dir.glob(f"{prefix}-*.jsonl")) if self.parts_dir.exists() else []

    def existing_documents(self) -> dict[str, Document]:
        """Records of earlier runs by doc_id: documents.jsonl, then parts, the newest winning.

        Parts are newer than documents.jsonl (a run killed before it finished, or
        this run), and later parts newer than earlier ones.
        """
        sources = [self.out_dir / "documents.jsonl", *self._part_files("documents")]
        docs: dict[str, Document] = {}
        for source in sources:
            if source.exists():
                for _, obj in read_jsonl(source):
                    docs.pop(obj["doc_id"], None)  # the newest takes the place of the old
                    docs[obj["doc_id"]] = document_from_dict(obj)
        return docs

    def done_ids(self) -> set[str]:
        return set(self.existing_documents())

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
        self, met: Sequence[Document] | None, keep_stale: bool = False
    ) -> tuple[list[Document], list[StaleRecord]]:
        """The records that describe the inputs as they are now, and the stale ones.

        ``met`` are the documents this run read, fresh from ingest, in input
        order. Each one's record (from an earlier run, or processed now) comes
        first, in that order, with the source and metadata just read: a file
        moved keeps its record under its new path. A record this run did not
        meet is kept when its source file is still there unchanged (outside
        this run's inputs, or past ``--limit``); it is stale when the file is
        gone, changed, or now reads as another text, and is dropped unless
        ``keep_stale``. With ``met=None`` every record is kept as it is.
        """
        records = self.existing_documents()
        if met is None:
            return list(records.values()), []
        docs: list[Document] = []
        read_again: set[tuple[str, int | None]] = set()
        for fresh in met:
            record = records.pop(fresh.doc_id, None)
            if fresh.source is not None:
                read_again.add((fresh.source.path, fresh.source.record))
            if record is not None:  # None: not processed, after --limit
                docs.append(replace(record, meta=fresh.meta, source=fresh.source))
        stale: list[StaleRecord] = []
        hashes: dict[str, str | None] = {}
        for record in records.values():
            reason = _staleness(record, hashes, read_again)
            if reason is not None:
                path = record.source.path if record.source else None
                stale.append(StaleRecord(record.doc_id, path, reason, kept=keep_stale))
            if reason is None or keep_stale:
                docs.append(record)
        return docs, stale

    def finalize(
        self,
        formats: Sequence[str],
        manifest: Mapping[str, Any] | Callable[[Outcome], Mapping[str, Any]],
        *,
        met: Sequence[Document] | None = None,
        keep_stale: bool = False,
    ) -> Outcome:
        """Rebuild every output from earlier records plus this run's parts; remove the parts.

        ``manifest`` is the manifest to write, or a function that makes it from
        the outcome (so that it can give the folder's totals). See
        `current_documents` for ``met`` and ``keep_stale``.
        """
        docs, stale = self.current_documents(met, keep_stale)
        errors = self.run_errors()
        write_atomic(
            self.out_dir / "documents.jsonl",
            "".join(dumps(document_to_dict(d)) + "\n" for d in docs),
        )
        for table in ITEM_TABLES:
            rows = flat_rows(docs, table)
            write_atomic(self.out_dir / f"{table}.jsonl", "".join(dumps(r) + "\n" for r in rows))
        for fmt in formats:
            write_table_files(docs, self.out_dir, fmt)
        write_atomic(
            self.out_dir / "errors.jsonl", "".join(dumps(e.__dict__) + "\n" for e in errors)
        )
        outcome = Outcome(tuple(docs), tuple(errors), tuple(stale))
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


def _staleness(
    record: Document, hashes: dict[str, str | None], read_again: set[tuple[str, int | None]]
) -> str | None:
    """Why a record this run did not meet no longer describes its source; None if it does."""
    if record.source is None:
        return None
    path = record.source.path
    if path not in hashes:
        try:
            hashes[path] = sha256_hex(Path(path).read_bytes())
        except OSError:
            hashes[path] = None
    if hashes[path] is None:
        return "its source file no longer exists"
    if hashes[path] != record.source.sha256:
        return "its source file changed"
    if (path, record.source.record) in read_again:
        return "its source now reads as another text"
    return None


def _totals(docs: Sequence[Document]) -> dict[str, int]:
    return {
        "documents": len(docs),
        "entities": sum(len(d.entities) for d in docs),
        "quotes": sum(len(d.quotes) for d in docs),
        "commitments": sum(len(d.commitments) for d in docs),
    }
