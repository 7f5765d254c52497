# SPDX-License-Identifier: AGPL-3.0-or-later
"""Decisions on candidates: what a process developer decided for each robot candidate, kept in the store.

A decision is one of :data:`DECISION_STATES` for one candidate (an activity or a routine) of one
process.  Every change is a new row of the ``decisions`` table, so the history of a candidate stays;
the current decision is the latest row.  Setting the decision a candidate already has is no change and
writes nothing: importing the same sheet twice changes nothing.

Who set a decision is kept as a keyed pseudonym (``user-3f9a1c07``, :func:`rpa_finder.privacy.pseudonymise`
under ``$RPA_FINDER_KEY``), never the login name.  When a decision is set, the estimate of the latest
finished run (hours a year, low/mid/high) is kept with it, so the realised benefit measured later can be
shown beside the estimate that justified the robot.

>>> decision = Decision("ostolaskut", "Tarkasta lasku", "activity", "deployed", account_pattern="robot_.*")
>>> set_decision("store/runs.duckdb", decision)                     # doctest: +SKIP
>>> recorded_deployments(load_decisions("store/runs.duckdb"))        # doctest: +SKIP
"""
from __future__ import annotations

import getpass
import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Sequence

from ..errors import BadDataError, ConfigError, Message

__all__ = ["DECISION_STATES", "DECISION_KINDS", "DECISION_FIELDS", "Decision", "DecisionContext", "DecisionChanges",
           "set_decision", "set_decisions", "load_decisions", "read_decisions", "decision_history",
           "decision_context", "read_decision_context", "read_store_id", "latest_candidates", "import_decisions",
           "recorded_deployments", "decision_estimates", "validate_decision"]

#: The states a decision can take, in the order a candidate usually goes through them.
DECISION_STATES = ("accepted", "rejected", "in_development", "deployed", "retired")
#: What a decision is about: one step, or a routine of steps (its name ``A -> B -> C``).
DECISION_KINDS = ("activity", "routine")
#: The fields a person decides; two decisions with equal fields are the same (no change is recorded).
DECISION_FIELDS = ("state", "reason", "account_pattern", "go_live", "note")
#: How long setting a decision waits for a scheduled run holding the store.
LOCK_TIMEOUT_SECONDS = 60.0
_ROUTINE_SEPARATOR = " -> "
#: A kind as an error message names it, in the reader's language (the report says vaihe/steg, rutiini/rutin).
_KIND_WORDS = {"activity": Message("the activity"), "routine": Message("the routine")}


