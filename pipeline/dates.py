"""Publication dates as ISO 8601: a date, or a date-time with its UTC offset.

Sources write dates every way ("5 March 2025", "Wed, 05 Mar 2025 14:30:00
GMT", "2 hours ago"); records carry one form, so that runs load together in
Arrow, pandas or `datasets`. The parser is python-dateutil's. A value is
left unparsed (None) rather than guessed when it is:

- relative ("yesterday", "2 hours ago"): nothing says when it was written;
- incomplete ("March 2025"): a missing day or year would be made up;
- ambiguous ("05/03/2025": 5 March or 3 May);
- outside 1900 to 2100, or not a date.

A time with no zone names no instant, so only its date is kept; a time with
an offset, or a zone named in `ZONES`, keeps both.

`is_iso_8601` tells a value that is ISO 8601 already: ingest keeps the
source's own wording (``meta.published_raw``) only for the others, because a
column of strings that all look like timestamps is read as timestamps by
Arrow (and `datasets`), and as strings as soon as one does not: the raw column
of two runs would not load together.

    >>> normalize_date("Wed, 05 Mar 2025 14:30:00 GMT")
    '2025-03-05T14:30:00+00:00'
    >>> normalize_date("5 March 2025"), normalize_date("yesterday")
    ('2025-03-05', None)
"""

from __future__ import annotations

import re
import warnings
from datetime import datetime

# UTC offsets (hours) of zone abbreviations that name one zone in the news
# this tool reads. Ambiguous ones (CST, IST) are left out: with them, the
# date alone is kept.
ZONES: dict[str, float] = {
    "UTC": 0,
    "GMT": 0,
    "Z": 0,
    "WET": 0,
    "BST": 1,
    "WEST": 1,
    "CET": 1,
    "CEST": 2,
    "EET": 2,
    "EEST": 3,
    "MSK": 3,
    "EST": -5,
    "EDT": -4,
    "CDT": -5,
    "MST": -7,
    "MDT": -6,
    "PST": -8,
    "PDT": -7,
}
_TZINFOS = {name: int(hours * 3600) for name, hours in ZONES.items()}

# Words that introduce a date on a page ("Published: 5 March 2025").
_LEAD = re.compile(
    r"^(?:(?:first\s+|last\s+)?(?:published|updated|posted|modified|dated?)(?:\s+on)?\s*:?\s*)",
    re.IGNORECASE,
)
# Day and month both as numbers of 12 or less, in either order: no way to tell them apart.
_NUMERIC = re.compile(r"^\s*(\d{1,2})[./-](\d{1,2})[./-](\d{2,4})\b")
_RELATIVE = re.compile(r"\b(?:ago|yesterday|today|tomorrow|now|last|next)\b", re.IGNORECASE)
# Two defaults that differ in every field: a field the text does not give shows
# up as a difference between the two parses.
_DEFAULTS = (datetime(2001, 1, 1, 0, 0, 0), datetime(2002, 2, 2, 1, 1, 1))


def is_iso_8601(raw: str) -> bool:
    """Whether ``raw`` is an ISO 8601 date or date-time (as `datetime.fromisoformat` reads)."""
    try:
        datetime.fromisoformat(raw.strip())
    except ValueError:
        return False
    return True


def normalize_date(raw: str) -> str | None:
    """``raw`` as ``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM:SS±HH:MM``; None when it cannot be told."""
    from dateutil import parser

    text = _LEAD.sub("", " ".join(raw.split())).strip(" ,.")
    if not text or _RELATIVE.search(text):
        return None
    numeric = _NUMERIC.match(text)
    if numeric:
        first, second = int(numeric.group(1)), int(numeric.group(2))
        if first <= 12 and second <= 12 and first != second:
            return None
    parsed = []
    for default in _DEFAULTS:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # an unknown zone name: it is simply not used
                parsed.append(parser.parse(text, default=default, tzinfos=_TZINFOS))
        except (ValueError, OverflowError):
            return None
    one, two = parsed
    if (one.year, one.month, one.day) != (two.year, two.month, two.day):
        return None  # the text lacks the year, the month or the day
    if not 1900 <= one.year <= 2100:
        return None
    has_time = one.hour == two.hour  # minutes and seconds not given are 0 in the first parse
    if has_time and one.tzinfo is not None and one.utcoffset() is not None:
        return one.replace(microsecond=0).isoformat()
    return one.date().isoformat()
