"""Engines: where a run's batches go through the stages, and in what order they come back.

- `InProcess` runs the pipeline in the run's own process (``--jobs 1``).
- `WorkerPool` runs the whole pipeline in N worker processes (``--jobs N``): each
  worker builds the pipeline from the one it is given and loads its models once;
  at most two batches per worker wait in the queue, so memory stays bounded
  whatever the input; batches come back in the order they were given, so the
  outputs are the same bytes for every N.
- `pledgewatch.ray_engine.RayEngine` runs it on a Ray cluster (``--engine ray``).

Every engine yields a `Processed` batch: the documents, the seconds each stage
took on them, and the models that made them.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field

from pledgewatch.model import Document, ModelInfo
from pledgewatch.pipeline import Pipeline

# The thread pools a worker's libraries start: OpenMP (torch, onnxruntime's default),
# BLAS (numpy, via OpenBLAS or MKL), and ours (`pledgewatch.encoder` reads it).
THREAD_VARIABLES = (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "BLIS_NUM_THREADS",
    "NUMEXPR_NUM_THREADS",
    "PLEDGEWATCH_THREADS",
)


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity, else the machine's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def threads_per_worker(jobs: int, cores: int | None = None) -> int:
    """Each of ``jobs`` workers gets an equal share of the cores, at least one thread."""
    return max(1, (cores or available_cores()) // max(1, jobs))


@dataclass
class Processed:
    """One batch through the stages."""

    documents: list[Document]
    timings: dict[str, float] = field(default_factory=dict)
    models: tuple[ModelInfo, ...] = ()


class InProcess:
    """The pipeline in this process."""

    def __init__(self, pipeline: Pipeline) -> None:
        self.pipeline = pipeline

    def load(self) -> None:
        self.pipeline.load()

    def process(
        self, batches: Iterable[list[Document]], on_stage: Callable[[str], None] | None = None
    ) -> Iterator[Processed]:
        for batch in batches:
            before = dict(self.pipeline.timings)
            documents = self.pipeline(batch, on_stage=on_stage)
            yield Processed(
                documents,
                timings_since(before, self.pipeline.timings),
                self.pipeline.provenance().models,
            )

    def close(self) -> None:
        pass


# -- worker processes -------------------------------------------------------------------

_WORKER_PIPELINE: Pipeline | None = None


def limit_threads(threads: int) -> None:
    """Limit this process's thread pools to ``threads`` (a worker's share of the cores),
    before its libraries start them."""
    for name in THREAD_VARIABLES:
        os.environ[name] = str(threads)
    try:
        import torch

        torch.set_num_threads(threads)
        torch.set_num_interop_threads(1)
    except (ImportError, RuntimeError):  # no torch, or its pools were started already
        pass


def _start_worker(pipeline: Pipeline, threads: int) -> None:
    """Runs once in each worker: limit its threads, then load the models."""
    global _WORKER_PIPELINE
    limit_threads(threads)
    _WORKER_PIPELINE = pipeline.load()


def _ready() -> tuple[int, float]:
    """A worker's pid and its pipeline's load time (the first task a worker takes)."""
    assert _WORKER_PIPELINE is not None
    loads = [v for k, v in _WORKER_PIPELINE.timings.items() if k.endswith(".load")]
    return os.getpid(), sum(loads)


def _process(batch: list[Document]) -> Processed:
    pipeline = _WORKER_PIPELINE
    assert pipeline is not None, "worker used before it was started"
    before = dict(pipeline.timings)
    documents = pipeline(batch)
    return Processed(
        documents, timings_since(before, pipeline.timings), pipeline.provenance().models
    )


class WorkerPool:
    """The whole pipeline in ``jobs`` worker processes, batches returned in order.

    ``pipeline`` is the pipeline each worker builds and loads (it must not be
    loaded yet: it travels to the workers pickled). Workers are spawned, not
    forked, so that no thread pool of this process is copied into them, and
    each library's threads are limited to its share of the cores before it
    starts them.
    """

    def __init__(self, pipeline: Pipeline, jobs: int, queue_per_worker: int = 2) -> None:
        if pipeline.loaded:
            raise ValueError(
                "WorkerPool: give the pipeline unloaded; each worker loads its own models"
            )
        self.pipeline = pipeline
        self.jobs = jobs
        self.window = max(1, jobs * queue_per_worker)
        self.threads = threads_per_worker(jobs)
        self.load_seconds: list[float] = []
        self._executor: ProcessPoolExecutor | None = None
        self._saved_environment: dict[str, str | None] = {}

    def load(self) -> None:
        if self._executor is not None:
            return
        # Spawned workers inherit the environment: libraries read these as they start.
        for name in THREAD_VARIABLES:
            self._saved_environment[name] = os.environ.get(name)
            os.environ[name] = str(self.threads)
        self._executor = ProcessPoolExecutor(
            max_workers=self.jobs,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_worker,
            initargs=(self.pipeline, self.threads),
        )
        ready = [self._executor.submit(_ready) for _ in range(self.jobs)]
        self.load_seconds = [future.result()[1] for future in ready]

    def process(
        self, batches: Iterable[list[Document]], on_stage: Callable[[str], None] | None = None
    ) -> Iterator[Processed]:
        """Batches through the workers; results in the order given. ``on_stage`` is
        not called: the stages run in other processes."""
        self.load()
        assert self._executor is not None
        pending: deque[Future[Processed]] = deque()
        for batch in batches:
            pending.append(self._executor.submit(_process, batch))
            if len(pending) >= self.window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None
        for name, value in self._saved_environment.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        self._saved_environment.clear()


def timings_since(before: dict[str, float], after: dict[str, float]) -> dict[str, float]:
    """What the stages took since ``before`` (load times are not the batch's)."""
    return {
        name: seconds - before.get(name, 0.0)
        for name, seconds in after.items()
        if not name.endswith(".load")
    }


def add_timings(total: dict[str, float], more: dict[str, float]) -> None:
    for name, seconds in more.items():
        total[name] = total.get(name, 0.0) + seconds


def engine_for(pipeline: Pipeline, jobs: int, kind: str = "local", address: str | None = None):
    """The engine a run uses: in process for one job, worker processes for more, or Ray."""
    if kind == "ray":
        from pledgewatch.ray_engine import RayEngine

        return RayEngine(pipeline, jobs=jobs, address=address)
    if kind != "local":
        raise ValueError(f"unknown engine {kind!r}; expected local or ray")
    return InProcess(pipeline) if jobs <= 1 else WorkerPool(pipeline, jobs)
