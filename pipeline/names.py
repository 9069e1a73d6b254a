"""Name folding: when two spellings of a name mean the same entity.

The scorer compares canonical names (document-level entities, quote speakers,
commitment actors) and the entities stage resolves aliases; both go through
`fold_name` and `AliasTable` so they agree on what "the same name" is.

Folding is case-, accent-, punctuation- and title-insensitive and merges the
common transliterations of Slavic surname endings, so "Sir Keir Starmer" meets
"Keir Starmer" and "President Zelenskyy" meets "Zelensky" without any
knowledge base. The knowledge base in ``models/kb/`` adds real aliases
("U.S." → "United States", "RUSI" → "Royal United Services Institute").
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path

from pledgewatch.errors import ModelFileError

# Leading words that qualify a name without being part of it. Multi-word
# titles are matched as token sequences, longest first.
_TITLES: tuple[str, ...] = (
    "the",
    "former",
    "late",
    "acting",
    "interim",
    "outgoing",
    "incoming",
    "deputy",
    "vice",
    "sir",
    "dame",
    "lord",
    "lady",
    "baroness",
    "baron",
    "rt hon",
    "right honourable",
    "right honorable",
    "hon",
    "honourable",
    "honorable",
    "dr",
    "doctor",
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "prof",
    "professor",
    "gen",
    "general",
    "lt gen",
    "lieutenant general",
    "maj gen",
    "major general",
    "brig gen",
    "brigadier general",
    "lt",
    "lieutenant",
    "col",
    "colonel",
    "maj",
    "major",
    "capt",
    "captain",
    "adm",
    "admiral",
    "vice admiral",
    "rear admiral",
    "air chief marshal",
    "air marshal",
    "field marshal",
    "marshal",
    "sgt",
    "sergeant",
    "rep",
    "representative",
    "sen",
    "senator",
    "gov",
    "governor",
    "president",
    "vice president",
    "prime minister",
    "premier",
    "chancellor",
    "minister",
    "foreign minister",
    "defence minister",
    "defense minister",
    "foreign secretary",
    "defence secretary",
    "defense secretary",
    "home secretary",
    "secretary",
    "secretary of state",
    "secretary of defense",
    "secretary of war",
    "war secretary",
    "secretary general",
    "nato secretary general",
    "commissioner",
    "high representative",
    "ambassador",
    "envoy",
    "special envoy",
    "chief of staff",
    "king",
    "queen",
    "prince",
    "princess",
    "pope",
)
_TITLE_TOKENS: tuple[tuple[str, ...], ...] = tuple(
    sorted({tuple(t.split()) for t in _TITLES}, key=len, reverse=True)
)
# The titles by their first word, longest first as above.
_TITLES_BY_FIRST: dict[str, tuple[tuple[str, ...], ...]] = {
    first: tuple(t for t in _TITLE_TOKENS if t[0] == first)
    for first in {t[0] for t in _TITLE_TOKENS}
}

# Letters that Unicode decomposition leaves alone.
_TRANSLITERATE = str.maketrans(
    {"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ı": "i", "þ": "th", "ð": "d"}
)
_APOSTROPHES = re.compile("[\u2018\u2019\u02bc\u00b4`\u2032]")
_POSSESSIVE = re.compile(r"(?<=\w)'s\b|(?<=s)'(?=\s|$)")
_NOT_WORD = re.compile(r"[^\w\s]|_")
# Slavic "-yy/-iy/-yi/-ii/-yj" endings of one name: Zelenskyy, Zelenskiy → zelensky.
_SURNAME_ENDING = re.compile(r"(?<=\w{3})(?:yy|iy|yi|ii|yj)$")


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _strip_titles(tokens: list[str]) -> list[str]:
    """Drop leading titles and "the" while at least one token remains."""
    stripped = True
    while stripped and tokens:
        stripped = False
        for title in _TITLES_BY_FIRST.get(tokens[0], ()):
            n = len(title)
            if len(tokens) > n and tuple(tokens[:n]) == title:
                tokens = tokens[n:]
                stripped = True
                break
    return tokens


# Generational suffixes after a surname ("Charles Q. Brown, Jr.", "Lloyd J. Austin III").
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


def surname_of(name: str) -> str:
    """A name's last word without a generational suffix or its punctuation, in upper
    case (as transcript labels write it).

    >>> surname_of("CHAIRMAN OF THE JOINT CHIEFS OF STAFF GEN. CHARLES Q. BROWN, JR.")
    'BROWN'
    >>> surname_of("Lloyd J. Austin III")
    'AUSTIN'
    """
    words = [w.strip(".,") for w in name.split()]
    while len(words) > 1 and words[-1].lower() in _SUFFIXES:
        words.pop()
    return words[-1].upper() if words else name.upper()


@functools.lru_cache(maxsize=1 << 16)
def fold_name(name: str) -> str:
    """The comparison key of a name: lower case, no accents, titles or punctuation.

    >>> fold_name("Sir Keir Starmer's")
    'keir starmer'
    >>> fold_name("Dr. José Pascal da Rocha")
    'jose pascal da rocha'
    >>> fold_name("the U.S.")
    'us'
    >>> fold_name("President Zelenskyy") == fold_name("Zelenskiy") == "zelensky"
    True
    """
    text = _strip_accents(name).casefold().translate(_TRANSLITERATE)
    text = _APOSTROPHES.sub("'", text)
    text = _POSSESSIVE.sub("", text)
    # "U.S." and "O'Brien" close up; other punctuation separates words.
    text = text.replace(".", "").replace("'", "").replace("&", " and ")
    tokens = _strip_titles(_NOT_WORD.sub(" ", text).split())
    return " ".join(_SURNAME_ENDING.sub("y", token) for token in tokens)


class AliasTable:
    """Folded alias → canonical name, for comparing and resolving names.

    An entry's own canonical name always resolves to itself; an alias claimed
    by two different entries is ambiguous and left unresolved (it folds as
    itself) rather than guessed.

    >>> table = AliasTable({"U.S.": "United States", "America": "United States"})
    >>> table.canonical("the US") == table.canonical("United States")
    True
    >>> table.canonical("Mark Rutte")
    'mark rutte'
    """

    def __init__(self, aliases: Mapping[str, str] | None = None) -> None:
        self._display: dict[str, str] = {}  # folded alias or canonical -> canonical
        self._canonical_keys: set[str] = set()
        self._ambiguous: set[str] = set()
        if aliases:
            self.add_entries((canonical, [alias]) for alias, canonical in aliases.items())

    def add_entries(self, entries: Iterable[tuple[str, Iterable[str]]]) -> None:
        """Add ``(canonical, aliases)`` pairs."""
        for canonical, aliases in entries:
            key = fold_name(canonical)
            if not key:
                continue
            if key not in self._canonical_keys:
                # A canonical name overrides anything it was an alias of.
                self._canonical_keys.add(key)
                self._ambiguous.discard(key)
                self._display[key] = canonical
            for alias in aliases:
                self._add_alias(fold_name(alias), canonical)

    def _add_alias(self, alias_key: str, canonical: str) -> None:
        if not alias_key or alias_key in self._canonical_keys or alias_key in self._ambiguous:
            return
        known = self._display.get(alias_key)
        if known is None:
            self._display[alias_key] = canonical
        elif fold_name(known) != fold_name(canonical):
            del self._display[alias_key]
            self._ambiguous.add(alias_key)

    @classmethod
    def from_kb(cls, models_dir: Path) -> AliasTable:
        """Load every ``models_dir/kb/*.jsonl``; an absent or empty folder gives no aliases.

        Uses ``canonical``, ``aliases`` and, for people, ``surname_variants``
        turned into full names ("Volodymyr Zelensky" + "Zelenskyy" →
        "Volodymyr Zelenskyy"). Capitals and metonyms of states are not
        aliases: "Kyiv" is not always the government of Ukraine.
        """
        table = cls()
        kb_dir = Path(models_dir) / "kb"
        if not kb_dir.is_dir():
            return table
        for path in sorted(kb_dir.glob("*.jsonl")):
            table.add_entries(_read_kb_file(path))
        return table

    def __len__(self) -> int:
        return len(self._display)

    def lookup(self, name: str) -> str | None:
        """The knowledge-base canonical name of ``name`` as written there, or None."""
        return self._display.get(fold_name(name))

    def canonical(self, name: str) -> str:
        """The folded canonical key of ``name``; unknown names fold as themselves."""
        key = fold_name(name)
        known = self._display.get(key)
        return fold_name(known) if known is not None else key

    def same(self, first: str | None, second: str | None) -> bool:
        """Whether two names (None or empty meaning no name) denote the same entity."""
        if not first or not second:
            return not first and not second
        return self.canonical(first) == self.canonical(second)


def _read_kb_file(path: Path) -> list[tuple[str, list[str]]]:
    entries: list[tuple[str, list[str]]] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise ModelFileError(f"{path}: cannot read knowledge-base file: {error}") from error
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
        except json.JSONDecodeError as error:
            raise ModelFileError(f"{path}:{number}: invalid JSON: {error.msg}") from error
        canonical = entry.get("canonical") if isinstance(entry, dict) else None
        if not isinstance(canonical, str) or not canonical.strip():
            raise ModelFileError(
                f"{path}:{number}: canonical: expected a non-empty string, got {canonical!r}"
            )
        aliases = [a for a in entry.get("aliases") or () if isinstance(a, str)]
        aliases += _surname_variant_names(
            canonical, entry.get("surname"), entry.get("surname_variants") or ()
        )
        entries.append((canonical, aliases))
    return entries


def _surname_variant_names(
    canonical: str, surname: object, variants: Iterable[object]
) -> list[str]:
    """Full names with the surname replaced by each variant spelling."""
    if isinstance(surname, str) and surname and canonical.endswith(surname):
        given = canonical[: -len(surname)]
    else:
        given = canonical.rsplit(" ", 1)[0] + " " if " " in canonical else ""
    return [given + variant for variant in variants if isinstance(variant, str) and variant]


def edit_distance(first: str, second: str, limit: int = 2) -> int:
    """Levenshtein distance between two strings, or ``limit + 1`` once it exceeds ``limit``.

    >>> edit_distance("emmauel macron", "emmanuel macron")
    1
    >>> edit_distance("merz", "mertz"), edit_distance("merz", "macron")
    (1, 3)
    """
    if abs(len(first) - len(second)) > limit:
        return limit + 1
    previous = list(range(len(second) + 1))
    for i, a in enumerate(first, start=1):
        current = [i]
        for j, b in enumerate(second, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return min(previous[-1], limit + 1)
