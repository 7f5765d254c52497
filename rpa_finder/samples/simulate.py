# SPDX-License-Identifier: AGPL-3.0-or-later
"""Turn a process definition into an event log, one vectorised pass per step, plus a log scaler.

Every step is computed for all the cases that reach it at once (numpy arrays of times), so 100,000
cases take seconds.  People work 08-16 on Finnish working days (weekends and the holidays of
``holidays.FI`` are off); ERÄAJO and ROBOTTI_01 run at fixed clock times on working days, in batches.
Times are naive Europe/Helsinki wall-clock times, as a municipal export writes them.
"""
from __future__ import annotations

from datetime import date

import holidays
import numpy as np
import pandas as pd

from ..errors import Message, UsageError
from .processes import PROCESSES, Loop, Process, Step
from .variants import (RobotTakeOver, Variant, add_batch_run, add_status_events, blank_resources, serialise_people,
                       true_minutes)

__all__ = ["generate_log", "scale_log", "LIFECYCLE_STYLES", "Variant"]

#: "rows": a start and a complete row per execution with a Tila column (aloitettu/valmis);
#: "column": one row per execution with its start time in an Aloitusaika column.
LIFECYCLE_STYLES = ("rows", "column")
_OPEN = 8 * 3600
_CLOSE = 16 * 3600
_DEFAULT_RUNS = {"night": (2.0,), "robot": (7.0, 12.0, 17.0)}
_RUN_GAP = {"night": 2, "robot": 90}  # seconds between items handled in one run
_SUBSTITUTE_SHARE = 0.1


def _calendar(start: date, years: int = 4) -> np.busdaycalendar:
    days = holidays.country_holidays("FI", years=range(start.year - 1, start.year + years))
    return np.busdaycalendar(weekmask="1111100", holidays=sorted(days))


def _split_day(t: np.ndarray, cal: np.busdaycalendar):
    day = t.astype("datetime64[D]")
    tod = (t - day.astype("datetime64[s]")).astype("int64")
    return day, tod, np.is_busday(day, busdaycal=cal)


def _next_business_day(day: np.ndarray, busy: np.ndarray, cal: np.busdaycalendar) -> np.ndarray:
    return np.busday_offset(day, busy.astype("int64"), roll="forward", busdaycal=cal).astype("datetime64[s]")


def _office_start(ready, duration, cal, rng) -> np.ndarray:
    """Earliest moment at or after ``ready`` when a person can do the whole task within office hours."""
    day, tod, busy = _split_day(ready, cal)
    jitter = rng.integers(0, 45 * 60, ready.size).astype("timedelta64[s]")
    fits = busy & (tod >= _OPEN) & (tod + duration <= _CLOSE)
    early = busy & (tod < _OPEN)
    late = ~fits & ~early
    start = ready.copy()
    opening = np.timedelta64(_OPEN, "s")
    start[early] = day[early].astype("datetime64[s]") + opening + jitter[early]
    start[late] = _next_business_day(day[late], busy[late], cal) + opening + jitter[late]
    return start


def _run_start(ready, hours, gap, cal) -> np.ndarray:
    """Next scheduled run at or after ``ready``; items of one run follow each other ``gap`` s apart."""
    slots = np.array(sorted(int(round(h * 3600)) for h in hours), dtype="int64")
    day, tod, busy = _split_day(ready, cal)
    idx = np.searchsorted(slots, tod, side="left")
    same_day = busy & (idx < slots.size)
    run = np.where(
        same_day,
        day.astype("datetime64[s]") + slots[np.minimum(idx, slots.size - 1)].astype("timedelta64[s]"),
        _next_business_day(day, busy, cal) + np.timedelta64(int(slots[0]), "s"),
    )
    order = np.lexsort((ready, run))
    sorted_run = run[order]
    first = np.r_[True, sorted_run[1:] != sorted_run[:-1]]
    group_start = np.maximum.accumulate(np.where(first, np.arange(run.size), 0))
    rank = np.empty(run.size, dtype="int64")
    rank[order] = np.arange(run.size) - group_start
    return run + (rank * gap).astype("timedelta64[s]")


