# SPDX-License-Identifier: AGPL-3.0-or-later
"""Progress of long commands: a live line with elapsed time and an estimate only on a terminal.

In a pipe (scripts, cron, CI) each stage stays one plain stderr line, stdout untouched; with --json or in
``rpa-finder run`` (scheduled jobs) no live line is drawn even on a terminal.
"""
from __future__ import annotations

import io

import click
import pytest

from rpa_finder.commands import progress as progress_module


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _stages(name: str, monkeypatch, *, as_json: bool = False, stream=None) -> str:
    stream = stream if stream is not None else Terminal()
    monkeypatch.setattr("sys.stderr", stream)

    @click.command(name=name)
    @click.option("--json", "as_json", is_flag=True)
    def command(as_json):
        for stage in ("reading log.csv", "scoring activities"):
            progress_module.report_progress(stage)

    with pytest.raises(SystemExit):
        command(["--json"] if as_json else [])
    return stream.getvalue()


def test_a_terminal_gets_elapsed_time_and_an_estimate(monkeypatch):
    text = _stages("analyze", monkeypatch)
    assert "scoring activities" in text and "elapsed" in text and "left" in text and "done in" in text


@pytest.mark.parametrize("name, as_json", [("analyze", True), ("run", False)])
def test_json_and_scheduled_jobs_never_draw_a_live_line(monkeypatch, name, as_json):
    text = _stages(name, monkeypatch, as_json=as_json)
    assert text.splitlines() == ["rpa-finder: reading log.csv", "rpa-finder: scoring activities"]


def test_a_pipe_gets_plain_stage_lines(monkeypatch):
    text = _stages("analyze", monkeypatch, stream=io.StringIO())
    assert text.splitlines() == ["rpa-finder: reading log.csv", "rpa-finder: scoring activities"]
