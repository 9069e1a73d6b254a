from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from pledgewatch.discover import Skipped, discover
from pledgewatch.errors import InputError


def _reasons(skipped: list[Skipped], root: Path) -> dict[str, str]:
    return {str(Path(s.path).relative_to(root)): s.reason for s in skipped}


def test_discover_walks_folders_and_skips_hidden(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.md").write_text("x")
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / ".hidden.txt").write_text("x")
    (tmp_path / ".cache").mkdir()
    (tmp_path / ".cache" / "c.txt").write_text("x")
    found = discover([tmp_path])
    assert found.files == (tmp_path / "a.txt", tmp_path / "sub" / "b.md")
    assert found.skipped == ()


def test_discover_lists_unsupported_files(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "image.png").write_bytes(b"x")
    (tmp_path / "README").write_text("x")
    found = discover([tmp_path])
    assert found.files == (tmp_path / "a.txt",)
    assert [(s.kind, s.reason) for s in found.skipped] == [
        ("unsupported", "unsupported file type (none)"),
        ("unsupported", "unsupported file type '.png'"),
    ]


def test_discover_missing_path_names_it(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="nope: no such file or directory"):
        discover([tmp_path / "nope"])


def _pledgewatch_output(folder: Path) -> None:
    folder.mkdir(parents=True)
    (folder / "documents.jsonl").write_text('{"doc_id": "x", "text": "old output"}\n')
    (folder / "errors.jsonl").write_text("")
    (folder / "manifest.json").write_text(json.dumps({"pledgewatch": "0.1.0", "counts": {}}))


def test_discover_output_folders_are_never_inputs(tmp_path: Path) -> None:
    root = tmp_path / "articles"
    root.mkdir()
    (root / "a.txt").write_text("x")
    _pledgewatch_output(root / "out")  # this run's output folder, written by an earlier run
    _pledgewatch_output(root / "archive" / "2024")  # another run's output folder
    (root / "archive" / "notes.txt").write_text("x")
    (root / "other").mkdir()  # a manifest.json that is not pledgewatch's is an input like any
    (root / "other" / "manifest.json").write_text(json.dumps({"name": "site export"}))
    (root / "other" / "b.txt").write_text("x")
    (root / "fresh-out").mkdir()  # this run's output folder before anything is written
    (root / "fresh-out" / "c.txt").write_text("x")

    found = discover([root], exclude=[root / "fresh-out"])
    assert found.files == (
        root / "a.txt",
        root / "archive" / "notes.txt",
        root / "other" / "b.txt",
        root / "other" / "manifest.json",
    )
    assert _reasons(found.skipped, root) == {
        "archive/2024": "a pledgewatch output folder (it holds manifest.json)",
        "fresh-out": "the output folder of this run",
        "out": "a pledgewatch output folder (it holds manifest.json)",
    }
    assert {s.kind for s in found.skipped} == {"output"}
    # Named on the command line, an output folder is still not read; a file in one is.
    named = discover([root / "out", root / "archive" / "2024" / "documents.jsonl"])
    assert named.files == (root / "archive" / "2024" / "documents.jsonl",)
    assert [s.path for s in named.skipped] == [str(root / "out")]


def test_discover_a_file_named_inside_this_runs_output_folder_is_not_read(tmp_path: Path) -> None:
    _pledgewatch_output(tmp_path / "out")
    found = discover([tmp_path / "out" / "documents.jsonl"], exclude=[tmp_path / "out"])
    assert found.files == ()
    assert found.skipped == (
        Skipped(
            str(tmp_path / "out" / "documents.jsonl"),
            "output",
            "inside the output folder of this run",
        ),
    )


@pytest.fixture
def linked_tree(tmp_path: Path) -> Path:
    """An input folder with every kind of link, and a folder outside it."""
    outside = tmp_path / "elsewhere"
    (outside / "deep").mkdir(parents=True)
    (outside / "secret.txt").write_text("x")
    (outside / "deep" / "d.txt").write_text("x")
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_text("x")
    (root / "sub" / "b.txt").write_text("x")
    os.symlink("..", root / "sub" / "up")  # loops back to an enclosing folder
    os.symlink("loop2", root / "loop1")  # a symlink loop: never resolves
    os.symlink("loop1", root / "loop2")
    os.symlink("missing.txt", root / "broken.txt")
    os.symlink(outside / "secret.txt", root / "secret.txt")
    os.symlink(outside, root / "elsewhere")
    os.symlink(root / "sub", root / "sub-again")  # a folder inside the input: read at its place
    os.symlink(root / "a.txt", root / "z-alias.txt")  # the same file twice
    return root


def test_discover_links_are_listed_never_followed_out_of_the_input(linked_tree: Path) -> None:
    root = linked_tree
    found = discover([root])
    assert found.files == (root / "a.txt", root / "sub" / "b.txt")
    outside = root.parent / "elsewhere"
    assert _reasons(found.skipped, root) == {
        "broken.txt": "broken link (to missing.txt)",
        "elsewhere": f"link out of the input folder (to {outside}); --follow-links reads it",
        "loop1": "link loop (the link never resolves)",
        "loop2": "link loop (the link never resolves)",
        "secret.txt": (
            f"link out of the input folder (to {outside / 'secret.txt'}); --follow-links reads it"
        ),
        "sub-again": f"link to a folder inside the input (read as {root / 'sub'})",
        "sub/up": f"link loops back to an enclosing folder ({root})",
        "z-alias.txt": f"the same file as {root / 'a.txt'} (a link)",
    }
    assert {s.kind for s in found.skipped} == {"link"}


def test_discover_follow_links_reads_links_out_of_the_input(linked_tree: Path) -> None:
    root = linked_tree
    found = discover([root], follow_links=True)
    assert found.files == (
        root / "a.txt",
        root / "elsewhere" / "deep" / "d.txt",
        root / "elsewhere" / "secret.txt",
        root / "sub" / "b.txt",
    )
    reasons = _reasons(found.skipped, root)
    assert reasons["sub/up"].startswith("link loops back")  # loops are never followed
    assert reasons["loop1"] == "link loop (the link never resolves)"
    assert "elsewhere" not in reasons
    # Read once: the file met as itself wins over a link to it.
    assert reasons["secret.txt"] == f"the same file as {root / 'elsewhere' / 'secret.txt'} (a link)"


def test_discover_a_link_named_on_the_command_line_is_read(linked_tree: Path) -> None:
    found = discover([linked_tree / "secret.txt"])
    assert found.files == (linked_tree / "secret.txt",)
