# SPDX-License-Identifier: AGPL-3.0-or-later
"""The store under faults: a killed run with forked children alive, lock conflicts told apart from other
I/O errors, and a failed ROLLBACK that does not hide the error that caused it."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pandas as pd
import pytest

from rpa_finder.errors import OutputNotWritableError
from rpa_finder.eventlog import EventLog
from rpa_finder.store import count_events, in_transaction, lock_store, open_store
from rpa_finder.store import database

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="fork and flock semantics of Linux")


def _log() -> EventLog:
    return EventLog.from_frame(pd.DataFrame({
        "case_id": ["a", "a", "b"], "activity": ["Kirjaa", "Hyväksy", "Kirjaa"],
        "timestamp": pd.to_datetime(["2026-01-01 10:00", "2026-01-02 10:00", "2026-01-03 10:00"], utc=True)}))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
        return handle.read().split(") ")[1][0] != "Z"


def test_a_killed_run_with_forked_children_alive_frees_the_lock_at_once(tmp_path):
    """A run holds the lock, has committed its results, and has two forked children alive (one a plain
    ``os.fork`` such as a worker pool makes, one a ForkedCall); it is killed.  The next run gets the
    lock at once, while the plain child still lives, and reads the previous results."""
    store = tmp_path / "runs.duckdb"
    script = textwrap.dedent(f"""
        import os, sys, time
        import pandas as pd
        from rpa_finder.engine.forked import ForkedCall
        from rpa_finder.eventlog import EventLog
        from rpa_finder.store import import_events, in_transaction, lock_store, open_store
        log = EventLog.from_frame(pd.DataFrame({{
            "case_id": ["a", "a", "b"], "activity": ["Kirjaa", "Hyväksy", "Kirjaa"],
            "timestamp": pd.to_datetime(["2026-01-01 10:00", "2026-01-02 10:00", "2026-01-03 10:00"], utc=True)}}))
        with lock_store({str(store)!r}, 0):
            with open_store({str(store)!r}) as con:
                with in_transaction(con):
                    import_events(con, "p", log, "r1")
            plain = os.fork()
            if plain == 0:
                time.sleep(120)
                os._exit(0)
            call = ForkedCall(time.sleep, 120)
            print(plain, call.pid, flush=True)
            time.sleep(120)
    """)
    run = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    plain = forked = None
    try:
        line = run.stdout.readline()
        assert line, run.stderr.read()
        plain, forked = map(int, line.split())
        assert _alive(plain) and _alive(forked)
        run.send_signal(signal.SIGKILL)
        run.wait(timeout=30)
        start = time.monotonic()
        with lock_store(store, 0):  # no waiting: the children never held the lock
            assert time.monotonic() - start < 1
            assert _alive(plain)  # a child that outlives its parent does not keep the lock
            with open_store(store, read_only=True) as con:
                assert count_events(con, "p") == (3, 2)
    finally:
        if run.poll() is None:
            run.kill()
        for pid in (plain, forked):
            if pid:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass


def test_the_lock_descriptor_is_closed_in_forked_children(tmp_path):
    with lock_store(tmp_path / "s.duckdb", 0) as path:
        held = [fd for fd in os.listdir("/proc/self/fd") if os.path.realpath(f"/proc/self/fd/{fd}") == str(path)]
        assert held
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:
            still = [fd for fd in os.listdir("/proc/self/fd") if os.path.realpath(f"/proc/self/fd/{fd}") == str(path)]
            os.write(write, str(len(still)).encode())
            os._exit(0)
        os.close(write)
        os.waitpid(pid, 0)
        assert os.read(read, 10) == b"0"
        os.close(read)
        assert not os.get_inheritable(int(held[0]))  # and an exec'd program never receives it


def test_only_duckdbs_lock_conflict_is_retried(tmp_path):
    conflict = OSError('IO Error: Could not set lock on file "/x/runs.duckdb": Conflicting lock is held in '
                       '/usr/bin/python3 (PID 12). See also https://duckdb.org/docs/current/connect/concurrency')
    assert database._is_lock_conflict(conflict)
    for other in ('IO Error: Cannot open file "/x/runs.duckdb": Permission denied',
                  "IO Error: could not read block 17 of /x/runs.duckdb",  # "block" holds "lock"
                  "IO Error: No space left on device; file is locked read-only"):
        assert not database._is_lock_conflict(OSError(other))


def test_an_unreadable_store_fails_at_once_instead_of_retrying(tmp_path):
    store = tmp_path / "runs.duckdb"
    store.mkdir()  # an I/O error that is no lock conflict (works as root too, unlike chmod)
    start = time.monotonic()
    with pytest.raises(OutputNotWritableError, match="cannot open the store"):
        open_store(store).__enter__()
    assert time.monotonic() - start < 2


class _RollbackFails:
    """A connection whose ROLLBACK fails (as after a lost connection)."""

    def __init__(self, con) -> None:
        self.con = con

    def execute(self, sql, *args):
        if sql == "ROLLBACK":
            raise RuntimeError("Connection Error: connection already closed")
        return self.con.execute(sql, *args)


def test_a_failed_rollback_keeps_the_original_error(tmp_path):
    with open_store(tmp_path / "s.duckdb") as con:
        with pytest.raises(ValueError, match="the real problem") as caught:
            with in_transaction(_RollbackFails(con)):
                raise ValueError("the real problem")
        assert any("the rollback failed too" in note and "connection already closed" in note
                   for note in caught.value.__notes__)
        con.execute("ROLLBACK")
