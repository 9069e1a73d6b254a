"""commitments: who commits what to whom, how firmly, and on what condition.

Each clause of a non-boilerplate sentence (`pledgewatch.clauses`) is embedded with
the sentence encoder and scored by three classifier heads trained by
``pledgewatch train`` (detection, type, status). A clause whose detection
probability reaches ``Config.commitment_threshold`` becomes a commitment, and
parse-based rules fill in what a sentence classifier does poorly:

- **status** from the longest commitment cue in the clause
  (``models/lexicon/commitment_cues.txt``: "ruled out" → declined, "has
  signed" → signed, "would be willing" → proposed …), with negation of the
  clause's verb ("will not send") making it declined; the classifier's status
  where no cue is found;
- **condition**: the subordinate clause or phrase introduced by "if", "once",
  "unless", "until", "provided (that)", "as long as", "in the event of",
  "subject to", "when conditions …", "after a ceasefire …";
- **actors**: the clause's subject resolved through the entities stage; a
  leader is recorded as the state or body they speak for, "we" inside a quote
  as the speaker's, an unnamed group keeps its words;
- **recipients**: states and bodies after "to", "for", "with" or as indirect
  object; Ukraine when the clause names it or the support is to it; the
  sanctioned state for sanctions.

``plover`` and ``kiel`` follow from type and status (`pledgewatch.labels`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from pledgewatch.clauses import Clause, clauses, reporting_words
from pledgewatch.commitment_types import keyword_type
from pledgewatch.config import Config
from pledgewatch.encoder import CommitmentHeads, Encoder
from pledgewatch.errors import PledgewatchError
from pledgewatch.kb import KbEntry, KnowledgeBase
from pledgewatch.labels import BODY_LABELS, PERSON_LABELS, kiel_category, plover_event
from pledgewatch.model import Commitment, Document, Entity, ModelInfo
from pledgewatch.quotes import Quotes
from pledgewatch.stage import Stage

_NEGATION = frozenset("not n't never no".split())
_CONDITION_PHRASE = re.compile(
    r"\b(?:in the event (?:of|that)|subject to|on condition that|provided that|providing that|as long as|so long as|"
    r"only if|if and when|once|unless|until|pending|when (?:conditions|allies|the conditions)|"
    r"after (?:a|the|any) (?:ceasefire|peace|truce|deal|settlement|agreement|armistice)|"
    r"after (?:the )?(?:hostilities|fighting|war|guns) (?:end|ends|stop|stops|cease|ceases|is over|fall silent)|"
    r"(?<=, )provided (?=the|a|it|they|parliament|congress|[A-Z])|if)\b[^,.;:—]*",
    re.IGNORECASE,
)
_GROUP_WORDS = re.compile(
    r"\b(?:(?:European|Western|NATO|Nordic|Baltic|G7|EU)\s+)?(?:allies|partners|governments|countries|members|states|capitals|nations|donors)\b"
)
_SANCTION_TARGET = ("Russia", "Belarus", "Iran", "North Korea")
# Types of support that always have a receiver, named or not.
_SUPPORT = frozenset(
    """security_guarantee troop_deployment air_support military_aid training intelligence
    defense_industry financial_aid humanitarian_aid membership""".split()
)
# The state support goes to when no state dominates an article as receiver: the one
# this tool tracks pledges to.
_DEFAULT_RECEIVER = "Ukraine"
# Below this type probability the clause's keywords overrule the classifier (chosen by
# 5-fold cross-validation on the training set: 0.866 against 0.863 for the classifier
# alone, 0.865 at 0.4 and 0.862 at 0.6; the heads' word features do most of their work).
_TYPE_CONFIDENT = 0.5
_MODALS = frozenset("will would could shall may might can 'll wo".split())
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "expl"})
# People and groups that act for the body named after "of" ("the leaders of the G7").
_MEMBER_NOUNS = frozenset(
    """minister leader member head government delegation representative envoy official
    negotiator diplomat ambassador signatory participant""".split()
)
# Verbs by which a text binds its parties: "The declaration commits the members to …".
_BINDING_VERBS = frozenset("commit bind oblige obligate".split())
_ADVISORY = frozenset("should must ought".split())
_WH_WORDS = frozenset("what whether how why which who whom when where".split())
# Verbs whose very use reports an undertaking or its fulfilment.
_UNDERTAKING_VERBS = frozenset(
    """sign pledge promise offer commit agree refuse decline reject rule negotiate deliver send provide
    supply fund finance train deploy host adopt impose extend lift approve disburse allocate donate hand
    guarantee station transfer ship equip lead contribute pay withdraw suspend halt veto block ratify
    conclude announce earmark launch open resume set put add pioneer build draw expand increase double
    boost give grant order produce invest lend loan cover protect defend back support
    share run fly patrol help accept endorse welcome join issue""".split()
)


@dataclass
class Scored:
    clause: Clause
    probability: float
    type: str
    type_probability: float
    status: str


class Commitments(Stage):
    """Finds commitments; see the module docstring for the rules."""

    name = "commitments"
    requires = frozenset({"sents", "tokens", "parse", "entities", "quotes", "boilerplate"})
    provides = frozenset({"commitments"})

    def __init__(self, config: Config) -> None:
        self.config = config
        self.encoder = Encoder(config.encoder_model)
        self.heads: CommitmentHeads | None = None
        self._cues: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        self._cue_status: dict[tuple[str, ...], str] = {}
        self._reporting: frozenset[str] = frozenset()
        self._people: dict[str, KbEntry] = {}
        self._coalition_names: list[tuple[str, str]] = []
        self._demonyms: dict[str, str] = {}
        self._receiver_words: dict[str, tuple[str, ...]] = {}
        self._body_state: dict[str, str] = {}

    @property
    def head_path(self):
        return self.config.models_dir / "commitments" / "head.json"

    def load(self) -> None:
        self.encoder.load()
        self.heads = CommitmentHeads.load(
            self.head_path, self.config.encoder_model, self.encoder.dimension
        )
        kb = KnowledgeBase.load(self.config.models_dir)
        # Cue phrases indexed by their first word, longest first; a bare modal is no cue
        # (what "would" states depends on its frame: see `_modal_status`).
        self._cues = {}
        self._cue_status = {}
        for phrase, status in kb.lexicons.commitment_cues:
            words = tuple(phrase.lower().split())
            if len(words) == 1 and words[0] in _MODALS:
                continue
            self._cues.setdefault(words[0], []).append((words, status))
            self._cue_status.setdefault(words, status)
        for phrases in self._cues.values():
            phrases.sort(key=lambda cue: -len(cue[0]))
        self._reporting = reporting_words(kb.lexicons.reporting_verbs)
        self._people = {e.canonical: e for e in kb.entries if e.label == "LEADER"}
        self._coalition_names = [
            (name, e.canonical)
            for e in kb.entries
            if e.label == "COALITION"
            for name in e.names()
            if len(name) > 1
        ]
        self._demonyms = {
            d: e.canonical for e in kb.entries if e.label == "STATE" for d in e.demonyms
        }
        # How a clause can name a receiving state: its name and its demonyms.
        self._receiver_words = {
            e.canonical: (e.canonical, *e.demonyms) for e in kb.entries if e.label == "STATE"
        }
        # Government bodies and armed forces act for their state ("the White House said it would…").
        self._body_state = {
            e.canonical: e.state
            for e in kb.entries
            if e.label == "ORGANIZATION" and e.state and e.kind in ("government_body", "military")
        }

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
        candidates = [self.candidates(doc) for doc in docs]
        texts = [
            c.text(doc.text) for doc, found in zip(docs, candidates, strict=True) for c in found
        ]
        embeddings = self.encoder.encode(texts)
        out = []
        offset = 0
        for doc, found in zip(docs, candidates, strict=True):
            scored = self.score(
                found,
                embeddings[offset : offset + len(found)],
                [c.text(doc.text) for c in found],
            )
            offset += len(found)
            out.append(self.set_annotations(doc, self.predict(doc, scored)))
        return out

    @staticmethod
    def set_annotations(doc: Document, commitments: list[Commitment]) -> Document:
        return replace(doc, commitments=tuple(commitments))

    # -- candidates and the classifier ------------------------------------------

    def candidates(self, doc: Document) -> list[Clause]:
        """The clauses of a document's non-boilerplate sentences, interview questions left out."""
        sdoc = doc.analysis
        if sdoc is None:
            raise PledgewatchError(
                f"commitments: document {doc.doc_id[:12]} has no spaCy analysis; run the nlp stage first"
            )
        _, asked = Quotes.interview_turns(doc, [(r.start, r.end) for r in doc.boilerplate])
        found = []
        for sentence in sdoc.sents:
            if not sentence.text.strip() or doc.in_boilerplate(
                sentence.start_char, sentence.end_char
            ):
                continue
            if any(s <= sentence.start_char < e for s, e in asked):
                continue  # the interviewer's questions undertake nothing
            found.extend(
                c
                for c in clauses(sentence, self._reporting)
                if not doc.in_boilerplate(c.start, c.end)
            )
        return found

    def score(
        self, found: Sequence[Clause], embeddings: np.ndarray, texts: Sequence[str]
    ) -> list[Scored]:
        """Classifier probabilities for each clause, from its embedding and its words."""
        if not found:
            return []
        features = self.heads.features(embeddings, texts)
        heads = self.heads.heads
        detect = heads["detect"].probabilities(features)[:, 1]
        types = heads["type"].probabilities(features)
        statuses = heads["status"].probabilities(features)
        return [
            Scored(
                clause,
                float(detect[i]),
                heads["type"].classes[int(types[i].argmax())],
                float(types[i].max()),
                heads["status"].classes[int(statuses[i].argmax())],
            )
            for i, clause in enumerate(found)
        ]

    # -- rules --------------------------------------------------------------------

    def predict(self, doc: Document, scored: Sequence[Scored]) -> list[Commitment]:
        sdoc = doc.analysis
        entities = sorted(doc.entities, key=lambda e: e.start)
        sentence_starts = [s.start_char for s in sdoc.sents]
        out: list[Commitment] = []
        focal = _focal_state(doc.text, entities)
        shares_subject: list[bool] = []  # per kept commitment: a coordinated verb without a subject
        for item in scored:
            clause = item.clause
            head = sdoc[clause.head]
            cue_status, from_cue = self.status_of(sdoc, clause)
            actors = self.actors_of(doc, sdoc, entities, clause)
            if (
                not from_cue
                and cue_status == "pledged"
                and self._official_we_will(doc, entities, head)
            ):
                from_cue = True  # "We will carry our full share", said by an office-holder
            if not self.keep(sdoc, item, cue_status, from_cue, actors, focal):
                continue
            status = cue_status or item.status
            commitment_type = item.type
            if item.type_probability < _TYPE_CONFIDENT:
                # The classifier is unsure: the words of the clause decide where they can.
                commitment_type = keyword_type(clause.text(doc.text)) or item.type
            sentence_end = sdoc[clause.head].sent.end_char
            own = clause.own_text(doc.text)
            condition = condition_of(own, 0, len(own)) or condition_of(
                doc.text, clause.end, sentence_end
            )
            receiver = focal or _DEFAULT_RECEIVER
            recipients = recipients_of(
                doc.text,
                entities,
                clause,
                actors,
                commitment_type,
                receiver,
                self._receiver_words.get(receiver, (receiver,)),
            )
            if receiver in actors and len(actors) > 1 and status in ("signed", "negotiating"):
                # The supported state signs as the recipient (GUIDELINES: signed agreements).
                actors = [a for a in actors if a != receiver]
                recipients = list(dict.fromkeys([receiver, *recipients]))
            out.append(
                Commitment(
                    start=clause.start,
                    end=clause.end,
                    text=doc.text[clause.start : clause.end],
                    actors=tuple(actors),
                    recipients=tuple(recipients),
                    type=commitment_type,
                    status=status,
                    conditional=condition is not None,
                    condition=condition,
                    plover=plover_event(commitment_type, status),
                    kiel=kiel_category(commitment_type),
                    sentence=max(0, bisect_right(sentence_starts, clause.start) - 1),
                    stage=self.name,
                    confidence=round(item.probability, 3),
                )
            )
            shares_subject.append(
                head.dep_ == "conj" and not any(c.dep_ in _SUBJECTS for c in head.children)
            )
        return self.merge_coordinated(sdoc, out, shares_subject)

    def keep(
        self,
        sdoc: Any,
        item: Scored,
        cue_status: str | None,
        from_cue: bool,
        actors: list[str],
        focal: str | None,
    ) -> bool:
        """Whether a scored clause is a commitment: the classifier, then the gates of form.

        The classifier decides, but a lexicon cue with an actor who can commit carries
        a clause it only half believes. Then the clause must have the form of an
        undertaking, someone who can commit, and not be one of the forms that state
        none (a passive without agent, a reaction to others' offer, a request).
        """
        threshold = self.config.commitment_threshold
        head = sdoc[item.clause.head]
        confident = self.config.commitment_confident
        supported = (
            from_cue
            and bool(actors)
            and item.probability >= threshold * self.config.commitment_cue_support
        )
        if item.probability < threshold and not supported:
            return False
        if not self.states_an_undertaking(sdoc, item.clause, cue_status if from_cue else None):
            return False
        if not actors and item.probability < confident:
            return False  # nobody who can commit: an analyst's view, a description
        if actors == [focal] and not (from_cue and item.probability >= confident):
            return False  # the state the article is about is the recipient, not the giver
        if _patient_subject(head) and cue_status not in ("signed", "delivered"):
            return False  # "Ukraine will not be left alone": a passive without an agent
        if _reaction(head):
            return False  # "Moscow rejected any Western deployment": a reaction to others' offer
        if _in_condition(head):
            return False  # "… until the Commission guarantees that Slovakia will not be harmed"
        return head.lemma_.lower() not in _REQUEST_VERBS  # a request of others is no undertaking

    def states_an_undertaking(self, sdoc: Any, clause: Clause, cue_status: str | None) -> bool:
        """Whether the clause's form can state a commitment at all.

        Questions, recommendations and demands ("should", "must") cannot; a
        clause needs a commitment cue, a modal on its verb ("will send",
        "would be willing") or a verb of giving, signing or refusing.
        """
        sentence = sdoc[clause.head].sent
        if sentence.text.rstrip().rstrip("”\"'’").endswith("?"):
            return False
        span = sdoc.char_span(clause.start, clause.end, alignment_mode="expand")
        if span is None or not any(t.pos_ in ("VERB", "AUX") for t in span):
            return False  # a heading or a noun phrase states nothing
        first = span[0]
        if (first.lower_ in _WH_WORDS and first.head.dep_ != "relcl") or first.lower_ == "asked":
            # "what Berlin will pay for", "whether Congress would pay"; not "which has pledged"
            return False
        if any(t.lower_ in _ADVISORY for t in span if t.i <= clause.head + 1):
            return False  # "Europe should deploy …", "the EU ought to treat …"
        head = sdoc[clause.head]
        chain = [head, *[c for c in head.children if c.dep_ in ("xcomp", "conj")]]
        auxiliaries = _auxiliaries(head) | {
            c.lower_ for verb in chain[1:] for c in verb.children if c.dep_ in ("aux", "auxpass")
        }
        if _READY_TO.search(span.text):
            return True  # "Russia was prepared to take part in …"
        if cue_status is not None or auxiliaries & _MODALS:
            return True
        return any(verb.lemma_.lower() in _UNDERTAKING_VERBS for verb in chain)

    @staticmethod
    def merge_coordinated(
        sdoc: Any, found: list[Commitment], shares_subject: Sequence[bool] = ()
    ) -> list[Commitment]:
        """Join a commitment with the next one in its sentence when that one is coordinated
        with it and has the same actors and status ("We will train 10,000 soldiers,
        and we will do it whether or not…"): one statement, one record. "Rules out troops,
        offers air backing" stays two: a refusal and an offer."""
        out: list[Commitment] = []
        for index, item in enumerate(found):
            previous = out[-1] if out else None
            continues = index < len(shares_subject) and shares_subject[index]
            if (
                previous is not None
                and previous.sentence == item.sentence
                and previous.actors == item.actors
                and previous.status == item.status
                and re.match(
                    r"^[\s,;]*(?:and|while|but)?\s*$", sdoc.text[previous.end : item.start]
                )
                and (_elliptical(item.text) or continues)
            ):
                text = sdoc.text[previous.start : item.end]
                condition = previous.condition or item.condition
                out[-1] = replace(
                    previous,
                    end=item.end,
                    text=text,
                    condition=condition,
                    conditional=condition is not None,
                )
                continue
            out.append(item)
        return out

    def status_of(self, sdoc: Any, clause: Clause) -> tuple[str | None, bool]:
        """The status the clause's words state, and whether a lexicon cue said it.

        The longest cue wins; negation of the clause's verb makes a promise,
        offer or delivery declined ("will not send").
        """
        span = sdoc.char_span(clause.start, clause.end, alignment_mode="expand")
        if span is None:
            return None, False
        words = [t.lower_ for t in span]
        best: tuple[int, str] | None = None
        # A cue made only of nouns counts only in the clause's verb group or as its
        # prepositional object ("remains under negotiation"): "the American offer" as a
        # subject or "a promise" as an object state no act. Verbal cues count anywhere
        # ("when Washington paused …", "briefly suspended").
        head = sdoc[clause.head]
        group = _verb_group(head)
        for i in range(len(words)):
            for phrase, status in self._cues.get(words[i], ()):
                if tuple(words[i : i + len(phrase)]) == phrase and (
                    best is None or len(phrase) > best[0]
                ):
                    tokens = span[i : i + len(phrase)]
                    if not clause.owns(tokens[0].idx) or _describes_noun(tokens[0], head):
                        continue  # "promised reforms", "lessons sent back from the front"
                    if any(t.i in group for t in tokens) or not all(
                        t.pos_ in ("NOUN", "PROPN") for t in tokens
                    ):
                        best = (len(phrase), status)
                        break
        negated = any(c.dep_ == "neg" or c.lower_ in _NEGATION for c in head.children) or any(
            c.dep_ == "neg"
            for child in head.children
            if child.dep_ in ("aux", "xcomp")
            for c in child.children
        )
        status, from_cue = (best[1], True) if best else (None, False)
        if status is None:
            status, from_cue = self._frame_status(sdoc, head)
        if status is None:
            # A bare modal ("would", "could") sets a status by the modality rules but is no
            # lexical cue: "I will respect that" must convince the classifier on its own.
            status = _modal_status(head, span)
        if negated and (status is None or status in ("pledged", "proposed", "delivered")):
            return "declined", from_cue
        return status, from_cue

    def _frame_status(self, sdoc: Any, head: Any) -> tuple[str | None, bool]:
        """The status a frame verb states for its clause: "Merz *pledged* that Germany
        would…", "Macron *has floated* sending…"."""
        frame = head.head if head.dep_ in ("ccomp", "xcomp") and head.head.i != head.i else None
        if frame is None:
            return None, False
        words = [c.lower_ for c in frame.children if c.dep_ in ("aux", "neg") and c.i < frame.i] + [
            frame.lower_
        ]
        for size in range(len(words), 0, -1):
            status = self._cue_status.get(tuple(words[-size:]))
            if status is not None:
                return status, True
        if frame.lower_ in self._reporting and any(
            c.lower_ == "would" for c in head.children if c.dep_ == "aux"
        ):
            return "pledged", True  # "X said it would …": a backshifted "will", a pledge formula
        return None, False

    def actors_of(
        self, doc: Document, sdoc: Any, entities: list[Entity], clause: Clause
    ) -> list[str]:
        head = sdoc[clause.head]
        subject = _subject(head)
        if subject is not None:
            names = self._coordinated_names(doc, entities, subject)
            if names:
                return names
            if head.lemma_.lower() in _BINDING_VERBS:
                # "The document also commits the members of the coalition to …": the parties
                bound = next((c for c in head.children if c.dep_ == "dobj"), None)
                names = self._coordinated_names(doc, entities, bound) if bound is not None else []
                if names:
                    return names
            if _GROUP_WORDS.search(subject.text):
                # An unnamed group keeps its words: "other 26 member states", "Nordic governments".
                words = [t for t in subject.subtree if t.i <= subject.i]
                while words and words[0].lower_ in ("the", "a", "an", "its", "their", "our"):
                    words = words[1:]
                return [" ".join(t.text for t in words)] if words else []
        # No usable subject: the nearest state or body before the verb in the clause that
        # is neither an object ("a proposal to lend Ukraine") nor in a relative clause.
        for entity in entities:
            if not (
                clause.owns(entity.start)
                and entity.start < head.idx
                and entity.label in BODY_LABELS
            ):
                continue
            span = sdoc.char_span(entity.start, entity.end, alignment_mode="expand")
            if span is None:
                continue
            root = span.root
            if root.dep_ in ("dobj", "dative", "iobj", "pobj") or any(
                a.dep_ == "relcl" for a in root.ancestors
            ):
                continue
            return [self._body_state.get(entity.canonical, entity.canonical)]
        return []

    def _coordinated_names(self, doc: Document, entities: list[Entity], token: Any) -> list[str]:
        """Actor names for a noun phrase and those coordinated with it ("France and Germany")."""
        names: list[str] = []
        for each in (token, *token.conjuncts):
            names.extend(self._names_for(doc, entities, each))
        return list(dict.fromkeys(names))

    def _antecedent_names(self, doc: Document, entities: list[Entity], pronoun: Any) -> list[str]:
        """Actor names for a relative pronoun: its antecedent's ("Denmark, which …"), or
        for "X are among the countries that …", X's."""
        antecedent = pronoun.head.head
        names = self._names_for(doc, entities, antecedent)
        if names:
            return names
        node = antecedent
        while node.dep_ in ("pobj", "prep", "attr") and node.head.i != node.i:
            node = node.head
        if node.lemma_.lower() == "be":
            subject = next((c for c in node.children if c.dep_ == "nsubj"), None)
            if subject is not None:
                return self._coordinated_names(doc, entities, subject)
        return []

    def _names_for(self, doc: Document, entities: list[Entity], token: Any) -> list[str]:
        """Canonical actor names for one subject token (a name, a leader, a pronoun).

        Only the subject's own words count, not places or agents nested in it:
        "Ukrainian pilots trained in Denmark" are not Denmark's.
        """
        nested = {
            t.i
            for c in token.children
            if c.dep_ in ("prep", "acl", "relcl", "appos")
            for t in c.subtree
        }
        subtree = [t for t in token.subtree if t.i not in nested]
        start, end = subtree[0].idx, subtree[-1].idx + len(subtree[-1].text)
        inside = [
            e
            for e in entities
            if e.start < end and start < e.end and e.start <= token.idx < e.end + 1
        ]
        inside = inside or [e for e in entities if start <= e.start and e.end <= end]
        for entity in inside:
            if entity.label in BODY_LABELS:
                return [self._body_state.get(entity.canonical, entity.canonical)]
        for entity in inside:
            if entity.label in PERSON_LABELS:
                body = self._body_of(entity)
                return [body] if body else []
        # "British personnel would help", "Russian and Ukrainian delegations"
        demonyms = self._demonym_states(token)
        if demonyms:
            return demonyms
        if token.lemma_.lower() in _MEMBER_NOUNS:
            # "Defence ministers of the Nordic-Baltic Eight agreed …": the body they belong to
            for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"):
                for body in (c for c in prep.children if c.dep_ == "pobj"):
                    names = self._coordinated_names(doc, entities, body)
                    if names:
                        return names
        pronoun = token.lower_
        if token.tag_ in ("WDT", "WP") and token.head.dep_ == "relcl":
            return self._antecedent_names(doc, entities, token)
        if pronoun == "there":
            # "There will be no American boots on Ukrainian soil": the actor is in the noun phrase.
            attributes = [
                c
                for c in token.head.children
                if c.dep_ in ("attr", "dobj", "nsubj") and c is not token
            ]
            for attribute in attributes:
                names = self._demonym_states(attribute)
                if names:
                    return names
            return []
        if pronoun in ("bloc", "alliance", "coalition", "group") and any(
            t.lower_ == "the" for t in subtree
        ):
            earlier = [e for e in entities if e.end <= token.idx and e.label == "COALITION"]
            if earlier:
                return [
                    earlier[-1].canonical
                ]  # "the bloc formally adopted …": the coalition last named
        if pronoun in ("each", "all", "both", "some", "many", "most", "none"):
            of_pronoun = [t for t in subtree if t.lower_ in ("us", "we", "them", "they")]
            if of_pronoun:
                pronoun = "we" if of_pronoun[0].lower_ in ("us", "we") else "they"
        if pronoun in ("government", "administration", "cabinet"):
            quote = next(
                (q for q in doc.quotes if q.start <= token.idx < q.end and q.speaker), None
            )
            if quote is not None:
                pronoun = (
                    "we"  # "the federal government" in a minister's answer: the minister's state
                )
        possessive = next(
            (t.lower_ for t in subtree if t.dep_ == "poss" and t.lower_ in ("its", "their", "our")),
            None,
        )
        if pronoun in ("government", "administration", "cabinet", "ministry") or possessive in (
            "its",
            "their",
        ):
            pronoun = "it"  # "the federal government", "its negotiators": the state last named
        elif possessive == "our":
            pronoun = "we"
        if pronoun in ("we", "i", "our", "us"):
            quote = next((q for q in doc.quotes if q.start <= token.idx < q.end), None)
            if quote and quote.speaker:
                person = next((e for e in entities if e.canonical == quote.speaker), None)
                if person is not None and person.label in PERSON_LABELS:
                    body = self._body_of(person)
                    return [body] if body else []
                return [quote.speaker]
        if pronoun in ("it", "they", "he", "she"):
            earlier = [
                e for e in entities if e.end <= token.idx and e.label in (*BODY_LABELS, "LEADER")
            ]
            if earlier:
                last = earlier[-1]
                if last.label == "LEADER":
                    body = self._body_of(last)
                    return [body] if body else []
                return [last.canonical]
        return []

    def _demonym_states(self, token: Any) -> list[str]:
        """States named by demonyms among a noun phrase's own words, before its head
        ("British personnel"), not in phrases nested in it ("… on Ukrainian soil")."""
        nested = {
            t.i
            for c in token.children
            if c.dep_ in ("prep", "acl", "relcl", "appos")
            for t in c.subtree
        }
        states = [
            self._demonyms[t.text]
            for t in token.subtree
            if t.text in self._demonyms and t.i not in nested and t.i <= token.i
        ]
        return list(dict.fromkeys(states))

    @staticmethod
    def _official_we_will(doc: Document, entities: list[Entity], head: Any) -> bool:
        """Whether the clause is "we will …" inside a quote by an office-holder."""
        subject = _subject(head)
        if subject is None or subject.lower_ != "we":
            return False
        quote = next((q for q in doc.quotes if q.start <= head.idx < q.end and q.speaker), None)
        if quote is None:
            return False
        return any(e.canonical == quote.speaker and e.label == "LEADER" for e in entities)

    def _body_of(self, person: Entity) -> str | None:
        """The state or body a leader speaks for: a coalition named in the role, else their state."""
        role = person.role or ""
        for name, canonical in self._coalition_names:
            if re.search(rf"\b{re.escape(name)}\b", role):
                return canonical
        entry = self._people.get(person.canonical)
        return entry.state if entry else None


