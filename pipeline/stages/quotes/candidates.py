"""Quote candidates: direct quotes between marks, reported clauses, and mixed quotes.

- **Direct**: a quoted passage (`marks.find_quoted_spans`) with its attribution
  (`frames.attribution`); a short quoted term with no cue, or one after "so-
  called", "dubbed" …, is a fragment, kept only to make a reported clause mixed.
- **Indirect**: a reporting verb's clausal complement ("Starmer said Britain
  would …", "Britain would …, Starmer said") and the clause "according to X"
  reports.
- **Mixed**: a reported clause with quoted fragments inside it.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pledgewatch.intervals import Disjoint, Intervals
from pledgewatch.model import Document
from pledgewatch.nlp import doc_text
from pledgewatch.stages.quotes.frames import (
    SENTENCE_END,
    attribution,
    object_of_according,
    phrase_at,
    speaker_of,
)
from pledgewatch.stages.quotes.lexicon import QuoteLexicon
from pledgewatch.stages.quotes.marks import find_quoted_spans

_WORDS_BEFORE_TITLE = re.compile(
    r"(?:so-called|called|dubbed|named|labelled|labeled|termed|known as|the words?|the phrase|the term)\s*$",
    re.IGNORECASE,
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


def direct_quotes(
    doc: Document, sdoc: Any, skip: Sequence[tuple[int, int]], lexicon: QuoteLexicon
) -> list[Found]:
    """Quoted passages with their attribution; scare-quoted terms and titles as fragments."""
    text = doc.text
    out: list[Found] = []
    for opener, closer, start, end in find_quoted_spans(text, skip):
        words = len(text[start:end].split())
        before = text[max(0, opener - 40) : opener]
        if _WORDS_BEFORE_TITLE.search(before) and words <= 8:
            out.append(Found(start, end, "fragment", 0.5, marks=(opener, closer)))
            continue
        cue, mention = attribution(sdoc, text, opener, closer if closer >= 0 else end, lexicon)
        line_start = text.rfind("\n", 0, opener) + 1
        embedded = (
            bool(text[line_start:opener].strip())
            and closer >= 0
            and re.match(r"[\s,;—–-]*[a-z]", text[closer + 1 : closer + 6]) is not None
        )
        if (cue is None and (words < 4 or embedded and words < 8)) or in_a_sentence(
            text, opener, closer, lexicon
        ):
            out.append(Found(start, end, "fragment", 0.5, marks=(opener, closer)))
            continue  # a scare-quoted term, or words quoted inside a sentence: mixed at most
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


_HEADLINE_SPEAKER = re.compile(r"^([A-Z][\w’'.-]+(?: [A-Z][\w’'.-]+){0,3}):\s+(\S.{10,})$")
_HEADLINE_FRAME = re.compile(
    r"^(\S.{10,}?),\s+((?:[A-Z][\w’'.-]*\s?){1,5})\s+(says|said|tells|told|warns|warned|insists|vows)$"
)


def headline_quotes(doc: Document, lexicon: QuoteLexicon) -> list[Found]:
    """Headlines that attribute themselves: "Name: what they said" and "What they said,
    Name says". A headline is a first paragraph of one line without a final stop."""
    out: list[Found] = []
    text = doc.text
    for match in re.finditer(r"[^\n]+", text[: min(len(text), 600)]):
        line = match.group()
        if line.rstrip().endswith((".", "?", "!")) or len(line.split()) > 25:
            continue
        base = match.start()
        named = _HEADLINE_SPEAKER.match(line)
        if named and not lexicon.word(named.group(1).split()[0], "no_speaker"):
            out.append(
                Found(
                    base + named.start(2),
                    base + named.end(2),
                    "indirect",
                    0.6,
                    mention=(base + named.start(1), base + named.end(1)),
                )
            )
            continue
        framed = _HEADLINE_FRAME.match(line)
        if framed:
            out.append(
                Found(
                    base + framed.start(1),
                    base + framed.end(1),
                    "indirect",
                    0.6,
                    cue=(base + framed.start(3), base + framed.end(3)),
                    mention=(base + framed.start(2), base + framed.end(2)),
                )
            )
    return out


