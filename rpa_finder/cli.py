# SPDX-License-Identifier: AGPL-3.0-or-later
"""The ``rpa-finder`` command: a thin click shell over the library.

Each command parses its options, loads settings, calls one library function, writes, and exits with a
documented code (README "Exit codes").  Progress and logs go to stderr; stdout carries only what a
script reads.  Heavy imports (pandas, pm4py) happen inside the commands so that ``--help`` is instant.
"""
from __future__ import annotations

import os
import sys

import click

from . import __version__
from .commands.progress import forget_language, terminal_language
from .errors import EXIT_CODES, Message, RpaFinderError

__all__ = ["cli", "main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="rpa-finder")
def cli():
    """Find where software robots pay off, from case-management event logs.

    \b
    Exit codes: 0 ok, 1 a bug, 2 usage, 65 bad data, 66 input missing or unreadable,
    73 output not writable, 78 bad configuration.
    """


#: Command modules under rpa_finder.commands; each defines a click command of the same name.
COMMANDS = ("validate", "mine", "analyze", "report", "compare", "run", "history", "decisions")


def _register() -> None:
    """Add every command; one that fails to import is a bug and stops the program, never a missing command."""
    import importlib

    for name in COMMANDS:
        module = importlib.import_module(f".commands.{name}", __package__)
        cli.add_command(getattr(module, name))


_register()


def _shorten(message: str, word: int = 200, total: int = 900, lang: str = "en") -> str:
    """One line a terminal can show: a value quoted from a hostile file (a column name of a megabyte)
    is cut in the middle, and the whole line stays under ``total`` characters."""
    words = [w if len(w) <= word else w[:word // 2] + Message("...[{count} characters]...", count=len(w)).render(lang)
             + w[-20:] for w in message.split()]
    text = " ".join(words)
    return text if len(text) <= total else text[:total - 3] + "..."


def _say(template: str, **values: object) -> None:
    """One line on stderr in the command's language (the terminal texts of :mod:`rpa_finder.error_texts`);
    in English when the catalogue itself fails, so that an error is never hidden by its translation."""
    message = Message(template, **values)
    try:
        line = message.render(terminal_language())
    except Exception:  # noqa: BLE001 - a broken catalogue entry: the English line still tells the user
        line = message.render("en")
    click.echo(line, err=True)


def _localised(error: RpaFinderError) -> str:
    """The error in the command's language, shortened; English when the catalogue fails (see :func:`_say`)."""
    lang = terminal_language()
    try:
        return _shorten(error.localised(lang), lang=lang)
    except Exception:  # noqa: BLE001
        return _shorten(str(error))


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the command and turn every failure into one line and a documented exit code.

    The line speaks the language the command chose (``--lang`` or its settings; English for a command
    without one); ``str(error)`` stays English for logs and library callers."""
    debug = bool(os.environ.get("RPA_FINDER_DEBUG"))
    forget_language()
    try:
        code = cli.main(args=argv, prog_name="rpa-finder", standalone_mode=False)
    except click.exceptions.Exit as exc:  # --help, --version
        code = exc.exit_code
    except click.ClickException as exc:  # usage errors: click's own one-line message
        exc.show()
        code = exc.exit_code
    except click.exceptions.Abort:
        _say("rpa-finder: aborted")
        code = 130
    except RpaFinderError as exc:
        if debug:
            raise
        _say("rpa-finder: error: {message}", message=_localised(exc))
        code = exc.exit_code
    except KeyboardInterrupt:
        _say("rpa-finder: interrupted")
        code = 130
    except BaseException as exc:  # noqa: BLE001 - a bug: one line, exit 1, traceback on request
        if debug or isinstance(exc, SystemExit):
            raise
        _say("rpa-finder: internal error (a bug; please report it): {kind}: {message}; rerun with RPA_FINDER_DEBUG=1 "
             "for a traceback", kind=exc.__class__.__name__, message=_shorten(str(exc), total=300))
        code = EXIT_CODES["bug"]
    code = code if isinstance(code, int) else 0
    if argv is None and sys.gettrace() is None and sys.getprofile() is None:
        _exit_now(code)  # the process is ours (console script, python -m) and no profiler waits for its end
    sys.exit(code)


def _exit_now(code: int) -> None:
    """Exit as :func:`sys.exit` does, minus freeing every object one by one: after a large analysis that
    teardown alone took 0.3 s.  The exit handlers still run (logging flushes, child processes are
    reaped), then the streams are flushed; only called when ``main`` owns the process, never from a
    caller that goes on (tests, notebooks pass ``argv``)."""
    import atexit

    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing more can be said on it
            pass
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    main()