def _durations(step: Step, n: int, rng, variant: Variant) -> np.ndarray:
    low, high = step.minutes
    if step.label == "judgment":
        minutes = np.clip(rng.lognormal(np.log(np.sqrt(low * high)), variant.judgement_sigma, n), low, high)
    else:
        minutes = rng.uniform(low, high, n)
    if variant.handling_scale != 1.0 and step.performer.startswith("_"):
        minutes = minutes * variant.handling_scale
    return np.round(minutes * 60).astype("int64")


class _Run:
    """The state of one simulation: the case clock and the events emitted so far."""

    def __init__(self, process: Process, cases: pd.DataFrame, cal, rng, variant: Variant, variant_rng):
        self.process, self.cases, self.cal, self.rng = process, cases, cal, rng
        self.variant, self.variant_rng = variant, variant_rng
        self.clock = cases["_arrival"].to_numpy("datetime64[s]").copy()
        self.hakija = cases["Hakija"].to_numpy(dtype=object, na_value=None)
        self.parts: list[tuple] = []
        #: The step behind each part (parallel to ``parts``), for the variants' post-processing.
        self.steps: list[Step] = []
        deployment = variant.robot_go_live
        self.robot = None if deployment is None else RobotTakeOver(deployment, variant_rng)

    def step(self, step: Step, active: np.ndarray, seq: int) -> None:
        rng, cases = self.rng, self.cases
        mask = active & (step.when(cases) if step.when is not None else True)
        if self.variant.judgement_share < 1.0 and step.label == "judgment" and step.when is not None:
            mask = mask & (self.variant_rng.random(mask.size) < self.variant.judgement_share)
        idx = np.flatnonzero(mask)
        n = idx.size
        if n == 0:
            return
        ready = self.clock[idx].copy()
        if step.timer_days is not None:
            ready += np.timedelta64(int(round(step.timer_days * 86400)), "s")
        if step.delay_column is not None:
            ready += np.round(cases[step.delay_column].to_numpy()[idx] * 86400).astype("timedelta64[s]")
        if step.wait_hours:
            ready += np.round(rng.exponential(step.wait_hours * 3600, n)).astype("timedelta64[s]")
        if step.not_before is not None:
            ready = np.maximum(ready, cases[step.not_before].to_numpy("datetime64[s]")[idx])
        duration = _durations(step, n, rng, self.variant)
        if step.timing == "office":
            start = _office_start(ready, duration, self.cal, rng)
        elif step.timing == "immediate":
            start = ready + rng.integers(1, 20, n).astype("timedelta64[s]")
        else:
            start = _run_start(ready, step.at or _DEFAULT_RUNS[step.timing], _RUN_GAP[step.timing], self.cal)
        end = start + duration.astype("timedelta64[s]")
        parts = [(idx, seq, step.activity, self._resources(step, idx), start, end, self._comments(step, idx))]
        steps = [step]
        if self.robot is not None and step.activity == self.robot.activity:  # Variant(robot_go_live=...)
            parts, steps = self.robot.take_over(parts[0], step, ready, self.cal, _run_start, _office_start)
        for part, performer in zip(parts, steps):
            self.parts.append(part)
            self.steps.append(performer)
            if step.advance_clock:
                self.clock[part[0]] = np.maximum(self.clock[part[0]], part[5])

    def _resources(self, step: Step, idx: np.ndarray) -> np.ndarray:
        if not step.performer.startswith("_"):
            return np.full(idx.size, step.performer, dtype=object)
        people = self.cases[step.performer].to_numpy(dtype=object)[idx].copy()
        pool = self.process.pools.get(step.performer)
        if pool:
            substitute = self.rng.random(idx.size) < _SUBSTITUTE_SHARE
            people[substitute] = np.asarray(pool, dtype=object)[self.rng.integers(0, len(pool), substitute.sum())]
        return people

    def _comments(self, step: Step, idx: np.ndarray) -> np.ndarray:
        out = np.full(idx.size, None, dtype=object)
        if step.comment is None:
            return out
        codes = self.hakija[idx]
        write = (codes != None) & (self.rng.random(idx.size) < 0.6)  # noqa: E711 - elementwise
        before, after = step.comment.split("{hakija}")
        if write.any():
            out[write] = (before + pd.Series(codes[write], dtype="str") + after).to_numpy(dtype=object)
        return out