@dataclass(frozen=True)
class Decision:
    """The decision on one candidate of one process (see the module docstring).

    ``set_by`` (a pseudonym), ``set_at`` (ISO UTC) and ``estimated_hours_per_year`` (low, mid, high of
    the latest run when the decision was set) are filled in by :func:`set_decision`.
    """

    process: str
    activity: str
    kind: str = "activity"
    state: str = "accepted"
    reason: str = ""
    account_pattern: str = ""
    go_live: date | None = None
    note: str = ""
    set_by: str = ""
    set_at: str = ""
    estimated_hours_per_year: tuple[float, float, float] | None = None

    @property
    def key(self) -> tuple[str, str, str]:
        """(process, kind, activity): the candidate the decision is about."""
        return (self.process, self.kind, self.activity)

    def same_as(self, other: "Decision | None") -> bool:
        """Whether ``other`` decides the same thing (who and when aside)."""
        return other is not None and self.key == other.key and all(
            getattr(self, f) == getattr(other, f) for f in DECISION_FIELDS)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready (``decisions list --json``): the go-live as ISO text, the estimate as low/mid/high."""
        estimate = self.estimated_hours_per_year
        return {"process": self.process, "activity": self.activity, "kind": self.kind, "state": self.state,
                "reason": self.reason, "account_pattern": self.account_pattern,
                "go_live": self.go_live.isoformat() if self.go_live else None, "note": self.note,
                "set_by": self.set_by, "set_at": self.set_at,
                "estimated_hours_per_year": None if estimate is None else dict(zip(("low", "mid", "high"), estimate))}


@dataclass(frozen=True)
class DecisionContext:
    """What report.xlsx's Decisions sheet needs from a store: its identity, the process and the decisions.

    Without a store (plain ``analyze``) the sheet is written with an empty ``store_id``.
    """

    store_id: str = ""
    process: str = ""
    decisions: tuple[Decision, ...] = ()


@dataclass(frozen=True)
class DecisionChanges:
    """What :func:`set_decisions` did: the decisions recorded, and how many were already so."""

    changed: tuple[Decision, ...]
    unchanged: int

    @property
    def count(self) -> int:
        return len(self.changed)


# --- validation -------------------------------------------------------------------------------------
def validate_decision(decision: Decision, *, where: "Message | str | None" = None, file: object = None) -> Decision:
    """The decision with its texts stripped, or a BadDataError (exit 65) naming what is wrong and the fix.

    ``file`` and ``where`` name the sheet and row a decision came from; by default the place is
    ``process/activity``."""
    d = replace(decision, process=str(decision.process).strip(), activity=str(decision.activity).strip(),
                reason=str(decision.reason or "").strip(), account_pattern=str(decision.account_pattern or "").strip(),
                note=str(decision.note or "").strip())
    label = where or Message("{process}/{activity}", process=d.process, activity=d.activity)
    if not d.process or not d.activity:
        raise BadDataError("a decision needs a process and an activity", file=file, where=label,
                           fix="name the candidate as its activity (or routine) appears in the report")
    if d.kind not in DECISION_KINDS:
        raise BadDataError(Message("unknown kind {kind!r}", kind=d.kind), file=file, where=label,
                           fix=Message("use one of {choices}", choices=", ".join(DECISION_KINDS)))
    if d.state not in DECISION_STATES:
        raise BadDataError(Message("unknown decision {state!r}", state=d.state), file=file, where=label,
                           fix=Message("use one of {choices}", choices=", ".join(DECISION_STATES)))
    if d.state == "rejected" and not d.reason:
        raise BadDataError("a rejected candidate needs a reason", file=file, where=label,
                           fix="say why it was rejected (--reason)")
    if d.state == "deployed":
        if not d.account_pattern:
            raise BadDataError("a deployed robot needs its account name or pattern", file=file, where=label,
                               fix="give the robot's account, e.g. --account 'robot_.*'")
        try:
            re.compile(d.account_pattern)
        except re.error as exc:
            raise BadDataError(Message("the account pattern {pattern!r} is no regular expression ({reason})",
                                       pattern=d.account_pattern, reason=str(exc)), file=file, where=label,
                               fix="write it as a regular expression, e.g. 'robot_.*'") from None
    if d.go_live is not None and not isinstance(d.go_live, date):
        raise BadDataError(Message("go-live {value!r} is not a date", value=d.go_live), file=file, where=label,
                           fix="write it as YYYY-MM-DD")
    if isinstance(d.go_live, datetime):
        d = replace(d, go_live=d.go_live.date())
    return d


# --- reading ----------------------------------------------------------------------------------------
_COLUMNS = ("process, activity, kind, state, reason, account_pattern, go_live, note, set_by, set_at, "
            "estimated_hours_low, estimated_hours_mid, estimated_hours_high")


def _decision(row: Sequence[Any]) -> Decision:
    (process, activity, kind, state, reason, pattern, go_live, note, set_by, set_at, low, mid, high) = row
    estimate = None if mid is None else (float(low if low is not None else mid), float(mid),
                                         float(high if high is not None else mid))
    return Decision(process=process, activity=activity, kind=kind, state=state, reason=reason or "",
                    account_pattern=pattern or "", go_live=date.fromisoformat(go_live) if go_live else None,
                    note=note or "", set_by=set_by or "", set_at=set_at or "", estimated_hours_per_year=estimate)


def read_store_id(con) -> str:
    """The store's identity (a random hex text made when the store was created or migrated)."""
    row = con.execute("SELECT value FROM meta WHERE key = 'store_id'").fetchone()
    return row[0] if row else ""


