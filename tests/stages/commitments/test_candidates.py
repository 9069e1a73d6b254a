"""Candidates on hand-built parses: clauses, non-finite clauses, enumeration items and
noun phrases, with their spans as character offsets."""

from __future__ import annotations

from pledgewatch.model import Entity
from pledgewatch.stages.commitments.candidates import sentence_candidates
from tests.parses import parsed

COVERS = parsed("""
The 2 det DET DT the
pact 3 nsubj NOUN NN pact
covers 0 ROOT VERB VBZ cover
intelligence 5 compound NOUN NN intelligence
sharing 3 dobj NOUN NN sharing
, 5 punct PUNCT , ,
pilot 8 compound NOUN NN pilot
training 5 conj NOUN NN training
and 8 cc CCONJ CC and
joint 11 amod ADJ JJ joint
production 8 conj NOUN NN production
of 11 prep ADP IN of
shells 12 pobj NOUN NNS shell
. 3 punct PUNCT . .
""")

DONORS = parsed("""
Belgium 2 nsubj PROPN NNP Belgium
gave 0 ROOT VERB VBD give
EUR 2 dative PROPN NNP EUR
300 5 compound NUM CD 300
million 2 dobj NUM CD million
for 5 prep ADP IN for
ammunition 6 pobj NOUN NN ammunition
and 7 cc CCONJ CC and
Portugal 10 compound PROPN NNP Portugal
EUR 7 conj PROPN NNP EUR
90 12 compound NUM CD 90
million 2 dobj NUM CD million
for 12 prep ADP IN for
demining 13 pobj NOUN NN demining
. 2 punct PUNCT . .
""")

MODIFIERS = parsed("""
Britain 3 nsubj PROPN NNP Britain
will 3 aux AUX MD will
provide 0 ROOT VERB VB provide
intelligence 5 compound NOUN NN intelligence
sharing 3 dobj NOUN NN sharing
, 5 punct PUNCT , ,
medical 14 amod ADJ JJ medical
and 7 cc CCONJ CC and
military 7 conj ADJ JJ military
training 7 conj NOUN NN training
and 10 cc CCONJ CC and
defence 10 conj NOUN NN defence
industrial 14 amod ADJ JJ industrial
cooperation 5 conj NOUN NN cooperation
. 3 punct PUNCT . .
""")

GIVERS = parsed("""
France 6 nsubj PROPN NNP France
, 1 punct PUNCT , ,
Germany 1 conj PROPN NNP Germany
and 3 cc CCONJ CC and
Italy 3 conj PROPN NNP Italy
pledged 0 ROOT VERB VBD pledge
air 8 compound NOUN NN air
defence 9 compound NOUN NN defence
systems 6 dobj NOUN NNS system
. 6 punct PUNCT . .
""")

ADVERBS = parsed("""
Germany 3 nsubj PROPN NNP Germany
will 3 aux AUX MD will
support 0 ROOT VERB VB support
Ukraine 3 dobj PROPN NNP Ukraine
politically 3 advmod ADV RB politically
, 3 punct PUNCT , ,
financially 3 advmod ADV RB financially
and 7 cc CCONJ CC and
militarily 7 conj ADV RB militarily
. 3 punct PUNCT . .
""")

FLEW_TO_SIGN = parsed("""
Starmer 2 nsubj PROPN NNP Starmer
flew 0 ROOT VERB VBD fly
to 2 prep ADP IN to
Kyiv 3 pobj PROPN NNP Kyiv
to 6 aux PART TO to
sign 2 advcl VERB VB sign
a 9 det DET DT a
defence 9 compound NOUN NN defence
pact 6 dobj NOUN NN pact
. 2 punct PUNCT . .
""")

PLEDGING = parsed("""
Spain 13 nsubj PROPN NNP Spain
, 1 punct PUNCT , ,
pledging 1 acl VERB VBG pledge
EUR 6 compound PROPN NNP EUR
1 6 compound NUM CD 1
billion 3 dobj NUM CD billion
in 6 prep ADP IN in
air 10 compound NOUN NN air -
- 10 punct PUNCT HYPH - -
defence 11 compound NOUN NN defence
missiles 7 pobj NOUN NNS missile
, 1 punct PUNCT , ,
said 0 ROOT VERB VBD say
it 16 nsubj PRON PRP it
would 16 aux AUX MD would
act 13 ccomp VERB VB act
. 13 punct PUNCT . .
""")

