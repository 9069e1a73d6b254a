"""Clauses: the statements of a sentence, the first kind of commitment candidate.

A sentence such as "France and Germany signed agreements last week, and Italy
said it would follow once its parliament approves" holds two statements:
"France and Germany signed agreements last week" and "it would follow once its
parliament approves". Each clause head (the root, a coordinated verb with a
subject, modal or object of its own, a reported clause under a reporting verb,
a temporal or relative clause with its own subject, or a non-finite clause of
giving, signing or talking under a verb that is not itself an undertaking: "flew
to Kyiv [to sign a defence pact]", "Spain, [pledging EUR 1 billion], said")
gives one clause: its subtree without the subtrees of the other clause heads
inside it, and without what follows such a clause after the head, so that no
clause's span reaches over another. A reporting frame ("Starmer said") gives
no clause of its own: the reported clause is the evidence.
"""

from __future__ import annotations

from typing import Any

from pledgewatch.nlp import doc_text
from pledgewatch.stages.commitments.candidate import Candidate
from pledgewatch.stages.commitments.lexicon import SUBJECT_DEPS, CommitmentLexicon

_LEADING = frozenset("and but or so yet that while whereas , ; : — – -".split())
_TEMPORAL_MARKS = frozenset("after because as since while although though whereas before".split())
_ADJUNCT_PREPS = frozenset("after before by upon while since when without through".split())
_NONFINITE_DEPS = frozenset({"advcl", "xcomp", "acl", "pcomp", "conj"})


def clauses(sentence: Any, lexicon: CommitmentLexicon) -> list[Candidate]:
    """The clauses of a spaCy sentence span; the whole sentence when the parse has no heads."""
    heads = {t.i: kind for t in sentence if (kind := clause_kind(t, lexicon)) is not None}
    out: list[Candidate] = []
    for i, kind in heads.items():
        head = sentence.doc[i]
        reported = [c for c in head.children if c.dep_ == "ccomp" and c.i in heads]
        if head.lower_ in lexicon.reporting and reported:
            continue  # "Starmer said …": the reported clause is the statement
        inner = [sentence.doc[h] for h in heads if h != i and head.is_ancestor(sentence.doc[h])]
        excluded = {t.i for h in inner for t in h.subtree}
        excluded |= _inner_frames(head, heads, excluded, lexicon)
        tokens = [
            t for t in head.subtree if t.i not in excluded and sentence.start <= t.i < sentence.end
        ]
        span = _tidy(_to_first_gap_after(tokens, head.i))
        if span is not None:
            holes = _holes(sentence.doc, span, excluded)
            out.append(Candidate(span[0], span[1], head.i, kind, holes))
    if not out:
        span = _tidy(list(sentence))
        if span is not None:
            out.append(Candidate(span[0], span[1], sentence.root.i))
    return _unique(out)


def clause_kind(token: Any, lexicon: CommitmentLexicon) -> str | None:
    """ "clause" or "nonfinite" when the token heads a clause of its own, else None."""
    if token.dep_ == "ROOT":
        return "clause"
    if token.pos_ not in ("VERB", "AUX"):
        return None
    children = {c.dep_ for c in token.children}
    has_subject = bool(children & SUBJECT_DEPS)
    if _coordinated_complement(token, has_subject):
        return None
    if token.dep_ in ("conj", "parataxis") and has_subject:
        return "clause"
    # "…has ruled out troops but would provide air cover": a coordinated verb with a
    # modal or an object of its own is a statement of its own, sharing the subject; so
    # is a coordinated "help Kyiv rebuild" ("will fund the repairs and help Kyiv rebuild").
    if (
        token.dep_ == "conj"
        and token.head.pos_ in ("VERB", "AUX")
        and (
            children & {"aux", "dobj", "auxpass"}
            or (children & {"xcomp", "ccomp"} and lexicon.verb(token.lemma_, "causative"))
        )
    ):
        return "clause"
    # "…, after Hungary again refused to lift its veto": a temporal or causal clause with
    # its own subject; conditions ("if", "once", "after the war ends") stay in the clause
    # they condition.
    if (
        token.dep_ == "advcl"
        and has_subject
        and any(c.dep_ == "mark" and c.lower_ in _TEMPORAL_MARKS for c in token.children)
        and not _reads_as_condition(token, lexicon)
    ):
        return "clause"
    # "…, with Prime Minister Fumio Kishida pledging $4.5 billion": an absolute clause
    # with a subject of its own is a statement of its own.
    if token.dep_ == "pcomp" and has_subject and token.head.lower_ in ("with", "without"):
        return "clause"
    # "Denmark, which … has promised to make enlargement its first priority".
    if token.dep_ == "relcl" and any(
        c.dep_ in ("nsubj", "nsubjpass") and c.tag_ in ("WDT", "WP") for c in token.children
    ):
        return "clause"
    # "an agreement that the United States could offer Article 5 protection": a clause
    # that gives a noun's content, with a subject of its own.
    if token.dep_ in ("acl", "relcl") and any(
        c.dep_ in ("nsubj", "nsubjpass") and c.tag_ not in ("WDT", "WP") and c.pos_ != "PRON"
        for c in token.children
    ):
        return "clause"
    if token.dep_ == "ccomp":
        governor = token.head
        if governor.lower_ in lexicon.reporting:
            return "clause"
        # "help Ukraine expand its army", "ensure that Ukraine owns its skies": the
        # complement of a causative verb belongs to the statement that governs it.
        # "until the Commission guarantees that Slovakia is spared": the content of a
        # verb inside a condition is part of the condition, and so of its clause.
        inside_condition = governor.dep_ == "advcl" and _reads_as_condition(governor, lexicon)
        # "help Ukraine repair [what is destroyed]": a free relative is the verb's object.
        free_relative = any(
            c.dep_ in SUBJECT_DEPS and c.tag_ in ("WP", "WDT") for c in token.children
        )
        if (
            has_subject
            and not lexicon.verb(governor.lemma_, "causative")
            and not inside_condition
            and not free_relative
        ):
            return "clause"
        return None
    if _nonfinite_undertaking(token, lexicon):
        return "nonfinite"
    return None