def in_a_sentence(text: str, opener: int, closer: int, lexicon: QuoteLexicon) -> bool:
    """Whether a quoted passage is part of a sentence of the writer's rather than the
    whole content of a frame: words of the sentence stand before it that are no
    reporting frame ("… supported by a U.S. “backstop”", "called the pact “historic”"),
    or the sentence goes on after it ("said “it gets me mad” every time …")."""
    paragraph_start = text.rfind("\n", 0, opener) + 1
    sentence_start = paragraph_start
    for match in SENTENCE_END.finditer(text, paragraph_start, opener):
        sentence_start = match.end()
    lead = text[sentence_start:opener].strip()
    if not lead or lead[-1] in '”"’':
        return False  # the quote opens its sentence, or follows another quote's frame
    words = re.findall(r"[\w’'-]+", lead.lower())
    framed = bool(lead.endswith((":", ",")) or words[-1:] == ["that"]) and any(
        w in lexicon.verbs or w == "according" for w in words[-4:]
    )
    if not framed:
        return True
    if closer < 0:
        return False
    after = text[closer + 1 : closer + 40]
    return re.match(r"\s*[a-z]", after) is not None and not re.match(
        r"\s*(?:he|she|they|it|we|i)\s+(?:said|says|added|told|wrote)\b", after
    )


def indirect_quotes(
    doc: Document,
    sdoc: Any,
    direct: Sequence[Found],
    skip: Sequence[tuple[int, int]],
    lexicon: QuoteLexicon,
) -> list[Found]:
    """Reported clauses and what else a reporting frame reports.

    - a reporting verb's or phrase's clausal complement ("Starmer said Britain
      would …", "Zelensky made clear that …"), through a colon that continues it;
    - the clause a frame after it or inside it reports ("…, Stoltenberg said on
      Tuesday", "If the talks fail, he said, the allies will act");
    - the object of a verb of announcing ("announced the launch of …");
    - a verb's object with a quoted fragment ("called the pact “a turning
      point”"): a mixed quote;
    - the clause "according to X" reports.
    """
    inside = [(f.marks[0], f.end) for f in direct if f.marks and f.kind == "direct"]
    fragments = [f for f in direct if f.kind == "fragment"]
    text = doc.text
    out: list[Found] = []
    passed = Intervals([*inside, *skip])
    skipped = Intervals(skip)
    for token in sdoc:
        if passed.contains(token.idx):
            continue
        if (
            token.lower_ == "according"
            and token.i + 1 < len(sdoc)
            and sdoc[token.i + 1].lower_ == "to"
        ):
            found = according_to(sdoc, token)
            if found:
                out.append(found)
            continue
        phrase = phrase_at(sdoc, token.i, lexicon)
        if phrase is not None:
            verb = next(
                (t for t in sdoc[phrase[0] : phrase[1]] if t.pos_ in ("VERB", "AUX")), token
            )
            cue = (token.idx, sdoc[phrase[1] - 1].idx + len(sdoc[phrase[1] - 1].text))
        elif token.pos_ in ("VERB", "AUX") and (
            token.lower_ in lexicon.verbs or lexicon.word(token.lower_, "object_mixed")
        ):
            verb, cue = token, (token.idx, token.idx + len(token.text))
        else:
            continue
        span = reported_span(sdoc, verb, fragments, lexicon)
        if span is None:
            continue
        start, end, kind = span
        if phrase is None and token.lower_ not in lexicon.verbs and kind != "mixed":
            continue  # "called", "described": a view only with the quoted words
        start, end = trim_clause(text, start, end)
        start, end = within_paragraph(text, verb.idx, start, end)
        if end - start < 12 or len(text[start:end].split()) < 3:
            continue
        if skipped.overlaps(start, end):
            continue
        mention = speaker_of(sdoc, verb, sdoc[verb.sent.start : verb.sent.end])
        if not plausible_speaker(doc, mention, lexicon):
            continue
        out.append(Found(start, end, kind, 0.7, cue=cue, mention=mention))
    return _without_relays(out)


def _without_relays(found: list[Found]) -> list[Found]:
    """Without the frames after a clause that only relay a quote inside it ("The
    minister says [the grid will hold], the broadcaster reports"): the inner frame and
    its speaker count."""
    ordered = sorted(found, key=lambda f: f.start)
    starts = [f.start for f in ordered]
    relays = set()
    for f in ordered:
        if f.cue is None or f.cue[0] < f.end:
            continue
        for other in ordered[bisect_left(starts, f.start) : bisect_left(starts, f.end)]:
            if (
                other is not f
                and other.cue is not None
                and f.start <= other.cue[0]
                and other.end <= f.end
            ):
                relays.add(id(f))
                break
    return [f for f in found if id(f) not in relays]


