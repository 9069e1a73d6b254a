"""Speakers: the canonical name behind a quote's speaker mention.

- A named person or body is used directly ("Kremlin spokesman Dmitry Peskov"
  is Peskov; "a State Department spokesperson" the department).
- A title is the person holding that office (`office_holder`): the one the
  document names with it, else the knowledge base's holder on the article's
  date ("the German chancellor", "the NATO chief", "Japan's prime minister",
  "the British leader").
- A pronoun goes to the nearest compatible person: a person named since the
  last quote, else the last speaker, else the most recent person, of a gender
  the pronoun agrees with (`pledgewatch.gender`).
- "The leaders", "the statement" go to the coalition named; "one of them" to
  the group that spoke last; unnamed groups keep their words.
- A quote without a cue continues the previous speaker, or belongs to the
  person who introduces it ("…laid out his view:").
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pledgewatch.gender import agrees, gender_of
from pledgewatch.intervals import Intervals, starting_in
from pledgewatch.kb import KnowledgeBase
from pledgewatch.labels import BODY_LABELS, PERSON_LABELS
from pledgewatch.model import Document, Entity, Quote
from pledgewatch.names import surname_of
from pledgewatch.nlp import line_bounds
from pledgewatch.stages.quotes.candidates import Found
from pledgewatch.stages.quotes.frames import SENTENCE_END
from pledgewatch.stages.quotes.lexicon import QuoteLexicon


@dataclass(frozen=True)
class Speakers:
    """What speaker resolution reads: the lexicon, first names by gender, the
    knowledge base (offices and their holders) and the names of states and
    bodies by which a title says whose office it is ("German", "the U.K.", "NATO")."""

    lexicon: QuoteLexicon
    first_names: Mapping[str, str]
    kb: KnowledgeBase
    owners: Mapping[str, str]

    @classmethod
    def build(
        cls, lexicon: QuoteLexicon, first_names: Mapping[str, str], kb: KnowledgeBase
    ) -> Speakers:
        owners: dict[str, str] = {}
        for entry in kb.entries:
            if entry.label in ("STATE", "COALITION"):
                for name in (*entry.names(), *entry.demonyms, *entry.capitals):
                    owners.setdefault(_fold(name), entry.canonical)
        return cls(lexicon, first_names, kb, owners)


def resolve(
    doc: Document,
    sdoc: Any,
    found: Sequence[Found],
    quoted: Sequence[tuple[int, int]],
    speakers: Speakers,
    stage: str,
) -> list[Quote]:
    """Speakers, cues, roles and affiliations for the quotes found; ``quoted`` are the
    regions inside quotation marks (names there are not pronoun antecedents)."""
    quoted = Intervals(quoted)  # asked of every earlier name for every pronoun
    entities = sorted(doc.entities, key=lambda e: e.start)
    persons = frozenset(e.canonical for e in entities if e.label in PERSON_LABELS)
    starts = [e.start for e in entities]
    longest = max((e.end - e.start for e in entities), default=0)  # bounds overlap searches
    roles = {p.canonical: p.role for p in doc.people if p.role}
    affiliations = {p.canonical: p.affiliation for p in doc.people if p.affiliation}
    sentence_starts = [s.start_char for s in sdoc.sents]
    date = article_date(doc)
    quotes: list[Quote] = []
    last: tuple[str | None, int] | None = None  # previous speaker and where its quote ended
    for item in found:
        speaker: str | None = item.speaker  # an "A:" turn's interviewee
        mention = item.mention
        if speaker is not None:
            pass  # named by the turn
        elif mention is not None:
            own = [
                e
                for e in starting_in(entities, starts, mention[0] - longest, mention[1])
                if e.start < mention[1] and mention[0] < e.end and e.label in PERSON_LABELS
            ]
            if not own and item.cue and item.cue[0] > mention[1] and item.cue[0] - mention[0] < 220:
                named = [
                    e
                    for e in starting_in(entities, starts, mention[0], item.cue[0])
                    if mention[0] <= e.start and e.end <= item.cue[0] and e.label in PERSON_LABELS
                ]
                if named and "\n" not in doc.text[mention[0] : item.cue[0]]:
                    # "US special envoy Steve Witkoff said", "Its chief executive, Roman Tkachuk, …
                    # says": the first person named between the mention and the cue
                    mention = (mention[0], named[0].end)
            speaker, mention = speaker_name(
                doc, entities, starts, persons, mention, last, quoted, speakers, date
            )
        elif (
            item.kind == "direct"
            and (introducer := _introducing_person(doc, entities, starts, item, speakers.lexicon))
            is not None
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
                stage=stage,
                confidence=item.confidence,
            )
        )
        if speaker is not None:
            last = (speaker, item.end)
    return quotes


def speaker_name(
    doc: Document,
    entities: Sequence[Entity],
    starts: Sequence[int],
    persons: frozenset[str],
    mention: tuple[int, int],
    last: tuple[str | None, int] | None,
    quoted: Intervals,
    speakers: Speakers,
    date: str | None,
) -> tuple[str | None, tuple[int, int]]:
    """The canonical speaker of a mention, and the mention's span (narrowed to a name)."""
    lexicon = speakers.lexicon
    start, end = mention
    inside = [e for e in entities if e.start < end and start < e.end]
    people = [e for e in inside if e.label in PERSON_LABELS]
    words = doc.text[start:end]
    head = words.split()[-1].lower() if words.split() else ""
    if people:
        person = people[-1]
        return person.canonical, (person.start, person.end)
    if words.isupper() and len(words) > 3:
        # A transcript's label in capitals ("SEC. AUSTIN"): the person of that surname
        surname = surname_of(words)
        named = {
            e.canonical
            for e in entities
            if e.label in PERSON_LABELS and surname_of(e.canonical) == surname
        }
        if len(named) == 1:
            return named.pop(), mention
    holder = office_holder(doc, entities, start, words, speakers, date)
    if holder is not None:
        return holder, mention  # "the German chancellor", "the NATO chief"
    bodies = [e for e in inside if e.label in BODY_LABELS]
    if (
        bodies
        and not lexicon.word(head, "unnamed")
        and (
            lexicon.word(head, "spokes")
            or len(inside) == 1
            and len(words.split()) <= len(bodies[0].text.split()) + 2
        )
    ):
        body = bodies[-1]
        return body.canonical, (body.start, body.end) if not lexicon.word(
            head, "spokes"
        ) else mention
    lowered = words.lower()
    kind = lexicon.pronoun(lowered)
    if kind is not None:
        if kind == "person":
            person = _person_for_pronoun(
                doc, entities, starts, persons, lowered, start, last, quoted, speakers
            )
            if person is not None:
                return person, mention
        elif last is not None and last[0] is not None and start - last[1] < 800:
            return last[0], mention
        return words, mention
    if (
        re.match(r"one(?: of\b|$)", lowered)
        and last is not None
        and last[0]
        and last[0] not in persons
    ):
        return last[0], mention  # "one of them said", after a group spoke; not "one EU diplomat"
    coalitions_inside = [e for e in inside if e.label == "COALITION"]
    if lexicon.word(head, "collective") and coalitions_inside:
        return coalitions_inside[-1].canonical, mention  # "NATO's annual leaders' summit"
    if lexicon.word(head, "collective") and len(lowered.split()) <= 3:
        coalitions = [e for e in entities[: bisect_right(starts, start)] if e.label == "COALITION"]
        if coalitions:
            return coalitions[-1].canonical, mention
    before = doc.text[max(0, start - 5) : start].lower()
    outside = re.search(r"(?:^|\s)(?:the|this|that) $", before) is not None
    if (lowered.startswith(("the ", "this ", "that ")) or outside) and not lowered.endswith("s"):
        # "the former officer", "the minister": the nearest earlier person, matching role
        # first; a mention whose "the" was left before it ("The [minister] said") must
        # name a role one of them holds.
        earlier = [
            e
            for e in entities[: bisect_right(starts, start)]
            if e.label in PERSON_LABELS and e.end <= start
        ]
        matching = [e for e in earlier if e.role and head in e.role.lower()]
        chosen = matching if outside else matching or earlier
        if chosen:
            return chosen[-1].canonical, mention
    cleaned = re.sub(
        r"^(?:the|a|an|one|some|several|two|three|four|many|other|another)\s+",
        "",
        words,
        flags=re.IGNORECASE,
    ).strip()
    cleaned = re.sub(
        r"^(?:two|three|four|several|second|third|fourth)\s+", "", cleaned, flags=re.IGNORECASE
    )
    if cleaned != words:
        offset = words.index(cleaned)
        mention = (start + offset, start + offset + len(cleaned))
    return cleaned or None, mention


