from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from pledgewatch.ingest import Ingest
from pledgewatch.textmap import TextMap, normalize, raw_offset
from pledgewatch.unwrap import unwrap

PROSE = [
    (
        "Defence ministers of the coalition met in Paris on Tuesday and agreed that a "
        "reassurance force would deploy to western Ukraine only after a ceasefire had held "
        "for thirty days, a condition that several capitals had pressed for since the spring."
    ),
    (
        "The British defence secretary said the force would be led from a headquarters in "
        "Kyiv, with air policing flown from Poland and Romania, and that the first rotation "
        "could be ready within weeks of a political decision."
    ),
    (
        "Officials from three Nordic governments said their contributions would be announced "
        "at the next meeting, while a German spokesperson repeated that Berlin's part would "
        "depend on a vote in the Bundestag and on the terms of any agreement with Moscow."
    ),
]


def _wrap(paragraph: str, width: int = 70) -> str:
    return textwrap.fill(paragraph, width=width, break_on_hyphens=False)


def _clean(raw: str) -> TextMap:
    return unwrap(normalize(raw))


def _assert_exact(mapped: TextMap, raw: str) -> None:
    """Every character comes from its raw offset; a joining space from the line break."""
    for char, origin in zip(mapped.text, mapped.origins, strict=True):
        assert raw[origin] == char or (char == " " and raw[origin] == "\n"), (char, origin)


def test_unwrap_wrapped_prose_is_joined_into_paragraphs() -> None:
    raw = "\n\n".join(_wrap(p) for p in PROSE) + "\n"
    mapped = _clean(raw)
    assert mapped.text == "\n\n".join(PROSE)
    _assert_exact(mapped, raw)


@pytest.mark.parametrize("width", [60, 66, 72, 76, 80])
def test_unwrap_any_usual_width(width: int) -> None:
    raw = "\n\n".join(_wrap(p, width) for p in PROSE)
    assert _clean(raw).text == "\n\n".join(PROSE)


def test_unwrap_headline_byline_and_dateline_stay_lines() -> None:
    head = (
        "Coalition agrees conditions for a reassurance force in Ukraine\nBy Jane Roe\n5 March 2025"
    )
    raw = head + "\n" + _wrap(PROSE[0]) + "\n\n" + _wrap(PROSE[1])
    text = _clean(raw).text
    assert text.startswith(head + "\n" + PROSE[0][:40])
    assert text.endswith(PROSE[1])


def test_unwrap_name_line_and_title_line_are_not_joined() -> None:
    block = "Jane Doe\nDirector of the Centre for Defence Studies\n" + _wrap(
        "The guarantees will deter Moscow only if they are backed by forces on the "
        "ground, and Europe has not yet shown that it can field them for long."
    )
    raw = _wrap(PROSE[0]) + "\n\n" + block + "\n\n" + _wrap(PROSE[1])
    paragraphs = _clean(raw).text.split("\n\n")
    assert paragraphs[1] == (
        "Jane Doe\nDirector of the Centre for Defence Studies\n"
        "The guarantees will deter Moscow only if they are backed by forces on the "
        "ground, and Europe has not yet shown that it can field them for long."
    )


def test_unwrap_list_items_are_not_joined_but_a_wrapped_item_is() -> None:
    items = (
        "Pledges made at the meeting:\n"
        "- Britain: a headquarters in Kyiv and two squadrons for air policing over\n"
        "western Ukraine\n"
        "- France: air defence batteries and a frigate in the Black Sea\n"
        "* Germany: funding for long-range drones made in Ukraine\n"
        "• Poland: the logistics hub at Rzeszów\n"
        "1. Italy: a field hospital\n"
        "2) Spain: demining teams"
    )
    raw = _wrap(PROSE[0]) + "\n\n" + items + "\n\n" + _wrap(PROSE[1])
    paragraphs = _clean(raw).text.split("\n\n")
    assert paragraphs[1] == items.replace("over\nwestern", "over western")


def test_unwrap_interview_turns_are_not_joined() -> None:
    turns = (
        "Q: Will Britain send troops to Ukraine once a ceasefire has been agreed and\n"
        "holds?\n"
        "A: We have said that we are ready to lead a reassurance force, and we are.\n"
        "Jane Doe: That depends on what the Americans are willing to put behind it.\n"
        "John Roe: It does, and nobody in this room can answer that for Washington."
    )
    raw = _wrap(PROSE[0]) + "\n\n" + turns + "\n\n" + _wrap(PROSE[1])
    paragraphs = _clean(raw).text.split("\n\n")
    assert paragraphs[1] == turns.replace("and\nholds?", "and holds?")


