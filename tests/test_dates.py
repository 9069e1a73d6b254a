from __future__ import annotations

import pytest

from pledgewatch.dates import normalize_date


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("2025-03-05", "2025-03-05"),
        ("5 March 2025", "2025-03-05"),
        ("March 5, 2025", "2025-03-05"),
        ("Wednesday, 5 March 2025", "2025-03-05"),
        ("Published: 5 March 2025", "2025-03-05"),
        ("  05 Mar. 2025 ", "2025-03-05"),
        ("13/03/2025", "2025-03-13"),  # day first: 13 is no month
        ("03/13/2025", "2025-03-13"),  # month first
        ("2025/03/05", "2025-03-05"),
        ("2025-03-05T14:30:00+01:00", "2025-03-05T14:30:00+01:00"),
        ("2025-03-05T14:30:00.250-05:00", "2025-03-05T14:30:00-05:00"),
        ("2025-03-05T14:30:00Z", "2025-03-05T14:30:00+00:00"),
        ("Wed, 05 Mar 2025 14:30:00 GMT", "2025-03-05T14:30:00+00:00"),
        ("Updated 5 March 2025 at 14:30 CET", "2025-03-05T14:30:00+01:00"),
        ("5 March 2025 14:30 EST", "2025-03-05T14:30:00-05:00"),
        # A time without a zone says no instant: the date alone is kept.
        ("2025-03-05T14:30:00", "2025-03-05"),
        ("5 March 2025, 14:30", "2025-03-05"),
    ],
)
def test_dates_parsed_to_iso_8601(raw: str, iso: str) -> None:
    assert normalize_date(raw) == iso


@pytest.mark.parametrize(
    "raw",
    [
        "yesterday",  # relative: no reference date to count from
        "2 hours ago",
        "today",
        "March 2025",  # no day
        "2025",
        "05/03/2025",  # 5 March or 3 May: both are dates
        "5.3.2025",
        "31 February 2025",
        "not a date at all",
        "Page 5 of 12",
        "",
        "1066-10-14",  # not the date of an article
    ],
)
def test_dates_unparseable_or_ambiguous_give_none(raw: str) -> None:
    assert normalize_date(raw) is None
