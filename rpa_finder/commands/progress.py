# SPDX-License-Identifier: AGPL-3.0-or-later
"""Progress of long commands on stderr: a live line with elapsed time and an estimate on a terminal.

On a terminal (stderr is a TTY) the stages of ``analyze`` become one tqdm line that shows the stage,
the elapsed time and an estimate of the time left, from the stages done so far and the stages an
analysis of that many logs passes through.  Anywhere else (a pipe, a log file, cron, a test runner)
each stage stays one plain ``rpa-finder: ...`` line, so logs of scheduled jobs read as before; with
``--json`` or in ``rpa-finder run`` (scheduled jobs) no live line is ever drawn.  tqdm is used because
it is already in our dependency tree (pm4py needs it), is well kept, writes to stderr, and degrades
to nothing when stderr is not a terminal.

The stages arrive as the library's English messages; they are shown in the language of the command
(a command with ``--lang`` calls :func:`set_language` first with ``--lang`` or Finnish, and again with
its settings' ``[report] language`` once they are read), through the catalogue
:mod:`rpa_finder.report.texts` (through :mod:`rpa_finder.report.i18n`).  ``run`` sets English on
purpose (its lines are a log that monitors match; see that module), and the commands that print
machine tables (``history``, ``decisions list``) choose no language, so they stay English too.
"""
from __future__ import annotations

import sys
import time

import click


__all__ = ["report_progress", "set_language", "terminal_language", "forget_language", "STAGES_PER_LOG", "LANGUAGE_KEY"]

#: The progress messages one log's analysis emits (read, analyse, five analysis stages), plus the two
#: of writing the folder; the estimate of the time left counts on them.
STAGES_PER_LOG = 7
WRITING_STAGES = 2
#: Commands that never draw a live line: scheduled jobs.
QUIET_COMMANDS = {"run"}

#: Where a command keeps the language of its terminal output (``click.Context.meta``).
LANGUAGE_KEY = "rpa_finder.language"

_state: dict = {"bar": None, "start": None, "context": None, "lang": "en", "terminal": None}


def set_language(lang: str) -> None:
    """Show this command's stages, live line, closing line and error line in ``lang`` (fi, sv or en).

    A command calls it as soon as it knows its language (``--lang`` first, then its settings), so
    that even an error in reading the settings speaks the language asked for."""
    context = click.get_current_context(silent=True)
    if context is not None:
        context.meta[LANGUAGE_KEY] = lang
    _state["terminal"] = lang


def terminal_language() -> str:
    """The language the running (or just failed) command chose; English when it chose none, as the
    rest of such a command's output is."""
    return _state.get("terminal") or "en"


def forget_language() -> None:
    """Start a new command with no language chosen (``main`` calls it; tests run several commands)."""
    _state["terminal"] = None


def _language() -> str:
    context = click.get_current_context(silent=True)
    return str(context.meta.get(LANGUAGE_KEY, "en")) if context is not None else "en"


def _texts():
    """The catalogue's terminal functions, imported when a stage is shown: ``--help`` stays instant."""
    from ..report import i18n

    return i18n


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

        lang = _language()
        _state.update(context=context, start=time.monotonic(), lang=lang, bar=tqdm(
            total=_expected(context), file=sys.stderr, leave=False, dynamic_ncols=True,
            bar_format=_texts().terminal_text("bar", lang)))
        context.call_on_close(_close)
    return _state["bar"]


def _close() -> None:
    bar = _state.get("bar")
    if bar is not None:
        started = _state.get("start") or time.monotonic()
        bar.close()
        seconds = f"{time.monotonic() - started:.1f}"
        lang = _state.get("lang") or "en"
        click.echo(_texts().terminal_text("done", lang, seconds=seconds if lang == "en" else seconds.replace(".", ",")), err=True)
    _state.update(bar=None, start=None, context=None, lang="en")


def report_progress(message: str) -> None:
    """One stage, in the command's language: the live line on a terminal, else a plain stderr line."""
    message = _texts().translate_stage(message, _language())
    if not _live():
        click.echo(f"rpa-finder: {message}", err=True)
        return
    bar = _bar(click.get_current_context())
    if bar.n < bar.total - 1:
        bar.update(1)
    bar.set_description_str(message)
