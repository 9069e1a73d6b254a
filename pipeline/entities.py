"""entities: typed, canonical, linked mentions of leaders, experts, coalitions, states,
guarantees, organisations and other people.

How a mention is found and typed, in order of trust:

1. **Knowledge base** (``models/kb``): exact, case-sensitive matches of names
   and aliases of office-holders, states, coalitions, organisations and named
   guarantee instruments; case-insensitive matches of generic guarantee
   phrases ("security guarantees", "reassurance force"). A capital counts as
   its state only where it acts as a government ("Kyiv signed", "Moscow's
   offer"), not as a place ("talks in Kyiv", "the Washington summit").
2. **Role titles** (``models/lexicon``): a leader title before a name
   ("Defence Secretary John Healey") or in apposition ("Jane Roe, the Dutch
   defence minister,") makes a LEADER; an analyst's title or an affiliation
   with a research body ("Jane Roe, a senior fellow at RUSI", "who teaches war
   studies at X", "analyst Jane Roe") makes an EXPERT.
3. **spaCy NER** for what the knowledge base does not know: other people and
   organisations, cleaned of titles, articles and possessives.

Then mentions of one person are joined within the document: a surname
("Starmer") or transliteration ("Zelenskyy") takes the canonical name of the
earlier full mention, and the person's label and role, decided once per
document, go to every mention. Nothing inside a boilerplate region is kept.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from pledgewatch.config import Config
from pledgewatch.errors import PledgewatchError
from pledgewatch.kb import KbEntry, KnowledgeBase
from pledgewatch.labels import PERSON_LABELS
from pledgewatch.model import Document, Entity, ModelInfo
from pledgewatch.names import fold_name
from pledgewatch.stage import Stage

# Prepositions after which a capital is a place, not a government.
_LOCATIVE = frozenset(
    [
        "in",
        "at",
        "from",
        "near",
        "into",
        "inside",
        "outside",
        "around",
        "across",
        "through",
        "via",
        "toward",
        "towards",
        "within",
        "throughout",
        "between",
        "beyond",
        "over",
    ]
)
_MOTION_VERBS = frozenset(
    ["visit", "travel", "fly", "arrive", "reach", "leave", "tour", "enter", "return"]
)
_HONORIFICS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "prof",
        "professor",
        "sir",
        "dame",
        "lord",
        "lady",
        "gen",
        "general",
        "adm",
        "admiral",
        "col",
        "colonel",
        "lt",
        "maj",
        "major",
        "capt",
        "captain",
        "sgt",
        "rev",
        "ambassador",
        "amb",
        "sen",
        "senator",
        "rep",
    ]
)
# Words in an organisation's name that mark research bodies (affiliation → EXPERT).
_RESEARCH_WORDS = re.compile(
    r"\b(?:Institute|Institut|University|Universit\w*|College|School|Centre|Center|Foundation|"
    r"Forum|Academy|Council on|Endowment|Programme|Program|Project|Observatory|Initiative|Review|"
    r"Lab|Laboratory|think[- ]tank|research|studies|university|academic)\b"
)
# Verbs that, in "X, who <verb>s … at Y", describe an analyst's job.
_EXPERT_VERBS = re.compile(
    r"^(?:teaches|taught|lectures|studies|studied|researches|chairs|heads|leads|directs|runs|"
    r"writes|tracks|follows|specialises|specializes|focuses|works|worked|co-founded|founded)\b",
    re.IGNORECASE,
)
_BYLINE = re.compile(
    r"^By ([A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){1,3}(?:(?:,| and) [A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){1,3})*)\s*$",
    re.MULTILINE,
)
_NON_PERSON_TYPES = frozenset(
    {
        "DATE",
        "TIME",
        "GPE",
        "LOC",
        "FAC",
        "EVENT",
        "LAW",
        "PRODUCT",
        "WORK_OF_ART",
        "NORP",
        "MONEY",
        "CARDINAL",
        "ORDINAL",
        "PERCENT",
        "QUANTITY",
    }
)
_GOVERNMENT_MODIFIERS = frozenset(
    "presidential government kremlin ministerial security military diplomatic chief senior-government".split()
)
# Titles that make even a known office-holder an expert in this document.
_STRONG_EXPERT = re.compile(
    r"\b(?:fellow|analyst|professor|lecturer|reader|researcher|scholar|academic|historian|economist)\b",
    re.IGNORECASE,
)
_NUMERIC_TYPES = frozenset({"DATE", "TIME", "MONEY", "CARDINAL", "ORDINAL", "PERCENT", "QUANTITY"})
_NON_NAME_HEADS = frozenset(
    [
        "operation",
        "exercise",
        "project",
        "article",
        "the",
        "plan",
        "treaty",
        "programme",
        "program",
        "mission",
        "fund",
    ]
)
_ROLE_NOUNS = frozenset(
    [
        "presenter",
        "journalist",
        "reporter",
        "correspondent",
        "photographer",
        "editor",
        "anchor",
        "host",
        "interviewer",
        "resident",
        "residents",
        "volunteer",
        "soldier",
        "infantryman",
        "medic",
        "farmer",
        "teacher",
        "nurse",
        "doctor",
        "engineer",
        "mother",
        "father",
        "student",
        "worker",
        "driver",
        "pensioner",
        "refugee",
        "activist",
        "blogger",
        "commander",
        "officer",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "colleague",
    ]
)
_ORG_SUFFIX = re.compile(
    r"\b(?:Dynamics|Systems|Industries|Technologies|Aerospace|Defence|Defense|Group|Corporation|Corp|Inc|Ltd|"
    r"GmbH|AG|SA|Wire|News|Times|Post|Agency|Press|Media|Radio|Television|TV|Bank|Fund|Institute|University|"
    r"Centre|Center|Council|Ministry|Foundation|Forum)\b"
)
_ORG_HEAD = re.compile(
    r"^(?:Programme|Program|Office|Commission|Mission|Committee|Service|Department|Ministry|Agency|"
    r"Fund|Bank|Institute|Council|Parliament|Assembly|Court|Tribunal|Directorate|Command|Corps|Forces)$"
)
_COALITION_WORDS = re.compile(r"\b(?:coalition|alliance)\b", re.IGNORECASE)
_NAME_TOKEN = re.compile(
    r"^[A-ZÀ-ÖØ-ÞĀ-ſ][\w'’.-]*$|^(?:de|da|van|von|der|del|la|le|bin|al|di|du|dos|ten)$"
)


@dataclass
class Candidate:
    """A possible mention before overlaps are resolved and labels are settled."""

    start: int
    end: int
    label: str
    canonical: str
    source: str  # kb, generic, capital, title, ner
    confidence: float
    entry: KbEntry | None = None
    role: str | None = None
    evidence: str | None = None  # LEADER or EXPERT when the words around a person say so
    priority: int = 0

    @classmethod
    def of(cls, span: Any, *args: Any, **kwargs: Any) -> Candidate:
        """A candidate covering a spaCy span: ``Candidate.of(span, label, canonical, …)``."""
        return cls(span.start_char, span.end_char, *args, **kwargs)


@dataclass
class PersonCluster:
    """The mentions of one person in a document, and what the words around them say."""

    canonical: str
    entry: KbEntry | None
    folded: set[str]  # every folded spelling met, full names and surnames
    surnames: set[str]  # folded surnames and transliterations that may stand alone
    evidence: set[str] = field(default_factory=set)  # LEADER / EXPERT
    role: str | None = None
    members: list[Candidate] = field(default_factory=list)


class Entities(Stage):
    """Finds entity mentions; see the module docstring for the rules."""

    name = "entities"
    requires = frozenset({"sents", "tokens", "ner", "boilerplate"})
    provides = frozenset({"entities"})

    def __init__(self, config: Config) -> None:
        self.config = config
        self.kb: KnowledgeBase | None = None
        self._matchers: dict[int, dict[str, Any]] = {}

    def load(self) -> None:
        self.kb = KnowledgeBase.load(self.config.models_dir)
        self._leader_titles = _title_set(self.kb.lexicons.leader_titles)
        self._expert_titles = _title_set(self.kb.lexicons.expert_titles)
        self._by_fold: dict[str, list[KbEntry]] = {}
        self._surnames: dict[str, list[KbEntry]] = {}
        self._capitals: dict[str, KbEntry] = {}
        self._research_names = tuple(
            name
            for entry in self.kb.entries
            if entry.label == "ORGANIZATION" and entry.kind in ("think_tank", "university")
            for name in entry.names()
            if len(name) > 3
        )
        for entry in self.kb.entries:
            for name in entry.names():
                folded = fold_name(name)
                if entry.label == "LEADER" and len(folded.split()) < 2:
                    continue  # "Lord Hague" folds to "hague": bare surnames go through the surname rules
                self._by_fold.setdefault(folded, []).append(entry)
            if entry.label == "LEADER":
                for surname in (entry.surname, *entry.surname_variants):
                    if surname:
                        self._surnames.setdefault(surname, []).append(entry)
            for capital in entry.capitals:
                self._capitals[capital] = entry

    def models(self) -> list[ModelInfo]:
        return [ModelInfo(name="pledgewatch-kb", version=self.kb.version)] if self.kb else []

    def __call__(self, docs: Sequence[Document]) -> list[Document]:
        return [self.set_annotations(doc, self.predict(doc)) for doc in docs]

    @staticmethod
    def set_annotations(doc: Document, entities: list[Entity]) -> Document:
        return replace(doc, entities=tuple(entities))

    # -- finding candidates -------------------------------------------------

    def predict(self, doc: Document) -> list[Entity]:
        if self.kb is None:
            raise PledgewatchError("entities: stage used before load(); call Pipeline.load() first")
        sdoc = doc.analysis
        if sdoc is None:
            raise PledgewatchError(
                f"entities: document {doc.doc_id[:12]} has no spaCy analysis; run the nlp stage first"
            )
        if not doc.text.strip():
            return []
        titles = self._matchers_for(sdoc.vocab)["titles"](sdoc)  # matched once, used twice
        candidates = (
            self._kb_candidates(sdoc)
            + self._title_candidates(sdoc, titles)
            + self._name_pattern_candidates(sdoc)
            + self._ner_candidates(sdoc, titles)
        )
        chosen = _resolve_overlaps(candidates)
        chosen = [c for c in chosen if not doc.in_boilerplate(c.start, c.end)]
        chosen = self._settle_people(sdoc, chosen)
        sentence_starts = [sent.start_char for sent in sdoc.sents]
        return [
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

    def _matchers_for(self, vocab: Any) -> dict[str, Any]:
        key = id(vocab)
        if key not in self._matchers:
            import spacy
            from spacy.matcher import PhraseMatcher

            make = spacy.blank("en").tokenizer
            exact = PhraseMatcher(vocab, attr="ORTH")
            lower = PhraseMatcher(vocab, attr="LOWER")
            surnames = PhraseMatcher(vocab, attr="ORTH")
            capitals = PhraseMatcher(vocab, attr="ORTH")
            titles = PhraseMatcher(vocab, attr="LOWER")
            entries = {}
            for index, entry in enumerate(self.kb.entries):
                names = [n for n in entry.names() if "'s " not in n and "’s " not in n]
                key_name = f"E{index}"
                entries[key_name] = entry
                exact.add(key_name, [make(n) for n in names])
                if entry.label == "GUARANTEE" or (entry.label == "COALITION" and entry.generic):
                    lower.add(key_name, [make(n) for n in names])
                elif entry.label == "COALITION":
                    lower.add(key_name, [make(n) for n in names if len(n.split()) >= 3])
                for capital in entry.capitals:
                    capitals.add(key_name, [make(capital)])
            for surname in self._surnames:
                surnames.add(f"S{surname}", [make(surname)])
            for title in (*self._leader_titles, *self._expert_titles):
                titles.add(f"T{title}", [make(title)])
            self._matchers[key] = {
                "exact": exact,
                "lower": lower,
                "surnames": surnames,
                "capitals": capitals,
                "titles": titles,
                "entries": entries,
            }
        return self._matchers[key]

    def _kb_candidates(self, sdoc: Any) -> list[Candidate]:
        m = self._matchers_for(sdoc.vocab)
        strings = sdoc.vocab.strings
        out: list[Candidate] = []
        for matcher, source in ((m["exact"], "kb"), (m["lower"], "generic")):
            for match_id, start, end in matcher(sdoc):
                entry = m["entries"][strings[match_id]]
                while (
                    entry.label == "LEADER"
                    and end - start > 1
                    and sdoc[start].lower_.rstrip(".") in _HONORIFICS
                ):
                    start += 1  # "Sir Keir Starmer": the span is the name, the title is not
                span = sdoc[start:end]
                if (
                    source == "generic"
                    and entry.label == "GUARANTEE"
                    and not entry.generic
                    and span.text.islower()
                    and len(span) < 2
                ):
                    continue
                out.append(
                    Candidate.of(
                        span,
                        entry.label,
                        entry.canonical,
                        source,
                        0.95 if source == "kb" else 0.9,
                        entry=entry,
                        priority=3 if entry.label == "GUARANTEE" else 2,
                    )
                )
        for match_id, start, end in m["capitals"](sdoc):
            entry = m["entries"][strings[match_id]]
            if _acts_as_government(sdoc, start, end):
                span = sdoc[start:end]
                out.append(
                    Candidate.of(
                        span,
                        "STATE",
                        entry.canonical,
                        "capital",
                        0.85,
                        entry=entry,
                        priority=1,
                    )
                )
        for match_id, start, end in m["surnames"](sdoc):
            surname = strings[match_id][1:]
            people = self._surnames.get(surname, [])
            span = sdoc[start:end]
            # A bare surname is kept for now; _settle_people decides whom it names.
            out.append(
                Candidate.of(
                    span,
                    "LEADER",
                    people[0].canonical if len(people) == 1 else surname,
                    "surname",
                    0.7,
                    entry=people[0] if len(people) == 1 else None,
                    priority=-1,
                )
            )
        # Pattern-based guarantees: "Article 5", "Article V", "Article 5-like protection".
        for match in re.finditer(
            r"\bArticle (?:5|V|Five)\b(?:[-‑ ](?:like|style|type)(?: (?:protection|guarantees?|commitments?|security guarantees?))?)?",
            sdoc.text,
        ):
            out.append(
                Candidate(
                    match.start(),
                    match.end(),
                    "GUARANTEE",
                    "Article 5",
                    "generic",
                    0.9,
                    entry=self._entry_named("Article 5"),
                    priority=4,
                )
            )
        return out

    def _entry_named(self, name: str) -> KbEntry | None:
        entries = self._by_fold.get(fold_name(name))
        return entries[0] if entries else None

    def _title_candidates(self, sdoc: Any, titles: list[tuple[int, int, int]]) -> list[Candidate]:
        """People introduced by a title before the name ("Defence Secretary John Healey")."""
        strings = sdoc.vocab.strings
        out: list[Candidate] = []
        matches = sorted(titles, key=lambda t: (t[1], -(t[2] - t[1])))
        seen_end = -1
        for match_id, start, end in matches:
            if start < seen_end:
                continue  # a shorter title inside a longer one
            seen_end = end
            title_text = strings[match_id][1:]
            kind = (
                "EXPERT"
                if title_text in self._expert_titles and title_text not in self._leader_titles
                else "LEADER"
            )
            if kind == "EXPERT" and start > 0 and sdoc[start - 1].lower_ in _GOVERNMENT_MODIFIERS:
                kind = "LEADER"  # "presidential adviser X", "Kremlin aide X"
            name_start = end
            # "Foreign Minister Andrii Sybiha", "analyst Jonas Aaltonen", "Professor Jane Roe"
            name_end = name_start
            while (
                name_end < len(sdoc)
                and name_end - name_start < 4
                and _is_name_token(sdoc[name_end])
            ):
                name_end += 1
            if name_end - name_start >= 1 and sdoc[name_start].text[:1].isupper():
                span = sdoc[name_start:name_end]
                if sdoc[name_end - 1].text in ("’s", "'s"):
                    span = sdoc[name_start : name_end - 1]
                if len(span) and not self._is_known_non_person(span.text):
                    role = sdoc[start:end].text
                    out.append(
                        Candidate.of(
                            span,
                            "PERSON",
                            span.text,
                            "title",
                            0.8,
                            role=role,
                            evidence=kind,
                            priority=1,
                        )
                    )
        return out

    def _name_pattern_candidates(self, sdoc: Any) -> list[Candidate]:
        """Names spaCy may miss, found by the words around them.

        - "Jane Roe, a senior analyst at …" / "Jane Roe, who teaches …": a run of
          two to four capitalised words followed by an apposition;
        - "By Jane Roe" on a line of its own (a byline);
        - "presenter Jane Roe", "photographer Jane Roe": a lower-case role noun
          before two or three capitalised words.
        """
        out: list[Candidate] = []
        text = sdoc.text
        for match in _BYLINE.finditer(text):
            for name in re.finditer(r"[^,]+?(?=\s+and\s+|,|$)", match.group(1)):
                start = match.start(1) + name.start()
                chunk = name.group().strip()
                if chunk:
                    offset = text.index(chunk, start)
                    out.append(
                        Candidate(
                            offset, offset + len(chunk), "PERSON", chunk, "title", 0.75, priority=0
                        )
                    )
        i = 0
        while i < len(sdoc):
            if not _is_capitalised_name(sdoc[i]) or (i > 0 and _is_capitalised_name(sdoc[i - 1])):
                i += 1
                continue
            j = i
            while (
                j < len(sdoc)
                and j - i < 4
                and _is_name_token(sdoc[j])
                and not sdoc[j].is_stop
                and not sdoc[j].is_sent_end
            ):
                j += 1
            while j > i and not sdoc[j - 1].text[:1].isupper():
                j -= 1
            size = j - i
            follows_apposition = (
                j + 1 < len(sdoc)
                and sdoc[j].text == ","
                and sdoc[j + 1].lower_ in ("a", "an", "the", "who", "now")
            )
            before = sdoc[i - 1] if i > 0 else None
            after_role_noun = (
                before is not None
                and before.pos_ == "NOUN"
                and before.text.islower()
                and before.lower_ in _ROLE_NOUNS
            )
            if (
                2 <= size <= 4
                and (follows_apposition or after_role_noun)
                and not _in_heading(sdoc[i:j])
            ):
                span = sdoc[i:j]
                # An apposition that names a job ("an analyst at …") outweighs spaCy
                # calling the name a place or a group.
                titled = follows_apposition and self._apposition_has_title(sdoc, j + 1)
                not_a_person = (
                    any(t.ent_type_ in _NON_PERSON_TYPES for t in span) and not titled
                ) or span[0].lower_ in _NON_NAME_HEADS
                if _ORG_SUFFIX.search(span.text):
                    out.append(
                        Candidate.of(
                            span,
                            "ORGANIZATION",
                            span.text,
                            "title",
                            0.6,
                            priority=0,
                        )
                    )
                elif (
                    not not_a_person
                    and not self._is_known_non_person(span.text)
                    and not any(t.lower_ in _HONORIFICS for t in span)
                ):
                    out.append(
                        Candidate.of(
                            span,
                            "PERSON",
                            span.text,
                            "title",
                            0.7,
                            priority=0,
                        )
                    )
            i = max(j, i + 1)
        return out

    def _apposition_has_title(self, sdoc: Any, start: int) -> bool:
        """Whether the apposition from token ``start`` names a job ("an analyst at …")."""
        words = " ".join(
            t.lower_ for t in sdoc[start : start + 10] if not t.is_punct or t.text == "-"
        )
        return any(_contains_title(words, t) for t in (*self._expert_titles, *self._leader_titles))

    def _is_known_non_person(self, text: str) -> bool:
        entries = self._by_fold.get(fold_name(text), [])
        return any(e.label != "LEADER" for e in entries)

    def _ner_candidates(self, sdoc: Any, titles: list[tuple[int, int, int]]) -> list[Candidate]:
        out: list[Candidate] = []
        titled = {i for _, start, end in titles for i in range(start, end)}
        for ent in sdoc.ents:
            if (
                any(i in titled for i in range(ent.start, ent.end))
                and len(ent) <= 2
                and ent.label_ != "PERSON"
            ):
                continue  # "Defence" of "Defence Secretary", tagged as an organisation
            if ent.label_ not in (
                "PERSON",
                "ORG",
                "GPE",
                "NORP",
                "FAC",
                "LOC",
                "WORK_OF_ART",
                "LAW",
                "EVENT",
            ):
                continue
            span = _clean_span(ent)
            if span is None or not span.text.strip():
                continue
            if _in_heading(span) and not self._by_fold.get(fold_name(span.text)):
                continue  # "In Search of Security": a section heading, not a name
            if span.text in self._capitals:
                continue  # capitals are the capital matcher's: government or place
            entries = self._by_fold.get(fold_name(span.text), [])
            if entries:
                entry = entries[0]
                if entry.label == "LEADER" or not span.text.islower():
                    out.append(
                        Candidate.of(
                            span,
                            entry.label,
                            entry.canonical,
                            "kb",
                            0.9,
                            entry=entry,
                            priority=2,
                        )
                    )
                continue
            if ent.label_ == "PERSON" and _ORG_SUFFIX.search(span.text):
                if _plausible_org(span):
                    out.append(
                        Candidate.of(
                            span,
                            "ORGANIZATION",
                            span.text,
                            "ner",
                            0.55,
                            priority=0,
                        )
                    )
            elif ent.label_ == "PERSON":
                if span.text.isupper() or any(ch.isdigit() for ch in span.text):
                    continue
                out.append(Candidate.of(span, "PERSON", span.text, "ner", 0.6, priority=0))
            elif (
                ent.label_ == "ORG"
                and len(span) == 1
                and span[0].is_sent_start
                and span[0].pos_ != "PROPN"
            ):
                continue  # a capitalised common noun opening a sentence
            elif ent.label_ == "ORG" and _plausible_org(span):
                label = (
                    "COALITION"
                    if _COALITION_WORDS.search(span.text) and not _RESEARCH_WORDS.search(span.text)
                    else "ORGANIZATION"
                )
                # "UN Development Programme": a longer proper name with an organisation's head
                # word beats the shorter known name inside it.
                named_body = len(span) > 1 and _ORG_HEAD.search(span[-1].text) is not None
                out.append(
                    Candidate.of(
                        span,
                        label,
                        span.text,
                        "ner",
                        0.6,
                        priority=3 if named_body else 0,
                    )
                )
        return out

    # -- people: one label, one canonical name per person per document ---------

    def _settle_people(self, sdoc: Any, chosen: list[Candidate]) -> list[Candidate]:
        clusters: list[PersonCluster] = []

        def cluster_of(candidate: Candidate) -> PersonCluster | None:
            text = sdoc.text[candidate.start : candidate.end]
            folded = fold_name(text)
            tokens = folded.split()
            for cluster in reversed(clusters):
                names = cluster.folded
                if folded in names:
                    return cluster
                if len(tokens) == 1 and any(
                    name.split()[-1] == tokens[0] for name in names if len(name.split()) > 1
                ):
                    return cluster
                if len(tokens) == 1 and tokens[0] in cluster.surnames:
                    return cluster
            return None

        out: list[Candidate] = []
        for candidate in sorted(chosen, key=lambda c: c.start):
            if candidate.label not in PERSON_LABELS:
                out.append(candidate)
                continue
            text = sdoc.text[candidate.start : candidate.end]
            cluster = cluster_of(candidate)
            if cluster is None:
                if candidate.source == "surname" and (
                    candidate.entry is None or not _ner_says_person(sdoc, candidate)
                ):
                    continue  # a bare surname with no full mention before it, not clearly a person
                if candidate.source == "ner" and len(text.split()) == 1 and not candidate.role:
                    continue  # a lone capitalised word spaCy calls a person: too weak alone
                entry = candidate.entry
                if entry is None and candidate.source in ("title", "ner"):
                    known = [
                        e for e in self._by_fold.get(fold_name(text), []) if e.label == "LEADER"
                    ]
                    if not known and len(text.split()) == 1:
                        known = self._surnames.get(text, [])
                        known = known if len(known) == 1 else []
                    entry = known[0] if known else None
                canonical = entry.canonical if entry else text
                cluster = PersonCluster(
                    canonical=canonical,
                    entry=entry,
                    folded={fold_name(canonical), fold_name(text)},
                    surnames={
                        fold_name(s)
                        for s in ((entry.surname,) + entry.surname_variants if entry else ())
                        if s
                    },
                )
                if entry is None and len(text.split()) > 1:
                    cluster.surnames.add(fold_name(text.split()[-1]))
                clusters.append(cluster)
            cluster.folded.add(fold_name(text))
            evidence, role = self._context_evidence(sdoc, candidate)
            if candidate.evidence:
                cluster.evidence.add(candidate.evidence)
            if evidence:
                cluster.evidence.add(evidence)
            cluster.role = cluster.role or candidate.role or role
            cluster.members.append(candidate)
            out.append(candidate)
        out = self._add_surname_mentions(sdoc, out, clusters)
        for cluster in clusters:
            # A known office-holder is an expert here only under an analyst's title
            # ("a senior fellow at …"), not a loose one ("adviser", "expert").
            strong = _STRONG_EXPERT.search(cluster.role or "") is not None
            if "EXPERT" in cluster.evidence and (
                cluster.entry is None or (strong and "LEADER" not in cluster.evidence)
            ):
                label = "EXPERT"
            elif cluster.entry is not None or "LEADER" in cluster.evidence:
                label = "LEADER"
            else:
                label = "PERSON"
            for member in cluster.members:
                member.label = label
                member.canonical = cluster.canonical
                member.role = cluster.role
                if cluster.entry is not None:
                    member.entry = cluster.entry
                    member.confidence = max(member.confidence, 0.85)
        return sorted(out, key=lambda c: c.start)

    def _add_surname_mentions(
        self, sdoc: Any, chosen: list[Candidate], clusters: list[PersonCluster]
    ) -> list[Candidate]:
        """Later mentions of a person by surname alone, wherever spaCy missed or mistyped them."""
        first_seen: dict[str, tuple[int, PersonCluster]] = {}
        for cluster in clusters:
            start = min(m.start for m in cluster.members)
            names = [n for n in cluster.folded if len(n.split()) > 1]
            surnames = {n.split()[-1] for n in names} | cluster.surnames
            for surname in surnames:
                if len(surname) > 2 and (
                    surname not in first_seen or first_seen[surname][0] > start
                ):
                    first_seen[surname] = (start, cluster)
        if not first_seen:
            return chosen
        kept = []
        for candidate in chosen:
            text = sdoc.text[candidate.start : candidate.end]
            hit = first_seen.get(fold_name(text))
            if (
                candidate.source == "ner"
                and candidate.label in ("ORGANIZATION", "COALITION")
                and hit
                and len(text.split()) == 1
            ):
                candidate.label = "PERSON"
                candidate.source = "surname"
                hit[1].members.append(candidate)
            kept.append(candidate)
        taken = bytearray(len(sdoc.text))  # characters some mention already covers
        for c in kept:
            taken[c.start : c.end] = b"\x01" * (c.end - c.start)
        for token in sdoc:
            if not token.text[:1].isupper() or token.is_punct:
                continue
            hit = first_seen.get(fold_name(token.text))
            # Someone named in full in this document: trust that over spaCy calling the
            # surname a place or a group, but not over a date or a number.
            if (
                hit is None
                or token.ent_type_ in _NUMERIC_TYPES
                or token.pos_ != "PROPN"
                and token.pos_
                or (token.i > 0 and sdoc[token.i - 1].lower_ == "the")
            ):
                continue
            start, end = token.idx, token.idx + len(token.text)
            if any(taken[start:end]):
                continue
            candidate = Candidate(start, end, "PERSON", token.text, "surname", 0.75, priority=0)
            hit[1].members.append(candidate)
            kept.append(candidate)
            taken[start:end] = b"\x01" * (end - start)
        return sorted(kept, key=lambda c: c.start)

    def _context_evidence(self, sdoc: Any, candidate: Candidate) -> tuple[str | None, str | None]:
        """LEADER/EXPERT evidence and the role, from apposition or a relative clause after the name."""
        span = sdoc.char_span(candidate.start, candidate.end, alignment_mode="expand")
        if span is None:
            return None, None
        after = span.end
        if after < len(sdoc) and sdoc[after].text in ("’s", "'s"):
            return None, None
        if after >= len(sdoc) or sdoc[after].text != ",":
            return self._title_before(sdoc, span.start)
        # Read the apposition up to the next comma, dash or end of sentence.
        stop = after + 1
        while (
            stop < len(sdoc)
            and stop - after < 25
            and sdoc[stop].text not in (",", ";", "—", "–", ".", "(", ")", ":")
            and not sdoc[stop].is_sent_start
        ):
            stop += 1
        phrase = sdoc[after + 1 : stop]
        text = phrase.text
        if not text or not re.match(r"^(?:the|a|an|who|now|[A-Za-z-]+'s|[A-Z])", text):
            return self._title_before(sdoc, span.start)
        lowered = text.lower()
        words = re.sub(r"^(?:the|a|an|who is|who was|now)\s+", "", lowered)
        if lowered.startswith("who"):
            clause = re.sub(r"^who\s+", "", text)
            verb = _EXPERT_VERBS.match(clause)
            research = bool(_RESEARCH_WORDS.search(clause)) or self._mentions_research_org(clause)
            if verb and (
                verb.group().lower()
                in ("teaches", "taught", "lectures", "researches", "studies", "studied")
                or research
            ):
                return "EXPERT", clause.split(" at ")[0]
            return None, None
        role_text = re.split(
            r"\s+(?:at|of|with|for|from|in)\s+(?:the\s+)?[A-Z]",
            re.sub(r"^(?:the|a|an)\s+", "", text),
        )[0]
        expert = any(_contains_title(words, title) for title in self._expert_titles)
        leader = any(_contains_title(words, title) for title in self._leader_titles)
        research = bool(_RESEARCH_WORDS.search(text)) or self._mentions_research_org(text)
        if expert and (research or not leader):
            return "EXPERT", role_text
        if leader:
            return "LEADER", role_text
        if expert:
            return "EXPERT", role_text
        if research and re.search(
            r"\b(?:fellow|director|directs|head|heads|chair|chairs|leads|runs|professor|lecturer|reader|researcher|analyst|scholar|teaches)\b",
            lowered,
        ):
            return "EXPERT", role_text
        return None, None

    def _title_before(self, sdoc: Any, start: int) -> tuple[str | None, str | None]:
        """'Analyst X', 'RUSI's director X', 'Professor X' just before the name."""
        window = sdoc[max(0, start - 8) : start].text.rstrip(" ,")
        lowered = window.lower()
        best: tuple[str, str] | None = None
        for kind, titles in (("EXPERT", self._expert_titles), ("LEADER", self._leader_titles)):
            for title in titles:
                if (lowered.endswith(" " + title.lower()) or lowered == title.lower()) and (
                    best is None or len(title) > len(best[1])
                ):
                    best = (kind, window[len(window) - len(title) :])
        if (
            best
            and best[0] == "EXPERT"
            and start > len(best[1].split())
            and sdoc[start - len(best[1].split()) - 1].lower_ in _GOVERNMENT_MODIFIERS
        ):
            best = ("LEADER", best[1])
        return best if best else (None, None)

    def _mentions_research_org(self, text: str) -> bool:
        return any(name in text for name in self._research_names)


