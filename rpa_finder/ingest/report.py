# SPDX-License-Identifier: AGPL-3.0-or-later
"""The validation report: what was read, what was dropped and why, and what looks wrong.

Problems carry counts and a few example row numbers, never personal values: a report can be mailed
around without leaking the identity codes or names it found.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

__all__ = ["Problem", "ValidationReport", "Severity"]

Severity = Literal["error", "warning", "info"]
EXAMPLES = 5
from ..language import fill_text
from ..report.texts import FAILURE_TEXTS, FIX_TEXTS


def _line(key: str, lang: str, **values: object) -> str:
    return fill_text(FAILURE_TEXTS[key], lang, **values)


def _number(value: int, lang: str) -> str:
    from ..language import format_number

    return format_number(value, lang if lang in ("fi", "sv", "en") else "en")


@dataclass(frozen=True)
class Problem:
    """One kind of data-quality finding.  ``rows`` are original row or element numbers."""

    code: str
    severity: Severity
    count: int
    message: str
    rows: tuple[int, ...] = ()
    columns: tuple[str, ...] = ()

    def describe(self, unit: str = "rows") -> str:
        """One line; ``unit`` names what ``rows`` count ("rows" in a table, "events" in an XES file)."""
        message = self.message if unit == "rows" else self.message.replace("rows dropped", f"{unit} dropped")
        text = f"{self.severity}: {message}" + (f" ({self.count:,})" if self.count else "")
        if self.columns:
            text += ": " + ", ".join(self.columns)
        if self.rows:
            more = ", ..." if self.count > len(self.rows) else ""
            named = unit if len(self.rows) > 1 or more else unit.removesuffix("s")  # e.g. row 102
            text += f"; e.g. {named} {', '.join(str(r) for r in self.rows)}{more}"
        return text

    @property
    def fix(self) -> str:
        """What to do about it, for the failure message of a strict run."""
        return self.fix_in("en")

    def fix_in(self, lang: str) -> str:
        """:attr:`fix` in ``lang`` (fi, sv or en)."""
        return fill_text(FIX_TEXTS.get(self.code, FIX_TEXTS["_other"]), lang)

    def describe_in(self, lang: str, unit: str = "rows") -> str:
        """:meth:`describe` in ``lang``: severity and message from the report's catalogue, local numbers.

        English is :meth:`describe` itself.  The message is looked up by the problem's code, as the HTML
        report does, so the terminal and the report say the same thing.
        """
        if lang == "en":
            return self.describe(unit)
        from ..report.texts import PROBLEM_TEXTS, SEVERITY_TEXTS

        words = {"rows": ("rivejä", "rader"), "events": ("tapahtumia", "händelser")}[unit if unit == "events" else "rows"]
        template = PROBLEM_TEXTS.get(self.code) or (PROBLEM_TEXTS["_dropped"] if self.message.startswith("rows dropped") else None)
        if template is None:
            message = {"fi": "tietojen laatuongelma", "sv": "problem med datakvaliteten"}.get(lang, self.message)
        else:
            message = str(template[lang]).format(unit=words[0 if lang == "fi" else 1]).rstrip(".")
            message = message[:1].lower() + message[1:] if not message[:2].isupper() else message
        severity = SEVERITY_TEXTS.get(self.severity, {}).get(lang, self.severity)
        text = f"{severity}: {message}" + (f" ({_number(self.count, lang)})" if self.count else "")
        if self.columns:
            text += ": " + ", ".join(self.columns)
        if self.rows:
            more = ", ..." if self.count > len(self.rows) else ""
            rows = ", ".join(str(r) for r in self.rows) + more
            kind = "event" if unit == "events" else "row"
            named = _line(f"unit_{kind}s" if len(self.rows) > 1 or more else f"unit_{kind}", lang)
            text += "; " + _line("examples", lang, unit=named, rows=rows)
        return text


@dataclass(frozen=True)
class ValidationReport:
    """Counts and problems of one ingested file; ``ok`` is False when any problem is an error."""

    file: str
    format: str
    sha256: str
    rows_read: int
    events: int
    cases: int
    activities: int
    resources: int
    rejected_rows: int
    timestamp_precision: str
    read_details: dict[str, str] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()
    identity_code_columns: tuple[str, ...] = ()
    resources_pseudonymised: bool = False
    key_is_stable: bool = True

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def passes(self, *, strict: bool = False) -> bool:
        """Errors always fail; with ``strict`` (scheduled jobs) warnings fail too."""
        return not self.errors and not (strict and self.warnings)

    @property
    def unit(self) -> str:
        """What a problem's row numbers count: events (elements) in an XES file, rows in a table."""
        return "events" if str(self.format).lower().startswith("xes") else "rows"

    def failure_lines(self, *, strict: bool = False, lang: str = "en") -> list[str]:
        """Why this file fails validation, one line per failing problem with what to do about it, in ``lang``."""
        failing = self.errors + (self.warnings if strict else [])
        why = _line("why_strict" if strict and not self.errors else "why_errors", lang)
        lines = [_line("failed", lang, file=self.file, why=why)]
        lines += [f"  {p.describe_in(lang, self.unit)} -> {p.fix_in(lang)}" for p in failing]
        return lines

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["problems"] = [asdict(p) for p in self.problems]
        return data

    def summary_lines(self, lang: str = "en") -> list[str]:
        """The readable summary the CLI prints, in ``lang`` (read settings and values named as the report does)."""
        lines = [
            f"{self.file} ({self.format}, sha256 {self.sha256[:12]}...)",
            f"  {_line('read_as', lang)}: " + ", ".join(f"{k}={v}" for k, v in self._read_details(lang)) if self.read_details else "",
            "  " + _line("counts", lang, events=_number(self.events, lang), cases=_number(self.cases, lang),
                         activities=_number(self.activities, lang), resources=_number(self.resources, lang),
                         precision=self._precision(lang)),
            "  " + _line("rows", lang, read=_number(self.rows_read, lang), rejected=_number(self.rejected_rows, lang)),
        ]
        if self.resources_pseudonymised:
            lines.append("  " + _line("pseudonymised", lang) + ("" if self.key_is_stable else _line("one_off_key", lang)))
        for problem in self.problems:
            lines.append("  " + problem.describe_in(lang, self.unit))
        if not self.problems:
            lines.append("  " + _line("no_problems", lang))
        return [line for line in lines if line]

    def _precision(self, lang: str) -> str:
        if lang == "en":
            return self.timestamp_precision
        from ..report.texts import PRECISION_TEXTS

        return PRECISION_TEXTS.get(self.timestamp_precision, {}).get(lang, self.timestamp_precision)

    def _read_details(self, lang: str) -> list[tuple[str, str]]:
        """(name, value) of each read detail; in fi/sv names and worded values from the report's catalogue."""
        if lang == "en":
            return list(self.read_details.items())
        import re

        from ..report.texts import READ_DETAIL_TEXTS, READ_VALUE_TEXTS

        def word(text: str) -> str | None:
            entry = READ_VALUE_TEXTS.get(text)
            return entry[lang] if entry else None

        out = []
        for key, value in self.read_details.items():
            text = str(value)
            match = re.fullmatch(r"(.*) \((\w+)\)", text)
            if word(text):
                text = word(text)
            elif match and word(match.group(2)):
                text = f"{match.group(1)} ({word(match.group(2))})"
            out.append((READ_DETAIL_TEXTS.get(key, {}).get(lang, key), text))
        return out
