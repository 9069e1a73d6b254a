"""Quote constructions of real articles, on sentences written for these tests: titles
as speakers, frames after and inside a clause, words quoted inside a sentence,
straight single marks, headlines that attribute themselves."""

from __future__ import annotations

import pytest

from pledgewatch.config import Config
from pledgewatch.kb import KnowledgeBase
from pledgewatch.model import Document, Entity, Meta
from pledgewatch.stages.quotes.candidates import in_a_sentence
from pledgewatch.stages.quotes.lexicon import QuoteLexicon
from pledgewatch.stages.quotes.marks import find_quoted_spans, typewriter_doubles
from pledgewatch.stages.quotes.speakers import Speakers, article_date, office_holder, parse_title
from tests.conftest import REPO
from tests.parses import parsed


@pytest.fixture(scope="module")
def speakers() -> Speakers:
    kb = KnowledgeBase.load(REPO / "models")
    return Speakers.build(QuoteLexicon.from_kb(kb), {}, kb)


@pytest.mark.parametrize(
    ("words", "title"),
    [
        ("the German chancellor", (("Chancellor",), "Germany")),
        ("the U.K. prime minister", (("Prime Minister",), "United Kingdom")),
        ("Japan's prime minister", (("Prime Minister",), "Japan")),
        ("the NATO chief", (("Secretary General", "Secretary-General"), "NATO")),
        ("the secretary-general", (("Secretary General", "Secretary-General"), None)),
        ("the party's president", None),  # words that name no state or body
        ("the former prime minister", None),  # no longer the office's voice
        ("the analyst", None),
    ],
)
def test_quotes_parse_title(speakers, words: str, title) -> None:
    assert parse_title(words, speakers) == title


@pytest.mark.parametrize(
    ("words", "date", "holder"),
    [
        ("the German chancellor", "2026-01-06", "Friedrich Merz"),
        ("the German chancellor", "2023-07-12", "Olaf Scholz"),
        ("the British leader", "2025-03-02", "Keir Starmer"),
        ("the French leader", "2025-03-02", "Emmanuel Macron"),  # a presidential state
        ("the NATO chief", "2023-07-11", "Jens Stoltenberg"),
        ("the president", "2025-03-02", None),  # whose president? no one in the text
    ],
)
def test_quotes_office_holder_from_the_knowledge_base(speakers, words, date, holder) -> None:
    doc = Document(doc_id="t", text="x", meta=Meta(published=date))
    assert office_holder(doc, [], 0, words, speakers, date) == holder


def test_quotes_office_holder_prefers_the_document(speakers) -> None:
    text = "Sir Keir Starmer flew to Kyiv. Later the Prime Minister said it would hold."
    starmer = Entity(4, 16, "Keir Starmer", "LEADER", "Keir Starmer")
    doc = Document(doc_id="t", text=text)
    assert office_holder(doc, [starmer], 35, "the Prime Minister", speakers, None) == "Keir Starmer"


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("date 2026-01-06 Berlin will help", "2026-01-06"),
        ("KYIV, 6 January 2026 — Leaders met", "2026-01-06"),
        ("PARIS, Jan. 6, 2026 (Wire) – Leaders met", "2026-01-06"),
        ("No date at all here.", None),
    ],
)
def test_quotes_article_date(text: str, date: str | None) -> None:
    assert article_date(Document(doc_id="d", text=text)) == date


@pytest.mark.parametrize(
    ("text", "inside"),
    [
        ("Macron said: “We will go.”", False),  # the whole content of its frame
        ("“We will go,” he said.", False),
        ("The force would be backed by a U.S. “backstop” in the air.", True),
        ("He called the pact “a turning point” for Europe.", True),
        ("Obama said “it gets me mad” every time he thinks of it.", True),
    ],
)
def test_quotes_words_quoted_inside_a_sentence(text: str, inside: bool) -> None:
    kb = KnowledgeBase.load(REPO / "models")
    lexicon = QuoteLexicon.from_kb(kb)
    ((opener, closer, _, _),) = find_quoted_spans(text)
    assert in_a_sentence(text, opener, closer, lexicon) is inside


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        (
            "'You do without it,' he told me. 'I cannot believe it.'",
            ["You do without it,", "I cannot believe it."],
        ),
        ("The allies' plan was 'a first step', he said.", ["a first step"]),
        ("Ukraine's allies' pledges are not quotes.", []),
    ],
)
def test_quotes_straight_single_marks(text: str, quoted: list[str]) -> None:
    assert [text[a:b] for _, _, a, b in find_quoted_spans(text)] == quoted


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        (
            "''The depot is full,'' the mayor said. ''We can wait.''",
            ["The depot is full,", "We can wait."],
        ),
        ("``Not yet,'' she answered.", ["Not yet,"]),
        ("The pilots' union's ''rules'' apply.", ["rules"]),
        ("No marks here: the pilots' union.", []),
    ],
)
def test_quotes_typewriter_double_marks(text: str, quoted: list[str]) -> None:
    view = typewriter_doubles(text)
    assert len(view) == len(text)
    assert [text[a:b] for _, _, a, b in find_quoted_spans(view)] == quoted