def test_unwrap_timestamped_entries_are_not_joined() -> None:
    blog = (
        "10:32 GMT\n"
        + _wrap(
            "Ministers arrived at the Élysée for the second session of talks, which are "
            "expected to run late into the evening."
        )
        + "\n14.05 CET\n"
        + _wrap(
            "The French president said the meeting had made real progress on the "
            "question of air cover for the force."
        )
    )
    raw = _wrap(PROSE[0]) + "\n\n" + blog
    paragraphs = _clean(raw).text.split("\n\n")
    assert paragraphs[1].split("\n") == [
        "10:32 GMT",
        "Ministers arrived at the Élysée for the second session of talks, which are "
        "expected to run late into the evening.",
        "14.05 CET",
        "The French president said the meeting had made real progress on the "
        "question of air cover for the force.",
    ]


def test_unwrap_text_that_is_not_wrapped_is_left_as_it_is() -> None:
    raw = (
        f"{PROSE[0]}\n\n"
        "Jane Doe\nDirector of the Centre for Defence Studies\n\n"
        "Britain will send troops to the reassurance force in western Ukraine\n"
        "France will send air defence systems and a frigate to the Black Sea\n"
        "Germany will pay for long-range drones that are made in Ukraine\n"
        "Poland will run the logistics hub at the airport of Rzeszów-Jasionka\n\n"
        f"{PROSE[1]}\n{PROSE[2]}"
    )
    assert _clean(raw).text == normalize(raw).text


def test_unwrap_one_wrapped_paragraph_among_long_lines() -> None:
    raw = f"{PROSE[0]}\n\n{_wrap(PROSE[1])}\n\n{PROSE[2]}"
    assert _clean(raw).text == "\n\n".join(PROSE)


def test_unwrap_word_broken_at_a_hyphen_keeps_the_hyphen_without_a_space() -> None:
    compounds = (
        "The allies agreed a multi-year package of air-defence interceptors, long-range "
        "drones and cross-border logistics, co-financed by the coalition's members, with "
        "short-notice rotations of quick-reaction forces and post-ceasefire monitoring "
        "along the front line by a Ukraine-led joint command."
    )
    for width in range(60, 81):  # a width where the wrapper breaks a compound at its hyphen
        wrapped = textwrap.fill(compounds, width=width, break_on_hyphens=True)
        if any(line.endswith("-") for line in wrapped.splitlines()):
            break
    else:
        pytest.fail("no width breaks a compound")
    raw = wrapped + "\n\n" + _wrap(PROSE[1], width) + "\n\n" + _wrap(PROSE[2], width)
    mapped = _clean(raw)
    assert mapped.text.split("\n\n")[0] == compounds
    _assert_exact(mapped, raw)


def test_unwrap_empty_and_single_line_texts() -> None:
    assert _clean("").text == ""
    assert _clean("One line only.").text == "One line only."


def test_ingest_wrapped_txt_and_md_are_joined_with_exact_offsets(tmp_path: Path) -> None:
    raw = "\n\n".join(_wrap(p) for p in PROSE)
    (tmp_path / "mail.txt").write_text(raw, encoding="utf-8")
    (doc,) = Ingest().read(tmp_path / "mail.txt").documents
    assert doc.text == "\n\n".join(PROSE)
    start = doc.text.index("Bundestag")
    assert raw[raw_offset(doc.source.alignment, start) :].startswith("Bundestag")

    markdown = (
        "# Coalition agrees conditions\n"
        + _wrap(PROSE[0])
        + "\n\n- Britain: a headquarters in Kyiv\n- France: air defence batteries\n\n"
        + _wrap(PROSE[1]).replace("Kyiv", "**Kyiv**")
        + "\n\n"
        + _wrap(PROSE[2])
    )
    (tmp_path / "note.md").write_text(markdown, encoding="utf-8")
    (doc,) = Ingest().read(tmp_path / "note.md").documents
    assert doc.text == (
        f"Coalition agrees conditions\n{PROSE[0]}\n\n"
        "Britain: a headquarters in Kyiv\nFrance: air defence batteries\n\n"
        f"{PROSE[1]}\n\n{PROSE[2]}"
    )
    start = doc.text.index("Bundestag")
    assert markdown[raw_offset(doc.source.alignment, start) :].startswith("Bundestag")
