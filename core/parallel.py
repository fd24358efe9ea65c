"""Per-document work in worker processes when there is a lot of it.

Documents are independent, so parsing them (the loader) and attributing their funding
(attribution/) can run one process per core. Starting a worker costs about a second
(it imports polars and numba), so below PARALLEL_FROM items everything stays in the
calling process. SHISAKU_WORKERS sets the number of processes (1: never start any).

Workers are spawned, not forked: the caller (dbt) holds threads and a DuckDB connection
that a forked child must not inherit. A spawned worker imports the caller's main module
again, so every entry point keeps its work under `if __name__ == "__main__":`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from typing import Any, TypeVar

PARALLEL_FROM = 32
WORKERS_VARIABLE = "SHISAKU_WORKERS"

Result = TypeVar("Result")


def worker_count(items: int) -> int:
    """1 below PARALLEL_FROM items, else one process per core (or SHISAKU_WORKERS)."""
    configured = os.environ.get(WORKERS_VARIABLE)
    if configured:
        return max(1, min(int(configured), items))
    if items < PARALLEL_FROM:
        return 1
    return max(1, min(os.cpu_count() or 1, items))


def map_documents(
    fn: Callable[..., Result],
    jobs: Sequence[tuple[Any, ...]],
    on_done: Callable[[Result, bool], None] | None = None,
) -> list[Result]:
    """fn(*job) for every job, results in order; in worker processes when there are many.
    `fn` must be a module-level function (workers import it by name). `on_done(result,
    in_worker)` is called in this process as each result arrives (for progress)."""
    if not jobs:
        return []
    arguments = list(zip(*jobs, strict=True))
    workers = worker_count(len(jobs))
    if workers <= 1:
        return _collected(map(fn, *arguments), on_done, in_worker=False)
    chunk = max(1, len(jobs) // (workers * 8))
    with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
        return _collected(pool.map(fn, *arguments, chunksize=chunk), on_done, in_worker=True)


def _collected(
    results: Iterable[Result],
    on_done: Callable[[Result, bool], None] | None,
    in_worker: bool,
) -> list[Result]:
    """The results in order, each told to `on_done` as it arrives."""
    collected = []
    for result in results:
        collected.append(result)
        if on_done is not None:
            on_done(result, in_worker)
    return collected
