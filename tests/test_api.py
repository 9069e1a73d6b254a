"""The public API: `pledgewatch.load`, calling the loaded pipeline, `pledgewatch.read_records`."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

import pledgewatch
from pledgewatch import Config, Document, InputError
from pledgewatch.io import document_to_dict, dumps
from pledgewatch.model import Entity, Source

REPO = Path(__file__).resolve().parent.parent
TEXT = (
    "Prime Minister Keir Starmer said Britain would send troops to Ukraine once a ceasefire "
    "holds.\n\nChancellor Friedrich Merz said Germany would fund air defence for Ukraine."
)


@pytest.fixture(scope="module")
def extract(blank_config: Config) -> pledgewatch.Extractor:
    return pledgewatch.load(blank_config)


def test_api_text_gives_a_typed_record(extract: pledgewatch.Extractor) -> None:
    doc = extract(f"  {TEXT}  ")
    assert isinstance(doc, Document)
    assert doc.text == TEXT  # cleaned as a .txt file is
    assert doc.source.path == "text:1" and doc.source.format == "txt"
    assert {"Keir Starmer", "Ukraine"} <= {e.canonical for e in doc.entities}
    assert doc.pipeline.version == pledgewatch.__version__
    assert doc.analysis is None
    for item in (*doc.entities, *doc.quotes, *doc.commitments):
        assert doc.text[item.start : item.end] == item.text


def test_api_list_of_texts_and_documents_gives_a_list(extract: pledgewatch.Extractor) -> None:
    held = Document(
        doc_id="mine",
        text=TEXT,
        entities=(Entity(0, 5, "Prime", "PERSON", "Prime"),),  # replaced, not kept
        source=Source(path="db:42", format="txt", sha256="0" * 64),
    )
    first, second = extract([TEXT, held])
    assert second.doc_id == "mine" and second.source.path == "db:42"
    assert Entity(0, 5, "Prime", "PERSON", "Prime") not in second.entities
    assert replace(second, doc_id=first.doc_id, source=first.source) == first
    assert extract([]) == []


def test_api_bad_inputs_name_their_place(extract: pledgewatch.Extractor) -> None:
    with pytest.raises(InputError, match="text:2: document has no article text"):
        extract([TEXT, "Too short."])
    with pytest.raises(TypeError, match="input 1: expected a str or a Document, got int"):
        extract([3])


def test_api_read_records_round_trip(tmp_path: Path, extract: pledgewatch.Extractor) -> None:
    docs = extract([TEXT, TEXT.replace("Germany", "France")])
    (tmp_path / "documents.jsonl").write_text(
        "".join(dumps(document_to_dict(d)) + "\n" for d in docs), encoding="utf-8"
    )
    assert pledgewatch.read_records(tmp_path / "documents.jsonl") == docs
    assert pledgewatch.read_records(tmp_path) == docs  # an output folder


def test_api_read_records_errors_name_file_and_line(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        pledgewatch.read_records(tmp_path / "missing.jsonl")
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"doc_id": "a", "text": "x"}) + "\n{oops\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad.jsonl:2: malformed JSON"):
        pledgewatch.read_records(bad)
    bad.write_text(json.dumps({"text": "no id"}) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad.jsonl:1: not a document record \(KeyError"):
        pledgewatch.read_records(bad)


@pytest.mark.models
def test_api_records_equal_a_runs_records(tmp_path: Path) -> None:
    """The same article through the API and through `pledgewatch run` gives the same record."""
    from pledgewatch.run import run

    path = REPO / "corpora" / "uk-reassurance-force-report.txt"
    extract = pledgewatch.load()
    run([path], tmp_path / "out", extract.config, pipeline=extract.pipeline, progress=False)
    (from_run,) = pledgewatch.read_records(tmp_path / "out")
    from_api = extract(path.read_bytes().decode("utf-8"))  # no newline translation
    assert from_api.commitments and from_api.quotes
    assert from_api == replace(from_run, source=replace(from_run.source, path="text:1"))
