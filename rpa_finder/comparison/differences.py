# SPDX-License-Identifier: AGPL-3.0-or-later
"""How the organisations run the same process differently: variants, standardisation, throughput,
and the activities only some of them use.

A shared robot fits best where the process is run alike; these figures tell a joint project where the
organisations would first have to agree on one way of working.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from ..analysis import AnalysisResult

__all__ = ["profile_process", "compare_processes", "find_partial_activities", "PROFILE_COLUMNS"]

PROFILE_COLUMNS = ("organisation", "cases", "events", "activities", "years", "variants", "top_variant_share",
                   "top10_variant_share", "standardisation", "median_throughput_days", "candidates",
                   "already_automated", "maturity_level", "maturity_level_name")


def profile_process(result: AnalysisResult) -> dict:
    """Headline figures of one analysed log, small enough to send between processes.

    ``standardisation`` is the event-weighted mean of the activities' standardisation (1 - normalised
    entropy of predecessors and successors): 1 when every step always follows and precedes the same one.
    """
    mined, scored = result.mined, result.scored
    variants = mined.variants.table
    features = scored.features
    throughput = mined.cases["throughput_seconds"] if "throughput_seconds" in mined.cases else pd.Series(dtype=float)
    weights = features["events"].astype(float)
    known = features["standardisation"].notna() & (weights > 0)
    standardisation = (float(np.average(features.loc[known, "standardisation"], weights=weights[known]))
                       if known.any() else None)
    times = mined.instances.table["timestamp"]
    span = (times.max() - times.min()).total_seconds() / (365.25 * 86400) if len(times) else 0.0
    status = scored.candidates.loc[scored.candidates["kind"] == "activity", "status"]
    return {
        "cases": int(mined.log.n_cases),
        "events": int(mined.log.n_events),
        "activities": int(len(features)),
        "years": round(span, 2),
        "variants": int(mined.variants.count),
        "top_variant_share": round(float(variants["share"].iloc[0]), 4) if len(variants) else None,
        "top10_variant_share": round(float(variants["share"].head(10).sum()), 4) if len(variants) else None,
        "standardisation": None if standardisation is None else round(standardisation, 3),
        "median_throughput_days": round(float(throughput.median()) / 86400, 1) if throughput.notna().any() else None,
        "candidates": int((status == "candidate").sum()),
        "already_automated": int((status == "already_automated").sum()),
    }


def compare_processes(profiles: dict[str, dict], maturity: dict[str, dict | None] | None = None) -> pd.DataFrame:
    """One row per organisation (:data:`PROFILE_COLUMNS`), in the order given."""
    rows = []
    for name, profile in profiles.items():
        level = (maturity or {}).get(name) or {}
        rows.append({"organisation": name, **profile, "maturity_level": level.get("level"),
                     "maturity_level_name": level.get("level_name")})
    return pd.DataFrame(rows, columns=list(PROFILE_COLUMNS))


def find_partial_activities(comparison: pd.DataFrame, organisations: Sequence[str]) -> pd.DataFrame:
    """Aligned activities that only some organisations use: where the processes differ in content.

    Columns: activity, label, organisations (count), organisation_names, missing_in, events; most
    widely used first, then by volume.
    """
    columns = ["activity", "label", "organisations", "organisation_names", "missing_in", "events"]
    if comparison.empty:
        return pd.DataFrame(columns=columns)
    order = {name: i for i, name in enumerate(organisations)}
    grouped = comparison.groupby("activity", sort=False)
    present = grouped["organisation"].agg(lambda s: sorted(set(s), key=order.get))
    out = pd.DataFrame({"label": grouped["label"].first(), "present": present,
                        "events": grouped["events"].sum()})
    out["organisations"] = out["present"].map(len)
    out = out[out["organisations"] < len(organisations)]
    out["organisation_names"] = out["present"].map(";".join)
    out["missing_in"] = out["present"].map(lambda names: ";".join(o for o in organisations if o not in names))
    out = out.reset_index().sort_values(["organisations", "events", "activity"], ascending=[False, False, True])
    return out[columns].reset_index(drop=True)
