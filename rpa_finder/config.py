# SPDX-License-Identifier: AGPL-3.0-or-later
"""The analysis configuration: one TOML file, one frozen object, unknown keys refused.

Precedence: built-in defaults < the file < command-line flags.  The file holds the mapping profile's
sections ([columns], [format], [privacy], [validation]) plus::

    [weights]          # criterion -> weight (rpa-finder criteria lists them)
    rule_basedness = 2.0

    [savings]          # every default is documented in rpa_finder.scoring.savings.SavingsSettings
    hourly_cost_eur = [35.0, 42.0, 50.0]
    automatable_share = [0.3, 0.5, 0.7]

    [candidates]
    min_workload_hours = 10.0

    [handling_minutes] # measured elsewhere: activity -> minutes
    "Hyväksy lasku" = 12

    [accounts]
    patterns = ["system", "robot", "eräajo"]

    [mining]
    noise_threshold = 0.2

    [report]
    language = "fi"

    [maturity]
    model = "my_model.toml"   # default: rpa_finder's operationalisation of the KUNIT idea
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Mapping

from .errors import ConfigError
from .language import LANGUAGES
from .mining.model import MiningSettings
from .scoring.candidates import CandidateSettings
from .scoring.criteria import DEFAULT_WEIGHTS
from .scoring.savings import SavingsSettings
from .read_options import ReadOptions, profile_from_mapping, read_toml

__all__ = ["AnalysisConfig", "load_config", "LANGUAGES"]

PROFILE_SECTIONS = ("columns", "format", "privacy", "validation")


@dataclass(frozen=True)
class AnalysisConfig:
    read: ReadOptions = field(default_factory=ReadOptions)
    mining: MiningSettings = field(default_factory=MiningSettings)
    candidates: CandidateSettings = field(default_factory=CandidateSettings)
    handling_minutes: Mapping[str, float] = field(default_factory=dict)
    account_patterns: tuple[str, ...] | None = None
    language: str = "fi"
    #: Maturity model file (docs/maturity-model.md); None: the bundled default.
    maturity_model: str | None = None


def _dataclass_from(cls, base, table: Mapping[str, Any], section: str, path: Path):
    allowed = {f.name: f for f in fields(cls)}
    values = {}
    for key, value in table.items():
        if key not in allowed or key == "extra":
            raise ConfigError(f"unknown key {key!r}", file=path, where=f"[{section}]",
                              fix=f"allowed keys are {', '.join(k for k in allowed if k != 'extra')}")
        current = getattr(base, key)
        if isinstance(current, tuple):
            if not isinstance(value, list) or len(value) != len(current):
                raise ConfigError(f"{key} must be a list of {len(current)} numbers (low, mid, high)", file=path,
                                  where=f"[{section}]")
            value = tuple(float(v) for v in value)
        elif isinstance(current, bool):
            if not isinstance(value, bool):
                raise ConfigError(f"{key} must be true or false", file=path, where=f"[{section}]")
        elif isinstance(current, (int, float)):
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ConfigError(f"{key} must be a number, got {value!r}", file=path, where=f"[{section}]")
            value = type(current)(value)
        values[key] = value
    try:
        return replace(base, **values)
    except (TypeError, ValueError) as exc:
        raise ConfigError(str(exc), file=path, where=f"[{section}]") from None


def config_from_mapping(data: Mapping[str, Any], path: Path) -> AnalysisConfig:
    known = set(PROFILE_SECTIONS) | {"weights", "savings", "candidates", "handling_minutes", "accounts", "mining", "report", "maturity"}
    for key in data:
        if key not in known:
            raise ConfigError(f"unknown section [{key}]", file=path, fix=f"sections are {', '.join(sorted(known))}")
    read = profile_from_mapping({k: data[k] for k in PROFILE_SECTIONS if k in data}, path)
    weights = dict(data.get("weights", {}))
    for name, value in weights.items():
        if name not in DEFAULT_WEIGHTS:
            raise ConfigError(f"unknown criterion {name!r}", file=path, where="[weights]",
                              fix=f"criteria are {', '.join(DEFAULT_WEIGHTS)}")
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise ConfigError(f"weight of {name} must be a number >= 0", file=path, where="[weights]")
    savings = _dataclass_from(SavingsSettings, SavingsSettings(), data.get("savings", {}), "savings", path)
    candidates = _dataclass_from(CandidateSettings, CandidateSettings(), {
        k: v for k, v in data.get("candidates", {}).items()}, "candidates", path)
    mining = _dataclass_from(MiningSettings, MiningSettings(), data.get("mining", {}), "mining", path)
    report = data.get("report", {})
    language = report.get("language", "fi")
    if set(report) - {"language"}:
        raise ConfigError(f"unknown key in [report]: {sorted(set(report) - {'language'})}", file=path, fix="only language")
    if language not in LANGUAGES:
        raise ConfigError(f"language must be one of {', '.join(LANGUAGES)}", file=path, where="[report]")
    handling = data.get("handling_minutes", {})
    for name, value in handling.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise ConfigError(f"handling minutes of {name!r} must be a number >= 0", file=path, where="[handling_minutes]")
    accounts = data.get("accounts", {})
    if set(accounts) - {"patterns"}:
        raise ConfigError("unknown key in [accounts]", file=path, fix="only patterns = [...]")
    patterns = accounts.get("patterns")
    maturity = data.get("maturity", {})
    if set(maturity) - {"model"} or not isinstance(maturity.get("model", ""), str):
        raise ConfigError("[maturity] takes only model = \"path\"", file=path)
    model = maturity.get("model")
    if model and not Path(model).is_absolute():
        model = str((path.parent / model).resolve())
    candidates = replace(candidates, savings=savings, weights={k: float(v) for k, v in weights.items()}, language=language)
    return AnalysisConfig(read=read, mining=mining, candidates=candidates,
                          handling_minutes={k: float(v) for k, v in handling.items()},
                          account_patterns=tuple(patterns) if patterns else None, language=language,
                          maturity_model=model)


def load_config(path: str | Path) -> AnalysisConfig:
    """Read an analysis config file (exit 78 on any mistake in it)."""
    data, path = read_toml(path, "config file", "--config")
    return config_from_mapping(data, path)
