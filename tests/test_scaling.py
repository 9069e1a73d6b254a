"""Cost grows linearly with the text: operation counts at 10k, 100k and 1M characters.

The measure is the number of function calls cProfile records while the stages run
(Python functions, builtins and spaCy's Cython functions alike), divided by the
text's length. Counts do not depend on the machine's load, so the bounds can be
tight enough to catch a cost in the square of the length (which multiplies the
calls per character by ten from one size to the next) without ever being flaky.
Before the rules read the text once per document, the entities stage called
``Doc.text`` once per span and cost 3,800 calls per character at 30k characters
(165 at 10k).

Texts are made of the corpus's own sentences, shuffled into paragraphs, with the
page furniture a long web copy carries: repeated captions, credits, share lines
and interview turns, so that boilerplate regions and turns grow with the text too.
"""

from __future__ import annotations

import cProfile
import pstats
import random
import re
from pathlib import Path

import numpy as np
import pytest

from pledgewatch.ingest import Ingest
from pledgewatch.pipeline import build_pipeline

CORPORA = Path(__file__).resolve().parent.parent / "corpora"
SIZES = (10_000, 100_000, 1_000_000)


def corpus_sentences() -> list[str]:
    ingest = Ingest()
    sentences: list[str] = []
    for path in sorted(CORPORA.iterdir()):
        if path.suffix not in (".txt", ".md", ".json", ".jsonl"):
            continue
        for doc in ingest.read(path).documents:
            for paragraph in doc.text.split("\n\n"):
                flat = paragraph.replace("\n", " ")
                sentences += [s for s in re.split(r"(?<=[.!?])\s+", flat) if len(s) > 30]
    return sentences


def long_text(size: int, seed: int = 13) -> str:
    """About ``size`` characters of article-like text with its furniture."""
    sentences = corpus_sentences()
    rng = random.Random(seed)
    furniture = [
        "Soldiers at a training ground in the east (Photo: Jane Roe/Agency)",
        "Share this article",
        "Q: What happens if the ceasefire fails?",
        "Minister: We will keep our promises to Ukraine.",
    ]
    paragraphs: list[str] = []
    length = 0
    while length < size:
        if rng.random() < 0.1:
            paragraph = rng.choice(furniture)
        else:
            paragraph = " ".join(rng.choice(sentences) for _ in range(rng.randint(2, 5)))
        paragraphs.append(paragraph)
        length += len(paragraph) + 2
    return "\n\n".join(paragraphs)[:size].rstrip()


def calls_per_character(stages, text: str) -> dict[str, float]:
    """cProfile's call count of each stage on one document, per character."""
    batch = [Ingest().read_text(text, "long.txt")]
    counts = {}
    for stage in stages:
        profile = cProfile.Profile()
        profile.enable()
        batch = stage(batch)
        profile.disable()
        calls = sum(row[1] for row in pstats.Stats(profile).stats.values())
        counts[stage.name] = calls / len(text)
    return counts


def assert_linear(per_size: dict[int, dict[str, float]]) -> None:
    """From each size to the next (ten times longer), calls per character may grow by a
    half: a cost in the square of the length would multiply them by ten."""
    sizes = sorted(per_size)
    for small, large in zip(sizes, sizes[1:], strict=False):
        for stage, per_char in per_size[large].items():
            before = per_size[small][stage]
            assert per_char <= 1.5 * before + 1.0, (
                f"{stage}: {before:.1f} calls per character at {small:,} characters, "
                f"{per_char:.1f} at {large:,}: cost grows faster than the text"
                f" ({per_size})"
            )


def test_scaling_text_builder_makes_unique_paragraphs_and_furniture():
    text = long_text(20_000)
    assert 19_000 <= len(text) <= 20_000
    assert "Share this article" in text and "(Photo: Jane Roe/Agency)" in text
    paragraphs = text.split("\n\n")
    assert len(set(paragraphs)) > 0.5 * len(paragraphs)


def test_scaling_rule_stages_calls_grow_linearly(blank_config):
    """Boilerplate, a blank spaCy pipeline, entities and quotes at 10k, 100k and 1M."""
    pipe = build_pipeline(blank_config, ["boilerplate", "nlp", "entities", "quotes"]).load()
    per_size = {size: calls_per_character(pipe.stages, long_text(size)) for size in SIZES}
    assert_linear(per_size)


class FixedEncoder:
    """The encoder's interface with a fixed vector per text: the scaling of the stage's
    own rules is measured, not the transformer's (whose cost is per clause anyway)."""

    name = "all-MiniLM-L6-v2"
    version = "fixed"
    dimension = 384

    def load(self) -> FixedEncoder:
        return self

    def encode(self, texts):
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        vectors[:, 0] = 1.0
        return vectors


@pytest.mark.models
def test_scaling_whole_pipeline_calls_grow_linearly(real_config):
    """Every stage with the real spaCy model (the encoder fixed) at 10k, 100k and 300k:
    the parse gives the quote and commitment rules their clauses, speakers and pronouns."""
    pipe = build_pipeline(real_config)
    commitments = pipe.stages[-1]
    commitments.encoder = FixedEncoder()
    pipe.load()
    per_size = {
        size: calls_per_character(pipe.stages, long_text(size))
        for size in (10_000, 100_000, 300_000)
    }
    # 100k to 300k is three times longer: the same rule with a third of the slack.
    assert_linear({10_000: per_size[10_000], 100_000: per_size[100_000]})
    for stage, per_char in per_size[300_000].items():
        assert per_char <= 1.2 * per_size[100_000][stage] + 1.0, (stage, per_size)
