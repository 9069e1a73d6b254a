"""Commitment types from the words of a span: what is given or promised."""

from __future__ import annotations

import re
from collections.abc import Sequence


def keyword_type(text: str, patterns: Sequence[tuple[str, re.Pattern[str]]]) -> str | None:
    """The type the words name, first matching group of the lexicon's ordered
    patterns (most specific first); None when none does."""
    for name, pattern in patterns:
        if pattern.search(text):
            return name
    return None