def office_holder(
    doc: Document,
    entities: Sequence[Entity],
    position: int,
    words: str,
    speakers: Speakers,
    date: str | None,
) -> str | None:
    """The person a title names ("the German chancellor", "Japan's prime minister",
    "the NATO chief", "the secretary-general", "the British leader"): the person
    the document names earlier with that office, else the knowledge base's holder
    on ``date``; None when the words are no title or no one holds it."""
    title = parse_title(words, speakers)
    if title is None:
        return None
    roles, owner = title
    wanted = {_fold(r) for r in roles}
    earlier = [e for e in entities if e.label == "LEADER" and e.end <= position]
    for entity in reversed(earlier):
        # The most recent person with that office: by the role the document gives them,
        # or, named without it, known to hold it then ("Sir Keir Starmer … The Prime
        # Minister said").
        role = _fold(entity.role or "")
        if (
            role
            and any(r in role for r in wanted)
            and (owner is None or owner in _role_owners(entity, speakers) or _fold(owner) in role)
        ) or _holds(entity.canonical, roles, owner, date, speakers):
            return entity.canonical
    if owner is None:
        return None  # "the president", with no one of that office in the text
    if (
        roles == ("Chancellor", "Prime Minister", "President")
        and owner in speakers.lexicon.presidential
    ):
        roles = ("President",)  # a presidential state's leader
    for role in roles:
        holders = speakers.kb.holders([role], owner, date)
        if len(holders) == 1:
            return holders[0]
    return None


