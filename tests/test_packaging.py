"""The package as users install it: its file list, version, cheap import, and a wheel run.

The wheel is built from a copy of the files a build reads (pyproject.toml,
README.md, pipeline/, models/), so the checkout gets no build/ folder and no
stale build output can slip into the wheel. Building is offline: the
project's own setuptools, no build isolation, no index.
"""

from __future__ import annotations

import importlib
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from importlib import metadata
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PIPELINE = REPO / "pipeline"
MODELS = REPO / "models"
# Two corpus files whose readers need trafilatura and pypdf in the fresh venv.
CORPUS_FILES = ("eu-aid-package-news.html", "policy-brief-training-intel.pdf")
HEAVY_MODULES = ("numpy", "spacy", "torch", "transformers", "sentence_transformers", "trafilatura")


def _pyproject() -> dict:
    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))


def _visible_files(root: Path) -> list[Path]:
    """Files under ``root``, relative to it, without hidden ones and bytecode."""
    files = []
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if not path.is_file() or any(part.startswith(".") for part in relative.parts):
            continue
        if "__pycache__" in relative.parts or path.suffix == ".pyc":
            continue
        files.append(relative)
    return files


def _clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PLEDGEWATCH_MODELS", "PYTHONPATH")}
    return {**env, "HF_HUB_OFFLINE": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1", **extra}


def _check(command: list[str | Path], **kwargs) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [str(part) for part in command], capture_output=True, text=True, check=False, **kwargs
    )
    assert done.returncode == 0, (
        f"{command} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
    )
    return done


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    build = tmp_path_factory.mktemp("build")
    source = build / "src"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, source / name)
    for folder in (PIPELINE, MODELS):
        ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
        shutil.copytree(folder, source / folder.name, ignore=ignore)
    dist = build / "dist"
    _check(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index"]
        + ["--quiet", "--wheel-dir", dist, source],
        env=_clean_env(),
    )
    (built,) = dist.glob("pledgewatch-*.whl")
    return built


def test_packaging_every_folder_of_modules_is_a_listed_package() -> None:
    setuptools = _pyproject()["tool"]["setuptools"]
    assert setuptools["package-dir"] == {"pledgewatch": "pipeline", "pledgewatch.models": "models"}
    folders = {PIPELINE / path.parent for path in _visible_files(PIPELINE) if path.suffix == ".py"}
    needed = {".".join(("pledgewatch", *folder.relative_to(PIPELINE).parts)) for folder in folders}
    listed = set(setuptools["packages"])
    missing = sorted(needed - listed)
    assert not missing, (
        f"pyproject.toml [tool.setuptools] packages lacks {missing}: those folders of pipeline/ "
        "hold modules and would be left out of the wheel; add them to `packages`"
    )
    stale = sorted(listed - needed - {"pledgewatch.models"})
    assert not stale, f"pyproject.toml lists packages with no folder of modules: {stale}"


