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

from .errors import ConfigError, Message
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
    where = Message("[{section}]", section=section)
    for key, value in table.items():
        if key not in allowed or key == "extra":
            raise ConfigError(Message("unknown key {key!r}", key=key), file=path, where=where,
                              fix=Message("allowed keys are {keys}",
                                          keys=", ".join(k for k in allowed if k != "extra")))
        current = getattr(base, key)
        if isinstance(current, tuple):
            if not isinstance(value, list) or len(value) != len(current) or any(
                    isinstance(v, bool) or not isinstance(v, (int, float)) for v in value):
                raise ConfigError(Message("{key} must be a list of {count} numbers (low, mid, high)", key=key,
                                          count=len(current)), file=path, where=where)
            if sorted(value) != value:
                raise ConfigError(Message("{key} must be (low, mid, high) in rising order, got {value}", key=key,
                                          value=value), file=path, where=where)
            value = tuple(float(v) for v in value)
        elif isinstance(current, bool):
            if not isinstance(value, bool):
                raise ConfigError(Message("{key} must be true or false", key=key), file=path, where=where)
        elif isinstance(current, (int, float)):
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ConfigError(Message("{key} must be a number, got {value!r}", key=key, value=value), file=path,
                                  where=where)
            value = type(current)(value)
        values[key] = value
    try:
        return replace(base, **values)
    except (TypeError, ValueError) as exc:  # a check of the settings class itself; its text stays as written
        raise ConfigError(Message("the settings do not fit together: {detail}", detail=str(exc)), file=path,
                          where=where) from None


def config_from_mapping(data: Mapping[str, Any], path: Path) -> AnalysisConfig:
    known = set(PROFILE_SECTIONS) | {"weights", "savings", "candidates", "handling_minutes", "accounts", "mining", "report", "maturity"}
    for key in data:
        if key not in known:
            raise ConfigError(Message("unknown section [{section}]", section=key), file=path,
                              fix=Message("sections are {sections}", sections=", ".join(sorted(known))))
        if not isinstance(data[key], Mapping):
            raise ConfigError(Message("{section} = {value!r} is not a section", section=key, value=data[key]),
                              file=path, fix=Message("write a [{section}] header with key = value lines under it",
                                                     section=key))
    read = profile_from_mapping({k: data[k] for k in PROFILE_SECTIONS if k in data}, path)
    weights = dict(data.get("weights", {}))
    for name, value in weights.items():
        if name not in DEFAULT_WEIGHTS:
            raise ConfigError(Message("unknown criterion {criterion!r}", criterion=name), file=path, where="[weights]",
                              fix=Message("criteria are {criteria}", criteria=", ".join(DEFAULT_WEIGHTS)))
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise ConfigError(Message("weight of {criterion} must be a number >= 0", criterion=name), file=path,
                              where="[weights]")
    savings = _dataclass_from(SavingsSettings, SavingsSettings(), data.get("savings", {}), "savings", path)
    candidates = _dataclass_from(CandidateSettings, CandidateSettings(), {
        k: v for k, v in data.get("candidates", {}).items()}, "candidates", path)
    mining = _dataclass_from(MiningSettings, MiningSettings(), data.get("mining", {}), "mining", path)
    report = data.get("report", {})
    language = report.get("language", "fi")
    if set(report) - {"language"}:
        raise ConfigError(Message("unknown key {key!r}", key=sorted(set(report) - {"language"})[0]), file=path,
                          where="[report]", fix=Message("allowed keys are {keys}", keys="language"))
    if language not in LANGUAGES:
        raise ConfigError(Message("language must be one of {choices}", choices=", ".join(LANGUAGES)), file=path,
                          where="[report]")
    handling = data.get("handling_minutes", {})
    for name, value in handling.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise ConfigError(Message("handling minutes of {activity!r} must be a number >= 0", activity=name),
                              file=path, where="[handling_minutes]")
    accounts = data.get("accounts", {})
    if set(accounts) - {"patterns"}:
        raise ConfigError(Message("unknown key {key!r}", key=sorted(set(accounts) - {"patterns"})[0]), file=path,
                          where="[accounts]", fix=Message("allowed keys are {keys}", keys="patterns = [...]"))
    patterns = accounts.get("patterns")
    maturity = data.get("maturity", {})
    if set(maturity) - {"model"} or not isinstance(maturity.get("model", ""), str):
        raise ConfigError("only model = \"path\" is allowed", file=path, where="[maturity]",
                          fix="write model = \"my_model.toml\" or leave [maturity] out")
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