# The status a verb states by its meaning, when no cue phrase does.
_LEMMA_STATUS = {
    **dict.fromkeys("propose offer float suggest".split(), "proposed"),
    **dict.fromkeys("pledge promise vow commit guarantee undertake".split(), "pledged"),
    **dict.fromkeys("negotiate".split(), "negotiating"),
    **dict.fromkeys("sign conclude ratify adopt endorse initial".split(), "signed"),
    **dict.fromkeys(
        "deliver send provide supply hand disburse donate ship transfer deploy train fund finance pay resume".split(),
        "delivered",
    ),
    **dict.fromkeys(
        "refuse decline reject withdraw block veto pause halt suspend".split(), "declined"
    ),
}


def _modal_status(head: Any, span: Any) -> str | None:
    """Status from modality and the verb: "will" pledges, "could"/"would" or "ready to"
    propose, a past "delivered" or "signed" reports the fact."""
    auxiliaries = _auxiliaries(head)
    if _READY_TO.search(span.text) or re.search(r"\bopen\s+to\b", span.text, re.IGNORECASE):
        return "proposed"
    lemma = head.lemma_.lower()
    if auxiliaries & {"will", "'ll", "shall", "wo"}:
        return "pledged"
    if auxiliaries & {"could", "might", "may", "can"}:
        return "proposed"
    if "would" in auxiliaries:
        return "proposed"
    if lemma in _LEMMA_STATUS and (
        head.tag_ in ("VBD", "VBN") or auxiliaries & {"has", "have", "had"}
    ):
        return _LEMMA_STATUS[lemma]
    return None


