# SPDX-License-Identifier: AGPL-3.0-or-later
"""One case partition as the scoring partials read it; the whole log is the one-partition case.

Scoring beyond one machine runs each criterion as partials over partitions that keep every case
whole (see :mod:`rpa_finder.scoring.pipeline`).  A partition is an :class:`EventLog` of its own,
so a spilled partition read by a worker and a slice of a log in memory look alike.  Everything a
partial needs to put its rows into the whole log's order travels with it: the case id text, each
row's position within its case, and a stable hash per case (the same hash the rule sample and the
partitioning use).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from ..eventlog import EventLog
from ..mining.instances import extract_instances
from ..mining.partitions import partition_cases
from .instance_codes import CodedInstances, code_instances
from .sampling import name_hashes

__all__ = ["ScoringPartition", "scoring_partition", "partition_log", "instances_with_attributes"]


@dataclass(frozen=True, eq=False)
class ScoringPartition:
    """A log holding whole cases, its activity instances, and their shared integer codes."""

    #: None when only the instances are at hand (the handling rounds read no log).
    log: EventLog | None
    #: ``extract_instances(log.events).table``: one row per activity instance, in log order.
    instances: pd.DataFrame
    #: The instances with the event attributes of their completion events (decision mining reads them).
    enriched: pd.DataFrame
    coded: CodedInstances

    @cached_property
    def case_hashes(self) -> np.ndarray:
        """Per case code: the stable hash of its case id text (uint64)."""
        return name_hashes(self.coded.case_labels)

    @cached_property
    def row_hashes(self) -> np.ndarray:
        """Per instance row: its case's hash (0 for a row without a case)."""
        return np.r_[self.case_hashes, np.uint64(0)][self.coded.case]

    @cached_property
    def position_in_case(self) -> np.ndarray:
        """Per instance row: how many rows of its case come before it (the log's order within a case).

        With the case id text this is the row's place in the whole log: a log is sorted by case id
        text, then time, then source row, and a partition keeps that order within each case.
        """
        coded = self.coded
        by_case = coded.by_case
        starts = np.flatnonzero(~coded.continues)
        run = np.repeat(starts, np.diff(np.r_[starts, len(by_case)])) if len(by_case) else starts
        position = np.empty(len(by_case), dtype=np.int64)
        position[by_case] = np.arange(len(by_case)) - run
        return position


def instances_with_attributes(log: EventLog, instances: pd.DataFrame) -> pd.DataFrame:
    """Activity instances with the event attributes of their completion events, for decision mining."""
    events = log.events
    completes = events[events["lifecycle"] == "complete"]
    standard = {"case_id", "activity", "resource", "timestamp", "lifecycle", "source_row", "start_timestamp"}
    extra = [c for c in completes.columns if c not in standard]
    if not extra:
        return instances
    rows, wanted = completes["source_row"].to_numpy(), instances["source_row"].to_numpy()
    clash = bool(set(extra) & set(instances.columns))
    if not clash and len(rows) == len(wanted) and bool((rows == wanted).all()):
        taken = completes[extra]  # one instance per complete event, in order: the columns as they are
    else:
        index = pd.Index(rows)
        position = index.get_indexer_for(wanted) if index.is_unique else None
        if clash or position is None or (position < 0).any():
            # duplicate or missing rows, clashing names: merge's rules decide, as they always did
            attributes = completes[["source_row", *extra]].drop_duplicates("source_row")
            return instances.merge(attributes, on="source_row", how="left", sort=False)
        taken = completes[extra].iloc[position]  # a positional take, not a hash join over 1M keys
    return pd.concat([instances.reset_index(drop=True), taken.set_axis(pd.RangeIndex(len(instances)))], axis=1)


def scoring_partition(log: EventLog, instances: pd.DataFrame | None = None) -> ScoringPartition:
    """The scoring view of ``log`` (a whole log or one case partition of it).

    ``instances``: ``extract_instances(log.events).table`` when the caller has it already.
    """
    instances = extract_instances(log.events).table if instances is None else instances
    return ScoringPartition(log=log, instances=instances, enriched=instances_with_attributes(log, instances),
                            coded=code_instances(instances, log.timezone))


def partition_log(log: EventLog, n: int) -> list[EventLog]:
    """``log`` split into ``n`` logs of whole cases by case hash (empty ones left out).

    Each part keeps the whole log's judgement of its timestamps (``date_only_share``), so a criterion
    that depends on it decides alike in every partition.
    """
    share = log.date_only_share
    parts = []
    for events in partition_cases(log.events, n):
        if not len(events):
            continue
        events = events.reset_index(drop=True)
        ids = pd.Index(events["case_id"].unique().astype(str))
        cases = log.cases[ids.get_indexer(log.cases.index) >= 0]
        parts.append(EventLog(events=events, cases=cases, attributes=log.attributes, sources=log.sources,
                              timezone=log.timezone, written_date_only_share=share))
    return parts
