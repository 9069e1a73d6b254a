"""The cluster engine: ``pledgewatch run --engine ray [--address ADDR]``.

The run's first pass (on the machine that starts it) reads every file, as a
local run does, and decides what is to be processed. Then a Ray Dataset is
made over those files, one row per file with the doc_ids to process from it;
``map_batches`` sends the rows to a pool of actors (``--jobs`` of them, one CPU
each), each of which builds the pipeline and loads its models once, reads its
files and runs the stages. The records come back to the driver in input order
(the dataset preserves it) and are written as a local run writes them: the
same outputs, byte for byte (tests/test_engines.py).

The actors read the input files themselves, so on a cluster the inputs must
be at the same paths on every node (a shared file system); the outputs are
written by the driver only. Install with ``pip install pledgewatch[ray]``.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from pledgewatch.engines import (
    Processed,
    available_cores,
    limit_threads,
    threads_per_worker,
    timings_since,
)
from pledgewatch.errors import MissingDependencyError
from pledgewatch.io import document_from_dict, document_to_dict, dumps
from pledgewatch.model import Document, ModelInfo
from pledgewatch.pipeline import Pipeline

# A local instance's object store: records pass through it a batch at a time.
LOCAL_OBJECT_STORE_BYTES = 256 * 2**20


class PipelineActor:
    """A Ray actor that holds a loaded pipeline: reads files, runs the stages."""

    def __init__(self, pipeline: Pipeline, threads: int) -> None:
        limit_threads(threads)
        from pledgewatch.ingest import Ingest

        self.pipeline = pipeline.load()
        self.ingest = Ingest()

    def __call__(self, rows: dict[str, Any]) -> dict[str, Any]:
        wanted: list[Document] = []
        for path, doc_ids in zip(rows["path"], rows["doc_ids"], strict=True):
            read = {doc.doc_id: doc for doc in self.ingest.read(path).documents}
            wanted += [read[doc_id] for doc_id in doc_ids]
        before = dict(self.pipeline.timings)
        processed = self.pipeline(wanted)
        timings = timings_since(before, self.pipeline.timings)
        by_id = {doc.doc_id: dumps(document_to_dict(doc)) for doc in processed}
        models = json.dumps([[m.name, m.version] for m in self.pipeline.provenance().models])
        # One row out per row in: that file's records, in the order asked for.
        return {
            "records": [[by_id[doc_id] for doc_id in doc_ids] for doc_ids in rows["doc_ids"]],
            "timings": [json.dumps(timings)] + ["{}"] * (len(rows["path"]) - 1),
            "models": [models] * len(rows["path"]),
        }


class RayEngine:
    """Runs the pipeline in Ray actors over a Dataset of the files to process.

    ``address`` is ``ray.init``'s (``auto``, ``ray://HOST:10001``, ``HOST:6379``);
    without one, a local instance is started with this machine's cores and a
    small object store, and shut down at the end.
    """

    files_level = True  # `pledgewatch.run` hands it files and doc_ids, not documents

    def __init__(self, pipeline: Pipeline, jobs: int, address: str | None = None) -> None:
        if pipeline.loaded:
            raise ValueError("RayEngine: give the pipeline unloaded; each actor loads its own")
        self.pipeline = pipeline
        self.jobs = max(1, jobs)
        self.address = address
        self._ray: Any = None
        self._started_here = False

    def load(self) -> None:
        """Connect to the cluster (or start a local instance); actors load with the data."""
        if self._ray is not None:
            return
        try:
            import ray
        except ImportError:
            raise MissingDependencyError(
                "missing dependency: ray is not installed (needed for --engine ray); "
                "install it with `pip install pledgewatch[ray]`",
                ("ray[data]",),
            ) from None
        self._ray = ray
        if not ray.is_initialized():
            options: dict[str, Any] = {
                "log_to_driver": False,
                "include_dashboard": False,
                "logging_level": logging.WARNING,
            }
            if self.address:
                options["address"] = self.address
            else:
                options["num_cpus"] = available_cores()
                options["object_store_memory"] = LOCAL_OBJECT_STORE_BYTES
            ray.init(**options)
            self._started_here = True
        for name in ("ray", "ray.data"):  # its INFO lines would drown the run's own
            logging.getLogger(name).setLevel(logging.ERROR)
        context = ray.data.DataContext.get_current()
        context.execution_options.preserve_order = True
        context.enable_progress_bars = False

    def process(
        self, batches: Iterable[list[Document]], on_stage: Callable[[str], None] | None = None
    ) -> Iterator[Processed]:
        raise TypeError("RayEngine processes files: use process_files")

    def process_files(
        self, files: Sequence[tuple[str, list[str]]], batch_size: int
    ) -> Iterator[Processed]:
        """``files``: each path with the doc_ids to process from it, in input order."""
        self.load()
        ray = self._ray
        cores = int(ray.cluster_resources().get("CPU", 1))
        dataset = ray.data.from_items(
            [{"path": path, "doc_ids": doc_ids} for path, doc_ids in files],
            override_num_blocks=max(1, min(len(files), 4 * self.jobs)),
        )
        results = dataset.map_batches(
            PipelineActor,
            fn_constructor_args=(self.pipeline, threads_per_worker(self.jobs, cores)),
            batch_size=max(1, batch_size),
            compute=ray.data.ActorPoolStrategy(size=self.jobs),
            num_cpus=1,
            batch_format="default",
        )
        for row in results.iter_rows():
            documents = [document_from_dict(json.loads(r)) for r in row["records"]]
            models = tuple(ModelInfo(name, version) for name, version in json.loads(row["models"]))
            yield Processed(documents, json.loads(row["timings"]), models)

    def close(self) -> None:
        if self._ray is not None and self._started_here:
            self._ray.shutdown()
        self._ray = None
        self._started_here = False
