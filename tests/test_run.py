from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path

import pytest

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


def test_run_edited_and_deleted_inputs_leave_no_stale_records(
    tmp_path: Path, blank_config: Config
) -> None:
    root = tmp_path / "in"
    for number, name in enumerate(("a.txt", "b.txt", "c.txt")):
        _article(root / name, number)
    out = tmp_path / "out"
    _run([root], out, blank_config)
    (root / "a.txt").write_text(f"Edited. {TEXT * 2}", encoding="utf-8")
    (root / "b.txt").unlink()
    summary = _run([root], out, blank_config)
    assert (summary.processed, summary.skipped, summary.stale_dropped) == (1, 1, 2)
    records = _documents(out)
    assert [(Path(r["source"]["path"]).name, r["text"][:7]) for r in records] == [
        ("a.txt", "Edited."),
        ("c.txt", "Article"),
    ]
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["this_run"]["stale_records_dropped"] == 2
    assert [(Path(s["path"]).name, s["reason"], s["kept"]) for s in manifest["stale_records"]] == [
        ("a.txt", "its source file changed", False),
        ("b.txt", "its source file no longer exists", False),
    ]
    # The folder now holds what a clean run over the inputs as they are gives, byte for byte.
    _run([root], tmp_path / "clean", blank_config)
    for name in ("documents.jsonl", "entities.jsonl", "errors.jsonl"):
        assert (out / name).read_bytes() == (tmp_path / "clean" / name).read_bytes()

    (root / "c.txt").write_text(f"Also edited. {TEXT * 2}", encoding="utf-8")
    kept = _run([root], out, blank_config, keep_stale=True)
    assert (kept.stale_dropped, kept.stale_kept) == (0, 1)
    assert [r["text"][:7] for r in _documents(out)] == ["Edited.", "Also ed", "Article"]


def test_run_changed_metadata_is_processed_again(tmp_path: Path, blank_config: Config) -> None:
    source = tmp_path / "in" / "a.json"
    source.parent.mkdir()
    source.write_text(json.dumps({"text": TEXT * 2, "title": "Old title"}), encoding="utf-8")
    out = tmp_path / "out"
    _run([source.parent], out, blank_config)
    source.write_text(json.dumps({"text": TEXT * 2, "title": "New title"}), encoding="utf-8")
    summary = _run([source.parent], out, blank_config)
    assert (summary.processed, summary.skipped, summary.stale_dropped) == (1, 0, 0)
    assert [r["meta"]["title"] for r in _documents(out)] == ["New title"]


def test_run_a_file_moved_keeps_its_record_under_the_new_path(
    tmp_path: Path, blank_config: Config
) -> None:
    _article(tmp_path / "in" / "a.txt", 1)
    out = tmp_path / "out"
    _run([tmp_path / "in"], out, blank_config)
    (tmp_path / "in" / "a.txt").rename(tmp_path / "in" / "renamed.txt")
    summary = _run([tmp_path / "in"], out, blank_config)
    assert (summary.processed, summary.skipped, summary.stale_dropped) == (0, 1, 0)
    assert [Path(r["source"]["path"]).name for r in _documents(out)] == ["renamed.txt"]


def test_run_rerun_gives_the_folders_totals_then_what_it_added(
    tmp_path: Path, blank_config: Config
) -> None:
    for number in range(3):
        _article(tmp_path / "in" / f"a{number}.txt", number)
    out = tmp_path / "out"
    first = _run([tmp_path / "in"], out, blank_config)
    assert first.line().startswith(
        f"pledgewatch: {out}/ holds 3 documents, 3 entities, 0 quotes, 0 commitments; "
        "this run added 3 documents with 3 entities, 0 quotes, 0 commitments (0 already done), "
        "0 errors, in "
    )
    again = _run([tmp_path / "in"], out, blank_config)
    assert again.line().startswith(
        f"pledgewatch: {out}/ holds 3 documents, 3 entities, 0 quotes, 0 commitments; "
        "this run added 0 documents (3 already done), 0 errors, in "
    )
    manifest = json.loads((out / "manifest.json").read_text())
    assert list(manifest)[:6] == [
        "pledgewatch",
        "schema_version",
        "started",
        "finished",
        "seconds",
        "totals_in_folder",
    ]
    assert manifest["totals_in_folder"] == {
        "documents": 3,
        "entities": 3,
        "quotes": 0,
        "commitments": 0,
        "errors": 0,
    }
    assert manifest["this_run"]["documents_processed"] == 0
    assert manifest["this_run"]["documents_skipped_done"] == 3
    assert manifest["versions"]["models"] == [{"name": "stub:first-word", "version": "1"}]
    assert manifest["this_run"]["models_loaded"] == []
    assert "first_word" not in manifest["this_run"]["timings_seconds"]


KILLED_RUN = """
import sys
from dataclasses import replace
from pledgewatch.config import Config
from pledgewatch.run import run
from tests.stubs import first_word_pipeline

config = replace(Config(spacy_model="blank:en"), batch_size=1)
run([sys.argv[1]], sys.argv[2], config, pipeline=first_word_pipeline(config, 0.2), progress=False)
"""


def test_run_killed_with_sigkill_then_rerun_gives_the_bytes_of_a_clean_run(
    tmp_path: Path, blank_config: Config
) -> None:
    import signal
    import subprocess
    import sys
    import time

    root = tmp_path / "in"
    for number in range(20):
        _article(root / f"a{number:02d}.txt", number)
    (root / "empty.txt").write_text("")
    out = tmp_path / "out"
    repo = Path(__file__).resolve().parent.parent
    child = subprocess.Popen([sys.executable, "-c", KILLED_RUN, str(root), str(out)], cwd=repo)
    parts = out / ".parts"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and len(list(parts.glob("documents-*"))) < 3:
        assert child.poll() is None, "the run ended before it could be killed"
        time.sleep(0.02)
    child.send_signal(signal.SIGKILL)
    assert child.wait() == -signal.SIGKILL
    assert not (out / "documents.jsonl").exists()
    # A part being written when the kill came is a hidden temporary file: never read.
    (parts / ".documents-20990101T000000-000000000-1-000001.jsonl.x1.tmp").write_text('{"doc')

    config = replace(blank_config, batch_size=1)
    rerun = _run([root], out, config)
    assert rerun.skipped >= 3 and rerun.processed + rerun.skipped == 20
    assert not parts.exists()
    _run([root], tmp_path / "clean", config)
    for name in ("documents", "entities", "quotes", "commitments", "errors"):
        assert (out / f"{name}.jsonl").read_bytes() == (
            tmp_path / "clean" / f"{name}.jsonl"
        ).read_bytes(), name


def test_run_errors_are_those_of_the_last_run_even_after_an_interruption(
    tmp_path: Path, blank_config: Config
) -> None:
    from pledgewatch.pipeline import Pipeline
    from tests.test_records import _Interrupt

    root = tmp_path / "in"
    _article(root / "a.txt", 1)
    (root / "b.txt").write_text("")
    out = tmp_path / "out"
    with pytest.raises(KeyboardInterrupt):
        run(
            [root],
            out,
            blank_config,
            pipeline=Pipeline([_Interrupt(1)], blank_config),
            progress=False,
        )
    assert list((out / ".parts").glob("errors-*"))  # the interrupted run's errors, kept
    _article(root / "b.txt", 2)  # mended before the rerun
    summary = _run([root], out, blank_config)
    assert (summary.processed, summary.errors) == (2, 0)
    assert (out / "errors.jsonl").read_text() == ""
