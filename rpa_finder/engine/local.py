# SPDX-License-Identifier: AGPL-3.0-or-later
"""The in-process engine: the partial aggregates over case partitions, on both cores of one machine.

Two entry points.  :func:`aggregate_log` splits a log already in memory by case hash and runs the
partials in forked worker processes (threads gave no speed-up: the partials hold the GIL too often).  :func:`aggregate_file`
is for logs larger than memory: the file is spilled to case partitions on disk and each worker
*process* reads, normalises and aggregates its own partitions, so only partials cross processes and
the peak memory is about one partition per worker plus the partials.
"""
from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path
from typing import Sequence

import pandas as pd

from ..eventlog import EventLog
from ..ingest.chunked import SpilledLog, load_partition, spill_partitions
from ..mining.model import MiningSettings
from ..mining.partitions import partition_cases
from ..settings import ReadOptions
from .aggregates import MergedAggregates, PartialAggregates, merge_aggregates, partial_aggregates
from .forked import fork_context

__all__ = ["aggregate_log", "aggregate_frames", "aggregate_spilled", "aggregate_file", "aggregate_partition_file"]


#: Frames handed to forked workers by inheritance (set just before the pool forks, cleared after).
_FORKED_FRAMES: list[pd.DataFrame] = []


def _partial_of_forked(index: int, timezone: str, settings: MiningSettings) -> PartialAggregates:
    return partial_aggregates(_FORKED_FRAMES[index], timezone, settings)


def aggregate_frames(frames: Sequence[pd.DataFrame], *, timezone: str = "Europe/Helsinki",
                     settings: MiningSettings = MiningSettings(), workers: int = 2) -> MergedAggregates:
    """Partials of frames that each hold whole cases (EventLog order), merged.

    With ``workers`` > 1 the partials run in forked processes that inherit the frames (no copy of the
    events crosses a pipe, only the partials come back); where fork is unavailable, in threads.
    """
    frames = list(frames)
    if workers <= 1 or len(frames) <= 1:
        return merge_aggregates([partial_aggregates(f, timezone, settings) for f in frames])
    context = fork_context()
    if context is None:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            return merge_aggregates(list(pool.map(lambda f: partial_aggregates(f, timezone, settings), frames)))
    _FORKED_FRAMES[:] = frames
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            n = len(frames)
            partials = list(pool.map(_partial_of_forked, range(n), [timezone] * n, [settings] * n))
    finally:
        _FORKED_FRAMES.clear()
    return merge_aggregates(partials)


def aggregate_log(log: EventLog, settings: MiningSettings = MiningSettings(), *, partitions: int = 2,
                  workers: int = 2) -> MergedAggregates:
    """DFG, variants, activity and case statistics of ``log`` over ``partitions`` case-hash partitions.

    The result equals :func:`~rpa_finder.mining.dfg.compute_dfg` and its siblings on the whole log.

    >>> from rpa_finder.eventlog import EventLog
    >>> t = pd.to_datetime(["2026-01-05 08:00", "2026-01-05 09:00"] * 2, utc=True)
    >>> log = EventLog.from_frame(pd.DataFrame({"case_id": ["p", "p", "q", "q"], "activity": ["a", "b"] * 2, "timestamp": t}))
    >>> aggregate_log(log, partitions=2).dfg.frequency_dict()
    {('a', 'b'): 2}
    """
    return aggregate_frames(partition_cases(log.events, partitions), timezone=log.timezone, settings=settings,
                            workers=workers)


def aggregate_partition_file(spilled: SpilledLog, index: int, settings: MiningSettings = MiningSettings()) -> PartialAggregates:
    """Read, normalise and aggregate one spilled partition: the task a worker process (or Dask worker) runs."""
    log = load_partition(spilled, index).log
    return partial_aggregates(log.events, log.timezone, settings)


def aggregate_spilled(spilled: SpilledLog, settings: MiningSettings = MiningSettings(), *,
                      workers: int = 2) -> MergedAggregates:
    """Aggregate every spilled partition in ``workers`` processes (forked: nothing to import again)."""
    indices = range(len(spilled.paths))
    if workers <= 1 or len(indices) <= 1:
        return merge_aggregates([aggregate_partition_file(spilled, i, settings) for i in indices])
    context = fork_context() or multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        partials = list(pool.map(aggregate_partition_file, [spilled] * len(indices), indices, [settings] * len(indices)))
    return merge_aggregates(partials)


def aggregate_file(path: str | Path, options: ReadOptions | None = None, settings: MiningSettings = MiningSettings(), *,
                   partitions: int = 8, workers: int = 2, workdir: str | Path | None = None,
                   block_bytes: int = 32 << 20, batch_rows: int = 1 << 20) -> MergedAggregates:
    """Aggregates of a CSV/Parquet export larger than memory: spill by case, then aggregate per partition.

    >>> merged = aggregate_file("tapahtumat.parquet", partitions=16)   # doctest: +SKIP
    >>> merged.dfg.edges.head()                                        # doctest: +SKIP
    """
    spilled = spill_partitions(path, options, partitions, block_bytes=block_bytes, batch_rows=batch_rows,
                               workdir=workdir)
    try:
        return aggregate_spilled(spilled, settings, workers=workers)
    finally:
        spilled.cleanup()
