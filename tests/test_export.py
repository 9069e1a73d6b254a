"""Export: every format reads back with the rows and values of documents.jsonl."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pledgewatch.cli import main
from pledgewatch.errors import InputError
from pledgewatch.export import (
    EXPORT_FORMATS,
    LIST_SEPARATOR,
    TABLES,
    XLSX_CELL_LIMIT,
    ExportError,
    arrow_schema,
    export,
    table_rows,
)
from pledgewatch.io import SCHEMA_VERSION, document_to_dict, read_documents, write_jsonl
from pledgewatch.model import Commitment, Document, Entity, Meta, Quote, Region, Source

TEXT_A = "Chancellor Friedrich Merz said Germany would send IRIS-T systems to Ukraine. Share this"
TEXT_B = "NATO and the European Union pledged €2 billion to Kyiv. =SUM(A1:A9) is not a formula."


def _docs() -> list[Document]:
    """Two hand-made documents: lists of two, nulls in every nullable column, non-ASCII text."""
    a = Document(
        doc_id="a" * 64,
        text=TEXT_A,
        meta=Meta(title="Merz on air defence", published="2025-06-01"),
        boilerplate=(Region(77, 87),),
        entities=(
            Entity(
                11,
                25,
                "Friedrich Merz",
                "LEADER",
                "Friedrich Merz",
                kb_id="Q58007",
                role="Chancellor",
                sentence=0,
                stage="entities",
                confidence=0.95,
            ),
            Entity(
                31, 38, "Germany", "STATE", "Germany", sentence=0, stage="entities", confidence=0.9
            ),
        ),  # fmt: skip
        quotes=(
            Quote(
                31,
                75,
                TEXT_A[31:75],
                "indirect",
                speaker="Friedrich Merz",
                speaker_start=11,
                speaker_end=25,
                cue="said",
                cue_start=26,
                cue_end=30,
                sentence=0,
                stage="quotes",
                confidence=0.8,
            ),
        ),  # fmt: skip
        commitments=(
            Commitment(
                31,
                75,
                TEXT_A[31:75],
                actors=("Germany",),
                recipients=("Ukraine",),
                type="military_aid",
                status="pledged",
                plover="AGREE",
                kiel="military",
                sentence=0,
                stage="commitments",
                confidence=0.77,
            ),
        ),  # fmt: skip
        source=Source(path="in/merz.txt", format="txt", sha256="1" * 64),
    )
    b = Document(
        doc_id="b" * 64,
        text=TEXT_B,
        commitments=(
            Commitment(
                0,
                54,
                TEXT_B[0:54],
                actors=("NATO", "European Union"),
                recipients=("Ukraine",),
                type="financial_aid",
                status="pledged",
                conditional=True,
                condition="=SUM(A1:A9)",
                plover="AGREE",
                kiel="financial",
                confidence=0.6,
            ),
        ),  # fmt: skip
        source=Source(path="in/wire.jsonl", format="jsonl", sha256="2" * 64, record=3),
    )
    return [a, b]


@pytest.fixture()
def run_folder(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    write_jsonl(out / "documents.jsonl", [document_to_dict(d) for d in _docs()])
    return out


def _expected(run_folder: Path) -> dict[str, list[dict]]:
    return table_rows(read_documents(run_folder / "documents.jsonl"))


def _raw_items(run_folder: Path, kind: str, keys: tuple[str, ...]) -> list[tuple]:
    """Values straight from documents.jsonl, with no pledgewatch code in between."""
    lines = (run_folder / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    return [
        (record["doc_id"], *(item.get(key) for key in keys))
        for record in map(json.loads, lines)
        for item in record[kind]
    ]


SAMPLE = ("start", "end", "text", "actors", "type", "status", "condition", "confidence")


def test_export_tables_have_one_row_per_item() -> None:
    tables = table_rows(_docs())
    assert list(tables) == list(TABLES)
    assert [len(rows) for rows in tables.values()] == [2, 2, 1, 2]
    assert tables["documents"][0]["schema_version"] == SCHEMA_VERSION
    assert tables["documents"][0]["boilerplate"] == [{"start": 77, "end": 87}]
    assert tables["commitments"][1]["actors"] == ["NATO", "European Union"]


def test_export_arrow_schema_is_explicit() -> None:
    import pyarrow as pa

    commitments = arrow_schema("commitments")
    assert commitments.field("actors").type == pa.list_(pa.string())
    assert commitments.field("confidence").type == pa.float64()
    assert commitments.field("conditional").type == pa.bool_()
    assert not commitments.field("start").nullable and commitments.field("condition").nullable
    assert commitments.metadata[b"pledgewatch.schema_version"] == SCHEMA_VERSION.encode()
    documents = arrow_schema("documents")
    assert documents.field("boilerplate").type == pa.list_(
        pa.struct([pa.field("start", pa.int64(), False), pa.field("end", pa.int64(), False)])
    )
    with pytest.raises(ExportError, match="unknown table 'people'"):
        arrow_schema("people")


def test_export_parquet_round_trip_keeps_types_and_values(run_folder: Path, tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    written = export(run_folder, "parquet", tmp_path / "tables")
    assert sorted(p.name for p in written) == sorted(f"{t}.parquet" for t in TABLES)
    expected = _expected(run_folder)
    for table in TABLES:
        read = pq.read_table(tmp_path / "tables" / f"{table}.parquet")
        assert read.schema.equals(arrow_schema(table), check_metadata=False)
        assert read.to_pylist() == expected[table]
    commitments = pq.read_table(tmp_path / "tables" / "commitments.parquet").to_pylist()
    assert [(r["doc_id"], *(r[k] for k in SAMPLE)) for r in commitments] == _raw_items(
        run_folder, "commitments", SAMPLE
    )
    assert pq.read_table(tmp_path / "tables" / "documents.parquet").column("text").to_pylist() == [
        TEXT_A,
        TEXT_B,
    ]
    entities = pq.read_table(tmp_path / "tables" / "entities.parquet")
    # kb_id is null in one row and role in the other: still strings, never the null type.
    assert entities.schema.field("kb_id").type == pa.string()
    assert entities.column("kb_id").to_pylist() == ["Q58007", None]


def test_export_parquet_read_by_duckdb_with_right_types(run_folder: Path, tmp_path: Path) -> None:
    duckdb = pytest.importorskip("duckdb")

    export(run_folder, "parquet", tmp_path / "t")
    con = duckdb.connect()
    path = (tmp_path / "t" / "commitments.parquet").as_posix()
    types = {r[0]: r[1] for r in con.execute(f"DESCRIBE SELECT * FROM '{path}'").fetchall()}
    assert types["actors"] == "VARCHAR[]" and types["recipients"] == "VARCHAR[]"
    assert types["start"] == "BIGINT" and types["confidence"] == "DOUBLE"
    assert types["conditional"] == "BOOLEAN" and types["sentence"] == "BIGINT"
    assert types["condition"] == "VARCHAR" and types["kiel"] == "VARCHAR"
    rows = con.execute(
        f"SELECT actors, type, status, count(*) FROM '{path}' GROUP BY ALL ORDER BY type"
    ).fetchall()
    assert rows == [
        (["NATO", "European Union"], "financial_aid", "pledged", 1),
        (["Germany"], "military_aid", "pledged", 1),
    ]
    documents = (tmp_path / "t" / "documents.parquet").as_posix()
    described = {
        r[0]: r[1] for r in con.execute(f"DESCRIBE SELECT * FROM '{documents}'").fetchall()
    }
    assert described["boilerplate"] == 'STRUCT("start" BIGINT, "end" BIGINT)[]'
    assert described["url"] == "VARCHAR" and described["n_entities"] == "BIGINT"
    assert con.execute(f"SELECT count(*) FROM '{documents}'").fetchone() == (2,)


def test_export_csv_round_trip_joins_lists(run_folder: Path, tmp_path: Path) -> None:
    import csv

    export(run_folder, "csv", tmp_path / "csv")
    expected = _expected(run_folder)
    for table in TABLES:
        with open(tmp_path / "csv" / f"{table}.csv", encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        assert len(rows) == len(expected[table])
        assert list(rows[0]) == arrow_schema(table).names
    with open(tmp_path / "csv" / "commitments.csv", encoding="utf-8", newline="") as handle:
        commitments = list(csv.DictReader(handle))
    raw = _raw_items(run_folder, "commitments", ("start", "text", "actors", "type", "status"))
    assert [
        (
            r["doc_id"],
            int(r["start"]),
            r["text"],
            r["actors"].split(LIST_SEPARATOR),
            r["type"],
            r["status"],
        )
        for r in commitments
    ] == raw
    second = commitments[1]
    assert second["actors"] == LIST_SEPARATOR.join(["NATO", "European Union"])
    assert second["conditional"] == "True" and second["sentence"] == "" and second["record"] == "3"
    assert second["text"] == TEXT_B[0:54]
    with open(tmp_path / "csv" / "documents.csv", encoding="utf-8", newline="") as handle:
        first = next(csv.DictReader(handle))
    assert first["boilerplate"] == "77-87" and first["text"] == TEXT_A


def test_export_hf_round_trip_is_a_dataset_dict(run_folder: Path, tmp_path: Path) -> None:
    import datasets

    dest = tmp_path / "hf"
    export(run_folder, "hf", dest)
    loaded = datasets.load_from_disk(str(dest))
    assert isinstance(loaded, datasets.DatasetDict)
    assert list(loaded) == list(TABLES)
    expected = _expected(run_folder)
    for table in TABLES:
        assert loaded[table].num_rows == len(expected[table])
        assert loaded[table].to_list() == expected[table]
    rows = loaded["commitments"].to_list()
    assert [(r["doc_id"], *(r[k] for k in SAMPLE)) for r in rows] == _raw_items(
        run_folder, "commitments", SAMPLE
    )
    assert loaded["commitments"].features["actors"] == datasets.List(datasets.Value("string"))
    # A second export replaces the folder whole.
    export(run_folder, "hf", dest)
    assert datasets.load_from_disk(str(dest))["documents"].num_rows == 2
    assert {p.name for p in tmp_path.iterdir()} == {"out", "hf"}  # no staging folder left


def test_export_xlsx_round_trip_one_sheet_per_table(run_folder: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    (path,) = export(run_folder, "xlsx", tmp_path / "records.xlsx")
    workbook = load_workbook(path, read_only=True)
    assert workbook.sheetnames == list(TABLES)
    expected = _expected(run_folder)
    for table in TABLES:
        rows = list(workbook[table].iter_rows(values_only=True))
        assert list(rows[0]) == arrow_schema(table).names
        assert len(rows) - 1 == len(expected[table])
    header, *rows = list(workbook["commitments"].iter_rows(values_only=True))
    sheet = [dict(zip(header, row, strict=True)) for row in rows]
    raw = _raw_items(run_folder, "commitments", ("start", "end", "text", "type", "confidence"))
    assert [
        (r["doc_id"], r["start"], r["end"], r["text"], r["type"], r["confidence"]) for r in sheet
    ] == raw
    values = sheet[1]
    assert values["actors"] == "NATO; European Union" and values["conditional"] is True
    assert values["condition"] == "=SUM(A1:A9)"  # kept as text, not evaluated as a formula
    assert values["confidence"] == 0.6 and values["sentence"] is None
    # Written into a folder, the workbook is DEST/records.xlsx.
    assert export(run_folder, "xlsx", tmp_path / "sheets") == [tmp_path / "sheets" / "records.xlsx"]


def test_export_xlsx_cuts_cells_at_excels_limit(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    long_doc = Document("long", "Ukraine. " * 5000)
    out = tmp_path / "out"
    write_jsonl(out / "documents.jsonl", [document_to_dict(long_doc)])
    (path,) = export(out, "xlsx", tmp_path / "x.xlsx")
    rows = list(load_workbook(path, read_only=True)["documents"].iter_rows(values_only=True))
    text = rows[1][rows[0].index("text")]
    assert len(text) == XLSX_CELL_LIMIT and long_doc.text.startswith(text)


def test_export_empty_run_writes_empty_typed_tables(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    out = tmp_path / "out"
    write_jsonl(out / "documents.jsonl", [])
    export(out, "parquet", tmp_path / "t")
    table = pq.read_table(tmp_path / "t" / "commitments.parquet")
    assert table.num_rows == 0 and pa.types.is_list(table.schema.field("actors").type)
    assert table.schema.field("actors").type.value_type == pa.string()


def test_export_errors_name_the_file_and_the_reason(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match=r"documents.jsonl: no such file"):
        export(tmp_path, "parquet", tmp_path / "t")
    with pytest.raises(ExportError, match="unknown format 'json'"):
        export(tmp_path, "json", tmp_path / "t")
    (tmp_path / "documents.jsonl").write_text('{"doc_id": "a", "text": "x"}\n{oops\n')
    with pytest.raises(InputError, match=r"documents.jsonl:2: malformed JSON"):
        export(tmp_path, "csv", tmp_path / "t")


def test_export_cli_writes_each_format(run_folder: Path, tmp_path: Path, capsys) -> None:
    for fmt in EXPORT_FORMATS:
        assert main(["export", str(run_folder), "--to", fmt, str(tmp_path / fmt)]) == 0
    assert "pledgewatch export:" in capsys.readouterr().out
    assert (tmp_path / "parquet" / "quotes.parquet").exists()
    assert (tmp_path / "csv" / "documents.csv").exists()
    assert (tmp_path / "hf" / "dataset_dict.json").exists()
    assert (tmp_path / "xlsx" / "records.xlsx").exists()
    assert main(["export", str(tmp_path / "nowhere"), "--to", "csv", str(tmp_path / "c")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_export_run_format_writes_through_the_same_code(tmp_path: Path) -> None:
    """`run --format` files equal `export` files: one writer behind both."""
    import pyarrow.parquet as pq

    from pledgewatch.records import RunStore

    store = RunStore(tmp_path / "out")
    store.save_batch(_docs(), [])
    store.finalize(["parquet", "csv"], {})
    export(tmp_path / "out", "parquet", tmp_path / "t")
    export(tmp_path / "out", "csv", tmp_path / "c")
    for table in TABLES:
        assert pq.read_table(tmp_path / "out" / f"{table}.parquet").equals(
            pq.read_table(tmp_path / "t" / f"{table}.parquet")
        )
        assert (tmp_path / "out" / f"{table}.csv").read_text() == (
            tmp_path / "c" / f"{table}.csv"
        ).read_text()
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["totals_in_folder"]["commitments"] == 2


def test_export_missing_writer_is_a_setup_error(
    run_folder: Path, tmp_path: Path, monkeypatch, capsys
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "openpyxl", None)
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    assert main(["export", str(run_folder), "--to", "xlsx", str(tmp_path / "x.xlsx")]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "pledgewatch export: error: missing dependency: openpyxl is not installed (needed for "
        "export --to xlsx); install it with `pip install openpyxl==3.1.5`"
    ]
    assert not (tmp_path / "x.xlsx").exists()
    # CSV needs neither: its columns come from the data model, not from Arrow.
    assert main(["export", str(run_folder), "--to", "csv", str(tmp_path / "c")]) == 0
    assert (tmp_path / "c" / "commitments.csv").read_text().startswith("doc_id,path,record,start")
