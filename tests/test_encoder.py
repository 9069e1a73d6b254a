"""The classifier head file: loading, checks and round trip, with small hand-written heads
(no encoder is loaded)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from pledgewatch.encoder import CommitmentHeads, LinearHead, WordFeatures
from pledgewatch.errors import ModelFileError


def _head_file(tmp_path: Path, **overrides) -> Path:
    record = {
        "format": 1,
        "encoder": "all-MiniLM-L6-v2",
        "dimension": 2,
        "meta": {"seed": 13},
        "heads": {
            "detect": {"classes": ["no", "yes"], "weights": [[2.0, -2.0]], "bias": [0.0]},
            "type": {
                "classes": ["military_aid", "sanctions"],
                "weights": [[1.0, 0.0], [0.0, 1.0]],
                "bias": [0.0, 0.0],
            },
            "status": {
                "classes": ["pledged", "signed"],
                "weights": [[1.0, 0.0], [0.0, 1.0]],
                "bias": [0.0, 0.0],
            },
        },
    }
    record.update(overrides)
    path = tmp_path / "head.json"
    path.write_text(json.dumps(record))
    return path


def test_encoder_head_loads_and_scores(tmp_path: Path) -> None:
    heads = CommitmentHeads.load(_head_file(tmp_path), "all-MiniLM-L6-v2", 2)
    probabilities = heads.heads["detect"].probabilities(
        np.array([[1.0, 0.0], [0.0, 1.0]], dtype=np.float32)
    )
    assert probabilities[0, 1] == pytest.approx(1 / (1 + np.exp(-2.0)), rel=1e-5)
    assert probabilities[1, 1] == pytest.approx(1 / (1 + np.exp(2.0)), rel=1e-5)
    types = heads.heads["type"].probabilities(np.array([[3.0, 0.0]], dtype=np.float32))
    assert heads.heads["type"].classes[int(types.argmax())] == "military_aid"
    assert types.sum() == pytest.approx(1.0)


def test_encoder_head_round_trip(tmp_path: Path) -> None:
    heads = CommitmentHeads.load(_head_file(tmp_path))
    heads.save(tmp_path / "copy.json")
    again = CommitmentHeads.load(tmp_path / "copy.json")
    assert again.heads["status"].classes == ("pledged", "signed")
    assert np.allclose(again.heads["detect"].weights, heads.heads["detect"].weights)


def test_encoder_head_missing_file_says_how_to_build_it(tmp_path: Path) -> None:
    with pytest.raises(
        ModelFileError, match=r"head .*missing\.json is missing; build it with `pledgewatch train`"
    ):
        CommitmentHeads.load(tmp_path / "missing.json")


def test_encoder_head_from_another_encoder_is_refused(tmp_path: Path) -> None:
    path = _head_file(tmp_path, encoder="paraphrase-mpnet-base-v2", dimension=768)
    with pytest.raises(ModelFileError) as caught:
        CommitmentHeads.load(path, "all-MiniLM-L6-v2", 384)
    message = str(caught.value)
    assert (
        "'paraphrase-mpnet-base-v2'" in message
        and "'all-MiniLM-L6-v2'" in message
        and "pledgewatch train" in message
    )


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("{broken", "unreadable"),
        (
            json.dumps(
                {
                    "encoder": "all-MiniLM-L6-v2",
                    "dimension": 2,
                    "heads": {
                        "detect": {"classes": ["no", "yes"], "weights": [[1, 1]], "bias": [0]}
                    },
                }
            ),
            r"lacks head\(s\) status, type",
        ),
    ],
)
def test_encoder_head_bad_file(tmp_path: Path, content: str, problem: str) -> None:
    path = tmp_path / "head.json"
    path.write_text(content)
    with pytest.raises(ModelFileError, match=problem):
        CommitmentHeads.load(path, "all-MiniLM-L6-v2", 2)


def test_encoder_word_features_grams_vocabulary_and_weights() -> None:
    assert WordFeatures.grams("Britain will not send a brigade") == [
        "britain",
        "will",
        "not",
        "send",
        "brigade",
        "britain will",
        "will not",
        "not send",
        "send brigade",
    ]
    words = WordFeatures.fit(
        ["will send troops", "will not send", "troops"], min_count=2, scale=2.0
    )
    assert words.vocabulary == ("send", "troops", "will")
    idf = np.log(4 / 3) + 1  # three texts, each word in two
    assert np.allclose(words.idf, [idf] * 3)
    (row,) = words.transform(["will will send"])
    raw = np.array([1.0, 0.0, 1.0 + np.log(2.0)]) * idf  # sublinear term frequency
    assert np.allclose(row, 2.0 * raw / np.linalg.norm(raw), atol=1e-6)
    assert not words.transform(["nothing known here"]).any()


def _word_head_file(tmp_path: Path, width: int) -> Path:
    words = {"scale": 1.0, "vocabulary": ["send", "will"], "idf": [1.0, 1.0]}
    # Two embedding dimensions, then "send" and "will"; detection weighs "send" only.
    detect = [0.0, 0.0, 3.0] + [0.0] * (width - 3)
    rows = {
        "detect": {"classes": ["no", "yes"], "weights": [detect], "bias": [0.0]},
        "type": {"classes": ["a", "b"], "weights": [[0.0] * width] * 2, "bias": [0.0, 0.0]},
        "status": {"classes": ["a", "b"], "weights": [[0.0] * width] * 2, "bias": [0.0, 0.0]},
    }
    return _head_file(tmp_path, format=2, words=words, heads=rows)


def test_encoder_head_with_word_features(tmp_path: Path) -> None:
    heads = CommitmentHeads.load(_word_head_file(tmp_path, 4), "all-MiniLM-L6-v2", 2)
    features = heads.features(np.zeros((2, 2), dtype=np.float32), ["will send", "nothing"])
    assert features.shape == (2, 4)
    assert np.allclose(features[0, 2:], [2**-0.5, 2**-0.5]) and not features[1].any()
    detect = heads.heads["detect"].probabilities(features)[:, 1]
    assert detect[0] > 0.85 and detect[1] == pytest.approx(0.5)
    heads.save(tmp_path / "copy.json")
    again = CommitmentHeads.load(tmp_path / "copy.json").words
    assert (again.vocabulary, again.scale) == (("send", "will"), 1.0)
    assert np.allclose(again.idf, heads.words.idf)


def test_encoder_head_whose_width_does_not_fit_its_vocabulary_is_refused(
    tmp_path: Path,
) -> None:
    with pytest.raises(ModelFileError, match=r"do not take 4 features.*pledgewatch train"):
        CommitmentHeads.load(_word_head_file(tmp_path, 5), "all-MiniLM-L6-v2", 2)


def test_encoder_linear_head_multiclass_is_softmax() -> None:
    head = LinearHead(
        "t", ("a", "b", "c"), np.eye(3, dtype=np.float32), np.zeros(3, dtype=np.float32)
    )
    probabilities = head.probabilities(np.array([[0.0, 0.0, 0.0]], dtype=np.float32))
    assert np.allclose(probabilities, 1 / 3)


def test_encoder_head_carries_its_decision(tmp_path: Path) -> None:
    decision = {"features": ["p_detect"], "weights": [3.0], "bias": -1.0, "threshold": 0.45}
    heads = CommitmentHeads.load(_head_file(tmp_path, decision=decision))
    assert heads.decision is not None and heads.decision.threshold == 0.45
    heads.save(tmp_path / "copy.json")
    assert CommitmentHeads.load(tmp_path / "copy.json").decision.features == ("p_detect",)
    with pytest.raises(ModelFileError, match="unreadable"):
        CommitmentHeads.load(_head_file(tmp_path, decision={**decision, "weights": [1.0, 2.0]}))


# -- the encoder's backends ------------------------------------------------------------


def _training_texts(count: int) -> list[str]:
    texts = []
    for path in sorted(Path("annotations/train").glob("commitments*.jsonl")):
        texts += [json.loads(line)["text"] for line in path.read_text().splitlines() if line]
    step = max(1, len(texts) // count)
    return texts[::step][:count]


def test_encoder_cache_is_the_users_or_the_configured_one(tmp_path, monkeypatch) -> None:
    from pledgewatch.encoder import Encoder, default_cache_dir

    monkeypatch.delenv("PLEDGEWATCH_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "xdg" / "pledgewatch"
    monkeypatch.setenv("PLEDGEWATCH_CACHE", str(tmp_path / "mine"))
    path = Encoder().onnx_path()
    assert path.parent.parent == tmp_path / "mine" / "encoder" and path.name == "model.onnx"
    assert Encoder(cache_dir=tmp_path / "c").onnx_path().is_relative_to(tmp_path / "c")
    with pytest.raises(ValueError, match="backend"):
        Encoder(backend="tensorflow")


@pytest.mark.models
def test_encoder_onnx_agrees_with_torch_on_300_texts() -> None:
    """ONNX Runtime's embeddings (exported here from the packaged weights) and torch's:
    cosine 0.999 or more for every one of 300 training texts."""
    from pledgewatch.encoder import Encoder

    texts = _training_texts(300)
    onnx, torch = Encoder(backend="onnx"), Encoder(backend="torch")
    assert onnx.active_backend == "onnx" and torch.active_backend == "torch"
    assert onnx.version.endswith("+onnx") and "+" not in torch.version
    assert onnx.dimension == torch.dimension == 384
    cosine = (onnx.encode(texts) * torch.encode(texts)).sum(axis=1)
    assert len(cosine) == 300 and cosine.min() >= 0.999, cosine.min()
    assert np.allclose(np.linalg.norm(onnx.encode(texts[:5]), axis=1), 1.0, atol=1e-5)


@pytest.mark.models
def test_encoder_falls_back_to_torch_with_a_log_line(tmp_path, caplog) -> None:
    """No ONNX model can be made (here: a cache that is a file, not a folder): torch runs,
    and the log says why; asked for ONNX only, the error says what to do."""
    import logging

    from pledgewatch.encoder import Encoder

    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    with caplog.at_level(logging.WARNING, logger="pledgewatch.encoder"):
        encoder = Encoder(cache_dir=blocked).load()
    assert encoder.active_backend == "torch"
    assert "ONNX Runtime unavailable" in caplog.text and "using torch" in caplog.text
    with pytest.raises(ModelFileError, match="--encoder-backend torch"):
        Encoder(backend="onnx", cache_dir=blocked).load()


def test_encoder_embeds_each_text_once(monkeypatch) -> None:
    """A text repeated in a call, or met in an earlier one, is not run through the model
    again; the rows still come in the order asked."""
    from pledgewatch.encoder import Encoder

    ran: list[list[str]] = []

    def embed(texts: list[str]) -> np.ndarray:
        ran.append(list(texts))
        return np.array([[float(len(t)), 1.0] for t in texts], dtype=np.float32)

    encoder = Encoder()
    monkeypatch.setattr(encoder, "load", lambda: encoder)
    monkeypatch.setattr(encoder, "_embed", embed)
    first = encoder.encode(["aa", "b", "aa"])
    second = encoder.encode(["b", "cccc"])
    assert ran == [["aa", "b"], ["cccc"]]
    assert first[:, 0].tolist() == [2.0, 1.0, 2.0] and second[:, 0].tolist() == [1.0, 4.0]
    assert (encoder.texts_asked, encoder.texts_embedded) == (5, 3)
