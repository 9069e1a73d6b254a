from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pytest

from pledgewatch.config import Config
from pledgewatch.export import document_rows, flat_rows
from pledgewatch.io import read_jsonl
from pledgewatch.model import Commitment, Document, Entity, Quote, Source
from pledgewatch.pipeline import Pipeline, build_pipeline
from pledgewatch.records import RunStore
from pledgewatch.run import run
from pledgewatch.stage import Stage

TEXT = "Prime Minister Keir Starmer said Britain would lead a reassurance force in Ukraine, officials said. "


def _write_articles(folder: Path, count: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        (folder / f"a{i:02d}.txt").write_text(f"{TEXT * 2} Article number {i}.", encoding="utf-8")


class _Interrupt(Stage):
    """Raises KeyboardInterrupt on the n-th batch, like a user pressing Ctrl-C."""

    name = "interrupt"
    requires = frozenset({"text"})

    def __init__(self, on_batch: int) -> None:
        self.on_batch = on_batch
        self.calls = 0

    def __call__(self, docs: Sequence[Document]) -> list[Document]:
        self.calls += 1
        if self.calls == self.on_batch:
            raise KeyboardInterrupt
        return list(docs)


def test_records_interrupted_run_loses_nothing_and_redoes_nothing(
    tmp_path: Path, blank_config: Config
) -> None:
    _write_articles(tmp_path / "in", 7)
    config = replace(blank_config, batch_size=2)
    out = tmp_path / "out"
    crashing = Pipeline([_Interrupt(on_batch=3)], config)
    with pytest.raises(KeyboardInterrupt):
        run([tmp_path / "in"], out, config, pipeline=crashing, progress=False)
    assert not (out / "documents.jsonl").exists()  # no half-written final file
    parts = list((out / ".parts").glob("documents-*.jsonl"))
    assert sum(1 for p in parts for _ in read_jsonl(p)) == 4  # two complete batches kept

    summary = run([tmp_path / "in"], out, config, progress=False)
    assert (summary.processed, summary.skipped) == (3, 4)
    assert len(list(read_jsonl(out / "documents.jsonl"))) == 7
    assert not (out / ".parts").exists()

    again = run([tmp_path / "in"], out, config, progress=False)
    assert (again.processed, again.skipped) == (0, 7)
    assert len(list(read_jsonl(out / "documents.jsonl"))) == 7


def test_records_outputs_validate_and_tables_are_written(
    tmp_path: Path, blank_config: Config, record_validator
) -> None:
    _write_articles(tmp_path / "in", 2)
    (tmp_path / "in" / "empty.txt").write_text("")
    out = tmp_path / "out"
    summary = run([tmp_path / "in"], out, blank_config, formats=["parquet", "csv"], progress=False)
    assert (summary.processed, summary.errors) == (2, 1)
    for _, record in read_jsonl(out / "documents.jsonl"):
        record_validator.validate(record)
        assert record["source"]["format"] == "txt" and record["pipeline"]["config_hash"]
    errors = [obj for _, obj in read_jsonl(out / "errors.jsonl")]
    assert errors == [{"path": str(tmp_path / "in" / "empty.txt"), "reason": "file is empty"}]
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["this_run"]["documents_processed"] == 2
    assert manifest["config_hash"] == blank_config.hash()
    import pyarrow.parquet as pq

    for table in ("entities", "quotes", "commitments", "documents"):
        assert (out / f"{table}.csv").exists()
        assert pq.read_table(out / f"{table}.parquet").column_names[:2] == ["doc_id", "path"]
    assert pq.read_table(out / "documents.parquet").num_rows == 2


def test_records_flat_rows_carry_provenance() -> None:
    doc = Document(
        doc_id="d1",
        text="NATO pledged jets.",
        source=Source(path="a.txt", format="txt", sha256="0" * 64),
        entities=(Entity(0, 4, "NATO", "COALITION", "NATO"),),
        quotes=(Quote(0, 4, "NATO", "direct", speaker="X"),),
        commitments=(
            Commitment(
                0,
                17,
                "NATO pledged jets",
                actors=("NATO",),
                recipients=("Ukraine",),
                type="military_aid",
                status="pledged",
            ),
        ),
    )
    (row,) = flat_rows([doc], "commitments")
    assert row["doc_id"] == "d1" and row["path"] == "a.txt" and row["actors"] == ["NATO"]
    assert flat_rows([doc], "entities")[0]["canonical"] == "NATO"
    assert document_rows([doc])[0]["n_commitments"] == 1


def test_records_parquet_csv_with_items(tmp_path: Path) -> None:
    doc = Document(
        doc_id="d1",
        text="NATO pledged jets.",
        source=Source(path="a.txt", format="txt", sha256="0" * 64),
        commitments=(
            Commitment(
                0,
                17,
                "NATO pledged jets",
                actors=("NATO", "EU"),
                type="military_aid",
                status="pledged",
                confidence=0.9,
            ),
        ),
    )
    store = RunStore(tmp_path)
    store.save_batch([doc], [])
    store.finalize(["parquet", "csv"], {})
    import pyarrow.parquet as pq

    table = pq.read_table(tmp_path / "commitments.parquet").to_pylist()
    assert table[0]["actors"] == ["NATO", "EU"] and table[0]["confidence"] == 0.9
    assert "NATO; EU" in (tmp_path / "commitments.csv").read_text()


def test_records_limit_and_duplicates(tmp_path: Path, blank_config: Config) -> None:
    _write_articles(tmp_path / "in", 4)
    (tmp_path / "in" / "copy.txt").write_text((tmp_path / "in" / "a00.txt").read_text())
    summary = run([tmp_path / "in"], tmp_path / "out", blank_config, progress=False)
    assert (summary.processed, summary.duplicates) == (4, 1)
    limited = run([tmp_path / "in"], tmp_path / "out2", blank_config, limit=2, progress=False)
    assert limited.processed == 2


def test_records_run_with_real_pipeline_order(tmp_path: Path, blank_config: Config) -> None:
    _write_articles(tmp_path / "in", 1)
    summary = run(
        [tmp_path / "in"],
        tmp_path / "out",
        blank_config,
        pipeline=build_pipeline(blank_config),
        progress=False,
    )
    assert summary.processed == 1
    assert "this run added 1 documents with " in summary.line()