def parse_title(words: str, speakers: Speakers) -> tuple[tuple[str, ...], str | None] | None:
    """The office roles and owner a title names: "the U.K. prime minister" →
    (("Prime Minister",), "United Kingdom"); None when the words end in no title."""
    tokens = [t for t in re.findall(r"[\w.’'-]+", words.lower().replace("-", " ")) if t]
    while tokens and tokens[0] in ("the", "a", "an", "then", "former"):
        if tokens[0] == "former":
            return None  # a former holder is no longer the office's voice
        tokens = tokens[1:]
    for size in range(min(4, len(tokens)), 0, -1):
        title = tuple(tokens[-size:])
        if title not in speakers.lexicon.titles:
            continue
        roles, owner = speakers.lexicon.titles[title]
        before = tokens[:-size]
        if before:
            named = _owner_of(before, speakers)
            if named is None:
                return None  # "the party's president": words that name no state or body
            owner = owner or named
        return roles, owner
    return None


def article_date(doc: Document) -> str | None:
    """The article's date, ISO: ``meta.published``, else the first date written in its
    opening lines ("2026-01-06", "6 January 2026", "Jan. 6, 2026"); None when none."""
    if doc.meta.published and re.match(r"\d{4}-\d{2}", doc.meta.published):
        return doc.meta.published[:10]
    opening = doc.text[:600]
    iso = re.search(r"\b(20\d\d)-(\d\d)-(\d\d)\b", opening)
    if iso:
        return iso.group(0)
    month = "|".join(_MONTHS)
    written = re.search(
        rf"\b(\d{{1,2}})\s+({month})[a-z]*\.?,?\s+(20\d\d)\b", opening, re.I
    ) or re.search(rf"\b({month})[a-z]*\.?\s+(\d{{1,2}}),?\s+(20\d\d)\b", opening, re.I)
    if written:
        parts = written.groups()
        day, name, year = (
            (parts[0], parts[1], parts[2]) if parts[0].isdigit() else (parts[1], parts[0], parts[2])
        )
        return f"{year}-{_MONTHS.index(name[:3].title()) + 1:02d}-{int(day):02d}"
    return None


