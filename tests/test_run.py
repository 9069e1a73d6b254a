from __future__ import annotations

import json
import os
from pathlib import Path

from pledgewatch.cli import main
from pledgewatch.config import Config
from pledgewatch.io import read_jsonl
from pledgewatch.run import run
from tests.stubs import first_word_pipeline

TEXT = "Prime Minister Keir Starmer said Britain would lead a reassurance force in Ukraine. "


def _article(path: Path, number: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"Article {number}. {TEXT * 2}", encoding="utf-8")


def _run(inputs: list[Path], out: Path, config: Config, **options):
    return run(inputs, out, config, pipeline=first_word_pipeline(config), progress=False, **options)


def _documents(out: Path) -> list[dict]:
    return [record for _, record in read_jsonl(out / "documents.jsonl")]


def test_run_output_folder_inside_the_input_is_never_read(
    tmp_path: Path, blank_config: Config
) -> None:
    articles = tmp_path / "articles"
    _article(articles / "a.txt", 1)
    out = articles / "out"
    _run([articles], out, blank_config)
    again = _run([articles], out, blank_config)  # out/ now holds documents.jsonl, errors.jsonl …
    assert (again.processed, again.skipped, again.errors) == (0, 1, 0)
    assert [Path(r["source"]["path"]).name for r in _documents(out)] == ["a.txt"]
    assert (out / "errors.jsonl").read_text() == ""
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["skipped_paths"] == [
        {"path": str(out), "kind": "output", "reason": "the output folder of this run"}
    ]
    # An older output folder elsewhere in the input is passed over too.
    _run([articles], tmp_path / "elsewhere", blank_config)
    assert [Path(r["source"]["path"]).name for r in _documents(tmp_path / "elsewhere")] == ["a.txt"]


def test_run_lists_unsupported_files_and_links_in_manifest_and_verbose_stderr(
    tmp_path: Path, blank_config: Config, monkeypatch, capsys
) -> None:
    root = tmp_path / "in"
    _article(root / "a.txt", 1)
    _article(tmp_path / "outside" / "b.txt", 2)
    (root / "slides.pptx").write_bytes(b"PK")
    os.symlink(tmp_path / "outside", root / "linked")
    os.symlink(".", root / "up")
    monkeypatch.setattr("pledgewatch.run.build_pipeline", first_word_pipeline)
    out = tmp_path / "out"
    args = ["run", str(root), "-o", str(out), "--no-progress", "--spacy-model", "blank:en"]
    assert main(args) == 0
    quiet = capsys.readouterr()
    assert "skipped" not in quiet.err
    assert "3 paths passed over" in quiet.out
    manifest = json.loads((out / "manifest.json").read_text())
    assert [(Path(s["path"]).name, s["kind"]) for s in manifest["skipped_paths"]] == [
        ("linked", "link"),
        ("slides.pptx", "unsupported"),
        ("up", "link"),
    ]
    assert manifest["this_run"]["paths_passed_over"] == 3

    assert main([*args, "--verbose"]) == 0
    lines = [line for line in capsys.readouterr().err.splitlines() if "skipped" in line]
    assert lines == [
        f"pledgewatch: skipped {root / 'linked'}: link out of the input folder "
        f"(to {tmp_path / 'outside'}); --follow-links reads it",
        f"pledgewatch: skipped {root / 'slides.pptx'}: unsupported file type '.pptx'",
        f"pledgewatch: skipped {root / 'up'}: link loops back to an enclosing folder ({root})",
    ]
    assert main([*args, "--follow-links"]) == 0
    assert len(_documents(out)) == 2
