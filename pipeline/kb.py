"""The knowledge base and lexicons in ``models/``, loaded once into typed tables.

``models/kb/*.jsonl`` holds gazetteer entries, one JSON object a line; the
file name says the label: ``people-*.jsonl`` → LEADER, ``states.jsonl`` →
STATE, ``coalitions.jsonl`` → COALITION, ``guarantees.jsonl`` → GUARANTEE,
``organizations.jsonl`` → ORGANIZATION. ``models/lexicon/*.txt`` are word
lists, one entry a line, ``#`` for comments.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pledgewatch.errors import ModelFileError

_LABEL_BY_FILE = {
    "states": "STATE",
    "coalitions": "COALITION",
    "guarantees": "GUARANTEE",
    "organizations": "ORGANIZATION",
}


@dataclass(frozen=True)
class Office:
    """An office a person held: role as the knowledge base names it, of what state
    or body, and from when to when ("YYYY-MM" or "YYYY-MM-DD"; ``end`` None while held)."""

    role: str
    of: str | None = None
    start: str | None = None
    end: str | None = None

    def held_on(self, date: str | None) -> bool:
        """Whether the office was held on ``date`` (ISO); with no date, whether it is
        held now (no end)."""
        if date is None:
            return self.end is None
        day = date[:10]
        return (self.start is None or self.start[:10] <= day) and (
            self.end is None or day[: len(self.end)] <= self.end
        )


@dataclass(frozen=True)
class KbEntry:
    canonical: str
    label: str
    kb_id: str | None
    aliases: tuple[str, ...]
    surname: str | None = None
    surname_variants: tuple[str, ...] = ()
    capitals: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    generic: bool = False
    state: str | None = None
    kind: str | None = None
    roles: tuple[str, ...] = ()
    offices: tuple[Office, ...] = ()
    # Guarantee instruments: the states or coalitions that issued or signed them, and
    # when ("YYYY-MM"), so that "the G7 signed a joint declaration" can name it.
    issuers: tuple[str, ...] = ()
    date: str | None = None

    def names(self) -> tuple[str, ...]:
        """The canonical name and every alias, without a leading 'the'."""
        out = []
        for name in (self.canonical, *self.aliases):
            if name.lower().startswith("the ") and not name[4:5].islower():
                name = name[4:]
            if name and name not in out:
                out.append(name)
        return tuple(out)


@dataclass(frozen=True)
class Lexicons:
    leader_titles: tuple[str, ...] = ()
    expert_titles: tuple[str, ...] = ()
    reporting_verbs: tuple[str, ...] = ()
    commitment_cues: tuple[tuple[str, str], ...] = ()
    # Rows of the commitments stage's tables (tab-separated columns): verbs and
    # nouns by class, type keywords, and the expressions that open a condition.
    commitment_verbs: tuple[tuple[str, ...], ...] = ()
    commitment_nouns: tuple[tuple[str, ...], ...] = ()
    commitment_types: tuple[tuple[str, ...], ...] = ()
    commitment_conditions: tuple[str, ...] = ()
    # The quotes stage's word classes (quote_words.tsv) and offices by title (offices.tsv).
    quote_words: tuple[tuple[str, ...], ...] = ()
    offices: tuple[tuple[str, ...], ...] = ()
    # The entities stage's word classes (word, class), its named expressions
    # (name, expression) and the guarantee patterns (canonical, expression).
    entity_words: tuple[tuple[str, ...], ...] = ()
    entity_patterns: tuple[tuple[str, ...], ...] = ()
    guarantee_patterns: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class KnowledgeBase:
    entries: tuple[KbEntry, ...] = ()
    lexicons: Lexicons = field(default_factory=Lexicons)
    version: str = "empty"

    def by_label(self, label: str) -> list[KbEntry]:
        return [e for e in self.entries if e.label == label]

    def first_named(self, label: str, text: str, demonyms: bool = False) -> KbEntry | None:
        """The first entry of ``label``, in knowledge-base order, that ``text`` names as a
        whole word (with ``demonyms``, or by a demonym: "the French president"); None
        when none does. One pattern of all those names, built once per knowledge base,
        tests the text first, so a text that names none costs one search."""
        if not text or not self.names_pattern(label, demonyms).search(text):
            return None
        for entry in self.by_label(label):
            words = (*entry.demonyms, *entry.names()) if demonyms else entry.names()
            if any(re.search(rf"\b{re.escape(w)}\b", text) for w in words):
                return entry
        return None

    def names_pattern(self, label: str, demonyms: bool = False) -> re.Pattern[str]:
        """One pattern that finds, as a whole word, any name (and with ``demonyms``
        any demonym) of the entries of ``label``. Built once per knowledge base."""
        cache = self.__dict__.setdefault("_name_patterns", {})
        key = (label, demonyms)
        if key not in cache:
            words = {
                word
                for entry in self.by_label(label)
                for word in (*entry.names(), *(entry.demonyms if demonyms else ()))
                if word
            }
            alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
            cache[key] = re.compile(rf"\b(?:{alternatives})\b" if words else r"(?!)")
        return cache[key]

    def holders(self, roles: Iterable[str], of: str | None, date: str | None) -> list[str]:
        """The people who held one of ``roles`` (compared case-insensitively, hyphens as
        spaces) of ``of`` (a state or body; None: any) on ``date`` (ISO; None: now)."""
        wanted = {_role_key(r) for r in roles}
        out = []
        for entry in self.entries:
            for office in entry.offices:
                if (
                    _role_key(office.role) in wanted
                    and (of is None or office.of == of)
                    and office.held_on(date)
                ):
                    out.append(entry.canonical)
                    break
        return list(dict.fromkeys(out))

    @classmethod
    def load(cls, models_dir: Path) -> KnowledgeBase:
        """Read ``models_dir/kb`` and ``models_dir/lexicon``; a missing folder gives an empty part.

        The entities, quotes and commitments stages all need it: it is read once
        per state of the files (path, size, modification time) and shared; the
        knowledge base is frozen, so sharing is safe.
        """
        return _load_cached(Path(models_dir).resolve(), _fingerprint(Path(models_dir)))

    @classmethod
    def _read(cls, models_dir: Path) -> KnowledgeBase:
        import hashlib

        digest = hashlib.sha256()
        entries: list[KbEntry] = []
        kb_dir = Path(models_dir) / "kb"
        for path in sorted(kb_dir.glob("*.jsonl")) if kb_dir.exists() else []:
            stem = path.stem
            label = "LEADER" if stem.startswith("people") else _LABEL_BY_FILE.get(stem)
            if label is None:
                raise ModelFileError(
                    f"{path}: unknown knowledge-base file; expected people-*.jsonl or one of "
                    f"{', '.join(f'{n}.jsonl' for n in _LABEL_BY_FILE)}"
                )
            data = path.read_bytes()
            digest.update(data)
            for number, line in enumerate(data.decode("utf-8").splitlines(), start=1):
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                    entries.append(_entry(obj, label))
                except (json.JSONDecodeError, KeyError, TypeError) as error:
                    raise ModelFileError(
                        f"{path}:{number}: not a knowledge-base entry ({error})"
                    ) from None
        lexicon_dir = Path(models_dir) / "lexicon"
        lexicons = Lexicons(
            leader_titles=_words(lexicon_dir / "leader_titles.txt", digest),
            expert_titles=_words(lexicon_dir / "expert_titles.txt", digest),
            reporting_verbs=_words(lexicon_dir / "reporting_verbs.txt", digest),
            commitment_cues=tuple(
                tuple(line.split("\t", 1))
                for line in _words(lexicon_dir / "commitment_cues.txt", digest)
                if "\t" in line
            ),
            commitment_verbs=_rows(lexicon_dir / "commitment_verbs.tsv", digest),
            commitment_nouns=_rows(lexicon_dir / "commitment_nouns.tsv", digest),
            commitment_types=_rows(lexicon_dir / "commitment_types.tsv", digest),
            commitment_conditions=_words(
                lexicon_dir / "commitment_conditions.txt", digest, comments=False
            ),
            quote_words=_rows(lexicon_dir / "quote_words.tsv", digest),
            offices=_rows(lexicon_dir / "offices.tsv", digest),
            entity_words=_rows(lexicon_dir / "entity_words.tsv", digest),
            entity_patterns=_rows(lexicon_dir / "entity_patterns.tsv", digest, comments=False),
            guarantee_patterns=_rows(
                lexicon_dir / "guarantee_patterns.tsv", digest, comments=False
            ),
        )
        return cls(tuple(entries), lexicons, digest.hexdigest()[:12] if entries else "empty")


def _fingerprint(models_dir: Path) -> tuple[tuple[str, int, int], ...]:
    files = [
        *sorted(models_dir.glob("kb/*.jsonl")),
        *sorted(models_dir.glob("lexicon/*.txt")),
        *sorted(models_dir.glob("lexicon/*.tsv")),
    ]
    return tuple((str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in files)


@lru_cache(maxsize=8)
def _load_cached(models_dir: Path, fingerprint: tuple[tuple[str, int, int], ...]) -> KnowledgeBase:
    del fingerprint  # part of the cache key only: changed files are read again
    return KnowledgeBase._read(models_dir)


def _role_key(role: str) -> str:
    return " ".join(role.lower().replace("-", " ").split())


def _entry(obj: dict, label: str) -> KbEntry:
    roles = tuple(r.get("role", "") for r in obj.get("roles") or () if isinstance(r, dict))
    offices = tuple(
        Office(r.get("role", ""), r.get("of"), r.get("from"), r.get("to"))
        for r in obj.get("roles") or ()
        if isinstance(r, dict)
    )
    return KbEntry(
        canonical=obj["canonical"],
        label=label,
        kb_id=obj.get("kb_id"),
        aliases=tuple(obj.get("aliases") or ()),
        surname=obj.get("surname"),
        surname_variants=tuple(obj.get("surname_variants") or ()),
        capitals=tuple(obj.get("capitals") or ()),
        demonyms=tuple(obj.get("demonyms") or ()),
        generic=bool(obj.get("generic")),
        state=obj.get("state"),
        kind=obj.get("kind"),
        roles=roles,
        offices=offices,
        issuers=tuple(obj.get("issuers") or ()),
        date=obj.get("date"),
    )


def _words(path: Path, digest, comments: bool = True) -> tuple[str, ...]:
    """The entries of a list, one a line; a line starting with ``#`` is a comment, and
    with ``comments`` so is the rest of a line after ``#`` (not in files of regular
    expressions, where ``#`` may be a character)."""
    if not path.exists():
        return ()
    data = path.read_bytes()
    digest.update(data)
    out = []
    for line in data.decode("utf-8").splitlines():
        if line.lstrip().startswith("#"):
            continue
        if comments:
            line = line.split("#", 1)[0]
        if line.strip():
            out.append(line.strip())
    return tuple(dict.fromkeys(out))


def _rows(path: Path, digest, comments: bool = True) -> tuple[tuple[str, ...], ...]:
    """The tab-separated rows of a table (comments as in `_words`)."""
    return tuple(
        tuple(cell.strip() for cell in line.split("\t"))
        for line in _words(path, digest, comments=comments)
    )
