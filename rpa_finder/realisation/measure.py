# SPDX-License-Identifier: AGPL-3.0-or-later
"""Realised benefit of each deployed robot: the human hours a year that disappeared, measured from the log.

The figure is per *need* (one execution the process asks for; a hand-back is a second execution of
the same need), so a busier or quieter year after the go-live does not read as a saving or a loss:

    human hours a year = needs a year x human executions per need x handling minutes / 60

before and after the go-live, with the needs a year of the whole log (as scoring turns handling into
hours) and the handling minutes of the scoring's own estimator (:func:`~rpa_finder.scoring.handling.
handling_summary`: measured where the log has start times, else estimated, with the measured error
range of its kind of evidence).  The step's executions are split into pseudo-activities (before,
transition, after, robot) for that one call, so each period gets its own minutes from the same
estimator over the same log.  After the go-live the people's minutes are only taken apart from the
before minutes where measured: an estimate from completion gaps changes when the robot thins out the
people's work, which is no change of the work itself.  Where the log spans enough, the per-need rates
compare only the calendar months both periods have (season).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Mapping

import numpy as np
import pandas as pd

from ..scoring.automation import classify_accounts
from ..scoring.handling import HandlingSettings, automated_resources, calibrate_handling, handling_summary
from ..scoring.instance_codes import code_instances
from .executions import label_executions
from .steps import StepRows
from .result import RealisedBenefit, RobotBenefit, Span
from .settings import RealisationSettings

__all__ = ["measure_realised_benefit", "estimate_spans"]

_YEAR_SECONDS = 365.25 * 86400
_MONTH_DAYS = 30.44
_Z = 1.96
_NAN = Span(float("nan"), float("nan"), float("nan"))
_SUFFIX = {0: " \u27e8before\u27e9", 1: " \u27e8transition\u27e9", 2: " \u27e8after\u27e9", 3: " \u27e8robot\u27e9"}


def estimate_spans(estimates: pd.DataFrame | Mapping[str, tuple[float, float, float]] | None) -> dict[str, Span]:
    """Per activity, the hours a year estimated when the decision was taken: from a candidates table
    (``activity``, ``hours_per_year_low``/``hours_per_year``/``hours_per_year_high``; activity rows only
    where it has ``kind``) or a mapping activity -> (low, mid, high)."""
    if estimates is None:
        return {}
    if isinstance(estimates, pd.DataFrame):
        table = estimates if "kind" not in estimates else estimates[estimates["kind"] == "activity"]
        return {str(row.activity): Span(float(row.hours_per_year_low), float(row.hours_per_year),
                                        float(row.hours_per_year_high))
                for row in table.drop_duplicates("activity").itertuples(index=False)}
    return {str(name): Span(*map(float, triple)) for name, triple in estimates.items()}


def _median_interval(values: np.ndarray) -> Span:
    """The median and its 95 % order-statistic interval (ranks n/2 -+ 1.96 sqrt(n)/2)."""
    values = np.sort(values[~np.isnan(values)])
    n = len(values)
    if not n:
        return _NAN
    spread = _Z * math.sqrt(n) / 2
    low, high = max(int(math.floor(n / 2 - spread)), 0), min(int(math.ceil(n / 2 + spread)), n - 1)
    return Span(float(values[low]), float(np.median(values)), float(values[high]))


def _period_handling(instances: pd.DataFrame, labels: pd.DataFrame, activity: str, account: str, timezone: str,
                     date_only: bool, given: Mapping[str, float], settings: HandlingSettings,
                     steps: StepRows) -> pd.DataFrame:
    """The scoring's handling figures with the step's executions split into its periods and the robot's."""
    kind = np.where(labels["robot"].to_numpy(), 3, labels["period"].to_numpy())
    codes = steps.activity.copy()  # relabelled as codes: no text copy of the log's steps
    codes[labels.index.to_numpy()] = len(steps.activities) + kind.astype(np.int64)
    names = np.concatenate([steps.activities, [activity + _SUFFIX[k] for k in range(4)]])
    relabelled = instances.assign(activity=pd.Series(pd.Categorical.from_codes(codes, names), index=instances.index))
    coded = code_instances(relabelled, timezone)
    accounts = classify_accounts(relabelled, timezone=timezone, date_only=date_only, coded=coded)
    automated = automated_resources(coded.resources, accounts) | (np.asarray(coded.resources, dtype=object) == account)
    frame, _ = handling_summary(relabelled, timezone=timezone, settings=settings, coded=coded, automated=automated)
    if activity in given:
        given = {**given, **{activity + suffix: given[activity] for suffix in _SUFFIX.values()}}
    return calibrate_handling(frame, dict(given), settings)


