"""The quotes stage: direct, indirect and mixed quotes, then their speakers."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import replace

from pledgewatch.config import Config
from pledgewatch.errors import PledgewatchError
from pledgewatch.gender import load_first_names
from pledgewatch.intervals import Intervals
from pledgewatch.kb import KnowledgeBase
from pledgewatch.labels import PERSON_LABELS
from pledgewatch.model import Document, ModelInfo, Quote
from pledgewatch.stage import Stage
from pledgewatch.stages.quotes.candidates import (
    Found,
    direct_quotes,
    headline_quotes,
    indirect_quotes,
    merge,
)
from pledgewatch.stages.quotes.lexicon import QuoteLexicon
from pledgewatch.stages.quotes.marks import typewriter_doubles
from pledgewatch.stages.quotes.roundups import roundup_quotes
from pledgewatch.stages.quotes.speakers import Speakers, resolve


class Quotes(Stage):
    """Finds quotes and their speakers: see `pledgewatch.stages.quotes` for the parts."""

    name = "quotes"
    requires = frozenset({"sents", "tokens", "parse", "entities", "boilerplate", "turns"})
    provides = frozenset({"quotes"})

    def __init__(self, config: Config) -> None:
        self.config = config
        self.lexicon: QuoteLexicon | None = None
        self.speakers: Speakers | None = None
        self._version = "empty"

    def load(self) -> None:
        kb = KnowledgeBase.load(self.config.models_dir)
        self.lexicon = QuoteLexicon.from_kb(kb)
        self.speakers = Speakers.build(self.lexicon, load_first_names(self.config.models_dir), kb)
        self._version = kb.version

    def models(self) -> list[ModelInfo]:
        if self.lexicon is None or not self.lexicon.verbs:
            return []
        return [ModelInfo(name="pledgewatch-reporting-verbs", version=self._version)]

    def __call__(self, docs: Sequence[Document]) -> list[Document]:
        return [self.set_annotations(doc, self.predict(doc)) for doc in docs]

    @staticmethod
    def set_annotations(doc: Document, quotes: list[Quote]) -> Document:
        return replace(doc, quotes=tuple(quotes))

    def predict(self, doc: Document) -> list[Quote]:
        if self.lexicon is None or not self.lexicon.verbs:
            raise PledgewatchError(
                "quotes: stage used before load(), or models/lexicon/reporting_verbs.txt is empty"
            )
        sdoc = doc.analysis
        if sdoc is None:
            raise PledgewatchError(
                f"quotes: document {doc.doc_id[:12]} has no spaCy analysis; run the nlp stage first"
            )
        if not doc.text.strip():
            return []
        original, marked = doc, typewriter_doubles(doc.text)
        if marked is not doc.text:  # ''…'' read as “…”; the records keep the original
            doc = replace(doc, text=marked)
        skip = [(r.start, r.end) for r in doc.boilerplate]
        direct = direct_quotes(doc, sdoc, skip, self.lexicon)
        answers = self.answers(doc, direct)
        # Words the interviewee quotes inside an answer are part of the answer.
        within = Intervals((a.start, a.end) for a in answers)
        direct = [d for d in direct if not within.covers(d.start, d.end)]
        questions = [(t.label_start, t.end) for t in doc.turns if t.question or t.moderator]
        indirect = indirect_quotes(
            doc, sdoc, direct, skip + questions + [(a.start, a.end) for a in answers], self.lexicon
        )
        found = merge(doc.text, direct, indirect) + answers
        found += roundup_quotes(
            doc.text, sorted(doc.entities, key=lambda e: e.start), doc.boilerplate
        )
        found += [
            h
            for h in headline_quotes(doc, self.lexicon)
            if not any(f.start < h.end and h.start < f.end for f in found)
            and not doc.in_boilerplate(h.start, h.end)
        ]
        found = sorted(found, key=lambda f: f.start)
        quoted = [(f.marks[0], f.end) for f in direct if f.marks]
        return resolve(original, sdoc, found, quoted, self.speakers, self.name)

    @staticmethod
    def answers(doc: Document, direct: Sequence[Found]) -> list[Found]:
        """The interviewee's turns, each a direct quote with its label as speaker mention,
        unless quotation marks already hold most of the turn. An "A:" label names no
        one: the interviewee is the person the introduction names before the first turn."""
        out = []
        first_turn = min((t.label_start for t in doc.turns), default=0)
        introduced = [
            p.canonical
            for p in doc.people
            if p.mentions and p.mentions[0][0] < first_turn and p.label in PERSON_LABELS
        ]
        direct = sorted(direct, key=lambda d: d.start)  # quoted passages do not overlap
        starts = [d.start for d in direct]
        for turn in doc.turns:
            first = max(0, bisect_left(starts, turn.start) - 1)
            quoted = sum(
                min(d.end, turn.end) - max(d.start, turn.start)
                for d in direct[first : bisect_left(starts, turn.end)]
                if turn.start < d.end
            )
            if turn.question or turn.moderator or quoted * 2 >= turn.end - turn.start:
                continue  # a turn that is itself in quotation marks is found as quoted
            if turn.speaker == "A":
                speaker = introduced[0] if introduced else None
                out.append(Found(turn.start, turn.end, "direct", 0.85, speaker=speaker))
            else:
                mention = (turn.label_start, turn.label_end)
                out.append(Found(turn.start, turn.end, "direct", 0.85, mention=mention))
        return out
