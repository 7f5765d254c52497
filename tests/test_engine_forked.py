# SPDX-License-Identifier: AGPL-3.0-or-later
"""ForkedCall cannot hang or leak: it really forks where safe, times out, reaps its child on every exit
path, says on stderr when it falls back, and refuses to fork while other threads run."""
from __future__ import annotations

import logging
import os
import subprocess
import sys
import textwrap
import threading
import time

import pytest
from conftest import SAMPLE_LOGS

from rpa_finder import analysis
from rpa_finder.config import AnalysisConfig
from rpa_finder.engine import forked
from rpa_finder.engine.forked import ForkedCall, can_fork
from rpa_finder.ingest import read_log
from rpa_finder.read_options import ReadOptions

pytestmark = [pytest.mark.skipif(sys.platform != "linux", reason="forking is used on Linux only"), pytest.mark.forks]


def _pid() -> int:
    return os.getpid()


def _sleep_in_child(parent: int, seconds: float) -> str:
    if os.getpid() != parent:
        time.sleep(seconds)
        return "child"
    return "parent"


def _gone(pid: int) -> bool:
    """Whether ``pid`` is neither running nor a zombie waiting to be reaped by us."""
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True  # already reaped: not our child any more
    return False


def test_the_call_runs_in_another_process():
    """Fails if the fork always fell back to the caller."""
    assert can_fork()
    with ForkedCall(_pid) as call:
        assert call.forked and call.pid not in (None, os.getpid())
        child = call.pid
        assert call.result() == child
    assert _gone(child)


def test_a_child_over_its_timeout_is_killed_and_the_fallback_said(caplog):
    parent = os.getpid()
    start = time.monotonic()
    with caplog.at_level(logging.WARNING, logger=forked.__name__):
        call = ForkedCall(_sleep_in_child, parent, 60, timeout=0.5)
        child = call.pid
        assert call.result() == "parent"
    assert time.monotonic() - start < 5
    assert _gone(child)
    assert "no result within 0.5 s" in caplog.text and "running it again in this process" in caplog.text


def test_a_failing_child_is_reported_on_stderr():
    """The warning reaches stderr without any logging set up (as under the CLI)."""
    code = textwrap.dedent("""
        import os
        from rpa_finder.engine.forked import ForkedCall
        def f(parent):
            if os.getpid() != parent:
                raise MemoryError("boom")
            return 7
        print(ForkedCall(f, os.getpid()).result())
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "7"
    assert "forked child running f failed (MemoryError: boom); running it again in this process" in done.stderr


def test_leaving_the_block_early_kills_and_reaps_the_child():
    parent = os.getpid()
    with pytest.raises(RuntimeError):
        with ForkedCall(_sleep_in_child, parent, 60) as call:
            child = call.pid
            raise RuntimeError("scoring failed")
    assert _gone(child)


def test_no_fork_while_another_thread_runs():
    release = threading.Event()
    thread = threading.Thread(target=release.wait, daemon=True)
    thread.start()
    try:
        assert not can_fork()
        call = ForkedCall(_pid)
        assert not call.forked and call.result() == os.getpid()  # serially, in the caller
    finally:
        release.set()
        thread.join()
    assert can_fork()


def test_a_child_dies_with_its_killed_parent(tmp_path):
    code = textwrap.dedent("""
        import os, signal, sys, time
        from rpa_finder.engine.forked import ForkedCall
        call = ForkedCall(time.sleep, 120)
        print(call.pid, flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    child = int(done.stdout.strip())
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            break
        time.sleep(0.05)
    else:
        os.kill(child, 9)
        pytest.fail("the forked child outlived its killed parent")


def test_an_error_in_scoring_kills_the_mining_child(monkeypatch):
    ingest = read_log(SAMPLE_LOGS / "ostolaskut.csv", ReadOptions(key="k"))
    parent = os.getpid()
    children: list[int] = []

    class Recorded(ForkedCall):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            children.append(self.pid)

    def mine_forever(*args, **kwargs):
        if os.getpid() != parent:
            time.sleep(120)

    def fail(*args, **kwargs):
        raise MemoryError("scoring ran out of memory")

    monkeypatch.setattr(analysis, "ForkedCall", Recorded)
    monkeypatch.setattr(analysis, "_mine_detached", mine_forever)
    monkeypatch.setattr(analysis, "score_candidates", fail)
    start = time.monotonic()
    with pytest.raises(MemoryError):
        analysis.analyze_log(ingest, AnalysisConfig(), discover=False, parallel=True)
    assert children and children[0] is not None
    assert _gone(children[0]) and time.monotonic() - start < 10


def test_reading_leaves_no_thread_behind_so_analysis_can_fork():
    """The preload and checksum threads are joined by the time mining would fork."""
    analysis.read_log_preloading(SAMPLE_LOGS / "ostolaskut.csv", ReadOptions(key="k"))
    assert threading.active_count() == 1 and can_fork()
