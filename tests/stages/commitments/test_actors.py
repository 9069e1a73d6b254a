"""Actors and recipients on hand-built parses, with entities and quotes written out."""

from __future__ import annotations

import pytest

from pledgewatch.model import Entity, Quote
from pledgewatch.stages.commitments.actors import actors_of
from pledgewatch.stages.commitments.candidate import Candidate
from pledgewatch.stages.commitments.context import make_context
from pledgewatch.stages.commitments.features import describe
from pledgewatch.stages.commitments.recipients import recipients_of
from tests.parses import parsed

ALLIES = parsed("""
The 2 det DET DT the
allies 3 nsubj NOUN NNS ally
agreed 0 ROOT VERB VBD agree
to 3 prep ADP IN to
a 7 det DET DT a
new 7 amod ADJ JJ new
package 4 pobj NOUN NN package
. 3 punct PUNCT . .
""")

WITH_PARTNERS = parsed("""
Ukraine 3 nsubj PROPN NNP Ukraine
has 3 aux AUX VBZ have
signed 0 ROOT VERB VBN sign
agreements 3 dobj NOUN NNS agreement
with 4 prep ADP IN with
Spain 5 pobj PROPN NNP Spain
and 6 cc CCONJ CC and
Belgium 6 conj PROPN NNP Belgium
. 3 punct PUNCT . .
""")

GROUPS = parsed("""
Nordic 2 amod ADJ JJ nordic
ministers 6 nsubj NOUN NNS minister
and 2 cc CCONJ CC and
U.S. 5 compound PROPN NNP U.S.
officials 2 conj NOUN NNS official
endorsed 0 ROOT VERB VBD endorse
the 8 det DET DT the
plan 6 dobj NOUN NN plan
. 6 punct PUNCT . .
""")

WE = parsed("""
We 3 nsubj PRON PRP we
will 3 aux AUX MD will
stand 0 ROOT VERB VB stand
by 3 prep ADP IN by
Ukraine 4 pobj PROPN NNP Ukraine
. 3 punct PUNCT . .
""")

AGENT = parsed("""
The 2 det DET DT the
communiqué 4 nsubjpass NOUN NN communiqué
was 4 auxpass AUX VBD be
signed 0 ROOT VERB VBN sign
by 4 agent ADP IN by
the 7 det DET DT the
leaders 5 pobj NOUN NNS leader
of 7 prep ADP IN of
Poland 8 pobj PROPN NNP Poland
, 9 punct PUNCT , ,
Lithuania 9 conj PROPN NNP Lithuania
and 11 cc CCONJ CC and
Ukraine 11 conj PROPN NNP Ukraine
. 4 punct PUNCT . .
""")

PASSIVE = parsed("""
Norway 2 nsubj PROPN NNP Norway
announced 0 ROOT VERB VBD announce
a 4 det DET DT a
package 2 dobj NOUN NN package
. 2 punct PUNCT . .
The 7 det DET DT the
systems 10 nsubjpass NOUN NNS system
will 10 aux AUX MD will
be 10 auxpass AUX VB be
delivered 0 ROOT VERB VBN deliver
before 10 prep ADP IN before
winter 11 pobj NOUN NN winter
. 10 punct PUNCT . .
""")

RECEIVE = parsed("""
Ukraine 3 nsubj PROPN NNP Ukraine
will 3 aux AUX MD will
receive 0 ROOT VERB VB receive
a 7 det DET DT a
new 7 amod ADJ JJ new
support 7 compound NOUN NN support
programme 3 dobj NOUN NN programme
. 3 punct PUNCT . .
""")

OFFICIALS_FROM = parsed("""
Officials 6 nsubj NOUN NNS official
from 1 prep ADP IN from
France 2 pobj PROPN NNP France
and 3 cc CCONJ CC and
Italy 3 conj PROPN NNP Italy
met 0 ROOT VERB VBD meet
. 6 punct PUNCT . .
""")

