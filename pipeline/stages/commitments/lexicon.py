"""The commitments stage's words and patterns, read from ``models/lexicon/commitment_*``.

Everything the rules know about the language of commitments lives in those
files, not in code: status cues (``commitment_cues.txt``), verbs and nouns by
class (``commitment_verbs.tsv``, ``commitment_nouns.tsv``), type keywords
(``commitment_types.tsv``) and the openings of conditions
(``commitment_conditions.txt``). `CommitmentLexicon.from_kb` builds the
lookup tables once per loaded knowledge base.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from pledgewatch.errors import ModelFileError
from pledgewatch.kb import KnowledgeBase

# Words of modality; a bare modal is no cue (what "would" states depends on its frame).
MODALS = frozenset("will would could shall may might can 'll wo".split())
FUTURE = frozenset("will shall 'll wo".split())
HYPOTHETICAL = frozenset("would could might may can".split())
ADVISORY = frozenset("should must ought".split())
NEGATION = frozenset("not n't never no".split())
WH_WORDS = frozenset("what whether how why which who whom when where".split())
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "expl"})
# Adverbs that make "with" a partner in the act, not its counterpart ("together with France").
PARTNER_ADVERBS = frozenset("together along jointly".split())


@dataclass(frozen=True)
class CommitmentLexicon:
    """Lookup tables of the commitment rules.

    ``cues`` maps a phrase's first word to its phrases (as word tuples, longest
    first) with their status; ``verbs`` and ``nouns`` map a class name to its
    lemmas; ``types`` are the keyword patterns in order, ``decisive`` those of them
    that decide the type whatever the classifier says, ``named`` those that name a
    kind of support (all but the row of bare amounts); ``condition`` matches
    the opening of a condition and the words after it up to a break.
    """

    cues: Mapping[str, tuple[tuple[tuple[str, ...], str], ...]]
    cue_status: Mapping[tuple[str, ...], str]
    verbs: Mapping[str, frozenset[str]]
    lemma_status: Mapping[str, str]
    nouns: Mapping[str, frozenset[str]]
    noun_status: Mapping[str, str]
    types: tuple[tuple[str, re.Pattern[str]], ...]
    condition: re.Pattern[str]
    reporting: frozenset[str] = field(default_factory=frozenset)
    decisive: tuple[tuple[str, re.Pattern[str]], ...] = ()
    named: tuple[tuple[str, re.Pattern[str]], ...] = ()

    def verb(self, lemma: str, kind: str) -> bool:
        """Whether a verb lemma belongs to a class ("undertaking", "request", …)."""
        return lemma.lower() in self.verbs.get(kind, frozenset())

    def noun(self, lemma: str, kind: str) -> bool:
        return lemma.lower() in self.nouns.get(kind, frozenset())

    @classmethod
    def from_kb(cls, kb: KnowledgeBase) -> CommitmentLexicon:
        lexicons = kb.lexicons
        cues: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        cue_status: dict[tuple[str, ...], str] = {}
        for phrase, status in lexicons.commitment_cues:
            words = tuple(phrase.lower().split())
            if len(words) == 1 and words[0] in MODALS:
                continue
            cues.setdefault(words[0], []).append((words, status))
            cue_status.setdefault(words, status)
        verbs: dict[str, set[str]] = {}
        lemma_status: dict[str, str] = {}
        for row in lexicons.commitment_verbs:
            lemma, kind = row[0].lower(), row[1]
            if kind == "status":
                lemma_status[lemma] = row[2]
            else:
                verbs.setdefault(kind, set()).add(lemma)
        nouns: dict[str, set[str]] = {}
        noun_status: dict[str, str] = {}
        for row in lexicons.commitment_nouns:
            nouns.setdefault(row[1], set()).add(row[0].lower())
            if len(row) > 2:
                noun_status[row[0].lower()] = row[2]
        try:
            rows = [(row, re.compile(row[1], re.IGNORECASE)) for row in lexicons.commitment_types]
            types = tuple((row[0], pattern) for row, pattern in rows)
            decisive = tuple(
                (row[0], pattern) for row, pattern in rows if tuple(row[2:3]) == ("decisive",)
            )
            named = tuple(
                (row[0], pattern) for row, pattern in rows if tuple(row[2:3]) != ("money",)
            )
            condition = re.compile(
                r"\b(?:" + "|".join(lexicons.commitment_conditions or ("if",)) + r")\b[^,.;:—]*",
                re.IGNORECASE,
            )
        except (re.error, IndexError) as error:
            raise ModelFileError(
                f"commitments: a pattern in models/lexicon/commitment_types.tsv or "
                f"commitment_conditions.txt does not compile ({error}); fix the file"
            ) from None
        return cls(
            cues={k: tuple(sorted(v, key=lambda c: -len(c[0]))) for k, v in cues.items()},
            cue_status=cue_status,
            verbs={k: frozenset(v) for k, v in verbs.items()},
            lemma_status=lemma_status,
            nouns={k: frozenset(v) for k, v in nouns.items()},
            noun_status=noun_status,
            types=types,
            decisive=decisive,
            named=named,
            condition=condition,
            reporting=frozenset(v.lower() for v in lexicons.reporting_verbs if " " not in v),
        )
