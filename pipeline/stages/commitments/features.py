"""What the rules find about a candidate, as the features of the learned decision.

A finding ("a cue in the verb group", "an actor from the subject", "inside a
condition") no longer vetoes a candidate: each is one input of the decision
(`decision.Decision`), beside the classifier's probability, and the weights are
learned on the training set. `describe` computes what the other rules need too
(status, actors), once per candidate.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from pledgewatch.stages.commitments.actors import actors_of
from pledgewatch.stages.commitments.candidate import KINDS, Candidate
from pledgewatch.stages.commitments.context import ADVERSARIES, Context
from pledgewatch.stages.commitments.lexicon import ADVISORY, FUTURE, HYPOTHETICAL, WH_WORDS
from pledgewatch.stages.commitments.recipients import counterparts
from pledgewatch.stages.commitments.status import auxiliaries_of, describes_noun, status_of
from pledgewatch.stages.commitments.types import keyword_type

# The situations the classifier's probability is weighed by (features "p_x_<flag>").
_TRUSTED = (
    "actor_is_receiver",
    "no_actor",
    "kind_item",
    "kind_nominal",
    "kind_nonfinite",
    "headline",
    "in_quote",
    "reported",
    "analyst_speaker",
    "advisory",
    "in_condition",
    "aim",
    "past",
    "hypothetical",
)
FEATURES: tuple[str, ...] = (
    "p_detect",
    "p_parent",
    *(f"kind_{kind}" for kind in KINDS),
    "cue",
    "status_declined",
    "status_signed",
    "status_delivered",
    "status_negotiating",
    "future",
    "hypothetical",
    "undertaking_verb",
    "negated",
    "actor_subject",
    "actor_entity",
    "actor_context",
    "actor_donor",
    "actor_group",
    "no_actor",
    "actor_is_receiver",
    "actor_adversary",
    "headline",
    "in_quote",
    "reported",
    "analyst_speaker",
    "in_condition",
    "advisory",
    "question",
    "request",
    "reaction",
    "aim",
    "passive_no_agent",
    "wh_start",
    "describes_noun",
    "amount",
    "type_keyword",
    "past",
    "history",
    "short",
    "long",
    # How far to trust the classifier in each situation: its probability times a flag.
    *(f"p_x_{flag}" for flag in _TRUSTED),
    # A noun phrase or item in a clause the classifier doubts states the commitment
    # itself ("The summit follows Starmer's proposal to form a coalition").
    "p_x_alone_in_clause",
)
_AMOUNT = re.compile(
    r"[€$£]\s?\d|\b\d[\d.,]*\s*(?:bn|billion|million|mn)\b|\b(?:eur|usd|gbp|nok)\s?\d", re.I
)
_YEAR = re.compile(r"\b(?:19\d\d|200\d|201[0-3])\b")
_CONDITION_MARKS = frozenset("if unless until once provided providing".split())
_AIM_VERBS = frozenset("aim hope want wish seek strive intend".split())
_ANALYST_WORDS = re.compile(
    r"\b(?:analysts?|experts?|observers?|critics?|scholars?|researchers?)\b", re.I
)


@dataclass(frozen=True)
class Finding:
    """What the rules read off one candidate."""

    status: str | None
    from_cue: bool
    actors: tuple[str, ...]
    actor_source: str  # donor | subject | entity | context | none


def with_earlier_givers(
    findings: Sequence[Finding],
    candidates: Sequence[Candidate],
    passive: Sequence[bool],
    receiver: str,
    reach: int = 1500,
) -> list[Finding]:
    """A passive without agent whose paragraph names no giver ("the systems will be
    delivered before winter") takes the giver of the last statement before it that
    named one as its subject, within ``reach`` characters: the article goes on about
    the same giver."""
    out: list[Finding] = []
    last: tuple[int, tuple[str, ...]] | None = None
    for finding, candidate, is_passive in zip(findings, candidates, passive, strict=True):
        if (
            is_passive
            and finding.actor_source == "none"
            and last is not None
            and candidate.start - last[0] <= reach
        ):
            finding = replace(finding, actors=last[1], actor_source="context")
        elif finding.actor_source in ("subject", "donor", "entity") and finding.actors:
            named = tuple(a for a in finding.actors if a != receiver and a[:1].isupper())
            if named:
                last = (candidate.end, named)
        out.append(finding)
    return out


def describe(sdoc: Any, candidate: Candidate, context: Context) -> Finding:
    status, from_cue = status_of(sdoc, candidate, context.lexicon)
    actors, source = actors_of(sdoc, candidate, context)
    swapped = counterparts(candidate, actors, status or "", context)
    if swapped is not None:
        actors = swapped[0]  # "Ukraine has signed agreements with Spain": Spain gives
    return Finding(status, from_cue, tuple(actors), source)


def feature_vector(
    sdoc: Any,
    candidate: Candidate,
    finding: Finding,
    context: Context,
    p_detect: float,
    p_parent: float,
    speakers: dict[str, str],
) -> list[float]:
    """The candidate's features, in the order of `FEATURES`.

    ``speakers`` maps a quote speaker's canonical name to their entity label, so
    that an analyst's words ("we should…", "Europe will have to…") read as analysis.
    """
    head = sdoc[candidate.head]
    verb = verb_of(sdoc, candidate)
    sentence = head.sent
    text = candidate.own_text(context.text)
    lexicon = context.lexicon
    auxiliaries = auxiliaries_of(verb)
    quote = context.quote_at(candidate.start)
    direct = quote is not None and quote.kind == "direct"
    speaker_label = speakers.get(quote.speaker or "", "") if quote is not None else ""
    chain = [verb, *[c for c in verb.children if c.dep_ in ("xcomp", "conj")]]
    first = sdoc[sentence.start]
    for token in sdoc[sentence.start : sentence.end]:
        if token.idx >= candidate.start:
            first = token
            break
    values = {
        "p_detect": p_detect,
        "p_parent": p_parent,
        **{f"kind_{kind}": float(candidate.kind == kind) for kind in KINDS},
        "cue": float(finding.from_cue),
        "status_declined": float(finding.status == "declined"),
        "status_signed": float(finding.status == "signed"),
        "status_delivered": float(finding.status == "delivered"),
        "status_negotiating": float(finding.status == "negotiating"),
        "future": float(bool(auxiliaries & FUTURE)),
        "hypothetical": float(bool(auxiliaries & HYPOTHETICAL)),
        "undertaking_verb": float(any(lexicon.verb(v.lemma_, "undertaking") for v in chain)),
        "negated": float(finding.status == "declined" and not finding.from_cue),
        "actor_subject": float(finding.actor_source == "subject"),
        "actor_entity": float(finding.actor_source == "entity"),
        "actor_context": float(finding.actor_source == "context"),
        "actor_donor": float(finding.actor_source == "donor"),
        "actor_group": float(
            any(a[:1].islower() or " " in a and a.split()[0][:1].isdigit() for a in finding.actors)
        ),
        "no_actor": float(not finding.actors),
        "actor_is_receiver": float(bool(finding.actors) and context.receiver in finding.actors),
        # "Russia launched a missile at Dnipro": the side the support is against
        "actor_adversary": float(
            bool(finding.actors)
            and all(a in ADVERSARIES for a in finding.actors)
            and context.receiver not in ADVERSARIES
        ),
        "headline": float(is_headline(context.text, sentence.start_char, sentence.end_char)),
        "in_quote": float(direct),
        "reported": float(quote is not None and not direct),
        "analyst_speaker": float(
            speaker_label in ("EXPERT", "PERSON")
            or (quote is not None and bool(_ANALYST_WORDS.search(quote.speaker or "")))
        ),
        "in_condition": float(in_condition(verb)),
        "advisory": float(any(t.lower_ in ADVISORY for t in sdoc[first.i : verb.i + 2])),
        "question": float(is_question(sentence.text)),
        "request": float(lexicon.verb(verb.lemma_, "request")),
        "reaction": float(
            lexicon.verb(verb.lemma_, "reaction")
            and not any(c.dep_ == "xcomp" for c in verb.children)
        ),
        "aim": float(verb.lemma_.lower() in _AIM_VERBS),
        "passive_no_agent": float(passive_without_agent(verb)),
        "wh_start": float(first.lower_ in WH_WORDS and first.head.dep_ != "relcl"),
        "describes_noun": float(
            describes_noun(head, head.head) if head.dep_ in ("amod", "acl") else 0.0
        ),
        "amount": float(_AMOUNT.search(text) is not None),
        "type_keyword": float(keyword_type(text, lexicon.types) is not None),
        "past": float(verb.tag_ in ("VBD", "VBN") and not auxiliaries & (FUTURE | HYPOTHETICAL)),
        "history": float(_YEAR.search(sentence.text) is not None),
        "short": float(len(text.split()) <= 4),
        "long": float(len(text.split()) >= 30),
    }
    for flag in _TRUSTED:
        values[f"p_x_{flag}"] = p_detect * values[flag]
    inside = candidate.kind in ("nominal", "item")
    values["p_x_alone_in_clause"] = p_detect * (1.0 - p_parent) if inside else 0.0
    return [values[name] for name in FEATURES]


def feature_matrix(rows: Sequence[Sequence[float]]) -> np.ndarray:
    return np.asarray(rows, dtype=np.float32).reshape(len(rows), len(FEATURES))


def is_question(sentence: str) -> bool:
    """Whether a sentence is a question (its last mark, before a closing quote, is "?")."""
    return sentence.rstrip().rstrip("”\"'’").endswith("?")


def is_headline(text: str, start: int, end: int) -> bool:
    """A sentence that is a paragraph of its own without final punctuation, of at most
    25 words: a headline, subheadline or crosshead."""
    end = start + len(text[start:end].rstrip())  # spaCy keeps the blank line after it
    before = text[max(0, start - 2) : start]
    after = text[end : end + 1]
    whole_paragraph = (start == 0 or before.endswith("\n")) and (after in ("", "\n"))
    words = text[start:end].split()
    stripped = text[start:end].rstrip()
    return (
        whole_paragraph
        and 2 <= len(words) <= 25
        and not stripped.endswith((".", ":", "?", "!", ";"))
    )


def in_condition(verb: Any) -> bool:
    """Whether a clause is, or lies inside, a condition clause ("… until the Commission
    guarantees that Slovakia will not be harmed")."""
    return any(
        c.dep_ == "mark" and c.lower_ in _CONDITION_MARKS
        for node in (verb, *verb.ancestors)
        for c in node.children
    )


def passive_without_agent(verb: Any) -> bool:
    """A passive without an agent: its subject undergoes the action ("would be treated
    as targets"); the giver, if any, must come from the context."""
    children = {c.dep_ for c in verb.children}
    return ("auxpass" in children or "nsubjpass" in children) and "agent" not in children


def verb_of(sdoc: Any, candidate: Candidate) -> Any:
    """The candidate's verb: its head, or for a noun phrase the verb above it."""
    head = sdoc[candidate.head]
    return head if candidate.kind != "nominal" else _verb_above(head)


def _verb_above(token: Any) -> Any:
    node = token
    while node.pos_ not in ("VERB", "AUX") and node.head.i != node.i:
        node = node.head
    return node
