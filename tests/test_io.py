from __future__ import annotations

import json
from pathlib import Path

import pytest

from pledgewatch.errors import InputError, RecordError
from pledgewatch.io import (
    SCHEMA_VERSION,
    document_from_dict,
    document_to_dict,
    read_documents,
    read_jsonl,
    write_atomic,
    write_jsonl,
)
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

DOC = Document(
    doc_id="d1",
    text="Starmer said: “We will send troops.” Share this",
    meta=Meta(title="T", published="2025-03-01"),
    boilerplate=(Region(37, 47),),
    entities=(
        Entity(
            0,
            7,
            "Starmer",
            "LEADER",
            "Keir Starmer",
            kb_id="Q6386999",
            role="Prime Minister",
            sentence=0,
            stage="entities",
            confidence=0.9,
        ),
    ),
    quotes=(
        Quote(
            15,
            34,
            "We will send troops",
            "direct",
            speaker="Keir Starmer",
            speaker_start=0,
            speaker_end=7,
            cue="said",
            cue_start=8,
            cue_end=12,
            sentence=0,
            stage="quotes",
            confidence=0.8,
        ),
    ),
    commitments=(
        Commitment(
            15,
            34,
            "We will send troops",
            actors=("United Kingdom",),
            recipients=("Ukraine",),
            type="troop_deployment",
            status="pledged",
            plover="AGREE",
            sentence=0,
            stage="commitments",
            confidence=0.7,
        ),
    ),
    source=Source(path="a.txt", format="txt", sha256="a" * 64, alignment=((0, 0, 47),)),
    pipeline=Provenance(
        version="0.1.0", models=(ModelInfo("spacy:en_core_web_sm", "3.8.0"),), config_hash="abc"
    ),
)


def test_io_round_trip_is_lossless() -> None:
    assert document_from_dict(json.loads(json.dumps(document_to_dict(DOC)))) == DOC


def test_io_record_validates_against_schema(record_validator) -> None:
    record_validator.validate(document_to_dict(DOC))


def test_io_record_keys_follow_spec_order() -> None:
    assert list(document_to_dict(DOC))[:8] == [
        "schema_version",
        "doc_id",
        "text",
        "meta",
        "boilerplate",
        "entities",
        "quotes",
        "commitments",
    ]


def test_io_gold_record_without_prediction_fields_validates(record_validator) -> None:
    gold = {
        "doc_id": "g",
        "text": "NATO",
        "meta": {},
        "boilerplate": [],
        "entities": [
            {"start": 0, "end": 4, "text": "NATO", "label": "COALITION", "canonical": "NATO"}
        ],
        "quotes": [],
        "commitments": [],
    }
    record_validator.validate(gold)


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("entities", 0, "label"), "COUNTRY"),
        (("quotes", 0, "kind"), "paraphrase"),
        (("commitments", 0, "status"), "maybe"),
        (("commitments", 0, "type"), "weapons"),
        (("entities", 0, "confidence"), 1.5),
    ],
)
def test_io_schema_rejects_unknown_labels(record_validator, path, value) -> None:
    import jsonschema

    record = document_to_dict(DOC)
    record[path[0]][path[1]][path[2]] = value
    with pytest.raises(jsonschema.ValidationError):
        record_validator.validate(record)


def test_io_unknown_keys_are_ignored() -> None:
    record = document_to_dict(DOC) | {"future": 1}
    record["entities"][0]["extra"] = True
    assert document_from_dict(record) == DOC


def test_io_jsonl_write_read(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "docs.jsonl"
    write_jsonl(path, [document_to_dict(DOC)])
    assert read_documents(path) == [DOC]
    assert [n for n, _ in read_jsonl(path)] == [1]


def test_io_write_atomic_replaces_whole_file_and_leaves_no_temp(tmp_path: Path) -> None:
    path = tmp_path / "f.txt"
    write_atomic(path, "old")
    write_atomic(path, "new")
    assert path.read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["f.txt"]
    assert oct(path.stat().st_mode & 0o777) != oct(0o600)


def test_io_records_carry_the_schema_version(record_validator) -> None:
    record = document_to_dict(DOC)
    assert record["schema_version"] == SCHEMA_VERSION
    record_validator.validate(record)
    assert document_from_dict(record | {"schema_version": "1.7"}) == DOC  # a newer minor loads


@pytest.mark.parametrize("version", ["2.0", "0.9", 1])
def test_io_other_schema_major_is_refused(version, record_validator) -> None:
    import jsonschema

    record = document_to_dict(DOC) | {"schema_version": version}
    with pytest.raises(RecordError, match="schema_version .* is not supported"):
        document_from_dict(record)
    with pytest.raises(jsonschema.ValidationError):
        record_validator.validate(record)


def test_io_read_documents_refuses_another_schema_major_naming_file_and_line(
    tmp_path: Path,
) -> None:
    path = tmp_path / "docs.jsonl"
    good = json.dumps(document_to_dict(DOC))
    path.write_text(good + "\n" + json.dumps(document_to_dict(DOC) | {"schema_version": "9.0"}))
    with pytest.raises(InputError, match=r"docs.jsonl:2: schema_version '9.0' is not supported"):
        read_documents(path)
