"""Load gold annotation files, checking every rule of the record format first.

A gold file that breaks the format would make the scorer measure nonsense, so
`load_gold` collects every problem in every file, each as
``FILE:LINE: field: problem``, and raises one `GoldFormatError` listing them
all: the annotator fixes the whole file in one pass.

>>> load_gold(["annotations/us-position-troops.jsonl"])  # doctest: +SKIP
[Document(doc_id='us-position-troops.txt', ...)]
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from typing import Any

from pledgewatch.errors import GoldFormatError, RecordError
from pledgewatch.io import check_schema_version, document_from_dict
from pledgewatch.labels import (
    COMMITMENT_STATUSES,
    COMMITMENT_TYPES,
    ENTITY_LABELS,
    KIEL_CATEGORIES,
    PLOVER_EVENTS,
    QUOTE_KINDS,
    kiel_category,
    plover_event,
)
from pledgewatch.model import Document

_RECORD_KEYS = ("doc_id", "text", "meta", "boilerplate", "entities", "quotes", "commitments")
_META_KEYS = ("title", "url", "published", "author", "publisher", "published_raw")
_ENTITY_KEYS = ("start", "end", "text", "label", "canonical")
_QUOTE_KEYS = ("start", "end", "text", "kind", "speaker")
_COMMITMENT_KEYS = (
    "start",
    "end",
    "text",
    "actors",
    "recipients",
    "type",
    "status",
    "conditional",
)

PathLike = str | os.PathLike[str]


def load_gold(paths: PathLike | Iterable[PathLike]) -> list[Document]:
    """Read gold JSONL files into documents, or raise `GoldFormatError` listing every problem.

    Checks JSON syntax, required keys, types, offsets and their ``text``,
    closed label sets, derived PLOVER/Kiel fields, overlapping entity spans,
    boilerplate regions, items annotated inside boilerplate, and ``doc_id``
    unique across all files.
    """
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    problems: list[str] = []
    documents: list[Document] = []
    first_seen: dict[str, str] = {}
    for path in paths:
        name = os.fspath(path)
        try:
            with open(path, encoding="utf-8") as handle:
                lines = handle.read().splitlines()
        except (OSError, UnicodeDecodeError) as error:
            problems.append(f"{name}: file: cannot read: {error}")
            continue
        records = 0
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            records += 1
            where = f"{name}:{number}"
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as error:
                problems.append(f"{where}: json: invalid JSON: {error.msg} (column {error.colno})")
                continue
            found = validate_record(obj)
            problems.extend(f"{where}: {problem}" for problem in found)
            if isinstance(obj, dict) and isinstance(obj.get("doc_id"), str):
                doc_id = obj["doc_id"]
                if doc_id in first_seen:
                    problems.append(
                        f"{where}: doc_id: duplicate {doc_id!r}, first at {first_seen[doc_id]}"
                    )
                else:
                    first_seen[doc_id] = where
            if not found:
                documents.append(document_from_dict(obj))
        if records == 0:
            problems.append(f"{name}: file: no records (empty file)")
    if problems:
        raise GoldFormatError(problems)
    return documents


def validate_record(obj: Any) -> list[str]:
    """Every problem of one gold record, each as ``field: problem``; [] when valid.

    >>> validate_record({"doc_id": "a", "text": "NATO", "meta": {}, "boilerplate": [],
    ...     "entities": [{"start": 0, "end": 4, "text": "Nato", "label": "COALITION",
    ...                   "canonical": "NATO"}], "quotes": [], "commitments": []})
    ["entities[0].text: 'Nato' does not match text[0:4] 'NATO'"]
    """
    if not isinstance(obj, dict):
        return [f"record: expected a JSON object, got {_json_type(obj)}"]
    problems: list[str] = []
    for key in _RECORD_KEYS:
        if key not in obj:
            problems.append(f"{key}: missing required key")
    doc_id = obj.get("doc_id")
    if "doc_id" in obj and (not isinstance(doc_id, str) or not doc_id):
        problems.append(f"doc_id: expected a non-empty string, got {doc_id!r}")
    try:
        check_schema_version(obj)
    except RecordError as error:
        problems.append(f"schema_version: {error}")
    text = obj.get("text")
    if "text" in obj and not isinstance(text, str):
        problems.append(f"text: expected a string, got {_json_type(text)}")
        text = None
    meta = obj.get("meta")
    if "meta" in obj:
        if not isinstance(meta, dict):
            problems.append(f"meta: expected an object, got {_json_type(meta)}")
        else:
            for key in _META_KEYS:
                value = meta.get(key)
                if value is not None and not isinstance(value, str):
                    problems.append(f"meta.{key}: expected a string or null, got {value!r}")

    lists = {}
    for key in ("boilerplate", "entities", "quotes", "commitments"):
        value = obj.get(key, [])
        if not isinstance(value, list):
            problems.append(f"{key}: expected an array, got {_json_type(value)}")
            value = []
        lists[key] = value

    regions: list[tuple[int, int, str]] = []
    for i, region in enumerate(lists["boilerplate"]):
        field = f"boilerplate[{i}]"
        if not isinstance(region, dict):
            problems.append(f"{field}: expected an object, got {_json_type(region)}")
            continue
        span = _check_span(region, field, text, problems, has_text=False)
        if span is not None:
            regions.append((*span, field))

    entity_spans: list[tuple[int, int, str]] = []
    for i, entity in enumerate(lists["entities"]):
        field = f"entities[{i}]"
        span = _check_item(entity, field, _ENTITY_KEYS, text, regions, problems)
        if span is None:
            continue
        entity_spans.append((*span, field))
        _check_choice(entity, "label", ENTITY_LABELS, field, problems)
        _check_string(entity, "canonical", field, problems, required=True)
        _check_string(entity, "kb_id", field, problems)
        _check_string(entity, "role", field, problems)
    entity_spans.sort()
    for (_, end_a, field_a), (start_b, end_b, field_b) in zip(
        entity_spans, entity_spans[1:], strict=False
    ):
        if start_b < end_a:
            problems.append(
                f"{field_b}: span {start_b}-{end_b} overlaps {field_a} (ends at {end_a}); "
                "entity spans must not overlap or nest"
            )

    for i, quote in enumerate(lists["quotes"]):
        field = f"quotes[{i}]"
        if _check_item(quote, field, _QUOTE_KEYS, text, regions, problems) is None:
            continue
        _check_choice(quote, "kind", QUOTE_KINDS, field, problems)
        for key in ("speaker", "cue", "speaker_affiliation", "speaker_role"):
            _check_string(quote, key, field, problems)
        _check_optional_span(quote, "speaker", field, text, problems, text_key=None)
        _check_optional_span(quote, "cue", field, text, problems, text_key="cue")

    for i, commitment in enumerate(lists["commitments"]):
        field = f"commitments[{i}]"
        if _check_item(commitment, field, _COMMITMENT_KEYS, text, regions, problems) is None:
            continue
        _check_commitment_fields(commitment, field, problems)
    return problems


def _check_item(
    item: Any,
    field: str,
    required: tuple[str, ...],
    text: str | None,
    regions: list[tuple[int, int, str]],
    problems: list[str],
) -> tuple[int, int] | None:
    """Check keys, span and text of an entity, quote or commitment; its span if usable."""
    if not isinstance(item, dict):
        problems.append(f"{field}: expected an object, got {_json_type(item)}")
        return None
    missing = [key for key in required if key not in item]
    problems.extend(f"{field}.{key}: missing required key" for key in missing)
    span = _check_span(item, field, text, problems, has_text=True)
    if span is None:
        return None
    for start, end, region_field in regions:
        if span[0] < end and start < span[1]:
            problems.append(
                f"{field}: span {span[0]}-{span[1]} lies in {region_field} ({start}-{end}); "
                "nothing inside boilerplate is annotated"
            )
    return span


def _check_span(
    item: dict[str, Any],
    field: str,
    text: str | None,
    problems: list[str],
    *,
    has_text: bool,
) -> tuple[int, int] | None:
    start, end = item.get("start"), item.get("end")
    if "start" not in item or "end" not in item:
        if not has_text:  # items report their missing keys in _check_item
            problems.extend(
                f"{field}.{key}: missing required key"
                for key in ("start", "end")
                if key not in item
            )
        return None
    ok = True
    for key, value in (("start", start), ("end", end)):
        if not _is_int(value):
            problems.append(f"{field}.{key}: expected an integer, got {value!r}")
            ok = False
    if not ok or text is None:
        return None
    if not 0 <= start < end <= len(text):
        problems.append(
            f"{field}.start/end: span {start}-{end} is not a non-empty range inside "
            f"text of length {len(text)}"
        )
        return None
    if has_text and "text" in item and item["text"] != text[start:end]:
        problems.append(
            f"{field}.text: {_short(item['text'])} does not match "
            f"text[{start}:{end}] {_short(text[start:end])}"
        )
    return start, end


def _check_optional_span(
    item: dict[str, Any],
    prefix: str,
    field: str,
    text: str | None,
    problems: list[str],
    *,
    text_key: str | None,
) -> None:
    """Check ``<prefix>_start``/``<prefix>_end``: both null, or a range matching ``text_key``."""
    start_key, end_key = f"{prefix}_start", f"{prefix}_end"
    start, end = item.get(start_key), item.get(end_key)
    if start is None and end is None:
        return
    where = f"{field}.{start_key}/{end_key}"
    if start is None or end is None:
        problems.append(f"{where}: give both offsets or neither, got {start!r}/{end!r}")
        return
    if not (_is_int(start) and _is_int(end)):
        problems.append(f"{where}: expected integers, got {start!r}/{end!r}")
        return
    if text is None:
        return
    if not 0 <= start < end <= len(text):
        problems.append(
            f"{where}: span {start}-{end} is not a non-empty range inside "
            f"text of length {len(text)}"
        )
        return
    value = item.get(text_key) if text_key else None
    if isinstance(value, str) and value != text[start:end]:
        problems.append(
            f"{field}.{text_key}: {_short(value)} does not match "
            f"text[{start}:{end}] {_short(text[start:end])}"
        )


def _check_commitment_fields(commitment: dict[str, Any], field: str, problems: list[str]) -> None:
    for key in ("actors", "recipients"):
        names = commitment.get(key)
        if key in commitment and (
            not isinstance(names, list)
            or not all(isinstance(name, str) and name.strip() for name in names)
        ):
            problems.append(f"{field}.{key}: expected an array of non-empty strings, got {names!r}")
    type_ok = _check_choice(commitment, "type", COMMITMENT_TYPES, field, problems)
    status_ok = _check_choice(commitment, "status", COMMITMENT_STATUSES, field, problems)
    conditional = commitment.get("conditional")
    if "conditional" in commitment and not isinstance(conditional, bool):
        problems.append(f"{field}.conditional: expected true or false, got {conditional!r}")
    _check_string(commitment, "condition", field, problems)
    if commitment.get("plover") is not None:
        plover_ok = _check_choice(commitment, "plover", PLOVER_EVENTS, field, problems)
        if plover_ok and type_ok and status_ok:
            expected = plover_event(commitment["type"], commitment["status"])
            if commitment["plover"] != expected:
                problems.append(
                    f"{field}.plover: {commitment['plover']!r} does not follow from type "
                    f"{commitment['type']!r} and status {commitment['status']!r}; "
                    f"expected {expected!r}"
                )
    if "kiel" in commitment:
        kiel = commitment["kiel"]
        if kiel is not None and kiel not in KIEL_CATEGORIES:
            problems.append(
                f"{field}.kiel: unknown value {kiel!r}; expected one of {KIEL_CATEGORIES}"
            )
        elif type_ok and kiel != kiel_category(commitment["type"]):
            problems.append(
                f"{field}.kiel: {kiel!r} does not follow from type {commitment['type']!r}; "
                f"expected {kiel_category(commitment['type'])!r}"
            )


def _check_choice(
    item: dict[str, Any], key: str, allowed: tuple[str, ...], field: str, problems: list[str]
) -> bool:
    if key not in item:
        return False
    if item[key] not in allowed:
        problems.append(f"{field}.{key}: unknown value {item[key]!r}; expected one of {allowed}")
        return False
    return True


def _check_string(
    item: dict[str, Any], key: str, field: str, problems: list[str], *, required: bool = False
) -> None:
    if key not in item:
        return
    value = item[key]
    if value is None and not required:
        return
    if not isinstance(value, str) or (required and not value.strip()):
        kind = "a non-empty string" if required else "a string or null"
        problems.append(f"{field}.{key}: expected {kind}, got {value!r}")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _json_type(value: Any) -> str:
    names = {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}
    return names.get(type(value), "number")


def _short(value: Any, limit: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 4] + "...'"