def _minutes(frame: pd.DataFrame, name: str) -> tuple[Span, str, bool]:
    if name not in frame.index or pd.isna(frame.at[name, "handling_minutes"]):
        return _NAN, "", False
    row = frame.loc[name]
    span = Span(float(row["handling_minutes_low"]), float(row["handling_minutes"]), float(row["handling_minutes_high"]))
    return span, str(row["handling_evidence"]), str(row["handling_evidence"]) in ("measured", "given")


def _shared_months(labels: pd.DataFrame, settings: RealisationSettings) -> np.ndarray | None:
    """Calendar months (1-12) both periods cover well, when there are ``min_shared_months`` of them
    (else None).  A month covers a period when it holds at least ``month_coverage`` of the period's
    median month: the go-live's partial month and the log's thin tail (only the slowest cases end
    there) would otherwise stand for a whole season."""
    year_month = labels["local"].dt.to_period("M").to_numpy()
    period = labels["period"].to_numpy()
    covered = []
    for code in (0, 2):
        counts = pd.Series(1, index=year_month[period == code]).groupby(level=0).size()
        full = counts[counts >= settings.month_coverage * counts.median()].index
        covered.append(np.unique([p.month for p in full]))
    shared = np.intersect1d(*covered)
    return shared if len(shared) >= settings.min_shared_months else None


def _rate(labels: pd.DataFrame, period: int, months: np.ndarray | None) -> tuple[float, int]:
    """Human executions per need in ``period`` (restricted to ``months``) and the needs counted."""
    part = labels[labels["period"].to_numpy() == period]
    if months is not None:
        part = part[np.isin(part["local"].dt.month.to_numpy(), months)]
    needs = int(len(part) - part["hand_back"].sum())
    human = int((~part["robot"]).sum())
    return (human / needs if needs else float("nan")), needs


def _throughput(labels: pd.DataFrame, cases: "_Cases") -> tuple[Span, Span]:
    """Median days from first to last completion of the cases people did the step for before the
    go-live, and of those the robot did it for after: only cases that began at least the 90th
    percentile of the before cases' durations ahead of the log's end, since the export cuts the
    younger ones short (a truncated case looks fast)."""
    def chosen(robot: bool, period: int) -> np.ndarray:
        rows = labels.index.to_numpy()[(labels["robot"].to_numpy() == robot) & (labels["period"].to_numpy() == period)]
        return np.unique(cases.row_case[rows])

    before, after = chosen(False, 0), chosen(True, 2)
    if not len(before):
        return _NAN, _NAN
    horizon = np.quantile(cases.spans[before], 0.9)
    old_enough = cases.first <= cases.end - horizon
    return (_median_interval(cases.spans[before[old_enough[before]]] / 86400),
            _median_interval(cases.spans[after[old_enough[after]]] / 86400))


@dataclass(frozen=True, eq=False)
class _Cases:
    """Per case code: first completion and span (seconds); per instance row its case code; the log's end."""

    row_case: np.ndarray
    first: np.ndarray
    spans: np.ndarray
    end: int


def _cases(instances: pd.DataFrame) -> _Cases:
    times = instances["timestamp"]
    utc = times.dt.tz_convert("UTC").dt.tz_localize(None) if isinstance(times.dtype, pd.DatetimeTZDtype) else times
    seconds = utc.to_numpy("datetime64[s]").astype(np.int64)
    row_case = pd.factorize(instances["case_id"].to_numpy())[0]
    first = np.full(row_case.max() + 1, np.iinfo(np.int64).max)
    last = np.full(row_case.max() + 1, np.iinfo(np.int64).min)
    np.minimum.at(first, row_case, seconds)
    np.maximum.at(last, row_case, seconds)
    return _Cases(row_case=row_case, first=first, spans=(last - first).astype(float), end=int(seconds.max()))


