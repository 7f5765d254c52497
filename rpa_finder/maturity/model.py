# SPDX-License-Identifier: AGPL-3.0-or-later
"""Maturity models as data: a TOML table of levels, indicators and thresholds, loaded and checked.

The model drives the assessment, so an organisation can replace rpa_finder's default table with the
official KUNIT one, or its own, without touching code.  docs/maturity-model.md documents the format::

    [model]
    name = "..."                      # shown in every output
    source = "..."                    # where the table comes from
    disclaimer = { fi = "...", sv = "...", en = "..." }

    [indicators.automation_rate]      # only names rpa_finder can compute (INDICATOR_NAMES)
    label = { fi = "...", sv = "...", en = "..." }
    unit = "share"                    # share (shown as %) or score (0-1)
    direction = "higher"              # higher or lower is better
    improve = { fi = "...", sv = "...", en = "raise the automation rate from {value} to {target}" }

    [[levels]]                        # lowest first, numbered 1, 2, 3, ...
    number = 1
    name = { fi = "Alustava", sv = "Inledande", en = "Initial" }
    characteristics = { fi = ["..."], sv = ["..."], en = ["..."] }
    next_steps = { fi = ["..."], sv = ["..."], en = ["..."] }
    thresholds = {}                   # only the lowest level may leave this empty
    # above it: thresholds = { automation_rate = 0.10, rework_share = 0.30 }

Unknown keys, unknown indicators, missing languages, a level above the lowest without thresholds,
and a higher level asking less than a lower one are refused with a one-line ConfigError.
"""
from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from ..errors import ConfigError, Message
from ..language import LANGUAGES

__all__ = [
    "MaturityModel",
    "MaturityLevel",
    "IndicatorSpec",
    "load_maturity_model",
    "model_from_mapping",
    "DEFAULT_MODEL_PATH",
    "INDICATOR_NAMES",
    "LANGUAGES",
    "UNITS",
]

UNITS = ("share", "score")
DIRECTIONS = ("higher", "lower")
#: Indicators rpa_finder computes from the logs (rpa_finder.maturity.indicators documents each one).
INDICATOR_NAMES = ("automation_rate", "digital_intake", "standardisation", "rework_share", "data_quality",
                   "strong_candidates_automated", "reuse")
DEFAULT_MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "maturity" / "rpa_finder_kunit_default.toml"

Texts = Mapping[str, str]
TextLists = Mapping[str, tuple[str, ...]]


@dataclass(frozen=True)
class IndicatorSpec:
    """How the model names, shows and judges one computed indicator."""

    name: str
    label: Texts
    unit: str
    direction: str
    #: Sentence per language with ``{value}`` and ``{target}``: what lifts the indicator.
    improve: Texts

    def meets(self, value: float, threshold: float) -> bool:
        return value >= threshold if self.direction == "higher" else value <= threshold


@dataclass(frozen=True)
class MaturityLevel:
    """One step of the scale: its names, what it looks like, what to do next, what it requires."""

    number: int
    name: Texts
    characteristics: TextLists
    next_steps: TextLists
    #: Indicator -> threshold stated at this level (lower levels' thresholds still apply).
    thresholds: Mapping[str, float]
    #: Per next step (in the order of ``next_steps``), the indicator it serves, or "" for none: a step
    #: whose indicator the log already meets is not recommended ("record the time of every step" to a
    #: log that has them).  Empty: every next step is always given.
    next_step_indicators: tuple[str, ...] = ()


@dataclass(frozen=True)
class MaturityModel:
    """A whole maturity table; levels are sorted lowest first."""

    name: str
    source: str
    disclaimer: Texts
    indicators: Mapping[str, IndicatorSpec]
    levels: tuple[MaturityLevel, ...]
    path: str = ""

    def level(self, number: int) -> MaturityLevel:
        return next(level for level in self.levels if level.number == number)

    def requirements(self, number: int) -> dict[str, float]:
        """Effective thresholds of a level: its own plus those of lower levels it does not restate."""
        merged: dict[str, float] = {}
        for level in self.levels:
            if level.number > number:
                break
            merged.update(level.thresholds)
        return merged


