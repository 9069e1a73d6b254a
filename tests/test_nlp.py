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


def test_nlp_long_document_is_parsed_on_every_core_in_one_job(monkeypatch, blank_config):
    """A batch with a long document (four chunks or more) is parsed a chunk at a time,
    and with one job in as many processes as cores, also among short documents; a
    worker of --jobs N never starts processes of its own."""
    import pledgewatch.engines

    monkeypatch.setattr(pledgewatch.engines, "available_cores", lambda: 2)
    one_job = Nlp(replace(blank_config, jobs=1))
    assert one_job._pipe_options([10]) == {"batch_size": 1, "n_process": 2}
    assert one_job._pipe_options([1, 10, 1, 1]) == {"batch_size": 1, "n_process": 2}
    assert one_job._pipe_options([1] * 16) == {"batch_size": blank_config.batch_size}
    assert one_job._pipe_options([3]) == {"batch_size": blank_config.batch_size}
    assert Nlp(replace(blank_config, jobs=2))._pipe_options([10]) == {"batch_size": 1}
    monkeypatch.setattr(pledgewatch.engines, "available_cores", lambda: 1)
    assert one_job._pipe_options([1, 10]) == {"batch_size": 1}


def test_nlp_long_document_in_processes_keeps_the_text(blank_config):
    """A text of six chunks parsed in two processes joins back into the same text."""
    nlp = Nlp(replace(blank_config, nlp_chunk_chars=400, jobs=1))
    nlp.load()
    text = "\n\n".join(
        f"Paragraph {i}: Ukraine and its partners met again in Kyiv." for i in range(40)
    )
    (doc,) = nlp([Document(doc_id="long", text=text)])
    assert doc.analysis.text == text and len(list(doc.analysis.sents)) >= 40


@pytest.mark.parametrize(
    ("line", "dateline"),
    [
        ("KYIV (Agency) – Poland and Spain will", "KYIV (Agency) – "),
        ("MOSCOW, Nov 21 (Eurasia Wire) – Russia on", "MOSCOW, Nov 21 (Eurasia Wire) – "),
        ("KRAMATORSK, Jan 20 - A convoy", "KRAMATORSK, Jan 20 - "),
        ("NEW YORK (AP) — The talks", "NEW YORK (AP) — "),
        ("WASHINGTON — The talks", "WASHINGTON — "),
        ("NATO - the alliance at 75", None),  # a headline, not a dateline
        ("UK - Ukraine deal signed", None),
        ("Kyiv - Germany said", None),
    ],
)
def test_nlp_dateline(line: str, dateline: str | None) -> None:
    from pledgewatch.nlp import DATELINE

    match = DATELINE.match(line)
    assert (match.group() if match else None) == dateline


def test_nlp_line_boundaries_start_a_sentence_after_a_dateline() -> None:
    import spacy

    from pledgewatch.nlp import _register_line_boundaries

    _register_line_boundaries()
    nlp = spacy.blank("en")
    nlp.add_pipe("line_boundaries")
    doc = nlp("Headline here\nKYIV (Agency) – Germany will sign a pact.")
    starts = [t.text for t in doc if t.is_sent_start]
    assert starts == ["Headline", "KYIV", "Germany"]


def test_nlp_line_boundaries_skip_the_breaks_of_hard_wrapped_text() -> None:
    """A caller's hard-wrapped text: a line a wrapper broke goes on in the next one,
    while the headline and the paragraph break still start sentences."""
    import spacy

    from pledgewatch.nlp import _register_line_boundaries

    _register_line_boundaries()
    nlp = spacy.blank("en")
    nlp.add_pipe("line_boundaries")
    body = (
        "The ministers of the four northern states agreed on Monday that their\n"
        "navies would share radar pictures of the Baltic and that a joint staff\n"
        "would plan patrols around the cables and pipelines on the sea floor,\n"
        "an official said after the talks in the port city ended late at night.\n"
    )
    doc = nlp("Navies to share radar\n\n" + body + "\nMore talks are due in May.")
    starts = [t.text for t in doc if t.is_sent_start and not t.is_space]
    assert starts == ["Navies", "The", "More"]


def test_nlp_line_boundaries_a_line_going_on_in_lower_case() -> None:
    """Lines broken anywhere (copied off a page): a line that opens in lower case
    after a word goes on; one after a full stop, or in capitals, starts a sentence."""
    import spacy

    from pledgewatch.nlp import _register_line_boundaries

    _register_line_boundaries()
    nlp = spacy.blank("en")
    nlp.add_pipe("line_boundaries")
    doc = nlp(
        "Talks on the force will go on\nfor weeks, envoys say.\nthe rest is open.\nNo date is set."
    )
    starts = [t.text for t in doc if t.is_sent_start and not t.is_space]
    assert starts == ["Talks", "the", "No"]
