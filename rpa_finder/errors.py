# SPDX-License-Identifier: AGPL-3.0-or-later
"""One error hierarchy with one exit code per kind, so the CLI maps failures without guessing.

Messages are one line: the file, the place (row, element, column or key), what is wrong, and
what to do about it.  Build them with :func:`describe` so that the shape stays the same.
"""
from __future__ import annotations

__all__ = [
    "RpaFinderError",
    "UsageError",
    "BadDataError",
    "ValidationFailedError",
    "InputMissingError",
    "OutputNotWritableError",
    "ConfigError",
    "EXIT_CODES",
    "describe",
]

#: Documented exit codes (README "Exit codes").
EXIT_CODES = {
    "ok": 0,
    "bug": 1,
    "usage": 2,
    "bad_data": 65,
    "input_missing": 66,
    "output_not_writable": 73,
    "bad_configuration": 78,
}


def describe(what: str, *, file: object = None, where: str | None = None, fix: str | None = None) -> str:
    """Join the parts of an error message into the one-line form used everywhere."""
    parts = []
    if file is not None:
        parts.append(str(file))
    if where:
        parts.append(where)
    parts.append(what)
    text = ": ".join(parts)
    if fix:
        text += f"; {fix}"
    return " ".join(text.split())  # never more than one line


class RpaFinderError(Exception):
    """Base of every error the tool reports to a user; ``exit_code`` says how a script sees it."""

    exit_code = EXIT_CODES["bug"]

    def __init__(self, what: str, *, file: object = None, where: str | None = None, fix: str | None = None):
        super().__init__(describe(what, file=file, where=where, fix=fix))
        self.file = None if file is None else str(file)
        self.where = where
        self.fix = fix


class UsageError(RpaFinderError):
    """The command line asks for something impossible (exit 2)."""

    exit_code = EXIT_CODES["usage"]


class BadDataError(RpaFinderError):
    """The input was read but its content cannot be used (exit 65)."""

    exit_code = EXIT_CODES["bad_data"]


class ValidationFailedError(BadDataError):
    """A log was read but fails validation (errors, or warnings under strict): nothing is written (exit 65).

    ``report`` is the log's :class:`~rpa_finder.ingest.report.ValidationReport`, so a caller can list
    the problems (the CLI prints its summary lines to stderr).
    """

    def __init__(self, what: str, *, report: object = None, file: object = None, where: str | None = None,
                 fix: str | None = None):
        super().__init__(what, file=file, where=where, fix=fix)
        self.report = report


class InputMissingError(RpaFinderError):
    """The input does not exist, is a folder, or cannot be opened (exit 66)."""

    exit_code = EXIT_CODES["input_missing"]


class OutputNotWritableError(RpaFinderError):
    """An output file or folder cannot be written (exit 73)."""

    exit_code = EXIT_CODES["output_not_writable"]


class ConfigError(RpaFinderError):
    """A settings file or mapping profile is wrong (exit 78)."""

    exit_code = EXIT_CODES["bad_configuration"]