WHICH_BOTH = parsed("""
Talks 2 nsubj NOUN NNS talk
included 0 ROOT VERB VBD include
France 2 dobj PROPN NNP France
and 3 cc CCONJ CC and
Britain 3 conj PROPN NNP Britain
, 5 punct PUNCT , ,
which 9 nsubj PRON WDT which
will 9 aux AUX MD will
send 5 relcl VERB VB send
troops 9 dobj NOUN NNS troop
. 2 punct PUNCT . .
""")

FRAMED_THEY = parsed("""
Oslo 4 nsubj PROPN NNP Oslo
and 1 cc CCONJ CC and
Madrid 1 conj PROPN NNP Madrid
said 0 ROOT VERB VBD say
Rome 6 nsubj PROPN NNP Rome
asked 4 ccomp VERB VBD ask
and 6 cc CCONJ CC and
they 10 nsubj PRON PRP they
would 10 aux AUX MD would
help 6 conj VERB VB help
. 4 punct PUNCT . .
""")

INSTRUMENT = parsed("""
The 3 det DET DT the
Partnership 3 nsubj PROPN NNP Partnership
covers 0 ROOT VERB VBZ cover
drone 5 compound NOUN NN drone
training 3 dobj NOUN NN training
. 3 punct PUNCT . .
""")

THE_AGREEMENT = parsed("""
Kyiv 2 nsubj PROPN NNP Kyiv
ratified 0 ROOT VERB VBD ratify
the 4 det DET DT the
Partnership 2 dobj PROPN NNP Partnership
. 2 punct PUNCT . .
The 7 det DET DT the
agreement 8 nsubj NOUN NN agreement
covers 8 ROOT VERB VBZ cover
training 8 dobj NOUN NN training
. 8 punct PUNCT . .
""")

THERE_WILL_BE = parsed("""
There 3 expl PRON EX there
will 3 aux AUX MD will
be 0 ROOT AUX VB be
a 6 det DET DT a
new 6 amod ADJ JJ new
mission 3 attr NOUN NN mission
. 3 punct PUNCT . .
""")


def _entities(doc, *pairs: tuple[str, str, str]) -> list[Entity]:
    out, position = [], 0
    for surface, label, canonical in pairs:
        start = doc.text.index(surface, position)
        out.append(Entity(start, start + len(surface), surface, label, canonical))
        position = start + len(surface)
    return out


def _actors(doc, head: int, lexicon, gazetteer, entities=(), quotes=(), text=None):
    text = text if text is not None else doc.text
    context = make_context(text, entities, quotes, gazetteer, lexicon)
    sentence = doc[head].sent
    candidate = Candidate(sentence.start_char, sentence.end_char - 1, head)
    return describe(doc, candidate, context).actors, actors_of(doc, candidate, context)[1]


def test_commitments_actors_bare_allies_in_an_article_about_nato(lexicon, gazetteer) -> None:
    # "NATO" named elsewhere in the article makes it the article's coalition.
    nato = Entity(100, 104, "NATO", "COALITION", "NATO")
    assert _actors(ALLIES, 2, lexicon, gazetteer, [nato]) == (("NATO",), "subject")


def test_commitments_actors_the_receiver_signing_with_partners(lexicon, gazetteer) -> None:
    entities = _entities(
        WITH_PARTNERS,
        ("Ukraine", "STATE", "Ukraine"),
        ("Spain", "STATE", "Spain"),
        ("Belgium", "STATE", "Belgium"),
    )
    actors, _ = _actors(WITH_PARTNERS, 2, lexicon, gazetteer, entities)
    assert actors == ("Spain", "Belgium")


def test_commitments_actors_coordinated_group_and_state(lexicon, gazetteer) -> None:
    entities = _entities(GROUPS, ("U.S.", "STATE", "United States"))
    assert _actors(GROUPS, 5, lexicon, gazetteer, entities)[0] == (
        "Nordic ministers",
        "United States",
    )


