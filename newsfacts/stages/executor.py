"""Where the per-document map runs: this process, every local core, or a Dask cluster.

The map's tasks are plain picklable values and its task function is a
module-level function that writes its outputs to the store itself (the
store must therefore be on a filesystem every worker sees), so the same map
runs unchanged on

- ``SerialExecutor``: this process, for a handful of documents, where
  starting workers would cost more than the work;
- ``ProcessExecutor``: one worker process per local core (the default);
- ``DaskExecutor``: the workers of a Dask distributed cluster, when
  ``NEWSFACTS_DASK_ADDRESS`` names its scheduler (``tcp://host:8786``).

A task that raises is returned as its exception, never raised: the caller
decides what one failed task means (see ``newsfacts.stages.document_map``).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import Any, Protocol, TypeVar

T = TypeVar("T")
R = TypeVar("R")

DASK_ADDRESS_ENV = "NEWSFACTS_DASK_ADDRESS"
WORKERS_ENV = "NEWSFACTS_WORKERS"
# Below this many files to ingest, starting worker processes costs more than the work.
SERIAL_BELOW = 24


class Executor(Protocol):
    """Runs ``fn`` over ``items``; yields (index, result or exception) as tasks finish."""

    name: str
    workers: int

    def map(
        self, fn: Callable[[Any], Any], items: Sequence[Any]
    ) -> Iterator[tuple[int, Any | BaseException]]: ...

    def close(self) -> None: ...


class SerialExecutor:
    name = "serial"
    workers = 1

    def map(
        self, fn: Callable[[T], R], items: Sequence[T]
    ) -> Iterator[tuple[int, R | BaseException]]:
        for index, item in enumerate(items):
            try:
                yield index, fn(item)
            except Exception as error:  # returned to the caller, which records it
                yield index, error

    def close(self) -> None:
        return None


class ProcessExecutor:
    """A pool of local worker processes, started on first use and kept for the build.

    Workers are spawned, not forked: the parent may be a Dagster run with
    threads and open database handles that a fork would copy mid-use.
    """

    name = "processes"

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None

    def start(self) -> None:
        """Spawn the workers now, each loading the map's modules, while this process goes
        on with other work (a worker takes a second or two to load them)."""
        pool = self._started()
        for _ in range(self.workers):
            pool.submit(load_map_modules)

    def _started(self) -> ProcessPoolExecutor:
        if self._pool is None:
            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=context)
        return self._pool

    def map(
        self, fn: Callable[[T], R], items: Sequence[T]
    ) -> Iterator[tuple[int, R | BaseException]]:
        pool = self._started()
        futures = {pool.submit(fn, item): index for index, item in enumerate(items)}
        for future in as_completed(futures):
            error = future.exception()
            yield futures[future], error if error is not None else future.result()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


class DaskExecutor:
    """The workers of an existing Dask distributed cluster (``distributed.Client``)."""

    name = "dask"

    def __init__(self, address: str) -> None:
        from distributed import Client

        self.address = address
        self.client = Client(address)
        self.workers = max(1, sum(self.client.nthreads().values()))

    def map(
        self, fn: Callable[[T], R], items: Sequence[T]
    ) -> Iterator[tuple[int, R | BaseException]]:
        from distributed import as_completed as dask_completed

        futures = self.client.map(fn, list(items), pure=False)
        index_of = {future.key: index for index, future in enumerate(futures)}
        for future in dask_completed(futures):
            if future.status == "error":
                yield index_of[future.key], future.exception()
            else:
                yield index_of[future.key], future.result()

    def close(self) -> None:
        self.client.close()


def local_workers() -> int:
    """``NEWSFACTS_WORKERS``, else every core this process may use."""
    configured = os.environ.get(WORKERS_ENV)
    if configured:
        return max(1, int(configured))
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def load_map_modules() -> None:
    """What every task of the map needs: the map and its per-document stages (loaded by
    workers started ahead, and by a command-line build with its other modules)."""
    from newsfacts.stages import document_map

    for stage in document_map.EXTRACTORS:
        document_map.stage_module(stage)


# Workers started ahead of a build (``start_local_workers``), until the build takes them.
_started_ahead: list[ProcessExecutor] = []


def start_local_workers() -> None:
    """Start the local workers of the next ``executor_from_env`` now, when it will be
    local processes: a build that will map many files calls this before loading Dagster,
    so the workers load their modules meanwhile instead of after."""
    if not os.environ.get(DASK_ADDRESS_ENV) and local_workers() > 1 and not _started_ahead:
        executor = ProcessExecutor(local_workers())
        executor.start()
        _started_ahead.append(executor)


def stop_local_workers() -> None:
    """Stop workers started ahead that no build took (the build ended before its map)."""
    while _started_ahead:
        _started_ahead.pop().close()


def executor_from_env() -> Executor:
    """Dask when ``NEWSFACTS_DASK_ADDRESS`` is set, else local processes (serial on one core);
    the workers started ahead, if any."""
    if _started_ahead:
        return _started_ahead.pop()
    address = os.environ.get(DASK_ADDRESS_ENV)
    if address:
        return DaskExecutor(address)
    workers = local_workers()
    return ProcessExecutor(workers) if workers > 1 else SerialExecutor()
