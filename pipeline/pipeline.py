"""The order of stages, in one place, and the checked pipeline built from it.

Ingest (`pledgewatch.ingest`) runs before the list and provides ``text``,
``meta`` and ``source``; the records writer (`pledgewatch.records`) runs after
it. Everything between is here::

    >>> from pledgewatch.config import Config
    >>> pipe = build_pipeline(Config(spacy_model="blank:en"))
    >>> [stage.name for stage in pipe.stages]
    ['boilerplate', 'nlp', 'entities', 'quotes', 'commitments']
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import replace

from pledgewatch import __version__
from pledgewatch.boilerplate import Boilerplate
from pledgewatch.config import Config
from pledgewatch.dependencies import Dependency, require, stage_dependencies
from pledgewatch.errors import PipelineError
from pledgewatch.ingest import Ingest
from pledgewatch.model import Document, Provenance
from pledgewatch.nlp import Nlp
from pledgewatch.stage import Stage
from pledgewatch.stages.commitments.stage import Commitments
from pledgewatch.stages.entities.stage import Entities
from pledgewatch.stages.quotes.stage import Quotes

STAGE_ORDER: tuple[str, ...] = ("boilerplate", "nlp", "entities", "quotes", "commitments")

# Every stage is built from the run's configuration.
STAGE_CLASSES: dict[str, Callable[[Config], Stage]] = {
    "boilerplate": Boilerplate,
    "nlp": Nlp,
    "entities": Entities,
    "quotes": Quotes,
    "commitments": Commitments,
}


class Pipeline:
    """A straight line of stages whose requirements were checked when it was built."""

    def __init__(
        self, stages: Sequence[Stage], config: Config, available: frozenset[str] = Ingest.provides
    ) -> None:
        have = set(available)
        for position, stage in enumerate(stages):
            missing = sorted(stage.requires - have)
            if missing:
                before = ", ".join(s.name for s in stages[:position]) or "(none)"
                providers = sorted(
                    name for name in STAGE_ORDER if set(missing) & set(_provides_of(name))
                )
                hint = f"; add {' and '.join(providers)} before it" if providers else ""
                raise PipelineError(
                    f"stage {stage.name!r} requires {', '.join(missing)}, which no earlier stage "
                    f"provides (stages before it: {before}){hint}"
                )
            have |= stage.provides
        self.stages = list(stages)
        self.config = config
        self.timings: dict[str, float] = {stage.name: 0.0 for stage in stages}
        self._loaded = False

    def dependencies(self) -> list[Dependency]:
        """The libraries and model packages the stages need."""
        return stage_dependencies([stage.name for stage in self.stages], self.config.spacy_model)

    @property
    def loaded(self) -> bool:
        return self._loaded

    def load(self) -> Pipeline:
        """Load every stage's models; first raise `MissingDependencyError` if any is missing."""
        if not self._loaded:
            require(self.dependencies())
            for stage in self.stages:
                started = time.perf_counter()
                stage.load()
                self.timings[f"{stage.name}.load"] = time.perf_counter() - started
            self._loaded = True
        return self

    def provenance(self) -> Provenance:
        models = tuple(model for stage in self.stages for model in stage.models())
        return Provenance(version=__version__, models=models, config_hash=self.config.hash())

    def __call__(
        self, docs: Sequence[Document], on_stage: Callable[[str], None] | None = None
    ) -> list[Document]:
        """Run every stage over the batch; records get provenance, not the spaCy Doc.

        ``on_stage`` hears the name of each stage as it starts (for progress).
        """
        self.load()
        batch = list(docs)
        for stage in self.stages:
            if on_stage is not None:
                on_stage(stage.name)
            started = time.perf_counter()
            batch = stage(batch)
            self.timings[stage.name] += time.perf_counter() - started
        provenance = self.provenance()
        return [replace(doc, pipeline=provenance, analysis=None) for doc in batch]


def _provides_of(name: str) -> frozenset[str]:
    return STAGE_CLASSES[name].provides


def build_pipeline(config: Config, names: Sequence[str] = STAGE_ORDER) -> Pipeline:
    """Build the stages named (in the order given) and check their requirements."""
    unknown = [name for name in names if name not in STAGE_CLASSES]
    if unknown:
        raise PipelineError(
            f"unknown stage(s) {', '.join(unknown)}; known stages: {', '.join(STAGE_ORDER)}"
        )
    return Pipeline([STAGE_CLASSES[name](config) for name in names], config)
