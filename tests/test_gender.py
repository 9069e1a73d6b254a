from __future__ import annotations

from pathlib import Path

import pytest

from pledgewatch.gender import agrees, gender_of, load_first_names

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("name", "gender"),
    [
        ("Olena Hrytsenko", "f"),  # first name in the lexicon
        ("Daniel Reyes", "m"),
        ("Anna Sokolova", "f"),
        ("Zoe Kowalska", "f"),  # Slavic female surname ending
        ("Rasa Dambrauskaitė", "f"),  # Baltic female surname ending
        ("Keir Starmer", "m"),
        ("Quillon Vantree", None),  # unknown: agrees with both pronouns
        ("", None),
    ],
)
def test_gender_of_names(name: str, gender: str | None) -> None:
    assert gender_of(name, load_first_names(REPO / "models")) == gender


@pytest.mark.parametrize(
    ("pronoun", "gender", "agreement"),
    [
        ("she", "f", True),
        ("her", "m", False),
        ("he", "m", True),
        ("he", "f", False),
        ("he", None, True),
        ("they", "f", True),
    ],
)
def test_gender_agreement(pronoun: str, gender: str | None, agreement: bool) -> None:
    assert agrees(pronoun, gender) is agreement


def test_gender_lexicon_missing_gives_no_names(tmp_path: Path) -> None:
    assert load_first_names(tmp_path) == {}
