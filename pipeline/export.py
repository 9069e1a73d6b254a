"""Records as tables other tools load as they are: Parquet, CSV, Hugging Face datasets, xlsx.

Four tables, one row per document, entity, quote or commitment:

- ``documents``: ``doc_id``, source (``path``, ``record``, ``format``,
  ``sha256``), ``schema_version``, the metadata, item counts, ``boilerplate``
  (a list of ``{start, end}``) and ``text``;
- ``entities``, ``quotes``, ``commitments``: ``doc_id``, ``path``, ``record``
  and the item's own fields, as in the document record.

Every table has an explicit Arrow schema (`arrow_schema`): lists stay lists
(``actors`` is ``list<string>``), a column whose values are all null keeps its
type, and fields that are never null are declared non-nullable. Parquet and
``datasets`` keep those types. CSV and xlsx have no lists: a list is joined
with ``"; "`` (``"NATO; European Union"``), a boilerplate region is written
``START-END``, and null is an empty cell.

`write_tables` is the one writer: ``pledgewatch run --format`` calls it for the
files it leaves in the output folder, ``pledgewatch export`` for a folder (or
workbook) of its own.

>>> from pledgewatch.model import Document
>>> tables = table_rows([Document("d1", "NATO pledged jets.")])
>>> [len(rows) for rows in tables.values()]
[1, 0, 0, 0]
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from pledgewatch.dependencies import export_dependencies, require
from pledgewatch.errors import PledgewatchError
from pledgewatch.io import (
    SCHEMA_VERSION,
    item_to_dict,
    read_documents,
    write_atomic,
    write_atomic_bytes,
)
from pledgewatch.model import Commitment, Document, Entity, Meta, Quote

TABLES: tuple[str, ...] = ("documents", "entities", "quotes", "commitments")
ITEM_TABLES: dict[str, type] = {"entities": Entity, "quotes": Quote, "commitments": Commitment}
# Formats whose files `pledgewatch run --format` leaves beside documents.jsonl.
TABLE_FORMATS: tuple[str, ...] = ("parquet", "csv")
EXPORT_FORMATS: tuple[str, ...] = ("parquet", "csv", "hf", "xlsx")
LIST_SEPARATOR = "; "
# Excel refuses longer cells; the full text stays in every other format.
XLSX_CELL_LIMIT = 32_767


class ExportError(PledgewatchError):
    """An export that cannot be made: no records to read, an unknown format."""


# ---------------------------------------------------------------------------
# Rows


def flat_rows(docs: Iterable[Document], table: str) -> list[dict[str, Any]]:
    """One row per entity, quote or commitment, with the document's id and source path."""
    rows = []
    for doc in docs:
        path = doc.source.path if doc.source else None
        record = doc.source.record if doc.source else None
        for item in getattr(doc, table):
            rows.append(
                {"doc_id": doc.doc_id, "path": path, "record": record, **item_to_dict(item)}
            )
    return rows


def document_rows(docs: Iterable[Document]) -> list[dict[str, Any]]:
    """A flat documents table: source, metadata, item counts, boilerplate and text."""
    rows = []
    for doc in docs:
        rows.append(
            {
                "doc_id": doc.doc_id,
                "path": doc.source.path if doc.source else None,
                "record": doc.source.record if doc.source else None,
                "format": doc.source.format if doc.source else None,
                "sha256": doc.source.sha256 if doc.source else None,
                "schema_version": SCHEMA_VERSION,
                **{f.name: getattr(doc.meta, f.name) for f in fields(doc.meta)},
                "n_entities": len(doc.entities),
                "n_quotes": len(doc.quotes),
                "n_commitments": len(doc.commitments),
                "boilerplate": [{"start": r.start, "end": r.end} for r in doc.boilerplate],
                "text": doc.text,
            }
        )
    return rows


def table_rows(docs: Sequence[Document]) -> dict[str, list[dict[str, Any]]]:
    """All four tables, in `TABLES` order."""
    return {
        "documents": document_rows(docs),
        **{table: flat_rows(docs, table) for table in ITEM_TABLES},
    }


