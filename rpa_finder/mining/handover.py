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

The counting is case-local, so it is a partial over whole cases (:func:`count_handovers`, keyed by
label names) and the coarsening runs once on the pooled counts (:func:`merge_handovers`); the
whole-log :func:`build_handover_network` is the same two steps on one partition.  Distinct cases per
node edge are exact because a partial keeps, per distinct set of label pairs a case hands over
along, how many cases have it: a node edge's cases are read off those sets once the labels are nodes.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

import networkx as nx
import numpy as np
import pandas as pd

from ..errors import Message, UsageError
from ..eventlog import EventLog
from .instances import complete_events
from .partitions import count_codes

__all__ = ["GROUP_COLUMNS", "build_handover_network", "HandoverNetwork", "HandoverCounts", "HandoverPartial",
           "count_handovers", "partial_handovers", "merge_handovers", "OTHER", "UNKNOWN"]

#: Event attributes that name an organisational unit, in order of preference: handovers are counted
#: between the units of the first one with a value anywhere in the log, else between resources.
GROUP_COLUMNS = ("org:group", "org_unit", "Yksikkö", "yksikko", "enhet", "department")
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


@dataclass(frozen=True)
class HandoverCounts:
    """Handovers of whole cases at one level, keyed by label names (group values or pseudonyms).

    ``pairs``: source, target, handovers per label pair.  ``labels``: per label with an event (the
    index), its events and handover ``volume`` (handovers it sent or received).  ``members``: the
    distinct (label, resource) pairs.  The distinct sets of label pairs that cases hand over along
    ("signatures"): ``signature_pairs`` holds their rows of ``pairs`` one signature after another,
    ``signature_sizes`` how many rows each has, ``signature_cases`` how many cases have it.
    """

    pairs: pd.DataFrame
    labels: pd.DataFrame
    members: pd.DataFrame
    signature_pairs: np.ndarray
    signature_sizes: np.ndarray
    signature_cases: np.ndarray


@dataclass(frozen=True)
class HandoverPartial:
    """Handover partial of one case partition: the counts at each level the merge may choose.

    ``group_columns``: the candidate group columns of the frame, in order of preference;
    ``with_values``: those with a value in this partition.  The merge takes the first candidate
    with a value in any partition, or the resources when none has one.
    """

    counts: dict[str | None, HandoverCounts] = field(default_factory=dict)
    group_columns: tuple[str, ...] = ()
    with_values: tuple[str, ...] = ()
    min_group_size: int = 5


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


def _unique_rows(matrix: np.ndarray, base: int) -> tuple[np.ndarray, np.ndarray]:
    """The distinct rows of a matrix of codes below ``base`` (first-seen order) and each row's index
    among them: one integer per row where the row fits in 62 bits, else a group number per row."""
    if matrix.shape[1] * np.log2(max(base, 2)) < 62:
        key = np.zeros(len(matrix), dtype=np.int64)
        for column in range(matrix.shape[1]):  # one vectorised pass per position
            key = key * base + matrix[:, column]
        inverse, _ = pd.factorize(key)
    else:
        frame = pd.DataFrame(matrix)
        inverse = frame.groupby(list(frame.columns), sort=False).ngroup().to_numpy()
    first = np.full(int(inverse.max(initial=-1)) + 1, len(matrix), dtype=np.int64)
    np.minimum.at(first, inverse, np.arange(len(matrix)))
    return matrix[first], inverse.astype(np.int64)


