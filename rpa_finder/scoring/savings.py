# SPDX-License-Identifier: AGPL-3.0-or-later
"""Savings arithmetic with honest ranges (domain notes, section 3).

hours saved a year = volume x handling time x automatable share x (1 - automation rate) x (1 - exception share)
FTE = hours / hours per FTE;  gross EUR = hours x loaded hourly cost;
net EUR = gross - yearly robot running cost;  payback months = 12 x development cost / net EUR a year.

Every input that is uncertain is a (low, mid, high) triple.  The *low* estimate combines the
pessimistic end of every input (short handling, small automatable share, cheap hours, dear robots),
the *high* estimate the optimistic end, so the range carries all the uncertainty, never a bare point.
"""
from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
import pandas as pd

__all__ = ["SavingsSettings", "estimate_savings", "SAVINGS_COLUMNS"]

Triple = tuple[float, float, float]

SAVINGS_COLUMNS = (
    "hours_per_year_low", "hours_per_year", "hours_per_year_high", "fte",
    "savings_eur_low", "savings_eur_mid", "savings_eur_high",
    "net_savings_eur_low", "net_savings_eur_mid", "net_savings_eur_high",
    "payback_months", "payback_months_low", "payback_months_high",
)


@dataclass(frozen=True)
class SavingsSettings:
    """Cost and effect assumptions; each is documented and can be set in the config's [savings]."""

    #: Working hours of one municipal full-time equivalent a year (KVTES; range 1,598-1,713).
    hours_per_fte: float = 1644.0
    #: Loaded cost of one working hour (salary + side costs + overhead), EUR.
    hourly_cost_eur: Triple = (32.0, 40.0, 48.0)
    #: Share of the step's handling time a robot takes over (vendors claim 30-70 %, studies find less).
    automatable_share: Triple = (0.3, 0.5, 0.7)
    #: Relative uncertainty of an estimated (not measured) handling time, applied as -/+ this share.
    estimated_handling_uncertainty: float = 0.5
    #: Relative uncertainty of a measured handling time.
    measured_handling_uncertainty: float = 0.2
    #: Yearly running cost of one robot (licence share, hosting, upkeep), EUR: (optimistic, mid, pessimistic).
    robot_running_eur_per_year: Triple = (1200.0, 3600.0, 9000.0)
    #: One-off development cost of one robot, EUR: (optimistic, mid, pessimistic).
    robot_development_eur: Triple = (4000.0, 10000.0, 25000.0)

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, tuple) and not (len(value) == 3 and value[0] <= value[1] <= value[2]):
                raise ValueError(f"savings setting {f.name} must be (low, mid, high) in rising order, got {value}")


def _payback(development: float, net: pd.Series) -> pd.Series:
    months = 12.0 * development / net.where(net > 0)
    return months.round(1)


def _bound(frame: pd.DataFrame, column: str, fallback: pd.Series) -> pd.Series:
    """``frame[column]`` where it has a value, else ``fallback``."""
    if column not in frame:
        return fallback
    return frame[column].astype(float).where(frame[column].notna(), fallback)


def estimate_savings(frame: pd.DataFrame, settings: SavingsSettings = SavingsSettings()) -> pd.DataFrame:
    """Savings columns for a candidate table.

    ``frame`` needs ``events_per_year``, ``handling_minutes`` (NaN when unknown), ``automation_rate``
    (share already done by system users), ``exception_share`` and ``handling_measured`` (bool); the
    optional ``handling_minutes_low``/``_high`` (the measured error of the handling evidence) set the
    hours' range, which otherwise takes the fixed relative uncertainty of measured or estimated times.
    Returns a frame with :data:`SAVINGS_COLUMNS`, same index; NaN where handling time is unknown.
    """
    volume = frame["events_per_year"].astype(float)
    minutes = frame["handling_minutes"].astype(float)
    headroom = (1.0 - frame["automation_rate"].astype(float).clip(0, 1)) * (
        1.0 - frame["exception_share"].astype(float).fillna(0).clip(0, 1))
    spread = np.where(frame["handling_measured"].astype(bool), settings.measured_handling_uncertainty,
                      settings.estimated_handling_uncertainty)
    # the handling range measured for the evidence's kind (handling_minutes_low/_high), else the fixed spread
    minutes_low = _bound(frame, "handling_minutes_low", minutes * (1 - spread))
    minutes_high = _bound(frame, "handling_minutes_high", minutes * (1 + spread))
    per_minute = volume / 60.0 * headroom
    low_share, mid_share, high_share = settings.automatable_share
    hours_low = per_minute * minutes_low * low_share
    hours_mid = per_minute * minutes * mid_share
    hours_high = per_minute * minutes_high * high_share
    cost_low, cost_mid, cost_high = settings.hourly_cost_eur
    run_opt, run_mid, run_pes = settings.robot_running_eur_per_year
    dev_opt, dev_mid, dev_pes = settings.robot_development_eur
    out = pd.DataFrame(index=frame.index)
    out["hours_per_year_low"] = hours_low.round(1)
    out["hours_per_year"] = hours_mid.round(1)
    out["hours_per_year_high"] = hours_high.round(1)
    out["fte"] = (hours_mid / settings.hours_per_fte).round(3)
    out["savings_eur_low"] = (hours_low * cost_low).round(0)
    out["savings_eur_mid"] = (hours_mid * cost_mid).round(0)
    out["savings_eur_high"] = (hours_high * cost_high).round(0)
    out["net_savings_eur_low"] = (out["savings_eur_low"] - run_pes).round(0)
    out["net_savings_eur_mid"] = (out["savings_eur_mid"] - run_mid).round(0)
    out["net_savings_eur_high"] = (out["savings_eur_high"] - run_opt).round(0)
    out["payback_months"] = _payback(dev_mid, out["net_savings_eur_mid"])
    out["payback_months_low"] = _payback(dev_opt, out["net_savings_eur_high"])  # best case: shortest
    out["payback_months_high"] = _payback(dev_pes, out["net_savings_eur_low"])  # worst case: longest
    return out
