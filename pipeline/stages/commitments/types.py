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


# What money is given for, when a sentence says what it buys.
MONEY_BUYS = frozenset({"military_aid", "humanitarian_aid", "defense_industry"})


def money_for(
    own_text: str,
    contexts: Sequence[str],
    patterns: Sequence[tuple[str, re.Pattern[str]]],
    named: Sequence[tuple[str, re.Pattern[str]]],
) -> str | None:
    """The kind of support an amount pays for, when the candidate's own words name an
    amount and nothing else ("Denmark: about EUR 200 million"): the first kind that its
    sentence, or the lead-in of its list, names ("… donors to the shell initiative").
    None when its words name a kind, no amount, or the contexts name none of
    `MONEY_BUYS`. ``patterns`` are all the keyword rows, ``named`` all but bare amounts."""
    if keyword_type(own_text, named) is not None or keyword_type(own_text, patterns) is None:
        return None
    for text in contexts:
        kind = keyword_type(text, named)
        if kind is not None:
            return kind if kind in MONEY_BUYS else None
    return None
