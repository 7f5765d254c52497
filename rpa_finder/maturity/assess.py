# SPDX-License-Identifier: AGPL-3.0-or-later
"""Placing processes and the whole organisation on a maturity model's levels, with the reasons why.

A level is reached when every measurable threshold it requires (its own and those of the levels
below) is met and at least one of its own thresholds could be measured; levels are climbed from the
lowest, so a level is never skipped.  Indicators that could not be measured are reported as such and
neither block nor lift a level.  Every sentence exists in Finnish, Swedish and English.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

from ..analysis import AnalysisResult
from ..errors import UsageError
from .indicators import NOT_MEASURABLE, STRONG_SCORE, IndicatorValue, compute_indicators, pool_indicators
from .model import LANGUAGES, IndicatorSpec, MaturityModel, load_maturity_model

__all__ = ["ProcessAssessment", "MaturityAssessment", "assess_indicators", "assess_maturity", "assess_configured",
           "format_value"]

PHRASES = {
    "base": {"fi": "Taso {number} ({name}) on lähtötaso, jolla jokainen prosessi on.",
             "sv": "Nivå {number} ({name}) är utgångsnivån som varje process har.",
             "en": "Level {number} ({name}) is the starting level of every process."},
    "reached": {"fi": "Taso {number} ({name}) saavutettu: {items}.",
                "sv": "Nivå {number} ({name}) uppnådd: {items}.",
                "en": "Level {number} ({name}) reached: {items}."},
    "missed": {"fi": "Taso {number} ({name}) ei täyty: {items}.",
               "sv": "Nivå {number} ({name}) uppfylls inte: {items}.",
               "en": "Level {number} ({name}) not reached: {items}."},
    "unassessable": {"fi": "Tasoa {number} ({name}) ei voitu arvioida, koska sen omia mittareita ei voitu mitata: {items}.",
                     "sv": "Nivå {number} ({name}) kunde inte bedömas eftersom dess egna indikatorer inte kunde mätas: {items}.",
                     "en": "Level {number} ({name}) could not be assessed: none of its own indicators could be measured ({items})."},
    "not_measurable": {"fi": "{label}: ei mitattavissa ({why}); ei vaikuta tasoon.",
                       "sv": "{label}: kan inte mätas ({why}); påverkar inte nivån.",
                       "en": "{label}: not measurable ({why}); it neither blocks nor lifts the level."},
    "top": {"fi": "Mallin korkein taso on saavutettu.", "sv": "Modellens högsta nivå är uppnådd.",
            "en": "The model's highest level is reached."},
    "measure": {"fi": "tee mittari mitattavaksi: {label}", "sv": "gör indikatorn mätbar: {label}",
                "en": "make this indicator measurable: {label}"},
    "unknown": {"fi": "syy ei tiedossa", "sv": "okänd orsak", "en": "reason unknown"},
}


def format_value(value: float | None, unit: str, language: str) -> str:
    """A figure as a reader expects it: shares as percentages, decimal comma in Finnish and Swedish."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    if unit == "share":
        percent = value * 100
        text = f"{percent:.0f}" if abs(percent - round(percent)) < 0.05 or abs(percent) >= 10 else f"{percent:.1f}"
        text += " %"
    else:
        text = f"{value:.2f}"
    return text.replace(".", ",") if language in ("fi", "sv") else text


def _comparison(spec: IndicatorSpec, value: float, threshold: float, language: str) -> str:
    met = spec.meets(value, threshold)
    operator = {("higher", True): "≥", ("higher", False): "<", ("lower", True): "≤", ("lower", False): ">"}
    return (f"{spec.label[language]} {format_value(value, spec.unit, language)} "
            f"{operator[(spec.direction, met)]} {format_value(threshold, spec.unit, language)}")


