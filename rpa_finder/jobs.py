# SPDX-License-Identifier: AGPL-3.0-or-later
"""Scheduled runs: a job file, and :func:`run_job`, which adds new exports to the store and analyses it all.

A job file is the analysis configuration (see :mod:`rpa_finder.config`) plus a ``[job]`` table::

    [job]
    name = "ostolaskut-monthly"
    process = "ostolaskut"          # default: the job name; events of one process share a store key
    store = "store/runs.duckdb"     # the folder must exist; relative paths start at the job file
    inputs = ["exports/"]           # files, or folders: every log file directly inside, sorted
    output = "results/"             # each run writes results/<run id>/
    language = "fi"                 # default: [report] language
    lock_timeout_seconds = 60       # how long a second run waits for the store

One run: read and validate every input (nothing is stored if one fails); lock the store; import the
new events in one transaction; analyse every stored event of the process, so the monthly analysis
covers all history, with the robots deployed on its steps measured against the estimate made when each
was decided (the store's decisions, else its runs before the go-live); write the results folder whole
(temporary folder, then rename), with
``history.json`` (the earlier runs and this one, as ``rpa-finder history`` will show them) so that
report.html has its History section; record the run's results in one transaction.  Killed at any
moment, it leaves the store and earlier results intact.

``RPA_FINDER_TEST_PAUSE_AT=import`` (or ``analysis``, ``record``) makes a run sleep at that point,
inside the transaction where there is one, so the tests can kill it there.  Test use only.
"""
from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Mapping

from .config import LANGUAGES, AnalysisConfig, config_from_mapping
from .errors import ConfigError, InputMissingError, Message
from .read_options import read_toml

__all__ = ["Job", "RunOutcome", "InputOutcome", "load_job", "job_from_mapping", "list_inputs", "run_job",
           "JOB_KEYS", "LOG_SUFFIXES", "PAUSE_ENV"]

#: [job] keys: name -> what it means (feeds the docs and the unknown-key message).
JOB_KEYS = {
    "name": "Name of the job, recorded with every run.",
    "process": "Name of the process the inputs belong to [default: the job name].",
    "store": "The store's database file (DuckDB); its folder must exist.",
    "inputs": "Log files or folders (every log file directly inside, sorted by name).",
    "output": "Results root: each run writes <output>/<run id>/.",
    "language": "fi, sv or en [default: [report] language].",
    "lock_timeout_seconds": "How long a run waits for another run on the same store [default: 60].",
}
#: What a missing required [job] key is for, in the message that asks for it.
_REQUIRED_KEYS = {
    "name": Message("the job's name, recorded with every run"),
    "store": Message("the store's database file (DuckDB), in a folder that exists"),
    "inputs": Message("the log files or folders to read each run"),
    "output": Message("the folder where each run writes its results"),
}
#: File endings taken from an input folder.
LOG_SUFFIXES = (".csv", ".tsv", ".txt", ".xes", ".xlsx", ".parquet", ".csv.gz", ".tsv.gz", ".xes.gz")
PAUSE_ENV = "RPA_FINDER_TEST_PAUSE_AT"
DEFAULT_LOCK_TIMEOUT = 60.0
_PROCESS_CHARS = set("abcdefghijklmnopqrstuvwxyzåäöABCDEFGHIJKLMNOPQRSTUVWXYZÅÄÖ0123456789_-")


@dataclass(frozen=True)
class Job:
    """A parsed job file; paths are absolute (resolved from the job file's folder)."""

    name: str
    process: str
    store: Path
    inputs: tuple[Path, ...]
    output: Path
    config: AnalysisConfig
    lock_timeout_seconds: float = DEFAULT_LOCK_TIMEOUT
    path: Path | None = None


@dataclass(frozen=True)
class InputOutcome:
    file: str
    sha256: str
    events: int
    new: int
    duplicate: int


