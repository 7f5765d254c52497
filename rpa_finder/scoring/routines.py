# SPDX-License-Identifier: AGPL-3.0-or-later
"""Routine candidates: chains of steps that usually run back to back, by the same person, within minutes.

Such a chain is one robot, not several (Leno, Dumas et al.).  Two consecutive steps of a case are
*linked* when the same resource did both and the second completed within ``max_gap_minutes`` of the
first.  An edge a -> b is *strong* when, where b directly follows a, it is usually linked
(``min_linked_share``), and the linked pair is a common path of both steps (``min_follow_share`` of a's
executions go on to b linked, and of b's come from a linked).  Routines are the
maximal paths of strong edges; their support is the number of times the whole chain ran linked.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["RoutineSettings", "find_routines"]


@dataclass(frozen=True)
class RoutineSettings:
    max_gap_minutes: float = 15.0
    min_linked_share: float = 0.6
    min_follow_share: float = 0.3
    min_support: int = 10
    max_length: int = 12


def _links(instances: pd.DataFrame, settings: RoutineSettings) -> pd.DataFrame:
    case = instances["case_id"].to_numpy()
    same_case = np.r_[case[1:] == case[:-1], False]
    resource = instances["resource"].astype("str")
    nxt_resource = resource.shift(-1)
    gap = (instances["timestamp"].shift(-1) - instances["timestamp"]).dt.total_seconds()
    linked = same_case & (resource == nxt_resource).to_numpy() & resource.notna().to_numpy() \
        & (gap >= 0).to_numpy() & (gap <= settings.max_gap_minutes * 60).to_numpy()
    return pd.DataFrame({"source": instances["activity"].astype(str), "target": instances["activity"].astype(str).shift(-1),
                         "linked": linked, "gap": gap})


def _chains(strong: pd.DataFrame, max_length: int) -> list[tuple[str, ...]]:
    out_edge = dict(zip(strong["source"], strong["target"]))
    targets = set(strong["target"])
    chains = []
    for start in sorted(set(strong["source"]) - targets):
        chain = [start]
        while chain[-1] in out_edge and out_edge[chain[-1]] not in chain and len(chain) < max_length:
            chain.append(out_edge[chain[-1]])
        chains.append(tuple(chain))
    return chains


def _support(codes: np.ndarray, targets: np.ndarray, linked: np.ndarray, ts: np.ndarray,
             chain: tuple[int, ...]) -> tuple[int, float]:
    """Times the whole chain ran linked, and the median minutes from its first to its last step."""
    n = len(chain) - 1
    size = len(codes) - n
    if size <= 0:
        return 0, float("nan")
    ok = np.ones(size, dtype=bool)
    for offset, (a, b) in enumerate(zip(chain, chain[1:])):
        window = slice(offset, offset + size)
        ok &= (codes[window] == a) & (targets[window] == b) & linked[window]
    hits = np.flatnonzero(ok)
    if not len(hits):
        return 0, float("nan")
    span = (ts[hits + n] - ts[hits]) / np.timedelta64(1, "m")
    return int(len(hits)), float(np.median(span))


def find_routines(instances: pd.DataFrame, settings: RoutineSettings = RoutineSettings()) -> pd.DataFrame:
    """One row per routine: steps (tuple), length, support, link_share (weakest linked share), span_minutes."""
    columns = ["steps", "length", "support", "link_share", "span_minutes"]
    if instances.empty or instances["resource"].isna().all():
        return pd.DataFrame(columns=columns)
    links = _links(instances.reset_index(drop=True), settings)
    executions = links["source"].value_counts().astype("float64")
    follows = links.dropna(subset=["target"]).groupby(["source", "target"]).size().rename("follows")
    linked = links[links["linked"]].groupby(["source", "target"]).size().rename("n").to_frame()
    linked = linked.join(follows).reset_index()
    linked = linked[linked["source"] != linked["target"]]
    if linked.empty:
        return pd.DataFrame(columns=columns)
    linked["linked_share"] = linked["n"] / linked["follows"]
    linked["out_share"] = linked["n"] / linked["source"].map(executions)
    linked["in_share"] = linked["n"] / linked["target"].map(executions)
    strong = linked[(linked["linked_share"] >= settings.min_linked_share)
                    & (linked["out_share"] >= settings.min_follow_share)
                    & (linked["in_share"] >= settings.min_follow_share)]
    strong = strong.sort_values("n", ascending=False).drop_duplicates("source").drop_duplicates("target")
    names = pd.Index(pd.unique(links["source"]))
    codes = names.get_indexer(links["source"])
    targets = names.get_indexer(links["target"].fillna("(end)"))
    flags = links["linked"].to_numpy(dtype=bool)
    ts = instances["timestamp"].dt.tz_convert("UTC").dt.tz_localize(None).to_numpy(dtype="datetime64[ns]")
    rows = []
    for chain in _chains(strong, settings.max_length):
        support, span = _support(codes, targets, flags, ts, tuple(names.get_indexer(list(chain))))
        if support < settings.min_support:
            continue
        edges = strong.set_index(["source", "target"]).loc[list(zip(chain, chain[1:]))]
        rows.append((chain, len(chain), support, float(edges["linked_share"].min()), span))
    table = pd.DataFrame(rows, columns=columns)
    return table.sort_values(["support", "length"], ascending=False, ignore_index=True)