@pytest.fixture(scope="module")
def real_pipeline():
    from pledgewatch.pipeline import build_pipeline

    return build_pipeline(Config(), names=("boilerplate", "nlp", "entities", "quotes")).load()


def _quotes(pipeline, text: str):
    docs = [Document(doc_id="q", text=text, meta=Meta(published="2025-06-24"))]
    for stage in pipeline.stages:
        docs = stage(docs)
    return [(q.text, q.kind, q.speaker, q.cue) for q in docs[0].quotes]


@pytest.mark.models
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A frame after the clause it reports.
        (
            "Allies will fund two more air-defence batteries before winter, Mark Rutte said on Tuesday.",
            [
                (
                    "Allies will fund two more air-defence batteries before winter",
                    "indirect",
                    "Mark Rutte",
                    "said",
                )
            ],
        ),
        # A frame inside the clause.
        (
            "If the talks fail, Mark Rutte said, the allies will keep the pressure on Moscow.",
            [
                (
                    "If the talks fail, Mark Rutte said, the allies will keep the pressure on Moscow",
                    "indirect",
                    "Mark Rutte",
                    "said",
                )
            ],
        ),
        # A speaker given by title, on the article's date.
        (
            "“We will carry our share,” the German chancellor said.",
            [("We will carry our share,", "direct", "Friedrich Merz", "said")],
        ),
        # A frame inside a sentence whose first part has no verb of its own.
        (
            "For small states, Rutte argued, the alliance remains the only real shield.",
            [
                (
                    "For small states, Rutte argued, the alliance remains the only real shield",
                    "indirect",
                    "Rutte",  # a surname alone, with no first name in the text
                    "argued",
                )
            ],
        ),
        # Words quoted inside the reported clause: one mixed quote.
        (
            "Kaja Kallas said Europe would act “with or without Washington” if it had to.",
            [
                (
                    "Europe would act “with or without Washington” if it had to",
                    "mixed",
                    "Kaja Kallas",
                    "said",
                )
            ],
        ),
        # A participle after the frame reports apart from the quote before it.
        (
            "“Our factories need six more months,” Ana Lind told reporters, insisting that the delay was only technical.",
            [
                ("Our factories need six more months,", "direct", "Ana Lind", "told reporters"),
                ("the delay was only technical", "indirect", "Ana Lind", "insisting"),
            ],
        ),
        # A "that" clause the parser hangs on the noun before it.
        (
            "Kowalski said early on Friday during a visit to the port that he may postpone the trip until next month.",
            [("he may postpone the trip until next month", "indirect", "Kowalski", "said")],
        ),
        # "says" with what the parser reads as an object running through a relative clause.
        (
            "Senator Jane Doyle says the trade deal that is splitting her party damages the farmers of the valley.",
            [
                (
                    "the trade deal that is splitting her party damages the farmers of the valley",
                    "indirect",
                    "Jane Doyle",
                    "says",
                )
            ],
        ),
        # A noun for a role speaks, though no list names it.
        (
            "The campaigner said she had stopped believing in pledges made before elections.",
            [
                (
                    "she had stopped believing in pledges made before elections",
                    "indirect",
                    "campaigner",
                    "said",
                )
            ],
        ),
        # A scare-quoted term with no frame is no quote.
        ("The so-called “coalition of the willing” met in Paris on Thursday.", []),
        # A view through a verb's object and a quoted fragment: one mixed quote.
        (
            "Ministers met in Oslo on Monday. Jonas Gahr Store called the fund “a shield for the grid” and left.",
            [
                (
                    "the fund “a shield for the grid”",
                    "mixed",
                    "Jonas Gahr Støre",
                    "called",
                )
            ],
        ),
        # A frame after a clause that only relays the quote inside it: the inner
        # frame's speaker.
        (
            "Ministers met in Oslo on Monday. Jonas Gahr Store says the grid will hold "
            "through the winter, the broadcaster reports.",
            [("the grid will hold through the winter", "indirect", "Jonas Gahr Støre", "says")],
        ),
        # A relative clause's frame: the speaker is the one the clause is about.
        (
            "Ministers met in Oslo on Monday. Jonas Gahr Store, who said last week that the "
            "grid would hold, stayed away.",
            [("the grid would hold", "indirect", "Jonas Gahr Støre", "said")],
        ),
        # A surname the knowledge base knows, after another given name: someone else.
        (
            "Ministers met in Oslo on Monday. Ana Kovac of the Hague Centre for Strategic "
            "Studies said the plan was thin and late.",
            [("the plan was thin and late", "indirect", "Ana Kovac", "said")],
        ),
        # A participle's frame after the quoted object reports its own clause.
        (
            "Ministers met in Oslo on Monday. Jonas Gahr Store called the fund “vital”, "
            "saying it would keep the grid running.",
            [
                ("the fund “vital”", "mixed", "Jonas Gahr Støre", "called"),
                ("it would keep the grid running", "indirect", "Jonas Gahr Støre", "saying"),
            ],
        ),
        # The writer's words before the quoted part, the frame after it: mixed, up to
        # and with the closing mark.
        (
            "Ministers met in Oslo on Monday. There is “no quick fix for the winter, and no "
            "second chance,” said Ola Berg, a researcher at the Nordic Institute in Bergen.",
            [
                (
                    "There is “no quick fix for the winter, and no second chance,”",
                    "mixed",
                    "Ola Berg",
                    "said",
                )
            ],
        ),
        # Typewriter double marks, as archive and wire copy writes them; the record
        # keeps the characters of the source.
        (
            "''The convoy is ready,'' said Jan Kowalski, the mayor of Lublin.",
            [("The convoy is ready,", "direct", "Jan Kowalski", "said")],
        ),
    ],
)
def test_quotes_constructions_with_real_parse(real_pipeline, text, expected) -> None:
    assert _quotes(real_pipeline, text) == expected