def test_commitments_actors_officials_from_states(lexicon, gazetteer) -> None:
    # "Officials from France and Italy met.": the states they come from
    entities = _entities(OFFICIALS_FROM, ("France", "STATE", "France"), ("Italy", "STATE", "Italy"))
    assert _actors(OFFICIALS_FROM, 5, lexicon, gazetteer, entities)[0] == ("France", "Italy")


def test_commitments_actors_which_after_coordinated_names(lexicon, gazetteer) -> None:
    # "Talks included France and Britain, which will send troops.": both send
    entities = _entities(
        WHICH_BOTH,
        ("France", "STATE", "France"),
        ("Britain", "STATE", "United Kingdom"),
    )
    assert _actors(WHICH_BOTH, 8, lexicon, gazetteer, entities)[0] == (
        "France",
        "United Kingdom",
    )


def test_commitments_actors_we_in_a_quote_is_the_speakers_state(lexicon, gazetteer) -> None:
    # "“We will stand by Ukraine,” the chancellor said." with the quote resolved to Merz.
    text = WE.text + " the chancellor said."
    merz = Entity(40, 55, "Friedrich Merz", "LEADER", "Friedrich Merz")
    quote = Quote(0, 24, WE.text[:24], "direct", speaker="Friedrich Merz")
    assert _actors(WE, 2, lexicon, gazetteer, [merz], [quote], text)[0] == ("Germany",)


def test_commitments_actors_passive_agent_members_of_states(lexicon, gazetteer) -> None:
    entities = _entities(
        AGENT,
        ("Poland", "STATE", "Poland"),
        ("Lithuania", "STATE", "Lithuania"),
        ("Ukraine", "STATE", "Ukraine"),
    )
    # the leaders of Poland, Lithuania and Ukraine signed: Ukraine is the receiver
    assert _actors(AGENT, 3, lexicon, gazetteer, entities)[0] == ("Poland", "Lithuania")


def test_commitments_actors_passive_without_agent_from_context(lexicon, gazetteer) -> None:
    entities = _entities(PASSIVE, ("Norway", "STATE", "Norway"))
    assert _actors(PASSIVE, 9, lexicon, gazetteer, entities) == (("Norway",), "context")


def test_commitments_actors_the_receiver_receiving(lexicon, gazetteer) -> None:
    text = "NATO met on Monday. " + RECEIVE.text
    doc = parsed(
        """
NATO 2 nsubj PROPN NNP NATO
met 0 ROOT VERB VBD meet
on 2 prep ADP IN on
Monday 3 pobj PROPN NNP Monday
. 2 punct PUNCT . .
"""
        + "\n".join(
            f"{t.text} {t.head.i + 6 if t.head.i != t.i else 0} {t.dep_} {t.pos_} {t.tag_} {t.lemma_}"
            for t in RECEIVE
        )
    )
    assert doc.text == text
    entities = _entities(doc, ("NATO", "COALITION", "NATO"), ("Ukraine", "STATE", "Ukraine"))
    assert _actors(doc, 7, lexicon, gazetteer, entities) == (("NATO",), "context")


@pytest.mark.parametrize(
    ("text", "actors", "commitment_type", "recipients"),
    [
        # A named receiver after "to"/"for", never the actor itself.
        ("Germany will send tanks to Poland", ["Germany"], "military_aid", ["Poland"]),
        # Forces stationed *in* a state go to it.
        (
            "Germany has a brigade stationed in Lithuania",
            ["Germany"],
            "troop_deployment",
            ["Lithuania"],
        ),
        # Support without a named receiver goes to the article's receiving state.
        (
            "Japan shipped generators to hospitals in Kharkiv",
            ["Japan"],
            "humanitarian_aid",
            ["Ukraine"],
        ),
        ("Ukraine will buy the shells", ["Ukraine"], "military_aid", []),
        # Sanctions go to the sanctioned state; a diplomatic act names its own.
        ("The EU adopted its 19th package", ["European Union"], "sanctions", ["Russia"]),
        ("Switzerland would host a conference", ["Switzerland"], "diplomatic", []),
    ],
)
def test_commitments_recipients_of(
    lexicon, gazetteer, text, actors, commitment_type, recipients
) -> None:
    entities = [
        Entity(text.index(name), text.index(name) + len(name), name, "STATE", name)
        for name in ("Germany", "Poland", "Lithuania", "Japan", "Ukraine", "Switzerland")
        if name in text
    ]
    context = make_context(text, entities, (), gazetteer, lexicon)
    assert recipients_of(Candidate(0, len(text), 0), actors, commitment_type, context) == recipients