def read_decisions(con, process: str | None = None, *, history: bool = False) -> list[Decision]:
    """The current decision per (process, kind, activity) on an open store connection, sorted by candidate.

    ``history``: every recorded change instead, oldest first.  For callers that hold a connection
    already (a scheduled run); everyone else uses :func:`load_decisions`.
    """
    where, params = ("WHERE process = ?", [process]) if process else ("", [])
    if history:
        rows = con.execute(f"SELECT {_COLUMNS} FROM decisions {where} ORDER BY seq", params).fetchall()
    else:
        rows = con.execute(f"SELECT {_COLUMNS} FROM (SELECT *, row_number() OVER (PARTITION BY process, kind, activity "
                           f"ORDER BY seq DESC) AS newest FROM decisions {where}) WHERE newest = 1 "
                           "ORDER BY process, kind, activity", params).fetchall()
    return [_decision(r) for r in rows]


def load_decisions(store_path: str | Path, process: str | None = None) -> list[Decision]:
    """The current decision per candidate (of ``process``, or of every process) in the store."""
    from .database import open_store

    with open_store(store_path, read_only=True) as con:
        return read_decisions(con, process)


def decision_history(store_path: str | Path, process: str | None = None) -> list[Decision]:
    """Every decision recorded, oldest first: who changed what when."""
    from .database import open_store

    with open_store(store_path, read_only=True) as con:
        return read_decisions(con, process, history=True)


def read_decision_context(con, process: str) -> DecisionContext:
    """The store's identity and ``process``'s current decisions on an open connection (a scheduled run's)."""
    return DecisionContext(store_id=read_store_id(con), process=process, decisions=tuple(read_decisions(con, process)))


def decision_context(store_path: str | Path, process: str) -> DecisionContext:
    """The store's identity and ``process``'s current decisions, for report.xlsx's Decisions sheet."""
    from .database import open_store

    with open_store(store_path, read_only=True) as con:
        return read_decision_context(con, process)


def latest_candidates(con, process: str):
    """The candidate rows (activity, kind, verdict, hours low/mid/high) of ``process``'s latest finished run.

    None when the process has no finished run.
    """
    row = con.execute("SELECT max(run_id) FROM runs WHERE status = 'ok' AND process = ?", [process]).fetchone()
    if not row or row[0] is None:
        return None
    return con.execute("SELECT activity, kind, verdict, hours_per_year_low, hours_per_year, hours_per_year_high, "
                       "net_savings_eur_mid FROM run_candidates WHERE run_id = ? AND process = ?",
                       [row[0], process]).df()


# --- writing ----------------------------------------------------------------------------------------
def _pseudonym(who: str | None, key: bytes | None) -> str:
    import pandas as pd

    from ..privacy import pseudonymise, resolve_key

    who = who if who is not None else getpass.getuser()
    if not who:
        return ""
    if key is None:
        key, _ = resolve_key(None)
    return str(pseudonymise(pd.Series([who], dtype="str"), key).iloc[0])


def _estimate(candidates, decision: Decision) -> tuple[float, float, float] | None:
    rows = candidates[(candidates["activity"] == decision.activity) & (candidates["kind"] == decision.kind)]
    if rows.empty or rows["hours_per_year"].isna().all():
        return None
    low, mid, high = (rows.iloc[0][c] for c in ("hours_per_year_low", "hours_per_year", "hours_per_year_high"))
    mid = float(mid)
    return (float(low) if low is not None and low == low else mid, mid,  # NaN != NaN: a run before the range
            float(high) if high is not None and high == high else mid)


