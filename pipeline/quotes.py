"""quotes: direct, indirect and mixed quotations with speaker, cue, role and affiliation.

How quotes are found:

- **Direct**: text between quotation marks of any kind (straight, curly,
  guillemets, and mismatched pairs such as “…" copied from the web). A mark
  opens when a space or the start of a line is before it and a word after it;
  it closes the other way round. An odd count of marks never fails: a
  paragraph that opens a quote and does not close it continues into the next
  when that paragraph opens with a mark (a multi-paragraph quote), and
  otherwise ends at the paragraph's end.
- **Attribution** of a direct quote: the reporting verb (``models/lexicon/
  reporting_verbs.txt``) next to the quote, in its own sentence, before the
  opening mark ("He added: …") or after the closing one ("…," she said), and
  the verb's subject in the parse. A quote with no cue around it continues the
  previous speaker, as a sentence that follows a speaker's quote does.
- **Indirect**: a reporting verb with a clausal complement ("Starmer said
  Britain would…", "Britain would…, Starmer said"), and "according to X".
  The content is the reported clause. **Mixed**: such a clause with quoted
  fragments inside it.
- **Interviews**: paragraphs opening with a speaker label ("Pistorius: …")
  are that speaker's answers; a label whose paragraphs are mostly questions
  is the interviewer's.

Speakers: the mention (a name, a pronoun, a description like "the former
officer" or "European diplomats") is resolved to a canonical speaker through
the entities stage: a named person or body directly; a pronoun or a definite
description to the nearest earlier person, the last speaker first; a
spokesperson of a body to the body; an unnamed group keeps its own words.
Role and affiliation come from the person's entity (role) and from the
organisation named in apposition to the person ("X, a fellow at RUSI").
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from pledgewatch.config import Config
from pledgewatch.errors import PledgewatchError
from pledgewatch.gender import agrees, gender_of, load_first_names
from pledgewatch.kb import KnowledgeBase
from pledgewatch.labels import BODY_LABELS, PERSON_LABELS
from pledgewatch.model import Document, Entity, ModelInfo, Quote
from pledgewatch.stage import Stage

OPENERS = '“„«‹‘"'
CLOSERS = '”»›’"'
_DOUBLE = '“„«‹”»›"'
_PRONOUNS = {
    "he": "person",
    "she": "person",
    "him": "person",
    "her": "person",
    "they": "group",
    "we": "group",
    "i": "person",
}
_NOT_REPORTING = frozenset(
    "ask asks asked asking question questions questioned wonder wonders wondered".split()
)
_SPOKES = frozenset("spokesman spokeswoman spokesperson spokespeople representative office".split())
_WORDS_BEFORE_TITLE = re.compile(
    r"(?:so-called|called|dubbed|named|labelled|labeled|termed|known as|the words?|the phrase|the term)\s*$",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(
    r"(?<![A-Z])(?<!\b(?:Mr|Ms|Dr|St|Lt|No|vs))(?<!\b(?:Mrs|Gen|Sen|Rep|Col|Gov|Adm|Maj))(?<!\bProf)[.!?][”’»\"]?(?=\s|$)"
)
# Heads of speaker phrases that are people or bodies that speak (not "history", "agreements").
_SPEAKER_NOUNS = frozenset(
    """official officials diplomat diplomats analyst analysts expert experts minister ministers
    spokesman spokeswoman spokesperson spokespeople leader leaders president prime chancellor
    secretary envoy ambassador general commander officer officers source sources aide aides adviser
    advisers advisor advisors critic critics observer observers government governments ministry
    office allies ally partners partner member members lawmaker lawmakers senator senators mp mps
    statement declaration communique communiqué text report letter document people resident
    residents soldier soldiers worker workers volunteer volunteers negotiator negotiators delegation
    delegations administration cabinet kremlin council commission parliament committee agency
    ministry presidency chief head director fellow researcher scholar professor economist historian
    journalist reporter correspondent editor he she they we i""".split()
)
_NEGATIVE_SUBJECTS = frozenset("nobody none neither no noone who which that what whoever".split())
_CLAUSE_WORDS = frozenset(
    "that which who whose and but or nor to of in for as is are was were has have had from with by on at "
    "than because while when if into over under about".split()
)
# Collective descriptions that speak for a coalition: "the leaders wrote", "the statement said".
_COLLECTIVE = frozenset(
    "leaders statement declaration communique communiqué text ministers members allies summit".split()
)


@dataclass
class Found:
    """A quote before speaker resolution: spans and the speaker mention, if any."""

    start: int
    end: int
    kind: str
    confidence: float
    cue: tuple[int, int] | None = None
    mention: tuple[int, int] | None = None
    speaker: str | None = None  # set directly for continuations and interview labels
    marks: tuple[int, int] | None = None  # the quotation marks around a direct quote


def find_quoted_spans(
    text: str, skip: Sequence[tuple[int, int]] = ()
) -> list[tuple[int, int, int, int]]:
    """``(open_mark, close_mark, content_start, content_end)`` of every quoted passage.

    ``close_mark`` is -1 where a quote is never closed and runs to the end of
    its paragraph. Passages that start inside a ``skip`` region are left out.
    """
    out: list[tuple[int, int, int, int]] = []
    paragraphs = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    index = 0
    while index < len(paragraphs):
        p_start, p_end = paragraphs[index]
        position = p_start
        while position < p_end:
            opener = _next_mark(text, position, p_end, opening=True)
            if opener < 0:
                break
            double = text[opener] in _DOUBLE
            closer = _next_mark(text, opener + 1, p_end, opening=False, double=double)
            last = index
            while closer < 0 and last + 1 < len(paragraphs):
                # A paragraph that opens a quote and leaves it open continues into the
                # next paragraph when that one opens with a mark too.
                n_start, n_end = paragraphs[last + 1]
                if text[n_start] in OPENERS and (text[n_start] in _DOUBLE) == double:
                    last += 1
                    closer = _next_mark(text, n_start + 1, n_end, opening=False, double=double)
                else:
                    break
            end_of_run = paragraphs[last][1]
            content_start = opener + 1
            content_end = closer if closer >= 0 else end_of_run
            while content_start < content_end and text[content_start].isspace():
                content_start += 1
            while content_end > content_start and text[content_end - 1].isspace():
                content_end -= 1
            if content_end > content_start and not any(s <= opener < e for s, e in skip):
                out.append((opener, closer, content_start, content_end))
            if last > index:
                index = last
                p_start, p_end = paragraphs[index]
            position = (closer + 1) if closer >= 0 else p_end
        index += 1
    return out


def _next_mark(text: str, position: int, limit: int, *, opening: bool, double: bool = True) -> int:
    for i in range(position, limit):
        char = text[i]
        if opening and char in OPENERS and _opens(text, i):
            return i
        if not opening and char in CLOSERS and (char in _DOUBLE) == double and _closes(text, i):
            return i
    return -1


def _opens(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if text[i] in "«‹":
        return before.isspace() or not before.isalnum()  # French style: « nous irons »
    if after.isspace():
        return False
    if text[i] in "’":
        return False
    if text[i] == "‘":
        return (before.isspace() or before in '([—–-“"') and (after.isalnum() or after in "‘“")
    return before.isspace() or before in "([—–-/:" or i == 0 or text[i] in "“„«‹"


def _closes(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if text[i] in "»›":
        return after.isspace() or not after.isalnum()
    if before.isspace():
        return False
    if text[i] == "’" and after.isalpha():
        return False  # an apostrophe: Ukraine’s
    return after.isspace() or not after.isalnum() or text[i] in "”»›"


class Quotes(Stage):
    """Finds quotes and their speakers; see the module docstring for the rules."""

    name = "quotes"
    requires = frozenset({"sents", "tokens", "parse", "entities", "boilerplate"})
    provides = frozenset({"quotes"})

    def __init__(self, config: Config) -> None:
        self.config = config
        self._verbs: frozenset[str] = frozenset()
        self._phrases: tuple[tuple[str, ...], ...] = ()
        self._version = "empty"
        self._first_names: dict[str, str] = {}

    def load(self) -> None:
        kb = KnowledgeBase.load(self.config.models_dir)
        entries = [e.lower() for e in kb.lexicons.reporting_verbs]
        self._verbs = frozenset(e for e in entries if " " not in e) - _NOT_REPORTING
        self._phrases = tuple(
            sorted({tuple(e.split()) for e in entries if " " in e}, key=len, reverse=True)
        )
        self._version = kb.version
        self._first_names = load_first_names(self.config.models_dir)

    def models(self) -> list[ModelInfo]:
        return (
            [ModelInfo(name="pledgewatch-reporting-verbs", version=self._version)]
            if self._verbs
            else []
        )

    def __call__(self, docs: Sequence[Document]) -> list[Document]:
        return [self.set_annotations(doc, self.predict(doc)) for doc in docs]

    @staticmethod
    def set_annotations(doc: Document, quotes: list[Quote]) -> Document:
        return replace(doc, quotes=tuple(quotes))

    def predict(self, doc: Document) -> list[Quote]:
        if not self._verbs:
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
        skip = [(r.start, r.end) for r in doc.boilerplate]
        direct = self._direct(doc, sdoc, skip)
        answers, questions = self.interview_turns(doc, skip, direct)
        indirect = self._indirect(
            doc, sdoc, direct, skip + questions + [(a.start, a.end) for a in answers]
        )
        found = self._merge(direct, indirect) + answers
        found = sorted(found, key=lambda f: f.start)
        quoted = [(f.marks[0], f.end) for f in direct if f.marks]
        return self._resolve(doc, sdoc, found, quoted)

    # -- direct quotes --------------------------------------------------------

    def _direct(self, doc: Document, sdoc: Any, skip: list[tuple[int, int]]) -> list[Found]:
        text = doc.text
        out: list[Found] = []
        for opener, closer, start, end in find_quoted_spans(text, skip):
            words = len(text[start:end].split())
            before = text[max(0, opener - 40) : opener]
            if _WORDS_BEFORE_TITLE.search(before) and words <= 8:
                out.append(Found(start, end, "fragment", 0.5, marks=(opener, closer)))
                continue
            cue, mention = self._attribution(sdoc, text, opener, closer if closer >= 0 else end)
            line_start = text.rfind("\n", 0, opener) + 1
            embedded = (
                bool(text[line_start:opener].strip())
                and closer >= 0
                and re.match(r"[\s,;—–-]*[a-z]", text[closer + 1 : closer + 6]) is not None
            )
            if cue is None and (words < 4 or embedded and words < 8):
                out.append(Found(start, end, "fragment", 0.5, marks=(opener, closer)))
                continue  # a scare-quoted term or a title, unless part of a mixed quote
            out.append(
                Found(
                    start,
                    end,
                    "direct",
                    0.9 if cue else 0.7,
                    cue=cue,
                    mention=mention,
                    marks=(opener, closer),
                )
            )
        return out

    def _attribution(
        self, sdoc: Any, text: str, opener: int, closer: int
    ) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
        """The cue and speaker mention around a quoted passage, after it first."""
        paragraph_start = text.rfind("\n", 0, opener) + 1
        paragraph_end = text.find("\n", closer)
        paragraph_end = len(text) if paragraph_end < 0 else paragraph_end
        # After: up to the end of the sentence or the next opening mark.
        after_end = paragraph_end
        for match in _SENTENCE_END.finditer(text, closer + 1, paragraph_end):
            after_end = match.start()
            break
        next_open = _next_mark(text, closer + 1, after_end, opening=True)
        if next_open >= 0:
            after_end = next_open
        if text[closer - 1 : closer] in (".", "!", "?") and re.match(
            r"\s*(?:$|\n|[A-Z“\"])", text[closer + 1 : closer + 4]
        ):
            after_end = closer + 1  # the quote ended its sentence: what follows is a new one
        # An attribution stands next to the quote ("…,” she said", "…,” said analyst X
        # of Y"); a quote that runs on into a clause ("…” — that codify …") has none after it.
        first_word = re.match(r"[\s,;:—–-]*([\w’']+)", text[closer + 1 : closer + 40])
        if first_word and first_word.group(1).lower() in _CLAUSE_WORDS:
            after_end = closer + 1
        after_end = min(after_end, _word_boundary(text, closer + 1, 16, forward=True))
        # Before: back to the previous sentence end or closing mark in the paragraph.
        before_start = paragraph_start
        for match in _SENTENCE_END.finditer(text, paragraph_start, opener):
            before_start = match.end()
        previous_close = max((text.rfind(c, paragraph_start, opener) for c in '”»"'), default=-1)
        if previous_close >= before_start:
            before_start = previous_close + 1
        before_start = max(before_start, _word_boundary(text, opener, 12, forward=False))
        for window in ((closer + 1, after_end), (before_start, opener)):
            found = self._cue_in(sdoc, *window)
            if found:
                return found
        return None, None

    def _cue_in(
        self, sdoc: Any, start: int, end: int
    ) -> tuple[tuple[int, int], tuple[int, int] | None] | None:
        if end <= start:
            return None
        span = sdoc.char_span(start, end, alignment_mode="contract")
        if span is None or not len(span):
            return None
        for token in span:
            phrase = self._phrase_at(sdoc, token.i)
            if phrase is not None and phrase[1] <= span.end:
                cue = (sdoc[phrase[0]].idx, sdoc[phrase[1] - 1].idx + len(sdoc[phrase[1] - 1].text))
                if sdoc[phrase[0]].lower_ == "according":
                    return cue, self._object_of_according(sdoc, phrase[1])
                return cue, self._speaker_of(sdoc, sdoc[phrase[0]], span)
            if token.lower_ in self._verbs and token.pos_ in ("VERB", "AUX", ""):
                return (token.idx, token.idx + len(token.text)), self._speaker_of(sdoc, token, span)
        return None

    def _phrase_at(self, sdoc: Any, i: int) -> tuple[int, int] | None:
        for phrase in self._phrases:
            end = i + len(phrase)
            if end <= len(sdoc) and tuple(t.lower_ for t in sdoc[i:end]) == phrase:
                return i, end
        return None

    @staticmethod
    def _object_of_according(sdoc: Any, after: int) -> tuple[int, int] | None:
        """The noun phrase after "according to"."""
        end = after
        seen_noun = False
        while (
            end < len(sdoc)
            and not sdoc[end].is_punct
            and sdoc[end].pos_ not in ("VERB", "AUX")
            and end - after < 8
        ):
            if seen_noun and sdoc[end].pos_ not in ("NOUN", "PROPN", "PART"):
                break  # "officials familiar with …": the phrase ends at its noun
            seen_noun = seen_noun or sdoc[end].pos_ in ("NOUN", "PROPN")
            end += 1
        if end == after:
            return None
        return _np_chars(sdoc, after, end)

    @staticmethod
    def _speaker_of(sdoc: Any, verb: Any, window: Any) -> tuple[int, int] | None:
        """The speaker mention of a reporting verb: its subject, else a name next to it."""
        heads = [verb]
        if (
            verb.tag_ == "VBG"
            or verb.dep_ in ("advcl", "conj", "xcomp")
            and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)
        ):
            heads.append(verb.head)  # "…, adding that …", "and warned …"
        for head in heads:
            for child in head.children:
                if child.dep_ in ("nsubj", "nsubjpass"):
                    return _np_chars(sdoc, child.left_edge.i, child.i + 1, head=child)
        # Inverted or unparsed: "said Prime Minister Keir Starmer", "X said".
        after = sdoc[verb.i + 1 : min(window.end, verb.i + 7)]
        names = [t for t in after if t.pos_ in ("PROPN", "PRON") or t.ent_type_]
        if names:
            last = names[0].i
            while last + 1 < window.end and (
                sdoc[last + 1].pos_ == "PROPN" or sdoc[last + 1].ent_iob_ == "I"
            ):
                last += 1
            return _np_chars(sdoc, names[0].i, last + 1)
        before = sdoc[max(window.start, verb.i - 6) : verb.i]
        if len(before):
            return _np_chars(sdoc, before.start, before.end)
        return None

    # -- indirect and mixed quotes --------------------------------------------------

    def _indirect(
        self, doc: Document, sdoc: Any, direct: list[Found], skip: list[tuple[int, int]]
    ) -> list[Found]:
        inside = [(f.marks[0], f.end) for f in direct if f.marks]
        out: list[Found] = []
        for token in sdoc:
            if any(s <= token.idx < e for s, e in inside) or any(
                s <= token.idx < e for s, e in skip
            ):
                continue
            if (
                token.lower_ == "according"
                and token.i + 1 < len(sdoc)
                and sdoc[token.i + 1].lower_ == "to"
            ):
                found = self._according_to(sdoc, token)
                if found:
                    out.append(found)
                continue
            if token.lower_ not in self._verbs or token.pos_ not in ("VERB", "AUX"):
                continue
            clauses = [c for c in token.children if c.dep_ == "ccomp"]
            if not clauses:
                continue
            clause = clauses[0]
            start, end = clause.left_edge.idx, clause.right_edge.idx + len(clause.right_edge.text)
            start, end = _trim_clause(doc.text, start, end)
            if end - start < 12 or len(doc.text[start:end].split()) < 3:
                continue
            start, end = _within_paragraph(doc.text, token.idx, start, end)
            if end - start < 12 or any(s < end and start < e for s, e in skip):
                continue
            cue = (token.idx, token.idx + len(token.text))
            mention = self._speaker_of(sdoc, token, sdoc[token.sent.start : token.sent.end])
            if not _plausible_speaker(doc, mention):
                continue
            out.append(Found(start, end, "indirect", 0.7, cue=cue, mention=mention))
        return out

    def _according_to(self, sdoc: Any, token: Any) -> Found | None:
        sentence = token.sent
        mention = self._object_of_according(sdoc, token.i + 2)
        if mention is None:
            return None
        phrase_end = mention[1]
        text = sdoc.text
        # The reported clause: the clause "according to" attaches to, before or after it.
        head = token.head if token.head.i != token.i else token
        low = max(sentence.start_char, head.left_edge.idx)
        high = min(sentence.end_char, head.right_edge.idx + len(head.right_edge.text))
        if head.i == token.i or high - low < 20:
            low, high = sentence.start_char, sentence.end_char
        before = (low, token.idx)
        after = (phrase_end, high)
        start, end = max((before, after), key=lambda r: len(text[r[0] : r[1]].strip(" ,.;")))
        start, end = _trim_clause(text, start, end)
        start, end = _within_paragraph(text, token.idx, start, end)
        if len(text[start:end].split()) < 3:
            return None
        cue = (token.idx, sdoc[token.i + 1].idx + 2)
        return Found(start, end, "indirect", 0.7, cue=cue, mention=mention)

    @staticmethod
    def _merge(direct: list[Found], indirect: list[Found]) -> list[Found]:
        """Reported clauses that hold quoted parts become mixed; whole quotes stay direct."""
        out: list[Found] = []
        used: set[int] = set()
        for found in indirect:
            inner = [
                i
                for i, d in enumerate(direct)
                if d.marks and found.start <= d.marks[0] and d.end <= found.end + 1
            ]
            overlapping = [d for d in direct if d.start < found.end and found.start < d.end]
            if overlapping and not inner:
                continue  # the clause is (part of) a direct quote already found
            covered = sum(direct[i].end - direct[i].start for i in inner)
            if inner and covered >= 0.8 * (found.end - found.start):
                continue  # "…," she said: the quote is the direct one
            if inner:
                found.kind = "mixed"
                used.update(inner)
            out.append(found)
        for i, d in enumerate(direct):
            if i not in used and d.kind == "direct":
                out.append(d)
        return _drop_overlaps(out)

    # -- interviews ------------------------------------------------------------------

    @staticmethod
    def interview_turns(
        doc: Document, skip: Sequence[tuple[int, int]], direct: Sequence[Found] = ()
    ) -> tuple[list[Found], list[tuple[int, int]]]:
        """In an interview transcript ("Name: …" paragraphs): the answers, as direct
        quotes, and the spans of the interviewer's paragraphs (questions, never quotes
        or commitments). A speaker whose paragraphs mostly end in "?" is the interviewer."""
        label = re.compile(r"^([A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){0,2}):\s+(\S.*)$", re.MULTILINE)
        rows = [m for m in label.finditer(doc.text) if not any(s <= m.start() < e for s, e in skip)]
        by_label: dict[str, list[Any]] = {}
        for m in rows:
            by_label.setdefault(m.group(1), []).append(m)
        if len(rows) < 3:
            return [], []  # one "Note: …" line is no interview
        out = []
        asked: list[tuple[int, int]] = []
        for _name, matches in by_label.items():
            questions = sum(1 for m in matches if m.group(2).rstrip().endswith("?"))
            if questions * 2 >= len(matches):
                asked.extend((m.start(), m.end()) for m in matches)
                continue  # the interviewer
            for m in matches:
                start, end = m.start(2), m.end(2)
                if any(d.start < end and start < d.end for d in direct):
                    continue
                out.append(Found(start, end, "direct", 0.85, mention=(m.start(1), m.end(1))))
        return out, asked

    # -- speakers --------------------------------------------------------------------

    def _resolve(
        self, doc: Document, sdoc: Any, found: list[Found], quoted: list[tuple[int, int]]
    ) -> list[Quote]:
        """Speakers, cues, roles and affiliations for the quotes found; ``quoted`` are the
        regions inside quotation marks (names there are not pronoun antecedents)."""
        entities = sorted(doc.entities, key=lambda e: e.start)
        starts = [e.start for e in entities]
        roles, affiliations = _roles_and_affiliations(doc)
        sentence_starts = [s.start_char for s in sdoc.sents]
        quotes: list[Quote] = []
        last: tuple[str | None, int] | None = None  # previous speaker and where its quote ended
        for item in found:
            speaker: str | None = None
            mention = item.mention
            if mention is not None:
                if item.cue and item.cue[0] > mention[1] and item.cue[0] - mention[0] < 120:
                    named = [
                        e
                        for e in entities
                        if mention[0] <= e.start
                        and e.end <= item.cue[0]
                        and e.label in PERSON_LABELS
                    ]
                    if named and "\n" not in doc.text[mention[0] : item.cue[0]]:
                        mention = (
                            mention[0],
                            named[-1].end,
                        )  # "US special envoy Steve Witkoff said"
                speaker, mention = self._speaker_name(doc, entities, starts, mention, last, quoted)
            elif (
                item.kind == "direct"
                and (introducer := _introducing_person(doc, entities, item)) is not None
            ):
                speaker, mention = introducer.canonical, (introducer.start, introducer.end)
            elif item.kind == "direct" and last is not None and item.start - last[1] < 600:
                speaker = last[0]  # a quote that goes on from the previous speaker
            if speaker is None and item.kind == "direct" and last is None and item.confidence < 0.8:
                continue
            cue_text = doc.text[item.cue[0] : item.cue[1]] if item.cue else None
            quotes.append(
                Quote(
                    start=item.start,
                    end=item.end,
                    text=doc.text[item.start : item.end],
                    kind=item.kind,
                    speaker=speaker,
                    speaker_start=mention[0] if mention else None,
                    speaker_end=mention[1] if mention else None,
                    cue=cue_text,
                    cue_start=item.cue[0] if item.cue else None,
                    cue_end=item.cue[1] if item.cue else None,
                    speaker_affiliation=affiliations.get(speaker) if speaker else None,
                    speaker_role=roles.get(speaker) if speaker else None,
                    sentence=max(0, bisect_right(sentence_starts, item.start) - 1),
                    stage=self.name,
                    confidence=item.confidence,
                )
            )
            if speaker is not None:
                last = (speaker, item.end)
        return quotes

    def _speaker_name(
        self,
        doc: Document,
        entities: list[Entity],
        starts: list[int],
        mention: tuple[int, int],
        last: tuple[str | None, int] | None,
        quoted: list[tuple[int, int]],
    ) -> tuple[str | None, tuple[int, int]]:
        start, end = mention
        inside = [e for e in entities if e.start < end and start < e.end]
        people = [e for e in inside if e.label in PERSON_LABELS]
        words = doc.text[start:end]
        head = words.split()[-1].lower() if words.split() else ""
        if people:
            person = people[-1]
            return person.canonical, (person.start, person.end)
        bodies = [e for e in inside if e.label in BODY_LABELS]
        if bodies and (
            head in _SPOKES
            or len(inside) == 1
            and len(words.split()) <= len(bodies[0].text.split()) + 2
        ):
            body = bodies[-1]
            return body.canonical, (body.start, body.end) if head not in _SPOKES else mention
        lowered = words.lower()
        if lowered in _PRONOUNS:
            kind = _PRONOUNS[lowered]
            if kind == "person":
                person = self._person_for_pronoun(
                    doc, entities, starts, lowered, start, last, quoted
                )
                if person is not None:
                    return person, mention
            elif last is not None and last[0] is not None and start - last[1] < 800:
                return last[0], mention
            return words, mention
        if (
            lowered.startswith("one")
            and last is not None
            and last[0]
            and not self._is_person(entities, last[0])
        ):
            return last[0], mention  # "one of them said", after a group spoke
        coalitions_inside = [e for e in inside if e.label == "COALITION"]
        if head in _COLLECTIVE and coalitions_inside:
            return coalitions_inside[-1].canonical, mention  # "NATO's annual leaders' summit"
        if head in _COLLECTIVE and len(lowered.split()) <= 3:
            coalitions = [
                e for e in entities[: bisect_right(starts, start)] if e.label == "COALITION"
            ]
            if coalitions:
                return coalitions[-1].canonical, mention
        if lowered.startswith(("the ", "this ", "that ")) and not lowered.endswith("s"):
            # "the former officer", "the minister": the nearest earlier person, matching role first.
            earlier = [
                e
                for e in entities[: bisect_right(starts, start)]
                if e.label in PERSON_LABELS and e.end <= start
            ]
            matching = [e for e in earlier if e.role and head in e.role.lower()]
            chosen = matching or earlier
            if chosen:
                return chosen[-1].canonical, mention
        cleaned = re.sub(
            r"^(?:the|a|an|some|several|two|three|four|many|other|senior)\s+",
            "",
            words,
            flags=re.IGNORECASE,
        ).strip()
        cleaned = re.sub(r"^(?:two|three|four|several)\s+", "", cleaned, flags=re.IGNORECASE)
        if cleaned != words:
            offset = words.index(cleaned)
            mention = (start + offset, start + offset + len(cleaned))
        return cleaned or None, mention

    def _person_for_pronoun(
        self,
        doc: Document,
        entities: list[Entity],
        starts: list[int],
        pronoun: str,
        position: int,
        last: tuple[str | None, int] | None,
        quoted: list[tuple[int, int]],
    ) -> str | None:
        """Whom "he" or "she" at ``position`` refers to.

        Candidates are the people named earlier outside quotes (not the object of
        "with", "by", "asked" in the same sentence) and the last speaker, all of
        a gender the pronoun agrees with. A person named since the last quote
        comes first, a name that marks the gender before one that does not;
        otherwise the last speaker goes on; otherwise the most recent earlier
        person, again marked gender first.
        """
        named = [
            e
            for e in entities[: bisect_right(starts, position)]
            if e.label in PERSON_LABELS
            and e.end <= position
            and not any(s <= e.start < t for s, t in quoted)
            and not _object_in_same_sentence(doc, e, position)
            and agrees(pronoun, gender_of(e.canonical, self._first_names))
        ]
        speaker = last[0] if last is not None else None
        speaker_ok = (
            speaker is not None
            and self._is_person(entities, speaker)
            and agrees(pronoun, gender_of(speaker, self._first_names))
            and position - last[1] < 800
        )
        since_last_quote = [e for e in named if not speaker_ok or e.start > last[1]]
        if since_last_quote:
            return self._marked_first(since_last_quote)
        if speaker_ok:
            return speaker
        return self._marked_first(named) if named else None

    def _marked_first(self, people: list[Entity]) -> str:
        """The most recent person whose name marks a gender, else the most recent."""
        marked = [e for e in people if gender_of(e.canonical, self._first_names) is not None]
        return (marked or people)[-1].canonical

    @staticmethod
    def _is_person(entities: list[Entity], canonical: str) -> bool:
        return any(e.canonical == canonical and e.label in PERSON_LABELS for e in entities)


def _roles_and_affiliations(doc: Document) -> tuple[dict[str, str], dict[str, str]]:
    """Each person's role (from the entities stage) and affiliation (an organisation
    in apposition after a mention, or a possessive one just before it)."""
    roles: dict[str, str] = {}
    affiliations: dict[str, str] = {}
    entities = sorted(doc.entities, key=lambda e: e.start)
    text = doc.text
    for i, entity in enumerate(entities):
        if entity.label not in PERSON_LABELS:
            continue
        if entity.role and entity.canonical not in roles:
            roles[entity.canonical] = entity.role
        if entity.canonical in affiliations:
            continue
        # "Kremlin spokesman Dmitry Peskov", "Commission President Ursula von der Leyen"
        for other in reversed(entities[:i]):
            between = text[other.end : entity.start]
            if len(between) > 45 or "\n" in between or other.label in PERSON_LABELS:
                break
            title_words = re.fullmatch(r"(?:['’]s)?\s+((?:[A-Za-z-]+\s+){0,4})", between)
            role_words = set((entity.role or "").lower().split())
            if (
                other.label in ("ORGANIZATION", "COALITION")
                and title_words
                and (not role_words or role_words & set(title_words.group(1).lower().split()))
            ):
                affiliations[entity.canonical] = other.canonical
                break
        if entity.canonical in affiliations:
            continue
        # "Jonas Aaltonen of the Finnish Institute of International Affairs told Reuters"
        after_name = re.match(
            r"\s+(?:of|at|from)\s+(?:the\s+)?", text[entity.end : entity.end + 12]
        )
        if after_name:
            for other in entities[i + 1 : i + 3]:
                if other.start == entity.end + after_name.end() and other.label in (
                    "ORGANIZATION",
                    "COALITION",
                ):
                    affiliations[entity.canonical] = other.canonical
        if entity.canonical in affiliations:
            continue
        # "X, a senior fellow at the Royal United Services Institute, said"
        if text[entity.end : entity.end + 1] == ",":
            stop = min(
                (text.find(c, entity.end + 1) for c in ".;\n" if text.find(c, entity.end + 1) >= 0),
                default=len(text),
            )
            for other in entities[i + 1 :]:
                if other.start >= stop or other.label in PERSON_LABELS:
                    break
                between = text[entity.end : other.start]
                after_body = text[other.end : other.end + 25]
                if other.label in ("ORGANIZATION", "COALITION") and (
                    # "…, a senior fellow at the X", "…, who leads the X's team"
                    re.search(
                        r"\b(?:at|of|for|with|from|in|leads|heads|runs|directs|chairs|joined)\s+(?:the\s+)?$",
                        between,
                    )
                    # "…, the EU's foreign policy chief", "…, the Russian Foreign Ministry spokeswoman"
                    or re.fullmatch(r",\s+(?:the|a|an)\s+", between)
                    and re.match(r"(?:['’]s)?\s+[a-z]", after_body)
                ):
                    affiliations[entity.canonical] = other.canonical
                    break
        # "Its chief executive, Roman Tkachuk": the organisation just named
        before = text[max(0, entity.start - 60) : entity.start]
        if re.search(
            r"\b(?:[Ii]ts|[Tt]he (?:company|firm|group|agency|institute|centre|center)['’]s)\s+[a-z][\w\s-]{0,40},?\s*$",
            before,
        ):
            bodies = [
                o for o in entities[:i] if o.label == "ORGANIZATION" and entity.start - o.end < 400
            ]
            if bodies:
                affiliations[entity.canonical] = bodies[-1].canonical
                continue
        # "RUSI's director X", "the Razumkov Centre's director, X"
        for other in reversed(entities[:i]):
            if entity.start - other.end > 40:
                break
            if other.label in ("ORGANIZATION",) and re.match(
                r"^(?:'s|’s)\s+[\w\s-]{0,30}?,?\s*$", text[other.end : entity.start]
            ):
                affiliations.setdefault(entity.canonical, other.canonical)
                break
    return roles, affiliations


def _np_chars(sdoc: Any, start: int, end: int, head: Any = None) -> tuple[int, int] | None:
    """Character span of tokens [start, end), without determiners, punctuation and
    trailing apposition or relative clauses."""
    tokens = list(sdoc[start:end])
    if head is not None:
        # Keep the noun phrase up to its head: drop ", a senior fellow at …" after it.
        tokens = [t for t in tokens if t.i <= head.i or t.dep_ in ("compound", "flat")]
    while tokens and (
        tokens[0].is_punct or tokens[0].lower_ in ("the", "a", "an") or tokens[0].is_space
    ):
        tokens = tokens[1:]
    while tokens and (
        tokens[-1].is_punct or tokens[-1].is_space or tokens[-1].text in ("’s", "'s")
    ):
        tokens = tokens[:-1]
    if not tokens:
        return None
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def _trim_clause(text: str, start: int, end: int) -> tuple[int, int]:
    """A reported clause without a leading "that", commas, and final punctuation."""
    while start < end and (text[start].isspace() or text[start] in ",;:—–"):
        start += 1
    if text[start : start + 5].lower() == "that ":
        start += 5
    while end > start and (text[end - 1].isspace() or text[end - 1] in ".,;:—–"):
        end -= 1
    return start, end


def _introducing_person(doc: Document, entities: list[Entity], item: Found) -> Entity | None:
    """The person who introduces a quote without a reporting verb: the subject of the
    sentence that leads into it ("Rasmussen laid out his view:" / "X has expressed
    his hope that “…”")."""
    if not item.marks:
        return None
    text = doc.text
    opener = item.marks[0]
    lead = text[:opener].rstrip()
    paragraph_start = text.rfind("\n", 0, opener) + 1
    if lead.endswith(":"):
        sentence_end = len(lead)
    elif opener > paragraph_start and text[paragraph_start:opener].strip():
        sentence_end = opener  # the quote sits inside the sentence that names the speaker
    else:
        return None
    sentence_start = max(
        (m.end() for m in _SENTENCE_END.finditer(text, 0, sentence_end - 1)), default=0
    )
    sentence_start = max(sentence_start, text.rfind("\n", 0, sentence_end - 1) + 1)
    people = [
        e
        for e in entities
        if sentence_start <= e.start and e.end <= sentence_end and e.label in PERSON_LABELS
    ]
    if people:
        return people[0]
    # "The G7 statement set the goal of …": a body named with a collective head noun.
    for entity in entities:
        if (
            sentence_start <= entity.start
            and entity.end <= sentence_end
            and entity.label == "COALITION"
        ):
            following = re.findall(r"\w+", text[entity.end : entity.end + 30].lower())[:2]
            if any(word in _COLLECTIVE for word in following):
                return entity
    return None


def _word_boundary(text: str, position: int, words: int, *, forward: bool) -> int:
    """The offset ``words`` words after (or before) ``position``."""
    if forward:
        matches = list(re.finditer(r"\S+", text[position : position + 400]))
        return (
            position + matches[words - 1].end()
            if len(matches) >= words
            else position + len(text[position : position + 400])
        )
    start = max(0, position - 400)
    matches = list(re.finditer(r"\S+", text[start:position]))
    return start + matches[-words].start() if len(matches) >= words else start


def _object_in_same_sentence(doc: Document, entity: Entity, pronoun_start: int) -> bool:
    """ "In an interview with host X, he said": X (after with/by/to in the same sentence) is not "he"."""
    between = doc.text[entity.end : pronoun_start]
    if _SENTENCE_END.search(between) or "\n" in between:
        return False
    before = doc.text[max(0, entity.start - 40) : entity.start].lower()
    return (
        re.search(r"\b(?:with|by|to|asked|host|hosts|presenter|interviewer)\b[\w\s.'’-]*$", before)
        is not None
    )


def _within_paragraph(text: str, anchor: int, start: int, end: int) -> tuple[int, int]:
    """Clamp a reported clause to the paragraph of its cue."""
    paragraph_start = text.rfind("\n", 0, anchor) + 1
    paragraph_end = text.find("\n", anchor)
    paragraph_end = len(text) if paragraph_end < 0 else paragraph_end
    return max(start, paragraph_start), min(end, paragraph_end)


def _plausible_speaker(doc: Document, mention: tuple[int, int] | None) -> bool:
    """A reporting verb's subject must be able to speak: a named entity, a pronoun
    for a person or group, or a noun for people or bodies; "nobody" and "who" are not."""
    if mention is None:
        return False
    words = doc.text[mention[0] : mention[1]].lower().split()
    if not words or words[0] in _NEGATIVE_SUBJECTS:
        return False
    if any(e.start < mention[1] and mention[0] < e.end for e in doc.entities):
        return True
    return words[-1].strip(".,") in _SPEAKER_NOUNS


def _drop_overlaps(found: list[Found]) -> list[Found]:
    kept: list[Found] = []
    for item in sorted(found, key=lambda f: (-f.confidence, -(f.end - f.start))):
        if not any(item.start < k.end and k.start < item.end for k in kept):
            kept.append(item)
    return sorted(kept, key=lambda f: f.start)