def _title_set(titles: Sequence[str]) -> frozenset[str]:
    return frozenset(
        t.strip() for t in titles if t.strip() and not t.endswith(" of") and not t.endswith(" the")
    )


def _contains_title(words: str, title: str) -> bool:
    """Whether ``title`` occurs in ``words`` as whole words (both lower case, space-separated)."""
    return f" {title.lower()} " in f" {words} "


def _is_name_token(token: Any) -> bool:
    if token.is_punct and token.text not in ("-", "'"):
        return False
    if token.text.lower() in _HONORIFICS and token.text[:1].isupper():
        return True
    return bool(_NAME_TOKEN.match(token.text)) and token.text.lower() not in (
        "said",
        "says",
        "told",
        "and",
        "the",
    )


def _is_capitalised_name(token: Any) -> bool:
    return (
        bool(re.match(r"^[A-ZÀ-ÖØ-ÞĀ-ſ][a-zà-öø-ÿā-ſ'’-]+$", token.text))
        and token.lower_ not in _HONORIFICS
        and not token.is_stop
        and token.pos_ not in ("ADP", "DET", "PRON", "CCONJ", "SCONJ", "AUX", "VERB", "ADV")
    )


def _ner_says_person(sdoc: Any, candidate: Candidate) -> bool:
    """A bare known surname names its person unless spaCy or the words say otherwise."""
    span = sdoc.char_span(candidate.start, candidate.end, alignment_mode="expand")
    if span is None or any(t.ent_type_ in _NON_PERSON_TYPES for t in span):
        return False
    if span.start > 0 and sdoc[span.start - 1].lower_ == "the":
        return False  # "The Hague"
    return all(t.ent_type_ == "PERSON" for t in span) or not span[0].is_sent_start


