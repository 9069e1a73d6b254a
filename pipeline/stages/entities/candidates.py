"""Candidate mentions from the knowledge base and from spaCy's NER, and the choice
among overlapping ones.

Every function takes the spaCy ``Doc`` and the lexicon and gazetteer it reads, and
returns `Candidate`s; nothing here knows about other mentions of the same person
(that is `people`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pledgewatch.intervals import Disjoint
from pledgewatch.kb import KbEntry
from pledgewatch.names import fold_name
from pledgewatch.nlp import doc_text, line_bounds
from pledgewatch.stages.entities.lexicon import EntityLexicon, Gazetteer

# spaCy's entity types that are never a person, and those that are numbers.
NON_PERSON_TYPES = frozenset(
    "DATE TIME GPE LOC FAC EVENT LAW PRODUCT WORK_OF_ART NORP MONEY CARDINAL ORDINAL "
    "PERCENT QUANTITY".split()
)
NUMERIC_TYPES = frozenset("DATE TIME MONEY CARDINAL ORDINAL PERCENT QUANTITY".split())
_NER_TYPES = frozenset("PERSON ORG GPE NORP FAC LOC WORK_OF_ART LAW EVENT".split())
# Words a name never ends with: "Institute for" is half a name.
_OPEN_ENDS = frozenset("for of and the on in at to".split())
# Short words a headline leaves in lower case ("Needs to Go Big — or Go Home").
_SMALL_WORDS = frozenset("a an the and or but nor for of on in at to by as with from — – -".split())
# Trust of each source when candidates overlap.
_TRUST = {"kb": 4, "generic": 4, "pattern": 4, "capital": 3, "title": 2, "surname": 1, "ner": 0}


@dataclass
class Candidate:
    """A possible mention before overlaps are resolved and labels are settled."""

    start: int
    end: int
    label: str
    canonical: str
    source: str  # kb, generic, pattern, capital, title, surname, ner
    confidence: float
    entry: KbEntry | None = None
    role: str | None = None
    evidence: str | None = None  # LEADER or EXPERT when the words around a person say so
    priority: int = 0

    @classmethod
    def of(cls, span: Any, *args: Any, **kwargs: Any) -> Candidate:
        """A candidate covering a spaCy span: ``Candidate.of(span, label, canonical, …)``."""
        return cls(span.start_char, span.end_char, *args, **kwargs)


def kb_candidates(sdoc: Any, lexicon: EntityLexicon, gazetteer: Gazetteer) -> list[Candidate]:
    """Exact names and aliases, generic phrases in any case, capitals acting as
    governments, and bare surnames of known office-holders."""
    m = gazetteer.matchers(sdoc.vocab, lexicon)
    strings = sdoc.vocab.strings
    out: list[Candidate] = []
    for matcher, source in ((m["exact"], "kb"), (m["lower"], "generic")):
        for match_id, start, end in matcher(sdoc):
            entry = m["entries"][strings[match_id]]
            while (
                entry.label == "LEADER"
                and end - start > 1
                and lexicon.has("honorific", sdoc[start].text)
            ):
                start += 1  # "Sir Keir Starmer": the span is the name, the title is not
            span = sdoc[start:end]
            lone_word = span.text.islower() and len(span) < 2
            if (
                source == "generic"
                and entry.label == "GUARANTEE"
                and not entry.generic
                and lone_word
            ):
                continue
            if entry.label == "ORGANIZATION" and not plausible_org(span, lexicon):
                continue
            if hyphen_prefixed(span, lexicon):
                continue  # "Euro-Atlantic", "trans-Atlantic"
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
        if acts_as_government(sdoc, start, end, lexicon):
            out.append(
                Candidate.of(
                    sdoc[start:end],
                    "STATE",
                    entry.canonical,
                    "capital",
                    0.85,
                    entry=entry,
                    priority=1,
                )
            )
    for match_id, start, end in m["surnames"](sdoc):
        if _other_given_name(sdoc, start, lexicon):
            continue  # "Ana Kovac" is not the Kovač the knowledge base knows
        people = gazetteer.surnames.get(strings[match_id][1:], [])
        one = people[0] if len(people) == 1 else None
        # A bare surname is kept for now; `people.settle` decides whom it names.
        name = one.canonical if one else strings[match_id][1:]
        # "von der Leyen" beats spaCy's "Leyen"; a one-word surname yields to any name.
        priority = 0 if end - start > 1 else -1
        out.append(
            Candidate.of(
                sdoc[start:end], "LEADER", name, "surname", 0.7, entry=one, priority=priority
            )
        )
    return out


def _other_given_name(sdoc: Any, start: int, lexicon: EntityLexicon) -> bool:
    """Whether a known surname follows a capitalised name that is no title: someone
    else of that surname. (Known full names are matched whole before, and win.)"""
    if start == 0:
        return False
    before = sdoc[start - 1]
    if not (before.is_alpha and before.is_title and before.pos_ == "PROPN"):
        return False
    if lexicon.has("honorific", before.text):
        return False
    word = before.lower_
    return not any(t == word or t.endswith(" " + word) for t in lexicon.leader_titles)


def ner_candidates(
    sdoc: Any, lexicon: EntityLexicon, gazetteer: Gazetteer, titled: set[int]
) -> list[Candidate]:
    """People and organisations spaCy finds that the knowledge base does not know;
    ``titled`` are token indexes inside a title ("Defence" of "Defence Secretary")."""
    out: list[Candidate] = []
    for ent in sdoc.ents:
        if ent.label_ not in _NER_TYPES:
            continue
        if (
            ent.label_ != "PERSON"
            and len(ent) <= 2
            and any(i in titled for i in range(ent.start, ent.end))
        ):
            continue  # "Defence" of "Defence Secretary", tagged as an organisation
        span = clean_span(ent, lexicon)
        if span is None or not span.text.strip() or hyphen_prefixed(span, lexicon):
            continue
        headed = with_head_before(span, lexicon)
        if headed is not None:
            span, label = headed, "ORG"  # "[Centre for] Central European Security"
        else:
            label = ent.label_
        known = gazetteer.by_fold.get(fold_name(span.text), [])
        suffixed = lexicon.pattern("org_suffix").search(span.text) is not None
        if in_heading(span) and not known and not (label == "ORG" and suffixed):
            continue  # "In Search of Security": a section heading, not a name
        if span.text in gazetteer.capitals:
            continue  # capitals are the capital matcher's: government or place
        if known:
            entry = known[0]
            if (entry.label == "LEADER" or not span.text.islower()) and (
                entry.label != "ORGANIZATION" or plausible_org(span, lexicon)
            ):
                out.append(
                    Candidate.of(
                        span, entry.label, entry.canonical, "kb", 0.9, entry=entry, priority=2
                    )
                )
            continue
        if label == "PERSON":
            if lexicon.pattern("org_suffix").search(span.text):
                if plausible_org(span, lexicon):
                    out.append(Candidate.of(span, "ORGANIZATION", span.text, "ner", 0.55))
            elif not (
                span.text.isupper()
                or any(ch.isdigit() or ch == "\n" for ch in span.text)
                or lexicon.has("particle", span[-1].text)  # "von der" without "Leyen"
                or _names_pair(span, gazetteer)
            ):
                out.append(Candidate.of(span, "PERSON", span.text, "ner", 0.6))
        elif label == "ORG":
            span = _across_line_break(span, lexicon)
            if span is None or (
                len(span) == 1 and span[0].is_sent_start and span[0].pos_ != "PROPN"
            ):
                continue  # half a name, or a capitalised common noun opening a sentence
            if not plausible_org(span, lexicon) or _names_pair(span, gazetteer):
                continue
            coalition = lexicon.pattern("coalition").search(span.text)
            label = (
                "COALITION"
                if coalition and not lexicon.pattern("research").search(span.text)
                else "ORGANIZATION"
            )
            # "UN Development Programme": a longer name with an organisation's head word
            # beats the shorter known name inside it.
            named_body = len(span) > 1 and lexicon.has("org_head", span[-1].text)
            out.append(
                Candidate.of(span, label, span.text, "ner", 0.6, priority=3 if named_body else 0)
            )
    return out


def with_head_before(span: Any, lexicon: EntityLexicon) -> Any:
    """The name with the head word the tagger left out before it ("[Centre for]
    Central European Security", "[Institute of] World Affairs"), or None."""
    doc = span.doc
    i = span.start
    if i < 2 or doc[i - 1].lower_ not in ("for", "of", "on") or not doc[i - 2].is_title:
        return None
    return doc[i - 2 : span.end] if lexicon.has("org_head", doc[i - 2].lower_) else None


def _names_pair(span: Any, gazetteer: Gazetteer) -> bool:
    """ "Trump-Putin" (a summit, a deal): two people joined by a hyphen, not one name."""
    parts = [t.text for t in span if t.text not in ("-", "–")]
    return (
        len(span) == 3
        and span[1].text in ("-", "–")
        and all(p in gazetteer.surnames for p in parts)
    )


def _across_line_break(span: Any, lexicon: EntityLexicon) -> Any:
    """An organisation's name cut at a line break ("Institute for" / "International
    Affairs") runs on over it; half a name that does not run on is no name."""
    doc = span.doc
    if "\n\n" in span.text:
        return None
    if span[-1].lower_ not in _OPEN_ENDS:
        return span
    end = span.end
    if end < len(doc) and doc[end].text.strip(" ") == "\n":
        end += 1
    stop = end
    while (
        stop < len(doc)
        and stop - end < 5
        and (doc[stop].text[:1].isupper() or lexicon.has("particle", doc[stop].text))
    ):
        stop += 1
    if stop == end or doc[stop - 1].lower_ in _OPEN_ENDS:
        return None
    return doc[span.start : stop]


def hyphen_prefixed(span: Any, lexicon: EntityLexicon) -> bool:
    """Whether a name is the second half of an adjective ("Euro-Atlantic"), or a span
    is the whole adjective ("non-NATO", "pro-EU")."""
    doc = span.doc
    i = span.start
    first = span.text.split("-", 1)[0] if "-" in span.text else ""
    if first and lexicon.has("hyphen_prefix", first) and " " not in span.text:
        return True
    return (
        i >= 2
        and doc[i - 1].text in ("-", "‑")
        and not doc[i - 2].whitespace_
        and not doc[i - 1].whitespace_
        and lexicon.has("hyphen_prefix", doc[i - 2].text)
    )


def clean_span(ent: Any, lexicon: EntityLexicon) -> Any:
    """Drop leading articles and titles, and a trailing possessive, from an NER span."""
    start, end = ent.start, ent.end
    doc = ent.doc
    while start < end and (
        doc[start].lower_ in ("the", "a", "an")
        or lexicon.has("honorific", doc[start].text)
        or doc[start].is_punct
    ):
        start += 1
    while end > start and (
        doc[end - 1].text in ("’s", "'s", "’", "'")
        or doc[end - 1].is_punct
        or doc[end - 1].is_space
    ):
        end -= 1
    return doc[start:end] if end > start else None


def in_heading(span: Any) -> bool:
    """Whether a span sits in a heading line: short, Title Case, no closing punctuation."""
    line_start, line_end = line_bounds(span.doc, span.start_char, span.end_char)
    line = doc_text(span.doc)[line_start:line_end].strip()
    words = [w for w in line.split() if w.lower() not in _SMALL_WORDS]
    if not words or len(words) > 14 or line[-1] in '.?!:;"”’)':
        return False
    capitalised = sum(1 for w in words if w[:1].isupper() or not w[:1].isalpha())
    return capitalised >= max(2, len(words) - 1)


def plausible_org(span: Any, lexicon: EntityLexicon) -> bool:
    """Whether a span can name an organisation: not a heading line of its own, a
    common word spaCy capitalises ("Navy", "Central"), a weapon ("Storm Shadow"),
    a title ("Chair of War Studies"), or a seat of government used as a place."""
    text = span.text
    whole = doc_text(span.doc)
    if len(text) < 2 or (text.isupper() and len(text) > 12) or text.islower():
        return False
    if any(ch.isdigit() for ch in text) and len(text.split()) < 2:
        return False
    if len(span) == 1 and lexicon.has("not_organization", text):
        return False
    following = whole[span.start_char : span.start_char + 30].lower()
    preceding = whole[max(0, span.start_char - 30) : span.start_char].lower().rstrip()
    if any(
        (following.startswith(w) and not following[len(w) : len(w) + 1].isalpha())
        or (preceding.endswith(w) and not preceding[-len(w) - 1 : -len(w)].isalpha())
        for w in lexicon.words.get("weapon", ())
    ):
        return False  # "Storm Shadow", and a variant after its system's name ("IRIS-T SLM")
    lowered = text.lower()
    if any(
        lowered.startswith(t.lower() + " of ")
        for t in (
            *lexicon.leader_titles,
            *lexicon.expert_titles,
            *lexicon.words.get("research_post", ()),
        )
    ):  # "Chair of War Studies": a title, not an organisation
        return False
    if lexicon.has("seat", text) and seat_as_place(span, lexicon):
        return False
    line_start, line_end = line_bounds(span.doc, span.start_char, span.end_char)
    return not (span.start_char == line_start and span.end_char == line_end)


def seat_as_place(span: Any, lexicon: EntityLexicon) -> bool:
    """ "met in the White House", "since entering No 10": the building, not the body."""
    doc = span.doc
    i = span.start - 1
    if i >= 0 and doc[i].lower_ == "the":
        i -= 1
    return i >= 0 and (
        lexicon.has("locative", doc[i].text) or lexicon.has("motion_verb", doc[i].lemma_)
    )


def acts_as_government(sdoc: Any, start: int, end: int, lexicon: EntityLexicon) -> bool:
    """Whether a capital at tokens [start, end) stands for its government."""
    token = sdoc[end - 1]
    if end < len(sdoc) and sdoc[end].text in ("—", "–", "-") and sdoc[start].is_sent_start:
        return False  # dateline "KYIV —"
    if sdoc[start:end].text.isupper():
        return False
    if end < len(sdoc) and sdoc[end].text in ("-", "‑") and not token.whitespace_:
        return False  # "the London-based institute"
    if (
        start > 0
        and sdoc[start - 1].text == ","
        and (end == len(sdoc) or "\n" in sdoc[end - 1].whitespace_ + sdoc[end].text)
    ):
        return False  # "Director of the Centre, Tallinn" closing a line: where, not who
    if token.dep_ == "compound" or (
        end < len(sdoc)
        and sdoc[end].pos_ in ("NOUN", "PROPN")
        and sdoc[end].dep_ != "appos"
        and token.dep_ not in ("nsubj", "nsubjpass", "poss")
    ):
        return False  # "the Washington summit", "Kyiv Security Compact"
    if token.dep_ == "pobj" and lexicon.has("locative", token.head.text):
        return False
    if token.dep_ == "dobj" and lexicon.has("motion_verb", token.head.lemma_):
        return False
    if not token.dep_:  # no parser (blank pipeline): fall back on the word before
        return not (start > 0 and lexicon.has("locative", sdoc[start - 1].text))
    return True


def resolve_overlaps(candidates: list[Candidate]) -> list[Candidate]:
    """Keep non-overlapping candidates: higher priority, trusted sources, then longer spans."""
    ordered = sorted(
        candidates, key=lambda c: (-c.priority, -_TRUST[c.source], -(c.end - c.start), c.start)
    )
    spans = Disjoint()
    taken = [c for c in ordered if spans.claim(c.start, c.end)]
    return sorted(taken, key=lambda c: c.start)
