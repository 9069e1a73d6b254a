"""Name folding and the alias table (no knowledge base needed)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pledgewatch.errors import ModelFileError
from pledgewatch.names import AliasTable, fold_name


@pytest.mark.parametrize(
    ("name", "folded"),
    [
        ("Keir Starmer", "keir starmer"),
        ("Sir Keir Starmer", "keir starmer"),
        ("Prime Minister Keir Starmer's", "keir starmer"),
        ("Dr. José Pascal da Rocha", "jose pascal da rocha"),
        ("the U.S.", "us"),
        ("US", "us"),
        ("Zelenskyy", "zelensky"),
        ("Zelenskiy", "zelensky"),
        ("President Volodymyr Zelenskyy", "volodymyr zelensky"),
        ("NATO Secretary General Mark Rutte", "mark rutte"),
        ("former Chief of Staff Jane Doe", "jane doe"),
        ("Gen. Sir Tony Radakin", "tony radakin"),
        ("Nordic-Baltic Eight", "nordic baltic eight"),
        ("O\u2019Brien", "obrien"),
        ("Jonas Gahr Støre", "jonas gahr store"),
        ("  the   European  Union ", "european union"),
        # A title alone is the name: nothing is left to strip it from.
        ("The President", "president"),
        ("", ""),
    ],
)
def test_names_fold_name(name: str, folded: str) -> None:
    assert fold_name(name) == folded


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Zelenskyy", "Zelensky"),
        ("Volodymyr Zelenskiy", "Volodymyr Zelensky"),
        ("Sir Keir Starmer", "Keir Starmer"),
        ("KEIR STARMER", "keir starmer"),
        ("Emmanuel Macron", "President Emmanuel Macron"),
    ],
)
def test_names_alias_table_without_kb_meets_spellings(first: str, second: str) -> None:
    assert AliasTable().same(first, second)


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        (None, None, True),
        ("", None, True),
        ("Keir Starmer", None, False),
        ("Keir Starmer", "Emmanuel Macron", False),
    ],
)
def test_names_alias_table_same_handles_missing_names(
    first: str | None, second: str | None, same: bool
) -> None:
    assert AliasTable().same(first, second) is same


def _write_kb(models_dir: Path, name: str, entries: list[dict[str, object]]) -> None:
    kb = models_dir / "kb"
    kb.mkdir(parents=True, exist_ok=True)
    (kb / name).write_text("".join(json.dumps(e) + "\n" for e in entries), encoding="utf-8")


@pytest.fixture
def kb_table(tmp_path: Path) -> AliasTable:
    _write_kb(
        tmp_path,
        "people-test.jsonl",
        [
            {
                "canonical": "Volodymyr Zelensky",
                "aliases": ["Wolodymyr Selenskyj"],
                "surname": "Zelensky",
                "surname_variants": ["Selenskyj"],
                "label": "LEADER",
            }
        ],
    )
    _write_kb(
        tmp_path,
        "states-test.jsonl",
        [
            {
                "canonical": "United States",
                "aliases": ["US", "U.S.", "America"],
                "capitals": ["Washington"],
                "metonyms": ["Washington"],
            },
            {"canonical": "United Kingdom", "aliases": ["UK", "Britain"], "capitals": ["London"]},
        ],
    )
    _write_kb(
        tmp_path,
        "orgs-test.jsonl",
        [
            {"canonical": "Royal United Services Institute", "aliases": ["RUSI"]},
            # "ACME" is claimed by two entries: ambiguous, left unresolved.
            {"canonical": "Acme Institute", "aliases": ["ACME"]},
            {"canonical": "Acme Corporation", "aliases": ["ACME"]},
        ],
    )
    return AliasTable.from_kb(tmp_path)


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("the U.S.", "united states"),
        ("America", "united states"),
        ("United States", "united states"),
        ("Britain", "united kingdom"),
        ("RUSI", "royal united services institute"),
        ("Volodymyr Selenskyj", "volodymyr zelensky"),  # from surname_variants
        ("Volodymyr Zelenskyy", "volodymyr zelensky"),  # from the folding rules
        ("Washington", "washington"),  # capitals and metonyms are not aliases
        ("ACME", "acme"),  # ambiguous
        ("Mark Rutte", "mark rutte"),  # unknown
    ],
)
def test_names_alias_table_from_kb_folds_aliases(kb_table: AliasTable, name: str, key: str) -> None:
    assert kb_table.canonical(name) == key


def test_names_alias_table_lookup_returns_the_kb_spelling(kb_table: AliasTable) -> None:
    assert kb_table.lookup("U.S.") == "United States"
    assert kb_table.lookup("Mark Rutte") is None


@pytest.mark.parametrize("make_dir", [False, True])
def test_names_alias_table_from_kb_without_files(tmp_path: Path, make_dir: bool) -> None:
    if make_dir:
        (tmp_path / "kb").mkdir()
    table = AliasTable.from_kb(tmp_path)
    assert len(table) == 0
    assert table.canonical("Zelenskyy") == "zelensky"


def test_names_alias_table_canonical_beats_alias() -> None:
    # "Georgia" is a state's canonical name; an alias of another entry cannot take it.
    table = AliasTable()
    table.add_entries([("Georgia (US state)", ["Georgia"]), ("Georgia", [])])
    assert table.canonical("Georgia") == "georgia"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "people-bad.jsonl:2: invalid JSON"),
        ('{"aliases": ["X"]}', "people-bad.jsonl:2: canonical: expected a non-empty string"),
    ],
)
def test_names_alias_table_from_kb_bad_line_names_file_and_line(
    tmp_path: Path, line: str, message: str
) -> None:
    kb = tmp_path / "kb"
    kb.mkdir()
    (kb / "people-bad.jsonl").write_text('{"canonical": "A B"}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(ModelFileError, match=message):
        AliasTable.from_kb(tmp_path)


def test_kb_names_pattern_finds_any_name_as_a_word() -> None:
    from pledgewatch.kb import KbEntry, KnowledgeBase

    kb = KnowledgeBase(
        entries=(
            KbEntry("NATO", "COALITION", None, ("North Atlantic Treaty Organization",)),
            KbEntry("France", "STATE", None, (), demonyms=("French",)),
        )
    )
    coalitions = kb.names_pattern("COALITION")
    assert coalitions.search("the NATO chief")
    assert not coalitions.search("NATOish plans")
    assert kb.names_pattern("STATE", demonyms=True).search("the French president")
    assert not kb.names_pattern("STATE").search("the French president")
    assert kb.names_pattern("GUARANTEE").search("anything") is None
    assert kb.names_pattern("COALITION") is coalitions  # built once


def test_kb_first_named_is_the_first_entry_a_text_names() -> None:
    from pledgewatch.kb import KbEntry, KnowledgeBase

    kb = KnowledgeBase(
        entries=(
            KbEntry("NATO", "COALITION", None, ()),
            KbEntry("European Union", "COALITION", None, ("EU",)),
            KbEntry("France", "STATE", None, (), demonyms=("French",)),
        )
    )
    assert kb.first_named("COALITION", "EU and NATO envoy").canonical == "NATO"  # KB order
    assert kb.first_named("COALITION", "the EU's envoy").canonical == "European Union"
    assert kb.first_named("COALITION", "") is None
    assert kb.first_named("STATE", "the French president") is None
    assert kb.first_named("STATE", "the French president", demonyms=True).canonical == "France"
