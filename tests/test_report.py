"""The review page builder: self-contained HTML, embedded records, gold marks by the scorer."""

from __future__ import annotations

import json
import re
import tomllib
from importlib import resources
from pathlib import Path

import pytest

from pledgewatch.cli import main
from pledgewatch.io import document_to_dict, write_jsonl
from pledgewatch.labels import kiel_category, plover_event
from pledgewatch.model import Commitment, Document, Entity, Quote, Region, Source
from pledgewatch.report import ReportError, build_report, write_report

REPO = Path(__file__).resolve().parent.parent

# A document whose items nest (entities in a commitment in a quote) and overlap (a commitment
# that starts inside the quote and ends after it), with non-ASCII text and boilerplate.
KNOWN_TEXT = (
    "Prime Minister Keir Starmer said: “Britain will send troops to Ukraine if a ceasefire "
    "holds.” The Élysée agreed, and Zelenskyy welcomed it.\n\nShare this article"
)


def at(phrase: str, text: str = KNOWN_TEXT) -> tuple[int, int]:
    start = text.index(phrase)
    return start, start + len(phrase)


def _commitment(
    phrase: str, type_: str, status: str, actors: tuple[str, ...], **extra
) -> Commitment:
    start, end = at(phrase)
    return Commitment(
        start,
        end,
        phrase,
        actors=actors,
        recipients=("Ukraine",),
        type=type_,
        status=status,
        plover=plover_event(type_, status),
        kiel=kiel_category(type_),
        **extra,
    )


def _entity(phrase: str, label: str, canonical: str, **extra) -> Entity:
    return Entity(*at(phrase), phrase, label, canonical, **extra)


QUOTE_TEXT = "Britain will send troops to Ukraine if a ceasefire holds."


def known_document() -> Document:
    """The prediction for KNOWN_TEXT."""
    return Document(
        doc_id="k" * 64,
        text=KNOWN_TEXT,
        boilerplate=(Region(*at("Share this article")),),
        entities=(
            _entity(
                "Keir Starmer",
                "LEADER",
                "Keir Starmer",
                kb_id="Q6386999",
                role="Prime Minister",
                confidence=0.97,
            ),
            _entity("Britain", "STATE", "United Kingdom", kb_id="Q145", confidence=0.9),
            _entity("Ukraine", "STATE", "Ukraine", kb_id="Q212", confidence=0.9),
            _entity("Élysée", "ORGANIZATION", "Élysée Palace", confidence=0.7),
        ),  # fmt: skip
        quotes=(
            Quote(
                *at(QUOTE_TEXT),
                QUOTE_TEXT,
                "direct",
                speaker="Keir Starmer",
                speaker_start=15,
                speaker_end=27,
                cue="said",
                cue_start=28,
                cue_end=32,
                speaker_role="Prime Minister",
                confidence=0.9,
            ),
        ),  # fmt: skip
        commitments=(
            _commitment(
                "Britain will send troops to Ukraine",
                "troop_deployment",
                "proposed",
                ("United Kingdom",),
                conditional=True,
                condition="if a ceasefire holds",
                confidence=0.8,
            ),
            _commitment(
                "a ceasefire holds.” The Élysée agreed",
                "diplomatic",
                "pledged",
                ("France",),
                confidence=0.55,
            ),
        ),  # fmt: skip
        source=Source(path="corpus/known.txt", format="txt", sha256="0" * 64),
    )


def known_gold() -> Document:
    """Gold for KNOWN_TEXT: one right, one wrong and one missed item of each kind where possible."""
    return Document(
        doc_id="known.txt",
        text=KNOWN_TEXT,
        boilerplate=(Region(*at("Share this article")),),
        entities=(
            _entity("Keir Starmer", "LEADER", "Keir Starmer"),
            _entity("Britain", "COALITION", "United Kingdom"),
            _entity("Élysée", "ORGANIZATION", "Élysée Palace"),
            _entity("Zelenskyy", "LEADER", "Volodymyr Zelensky"),
        ),
        quotes=(Quote(*at(QUOTE_TEXT), QUOTE_TEXT, "direct", speaker="Keir Starmer"),),
        commitments=(
            _commitment(
                "Britain will send troops to Ukraine",
                "troop_deployment",
                "pledged",
                ("United Kingdom",),
                conditional=True,
                condition="if a ceasefire holds",
            ),
            _commitment("Zelenskyy welcomed it", "diplomatic", "pledged", ("Ukraine",)),
        ),  # fmt: skip
    )


