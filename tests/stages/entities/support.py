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


def _leader(canonical: str, state: str, role: str, start: str, end: str | None = None) -> dict:
    return {
        "canonical": canonical,
        "aliases": [],
        "surname": canonical.split()[-1],
        "surname_variants": [],
        "kb_id": None,
        "label": "LEADER",
        "state": state,
        "roles": [{"role": role, "of": state, "from": start, "to": end}],
    }


# More of the world, for the rules on first names, misspellings, bodies and instruments.
KB["people-more.jsonl"] = [
    _leader("Emmanuel Macron", "France", "President", "2017-05"),
    _leader("Friedrich Merz", "Germany", "Chancellor", "2025-05"),
    _leader("Olaf Scholz", "Germany", "Chancellor", "2021-12", "2025-05"),
    _leader("Donald Trump", "United States", "President", "2025-01"),
    _leader("Vladimir Putin", "Russia", "President", "2012-05"),
    _leader("Steve Witkoff", "United States", "Special Envoy", "2025-01"),
    _leader("Mark Rutte", "Netherlands", "Prime Minister", "2010-10", "2024-07"),
]
KB["states.jsonl"] += [
    {"canonical": name, "aliases": [], "kb_id": None, "capitals": [capital], "demonyms": [demonym]}
    for name, capital, demonym in (
        ("France", "Paris", "French"),
        ("Germany", "Berlin", "German"),
        ("Russia", "Moscow", "Russian"),
        ("United States", "Washington", "American"),
        ("Netherlands", "Amsterdam", "Dutch"),
    )
]
KB["coalitions.jsonl"] += [
    {"canonical": "G7", "aliases": ["Group of Seven"], "kb_id": None, "generic": False},
]
KB["guarantees.jsonl"] += [
    {
        "canonical": "Paris Declaration",
        "aliases": [],
        "kb_id": None,
        "generic": False,
        "issuers": ["Coalition of the Willing"],
        "date": "2026-01",
    },
    {
        "canonical": "G7 Joint Declaration of Support for Ukraine",
        "aliases": ["G7 declaration"],
        "kb_id": None,
        "generic": False,
        "issuers": ["G7"],
        "date": "2023-07",
    },
    {
        "canonical": "UK-Ukraine 100-Year Partnership",
        "aliases": ["100-Year Partnership"],
        "kb_id": None,
        "generic": False,
    },
    {
        "canonical": "Multinational Force Ukraine",
        "aliases": ["multinational force"],
        "kb_id": None,
        "generic": False,
    },
    {
        "canonical": "bilateral security agreements",
        "aliases": ["security agreements"],
        "kb_id": None,
        "generic": True,
    },
    {"canonical": "security arrangements", "aliases": [], "kb_id": None, "generic": True},
    {"canonical": "trilateral declaration", "aliases": [], "kb_id": None, "generic": True},
    {"canonical": "joint declaration", "aliases": [], "kb_id": None, "generic": True},
]
KB["organizations.jsonl"] += [
    {"canonical": "White House", "aliases": [], "kb_id": None, "kind": "government_body"},
    {"canonical": "Kiel Institute", "aliases": [], "kb_id": None, "kind": "think_tank"},
    {"canonical": "The Atlantic", "aliases": [], "kb_id": None, "kind": "news"},
]


LEXICONS = {
    "leader_titles.txt": (
        "Prime Minister\nDefence Secretary\nPresident\nforeign minister\nChancellor\n"
        "Ambassador\nGeneral\nLieutenant General\ncommander\nSpecial Envoy\n"
    ),
    "expert_titles.txt": "analyst\nsenior fellow\nprofessor\nresearcher\ndirector\nfellow\n",
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