_READY_TO = re.compile(r"\b(?:prepared|ready|willing)\s+to\b", re.IGNORECASE)


def _auxiliaries(head: Any) -> set[str]:
    """The auxiliaries of a clause verb, and of the verb it is coordinated with or
    governed by ("has ruled out … but would provide": "would" for "provide")."""
    found = {c.lower_ for c in head.children if c.dep_ in ("aux", "auxpass")}
    if head.dep_ in ("xcomp", "conj"):
        found |= {c.lower_ for c in head.head.children if c.dep_ in ("aux", "auxpass")}
    return found


def _elliptical(text: str) -> bool:
    """A clause that only continues the one before it: "we will do it", "and we will help"."""
    words = text.split()
    return len(words) <= 5 or re.search(r"\bdo (?:so|it|that|this)\b", text) is not None


def _focal_state(text: str, entities: list[Entity]) -> str | None:
    """The state an article's support goes to: the one most often named as a receiver
    ("to Ukraine", "for Kyiv", "with Ukraine", "Ukraine's forces"), at least three times
    and twice as often as any other state; None when no state dominates."""
    counts: dict[str, int] = {}
    for entity in entities:
        if entity.label != "STATE":
            continue
        before = text[max(0, entity.start - 10) : entity.start].lower()
        after = text[entity.end : entity.end + 3]
        if re.search(r"\b(?:to|for|with|into|in)\s+(?:the\s+)?$", before) or after.startswith(
            ("'s", "’s")
        ):
            counts[entity.canonical] = counts.get(entity.canonical, 0) + 1
    ranked = sorted(counts.values(), reverse=True)
    if not ranked or ranked[0] < 3 or (len(ranked) > 1 and ranked[0] < 2 * ranked[1]):
        return None
    return max(counts, key=lambda name: counts[name])


