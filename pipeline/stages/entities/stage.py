"""The entities stage: candidates, overlaps, people, and the records."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import replace

from pledgewatch.config import Config
from pledgewatch.errors import PledgewatchError
from pledgewatch.kb import KnowledgeBase
from pledgewatch.model import Document, Entity, ModelInfo, Person
from pledgewatch.stage import Stage
from pledgewatch.stages.entities.candidates import kb_candidates, ner_candidates, resolve_overlaps
from pledgewatch.stages.entities.guarantees import name_issued, pattern_candidates
from pledgewatch.stages.entities.lexicon import EntityLexicon, Gazetteer
from pledgewatch.stages.entities.people import people_facts, settle, with_full_names
from pledgewatch.stages.entities.titles import name_pattern_candidates, title_candidates


class Entities(Stage):
    """Finds entity mentions and the people they name: see `pledgewatch.stages.entities`."""

    name = "entities"
    requires = frozenset({"sents", "tokens", "ner", "boilerplate"})
    provides = frozenset({"entities", "people"})

    def __init__(self, config: Config) -> None:
        self.config = config
        self.kb: KnowledgeBase | None = None
        self.lexicon: EntityLexicon | None = None
        self.gazetteer: Gazetteer | None = None

    def load(self) -> None:
        self.kb = KnowledgeBase.load(self.config.models_dir)
        self.lexicon = EntityLexicon.from_kb(self.kb)
        self.gazetteer = Gazetteer.from_kb(self.kb)

    def models(self) -> list[ModelInfo]:
        return [ModelInfo(name="pledgewatch-kb", version=self.kb.version)] if self.kb else []

    def __call__(self, docs: Sequence[Document]) -> list[Document]:
        return [self.set_annotations(doc, *self.predict(doc)) for doc in docs]

    @staticmethod
    def set_annotations(
        doc: Document, entities: list[Entity], people: Sequence[Person] = ()
    ) -> Document:
        return replace(doc, entities=tuple(entities), people=tuple(people))

    def predict(self, doc: Document) -> tuple[list[Entity], tuple[Person, ...]]:
        """The document's entity mentions and its people."""
        if self.kb is None or self.lexicon is None or self.gazetteer is None:
            raise PledgewatchError("entities: stage used before load(); call Pipeline.load() first")
        sdoc = doc.analysis
        if sdoc is None:
            raise PledgewatchError(
                f"entities: document {doc.doc_id[:12]} has no spaCy analysis; run the nlp stage first"
            )
        if not doc.text.strip():
            return [], ()
        lexicon, gazetteer = self.lexicon, self.gazetteer
        titles = gazetteer.matchers(sdoc.vocab, lexicon)["titles"](sdoc)
        titled = {i for _, start, end in titles for i in range(start, end)}
        candidates = (
            kb_candidates(sdoc, lexicon, gazetteer)
            + pattern_candidates(sdoc, lexicon, gazetteer)
            + title_candidates(sdoc, titles, lexicon, gazetteer)
            + name_pattern_candidates(sdoc, lexicon, gazetteer)
            + ner_candidates(sdoc, lexicon, gazetteer, titled)
        )
        chosen = [c for c in resolve_overlaps(candidates) if not doc.in_boilerplate(c.start, c.end)]
        name_issued(sdoc, chosen, gazetteer, doc.meta.published)
        chosen, clusters = settle(sdoc, chosen, lexicon, gazetteer, doc.meta.published)
        sentence_starts = [sent.start_char for sent in sdoc.sents]
        entities = [
            Entity(
                start=c.start,
                end=c.end,
                text=doc.text[c.start : c.end],
                label=c.label,
                canonical=c.canonical,
                kb_id=c.entry.kb_id if c.entry else None,
                role=c.role,
                sentence=max(0, bisect_right(sentence_starts, c.start) - 1),
                stage=self.name,
                confidence=round(c.confidence, 3),
            )
            for c in chosen
        ]
        entities = with_full_names(entities)
        return entities, people_facts(entities, doc.text, clusters, gazetteer, lexicon)
