"""Clauses: the units the commitments stage classifies.

A sentence such as "France and Germany signed agreements last week, and Italy
said it would follow once its parliament approves" holds two statements:
"France and Germany signed agreements last week" and "it would follow once
its parliament approves". Each clause head (the root, a coordinated verb with
a subject of its own, or a reported clause under a reporting verb) gives one
clause: its subtree without the subtrees of the other clause heads inside it,
and without what follows such a clause after the head ("Norway will finance
two batteries, [while Sweden will share the cost], according to a statement"
ends at "batteries"), so that no clause's span reaches over another.
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
    """A character span of the document and the token index of its head.

    ``holes`` are the character ranges inside the span that belong to other
    clauses ("The package, [which was held up until Slovakia dropped its
    objections], bans imports"): the clause's cues and conditions are not there.
    """

    start: int
    end: int
    head: int
    holes: tuple[tuple[int, int], ...] = ()

    def text(self, document_text: str) -> str:
        return document_text[self.start : self.end]

    def own_text(self, document_text: str) -> str:
        """The span's text with the holes blanked out (same length, same offsets)."""
        text = self.text(document_text)
        for start, end in self.holes:
            text = text[: start - self.start] + " " * (end - start) + text[end - self.start :]
        return text

    def owns(self, offset: int) -> bool:
        """Whether a character offset is in the span and in no hole."""
        return self.start <= offset < self.end and not any(s <= offset < e for s, e in self.holes)


def reporting_words(verbs: Iterable[str]) -> frozenset[str]:
    """The one-word reporting verbs of the lexicon, lower-cased: the frames `clauses` skips."""
    return frozenset(v.lower() for v in verbs if " " not in v)


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
        span = _tidy(_to_first_gap_after(tokens, head.i))
        if span is not None:
            holes = _holes(sentence.doc, span, excluded)
            out.append(Clause(span[0], span[1], head.i, holes))
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
    # "Denmark, which … has promised to make enlargement its first priority": a relative
    # clause whose subject is the relative pronoun says something of its antecedent.
    if token.dep_ == "relcl" and any(
        c.dep_ in ("nsubj", "nsubjpass") and c.tag_ in ("WDT", "WP") for c in token.children
    ):
        return True
    # A complement clause with its own subject ("…; France and Germany signed…",
    # which the parser may hang under the next verb) is a statement too.
    return token.dep_ == "ccomp" and (token.head.lower_ in reporting or has_subject)


def _holes(doc: Any, span: tuple[int, int], excluded: set[int]) -> tuple[tuple[int, int], ...]:
    """Character ranges of the excluded tokens inside a span, runs of tokens joined."""
    holes: list[list[int]] = []
    for i in sorted(excluded):
        token = doc[i]
        if not (span[0] <= token.idx < span[1]):
            continue
        if holes and holes[-1][2] == i - 1:
            holes[-1][1:] = [token.idx + len(token.text), i]
        else:
            holes.append([token.idx, token.idx + len(token.text), i])
    return tuple((start, end) for start, end, _ in holes)


def _to_first_gap_after(tokens: list[Any], head: int) -> list[Any]:
    """The tokens (in text order) up to the first gap after the head's position."""
    for before, after in zip(tokens, tokens[1:], strict=False):
        if before.i >= head and after.i != before.i + 1:
            return [t for t in tokens if t.i <= before.i]
    return tokens


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