@dataclass(frozen=True)
class RunOutcome:
    """What a run did: what the ``--json`` summary prints."""

    run_id: str
    status: str
    job: str
    process: str
    inputs: tuple[InputOutcome, ...]
    events_total: int
    cases_total: int
    output: Path
    maturity: Mapping[str, int] = field(default_factory=dict)
    top_candidates: tuple[Mapping[str, Any], ...] = ()
    #: summary.json's ``deployed_robots``: the robots on the process' steps and what they delivered.
    deployed_robots: tuple[Mapping[str, Any], ...] = ()

    @property
    def events_new(self) -> int:
        return sum(i.new for i in self.inputs)

    @property
    def events_duplicate(self) -> int:
        return sum(i.duplicate for i in self.inputs)

    def to_dict(self) -> dict[str, Any]:
        return {"run_id": self.run_id, "status": self.status, "job": self.job, "process": self.process,
                "inputs": [vars(i) for i in self.inputs],
                "totals": {"events_new": self.events_new, "events_duplicate": self.events_duplicate,
                           "events_in_store": self.events_total, "cases_in_store": self.cases_total},
                "maturity_levels": dict(self.maturity), "top_candidates": [dict(r) for r in self.top_candidates],
                "deployed_robots": [{k: r.get(k) for k in ("activity", "account", "go_live", "status",
                                                           "estimated_hours_per_year", "realised_hours_per_year",
                                                           "hand_backs", "robot_share")} for r in self.deployed_robots],
                "output": str(self.output)}


def _path(value: Any, key: str, base: Path, file: Path) -> Path:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(Message("{key} must be a path (text)", key=key), file=file, where="[job]")
    path = Path(value).expanduser()
    return (path if path.is_absolute() else base / path).absolute()


def job_from_mapping(data: Mapping[str, Any], path: Path) -> Job:
    """Check a parsed job file: [job] keys here, every other section by :func:`config_from_mapping`."""
    table = data.get("job")
    if not isinstance(table, Mapping):
        raise ConfigError("no [job] table", file=path, fix="add [job] with name, store, inputs and output")
    for key in table:
        if key not in JOB_KEYS:
            raise ConfigError(Message("unknown key {key!r}", key=key), file=path, where="[job]",
                              fix=Message("allowed keys are {keys}", keys=", ".join(JOB_KEYS)))
    for key, meaning in _REQUIRED_KEYS.items():
        if key not in table:
            raise ConfigError(Message("missing key {key!r}", key=key), file=path, where="[job]",
                              fix=Message("add {key} = ...: {meaning}", key=key, meaning=meaning))
    config = config_from_mapping({k: v for k, v in data.items() if k != "job"}, path)
    name = table["name"]
    process = table.get("process", name)
    for key, value in (("name", name), ("process", process)):
        if not isinstance(value, str) or not value or set(value) - _PROCESS_CHARS:
            raise ConfigError(Message("{key} must be a non-empty word of letters, digits, _ and -, got {value!r}",
                                      key=key, value=value), file=path, where="[job]")
    base = path.parent.absolute()
    store = _path(table["store"], "store", base, path)
    if not store.parent.is_dir():
        raise ConfigError("the store's folder does not exist", file=path,
                          where=Message("[job] store = {value!r}", value=table["store"]),
                          fix=Message("create {folder} or correct the path", folder=str(store.parent)))
    inputs = table["inputs"]
    if isinstance(inputs, str):
        inputs = [inputs]
    if not isinstance(inputs, list) or not inputs:
        raise ConfigError("inputs must be a list of files or folders", file=path, where="[job]")
    language = table.get("language", config.language)
    if language not in LANGUAGES:
        raise ConfigError(Message("language must be one of {choices}", choices=", ".join(LANGUAGES)), file=path,
                          where="[job]")
    config = replace(config, language=language, candidates=replace(config.candidates, language=language))
    timeout = table.get("lock_timeout_seconds", DEFAULT_LOCK_TIMEOUT)
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout < 0:
        raise ConfigError("lock_timeout_seconds must be a number >= 0", file=path, where="[job]")
    return Job(name=name, process=process, store=store, inputs=tuple(_path(i, "inputs", base, path) for i in inputs),
               output=_path(table["output"], "output", base, path), config=config,
               lock_timeout_seconds=float(timeout), path=path)