@dataclass(frozen=True)
class ProcessAssessment:
    """The level of one process (or of the organisation), its indicators, reasons and next steps."""

    name: str
    level: int
    indicators: Mapping[str, IndicatorValue]
    model: MaturityModel
    reasons: Mapping[str, tuple[str, ...]]
    next_steps: Mapping[str, tuple[str, ...]]

    def indicator_rows(self) -> list[dict[str, Any]]:
        current = self.model.requirements(self.level)
        top = self.model.levels[-1].number
        following = self.model.requirements(self.level + 1) if self.level < top else {}
        rows = []
        for name, spec in self.model.indicators.items():  # one per indicator
            item = self.indicators[name]
            value = None if not item.measurable else round(item.value, 4)
            rows.append({
                "name": name, "label": dict(spec.label), "value": value, "unit": spec.unit,
                "direction": spec.direction, "measurable": item.measurable,
                "threshold_met": current.get(name) if item.measurable and name in current else None,
                "threshold_next": following.get(name),
                "meets_next": (spec.meets(item.value, following[name]) if item.measurable and name in following
                               else None),
                "not_measurable_because": dict(NOT_MEASURABLE.get(item.why, PHRASES["unknown"]))
                if not item.measurable else None,
                "weight": round(item.weight, 4),
                "detail": dict(item.detail),
            })
        return rows

    def to_dict(self) -> dict[str, Any]:
        level = self.model.level(self.level)
        return {"name": self.name, "level": self.level, "level_name": dict(level.name),
                "characteristics": {k: list(v) for k, v in level.characteristics.items()},
                "indicators": self.indicator_rows(),
                "reasons": {k: list(v) for k, v in self.reasons.items()},
                "next_steps": {k: list(v) for k, v in self.next_steps.items()}}


