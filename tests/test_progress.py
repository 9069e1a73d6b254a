from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from pledgewatch.config import Config
from pledgewatch.model import Document
from pledgewatch.pipeline import Pipeline
from pledgewatch.progress import Progress
from pledgewatch.run import run
from pledgewatch.stage import Stage

TEXT = "Prime Minister Keir Starmer said Britain would lead a reassurance force in Ukraine. "


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class _Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _articles(folder: Path, count: int) -> None:
    folder.mkdir()
    for number in range(count):
        (folder / f"a{number}.txt").write_text(f"Article {number}. {TEXT * 2}", encoding="utf-8")


class _Watch(Stage):
    """Notes what the progress stream shows when the stage starts work on a batch."""

    name = "watch"
    requires = frozenset({"text"})

    def __init__(self, stream: io.StringIO) -> None:
        self.stream = stream
        self.seen: list[str] = []

    def __call__(self, docs: Sequence[Document]) -> list[Document]:
        self.seen.append(self.stream.getvalue().split("\r")[-1])
        return list(docs)


def test_progress_lines_every_n_documents_or_every_30_seconds() -> None:
    stream, clock = io.StringIO(), _Clock()
    progress = Progress("lines", stream, every_documents=100, every_seconds=30, clock=clock)
    progress.begin(250, "documents")
    for _ in range(7):  # 112 documents in 14 s: one line, at 100
        clock.now += 2
        progress.stage("entities")
        progress.advance(16)
    clock.now += 40  # a slow batch: a line on the next event, before 100 more
    progress.stage("commitments")
    progress.advance(16)
    for _ in range(10):
        progress.advance(12)
    progress.end()
    assert stream.getvalue().splitlines() == [
        "pledgewatch: 112/250 documents (45%), at entities, 0:14 so far, about 0:17 left",
        "pledgewatch: 112/250 documents (45%), at commitments, 0:54 so far, about 1:07 left",
        "pledgewatch: 212/250 documents (85%), at commitments, 0:54 so far, about 0:10 left",
        "pledgewatch: 248/250 documents (99%), at commitments, 0:54 so far, about 0:00 left",
    ]


def test_progress_choose_bar_on_a_terminal_lines_elsewhere_or_off() -> None:
    assert Progress.choose(None, _Terminal()).mode == "bar"
    assert Progress.choose(None, io.StringIO()).mode == "lines"
    assert Progress.choose(True, io.StringIO()).mode == "lines"
    assert Progress.choose(False, _Terminal()).mode == "off"


def test_run_progress_bar_counts_documents_processed_and_names_the_stage(
    tmp_path: Path, blank_config: Config, capsys
) -> None:
    _articles(tmp_path / "in", 3)
    terminal = _Terminal()
    watch = _Watch(terminal)
    config = Config(spacy_model="blank:en", batch_size=2)
    pipe = Pipeline([watch], config)
    run(
        [tmp_path / "in"],
        tmp_path / "out",
        config,
        pipeline=pipe,
        progress=Progress.choose(None, terminal),
    )
    # When the stage starts on the first batch, no document is done yet.
    assert len(watch.seen) == 2
    assert watch.seen[0].startswith("watch:   0%") and "0/3" in watch.seen[0]
    assert "watch:  67%" in watch.seen[1] and "2/3" in watch.seen[1]
    shown = terminal.getvalue()
    assert "pledgewatch: loading models (watch)\n" in shown
    assert "pledgewatch: models loaded in " in shown
    assert "documents/s]" in shown and "0/3 [" in shown
    assert capsys.readouterr().out == ""  # stdout carries only the summary, printed by the CLI


def test_run_progress_off_a_terminal_is_lines_on_stderr(
    tmp_path: Path, blank_config: Config, capsys
) -> None:
    _articles(tmp_path / "in", 3)
    run(
        [tmp_path / "in"],
        tmp_path / "out",
        blank_config,
        pipeline=Pipeline([_Watch(io.StringIO())], blank_config),
    )
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert lines[0] == "pledgewatch: 3/3 files read (100%), 0:00 so far"
    assert lines[1] == "pledgewatch: loading models (watch)"
    assert lines[2].startswith("pledgewatch: models loaded in ")
    assert lines[3] == "pledgewatch: 3/3 documents (100%), 0:00 so far"
    run(
        [tmp_path / "in"],
        tmp_path / "out2",
        blank_config,
        pipeline=Pipeline([], blank_config),
        progress=False,
    )
    assert capsys.readouterr().err == ""