def load_job(path: str | Path) -> Job:
    """Read a job file; every mistake in it is a ConfigError (exit 78) naming the key."""
    data, path = read_toml(path, "job file", "--config")
    return job_from_mapping(data, path)


def list_inputs(job: Job) -> list[Path]:
    """The job's log files: files as given, folders expanded to the log files directly inside, sorted."""
    files: list[Path] = []
    for item in job.inputs:
        if item.is_dir():
            found = sorted(p for p in item.iterdir() if p.is_file() and not p.name.startswith(".")
                           and p.name.lower().endswith(LOG_SUFFIXES))
            if not found:
                raise InputMissingError("no log files in the folder", file=item,
                                        fix=Message("put exports ending in {suffixes} there",
                                                    suffixes=", ".join(LOG_SUFFIXES)))
            files += found
        elif item.exists():
            files.append(item)
        else:
            raise InputMissingError("input not found", file=item, fix="check [job] inputs")
    return files


def _pause(point: str, progress: Callable[[str], None]) -> None:
    """Test hook: sleep at ``point`` when RPA_FINDER_TEST_PAUSE_AT names it (never set it in production)."""
    if os.environ.get(PAUSE_ENV) == point:
        progress(f"test pause at {point}")
        sys.stderr.flush()
        time.sleep(float(os.environ.get("RPA_FINDER_TEST_PAUSE_SECONDS", "60")))


def _require_stable_key(job: Job) -> None:
    from .privacy import resolve_key

    _, stable = resolve_key(job.config.read.key, job.config.read.key_env)
    if not stable:
        raise ConfigError(Message("no stable privacy key: ${variable} is not set", variable=job.config.read.key_env),
                          file=job.path, where="[privacy]",
                          fix=Message("set {variable} to the same secret every run (otherwise people get new "
                                      "pseudonyms each month and events no longer deduplicate)",
                                      variable=job.config.read.key_env))


def _store_ingest(log, reports, rejects):
    """The IngestResult of the stored log: counts of the store, problems of this run's inputs."""
    import pandas as pd

    from .ingest import IngestResult
    from .ingest.raw import REJECT_COLUMNS
    from .ingest.report import ValidationReport

    source = log.sources[0]
    report = ValidationReport(
        file=source.path, format="store", sha256=source.sha256, rows_read=log.n_events, events=log.n_events,
        cases=log.n_cases, activities=len(log.activities), resources=len(log.resources),
        rejected_rows=sum(r.rejected_rows for r in reports), timestamp_precision=log.timestamp_precision,
        read_details={"inputs": ", ".join(Path(r.file).name for r in reports)},
        problems=tuple(p for r in reports for p in r.problems),
        identity_code_columns=tuple(sorted({c for r in reports for c in r.identity_code_columns})),
        resources_pseudonymised=any(r.resources_pseudonymised for r in reports), key_is_stable=True)
    frames = [r for r in rejects if len(r)]
    merged = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=list(REJECT_COLUMNS))
    return IngestResult(log=log, report=report, rejects=merged)


def _maturity_levels(summary: Mapping[str, Any], process: str) -> dict[str, int]:
    from .store import ORGANISATION

    maturity = summary.get("maturity") or {}
    levels = {}
    if isinstance(maturity, Mapping):
        organisation = maturity.get("organisation")
        if isinstance(organisation, Mapping) and organisation.get("level") is not None:
            levels[ORGANISATION] = int(organisation["level"])
        for item in maturity.get("processes") or []:
            if isinstance(item, Mapping) and item.get("level") is not None:
                levels[process if item.get("name") in (None, process) else str(item["name"])] = int(item["level"])
    return levels


def _deployed(con, job: Job) -> tuple[Any, list, dict[str, tuple[float, float, float]]]:
    """The store's decisions on the job's process (the DecisionContext that prefills the workbook's
    Decisions sheet), its deployed robots (as RecordedDeployment items), and the hours a year estimated
    when each was decided (kept with the decision by ``decisions set``)."""
    from .store.decisions import (DecisionContext, decision_estimates, read_decisions, read_store_id,
                                  recorded_deployments)

    decisions = read_decisions(con, job.process)
    context = DecisionContext(store_id=read_store_id(con), process=job.process, decisions=tuple(decisions))
    return context, recorded_deployments(decisions, job.process), decision_estimates(decisions, job.process)


