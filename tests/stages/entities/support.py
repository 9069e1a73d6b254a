"""A tiny knowledge base and blank-pipeline documents for the entities stage's tests.

The knowledge base is written to a temporary folder; the entities word lists and
patterns are the real ones of ``models/lexicon/`` (data, not a model).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import spacy

from pledgewatch.model import Document, Meta, Region

REPO = Path(__file__).resolve().parents[3]

KB = {
    "people-test.jsonl": [
        {
            "canonical": "Keir Starmer",
            "aliases": ["Sir Keir Starmer"],
            "surname": "Starmer",
            "surname_variants": [],
            "kb_id": "Q6386999",
            "label": "LEADER",
            "state": "United Kingdom",
            "roles": [{"role": "Prime Minister"}],
        },
        {
            "canonical": "Volodymyr Zelensky",
            "aliases": ["Volodymyr Zelenskyy", "Volodymyr Zelenskiy"],
            "surname": "Zelensky",
            "surname_variants": ["Zelenskyy", "Zelenskiy"],
            "kb_id": "Q3881980",
            "label": "LEADER",
            "state": "Ukraine",
            "roles": [],
        },
        {
            "canonical": "Theresa May",
            "aliases": [],
            "surname": "May",
            "surname_variants": [],
            "kb_id": None,
            "label": "LEADER",
            "state": "United Kingdom",
            "roles": [],
        },
    ],
    "states.jsonl": [
        {
            "canonical": "Ukraine",
            "aliases": [],
            "kb_id": "Q212",
            "capitals": ["Kyiv", "Kiev"],
            "metonyms": [],
            "demonyms": ["Ukrainian"],
        },
        {
            "canonical": "United Kingdom",
            "aliases": ["Britain", "UK"],
            "kb_id": "Q145",
            "capitals": ["London"],
            "metonyms": [],
            "demonyms": ["British"],
        },
    ],
    "coalitions.jsonl": [
        {
            "canonical": "NATO",
            "aliases": ["the Alliance", "North Atlantic Treaty Organization"],
            "kb_id": "Q7184",
            "generic": False,
        },
        {"canonical": "Coalition of the Willing", "aliases": [], "kb_id": None, "generic": False},
    ],
    "guarantees.jsonl": [
        {
            "canonical": "security guarantees",
            "aliases": ["security guarantee"],
            "kb_id": None,
            "generic": True,
        },
        {"canonical": "Kyiv Security Compact", "aliases": [], "kb_id": None, "generic": False},
        {"canonical": "Article 5", "aliases": ["Article V"], "kb_id": None, "generic": False},
    ],
    "organizations.jsonl": [
        {
            "canonical": "Royal United Services Institute",
            "aliases": ["RUSI"],
            "kb_id": None,
            "kind": "think_tank",
        },
    ],
}
LEXICONS = {
    "leader_titles.txt": "Prime Minister\nDefence Secretary\nPresident\nforeign minister\n",
    "expert_titles.txt": "analyst\nsenior fellow\nprofessor\nresearcher\n",
}


def write_models(root: Path) -> Path:
    """The tiny knowledge base, its two title lists, and the real entity word lists."""
    (root / "kb").mkdir(parents=True)
    (root / "lexicon").mkdir()
    for name, rows in KB.items():
        (root / "kb" / name).write_text(
            "".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8"
        )
    for name, text in LEXICONS.items():
        (root / "lexicon" / name).write_text(text, encoding="utf-8")
    for name in (
        "entity_words.tsv",
        "entity_patterns.tsv",
        "guarantee_patterns.tsv",
        "reporting_verbs.txt",
    ):
        shutil.copy(REPO / "models" / "lexicon" / name, root / "lexicon" / name)
    return root


NLP = spacy.blank("en")
NLP.add_pipe("sentencizer")


def make_doc(
    text: str,
    ents: list[tuple[str, str]] = (),
    pos: dict[str, str] | None = None,
    deps: dict[str, tuple[str, str]] | None = None,
    boilerplate: tuple[Region, ...] = (),
    published: str | None = None,
) -> Document:
    """A document with a blank-pipeline analysis; ``ents`` are (surface, label) set by hand."""
    sdoc = NLP(text)
    spans = []
    for surface, label in ents:
        start = text.index(surface)
        spans.append(sdoc.char_span(start, start + len(surface), label=label))
    sdoc.ents = spans
    for token in sdoc:
        if pos and token.text in pos:
            token.pos_ = pos[token.text]
        if deps and token.text in deps:
            dep, head = deps[token.text]
            token.dep_ = dep
            token.head = next(t for t in sdoc if t.text == head)
    return Document(
        doc_id="t",
        text=text,
        meta=Meta(published=published),
        boilerplate=boilerplate,
        analysis=sdoc,
    )
