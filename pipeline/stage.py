"""What every stage is: a small class with settings, ``load()`` and a call on a batch.

A stage declares what it needs (``requires``) and what it adds
(``provides``); `pledgewatch.pipeline.Pipeline` checks those when it is built, so
a pipeline in the wrong order fails at once with a message naming the stage.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from pledgewatch.model import Document, ModelInfo


class Stage:
    """Base class: a constructor that only stores settings, ``load()``, and a call."""

    name: ClassVar[str] = "stage"
    requires: ClassVar[frozenset[str]] = frozenset()
    provides: ClassVar[frozenset[str]] = frozenset()

    def load(self) -> None:
        """Load heavy models. Stages without models have nothing to do here."""

    def models(self) -> list[ModelInfo]:
        """Name and version of every model this stage uses (after ``load()``)."""
        return []

    def __call__(self, docs: Sequence[Document]) -> list[Document]:
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}(requires={sorted(self.requires)}, provides={sorted(self.provides)})"