def _clean_span(ent: Any) -> Any:
    """Drop leading articles and titles, and a trailing possessive, from an NER span."""
    start, end = ent.start, ent.end
    doc = ent.doc
    while start < end and (
        doc[start].lower_ in ("the", "a", "an") or doc[start].lower_.rstrip(".") in _HONORIFICS
    ):
        start += 1
    while end > start and (
        doc[end - 1].text in ("’s", "'s", "’", "'")
        or doc[end - 1].is_punct
        or doc[end - 1].is_space
    ):
        end -= 1
    return doc[start:end] if end > start else None


def _in_heading(span: Any) -> bool:
    """Whether a span sits in a heading line: short, Title Case, no closing punctuation."""
    text = span.doc.text
    line_start = text.rfind("\n", 0, span.start_char) + 1
    line_end = text.find("\n", span.end_char)
    line = text[line_start : len(text) if line_end < 0 else line_end].strip()
    words = line.split()
    if not words or len(words) > 10 or line[-1] in '.?!:;"”’)':
        return False
    capitalised = sum(1 for w in words if w[:1].isupper())
    return capitalised >= max(2, len(words) - 2)


def _plausible_org(span: Any) -> bool:
    text = span.text
    if len(text) < 2 or text.isupper() and len(text) > 12:
        return False
    if "\n" in text or any(ch.isdigit() for ch in text) and len(text.split()) < 2:
        return False
    # A heading or caption line tagged as an organisation.
    line_start = span.doc.text.rfind("\n", 0, span.start_char) + 1
    line_end = span.doc.text.find("\n", span.end_char)
    line_end = len(span.doc.text) if line_end < 0 else line_end
    return not (span.start_char == line_start and span.end_char == line_end)


