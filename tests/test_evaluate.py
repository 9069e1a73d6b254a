"""The scorer, on tiny cases worked out by hand (each with its arithmetic)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from pledgewatch.evaluate import (
    PRF,
    Accuracy,
    MentionCounts,
    Report,
    align,
    error_listing,
    format_table,
    score,
)
from pledgewatch.model import Commitment, Document, Entity, Quote, Region
from pledgewatch.names import AliasTable

# Offsets: "Keir Starmer" 0-12, "Starmer" 5-12, "Volodymyr Zelensky" 17-35,
# "Volodymyr" 17-26, "Zelensky" 27-35, "Kyiv" 39-43, "NATO" 48-52.
ENTITY_TEXT = "Keir Starmer met Volodymyr Zelensky in Kyiv and NATO agreed."

# Offsets: "Zelenskyy" 0-9, "said" 10-14, "We need guarantees that work" 17-45 (28 chars),
# "He" 48-50, "added" 51-56, "Kyiv would not give up land" 62-89.
QUOTE_TEXT = (
    'Zelenskyy said: "We need guarantees that work." He added that Kyiv would not give up land.'
)

ALIASES = AliasTable(
    {
        "US": "United States",
        "UK": "United Kingdom",
        "RUSI": "Royal United Services Institute",
    }
)


def entity(text: str, start: int, end: int, label: str, canonical: str | None = None) -> Entity:
    span = text[start:end]
    return Entity(start, end, span, label, canonical or span)


def entities_doc(spans: list[tuple[int, int, str]], text: str = ENTITY_TEXT) -> Document:
    return Document("d", text, entities=tuple(entity(text, s, e, label) for s, e, label in spans))


def quote(start: int, end: int, speaker: str | None = "Volodymyr Zelensky", **kw: Any) -> Quote:
    return Quote(start, end, QUOTE_TEXT[start:end], kw.pop("kind", "direct"), speaker, **kw)


def quotes_doc(*quotes: Quote) -> Document:
    return Document("q", QUOTE_TEXT, quotes=quotes)


def commitment(start: int, end: int, **kw: Any) -> Commitment:
    return Commitment(start, end, QUOTE_TEXT[start:end], **kw)


def commitments_doc(*commitments: Commitment) -> Document:
    return Document("c", QUOTE_TEXT, commitments=commitments)


def approx(value: float | None) -> Any:
    return None if value is None else pytest.approx(value)


# ---------------------------------------------------------------------------
# Entities, mention level


@pytest.mark.parametrize(
    ("gold", "pred", "counts", "strict", "partial", "overlap"),
    [
        # Exact hit: COR=1 -> strict P = R = 1/1.
        ([(0, 12, "LEADER")], [(0, 12, "LEADER")], (1, 0, 0, 0, 0), (1, 1, 1), (1, 1), (1, 1)),
        # Boundary miss "Starmer" for "Keir Starmer": PAR=1. Strict: tp=0, fp=1, fn=1 -> 0.
        # Partial: (0 + 0.5*1)/1 = 0.5 both ways. Overlap: (0 + 1)/1 = 1.
        ([(0, 12, "LEADER")], [(5, 12, "LEADER")], (0, 1, 0, 0, 0), (0, 0, 0), (0.5, 0.5), (1, 1)),
        # Wrong label on the same span: MIS=1 (of which INC=1), SPU=1 -> 0 everywhere.
        (
            [(39, 43, "STATE")],
            [(39, 43, "ORGANIZATION")],
            (0, 0, 1, 1, 1),
            (0, 0, 0),
            (0, 0),
            (0, 0),
        ),
        # One hit, one missed (NATO), one spurious (Kyiv): P = 1/2, R = 1/2.
        (
            [(0, 12, "LEADER"), (48, 52, "COALITION")],
            [(0, 12, "LEADER"), (39, 43, "STATE")],
            (1, 0, 0, 1, 1),
            (0.5, 0.5, 0.5),
            (0.5, 0.5),
            (0.5, 0.5),
        ),
        # Two predictions compete for one gold span: the exact one wins, the other is
        # spurious. P = 1/2, R = 1/1, F1 = 2*1/(2*1+1+0) = 2/3.
        (
            [(17, 35, "LEADER")],
            [(27, 35, "LEADER"), (17, 35, "LEADER")],
            (1, 0, 0, 0, 1),
            (0.5, 1, 2 / 3),
            (0.5, 1),
            (0.5, 1),
        ),
        # Two partial predictions: the larger overlap ("Volodymyr", 9 chars > 8) wins.
        # Partial: P = 0.5/2 = 0.25, R = 0.5/1 = 0.5. Overlap: P = 1/2, R = 1/1.
        (
            [(17, 35, "LEADER")],
            [(27, 35, "LEADER"), (17, 26, "LEADER")],
            (0, 1, 0, 0, 1),
            (0, 0, 0),
            (0.25, 0.5),
            (0.5, 1),
        ),
        # No gold, one prediction: P = 0/1, R undefined, F1 = 0/(0+1+0) = 0.
        ([], [(39, 43, "STATE")], (0, 0, 0, 0, 1), (0, None, 0), (0, None), (0, None)),
        # Gold, no prediction: P undefined, R = 0/1.
        ([(39, 43, "STATE")], [], (0, 0, 0, 1, 0), (None, 0, 0), (None, 0), (None, 0)),
    ],  # fmt: skip
)
def test_evaluate_entity_mentions(
    gold: list[tuple[int, int, str]],
    pred: list[tuple[int, int, str]],
    counts: tuple[int, int, int, int, int],
    strict: tuple[float | None, float | None, float | None],
    partial: tuple[float | None, float | None],
    overlap: tuple[float | None, float | None],
) -> None:
    report = score([entities_doc(gold)], [entities_doc(pred)])
    micro = report.entities.micro_mentions
    assert (micro.cor, micro.par, micro.inc, micro.mis, micro.spu) == counts
    assert (micro.strict.precision, micro.strict.recall, micro.strict.f1) == tuple(
        approx(v) for v in strict
    )
    assert (micro.partial.precision, micro.partial.recall) == tuple(approx(v) for v in partial)
    assert (micro.overlap.precision, micro.overlap.recall) == tuple(approx(v) for v in overlap)


def test_evaluate_entity_mentions_per_label() -> None:
    # Gold LEADER 0-12, STATE 39-43, COALITION 48-52.
    # Pred LEADER 0-12 (COR), ORGANIZATION 39-43 (wrong label), COALITION 48-52 (COR).
    gold = entities_doc([(0, 12, "LEADER"), (39, 43, "STATE"), (48, 52, "COALITION")])
    pred = entities_doc([(0, 12, "LEADER"), (39, 43, "ORGANIZATION"), (48, 52, "COALITION")])
    mentions = score([gold], [pred]).entities.mentions
    assert mentions["LEADER"] == MentionCounts(cor=1)
    assert mentions["COALITION"] == MentionCounts(cor=1)
    assert mentions["STATE"] == MentionCounts(inc=1, mis=1)  # POS 1, ACT 0
    assert mentions["ORGANIZATION"] == MentionCounts(spu=1)  # POS 0, ACT 1
    assert mentions["PERSON"] == MentionCounts()
    # Micro strict: tp = 2, fp = 3 - 2 = 1, fn = 3 - 2 = 1.
    assert score([gold], [pred]).entities.micro_mentions.strict == PRF(2, 1, 1)


def test_evaluate_entity_in_boilerplate_is_false_positive() -> None:
    # "NATO agreed." 0-12; boilerplate "Related: Starmer visits Kyiv" 14-42,
    # "Starmer" 23-30 inside it.
    text = "NATO agreed.\n\nRelated: Starmer visits Kyiv"
    gold = Document(
        "b", text, boilerplate=(Region(14, 42),), entities=(entity(text, 0, 4, "COALITION"),)
    )
    pred = Document(
        "b",
        text,
        entities=(entity(text, 0, 4, "COALITION"), entity(text, 23, 30, "LEADER", "Keir Starmer")),
    )
    report = score([gold], [pred])
    # Mentions: COR=1, SPU=1 -> P = 1/2, R = 1/1.
    assert report.entities.micro_mentions.strict == PRF(1, 1, 0)
    assert report.entities.in_boilerplate == 1
    # Document level: LEADER {} vs {"keir starmer"} -> fp=1.
    assert report.entities.documents["LEADER"] == PRF(0, 1, 0)


# ---------------------------------------------------------------------------
# Entities, document level


@pytest.mark.parametrize(
    ("aliases", "leader", "state"),
    [
        # Leader: {"volodymyr zelensky"} both sides (Zelenskyy folds) -> tp=1.
        # States with the KB: gold {united states}, pred {united states, russia}: tp=1, fp=1.
        (ALIASES, PRF(1, 0, 0), PRF(1, 1, 0)),
        # Without the KB "us" is not "united states": tp=0, fp=2, fn=1.
        (None, PRF(1, 0, 0), PRF(0, 2, 1)),
    ],
)
def test_evaluate_entity_documents(aliases: AliasTable | None, leader: PRF, state: PRF) -> None:
    text = "Zelensky met US envoys. Zelenskyy thanked the United States, then Russia."
    gold = Document(
        "d",
        text,
        entities=(
            entity(text, 0, 8, "LEADER", "Volodymyr Zelensky"),
            entity(text, 13, 15, "STATE", "United States"),
            entity(text, 24, 33, "LEADER", "Volodymyr Zelensky"),
            entity(text, 46, 59, "STATE", "United States"),
        ),
    )
    pred = Document(
        "d",
        text,
        entities=(
            entity(text, 0, 8, "LEADER", "Volodymyr Zelenskyy"),
            entity(text, 13, 15, "STATE", "US"),
            entity(text, 66, 72, "STATE", "Russia"),
        ),
    )
    documents = score([gold], [pred], aliases).entities.documents
    assert documents["LEADER"] == leader
    assert documents["STATE"] == state


# ---------------------------------------------------------------------------
# Quotes


@pytest.mark.parametrize(
    ("pred_start", "pred_end", "matched"),
    [
        (17, 45, True),  # exact
        (17, 31, True),  # overlap 14 = 50% of 28: 2*14 >= 28
        (17, 30, False),  # overlap 13 < 14
        (31, 45, True),  # overlap 14 from the right
        (32, 45, False),  # overlap 13
        (0, 47, True),  # much longer than gold, covers all 28: the threshold is on gold
    ],
)
def test_evaluate_quote_overlap_threshold(pred_start: int, pred_end: int, matched: bool) -> None:
    report = score([quotes_doc(quote(17, 45))], [quotes_doc(quote(pred_start, pred_end))])
    assert report.quotes.spans == (PRF(1, 0, 0) if matched else PRF(0, 1, 1))


@pytest.mark.parametrize(
    ("gold_speaker", "pred_speaker", "correct"),
    [
        ("Volodymyr Zelensky", "Volodymyr Zelenskyy", 1),
        ("Volodymyr Zelensky", "President Volodymyr Zelenskiy", 1),
        ("Keir Starmer", "Sir Keir Starmer", 1),
        ("United Kingdom", "UK", 1),  # through the alias table
        (None, None, 1),
        ("Keir Starmer", None, 0),
        (None, "Keir Starmer", 0),
        ("Keir Starmer", "Emmanuel Macron", 0),
    ],
)
def test_evaluate_quote_speaker(
    gold_speaker: str | None, pred_speaker: str | None, correct: int
) -> None:
    report = score(
        [quotes_doc(quote(17, 45, gold_speaker))],
        [quotes_doc(quote(17, 45, pred_speaker))],
        ALIASES,
    )
    assert report.quotes.speaker == Accuracy(correct, 1)


def test_evaluate_quote_kind_and_affiliation() -> None:
    # Two matched quotes. Kind: 1st right, 2nd wrong -> 1/2.
    # Affiliation judged only where gold has one (the 1st): RUSI == Royal United
    # Services Institute through the aliases -> 1/1.
    gold = quotes_doc(
        quote(17, 45, speaker_affiliation="Royal United Services Institute"),
        quote(62, 89, kind="indirect"),
    )
    pred = quotes_doc(
        quote(17, 45, speaker_affiliation="RUSI"),
        quote(62, 89, kind="direct", speaker_affiliation="Kyiv School of Economics"),
    )
    report = score([gold], [pred], ALIASES)
    assert report.quotes.spans == PRF(2, 0, 0)
    assert report.quotes.kind == Accuracy(1, 2)
    assert report.quotes.affiliation == Accuracy(1, 1)


def test_evaluate_quotes_one_to_one() -> None:
    # Gold 17-45; preds 17-45 (overlap 28) and 17-40 (overlap 23, also >= 14): the
    # larger overlap takes the gold, the other is a false positive. P = 1/2, R = 1/1.
    report = score([quotes_doc(quote(17, 45))], [quotes_doc(quote(17, 40), quote(17, 45))])
    assert report.quotes.spans == PRF(1, 1, 0)


# ---------------------------------------------------------------------------
# Commitments


def test_evaluate_commitments_detection_and_attributes() -> None:
    # Gold: 62-89 ("Kyiv would not give up land", declined) and 17-45 (missed).
    # Pred: 58-75 overlaps 62-89 by 13 chars (any overlap matches); 0-9 is spurious.
    # Matched pair: type right (1/1), status wrong (0/1), conditional wrong (0/1).
    gold = commitments_doc(
        commitment(
            62,
            89,
            actors=("Ukraine",),
            type="other",
            status="declined",
            conditional=False,
        ),
        commitment(17, 45, actors=("Ukraine",), type="security_guarantee"),
    )
    pred = commitments_doc(
        commitment(58, 75, actors=("Ukraine",), type="other", status="pledged", conditional=True),
        commitment(0, 9),
    )
    report = score([gold], [pred]).commitments
    assert report.detection == PRF(1, 1, 1)  # P = 1/2, R = 1/2
    assert report.type == Accuracy(1, 1)
    assert report.status == Accuracy(0, 1)
    assert report.conditional == Accuracy(0, 1)
    assert report.actors == PRF(1, 0, 0)


def test_evaluate_commitment_actors_f1() -> None:
    # Gold {united states, united kingdom}; pred {US -> united states, france}:
    # tp=1, fp=1, fn=1 -> P = R = F1 = 1/2.
    # Recipients {ukraine} vs {ukraine, moldova}: tp=1, fp=1, fn=0.
    gold = commitments_doc(
        commitment(62, 89, actors=("United States", "United Kingdom"), recipients=("Ukraine",))
    )
    pred = commitments_doc(
        commitment(62, 89, actors=("US", "France"), recipients=("Ukraine", "Moldova"))
    )
    report = score([gold], [pred], ALIASES).commitments
    assert report.actors == PRF(1, 1, 1)
    assert report.actors.f1 == pytest.approx(0.5)
    assert report.recipients == PRF(1, 1, 0)


def test_evaluate_commitments_one_to_one_by_largest_overlap() -> None:
    # Gold 17-45 and 62-89; one prediction 40-70 overlaps the first by 5, the second
    # by 8: it takes the second. tp=1, fp=0, fn=1.
    gold = commitments_doc(commitment(17, 45), commitment(62, 89))
    pred = commitments_doc(commitment(40, 70))
    (found,) = align([gold], [pred])
    assert [(g.start, p.start) for g, p in found.commitments.matched] == [(62, 40)]
    assert score([gold], [pred]).commitments.detection == PRF(1, 0, 1)


# ---------------------------------------------------------------------------
# Documents: empty, without gold items, pairing, merging


def _figures(data: Any) -> list[float | None]:
    """Every precision/recall/f1/accuracy in a report dict."""
    if isinstance(data, dict):
        found = [v for k, v in data.items() if k in ("precision", "recall", "f1", "accuracy")]
        return found + [f for v in data.values() for f in _figures(v)]
    return []


def test_evaluate_empty_document() -> None:
    report = score([Document("e", "")], [Document("e", "")])
    assert report.documents == 1
    assert report.entities.micro_mentions == MentionCounts()
    assert report.quotes.spans == PRF()
    assert set(_figures(report.to_dict())) == {None}  # nothing to measure, nothing invented


def test_evaluate_document_without_gold_items() -> None:
    # Gold has nothing; every prediction is a false positive: P = 0/1, R undefined.
    pred = Document(
        "q",
        QUOTE_TEXT,
        entities=(entity(QUOTE_TEXT, 0, 9, "LEADER"),),
        quotes=(quote(17, 45),),
        commitments=(commitment(62, 89),),
    )
    report = score([Document("q", QUOTE_TEXT)], [pred])
    assert report.entities.micro_mentions.strict == PRF(0, 1, 0)
    assert report.quotes.spans == PRF(0, 1, 0)
    assert report.commitments.detection == PRF(0, 1, 0)
    assert report.quotes.spans.precision == 0.0
    assert report.quotes.spans.recall is None


def test_evaluate_gold_without_prediction_counts_all_missed() -> None:
    gold = entities_doc([(0, 12, "LEADER"), (48, 52, "COALITION")])
    report = score([gold], [])
    assert report.entities.micro_mentions == MentionCounts(mis=2)
    assert report.unmatched_predictions == ()


def _rich_gold() -> Document:
    return Document(
        "rich",
        QUOTE_TEXT,
        boilerplate=(Region(89, 90),),
        entities=(
            entity(QUOTE_TEXT, 0, 9, "LEADER", "Volodymyr Zelensky"),
            entity(QUOTE_TEXT, 62, 66, "STATE", "Ukraine"),
        ),
        quotes=(
            quote(17, 45, speaker_affiliation="Office of the President"),
            quote(62, 89, None, kind="indirect"),
        ),
        commitments=(
            commitment(62, 89, actors=("Ukraine",), recipients=("Russia",), status="declined"),
        ),
    )


def test_evaluate_gold_against_itself_is_perfect() -> None:
    report = score([_rich_gold()], [_rich_gold()], ALIASES)
    figures = [f for f in _figures(report.to_dict()) if f is not None]
    assert figures and set(figures) == {1.0}


def test_evaluate_pairs_by_identical_text_when_ids_differ() -> None:
    # A pipeline run names a document by the hash of its text, gold by file name.
    pred = Document("sha256-of-text", ENTITY_TEXT, entities=(entity(ENTITY_TEXT, 0, 12, "LEADER"),))
    report = score([entities_doc([(0, 12, "LEADER")])], [pred])
    assert report.entities.micro_mentions == MentionCounts(cor=1)
    assert report.unmatched_predictions == ()


def test_evaluate_prediction_without_gold_is_reported() -> None:
    report = score([entities_doc([])], [entities_doc([]), Document("stray", "Other text.")])
    assert report.documents == 1
    assert report.unmatched_predictions == ("stray",)
    assert "WARNING: 1 predicted document(s) have no gold and were not scored: stray" in (
        format_table(report)
    )


@pytest.mark.parametrize(
    ("gold", "pred", "message"),
    [
        ([Document("d", "abc")], [Document("d", "abd")], "first difference at character 2"),
        ([Document("d", "a")], [Document("d", "a"), Document("d", "a")], "duplicate doc_id 'd'"),
        ([Document("d", "a"), Document("d", "b")], [], "duplicate doc_id 'd' in the gold"),
    ],
)
def test_evaluate_pairing_errors(gold: list[Document], pred: list[Document], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        score(gold, pred)


def test_evaluate_reports_add_up_and_round_trip() -> None:
    first = (entities_doc([(0, 12, "LEADER")]), entities_doc([(5, 12, "LEADER")]))
    second = (_rich_gold(), _rich_gold())
    together = score([first[0], second[0]], [first[1], second[1]], ALIASES)
    summed = score([first[0]], [first[1]], ALIASES) + score([second[0]], [second[1]], ALIASES)
    assert summed == together
    assert Report.merge([summed]) == together
    as_json = json.loads(json.dumps(together.to_dict()))
    assert Report.from_dict(as_json) == together
    assert as_json["entities"]["mentions"]["micro"]["strict"]["tp"] == 2  # rich: 2, first: 0


def test_evaluate_format_table_rows() -> None:
    report = score([entities_doc([(0, 12, "LEADER")])], [entities_doc([(5, 12, "LEADER")])])
    table = format_table(report)
    lines = table.splitlines()
    assert lines[0].split() == ["task", "label/metric", "P", "R", "F1/acc", "counts"]
    rows = {tuple(line.split()[:2]): line.split()[2:] for line in lines[2:]}
    # Strict: "Starmer" for "Keir Starmer" is no hit: tp=0, fp=1, fn=1.
    assert rows["entities/strict", "LEADER"] == ["0.000", "0.000", "0.000", "tp=0", "fp=1", "fn=1"]
    # Partial: 0.5/1 both ways; overlap: 1/1.
    assert rows["entities/partial", "LEADER"][:3] == ["0.500", "0.500", "0.500"]
    assert rows["entities/overlap", "(micro)"][:3] == ["1.000", "1.000", "1.000"]
    assert rows["quotes", "speaker"] == ["-", "correct=0", "total=0"]
    assert not any("PERSON" in line for line in lines)  # labels without data are left out


def test_evaluate_error_listing_shows_context() -> None:
    gold = entities_doc([(0, 12, "LEADER"), (39, 43, "STATE"), (48, 52, "COALITION")])
    pred = entities_doc([(5, 12, "LEADER"), (39, 43, "ORGANIZATION"), (17, 35, "LEADER")])
    listing = error_listing([gold], [pred], limit=2)
    lines = listing.splitlines()
    assert lines[0] == "== entities: 4 error(s) =="
    assert lines[1].startswith("MISS     d 48-52 COALITION")
    assert "Zelensky in Kyiv and [[NATO]] agreed." in lines[1]
    assert lines[2].startswith("FALSE    d 17-35 LEADER")
    assert lines[3] == "... 2 more"
    assert "== quotes: 0 error(s) ==" in lines


def test_evaluate_error_listing_wrong_speaker() -> None:
    gold = quotes_doc(quote(17, 45, "Keir Starmer"))
    pred = quotes_doc(quote(17, 45, "Emmanuel Macron"))
    listing = error_listing([gold], [pred], limit=5)
    assert "WRONG    q 17-45 speaker gold 'Keir Starmer' predicted 'Emmanuel Macron'" in listing
    assert 'Zelenskyy said: "[[We need guarantees that work]]." He added that Kyiv would no…' in (
        listing
    )