def test_commitments_actors_pronoun_said_of_the_framing_subject(lexicon, gazetteer) -> None:
    # "Oslo and Madrid said Rome asked and they would help.": "they" are the sayers, not
    # the state named last
    entities = _entities(
        FRAMED_THEY,
        ("Oslo", "STATE", "Norway"),
        ("Madrid", "STATE", "Spain"),
        ("Rome", "STATE", "Italy"),
    )
    assert _actors(FRAMED_THEY, 9, lexicon, gazetteer, entities)[0] == ("Norway", "Spain")


def test_commitments_actors_a_named_instrument_acts_for_its_issuers(lexicon, gazetteer) -> None:
    # "The Partnership covers drone training." where the entities stage linked it to the
    # knowledge base's UK-Ukraine 100-Year Partnership
    entities = _entities(
        INSTRUMENT, ("Partnership", "GUARANTEE", "UK-Ukraine 100-Year Partnership")
    )
    assert _actors(INSTRUMENT, 2, lexicon, gazetteer, entities)[0] == ("United Kingdom",)


def test_commitments_actors_the_agreement_refers_to_the_instrument_named_before(
    lexicon, gazetteer
) -> None:
    # "Kyiv ratified the Partnership. The agreement covers training.": the issuers of the
    # instrument named before, without the receiver
    entities = _entities(
        THE_AGREEMENT,
        ("Kyiv", "STATE", "Ukraine"),
        ("Partnership", "GUARANTEE", "UK-Ukraine 100-Year Partnership"),
    )
    assert _actors(THE_AGREEMENT, 7, lexicon, gazetteer, entities)[0] == ("United Kingdom",)


def test_commitments_actors_there_will_be_in_a_quote_is_the_speakers_body(
    lexicon, gazetteer
) -> None:
    # "“There will be a new mission.” Rutte said." with the quote resolved to Rutte
    text = THERE_WILL_BE.text + " Rutte said."
    rutte = Entity(
        len(THERE_WILL_BE.text) + 1,
        len(THERE_WILL_BE.text) + 6,
        "Rutte",
        "LEADER",
        "Mark Rutte",
        role="NATO Secretary General",
    )
    quote = Quote(0, 26, THERE_WILL_BE.text[:26], "direct", speaker="Mark Rutte")
    assert _actors(THERE_WILL_BE, 2, lexicon, gazetteer, [rutte], [quote], text)[0] == ("NATO",)


APPOSED = parsed("""
The 3 det DET DT the
Prime 3 compound PROPN NNP Prime
Minister 16 nsubj PROPN NNP Minister
, 3 punct PUNCT , ,
Justin 6 compound PROPN NNP Justin
Trudeau 3 appos PROPN NNP Trudeau
, 6 punct PUNCT , ,
and 6 cc CCONJ CC and
the 10 det DET DT the
President 6 conj PROPN NNP President
of 10 prep ADP IN of
Ukraine 11 pobj PROPN NNP Ukraine
, 10 punct PUNCT , ,
Volodymyr 15 compound PROPN NNP Volodymyr
Zelensky 10 appos PROPN NNP Zelensky
signed 0 ROOT VERB VBD sign
the 18 det DET DT the
accord 16 dobj NOUN NN accord
. 16 punct PUNCT . .
""")