def _one(instances: pd.DataFrame, deployment, estimates: dict[str, Span], *, timezone: str, date_only: bool,
         years: float, cases: _Cases, given: Mapping[str, float],
         settings: RealisationSettings, handling: HandlingSettings, steps: StepRows) -> RobotBenefit:
    activity, account = str(deployment.activity), str(deployment.account)
    go_live = None if pd.isna(deployment.go_live) else pd.Timestamp(deployment.go_live)
    detected = None if pd.isna(deployment.go_live_detected) else pd.Timestamp(deployment.go_live_detected).date()
    base = RobotBenefit(activity=activity, account=account, go_live=None if go_live is None else go_live.date(),
                        status=str(deployment.status), source=str(deployment.source), go_live_detected=detected,
                        estimated_hours_per_year=estimates.get(activity))
    if go_live is None or deployment.status == "not_seen":
        return base
    labels = label_executions(instances, activity, account, go_live, timezone=timezone,
                              transition_days=settings.transition_days, steps=steps)
    after = labels["period"].to_numpy() == 2
    if not after.any() or not (labels["period"].to_numpy() == 0).any():
        return base
    frame = _period_handling(instances, labels, activity, account, timezone, date_only, given, handling, steps)
    before_minutes, evidence, _ = _minutes(frame, activity + _SUFFIX[0])
    after_minutes, _, after_measured = _minutes(frame, activity + _SUFFIX[2])
    if not after_measured or math.isnan(after_minutes.mid):
        after_minutes = before_minutes
    months = _shared_months(labels, settings)
    rate_before, _ = _rate(labels, 0, months)
    rate_after, needs_after = _rate(labels, 2, months)
    needs_per_year = (len(labels) - int(labels["hand_back"].sum())) / years
    scale = needs_per_year / 60
    half = _Z * math.sqrt(max(rate_after * (1 - rate_after), 0.0) / needs_after) if needs_after else float("nan")
    mid = scale * (rate_before * before_minutes.mid - rate_after * after_minutes.mid)
    low_factor = before_minutes.low / before_minutes.mid if before_minutes.mid else float("nan")
    high_factor = before_minutes.high / before_minutes.mid if before_minutes.mid else float("nan")
    low = scale * (rate_before * before_minutes.mid - (rate_after + half) * after_minutes.mid) * low_factor
    high = scale * (rate_before * before_minutes.mid - max(rate_after - half, 0.0) * after_minutes.mid) * high_factor
    robot_after = int((labels["robot"].to_numpy() & after).sum())
    last = labels["local"].max()
    settled = go_live + pd.Timedelta(days=settings.transition_days)
    throughput = _throughput(labels, cases)
    return replace(
        base,
        **{"robot_share": robot_after / int(after.sum()), "robot_executions": int(labels["robot"].sum()),
           "hand_backs": int(labels["hand_back"].sum()),
           "hand_back_share": int((labels["hand_back"].to_numpy() & after).sum()) / robot_after if robot_after
           else float("nan"),
           "removed_share": 1 - (rate_after * after_minutes.mid) / (rate_before * before_minutes.mid)
           if rate_before * before_minutes.mid > 0 else float("nan"),
           "needs_per_year": needs_per_year, "handling_minutes_before": before_minutes,
           "handling_minutes_after": after_minutes, "handling_evidence": evidence,
           "human_hours_per_year_before": Span(*(scale * rate_before * m for m in
                                                 (before_minutes.low, before_minutes.mid, before_minutes.high))),
           "human_hours_per_year_after": Span(*(scale * rate_after * m for m in
                                                (after_minutes.low, after_minutes.mid, after_minutes.high))),
           "realised_hours_per_year": Span(min(low, mid), mid, max(high, mid)),
           "throughput_days_before": throughput[0], "throughput_days_after": throughput[1],
           "months_after": max((last - settled) / pd.Timedelta(days=_MONTH_DAYS), 0.0),
           "season_matched": months is not None})


def measure_realised_benefit(instances: pd.DataFrame, deployments: pd.DataFrame, *, timezone: str = "Europe/Helsinki",
                             date_only: bool = False,
                             estimates: pd.DataFrame | Mapping[str, tuple[float, float, float]] | None = None,
                             handling_minutes: Mapping[str, float] | None = None,
                             settings: RealisationSettings = RealisationSettings(),
                             handling: HandlingSettings = HandlingSettings(),
                             steps: StepRows | None = None) -> RealisedBenefit:
    """Per deployment (:func:`~.detect.detect_deployments`' frame): robot share, human hours a year
    before and after, the realised saving, hand-backs and throughput, beside ``estimates`` (the hours a
    year estimated when the decision was taken, :func:`estimate_spans`).  ``handling_minutes``: the
    user's timed steps, as in scoring's calibration.  A deployment not seen in the log, or without
    both a before and an after period, keeps NaN figures.  ``steps``: the log's
    :class:`~.steps.StepRows` when the caller has them (the detection's).
    """
    spans = estimate_spans(estimates)
    if not len(deployments):
        return RealisedBenefit()
    times = instances["timestamp"]
    years = max((times.max() - times.min()).total_seconds() / _YEAR_SECONDS, 1 / 12)
    cases = _cases(instances)
    steps = steps or StepRows.of(instances, timezone)
    robots = tuple(_one(instances, row, spans, timezone=timezone, date_only=date_only, years=years,
                        cases=cases, given=dict(handling_minutes or {}),
                        settings=settings, handling=handling, steps=steps)
                   for row in deployments.itertuples(index=False))
    return RealisedBenefit(robots=robots)
