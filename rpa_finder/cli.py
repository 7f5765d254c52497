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
from .errors import EXIT_CODES, RpaFinderError

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


def _shorten(message: str, word: int = 200, total: int = 900) -> str:
    """One line a terminal can show: a value quoted from a hostile file (a column name of a megabyte)
    is cut in the middle, and the whole line stays under ``total`` characters."""
    words = [w if len(w) <= word else f"{w[:word // 2]}...[{len(w)} characters]...{w[-20:]}" for w in message.split()]
    text = " ".join(words)
    return text if len(text) <= total else text[:total - 3] + "..."


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the command and turn every failure into one line and a documented exit code."""
    debug = bool(os.environ.get("RPA_FINDER_DEBUG"))
    try:
        code = cli.main(args=argv, prog_name="rpa-finder", standalone_mode=False)
    except click.exceptions.Exit as exc:  # --help, --version
        code = exc.exit_code
    except click.ClickException as exc:  # usage errors: click's own one-line message
        exc.show()
        code = exc.exit_code
    except click.exceptions.Abort:
        click.echo("rpa-finder: aborted", err=True)
        code = 130
    except RpaFinderError as exc:
        if debug:
            raise
        click.echo(f"rpa-finder: error: {_shorten(str(exc))}", err=True)
        code = exc.exit_code
    except KeyboardInterrupt:
        click.echo("rpa-finder: interrupted", err=True)
        code = 130
    except BaseException as exc:  # noqa: BLE001 - a bug: one line, exit 1, traceback on request
        if debug or isinstance(exc, SystemExit):
            raise
        message = _shorten(str(exc), total=300)
        click.echo(f"rpa-finder: internal error (a bug; please report it): {exc.__class__.__name__}: {message}; "
                   "rerun with RPA_FINDER_DEBUG=1 for a traceback", err=True)
        code = EXIT_CODES["bug"]
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":  # pragma: no cover
    main()