@dataclass(frozen=True)
class MaturityAssessment:
    """The assessment of one run: the model used, the organisation as a whole, and each process."""

    model: MaturityModel
    organisation: ProcessAssessment
    processes: tuple[ProcessAssessment, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready; the model's disclaimer always travels with the levels."""
        organisation = self.organisation.to_dict()
        organisation["processes"] = len(self.processes)
        return {"model": {"name": self.model.name, "source": self.model.source,
                          "disclaimer": dict(self.model.disclaimer)},
                "organisation": organisation,
                "processes": [process.to_dict() for process in self.processes]}


def _values(indicators: Mapping[str, IndicatorValue | float], model: MaturityModel) -> dict[str, IndicatorValue]:
    out = {}
    for name in model.indicators:
        item = indicators.get(name, float("nan"))
        if not isinstance(item, IndicatorValue):
            item = IndicatorValue(name, float(item) if item is not None else float("nan"))
        out[name] = item
    return out


def _place(values: Mapping[str, IndicatorValue], model: MaturityModel) -> tuple[int, list[str], list[str]]:
    """The level reached, the indicators failing the next level, and those the next level could not measure."""
    reached = model.levels[0].number
    for level in model.levels[1:]:  # one pass per level
        required = model.requirements(level.number)
        failing = [n for n, t in required.items() if values[n].measurable and not model.indicators[n].meets(values[n].value, t)]
        own = [n for n in level.thresholds if values[n].measurable]
        if failing or not own:
            return reached, failing, [] if own else list(level.thresholds)
        reached = level.number
    return reached, [], []


def _still_needed(level, values: Mapping[str, IndicatorValue], model: MaturityModel, language: str) -> list[str]:
    """The level's next steps, less those whose indicator the log already meets at the next level's
    threshold (or, where the next level sets none, the first threshold the model sets for it)."""
    steps = list(level.next_steps[language])
    if not level.next_step_indicators:
        return steps
    ahead = model.requirements(min(level.number + 1, model.levels[-1].number))
    first = {}
    for later in model.levels:
        for name, value in later.thresholds.items():
            first.setdefault(name, value)
    keep = []
    for text, name in zip(steps, level.next_step_indicators):
        target = ahead.get(name, first.get(name)) if name else None
        item = values.get(name) if name else None
        if target is not None and item is not None and item.measurable and model.indicators[name].meets(item.value, target):
            continue  # already there: no advice to do what the log shows is done
        keep.append(text)
    return keep


def _explain(values: Mapping[str, IndicatorValue], model: MaturityModel, reached: int, failing: list[str],
             unmeasured: list[str]) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    level = model.level(reached)
    top = model.levels[-1].number
    required = model.requirements(reached)
    reasons: dict[str, tuple[str, ...]] = {}
    steps: dict[str, tuple[str, ...]] = {}
    for language in LANGUAGES:  # one pass per language
        lines, todo = [], []
        met = [_comparison(model.indicators[n], values[n].value, t, language)
               for n, t in required.items() if values[n].measurable]
        if met:
            lines.append(PHRASES["reached"][language].format(number=reached, name=level.name[language],
                                                            items="; ".join(met)))
        else:
            lines.append(PHRASES["base"][language].format(number=reached, name=level.name[language]))
        if reached < top:
            nxt = model.level(reached + 1)
            following = model.requirements(nxt.number)
            if failing:
                items = "; ".join(_comparison(model.indicators[n], values[n].value, following[n], language)
                                  for n in failing)
                lines.append(PHRASES["missed"][language].format(number=nxt.number, name=nxt.name[language], items=items))
                for n in failing:
                    spec = model.indicators[n]
                    todo.append(spec.improve[language].format(value=format_value(values[n].value, spec.unit, language),
                                                              target=format_value(following[n], spec.unit, language)))
            elif unmeasured:
                items = ", ".join(model.indicators[n].label[language] for n in unmeasured)
                lines.append(PHRASES["unassessable"][language].format(number=nxt.number, name=nxt.name[language],
                                                                      items=items))
                todo.extend(PHRASES["measure"][language].format(label=model.indicators[n].label[language])
                            for n in unmeasured)
        else:
            lines.append(PHRASES["top"][language])
        for name, item in values.items():
            if not item.measurable:
                why = NOT_MEASURABLE.get(item.why, PHRASES["unknown"])[language]
                lines.append(PHRASES["not_measurable"][language].format(label=model.indicators[name].label[language],
                                                                        why=why))
        todo.extend(_still_needed(level, values, model, language))
        reasons[language] = tuple(lines)
        steps[language] = tuple(todo)
    return reasons, steps


def assess_indicators(indicators: Mapping[str, IndicatorValue | float], model: MaturityModel | None = None, *,
                      name: str = "process") -> ProcessAssessment:
    """Place one set of indicator values (measured or hand-made; NaN = not measurable) on the model."""
    model = model or load_maturity_model()
    values = _values(indicators, model)
    reached, failing, unmeasured = _place(values, model)
    reasons, steps = _explain(values, model, reached, failing, unmeasured)
    return ProcessAssessment(name=name, level=reached, indicators=values, model=model, reasons=reasons,
                             next_steps=steps)


def assess_maturity(results: Sequence[AnalysisResult], model: MaturityModel | None = None, *,
                    organisation: str = "organisation", strong_score: float = STRONG_SCORE) -> MaturityAssessment:
    """Assess each analysed log and, pooling their volumes, the organisation they belong to.

    >>> from rpa_finder.analysis import analyze_path            # doctest: +SKIP
    >>> result = analyze_path("sample_logs/ostolaskut.csv")     # doctest: +SKIP
    >>> assess_maturity([result]).to_dict()["processes"][0]["level"]  # doctest: +SKIP
    """
    if not results:
        raise UsageError("no analysed logs to assess", fix="analyse at least one log first")
    model = model or load_maturity_model()
    sets = [compute_indicators(result, [other for other in results if other is not result], strong_score=strong_score)
            for result in results]  # one per log
    processes = tuple(assess_indicators(values, model, name=result.name) for values, result in zip(sets, results))
    whole = assess_indicators(pool_indicators(sets), model, name=organisation)
    return MaturityAssessment(model=model, organisation=whole, processes=processes)


def assess_configured(results: Sequence[AnalysisResult]) -> MaturityAssessment:
    """:func:`assess_maturity` on the model the analyses' configuration names (``[maturity] model``), else ours.

    The analysis stage of maturity: :func:`rpa_finder.analyze` calls it once, and the output layer
    only serialises what it returns.
    """
    results = list(results)
    model_path = results[0].config.maturity_model if results else None
    return assess_maturity(results, load_maturity_model(model_path) if model_path else None)
