"""How far a run has got, on stderr (never stdout, which carries the summary line).

On a terminal: a bar over the documents processed, named after the stage at
work, and a line while the models load. Elsewhere (a log file, a pipe, a CI
job): a line every ``every_documents`` documents or ``every_seconds`` seconds,
whichever comes first. Or nothing at all.

Example::

    >>> progress = Progress.choose(None)  # a bar on a terminal, lines elsewhere
    >>> progress.note("loading models")  # doctest: +SKIP
    >>> progress.begin(120, "documents")  # doctest: +SKIP
    >>> progress.stage("entities"); progress.advance(16)  # doctest: +SKIP
    >>> progress.end()  # doctest: +SKIP
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any, TextIO


class Progress:
    """Progress on ``stream``: mode ``bar`` (tqdm), ``lines`` or ``off``."""

    def __init__(
        self,
        mode: str,
        stream: TextIO | None = None,
        *,
        every_documents: int = 100,
        every_seconds: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if mode not in ("bar", "lines", "off"):
            raise ValueError(f"progress mode {mode!r}; expected bar, lines or off")
        self.mode = mode
        self.stream = stream if stream is not None else sys.stderr
        self.every_documents = every_documents
        self.every_seconds = every_seconds
        self.clock = clock
        self._bar: Any = None
        self._what = ""
        self._total = 0
        self._done = 0
        self._stage: str | None = None
        self._started = 0.0
        self._last_line = (0, 0.0)  # documents and time of the last line written
        if mode == "bar":
            from tqdm import tqdm

            self._tqdm = tqdm

    @classmethod
    def choose(cls, progress: bool | None, stream: TextIO | None = None) -> Progress:
        """``None``: a bar on a terminal, else lines. ``True``: the same, never off. ``False``: off."""
        if progress is False:
            return cls("off", stream)
        stream = stream if stream is not None else sys.stderr
        on_terminal = hasattr(stream, "isatty") and stream.isatty()
        return cls("bar" if on_terminal else "lines", stream)

    def _write(self, line: str) -> None:
        print(line, file=self.stream, flush=True)

    def note(self, message: str) -> None:
        """A line of its own (models loading, files read), in every mode but off."""
        if self.mode == "off":
            return
        with self.outside():
            self._write(f"pledgewatch: {message}")

    @contextlib.contextmanager
    def outside(self) -> Iterator[None]:
        """Write other lines to the stream (errors, skipped paths) without breaking the bar."""
        if self._bar is not None:
            with self._tqdm.external_write_mode(file=self.stream):
                yield
        else:
            yield

    def begin(self, total: int, what: str) -> None:
        """Start counting ``total`` units of ``what`` ("documents", "files read")."""
        self._what, self._total, self._done, self._stage = what, total, 0, None
        self._started = self.clock()
        self._last_line = (0, self._started)
        if self.mode == "bar":
            self._bar = self._tqdm(
                total=total, unit=" " + what.split()[0], file=self.stream, leave=False
            )

    def stage(self, name: str) -> None:
        """The stage now at work on the current batch."""
        self._stage = name
        if self._bar is not None:
            self._bar.set_description(name, refresh=True)
        elif self.mode == "lines":
            self._maybe_line()

    def advance(self, count: int = 1) -> None:
        self._done += count
        if self._bar is not None:
            self._bar.update(count)
        elif self.mode == "lines":
            self._maybe_line()

    def end(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None
        elif self.mode == "lines" and self._total and self._last_line[0] != self._done:
            self._write(self.line())

    def _maybe_line(self) -> None:
        now = self.clock()
        documents, at = self._last_line
        if self._done - documents >= self.every_documents or now - at >= self.every_seconds:
            self._last_line = (self._done, now)
            self._write(self.line(now))

    def line(self, now: float | None = None) -> str:
        """``pledgewatch: 32/120 documents (27%), at entities, 0:41 so far, about 1:53 left``."""
        elapsed = (self.clock() if now is None else now) - self._started
        share = self._done / self._total if self._total else 1.0
        text = f"pledgewatch: {self._done}/{self._total} {self._what} ({share:.0%})"
        if self._stage and self._done < self._total:
            text += f", at {self._stage}"
        text += f", {_clock(elapsed)} so far"
        if 0 < self._done < self._total:
            text += f", about {_clock(elapsed / self._done * (self._total - self._done))} left"
        return text


def _clock(seconds: float) -> str:
    minutes, seconds = divmod(int(round(seconds)), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"