def reported_span(
    sdoc: Any, verb: Any, fragments: Sequence[Found], lexicon: QuoteLexicon
) -> tuple[int, int, str] | None:
    """What a reporting verb reports, as ``(start, end, kind)``; None when nothing."""
    complements = (
        [c for c in verb.children if c.dep_ == "ccomp"]
        or _misattached_that(verb)
        or _clause_read_as_object(verb)
    )
    if complements:
        clause = complements[0]
        start, end = _extent(clause)
        for token in clause.subtree:
            if token.i <= clause.i or token.lower_ not in lexicon.verbs:
                continue
            if token.tag_ == "VBG" or (
                token.dep_ == "conj"
                and not any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children)
                and any(
                    c.dep_ == "ccomp" or (c.dep_ == "prep" and c.lower_ in ("of", "about"))
                    for c in token.children
                )
            ):
                # "the EU would act, adding that …", "… was theft and warned of …": the
                # second frame, of the same speaker, reports apart
                before = sdoc[token.left_edge.i - 1] if token.left_edge.i > clause.i else None
                end = before.idx if before is not None and before.is_punct else token.left_edge.idx
                break
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        first = min(subject.left_edge.i, verb.i) if subject is not None else verb.i
        if (
            subject is not None
            and subject.tag_ not in ("WP", "WDT")  # "Orban, who said …" is no frame inside
            and clause.i > verb.i
            and first > verb.sent.start
            and sdoc[first - 1].text == ","
        ):
            start = sdoc[verb.sent.start].idx  # "If the talks fail, she said, the allies will …"
        colon = clause.right_edge.i + 1
        if colon < verb.sent.end - 1 and sdoc[colon].text == ":":
            end = _sentence_end(verb.sent)  # "… underlined that A: B" reports both
        return start, end, "indirect"
    objects = [c for c in verb.children if c.dep_ in ("dobj", "attr")]
    mixed_object = lexicon.word(verb.lower_, "object_mixed")
    if not objects and verb.lower_ in lexicon.verbs:
        # "warned of a “painful” response": what is spoken of, with a quoted fragment
        objects = [
            o
            for p in verb.children
            if p.dep_ == "prep" and p.lower_ in ("of", "about")
            for o in p.children
            if o.dep_ == "pobj"
        ]
        mixed_object = bool(objects)
    if objects and mixed_object:
        low, high = _extent(objects[0])
        for child in verb.children:
            if child.dep_ in ("oprd", "xcomp", "prep", "advcl") and child.i > verb.i:
                if child.dep_ == "advcl" and child.lower_ in lexicon.verbs:
                    continue  # "…, saying it is …": the participle's frame reports apart
                high = max(high, _extent(child)[1])
        inner = [f for f in fragments if f.marks and low <= f.marks[0] and f.end <= high + 1]
        if inner:
            return low, max(high, inner[-1].end + 1), "mixed"
    return _framed_clause(sdoc, verb)


def _misattached_that(verb: Any) -> list[Any]:
    """A "that" clause the parser hung on a noun between the verb and it: "said early
    on Friday during a visit to the port [that he may postpone …]", where "that" is a conjunction
    (the clause has a subject of its own), not a relative pronoun."""
    for token in verb.subtree:
        if token.i <= verb.i or token.dep_ not in ("relcl", "acl"):
            continue
        if any(a.dep_ in ("ccomp", "dobj", "nsubj") for a in token.ancestors if a.i > verb.i):
            return []  # inside a clause of its own, not hung on the verb's adjuncts
        marks = [c for c in token.children if c.dep_ == "mark" and c.lower_ == "that"]
        if marks and any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children):
            return [token]
    return []


def _clause_read_as_object(verb: Any) -> list[Any]:
    """ "says [the trade deal that is splitting her party damages …]": "say" takes no noun
    object that runs to the sentence's end through a relative clause; the parser has
    read a clause's subject as the object and its verb into the relative clause."""
    if verb.lemma_.lower() != "say":
        return []
    objects = [c for c in verb.children if c.dep_ == "dobj" and c.pos_ == "NOUN"]
    if not objects or not any(c.dep_ == "relcl" for c in objects[0].children):
        return []
    last = objects[0].right_edge
    tail = verb.doc[last.i + 1 : verb.sent.end]
    return objects if all(t.is_punct for t in tail) and last.i - objects[0].i >= 6 else []


