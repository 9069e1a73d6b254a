"""Grammatical gender of a named person, for agreeing "he"/"she" with an antecedent.

Only what the name says: a first name from ``models/lexicon/first_names.tsv``,
or a surname ending that marks a woman in Slavic and Baltic languages
("-ova", "-ska", "-aitė") or a man in Slavic ones ("-ov", "-ev", "-ski",
"-vich"). Anything else is unknown, and unknown agrees with both pronouns.
"""

from __future__ import annotations

import re
from pathlib import Path

_FEMALE_SURNAME = re.compile(r"(?:ova|eva|ina|yna|ska|cka|dzka|aitė|ytė|iūtė|ienė|ová|ská)$")
_MALE_SURNAME = re.compile(r"(?:[^aeiou]ov|[^aeiou]ev|[^aeiou]yov|ski|sky|skyi|skiy|vich|vych)$")


def load_first_names(models_dir: Path) -> dict[str, str]:
    path = Path(models_dir) / "lexicon" / "first_names.tsv"
    names: dict[str, str] = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#") and "\t" in line:
                name, gender = line.split("\t", 1)
                names[name.strip()] = gender.strip()
    return names


def gender_of(name: str, first_names: dict[str, str]) -> str | None:
    """'f', 'm' or None for a person's full name.

    >>> gender_of("Olena Hrytsenko", {"Olena": "f"})
    'f'
    >>> gender_of("Anna Sokolova", {})
    'f'
    >>> gender_of("Konstantin Kosachev", {})
    'm'
    >>> gender_of("Keir Starmer", {})
    """
    words = name.split()
    if not words:
        return None
    if words[0] in first_names:
        return first_names[words[0]]
    if len(words) > 1 and _FEMALE_SURNAME.search(words[-1]):
        return "f"
    if len(words) > 1 and _MALE_SURNAME.search(words[-1]):
        return "m"
    return None


def agrees(pronoun: str, gender: str | None) -> bool:
    pronoun = pronoun.lower()
    if gender is None or pronoun not in ("he", "him", "his", "she", "her", "hers"):
        return True
    return (pronoun in ("she", "her", "hers")) == (gender == "f")
