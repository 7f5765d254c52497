# SPDX-License-Identifier: AGPL-3.0-or-later
"""Variants of the generated logs, so that measurements generalise beyond one tuned log.

Handling-time estimators and verdicts are judged against the generator's truth; a single way of
working would let them fit that one log.  :class:`Variant` changes how people work (one item at a
time or several at once, how long and how spread their steps are, how often judgement is needed)
and what the system records (status changes inside open work items, a batch without a resource,
blank resources); a :class:`RobotDeployment` takes a step over from a known date, the truth that
realised benefit is measured against.  ``Variant()`` is today's generator, byte for byte.

The one-at-a-time queue is a sequential recurrence per person (a task starts when the previous one
ended), so it runs as a loop over tasks: variant logs are for measurement (thousands of cases), and
the benchmarks' 10M-event logs are scaled copies, not simulations.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import numpy as np
import pandas as pd

from ..errors import Message, UsageError
from .processes import Process, Step

__all__ = ["Variant", "RobotDeployment", "RobotTakeOver", "DEPLOYMENT_COLUMNS", "serialise_people", "blank_resources",
           "add_status_events", "add_batch_run", "true_minutes"]

_DAY = 86400
_OPEN, _CLOSE = 8 * 3600, 16 * 3600
_BATCH_HOUR = 3 * 3600
_BATCH_GAP = 2  # seconds between the items of one batch run
_MAX_PASSES = 200


@dataclass(frozen=True)
class RobotDeployment:
    """A software robot taking over a human step from ``go_live`` on: the truth realised benefit is measured on.

    Each execution of ``activity`` that becomes ready on or after ``go_live`` is, with probability
    ``take_over_share``, done by ``account`` at robot timing (an hourly run at any hour of a working
    day, ``seconds`` long); of those, ``hand_back_share`` are exceptions the robot returns: the
    case's person then does the step as well (an extra human execution of the same activity after
    the robot's event, with the step's usual handling time).
    """

    activity: str
    go_live: date
    account: str = "ROBOTTI_02"
    take_over_share: float = 0.85
    hand_back_share: float = 0.1
    #: Uniform bounds of the robot's handling seconds.
    seconds: tuple[float, float] = (20.0, 80.0)

    def check(self) -> None:
        """Raise :class:`UsageError` for values outside their meaning."""
        for name in ("take_over_share", "hand_back_share"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise UsageError(Message("robot {name} must be within 0-1, got {value}", name=name, value=getattr(self, name)))
        if not self.account or not 0 < self.seconds[0] <= self.seconds[1] < 3000:
            raise UsageError("robot account must be named and its seconds within (0, 3000)")


@dataclass(frozen=True)
class Variant:
    """How the simulated people work and what the system records; the defaults are today's generator."""

    #: Each person works one item at a time: a per-person queue within office hours, so a completion's
    #: gap to the person's previous completion is real work when they are busy.  False: people may
    #: start several items at once (each starts on its own when ready), as the committed samples do.
    one_at_a_time: bool = False
    #: While a step with a ``status`` is open, the case system records that status change in the same
    #: case (complete-only, resource = the same person, at a random moment inside the work item);
    #: truth label ``inside_work``, true minutes 0.
    status_events: bool = False
    #: Adds the process's ``batch_activity``: every case, on the first working day of every other
    #: month at 03:00, items 2 s apart, with an EMPTY resource; truth label ``already_automated``.
    batch_without_resource: bool = False
    #: Share of the people's events (not the system's) whose resource is blanked, drawn per event.
    missing_resource_share: float = 0.0
    #: Multiplies every human step's minutes (after the judgment clip), e.g. 0.5 for a faster office.
    handling_scale: float = 1.0
    #: Log-normal sigma of judgment steps' minutes (clipped to the step's bounds).
    judgement_sigma: float = 0.45
    #: Probability multiplier (0-1) for optional judgement: each case keeps a judgment step that has a
    #: ``when`` condition with this probability, and each round of a loop holding a judgment step.
    judgement_share: float = 1.0
    #: A robot taking over one human step from a known date (:class:`RobotDeployment`); the truth gets
    #: the :data:`DEPLOYMENT_COLUMNS` on that step's row.
    robot_go_live: RobotDeployment | None = None

    def check(self) -> None:
        """Raise :class:`UsageError` for values outside their meaning."""
        if self.robot_go_live is not None:
            self.robot_go_live.check()
        if not 0.0 <= self.missing_resource_share <= 1.0:
            raise UsageError(Message("{name} must be within 0-1, got {value}", name="missing_resource_share",
                                     value=self.missing_resource_share))
        if not 0.0 <= self.judgement_share <= 1.0:
            raise UsageError(Message("{name} must be within 0-1, got {value}", name="judgement_share",
                                     value=self.judgement_share))
        if self.handling_scale <= 0 or self.judgement_sigma < 0:
            raise UsageError("handling_scale must be positive and judgement_sigma non-negative")