def test_commitments_actors_titles_named_in_apposition(lexicon, gazetteer) -> None:
    # "The Prime Minister, Justin Trudeau, and the President of Ukraine, Volodymyr
    # Zelensky signed the accord.": both titles name their holders; of a signed accord
    # the guarantor is the actor (Ukraine, the receiver, signs too).
    entities = _entities(
        APPOSED,
        ("Justin Trudeau", "LEADER", "Justin Trudeau"),
        ("Ukraine", "STATE", "Ukraine"),
        ("Volodymyr Zelensky", "LEADER", "Volodymyr Zelensky"),
    )
    assert _actors(APPOSED, 15, lexicon, gazetteer, entities) == (("Canada",), "subject")


IF_RUSSIA = """
If 3 mark SCONJ IN if
Russia 3 nsubj PROPN NNP Russia
breaks 10 advcl VERB VBZ break
a 5 det DET DT a
deal 3 dobj NOUN NN deal
, 10 punct PUNCT , ,
{subject}
could 10 aux AUX MD could
help 0 ROOT VERB VB help
Ukraine 10 dobj PROPN NNP Ukraine
. 10 punct PUNCT . .
"""


@pytest.mark.parametrize(
    ("subject", "actors"),
    [
        # "If Russia breaks a deal, European powers could help Ukraine."
        ("European 8 amod ADJ JJ european\npowers 10 nsubj NOUN NNS power", ("European powers",)),
        # "…, many others could help Ukraine.": no giver, and not the condition's subject
        ("many 8 amod ADJ JJ many\nothers 10 nsubj NOUN NNS other", ()),
    ],
)
def test_commitments_actors_not_from_inside_a_condition(
    lexicon, gazetteer, subject: str, actors: tuple[str, ...]
) -> None:
    doc = parsed(IF_RUSSIA.format(subject=subject))
    entities = _entities(doc, ("Russia", "STATE", "Russia"), ("Ukraine", "STATE", "Ukraine"))
    assert _actors(doc, 9, lexicon, gazetteer, entities)[0] == actors


LISTED_AS_APPOSITION = parsed("""
The 3 det DET DT the
United 3 compound PROPN NNP United
States 8 nsubj PROPN NNP States
, 3 punct PUNCT , ,
Spain 3 appos PROPN NNP Spain
and 5 cc CCONJ CC and
Italy 5 conj PROPN NNP Italy
announced 0 ROOT VERB VBD announce
radars 8 dobj NOUN NNS radar
. 8 punct PUNCT . .
""")

TOGETHER_WITH = parsed("""
Austria 2 nsubj PROPN NNP Austria
runs 0 ROOT VERB VBZ run
the 5 det DET DT the
demining 5 compound NOUN NN demining
group 2 dobj NOUN NN group
together 7 advmod ADV RB together
with 5 prep ADP IN with
Chile 7 pobj PROPN NNP Chile
. 2 punct PUNCT . .
""")

INCLUDING = parsed("""
Several 2 amod ADJ JJ several
partners 10 nsubj NOUN NNS partner
, 2 punct PUNCT , ,
including 2 prep VERB VBG include
Greece 4 pobj PROPN NNP Greece
and 5 cc CCONJ CC and
Malta 5 conj PROPN NNP Malta
, 2 punct PUNCT , ,
are 10 aux AUX VBP be
funding 0 ROOT VERB VBG fund
radars 10 dobj NOUN NNS radar
. 10 punct PUNCT . .
""")

SUCH_AS = parsed("""
Other 2 amod ADJ JJ other
nations 7 nsubj NOUN NNS nation
such 4 amod ADJ JJ such
as 2 prep ADP IN as
Chile 4 pobj PROPN NNP Chile
will 7 aux AUX MD will
follow 0 ROOT VERB VB follow
. 7 punct PUNCT . .
""")