# Verbs of reacting to what others propose. With an object they state a reaction
# ("rejected any Western deployment", "dismissed the idea"), not an undertaking; with an
# infinitive they refuse an act of one's own ("declined to commit soldiers") and stay.
_REACTION_VERBS = frozenset(
    "reject dismiss rebuff oppose consent accept welcome condemn criticise criticize".split()
)


def _describes_noun(token: Any, head: Any) -> bool:
    """Whether a word modifies a noun rather than stating the clause's act: an
    adjectival participle ("promised reforms"), or a word in a participle or relative
    clause below the clause's head that has no actor of its own ("lessons sent back
    from the front", "pilots trained in Denmark"). A clause with its own actor ("signed
    by Starmer", "when Washington paused …") or on the verb's object ("have a brigade
    stationed in Lithuania") still states an act."""
    if token.dep_ == "amod":
        return True
    for ancestor in (token, *token.ancestors):
        if ancestor.i == head.i:
            return False
        if ancestor.dep_ in ("acl", "relcl"):
            own_actor = any(
                c.dep_ == "agent" or (c.dep_ == "nsubj" and c.tag_ not in ("WDT", "WP"))
                for c in ancestor.children
            )
            return not own_actor and ancestor.head.dep_ != "dobj"
    return False


def _verb_group(head: Any) -> set[int]:
    """Token indices of a clause's verb group: the verb, its auxiliaries, negation and
    particles, and an infinitive or gerund it governs ("has offered to host")."""
    group = {head.i}
    verbs = [
        head,
        *[c for c in head.children if c.dep_ in ("xcomp", "ccomp") and c.pos_ in ("VERB", "AUX")],
    ]
    if head.dep_ in ("xcomp", "conj") and head.head.pos_ in ("VERB", "AUX"):
        verbs.append(head.head)
    for verb in verbs:
        group.add(verb.i)
        group.update(
            c.i
            for c in verb.children
            if c.dep_ in ("aux", "auxpass", "neg", "prt", "advmod", "acomp") or c.lower_ == "to"
        )
        if verb.lemma_.lower() in ("be", "remain", "stay"):
            # "remains under negotiation", "are in talks"; not "take part in the planning"
            for prep in (c for c in verb.children if c.dep_ == "prep"):
                group.update(o.i for o in prep.children if o.dep_ == "pobj")
    return group