def _framed_clause(sdoc: Any, verb: Any) -> tuple[int, int, str] | None:
    """The clause a frame after it or inside it reports: "…, X said (on Tuesday)." or
    "A, he said, B." The frame is the verb with its subject (before or after it)
    and its modifiers; it stands after a comma, and what it reports has words."""
    if verb.dep_ not in ("ROOT", "conj", "parataxis", "advcl", "ccomp"):
        return None
    sentence = verb.sent
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or any(c.dep_ in ("dobj", "ccomp", "xcomp") for c in verb.children):
        return None
    # The frame: the subject, the verb, and what says where or to whom ("on Tuesday",
    # "in a statement", "told reporters"), not clauses hanging from the verb.
    parts = [subject, verb] + [
        c for c in verb.children if c.dep_ in ("prep", "advmod", "npadvmod", "dative", "agent")
    ]
    first = min(min(t.i for t in p.subtree) if p is not verb else p.i for p in parts)
    last = max(max(t.i for t in p.subtree) if p is not verb else p.i for p in parts)
    before = first - 1
    if before <= sentence.start or sdoc[before].text not in (",", "—", "–"):
        return None
    content_end = sdoc[before - 1]
    after = last + 1
    goes_on = after < sentence.end - 1 and sdoc[after].text == ","
    # "For small states, Rutte argued, the alliance remains …": the clause is
    # around the frame; else it is before it.
    words = sdoc[sentence.start : sentence.end if goes_on else before]
    if content_end.dep_ in ("prep", "mark", "cc", "det") or not any(
        t.pos_ in ("VERB", "AUX") and not first <= t.i <= last for t in words
    ):
        return None  # "… a day after Macron, the French president, said": no clause before
    start = sdoc[sentence.start].idx
    end = sdoc[before].idx
    if goes_on:
        end = _sentence_end(sentence)  # "A, he said, B."
    elif after < sentence.end and not sdoc[after].is_punct:
        return None  # the frame goes on: it is no frame
    return start, end, "indirect"


def _sentence_end(sentence: Any) -> int:
    tail = sentence[-1]
    return tail.idx if tail.is_punct else tail.idx + len(tail.text)


def _extent(token: Any) -> tuple[int, int]:
    return token.left_edge.idx, token.right_edge.idx + len(token.right_edge.text)


def according_to(sdoc: Any, token: Any) -> Found | None:
    sentence = token.sent
    mention = object_of_according(sdoc, token.i + 2)
    if mention is None:
        return None
    phrase_end = mention[1]
    text = doc_text(sdoc)
    # The reported clause: the clause "according to" attaches to, before or after it.
    head = token.head if token.head.i != token.i else token
    low = max(sentence.start_char, head.left_edge.idx)
    high = min(sentence.end_char, head.right_edge.idx + len(head.right_edge.text))
    if head.i == token.i or high - low < 20:
        low, high = sentence.start_char, sentence.end_char
    before = (low, token.idx)
    after = (phrase_end, high)
    start, end = max((before, after), key=lambda r: len(text[r[0] : r[1]].strip(" ,.;")))
    start, end = trim_clause(text, start, end)
    start, end = within_paragraph(text, token.idx, start, end)
    if len(text[start:end].split()) < 3:
        return None
    cue = (token.idx, sdoc[token.i + 1].idx + 2)
    return Found(start, end, "indirect", 0.7, cue=cue, mention=mention)


def merge(text: str, direct: Sequence[Found], indirect: Sequence[Found]) -> list[Found]:
    """Reported clauses that hold quoted parts become mixed; whole quotes stay direct.

    A quoted part inside a reported clause, or running on from its end in the same
    sentence ("… through air support, “because nobody has what we have”"), makes
    the clause mixed and extends it to the part's closing mark. A clause that is
    all quoted (nothing of the writer's but a leading "that") is the direct quote,
    with the clause's cue and speaker.
    """
    out: list[Found] = []
    used: set[int] = set()
    for found in indirect:
        for d in direct:
            # At most three characters between (the pattern's bound), read only then.
            if (
                d.marks
                and found.end <= d.marks[0] <= found.end + 3
                and re.fullmatch(r"[\s,;:—–-]{0,3}", text[found.end : d.marks[0]])
            ):
                found.end = d.end + (1 if d.marks[1] == d.end else 0)  # runs on into it
        inner = [
            i
            for i, d in enumerate(direct)
            if d.marks and found.start <= d.marks[0] and d.end <= found.end + 1
        ]
        overlapping = [
            d for d in direct if d.kind == "direct" and d.start < found.end and found.start < d.end
        ]
        if overlapping and not inner:
            continue  # the clause is (part of) a direct quote already found
        if inner and not _words_outside(text, found, [direct[i] for i in inner]):
            for i in inner:
                if direct[i].kind == "fragment":  # "said “…”": the quote is the content
                    direct[i].kind, direct[i].cue, direct[i].mention = (
                        "direct",
                        found.cue,
                        found.mention,
                    )
                    direct[i].confidence = found.confidence
            continue
        if inner:
            found.kind = "mixed"
            used.update(inner)
            closer = max(direct[i].marks[1] for i in inner)  # type: ignore[index]
            if closer >= found.end and re.fullmatch(r"[\s,;.!?]*", text[found.end : closer]):
                found.end = closer + 1  # the span closes with the quote it holds
        out.append(found)
    for i, d in enumerate(direct):
        if i not in used and d.kind == "direct":
            out.append(d)
    return drop_overlaps(out)


