"""Fixtures of the entities stage's tests: the loaded stage on the tiny knowledge base."""

from __future__ import annotations

from pathlib import Path

import pytest

from pledgewatch.config import Config
from pledgewatch.stages.entities.stage import Entities
from tests.stages.entities.support import write_models


@pytest.fixture(scope="session")
def models_dir(tmp_path_factory) -> Path:
    return write_models(tmp_path_factory.mktemp("models"))


@pytest.fixture(scope="session")
def stage(models_dir: Path) -> Entities:
    entities = Entities(Config(spacy_model="blank:en", models_dir=models_dir))
    entities.load()
    return entities


@pytest.fixture(scope="session")
def parts(stage: Entities):
    """The loaded lexicon and gazetteer, for the rule functions."""
    return stage.lexicon, stage.gazetteer
