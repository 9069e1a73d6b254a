"""The entities stage end to end on blank-pipeline documents: each rule kind with exact
offsets, the records' fields, and the stage's contract (empty, non-ASCII, long, errors).
`models` tests use the real spaCy model and models/."""

from __future__ import annotations

from pathlib import Path

import pytest

from pledgewatch.config import Config
from pledgewatch.errors import PledgewatchError
from pledgewatch.model import Document, Region
from pledgewatch.stages.entities.stage import Entities
from tests.stages.entities.support import make_doc as _doc


def _found(stage: Entities, doc: Document) -> list[tuple[int, int, str, str, str]]:
    return [(e.start, e.end, e.text, e.label, e.canonical) for e in stage.predict(doc)[0]]


def test_entities_kb_exact_names_and_aliases(stage: Entities) -> None:
    text = "Sir Keir Starmer met NATO officials in Britain."
    assert _found(stage, _doc(text)) == [
        (4, 16, "Keir Starmer", "LEADER", "Keir Starmer"),
        (21, 25, "NATO", "COALITION", "NATO"),
        (39, 46, "Britain", "STATE", "United Kingdom"),
    ]


def test_entities_generic_guarantees_match_any_case_and_named_instrument_wins(
    stage: Entities,
) -> None:
    text = "Security guarantees under the Kyiv Security Compact, and Article 5-like protection."
    assert _found(stage, _doc(text)) == [
        (0, 19, "Security guarantees", "GUARANTEE", "security guarantees"),
        (30, 51, "Kyiv Security Compact", "GUARANTEE", "Kyiv Security Compact"),
        (57, 82, "Article 5-like protection", "GUARANTEE", "Article 5"),
    ]


def test_entities_the_alliance_resolves_to_nato_without_the(stage: Entities) -> None:
    assert _found(stage, _doc("Leaders said the Alliance would decide.")) == [
        (17, 25, "Alliance", "COALITION", "NATO")
    ]


@pytest.mark.parametrize(
    ("text", "deps", "expected"),
    [
        (
            "Kyiv signed the deal.",
            {"Kyiv": ("nsubj", "signed")},
            [(0, 4, "Kyiv", "STATE", "Ukraine")],
        ),
        ("Talks were held in Kyiv today.", {"Kyiv": ("pobj", "in")}, []),
        ("The London summit ended.", {"London": ("compound", "summit")}, []),
    ],
)
def test_entities_capital_is_a_state_only_as_a_government(
    stage: Entities, text, deps, expected
) -> None:
    assert _found(stage, _doc(text, deps=deps)) == expected


def test_entities_leader_title_before_unknown_name(stage: Entities) -> None:
    text = "Defence Secretary John Healey said so."
    (entity,) = stage.predict(_doc(text))[0]
    assert (entity.start, entity.end, entity.text, entity.label, entity.role) == (
        18,
        29,
        "John Healey",
        "LEADER",
        "Defence Secretary",
    )


def test_entities_expert_by_apposition_then_surname(stage: Entities) -> None:
    text = "Ingrid Halvorsen, a senior fellow at the Nordic Institute, said it would fail. Halvorsen added more."
    found = stage.predict(_doc(text, pos={"Halvorsen": "PROPN", "Ingrid": "PROPN"}))[0]
    people = [(e.start, e.end, e.label, e.canonical, e.role) for e in found if e.label == "EXPERT"]
    assert people == [
        (0, 16, "EXPERT", "Ingrid Halvorsen", "senior fellow"),
        (79, 88, "EXPERT", "Ingrid Halvorsen", "senior fellow"),
    ]


def test_entities_expert_by_relative_clause_and_title_before(stage: Entities) -> None:
    text = "Rachel Overton, who teaches war studies at a London college, disagreed. So did analyst Jonas Aaltonen."
    doc = _doc(
        text,
        ents=[("Rachel Overton", "PERSON"), ("Jonas Aaltonen", "PERSON")],
        deps={"London": ("compound", "college")},
    )
    found = {(e.text, e.label) for e in stage.predict(doc)[0]}
    assert found == {("Rachel Overton", "EXPERT"), ("Jonas Aaltonen", "EXPERT")}


def test_entities_who_runs_a_bakery_is_not_an_expert(stage: Entities) -> None:
    text = "Olena Hrytsenko, who runs a small bakery near the city centre, was doubtful."
    (entity,) = stage.predict(_doc(text, ents=[("Olena Hrytsenko", "PERSON")]))[0]
    assert (entity.text, entity.label) == ("Olena Hrytsenko", "PERSON")


def test_entities_transliteration_and_surname_join_the_full_name(stage: Entities) -> None:
    text = "Volodymyr Zelenskyy spoke. Later Zelenskiy wrote, and Zelensky agreed."
    found = _found(stage, _doc(text, pos={"Zelenskiy": "PROPN", "Zelensky": "PROPN"}))
    assert found == [
        (0, 19, "Volodymyr Zelenskyy", "LEADER", "Volodymyr Zelensky"),
        (33, 42, "Zelenskiy", "LEADER", "Volodymyr Zelensky"),
        (54, 62, "Zelensky", "LEADER", "Volodymyr Zelensky"),
    ]


def test_entities_possessive_is_outside_the_span(stage: Entities) -> None:
    text = "Keir Starmer’s plan and Ukraine's army."
    assert [(e.text, e.end) for e in stage.predict(_doc(text))[0]] == [
        ("Keir Starmer", 12),
        ("Ukraine", 31),
    ]


def test_entities_month_and_the_hague_are_not_surnames(stage: Entities) -> None:
    text = "In May 2025 the court in The Hague ruled."
    assert _found(stage, _doc(text, ents=[("May 2025", "DATE"), ("The Hague", "GPE")])) == []