@pytest.mark.models
def test_quotes_headline_that_attributes_itself(real_pipeline) -> None:
    text = (
        "Zelensky: Guarantees Must Be Ratified, Not Just Promised\n\nThe president spoke in Kyiv."
    )
    (found,) = _quotes(real_pipeline, text)
    assert found[:3] == (
        "Guarantees Must Be Ratified, Not Just Promised",
        "indirect",
        "Volodymyr Zelensky",
    )


def test_quotes_a_date_after_the_verb_is_no_speaker() -> None:
    from spacy.tokens import Span

    from pledgewatch.stages.quotes.frames import speaker_of

    # "… said Wednesday, …" with no subject in the parse: the date is not who spoke
    doc = parsed("""
    Then 2 advmod ADV RB then
    said 0 ROOT VERB VBD say
    Wednesday 2 npadvmod PROPN NNP Wednesday
    it 6 nsubj PRON PRP it
    would 6 aux AUX MD would
    act 2 ccomp VERB VB act
    . 2 punct PUNCT . .
    """)
    doc.ents = [Span(doc, 2, 3, label="DATE")]
    assert speaker_of(doc, doc[1], doc[0:7]) == (doc[3].idx, doc[3].idx + 2)  # "it"


def _speaker(
    speakers, text: str, entities: list[Entity], words: str, last=None, analysis=None
) -> str | None:
    from pledgewatch.intervals import Intervals
    from pledgewatch.stages.quotes.speakers import speaker_name

    start = text.rindex(words)
    doc = Document(doc_id="t", text=text, entities=tuple(entities), analysis=analysis)
    persons = frozenset(e.canonical for e in entities if e.label in ("LEADER", "EXPERT", "PERSON"))
    name, _ = speaker_name(
        doc,
        entities,
        [e.start for e in entities],
        persons,
        (start, start + len(words)),
        last,
        Intervals([]),
        speakers,
        None,
    )
    return name


def test_quotes_unnamed_people_keep_their_words(speakers) -> None:
    # "An EU diplomat said …": an unnamed person, not the European Union speaking.
    text = "An EU diplomat said the mood in the room was grim."
    eu = Entity(3, 5, "EU", "COALITION", "European Union")
    assert _speaker(speakers, text, [eu], "EU diplomat") == "EU diplomat"
    text = "One EU diplomat said the mood was grim."
    eu = Entity(4, 6, "EU", "COALITION", "European Union")
    assert _speaker(speakers, text, [eu], "One EU diplomat") == "EU diplomat"
    # "A NATO spokesperson said …" still speaks for the body.
    text = "A NATO spokesperson said the alliance was ready."
    nato = Entity(2, 6, "NATO", "COALITION", "NATO")
    assert _speaker(speakers, text, [nato], "NATO spokesperson") == "NATO"