def _acts_as_government(sdoc: Any, start: int, end: int) -> bool:
    """Whether a capital at tokens [start, end) stands for its government."""
    token = sdoc[end - 1]
    if end < len(sdoc) and sdoc[end].text in ("—", "–", "-") and sdoc[start].is_sent_start:
        return False  # dateline "KYIV —"
    if sdoc[start:end].text.isupper():
        return False
    if token.dep_ == "compound" or (
        end < len(sdoc)
        and sdoc[end].pos_ in ("NOUN", "PROPN")
        and sdoc[end].dep_ != "appos"
        and token.dep_ not in ("nsubj", "nsubjpass", "poss")
    ):
        return False  # "the Washington summit", "Kyiv Security Compact"
    head = token.head
    if token.dep_ == "pobj" and head.lower_ in _LOCATIVE:
        return False
    if token.dep_ == "dobj" and head.lemma_ in _MOTION_VERBS:
        return False
    if not token.dep_:  # no parser (blank pipeline): fall back on the word before
        previous = sdoc[start - 1].lower_ if start > 0 else ""
        return previous not in _LOCATIVE
    return True


def _resolve_overlaps(candidates: list[Candidate]) -> list[Candidate]:
    """Keep non-overlapping candidates: trusted sources first, then longer spans."""
    trust = {"kb": 4, "generic": 4, "capital": 3, "title": 2, "surname": 1, "ner": 0}
    ordered = sorted(
        candidates, key=lambda c: (-c.priority, -trust[c.source], -(c.end - c.start), c.start)
    )
    taken: list[Candidate] = []
    for candidate in ordered:
        if any(candidate.start < t.end and t.start < candidate.end for t in taken):
            continue
        taken.append(candidate)
    return sorted(taken, key=lambda c: c.start)
