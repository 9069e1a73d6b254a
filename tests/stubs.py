"""A tiny stand-in stage for tests of whole runs: fast, deterministic, no model."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import replace

from pledgewatch.config import Config
from pledgewatch.model import Document, Entity, ModelInfo
from pledgewatch.pipeline import Pipeline
from pledgewatch.stage import Stage


class FirstWord(Stage):
    """Marks each document's first word as an entity; can sleep per batch to be caught midway."""

    name = "first_word"
    requires = frozenset({"text"})
    provides = frozenset({"entities"})

    def __init__(self, seconds_per_batch: float = 0.0) -> None:
        self.seconds_per_batch = seconds_per_batch
        self._loaded = False

    def load(self) -> None:
        self._loaded = True

    def models(self) -> list[ModelInfo]:
        """Like the real stages: known once loaded."""
        return [ModelInfo("stub:first-word", "1")] if self._loaded else []

    def __call__(self, docs: Sequence[Document]) -> list[Document]:
        time.sleep(self.seconds_per_batch)
        out = []
        for doc in docs:
            end = len(doc.text.split(maxsplit=1)[0])
            word = doc.text[:end]
            out.append(replace(doc, entities=(Entity(0, end, word, "STATE", word),)))
        return out


def first_word_pipeline(config: Config, seconds_per_batch: float = 0.0) -> Pipeline:
    return Pipeline([FirstWord(seconds_per_batch)], config)
