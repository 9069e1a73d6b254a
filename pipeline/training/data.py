"""Training passages for the commitments stage, in either of the two file formats.

- **Passages** (``commitments-4*.jsonl``): ``text`` (one to a few sentences,
  perhaps a headline), ``source_style`` and ``commitments``, the list of every
  commitment in it, each with ``start`` and ``evidence`` (an exact substring at
  that offset), ``actors``, ``recipients``, ``type``, ``status``, ``condition``.
- **Sentences** (the older files): ``text``, ``commitment`` (true/false) and
  the one labelled commitment's ``evidence`` and fields.

Both become `Passage`s: a gold `Document` whose commitments are the labels.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from pledgewatch.errors import PledgewatchError
from pledgewatch.labels import COMMITMENT_STATUSES, COMMITMENT_TYPES, kiel_category, plover_event
from pledgewatch.model import Commitment, Document


def load_passages(paths: Iterable[Path]) -> list[Document]:
    """Every training passage of the files, as gold documents; a bad row is an error
    naming its file and line."""
    out: list[Document] = []
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                where = f"{path}:{number}"
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as error:
                    raise PledgewatchError(f"{where}: not JSON ({error.msg})") from None
                out.append(_passage(row, where))
    return out


def _passage(row: dict[str, Any], where: str) -> Document:
    text = row.get("text")
    if not isinstance(text, str) or not text.strip():
        raise PledgewatchError(f"{where}: needs a non-empty 'text'")
    if "commitments" in row:
        items = [_item(text, c, where) for c in row["commitments"]]
    elif "commitment" in row:
        items = [_item(text, row, where)] if row["commitment"] else []
    else:
        raise PledgewatchError(
            f"{where}: needs 'commitments' (a list) or 'commitment' (true/false)"
        )
    return Document(doc_id=where, text=text, commitments=tuple(items))


def _item(text: str, row: dict[str, Any], where: str) -> Commitment:
    evidence = row.get("evidence")
    if not isinstance(evidence, str) or not evidence:
        raise PledgewatchError(f"{where}: a commitment needs its 'evidence'")
    start = row.get("start")
    if start is None:
        start = text.find(evidence)
    if not isinstance(start, int) or text[start : start + len(evidence)] != evidence:
        raise PledgewatchError(f"{where}: 'evidence' {evidence[:40]!r} is not the text at {start}")
    commitment_type, status = row.get("type"), row.get("status")
    if commitment_type not in COMMITMENT_TYPES or status not in COMMITMENT_STATUSES:
        raise PledgewatchError(f"{where}: unknown type {commitment_type!r} or status {status!r}")
    condition = row.get("condition")
    return Commitment(
        start=start,
        end=start + len(evidence),
        text=evidence,
        actors=tuple(row.get("actors") or ()),
        recipients=tuple(row.get("recipients") or ()),
        type=commitment_type,
        status=status,
        conditional=bool(condition) or bool(row.get("conditional")),
        condition=condition,
        plover=plover_event(commitment_type, status),
        kiel=kiel_category(commitment_type),
    )


def file_digest(paths: Sequence[Path]) -> str:
    import hashlib

    return hashlib.sha256(b"".join(Path(p).read_bytes() for p in paths)).hexdigest()[:16]
