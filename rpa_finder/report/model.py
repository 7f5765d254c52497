# SPDX-License-Identifier: AGPL-3.0-or-later
"""From the JSON results to the plain structure the template renders: every figure formatted, every text chosen.

Building the model apart from the template keeps the template free of logic and lets tests check the
figures without parsing HTML.  Values from the data stay plain strings here; the template escapes them.
"""
from __future__ import annotations

from typing import Any

from ..scoring.criteria import CRITERIA
from .charts import finite_number, draw_criteria_bars, draw_handling_histogram, draw_monthly_volume, draw_savings_range
from .i18n import (FLAG_SHORT, FLAG_TEXTS, LANGUAGES, STATUS_TEXTS, format_eur, format_hours, format_month,
                   format_number, format_percent, translate)
from .history import build_history
from .mapsvg import END, START, read_process_map
from .results import Results

__all__ = ["build_model", "DETAILED"]

#: How many ranked candidates get a section of their own.
DETAILED = 10


def _pick(value: Any, lang: str) -> str:
    """A text stored either as a string or as {"fi": ..., "sv": ..., "en": ...}."""
    if isinstance(value, dict):
        return str(value.get(lang) or next((v for v in value.values() if v), ""))
    return "" if value is None else str(value)


def _range(triple: dict | None, lang: str, show) -> str:
    triple = triple or {}
    return translate("range", lang, low=show(triple.get("low")), mid=show(triple.get("mid")), high=show(triple.get("high")))


def _flags(row: dict) -> list[str]:
    return [flag for flag in str(row.get("flags") or "").split(";") if flag]


def _name(row: dict) -> str:
    return str(row.get("label") or row.get("activity") or "")


def _reason(row: dict, lang: str, stored_lang: str) -> tuple[str, bool]:
    """The reason in ``lang`` when it can be rebuilt from the row, else as stored (and say so)."""
    stored = str(row.get("reason") or "")
    if lang == stored_lang or not any(f"contribution_{c.name}" in row for c in CRITERIA) or "status" not in row:
        return stored, lang != stored_lang and bool(stored)
    import pandas as pd

    from ..scoring.reasons import write_reason

    data = {key: (float("nan") if value is None else value) for key, value in row.items()
            if not isinstance(value, (dict, list))}
    if "workload_hours_per_year" not in data:
        events, minutes = finite_number(row.get("events_per_year")), finite_number(row.get("handling_minutes"))
        data["workload_hours_per_year"] = events * minutes / 60 if events is not None and minutes is not None else float("nan")
    try:
        return write_reason(pd.Series(data, dtype=object), lang), False
    except (KeyError, TypeError, ValueError):
        return stored, bool(stored)


def _summary(results: Results, lang: str) -> dict:
    processes = []
    for process in results.summary.get("processes", []):
        top = [c if isinstance(c, str) else _name(c) for c in process.get("top_candidates", [])]
        processes.append({
            "name": str(process.get("name", "")), "events": format_number(process.get("events"), lang),
            "cases": format_number(process.get("cases"), lang), "activities": format_number(process.get("activities"), lang),
            "candidates": format_number(process.get("candidates"), lang),
            "already_automated": format_number(process.get("already_automated"), lang),
            "hours": _range(process.get("hours_per_year"), lang, lambda v: format_hours(v, lang)),
            "eur": _range(process.get("savings_eur"), lang, lambda v: format_eur(v, lang)),
            "fte": format_number(process.get("fte"), lang, 2), "top": top[:5],
        })
    totals = results.summary.get("totals") or {}
    return {"processes": processes, "totals": {
        "hours": _range(totals.get("hours_per_year"), lang, lambda v: format_hours(v, lang)),
        "eur": _range(totals.get("savings_eur"), lang, lambda v: format_eur(v, lang)),
        "fte": format_number(totals.get("fte"), lang, 2)} if totals else None}


def _texts(value: Any, lang: str) -> list[str]:
    """A list of texts stored as [str], [{"fi": ...}] or {"fi": [...], "sv": [...]}."""
    if isinstance(value, dict):
        value = value.get(lang) or next((v for v in value.values() if v), [])
    if isinstance(value, str):
        return [value]
    return [_pick(item, lang) for item in (value or [])]


def _indicator_value(value: Any, unit: str, lang: str) -> str:
    number = finite_number(value)
    if number is None:
        return "–"
    return format_percent(number, lang) if unit == "share" else format_number(number, lang, 2)