ACTORS = ("Germany", "France", "Poland")
TYPES = ("military_aid", "financial_aid", "training")


def filler_document(i: int) -> Document:
    """Document ``i`` of a made-up corpus: one commitment, actor and type cycling."""
    actor, type_ = ACTORS[i % 3], TYPES[i % 3]
    phrase = f"{actor} will provide {type_.replace('_', ' ')} package {i} to Ukraine"
    text = f"Report {i}. {phrase}, officials said."
    start = text.index(phrase)
    return Document(
        doc_id=f"{i:064d}",
        text=text,
        entities=(Entity(start, start + len(actor), actor, "STATE", actor),),
        commitments=(
            Commitment(
                start,
                start + len(phrase),
                phrase,
                actors=(actor,),
                recipients=("Ukraine",),
                type=type_,
                status="pledged",
                plover="AGREE",
                kiel=kiel_category(type_),
                confidence=0.7,
            ),
        ),  # fmt: skip
        source=Source(path=f"corpus/report-{i}.txt", format="txt", sha256="0" * 64),
    )


def embedded(html: str) -> dict:
    match = re.search(r'<script type="application/json" id="records">(.*?)</script>', html, re.S)
    assert match, "no records block in the page"
    return json.loads(match.group(1))


def outside_data(html: str) -> str:
    return re.sub(
        r'(<script type="application/json" id="records">).*?(</script>)', r"\1\2", html, flags=re.S
    )


def test_report_page_is_self_contained() -> None:
    html = build_report([known_document(), filler_document(1)])
    page = outside_data(html)
    assert html.startswith("<!DOCTYPE html>") and "</html>" in html
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert not re.search(r"<link\b|<img\b|<iframe\b|\bsrc=|@import|url\(\s*['\"]?https?:", page)
    assert not re.search(r"https?://", page)  # nothing points outside the file
    assert page.count("<script") == 2 and page.count("<style>") == 1


def test_report_embeds_records_without_text_copies() -> None:
    data = embedded(build_report([known_document(), filler_document(1)]))
    assert data["gold"] is False and len(data["docs"]) == 2
    doc = data["docs"][0]
    assert doc["text"] == KNOWN_TEXT and doc["boilerplate"] == [
        [list(at("Share this article"))[0], len(KNOWN_TEXT)]
    ]
    assert (
        doc["title"]
        == "Prime Minister Keir Starmer said: “Britain will send troops to Ukraine if a ceasefire holds.” The Élysée agreed, and Zelenskyy welcomed it."
    )
    entity = doc["entities"][0]
    assert entity == {"start": 15, "end": 27, "label": "LEADER", "canonical": "Keir Starmer",
                      "kb_id": "Q6386999", "role": "Prime Minister", "confidence": 0.97}  # fmt: skip
    assert doc["commitments"][0]["actors"] == ["United Kingdom"]
    assert doc["path"] == "corpus/known.txt" and "mark" not in entity


def test_report_text_cannot_close_the_script() -> None:
    text = "NATO said </script><script>alert(1)</script> <!-- twice."
    html = build_report(
        [Document("x", text, entities=(Entity(0, 4, "NATO", "COALITION", "NATO"),))]
    )
    assert "alert(1)</script>" not in html
    assert embedded(html)["docs"][0]["text"] == text


