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
#: What to do about each kind of problem when it fails a run (errors; warnings with --strict).
FIXES = {
    "missing_case": "fill the case id in the source system, or map another column with --case",
    "missing_activity": "fill the activity in the source system, or map another column with --activity",
    "missing_timestamp": "fill the time in the source system, or map another column with --timestamp",
    "invalid_timestamp": "check the time format (--date-format, e.g. %d.%m.%Y %H.%M) and the --timezone",
    "unreadable_row": "check the delimiter, quoting and encoding of those rows (--delimiter, --encoding)",
    "exact_duplicates": "export each event once, or accept the duplicates by running without --strict",
    "future_timestamp": "check the clock and the --timezone of the exporting system",
    "timestamp_before_1970": "check the date format (--date-format): day and month may be swapped",
    "start_without_complete": "export the completion rows too, or map the lifecycle column (--lifecycle)",
    "no_events": "check that the file holds events and that --case/--activity/--timestamp name its columns",
}


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
            text += f"; e.g. {unit} {', '.join(str(r) for r in self.rows)}{more}"
        return text

    @property
    def fix(self) -> str:
        """What to do about it, for the failure message of a strict run."""
        return FIXES.get(self.code, "check the export against the source system, or run without --strict")


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

    def failure_lines(self, *, strict: bool = False) -> list[str]:
        """Why this file fails validation, one line per failing problem with what to do about it."""
        failing = self.errors + (self.warnings if strict else [])
        why = "with --strict, warnings fail too" if strict and not self.errors else "errors fail every run"
        lines = [f"{self.file}: validation failed ({why}); nothing was written:"]
        lines += [f"  {p.describe(self.unit)} -> {p.fix}" for p in failing]
        return lines

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["problems"] = [asdict(p) for p in self.problems]
        return data

    def summary_lines(self) -> list[str]:
        """The readable summary the CLI prints."""
        lines = [
            f"{self.file} ({self.format}, sha256 {self.sha256[:12]}...)",
            "  read as: " + ", ".join(f"{k}={v}" for k, v in self.read_details.items()) if self.read_details else "",
            f"  {self.events:,} events in {self.cases:,} cases; {self.activities:,} activities; "
            f"{self.resources:,} resources; timestamp precision: {self.timestamp_precision}",
            f"  rows read: {self.rows_read:,}; rejected: {self.rejected_rows:,}",
        ]
        if self.resources_pseudonymised:
            lines.append("  resources pseudonymised" + ("" if self.key_is_stable else
                         " with a one-off key (set RPA_FINDER_KEY for pseudonyms that stay the same across runs)"))
        for problem in self.problems:
            lines.append("  " + problem.describe(self.unit))
        if not self.problems:
            lines.append("  no problems found")
        return [line for line in lines if line]