INVITE = parsed("""
NATO 3 nsubj PROPN NNP NATO
will 3 aux AUX MD will
invite 0 ROOT VERB VB invite
Ukraine 3 dobj PROPN NNP Ukraine
to 6 aux PART TO to
join 3 xcomp VERB VB join
the 8 det DET DT the
alliance 6 dobj NOUN NN alliance
. 3 punct PUNCT . .
""")

PROPOSAL = parsed("""
The 2 det DET DT the
summit 3 nsubj NOUN NN summit
follows 0 ROOT VERB VBZ follow
Starmer 6 poss PROPN NNP Starmer
's 4 case PART POS 's
proposal 3 dobj NOUN NN proposal
to 8 aux PART TO to
form 6 acl VERB VB form
a 10 det DET DT a
coalition 8 dobj NOUN NN coalition
. 3 punct PUNCT . .
""")

READINESS = parsed("""
Kyiv 2 nsubj PROPN NNP Kyiv
thanked 0 ROOT VERB VBD thank
Washington 2 dobj PROPN NNP Washington
for 2 prep ADP IN for
its 6 poss PRON PRP$ its
readiness 4 pobj NOUN NN readiness
to 8 aux PART TO to
act 6 acl VERB VB act
as 8 prep ADP IN as
a 11 det DET DT a
backstop 9 pobj NOUN NN backstop
. 2 punct PUNCT . .
""")


COMMITTED_TO = parsed("""
Norway 2 nsubj PROPN NNP Norway
remains 0 ROOT VERB VBZ remain
committed 2 acomp ADJ JJ committed
to 3 prep ADP IN to
delivering 4 pcomp VERB VBG deliver
jets 5 dobj NOUN NNS jet
. 2 punct PUNCT . .
""")

RULED_OUT = parsed("""
Trump 3 nsubj PROPN NNP Trump
has 3 aux AUX VBZ have
ruled 0 ROOT VERB VBN rule
out 3 prt ADP RP out
sending 3 advcl VERB VBG send
troops 5 dobj NOUN NNS troop
. 3 punct PUNCT . .
""")

AFTER_SIGNING = parsed("""
Rutte 2 nsubj PROPN NNP Rutte
spoke 0 ROOT VERB VBD speak
after 2 prep ADP IN after
signing 3 pcomp VERB VBG sign
the 6 det DET DT the
accord 4 dobj NOUN NN accord
. 2 punct PUNCT . .
""")

ELABORATION = parsed("""
Britain 2 nsubj PROPN NNP Britain
will 3 aux AUX MD will
build 0 ROOT VERB VB build
drones 3 dobj NOUN NNS drone
, 4 punct PUNCT , ,
built 4 acl VERB VBN build
to 8 aux PART TO to
stop 6 advcl VERB VB stop
missiles 8 dobj NOUN NNS missile
, 4 punct PUNCT , ,
in 3 prep ADP IN in
British 13 amod ADJ JJ british
factories 11 pobj NOUN NNS factory
. 3 punct PUNCT . .
""")

AND_HELP = parsed("""
Oslo 3 nsubj PROPN NNP Oslo
will 3 aux AUX MD will
fund 0 ROOT VERB VB fund
the 5 det DET DT the
repairs 3 dobj NOUN NNS repair
and 3 cc CCONJ CC and
help 3 conj VERB VB help
Kyiv 9 nsubj PROPN NNP Kyiv
rebuild 7 ccomp VERB VB rebuild
. 3 punct PUNCT . .
""")


TWO_INFINITIVES = parsed("""
Oslo 2 nsubj PROPN NNP Oslo
agreed 0 ROOT VERB VBD agree
to 4 aux PART TO to
send 2 xcomp VERB VB send
shells 4 dobj NOUN NNS shell
and 4 cc CCONJ CC and
to 8 aux PART TO to
train 4 conj VERB VB train
crews 8 dobj NOUN NNS crew
. 2 punct PUNCT . .
""")

