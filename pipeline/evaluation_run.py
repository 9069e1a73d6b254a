"""Predictions on gold texts, for ``pledgewatch eval``.

A gold ``text`` is taken as already cleaned: no normalisation runs on it, and
every stage after text normalisation (boilerplate detection included) runs on
it exactly as it is, so predicted offsets index the same string as gold.
"""

from __future__ import annotations

from collections.abc import Sequence

from pledgewatch.config import Config
from pledgewatch.ingest import sha256_hex
from pledgewatch.model import Document, Source
from pledgewatch.pipeline import Pipeline, build_pipeline


def gold_inputs(gold: Sequence[Document]) -> list[Document]:
    """Fresh documents holding only what ingest would give: text, meta, source."""
    return [
        Document(
            doc_id=doc.doc_id,
            text=doc.text,
            meta=doc.meta,
            source=Source(path=f"gold:{doc.doc_id}", format="gold", sha256=sha256_hex(doc.text)),
        )
        for doc in gold
    ]


def predict_gold_texts(
    gold: Sequence[Document], config: Config, pipeline: Pipeline | None = None
) -> list[Document]:
    pipe = pipeline or build_pipeline(config)
    inputs = gold_inputs(gold)
    out: list[Document] = []
    for start in range(0, len(inputs), config.batch_size):
        out.extend(pipe(inputs[start : start + config.batch_size]))
    return out
