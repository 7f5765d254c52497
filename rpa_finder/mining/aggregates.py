# SPDX-License-Identifier: AGPL-3.0-or-later
"""The one list of mining statistics: each one's ``partial_X`` and ``merge_X``.

:func:`~rpa_finder.mining.process.mine_process` (the whole log as one partition) and every engine
(processes, Dask) run :func:`partial_aggregates` on frames that hold whole cases and
:func:`merge_aggregates` on the results, so there is exactly one implementation of each figure and
one list of them.  The partials keep per-edge and per-instance durations, so merged medians and p90s
are exact.

Batch detection (:mod:`rpa_finder.mining.batches`) is no aggregate: a batch is a run of one
resource's work across cases, and case partitions split a resource's work.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

import pandas as pd

from .activity_stats import ActivityStatistics, merge_activity_stats, partial_activity_stats
from .case_stats import merge_case_stats, partial_case_stats
from .dfg import merge_dfg, partial_dfg
from .handover import GROUP_COLUMNS, HandoverNetwork, HandoverPartial, merge_handovers, partial_handovers
from .instances import ActivityInstances
from .model import DirectlyFollowsGraph, MiningSettings, Variants
from .rework import merge_cycles, merge_rework, partial_cycles, partial_rework
from .variants import merge_variants, partial_variants

__all__ = ["Aggregate", "AGGREGATES", "PartialAggregates", "MergedAggregates", "partial_aggregates",
           "merge_aggregates"]


@dataclass(frozen=True)
class Aggregate:
    """One statistic as a pair: ``partial(events, timezone, settings, instances)`` and ``merge(partials)``.

    ``instances``: the frame's activity instances when the caller has them (None: the partial finds them).
    """

    name: str
    partial: Callable[[pd.DataFrame, str, MiningSettings, ActivityInstances | None], Any]
    merge: Callable[[Sequence[Any]], Any]


def _partial_handovers(events: pd.DataFrame, timezone: str, settings: MiningSettings,
                       instances: ActivityInstances | None) -> HandoverPartial:
    """Handovers at the level of the whole log: the first of the group columns with a value, else resources."""
    return partial_handovers(events, group_columns=GROUP_COLUMNS, min_group_size=settings.min_group_size)


#: Every statistic of a log, in the order of :class:`MergedAggregates`' fields.
AGGREGATES: tuple[Aggregate, ...] = (
    Aggregate("dfg", lambda events, tz, s, i: partial_dfg(events, instances=i), merge_dfg),
    Aggregate("variants", lambda events, tz, s, i: partial_variants(events, instances=i), merge_variants),
    Aggregate("activities", lambda events, tz, s, i: partial_activity_stats(events, instances=i), merge_activity_stats),
    Aggregate("cases", lambda events, tz, s, i: partial_case_stats(events, timezone=tz, settings=s), merge_case_stats),
    Aggregate("rework", lambda events, tz, s, i: partial_rework(events), merge_rework),
    Aggregate("cycles", lambda events, tz, s, i: partial_cycles(events), merge_cycles),
    Aggregate("handovers", _partial_handovers, merge_handovers),
)


@dataclass(frozen=True)
class PartialAggregates:
    """The partials of one case partition, name -> partial object (small enough to ship to a client)."""

    parts: dict[str, Any] = field(default_factory=dict)
    n_events: int = 0


@dataclass(frozen=True)
class MergedAggregates:
    """The merged, exact statistics of a whole log (:class:`~rpa_finder.mining.process.MinedProcess` holds them)."""

    dfg: DirectlyFollowsGraph
    variants: Variants
    activities: ActivityStatistics
    cases: pd.DataFrame
    #: :func:`~rpa_finder.mining.rework.measure_rework`'s table.
    rework: pd.DataFrame
    #: :func:`~rpa_finder.mining.rework.find_traversed_cycles`' table (cycles of up to 4 activities).
    cycles: pd.DataFrame
    #: :func:`~rpa_finder.mining.handover.build_handover_network` at mine_process's group column and k.
    handovers: HandoverNetwork
    n_events: int
    n_partitions: int


def partial_aggregates(events: pd.DataFrame, timezone: str = "Europe/Helsinki",
                       settings: MiningSettings = MiningSettings(), *,
                       instances: ActivityInstances | None = None) -> PartialAggregates:
    """All partials of an event frame in EventLog order that holds whole cases.

    ``instances``: the frame's activity instances when the caller has them already (shared, not found again).

    >>> from rpa_finder.eventlog import EventLog
    >>> t = pd.to_datetime(["2026-01-05 08:00", "2026-01-05 09:00"], utc=True)
    >>> log = EventLog.from_frame(pd.DataFrame({"case_id": "c", "activity": ["a", "b"], "timestamp": t}))
    >>> sorted(partial_aggregates(log.events).parts)
    ['activities', 'cases', 'cycles', 'dfg', 'handovers', 'rework', 'variants']
    """
    return PartialAggregates(parts={a.name: a.partial(events, timezone, settings, instances) for a in AGGREGATES},
                             n_events=len(events))


def merge_aggregates(partials: Sequence[PartialAggregates]) -> MergedAggregates:
    """Merge the partials of all partitions exactly (each merge function once per statistic)."""
    merged = {a.name: a.merge([p.parts[a.name] for p in partials]) for a in AGGREGATES}
    return MergedAggregates(**merged, n_events=sum(p.n_events for p in partials), n_partitions=len(partials))
