# SPDX-License-Identifier: AGPL-3.0-or-later
"""The run store's database file: DuckDB, its schema, and the migrations that bring old files up to date.

Why DuckDB and not SQLite (measured on this 2-core machine, 1M events of a scaled ``ostolaskut`` log,
11 attribute columns, key hashing excluded):

============================  ==========  ===========
step                          DuckDB 2.0  SQLite (WAL)
============================  ==========  ===========
insert 1M new events          7.7 s       49.9 s
re-import the same 1M (dedup) 0.4 s       18.8 s
read back into pandas         4.2 s       16.3 s
file size                     96 MB       219 MB
============================  ==========  ===========

DuckDB also computes the stable event key (MD5 of a canonical text, see :mod:`.events`) in 6 s where
building the same text column in pandas took 18-22 s, and takes a pandas frame without a per-row
Python loop.  Both are ACID with a write-ahead log, so a run killed mid-transaction loses only that
transaction (``tests/test_run_job.py`` kills one with SIGKILL).  DuckDB's weak point is concurrency:
only one process may open the file at a time, so a run holds a lock file (:mod:`.lock`) for its whole
length and opens the database only for short transactions; ``history`` retries while a run writes.
"""
from __future__ import annotations

import re
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from ..errors import ConfigError, Message, OutputNotWritableError
from .events import EVENT_CONTENT_SQL

__all__ = ["open_store", "connect_store", "in_transaction", "SCHEMA_VERSION", "MIGRATIONS"]

_CONTENT = EVENT_CONTENT_SQL.format(process="process")

#: Migrations by target version; a file at version n gets the scripts n+1.. in one transaction.
MIGRATIONS: dict[int, tuple[str, ...]] = {
    1: (
        "CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
        # Standard columns only; every event attribute adds a column "a:<name>" (registered in attributes).
        """CREATE TABLE events (process VARCHAR NOT NULL, event_key VARCHAR NOT NULL, seq BIGINT NOT NULL,
               case_id VARCHAR NOT NULL, activity VARCHAR NOT NULL, timestamp_ns BIGINT NOT NULL,
               lifecycle VARCHAR, resource VARCHAR, start_timestamp_ns BIGINT, run_id VARCHAR,
               PRIMARY KEY (process, event_key))""",
        "CREATE TABLE cases (process VARCHAR NOT NULL, case_id VARCHAR NOT NULL, PRIMARY KEY (process, case_id))",
        """CREATE TABLE attributes (process VARCHAR NOT NULL, level VARCHAR NOT NULL, name VARCHAR NOT NULL,
               storage VARCHAR NOT NULL, xes_type VARCHAR NOT NULL, PRIMARY KEY (process, level, name))""",
        """CREATE TABLE runs (run_id VARCHAR PRIMARY KEY, job VARCHAR, process VARCHAR, started_at VARCHAR,
               finished_at VARCHAR, status VARCHAR, output VARCHAR, events_total BIGINT, cases_total BIGINT,
               events_new BIGINT, events_duplicate BIGINT)""",
        """CREATE TABLE run_inputs (run_id VARCHAR, position INTEGER, file VARCHAR, sha256 VARCHAR, events BIGINT,
               new BIGINT, duplicate BIGINT)""",
        """CREATE TABLE run_candidates (run_id VARCHAR, process VARCHAR, activity VARCHAR, kind VARCHAR,
               status VARCHAR, score DOUBLE, rank BIGINT, hours_per_year DOUBLE, savings_eur_mid DOUBLE)""",
        "CREATE TABLE run_maturity (run_id VARCHAR, process VARCHAR, level BIGINT)",
    ),
    # The savings range of each candidate, so the history shows low-high beside the most likely value;
    # runs recorded before it keep NULL there.
    2: (
        "ALTER TABLE run_candidates ADD COLUMN savings_eur_low DOUBLE",
        "ALTER TABLE run_candidates ADD COLUMN savings_eur_high DOUBLE",
    ),
    # Each candidate's verdict and net saving (the headline), so the history shows what a robot would
    # save after its costs; runs recorded before it keep NULL there.
    3: (
        "ALTER TABLE run_candidates ADD COLUMN verdict VARCHAR",
        "ALTER TABLE run_candidates ADD COLUMN net_savings_eur_low DOUBLE",
        "ALTER TABLE run_candidates ADD COLUMN net_savings_eur_mid DOUBLE",
        "ALTER TABLE run_candidates ADD COLUMN net_savings_eur_high DOUBLE",
    ),
    # Event keys without the attributes (see .events): an export that gains or loses a column keeps
    # its keys.  Stored events are re-keyed in place, identical ones numbered in the order stored.
    4: (
        f"""UPDATE events SET event_key = r.key FROM (
               SELECT process AS p, seq AS s, md5({_CONTENT} || '#' || (row_number() OVER (
                   PARTITION BY process, {_CONTENT} ORDER BY seq) - 1)::VARCHAR) AS key FROM events) r
           WHERE events.process = r.p AND events.seq = r.s""",
    ),
    # Decisions on candidates (see .decisions): one row per change, the newest (highest seq) per
    # candidate is current; and the store's identity (a random store_id in meta), so that a Decisions
    # sheet from another store is refused.
    5: (
        """CREATE TABLE IF NOT EXISTS decisions (seq BIGINT NOT NULL, process VARCHAR NOT NULL, activity VARCHAR NOT NULL,
               kind VARCHAR NOT NULL, state VARCHAR NOT NULL, reason VARCHAR, account_pattern VARCHAR, go_live VARCHAR,
               note VARCHAR, set_by VARCHAR, set_at VARCHAR, estimated_hours_low DOUBLE, estimated_hours_mid DOUBLE,
               estimated_hours_high DOUBLE)""",
        "INSERT OR IGNORE INTO meta VALUES ('store_id', replace(CAST(uuid() AS VARCHAR), '-', ''))",
    ),
    # Realised benefit (issue 16): each run's deployed robots, estimate beside realised, so the history
    # shows whether a robot delivered; and each candidate's hours range, the estimate a later run's
    # robot is measured against (runs recorded before it keep NULL there).
    6: (
        """CREATE TABLE IF NOT EXISTS run_realised (run_id VARCHAR, process VARCHAR, activity VARCHAR, account VARCHAR,
               go_live DATE, status VARCHAR, estimated_low DOUBLE, estimated_mid DOUBLE, estimated_high DOUBLE,
               realised_low DOUBLE, realised_mid DOUBLE, realised_high DOUBLE, hand_backs BIGINT,
               robot_share DOUBLE)""",
        "ALTER TABLE run_candidates ADD COLUMN IF NOT EXISTS hours_per_year_low DOUBLE",
        "ALTER TABLE run_candidates ADD COLUMN IF NOT EXISTS hours_per_year_high DOUBLE",
    ),
}
SCHEMA_VERSION = max(MIGRATIONS)
#: How long ``open_store`` retries while another process has the file open (DuckDB allows one).
OPEN_RETRY_SECONDS = 30.0


