"""Build the review page: one HTML file with the records as JSON and the page's own script.

The page needs nothing outside the file: its style, script, charts and data
are inline, and a Content-Security-Policy forbids it to load anything. The
records travel as one JSON block; the script draws the table a page at a time
and a document's highlighted text only when it is opened, so a report of
thousands of documents opens as fast as one of ten.

With gold documents, each prediction carries the scorer's judgement, made
by `pledgewatch.evaluate.align_document` (the matching of ``pledgewatch
eval``): ``right``, ``wrong`` (with what is wrong), and the gold items no
prediction matched, added as ``missed``.

>>> from pledgewatch.model import Document
>>> html = build_report([Document("d1", "NATO pledged jets.")])
>>> html.startswith("<!DOCTYPE html>")
True
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from html import escape
from importlib import resources
from pathlib import Path
from typing import Any

from pledgewatch import __version__
from pledgewatch.errors import PledgewatchError
from pledgewatch.evaluate import (
    DocumentAlignment,
    Report,
    align_document,
    commitment_differences,
    pair_documents,
    quote_differences,
    score_alignment,
)
from pledgewatch.io import SCHEMA_VERSION, read_documents, write_atomic
from pledgewatch.labels import COMMITMENT_STATUSES, COMMITMENT_TYPES, ENTITY_LABELS, QUOTE_KINDS
from pledgewatch.model import Commitment, Document, Entity, Quote
from pledgewatch.names import AliasTable
from pledgewatch.report import charts

GRID_ACTORS = 12  # actors shown in the actor x type grid: the most frequent


class ReportError(PledgewatchError):
    """A review page that cannot be built: no records, gold that does not fit them."""


@dataclass
class _Marks:
    """The scorer's judgement of one document's items, by kind and item index."""

    entities: dict[int, tuple[str, list[str]]] = field(default_factory=dict)
    quotes: dict[int, tuple[str, list[str]]] = field(default_factory=dict)
    commitments: dict[int, tuple[str, list[str]]] = field(default_factory=dict)
    missed: dict[str, list[Entity | Quote | Commitment]] = field(
        default_factory=lambda: {"entities": [], "quotes": [], "commitments": []}
    )


def _asset(name: str) -> str:
    return resources.files("pledgewatch.report").joinpath("assets", name).read_text("utf-8")


def judge(alignment: DocumentAlignment, aliases: AliasTable) -> _Marks:
    """Mark each prediction of an aligned document right or wrong, and list the gold missed."""
    marks = _Marks()
    pred = alignment.pred
    index = {
        kind: {id(item): i for i, item in enumerate(getattr(pred, kind))}
        for kind in ("entities", "quotes", "commitments")
    }
    boiler = "inside a gold boilerplate region"
    found = alignment.entities
    for _, p in found.exact:
        marks.entities[index["entities"][id(p)]] = ("right", [])
    for g, p in found.partial:
        reason = f"span: gold {g.start}-{g.end} {g.text!r}, predicted {p.start}-{p.end}"
        marks.entities[index["entities"][id(p)]] = ("wrong", [reason])
    for g, p in found.wrong_label:
        reason = f"label gold {g.label} predicted {p.label}"
        marks.entities[index["entities"][id(p)]] = ("wrong", [reason])
    for p in found.spurious:
        marks.entities[index["entities"][id(p)]] = ("wrong", ["false alarm: no gold entity here"])
    for p in found.in_boilerplate:
        marks.entities[index["entities"][id(p)]] = ("wrong", [boiler])
    marks.missed["entities"] = list(found.missed)

    for kind, spans, differences in (
        ("quotes", alignment.quotes, quote_differences),
        ("commitments", alignment.commitments, commitment_differences),
    ):
        target = getattr(marks, kind)
        for g, p in spans.matched:
            wrong = differences(g, p, aliases)  # type: ignore[arg-type]
            target[index[kind][id(p)]] = ("wrong" if wrong else "right", wrong)
        for p in spans.spurious:
            target[index[kind][id(p)]] = ("wrong", [f"false alarm: no gold {kind[:-1]} here"])
        for p in spans.in_boilerplate:
            target[index[kind][id(p)]] = ("wrong", [boiler])
        marks.missed[kind] = list(spans.missed)
    return marks


def _item(item: Entity | Quote | Commitment, mark: tuple[str, list[str]] | None) -> dict[str, Any]:
    """An item as the page's script reads it: record fields without text and nulls."""
    data = {k: v for k, v in asdict(item).items() if v is not None and k != "text"}
    for key in ("actors", "recipients"):
        if key in data:
            data[key] = list(data[key])
    if mark is not None:
        data["mark"], data["why"] = mark
    return data