def _estimates_for(job: Job, found, decided: Mapping[str, tuple[float, float, float]]) -> dict:
    """The estimate each deployment found is measured against: the decision's, else the stored run's
    before its go-live (suggested deployments included).  Opens the store briefly (the lock is ours)."""
    from .store import open_store
    from .store.runs import stored_estimates

    wanted = {str(row.activity): (None if row.go_live is None or row.go_live != row.go_live else row.go_live.date())
              for row in found.itertuples(index=False) if str(row.activity) not in decided}
    if not wanted:
        return dict(decided)
    with open_store(job.store) as con:
        return {**stored_estimates(con, job.process, wanted), **decided}


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


def run_job(job: Job, *, progress: Callable[[str], None] | None = None) -> RunOutcome:
    """One scheduled run (see the module docstring for the steps and what a crash leaves behind)."""
    from .analysis import analyze_log
    from .api import Analysis, read_validated
    from .store import (PendingRun, count_events, finish_run, history_document, import_events, in_transaction,
                        load_log, lock_store, new_run_id, open_store, start_run)

    progress = progress or (lambda message: None)
    _require_stable_key(job)
    files = list_inputs(job)
    ingests = read_validated(files, job.config.read, progress=progress, outcome="nothing was stored")
    with lock_store(job.store, job.lock_timeout_seconds, waiting=progress):
        started = _now()
        with open_store(job.store) as con:
            run_id = new_run_id(con, started)
            progress(f"run {run_id}: importing {len(files)} export(s) into {job.store.name}")
            with in_transaction(con):
                outcomes = []
                for file, ingest in zip(files, ingests):
                    counts = import_events(con, job.process, ingest.log, run_id)
                    outcomes.append(InputOutcome(file.name, ingest.report.sha256, counts.events, counts.new,
                                                 counts.duplicate))
                    progress(f"{file.name}: {counts.new:,} new events, {counts.duplicate:,} already stored")
                start_run(con, run_id, job=job.name, process=job.process, started_at=started.isoformat(),
                          inputs=[vars(o) for o in outcomes])
                _pause("import", progress)
            log = load_log(con, job.process, timezone=job.config.read.timezone)
            context, decisions, decided_estimates = _deployed(con, job)
        _pause("analysis", progress)
        progress(f"analysing {log.n_events:,} stored events in {log.n_cases:,} cases")
        result = analyze_log(_store_ingest(log, [i.report for i in ingests], [i.rejects for i in ingests]),
                             job.config, progress=progress)
        folder = job.output / run_id
        analysis = Analysis.from_results([result], job.config, inputs=files, decisions=decisions,
                                         estimates=lambda found: _estimates_for(job, found, decided_estimates),
                                         decision_context=context)
        summary = analysis.summary
        maturity = _maturity_levels(summary, job.process)
        with open_store(job.store) as con:  # the lock is ours: nothing changes the store until we record
            events_total, cases_total = count_events(con, job.process)
            pending = PendingRun(run_id=run_id, process=job.process, candidates=result.scored.candidates,
                                 maturity=maturity, events_total=events_total, cases_total=cases_total,
                                 realised=summary["deployed_robots"])
            history = history_document(con, job.process, pending=pending)
        analysis.write(folder, history=history, command="run", progress=progress)
        with open_store(job.store) as con:
            with in_transaction(con):
                finish_run(con, run_id, finished_at=_now().isoformat(), output=str(folder), events_total=events_total,
                           cases_total=cases_total, candidates=result.scored.candidates, process=job.process,
                           maturity=maturity, realised=summary["deployed_robots"])
                _pause("record", progress)
    top = tuple(summary["processes"][0]["top_candidates"]) if summary.get("processes") else ()
    return RunOutcome(run_id=run_id, status="ok", job=job.name, process=job.process, inputs=tuple(outcomes),
                      events_total=events_total, cases_total=cases_total, output=folder, maturity=maturity,
                      top_candidates=top, deployed_robots=tuple(summary.get("deployed_robots") or ()))
