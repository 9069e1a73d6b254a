"""Status from the words of a clause, on hand-built parses."""

from __future__ import annotations

import pytest

from pledgewatch.stages.commitments.candidate import Candidate
from pledgewatch.stages.commitments.status import status_of
from tests.parses import parsed

SENTENCES = {
    "no plans": parsed("""
Germany 2 nsubj PROPN NNP Germany
has 0 ROOT VERB VBZ have
no 4 det DET DT no
plans 2 dobj NOUN NNS plan
to 6 aux PART TO to
send 4 acl VERB VB send
troops 6 dobj NOUN NNS troop
. 2 punct PUNCT . .
"""),
    "no soldiers": parsed("""
No 3 det DET DT no
Hungarian 3 amod ADJ JJ hungarian
soldiers 5 nsubj NOUN NNS soldier
would 5 aux AUX MD would
take 0 ROOT VERB VB take
part 5 dobj NOUN NN part
. 5 punct PUNCT . .
"""),
    "stopped short": parsed("""
The 2 det DET DT the
allies 3 nsubj NOUN NNS ally
stopped 0 ROOT VERB VBD stop
short 3 advmod ADV RB short
of 4 prep ADP IN of
endorsing 5 pcomp VERB VBG endorse
membership 6 dobj NOUN NN membership
. 3 punct PUNCT . .
"""),
    "pushing for": parsed("""
Poland 3 nsubj PROPN NNP Poland
is 3 aux AUX VBZ be
pushing 0 ROOT VERB VBG push
for 3 prep ADP IN for
an 9 det DET DT an
air 8 npadvmod NOUN NN air -
- 8 punct PUNCT HYPH - -
policing 9 amod VERB VBG police
mission 4 pobj NOUN NN mission
. 3 punct PUNCT . .
"""),
    "deep in talks": parsed("""
The 3 det DET DT the
two 3 nummod NUM CD two
sides 4 nsubj NOUN NNS side
remain 0 ROOT VERB VBP remain
deep 4 acomp ADJ JJ deep
in 5 prep ADP IN in
talks 6 pobj NOUN NNS talk
over 7 prep ADP IN over
a 10 det DET DT a
guarantee 8 pobj NOUN NN guarantee
. 4 punct PUNCT . .
"""),
    "began its work": parsed("""
The 3 det DET DT the
maritime 3 amod ADJ JJ maritime
coalition 5 nsubj NOUN NN coalition
formally 5 advmod ADV RB formally
began 0 ROOT VERB VBD begin
its 7 poss PRON PRP$ its
work 5 dobj NOUN NN work
. 5 punct PUNCT . .
"""),
    "will not": parsed("""
Germany 4 nsubj PROPN NNP Germany
will 4 aux AUX MD will
not 4 neg PART RB not
send 0 ROOT VERB VB send
Taurus 6 compound PROPN NNP Taurus
missiles 4 dobj NOUN NNS missile
. 4 punct PUNCT . .
"""),
    "has delivered": parsed("""
Denmark 3 nsubj PROPN NNP Denmark
has 3 aux AUX VBZ have
delivered 0 ROOT VERB VBN deliver
F-16 5 nummod NUM CD f-16
jets 3 dobj NOUN NNS jet
. 3 punct PUNCT . .
"""),
    "could": parsed("""
France 3 nsubj PROPN NNP France
could 3 aux AUX MD could
send 0 ROOT VERB VB send
trainers 3 dobj NOUN NNS trainer
. 3 punct PUNCT . .
"""),
    "agreed on a day to": parsed("""
Leaders 2 nsubj NOUN NNS leader
agreed 0 ROOT VERB VBD agree
on 2 prep ADP IN on
Thursday 3 pobj PROPN NNP Thursday
to 6 aux PART TO to
give 2 xcomp VERB VB give
Ukraine 6 dative PROPN NNP Ukraine
a 9 det DET DT a
loan 6 dobj NOUN NN loan
. 2 punct PUNCT . .
"""),
    "once delivered": parsed("""
Prague 3 nsubj PROPN NNP Prague
will 3 aux AUX MD will
keep 0 ROOT VERB VB keep
looking 3 xcomp VERB VBG look
for 4 prep ADP IN for
stocks 5 pobj NOUN NNS stock
once 12 mark SCONJ IN once
the 9 det DET DT the
batch 12 nsubjpass NOUN NN batch
has 12 aux AUX VBZ have
been 12 auxpass AUX VBN be
delivered 3 advcl VERB VBN deliver
. 3 punct PUNCT . .
"""),
    "not ruled out": parsed("""
A 2 det DET DT a
mission 6 nsubjpass NOUN NN mission
can 6 aux AUX MD can
not 6 neg PART RB not
be 6 auxpass AUX VB be
ruled 0 ROOT VERB VBN rule
out 6 prt ADP RP out
. 6 punct PUNCT . .
"""),
    "ordered": parsed("""
Austria 3 nsubj PROPN NNP Austria
has 3 aux AUX VBZ have
ordered 0 ROOT VERB VBN order
radars 3 dobj NOUN NNS radar
for 3 prep ADP IN for
Ukraine 5 pobj PROPN NNP Ukraine
. 3 punct PUNCT . .
"""),
}


@pytest.mark.parametrize(
    ("name", "status", "from_cue"),
    [
        ("no plans", "declined", True),  # "no plans": a cue of its own
        ("no soldiers", "declined", True),  # "would take part", negated by "no" on the subject
        ("stopped short", "declined", True),
        ("pushing for", "proposed", True),
        ("deep in talks", "negotiating", True),
        ("began its work", "delivered", True),
        ("will not", "declined", True),
        ("has delivered", "delivered", True),
        ("could", "proposed", True),  # "could send"
        ("agreed on a day to", "pledged", True),  # the verb group's "agreed to"
        ("once delivered", "pledged", False),  # "will"; the condition's "delivered" is no cue
        ("not ruled out", "proposed", True),  # "A mission cannot be ruled out": left open
        ("ordered", "pledged", False),  # ordered from industry: still to come
    ],
)
def test_commitments_status_of(lexicon, name: str, status: str, from_cue: bool) -> None:
    doc = SENTENCES[name]
    root = next(t for t in doc if t.dep_ == "ROOT")
    candidate = Candidate(0, len(doc.text) - 1, root.i)
    assert status_of(doc, candidate, lexicon) == (status, from_cue)


REPORTED_WOULD = parsed("""
Tokyo 2 nsubj PROPN NNP Tokyo
said 0 ROOT VERB VBD say
it 5 nsubj PRON PRP it
would 5 aux AUX MD would
provide 2 ccomp VERB VB provide
aid 5 dobj NOUN NN aid
and 5 cc CCONJ CC and
would 9 aux AUX MD would
train 5 conj VERB VB train
pilots 9 dobj NOUN NNS pilot
. 2 punct PUNCT . .
""")


@pytest.mark.parametrize(("head", "start"), [(4, 11), (8, 36)])
def test_commitments_reported_would_is_a_pledge(lexicon, head: int, start: int) -> None:
    """ "Tokyo said it would provide aid": a backshifted "will", for the second of two
    reported clauses too."""
    doc = REPORTED_WOULD
    end = doc[head + 1].idx + len(doc[head + 1].text)
    assert status_of(doc, Candidate(start, end, head), lexicon) == ("pledged", True)
