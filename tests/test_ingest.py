from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from pledgewatch.errors import InputError
from pledgewatch.ingest import Ingest, decode, sha256_hex, strip_markdown
from pledgewatch.textmap import raw_offset

ARTICLE = (
    "Prime Minister Keir Starmer said Britain would lead a reassurance force in Ukraine "
    "once a ceasefire holds, and that allies had pledged aircraft for air policing."
)


def _one(tmp_path: Path, name: str, content: bytes | str):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return Ingest().read(path)


def test_ingest_txt_document_id_text_and_source(tmp_path: Path) -> None:
    raw = f"  {ARTICLE}  \r\n\r\n\r\nSecond   paragraph here.\r\n"
    result = _one(tmp_path, "a.txt", raw)
    assert not result.errors
    (doc,) = result.documents
    assert doc.text == f"{ARTICLE}\n\nSecond paragraph here."
    assert doc.doc_id == sha256_hex(doc.text)
    assert doc.source.format == "txt"
    assert doc.source.sha256 == sha256_hex(raw.encode("utf-8"))
    start = doc.text.index("Second")
    raw_start = raw_offset(doc.source.alignment, start)
    assert raw[raw_start : raw_start + 6] == "Second"


def test_ingest_md_strips_marks_and_keeps_raw_offsets(tmp_path: Path) -> None:
    raw = (
        "---\ntitle: Allies pledge\nauthor: Jane Roe\n---\n"
        "# Allies *pledge* support\n\n"
        f"{ARTICLE} See [the **G7** statement](https://example.org/g7).\n\n"
        "> A quoted block.\n"
    )
    (doc,) = _one(tmp_path, "a.md", raw).documents
    assert doc.text.startswith("Allies pledge support\n\n")
    assert "See the G7 statement." in doc.text
    assert doc.text.endswith("A quoted block.")
    assert doc.meta.title == "Allies pledge"
    assert doc.meta.author == "Jane Roe"
    g7 = doc.text.index("G7")
    raw_start = raw_offset(doc.source.alignment, g7)
    assert raw[raw_start : raw_start + 2] == "G7"


def test_ingest_html_extracts_article_and_metadata(tmp_path: Path) -> None:
    paragraphs = "".join(f"<p>{ARTICLE} Paragraph {i}.</p>" for i in range(4))
    html = (
        "<html><head><title>Allies pledge | Site</title>"
        '<meta property="og:title" content="Allies pledge">'
        '<meta name="author" content="Jane Roe">'
        '<meta property="article:published_time" content="2025-03-02">'
        "</head><body><nav><a href='/'>Home</a><a href='/w'>World</a></nav>"
        f"<article><h1>Allies pledge</h1>{paragraphs}</article>"
        "<footer>Copyright 2025 Site</footer></body></html>"
    )
    (doc,) = _one(tmp_path, "a.html", html).documents
    assert "Paragraph 0." in doc.text and "Paragraph 3." in doc.text
    assert "Home" not in doc.text and "Copyright" not in doc.text
    assert "\n\n" in doc.text  # paragraphs stay paragraphs
    assert doc.meta.title == "Allies pledge"
    assert doc.meta.published == "2025-03-02"


def test_ingest_json_object_list_and_jsonl(tmp_path: Path) -> None:
    obj = {
        "text": ARTICLE,
        "title": "T",
        "url": "https://x.org/a",
        "published": "2025-01-02",
        "author": "A",
        "publisher": "P",
    }
    (doc,) = _one(tmp_path, "a.json", json.dumps(obj)).documents
    assert doc.meta.url == "https://x.org/a" and doc.meta.publisher == "P"
    docs = _one(
        tmp_path, "b.json", json.dumps([obj, {**obj, "text": ARTICLE + " More."}])
    ).documents
    assert [d.source.record for d in docs] == [1, 2]
    jsonl = (
        json.dumps(obj)
        + "\n\n"
        + json.dumps({"text": ARTICLE + " Again.", "date": "2025-05-05"})
        + "\n"
    )
    docs = _one(tmp_path, "c.jsonl", jsonl).documents
    assert [d.source.record for d in docs] == [1, 3]
    assert docs[1].meta.published == "2025-05-05"


def _pdf_with_text(text: str) -> bytes:
    """A one-page PDF with a text layer, built by hand (no PDF writer needed)."""
    stream = f"BT /F1 11 Tf 50 750 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>",
        b"<</Length %d>>stream\n" % len(stream) + stream + b"\nendstream",
        b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