# ---------------------------------------------------------------------------
# Columns and their Arrow schemas


@dataclass(frozen=True)
class Column:
    """One column of a table: its name, its type (a key of `_ARROW_TYPES`), and if it can be null."""

    name: str
    type: str
    nullable: bool = True


# Dataclass annotations (strings, under ``from __future__ import annotations``) to column types.
_ANNOTATIONS = {
    "int": "int",
    "float": "float",
    "bool": "bool",
    "str": "str",
    "tuple[str, ...]": "list",
}


def _item_column(name: str, annotation: str) -> Column:
    base = annotation.removesuffix(" | None")
    if base not in _ANNOTATIONS:
        raise TypeError(f"no column type for field {name!r} annotated {annotation!r}")
    return Column(name, _ANNOTATIONS[base], nullable=annotation.endswith(" | None"))


def columns(table: str) -> list[Column]:
    """The columns of one of `TABLES`, in order (no pyarrow needed: CSV and xlsx use this)."""
    if table not in TABLES:
        raise ExportError(f"unknown table {table!r}; expected one of {', '.join(TABLES)}")
    found = [
        Column("doc_id", "str", nullable=False),
        Column("path", "str"),
        Column("record", "int"),
    ]
    if table == "documents":
        found += [Column("format", "str"), Column("sha256", "str")]
        found += [Column("schema_version", "str", nullable=False)]
        found += [Column(f.name, "str") for f in fields(Meta)]
        found += [Column(f"n_{kind}", "int", nullable=False) for kind in ITEM_TABLES]
        found += [
            Column("boilerplate", "regions", nullable=False),
            Column("text", "str", nullable=False),
        ]
    else:
        found += [_item_column(f.name, str(f.type)) for f in fields(ITEM_TABLES[table])]
    return found


def _arrow_types() -> dict[str, Any]:
    import pyarrow as pa

    region = pa.struct(
        [pa.field("start", pa.int64(), nullable=False), pa.field("end", pa.int64(), nullable=False)]
    )
    return {
        "int": pa.int64(),
        "float": pa.float64(),
        "bool": pa.bool_(),
        "str": pa.string(),
        "list": pa.list_(pa.string()),
        "regions": pa.list_(region),
    }


def arrow_schema(table: str) -> Any:
    """The explicit Arrow schema of one of `TABLES`."""
    import pyarrow as pa

    types = _arrow_types()
    metadata = {"pledgewatch.table": table, "pledgewatch.schema_version": SCHEMA_VERSION}
    return pa.schema(
        [pa.field(c.name, types[c.type], nullable=c.nullable) for c in columns(table)],
        metadata=metadata,
    )


def arrow_table(table: str, rows: list[dict[str, Any]]) -> Any:
    import pyarrow as pa

    return pa.Table.from_pylist(rows, schema=arrow_schema(table))


# ---------------------------------------------------------------------------
# Writers


def _cell(value: Any) -> Any:
    """A value as one CSV or spreadsheet cell: lists joined, regions as START-END."""
    if isinstance(value, list):
        return LIST_SEPARATOR.join(
            f"{v['start']}-{v['end']}" if isinstance(v, dict) else str(v) for v in value
        )
    return value


def write_parquet(path: Path, table: str, rows: list[dict[str, Any]]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    buffer = pa.BufferOutputStream()
    pq.write_table(arrow_table(table, rows), buffer)
    write_atomic_bytes(path, buffer.getvalue().to_pybytes())


def write_csv(path: Path, table: str, rows: list[dict[str, Any]]) -> None:
    buffer = io.StringIO()
    names = [column.name for column in columns(table)]
    writer = csv.DictWriter(buffer, fieldnames=names, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: _cell(value) for key, value in row.items()})
    write_atomic(path, buffer.getvalue())