def _is_person(step: Step | None) -> bool:
    return step is not None and step.performer.startswith("_")


class _Days:
    """Working days as a lookup table over whole day numbers (wall-clock seconds // 86400)."""

    def __init__(self, first: int, last: int, calendar: np.busdaycalendar):
        self.first = first
        days = np.arange(first, last + 1).astype("datetime64[D]")
        self.busy = np.is_busday(days, busdaycal=calendar)
        following = np.busday_offset(days, 0, roll="forward", busdaycal=calendar).astype(np.int64)
        # the next working day strictly after each day
        self.after = np.r_[following[1:], np.busday_offset(days[-1:], 1, roll="forward", busdaycal=calendar)
                           .astype(np.int64)]

    def office_fit(self, t: int, duration: int) -> int:
        """Earliest moment at or after ``t`` when the whole task fits into office hours."""
        day = t // _DAY
        tod = t - day * _DAY
        i = day - self.first
        if self.busy[i] and tod < _OPEN:
            return day * _DAY + _OPEN
        if self.busy[i] and tod + duration <= _CLOSE:
            return t
        return int(self.after[i]) * _DAY + _OPEN

    def same_clock_time(self, t: int, tod: int) -> int:
        """The first working day's ``tod`` at or after ``t`` (a scheduled run moved later)."""
        day = t // _DAY
        if not (self.busy[day - self.first] and day * _DAY + tod >= t):
            day = int(self.after[day - self.first])
        return day * _DAY + tod