def test_packaging_wheel_holds_every_module_and_every_model_file(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    model_files = {f"pledgewatch/models/{p.as_posix()}" for p in _visible_files(MODELS)}
    modules = {f"pledgewatch/{p.as_posix()}" for p in _visible_files(PIPELINE)}
    assert "pledgewatch/models/commitments/head.json" in model_files
    assert {n for n in model_files if n.startswith("pledgewatch/models/kb/")}, "no kb files?"
    assert not sorted(model_files - names), (
        f"files of models/ not in the wheel: {sorted(model_files - names)}"
    )
    assert not sorted(modules - names), (
        f"files of pipeline/ not in the wheel: {sorted(modules - names)}"
    )
    # One import name: nothing goes to the top level of site-packages but pledgewatch.
    tops = {name.split("/")[0] for name in names}
    assert tops == {"pledgewatch", f"pledgewatch-{metadata.version('pledgewatch')}.dist-info"}


def test_packaging_version_is_the_package_metadata() -> None:
    import pledgewatch

    assert pledgewatch.__version__ == metadata.version("pledgewatch")
    assert pledgewatch.__version__ == _pyproject()["project"]["version"], (
        "the installed metadata is stale: reinstall (make setup)"
    )


def test_packaging_version_falls_back_when_never_installed(monkeypatch) -> None:
    import pledgewatch

    def not_installed(name: str) -> str:
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(metadata, "version", not_installed)
    try:
        importlib.reload(pledgewatch)
        assert pledgewatch.__version__ == "0+unknown"
    finally:
        monkeypatch.undo()
        importlib.reload(pledgewatch)
    assert pledgewatch.__version__ == metadata.version("pledgewatch")


def test_packaging_import_loads_no_model_library(tmp_path: Path) -> None:
    code = (
        "import sys, pledgewatch; "
        f"print([m for m in {HEAVY_MODULES!r} if m in sys.modules]); "
        "print(sorted(pledgewatch.__all__))"
    )
    done = _check([sys.executable, "-c", code], cwd=tmp_path, env=_clean_env())
    heavy, api = done.stdout.splitlines()
    assert heavy == "[]"
    assert api == str(
        sorted(
            [
                "Config",
                "Document",
                "Extractor",
                "InputError",
                "PledgewatchError",
                "__version__",
                "load",
                "read_records",
            ]
        )
    )


def test_packaging_python_m_pledgewatch_help(tmp_path: Path) -> None:
    done = _check([sys.executable, "-m", "pledgewatch", "--help"], cwd=tmp_path, env=_clean_env())
    assert done.stdout.startswith("usage: pledgewatch")
    assert "run" in done.stdout and "eval" in done.stdout and "train" in done.stdout


def test_packaging_models_in_a_checkout_are_models_beside_pipeline(monkeypatch) -> None:
    from pledgewatch.config import Config, default_models_dir, packaged_models_dir

    assert packaged_models_dir() == MODELS
    monkeypatch.delenv("PLEDGEWATCH_MODELS", raising=False)
    assert default_models_dir() == MODELS
    monkeypatch.setenv("PLEDGEWATCH_MODELS", "/elsewhere/models")
    assert Config().models_dir == Path("/elsewhere/models")
    assert Config(models_dir=Path("mine")).models_dir == Path("mine")


def _fresh_venv(root: Path, wheel: Path) -> Path:
    """A venv holding only the wheel, seeing the project's installed dependencies."""
    _check([sys.executable, "-m", "venv", "--without-pip", root])
    python = root / "bin" / "python"
    paths = _check([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"])
    ours = dict.fromkeys([sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]])
    Path(paths.stdout.strip(), "project-dependencies.pth").write_text("\n".join(ours) + "\n")
    _check(
        [python, "-m", "pip", "install", "--no-deps", "--no-index", "--ignore-installed"]
        + ["--quiet", wheel],
        env=_clean_env(),
    )
    return python


def _records(out: Path) -> dict[str, dict]:
    lines = (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    return {record["doc_id"]: record for record in map(json.loads, lines)}


@pytest.mark.models
def test_packaging_wheel_in_a_fresh_venv_gives_the_records_of_the_editable_install(
    wheel: Path, tmp_path: Path
) -> None:
    python = _fresh_venv(tmp_path / "venv", wheel)
    work = tmp_path / "work"  # outside the checkout: nothing of it is on the path
    (work / "in").mkdir(parents=True)
    for name in CORPUS_FILES:
        shutil.copy2(REPO / "corpora" / name, work / "in" / name)
    env = _clean_env()

    where = _check(
        [
            python,
            "-c",
            "import pledgewatch.config as c; print(c.__file__); print(c.default_models_dir())",
        ],
        cwd=work,
        env=env,
    )
    module, models = where.stdout.splitlines()
    assert Path(module).is_relative_to(tmp_path / "venv")
    assert Path(models) == Path(module).parent / "models"
    assert (Path(models) / "commitments" / "head.json").is_file()
    _check([python, "-m", "pledgewatch", "--help"], cwd=work, env=env)

    _check(
        [
            tmp_path / "venv" / "bin" / "pledgewatch",
            "run",
            "in",
            "-o",
            "out-wheel",
            "--no-progress",
        ],
        cwd=work,
        env=env,
    )
    editable_inputs = [REPO / "corpora" / name for name in CORPUS_FILES]
    _check(
        [sys.executable, "-m", "pledgewatch", "run", *editable_inputs, "-o", "out-editable"]
        + ["--no-progress"],
        cwd=work,
        env=env,
    )

    from_wheel, from_editable = _records(work / "out-wheel"), _records(work / "out-editable")
    assert len(from_wheel) == len(CORPUS_FILES)
    for records in (from_wheel, from_editable):
        for record in records.values():
            record["source"].pop("path")
    assert from_wheel == from_editable
    # Not equal by being empty: the knowledge base and the heads did their work.
    assert all(r["entities"] and r["commitments"] for r in from_wheel.values())
    models = {m["name"] for r in from_wheel.values() for m in r["pipeline"]["models"]}
    assert "pledgewatch-commitment-heads" in models
    assert {r["pipeline"]["version"] for r in from_wheel.values()} == {
        metadata.version("pledgewatch")
    }