def _maturity(results: Results, lang: str) -> dict | None:
    maturity = results.summary.get("maturity") or {}
    organisation = maturity.get("organisation") if isinstance(maturity, dict) else None
    if not isinstance(organisation, dict):
        return None
    indicators = []
    for item in organisation.get("indicators") or []:
        if not isinstance(item, dict):
            continue
        unit = str(item.get("unit") or "")
        value = (_indicator_value(item.get("value"), unit, lang) if item.get("measurable", True)
                 else translate("not_measured", lang) + (f" ({_pick(item.get('not_measurable_because'), lang)})"
                                                          if item.get("not_measurable_because") else ""))
        indicators.append((_pick(item.get("label") or item.get("name"), lang), value,
                           _indicator_value(item.get("threshold_next"), unit, lang)))
    model = maturity.get("model") if isinstance(maturity.get("model"), dict) else {}
    return {"level": translate("maturity_level", lang, level=organisation.get("level", "?"),
                               name=_pick(organisation.get("level_name"), lang)),
            "characteristics": _texts(organisation.get("characteristics"), lang),
            "reasons": _texts(organisation.get("reasons"), lang),
            "next_steps": _texts(organisation.get("next_steps"), lang),
            "indicators": indicators,
            "disclaimer": _pick(model.get("disclaimer"), lang) if model.get("disclaimer") else ""}


def _ranked(candidates: list[dict]) -> list[dict]:
    return sorted(candidates, key=lambda r: (finite_number(r.get("rank")) is None, finite_number(r.get("rank")) or 0,
                                             -(finite_number(r.get("score")) or 0)))


def _table_row(row: dict, lang: str, anchor: str | None = None) -> dict:
    rank, best, worst = finite_number(row.get("rank")), finite_number(row.get("rank_best")), finite_number(row.get("rank_worst"))
    cell = lambda value, decimals=0: {"text": format_number(value, lang, decimals), "sort": finite_number(value)}  # noqa: E731
    status = str(row.get("status") or "")
    return {
        "anchor": anchor, "process": str(row.get("process") or ""),
        "rank": cell(rank), "name": _name(row),
        "kind": translate("kind_routine" if row.get("kind") == "routine" else "kind_activity", lang),
        "status": status, "status_text": STATUS_TEXTS.get(status, {}).get(lang, status),
        "score": cell(row.get("score"), 2), "per_year": cell(row.get("events_per_year")),
        "handling": cell(row.get("handling_minutes"), 1), "hours": cell(row.get("hours_per_year"), 1),
        "eur": {"text": format_eur(row.get("savings_eur_mid"), lang), "sort": finite_number(row.get("savings_eur_mid"))},
        "rank_range": (f"{int(best)}–{int(worst)}" if best is not None and worst is not None else "–"),
        "flags": [FLAG_SHORT.get(f, {}).get(lang, f) for f in _flags(row)],
    }


def _criteria_scores(row: dict, lang: str) -> list[tuple[str, float | None, float | None]]:
    unmeasurable = set(str(row.get("unmeasurable") or "").split(";"))
    return [(c.label[lang], None if c.name in unmeasurable else finite_number(row.get(f"score_{c.name}")),
             finite_number(row.get(f"contribution_{c.name}"))) for c in CRITERIA]


