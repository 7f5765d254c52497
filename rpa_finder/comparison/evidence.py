# SPDX-License-Identifier: AGPL-3.0-or-later
"""Evidence across municipalities: a robot already deployed somewhere, what it removed, and what the same
robot would remove elsewhere.

The KUNIT study's advice is to copy working solutions; the evidence that one works is the realised
benefit measured in the municipality that runs it (:mod:`rpa_finder.realisation`).  Its
``removed_share`` (the share of the step's human work per need that disappeared) is unitless, so it
carries over: another municipality's estimate is that share of its own hours a year on the aligned
step, with the range of its own hours (low, mid, high).  The handling estimator's error scales both
periods of the measured robot alike and leaves the share alone; what does not carry over is a
different way of working, which the comparison's process differences list.
"""
from __future__ import annotations

import math
from typing import Mapping, Sequence

import pandas as pd

__all__ = ["EVIDENCE_COLUMNS", "EVIDENCE_STATUSES", "realised_evidence", "mark_shared_evidence"]

#: One row per (aligned step with a deployed robot somewhere, other organisation that has the step).
EVIDENCE_COLUMNS = ("activity", "label", "deployed_in", "account", "status", "removed_share",
                    "realised_hours_low", "realised_hours_mid", "realised_hours_high", "months_after",
                    "organisation", "hours_per_year_low", "hours_per_year", "hours_per_year_high",
                    "evidence_hours_low", "evidence_hours_mid", "evidence_hours_high")
#: Deployments whose figures count as evidence: seen taking over in the log (decided or not).
EVIDENCE_STATUSES = ("confirmed", "suggested")


def _finite(value) -> bool:
    return value is not None and isinstance(value, (int, float)) and math.isfinite(float(value))


def _robots(deployed: Mapping[str, Sequence[Mapping]], comparison: pd.DataFrame) -> pd.DataFrame:
    """Each measured robot as a row keyed by the aligned step (the robot's own step when not aligned)."""
    aligned = {(o, str(local)): str(shared) for o, local, shared in
               zip(comparison["organisation"], comparison["local_activity"], comparison["activity"])}
    rows = []
    for organisation, robots in deployed.items():
        for robot in robots:
            realised = robot.get("realised_hours_per_year") or {}
            if robot.get("status") not in EVIDENCE_STATUSES or not _finite(robot.get("removed_share")) \
                    or not _finite(realised.get("mid")):
                continue
            rows.append({"activity": aligned.get((organisation, str(robot["activity"])), str(robot["activity"])),
                         "deployed_in": organisation, "account": robot.get("account"), "status": robot["status"],
                         "removed_share": float(robot["removed_share"]),
                         **{f"realised_hours_{end}": realised.get(end) for end in ("low", "mid", "high")},
                         "months_after": robot.get("months_after")})
    return pd.DataFrame(rows)


def realised_evidence(comparison: pd.DataFrame, deployed: Mapping[str, Sequence[Mapping]]) -> pd.DataFrame:
    """:data:`EVIDENCE_COLUMNS`: for every step a robot was measured on in one organisation, each other
    organisation that has the aligned step, with ``evidence_hours_*`` = the robot's ``removed_share`` x
    that organisation's own hours a year (low, mid, high).

    ``comparison``: :func:`~.shared.build_comparison_table`'s long table; ``deployed``: organisation ->
    its summary.json ``deployed_robots`` items.  The robot with the most months of evidence speaks for a
    step measured in several organisations.
    """
    robots = _robots(deployed, comparison)
    if robots.empty or comparison.empty:
        return pd.DataFrame(columns=list(EVIDENCE_COLUMNS))
    robots = robots.sort_values("months_after", ascending=False, kind="stable").drop_duplicates("activity")
    hours = ["hours_per_year_low", "hours_per_year", "hours_per_year_high"]
    others = (comparison.groupby(["activity", "organisation"], sort=False)
              .agg(label=("label", "first"), **{h: (h, lambda s: s.sum(min_count=1)) for h in hours}).reset_index())
    out = robots.merge(others, on="activity", how="inner")
    out = out[out["organisation"] != out["deployed_in"]].copy()
    for end, column in zip(("low", "mid", "high"), hours):
        out[f"evidence_hours_{end}"] = (out["removed_share"] * pd.to_numeric(out[column], errors="coerce")).round(1)
    out = out.sort_values(["evidence_hours_mid", "activity", "organisation"], ascending=[False, True, True],
                          kind="stable", na_position="last")
    return out.reindex(columns=list(EVIDENCE_COLUMNS)).reset_index(drop=True)


def mark_shared_evidence(shared: pd.DataFrame, evidence: pd.DataFrame) -> pd.DataFrame:
    """``shared`` with ``deployed_in`` (where a robot already runs the step; empty: nowhere),
    ``evidence_removed_share`` and ``evidence_hours_low/mid/high`` (summed over the other organisations)."""
    out = shared.copy()
    if evidence.empty:
        out["deployed_in"] = ""
        for column in ("evidence_removed_share", "evidence_hours_low", "evidence_hours_mid", "evidence_hours_high"):
            out[column] = float("nan")
        return out
    grouped = evidence.groupby("activity", sort=False)
    marks = pd.DataFrame({"deployed_in": grouped["deployed_in"].first(),
                          "evidence_removed_share": grouped["removed_share"].first(),
                          **{f"evidence_hours_{end}": grouped[f"evidence_hours_{end}"].sum(min_count=1)
                             for end in ("low", "mid", "high")}})
    out = out.join(marks, on="activity")
    out["deployed_in"] = out["deployed_in"].fillna("")
    return out
