"""Quotes: every construction with exact offsets.

Quote-mark pairing is pure text and tested without a model. Attribution runs on
a blank pipeline with entities given by hand; constructions that need the
parse (indirect, mixed, according to, pronouns) are `models` tests.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
import spacy

from pledgewatch.boilerplate import interview_turns
from pledgewatch.config import Config
from pledgewatch.errors import PledgewatchError
from pledgewatch.model import Document, Entity, Person, Region
from pledgewatch.stages.entities.people import affiliations_of
from pledgewatch.stages.quotes.marks import find_quoted_spans
from pledgewatch.stages.quotes.stage import Quotes

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ('He said "we will go" today.', [(8, 19, 9, 19)]),
        ("He said “we will go” today.", [(8, 19, 9, 19)]),
        ("Il a dit « nous irons » hier.", [(9, 22, 11, 21)]),
        ('Mismatched “pair from the web" here.', [(11, 29, 12, 29)]),
        ("UK style: ‘we will go’, she said.", [(10, 21, 11, 21)]),
        ("Ukraine’s allies’ pledges are not quotes.", []),
        ('An odd "mark never closes here', [(7, -1, 8, 30)]),
        ("“First paragraph opens\n\n“and the second closes.”", [(0, 47, 1, 47)]),
        ("“Opens and never closes\n\nA new paragraph without a mark.", [(0, -1, 1, 23)]),
        ('"One." And "two."', [(0, 5, 1, 5), (11, 16, 12, 16)]),
        ("", []),
    ],
)
def test_quotes_find_quoted_spans(text: str, spans: list[tuple[int, int, int, int]]) -> None:
    assert find_quoted_spans(text) == spans


def test_quotes_find_quoted_spans_skips_boilerplate() -> None:
    text = '"Kept quote here." \n"Skipped quote here."'
    assert find_quoted_spans(text, skip=[(20, len(text))]) == [(0, 17, 1, 17)]


NLP = spacy.blank("en")
NLP.add_pipe("sentencizer")


@pytest.fixture(scope="module")
def stage() -> Quotes:
    quotes = Quotes(Config(spacy_model="blank:en"))
    quotes.load()
    return quotes


def _entity(
    text: str, surface: str, label: str, canonical: str, nth: int = 0, role: str | None = None
) -> Entity:
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return Entity(start, start + len(surface), surface, label, canonical, role=role)


def _doc(text: str, entities: list[Entity] = (), boilerplate: tuple[Region, ...] = ()) -> Document:
    sdoc = NLP(text)
    spans = [
        sdoc.char_span(
            e.start, e.end, label="PERSON" if e.label in ("LEADER", "EXPERT", "PERSON") else "ORG"
        )
        for e in entities
    ]
    sdoc.ents = [s for s in spans if s is not None]
    turns = tuple(interview_turns(text, [(r.start, r.end) for r in boilerplate]))
    affiliations = affiliations_of(list(entities), text)
    people = tuple(
        Person(e.canonical, e.label, e.role, affiliations.get(e.canonical))
        for e in {
            e.canonical: e for e in entities if e.label in ("LEADER", "EXPERT", "PERSON")
        }.values()
    )
    return Document(
        doc_id="q",
        text=text,
        entities=tuple(entities),
        boilerplate=boilerplate,
        analysis=sdoc,
        turns=turns,
        people=people,
    )


def _rows(quotes) -> list[tuple]:
    return [
        (q.start, q.end, q.kind, q.speaker, q.speaker_start, q.speaker_end, q.cue, q.cue_start)
        for q in quotes
    ]


def test_quotes_direct_with_cue_after(stage: Quotes) -> None:
    text = "“We will not stand aside,” Starmer said."
    doc = _doc(text, [_entity(text, "Starmer", "LEADER", "Keir Starmer")])
    assert _rows(stage.predict(doc)) == [(1, 25, "direct", "Keir Starmer", 27, 34, "said", 35)]


def test_quotes_direct_with_cue_before_colon(stage: Quotes) -> None:
    text = "Healey added: “The force will be ready within weeks.”"
    doc = _doc(text, [_entity(text, "Healey", "LEADER", "John Healey")])
    assert _rows(stage.predict(doc)) == [(15, 52, "direct", "John Healey", 0, 6, "added", 7)]


def test_quotes_split_by_attribution_and_continuation(stage: Quotes) -> None:
    text = "“We are ready,” Healey said, “and we will go.” “Nobody should doubt it for a moment.”"
    doc = _doc(text, [_entity(text, "Healey", "LEADER", "John Healey")])
    rows = _rows(stage.predict(doc))
    assert rows[0] == (1, 14, "direct", "John Healey", 16, 22, "said", 23)
    assert rows[1][:4] == (30, 45, "direct", "John Healey")
    assert rows[2] == (48, 84, "direct", "John Healey", None, None, None, None)  # continues, no cue


def test_quotes_multi_paragraph_quote_is_one(stage: Quotes) -> None:
    text = "Lysenko said:\n\n“A factory in Dnipro is a commitment.\n\n“It cannot be withdrawn overnight.”"
    doc = _doc(text, [_entity(text, "Lysenko", "EXPERT", "Kateryna Lysenko")])
    (quote,) = stage.predict(doc)
    assert (quote.start, quote.end, quote.kind, quote.speaker) == (
        16,
        88,
        "direct",
        "Kateryna Lysenko",
    )
    assert "\n\n" in quote.text


def test_quotes_scare_quotes_are_not_quotes(stage: Quotes) -> None:
    text = "The so-called “capability coalitions” met, and the “backstop” was discussed at length."
    assert stage.predict(_doc(text)) == []


def test_quotes_odd_marks_do_not_fail(stage: Quotes) -> None:
    text = "“This quote is never closed, said the analyst in a long sentence\n\nNext paragraph."
    quotes = stage.predict(_doc(text))
    assert all(0 <= q.start < q.end <= len(text) for q in quotes)


def test_quotes_interview_answers_not_questions(stage: Quotes) -> None:
    text = (
        "Brandt: Will Germany send more?\n\nPistorius: We will send what we can this winter.\n\n"
        "Brandt: And the Americans?\n\nPistorius: They must decide for themselves soon."
    )
    entities = [_entity(text, "Pistorius", "LEADER", "Boris Pistorius", n) for n in range(2)]
    rows = [(q.text, q.speaker, q.cue) for q in stage.predict(_doc(text, entities))]
    assert rows == [
        ("We will send what we can this winter.", "Boris Pistorius", None),
        ("They must decide for themselves soon.", "Boris Pistorius", None),
    ]


def test_quotes_inside_boilerplate_are_not_quotes(stage: Quotes) -> None:
    text = "Body.\n\n“Read our newsletter for every single update,” the editors said."
    assert stage.predict(_doc(text, boilerplate=(Region(7, len(text)),))) == []


def test_quotes_role_and_affiliation_from_apposition(stage: Quotes) -> None:
    text = "Tobias Wren, a senior fellow at the Royal United Services Institute, spoke. “This will not hold for long,” Wren said."
    entities = [
        _entity(text, "Tobias Wren", "EXPERT", "Tobias Wren", role="senior fellow"),
        _entity(
            text,
            "Royal United Services Institute",
            "ORGANIZATION",
            "Royal United Services Institute",
        ),
        _entity(text, "Wren", "EXPERT", "Tobias Wren", 1, role="senior fellow"),
    ]
    (quote,) = stage.predict(_doc(text, entities))
    assert (quote.speaker, quote.speaker_role, quote.speaker_affiliation) == (
        "Tobias Wren",
        "senior fellow",
        "Royal United Services Institute",
    )
    assert quote.sentence == 1 and quote.stage == "quotes" and 0 < quote.confidence <= 1


def test_quotes_empty_batch_document_non_ascii_and_long(stage: Quotes) -> None:
    assert stage([]) == []
    (empty,) = stage([_doc("")])
    assert empty.quotes == ()
    text = "«Ми не відступимо ні на крок сьогодні», сказав він. “We will not retreat at all,” Zelensky said."
    doc = _doc(text, [_entity(text, "Zelensky", "LEADER", "Volodymyr Zelensky")])
    assert [q.speaker for q in stage.predict(doc)][-1] == "Volodymyr Zelensky"
    long_text = " ".join(["“We will not stand aside today,” Starmer said."] * 300)
    entities = [_entity(long_text, "Starmer", "LEADER", "Keir Starmer", n) for n in range(300)]
    quotes = stage.predict(_doc(long_text, entities))
    assert len(quotes) == 300 and all(long_text[q.start : q.end] == q.text for q in quotes)


def test_quotes_errors_name_the_problem() -> None:
    with pytest.raises(PledgewatchError, match="before load"):
        Quotes(Config(spacy_model="blank:en")).predict(_doc("x"))
    loaded = Quotes(Config(spacy_model="blank:en"))
    loaded.load()
    with pytest.raises(PledgewatchError, match="no spaCy analysis; run the nlp stage first"):
        loaded.predict(Document(doc_id="n", text="x"))


@pytest.fixture(scope="module")
def real_pipeline():
    from pledgewatch.pipeline import build_pipeline

    return build_pipeline(Config())


def _run(real_pipeline, text: str):
    (doc,) = real_pipeline([Document(doc_id="m", text=text)])
    return doc


@pytest.mark.models
@pytest.mark.parametrize(
    ("text", "quote", "kind", "speaker", "cue"),
    [
        (
            "Prime Minister Keir Starmer said Britain would lead a reassurance force once a ceasefire holds.",
            "Britain would lead a reassurance force once a ceasefire holds",
            "indirect",
            "Keir Starmer",
            "said",
        ),
        (
            "Britain would send jets to police Ukrainian airspace, Defence Secretary John Healey told reporters.",
            "Britain would send jets to police Ukrainian airspace",
            "indirect",
            "John Healey",
            "told reporters",
        ),
        (
            "The planning assumes a force of 10,000 troops, according to two European officials familiar with the talks.",
            "The planning assumes a force of 10,000 troops",
            "indirect",
            "European officials",
            "according to",
        ),
        (
            'Kremlin spokesman Dmitry Peskov said the plan was "a collection of old slogans" and would fail.',
            'the plan was "a collection of old slogans" and would fail',
            "mixed",
            "Dmitry Peskov",
            "said",
        ),
    ],
)
def test_quotes_reported_speech_with_real_parse(
    real_pipeline, text, quote, kind, speaker, cue
) -> None:
    doc = _run(real_pipeline, text)
    (found,) = [q for q in doc.quotes if q.kind != "direct"]
    start = text.index(quote)
    assert (found.start, found.end, found.kind, found.speaker, found.cue) == (
        start,
        start + len(quote),
        kind,
        speaker,
        cue,
    )


@pytest.mark.models
def test_quotes_pronoun_and_gender_with_real_parse(real_pipeline) -> None:
    text = (
        "Daniel Reyes asked Ingrid Halvorsen, a reader in war studies at King's College London, about the summit. "
        "“Offers to host are cheap,” she said. "
        "Reyes pressed the point. “Then who pays for it?” he asked."
    )
    doc = _run(real_pipeline, text)
    first = doc.quotes[0]
    assert (first.text, first.speaker, first.speaker_affiliation) == (
        "Offers to host are cheap,",
        "Ingrid Halvorsen",
        "King's College London",
    )


def test_quotes_interview_answers_labelled_a_belong_to_the_interviewee(stage: Quotes) -> None:
    text = (
        "Olena Marchuk runs a drone workshop in Lviv. We spoke to her this week.\n\n"
        "Q: Will the new money arrive in time?\n\nA: It has to. We build faster than we are paid.\n\n"
        "Q: And after a ceasefire?\n\nA: We will keep building, whatever happens."
    )
    entities = [_entity(text, "Olena Marchuk", "PERSON", "Olena Marchuk")]
    doc = _doc(text, entities)
    doc = replace(doc, people=(Person("Olena Marchuk", "PERSON", mentions=((0, 13),)),))
    rows = [(q.text, q.speaker) for q in stage.predict(doc)]
    assert rows == [
        ("It has to. We build faster than we are paid.", "Olena Marchuk"),
        ("We will keep building, whatever happens.", "Olena Marchuk"),
    ]
