from __future__ import annotations

from dataclasses import replace

import pytest

from pledgewatch.config import Config
from pledgewatch.errors import PledgewatchError
from pledgewatch.model import Document
from pledgewatch.nlp import Nlp, chunk_bounds


@pytest.mark.parametrize(
    ("text", "limit", "bounds"),
    [
        ("short", 10, [(0, 5)]),
        ("aaaa bbbb\n\ncccc dddd", 12, [(0, 11), (11, 20)]),  # cut after the paragraph break
        ("One two three. Four five six. Seven", 20, [(0, 15), (15, 35)]),  # after a sentence end
        ("abcdefghij", 4, [(0, 4), (4, 8), (8, 10)]),  # no break at all: hard cuts
        ("", 5, [(0, 0)]),
    ],
)
def test_nlp_chunk_bounds(text: str, limit: int, bounds: list[tuple[int, int]]) -> None:
    assert chunk_bounds(text, limit) == bounds
    assert "".join(text[s:e] for s, e in bounds) == text


def test_nlp_chunk_bounds_rejects_bad_limit() -> None:
    with pytest.raises(ValueError, match="must be positive"):
        chunk_bounds("x", 0)


def test_nlp_used_before_load_says_so(blank_config: Config) -> None:
    with pytest.raises(PledgewatchError, match="before load"):
        Nlp(blank_config)([Document(doc_id="a", text="x")])


def test_nlp_missing_spacy_model_names_it() -> None:
    with pytest.raises(PledgewatchError, match="no_such_model"):
        Nlp(Config(spacy_model="no_such_model")).load()


@pytest.fixture(scope="module")
def blank_nlp(blank_config: Config) -> Nlp:
    stage = Nlp(replace(blank_config, nlp_chunk_chars=200))
    stage.load()
    return stage


def test_nlp_empty_batch_and_empty_document(blank_nlp: Nlp) -> None:
    assert blank_nlp([]) == []
    (doc,) = blank_nlp([Document(doc_id="e", text="")])
    assert doc.analysis.text == ""


def test_nlp_long_document_is_chunked_with_offsets_kept(blank_nlp: Nlp) -> None:
    text = "\n\n".join(
        f"Paragraph {i} says Kyiv signed. Україна підписала угоду." for i in range(60)
    )
    (doc,) = blank_nlp([Document(doc_id="long", text=text)])
    spacy_doc = doc.analysis
    assert spacy_doc.text == text
    token = next(t for t in spacy_doc if t.text == "59")
    assert text[token.idx : token.idx + 2] == "59"
    assert len(list(spacy_doc.sents)) >= 120


def test_nlp_model_info(blank_nlp: Nlp) -> None:
    (info,) = blank_nlp.models()
    assert info.name.startswith("spacy:en")


@pytest.mark.models
def test_nlp_real_model_parses_and_tags(real_config: Config) -> None:
    stage = Nlp(real_config)
    stage.load()
    (doc,) = stage(
        [Document(doc_id="r", text="Keir Starmer said Britain would send troops to Ukraine.")]
    )
    assert {ent.text for ent in doc.analysis.ents} >= {"Keir Starmer", "Britain", "Ukraine"}
    assert any(token.dep_ == "ROOT" for token in doc.analysis)
    assert stage.models()[0].version