FROM_COUNTRIES = parsed("""
Envoys 5 nsubj NOUN NNS envoy
from 1 prep ADP IN from
12 4 nummod NUM CD 12
countries 2 pobj NOUN NNS country
pledged 0 ROOT VERB VBD pledge
radars 5 dobj NOUN NNS radar
. 5 punct PUNCT . .
""")


@pytest.mark.parametrize(
    ("doc", "head", "pairs", "actors"),
    [
        # "The United States, Spain and Italy announced radars.": a list the parser hung on
        # its first name as an apposition
        (
            LISTED_AS_APPOSITION,
            7,
            (
                ("United States", "STATE", "United States"),
                ("Spain", "STATE", "Spain"),
                ("Italy", "STATE", "Italy"),
            ),
            ("United States", "Spain", "Italy"),
        ),
        # "Austria runs the demining group together with Chile.": a partner, not a counterpart
        (
            TOGETHER_WITH,
            1,
            (("Austria", "STATE", "Austria"), ("Chile", "STATE", "Chile")),
            ("Austria", "Chile"),
        ),
        # "Several partners, including Greece and Malta, are funding radars."
        (
            INCLUDING,
            9,
            (("Greece", "STATE", "Greece"), ("Malta", "STATE", "Malta")),
            ("Greece", "Malta"),
        ),
        # "Other nations such as Chile will follow."
        (SUCH_AS, 6, (("Chile", "STATE", "Chile"),), ("Chile",)),
        # "Envoys from 12 countries pledged radars.": the group's own words
        (FROM_COUNTRIES, 4, (), ("12 countries",)),
    ],
)
def test_commitments_actors_listed_partners_and_members(
    lexicon, gazetteer, doc, head: int, pairs, actors: tuple[str, ...]
) -> None:
    entities = _entities(doc, *pairs)
    assert _actors(doc, head, lexicon, gazetteer, entities)[0] == actors


def test_commitments_actors_plain_with_is_a_counterpart_not_a_partner(lexicon, gazetteer) -> None:
    doc = parsed("""
Austria 2 nsubj PROPN NNP Austria
signed 0 ROOT VERB VBD sign
a 4 det DET DT a
deal 2 dobj NOUN NN deal
with 4 prep ADP IN with
Chile 5 pobj PROPN NNP Chile
. 2 punct PUNCT . .
""")
    entities = _entities(doc, ("Austria", "STATE", "Austria"), ("Chile", "STATE", "Chile"))
    assert _actors(doc, 1, lexicon, gazetteer, entities)[0] == ("Austria",)


FEDERAL = parsed("""
Austria 2 nsubj PROPN NNP Austria
condemned 0 ROOT VERB VBD condemn
Russia 2 dobj PROPN NNP Russia
. 2 punct PUNCT . .
The 7 det DET DT the
Federal 7 compound PROPN NNP Federal
Government 9 nsubj PROPN NNP Government
has 9 aux AUX VBZ have
ordered 0 ROOT VERB VBN order
shells 9 dobj NOUN NNS shell
for 10 prep ADP IN for
Ukraine 11 pobj PROPN NNP Ukraine
. 9 punct PUNCT . .
""")


def test_commitments_actors_the_federal_government_is_its_state(lexicon, gazetteer) -> None:
    # "Austria condemned Russia. The Federal Government has ordered shells for Ukraine.":
    # the state last named that is neither the receiver nor the adversary
    entities = _entities(
        FEDERAL,
        ("Austria", "STATE", "Austria"),
        ("Russia", "STATE", "Russia"),
        ("Federal Government", "ORGANIZATION", "Federal Government"),
        ("Ukraine", "STATE", "Ukraine"),
    )
    assert _actors(FEDERAL, 8, lexicon, gazetteer, entities) == (("Austria",), "subject")


