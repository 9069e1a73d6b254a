from __future__ import annotations

import pytest

from pledgewatch.config import Config
from pledgewatch.errors import PipelineError
from pledgewatch.model import Document
from pledgewatch.pipeline import STAGE_ORDER, build_pipeline


def test_pipeline_order_lives_in_one_list(blank_config: Config) -> None:
    pipe = build_pipeline(blank_config)
    assert [s.name for s in pipe.stages] == list(STAGE_ORDER)


@pytest.mark.parametrize(
    ("names", "message"),
    [
        (
            ["entities"],
            "stage 'entities' requires boilerplate, ner, sents, tokens, which no earlier stage provides (stages before it: (none)); add boilerplate and nlp before it",
        ),
        (["boilerplate", "quotes"], "stage 'quotes' requires entities, parse, sents, tokens"),
        (["nlp", "boilerplate", "entities", "commitments"], "stage 'commitments' requires quotes"),
        (
            ["boilerplate", "lemmatiser"],
            "unknown stage(s) lemmatiser; known stages: boilerplate, nlp",
        ),
    ],
)
def test_pipeline_wrong_order_fails_at_build_naming_the_stage(
    blank_config: Config, names, message
) -> None:
    with pytest.raises(PipelineError) as caught:
        build_pipeline(blank_config, names)
    assert message in str(caught.value)


def test_pipeline_adds_provenance_and_drops_analysis(blank_config: Config) -> None:
    pipe = build_pipeline(blank_config)
    (doc,) = pipe([Document(doc_id="a", text="NATO allies met.\n\nShare this article")])
    assert doc.analysis is None
    assert doc.pipeline.config_hash == blank_config.hash()
    assert doc.pipeline.models[0].name.startswith("spacy:")
    assert len(doc.boilerplate) == 1
    assert set(pipe.timings) >= set(STAGE_ORDER)


def test_pipeline_empty_batch(blank_config: Config) -> None:
    assert build_pipeline(blank_config)([]) == []


def test_config_hash_ignores_machine_settings(tmp_path) -> None:
    assert Config(models_dir=tmp_path, batch_size=3).hash() == Config(batch_size=64).hash()
    assert Config(encoder_model="other").hash() != Config().hash()
