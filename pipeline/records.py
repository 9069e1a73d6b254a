"""records: the outputs of a run, written so that nothing is lost or half-written.

Layout of an output folder::

    documents.jsonl     one document record a line (SPEC's record format)
    entities.jsonl      flat tables: one row per item, with doc_id, path, record
    quotes.jsonl
    commitments.jsonl
    errors.jsonl        one line per input that could not be read: path, reason
    manifest.json       inputs, counts, timings, versions, configuration
    *.parquet / *.csv   the flat tables (and a documents table), on request,
                        written by `pledgewatch.export` (the same code as `pledgewatch export`)

While a run goes on, each finished batch is written at once, atomically, to
``.parts/``; when the run ends, all outputs are rebuilt from the previous
``documents.jsonl`` plus the parts, each written atomically, and the parts are
removed. A run killed midway leaves complete files (the old ones, or none)
and complete parts; the next run over the same folder reads both, skips the
documents already done, and loses nothing.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pledgewatch.errors import InputError
from pledgewatch.export import ITEM_TABLES, flat_rows, write_table_files
from pledgewatch.io import document_from_dict, document_to_dict, dumps, read_jsonl, write_atomic
from pledgewatch.model import Document


@dataclass(frozen=True)
class ErrorRecord:
    path: str
    reason: str

    @classmethod
    def of(cls, error: InputError) -> ErrorRecord:
        return cls(path=error.path, reason=error.reason)


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

    def existing_documents(self) -> list[Document]:
        """Records of earlier runs: the last complete documents.jsonl, then unfinished parts."""
        sources = [self.out_dir / "documents.jsonl", *self._part_files("documents")]
        docs: dict[str, Document] = {}
        for source in sources:
            if source.exists():
                for _, obj in read_jsonl(source):
                    docs.setdefault(obj["doc_id"], document_from_dict(obj))
        return list(docs.values())

    def done_ids(self) -> set[str]:
        return {doc.doc_id for doc in self.existing_documents()}

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
        records = [
            ErrorRecord(**obj) for part in self._part_files("errors") for _, obj in read_jsonl(part)
        ]
        return list(dict.fromkeys(records))  # an interrupted run's errors are met again

    def finalize(self, formats: Sequence[str], manifest: dict[str, Any]) -> list[Document]:
        """Rebuild every output from earlier records plus this run's parts; remove the parts."""
        docs = self.existing_documents()
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
        manifest = {**manifest, "totals_in_folder": _totals(docs)}
        write_atomic(
            self.out_dir / "manifest.json",
            json.dumps(manifest, indent=2, ensure_ascii=False) + "\n",
        )
        for part in [*self._part_files("documents"), *self._part_files("errors")]:
            part.unlink()
        if self.parts_dir.exists() and not any(self.parts_dir.iterdir()):
            self.parts_dir.rmdir()
        return docs


def _totals(docs: Sequence[Document]) -> dict[str, int]:
    return {
        "documents": len(docs),
        "entities": sum(len(d.entities) for d in docs),
        "quotes": sum(len(d.quotes) for d in docs),
        "commitments": sum(len(d.commitments) for d in docs),
    }