def _detail(row: dict, index: int, lang: str, stored_lang: str) -> dict:
    """The section of one ranked candidate; ``index`` (1-based order in the report) makes its ids unique."""
    name = _name(row)
    reason, as_stored = _reason(row, lang, stored_lang)
    stem = f"c{index}"
    charts = [draw_criteria_bars(f"{stem}-criteria", name, _criteria_scores(row, lang), lang)]
    if isinstance(row.get("monthly_volume"), dict) and row["monthly_volume"]:
        charts.append(draw_monthly_volume(f"{stem}-volume", name, row["monthly_volume"], lang))
    histogram = row.get("handling_histogram")
    if isinstance(histogram, dict) and histogram.get("counts"):
        charts.append(draw_handling_histogram(f"{stem}-handling", name, histogram, lang))
    charts.append(draw_savings_range(
        f"{stem}-savings", name, [finite_number(row.get(k)) for k in ("hours_per_year_low", "hours_per_year", "hours_per_year_high")],
        [finite_number(row.get(k)) for k in ("savings_eur_low", "savings_eur_mid", "savings_eur_high")], lang))
    payback = finite_number(row.get("payback_months"))
    return {
        "anchor": f"candidate-{index}", "rank": int(finite_number(row["rank"])), "name": name,
        "reason": reason, "reason_note": translate("reason_stored", lang, language=translate(f"lang_{stored_lang}", lang))
        if as_stored else None,
        "facts": [(translate("score", lang), format_number(row.get("score"), lang, 2)),
                  (translate("per_year", lang), format_number(row.get("events_per_year"), lang)),
                  (translate("handling", lang), format_number(row.get("handling_minutes"), lang, 1)),
                  (translate("coverage", lang), format_percent(finite_number(row.get("coverage")), lang)),
                  (translate("automation_rate", lang), format_percent(finite_number(row.get("automation_rate")), lang)),
                  (translate("fte", lang), format_number(row.get("fte"), lang, 3)),
                  (translate("payback", lang), translate("months", lang, n=format_number(payback, lang, 1))
                   if payback is not None else translate("no_payback", lang)),
                  (translate("rank_range", lang), _table_row(row, lang)["rank_range"])],
        "flags": [FLAG_TEXTS.get(f, {}).get(lang, f) for f in _flags(row)],
        "charts": charts,
    }


def _map(results: Results, lang: str, detailed: list[dict]) -> dict | None:
    if results.process_map is None:
        return None
    drawn = read_process_map(results.process_map, translate("map_label", lang))
    if drawn is None:
        return None
    names = {START: translate("start", lang), END: translate("end", lang)}
    ranks = {str(r.get("activity")): (int(finite_number(r["rank"])), f"candidate-{i}") for i, r in enumerate(detailed, start=1)}
    shown = ((results.mining or {}).get("process_map") or {})
    description = None
    if all(finite_number(shown.get(k)) is not None for k in ("shown_activities", "total_activities", "shown_edges", "total_edges")):
        description = translate("map_shown", lang, shown=format_number(shown["shown_activities"], lang),
                                total=format_number(shown["total_activities"], lang),
                                events=format_percent(finite_number(shown.get("shown_events_share")), lang),
                                edges=format_number(shown["shown_edges"], lang),
                                total_edges=format_number(shown["total_edges"], lang),
                                flow=format_percent(finite_number(shown.get("shown_flow_share")), lang))
    return {"svg": drawn.svg, "description": description,
            "edges": [(names.get(a, a), names.get(b, b), label) for a, b, label in drawn.top_edges(20)],
            "highlighted": sorted(((name, *ranks.get(name, (None, None))) for name, _, highlighted in drawn.nodes
                                   if highlighted), key=lambda item: (item[1] is None, item[1] or 0, item[0]))}


def _mining(results: Results, lang: str) -> dict | None:
    mining = results.mining
    if not mining:
        return None
    conformance = mining.get("conformance") or {}
    figures = [(translate("events", lang), format_number(mining.get("events"), lang)),
               (translate("cases", lang), format_number(mining.get("cases"), lang)),
               (translate("variants", lang), format_number(mining.get("variants"), lang))]
    if conformance:
        figures += [(translate("fitness", lang), format_number(conformance.get("fitness"), lang, 2)),
                    (translate("precision", lang), format_number(conformance.get("precision"), lang, 2))]
    bottlenecks = [(str(b.get("source", "")), str(b.get("target", "")), format_number(b.get("frequency"), lang),
                    format_number((finite_number(b.get("mean_seconds")) or 0) / 3600, lang, 1) + " h",
                    format_percent(finite_number(b.get("wait_share")), lang))
                   for b in (mining.get("bottlenecks") or [])[:5] if isinstance(b, dict)]
    return {"figures": figures, "bottlenecks": bottlenecks}


def _validation(results: Results, lang: str) -> dict | None:
    report = results.validation
    if not report:
        return None
    facts = [(translate("file", lang), str(report.get("file", ""))), (translate("format", lang), str(report.get("format", ""))),
             (translate("rows_read", lang), format_number(report.get("rows_read"), lang)),
             (translate("events", lang), format_number(report.get("events"), lang)),
             (translate("rejected_rows", lang), format_number(report.get("rejected_rows"), lang)),
             (translate("precision_ts", lang), str(report.get("timestamp_precision", "")))]
    details = [(str(k), _plain(v, lang)) for k, v in (report.get("read_details") or {}).items()]
    problems = [{"severity": str(p.get("severity", "")), "code": str(p.get("code", "")),
                 "count": format_number(p.get("count"), lang), "message": str(p.get("message", "")),
                 "rows": _plain(list(p.get("rows") or [])[:20], lang), "columns": _plain(p.get("columns") or [], lang)}
                for p in report.get("problems", []) if isinstance(p, dict)]
    return {"facts": facts, "details": details, "problems": problems}


