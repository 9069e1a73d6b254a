"""How firm a commitment is: its status from the words of the clause.

In order: the longest status cue of the lexicon in the clause's own words (a cue
made only of nouns counts only in the verb group: "the American offer" as a
subject states no act); a frame verb ("Merz *pledged* that Germany would …");
modality ("will" pledges, "could" and "would" propose, a past "signed" or
"delivered" reports the fact); then negation of the verb, or a "no" on its
subject or object ("no Italian troops would be deployed", "has no plans to
send"), makes a promise, offer or delivery declined. None when the words say
nothing; the classifier decides then.
"""

from __future__ import annotations

import re
from typing import Any

from pledgewatch.stages.commitments.candidate import Candidate
from pledgewatch.stages.commitments.lexicon import FUTURE, NEGATION, CommitmentLexicon

_READY_TO = re.compile(r"\b(?:prepared|ready|willing|open)\s+to\b", re.IGNORECASE)
_NEGATABLE = ("pledged", "proposed", "delivered", None)


def status_of(
    sdoc: Any, candidate: Candidate, lexicon: CommitmentLexicon
) -> tuple[str | None, bool]:
    """The status the candidate's words state, and whether a lexicon cue or frame said it."""
    span = sdoc.char_span(candidate.start, candidate.end, alignment_mode="expand")
    if span is None:
        return None, False
    head = sdoc[candidate.head]
    status, phrase = _cue_status(span, candidate, head, lexicon)
    from_cue = status is not None
    if status == "proposed" and _backshifted(head, phrase, lexicon):
        status = "pledged"  # "Tokyo said it would provide": a backshifted "will"
    if status is None:
        status, from_cue = frame_status(head, lexicon)
    if status is None:
        status = modal_status(head, span, lexicon)
    if status is None and candidate.kind == "nominal":
        status = lexicon.noun_status.get(head.lemma_.lower())
    if negated(head) and status in _NEGATABLE:
        return "declined", from_cue
    if (
        status == "declined"
        and head.lower_ in phrase
        and not NEGATION & set(phrase)
        and negated(head)
    ):
        return "proposed", from_cue  # "cannot be ruled out", "has not excluded": left open
    return status, from_cue


def _cue_status(
    span: Any, candidate: Candidate, head: Any, lexicon: CommitmentLexicon
) -> tuple[str | None, tuple[str, ...]]:
    """The status of the longest cue in the clause's words, and the cue. The verb
    group read on its own counts too, so that "agreed on Thursday to give" has
    the cue "agreed to"; of two cues of one length the verb group's wins."""
    words = [t.lower_ for t in span]
    group = verb_group(head)
    best: tuple[int, str, tuple[str, ...]] | None = None
    own = [span.doc[i] for i in sorted(group)]
    own = [t.lower_ for t in own if candidate.owns(t.idx)]
    for i in range(len(own)):
        for phrase, status in lexicon.cues.get(own[i], ()):
            if tuple(own[i : i + len(phrase)]) == phrase and (not best or len(phrase) > best[0]):
                best = (len(phrase), status, phrase)
                break
    for i in range(len(words)):
        for phrase, status in lexicon.cues.get(words[i], ()):
            if tuple(words[i : i + len(phrase)]) != phrase or (best and len(phrase) <= best[0]):
                continue
            tokens = span[i : i + len(phrase)]
            if not candidate.owns(tokens[0].idx) or describes_noun(tokens[0], head):
                continue  # "promised reforms", "lessons sent back from the front"
            if in_subordinate(tokens[0], head):
                continue  # "… once the first batch had been delivered"
            if any(t.i in group for t in tokens) or not all(
                t.pos_ in ("NOUN", "PROPN") for t in tokens
            ):
                best = (len(phrase), status, phrase)
                break
    return (best[1], best[2]) if best else (None, ())


def in_subordinate(token: Any, head: Any) -> bool:
    """Whether a word lies in a subordinate clause below the clause's head, one opened
    by a conjunction ("once …", "after …", "if …"): its verb states when or on what
    condition, not how firm the commitment is."""
    for node in (token, *token.ancestors):
        if node.i == head.i:
            return False
        if node.dep_ == "advcl" and any(c.dep_ == "mark" for c in node.children):
            return True
    return False


