"""Shared fixtures. Unit tests use a blank spaCy pipeline; `models` tests load the real one once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pledgewatch.config import Config

REPO = Path(__file__).resolve().parent.parent
SHARED_EXAMPLE = REPO.parent / "shared" / "examples" / "usip-security-guarantees.txt"
SCHEMA_PATH = REPO / "pipeline" / "schema" / "record.schema.json"


@pytest.fixture(scope="session")
def blank_config() -> Config:
    return Config(spacy_model="blank:en")


@pytest.fixture(scope="session")
def real_config() -> Config:
    return Config()


@pytest.fixture(scope="session")
def record_validator():
    import jsonschema

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.fixture(scope="session")
def usip_example() -> Path:
    if not SHARED_EXAMPLE.exists():
        pytest.skip(f"shared example not found at {SHARED_EXAMPLE}")
    return SHARED_EXAMPLE


@pytest.fixture(scope="session")
def kb():
    from pledgewatch.kb import KnowledgeBase

    return KnowledgeBase.load(REPO / "models")


@pytest.fixture(scope="session")
def lexicon(kb):
    """The commitments stage's lexicon, read from models/lexicon (no model is loaded)."""
    from pledgewatch.stages.commitments.lexicon import CommitmentLexicon

    return CommitmentLexicon.from_kb(kb)


@pytest.fixture(scope="session")
def gazetteer(kb):
    from pledgewatch.stages.commitments.context import Gazetteer

    return Gazetteer.from_kb(kb)
