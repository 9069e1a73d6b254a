"""Engines: worker processes give the bytes of one process; over-long texts are refused;
the Ray engine gives the local engine's records."""

from __future__ import annotations

import importlib.util
import json
from dataclasses import replace
from pathlib import Path

import pytest

from pledgewatch.config import Config
from pledgewatch.engines import WorkerPool, threads_per_worker
from pledgewatch.io import read_jsonl
from pledgewatch.model import Document
from pledgewatch.run import run
from tests.stubs import first_word_pipeline

TEXT = "Prime Minister Keir Starmer said Britain would lead a reassurance force in Ukraine. "
OUTPUTS = ("documents", "entities", "quotes", "commitments", "errors")
CORPORA = Path(__file__).resolve().parent.parent / "corpora"


def _articles(root: Path, count: int) -> None:
    root.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        (root / f"a{number:02d}.txt").write_text(
            f"Article {number}. {TEXT * (1 + number % 3)}", encoding="utf-8"
        )
    (root / "empty.txt").write_text("")


def _outputs(out: Path) -> dict[str, bytes]:
    return {name: (out / f"{name}.jsonl").read_bytes() for name in OUTPUTS}


def _stub_run(inputs: Path, out: Path, config: Config, engine: str = "local") -> dict:
    """A run with the stub stage: its summary counts, outputs and manifest's this_run,
    which names the stub's model."""
    summary = run(
        [inputs], out, config, pipeline=first_word_pipeline(config), progress=False, engine=engine
    )
    this_run = json.loads((out / "manifest.json").read_text())["this_run"]
    assert this_run["models_loaded"] == [{"name": "stub:first-word", "version": "1"}]
    return {
        "counts": (summary.processed, summary.errors),
        "outputs": _outputs(out),
        "this_run": this_run,
    }


def test_engines_threads_share_the_cores():
    assert threads_per_worker(1, cores=2) == 2
    assert threads_per_worker(2, cores=2) == 1
    assert threads_per_worker(3, cores=2) == 1
    assert threads_per_worker(2, cores=16) == 8


def test_engines_worker_pool_refuses_a_loaded_pipeline(blank_config: Config):
    pipe = first_word_pipeline(blank_config).load()
    with pytest.raises(ValueError, match="unloaded"):
        WorkerPool(pipe, 2)


def test_engines_jobs_give_the_bytes_of_one_process(tmp_path: Path, blank_config: Config):
    """Small batches through two workers come back in input order: the same bytes."""
    _articles(tmp_path / "in", 23)
    outputs = {}
    for jobs in (1, 2):
        config = replace(blank_config, batch_size=2, jobs=jobs)
        done = _stub_run(tmp_path / "in", tmp_path / f"out{jobs}", config)
        assert done["counts"] == (23, 1)
        assert done["this_run"]["jobs"] == jobs
        outputs[jobs] = done["outputs"]
    assert outputs[1] == outputs[2]


def test_engines_worker_pool_keeps_order_with_a_bounded_queue(blank_config: Config):
    pool = WorkerPool(first_word_pipeline(blank_config), 2, queue_per_worker=1)
    docs = [Document(doc_id=str(i), text=f"word{i} and more") for i in range(9)]
    try:
        batches = [docs[i : i + 2] for i in range(0, len(docs), 2)]
        done = list(pool.process(iter(batches)))
    finally:
        pool.close()
    assert [d.doc_id for batch in done for d in batch.documents] == [d.doc_id for d in docs]
    assert [d.entities[0].text for batch in done for d in batch.documents] == [
        f"word{i}" for i in range(9)
    ]
    assert pool.window == 2 and len(pool.load_seconds) == 2


def test_engines_over_long_text_is_refused_and_the_batch_goes_on(
    tmp_path: Path, blank_config: Config
):
    """A text over max_chars gets one line in errors.jsonl; a text file too large to
    hold a text within it is refused unread; the other documents are written."""
    root = tmp_path / "in"
    _articles(root, 3)
    (root / "long.txt").write_text("Ukraine " * 200, encoding="utf-8")  # 1,599 characters
    (root / "huge.txt").write_text("x" * 20_000, encoding="utf-8")  # over 16 bytes a character
    lines = [{"text": TEXT * 2}, {"text": "Ukraine " * 200}]
    (root / "records.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines))
    config = replace(blank_config, max_chars=1_000)
    out = tmp_path / "out"
    summary = run([root], out, config, pipeline=first_word_pipeline(config), progress=False)
    errors = {e["path"]: e["reason"] for _, e in read_jsonl(out / "errors.jsonl")}
    assert set(errors) == {
        str(root / "empty.txt"),
        str(root / "huge.txt"),
        str(root / "long.txt"),
        f"{root / 'records.jsonl'}#2",
    }
    assert errors[str(root / "long.txt")] == (
        "text of 1,599 characters refused: over the limit of 1,000 (--max-chars); "
        "split it or raise the limit"
    )
    assert errors[str(root / "huge.txt")].startswith(
        "file of 20,000 bytes refused unread: more than 16 bytes per character of the limit of "
        "1,000 characters (--max-chars)"
    )
    assert summary.processed == 4  # the three articles and the first record
    assert len(list(read_jsonl(out / "documents.jsonl"))) == 4


def test_engines_max_chars_on_the_command_line(tmp_path: Path, capsys):
    from pledgewatch.cli import _config, _parser

    args = _parser().parse_args(["run", "in", "-o", "out", "--max-chars", "500", "--jobs", "2"])
    config = _config(args)
    assert (config.max_chars, config.jobs) == (500, 2)
    assert config.hash() == Config().hash()  # neither changes what a record holds


def test_engines_ray_gives_the_records_of_the_local_engine(tmp_path: Path, blank_config: Config):
    """A local Ray instance (this machine's cores, a 256 MB object store), actors over
    the files: the same bytes as a local run, and the models named in the manifest."""
    pytest.importorskip("ray", reason="ray is not installed: pip install pledgewatch[ray]")
    _articles(tmp_path / "in", 9)
    outputs = {}
    for engine in ("local", "ray"):
        config = replace(blank_config, batch_size=2, jobs=2)
        done = _stub_run(tmp_path / "in", tmp_path / engine, config, engine)
        assert done["counts"] == (9, 1)
        assert done["this_run"]["engine"] == engine
        outputs[engine] = done["outputs"]
    assert outputs["local"] == outputs["ray"]


@pytest.mark.models
def test_engines_jobs_and_ray_give_identical_documents(tmp_path: Path, real_config: Config):
    """The real pipeline over corpora/: one process, two workers and Ray actors write the
    same documents.jsonl, byte for byte."""
    outputs = {}
    for name, jobs, engine in (("jobs1", 1, "local"), ("jobs2", 2, "local"), ("ray", 2, "ray")):
        if engine == "ray" and importlib.util.find_spec("ray") is None:
            pytest.fail("ray is not installed: pip install pledgewatch[ray] (in the dev extra)")
        config = replace(real_config, jobs=jobs, batch_size=4)
        out = tmp_path / name
        # Ray: a local instance, started by the run (as many CPUs as this machine's,
        # a small object store).
        summary = run([CORPORA], out, config, progress=False, engine=engine)
        assert summary.processed == 16
        outputs[name] = (out / "documents.jsonl").read_bytes()
    assert outputs["jobs1"] == outputs["jobs2"] == outputs["ray"]