def test_commitments_actors_a_donor_tables_row_label(lexicon, gazetteer) -> None:
    # "- the Netherlands: about €250 million" under "Pledges include:"
    doc = parsed("""
- 3 punct PUNCT : -
the 3 det DET DT the
Netherlands 0 ROOT PROPN NNP Netherlands
: 3 punct PUNCT : :
about 6 advmod ADV RB about
€ 7 nmod SYM $ €
250 8 compound NUM CD 250
million 3 appos NUM CD million
""")
    entities = _entities(doc, ("Netherlands", "STATE", "Netherlands"))
    context = make_context(doc.text, entities, (), gazetteer, lexicon)
    candidate = Candidate(2, len(doc.text), 2, "item")
    assert actors_of(doc, candidate, context) == (["Netherlands"], "donor")


def test_commitments_actors_a_headline_parsed_without_a_verb(lexicon, gazetteer) -> None:
    # "Premier Rama and President Zelensky sign accord": "sign" parsed as a noun
    doc = parsed("""
Premier 2 compound PROPN NNP Premier
Rama 0 ROOT PROPN NNP Rama
and 2 cc CCONJ CC and
President 5 compound PROPN NNP President
Zelensky 6 compound PROPN NNP Zelensky
sign 2 conj NOUN NN sign
accord 6 appos NOUN NN accord
""")
    entities = [
        Entity(8, 12, "Rama", "LEADER", "Edi Rama"),
        Entity(27, 35, "Zelensky", "LEADER", "Volodymyr Zelensky"),
    ]
    context = make_context(doc.text, entities, (), gazetteer, lexicon)
    assert actors_of(doc, Candidate(0, len(doc.text), 1), context)[0] == ["Albania"]


TITLE = parsed("""
Scholz 2 nsubj PROPN NNP Scholz
spoke 0 ROOT VERB VBD speak
. 2 punct PUNCT . .
The 5 det DET DT the
chancellor 6 nsubj NOUN NN chancellor
refused 0 ROOT VERB VBD refuse
missiles 6 dobj NOUN NNS missile
. 6 punct PUNCT . .
""")


def test_commitments_actors_a_title_is_its_holders_state(lexicon, gazetteer) -> None:
    # "Scholz spoke. The chancellor refused missiles.": the leader with that office
    entities = _entities(TITLE, ("Scholz", "LEADER", "Olaf Scholz"))
    assert _actors(TITLE, 5, lexicon, gazetteer, entities) == (("Germany",), "subject")


INSTRUMENTS = parsed("""
The 2 det DET DT the
Accord 4 nsubj PROPN NNP Accord
between 2 prep ADP IN between
Chile 3 pobj PROPN NNP Chile
and 4 cc CCONJ CC and
Ukraine 4 conj PROPN NNP Ukraine
follows 0 ROOT VERB VBZ follow
the 10 det DET DT the
G7 10 compound PROPN NNP G7
Declaration 7 dobj PROPN NNP Declaration
. 7 punct PUNCT . .
The 13 det DET DT the
accord 14 nsubj NOUN NN accord
covers 0 ROOT VERB VBZ cover
training 14 dobj NOUN NN training
. 14 punct PUNCT . .
""")


def test_commitments_actors_the_accord_is_the_instrument_of_that_name(lexicon, gazetteer) -> None:
    # "The Accord between Chile and Ukraine follows the G7 Declaration. The accord covers
    # training.": the accord named, not the declaration named since; its giver is the
    # state its name names other than the receiver
    accord_end = INSTRUMENTS.text.index(" follows")
    declaration = INSTRUMENTS.text.index("G7 Declaration")
    entities = [
        Entity(
            0,
            accord_end,
            INSTRUMENTS.text[:accord_end],
            "GUARANTEE",
            INSTRUMENTS.text[4:accord_end],
        ),
        Entity(
            declaration,
            declaration + 14,
            "G7 Declaration",
            "GUARANTEE",
            "G7 Joint Declaration of Support for Ukraine",
        ),
    ]
    assert _actors(INSTRUMENTS, 13, lexicon, gazetteer, entities)[0] == ("Chile",)