# Asking others to act is a demand, not an undertaking ("officials asked for a written
# undertaking", "Kyiv has asked its partners to station batteries").
_REQUEST_VERBS = frozenset(
    "ask request urge call demand press want seek hope wish appeal plead".split()
)


def _reaction(head: Any) -> bool:
    if head.lemma_.lower() not in _REACTION_VERBS:
        return False
    return not any(c.dep_ == "xcomp" for c in head.children)


# Subordinators that make a clause the condition of another ("only once European
# governments have committed ground units"); "when" and "as" are as often temporal.
_CONDITION_MARKS = frozenset("if unless until once provided providing".split())


def _in_condition(head: Any) -> bool:
    """Whether a clause is, or lies inside, a condition clause: it states the
    condition of another statement, not an undertaking of its own."""
    return any(
        c.dep_ == "mark" and c.lower_ in _CONDITION_MARKS
        for verb in (head, *head.ancestors)
        for c in verb.children
    )


def _patient_subject(head: Any) -> bool:
    """A passive clause without an agent: its subject undergoes the action ("would be
    treated as targets", "will be informed by letter"); it commits nothing. (A bare
    copula is not enough: "Germany was among the first to pay into it" is a commitment.)"""
    children = {c.dep_ for c in head.children}
    return ("auxpass" in children or "nsubjpass" in children) and "agent" not in children