def write_xlsx(path: Path, tables: dict[str, list[dict[str, Any]]]) -> None:
    """One workbook, one sheet per table, with a header row; written atomically.

    Every string is stored as text, never as a formula, and cells longer than
    Excel's limit are cut to it (the text column of long articles).
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = Workbook(write_only=True)
    for table, rows in tables.items():
        sheet = workbook.create_sheet(table)
        names = [column.name for column in columns(table)]
        sheet.append(names)
        for row in rows:
            cells = []
            for name in names:
                value = _cell(row.get(name))
                cell = WriteOnlyCell(sheet, value=value)
                if isinstance(value, str):
                    cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)[:XLSX_CELL_LIMIT]
                    cell.data_type = "s"  # "=…" stays text
                cells.append(cell)
            sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    write_atomic_bytes(path, buffer.getvalue())


def write_hf(dest: Path, tables: dict[str, list[dict[str, Any]]]) -> None:
    """A `datasets.DatasetDict` with one split per table, saved with ``save_to_disk``.

    The folder is built beside ``dest`` and moved into place at the end, so an
    interrupted export leaves the old folder (or none), never half a new one.
    """
    import datasets

    splits = {table: datasets.Dataset(arrow_table(table, rows)) for table, rows in tables.items()}
    dest.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", dir=dest.parent))
    quiet = datasets.is_progress_bar_enabled()
    try:
        if quiet:
            datasets.disable_progress_bars()  # one bar per split is noise on a terminal
        datasets.DatasetDict(splits).save_to_disk(str(staging / "data"))
        old = None
        if dest.exists():
            old = dest.parent / f"{staging.name}.old"
            os.replace(dest, old)
        os.replace(staging / "data", dest)
        if old is not None:
            shutil.rmtree(old)
    finally:
        if quiet:
            datasets.enable_progress_bars()
        shutil.rmtree(staging, ignore_errors=True)


def write_table_files(
    docs: Sequence[Document], dest: str | os.PathLike[str], fmt: str
) -> list[Path]:
    """``DEST/<table>.<fmt>`` for each of `TABLES`, in one of `TABLE_FORMATS`."""
    writers = {"parquet": write_parquet, "csv": write_csv}
    if fmt not in writers:
        raise ExportError(
            f"unknown table format {fmt!r}; expected one of {', '.join(TABLE_FORMATS)}"
        )
    written = []
    for table, rows in table_rows(docs).items():
        path = Path(dest) / f"{table}.{fmt}"
        writers[fmt](path, table, rows)
        written.append(path)
    return written


def write_tables(docs: Sequence[Document], dest: str | os.PathLike[str], fmt: str) -> list[Path]:
    """Write the four tables of ``docs`` in ``fmt``; the paths written.

    ``parquet`` and ``csv`` write ``DEST/<table>.<fmt>``; ``hf`` makes ``DEST``
    a saved `datasets.DatasetDict`; ``xlsx`` writes the workbook ``DEST`` when
    it ends in ``.xlsx``, else ``DEST/records.xlsx``.
    """
    if fmt not in EXPORT_FORMATS:
        raise ExportError(f"unknown format {fmt!r}; expected one of {', '.join(EXPORT_FORMATS)}")
    dest = Path(dest)
    if fmt == "hf":
        write_hf(dest, table_rows(docs))
        return [dest]
    if fmt == "xlsx":
        workbook = dest if dest.suffix.lower() == ".xlsx" else dest / "records.xlsx"
        write_xlsx(workbook, table_rows(docs))
        return [workbook]
    return write_table_files(docs, dest, fmt)


def export(out_dir: str | os.PathLike[str], fmt: str, dest: str | os.PathLike[str]) -> list[Path]:
    """``pledgewatch export``: the records of a run folder, written as ``fmt`` to ``dest``.

    >>> export("out/", "parquet", "tables/")  # doctest: +SKIP
    [PosixPath('tables/documents.parquet'), ...]
    """
    if fmt not in EXPORT_FORMATS:
        raise ExportError(f"unknown format {fmt!r}; expected one of {', '.join(EXPORT_FORMATS)}")
    require(export_dependencies(fmt))
    records = Path(out_dir) / "documents.jsonl"
    if not records.is_file():
        raise ExportError(
            f"{records}: no such file; export reads the documents.jsonl that "
            "`pledgewatch run -o OUT` writes"
        )
    return write_tables(read_documents(records), dest, fmt)
