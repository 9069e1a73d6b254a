"""JSON in and out: the one module that turns model objects into records and back.

Records follow SPEC's document record. Every record written carries
``schema_version`` (`SCHEMA_VERSION`, "MAJOR.MINOR"). Readers ignore unknown
keys, so a file written by a newer minor version still loads; a record of
another major version is refused with a message, and a record without a
version (gold files, older runs) is read as the current one.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, fields
from pathlib import Path
from typing import IO, Any, TypeVar

from pledgewatch.errors import InputError, RecordError
from pledgewatch.model import (
    Commitment,
    Document,
    Entity,
    Meta,
    ModelInfo,
    Provenance,
    Quote,
    Region,
    Source,
)

SCHEMA_VERSION = "1.0"
T = TypeVar("T")
_UMASK = os.umask(0)
os.umask(_UMASK)


def _known(cls: type[T], data: dict[str, Any]) -> dict[str, Any]:
    names = {f.name for f in fields(cls)}  # type: ignore[arg-type]
    return {key: value for key, value in data.items() if key in names}


def meta_from_dict(data: dict[str, Any]) -> Meta:
    return Meta(**_known(Meta, data))


def entity_from_dict(data: dict[str, Any]) -> Entity:
    return Entity(**_known(Entity, data))


def quote_from_dict(data: dict[str, Any]) -> Quote:
    return Quote(**_known(Quote, data))


def commitment_from_dict(data: dict[str, Any]) -> Commitment:
    values = _known(Commitment, data)
    values["actors"] = tuple(values.get("actors") or ())
    values["recipients"] = tuple(values.get("recipients") or ())
    return Commitment(**values)


def check_schema_version(data: dict[str, Any]) -> None:
    """Raise `RecordError` unless the record has no version or one of `SCHEMA_VERSION`'s major."""
    version = data.get("schema_version")
    if version is None:
        return
    major = SCHEMA_VERSION.split(".")[0]
    if not isinstance(version, str) or version.split(".")[0] != major:
        raise RecordError(
            f"schema_version {version!r} is not supported (this pledgewatch reads {major}.x); "
            "read it with the pledgewatch version that wrote it"
        )


def document_from_dict(data: dict[str, Any]) -> Document:
    """Build a `Document` from a record (prediction or gold)."""
    check_schema_version(data)
    source = data.get("source")
    pipeline = data.get("pipeline")
    return Document(
        doc_id=str(data["doc_id"]),
        text=data["text"],
        meta=meta_from_dict(data.get("meta") or {}),
        boilerplate=tuple(Region(r["start"], r["end"]) for r in data.get("boilerplate") or ()),
        entities=tuple(entity_from_dict(e) for e in data.get("entities") or ()),
        quotes=tuple(quote_from_dict(q) for q in data.get("quotes") or ()),
        commitments=tuple(commitment_from_dict(c) for c in data.get("commitments") or ()),
        source=(
            Source(
                path=source["path"],
                format=source["format"],
                sha256=source["sha256"],
                alignment=tuple(tuple(run) for run in source.get("alignment") or ()),
                record=source.get("record"),
            )
            if source
            else None
        ),
        pipeline=(
            Provenance(
                version=pipeline["version"],
                models=tuple(ModelInfo(**m) for m in pipeline.get("models") or ()),
                config_hash=pipeline["config_hash"],
            )
            if pipeline
            else None
        ),
    )


def item_to_dict(item: Entity | Quote | Commitment) -> dict[str, Any]:
    data = asdict(item)
    if isinstance(item, Commitment):
        data["actors"] = list(item.actors)
        data["recipients"] = list(item.recipients)
    return data


def document_to_dict(doc: Document) -> dict[str, Any]:
    """The record of a document: `SCHEMA_VERSION`, then SPEC's keys in SPEC's order."""
    record: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "doc_id": doc.doc_id,
        "text": doc.text,
        "meta": asdict(doc.meta),
        "boilerplate": [{"start": r.start, "end": r.end} for r in doc.boilerplate],
        "entities": [item_to_dict(e) for e in doc.entities],
        "quotes": [item_to_dict(q) for q in doc.quotes],
        "commitments": [item_to_dict(c) for c in doc.commitments],
    }
    if doc.source is not None:
        record["source"] = {
            "path": doc.source.path,
            "format": doc.source.format,
            "sha256": doc.source.sha256,
            "alignment": [list(run) for run in doc.source.alignment],
            "record": doc.source.record,
        }
    if doc.pipeline is not None:
        record["pipeline"] = {
            "version": doc.pipeline.version,
            "models": [asdict(m) for m in doc.pipeline.models],
            "config_hash": doc.pipeline.config_hash,
        }
    return record


def dumps(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def read_jsonl(path: str | os.PathLike[str]) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield ``(line_number, object)`` for every non-blank line; raises on bad JSON."""
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                yield number, json.loads(line)


def read_documents(path: str | os.PathLike[str]) -> list[Document]:
    """Every document record of a JSONL file; a line that is not one raises `InputError`."""
    documents = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                documents.append(document_from_dict(json.loads(line)))
            except json.JSONDecodeError as error:
                raise InputError(f"{path}:{number}", f"malformed JSON ({error.msg})") from None
            except RecordError as error:  # another schema version
                raise InputError(f"{path}:{number}", str(error)) from None
            except (KeyError, TypeError, ValueError, AttributeError) as error:
                raise InputError(
                    f"{path}:{number}", f"not a document record ({type(error).__name__}: {error})"
                ) from None
    return documents


def write_atomic(path: str | os.PathLike[str], content: str) -> None:
    """Write a whole text file so that readers see the old file or the new one, never a part."""
    write_atomic_bytes(path, content.encode("utf-8"))


def write_atomic_bytes(path: str | os.PathLike[str], content: bytes) -> None:
    """Write a whole file atomically: a temporary file in the same folder, then rename."""
    with atomic_path(path) as tmp, open(tmp, "wb") as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())


@contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """A temporary file beside ``path`` to write in the block; when the block ends
    without an error it is renamed onto ``path``, so that readers see the old file or
    the new one, never a part (a worker that finds the file finds it whole); on an
    error it is removed."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes 0600; give the usual file mode
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextmanager
def atomic_writer(path: str | os.PathLike[str]) -> Iterator[IO[str]]:
    """A text file written line by line that readers see whole or not at all
    (`atomic_path`)."""
    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8", newline="\n") as handle:
        yield handle
        handle.flush()
        os.fsync(handle.fileno())


def write_jsonl(path: str | os.PathLike[str], records: Iterable[dict[str, Any]]) -> None:
    write_atomic(path, "".join(dumps(r) + "\n" for r in records))