def test_quotes_the_title_outside_the_mention(speakers) -> None:
    # "The minister said": the mention is "minister", its "The" before it.
    text = "Defence Minister Boris Pistorius visited Kyiv. The minister said more would come."
    pistorius = Entity(
        17, 32, "Boris Pistorius", "LEADER", "Boris Pistorius", role="Defence Minister"
    )
    assert _speaker(speakers, text, [pistorius], "minister") == "Boris Pistorius"


def test_quotes_answer_that_quotes_someone_is_still_the_answer() -> None:
    from pledgewatch.model import Turn
    from pledgewatch.stages.quotes.candidates import Found
    from pledgewatch.stages.quotes.stage import Quotes

    text = (
        "Anna Berg: Is it enough?\n\n"
        'Jonas Vik: Closer, yes. The text speaks of "an irreversible path", and that matters.\n\n'
        "Anna Berg: And now?\n\n"
        'Jonas Vik: "We will act now, with or without the others," I said.'
    )
    second = text.index("Jonas Vik")
    fourth = text.rindex("Jonas Vik")
    turns = (
        Turn(11, 24, 0, 9, "Anna Berg", question=True),
        Turn(second + 11, text.index("\n\nAnna Berg: And"), second, second + 9, "Jonas Vik", False),
        Turn(fourth + 11, len(text), fourth, fourth + 9, "Jonas Vik", question=False),
    )
    doc = Document(doc_id="t", text=text, turns=turns)
    inner = text.index("an irreversible")
    whole = text.index("We will act")
    direct = [
        Found(inner, inner + len("an irreversible path"), "direct", 0.9),
        Found(whole, whole + len("We will act now, with or without the others,"), "direct", 0.9),
    ]
    answers = Quotes.answers(doc, direct)
    # The first answer quotes four words: it is the answer. The second is mostly in
    # quotation marks of its own: the quote finder has it.
    assert [(a.start, a.end) for a in answers] == [(turns[1].start, turns[1].end)]


def test_quotes_roundup_contributions_are_their_contributors_words() -> None:
    from pledgewatch.stages.quotes.roundups import roundup_quotes

    text = (
        "Experts react: the new fund\n\n"
        "We asked two fellows what the fund changes.\n\n"
        "Ana Lind\n"
        "Senior Fellow, Europe Programme\n\n"
        "It changes little. The money is late.\n\n"
        "It is still welcome.\n\n"
        "Piotr Nowak\n"
        "Director, Eastern Flank Initiative\n\n"
        "It changes the politics."
    )
    people = [
        Entity(
            text.index("Ana Lind"), text.index("Ana Lind") + 8, "Ana Lind", "EXPERT", "Ana Lind"
        ),
        Entity(
            text.index("Piotr Nowak"),
            text.index("Piotr Nowak") + 11,
            "Piotr Nowak",
            "EXPERT",
            "Piotr Nowak",
        ),
    ]
    found = roundup_quotes(text, people, ())
    assert [(text[f.start : f.end], f.speaker, f.cue) for f in found] == [
        ("It changes little. The money is late.\n\nIt is still welcome.", "Ana Lind", None),
        ("It changes the politics.", "Piotr Nowak", None),
    ]
    # One name over a title line is a byline or an author's note: no roundup.
    assert roundup_quotes(text, people[:1], ()) == []


def test_quotes_a_second_frame_of_the_speaker_reports_apart() -> None:
    # "He said the plan was theft and warned of a response.": the clause "said"
    # reports ends where the coordinated "warned" begins its own report.
    from pledgewatch.stages.quotes.candidates import reported_span, trim_clause

    sdoc = parsed("""
He 2 nsubj PRON PRP he
said 0 ROOT VERB VBD say
the 4 det DET DT the
plan 5 nsubj NOUN NN plan
was 2 ccomp AUX VBD be
theft 5 attr NOUN NN theft
and 5 cc CCONJ CC and
warned 5 conj VERB VBD warn
of 8 prep ADP IN of
a 11 det DET DT a
response 9 pobj NOUN NN response
. 2 punct PUNCT . .
""")
    lexicon = QuoteLexicon.from_kb(KnowledgeBase.load(REPO / "models"))
    start, end, kind = reported_span(sdoc, sdoc[1], [], lexicon)
    start, end = trim_clause(sdoc.text, start, end)
    assert (sdoc.text[start:end], kind) == ("the plan was theft", "indirect")
    # A coordinated verb that reports nothing of its own does not cut the report:
    # "She said Oslo had helped and would continue to fund repairs."
    sdoc2 = parsed("""
She 2 nsubj PRON PRP she
said 0 ROOT VERB VBD say
Oslo 5 nsubj PROPN NNP Oslo
had 5 aux AUX VBD have
helped 2 ccomp VERB VBN help
and 5 cc CCONJ CC and
would 8 aux AUX MD would
continue 5 conj VERB VB continue
to 10 aux PART TO to
fund 8 xcomp VERB VB fund
repairs 10 dobj NOUN NNS repair
. 2 punct PUNCT . .
""")
    start, end, _ = reported_span(sdoc2, sdoc2[1], [], lexicon)
    assert sdoc2.text[start:end] == "Oslo had helped and would continue to fund repairs"
    # "warned", hung inside the first report, has the first frame's speaker.
    from pledgewatch.stages.quotes.frames import speaker_of

    assert speaker_of(sdoc, sdoc[7], sdoc[0 : len(sdoc)]) == (0, 2)


