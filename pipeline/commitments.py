"""commitments: who commits what to whom, how firmly, on what condition.

Declared in the pipeline, not built yet: adds no commitments (see README).
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.model import Document
from pipeline.stage import Stage


class Commitments(Stage):
    name = "commitments"
    requires = frozenset({"sents", "tokens", "parse", "entities", "quotes", "boilerplate"})
    provides = frozenset({"commitments"})

    def __call__(self, docs: Sequence[Document]) -> list[Document]:
        return list(docs)
