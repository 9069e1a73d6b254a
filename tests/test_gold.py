"""The gold loader: every problem named by file, line and field."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pledgewatch.errors import GoldFormatError
from pledgewatch.gold import load_gold, validate_record
from pledgewatch.model import Region

TEXT = "Keir Starmer said Britain would send troops.\n\nRelated: more news"


def valid_record(doc_id: str = "doc-1") -> dict[str, Any]:
    return {
        "doc_id": doc_id,
        "text": TEXT,
        "meta": {"title": "A test", "url": None, "published": None, "author": None},
        "boilerplate": [{"start": 46, "end": 64}],  # "Related: more news"
        "entities": [
            {"start": 0, "end": 12, "text": "Keir Starmer", "label": "LEADER",
             "canonical": "Keir Starmer", "kb_id": None, "role": None},
            {"start": 18, "end": 25, "text": "Britain", "label": "STATE",
             "canonical": "United Kingdom", "kb_id": None, "role": None},
        ],
        "quotes": [
            {"start": 18, "end": 43, "text": "Britain would send troops", "kind": "indirect",
             "speaker": "Keir Starmer", "speaker_start": 0, "speaker_end": 12,
             "cue": "said", "cue_start": 13, "cue_end": 17,
             "speaker_affiliation": None, "speaker_role": "Prime Minister"},
        ],
        "commitments": [
            {"start": 18, "end": 43, "text": "Britain would send troops",
             "actors": ["United Kingdom"], "recipients": ["Ukraine"],
             "type": "troop_deployment", "status": "pledged", "conditional": False,
             "condition": None, "plover": "AGREE", "kiel": None},
        ],
    }  # fmt: skip


def write_jsonl(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def test_gold_valid_file_loads(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", [json.dumps(valid_record())])
    (doc,) = load_gold([path])
    assert doc.doc_id == "doc-1"
    assert doc.boilerplate == (Region(46, 64),)
    assert [(e.start, e.end, e.label) for e in doc.entities] == [
        (0, 12, "LEADER"),
        (18, 25, "STATE"),
    ]
    assert doc.quotes[0].speaker == "Keir Starmer"
    assert doc.commitments[0].actors == ("United Kingdom",)


def test_gold_load_accepts_a_single_path(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", [json.dumps(valid_record())])
    assert len(load_gold(path)) == 1


def test_gold_validate_record_valid() -> None:
    assert validate_record(valid_record()) == []


_DELETE = object()


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    """A mutation setting ``a.b[0].c`` (dots and indices) to ``value``; None deletes."""
    keys = [int(k) if k.isdigit() else k for k in re.findall(r"[^.\[\]]+", path)]

    def mutate(record: dict[str, Any]) -> None:
        target: Any = record
        for key in keys[:-1]:
            target = target[key]
        if value is _DELETE:
            del target[keys[-1]]
        else:
            target[keys[-1]] = value

    return mutate


def _append(path: str, item: Any) -> Callable[[dict[str, Any]], None]:
    def mutate(record: dict[str, Any]) -> None:
        record[path].append(item)

    return mutate


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (_set("entities", _DELETE), "entities: missing required key"),
        (_set("entities[0].label", _DELETE), "entities[0].label: missing required key"),
        (_set("commitments[0].status", _DELETE), "commitments[0].status: missing required key"),
        (_set("doc_id", ""), "doc_id: expected a non-empty string"),
        (_set("entities", {}), "entities: expected an array, got object"),
        (_set("entities[0].end", 999), "entities[0].start/end: span 0-999 is not"),
        (_set("entities[0].start", 13), "entities[0].start/end: span 13-12 is not"),
        (_set("entities[0].start", "0"), "entities[0].start: expected an integer"),
        (_set("entities[0].text", "Keir"), "entities[0].text: 'Keir' does not match text[0:12]"),
        (_set("quotes[0].text", "Britain"), "quotes[0].text: 'Britain' does not match"),
        (_set("commitments[0].text", "troops"), "commitments[0].text: 'troops' does not match"),
        (_set("quotes[0].speaker_end", 999), "quotes[0].speaker_start/speaker_end: span 0-999"),
        (_set("quotes[0].speaker_end", None), "quotes[0].speaker_start/speaker_end: give both"),
        (_set("quotes[0].cue_start", 70), "quotes[0].cue_start/cue_end: span 70-17 is not"),
        (_set("quotes[0].cue", "told"), "quotes[0].cue: 'told' does not match text[13:17]"),
        (_set("entities[0].label", "GPE"), "entities[0].label: unknown value 'GPE'"),
        (_set("entities[0].canonical", ""), "entities[0].canonical: expected a non-empty"),
        (_set("quotes[0].kind", "reported"), "quotes[0].kind: unknown value 'reported'"),
        (_set("commitments[0].type", "troops"), "commitments[0].type: unknown value 'troops'"),
        (_set("commitments[0].status", "maybe"), "commitments[0].status: unknown value 'maybe'"),
        (_set("commitments[0].plover", "HELP"), "commitments[0].plover: unknown value 'HELP'"),
        (_set("commitments[0].plover", "REJECT"), "commitments[0].plover: 'REJECT' does not"),
        (_set("commitments[0].kiel", "cash"), "commitments[0].kiel: unknown value 'cash'"),
        (_set("commitments[0].kiel", "military"), "commitments[0].kiel: 'military' does not"),
        (_set("commitments[0].conditional", "no"), "commitments[0].conditional: expected true"),
        (_set("commitments[0].actors", "UK"), "commitments[0].actors: expected an array"),
        (_set("boilerplate[0].end", 999), "boilerplate[0].start/end: span 46-999 is not"),
        (
            _append(
                "entities",
                {
                    "start": 5,
                    "end": 12,
                    "text": "Starmer",
                    "label": "LEADER",
                    "canonical": "Keir Starmer",
                },
            ),
            "entities[2]: span 5-12 overlaps entities[0] (ends at 12)",
        ),
        (
            _append(
                "entities",
                {"start": 55, "end": 59, "text": "more", "label": "PERSON", "canonical": "More"},
            ),
            "entities[2]: span 55-59 lies in boilerplate[0] (46-64)",
        ),
    ],  # fmt: skip
)
def test_gold_problem_names_file_line_and_field(
    tmp_path: Path, mutate: Callable[[dict[str, Any]], None], expected: str
) -> None:
    record = copy.deepcopy(valid_record())
    mutate(record)
    # The faulty record is on line 3, after a valid one and a blank line.
    path = write_jsonl(
        tmp_path / "gold.jsonl", [json.dumps(valid_record("doc-0")), "", json.dumps(record)]
    )
    with pytest.raises(GoldFormatError) as caught:
        load_gold([path])
    problems = caught.value.problems
    assert any(p.startswith(f"{path}:3: {expected}") for p in problems), problems
    assert all(p.startswith(f"{path}:3: ") for p in problems), problems


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('{"doc_id": "x", "text": ', ":1: json: invalid JSON: Expecting value (column 25)"),
        ("[1, 2]", ":1: record: expected a JSON object, got array"),
    ],
)
def test_gold_unparsable_line(tmp_path: Path, line: str, expected: str) -> None:
    path = write_jsonl(tmp_path / "gold.jsonl", [line])
    with pytest.raises(GoldFormatError) as caught:
        load_gold([path])
    assert caught.value.problems == [f"{path}{expected}"]


def test_gold_duplicate_doc_id_across_files(tmp_path: Path) -> None:
    first = write_jsonl(tmp_path / "a.jsonl", [json.dumps(valid_record("same"))])
    second = write_jsonl(tmp_path / "b.jsonl", [json.dumps(valid_record("same"))])
    with pytest.raises(GoldFormatError) as caught:
        load_gold([first, second])
    assert caught.value.problems == [f"{second}:1: doc_id: duplicate 'same', first at {first}:1"]


@pytest.mark.parametrize(
    ("content", "expected"),
    [("", "file: no records (empty file)"), (None, "file: cannot read")],
)
def test_gold_unusable_file(tmp_path: Path, content: str | None, expected: str) -> None:
    path = tmp_path / "gold.jsonl"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(GoldFormatError) as caught:
        load_gold([path])
    assert caught.value.problems[0].startswith(f"{path}: {expected}")


def test_gold_reports_every_problem_at_once(tmp_path: Path) -> None:
    bad_label = valid_record("a")
    bad_label["entities"][0]["label"] = "GPE"
    bad_text = valid_record("b")
    bad_text["quotes"][0]["text"] = "nope"
    path = write_jsonl(tmp_path / "g.jsonl", [json.dumps(bad_label), "{", json.dumps(bad_text)])
    with pytest.raises(GoldFormatError) as caught:
        load_gold([path])
    lines = [p.split(": ", 2)[:2] for p in caught.value.problems]
    assert lines == [
        [f"{path}:1", "entities[0].label"],
        [f"{path}:2", "json"],
        [f"{path}:3", "quotes[0].text"],
    ]
    assert "3 problem(s)" in str(caught.value)


def test_gold_validate_record_rejects_non_object() -> None:
    assert validate_record("text") == ["record: expected a JSON object, got string"]


def test_gold_validate_record_accepts_non_ascii_text() -> None:
    record = valid_record()
    record["text"] = "Zelenskyy’s “plan” — für Kyjiw"
    record["entities"] = [
        {
            "start": 0,
            "end": 9,
            "text": "Zelenskyy",
            "label": "LEADER",
            "canonical": "Volodymyr Zelensky",
        }
    ]
    record["quotes"], record["commitments"], record["boilerplate"] = [], [], []
    assert validate_record(record) == []


def test_gold_schema_version_is_optional_and_checked() -> None:
    assert validate_record(valid_record()) == []  # gold files may omit it
    assert validate_record(valid_record() | {"schema_version": "1.0"}) == []
    (problem,) = validate_record(valid_record() | {"schema_version": "2.0"})
    assert problem.startswith("schema_version: schema_version '2.0' is not supported")


@pytest.mark.parametrize(
    "folder",
    [
        "annotations",
        "annotations/blind",
        "annotations/fresh",
        "annotations/fresh2",
        "annotations/fresh3",
    ],
)
def test_gold_files_of_the_repository_load(folder: str) -> None:
    from tests.conftest import REPO

    paths = sorted((REPO / folder).glob("*.jsonl"))
    assert paths, f"no gold files in {folder}"
    assert len(load_gold(paths)) >= len(paths)  # a file holds one record or more
