# SPDX-License-Identifier: AGPL-3.0-or-later
"""What a deployed robot delivered, as typed results that serialise to summary.json's shape.

Every uncertain figure is a :class:`Span` (low, mid, high), as the scoring's savings are: the low end
takes the pessimistic side of each input, the high end the optimistic one.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

__all__ = ["Span", "RobotBenefit", "RealisedBenefit"]


def _number(value: float | None, digits: int) -> float | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else round(float(value), digits)


@dataclass(frozen=True)
class Span:
    """A figure with its range: ``low`` <= ``mid`` <= ``high`` (NaN: unknown)."""

    low: float
    mid: float
    high: float

    def to_dict(self, digits: int = 1) -> dict[str, float | None]:
        return {"low": _number(self.low, digits), "mid": _number(self.mid, digits), "high": _number(self.high, digits)}


@dataclass(frozen=True)
class RobotBenefit:
    """One deployed robot on one step: its share, the human hours it removed, its hand-backs."""

    activity: str
    account: str
    go_live: date | None
    #: ``confirmed``/``recorded``/``not_seen``/``suggested`` (:func:`~.detect.detect_deployments`).
    status: str
    source: str
    go_live_detected: date | None = None
    #: Share of the step's executions after the go-live (and its transition days) done by the robot.
    robot_share: float = float("nan")
    robot_executions: int = 0
    #: People's executions of the step straight after the robot's in the same case: exceptions returned.
    hand_backs: int = 0
    hand_back_share: float = float("nan")
    #: Share of the step's human work per need that disappeared: 1 - (after / before).  Unitless, so the
    #: handling estimator's error (which scales both periods alike) leaves it alone.
    removed_share: float = float("nan")
    #: Executions the process asks for a year (a hand-back is a second execution of one need).
    needs_per_year: float = float("nan")
    handling_minutes_before: Span = field(default_factory=lambda: Span(*[float("nan")] * 3))
    handling_minutes_after: Span = field(default_factory=lambda: Span(*[float("nan")] * 3))
    handling_evidence: str = ""
    human_hours_per_year_before: Span = field(default_factory=lambda: Span(*[float("nan")] * 3))
    human_hours_per_year_after: Span = field(default_factory=lambda: Span(*[float("nan")] * 3))
    realised_hours_per_year: Span = field(default_factory=lambda: Span(*[float("nan")] * 3))
    #: The estimate made when the decision was taken (None: none passed in).
    estimated_hours_per_year: Span | None = None
    throughput_days_before: Span = field(default_factory=lambda: Span(*[float("nan")] * 3))
    throughput_days_after: Span = field(default_factory=lambda: Span(*[float("nan")] * 3))
    #: Months of the log after the go-live's transition days: how much evidence the realised figure has.
    months_after: float = 0.0
    #: True when only calendar months both periods share were compared (season); False: whole periods.
    season_matched: bool = False

    def to_dict(self) -> dict:
        """The JSON object of one deployed robot (summary.json's ``deployed_robots`` items)."""
        def day(value: date | None) -> str | None:
            return None if value is None else value.isoformat()

        return {
            "activity": self.activity, "account": self.account, "go_live": day(self.go_live),
            "go_live_detected": day(self.go_live_detected), "status": self.status, "source": self.source,
            "estimated_hours_per_year": None if self.estimated_hours_per_year is None
            else self.estimated_hours_per_year.to_dict(),
            "realised_hours_per_year": self.realised_hours_per_year.to_dict(),
            "human_hours_per_year_before": self.human_hours_per_year_before.to_dict(),
            "human_hours_per_year_after": self.human_hours_per_year_after.to_dict(),
            "handling_minutes_before": self.handling_minutes_before.to_dict(2),
            "handling_minutes_after": self.handling_minutes_after.to_dict(2),
            "handling_evidence": self.handling_evidence,
            "robot_share": _number(self.robot_share, 3), "robot_executions": int(self.robot_executions),
            "hand_backs": int(self.hand_backs), "hand_back_share": _number(self.hand_back_share, 3),
            "removed_share": _number(self.removed_share, 3), "needs_per_year": _number(self.needs_per_year, 1),
            "throughput_days_before": self.throughput_days_before.to_dict(2),
            "throughput_days_after": self.throughput_days_after.to_dict(2),
            "months_after": round(float(self.months_after), 1), "season_matched": bool(self.season_matched),
        }


@dataclass(frozen=True)
class RealisedBenefit:
    """Every deployed robot of one log, measured."""

    robots: tuple[RobotBenefit, ...] = ()

    def to_dict(self) -> dict:
        return {"deployed_robots": [robot.to_dict() for robot in self.robots]}

    def to_frame(self) -> pd.DataFrame:
        """One flat row per robot (spans as ``_low``/``_mid``/``_high`` columns), for tables and sheets."""
        rows = []
        for robot in self.robots:
            row = {}
            for key, value in robot.to_dict().items():
                if isinstance(value, dict):
                    row.update({f"{key}_{end}": value[end] for end in ("low", "mid", "high")})
                elif value is None and key.endswith("_per_year"):
                    row.update({f"{key}_{end}": None for end in ("low", "mid", "high")})
                else:
                    row[key] = value
            rows.append(row)
        return pd.DataFrame(rows)