def test_report_summary_counts_and_filter_buttons() -> None:
    docs = [known_document(), *(filler_document(i) for i in range(6))]
    html = build_report(docs)
    assert '<span class="n">7</span> <span class="what">documents</span>' in html
    assert '<span class="n">8</span> <span class="what">commitments</span>' in html
    assert (
        'data-filter="type" data-value="military_aid" aria-label="military_aid: 2; show only these"'
        in html
    )
    assert (
        'data-filter="status" data-value="pledged" aria-label="pledged: 7; show only these"' in html
    )
    assert 'data-filter="actor type" data-value="Germany|military_aid"' in html
    for actor in ("Germany", "France", "Poland", "United Kingdom"):
        assert f'<option value="{actor}">{actor}</option>' in html


def test_report_gold_marks_follow_the_scorer() -> None:
    html = build_report([known_document()], gold=[known_gold()])
    data = embedded(html)
    assert data["gold"] is True
    doc = data["docs"][0]
    assert doc["gold"] == "yes"
    marks = {
        kind: [(i.get("mark"), i.get("why")) for i in doc[kind]]
        for kind in ("entities", "quotes", "commitments")
    }
    assert marks["entities"] == [
        ("right", []),
        ("wrong", ["label gold COALITION predicted STATE"]),
        ("wrong", ["false alarm: no gold entity here"]),
        ("right", []),
        ("missed", []),
    ]
    assert doc["entities"][4]["canonical"] == "Volodymyr Zelensky"  # the gold item, shown missed
    assert marks["quotes"] == [("right", [])]
    assert marks["commitments"] == [
        ("wrong", ["status gold 'pledged' predicted 'proposed'"]),
        ("wrong", ["false alarm: no gold commitment here"]),
        ("missed", []),
    ]
    assert "Against gold" in html and "tp=1 fp=1 fn=1" in html  # commitment detection


def test_report_gold_only_and_prediction_only_documents() -> None:
    gold_doc = known_gold()
    html = build_report([filler_document(1)], gold=[gold_doc])
    docs = embedded(html)["docs"]
    assert [d["id"] for d in docs] == [filler_document(1).doc_id, "known.txt"]
    assert "gold" not in docs[0] and docs[1]["gold"] == "only"
    assert {i["mark"] for kind in ("entities", "quotes", "commitments") for i in docs[1][kind]} == {
        "missed"
    }
    assert "1 gold document(s) have no prediction" in html
    assert "1 predicted document(s) have no gold" in html


def test_report_gold_that_cannot_pair_is_refused() -> None:
    other = Document(known_document().doc_id, "A different text.")
    with pytest.raises(ReportError, match="do not pair: .*predicted text differs"):
        build_report([known_document()], gold=[other])


def test_report_empty_run_still_builds() -> None:
    data = embedded(build_report([]))
    assert data["docs"] == []


def test_report_write_and_cli(tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    write_jsonl(out / "documents.jsonl", [document_to_dict(known_document())])
    (out / "errors.jsonl").write_text('{"path": "a.pdf", "reason": "no text layer"}\n')
    assert write_report(out) == out / "report.html"
    assert "1 input error(s) in errors.jsonl" in (out / "report.html").read_text()

    gold = tmp_path / "gold.jsonl"
    write_jsonl(gold, [document_to_dict(known_gold())])
    target = tmp_path / "pages" / "review.html"
    assert main(["report", str(out), "-o", str(target), "--gold", str(gold)]) == 0
    assert capsys.readouterr().out.strip() == f"pledgewatch report: {target}"
    assert embedded(target.read_text())["gold"] is True

    assert main(["report", str(tmp_path / "missing")]) == 2
    assert "missing/documents.jsonl: no such file" in capsys.readouterr().err


def test_report_assets_are_package_data() -> None:
    assets = resources.files("pledgewatch.report").joinpath("assets")
    names = sorted(p.name for p in assets.iterdir())
    assert names == ["report.css", "report.html", "report.js"]
    config = tomllib.loads((REPO / "pyproject.toml").read_text())
    setuptools = config["tool"]["setuptools"]
    assert "pledgewatch.report" in setuptools["packages"]
    patterns = setuptools["package-data"]["pledgewatch.report"]
    assert {Path(p).suffix for p in patterns} == {".html", ".css", ".js"}
