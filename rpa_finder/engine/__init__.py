# SPDX-License-Identifier: AGPL-3.0-or-later
"""Engines that compute the mergeable mining aggregates: in-process over case partitions, or on Dask.

Both run the same ``partial_X``/``merge_X`` pairs listed in :mod:`rpa_finder.mining.aggregates`; the
Dask engine (:mod:`rpa_finder.engine.dask_engine`) is imported only when asked for.
"""
from ..mining.aggregates import AGGREGATES, MergedAggregates, PartialAggregates, merge_aggregates, partial_aggregates
from .local import aggregate_file, aggregate_frames, aggregate_log, aggregate_spilled

__all__ = ["AGGREGATES", "MergedAggregates", "PartialAggregates", "partial_aggregates", "merge_aggregates",
           "aggregate_log", "aggregate_frames", "aggregate_spilled", "aggregate_file"]