def _check_candidates(con, decisions: Sequence[Decision], source: object) -> dict[str, Any]:
    """Each process' latest candidates; an unknown process or candidate is refused naming it and the fix."""
    tables: dict[str, Any] = {}
    for decision in decisions:
        if decision.process not in tables:
            tables[decision.process] = latest_candidates(con, decision.process)
            if tables[decision.process] is None:
                raise ConfigError(Message("process {process!r} has no finished run in the store",
                                          process=decision.process), file=source,
                                  fix="run its scheduled job first, or pass the right --process")
        table = tables[decision.process]
        known = ((table["activity"] == decision.activity) & (table["kind"] == decision.kind)).any()
        if not known:
            raise BadDataError(Message("{kind} {activity!r} is not a candidate of {process!r} in the latest run",
                                       kind=_KIND_WORDS.get(decision.kind, decision.kind), activity=decision.activity,
                                       process=decision.process),
                               file=source,
                               fix="use the name shown in the report's Decisions sheet, or run the job first")
    return tables


def set_decisions(store_path: str | Path, decisions: Iterable[Decision], *, who: str | None = None,
                  now: datetime | None = None, key: bytes | None = None, source: object = None,
                  lock_timeout: float = LOCK_TIMEOUT_SECONDS) -> DecisionChanges:
    """Record several decisions in one transaction, under the store's lock; all or nothing.

    A decision equal to the candidate's current one is left alone (so re-importing a sheet changes
    nothing); only the changed ones are checked against the latest run's candidates, so a robot whose
    step has since dropped off the candidate list keeps its decision.  ``source`` names the file in
    error messages.
    """
    from .database import in_transaction, open_store
    from .lock import lock_store

    decisions = [validate_decision(d) for d in decisions]
    keys = [d.key for d in decisions]
    if len(set(keys)) != len(keys):
        twice = next(k for k in keys if keys.count(k) > 1)
        raise BadDataError(Message("two decisions for {kind} {activity!r} of {process!r}",
                                   kind=_KIND_WORDS.get(twice[1], twice[1]),
                                   activity=twice[2], process=twice[0]), file=source,
                           fix="keep one row per candidate")
    stamp = (now or datetime.now(timezone.utc)).astimezone(timezone.utc).replace(microsecond=0).isoformat()
    with lock_store(store_path, lock_timeout):
        with open_store(store_path) as con:
            current = {d.key: d for d in read_decisions(con)}
            changed = [d for d in decisions if not d.same_as(current.get(d.key))]
            if not changed:
                return DecisionChanges(changed=(), unchanged=len(decisions))
            tables = _check_candidates(con, changed, source)
            set_by = _pseudonym(who, key)
            recorded = []
            with in_transaction(con):
                seq = con.execute("SELECT coalesce(max(seq), 0) FROM decisions").fetchone()[0]
                for decision in changed:
                    seq += 1
                    estimate = _estimate(tables[decision.process], decision)
                    decision = replace(decision, set_by=set_by, set_at=stamp, estimated_hours_per_year=estimate)
                    low, mid, high = estimate if estimate is not None else (None, None, None)
                    con.execute(f"INSERT INTO decisions ({_COLUMNS}, seq) VALUES ({', '.join('?' * 14)})",
                                [decision.process, decision.activity, decision.kind, decision.state, decision.reason,
                                 decision.account_pattern, decision.go_live.isoformat() if decision.go_live else None,
                                 decision.note, decision.set_by, decision.set_at, low, mid, high, seq])
                    recorded.append(decision)
    return DecisionChanges(changed=tuple(recorded), unchanged=len(decisions) - len(recorded))


def set_decision(store_path: str | Path, decision: Decision, *, who: str | None = None, now: datetime | None = None,
                 key: bytes | None = None, lock_timeout: float = LOCK_TIMEOUT_SECONDS) -> Decision:
    """Record one decision (see :func:`set_decisions`); returns it as stored, or as it already was.

    Refused (exit 65) when the state is unknown, a rejection has no reason, a deployment has no account
    pattern (or one that is no regular expression), or the candidate is not in the process' latest run.
    """
    changes = set_decisions(store_path, [decision], who=who, now=now, key=key, lock_timeout=lock_timeout)
    if changes.changed:
        return changes.changed[0]
    decision = validate_decision(decision)
    return next(d for d in load_decisions(store_path, decision.process) if d.key == decision.key)


