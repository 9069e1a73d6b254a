"""The condition a commitment depends on: "once a ceasefire holds", "if Russia attacks again"."""

from __future__ import annotations

import re

_NOW_AND_AFTER = re.compile(r"\bnow and after\b[^,.;]*", re.IGNORECASE)
_WHETHER_OR_NOT = re.compile(r"\bwhether or not\b[^,.;]*", re.IGNORECASE)
_NOT_A_CONDITION = re.compile(r"if (?:any|anything|at all|necessary|needed|so)\b")


def condition_of(text: str, start: int, end: int, pattern: re.Pattern[str]) -> str | None:
    """The condition stated in ``text[start:end]``, as its words; None when unconditional.

    ``pattern`` is the lexicon's opening of a condition (`CommitmentLexicon.condition`).
    "whether or not …" and "now and after …" state none; a bare "until then" or
    "once more" is too short to be one.
    """
    clause = _NOW_AND_AFTER.sub(" ", text[start:end])
    clause = _WHETHER_OR_NOT.sub(" ", clause)
    for match in pattern.finditer(clause):
        words = match.group().strip()
        lowered = words.lower()
        if lowered.startswith("if") and _NOT_A_CONDITION.match(lowered):
            continue
        if lowered.startswith(("until", "once", "after", "following")) and len(words.split()) < 3:
            continue
        return words.rstrip(" ,")
    return None
