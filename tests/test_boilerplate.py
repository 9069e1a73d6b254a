from __future__ import annotations

import pytest

from pledgewatch.boilerplate import Boilerplate
from pledgewatch.ingest import Ingest
from pledgewatch.model import Document, Region

BODY = "Britain pledged to lead a reassurance force in Ukraine once a ceasefire is agreed, officials said."


def _marked(text: str) -> list[str]:
    return [text[r.start : r.end] for r in Boilerplate().predict(text)]


@pytest.mark.parametrize(
    "line",
    [
        "5 min read",
        "Share this article",
        "Share on Facebook",
        "Share | Tweet | Email",
        "Subscribe to our newsletter for daily briefings",
        "Sign up for the Morning Brief newsletter",
        "Advertisement",
        "Print this page",
        "Copyright © 2025 Example Media. All rights reserved.",
        "Read more: Allies weigh air policing mission",
        "Listen to this article",
    ],
)
def test_boilerplate_page_furniture_line(line: str) -> None:
    text = f"{BODY}\n\n{line}\n\n{BODY} Again."
    start = text.index(line)
    assert Boilerplate().predict(text) == [Region(start, start + len(line))]


@pytest.mark.parametrize(
    "line",
    [
        "Share prices in Europe's defence companies rose sharply after the summit on Tuesday.",
        "Read the statement in full, officials said, before judging it.",
        "Subscribers to the treaty include Poland and the Baltic states.",
    ],
)
def test_boilerplate_article_lines_that_look_like_furniture_are_kept(line: str) -> None:
    assert Boilerplate().predict(f"{BODY}\n\n{line}\n\n{BODY} Again.") == []


def test_boilerplate_doubled_caption_both_copies() -> None:
    caption = (
        "Soldiers fire a howitzer near Avdiivka, Ukraine, Feb. 14, 2024. (Jane Roe/The Daily Paper)"
    )
    text = f"{BODY}\n\n{caption}\n{caption}\n\n{BODY} Again."
    start = text.index(caption)
    assert Boilerplate().predict(text) == [Region(start, start + 2 * len(caption) + 1)]


def test_boilerplate_repeated_paragraph_second_copy_only() -> None:
    para = "Leaders met in Paris to discuss the coalition's plans for a ceasefire."
    text = f"{para}\n\n{BODY}\n\n{para}"
    second = text.rindex(para)
    assert Boilerplate().predict(text) == [Region(second, second + len(para))]


def test_boilerplate_teaser_block_runs_to_end() -> None:
    text = f"{BODY}\n\n{BODY} Two.\n\n{BODY} Three.\n\nRelated Publications\n\nA teaser title\n\nA teaser title\n\nTuesday, May 6"
    start = text.index("Related Publications")
    assert Boilerplate().predict(text) == [Region(start, len(text))]


def test_boilerplate_teaser_heading_early_in_text_is_not_a_block() -> None:
    text = f"Related coverage\n\n{BODY}\n\n{BODY} Two.\n\n{BODY} Three.\n\n{BODY} Four."
    assert Boilerplate().predict(text) == []


@pytest.mark.parametrize(
    "bio",
    [
        "Jane Roe is a senior fellow at the Example Institute, where she studies European security.",
        "Dr. José da Rocha, a senior expert on dialogue at USIP, has worked in conflict settings such as Chad.",
        "Oleh Savchuk writes about defence policy for the paper.",
    ],
)
def test_boilerplate_author_bio_at_end(bio: str) -> None:
    text = f"{BODY}\n\n{BODY} Two.\n\n{bio}"
    start = text.index(bio)
    assert Boilerplate().predict(text) == [Region(start, len(text))]


def test_boilerplate_last_paragraph_about_a_leader_is_not_a_bio() -> None:
    text = f"{BODY}\n\nZelensky is expected to travel to Brussels next week, his office said."
    assert Boilerplate().predict(text) == []


def test_boilerplate_usip_example(usip_example) -> None:
    (doc,) = Ingest().read(usip_example).documents
    regions = Boilerplate().predict(doc.text)
    marked = [doc.text[r.start : r.end] for r in regions]
    caption = "Ukrainian soldiers with the 71st Jaeger Brigade fire a howitzer"
    assert marked[0].startswith(caption) and marked[0].count(caption) == 2
    assert any(
        m.startswith("Related Publications") or "\n\nRelated Publications\n\n" in m for m in marked
    )
    assert regions[-1].end == len(doc.text)
    teaser = doc.text.index("China’s Dilemmas Deepen")
    assert any(r.start <= teaser < r.end for r in regions)
    body = doc.text.index("Ukraine’s preferred security guarantee is NATO membership")
    assert not any(r.start <= body < r.end for r in regions)


