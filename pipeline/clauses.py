"""Clauses: the units the commitments stage classifies.

A sentence such as "France and Germany signed agreements last week, and Italy
said it would follow once its parliament approves" holds two statements:
"France and Germany signed agreements last week" and "it would follow once
its parliament approves". Each clause head (the root, a coordinated verb with
a subject of its own, or a reported clause under a reporting verb) gives one
clause: its subtree without the subtrees of the other clause heads inside it.
A reporting frame ("Starmer said") gives no clause of its own: the reported
clause is the evidence.

Training and prediction both use this split, so the classifier learns on the
same unit it is later shown.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

_LEADING = frozenset("and but or so yet that while whereas , ; : — – -".split())


@dataclass(frozen=True)
class Clause:
    """A character span of the document and the token index of its head."""

    start: int
    end: int
    head: int

    def text(self, document_text: str) -> str:
        return document_text[self.start : self.end]


def clauses(sentence: Any, reporting: Iterable[str] = ()) -> list[Clause]:
    """The clauses of a spaCy sentence span; the whole sentence when the parse has no heads."""
    reporting = frozenset(reporting)
    heads = [t for t in sentence if _is_clause_head(t, reporting)]
    out: list[Clause] = []
    for head in heads:
        reported = [c for c in head.children if c.dep_ == "ccomp" and c in heads]
        if head.lower_ in reporting and reported:
            continue  # "Starmer said …": the reported clause is the statement
        inner = [h for h in heads if h is not head and head.is_ancestor(h)]
        excluded = {t.i for h in inner for t in h.subtree}
        tokens = [
            t for t in head.subtree if t.i not in excluded and sentence.start <= t.i < sentence.end
        ]
        span = _tidy(tokens)
        if span is not None:
            out.append(Clause(span[0], span[1], head.i))
    if not out:
        span = _tidy(list(sentence))
        if span is not None:
            out.append(Clause(span[0], span[1], sentence.root.i))
    return _unique(out)


def _is_clause_head(token: Any, reporting: frozenset[str]) -> bool:
    if token.dep_ == "ROOT":
        return True
    if token.pos_ not in ("VERB", "AUX"):
        return False
    children = {c.dep_ for c in token.children}
    has_subject = bool(children & {"nsubj", "nsubjpass", "expl"})
    if token.dep_ in ("conj", "parataxis") and has_subject:
        return True
    # "…has ruled out troops but would provide air cover": a coordinated verb with a
    # modal or an object of its own is a statement of its own, sharing the subject.
    if (
        token.dep_ == "conj"
        and token.head.pos_ in ("VERB", "AUX")
        and children & {"aux", "dobj", "auxpass"}
    ):
        return True
    # "…, after Hungary again refused to lift its veto": a temporal or causal clause with
    # its own subject is a statement of its own; conditions ("if", "once") stay in theirs.
    if (
        token.dep_ == "advcl"
        and has_subject
        and any(
            c.dep_ == "mark"
            and c.lower_
            in ("after", "because", "as", "since", "while", "although", "though", "whereas")
            for c in token.children
        )
    ):
        return True
    # A complement clause with its own subject ("…; France and Germany signed…",
    # which the parser may hang under the next verb) is a statement too.
    return token.dep_ == "ccomp" and (token.head.lower_ in reporting or has_subject)


def _tidy(tokens: list[Any]) -> tuple[int, int] | None:
    """First to last token, without leading conjunctions and trailing punctuation."""
    tokens = sorted(tokens, key=lambda t: t.i)
    while tokens and (tokens[0].lower_ in _LEADING or tokens[0].is_punct or tokens[0].is_space):
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_punct or tokens[-1].is_space or tokens[-1].lower_ in _LEADING):
        tokens = tokens[:-1]
    if len(tokens) < 3:
        return None
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def _unique(found: list[Clause]) -> list[Clause]:
    """One clause per span, in text order."""
    unique = {(c.start, c.end): c for c in found}
    return sorted(unique.values(), key=lambda c: (c.start, c.end))
