"""The few exception classes pledgewatch raises.

A message says which stage or file, what was expected, what arrived, and how
to fix it.
"""

from __future__ import annotations


class PledgewatchError(Exception):
    """Base class of every error pledgewatch raises on purpose."""


class InputError(PledgewatchError):
    """An input file that cannot become a document (unreadable, empty, malformed)."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class PipelineError(PledgewatchError):
    """A pipeline built wrongly: a stage whose requirements no earlier stage provides."""


class GoldFormatError(PledgewatchError):
    """A gold annotation file that breaks the record format; lists every problem."""

    def __init__(self, problems: list[str]) -> None:
        shown = "\n".join(problems[:50])
        more = f"\n... and {len(problems) - 50} more" if len(problems) > 50 else ""
        super().__init__(f"{len(problems)} problem(s) in gold annotations:\n{shown}{more}")
        self.problems = problems


class RecordError(PledgewatchError):
    """A record file that cannot be read back: bad JSON, a missing key, another schema version."""


class ModelFileError(PledgewatchError):
    """A model artefact in models/ that is missing, unreadable or built for another encoder."""


class MissingDependencyError(PledgewatchError):
    """A set-up error: a library or model package the run needs is not installed.

    Never an input error: the message names what is missing and the ``pip
    install`` that fixes it, and the run stops before it processes anything.
    """

    def __init__(self, message: str, packages: tuple[str, ...]) -> None:
        super().__init__(message)
        self.packages = packages