Place = "Message | str"


def _at(where: Place, key: str) -> Message:
    """The place of ``key`` inside a table: ``[model] disclaimer``, ``[[levels]] #2 thresholds``."""
    return Message("{table} {key}", table=where, key=key)


def _level_place(number: int) -> Message:
    return Message("[[levels]] #{number}", number=number)


def _keys(table: Any, allowed: tuple[str, ...], required: tuple[str, ...], path: Path, where: Place) -> Mapping:
    if not isinstance(table, Mapping):
        raise ConfigError("must be a table", file=path, where=where, fix="see docs/maturity-model.md")
    for key in table:
        if key not in allowed:
            raise ConfigError(Message("unknown key {key!r}", key=key), file=path, where=where,
                              fix=Message("allowed keys are {keys}", keys=", ".join(allowed)))
    for key in required:
        if key not in table:
            raise ConfigError(Message("missing key {key!r}", key=key), file=path, where=where,
                              fix=Message("add {key} = ...", key=key))
    return table


def _texts(value: Any, path: Path, where: Place) -> dict[str, str]:
    table = _keys(value, LANGUAGES, LANGUAGES, path, where)
    for language, text in table.items():
        if not isinstance(text, str) or not text.strip():
            raise ConfigError(Message("{key} must be a non-empty string", key=language), file=path, where=where)
    return {language: table[language] for language in LANGUAGES}


def _text_lists(value: Any, path: Path, where: Place) -> dict[str, tuple[str, ...]]:
    table = _keys(value, LANGUAGES, LANGUAGES, path, where)
    for language, items in table.items():
        if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
            raise ConfigError(Message("{key} must be a list of strings", key=language), file=path, where=where)
    return {language: tuple(table[language]) for language in LANGUAGES}


def _indicator(name: str, table: Any, path: Path) -> IndicatorSpec:
    where = Message("[indicators.{name}]", name=name)
    if name not in INDICATOR_NAMES:
        raise ConfigError(Message("unknown indicator {name!r}", name=name), file=path, where=where,
                          fix=Message("rpa_finder computes {indicators}", indicators=", ".join(INDICATOR_NAMES)))
    table = _keys(table, ("label", "unit", "direction", "improve"), ("label", "unit", "direction", "improve"),
                  path, where)
    if table["unit"] not in UNITS:
        raise ConfigError(Message("unit must be one of {choices}", choices=", ".join(UNITS)), file=path, where=where)
    if table["direction"] not in DIRECTIONS:
        raise ConfigError(Message("direction must be one of {choices}", choices=", ".join(DIRECTIONS)), file=path,
                          where=where)
    improve = _texts(table["improve"], path, _at(where, "improve"))
    for language, text in improve.items():
        try:
            text.format(value="1", target="2")
        except (KeyError, IndexError, ValueError):
            raise ConfigError(Message("improve.{language} may use only {{value}} and {{target}}", language=language),
                              file=path, where=where) from None
    return IndicatorSpec(name=name, label=_texts(table["label"], path, _at(where, "label")), unit=table["unit"],
                         direction=table["direction"], improve=improve)


