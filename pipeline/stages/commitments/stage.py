"""The commitments stage: candidates, classifier, decision, and the records."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from pledgewatch.config import Config
from pledgewatch.encoder import CommitmentHeads, Encoder
from pledgewatch.errors import ModelFileError, PledgewatchError
from pledgewatch.kb import KnowledgeBase
from pledgewatch.labels import kiel_category, plover_event
from pledgewatch.model import Commitment, Document, ModelInfo
from pledgewatch.stage import Stage
from pledgewatch.stages.commitments.candidate import Candidate
from pledgewatch.stages.commitments.candidates import sentence_candidates
from pledgewatch.stages.commitments.conditions import condition_of
from pledgewatch.stages.commitments.context import Context, Gazetteer, make_context
from pledgewatch.stages.commitments.decision import select
from pledgewatch.stages.commitments.features import (
    Finding,
    describe,
    feature_matrix,
    feature_vector,
    is_question,
    passive_without_agent,
    verb_of,
    with_earlier_givers,
)
from pledgewatch.stages.commitments.leadins import inherit, lead_ins, without_led_lists
from pledgewatch.stages.commitments.lexicon import CommitmentLexicon
from pledgewatch.stages.commitments.recipients import recipients_of
from pledgewatch.stages.commitments.texts import masked
from pledgewatch.stages.commitments.types import keyword_type, money_for

# Below this type probability the candidate's keywords overrule the classifier; training
# chooses it by cross-validation and stores it with the heads (``meta["type_confident"]``).
TYPE_CONFIDENT = 0.5


@dataclass(frozen=True)
class Scores:
    """The classifier heads' output for a document's candidates, one row each."""

    detect: np.ndarray
    types: np.ndarray
    statuses: np.ndarray


class Commitments(Stage):
    """Finds commitments: see `pledgewatch.stages.commitments` for the parts."""

    name = "commitments"
    requires = frozenset({"sents", "tokens", "parse", "entities", "quotes", "boilerplate", "turns"})
    provides = frozenset({"commitments"})

    def __init__(self, config: Config) -> None:
        self.config = config
        self.encoder = Encoder(config.encoder_model, backend=config.encoder_backend)
        self.heads: CommitmentHeads | None = None
        self.type_confident: float | None = None  # None: the heads' own (training sets it)
        self.lexicon: CommitmentLexicon | None = None
        self.gazetteer: Gazetteer | None = None

    @property
    def head_path(self):
        return self.config.models_dir / "commitments" / "head.json"

    def load(self) -> None:
        self.load_rules()
        self.encoder.load()
        self.heads = CommitmentHeads.load(
            self.head_path, self.config.encoder_model, self.encoder.dimension
        )
        if self.heads.decision is None:
            raise ModelFileError(
                f"commitments: classifier head {self.head_path} has no decision model; "
                "rebuild it with `pledgewatch train`"
            )

    def load_rules(self) -> None:
        """The lexicon and gazetteer only (what training needs before any head exists)."""
        kb = KnowledgeBase.load(self.config.models_dir)
        self.lexicon = CommitmentLexicon.from_kb(kb)
        self.gazetteer = Gazetteer.from_kb(kb)

    def models(self) -> list[ModelInfo]:
        if self.heads is None:
            return []
        return [
            ModelInfo(
                name=f"sentence-transformers:{self.encoder.name}", version=self.encoder.version
            ),
            ModelInfo(
                name="pledgewatch-commitment-heads",
                version=str(self.heads.meta.get("training_sha256", "unknown")),
            ),
        ]

    def __call__(self, docs: Sequence[Document]) -> list[Document]:
        if self.heads is None:
            raise PledgewatchError(
                "commitments: stage used before load(); call Pipeline.load() first"
            )
        found = [self.candidates(doc) for doc in docs]
        texts = [t for doc, each in zip(docs, found, strict=True) for t in self.texts(doc, each)]
        embeddings = self.encoder.encode(texts)
        out = []
        offset = 0
        for doc, each in zip(docs, found, strict=True):
            rows = slice(offset, offset + len(each))
            scores = self.score(embeddings[rows], texts[rows])
            offset += len(each)
            out.append(self.set_annotations(doc, self.predict(doc, each, scores)))
        return out

    @staticmethod
    def set_annotations(doc: Document, commitments: list[Commitment]) -> Document:
        return replace(doc, commitments=tuple(commitments))

    def candidates(self, doc: Document) -> list[Candidate]:
        """The candidates of a document's non-boilerplate sentences, the interviewer's
        questions left out; ``parent`` and ``group`` index this list."""
        sdoc = doc.analysis
        if sdoc is None:
            raise PledgewatchError(
                f"commitments: document {doc.doc_id[:12]} has no spaCy analysis; run the nlp stage first"
            )
        entities = sorted(doc.entities, key=lambda e: e.start)
        out: list[Candidate] = []
        for sentence in sdoc.sents:
            if not sentence.text.strip() or doc.in_boilerplate(
                sentence.start_char, sentence.end_char
            ):
                continue
            if doc.in_question(sentence.start_char) and is_question(sentence.text):
                continue  # the interviewer's questions undertake nothing; what the
                # interviewer states as fact ("Denmark said the jets had arrived.") is text
            found = sentence_candidates(sentence, self.lexicon, entities, len(out))
            out.extend(c for c in found if not doc.in_boilerplate(c.start, c.end))
        leads = lead_ins(doc.text, sdoc, out)
        return [replace(c, lead=leads[i]) if i in leads else c for i, c in enumerate(out)]

    @staticmethod
    def texts(doc: Document, found: Sequence[Candidate]) -> list[str]:
        """What the heads read for each candidate: its words, names masked (`texts`)."""
        entities = sorted(doc.entities, key=lambda e: e.start)
        return [masked(doc.text, c.start, c.end, entities) for c in found]

    def score(self, embeddings: np.ndarray, texts: Sequence[str]) -> Scores:
        """The classifier heads' probabilities for candidates, from embedding and words."""
        heads = self.heads
        if not texts:
            empty = np.zeros((0, 1), dtype=np.float32)
            return Scores(np.zeros(0, dtype=np.float32), empty, empty)
        features = heads.features(embeddings, texts)
        return Scores(
            heads.heads["detect"].probabilities(features)[:, 1],
            heads.heads["type"].probabilities(features),
            heads.heads["status"].probabilities(features),
        )

    def context(self, doc: Document) -> Context:
        return make_context(doc.text, doc.entities, doc.quotes, self.gazetteer, self.lexicon)

    def findings(
        self, doc: Document, found: Sequence[Candidate], context: Context
    ) -> list[Finding]:
        sdoc = doc.analysis
        own = [describe(sdoc, c, context) for c in found]
        led = [
            inherit(f, own[c.lead]) if c.lead is not None else f
            for c, f in zip(found, own, strict=True)
        ]
        passive = [passive_without_agent(verb_of(sdoc, c)) for c in found]
        return with_earlier_givers(led, found, passive, context.receiver)

    def features(
        self,
        doc: Document,
        found: Sequence[Candidate],
        findings: Sequence[Finding],
        detect: Sequence[float],
        context: Context,
    ) -> np.ndarray:
        """The decision's feature matrix; ``detect`` is the classifier's probability per
        candidate (a clause's goes to its items and noun phrases as ``p_parent``)."""
        speakers = {e.canonical: e.label for e in doc.entities}
        rows = []
        for i, candidate in enumerate(found):
            if candidate.parent is not None:
                parent = detect[candidate.parent]
            else:  # an item of a lead-in's list: the likelier of the two
                parent = max(detect[i], detect[i if candidate.lead is None else candidate.lead])
            rows.append(
                feature_vector(
                    doc.analysis,
                    candidate,
                    findings[i],
                    context,
                    float(detect[i]),
                    float(parent),
                    speakers,
                )
            )
        return feature_matrix(rows)

    def predict(
        self, doc: Document, found: Sequence[Candidate], scores: Scores
    ) -> list[Commitment]:
        if not found:
            return []
        decision = self.heads.decision
        context = self.context(doc)
        findings = self.findings(doc, found, context)
        matrix = self.features(doc, found, findings, scores.detect, context)
        return self.records(
            doc,
            found,
            findings,
            scores,
            decision.probabilities(matrix),
            decision.threshold,
            context,
        )

    def records(
        self,
        doc: Document,
        found: Sequence[Candidate],
        findings: Sequence[Finding],
        scores: Scores,
        probabilities: np.ndarray,
        threshold: float,
        context: Context,
        heads: CommitmentHeads | None = None,
    ) -> list[Commitment]:
        """The records of the candidates the decision keeps (``heads``: the classifier
        whose type and status classes ``scores`` hold; the loaded one by default)."""
        leads = {i: c.lead for i, c in enumerate(found) if c.lead is not None}
        kept = without_led_lists(select(found, probabilities.tolist(), threshold), leads)
        sentence_starts = [s.start_char for s in doc.analysis.sents]
        return [
            self.record(
                doc,
                found,
                findings,
                scores,
                i,
                float(probabilities[i]),
                context,
                sentence_starts,
                heads or self.heads,
                found[leads[i]] if i in leads else None,
            )
            for i in kept
        ]

    def record(
        self,
        doc: Document,
        found: Sequence[Candidate],
        findings: Sequence[Finding],
        scores: Scores,
        i: int,
        probability: float,
        context: Context,
        sentence_starts: Sequence[int],
        heads: CommitmentHeads,
        lead: Candidate | None = None,
    ) -> Commitment:
        """The commitment record of candidate ``i``: type, status, actors, condition
        (``lead``: the lead-in clause of the list it is an item of)."""
        candidate, finding = found[i], findings[i]
        parent = found[candidate.parent] if candidate.parent is not None else candidate
        parent_finding = findings[candidate.parent] if candidate.parent is not None else finding
        classes = heads.heads
        commitment_type = classes["type"].classes[int(scores.types[i].argmax())]
        own_text = candidate.own_text(doc.text)
        if candidate.kind == "item" and candidate.type_hint:
            commitment_type = candidate.type_hint
        elif decisive := keyword_type(own_text, self.lexicon.decisive):
            commitment_type = decisive  # "2 percent of GDP on defence" is other, always
        elif float(scores.types[i].max()) < self._type_confident(heads):
            commitment_type = keyword_type(own_text, self.lexicon.types) or commitment_type
        sdoc = doc.analysis
        if commitment_type == "financial_aid" and candidate.type_hint is None:
            contexts = [sdoc[c.head].sent.text for c in (parent, lead) if c is not None]
            lexicon = self.lexicon
            commitment_type = (
                money_for(own_text, contexts, lexicon.types, lexicon.named) or commitment_type
            )
        status = finding.status
        if candidate.kind == "item":
            status = parent_finding.status or status
        status = status or classes["status"].classes[int(scores.statuses[i].argmax())]
        sentence_end = sdoc[parent.head].sent.end_char
        condition = condition_of(
            own_text, 0, len(own_text), self.lexicon.condition
        ) or condition_of(doc.text, parent.end, sentence_end, self.lexicon.condition)
        if candidate.kind == "item" and condition is None:
            parent_text = parent.own_text(doc.text)
            condition = condition_of(parent_text, 0, len(parent_text), self.lexicon.condition)
        actors = list(finding.actors)
        recipients = recipients_of(candidate, actors, commitment_type, context)
        return Commitment(
            start=candidate.start,
            end=candidate.end,
            text=doc.text[candidate.start : candidate.end],
            actors=tuple(actors),
            recipients=tuple(recipients),
            type=commitment_type,
            status=status,
            conditional=condition is not None,
            condition=condition,
            plover=plover_event(commitment_type, status),
            kiel=kiel_category(commitment_type),
            sentence=max(0, bisect_right(sentence_starts, candidate.start) - 1),
            stage=self.name,
            confidence=round(probability, 3),
        )

    def _type_confident(self, heads: CommitmentHeads) -> float:
        if self.type_confident is not None:
            return self.type_confident
        return float(heads.meta.get("type_confident", TYPE_CONFIDENT))
