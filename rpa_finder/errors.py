# SPDX-License-Identifier: AGPL-3.0-or-later
"""One error hierarchy with one exit code per kind, so the CLI maps failures without guessing.

Messages are one line: the file, the place (row, element, column or key), what is wrong, and
what to do about it.  Build them with :func:`describe` so that the shape stays the same.

Each part (what, where, fix) is an English string literal or a :class:`Message`: an English template
and the values that fill it.  The English text is the key under which :mod:`rpa_finder.error_texts`
keeps the Finnish and Swedish (as gettext keys a message by its source text), so ``str(error)`` stays
English for logs and library callers while the CLI shows :meth:`RpaFinderError.localised` in the
command's language.  ``tests/test_error_texts.py`` fails on a part built any other way (an f-string
would have no catalogue entry) and on a template that lacks a translation.
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
    "Message",
    "describe",
    "render_part",
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


class Message:
    """An English template and the values that fill it; rendered in any language by :meth:`render`.

    >>> str(Message("row {row}: the date {value!r} is not a date", row=12, value="31.2.2024"))
    "row 12: the date '31.2.2024' is not a date"
    """

    __slots__ = ("template", "values")

    def __init__(self, template: str, **values: object):
        self.template = template
        self.values = values

    def render(self, lang: str = "en") -> str:
        """The template in ``lang`` (English where the catalogue lacks it), filled with the values;
        a value that is itself a Message is rendered in the same language."""
        template = self.template if lang == "en" else _translation(self.template, lang)
        values = {key: value.render(lang) if isinstance(value, Message) else value for key, value in self.values.items()}
        return template.format(**values)

    def __str__(self) -> str:
        return self.render("en")

    def __repr__(self) -> str:
        return f"Message({self.template!r}, **{self.values!r})"


def _translation(text: str, lang: str) -> str:
    """``text`` (an English template or literal) in ``lang`` from the catalogue, imported only when an
    error is shown in another language, so that importing this module stays free."""
    from .error_texts import translation

    return translation(text, lang)


def render_part(part: "Message | str | None", lang: str = "en") -> str | None:
    """One part of an error message in ``lang``: a Message rendered, a literal looked up, None kept."""
    if part is None:
        return None
    if isinstance(part, Message):
        return part.render(lang)
    return part if lang == "en" else _translation(str(part), lang)


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

    def __init__(self, what: "Message | str", *, file: object = None, where: "Message | str | None" = None,
                 fix: "Message | str | None" = None):
        super().__init__(describe(render_part(what), file=file, where=render_part(where), fix=render_part(fix)))
        self.file = None if file is None else str(file)
        self.where = render_part(where)
        self.fix = render_part(fix)
        self.parts = (what, where, fix)

    def localised(self, lang: str) -> str:
        """The one-line message in ``lang`` (fi, sv or en): what the CLI prints."""
        what, where, fix = (render_part(part, lang) for part in self.parts)
        return describe(what, file=self.file, where=where, fix=fix)


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

    def __init__(self, what: "Message | str", *, report: object = None, file: object = None,
                 where: "Message | str | None" = None, fix: "Message | str | None" = None):
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