def _level(index: int, table: Any, indicators: Mapping[str, IndicatorSpec], path: Path) -> MaturityLevel:
    where = _level_place(index + 1)
    table = _keys(table, ("number", "name", "characteristics", "next_steps", "thresholds", "next_step_indicators"),
                  ("number", "name", "characteristics", "next_steps"), path, where)
    number = table["number"]
    if isinstance(number, bool) or not isinstance(number, int) or number != index + 1:
        raise ConfigError(Message("number must be {expected} (levels are numbered 1, 2, ... lowest first)",
                                  expected=index + 1), file=path, where=where)
    if "thresholds" not in table or (index > 0 and not table["thresholds"]):
        raise ConfigError(Message("level {number} has no thresholds", number=number), file=path, where=where,
                          fix="add thresholds = { indicator = value, ... } (only level 1 may leave it empty)")
    at_thresholds = _at(where, "thresholds")
    thresholds = _keys(table["thresholds"], tuple(indicators), (), path, at_thresholds)
    for name, value in thresholds.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise ConfigError(Message("threshold of {indicator} must be a number", indicator=name), file=path,
                              where=at_thresholds)
    next_steps = _text_lists(table["next_steps"], path, _at(where, "next_steps"))
    served = table.get("next_step_indicators", [])
    if not isinstance(served, list) or any(not isinstance(n, str) or (n and n not in indicators) for n in served) \
            or (served and any(len(steps) != len(served) for steps in next_steps.values())):
        raise ConfigError("next_step_indicators must list, per next step, an indicator name or \"\"",
                          file=path, where=Message("{table} {key}", table=where, key="next_step_indicators"),
                          fix=Message("give one entry per next step; indicators are {indicators}",
                                      indicators=", ".join(indicators)))
    return MaturityLevel(number=number, name=_texts(table["name"], path, _at(where, "name")),
                         characteristics=_text_lists(table["characteristics"], path, _at(where, "characteristics")),
                         next_steps=next_steps, thresholds={name: float(value) for name, value in thresholds.items()},
                         next_step_indicators=tuple(served))


def _check_monotone(model: MaturityModel, path: Path) -> None:
    """A higher level may not ask less than a lower one, or reaching it would not mean more."""
    for lower, higher in zip(model.levels, model.levels[1:]):
        before = model.requirements(lower.number)
        for name, value in higher.thresholds.items():
            if name in before and not model.indicators[name].meets(value, before[name]):
                where = _at(_level_place(higher.number), "thresholds")
                raise ConfigError(Message("level {higher} asks less of {indicator} ({value:g}) than level {lower} "
                                          "({lower_value:g})", higher=higher.number, indicator=name, value=value,
                                          lower=lower.number, lower_value=before[name]), file=path,
                                  where=where,
                                  fix="thresholds must not get easier as levels rise")


def model_from_mapping(data: Mapping[str, Any], path: str | Path = "<model>") -> MaturityModel:
    """Check a parsed TOML table and build the frozen model."""
    path = Path(path)
    data = _keys(data, ("model", "indicators", "levels"), ("model", "indicators", "levels"), path,
                 Message("top level"))
    head = _keys(data["model"], ("name", "source", "disclaimer"), ("name", "source", "disclaimer"), path, "[model]")
    for key in ("name", "source"):
        if not isinstance(head[key], str) or not head[key].strip():
            raise ConfigError(Message("{key} must be a non-empty string", key=key), file=path, where="[model]")
    if not isinstance(data["indicators"], Mapping) or not data["indicators"]:
        raise ConfigError("no indicators", file=path, where="[indicators]", fix="declare at least one [indicators.NAME]")
    indicators = {name: _indicator(name, table, path) for name, table in data["indicators"].items()}
    levels_data = data["levels"]
    if not isinstance(levels_data, list) or len(levels_data) < 2:
        raise ConfigError("a model needs at least two [[levels]]", file=path, where="[[levels]]")
    levels = tuple(_level(i, table, indicators, path) for i, table in enumerate(levels_data))
    model = MaturityModel(name=head["name"], source=head["source"],
                          disclaimer=_texts(head["disclaimer"], path, _at("[model]", "disclaimer")),
                          indicators=indicators, levels=levels, path=str(path))
    _check_monotone(model, path)
    return model


def load_maturity_model(path: str | Path | None = None) -> MaturityModel:
    """Read a maturity table from TOML; without a path, rpa_finder's default KUNIT-style model.

    >>> model = load_maturity_model()
    >>> [level.name["en"] for level in model.levels][:2]
    ['Initial', 'Partial']
    """
    path = Path(path) if path is not None else DEFAULT_MODEL_PATH
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError("maturity model file not found", file=path, fix="check the path") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(Message("cannot read maturity model ({kind})", kind=exc.__class__.__name__), file=path,
                          fix="save it as UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(Message("not valid TOML ({reason})", reason=str(exc)), file=path,
                          fix="fix the syntax at that line") from None
    return model_from_mapping(data, path)