def test_ingest_pdf_text_layer(tmp_path: Path) -> None:
    (doc,) = _one(tmp_path, "a.pdf", _pdf_with_text(ARTICLE)).documents
    assert "reassurance force" in doc.text
    assert doc.source.format == "pdf"


def test_ingest_latin1_text_is_decoded(tmp_path: Path) -> None:
    raw = ("Le président français a déclaré que la France enverrait des troupes. " * 2).encode(
        "latin-1"
    )
    (doc,) = _one(tmp_path, "fr.txt", raw).documents
    assert "président français" in doc.text


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "file is empty"),
        ("blank.txt", b"  \n\n ", "file is empty"),
        ("binary.txt", b"\x00\x01\x02garbage\x00" * 50, "binary file"),
        ("short.txt", b"Too short.", "no article text"),
        ("broken.json", b'{"text": "abc', "malformed JSON at line 1"),
        ("notext.json", b'{"title": "x"}', "no non-empty 'text' string"),
        ("list.json", b"[]", "JSON list is empty"),
        (
            "nav.html",
            b"<html><body><nav><a href='/'>Home</a></nav></body></html>",
            "HTML page has no article text",
        ),
        ("scan.pdf", _pdf_with_text(""), "PDF has no text layer"),
        ("junk.pdf", b"%PDF-1.4 this is not really a pdf", "not a readable PDF"),
        ("notes.docx", b"PK\x03\x04", "unsupported file type '.docx'"),
    ],
)
def test_ingest_bad_file_gives_one_line_error(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    result = _one(tmp_path, name, content)
    assert not result.documents
    (error,) = result.errors
    assert error.path.split("#")[0] == str(tmp_path / name)
    assert reason in error.reason
    assert "\n" not in str(error)


def test_ingest_jsonl_bad_line_keeps_good_lines(tmp_path: Path) -> None:
    content = json.dumps({"text": ARTICLE}) + "\n{broken\n" + json.dumps({"nope": 1}) + "\n"
    result = _one(tmp_path, "mixed.jsonl", content)
    assert len(result.documents) == 1
    assert [e.path for e in result.errors] == [
        f"{tmp_path / 'mixed.jsonl'}#2",
        f"{tmp_path / 'mixed.jsonl'}#3",
    ]
    assert "malformed JSON line" in result.errors[0].reason


def test_ingest_unreadable_file(tmp_path: Path) -> None:
    folder = tmp_path / "dir.txt"
    folder.mkdir()
    result = Ingest().read(folder)
    assert "cannot read file" in result.errors[0].reason


def test_ingest_decode_rejects_control_garbage() -> None:
    with pytest.raises(InputError, match="control characters"):
        decode(bytes(range(1, 9)) * 100, "x.txt")


def test_ingest_strip_markdown_heading_tail_and_rule() -> None:
    mapped, meta = strip_markdown("## Title ##\n\n---\n\ntext with `code`")
    assert mapped.text == "Title\n\n\n\ntext with code"
    assert meta == {}


def test_ingest_very_long_and_non_ascii_document(tmp_path: Path) -> None:
    text = (
        "Зеленський заявив, що Україна підпише угоду. Zelensky said Ukraine would sign. " * 4000
    ).strip()
    (doc,) = _one(tmp_path, "long.txt", text).documents
    assert doc.text == text
    assert len(doc.source.alignment) == 1


def test_ingest_missing_reader_library_is_not_an_input_error(tmp_path: Path, monkeypatch) -> None:
    """Ingest catches the errors of reading a file; a library that is not there is not one."""
    monkeypatch.setitem(sys.modules, "trafilatura", None)
    (tmp_path / "a.html").write_text(f"<html><body><p>{ARTICLE}</p></body></html>")
    with pytest.raises(ImportError, match="trafilatura"):
        Ingest().read(tmp_path / "a.html")


def test_ingest_read_text_cleans_a_string_as_a_txt_file(tmp_path: Path) -> None:
    raw = f"  {ARTICLE}  \r\n\r\n\r\nSecond   paragraph here.\r\n"
    doc = Ingest().read_text(raw, "text:1")
    (from_file,) = _one(tmp_path, "a.txt", raw).documents
    assert doc.text == f"{ARTICLE}\n\nSecond paragraph here."
    assert doc.source.path == "text:1"
    assert doc == replace(from_file, source=replace(from_file.source, path="text:1"))
    with pytest.raises(InputError, match="text:2: document has no article text"):
        Ingest().read_text("Too short.", "text:2")


@pytest.mark.parametrize(
    ("published", "iso", "raw"),
    [
        ("5 March 2025", "2025-03-05", "5 March 2025"),
        ("yesterday", None, "yesterday"),
        ("2 hours ago", None, "2 hours ago"),
        ("2025-03-05T09:15:00+02:00", "2025-03-05T09:15:00+02:00", None),  # ISO already
        ("2025-03-05T07:15:00Z", "2025-03-05T07:15:00+00:00", None),
    ],
)
def test_ingest_published_is_iso_8601_and_the_original_is_kept(
    tmp_path: Path, published: str, iso: str | None, raw: str | None
) -> None:
    (doc,) = _one(
        tmp_path, "a.json", json.dumps({"text": ARTICLE, "published": published})
    ).documents
    assert (doc.meta.published, doc.meta.published_raw) == (iso, raw)


def test_ingest_markdown_front_matter_date_is_normalised(tmp_path: Path) -> None:
    raw = f"---\ntitle: Allies pledge\ndate: March 5, 2025\n---\n{ARTICLE}\n"
    (doc,) = _one(tmp_path, "a.md", raw).documents
    assert (doc.meta.published, doc.meta.published_raw) == ("2025-03-05", "March 5, 2025")


def test_ingest_dates_of_two_runs_load_together_in_arrow(tmp_path: Path, blank_config) -> None:
    """Runs combined: each column of one type, whatever the sources wrote."""
    import pyarrow as pa
    import pyarrow.json as pj

    from pledgewatch.pipeline import Pipeline
    from pledgewatch.run import run

    for name, dates in (
        ("one", ["2025-03-05", "2025-03-06T10:00:00Z"]),
        ("two", ["yesterday", "7 March 2025"]),
    ):
        folder = tmp_path / name
        folder.mkdir()
        for number, date in enumerate(dates):
            article = {"text": f"{ARTICLE} Number {number}.", "published": date}
            (folder / f"{number}.json").write_text(json.dumps(article), encoding="utf-8")
        run(
            [folder],
            tmp_path / f"out-{name}",
            blank_config,
            pipeline=Pipeline([], blank_config),
            progress=False,
        )
    tables = [pj.read_json(tmp_path / f"out-{name}" / "documents.jsonl") for name in ("one", "two")]
    combined = pa.concat_tables(tables, promote_options="permissive")
    metas = combined.column("meta").to_pylist()
    assert [m["published_raw"] for m in metas] == [None, None, "yesterday", "7 March 2025"]
    assert [str(m["published"].date()) if m["published"] else None for m in metas] == [
        "2025-03-05",
        "2025-03-06",
        None,
        "2025-03-07",
    ]


def _deep_page(depth: int) -> str:
    paragraphs = "".join(f"<p>{ARTICLE} This is paragraph {i}.</p>" for i in range(4))
    return (
        "<html><head><title>Allies pledge</title>"
        '<meta property="article:published_time" content="2025-03-02"></head><body>'
        + "<div class='wrap'>" * depth
        + f"<article><h1>Allies pledge</h1>{paragraphs}</article>"
        + "</div>" * depth
        + "</body></html>"
    )


def test_ingest_deeply_nested_html_keeps_its_article_text(tmp_path: Path) -> None:
    """5,000 levels: deeper than lxml parses, so the text is read from a flattened copy."""
    (doc,) = _one(tmp_path, "deep.html", _deep_page(5000)).documents
    for i in range(4):
        assert f"This is paragraph {i}." in doc.text
    assert (doc.meta.title, doc.meta.published) == ("Allies pledge", "2025-03-02")


def test_ingest_html_whose_structure_defeats_extraction_says_so(
    tmp_path: Path, monkeypatch
) -> None:
    import trafilatura

    tried = []

    def no_text(html, **options):
        tried.append(sorted(k for k in ("favor_precision", "favor_recall") if options.get(k)))
        return None

    monkeypatch.setattr(trafilatura, "bare_extraction", no_text)
    monkeypatch.setattr(trafilatura, "baseline", lambda html: (None, "", 0))
    result = _one(tmp_path, "deep.html", _deep_page(5000))
    (error,) = result.errors
    assert error.reason == (
        "HTML page's structure defeated text extraction (tags nested 5004 deep); "
        "trafilatura found no article text with favor_precision, favor_recall, "
        "or its baseline extractor on a flattened copy"
    )
    assert tried == [["favor_precision"], ["favor_recall"], ["favor_recall"]]
    # A shallow page without an article keeps the old reason.
    (shallow,) = _one(tmp_path, "nav.html", _deep_page(3)).errors
    assert shallow.reason == "HTML page has no article text (navigation or empty page?)"