def import_decisions(file: str | Path, store_path: str | Path, *, process: str | None = None, who: str | None = None,
                     now: datetime | None = None, key: bytes | None = None,
                     lock_timeout: float = LOCK_TIMEOUT_SECONDS) -> DecisionChanges:
    """Record the decisions filled in on a report.xlsx's Decisions sheet (``rpa-finder decisions import``).

    Refused (exit 65) when the sheet comes from another store (its store id differs), a row
    names an unknown candidate or decision, or a row fills in details without a decision; a sheet of
    a plain ``analyze`` (no store id) needs ``process``.  Rows equal to the current decisions change
    nothing, so importing the same sheet again reports 0 changed.  Unreadable file: exit 66.
    """
    from ..errors import UsageError
    from ..output.decisions_sheet import read_decisions_sheet
    from .database import open_store

    sheet = read_decisions_sheet(file)
    with open_store(store_path, read_only=True) as con:
        store_id = read_store_id(con)
    if sheet.store_id and sheet.store_id != store_id:
        raise BadDataError(Message("the sheet comes from another store (store id {sheet_store}..., this store's is "
                                   "{this_store}...)", sheet_store=sheet.store_id[:8], this_store=store_id[:8]),
                           file=file,
                           fix="import it into the store of the job whose report it is")
    if not sheet.store_id and not process:
        raise UsageError("the sheet comes from a report made without a store", file=file,
                         fix="pass --process to say which process of the store it decides")
    if sheet.store_id and process and sheet.process and process != sheet.process:
        raise BadDataError(Message("the sheet decides process {sheet_process!r}, not {process!r}",
                                   sheet_process=sheet.process, process=process), file=file,
                           fix="drop --process, or import the report of that process")
    decisions = []
    for row in sheet.rows:
        where = Message("sheet {sheet!r} row {row}", sheet=sheet.sheet, row=row.row)
        if row.state is None:
            raise BadDataError("details filled in but no decision", file=file, where=where,
                               fix="choose a decision in the dropdown, or clear the row")
        decision = Decision(process=process or row.process or sheet.process, activity=row.activity, kind=row.kind,
                            state=row.state, reason=row.reason, account_pattern=row.account_pattern,
                            go_live=row.go_live, note=row.note)
        decisions.append(validate_decision(decision, file=file, where=where))
    return set_decisions(store_path, decisions, who=who, now=now, key=key, source=file, lock_timeout=lock_timeout)


# --- for the realisation ----------------------------------------------------------------------------
def recorded_deployments(decisions: Iterable[Decision], process: str | None = None) -> list:
    """The deployed robots as :class:`~rpa_finder.realisation.RecordedDeployment` (of ``process`` only, if given).

    A robot for a routine does each of its steps, so a routine becomes one deployment per step (a
    decision on the step itself wins).
    """
    from ..realisation import RecordedDeployment

    deployed = [d for d in decisions if d.state == "deployed" and (process is None or d.process == process)]
    steps = {d.activity: d for d in deployed if d.kind == "activity"}
    for routine in (d for d in deployed if d.kind == "routine"):
        for step in routine.activity.split(_ROUTINE_SEPARATOR):
            steps.setdefault(step.strip(), routine)
    return [RecordedDeployment(activity=step, account_pattern=d.account_pattern, go_live=d.go_live)
            for step, d in steps.items()]


def decision_estimates(decisions: Iterable[Decision], process: str | None = None) -> dict[str, tuple[float, float, float]]:
    """Activity (or routine name) -> the hours a year (low, mid, high) estimated when its decision was set."""
    return {d.activity: d.estimated_hours_per_year for d in decisions
            if d.estimated_hours_per_year is not None and (process is None or d.process == process)}