def test_entities_unknown_person_and_organisation_from_ner(stage: Entities) -> None:
    text = "Photographer notes: Anna Sokolova filed for Skyforge Dynamics yesterday."
    found = _found(
        stage, _doc(text, ents=[("Anna Sokolova", "PERSON"), ("Skyforge Dynamics", "PERSON")])
    )
    assert found == [
        (20, 33, "Anna Sokolova", "PERSON", "Anna Sokolova"),
        (44, 61, "Skyforge Dynamics", "ORGANIZATION", "Skyforge Dynamics"),
    ]


def test_entities_heading_line_tagged_org_is_dropped(stage: Entities) -> None:
    text = "Piecing Together Strategies\n\nRUSI said so."
    found = _found(stage, _doc(text, ents=[("Piecing Together Strategies", "ORG")]))
    assert found == [(29, 33, "RUSI", "ORGANIZATION", "Royal United Services Institute")]


def test_entities_nothing_inside_boilerplate(stage: Entities) -> None:
    text = "NATO met.\n\nRelated: NATO news"
    found = _found(stage, _doc(text, boilerplate=(Region(11, len(text)),)))
    assert found == [(0, 4, "NATO", "COALITION", "NATO")]


def test_entities_fields_kb_id_sentence_stage_confidence(stage: Entities) -> None:
    (entity,) = stage.predict(_doc("Hello there. Keir Starmer spoke."))[0]
    assert (entity.kb_id, entity.sentence, entity.stage) == ("Q6386999", 1, "entities")
    assert 0 < entity.confidence <= 1


def test_entities_empty_batch_empty_document_and_non_ascii(stage: Entities) -> None:
    assert stage([]) == []
    (empty,) = stage([_doc("")])
    assert empty.entities == ()
    (doc,) = stage(
        [_doc("Зеленський і NATO — Kyiv’s partners.", deps={"Kyiv": ("poss", "partners")})]
    )
    assert [(e.text, e.label) for e in doc.entities] == [("NATO", "COALITION"), ("Kyiv", "STATE")]


def test_entities_very_long_document(stage: Entities) -> None:
    text = " ".join(["NATO and Britain pledged security guarantees."] * 400)
    entities = stage.predict(_doc(text))[0]
    assert len(entities) == 1200
    assert (
        entities[-1].text == "security guarantees"
        and text[entities[-1].start : entities[-1].end] == "security guarantees"
    )


def test_entities_errors_name_the_problem(models_dir: Path) -> None:
    unloaded = Entities(Config(models_dir=models_dir))
    with pytest.raises(PledgewatchError, match="before load"):
        unloaded.predict(_doc("x"))
    loaded = Entities(Config(models_dir=models_dir))
    loaded.load()
    with pytest.raises(PledgewatchError, match="no spaCy analysis; run the nlp stage first"):
        loaded.predict(Document(doc_id="n", text="NATO"))


def test_entities_bad_kb_line_names_file_and_line(tmp_path: Path) -> None:
    from pledgewatch.errors import ModelFileError

    (tmp_path / "kb").mkdir()
    (tmp_path / "kb" / "states.jsonl").write_text('{"canonical": "Ukraine"}\n{broken\n')
    with pytest.raises(ModelFileError, match=r"states.jsonl:2: not a knowledge-base entry"):
        Entities(Config(models_dir=tmp_path)).load()


@pytest.mark.models
def test_entities_real_model_on_genre_failure_cases(real_config: Config) -> None:
    from pledgewatch.pipeline import build_pipeline

    text = (
        "Ukrainian President Volodymyr Zelenskyy’s office said Kyiv would sign. "
        "Fighting continued near Avdiivka. Tobias Wren, a senior research fellow at RUSI, "
        "said the plan was thin. Zelenskyy met NATO Secretary General Mark Rutte. "
        "Wren added that the Alliance must act."
    )
    (doc,) = build_pipeline(real_config)([Document(doc_id="g", text=text)])
    found = {(e.text, e.label, e.canonical) for e in doc.entities}
    assert ("Volodymyr Zelenskyy", "LEADER", "Volodymyr Zelensky") in found
    assert ("Kyiv", "STATE", "Ukraine") in found
    assert ("Tobias Wren", "EXPERT", "Tobias Wren") in found
    assert ("Wren", "EXPERT", "Tobias Wren") in found
    assert ("Mark Rutte", "LEADER", "Mark Rutte") in found
    assert ("Alliance", "COALITION", "NATO") in found
    assert not any(e.text == "Avdiivka" for e in doc.entities)
    assert not any("’s" in e.text for e in doc.entities)


def test_entities_heading_words_are_not_names(stage: Entities) -> None:
    text = "In Search of Security\n\nPiecing Together Longer-Term Strategies\n\nNATO met."
    doc = _doc(text, ents=[("Search of Security", "ORG"), ("Together Longer-Term", "PERSON")])
    assert _found(stage, doc) == [
        (text.index("NATO"), text.index("NATO") + 4, "NATO", "COALITION", "NATO")
    ]


@pytest.mark.parametrize(
    ("text", "label", "role"),
    [
        ("Ukrainian presidential analyst Taras Melnyk spoke.", "LEADER", "analyst"),
        ("The veteran analyst Taras Melnyk spoke.", "EXPERT", "analyst"),
        ("Former Prime Minister Taras Melnyk spoke.", "LEADER", "Prime Minister"),
    ],
)
def test_entities_title_before_name_sets_label_and_role(
    stage: Entities, text: str, label: str, role: str
) -> None:
    (entity,) = stage.predict(_doc(text, ents=[("Taras Melnyk", "PERSON")]))[0]
    assert (entity.text, entity.label, entity.role) == ("Taras Melnyk", label, role)