def test_quotes_warned_of_a_quoted_word_is_mixed() -> None:
    # "She warned of a “painful” response.": what is spoken of holds the quoted word.
    from pledgewatch.stages.quotes.candidates import Found, reported_span

    sdoc = parsed("""
She 2 nsubj PRON PRP she
warned 0 ROOT VERB VBD warn
of 2 prep ADP IN of
a 8 det DET DT a
“ 6 punct PUNCT `` “ -
painful 8 amod ADJ JJ painful
” 6 punct PUNCT '' ”
response 3 pobj NOUN NN response
. 2 punct PUNCT . .
""")
    text = sdoc.text
    opener, closer = text.index("“"), text.index("”")
    fragment = Found(opener + 1, closer, "fragment", 0.5, marks=(opener, closer))
    lexicon = QuoteLexicon.from_kb(KnowledgeBase.load(REPO / "models"))
    start, end, kind = reported_span(sdoc, sdoc[1], [fragment], lexicon)
    assert (text[start:end], kind) == ("a “painful” response", "mixed")


@pytest.mark.parametrize(
    ("text", "words", "speaker"),
    [
        # After a group spoke, "one of them" is one of that group …
        (
            "Diplomats said talks were stuck. One of them said the mood was grim.",
            "One of them",
            "diplomats",
        ),
        # … but "one EU diplomat" is an unnamed person of their own, and so is a second one.
        (
            "Diplomats said talks were stuck. One EU diplomat said the mood was grim.",
            "One EU diplomat",
            "EU diplomat",
        ),
        (
            "Diplomats said talks were stuck. A second diplomat said the mood was grim.",
            "A second diplomat",
            "diplomat",
        ),
        # "senior" is part of who they are.
        (
            "Diplomats said talks were stuck. One senior diplomat said the mood was grim.",
            "One senior diplomat",
            "senior diplomat",
        ),
    ],
)
def test_quotes_one_of_a_group_and_one_of_their_own(
    speakers, text: str, words: str, speaker: str
) -> None:
    assert _speaker(speakers, text, [], words, last=("diplomats", 0)) == speaker


def test_quotes_a_pronoun_is_not_the_person_in_a_possessive(speakers) -> None:
    # "Umerov spoke. Hegseth's remarks were harsh, he said.": "he" is Umerov, not the
    # man whose remarks are talked about.
    doc = parsed("""
Umerov 2 nsubj PROPN NNP Umerov
spoke 0 ROOT VERB VBD speak
. 2 punct PUNCT . .
Hegseth 6 poss PROPN NNP Hegseth
's 4 case PART POS 's
remarks 7 nsubj NOUN NNS remark
were 11 ccomp AUX VBD be
harsh 7 acomp ADJ JJ harsh
, 11 punct PUNCT , ,
he 11 nsubj PRON PRP he
said 0 ROOT VERB VBD say
. 11 punct PUNCT . .
""")
    text = doc.text
    at = text.index("Hegseth")
    entities = [
        Entity(0, 6, "Umerov", "LEADER", "Rustem Umerov"),
        Entity(at, at + 7, "Hegseth", "LEADER", "Pete Hegseth"),
    ]
    assert _speaker(speakers, text, entities, "he", analysis=doc) == "Rustem Umerov"


def test_quotes_a_label_in_capitals_is_the_person_of_that_surname(speakers) -> None:
    # A briefing's "MIN. HOLM:" after "Minister Karl Holm" was named.
    text = "Minister Karl Holm opened.\n\nMIN. HOLM: We will send radars."
    holm = Entity(9, 18, "Karl Holm", "LEADER", "Karl Holm")
    assert _speaker(speakers, text, [holm], "MIN. HOLM") == "Karl Holm"
