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
from .instances import complete_events

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


def _label_codes(events: pd.DataFrame, group_column: str | None) -> tuple[np.ndarray, np.ndarray]:
    """(code per event, -1 where unknown; label per code): the node labels without text per event."""
    if group_column is None:
        resource = events["resource"]
        return resource.cat.codes.to_numpy().astype(np.int64), np.asarray(resource.cat.categories, dtype=object)
    codes, uniques = pd.factorize(events[group_column], use_na_sentinel=True)
    texts = pd.Series(np.asarray(uniques, dtype=object), dtype="object").astype("str").tolist() + [UNKNOWN]
    codes = np.where(codes < 0, len(texts) - 1, codes)
    merged, names = pd.factorize(np.asarray(texts, dtype=object))  # two values may print alike
    return merged[codes].astype(np.int64), np.asarray(names, dtype=object)


#: Pair keys up to this many (or four per key counted) go through a bincount, O(n), rather than
#: np.unique's sort; the count array is then at most a few hundred MiB at 10M events.
DENSE_PAIR_KEYS = 1 << 24


def _distinct_keys(keys: np.ndarray, n_keys: int) -> np.ndarray:
    """The distinct non-negative ``keys`` (all below ``n_keys``), sorted, as np.unique gives them."""
    if n_keys <= max(DENSE_PAIR_KEYS, 4 * len(keys)):
        return np.flatnonzero(np.bincount(keys, minlength=n_keys))
    return np.unique(keys)


def _distinct_pairs(left: np.ndarray, right: np.ndarray, n_right: int) -> tuple[np.ndarray, np.ndarray]:
    """Distinct (left, right) code pairs where both are known, as two arrays."""
    both = (left >= 0) & (right >= 0)
    width = n_right + 1
    n_left = int(left.max(initial=-1)) + 1
    keys = _distinct_keys(left[both] * width + right[both], n_left * width)
    return keys // width, keys % width


def _merge_small(members: dict[str, set], volume: pd.Series, eligible: pd.Series, k: int) -> dict[str, str]:
    """label -> node: ineligible labels become OTHER, then OTHER is topped up to k members."""
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

    Every per-event step works on integer codes (case, resource, label, node); text appears only
    per distinct label, node and edge.

    >>> net = build_handover_network(log, group_column="org:group", min_group_size=5)  # doctest: +SKIP
    >>> net.edges.head()                                                                # doctest: +SKIP
    """
    if group_column is not None and group_column not in log.events.columns:
        raise UsageError(f"group column {group_column!r} not in the log", where="events",
                         fix=f"choose one of {', '.join(map(str, log.events.columns))}")
    events = complete_events(log.events, ["case_id", "resource"] + ([group_column] if group_column else []))
    case = events["case_id"].cat.codes.to_numpy()
    resource = events["resource"].cat.codes.to_numpy().astype(np.int64)
    resource_names = np.asarray(events["resource"].cat.categories, dtype=object)
    n = len(events)
    same_case = np.r_[False, case[1:] == case[:-1]] if n else np.zeros(0, bool)
    previous = np.r_[-1, resource[:-1]] if n else resource
    handover = same_case & (resource >= 0) & (previous >= 0) & (resource != previous)
    after = np.flatnonzero(handover)

    label, label_names = _label_codes(events, group_column)
    n_labels = len(label_names)
    present = np.bincount(label[label >= 0], minlength=n_labels) > 0
    ends = np.r_[label[after], label[after - 1]]
    tally = np.bincount(ends[ends >= 0], minlength=n_labels)
    volume = pd.Series(tally[tally > 0].astype("float64"), index=label_names[tally > 0])
    k = int(min_group_size)
    pair_label, pair_resource = _distinct_pairs(label, resource, len(resource_names))
    people = np.bincount(pair_label, minlength=n_labels)
    if k <= 1:
        eligible = pd.Series(True, index=label_names[present])
    elif group_column is None:
        enough_people = events["resource"].nunique() >= k
        eligible = (volume >= k) & enough_people
    else:
        eligible = pd.Series(people[present] >= k, index=label_names[present])
    if k > 1:
        members: dict[str, set] = {name: set() for name in sorted(label_names[present])}
        for code, person in zip(pair_label.tolist(), pair_resource.tolist()):  # per distinct pair
            members[label_names[code]].add(resource_names[person])
        mapping = _merge_small(members, volume, eligible, k)
    else:
        mapping = {name: name for name in eligible.index}

    node_of_label = np.full(n_labels, -1, dtype=np.int64)
    node_names_list: list[str] = []
    node_index: dict[str, int] = {}
    for code in np.flatnonzero(present).tolist():  # per label
        target = mapping[label_names[code]]
        node_of_label[code] = node_index.setdefault(target, len(node_names_list))
        if node_of_label[code] == len(node_names_list):
            node_names_list.append(target)
    node_names = np.asarray(node_names_list, dtype=object)
    # a log without resources (or group labels) has no node at all
    node = np.where(label >= 0, node_of_label[np.maximum(label, 0)], -1) if n_labels else np.full(n, -1)
    n_nodes = len(node_names)

    width = max(n_nodes, 1)
    tally = np.bincount(node[after - 1] * width + node[after], minlength=width * width)
    used = np.flatnonzero(tally)
    handovers = tally[used]
    edge = np.searchsorted(used, node[after - 1] * width + node[after])
    edge_cases, _ = _distinct_pairs(edge.reshape(-1), case[after].astype(np.int64), int(case.max(initial=0)) + 1)
    edges = pd.DataFrame({"source": node_names[used // width] if n_nodes else np.array([], dtype=object),
                          "target": node_names[used % width] if n_nodes else np.array([], dtype=object),
                          "handovers": handovers, "cases": np.bincount(edge_cases, minlength=len(used))})
    total = int(edges["handovers"].sum())
    edges["share"] = edges["handovers"] / total if total else 0.0
    edges = edges.astype({"source": "str", "target": "str", "handovers": "int64", "cases": "int64"})
    edges = edges.sort_values(["handovers", "source", "target"], ascending=[False, True, True],
                              kind="stable", ignore_index=True)

    node_members = np.bincount(_distinct_pairs(node, resource, len(resource_names))[0], minlength=n_nodes)
    node_events = np.bincount(node[node >= 0], minlength=n_nodes)
    nodes = pd.DataFrame({
        "members": pd.Series(node_members, index=node_names),
        "events": pd.Series(node_events, index=node_names),
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