def _plain(value: Any, lang: str) -> str:
    """A settings value as a person reads it: numbers localised, lists joined, booleans as words."""
    if isinstance(value, bool):
        return translate("yes" if value else "no", lang)
    if isinstance(value, (int, float)):
        decimals = 0 if float(value).is_integer() else min(len(repr(float(value)).split(".")[1]), 4)
        return format_number(value, lang, decimals)
    if isinstance(value, (list, tuple)):
        return " / ".join(_plain(v, lang) for v in value) if value else "–"
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_plain(v, lang)}" for k, v in value.items()) if value else "–"
    return "–" if value is None else str(value)


def _settings(results: Results, lang: str) -> list[tuple[str, str, str]]:
    """(setting, value, explanation) rows; a {"value", "doc"} pair is one documented setting."""
    rows: list[tuple[str, str, str]] = []

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, dict) and "value" in value and set(value) <= {"value", "doc", "unit", "source"}:
            rows.append((prefix, _plain(value["value"], lang), _pick(value.get("doc"), lang)))
        elif isinstance(value, dict) and value and len(rows) < 300:
            for key, inner in value.items():
                walk(f"{prefix}.{key}" if prefix else str(key), inner)
        else:
            rows.append((prefix, _plain(value, lang), ""))

    walk("", results.settings or {})
    return rows


def _legend(results: Results, lang: str) -> list[tuple[str, str, str]]:
    settings = results.settings or {}
    weights = settings.get("weights") or (settings.get("candidates") or {}).get("weights") or {}
    weights = {k: (v.get("value") if isinstance(v, dict) else v) for k, v in weights.items()}
    return [(c.label[lang], c.meaning[lang], format_number(weights.get(c.name, c.weight), lang, 2)) for c in CRITERIA]


def _period(candidates: list[dict]) -> tuple[str, str] | None:
    months = sorted({m for row in candidates if isinstance(row.get("monthly_volume"), dict) for m in row["monthly_volume"]})
    return (months[0], months[-1]) if months else None


def build_model(results: Results, lang: str = "fi") -> dict:
    """Everything the template shows, formatted for ``lang``."""
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}, got {lang!r}")
    stored_lang = str(results.summary.get("language") or "fi")
    stored_lang = stored_lang if stored_lang in LANGUAGES else "fi"
    ordered = _ranked(results.candidates)
    ranked = [row for row in ordered if finite_number(row.get("rank")) is not None]
    detailed = ranked[:DETAILED]
    anchors = {id(row): f"candidate-{index}" for index, row in enumerate(detailed, start=1)}
    period = _period(results.candidates)
    return {
        "lang": lang,
        "summary": _summary(results, lang),
        "maturity": _maturity(results, lang),
        "history": build_history(results.history, lang,
                                 names={(str(r.get("kind") or ""), str(r.get("activity") or "")): _name(r)
                                        for r in results.candidates},
                                 anchors={(str(r.get("kind") or ""), str(r.get("activity") or "")): anchors[id(r)]
                                          for r in detailed}),
        "top": [(int(finite_number(r["rank"])), anchors[id(r)], _name(r), format_hours(finite_number(r.get("hours_per_year")), lang),
                 format_eur(r.get("savings_eur_mid"), lang)) for r in ranked[:5]],
        "period": translate("period", lang, first=format_month(period[0], lang), last=format_month(period[1], lang))
        if period else None,
        "map": _map(results, lang, detailed),
        "mining": _mining(results, lang),
        "table": [_table_row(row, lang, anchors.get(id(row))) for row in ordered],
        "several_processes": len({str(r.get("process") or "") for r in results.candidates}) > 1,
        "statuses": [(status, texts[lang]) for status, texts in STATUS_TEXTS.items()],
        "details": [_detail(row, index, lang, stored_lang) for index, row in enumerate(detailed, start=1)],
        "validation": _validation(results, lang),
        "settings": _settings(results, lang),
        "legend": _legend(results, lang),
    }
