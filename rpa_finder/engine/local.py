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
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Sequence

import pandas as pd

from ..eventlog import EventLog
from ..ingest.chunked import SpilledLog, load_partition, spill_partitions
from ..mining.model import MiningSettings
from ..mining.partitions import partition_cases
from ..read_options import ReadOptions
from ..mining.aggregates import MergedAggregates, PartialAggregates, merge_aggregates, partial_aggregates
from .forked import ForkedCall, fork_context

__all__ = ["aggregate_log", "aggregate_frames", "aggregate_spilled", "aggregate_file", "aggregate_partition_file"]


def _partials_of(frames: Sequence[pd.DataFrame], timezone: str, settings: MiningSettings) -> list[PartialAggregates]:
    return [partial_aggregates(frame, timezone, settings) for frame in frames]


def aggregate_frames(frames: Sequence[pd.DataFrame], *, timezone: str = "Europe/Helsinki",
                     settings: MiningSettings = MiningSettings(), workers: int = 2) -> MergedAggregates:
    """Partials of frames that each hold whole cases (EventLog order), merged.

    With ``workers`` > 1, every worker but this process takes its share of the frames in a forked
    child (:class:`ForkedCall`: the frames are inherited as arguments, no copy of the events crosses a
    pipe, only the partials come back; no module global holds them).  Where forking is not safe the
    shares run here one after another.
    """
    frames = list(frames)
    if workers <= 1 or len(frames) <= 1:
        return merge_aggregates(_partials_of(frames, timezone, settings))
    shares = [frames[i::workers] for i in range(min(workers, len(frames)))]
    children = [ForkedCall(_partials_of, share, timezone, settings) for share in shares[1:]]
    try:
        partials = _partials_of(shares[0], timezone, settings)
        by_share = [partials] + [child.result() for child in children]
    finally:
        for child in children:
            child.close()
    ordered = [by_share[i % len(shares)][i // len(shares)] for i in range(len(frames))]
    return merge_aggregates(ordered)


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
