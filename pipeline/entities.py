"""entities: typed, canonical, linked entity mentions.

Declared in the pipeline so later stages can rely on its output; the
extraction itself is the subject of the entities issue and is not built yet,
so this stage adds no entities. The README says so.
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.model import Document
from pipeline.stage import Stage


class Entities(Stage):
    name = "entities"
    requires = frozenset({"sents", "tokens", "ner", "boilerplate"})
    provides = frozenset({"entities"})

    def __call__(self, docs: Sequence[Document]) -> list[Document]:
        return list(docs)
