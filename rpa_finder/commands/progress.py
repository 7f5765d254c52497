# SPDX-License-Identifier: AGPL-3.0-or-later
"""Progress of long commands on stderr: a live line with elapsed time and an estimate on a terminal.

On a terminal (stderr is a TTY) the stages of ``analyze`` become one tqdm line that shows the stage,
the elapsed time and an estimate of the time left, from the stages done so far and the stages an
analysis of that many logs passes through.  Anywhere else (a pipe, a log file, cron, a test runner)
each stage stays one plain ``rpa-finder: ...`` line, so logs of scheduled jobs read as before; with
``--json`` or in ``rpa-finder run`` (scheduled jobs) no live line is ever drawn.  tqdm is used because
it is already in our dependency tree (pm4py needs it), is well kept, writes to stderr, and degrades
to nothing when stderr is not a terminal.
"""
from __future__ import annotations

import sys
import time

import click

__all__ = ["report_progress", "STAGES_PER_LOG"]

#: The progress messages one log's analysis emits (read, analyse, five analysis stages), plus the two
#: of writing the folder; the estimate of the time left counts on them.
STAGES_PER_LOG = 7
WRITING_STAGES = 2
#: Commands that never draw a live line: scheduled jobs.
QUIET_COMMANDS = {"run"}

_state: dict = {"bar": None, "start": None, "context": None}


def _live() -> bool:
    """A live line only on a terminal, outside --json and scheduled jobs."""
    try:
        if not sys.stderr.isatty():
            return False
    except (AttributeError, ValueError):
        return False
    context = click.get_current_context(silent=True)
    if context is None:
        return False
    params = context.params or {}
    return not params.get("as_json") and context.command.name not in QUIET_COMMANDS


def _expected(context: click.Context) -> int:
    logs = (context.params or {}).get("logs") or (None,)
    return STAGES_PER_LOG * len(logs) + WRITING_STAGES


def _bar(context: click.Context):
    if _state["context"] is not context:  # a new command (tests may run several in one process)
        _close()
        from tqdm import tqdm

        _state.update(context=context, start=time.monotonic(), bar=tqdm(
            total=_expected(context), file=sys.stderr, leave=False, dynamic_ncols=True,
            bar_format="rpa-finder: {desc} [{elapsed} elapsed, about {remaining} left]"))
        context.call_on_close(_close)
    return _state["bar"]


def _close() -> None:
    bar = _state.get("bar")
    if bar is not None:
        started = _state.get("start") or time.monotonic()
        bar.close()
        click.echo(f"rpa-finder: done in {time.monotonic() - started:.1f} s", err=True)
    _state.update(bar=None, start=None, context=None)


def report_progress(message: str) -> None:
    """One stage: the live line on a terminal, else a plain stderr line."""
    if not _live():
        click.echo(f"rpa-finder: {message}", err=True)
        return
    bar = _bar(click.get_current_context())
    if bar.n < bar.total - 1:
        bar.update(1)
    bar.set_description_str(message)
