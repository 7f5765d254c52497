# SPDX-License-Identifier: AGPL-3.0-or-later
"""The directly-follows graph as a networkx DiGraph, and what graph theory says about it.

Bottlenecks rank edges by the waiting time they cost in total (mean wait x frequency), because a
long wait on a rare path matters less than a moderate wait that every case pays.  Centrality tells
which steps the flow runs through.  Cycles are rework loops; dense real graphs (BPIC15: 4,699 edges)
hold hundreds of thousands of short cycles, so their enumeration is capped and says when it stopped.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

import networkx as nx
import numpy as np
import pandas as pd

from ..errors import Message, UsageError
from .betweenness import flow_betweenness
from .model import DirectlyFollowsGraph

__all__ = ["build_digraph", "rank_bottlenecks", "compute_centrality", "find_cycles", "CycleSearch",
           "CYCLE_COLUMNS"]

#: Columns of ``CycleSearch.table``.
CYCLE_COLUMNS = ("cycle", "length", "weakest_edge_frequency")


def build_digraph(dfg: DirectlyFollowsGraph) -> nx.DiGraph:
    """The DFG as a DiGraph: nodes carry ``frequency``, ``starts``, ``ends``; edges every DFG column.

    >>> g = build_digraph(dfg)                                   # doctest: +SKIP
    >>> g["register request"]["check ticket"]["frequency"]       # doctest: +SKIP
    2
    """
    graph = nx.DiGraph()
    for activity, count in dfg.activity_frequency.items():
        graph.add_node(activity, frequency=int(count), starts=int(dfg.start_activities.get(activity, 0)),
                       ends=int(dfg.end_activities.get(activity, 0)))
    edges = dfg.edges
    attributes = [c for c in edges.columns if c not in ("source", "target")]
    records = edges[attributes].to_dict("records")
    graph.add_edges_from(zip(edges["source"], edges["target"], records))
    for node in graph.nodes:  # nodes seen only on edges
        graph.nodes[node].setdefault("frequency", 0)
        graph.nodes[node].setdefault("starts", int(dfg.start_activities.get(node, 0)))
        graph.nodes[node].setdefault("ends", int(dfg.end_activities.get(node, 0)))
    return graph


def rank_bottlenecks(dfg: DirectlyFollowsGraph, *, top: int | None = None) -> pd.DataFrame:
    """Edges ranked by total waiting time (mean_seconds x frequency), with their share of all waiting.

    Edges without a measured wait count as zero.  Columns: rank, source, target, frequency,
    mean_seconds, total_wait_seconds, wait_share; ties broken by frequency, then names.
    """
    edges = dfg.edges
    mean = edges["mean_seconds"].astype("float64").fillna(0.0).clip(lower=0.0)
    table = pd.DataFrame({
        "source": edges["source"].astype("str").to_numpy(),
        "target": edges["target"].astype("str").to_numpy(),
        "frequency": edges["frequency"].astype("int64").to_numpy(),
        "mean_seconds": edges["mean_seconds"].astype("float64").to_numpy(),
        "total_wait_seconds": (mean * edges["frequency"].astype("float64")).to_numpy(),
    })
    total = table["total_wait_seconds"].sum()
    table["wait_share"] = table["total_wait_seconds"] / total if total > 0 else 0.0
    table = table.sort_values(["total_wait_seconds", "frequency", "source", "target"],
                              ascending=[False, False, True, True], kind="stable", ignore_index=True)
    table.insert(0, "rank", np.arange(1, len(table) + 1, dtype="int64"))
    return table if top is None else table.head(top)


def compute_centrality(dfg: DirectlyFollowsGraph, *, exact_max_nodes: int = 200, sample_size: int = 100,
                       seed: int = 0) -> pd.DataFrame:
    """Per activity: in/out degree, in/out frequency, betweenness and PageRank.

    Betweenness is frequency-weighted: an edge's length is -log(share of the source's outgoing flow
    it carries), so shortest paths are the most likely routes.  Above ``exact_max_nodes`` activities
    it is estimated from ``sample_size`` source nodes drawn with a fixed ``seed`` (same input, same
    figures).  PageRank follows edges in proportion to their frequency.
    """
    graph = build_digraph(dfg)
    flow = nx.DiGraph()
    flow.add_nodes_from(graph.nodes)
    out_total = dict(graph.out_degree(weight="frequency"))
    for source, target, data in graph.edges(data=True):
        if source != target and data["frequency"] > 0:
            flow.add_edge(source, target, distance=-np.log(data["frequency"] / out_total[source]) + 0.0)
    n = flow.number_of_nodes()
    k = None if n <= exact_max_nodes else min(sample_size, n)
    betweenness = flow_betweenness(flow, k, seed if k else None) if n else {}  # networkx's figures, 3x faster
    pagerank = nx.pagerank(graph, weight="frequency") if n else {}
    nodes = list(graph.nodes)
    table = pd.DataFrame({
        "activity": pd.Series(nodes, dtype="str"),
        "frequency": [graph.nodes[a]["frequency"] for a in nodes],
        "in_degree": [graph.in_degree(a) for a in nodes],
        "out_degree": [graph.out_degree(a) for a in nodes],
        "in_frequency": [graph.in_degree(a, weight="frequency") for a in nodes],
        "out_frequency": [graph.out_degree(a, weight="frequency") for a in nodes],
        "betweenness": [betweenness.get(a, 0.0) for a in nodes],
        "pagerank": [pagerank.get(a, 0.0) for a in nodes],
    })
    for column in ("frequency", "in_degree", "out_degree", "in_frequency", "out_frequency"):
        table[column] = table[column].astype("int64")
    table.attrs["betweenness_sampled_sources"] = k
    return table.sort_values(["betweenness", "activity"], ascending=[False, True], kind="stable",
                             ignore_index=True)


@dataclass(frozen=True)
class CycleSearch:
    """Cycles of the DFG (self-loops excluded: rework counts those) and whether the search stopped early.

    ``table`` has ``CYCLE_COLUMNS``: ``cycle`` is a tuple of activities starting at the
    alphabetically first one (A -> B -> C -> A is ("A", "B", "C")); ``weakest_edge_frequency`` bounds
    how often the loop can have been run.  Every 2-cycle is always listed; longer ones until
    ``max_cycles`` or ``budget_seconds`` is reached, and then ``truncated`` is True.
    """

    table: pd.DataFrame
    truncated: bool
    max_length: int
    elapsed_seconds: float


def _canonical(cycle: list[str]) -> tuple[str, ...]:
    start = cycle.index(min(cycle))
    return tuple(cycle[start:] + cycle[:start])


def find_cycles(dfg: DirectlyFollowsGraph, *, max_length: int = 4, max_cycles: int = 10_000,
                budget_seconds: float = 5.0, min_frequency: int = 1) -> CycleSearch:
    """Simple cycles of 2..max_length activities over edges seen at least ``min_frequency`` times.

    2-cycles come from joining the edge list with itself (exact, any size); longer cycles come from
    networkx ``simple_cycles`` with a length bound, stopped after ``max_cycles`` of them or
    ``budget_seconds``.  Which longer cycles are found first then depends on the graph's order, so
    the list is a sample; raise ``min_frequency`` to focus it on the common paths.
    """
    if max_length < 2:
        raise UsageError(Message("cycle length bound must be at least 2, got {max_length}", max_length=max_length),
                         fix="use 2 or more")
    began = time.monotonic()
    edges = dfg.edges[["source", "target", "frequency"]].astype({"source": "str", "target": "str"})
    edges = edges[(edges["frequency"] >= min_frequency) & (edges["source"] != edges["target"])]
    pairs = edges.merge(edges, left_on=["source", "target"], right_on=["target", "source"], suffixes=("", "_back"))
    pairs = pairs[pairs["source"] < pairs["target"]]
    rows = [((s, t), 2, int(min(f, b))) for s, t, f, b in
            pairs[["source", "target", "frequency", "frequency_back"]].itertuples(index=False)]
    truncated = False
    if max_length > 2:
        graph = nx.DiGraph()
        graph.add_weighted_edges_from(edges.itertuples(index=False), weight="frequency")
        found = 0
        for cycle in nx.simple_cycles(graph, length_bound=max_length):
            if len(cycle) < 3:
                continue
            if found >= max_cycles or time.monotonic() - began > budget_seconds:
                truncated = True
                break
            found += 1
            weakest = min(graph[a][b]["frequency"] for a, b in zip(cycle, cycle[1:] + cycle[:1]))
            rows.append((_canonical(cycle), len(cycle), int(weakest)))
    table = pd.DataFrame(rows, columns=list(CYCLE_COLUMNS))
    table = table.astype({"length": "int64", "weakest_edge_frequency": "int64"})
    table = table.sort_values(["weakest_edge_frequency", "length", "cycle"], ascending=[False, True, True],
                              kind="stable", ignore_index=True)
    return CycleSearch(table=table, truncated=truncated, max_length=max_length,
                       elapsed_seconds=time.monotonic() - began)
