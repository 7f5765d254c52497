# SPDX-License-Identifier: AGPL-3.0-or-later
"""Handover of work: who passes a case to whom, at a level that does not expose one person.

A handover is two consecutive activity instances (lifecycle "complete") of a case done by two
different, known resources; it is counted once for the pair (from, to) of nodes the two resources
belong to.  Finnish working-life privacy law restricts monitoring individual employees, so the
resource labels are taken as the ingest step left them (pseudonymised) and the network is coarsened
by ``min_group_size`` (k) until no node describes fewer than k people:

* Group level (``group_column`` given, e.g. the receipt log's ``org:group``): a node is the value of
  that column on the event (missing -> "unknown").  Its members are the distinct resources with an
  event in it.  Groups with fewer than k members are merged into one node "other".
* Resource level (no group column): each node is one pseudonym, shown on its own only when the log
  has at least k resources in all (so the pseudonym hides among k peers) and the resource took part
  in at least k handovers (a rare substitute is easy to recognise); the rest go to "other".
* If "other" then has fewer than k members, the smallest remaining nodes (fewest members, then
  fewest handovers) join it until it has k, or until everything is "other".

So every node, "other" included, stands for at least k resources (group level) or a pseudonym among
at least k (resource level); with fewer than k resources in the whole log there is one node.
k <= 1 switches the coarsening off.  Handovers inside a node show as a self-loop on it.
"""
from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import numpy as np
import pandas as pd

from ..errors import UsageError
from ..eventlog import EventLog

__all__ = ["build_handover_network", "HandoverNetwork", "OTHER", "UNKNOWN"]

OTHER = "other"
UNKNOWN = "unknown"


@dataclass(frozen=True)
class HandoverNetwork:
    """The coarsened handover network.

    ``edges``: source, target, handovers, cases (distinct cases with that handover), share (of all
    handovers), sorted by handovers descending.  ``nodes``: node, members (distinct resources),
    events, handovers_out, handovers_in.  ``graph`` holds the same figures as node/edge attributes.
    ``merged``: the original labels that went into "other" (empty at resource level, where the
    pseudonyms of small contributors are not listed either).
    """

    graph: nx.DiGraph
    edges: pd.DataFrame
    nodes: pd.DataFrame
    level: str
    min_group_size: int
    merged: tuple[str, ...]


def _labels(events: pd.DataFrame, group_column: str | None) -> pd.Series:
    if group_column is None:
        return events["resource"].astype("object")
    if group_column not in events.columns:
        raise UsageError(f"group column {group_column!r} not in the log", where="events",
                         fix=f"choose one of {', '.join(map(str, events.columns))}")
    return events[group_column].astype("object").where(events[group_column].notna(), UNKNOWN).astype("str")


def _merge_small(labels: pd.Series, resource: pd.Series, volume: pd.Series, eligible: pd.Series,
                 k: int) -> dict[str, str]:
    """label -> node: ineligible labels become OTHER, then OTHER is topped up to k members."""
    members = {label: set(group.dropna()) for label, group in resource.groupby(labels, sort=True)}
    mapping = {label: (label if eligible.get(label, False) else OTHER) for label in members}
    pooled = set().union(*(members[l] for l, node in mapping.items() if node == OTHER)) if members else set()
    if pooled and len(pooled) < k:
        kept = sorted((l for l, node in mapping.items() if node != OTHER),
                      key=lambda l: (len(members[l]), int(volume.get(l, 0)), str(l)))
        for label in kept:  # loop per node, not per event
            if len(pooled) >= k:
                break
            mapping[label] = OTHER
            pooled |= members[label]
    return mapping


def build_handover_network(log: EventLog, *, group_column: str | None = None,
                           min_group_size: int = 5) -> HandoverNetwork:
    """Count handovers between consecutive activity instances, coarsened as the module says.

    >>> net = build_handover_network(log, group_column="org:group", min_group_size=5)  # doctest: +SKIP
    >>> net.edges.head()                                                                # doctest: +SKIP
    """
    events = log.events[log.events["lifecycle"] == "complete"].reset_index(drop=True)
    case = events["case_id"].cat.codes.to_numpy()
    resource = events["resource"].cat.codes.to_numpy()
    n = len(events)
    same_case = np.r_[False, case[1:] == case[:-1]] if n else np.zeros(0, bool)
    previous = np.r_[-1, resource[:-1]] if n else resource
    handover = same_case & (resource >= 0) & (previous >= 0) & (resource != previous)
    after = np.flatnonzero(handover)

    labels = _labels(events, group_column)
    known = labels.notna()
    volume = (pd.Series(labels.to_numpy()[after]).value_counts()
              .add(pd.Series(labels.to_numpy()[after - 1]).value_counts(), fill_value=0))
    k = int(min_group_size)
    resources = events["resource"].astype("object")
    if k <= 1:
        eligible = pd.Series(True, index=pd.unique(labels[known]))
    elif group_column is None:
        enough_people = events["resource"].nunique() >= k
        eligible = (volume >= k) & enough_people
    else:
        eligible = resources[known].groupby(labels[known]).nunique() >= k
    mapping = _merge_small(labels[known], resources[known], volume, eligible, k) if k > 1 else \
        {label: label for label in eligible.index}
    node = labels.map(mapping).astype("object")

    pairs = pd.DataFrame({"source": node.to_numpy()[after - 1], "target": node.to_numpy()[after],
                          "case": case[after]})
    edges = (pairs.groupby(["source", "target"], sort=True)
             .agg(handovers=("case", "size"), cases=("case", "nunique")).reset_index())
    total = int(edges["handovers"].sum())
    edges["share"] = edges["handovers"] / total if total else 0.0
    edges = edges.astype({"source": "str", "target": "str", "handovers": "int64", "cases": "int64"})
    edges = edges.sort_values(["handovers", "source", "target"], ascending=[False, True, True],
                              kind="stable", ignore_index=True)

    in_node = node.notna()
    nodes = pd.DataFrame({
        "members": resources[in_node].groupby(node[in_node]).nunique(),
        "events": node[in_node].value_counts(),
        "handovers_out": edges.groupby("source")["handovers"].sum(),
        "handovers_in": edges.groupby("target")["handovers"].sum(),
    }).fillna(0).astype("int64").rename_axis("node").reset_index()
    nodes["node"] = nodes["node"].astype("str")
    nodes = nodes.sort_values(["events", "node"], ascending=[False, True], kind="stable", ignore_index=True)

    graph = nx.DiGraph()
    graph.add_nodes_from((row.pop("node"), row) for row in nodes.to_dict("records"))
    graph.add_edges_from((row.pop("source"), row.pop("target"), row) for row in edges.to_dict("records"))
    merged = tuple(sorted(str(l) for l, v in mapping.items() if v == OTHER and l != OTHER)) \
        if group_column is not None else ()
    return HandoverNetwork(graph=graph, edges=edges, nodes=nodes,
                           level=group_column or "resource", min_group_size=k, merged=merged)
