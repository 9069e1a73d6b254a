"""The public API: load the pipeline, call it on texts or documents, read records back.

Example::

    >>> import pledgewatch
    >>> extract = pledgewatch.load()  # doctest: +SKIP
    >>> doc = extract("Chancellor Friedrich Merz said Germany would fund air defence for Ukraine.")  # doctest: +SKIP
    >>> [(c.actors, c.type, c.status) for c in doc.commitments]  # doctest: +SKIP
    [(('Germany',), 'military_aid', 'pledged')]
    >>> docs = pledgewatch.read_records("out/documents.jsonl")  # doctest: +SKIP

Records are the typed `Document`s of `pledgewatch.model`, the same as the
lines of a run's ``documents.jsonl``. Everything outside this module (and the
types it returns) is internal.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, overload

from pledgewatch.config import Config
from pledgewatch.dependencies import from_import_error
from pledgewatch.errors import InputError
from pledgewatch.model import Document

if TYPE_CHECKING:
    from pledgewatch.pipeline import Pipeline


class Extractor:
    """A loaded pipeline: call it on a text or `Document`, or on a list of them.

    A string is cleaned as the text of a ``.txt`` file is (its record's
    ``source.path`` is ``text:N``, N its 1-based place in the call, and
    ``source.alignment`` maps back to the string). A `Document` is taken as it
    is: its ``text`` is used unchanged, and entities, quotes and commitments it
    already holds are replaced. A text without an article in it (fewer than 40
    letters) raises `InputError`.
    """

    def __init__(self, pipeline: Pipeline) -> None:
        from pledgewatch.ingest import Ingest

        self.pipeline = pipeline
        self.config = pipeline.config
        self._ingest = Ingest()

    @overload
    def __call__(self, inputs: str | Document) -> Document: ...

    @overload
    def __call__(self, inputs: Iterable[str | Document]) -> list[Document]: ...

    def __call__(
        self, inputs: str | Document | Iterable[str | Document]
    ) -> Document | list[Document]:
        if isinstance(inputs, (str, Document)):
            return self([inputs])[0]
        documents = [self._document(item, number) for number, item in enumerate(inputs, start=1)]
        size = self.config.batch_size
        records: list[Document] = []
        for start in range(0, len(documents), size):
            records.extend(self.pipeline(documents[start : start + size]))
        return records

    def _document(self, item: str | Document, number: int) -> Document:
        if isinstance(item, str):
            return self._ingest.read_text(item, f"text:{number}")
        if isinstance(item, Document):
            return Document(doc_id=item.doc_id, text=item.text, meta=item.meta, source=item.source)
        raise TypeError(f"input {number}: expected a str or a Document, got {type(item).__name__}")


def load(config: Config | None = None) -> Extractor:
    """Build the pipeline for ``config`` and load its models (spaCy, the encoder, the heads).

    Raises `MissingDependencyError` when a library or model package it needs
    is not installed, and `ModelFileError` when an artefact in the models
    folder is missing or unusable.
    """
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    try:
        from pledgewatch.pipeline import build_pipeline
    except ImportError as error:  # numpy and the like, imported with the stages
        setup_error = from_import_error(error)
        if setup_error is None:
            raise
        raise setup_error from error

    return Extractor(build_pipeline(config or Config()).load())


def read_records(path: str | os.PathLike[str]) -> list[Document]:
    """Read a run's ``documents.jsonl`` (or the output folder holding it) into `Document`s.

    A line that is not a document record raises `InputError` naming the file
    and line.
    """
    from pledgewatch.io import read_documents

    source = Path(path)
    if source.is_dir():
        source = source / "documents.jsonl"
    if not source.is_file():
        raise InputError(str(source), "no such file")
    return read_documents(source)
