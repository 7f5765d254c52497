# SPDX-License-Identifier: AGPL-3.0-or-later
"""The distributed engine: the same partial functions, run by Dask workers, merged on the client.

Nothing here computes a figure: workers run :func:`~rpa_finder.mining.aggregates.partial_aggregates`
on case partitions (one task per partition) and the client runs
:func:`~rpa_finder.mining.aggregates.merge_aggregates`, exactly as the in-process engine does.
Scoring runs the two rounds of :mod:`rpa_finder.scoring.pipeline` the same way; each partition
stays on its worker between the rounds (a future the client never gathers), so it is read once.  Dask is
imported lazily, so it is needed only by whoever runs on a cluster (``pip install rpa_finder[distributed]``).
See docs/distributed.md for running on a real cluster.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import Message, UsageError
from ..eventlog import EventLog
from ..ingest.chunked import SpilledLog
from ..mining.model import MiningSettings
from ..mining.partitions import partition_cases
from ..mining.aggregates import MergedAggregates, merge_aggregates, partial_aggregates
from ..ingest.chunked import load_partition
from ..scoring.partition import ScoringPartition, partition_log, scoring_partition
from ..scoring.pipeline import (ScoredCandidates, ScoringSettings, count_partition, finish_scoring, plan_scoring,
                                sample_partition)
from ..scoring.scorer import AutomationScorer
from .local import aggregate_partition_file

__all__ = ["connect_client", "aggregate_log_dask", "aggregate_spilled_dask", "score_log_dask", "score_spilled_dask",
           "load_scoring_partition", "compare_logs_dask"]


def connect_client(address: str | None = None) -> Any:
    """A ``distributed.Client`` for the scheduler at ``address`` (e.g. ``tcp://10.0.0.5:8786``).

    Without an address a local cluster of two single-threaded worker processes is started, which is
    what CI runs.
    """
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise UsageError("the distributed engine needs Dask",
                         fix="install it with pip install 'rpa_finder[distributed]'") from None
    if address:
        return Client(address)
    return Client(LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                               dashboard_address=None))


def aggregate_log_dask(log: EventLog, client: Any, settings: MiningSettings = MiningSettings(), *,
                       partitions: int | None = None) -> MergedAggregates:
    """Aggregates of an in-memory log on a Dask cluster: partitions are scattered, partials gathered.

    ``partitions`` defaults to twice the number of worker threads.

    >>> with connect_client() as client:                      # doctest: +SKIP
    ...     merged = aggregate_log_dask(log, client)
    """
    if partitions is None:
        partitions = max(2, 2 * sum(client.nthreads().values()))
    parts = [part for part in partition_cases(log.events, partitions) if len(part)]
    scattered = client.scatter(parts)
    futures = client.map(partial_aggregates, scattered, timezone=log.timezone, settings=settings, pure=False)
    try:
        return merge_aggregates(client.gather(futures))
    finally:
        client.cancel(futures + scattered)


def aggregate_spilled_dask(spilled: SpilledLog, client: Any, settings: MiningSettings = MiningSettings()) -> MergedAggregates:
    """Aggregates of spilled partitions: each worker reads, normalises and aggregates its own files.

    The partition files must be readable by the workers at the same path (a shared file system);
    only the small :class:`SpilledLog` description and the partials travel over the network.
    """
    for path in spilled.paths:
        if not Path(path).exists():
            raise UsageError("partition file is missing", file=path, fix="spill the log again")
    futures = client.map(aggregate_partition_file, [spilled] * len(spilled.paths), range(len(spilled.paths)),
                         settings=settings, pure=False)
    try:
        return merge_aggregates(client.gather(futures))
    finally:
        client.cancel(futures)


def _score_prepared(prepared: list, client: Any, settings: ScoringSettings,
                    scorer: AutomationScorer | None) -> ScoredCandidates:
    """Both scoring rounds over partitions already on the workers (``prepared``: futures of them)."""
    counts = client.gather(client.map(count_partition, prepared, settings=settings, pure=False))
    merged, plan = plan_scoring(counts, settings)
    [plan_future] = client.scatter([plan], broadcast=True)
    samples = client.map(sample_partition, prepared, [plan_future] * len(prepared), settings=settings, pure=False)
    try:
        return finish_scoring(merged, plan, client.gather(samples), settings, scorer=scorer)
    finally:
        client.cancel(samples + [plan_future])


def score_log_dask(log: EventLog, client: Any, settings: ScoringSettings = ScoringSettings(), *,
                   partitions: int | None = None, scorer: AutomationScorer | None = None) -> ScoredCandidates:
    """Ranked candidates of an in-memory log, scored on a Dask cluster from partials and bounded samples.

    Equals :func:`~rpa_finder.scoring.pipeline.score_candidates` on the same log while it is under
    the sample budgets.

    >>> with connect_client() as client:                      # doctest: +SKIP
    ...     scored = score_log_dask(log, client)
    """
    if partitions is None:
        partitions = max(2, 2 * sum(client.nthreads().values()))
    scattered = client.scatter(partition_log(log, partitions))
    prepared = client.map(scoring_partition, scattered, pure=False)
    try:
        return _score_prepared(prepared, client, settings, scorer)
    finally:
        client.cancel(prepared + scattered)


def load_scoring_partition(spilled: SpilledLog, index: int) -> ScoringPartition:
    """Read, normalise and code one spilled partition for scoring: the first task on a worker."""
    return scoring_partition(load_partition(spilled, index).log)


def score_spilled_dask(spilled: SpilledLog, client: Any, settings: ScoringSettings = ScoringSettings(), *,
                       scorer: AutomationScorer | None = None) -> ScoredCandidates:
    """Ranked candidates of spilled partitions: each worker reads its own files once, for both rounds."""
    for path in spilled.paths:
        if not Path(path).exists():
            raise UsageError("partition file is missing", file=path, fix="spill the log again")
    prepared = client.map(load_scoring_partition, [spilled] * len(spilled.paths), range(len(spilled.paths)),
                          pure=False)
    try:
        return _score_prepared(prepared, client, settings, scorer)
    finally:
        client.cancel(prepared)


def compare_logs_dask(paths: list[str | Path], client: Any, config: Any = None, *, names: list[str] | None = None,
                      settings: Any = None) -> Any:
    """``compare_logs`` with each organisation's analysis as one Dask task: the national comparison on a cluster.

    Every log is read and analysed on a worker (:func:`~rpa_finder.comparison.analyse_organisation`,
    the very function ``rpa-finder compare`` runs per log); only the small per-organisation results
    (candidates, features, profile) travel back, and the client aligns and ranks them
    (:func:`~rpa_finder.comparison.compare_organisations`).  The logs must be readable by the workers
    at the same paths (a shared file system).  The result equals ``compare_logs`` on the same logs.

    >>> with connect_client() as client:                      # doctest: +SKIP
    ...     comparison = compare_logs_dask(sorted(Path("kunnat").glob("*.parquet")), client)
    """
    from ..comparison import CompareSettings, compare_organisations, default_names
    from ..config import AnalysisConfig
    from ..comparison import analyse_organisation

    paths = [Path(p) for p in paths]
    names = list(names) if names is not None else default_names(paths)
    if len(names) != len(paths):
        raise UsageError(Message("{names} names for {logs} logs", names=len(names), logs=len(paths)),
                         fix="give one name per log")
    config = config if config is not None else AnalysisConfig()
    # the largest logs first, so that no worker starts a big one last while the others idle
    order = sorted(range(len(paths)), key=lambda i: -Path(paths[i]).stat().st_size)
    futures = client.map(analyse_organisation, [str(paths[i]) for i in order], [config] * len(order),
                         [names[i] for i in order], pure=False)
    try:
        done = client.gather(futures)
    finally:
        client.cancel(futures)
    by_name = {org.name: org for org in done}
    organisations = [by_name[name] for name in names]
    return compare_organisations(organisations, settings=settings if settings is not None else CompareSettings())