def _title(doc: Document) -> str:
    if doc.meta.title:
        return doc.meta.title
    first = doc.text.strip().split("\n", 1)[0].strip()
    if first and len(first) <= 140:
        return first
    if doc.source is not None:
        name = os.path.basename(doc.source.path)
        return f"{name} #{doc.source.record}" if doc.source.record else name
    return doc.doc_id


def _document(doc: Document, marks: _Marks | None, gold_only: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": doc.doc_id,
        "title": _title(doc),
        "text": doc.text,
        "boilerplate": [[r.start, r.end] for r in doc.boilerplate],
    }
    if doc.source is not None:
        data["path"] = doc.source.path + (f" #{doc.source.record}" if doc.source.record else "")
    for key in ("url", "published", "author", "publisher"):
        if value := getattr(doc.meta, key):
            data[key] = value
    for kind in ("entities", "quotes", "commitments"):
        judged = getattr(marks, kind) if marks is not None else {}
        items = [_item(item, judged.get(i)) for i, item in enumerate(getattr(doc, kind))]
        if marks is not None:
            items += [_item(item, ("missed", [])) for item in marks.missed[kind]]
        data[kind] = items
    if marks is not None:
        data["gold"] = "only" if gold_only else "yes"
    return data


def _summary(docs: Sequence[Document]) -> str:
    """Counts and charts of the predictions, as HTML."""
    entities = Counter(e.label for d in docs for e in d.entities)
    quotes = Counter(q.kind for d in docs for q in d.quotes)
    commitments = [c for d in docs for c in d.commitments]
    types = Counter(c.type for c in commitments)
    statuses = Counter(c.status for c in commitments)
    by_actor = Counter(a for c in commitments for a in c.actors)
    actors = [a for a, _ in by_actor.most_common(GRID_ACTORS)]
    cells = Counter((a, c.type) for c in commitments for a in c.actors if a in actors)
    grid_types = [t for t in COMMITMENT_TYPES if any(cells.get((a, t)) for a in actors)]
    figures = [
        ("documents", len(docs)),
        ("entities", sum(entities.values())),
        ("quotes", sum(quotes.values())),
        ("commitments", len(commitments)),
    ]
    cards = "".join(
        f'<div class="card"><span class="n">{n:,}</span> <span class="what">{escape(what)}</span></div>'
        for what, n in figures
    )
    panels = [
        (
            "Entities by label",
            charts.bars(
                "Entities by label", [(x, entities[x]) for x in ENTITY_LABELS], kind="entity"
            ),
        ),
        (
            "Quotes by kind",
            charts.bars("Quotes by kind", [(x, quotes[x]) for x in QUOTE_KINDS], kind="quote"),
        ),
        (
            "Commitments by type",
            charts.bars(
                "Commitments by type",
                [(x, types[x]) for x in COMMITMENT_TYPES],
                kind="commitment",
                filter_key="type",
            ),
        ),
        (
            "Commitments by status",
            charts.bars(
                "Commitments by status",
                [(x, statuses[x]) for x in COMMITMENT_STATUSES],
                kind="commitment",
                filter_key="status",
            ),
        ),
        (
            f"Commitments by actor and type (the {len(actors)} most frequent actors)",
            charts.grid("Commitments by actor and type", actors, grid_types, cells),
        ),
    ]
    figures_html = "".join(
        f'<figure class="panel"><figcaption>{escape(caption)}</figcaption>{svg}</figure>'
        for caption, svg in panels
    )
    return f'<div class="cards">{cards}</div><div class="panels">{figures_html}</div>'