UNTIL_GUARANTEES = parsed("""
Fico 2 nsubj PROPN NNP Fico
said 0 ROOT VERB VBD say
he 6 nsubj PRON PRP he
would 6 aux AUX MD would
not 6 neg PART RB not
lift 2 ccomp VERB VB lift
his 8 poss PRON PRP$ his
veto 6 dobj NOUN NN veto
until 12 mark SCONJ IN until
the 11 det DET DT the
Commission 12 nsubj PROPN NNP Commission
guarantees 6 advcl VERB VBZ guarantee
that 16 mark SCONJ IN that
Slovakia 16 nsubjpass PROPN NNP Slovakia
is 16 auxpass AUX VBZ be
spared 12 ccomp VERB VBN spare
. 2 punct PUNCT . .
""")

SAYING = parsed("""
Prague 2 nsubj PROPN NNP Prague
withdrew 0 ROOT VERB VBD withdraw
the 4 det DET DT the
offer 2 dobj NOUN NN offer
, 2 punct PUNCT , ,
saying 2 advcl VERB VBG say
it 10 nsubj PRON PRP it
would 10 aux AUX MD would
not 10 neg PART RB not
commit 6 ccomp VERB VB commit
troops 10 dobj NOUN NNS troop
. 2 punct PUNCT . .
""")

OFFER_TO = parsed("""
Prague 2 nsubj PROPN NNP Prague
withdrew 0 ROOT VERB VBD withdraw
the 4 det DET DT the
offer 2 dobj NOUN NN offer
, 2 punct PUNCT , ,
made 2 advcl VERB VBN make
last 8 amod ADJ JJ last
year 6 npadvmod NOUN NN year
, 6 punct PUNCT , ,
to 11 aux PART TO to
take 6 advcl VERB VB take
part 11 dobj NOUN NN part
in 11 prep ADP IN in
the 16 det DET DT the
security 16 compound NOUN NN security
guarantee 13 pobj NOUN NN guarantee
. 2 punct PUNCT . .
""")

# "Oslo would keep helping Kyiv repair what is destroyed."
KEEP_HELPING = parsed("""
Oslo 3 nsubj PROPN NNP Oslo
would 3 aux AUX MD would
keep 0 ROOT VERB VB keep
helping 3 xcomp VERB VBG help
Kyiv 6 nsubj PROPN NNP Kyiv
repair 4 ccomp VERB VB repair
what 9 nsubjpass PRON WP what
is 9 auxpass AUX VBZ be
destroyed 6 ccomp VERB VBN destroy
. 3 punct PUNCT . .
""")


def _states(doc, *names: str) -> list[Entity]:
    out = []
    for name in names:
        start = doc.text.index(name)
        out.append(Entity(start, start + len(name), name, "STATE", name))
    return out


def _found(doc, lexicon, entities=()):
    (sentence,) = doc.sents
    return [
        (c.kind, c.start, c.end, c.type_hint)
        for c in sentence_candidates(sentence, lexicon, list(entities))
    ]


def test_commitments_candidates_enumeration_of_kinds(lexicon) -> None:
    # "The pact covers intelligence sharing, pilot training and joint production of shells."
    assert _found(COVERS, lexicon) == [
        ("clause", 0, 83, None),
        ("item", 0, 36, "intelligence"),
        ("item", 38, 52, "training"),
        ("item", 57, 83, "defense_industry"),
    ]


def test_commitments_candidates_enumeration_of_givers(lexicon) -> None:
    # "Belgium gave EUR 300 million for ammunition and Portugal EUR 90 million for demining."
    entities = _states(DONORS, "Belgium", "Portugal")
    found = sentence_candidates(next(DONORS.sents), lexicon, entities)
    items = [(c.start, c.end, c.type_hint, c.donor) for c in found if c.kind == "item"]
    assert items == [(0, 43, "military_aid", None), (48, 84, "humanitarian_aid", (48, 56))]