def _words_outside(text: str, found: Found, quoted: Sequence[Found]) -> bool:
    """Whether a reported clause has words of the writer's besides its quoted parts
    ("There will be “…”", "the EU “will not …”"): a mixed quote then, not a direct one.
    A leading "that" is the frame's."""
    rest, position = [], found.start
    for part in sorted(quoted, key=lambda f: f.start):
        rest.append(text[position : part.marks[0] if part.marks else part.start])
        position = max(position, part.end)
    rest.append(text[position : found.end])
    words = re.findall(r"[^\W\d_][\w’'-]*", " ".join(rest).lower())
    return bool(words) and words != ["that"]


def trim_clause(text: str, start: int, end: int) -> tuple[int, int]:
    """A reported clause without a leading "that", commas, and final punctuation."""
    while start < end and (text[start].isspace() or text[start] in ",;:—–"):
        start += 1
    if text[start : start + 5].lower() == "that ":
        start += 5
    while end > start and (text[end - 1].isspace() or text[end - 1] in ".,;:—–"):
        end -= 1
    dangling = _DANGLING_CONJUNCTION.search(text, start, end)
    if dangling is not None:  # "… “a turning point” for the region and": the parser's cc
        return trim_clause(text, start, dangling.start())
    return start, end


_DANGLING_CONJUNCTION = re.compile(r"\s(?:and|or|but)$")


def within_paragraph(text: str, anchor: int, start: int, end: int) -> tuple[int, int]:
    """Clamp a reported clause to the paragraph of its cue."""
    paragraph_start = text.rfind("\n", 0, anchor) + 1
    paragraph_end = text.find("\n", anchor)
    paragraph_end = len(text) if paragraph_end < 0 else paragraph_end
    return max(start, paragraph_start), min(end, paragraph_end)


def plausible_speaker(
    doc: Document, mention: tuple[int, int] | None, lexicon: QuoteLexicon
) -> bool:
    """A reporting verb's subject must be able to speak: a named entity, a pronoun
    for a person or group, or a noun for people or bodies; "nobody" and "who" are not."""
    if mention is None:
        return False
    words = doc.text[mention[0] : mention[1]].lower().split()
    if not words or lexicon.word(words[0], "no_speaker"):
        return False
    if doc.touches_entity(mention[0], mention[1]):
        return True
    if _SHARE.match(" ".join(words)):
        return True  # "Sixty-six percent said …", "Half of the voters said …"
    span = doc.analysis.char_span(*mention, alignment_mode="expand") if doc.analysis else None
    if (
        span is not None
        and len(span) <= 4
        and span.root.pos_ == "PROPN"
        and span.root.dep_ in ("nsubj", "nsubjpass")
        and span.root.ent_type_ in ("PERSON", "ORG", "NORP", "")
        and all(t.text[:1].isupper() for t in span)
    ):
        return True  # a name the entities stage did not know: "Rutte said"
    last = words[-1].strip(".,")
    if lexicon.word(last, "speaker"):
        return True
    # "the campaigner said", "some economists said": a noun for a person or role
    return (
        span is not None
        and span.root.pos_ == "NOUN"
        and span.root.dep_ in ("nsubj", "nsubjpass")
        and any(
            last.endswith(ending) and len(last) > len(ending) + 2
            for ending in lexicon.words.get("speaker_ending", ())
        )
    )


_SHARE = re.compile(
    r"^(?:(?:about|nearly|almost|more than|less than|over|some|only|just)\s+)?"
    r"(?:\d[\d.,]*\s*(?:%|percent|per cent)|[a-z-]+\s+(?:percent|per cent)|half|a third|"
    r"two-thirds|three-quarters|(?:one|two|three|four|five|six|seven|eight|nine)\s+(?:in|out of)\s+\w+|"
    r"a majority|most|many|the majority)\b"
)


def drop_overlaps(found: list[Found]) -> list[Found]:
    spans = Disjoint()  # the kept ones' spans: a scan of them all would cost quotes squared
    ordered = sorted(found, key=lambda f: (-f.confidence, -(f.end - f.start)))
    kept = [item for item in ordered if spans.claim(item.start, item.end)]
    return sorted(kept, key=lambda f: f.start)
