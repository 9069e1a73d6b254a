"""Guarantee instruments beyond the knowledge base's names.

- `pattern_candidates`: instruments found by their form (``models/lexicon/
  guarantee_patterns.tsv``): "the Paris Declaration", "a 100-Year Partnership",
  "a Multinational Force for Ukraine", "Article 5-like protection". A pattern that
  meets a known instrument takes its canonical name.
- `name_issued`: "the G7 signed a joint declaration" names the G7's instrument
  when the knowledge base has exactly one issued by that body by the article's date.
"""

from __future__ import annotations

from typing import Any

from pledgewatch.nlp import doc_text
from pledgewatch.stages.entities.candidates import Candidate
from pledgewatch.stages.entities.lexicon import EntityLexicon, Gazetteer

# Generic phrases that may stand for a named instrument of the body that issued it.
_ISSUED = frozenset({"joint declaration"})


def pattern_candidates(sdoc: Any, lexicon: EntityLexicon, gazetteer: Gazetteer) -> list[Candidate]:
    text = doc_text(sdoc)
    out: list[Candidate] = []
    for template, pattern in lexicon.guarantees:
        for match in pattern.finditer(text):
            groups = match.groupdict()
            if groups.get("place") is not None and not _is_place(
                sdoc, match.start("place"), match.end("place"), gazetteer
            ):
                continue
            start, end = match.span("span") if "span" in pattern.groupindex else match.span()
            canonical = template.format(**{k: v or "" for k, v in groups.items()})
            entry = gazetteer.entry(canonical, "GUARANTEE")
            out.append(
                Candidate(
                    start,
                    end,
                    "GUARANTEE",
                    entry.canonical if entry else canonical,
                    "pattern",
                    0.85,
                    entry=entry,
                    priority=4,
                )
            )
    return out


def _is_place(sdoc: Any, start: int, end: int, gazetteer: Gazetteer) -> bool:
    """A state, a capital, or a place spaCy tags as one ("Vilnius", "Jeddah")."""
    if doc_text(sdoc)[start:end] in gazetteer.places:
        return True
    span = sdoc.char_span(start, end, alignment_mode="expand")
    return span is not None and all(t.ent_type_ in ("GPE", "LOC") for t in span)


def name_issued(
    sdoc: Any, chosen: list[Candidate], gazetteer: Gazetteer, published: str | None
) -> None:
    """Give a generic "joint declaration" the name of the instrument its issuer made,
    when the issuer is the subject of the verb that governs it (changes ``chosen``)."""
    bodies = [c for c in chosen if c.label in ("COALITION", "STATE")]
    instruments = [e for e in gazetteer.kb.entries if e.label == "GUARANTEE" and e.issuers]
    for candidate in chosen:
        if candidate.label != "GUARANTEE" or candidate.canonical not in _ISSUED:
            continue
        span = sdoc.char_span(candidate.start, candidate.end, alignment_mode="expand")
        if span is None:
            continue
        verb = span.root.head if span.root.dep_ in ("dobj", "nsubjpass", "pobj") else None
        if verb is not None and verb.dep_ == "prep":
            verb = verb.head  # "agreed on a joint declaration"
        subjects = [
            t
            for t in (verb.children if verb is not None else ())
            if t.dep_ in ("nsubj", "nsubjpass")
        ]
        if not subjects:
            continue
        lo = min(t.left_edge.idx for t in subjects)
        hi = max(t.right_edge.idx + len(t.right_edge.text) for t in subjects)
        issuers = {b.canonical for b in bodies if lo <= b.start and b.end <= hi}
        matching = [
            e
            for e in instruments
            if issuers & set(e.issuers)
            and (published is None or e.date is None or e.date <= published[: len(e.date)])
        ]
        if len(matching) == 1:
            candidate.canonical, candidate.entry = matching[0].canonical, matching[0]