def _subject(head: Any) -> Any:
    """The clause's subject token: nominal, else the agent of a passive, else an
    expletive "there" (whose noun phrase `_names_for` reads)."""
    for candidate in (head, head.head if head.dep_ in ("conj", "xcomp") else None):
        if candidate is None:
            continue
        for child in candidate.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                return child
        for child in candidate.children:
            if child.dep_ == "agent":
                objects = [c for c in child.children if c.dep_ == "pobj"]
                if objects:
                    return objects[0]
        for child in candidate.children:
            if child.dep_ == "expl":
                return child
    return None


def condition_of(text: str, start: int, end: int) -> str | None:
    """The condition a clause states, as its words; None when unconditional.

    >>> condition_of("Britain will send troops once a ceasefire holds.", 0, 47)
    'once a ceasefire holds'
    """
    clause = text[start:end]
    clause = re.sub(r"\bnow and after\b[^,.;]*", " ", clause, flags=re.IGNORECASE)
    if re.search(r"\bwhether or not\b", clause, re.IGNORECASE):
        clause = re.sub(r"\bwhether or not\b[^,.;]*", " ", clause, flags=re.IGNORECASE)
    for match in _CONDITION_PHRASE.finditer(clause):
        words = match.group().strip()
        lowered = words.lower()
        if lowered.startswith("if") and re.match(r"if (?:any|anything|at all)\b", lowered):
            continue
        if lowered.startswith(("until", "once", "after")) and len(words.split()) < 3:
            continue
        return words.rstrip(" ,")
    return None