def _backshifted(head: Any, phrase: tuple[str, ...], lexicon: CommitmentLexicon) -> bool:
    """Whether a cue "would …" (not "would be willing") is a reported, backshifted
    "will": the clause's own "would", under a reporting verb."""
    return (
        phrase[:1] == ("would",)
        and phrase[1:2] != ("be",)
        and any(c.dep_ == "aux" and c.lower_ == "would" for c in head.children)
        and _reported(head, lexicon)
    )


def _reported(head: Any, lexicon: CommitmentLexicon) -> bool:
    """Whether a clause is reported by a reporting verb ("said it would …"), directly or
    as the second of two coordinated clauses."""
    node = head
    while node.dep_ == "conj" and node.head.i != node.i:
        node = node.head
    return node.dep_ in ("ccomp", "xcomp") and node.head.lower_ in lexicon.reporting


def frame_status(head: Any, lexicon: CommitmentLexicon) -> tuple[str | None, bool]:
    """The status a frame verb states for its clause: "Merz *pledged* that Germany
    would …", "Macron *has floated* sending …"; a reported "would" is a backshifted
    "will" ("X said it would …"): a pledge."""
    frame = head.head if head.dep_ in ("ccomp", "xcomp") and head.head.i != head.i else None
    if frame is not None:
        words = [c.lower_ for c in frame.children if c.dep_ in ("aux", "neg") and c.i < frame.i]
        words.append(frame.lower_)
        for size in range(len(words), 0, -1):
            status = lexicon.cue_status.get(tuple(words[-size:]))
            if status is not None:
                return status, True
    if _backshifted(head, ("would",), lexicon):
        return "pledged", True  # also the second of two: "said it would send X and would train Y"
    return None, False


def modal_status(head: Any, span: Any, lexicon: CommitmentLexicon) -> str | None:
    """Status from modality and the verb: "will" pledges, "could"/"would" or "ready
    to" propose, a past "delivered" or "signed" (or a headline's present "Sign")
    reports the fact."""
    auxiliaries = auxiliaries_of(head)
    if _READY_TO.search(span.text):
        return "proposed"
    if auxiliaries & FUTURE:
        return "pledged"
    if auxiliaries & {"could", "might", "may", "can", "would"}:
        return "proposed"
    lemma = head.lemma_.lower()
    if lemma in lexicon.lemma_status and (
        head.tag_ in ("VBD", "VBN", "VBZ", "VBP") or auxiliaries & {"has", "have", "had"}
    ):
        return lexicon.lemma_status[lemma]
    return None


def negated(head: Any) -> bool:
    """A negated verb ("will not send"), or a "no" on its subject or object ("no
    Italian troops would be deployed", "has no plans to send forces")."""
    for child in head.children:
        if child.dep_ == "neg" or child.lower_ in NEGATION:
            return True
        if child.dep_ in ("aux", "xcomp") and any(c.dep_ == "neg" for c in child.children):
            return True
        if child.dep_ in ("nsubj", "nsubjpass", "dobj") and any(
            c.lower_ == "no" and c.dep_ == "det" for c in child.children
        ):
            return True
    if head.dep_ in ("xcomp", "acl") and head.head.dep_ == "dobj":
        noun = head.head  # "has no plans [to send]"
        return any(c.lower_ == "no" and c.dep_ == "det" for c in noun.children)
    return False


def auxiliaries_of(head: Any) -> set[str]:
    """The auxiliaries of a clause verb, and of the verb it is coordinated with or
    governed by ("has ruled out … but would provide": "would" for "provide")."""
    found = {c.lower_ for c in head.children if c.dep_ in ("aux", "auxpass")}
    if head.dep_ in ("xcomp", "conj"):
        found |= {c.lower_ for c in head.head.children if c.dep_ in ("aux", "auxpass")}
    return found


def verb_group(head: Any) -> set[int]:
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


def describes_noun(token: Any, head: Any) -> bool:
    """Whether a word modifies a noun rather than stating the clause's act: an
    adjectival participle ("promised reforms"), or a word in a participle or relative
    clause below the clause's head that has no actor of its own ("lessons sent back
    from the front"). A clause with its own actor ("signed by Starmer") or on the
    verb's object ("have a brigade stationed in Lithuania") still states an act."""
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