def generate_log(
    process: str,
    *,
    cases: int,
    seed: int,
    lifecycle: bool = False,
    lifecycle_style: str = "rows",
    start: date = date(2025, 1, 1),
    variant: Variant | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A seeded, deterministic event log of ``process`` and its ground-truth labels.

    ``variant`` (:class:`~.variants.Variant`) changes how people work and what the system records;
    None (or ``Variant()``) gives the committed samples' bytes.  The truth has one row per activity of
    the process (plus the variant's extra activities): process, activity, label, why, and
    ``true_minutes_median``, the median simulated handling (start to end) of the activity in this log
    (NaN when it does not occur).  With ``variant.robot_go_live`` the deployed step's row also carries
    :data:`~.variants.DEPLOYMENT_COLUMNS` (true hours a year before and after, hours saved, hand-backs).

    >>> events, truth = generate_log("ostolaskut", cases=5, seed=1)
    >>> list(events.columns[:4]), sorted(set(truth["label"]))
    (['Asianumero', 'Toimenpide', 'Aikaleima', 'Käsittelijä'], ['already_automated', 'automatable', 'judgment'])
    """
    variant = variant or Variant()
    variant.check()
    if process not in PROCESSES:
        raise UsageError(Message("unknown process {process!r}", process=process), where="--process",
                         fix=Message("choose one of {choices}", choices=", ".join(PROCESSES)))
    if lifecycle_style not in LIFECYCLE_STYLES:
        raise UsageError(Message("unknown lifecycle style {style!r}", style=lifecycle_style),
                         fix=Message("choose one of {choices}", choices=", ".join(LIFECYCLE_STYLES)))
    if cases < 1:
        raise UsageError(Message("cases must be at least 1, got {cases}", cases=cases), where="--cases")
    definition = PROCESSES[process]
    rng = np.random.default_rng(seed)
    frame = definition.make_cases(rng, cases, start)
    calendar = _calendar(start)
    run = _Run(definition, frame, calendar, rng, variant, np.random.default_rng([seed, 12]))
    seq = 0
    everyone = np.ones(cases, dtype=bool)
    for node in definition.nodes:
        if isinstance(node, Loop):
            counts = frame[node.count].to_numpy()
            if variant.judgement_share < 1.0 and any(s.label == "judgment" for s in node.steps):
                counts = run.variant_rng.binomial(counts, variant.judgement_share)
            for round_ in range(int(counts.max(initial=0))):
                for step in node.steps:
                    seq += 1
                    run.step(step, counts > round_, seq)
        else:
            seq += 1
            run.step(node, everyone, seq)
    parts, steps, truth = run.parts, run.steps, definition.truth()
    complete_only = [False] * len(parts)
    if variant.one_at_a_time:
        parts = serialise_people(parts, steps, calendar)
    if variant.status_events:  # before blanking: the system records the person of the work item
        parts, steps, complete_only, truth = add_status_events(parts, steps, complete_only, truth, run.variant_rng)
    if variant.missing_resource_share > 0:
        parts = blank_resources(parts, steps, variant.missing_resource_share, run.variant_rng)
    if variant.batch_without_resource:
        parts, steps, complete_only, truth = add_batch_run(definition, parts, steps, complete_only, truth, seq + 1,
                                                           calendar)
    events = _assemble(definition, frame, parts, lifecycle, lifecycle_style, start, complete_only)
    truth = true_minutes(truth, parts)
    return events, truth if run.robot is None else run.robot.truth(truth, parts)


def _skip_dst_gap(times: np.ndarray, timezone: str = "Europe/Helsinki") -> np.ndarray:
    """Move wall-clock times that do not exist (spring-forward hour) one hour on, as a real clock does."""
    local = pd.DatetimeIndex(times).tz_localize(timezone, ambiguous=np.ones(times.size, dtype=bool), nonexistent="NaT")
    return np.where(local.isna(), times + np.timedelta64(3600, "s"), times)


def _assemble(definition: Process, frame, parts, lifecycle, style, start, complete_only) -> pd.DataFrame:
    """The log's rows; ``complete_only`` parts (status events) get no start row or start time."""
    both = np.concatenate([np.full(p[0].size, not flag) for p, flag in zip(parts, complete_only)])
    case = np.concatenate([p[0] for p in parts])
    seq = np.concatenate([np.full(p[0].size, p[1]) for p in parts])
    activity = np.concatenate([np.full(p[0].size, p[2], dtype=object) for p in parts])
    resource = np.concatenate([p[3] for p in parts])
    begin = _skip_dst_gap(np.concatenate([p[4] for p in parts]))
    end = np.maximum(_skip_dst_gap(np.concatenate([p[5] for p in parts])), begin)
    comment = np.concatenate([p[6] for p in parts])
    columns: dict[str, object] = {}
    if lifecycle and style == "rows":
        case, seq, activity, resource, comment = (np.concatenate([a[both], a])
                                                  for a in (case, seq, activity, resource, comment))
        phase = np.repeat([0, 1], [int(both.sum()), begin.size])
        time = np.concatenate([begin[both], end])
        columns["Tila"] = np.where(phase == 0, "aloitettu", "valmis")
    else:
        phase = np.zeros(begin.size, dtype="int64")
        time = end
        if lifecycle:
            columns["Aloitusaika"] = np.where(both, begin, np.datetime64("NaT"))
    order = np.lexsort((phase, seq, time, case))
    ids = np.array([f"{definition.case_prefix}-{start.year}-{i + 1:06d}" for i in range(len(frame))], dtype=object)
    events = pd.DataFrame({
        "Asianumero": pd.Series(ids[case[order]], dtype="str"),
        "Toimenpide": pd.Series(activity[order], dtype="str"),
        "Aikaleima": time[order].astype("datetime64[ns]"),
    })
    for name, values in columns.items():
        values = np.asarray(values)[order]
        events[name] = values.astype("datetime64[ns]") if name == "Aloitusaika" else pd.Series(values, dtype="str")
    events["Käsittelijä"] = pd.Series(resource[order], dtype="str")
    visible = [c for c in frame.columns if not c.startswith("_")]
    attributes = frame[visible].iloc[case[order]].reset_index(drop=True)
    for name in visible:
        values = attributes[name]
        events[name] = values.astype("datetime64[ns]") if values.dtype.kind == "M" else values
    events["Kommentti"] = pd.Series(comment[order], dtype="str")
    return events


def scale_log(frame: pd.DataFrame, target_events: int, seed: int, *, case_column: str = "Asianumero") -> pd.DataFrame:
    """Replicate a log to exactly ``target_events`` rows, for 1M/10M-event benchmarks.

    Copy k gets case ids ``<id>-K<k>`` and every datetime column shifted by k whole periods of the
    log's span (rounded up to whole weeks, so weekdays and clock times stay realistic) plus a seeded
    0-3 week offset; the last copy is cut at ``target_events``, which may shorten its final case.
    """
    if target_events < 1 or frame.empty:
        raise UsageError("scale_log needs a non-empty frame and target_events >= 1", fix="generate a log first")
    n = len(frame)
    copies = -(-target_events // n)
    rows = np.tile(np.arange(n), copies)[:target_events]
    copy = np.repeat(np.arange(copies), n)[:target_events]
    out = frame.iloc[rows].reset_index(drop=True)
    original = pd.Categorical(frame[case_column].astype("str"))
    codes = np.tile(original.codes, copies)[:target_events].astype("int64")
    names = original.categories.to_numpy(dtype=object)
    new_names = np.concatenate([names] + [names + f"-K{k}" for k in range(1, copies)])
    out[case_column] = pd.Categorical.from_codes(copy * len(names) + codes, categories=pd.Index(new_names, dtype="str"))
    datetimes = [c for c in frame.columns if frame[c].dtype.kind == "M"]
    if datetimes:
        low = min(frame[c].min() for c in datetimes)
        high = max(frame[c].max() for c in datetimes)
        week = pd.Timedelta(days=7)
        weeks = int(-(-(high - low) // week)) + 1
        extra = np.random.default_rng(seed).integers(0, 4, copies)
        extra[0] = 0
        shift_weeks = np.arange(copies) * weeks + np.cumsum(extra)
        shift = pd.to_timedelta(shift_weeks[copy] * 7, unit="D").to_numpy()
        for column in datetimes:
            out[column] = out[column] + shift
    return out