def test_commitments_candidates_modifiers_join_their_noun(lexicon) -> None:
    # "... intelligence sharing, medical and military training and defence industrial cooperation"
    items = [c for c in _found(MODIFIERS, lexicon) if c[0] == "item"]
    assert items == [
        ("item", 0, 41, "intelligence"),
        ("item", 43, 72, "training"),
        ("item", 77, 107, "defense_industry"),
    ]
    assert MODIFIERS.text[43:72] == "medical and military training"


def test_commitments_candidates_no_enumeration(lexicon) -> None:
    # Several givers of one thing, and adverbs, are no enumeration of items.
    assert _found(GIVERS, lexicon, _states(GIVERS, "France", "Germany", "Italy")) == [
        ("clause", 0, 53, None)
    ]
    assert _found(ADVERBS, lexicon) == [("clause", 0, 68, None)]


def test_commitments_candidates_nonfinite_clauses(lexicon) -> None:
    # "Starmer flew to Kyiv to sign a defence pact."
    assert _found(FLEW_TO_SIGN, lexicon) == [
        ("clause", 0, 20, None),
        ("nonfinite", 21, 43, None),
    ]
    # "Spain, pledging EUR 1 billion in air-defence missiles, said it would act."
    assert ("nonfinite", 7, 53, None) in _found(PLEDGING, lexicon)
    assert PLEDGING.text[7:53] == "pledging EUR 1 billion in air-defence missiles"


def test_commitments_candidates_infinitives_that_stay_in_their_clause(lexicon) -> None:
    # "NATO will invite Ukraine to join the alliance.": the object's infinitive stays.
    assert _found(INVITE, lexicon) == [("clause", 0, 45, None)]


def test_commitments_candidates_complements_stay_in_their_clause(lexicon) -> None:
    # "Norway remains committed to delivering jets.": one statement, not two.
    assert _found(COMMITTED_TO, lexicon) == [("clause", 0, 43, None)]
    # "Trump has ruled out sending troops.": the parser's advcl after "ruled out".
    assert _found(RULED_OUT, lexicon) == [("clause", 0, 34, None)]
    # "Rutte spoke after signing the accord.": an adjunct's participle is its own clause.
    assert ("nonfinite", 18, 36, None) in _found(AFTER_SIGNING, lexicon)


def test_commitments_candidates_coordinated_help(lexicon) -> None:
    # "Oslo will fund the repairs and help Kyiv rebuild.": two statements
    clauses = [c for c in _found(AND_HELP, lexicon) if c[0] == "clause"]
    assert clauses == [("clause", 0, 26, None), ("clause", 31, 48, None)]


def test_commitments_candidates_elaborations_are_no_items(lexicon) -> None:
    # "Britain will build drones, built to stop missiles, in British factories.": where
    # and what for, not three kinds of support.
    assert [c for c in _found(ELABORATION, lexicon) if c[0] == "item"] == []


def test_commitments_candidates_noun_phrases(lexicon) -> None:
    # "The summit follows Starmer's proposal to form a coalition."
    assert ("nominal", 19, 57, None) in _found(PROPOSAL, lexicon)
    assert PROPOSAL.text[19:57] == "Starmer's proposal to form a coalition"
    # "Kyiv thanked Washington for its readiness to act as a backstop."
    assert ("nominal", 28, 62, None) in _found(READINESS, lexicon)
    assert READINESS.text[28:62] == "its readiness to act as a backstop"


def test_commitments_candidates_coordinated_infinitives_are_items(lexicon) -> None:
    # "Oslo agreed to send shells and to train crews.": one statement, two items
    assert _found(TWO_INFINITIVES, lexicon) == [
        ("clause", 0, 45, None),
        ("item", 0, 26, "military_aid"),
        ("item", 31, 45, "training"),
    ]


def test_commitments_candidates_content_inside_a_condition_stays(lexicon) -> None:
    # "… he would not lift his veto until the Commission guarantees that Slovakia is
    # spared.": the condition's own clause is part of the condition
    assert _found(UNTIL_GUARANTEES, lexicon) == [("clause", 10, 92, None)]
    assert UNTIL_GUARANTEES.text[10:92].endswith("guarantees that Slovakia is spared")


