from __future__ import annotations

import pytest

from pledgewatch.textmap import TextBuilder, compose, identity, normalize, raw_offset


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("plain text", "plain text"),
        ("  padded  ", "padded"),
        ("a\r\nb", "a\nb"),
        ("a\r\n\r\n\r\nb", "a\n\nb"),
        ("a \n \n b", "a\n\nb"),
        ("no\u00a0break\u2009thin", "no break thin"),
        ("zero\u200bwidth soft\u00adhyphen", "zerowidth softhyphen"),
        ("tab\tseparated", "tab separated"),
        ("e\u0301te\u0301", "été"),  # decomposed accents compose
        ("\ufb01nance", "finance"),  # NFKC ligature
        ("“curly” ‘single’ «guillemets» — dash…", "“curly” ‘single’ «guillemets» — dash…"),
        ("", ""),
    ],
)
def test_textmap_normalize_text(raw: str, clean: str) -> None:
    assert normalize(raw).text == clean


@pytest.mark.parametrize(
    ("raw", "word", "raw_start"),
    [
        ("  Kyiv\u00a0said \r\n\r\n\r\nit  would sign.", "would", 22),
        ("zero\u200bwidth then Kyiv", "Kyiv", 16),
        ("e\u0301te\u0301 and Kyiv", "Kyiv", 10),
    ],
)
def test_textmap_offsets_map_back_to_raw(raw: str, word: str, raw_start: int) -> None:
    mapped = normalize(raw)
    clean_start = mapped.text.index(word)
    assert mapped.to_raw(clean_start) == raw_start
    assert raw[raw_start : raw_start + len(word)] == word
    assert raw_offset(mapped.runs(), clean_start) == raw_start


def test_textmap_paragraph_lines_makes_every_line_a_paragraph() -> None:
    assert normalize("one\ntwo\n\nthree", paragraph_lines=True).text == "one\n\ntwo\n\nthree"


def test_textmap_runs_cover_the_clean_text() -> None:
    mapped = normalize("A  b\n\n\nc d")
    runs = mapped.runs()
    assert sum(length for _, _, length in runs) == len(mapped.text)
    assert runs[0][0] == 0


def test_textmap_compose_chains_two_maps() -> None:
    base = normalize("xx  Kyiv")  # "xx Kyiv", Kyiv at raw 4
    builder = TextBuilder()
    builder.add(base.text[3:], 3)  # drop "xx "
    inner = builder.build(len(base.text))
    chained = compose(base, inner)
    assert chained.text == "Kyiv"
    assert chained.to_raw(0) == 4


def test_textmap_identity_and_end_offset() -> None:
    mapped = identity("abc")
    assert mapped.to_raw(3) == 3
    assert raw_offset((), 0) is None


def test_textmap_very_long_text_keeps_every_offset() -> None:
    raw = ("Ukraine  signed\u00a0the compact.\r\n\r\n" * 5000).strip()
    mapped = normalize(raw)
    assert len(mapped.origins) == len(mapped.text)
    index = mapped.text.rindex("compact")
    assert raw[mapped.to_raw(index) : mapped.to_raw(index) + 7] == "compact"