def _figure(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def _gold_summary(report: Report, gold_only: int, without_gold: int) -> str:
    """The scores of the predictions against gold, as pledgewatch eval reports them."""
    e, q, c = report.entities, report.quotes, report.commitments
    micro = e.micro_mentions
    rows = [
        ("entities (strict)", micro.strict.precision, micro.strict.recall, micro.strict.f1,
         f"tp={micro.strict.tp} fp={micro.strict.fp} fn={micro.strict.fn}"),
        ("entities (partial)", micro.partial.precision, micro.partial.recall, micro.partial.f1,
         f"cor={micro.cor} par={micro.par} mis={micro.mis} spu={micro.spu}"),
        ("quotes (spans)", q.spans.precision, q.spans.recall, q.spans.f1,
         f"tp={q.spans.tp} fp={q.spans.fp} fn={q.spans.fn}"),
        ("quote speaker", None, None, q.speaker.accuracy, f"{q.speaker.correct}/{q.speaker.total}"),
        ("commitments (detection)", c.detection.precision, c.detection.recall, c.detection.f1,
         f"tp={c.detection.tp} fp={c.detection.fp} fn={c.detection.fn}"),
        ("commitment type", None, None, c.type.accuracy, f"{c.type.correct}/{c.type.total}"),
        ("commitment status", None, None, c.status.accuracy, f"{c.status.correct}/{c.status.total}"),
        ("commitment actors", c.actors.precision, c.actors.recall, c.actors.f1,
         f"tp={c.actors.tp} fp={c.actors.fp} fn={c.actors.fn}"),
    ]  # fmt: skip
    body = "".join(
        f"<tr><th scope='row'>{escape(name)}</th><td>{_figure(p)}</td><td>{_figure(r)}</td>"
        f"<td>{_figure(f)}</td><td>{escape(counts)}</td></tr>"
        for name, p, r, f, counts in rows
    )
    notes = [f"{report.documents} document(s) scored."]
    if gold_only:
        notes.append(
            f"{gold_only} gold document(s) have no prediction: all their items are missed."
        )
    if without_gold:
        notes.append(f"{without_gold} predicted document(s) have no gold and are not scored.")
    return (
        '<table class="scores"><caption>Against gold, as <code>pledgewatch eval</code> scores it '
        "(F1 column: accuracy for the accuracy rows)</caption>"
        "<thead><tr><th scope='col'>task</th><th scope='col'>P</th><th scope='col'>R</th>"
        f"<th scope='col'>F1</th><th scope='col'>counts</th></tr></thead><tbody>{body}</tbody></table>"
        f'<p class="note">{escape(" ".join(notes))}</p>'
    )


def _options(values: Sequence[str]) -> str:
    return "".join(f'<option value="{escape(v, quote=True)}">{escape(v)}</option>' for v in values)


def _json_for_script(data: Any) -> str:
    """JSON that is safe inside a ``<script>`` element: no ``<`` that could close it."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def build_report(
    docs: Sequence[Document],
    *,
    gold: Sequence[Document] | None = None,
    aliases: AliasTable | None = None,
    title: str | None = None,
    errors: int = 0,
) -> str:
    """The review page of ``docs`` as one HTML string; with ``gold``, marked by the scorer.

    Raises `ReportError` when gold and predictions cannot be paired (the same
    ``doc_id`` with different texts, or a duplicate ``doc_id``).
    """
    aliases = aliases if aliases is not None else AliasTable()
    shown: list[dict[str, Any]] = []
    gold_html = ""
    if gold is None:
        shown = [_document(doc, None) for doc in docs]
    else:
        try:
            pairs, unmatched = pair_documents(gold, docs)
        except ValueError as error:
            raise ReportError(f"gold and predictions do not pair: {error}") from error
        predicted = {id(doc) for doc in docs}
        alignments = {}
        gold_only: list[tuple[Document, DocumentAlignment]] = []
        for gold_doc, pred_doc in pairs:
            alignment = align_document(gold_doc, pred_doc)
            if id(pred_doc) in predicted:
                alignments[id(pred_doc)] = alignment
            else:
                gold_only.append((gold_doc, alignment))
        for doc in docs:
            alignment = alignments.get(id(doc))
            shown.append(_document(doc, judge(alignment, aliases) if alignment else None))
        for gold_doc, alignment in gold_only:
            view = _text_only(gold_doc)
            shown.append(_document(view, judge(alignment, aliases), gold_only=True))
        all_alignments = [*alignments.values(), *(a for _, a in gold_only)]
        report = Report.merge(score_alignment(a, aliases) for a in all_alignments)
        gold_html = _gold_summary(report, len(gold_only), len(unmatched))

    commitments = [c for d in docs for c in d.commitments]
    actors = sorted({a for c in commitments for a in c.actors}, key=str.casefold)
    page_title = title or f"pledgewatch review: {len(docs):,} documents"
    generated = time.strftime("%Y-%m-%d %H:%M")
    marks_filter = (
        '<label>Gold <select id="f-mark"><option value="">any</option>'
        '<option value="right">right</option><option value="wrong">wrong</option>'
        '<option value="missed">missed</option></select></label>'
        if gold is not None
        else ""
    )
    data = {
        "docs": shown,
        "gold": gold is not None,
        "schema_version": SCHEMA_VERSION,
    }
    replacements = {
        "{{title}}": escape(page_title),
        "{{subtitle}}": escape(
            f"pledgewatch {__version__}, records schema {SCHEMA_VERSION}, built {generated}"
            + (f"; {errors} input error(s) in errors.jsonl" if errors else "")
        ),
        "{{summary}}": _summary(docs),
        "{{gold}}": gold_html,
        "{{actor_options}}": _options(actors),
        "{{type_options}}": _options(COMMITMENT_TYPES),
        "{{status_options}}": _options(COMMITMENT_STATUSES),
        "{{mark_filter}}": marks_filter,
        "{{css}}": _asset("report.css"),
    }
    html = _asset("report.html")
    for key, value in replacements.items():
        html = html.replace(key, value)
    # Data and script last: their text is never searched for placeholders.
    before, after = html.split("{{data}}")
    script_before, script_after = after.split("{{js}}")
    return before + _json_for_script(data) + script_before + _asset("report.js") + script_after


def _text_only(gold_doc: Document) -> Document:
    """A gold document as shown when nothing was predicted for it: text and boilerplate only."""
    return Document(gold_doc.doc_id, gold_doc.text, gold_doc.meta, gold_doc.boilerplate)


def write_report(
    out_dir: str | os.PathLike[str],
    dest: str | os.PathLike[str] | None = None,
    *,
    gold_paths: Sequence[str | os.PathLike[str]] = (),
    aliases: AliasTable | None = None,
) -> Path:
    """``pledgewatch report``: read ``OUT/documents.jsonl``, write ``OUT/report.html`` (or ``dest``).

    >>> write_report("out/")  # doctest: +SKIP
    PosixPath('out/report.html')
    """
    out = Path(out_dir)
    records = out / "documents.jsonl"
    if not records.is_file():
        raise ReportError(
            f"{records}: no such file; the report reads the documents.jsonl that "
            "`pledgewatch run -o OUT` writes"
        )
    docs = read_documents(records)
    gold = None
    if gold_paths:
        from pledgewatch.gold import load_gold

        gold = load_gold(list(gold_paths))
    errors_file = out / "errors.jsonl"
    errors = 0
    if errors_file.is_file():
        errors = sum(1 for line in errors_file.read_text("utf-8").splitlines() if line.strip())
    target = Path(dest) if dest is not None else out / "report.html"
    write_atomic(target, build_report(docs, gold=gold, aliases=aliases, errors=errors))
    return target
