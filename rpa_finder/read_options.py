# SPDX-License-Identifier: AGPL-3.0-or-later
"""Reading options and mapping profiles: frozen dataclasses, loaded from TOML, unknown keys refused.

How to *read* an export lives here (:class:`ReadOptions`, the mapping profile, :func:`read_toml`);
what to *compute* is :class:`rpa_finder.config.AnalysisConfig`, which holds a ReadOptions as ``read``.

Precedence is defaults < profile file < command-line flags.  A *mapping profile* is the TOML file an IT
unit keeps for an export that recurs::

    [columns]            # which input column plays which role
    case = "Asianumero"
    activity = "Toimenpide"
    timestamp = "Aikaleima"
    resource = "Käsittelijä"

    [format]             # how to read the file; every key optional
    date_format = "%d.%m.%Y %H:%M"
    timezone = "Europe/Helsinki"
    delimiter = ";"
    encoding = "cp1252"
    decimal = ","
    sheet = "Tapahtumat"

    [privacy]
    pseudonymise_resources = true
    key_env = "RPA_FINDER_KEY"   # name of the environment variable that holds the HMAC key
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Mapping

from .errors import ConfigError, Message

__all__ = ["ColumnMapping", "ReadOptions", "load_profile", "profile_from_mapping", "read_toml", "ROLES"]

#: Event-log roles a column can play, in the order the CLI lists them.
ROLES = ("case", "activity", "timestamp", "resource", "lifecycle", "start_timestamp")


@dataclass(frozen=True)
class ColumnMapping:
    """Input column names chosen for each role; ``None`` means recognise it from the header."""

    case: str | None = None
    activity: str | None = None
    timestamp: str | None = None
    resource: str | None = None
    lifecycle: str | None = None
    start_timestamp: str | None = None

    def given(self) -> dict[str, str]:
        return {role: getattr(self, role) for role in ROLES if getattr(self, role)}


@dataclass(frozen=True)
class ReadOptions:
    """Everything that decides how one export is read.  Defaults suit a Finnish municipal export."""

    columns: ColumnMapping = field(default_factory=ColumnMapping)
    date_format: str | None = None
    timezone: str = "Europe/Helsinki"
    delimiter: str | None = None
    encoding: str | None = None
    decimal: str | None = None
    sheet: str | None = None
    pseudonymise_resources: bool = True
    key_env: str = "RPA_FINDER_KEY"
    #: HMAC key given directly (from a config file); never written to any output.
    key: str | None = field(default=None, repr=False)
    strict: bool = False

    def with_overrides(self, **overrides: Any) -> "ReadOptions":
        """Apply command-line flags: ``None`` leaves a setting as it is."""
        column_overrides = {k: v for k, v in overrides.items() if k in ROLES and v is not None}
        other = {k: v for k, v in overrides.items() if k not in ROLES and v is not None}
        unknown = set(other) - {f.name for f in fields(self)}
        if unknown:
            raise TypeError(f"unknown read options {sorted(unknown)}")
        columns = replace(self.columns, **column_overrides) if column_overrides else self.columns
        return replace(self, columns=columns, **other)


_SECTIONS: dict[str, set[str]] = {
    "columns": set(ROLES),
    "format": {"date_format", "timezone", "delimiter", "encoding", "decimal", "sheet"},
    "privacy": {"pseudonymise_resources", "key_env", "key"},
    "validation": {"strict"},
}


def _check_keys(table: Mapping[str, Any], allowed: set[str], where: "Message | str", path: Path) -> None:
    for key in table:
        if key not in allowed:
            raise ConfigError(
                Message("unknown key {key!r}", key=key),
                file=path,
                where=where,
                fix=Message("allowed keys are {keys}", keys=", ".join(sorted(allowed))),
            )


def profile_from_mapping(data: Mapping[str, Any], path: Path, base: ReadOptions | None = None) -> ReadOptions:
    """Turn a parsed TOML table (a profile, or a job file's [mapping]) into read options."""
    _check_keys(data, set(_SECTIONS), Message("top level"), path)
    options = base or ReadOptions()
    values: dict[str, Any] = {}
    for section, allowed in _SECTIONS.items():
        table = data.get(section, {})
        if not isinstance(table, Mapping):
            raise ConfigError(Message("[{section}] must be a table", section=section), file=path,
                              fix="write it as [section] with key = value lines")
        heading = f"[{section}]"  # quoted as the file writes it: no prose to translate
        _check_keys(table, allowed, heading, path)
        for key, value in table.items():
            expected = bool if key in ("pseudonymise_resources", "strict") else str
            if not isinstance(value, expected):
                raise ConfigError(
                    Message("{key} must be a {expected}, got {actual}", key=key, expected=expected.__name__,
                            actual=type(value).__name__),
                    file=path,
                    where=heading,
                )
            values[key] = value
    return options.with_overrides(**values)


#: The kinds of settings file :func:`read_toml` names in its errors, translated with them.
_FILE_KINDS: dict[str, Message] = {
    "profile": Message("profile"),
    "job file": Message("job file"),
    "config file": Message("config file"),
}


def read_toml(path: str | Path, what: str, flag: str) -> tuple[dict[str, Any], Path]:
    """Parse a TOML settings file; a missing file or bad TOML is a configuration error (exit 78).

    ``what`` names the kind of file in the error ("config file", "job file", "profile").
    """
    path = Path(path)
    kind = _FILE_KINDS.get(what, what)
    try:
        return tomllib.loads(path.read_text(encoding="utf-8")), path
    except FileNotFoundError:
        raise ConfigError(Message("{what} not found", what=kind), file=path,
                          fix=Message("check the {option} path", option=flag)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(Message("cannot read the {what} ({error})", what=kind, error=exc.__class__.__name__),
                          file=path) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(Message("not valid TOML ({error})", error=str(exc)), file=path,
                          fix="fix the syntax at that line") from None


def load_profile(path: str | Path, base: ReadOptions | None = None) -> ReadOptions:
    """Read a mapping profile (exit 78 on any mistake in it)."""
    data, path = read_toml(path, "profile", "--profile")
    return profile_from_mapping(data, path, base)