def _coordinated_complement(token: Any, has_subject: bool) -> bool:
    """The second of two infinitives under one verb ("pledged to send shells, [to
    train] crews and [to fund] repairs"): the same statement, whose enumeration gives
    the items."""
    head = token.head
    return (
        token.dep_ == "conj"
        and not has_subject
        and token.tag_ == "VB"
        and head.tag_ == "VB"
        and head.dep_ == "xcomp"
        and any(c.lower_ == "to" for c in token.children)
    )


def _inner_frames(
    head: Any, heads: dict[int, str], excluded: set[int], lexicon: CommitmentLexicon
) -> set[int]:
    """The reporting verbs inside a clause whose reported clause is a clause of its
    own, with nothing else under them: the "saying" of "withdrew the offer,
    saying [Prague would not commit itself]" belongs to neither statement."""
    out = set()
    for token in head.subtree:
        if token.i == head.i or token.i in excluded or token.lower_ not in lexicon.reporting:
            continue
        if not any(c.dep_ == "ccomp" and c.i in heads for c in token.children):
            continue
        rest = [t for t in token.subtree if t.i not in excluded and t.i != token.i]
        if all(t.is_punct for t in rest):
            out.add(token.i)
    return out


def _reads_as_condition(token: Any, lexicon: CommitmentLexicon) -> bool:
    """Whether a subordinate clause opens like a condition ("after the war ends")."""
    words = list(token.subtree)
    text = doc_text(token.doc)[words[0].idx : words[-1].idx + len(words[-1].text)]
    match = lexicon.condition.match(text)
    return match is not None


def _nonfinite_undertaking(token: Any, lexicon: CommitmentLexicon) -> bool:
    """A participle or infinitive of giving, signing or talking that is not the
    complement of a verb of undertaking ("agreed [to send]" stays one statement):
    "flew to Kyiv to sign a pact", "Japan, pledging new aid", "after signing the accord"."""
    if token.dep_ not in _NONFINITE_DEPS or token.tag_ not in ("VB", "VBG", "VBN"):
        return False
    if any(c.dep_ in SUBJECT_DEPS for c in token.children):
        return False
    if not (lexicon.verb(token.lemma_, "undertaking") or lexicon.verb(token.lemma_, "talks")):
        return False
    if token.tag_ == "VB" and not any(c.lower_ == "to" for c in token.children):
        return False  # a bare infinitive belongs to its modal or governing verb
    if _complement_of(token):
        return False
    governor = token.head
    if token.dep_ == "pcomp" and governor.dep_ == "prep":
        governor = governor.head  # "after [signing]" under its verb
    if token.dep_ == "conj":
        # "to coordinate aid and [discuss] a peace plan": the second of two infinitives
        return _nonfinite_undertaking(governor, lexicon) and any(
            c.dep_ == "dobj" for c in token.children
        )
    if token.tag_ == "VBN":
        return False  # "assistance provided to Ukraine", "backed by air power" describe
    if token.dep_ == "acl" and token.head.pos_ == "NOUN":
        return False  # "plans to send troops", "a proposal to form a coalition": the noun's content
    return not (
        lexicon.verb(governor.lemma_, "frame")
        or lexicon.verb(governor.lemma_, "control")
        or governor.lower_ in lexicon.reporting
    )


def _complement_of(token: Any) -> bool:
    """Whether a non-finite verb completes the predicate above it, so that the two
    state one thing: "remains committed to delivering jets", "is open to deploying",
    "would go on training troops", "has ruled out sending forces" (the parser's
    advcl right after a verb with no object of its own). "After signing the accord"
    and ", signing the accord with …" stay clauses of their own."""
    if token.dep_ == "pcomp":
        return token.head.lower_ not in _ADJUNCT_PREPS
    if token.dep_ == "advcl" and token.tag_ == "VBG":
        governor = token.head
        between = token.doc[governor.i + 1 : token.i]
        return not any(t.is_punct for t in between) and not any(
            c.dep_ in ("dobj", "attr", "ccomp") for c in governor.children
        )
    return False


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
    kept = {t.i for t in tokens}
    while tokens and (
        tokens[-1].is_punct
        or tokens[-1].is_space
        or tokens[-1].lower_ in _LEADING
        or (tokens[-1].dep_ == "prep" and not any(c.i in kept for c in tokens[-1].children))
    ):
        tokens = tokens[:-1]  # and a preposition whose object is another clause ("…, with")
    if len(tokens) < 2:
        return None
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def _unique(found: list[Candidate]) -> list[Candidate]:
    """One clause per span, in text order."""
    unique = {(c.start, c.end): c for c in found}
    return sorted(unique.values(), key=lambda c: (c.start, c.end))