_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def _owner_of(words: Sequence[str], speakers: Speakers) -> str | None:
    phrase = " ".join(words).replace("’s", "").replace("'s", "").strip(" .")
    return speakers.owners.get(_fold(phrase))


def _holds(
    canonical: str, roles: Sequence[str], owner: str | None, date: str | None, speakers: Speakers
) -> bool:
    wanted = {_fold(r) for r in roles}
    entry = next((e for e in speakers.kb.entries if e.canonical == canonical), None)
    return entry is not None and any(
        _fold(o.role) in wanted and (owner is None or o.of == owner) and o.held_on(date)
        for o in entry.offices
    )


def _role_owners(entity: Entity, speakers: Speakers) -> set[str]:
    entry = next((e for e in speakers.kb.entries if e.canonical == entity.canonical), None)
    owners = {o.of for o in entry.offices if o.of} if entry else set()
    if entry and entry.state:
        owners.add(entry.state)
    return owners


def _fold(text: str) -> str:
    folded = " ".join(text.lower().replace("-", " ").replace(".", "").split())
    return folded.replace("defense", "defence")


def _person_for_pronoun(
    doc: Document,
    entities: Sequence[Entity],
    starts: Sequence[int],
    persons: frozenset[str],
    pronoun: str,
    position: int,
    last: tuple[str | None, int] | None,
    quoted: Intervals,
    speakers: Speakers,
) -> str | None:
    """Whom "he" or "she" at ``position`` refers to.

    Candidates are the people named earlier outside quotes (not the object of
    "with", "by", "asked" in the same sentence) and the last speaker, all of
    a gender the pronoun agrees with. A person named since the last quote
    comes first, a name that marks the gender before one that does not;
    otherwise the last speaker goes on; otherwise the most recent earlier
    person, again marked gender first.
    """
    names = speakers.first_names
    speaker = last[0] if last is not None else None
    speaker_ok = (
        speaker is not None
        and speaker in persons
        and agrees(pronoun, gender_of(speaker, names))
        and position - last[1] < 800
    )

    def named() -> Iterator[Entity]:
        """The antecedents, most recent first (read lazily: the choice below is
        usually made among the last few, and a long text names thousands)."""
        for e in reversed(entities[: bisect_right(starts, position)]):
            if (
                e.label in PERSON_LABELS
                and e.end <= position
                and not quoted.contains(e.start)
                and not _object_in_same_sentence(doc, e, position)
                and agrees(pronoun, gender_of(e.canonical, names))
            ):
                yield e

    # Among the named, or among those neither spoken to nor only qualifying a noun when
    # there are any ("Witkoff told CNN's Jake Tapper …. “…,” he added", "the Trump-Putin
    # summit": neither is "he"): those since the
    # last quote when the last speaker would do, else all; of them the most recent
    # whose name marks a gender, else the most recent; else the last speaker.
    def choose(pool: list[Entity]) -> str | None:
        since = [e for e in pool if not speaker_ok or e.start > last[1]]
        if since:
            return _marked_first(since[::-1], names)
        if speaker_ok:
            return speaker
        return _marked_first(pool[::-1], names) if pool else None

    # Read back until the choice among those not spoken to is settled: a marked name
    # since the last quote (or anywhere, when the last speaker would not do).
    everyone: list[Entity] = []
    unaddressed: list[Entity] = []
    for e in named():
        everyone.append(e)
        if _is_addressee(doc, e) or _is_modifier(doc, e):
            continue
        unaddressed.append(e)
        if (not speaker_ok or e.start > last[1]) and gender_of(e.canonical, names) is not None:
            return e.canonical
        if speaker_ok and e.start <= last[1]:
            return choose(unaddressed)  # nothing since the last quote marks a gender
    return choose(unaddressed or everyone)


