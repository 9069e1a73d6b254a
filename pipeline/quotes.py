"""quotes: direct, indirect and mixed quotations with speakers.

Declared in the pipeline, not built yet: adds no quotes (see README).
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.model import Document
from pipeline.stage import Stage


class Quotes(Stage):
    name = "quotes"
    requires = frozenset({"sents", "tokens", "parse", "entities", "boilerplate"})
    provides = frozenset({"quotes"})

    def __call__(self, docs: Sequence[Document]) -> list[Document]:
        return list(docs)
