# SPDX-License-Identifier: AGPL-3.0-or-later
"""Every hostile kind of ``hostile.py`` through the real CLI, in a child process: the documented exit
code, one line on stderr naming the file, within 10 s and 2 GiB (the child's measured peak RSS)."""
from __future__ import annotations

import csv
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

import hostile

SECONDS = 10.0
PEAK_BYTES = 2 << 30


class _Popen(subprocess.Popen):
    """Popen that reaps its child with wait4, keeping that child's own peak RSS (RUSAGE_CHILDREN would
    give the largest of every child this test process ever had)."""

    def _try_wait(self, wait_flags):
        try:
            pid, status, usage = os.wait4(self.pid, wait_flags)
        except ChildProcessError:
            return self.pid, 0
        if pid:
            self.peak_rss = usage.ru_maxrss * 1024  # kilobytes on Linux
        return pid, status


def run(*args: str, cwd: Path, timeout: float = 60) -> tuple[int, str, str, float, int]:
    """(exit code, stdout, stderr, seconds, peak RSS bytes) of ``rpa-finder ARGS`` in a fresh process."""
    start = time.monotonic()
    child = _Popen([sys.executable, "-c", "from rpa_finder.cli import main; main()", *args], cwd=cwd,
                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        out, err = child.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()
        pytest.fail(f"rpa-finder {' '.join(args)} ran over {timeout} s")
    return child.returncode, out.decode(), err.decode(), time.monotonic() - start, child.peak_rss


@pytest.mark.skipif(sys.platform != "linux", reason="peak RSS from wait4 is measured on Linux")
@pytest.mark.parametrize("kind", hostile.KINDS, ids=[k.name for k in hostile.KINDS])
def test_hostile_kind_gets_a_clean_answer(kind, tmp_path):
    path = kind.make(tmp_path)
    target = ["--rejects", str(tmp_path / "rejects.csv")] if kind.command == "validate" else ["-o", str(tmp_path / "out")]
    code, out, err, seconds, peak = run(kind.command, str(path), *target, cwd=tmp_path)
    print(f"{kind.name}: exit {code}, {seconds:.1f} s, peak {peak >> 20} MiB, {path.stat().st_size >> 10} KiB on disk")
    assert code in kind.codes, err
    assert seconds < SECONDS
    assert 0 < peak < PEAK_BYTES
    if code:
        lines = [line for line in err.strip().splitlines() if not line.startswith("rpa-finder: ") or "error" in line]
        if kind.command == "analyze":  # progress lines come first; the error is the last line
            lines = lines[-1:] if lines and "error" in lines[-1] else lines
        assert len(lines) == 1, err
        assert lines[0].startswith(f"rpa-finder: error: {path}: "), lines[0]
        assert "internal error" not in lines[0]
        assert len(lines[0]) < 1000
        for word in kind.words:
            assert word in lines[0]
    else:
        assert "internal error" not in err and "Traceback" not in err


def test_bombs_are_several_gib_but_small_on_disk(tmp_path):
    """The generator really makes what the kinds claim: 4 GiB of content from a few MB on disk."""
    import gzip

    path = hostile.gzip_bomb_xes(tmp_path, gib=4.0)
    data = path.read_bytes()
    member = gzip.compress(b"x" * (64 << 20), compresslevel=9, mtime=0)
    assert len(data) < 8 << 20
    assert data.count(member) * (64 << 20) == 4 << 30  # 64 members of 64 MiB each
    with gzip.open(path, "rb") as handle:
        assert handle.read(100).startswith(hostile.XML.encode() + b"<log><!--xxx")


def test_bad_rows_are_quarantined_with_their_row_numbers(tmp_path):
    path = hostile.nul_bytes_csv(tmp_path)
    code, out, err, _, _ = run("validate", str(path), "--rejects", str(tmp_path / "rejects.csv"), cwd=tmp_path)
    assert code == 0, err
    with open(tmp_path / "rejects.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["source_row"] for r in rows] == ["52"]  # header row 1, 50 good rows, then the NUL row
    assert "NUL" in rows[0]["reason"]


@pytest.mark.parametrize("make", [hostile.long_quoted_field, hostile.nul_bytes_csv, hostile.quote_never_closed],
                         ids=lambda f: f.__name__)
def test_accepted_hostile_inputs_go_through_mining_scoring_and_rendering(make, tmp_path):
    path = make(tmp_path)
    code, out, err, seconds, peak = run("analyze", str(path), "--output", str(tmp_path / "out"), cwd=tmp_path)
    assert "internal error" not in err and "Traceback" not in err
    assert code in (0, 65), err
    if code == 0:
        assert (tmp_path / "out" / "report.html").stat().st_size > 0
    assert seconds < 30 and peak < PEAK_BYTES