def _is_addressee(doc: Document, entity: Entity) -> bool:
    """Whether a mention is the one spoken to or interviewed ("told CNN's Jake Tapper",
    "in an interview with X", "asked by X"), who is not the speaker of what follows."""
    sdoc = doc.analysis
    span = sdoc.char_span(entity.start, entity.end, alignment_mode="expand") if sdoc else None
    if span is None:
        return False
    node = span.root
    while node.dep_ in ("compound", "appos", "flat", "poss") and node.head.i != node.i:
        node = node.head
    if node.dep_ in ("dobj", "dative", "iobj"):
        return node.head.lemma_.lower() in _ADDRESSING
    if node.dep_ == "pobj" and node.head.lower_ in ("to", "with", "by"):
        governor = node.head.head
        return governor.lemma_.lower() in _ADDRESSING or governor.lower_ in (
            "interview",
            "conversation",
        )
    return False


def _is_modifier(doc: Document, entity: Entity) -> bool:
    """Whether a mention only qualifies a noun ("the Trump-Putin summit", "Hegseth's
    remarks"): the person is talked about, not the one acting."""
    sdoc = doc.analysis
    span = sdoc.char_span(entity.start, entity.end, alignment_mode="expand") if sdoc else None
    return (
        span is not None
        and span.root.dep_ in ("compound", "amod", "nmod", "poss")
        and (span.root.head.pos_ == "NOUN")
    )


_ADDRESSING = frozenset("tell ask interview thank say speak talk".split())


def _marked_first(people: Sequence[Entity], first_names: Mapping[str, str]) -> str:
    """The most recent person whose name marks a gender, else the most recent."""
    marked = [e for e in people if gender_of(e.canonical, first_names) is not None]
    return (marked or people)[-1].canonical


def _introducing_person(
    doc: Document,
    entities: Sequence[Entity],
    starts: Sequence[int],
    item: Found,
    lexicon: QuoteLexicon,
) -> Entity | None:
    """The person who introduces a quote without a reporting verb: the subject of the
    sentence that leads into it ("Rasmussen laid out his view:" / "X has expressed
    his hope that “…”")."""
    if not item.marks:
        return None
    text = doc.text
    opener = item.marks[0]
    lead_end = opener  # text[:opener].rstrip(), without copying the text before it
    while lead_end and text[lead_end - 1].isspace():
        lead_end -= 1
    paragraph_start = text.rfind("\n", 0, opener) + 1
    if text[lead_end - 1 : lead_end] == ":":
        sentence_end = lead_end
    elif opener > paragraph_start and text[paragraph_start:opener].strip():
        sentence_end = opener  # the quote sits inside the sentence that names the speaker
    else:
        return None
    # The line's start bounds the sentence's, and no sentence end before it can beat it.
    line_start = text.rfind("\n", 0, sentence_end - 1) + 1
    sentence_start = max(
        (m.end() for m in SENTENCE_END.finditer(text, line_start, sentence_end - 1)), default=0
    )
    sentence_start = max(sentence_start, line_start)
    in_sentence = starting_in(entities, starts, sentence_start, sentence_end)
    people = [
        e
        for e in in_sentence
        if sentence_start <= e.start and e.end <= sentence_end and e.label in PERSON_LABELS
    ]
    if people:
        return people[0]
    # "The G7 statement set the goal of …": a body named with a collective head noun.
    for entity in in_sentence:
        if (
            sentence_start <= entity.start
            and entity.end <= sentence_end
            and entity.label == "COALITION"
        ):
            following = re.findall(r"\w+", text[entity.end : entity.end + 30].lower())[:2]
            if any(lexicon.word(word, "collective") for word in following):
                return entity
    return None


def _object_in_same_sentence(doc: Document, entity: Entity, pronoun_start: int) -> bool:
    """ "In an interview with host X, he said": X (after with/by/to in the same sentence) is not "he"."""
    if doc.analysis is not None and line_bounds(doc.analysis, pronoun_start)[0] > entity.end:
        return False  # a line break between them (found without copying the text between)
    between = doc.text[entity.end : pronoun_start]
    if SENTENCE_END.search(between) or "\n" in between:
        return False
    before = doc.text[max(0, entity.start - 40) : entity.start].lower()
    return (
        re.search(r"\b(?:with|by|to|asked|host|hosts|presenter|interviewer)\b[\w\s.'’-]*$", before)
        is not None
    )