def recipients_of(
    text: str,
    entities: list[Entity],
    clause: Clause,
    actors: list[str],
    commitment_type: str,
    receiver: str,
    receiver_words: Sequence[str],
) -> list[str]:
    """Recipients: states and bodies after "to", "for", "with"; else the article's
    receiving state when the clause names it or its people ("Ukrainian pilots"); for
    sanctions, the sanctioned state."""
    inside = [
        e
        for e in entities
        if clause.start <= e.start and e.end <= clause.end and e.label in BODY_LABELS
    ]
    if commitment_type == "sanctions":
        targets = [
            e.canonical
            for e in inside
            if e.canonical in _SANCTION_TARGET and e.canonical not in actors
        ]
        return list(dict.fromkeys(targets)) or ["Russia"]
    # Forces are sent *to* a state or stationed *in* it; aid goes *to* or *for* it.
    prepositions = "to|for|with|towards|into|on" + (
        "|in" if commitment_type in ("troop_deployment", "air_support") else ""
    )
    found = []
    for entity in inside:
        before = text[max(clause.start, entity.start - 12) : entity.start].lower()
        if entity.canonical not in actors and re.search(
            rf"\b(?:{prepositions})\s+(?:the\s+)?$", before
        ):
            found.append(entity.canonical)
    names_receiver = any(e.canonical == receiver for e in inside) or any(
        re.search(rf"\b{re.escape(word)}", text[clause.start : clause.end])
        for word in receiver_words
    )
    if not found and receiver not in actors and (names_receiver or commitment_type in _SUPPORT):
        # Support named without its receiver ("shipped generators to hospitals in Kharkiv",
        # "declined to commit soldiers") goes to the state the article's support goes to.
        found.append(receiver)
    return list(dict.fromkeys(found))