def _duckdb():
    import duckdb

    return duckdb


def _version(con) -> int:
    exists = con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'meta'").fetchone()[0]
    if not exists:
        return 0
    row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    return int(row[0]) if row else 0


def _migrate(con, path: Path) -> None:
    current = _version(con)
    if current > SCHEMA_VERSION:
        raise ConfigError(Message("store schema version {found} is newer than this rpa_finder's ({supported})",
                                  found=current, supported=SCHEMA_VERSION), file=path,
                          fix="upgrade rpa_finder, or point the job at another store")
    if current == SCHEMA_VERSION:
        return
    with in_transaction(con):
        for version in sorted(v for v in MIGRATIONS if v > current):  # numbers owned by separate changes
            for statement in MIGRATIONS[version]:
                con.execute(statement)
        con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])


#: DuckDB's words when another process has the file open ("IO Error: Could not set lock on file ...:
#: Conflicting lock is held in ... (PID n)"); any other I/O error is reported at once, never retried.
_LOCK_CONFLICT = re.compile(r"Could not set lock on file .*Conflicting lock is held", re.S)


def _is_lock_conflict(exc: Exception) -> bool:
    return bool(_LOCK_CONFLICT.search(str(exc)))


def connect_store(path: str | Path, *, read_only: bool = False, retry_seconds: float = OPEN_RETRY_SECONDS):
    """A DuckDB connection to an existing or new store, migrated to the current schema.

    A store that another process has open is retried for ``retry_seconds``, then refused (exit 73).
    """
    duckdb = _duckdb()
    path = Path(path)
    if not path.parent.is_dir():
        raise ConfigError("the store's folder does not exist", file=path,
                          fix="create the folder, or correct the store path ([job] store or --store)")
    if read_only and not path.exists():
        raise ConfigError("no store at this path", file=path, fix="give the store of a job that has run")
    deadline = time.monotonic() + retry_seconds
    while True:
        try:
            con = duckdb.connect(str(path), read_only=read_only)
            break
        except duckdb.IOException as exc:
            if not _is_lock_conflict(exc) or time.monotonic() >= deadline:
                raise OutputNotWritableError(Message("cannot open the store ({reason})",
                                                     reason=" ".join(str(exc).split())[:160]), file=path,
                                             fix="wait for the running job to finish, or check permissions") from None
            time.sleep(0.2)
        except duckdb.Error as exc:
            raise ConfigError(Message("not an rpa_finder store ({kind})", kind=exc.__class__.__name__), file=path,
                              fix="point the store path ([job] store or --store) at a new file or an earlier run's store") from None
    if not read_only:
        _migrate(con, path)
    elif _version(con) != SCHEMA_VERSION:
        con.close()
        raise ConfigError("the store was written by another rpa_finder version", file=path,
                          fix="run a job with this version first, which migrates it")
    return con


@contextmanager
def open_store(path: str | Path, *, read_only: bool = False) -> Iterator[object]:
    """``with open_store(path) as con:`` - the connection is closed (and the file released) on exit."""
    con = connect_store(path, read_only=read_only)
    try:
        yield con
    finally:
        con.close()


@contextmanager
def in_transaction(con) -> Iterator[object]:
    """All or nothing: commit when the block ends, roll back on any exception (also KeyboardInterrupt)."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException as exc:
        try:
            con.execute("ROLLBACK")
        except Exception as failed:  # noqa: BLE001 - the original error is what the user must see
            exc.add_note(f"(the rollback failed too: {failed.__class__.__name__}: {' '.join(str(failed).split())[:200]})")
        raise
    con.execute("COMMIT")
