"""Which files a run reads: inputs expanded into article files, and what was passed over.

Folders are walked recursively in name order. Passed over, each with a reason
(`Skipped`), so that nothing is dropped without a word:

- files of an unsupported type (kind ``unsupported``);
- the run's own output folder, and every folder holding a pledgewatch
  ``manifest.json``: outputs are never inputs (kind ``output``);
- links that are broken, loop, lead back to an enclosing folder, to a folder
  inside the input (read at its own place) or to a file met already, and links
  out of the input folder unless ``follow_links`` (kind ``link``);
- folders that cannot be listed (kind ``unreadable``).

Hidden files and folders (a name starting with ".") are passed over silently.
A file named on the command line is read even when it is a link out of any
folder, unless it lies inside the run's output folder.

Example::

    >>> found = discover(["corpora/"], exclude=["out/"])  # doctest: +SKIP
    >>> found.files[0], found.skipped  # doctest: +SKIP
    (PosixPath('corpora/accession-talks.json'), ())
"""

from __future__ import annotations

import errno
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pledgewatch.errors import InputError
from pledgewatch.ingest import FORMATS

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Skipped:
    """A path a run did not read: ``kind`` is ``unsupported``, ``output``, ``link`` or ``unreadable``."""

    path: str
    kind: str
    reason: str


@dataclass(frozen=True)
class Discovery:
    """The files to read, in order, and every path passed over with its reason."""

    files: tuple[Path, ...]
    skipped: tuple[Skipped, ...]


def is_output_folder(folder: Path) -> bool:
    """Whether ``folder`` holds a ``manifest.json`` that pledgewatch wrote."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(manifest, dict) and "pledgewatch" in manifest


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


@dataclass(frozen=True)
class _Candidate:
    path: Path
    real: Path
    via_link: bool  # the entry itself is a link to the file


class _Walk:
    def __init__(self, exclude: Iterable[str | Path], follow_links: bool) -> None:
        self.exclude = [Path(os.path.realpath(p)) for p in exclude]
        self.follow_links = follow_links
        self.candidates: list[_Candidate] = []
        self.skipped: list[Skipped] = []
        self.walked: set[Path] = set()  # real folders walked, against walking one twice

    def skip(self, path: Path, kind: str, reason: str) -> None:
        self.skipped.append(Skipped(str(path), kind, reason))

    def output_reason(self, real: Path) -> str | None:
        if any(real == out for out in self.exclude):
            return "the output folder of this run"
        if is_output_folder(real):
            return f"a pledgewatch output folder (it holds {MANIFEST})"
        return None

    def folder(self, path: Path, real: Path, roots: tuple[Path, ...], enclosing: tuple[Path, ...]):
        reason = self.output_reason(real)
        if reason:
            self.skip(path, "output", reason)
            return
        self.walked.add(real)
        try:
            entries = sorted(os.scandir(path), key=lambda entry: entry.name)
        except OSError as error:
            self.skip(path, "unreadable", f"cannot list folder ({error.strerror or error})")
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            child = path / entry.name
            if entry.is_symlink():
                self.link(child, roots, (*enclosing, real))
            elif entry.is_dir(follow_symlinks=False):
                self.folder(child, real / entry.name, roots, (*enclosing, real))
            elif entry.is_file(follow_symlinks=False):
                self.file(child, real / entry.name, via_link=False)
            else:
                self.skip(child, "unsupported", "not a regular file")

    def link(self, path: Path, roots: tuple[Path, ...], enclosing: tuple[Path, ...]) -> None:
        try:
            target = Path(os.path.realpath(path, strict=True))
        except OSError as error:
            if error.errno == errno.ELOOP:
                self.skip(path, "link", "link loop (the link never resolves)")
            else:
                self.skip(path, "link", f"broken link (to {os.readlink(path)})")
            return
        if not any(_within(target, root) for root in roots) and not self.follow_links:
            self.skip(
                path, "link", f"link out of the input folder (to {target}); --follow-links reads it"
            )
            return
        if target.is_dir():
            if target in enclosing:
                self.skip(path, "link", f"link loops back to an enclosing folder ({target})")
            elif any(_within(target, root) for root in roots):
                self.skip(path, "link", f"link to a folder inside the input (read as {target})")
            elif target in self.walked:
                self.skip(path, "link", f"link to a folder read already ({target})")
            else:
                self.folder(path, target, roots, enclosing)
        elif target.is_file():
            self.file(path, target, via_link=True)
        else:
            self.skip(path, "unsupported", "not a regular file")

    def file(self, path: Path, real: Path, *, via_link: bool) -> None:
        if path.suffix.lower() not in FORMATS:
            kind = repr(path.suffix) if path.suffix else "(none)"
            self.skip(path, "unsupported", f"unsupported file type {kind}")
            return
        if any(_within(real, out) for out in self.exclude):
            self.skip(path, "output", "inside the output folder of this run")
            return
        self.candidates.append(_Candidate(path, real, via_link))

    def files(self) -> tuple[Path, ...]:
        """Each real file once: met as itself rather than through a link, else first met."""
        chosen: dict[Path, _Candidate] = {}
        for candidate in self.candidates:
            first = chosen.get(candidate.real)
            if first is None or (first.via_link and not candidate.via_link):
                chosen[candidate.real] = candidate
        files = []
        for candidate in self.candidates:
            kept = chosen[candidate.real]
            if kept is candidate:
                files.append(candidate.path)
            elif candidate.via_link:
                self.skip(candidate.path, "link", f"the same file as {kept.path} (a link)")
            else:
                self.skip(candidate.path, "link", f"the same file as {kept.path}")
        return tuple(files)


def discover(
    inputs: Iterable[str | Path],
    *,
    exclude: Iterable[str | Path] = (),
    follow_links: bool = False,
) -> Discovery:
    """Expand ``inputs`` (files and folders) into the files to read and the paths passed over.

    ``exclude`` names the run's output folder. Raises `InputError` for an input
    path that does not exist.
    """
    walk = _Walk(exclude, follow_links)
    for item in inputs:
        path = Path(item)
        if not path.exists():
            raise InputError(str(path), "no such file or directory")
        real = Path(os.path.realpath(path))
        if path.is_dir():
            walk.folder(path, real, (real,), ())
        else:  # named explicitly: read() reports an unsupported type
            if any(_within(real, out) for out in walk.exclude):
                walk.skip(path, "output", "inside the output folder of this run")
            else:
                walk.candidates.append(_Candidate(path, real, via_link=False))
    return Discovery(walk.files(), tuple(walk.skipped))