def test_commitments_candidates_inner_frame_belongs_to_neither(lexicon) -> None:
    # "Prague withdrew the offer, saying it would not commit troops."
    assert _found(SAYING, lexicon) == [("clause", 0, 25, None), ("clause", 34, 60, None)]
    assert SAYING.text[0:25] == "Prague withdrew the offer"


def test_commitments_candidates_infinitive_gives_its_noun_content(lexicon) -> None:
    # "Prague withdrew the offer, made last year, to take part in the security guarantee."
    assert [c for c in _found(OFFER_TO, lexicon) if c[0] == "item"] == []


def test_commitments_candidates_aspect_and_free_relative_stay(lexicon) -> None:
    # "Oslo would keep helping Kyiv repair what is destroyed.": "keep" frames its
    # gerund, and "what is destroyed" is the object of "repair": one statement.
    assert _found(KEEP_HELPING, lexicon) == [("clause", 0, 53, None)]


def test_commitments_interviewer_states_facts_but_asks_nothing(kb) -> None:
    # "Q: Denmark sent jets. Will Norway send more?": the question is no candidate,
    # the interviewer's statement of fact is.
    from pledgewatch.config import Config
    from pledgewatch.model import Document, Turn
    from pledgewatch.stages.commitments.stage import Commitments

    sdoc = parsed("""
Q 4 dep PROPN NNP Q
: 1 punct PUNCT : :
Denmark 4 nsubj PROPN NNP Denmark
sent 0 ROOT VERB VBD send
jets 4 dobj NOUN NNS jet
. 4 punct PUNCT . .
Will 9 aux AUX MD will
Norway 9 nsubj PROPN NNP Norway
send 0 ROOT VERB VB send
more 9 dobj ADJ JJR more
? 9 punct PUNCT . ?
""")
    turn = Turn(3, len(sdoc.text), 0, 2, "Q", question=True)
    doc = Document(doc_id="t", text=sdoc.text, analysis=sdoc, turns=(turn,))
    stage = Commitments(Config())
    stage.load_rules()
    texts = [c.text(doc.text) for c in stage.candidates(doc)]
    assert any(t.endswith("Denmark sent jets") for t in texts)
    assert not any("Norway" in t for t in texts)


PROVIDE_WITH = parsed("""
Chile 3 nsubj PROPN NNP Chile
will 3 aux AUX MD will
provide 0 ROOT VERB VB provide
Ukraine 3 dobj PROPN NNP Ukraine
with 3 prep ADP IN with
radars 5 pobj NOUN NNS radar
, 6 punct PUNCT , ,
training 6 conj NOUN NN training
and 8 cc CCONJ CC and
humanitarian 11 amod ADJ JJ humanitarian
aid 8 conj NOUN NN aid
. 3 punct PUNCT . .
""")


def test_commitments_candidates_the_receiver_after_the_verb_is_no_donor(lexicon) -> None:
    # "Chile will provide Ukraine with radars, training and humanitarian aid.": the first
    # item opens with the verb's object, the receiver, not its giver
    entities = _states(PROVIDE_WITH, "Chile", "Ukraine")
    found = sentence_candidates(next(PROVIDE_WITH.sents), lexicon, entities)
    items = [(c.type_hint, c.donor) for c in found if c.kind == "item"]
    assert items == [("military_aid", None), ("training", None), ("humanitarian_aid", None)]


WITH_PLEDGING = parsed("""
Chile 2 nsubj PROPN NNP Chile
signed 0 ROOT VERB VBD sign
an 4 det DET DT an
accord 2 dobj NOUN NN accord
, 2 punct PUNCT , ,
with 2 prep ADP IN with
its 8 poss PRON PRP$ its
president 9 nsubj NOUN NN president
pledging 6 pcomp VERB VBG pledge
radars 9 dobj NOUN NNS radar
. 2 punct PUNCT . .
""")


def test_commitments_candidates_an_absolute_clause_is_a_statement(lexicon) -> None:
    # "Chile signed an accord, with its president pledging radars."
    clauses = [(k, s, e) for k, s, e, _ in _found(WITH_PLEDGING, lexicon) if k == "clause"]
    assert clauses == [("clause", 0, 22), ("clause", 29, 58)]
    assert WITH_PLEDGING.text[29:58] == "its president pledging radars"