def serialise_people(parts: list[tuple], steps: list[Step], calendar: np.busdaycalendar) -> list[tuple]:
    """The parts with each person doing one item at a time, cases kept in step order.

    Alternates two passes until nothing moves: each person's office tasks in order of start, each
    starting no earlier than the previous one ended (then fitted into office hours); each case's
    steps in order, none starting before the previous clock-advancing step ended.  Times only move
    later, so the passes converge.
    """
    sizes = [p[0].size for p in parts]
    case = np.concatenate([p[0] for p in parts])
    seq = np.concatenate([np.full(n, p[1]) for p, n in zip(parts, sizes)])
    start = np.concatenate([p[4] for p in parts]).astype("datetime64[s]").astype(np.int64)
    duration = np.concatenate([p[5] for p in parts]).astype("datetime64[s]").astype(np.int64) - start
    office = np.concatenate([np.full(n, _is_person(s) and s.timing == "office") for s, n in zip(steps, sizes)])
    immediate = np.concatenate([np.full(n, s.timing == "immediate") for s, n in zip(steps, sizes)])
    advance = np.concatenate([np.full(n, s.advance_clock) for s, n in zip(steps, sizes)])
    person = pd.factorize(pd.Series(np.concatenate([p[3] for p in parts]), dtype="str"))[0]
    person = np.where(office, person, -1)
    days = _Days(int(start.min()) // _DAY - 1, int((start + duration).max()) // _DAY + 400, calendar)
    by_case = np.lexsort((start, seq, case)).tolist()
    start_l, duration_l = start.tolist(), duration.tolist()
    case_l, office_l, immediate_l, advance_l = case.tolist(), office.tolist(), immediate.tolist(), advance.tolist()
    for _ in range(_MAX_PASSES):
        moved = False
        people = np.flatnonzero(person >= 0)
        order = people[np.lexsort((np.asarray(start_l)[people], person[people]))].tolist()
        busy_until, current = -1, -2
        for i in order:  # each person's queue
            if person[i] != current:
                current, busy_until = person[i], -1
            if start_l[i] < busy_until:
                start_l[i] = days.office_fit(busy_until, duration_l[i])
                moved = True
            busy_until = start_l[i] + duration_l[i]
        clock, current = -1, -2
        for i in by_case:  # each case's steps in order
            if case_l[i] != current:
                current, clock = case_l[i], -1
            if start_l[i] < clock:
                if office_l[i]:
                    start_l[i] = days.office_fit(clock, duration_l[i])
                elif immediate_l[i]:
                    start_l[i] = clock + 10
                else:
                    start_l[i] = days.same_clock_time(clock, start_l[i] % _DAY)
                moved = True
            if advance_l[i]:
                clock = max(clock, start_l[i] + duration_l[i])
        if not moved:
            break
    begin = np.asarray(start_l, dtype=np.int64)
    end = begin + duration
    out, at = [], 0
    for part, n in zip(parts, sizes):
        b = begin[at:at + n].astype("datetime64[s]")
        out.append((part[0], part[1], part[2], part[3], b, end[at:at + n].astype("datetime64[s]"), part[6]))
        at += n
    return out


def blank_resources(parts: list[tuple], steps: list[Step | None], share: float, rng) -> list[tuple]:
    """The parts with each person's event's resource blanked with probability ``share``."""
    out = []
    for part, step in zip(parts, steps):
        if _is_person(step):
            resource = part[3].copy()
            resource[rng.random(resource.size) < share] = None
            part = part[:3] + (resource,) + part[4:]
        out.append(part)
    return out


def add_status_events(parts: list[tuple], steps: list[Step | None], complete_only: list[bool], truth: pd.DataFrame,
                      rng) -> tuple[list[tuple], list[Step | None], list[bool], pd.DataFrame]:
    """Status changes inside the open work items of steps with a ``status``, and their truth rows."""
    parts, steps, complete_only, rows = list(parts), list(steps), list(complete_only), {}
    process = truth["process"].iloc[0]
    for part, step in list(zip(parts, steps)):
        if step is None or step.status is None:
            continue
        begin, end = part[4], part[5]
        inside = (begin.astype(np.int64) + np.round((end - begin).astype(np.int64) * rng.uniform(0.15, 0.85, begin.size))
                  .astype(np.int64)).astype("datetime64[s]")
        parts.append((part[0], part[1], step.status, part[3].copy(), inside, inside,
                      np.full(begin.size, None, dtype=object)))
        steps.append(None)
        complete_only.append(True)
        rows.setdefault(step.status, (process, step.status, "inside_work",
                                      f"status change the case system records while '{step.activity}' is open; "
                                      "no handling of its own"))
    extra = pd.DataFrame(list(rows.values()), columns=["process", "activity", "label", "why"]).astype("str")
    return parts, steps, complete_only, pd.concat([truth, extra], ignore_index=True)


def add_batch_run(definition: Process, parts: list[tuple], steps: list[Step | None], complete_only: list[bool],
                  truth: pd.DataFrame, seq: int, calendar: np.busdaycalendar
                  ) -> tuple[list[tuple], list[Step | None], list[bool], pd.DataFrame]:
    """Every case's ``batch_activity`` on the next bimonthly run date after its last event, no resource."""
    case = np.concatenate([p[0] for p in parts])
    last = np.concatenate([p[5] for p in parts]).astype("datetime64[s]")
    n = int(case.max()) + 1
    ready = np.full(n, np.datetime64("1970-01-01", "s"))
    np.maximum.at(ready, case, last)
    ready_day = ready.astype("datetime64[D]")
    months = np.arange(ready_day.min().astype("datetime64[M]"), ready_day.max().astype("datetime64[M]") + 3)
    months = months[months.astype(np.int64) % 2 == 0]
    run_days = np.busday_offset(months.astype("datetime64[D]"), 0, roll="forward", busdaycal=calendar)
    run = run_days[np.minimum(np.searchsorted(run_days, ready_day, side="right"), run_days.size - 1)]
    order = np.lexsort((np.arange(n), ready, run))
    rank = np.empty(n, dtype=np.int64)
    first = np.r_[True, run[order][1:] != run[order][:-1]]
    rank[order] = np.arange(n) - np.maximum.accumulate(np.where(first, np.arange(n), 0))
    when = run.astype("datetime64[s]") + np.timedelta64(_BATCH_HOUR, "s") + (rank * _BATCH_GAP).astype("timedelta64[s]")
    cases = np.arange(n)
    part = (cases, seq, definition.batch_activity, np.full(n, None, dtype=object), when, when,
            np.full(n, None, dtype=object))
    row = pd.DataFrame([(definition.name, definition.batch_activity, "already_automated",
                         "nightly batch run on a few dates, many events each, no resource")],
                       columns=["process", "activity", "label", "why"]).astype("str")
    return (parts + [part], steps + [None], complete_only + [True],
            pd.concat([truth, row], ignore_index=True))


def true_minutes(truth: pd.DataFrame, parts: list[tuple]) -> pd.DataFrame:
    """``truth`` with ``true_minutes_median``: each activity's median simulated start-to-end minutes."""
    activity = np.concatenate([np.full(p[0].size, p[2], dtype=object) for p in parts])
    minutes = np.concatenate([(p[5] - p[4]).astype("timedelta64[s]").astype(np.int64) for p in parts]) / 60.0
    medians = pd.Series(minutes).groupby(pd.Series(activity, dtype="str")).median()
    out = truth.copy()
    out["true_minutes_median"] = out["activity"].map(medians).astype("float64").to_numpy()
    return out


#: Truth columns of the step a robot took over (:class:`RobotDeployment`), NA on every other row.
#: A *need* is one execution the process asks for (a hand-back is a second execution of the same need);
#: hours a year are per need times the step's needs a year over the log's span (first to last
#: completion), the way scoring turns handling into hours.  ``first_robot_day`` is the day of the robot's
#: first completion in the log: later than ``go_live`` where people work one at a time, since their
#: queues delay the cases that reach the step.
DEPLOYMENT_COLUMNS = ("robot_account", "go_live", "first_robot_day", "robot_executions", "hand_backs", "needs_per_year",
                      "human_minutes_per_need_before", "human_minutes_per_need_after",
                      "human_hours_per_year_before", "human_hours_per_year_after", "true_hours_saved_per_year")
_ROBOT_RUNS = tuple(hour + 5 / 60 for hour in range(24))  # hourly at :05, any hour of a working day
_ROBOT_GAP = 90  # seconds between the items of one robot run
_HAND_BACK_WAIT_HOURS = 4.0  # mean wait before a person picks up an exception the robot returned


class RobotTakeOver:
    """One simulation's robot: splits the deployed step's executions and keeps what its truth needs.

    Called for every execution batch of the step (a loop calls it once per round), so the truth is
    summed over the whole log rather than one batch.
    """

    def __init__(self, deployment: RobotDeployment, rng: np.random.Generator):
        self.deployment, self.rng = deployment, rng
        self.go_live = np.datetime64(deployment.go_live, "s")
        self._ready: list[np.ndarray] = []
        self._seconds: list[np.ndarray] = []
        self._robot: list[np.ndarray] = []
        self._back: list[np.ndarray] = []

    @property
    def activity(self) -> str:
        return self.deployment.activity

    def take_over(self, part: tuple, step: Step, ready: np.ndarray, calendar: np.busdaycalendar, run_start,
                  office_start) -> tuple[list[tuple], list[Step]]:
        """The step's part split into the people's executions, the robot's, and the hand-backs.

        ``run_start(ready, hours, gap, calendar)`` and ``office_start(ready, seconds, calendar, rng)``
        are the simulation's own timing rules, so the robot runs and people work as elsewhere.
        """
        if not _is_person(step):
            raise UsageError(Message("robot activity {activity!r} is not a person's step", activity=step.activity),
                             fix="deploy the robot on a step people do")
        robot_step = replace(step, label="already_automated", performer=self.deployment.account, timing="robot",
                             status=None)
        idx, seq, activity, resource, start, end, comment = part
        n, d = idx.size, self.deployment
        robot = (ready >= self.go_live) & (self.rng.random(n) < d.take_over_share)
        back = robot & (self.rng.random(n) < d.hand_back_share)
        seconds = (end - start).astype("timedelta64[s]").astype(np.int64)
        for store, values in ((self._ready, ready), (self._seconds, seconds), (self._robot, robot), (self._back, back)):
            store.append(values)
        if not robot.any():
            return [part], [step]
        human, taken = np.flatnonzero(~robot), np.flatnonzero(robot)
        out = [(idx[human], seq, activity, resource[human], start[human], end[human], comment[human])]
        robot_seconds = np.round(self.rng.uniform(d.seconds[0], d.seconds[1], taken.size)).astype("timedelta64[s]")
        robot_start = run_start(ready[taken], _ROBOT_RUNS, _ROBOT_GAP, calendar)
        robot_end = robot_start + robot_seconds
        out.append((idx[taken], seq, activity, np.full(taken.size, d.account, dtype=object), robot_start, robot_end,
                    np.full(taken.size, None, dtype=object)))
        steps = [step, robot_step]
        returned = np.flatnonzero(back)
        if returned.size:
            after = robot_end[np.searchsorted(taken, returned)]
            after = after + np.round(self.rng.exponential(_HAND_BACK_WAIT_HOURS * 3600, returned.size)).astype(
                "timedelta64[s]")
            begin = office_start(after, seconds[returned], calendar, self.rng)
            out.append((idx[returned], seq, activity, resource[returned], begin,
                        begin + seconds[returned].astype("timedelta64[s]"), comment[returned]))
            steps.append(step)
        return out, steps

    def truth(self, truth: pd.DataFrame, parts: list[tuple]) -> pd.DataFrame:
        """``truth`` with the :data:`DEPLOYMENT_COLUMNS` on the deployed step's row (its
        ``true_minutes_median`` the people's executions only)."""
        if not self._ready:
            raise UsageError(Message("robot activity {activity!r} does not occur in this process", activity=self.activity),
                             fix="name one of the process's steps")
        ready, seconds = np.concatenate(self._ready), np.concatenate(self._seconds)
        robot, back = np.concatenate(self._robot), np.concatenate(self._back)
        ends = np.concatenate([p[5] for p in parts]).astype("datetime64[s]").astype(np.int64)
        years = (ends.max() - ends.min()) / (365.25 * _DAY)
        per_year = ready.size / years
        before = ready < self.go_live
        after = ~before
        people = np.where(after & robot, 0, seconds) + np.where(back, seconds, 0)  # each need's human seconds
        minutes_before = people[before].mean() / 60 if before.any() else float("nan")
        minutes_after = people[after].mean() / 60 if after.any() else float("nan")
        robot_ends = [p[5] for p in parts if p[2] == self.activity and p[3].size and p[3][0] == self.deployment.account]
        first = (pd.Timestamp(min(e.min() for e in robot_ends)).normalize() if any(e.size for e in robot_ends)
                 else pd.NaT)
        figures = {
            "robot_account": self.deployment.account, "go_live": pd.Timestamp(self.deployment.go_live),
            "first_robot_day": first,
            "robot_executions": int(robot.sum()), "hand_backs": int(back.sum()), "needs_per_year": per_year,
            "human_minutes_per_need_before": minutes_before, "human_minutes_per_need_after": minutes_after,
            "human_hours_per_year_before": per_year * minutes_before / 60,
            "human_hours_per_year_after": per_year * minutes_after / 60,
            "true_hours_saved_per_year": per_year * (minutes_before - minutes_after) / 60,
        }
        out = truth.copy()
        row = (out["activity"] == self.activity).to_numpy()
        human_seconds = np.concatenate([seconds[~robot], seconds[back]])
        out.loc[row, "true_minutes_median"] = float(np.median(human_seconds)) / 60
        for name in DEPLOYMENT_COLUMNS:
            value = figures[name]
            if name == "robot_account":
                out[name] = pd.Series(np.where(row, value, None), index=out.index, dtype="str")
            elif name in ("go_live", "first_robot_day"):
                out[name] = pd.Series(np.where(row, np.datetime64(value, "ns"), np.datetime64("NaT", "ns")),
                                      index=out.index).astype("datetime64[ns]")
            elif name in ("robot_executions", "hand_backs"):
                out[name] = pd.array(np.where(row, value, 0), dtype="Int64")
                out.loc[~row, name] = pd.NA
            else:
                out[name] = np.where(row, value, np.nan)
        return out
