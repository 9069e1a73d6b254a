"""Score predicted documents against gold annotations (SPEC, "Evaluation").

No model is needed: `score` compares two lists of `Document`s. Documents pair
by ``doc_id`` (or, failing that, by identical text); a gold document without a
prediction counts all its gold items as missed, and predicted documents
without gold are not scored but listed in `Report.unmatched_predictions`, which
`format_table` shows as a warning, so a wrong file pairing cannot go unnoticed.

Matching is one-to-one everywhere. Predictions that touch a gold boilerplate
region are false positives whatever they are: nothing there is annotated.

Entities, mention level, per label (SemEval-2013 counts; see `MentionCounts`):

- ``strict``: same span and same label; tp = COR.
- ``partial``: the SemEval-2013 "partial" scheme restricted to same-label
  pairs: an exact span is worth 1, an overlapping one 0.5:
  P = (COR + 0.5 PAR) / ACT, R = (COR + 0.5 PAR) / POS.
- ``overlap``: any overlap with the same label is a full hit:
  P = (COR + PAR) / ACT, R = (COR + PAR) / POS.

Entities, document level: per label, the set of canonical names (folded by
`AliasTable.canonical`) in each document; tp/fp/fn summed over documents. A
name predicted only inside boilerplate is therefore a false positive too.

Quotes: a prediction matches a gold quote when their character overlap is at
least half the gold span; pairs are taken greedily, largest overlap first.
Among matched quotes: speaker (canonical names; both null is correct), kind,
and affiliation (only where gold has one) accuracy.

Commitments: evidence spans match on any overlap, greedily by overlap size;
among matched: type, status and conditional accuracy, and actors/recipients
P/R/F1 over the sets of canonical names of each matched pair.

>>> from pledgewatch.model import Document, Entity
>>> gold = [Document("d", "Starmer spoke.", entities=(Entity(0, 7, "Starmer", "LEADER",
...                                                        "Keir Starmer"),))]
>>> score(gold, gold).entities.micro_mentions.strict.f1
1.0
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Generic, TypeVar

from pledgewatch.labels import ENTITY_LABELS
from pledgewatch.model import Commitment, Document, Entity, Quote
from pledgewatch.names import AliasTable

Item = TypeVar("Item", Entity, Quote, Commitment)


# ---------------------------------------------------------------------------
# Counts and the figures derived from them


def _ratio(numerator: float, denominator: float) -> float | None:
    """None when undefined (nothing to count), so "no data" never reads as 0 or 1."""
    return numerator / denominator if denominator else None


def _harmonic(precision: float | None, recall: float | None) -> float | None:
    if precision is None or recall is None:
        return None if precision is None and recall is None else 0.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


@dataclass(frozen=True)
class PRF:
    """True positives, false positives, false negatives, and P/R/F1 from them.

    A figure whose denominator is zero is None (no predictions → no
    precision); F1 is 2tp / (2tp + fp + fn), None only when all counts are 0.
    """

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float | None:
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float | None:
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float | None:
        return _ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn)

    def __add__(self, other: PRF) -> PRF:
        return PRF(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @classmethod
    def of_sets(cls, gold: set[str], pred: set[str]) -> PRF:
        return cls(len(gold & pred), len(pred - gold), len(gold - pred))

    def to_dict(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PRF:
        return cls(data["tp"], data["fp"], data["fn"])


@dataclass(frozen=True)
class Accuracy:
    """Correct out of total; accuracy is None when there was nothing to judge."""

    correct: int = 0
    total: int = 0

    @property
    def accuracy(self) -> float | None:
        return _ratio(self.correct, self.total)

    def add(self, is_correct: bool) -> Accuracy:
        return Accuracy(self.correct + int(is_correct), self.total + 1)

    def __add__(self, other: Accuracy) -> Accuracy:
        return Accuracy(self.correct + other.correct, self.total + other.total)

    def to_dict(self) -> dict[str, Any]:
        return {"correct": self.correct, "total": self.total, "accuracy": self.accuracy}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Accuracy:
        return cls(data["correct"], data["total"])


@dataclass(frozen=True)
class Figures:
    """Precision, recall and F1 that are not plain tp/fp/fn ratios (partial credit)."""

    precision: float | None
    recall: float | None
    f1: float | None

    def to_dict(self) -> dict[str, Any]:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1}


@dataclass(frozen=True)
class MentionCounts:
    """SemEval-2013 counts of entity mentions for one label (or all of them).

    - ``cor``: gold and prediction with the same span and label;
    - ``par``: same label, spans overlap but differ;
    - ``mis``: gold mentions left unmatched (POS = COR + PAR + MIS);
    - ``spu``: predictions left unmatched (ACT = COR + PAR + SPU), including
      predictions inside gold boilerplate;
    - ``inc``: of the ``mis`` gold mentions, those whose span (exactly or
      overlapping) was predicted with another label. It is a diagnostic part
      of ``mis``, not added to POS: such a prediction is also counted in
      ``spu`` under its own label, as SemEval's per-type view does.
    """

    cor: int = 0
    par: int = 0
    inc: int = 0
    mis: int = 0
    spu: int = 0

    @property
    def pos(self) -> int:
        return self.cor + self.par + self.mis

    @property
    def act(self) -> int:
        return self.cor + self.par + self.spu

    @property
    def strict(self) -> PRF:
        return PRF(self.cor, self.act - self.cor, self.pos - self.cor)

    @property
    def partial(self) -> Figures:
        return self._figures(self.cor + 0.5 * self.par)

    @property
    def overlap(self) -> Figures:
        return self._figures(self.cor + self.par)

    def _figures(self, hits: float) -> Figures:
        precision, recall = _ratio(hits, self.act), _ratio(hits, self.pos)
        return Figures(precision, recall, _harmonic(precision, recall))

    def __add__(self, other: MentionCounts) -> MentionCounts:
        return MentionCounts(
            self.cor + other.cor,
            self.par + other.par,
            self.inc + other.inc,
            self.mis + other.mis,
            self.spu + other.spu,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "cor": self.cor,
            "par": self.par,
            "inc": self.inc,
            "mis": self.mis,
            "spu": self.spu,
            "pos": self.pos,
            "act": self.act,
            "strict": self.strict.to_dict(),
            "partial": self.partial.to_dict(),
            "overlap": self.overlap.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> MentionCounts:
        return cls(data["cor"], data["par"], data["inc"], data["mis"], data["spu"])


def _add_by_label(first: dict[str, Any], second: dict[str, Any], zero: Any) -> dict[str, Any]:
    labels = list(first) + [label for label in second if label not in first]
    return {label: first.get(label, zero) + second.get(label, zero) for label in labels}


def _empty_labels(zero: Any) -> dict[str, Any]:
    return dict.fromkeys(ENTITY_LABELS, zero)


@dataclass(frozen=True)
class EntityReport:
    """Entity scores per label: mention level and document level."""

    mentions: dict[str, MentionCounts] = field(
        default_factory=lambda: _empty_labels(MentionCounts())
    )
    documents: dict[str, PRF] = field(default_factory=lambda: _empty_labels(PRF()))
    in_boilerplate: int = 0

    @property
    def micro_mentions(self) -> MentionCounts:
        return sum(self.mentions.values(), MentionCounts())

    @property
    def micro_documents(self) -> PRF:
        return sum(self.documents.values(), PRF())

    def __add__(self, other: EntityReport) -> EntityReport:
        return EntityReport(
            _add_by_label(self.mentions, other.mentions, MentionCounts()),
            _add_by_label(self.documents, other.documents, PRF()),
            self.in_boilerplate + other.in_boilerplate,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "mentions": {
                "micro": self.micro_mentions.to_dict(),
                "labels": {label: c.to_dict() for label, c in self.mentions.items()},
            },
            "documents": {
                "micro": self.micro_documents.to_dict(),
                "labels": {label: c.to_dict() for label, c in self.documents.items()},
            },
            "in_boilerplate": self.in_boilerplate,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EntityReport:
        return cls(
            {k: MentionCounts.from_dict(v) for k, v in data["mentions"]["labels"].items()},
            {k: PRF.from_dict(v) for k, v in data["documents"]["labels"].items()},
            data["in_boilerplate"],
        )


@dataclass(frozen=True)
class QuoteReport:
    spans: PRF = PRF()
    speaker: Accuracy = Accuracy()
    kind: Accuracy = Accuracy()
    affiliation: Accuracy = Accuracy()
    in_boilerplate: int = 0

    def __add__(self, other: QuoteReport) -> QuoteReport:
        return QuoteReport(
            self.spans + other.spans,
            self.speaker + other.speaker,
            self.kind + other.kind,
            self.affiliation + other.affiliation,
            self.in_boilerplate + other.in_boilerplate,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "spans": self.spans.to_dict(),
            "speaker": self.speaker.to_dict(),
            "kind": self.kind.to_dict(),
            "affiliation": self.affiliation.to_dict(),
            "in_boilerplate": self.in_boilerplate,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> QuoteReport:
        return cls(
            PRF.from_dict(data["spans"]),
            Accuracy.from_dict(data["speaker"]),
            Accuracy.from_dict(data["kind"]),
            Accuracy.from_dict(data["affiliation"]),
            data["in_boilerplate"],
        )


@dataclass(frozen=True)
class CommitmentReport:
    detection: PRF = PRF()
    type: Accuracy = Accuracy()
    status: Accuracy = Accuracy()
    conditional: Accuracy = Accuracy()
    actors: PRF = PRF()
    recipients: PRF = PRF()
    in_boilerplate: int = 0

    def __add__(self, other: CommitmentReport) -> CommitmentReport:
        return CommitmentReport(
            self.detection + other.detection,
            self.type + other.type,
            self.status + other.status,
            self.conditional + other.conditional,
            self.actors + other.actors,
            self.recipients + other.recipients,
            self.in_boilerplate + other.in_boilerplate,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "detection": self.detection.to_dict(),
            "type": self.type.to_dict(),
            "status": self.status.to_dict(),
            "conditional": self.conditional.to_dict(),
            "actors": self.actors.to_dict(),
            "recipients": self.recipients.to_dict(),
            "in_boilerplate": self.in_boilerplate,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CommitmentReport:
        return cls(
            PRF.from_dict(data["detection"]),
            Accuracy.from_dict(data["type"]),
            Accuracy.from_dict(data["status"]),
            Accuracy.from_dict(data["conditional"]),
            PRF.from_dict(data["actors"]),
            PRF.from_dict(data["recipients"]),
            data["in_boilerplate"],
        )


@dataclass(frozen=True)
class Report:
    """All scores of one evaluation; reports add up (``a + b`` or `Report.merge`)."""

    documents: int = 0
    entities: EntityReport = field(default_factory=EntityReport)
    quotes: QuoteReport = QuoteReport()
    commitments: CommitmentReport = CommitmentReport()
    unmatched_predictions: tuple[str, ...] = ()

    def __add__(self, other: Report) -> Report:
        return Report(
            self.documents + other.documents,
            self.entities + other.entities,
            self.quotes + other.quotes,
            self.commitments + other.commitments,
            self.unmatched_predictions + other.unmatched_predictions,
        )

    @classmethod
    def merge(cls, reports: Iterable[Report]) -> Report:
        return sum(reports, cls())

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict; every figure sits beside the counts it comes from."""
        return {
            "documents": self.documents,
            "unmatched_predictions": list(self.unmatched_predictions),
            "entities": self.entities.to_dict(),
            "quotes": self.quotes.to_dict(),
            "commitments": self.commitments.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Report:
        """Read back `to_dict` output (for summing reports saved as JSON)."""
        return cls(
            data["documents"],
            EntityReport.from_dict(data["entities"]),
            QuoteReport.from_dict(data["quotes"]),
            CommitmentReport.from_dict(data["commitments"]),
            tuple(data.get("unmatched_predictions") or ()),
        )


# ---------------------------------------------------------------------------
# Alignment: which prediction answers which gold item


@dataclass(frozen=True)
class SpanAlignment(Generic[Item]):
    """One-to-one pairs of gold and predicted items of one document.

    ``spurious`` excludes ``in_boilerplate`` (predictions touching a gold
    boilerplate region, false positives too).
    """

    matched: tuple[tuple[Item, Item], ...] = ()
    missed: tuple[Item, ...] = ()
    spurious: tuple[Item, ...] = ()
    in_boilerplate: tuple[Item, ...] = ()


@dataclass(frozen=True)
class EntityAlignment:
    """Entity mentions of one document, in SemEval's categories.

    ``missed`` and ``spurious`` exclude the items in ``wrong_label`` pairs
    (overlapping spans, different labels), which count as both.
    """

    exact: tuple[tuple[Entity, Entity], ...] = ()
    partial: tuple[tuple[Entity, Entity], ...] = ()
    wrong_label: tuple[tuple[Entity, Entity], ...] = ()
    missed: tuple[Entity, ...] = ()
    spurious: tuple[Entity, ...] = ()
    in_boilerplate: tuple[Entity, ...] = ()


@dataclass(frozen=True)
class DocumentAlignment:
    gold: Document
    pred: Document
    entities: EntityAlignment
    quotes: SpanAlignment[Quote]
    commitments: SpanAlignment[Commitment]


def _overlap(a: Entity | Quote | Commitment, b: Entity | Quote | Commitment) -> int:
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def _greedy_pairs(
    gold: Sequence[Item],
    pred: Sequence[Item],
    accept: Callable[[Item, Item, int], bool],
) -> list[tuple[int, int]]:
    """Index pairs, one-to-one, taking the largest overlaps first (ties: text order)."""
    candidates = [
        (-overlap, g.start, p.start, gi, pi)
        for gi, g in enumerate(gold)
        for pi, p in enumerate(pred)
        if (overlap := _overlap(g, p)) > 0 and accept(g, p, overlap)
    ]
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for *_, gi, pi in sorted(candidates):
        if gi not in used_gold and pi not in used_pred:
            used_gold.add(gi)
            used_pred.add(pi)
            pairs.append((gi, pi))
    return pairs


def _split_boilerplate(gold: Document, items: Sequence[Item]) -> tuple[list[Item], list[Item]]:
    inside = [item for item in items if gold.in_boilerplate(item.start, item.end)]
    outside = [item for item in items if not gold.in_boilerplate(item.start, item.end)]
    return outside, inside


def _align_spans(
    gold: Document,
    gold_items: Sequence[Item],
    pred_items: Sequence[Item],
    accept: Callable[[Item, Item, int], bool],
) -> SpanAlignment[Item]:
    pred_outside, inside = _split_boilerplate(gold, pred_items)
    pairs = _greedy_pairs(gold_items, pred_outside, accept)
    paired_gold = {gi for gi, _ in pairs}
    paired_pred = {pi for _, pi in pairs}
    return SpanAlignment(
        matched=tuple((gold_items[gi], pred_outside[pi]) for gi, pi in sorted(pairs)),
        missed=tuple(g for gi, g in enumerate(gold_items) if gi not in paired_gold),
        spurious=tuple(p for pi, p in enumerate(pred_outside) if pi not in paired_pred),
        in_boilerplate=tuple(inside),
    )


def _align_entities(gold: Document, pred: Document) -> EntityAlignment:
    pred_outside, inside = _split_boilerplate(gold, pred.entities)
    gold_left = list(gold.entities)
    exact: list[tuple[Entity, Entity]] = []
    pred_left: list[Entity] = []
    for p in pred_outside:
        twin = next(
            (g for g in gold_left if (g.start, g.end, g.label) == (p.start, p.end, p.label)),
            None,
        )
        if twin is None:
            pred_left.append(p)
        else:
            gold_left.remove(twin)
            exact.append((twin, p))

    def take(accept: Callable[[Entity, Entity, int], bool]) -> list[tuple[Entity, Entity]]:
        nonlocal gold_left, pred_left
        pairs = _greedy_pairs(gold_left, pred_left, accept)
        taken = [(gold_left[gi], pred_left[pi]) for gi, pi in pairs]
        paired_gold = {gi for gi, _ in pairs}
        paired_pred = {pi for _, pi in pairs}
        gold_left = [g for gi, g in enumerate(gold_left) if gi not in paired_gold]
        pred_left = [p for pi, p in enumerate(pred_left) if pi not in paired_pred]
        return sorted(taken, key=lambda pair: pair[0].start)

    partial = take(lambda g, p, _: g.label == p.label)
    wrong_label = take(lambda g, p, _: g.label != p.label)
    return EntityAlignment(
        exact=tuple(sorted(exact, key=lambda pair: pair[0].start)),
        partial=tuple(partial),
        wrong_label=tuple(wrong_label),
        missed=tuple(gold_left),
        spurious=tuple(pred_left),
        in_boilerplate=tuple(inside),
    )


def _quote_match(gold: Quote, _pred: Quote, overlap: int) -> bool:
    # At least half of the gold span, exactly half included.
    return 2 * overlap >= gold.end - gold.start


def align_document(gold: Document, pred: Document) -> DocumentAlignment:
    """Pair the items of one predicted document with its gold document."""
    return DocumentAlignment(
        gold=gold,
        pred=pred,
        entities=_align_entities(gold, pred),
        quotes=_align_spans(gold, gold.quotes, pred.quotes, _quote_match),
        commitments=_align_spans(gold, gold.commitments, pred.commitments, lambda _g, _p, _o: True),
    )


def pair_documents(
    gold: Sequence[Document], pred: Sequence[Document]
) -> tuple[list[tuple[Document, Document]], tuple[str, ...]]:
    """Gold documents with their predictions, and the ids of predictions without gold.

    A prediction pairs with the gold document of the same ``doc_id``, or else
    with the one gold document of identical text (a pipeline run names
    documents by the hash of their text, gold files by file name). A gold
    document without a prediction pairs with an empty one.

    Raises ValueError for duplicate ids, or a pair whose texts differ (their
    offsets cannot be compared).
    """
    for side, docs in (("gold", gold), ("predicted", pred)):
        seen: set[str] = set()
        for doc in docs:
            if doc.doc_id in seen:
                raise ValueError(f"duplicate doc_id {doc.doc_id!r} in the {side} documents")
            seen.add(doc.doc_id)
    gold_ids = {doc.doc_id for doc in gold}
    by_id = {doc.doc_id: doc for doc in pred}
    by_text: dict[str, list[Document]] = {}
    for doc in pred:
        if doc.doc_id not in gold_ids:
            by_text.setdefault(doc.text, []).append(doc)
    used: set[str] = set()
    pairs: list[tuple[Document, Document]] = []
    for gold_doc in gold:
        pred_doc = by_id.get(gold_doc.doc_id)
        if pred_doc is None:
            twins = [d for d in by_text.get(gold_doc.text, ()) if d.doc_id not in used]
            pred_doc = twins[0] if twins else Document(gold_doc.doc_id, gold_doc.text)
        if pred_doc.text != gold_doc.text:
            raise ValueError(
                f"doc_id {gold_doc.doc_id!r}: the predicted text differs from the gold text "
                f"(first difference at character {_first_difference(gold_doc.text, pred_doc.text)}"
                "); offsets cannot be compared. Run the pipeline on the gold texts."
            )
        used.add(pred_doc.doc_id)
        pairs.append((gold_doc, pred_doc))
    unmatched = tuple(doc.doc_id for doc in pred if doc.doc_id not in used)
    return pairs, unmatched


def _first_difference(first: str, second: str) -> int:
    return next(
        (i for i, (a, b) in enumerate(zip(first, second, strict=False)) if a != b),
        min(len(first), len(second)),
    )


def align(gold: Sequence[Document], pred: Sequence[Document]) -> list[DocumentAlignment]:
    """`align_document` for every gold document (see `pair_documents`)."""
    pairs, _ = pair_documents(gold, pred)
    return [align_document(g, p) for g, p in pairs]


# ---------------------------------------------------------------------------
# Scoring


def _entity_name(entity: Entity, aliases: AliasTable) -> str:
    return aliases.canonical(entity.canonical) or aliases.canonical(entity.text)


def _names(names: Iterable[str], aliases: AliasTable) -> set[str]:
    return {key for name in names if (key := aliases.canonical(name))}


def _score_entities(alignment: DocumentAlignment, aliases: AliasTable) -> EntityReport:
    found = alignment.entities
    counts: dict[str, dict[str, int]] = {}

    def bump(label: str, key: str) -> None:
        counts.setdefault(label, {})
        counts[label][key] = counts[label].get(key, 0) + 1

    for gold, _ in found.exact:
        bump(gold.label, "cor")
    for gold, _ in found.partial:
        bump(gold.label, "par")
    for gold, pred in found.wrong_label:
        bump(gold.label, "inc")
        bump(gold.label, "mis")
        bump(pred.label, "spu")
    for gold in found.missed:
        bump(gold.label, "mis")
    for pred in (*found.spurious, *found.in_boilerplate):
        bump(pred.label, "spu")
    mentions = _empty_labels(MentionCounts())
    for label, values in counts.items():
        mentions[label] = MentionCounts(**values)

    documents = _empty_labels(PRF())
    labels = {e.label for e in alignment.gold.entities} | {e.label for e in alignment.pred.entities}
    for label in sorted(labels):
        gold_names = {_entity_name(e, aliases) for e in alignment.gold.entities if e.label == label}
        pred_names = {_entity_name(e, aliases) for e in alignment.pred.entities if e.label == label}
        documents[label] = PRF.of_sets(gold_names - {""}, pred_names - {""})
    return EntityReport(mentions, documents, len(found.in_boilerplate))


def _score_quotes(alignment: SpanAlignment[Quote], aliases: AliasTable) -> QuoteReport:
    speaker, kind, affiliation = Accuracy(), Accuracy(), Accuracy()
    for gold, pred in alignment.matched:
        speaker = speaker.add(aliases.same(gold.speaker, pred.speaker))
        kind = kind.add(gold.kind == pred.kind)
        if gold.speaker_affiliation:
            affiliation = affiliation.add(
                aliases.same(gold.speaker_affiliation, pred.speaker_affiliation)
            )
    spans = PRF(
        len(alignment.matched),
        len(alignment.spurious) + len(alignment.in_boilerplate),
        len(alignment.missed),
    )
    return QuoteReport(spans, speaker, kind, affiliation, len(alignment.in_boilerplate))


def _score_commitments(
    alignment: SpanAlignment[Commitment], aliases: AliasTable
) -> CommitmentReport:
    type_, status, conditional = Accuracy(), Accuracy(), Accuracy()
    actors, recipients = PRF(), PRF()
    for gold, pred in alignment.matched:
        type_ = type_.add(gold.type == pred.type)
        status = status.add(gold.status == pred.status)
        conditional = conditional.add(gold.conditional == pred.conditional)
        actors += PRF.of_sets(_names(gold.actors, aliases), _names(pred.actors, aliases))
        recipients += PRF.of_sets(
            _names(gold.recipients, aliases), _names(pred.recipients, aliases)
        )
    detection = PRF(
        len(alignment.matched),
        len(alignment.spurious) + len(alignment.in_boilerplate),
        len(alignment.missed),
    )
    return CommitmentReport(
        detection, type_, status, conditional, actors, recipients, len(alignment.in_boilerplate)
    )


def score_alignment(alignment: DocumentAlignment, aliases: AliasTable | None = None) -> Report:
    """The report of one aligned document."""
    aliases = aliases if aliases is not None else AliasTable()
    return Report(
        documents=1,
        entities=_score_entities(alignment, aliases),
        quotes=_score_quotes(alignment.quotes, aliases),
        commitments=_score_commitments(alignment.commitments, aliases),
    )


def score(
    gold: Sequence[Document], pred: Sequence[Document], aliases: AliasTable | None = None
) -> Report:
    """Score predictions against gold documents.

    Every gold document is scored (one without a prediction counts all its
    items as missed); predictions without gold are not scored and their ids
    are kept in ``Report.unmatched_predictions``. ``aliases`` folds names
    (default: folding rules only, no knowledge base).

    >>> from pledgewatch.model import Document, Quote
    >>> gold = [Document("d", "He said it.", quotes=(Quote(8, 10, "it", "indirect", "Zelensky"),))]
    >>> pred = [Document("d", "He said it.", quotes=(Quote(8, 10, "it", "direct", "Zelenskyy"),))]
    >>> report = score(gold, pred)
    >>> report.quotes.speaker.accuracy, report.quotes.kind.accuracy
    (1.0, 0.0)
    """
    aliases = aliases if aliases is not None else AliasTable()
    pairs, unmatched = pair_documents(gold, pred)
    report = Report.merge(score_alignment(align_document(g, p), aliases) for g, p in pairs)
    return replace(report, unmatched_predictions=unmatched)


# ---------------------------------------------------------------------------
# Presentation


def _fmt(value: float | None) -> str:
    return "    -" if value is None else f"{value:.3f}"


def _counts(prf: PRF) -> str:
    return f"tp={prf.tp} fp={prf.fp} fn={prf.fn}"


def _labels_with_data(values: dict[str, Any], empty: Any) -> list[str]:
    return [label for label, counts in values.items() if counts != empty]


def format_table(report: Report) -> str:
    """A fixed-width table: one row per task and label or metric, with counts.

    For accuracy rows the figure stands in the F1 column.
    """
    rows: list[tuple[str, str, str, str, str, str]] = []

    def prf_row(task: str, label: str, figures: PRF | Figures, counts: str) -> None:
        rows.append(
            (task, label, _fmt(figures.precision), _fmt(figures.recall), _fmt(figures.f1), counts)
        )

    def accuracy_row(task: str, metric: str, accuracy: Accuracy) -> None:
        counts = f"correct={accuracy.correct} total={accuracy.total}"
        rows.append((task, metric, "", "", _fmt(accuracy.accuracy), counts))

    entities = report.entities
    mention_labels = _labels_with_data(entities.mentions, MentionCounts())
    for scheme in ("strict", "partial", "overlap"):
        for label, counts in [
            *((label, entities.mentions[label]) for label in mention_labels),
            ("(micro)", entities.micro_mentions),
        ]:
            if scheme == "strict":
                prf_row("entities/strict", label, counts.strict, _counts(counts.strict))
            else:
                text = (
                    f"cor={counts.cor} par={counts.par} inc={counts.inc} "
                    f"mis={counts.mis} spu={counts.spu}"
                )
                prf_row(f"entities/{scheme}", label, getattr(counts, scheme), text)
    for label in [*_labels_with_data(entities.documents, PRF()), "(micro)"]:
        prf = entities.micro_documents if label == "(micro)" else entities.documents[label]
        prf_row("entities/document", label, prf, _counts(prf))

    quotes = report.quotes
    spans = quotes.spans
    prf_row("quotes", "span", spans, _counts(spans))
    accuracy_row("quotes", "speaker", quotes.speaker)
    accuracy_row("quotes", "kind", quotes.kind)
    accuracy_row("quotes", "affiliation", quotes.affiliation)

    commitments = report.commitments
    detection = commitments.detection
    prf_row("commitments", "detection", detection, _counts(detection))
    accuracy_row("commitments", "type", commitments.type)
    accuracy_row("commitments", "status", commitments.status)
    accuracy_row("commitments", "conditional", commitments.conditional)
    for name, prf in (("actors", commitments.actors), ("recipients", commitments.recipients)):
        prf_row("commitments", name, prf, _counts(prf))

    header = ("task", "label/metric", "P", "R", "F1/acc", "counts")
    widths = [18, 14, 6, 6, 6]
    lines = [_table_line(header, widths)]
    lines.append("-" * (sum(widths) + 2 * len(widths) + len("counts")))
    lines.extend(_table_line(row, widths) for row in rows)
    notes = [f"documents: {report.documents}"]
    boilerplate = (
        entities.in_boilerplate + quotes.in_boilerplate + report.commitments.in_boilerplate
    )
    if boilerplate:
        notes.append(
            f"predictions inside gold boilerplate (counted as false positives): {boilerplate}"
        )
    if report.unmatched_predictions:
        shown = ", ".join(report.unmatched_predictions[:5])
        more = " ..." if len(report.unmatched_predictions) > 5 else ""
        notes.append(
            f"WARNING: {len(report.unmatched_predictions)} predicted document(s) have no gold "
            f"and were not scored: {shown}{more}"
        )
    return "\n".join(lines + notes)


def _table_line(row: tuple[str, ...], widths: list[int]) -> str:
    task, label, *numbers, counts = row
    cells = [task.ljust(widths[0]), label.ljust(widths[1])]
    cells += [value.rjust(width) for value, width in zip(numbers, widths[2:], strict=True)]
    return "  ".join([*cells, counts]).rstrip()


def _context(text: str, start: int, end: int, width: int = 30, longest: int = 80) -> str:
    """About ``width`` characters either side of ``[start, end)``, the span in [[ ]]."""
    span = text[start:end]
    if len(span) > longest:
        half = longest // 2 - 2
        span = f"{span[:half]} … {span[-half:]}"
    left = ("…" if start > width else "") + text[max(0, start - width) : start]
    right = text[end : end + width] + ("…" if end + width < len(text) else "")
    return f"{left}[[{span}]]{right}".replace("\n\n", " ¶ ").replace("\n", " ")


def _where(doc: Document, item: Entity | Quote | Commitment) -> str:
    return f"{doc.doc_id} {item.start}-{item.end}"


def quote_differences(gold: Quote, pred: Quote, aliases: AliasTable) -> list[str]:
    """What a matched predicted quote got wrong, as the scorer counts it; [] when all is right.

    >>> quote_differences(Quote(0, 2, "it", "direct", "Zelensky"),
    ...                   Quote(0, 2, "it", "direct", "Zelenskyy"), AliasTable())
    []
    """
    wrong = []
    if not aliases.same(gold.speaker, pred.speaker):
        wrong.append(f"speaker gold {gold.speaker!r} predicted {pred.speaker!r}")
    if gold.kind != pred.kind:
        wrong.append(f"kind gold {gold.kind} predicted {pred.kind}")
    if gold.speaker_affiliation and not aliases.same(
        gold.speaker_affiliation, pred.speaker_affiliation
    ):
        wrong.append(
            f"affiliation gold {gold.speaker_affiliation!r} predicted {pred.speaker_affiliation!r}"
        )
    return wrong


def commitment_differences(gold: Commitment, pred: Commitment, aliases: AliasTable) -> list[str]:
    """What a matched predicted commitment got wrong, as the scorer counts it; [] when right.

    Type, status and conditional; actors and recipients as sets of canonical names.
    """
    wrong = [
        f"{name} gold {getattr(gold, name)!r} predicted {getattr(pred, name)!r}"
        for name in ("type", "status", "conditional")
        if getattr(gold, name) != getattr(pred, name)
    ]
    if _names(gold.actors, aliases) != _names(pred.actors, aliases):
        wrong.append(f"actors gold {list(gold.actors)} predicted {list(pred.actors)}")
    if _names(gold.recipients, aliases) != _names(pred.recipients, aliases):
        wrong.append(f"recipients gold {list(gold.recipients)} predicted {list(pred.recipients)}")
    return wrong


def error_listing(
    gold: Sequence[Document],
    pred: Sequence[Document],
    alignments: Sequence[DocumentAlignment] | None = None,
    limit: int = 20,
    aliases: AliasTable | None = None,
) -> str:
    """Misses, false alarms and wrong attributes per task, each with its context.

    ``alignments`` default to `align(gold, pred)`; at most ``limit`` lines per
    task are shown, followed by how many were left out.
    """
    aliases = aliases if aliases is not None else AliasTable()
    if alignments is None:
        alignments = align(gold, pred)
    sections: dict[str, list[str]] = {"entities": [], "quotes": [], "commitments": []}
    for found in alignments:
        doc = found.gold
        out = sections["entities"]
        for g in found.entities.missed:
            out.append(f"MISS     {_where(doc, g)} {g.label}  {_context(doc.text, g.start, g.end)}")
        for p in found.entities.spurious:
            out.append(f"FALSE    {_where(doc, p)} {p.label}  {_context(doc.text, p.start, p.end)}")
        for p in found.entities.in_boilerplate:
            out.append(f"BOILER   {_where(doc, p)} {p.label}  {_context(doc.text, p.start, p.end)}")
        for g, p in found.entities.wrong_label:
            out.append(
                f"LABEL    {_where(doc, g)} gold {g.label}, predicted {p.label} at "
                f"{p.start}-{p.end}  {_context(doc.text, g.start, g.end)}"
            )
        for g, p in found.entities.partial:
            out.append(
                f"BOUNDARY {_where(doc, g)} {g.label} predicted {p.start}-{p.end} "
                f"{p.text!r}  {_context(doc.text, g.start, g.end)}"
            )

        out = sections["quotes"]
        for g in found.quotes.missed:
            out.append(
                f"MISS     {_where(doc, g)} {g.speaker!r}  {_context(doc.text, g.start, g.end)}"
            )
        for p in (*found.quotes.spurious, *found.quotes.in_boilerplate):
            out.append(
                f"FALSE    {_where(doc, p)} {p.speaker!r}  {_context(doc.text, p.start, p.end)}"
            )
        for g, p in found.quotes.matched:
            if wrong := quote_differences(g, p, aliases):
                out.append(
                    f"WRONG    {_where(doc, g)} {'; '.join(wrong)}  "
                    f"{_context(doc.text, g.start, g.end)}"
                )

        out = sections["commitments"]
        for g in found.commitments.missed:
            out.append(
                f"MISS     {_where(doc, g)} {g.type}/{g.status} {list(g.actors)}  "
                f"{_context(doc.text, g.start, g.end)}"
            )
        for p in (*found.commitments.spurious, *found.commitments.in_boilerplate):
            out.append(
                f"FALSE    {_where(doc, p)} {p.type}/{p.status} {list(p.actors)}  "
                f"{_context(doc.text, p.start, p.end)}"
            )
        for g, p in found.commitments.matched:
            if wrong := commitment_differences(g, p, aliases):
                out.append(
                    f"WRONG    {_where(doc, g)} {'; '.join(wrong)}  "
                    f"{_context(doc.text, g.start, g.end)}"
                )

    lines: list[str] = []
    for task, entries in sections.items():
        lines.append(f"== {task}: {len(entries)} error(s) ==")
        lines.extend(entries[:limit])
        if len(entries) > limit:
            lines.append(f"... {len(entries) - limit} more")
    return "\n".join(lines)