@pytest.mark.parametrize("docs", [[], [Document(doc_id="e", text="")]])
def test_boilerplate_empty_batch_and_empty_document(docs) -> None:
    out = Boilerplate()(docs)
    assert [d.boilerplate for d in out] == [() for _ in docs]


def test_boilerplate_non_ascii_and_long_document() -> None:
    body = "Україна та Франція підписали угоду про безпеку. " * 20
    text = "\n\n".join([body] * 200 + ["5 хв читання", "Share this article"])
    regions = Boilerplate().predict(text)
    assert text[regions[-1].start : regions[-1].end].endswith("Share this article")


def test_boilerplate_press_conference_turns() -> None:
    from pledgewatch.boilerplate import interview_turns

    text = (
        "Press conference\n\n"
        "NATO Secretary General Mark Rutte: Good afternoon.\n\n"
        "Allies will do more.\n\n"
        "Question (Reuters): Will they?\n\n"
        "NATO Secretary General: Yes.\n\n"
        "Question (AFP): When?\n\n"
        "NATO Secretary General: Soon. And in full."
    )
    turns = [(t.speaker, t.question, text[t.start : t.end]) for t in interview_turns(text)]
    assert turns == [
        # a dialogue: the opening turn runs on over its paragraphs to the next label
        ("NATO Secretary General Mark Rutte", False, "Good afternoon.\n\nAllies will do more."),
        ("Question (Reuters)", True, "Will they?"),
        ("NATO Secretary General", False, "Yes."),
        ("Question (AFP)", True, "When?"),
        ("NATO Secretary General", False, "Soon. And in full."),
    ]


def test_boilerplate_digest_labels_are_one_paragraph_each() -> None:
    from pledgewatch.boilerplate import interview_turns

    text = (
        "Kremlin: nothing new in the threat\n\nThe Kremlin said so.\n\n"
        "Italy: no troops without a mandate\n\nRome said so.\n\n"
        "Poll: most back aid\n\nA survey found it."
    )
    turns = [text[t.start : t.end] for t in interview_turns(text)]
    assert turns == ["nothing new in the threat", "no troops without a mandate", "most back aid"]


def test_boilerplate_briefing_with_a_moderator_and_long_labels() -> None:
    """A briefing: labels in capitals with titles, commas and suffixes; the moderator
    gives the floor before each question and never answers one; an answer with a
    rhetorical question is still an answer."""
    from pledgewatch.boilerplate import interview_turns

    text = (
        "COL. ANNA VOSS: Good morning. The minister will open.\n\n"
        "MINISTER OF DEFENCE KARL B. HOLM III: We will send more radars.\n\n"
        "CHIEF OF THE GENERAL STAFF GEN. PER LUND, JR.: The crews are ready.\n\n"
        "COL. VOSS: First question, Nordic Radio.\n\n"
        "Q: When will they arrive?\n\n"
        "MIN. HOLM: Why wait? They leave in May.\n\n"
        "COL. VOSS: Next question.\n\n"
        "Q: And the crews?\n\n"
        "GEN. LUND: Trained by June.\n\n"
        "Q: Is that firm?\n\n"
        "MIN. HOLM: It is firm."
    )
    turns = [(t.speaker, t.question, t.moderator) for t in interview_turns(text)]
    assert turns == [
        ("COL. ANNA VOSS", False, True),
        ("MINISTER OF DEFENCE KARL B. HOLM III", False, False),
        ("CHIEF OF THE GENERAL STAFF GEN. PER LUND, JR.", False, False),
        ("COL. VOSS", False, True),
        ("Q", True, False),
        ("MIN. HOLM", False, False),
        ("COL. VOSS", False, True),
        ("Q", True, False),
        ("GEN. LUND", False, False),
        ("Q", True, False),
        ("MIN. HOLM", False, False),
    ]


def test_boilerplate_an_interviewee_is_no_moderator() -> None:
    # Two voices only: the one who answers speaks after every question.
    from pledgewatch.boilerplate import interview_turns

    text = "Q: Is it enough?\n\nHolm: No.\n\nQ: Why?\n\nHolm: Too few radars.\n\nQ: And now?\n\nHolm: More."
    assert not any(t.moderator for t in interview_turns(text))