def _signatures(case: np.ndarray, pair: np.ndarray, n_pairs: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The distinct sets of ``pair`` codes that cases hand over along, and how many cases have each.

    Sets are compared exactly: the distinct (case, pair) keys sorted, each case's run of pair codes,
    and the runs of one length stacked into a matrix whose distinct rows are found at once (a pass
    per distinct set size, as the variants do).
    """
    if not len(case):
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    keys = _distinct_keys(case * n_pairs + pair, (int(case.max()) + 1) * n_pairs)
    owner, code = keys // n_pairs, keys % n_pairs
    starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
    sizes = np.diff(np.r_[starts, len(keys)])
    pairs, lengths, cases = [], [], []
    for size in np.unique(sizes).tolist():  # one pass per distinct set size
        chosen = starts[sizes == size]
        rows, inverse = _unique_rows(code[chosen[:, None] + np.arange(size)], n_pairs)
        pairs.append(rows.reshape(-1))
        lengths.append(np.full(len(rows), size, dtype=np.int64))
        cases.append(np.bincount(inverse, minlength=len(rows)).astype(np.int64))
    return np.concatenate(pairs), np.concatenate(lengths), np.concatenate(cases)


def count_handovers(events: pd.DataFrame, group_column: str | None = None) -> HandoverCounts:
    """Handover counts of an event frame in EventLog order that holds whole cases, by label.

    Every per-event step works on integer codes (case, resource, label); text appears only per
    distinct label, label pair and member.
    """
    events = complete_events(events, ["case_id", "resource"] + ([group_column] if group_column else []))
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
    label_events = np.bincount(label[label >= 0], minlength=n_labels)
    ends = np.r_[label[after], label[after - 1]]
    volume = np.bincount(ends[ends >= 0], minlength=n_labels)
    present = np.flatnonzero(label_events)
    labels = pd.DataFrame({"events": label_events[present].astype("int64"), "volume": volume[present].astype("int64")},
                          index=pd.Index(label_names[present].astype(str), dtype="str", name="label"))

    width = max(n_labels, 1)
    source, target = label[after - 1], label[after]
    known = (source >= 0) & (target >= 0)  # a handover joins two known resources, so two labels
    keys = source[known] * width + target[known]
    used, handovers = count_codes(keys, width * width)
    pairs = pd.DataFrame({"source": pd.Series(label_names[used // width], dtype="str"),
                          "target": pd.Series(label_names[used % width], dtype="str"),
                          "handovers": handovers.astype("int64")})
    signature_pairs, signature_sizes, signature_cases = _signatures(
        case[after][known].astype(np.int64), np.searchsorted(used, keys), max(len(used), 1))

    member_label, member_resource = _distinct_pairs(label, resource, len(resource_names))
    members = pd.DataFrame({"label": pd.Series(label_names[member_label], dtype="str"),
                            "resource": pd.Series(resource_names[member_resource], dtype="str")})
    return HandoverCounts(pairs=pairs, labels=labels, members=members, signature_pairs=signature_pairs,
                          signature_sizes=signature_sizes, signature_cases=signature_cases)


def _no_counts() -> HandoverCounts:
    """The counts of no events at all."""
    empty = np.zeros(0, dtype=np.int64)
    text = pd.Series([], dtype="str")
    return HandoverCounts(pairs=pd.DataFrame({"source": text, "target": text, "handovers": pd.Series(empty)}),
                          labels=pd.DataFrame({"events": empty, "volume": empty},
                                              index=pd.Index([], dtype="str", name="label")),
                          members=pd.DataFrame({"label": text, "resource": text}),
                          signature_pairs=empty, signature_sizes=empty, signature_cases=empty)


def partial_handovers(events: pd.DataFrame, *, group_columns: Sequence[str] = (),
                      min_group_size: int = 5) -> HandoverPartial:
    """Handover partial of a frame holding whole cases, for :func:`merge_handovers`.

    The level is chosen as :func:`~rpa_finder.mining.process.mine_process` chooses it on the whole
    log: the first of ``group_columns`` with a value, else the resources.  One partition cannot tell
    whether a column empty here has values elsewhere, so the candidates are counted in order up to
    the first with a value here, and the resources too when none has one.
    """
    columns = tuple(c for c in group_columns if c in events.columns)
    counts: dict[str | None, HandoverCounts] = {}
    with_values: tuple[str, ...] = ()
    for column in columns:  # one pass per candidate column, usually one
        counts[column] = count_handovers(events, column)
        if events[column].notna().any():
            with_values = (column,)
            break
    else:
        counts[None] = count_handovers(events, None)
    return HandoverPartial(counts=counts, group_columns=columns, with_values=with_values,
                           min_group_size=int(min_group_size))


def merge_handovers(partials: Sequence[HandoverPartial]) -> HandoverNetwork:
    """The handover network of the partitions' cases together: exactly :func:`build_handover_network`
    on the whole log with the group column that mine_process would pick."""
    if not partials:
        return _network([_no_counts()], None, HandoverPartial().min_group_size)
    columns = partials[0].group_columns
    if any(p.group_columns != columns or p.min_group_size != partials[0].min_group_size for p in partials):
        raise ValueError("handover partials disagree on the group columns or min_group_size")
    level = next((c for c in columns if any(c in p.with_values for p in partials)), None)
    return _network([p.counts[level] for p in partials], level, partials[0].min_group_size)


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


def _coarsen(labels: pd.DataFrame, members: pd.DataFrame, group_column: str | None, k: int) -> dict[str, str]:
    """label -> node for every label with an event, by the module's rules (k <= 1: each its own)."""
    if k <= 1:
        return {name: name for name in labels.index}
    tally = labels["volume"]
    volume = tally[tally > 0].astype("float64")
    if group_column is None:
        eligible = (volume >= k) & (members["resource"].nunique() >= k)
    else:
        eligible = members.groupby("label", sort=False).size().reindex(labels.index, fill_value=0) >= k
    grouped: dict[str, set] = {name: set() for name in sorted(labels.index)}
    for label, person in zip(members["label"].tolist(), members["resource"].tolist()):  # per distinct pair
        grouped[label].add(person)
    return _merge_small(grouped, volume, eligible, k)


def _network(parts: Sequence[HandoverCounts], group_column: str | None, k: int) -> HandoverNetwork:
    """Coarsen the pooled label counts of ``parts`` into nodes and build the tables and the graph.

    Labels and members pool by name; handovers add up per node edge; a node edge's distinct cases
    are, per part, the cases of the signatures that hold one of its label pairs (each counted once).
    """
    k = int(k)
    labels = (parts[0].labels if len(parts) == 1 else
              pd.concat([p.labels for p in parts]).groupby(level=0, sort=True).sum())
    members = (parts[0].members if len(parts) == 1 else
               pd.concat([p.members for p in parts], ignore_index=True).drop_duplicates(ignore_index=True))
    mapping = _coarsen(labels, members, group_column, k)
    node_index: dict[str, int] = {}
    for node in mapping.values():  # per label
        node_index.setdefault(node, len(node_index))
    node_names = np.asarray(list(node_index), dtype=object)
    code_of = pd.Series([node_index[node] for node in mapping.values()], index=pd.Index(list(mapping), dtype="str"),
                        dtype="int64")
    n_nodes = len(node_names)
    width = max(n_nodes, 1)

    pair_edges = [code_of.reindex(p.pairs["source"]).to_numpy(dtype=np.int64) * width
                  + code_of.reindex(p.pairs["target"]).to_numpy(dtype=np.int64) for p in parts]
    used = np.unique(np.concatenate(pair_edges))
    n_edges = max(len(used), 1)
    handovers = np.zeros(len(used), dtype=np.int64)
    cases = np.zeros(len(used), dtype=np.int64)
    for part, keys in zip(parts, pair_edges):  # per partition
        edge = np.searchsorted(used, keys)
        np.add.at(handovers, edge, part.pairs["handovers"].to_numpy(dtype=np.int64))
        owner = np.repeat(np.arange(len(part.signature_sizes), dtype=np.int64), part.signature_sizes)
        once = np.unique(owner * n_edges + edge[part.signature_pairs])  # each signature's node edges, once
        np.add.at(cases, once % n_edges, part.signature_cases[once // n_edges])
    edges = pd.DataFrame({"source": node_names[used // width] if n_nodes else np.array([], dtype=object),
                          "target": node_names[used % width] if n_nodes else np.array([], dtype=object),
                          "handovers": handovers, "cases": cases})
    total = int(edges["handovers"].sum())
    edges["share"] = edges["handovers"] / total if total else 0.0
    edges = edges.astype({"source": "str", "target": "str", "handovers": "int64", "cases": "int64"})
    edges = edges.sort_values(["handovers", "source", "target"], ascending=[False, True, True],
                              kind="stable", ignore_index=True)

    label_node = code_of.reindex(labels.index).to_numpy(dtype=np.int64)
    member_node = code_of.reindex(members["label"]).to_numpy(dtype=np.int64)
    person, people = pd.factorize(members["resource"])
    node_members = np.bincount(_distinct_pairs(member_node, person.astype(np.int64), len(people))[0],
                               minlength=n_nodes)
    node_events = np.zeros(n_nodes, dtype=np.int64)
    np.add.at(node_events, label_node, labels["events"].to_numpy(dtype=np.int64))
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


def build_handover_network(log: EventLog, *, group_column: str | None = None,
                           min_group_size: int = 5) -> HandoverNetwork:
    """Count handovers between consecutive activity instances, coarsened as the module says.

    The counts of the whole log as one partition (:func:`count_handovers`), coarsened and tabled by
    the code :func:`merge_handovers` runs on the pooled counts of many.

    >>> net = build_handover_network(log, group_column="org:group", min_group_size=5)  # doctest: +SKIP
    >>> net.edges.head()                                                                # doctest: +SKIP
    """
    if group_column is not None and group_column not in log.events.columns:
        raise UsageError(Message("group column {column!r} not in the log", column=group_column), where="events",
                         fix=Message("choose one of {choices}", choices=", ".join(map(str, log.events.columns))))
    return _network([count_handovers(log.events, group_column)], group_column, min_group_size)
