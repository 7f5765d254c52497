# SPDX-License-Identifier: AGPL-3.0-or-later
"""From the JSON results to the plain structure the template renders: every figure formatted, every text chosen.

Building the model apart from the template keeps the template free of logic and lets tests check the
figures without parsing HTML.  Values from the data stay plain strings here; the template escapes them.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Any

from markupsafe import Markup

from ..scoring.criteria import CRITERIA
from .charts import finite_number, draw_criteria_bars, draw_handling_histogram, draw_monthly_volume, draw_savings_range
from .i18n import (FLAG_SHORT, FLAG_TEXTS, LANGUAGES, format_eur, format_eur_range, format_hours, format_hours_per_year,
                   format_month, format_number, format_percent, localise_digits, pick_text, translate)
from .history import build_history
from .realised import build_realised
from .mapfocus import draw_neighbourhood
from .mapsvg import END, START, read_process_map
from .overview import PAYING, build_overview, display_name, shown_rank, verdict_name, verdict_of
from .inputs import Results
from .texts import (EVIDENCE_TEXTS, INDICATOR_EVIDENCE, PRECISION_TEXTS, PROBLEM_TEXTS, READ_DETAIL_TEXTS,
                    READ_VALUE_TEXTS, SECTION_TEXTS, SETTING_TEXTS, SEVERITY_TEXTS, VERDICT_ORDER)

__all__ = ["build_model", "DETAILED"]

#: How many ranked candidates get a section of their own.
DETAILED = 10
#: A table longer than this starts collapsed.
OPEN_ROWS = 15


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


def _full_name(row: dict) -> str:
    """Label and, for coded logs, the code in brackets: one text for chart titles and plain lists."""
    label, code = display_name(row)
    return f"{label} ({code})" if code else label


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
            "net": _range(process.get("net_savings_eur"), lang, lambda v: format_eur(v, lang))
            if isinstance(process.get("net_savings_eur"), dict) else "–",
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
        how, inferred = pick_text(INDICATOR_EVIDENCE, str(item.get("name") or ""), lang) or ("", False)
        indicators.append((_pick(item.get("label") or item.get("name"), lang), value,
                           _indicator_value(item.get("threshold_next"), unit, lang), how,
                           translate("inferred" if inferred else "measured_directly", lang)))
    model = maturity.get("model") if isinstance(maturity.get("model"), dict) else {}
    return {"level": translate("maturity_level", lang, level=organisation.get("level", "?"),
                               name=_pick(organisation.get("level_name"), lang)),
            "characteristics": _texts(organisation.get("characteristics"), lang),
            "reasons": _texts(organisation.get("reasons"), lang),
            "next_steps": _texts(organisation.get("next_steps"), lang),
            "indicators": indicators,
            "disclaimer": _pick(model.get("disclaimer"), lang) if model.get("disclaimer") else ""}


def _ordered(candidates: list[dict]) -> list[dict]:
    """Verdict order (robot candidates first), then rank, then net saving (unmeasured last, as in the
    terminal summary: an unknown saving is not 0 EUR), then score."""
    place = {v: i for i, v in enumerate(VERDICT_ORDER)}

    def key(row: dict) -> tuple:
        rank, net = finite_number(row.get("rank")), finite_number(row.get("net_savings_eur_mid"))
        return (place.get(verdict_of(row), len(place)), rank is None, rank or 0, net is None, -(net or 0),
                -(finite_number(row.get("score")) or 0))

    return sorted(candidates, key=key)


def _table_row(row: dict, lang: str, anchor: str | None = None) -> dict:
    best, worst = finite_number(row.get("rank_best")), finite_number(row.get("rank_worst"))
    cell = lambda value, decimals=0: {"text": format_number(value, lang, decimals), "sort": finite_number(value)}  # noqa: E731
    verdict = verdict_of(row)
    label, code = display_name(row)
    return {
        "anchor": anchor, "process": str(row.get("process") or ""),
        "rank": cell(shown_rank(row)), "name": label, "code": code,
        "kind": translate("kind_routine" if row.get("kind") == "routine" else "kind_activity", lang),
        "status": verdict, "status_text": verdict_name(verdict, lang),
        "net": {"text": format_eur(row.get("net_savings_eur_mid"), lang), "sort": finite_number(row.get("net_savings_eur_mid"))},
        "score": cell(row.get("score"), 2), "per_year": cell(row.get("events_per_year")),
        "handling": cell(row.get("handling_minutes"), 1), "hours": cell(row.get("hours_per_year"), 1),
        "eur": {"text": format_eur(row.get("savings_eur_mid"), lang), "sort": finite_number(row.get("savings_eur_mid"))},
        "rank_range": _rank_words(best, worst, lang),
        "flags": [FLAG_SHORT.get(f, {}).get(lang, f) for f in _flags(row)],
    }


def _rank_words(best: float | None, worst: float | None, lang: str) -> str:
    """How the rank moves under other weights, in words ("rank range 1-6" is jargon)."""
    if best is None or worst is None:
        return "–"
    if int(best) == int(worst):
        return translate("rank_stable", lang)
    return translate("rank_moves", lang, best=int(best), worst=int(worst))


def _criteria_scores(row: dict, lang: str) -> list[tuple[str, float | None, float | None]]:
    unmeasurable = set(str(row.get("unmeasurable") or "").split(";"))
    return [(c.label[lang], None if c.name in unmeasurable else finite_number(row.get(f"score_{c.name}")),
             finite_number(row.get(f"contribution_{c.name}"))) for c in CRITERIA]


def _partial_month(candidates: list[dict]) -> str | None:
    """The log's last month when it is visibly incomplete (under half the median month), else None.

    A log exported mid-month ends with a stub month; drawn as it is, it reads as a collapse in volume.
    """
    totals: dict[str, float] = {}
    for row in candidates:
        for month, count in (row.get("monthly_volume") or {}).items() if isinstance(row.get("monthly_volume"), dict) else ():
            totals[month] = totals.get(month, 0.0) + (finite_number(count) or 0.0)
    months = sorted(totals)
    if len(months) < 4:
        return None
    others = sorted(totals[m] for m in months[:-1])
    return months[-1] if totals[months[-1]] < 0.5 * others[len(others) // 2] else None


def _detail(row: dict, index: int, lang: str, stored_lang: str, partial: str | None = None) -> dict:
    """The section of one ranked candidate; ``index`` (1-based order in the report) makes its ids unique."""
    name = _full_name(row)
    reason, as_stored = _reason(row, lang, stored_lang)
    stem = f"c{index}"
    verdict = verdict_of(row)
    charts = [draw_criteria_bars(f"{stem}-criteria", name, _criteria_scores(row, lang), lang)]
    notes = []
    if isinstance(row.get("monthly_volume"), dict) and row["monthly_volume"]:
        monthly = {m: v for m, v in row["monthly_volume"].items() if m != partial}
        if partial and partial in row["monthly_volume"]:
            notes.append(translate("partial_month", lang, month=format_month(partial, lang)))
        charts.append(draw_monthly_volume(f"{stem}-volume", name, monthly, lang))
    histogram = row.get("handling_histogram")
    if isinstance(histogram, dict) and histogram.get("counts"):
        charts.append(draw_handling_histogram(f"{stem}-handling", name, histogram, lang))
    charts.append(draw_savings_range(
        f"{stem}-savings", name, [finite_number(row.get(k)) for k in ("hours_per_year_low", "hours_per_year", "hours_per_year_high")],
        [finite_number(row.get(k)) for k in ("savings_eur_low", "savings_eur_mid", "savings_eur_high")], lang))
    payback = finite_number(row.get("payback_months"))
    low, high = finite_number(row.get("handling_minutes_low")), finite_number(row.get("handling_minutes_high"))
    evidence = str(row.get("handling_evidence") or "")
    label, code = display_name(row)
    return {
        "anchor": f"candidate-{index}", "rank": shown_rank(row),
        "name": label, "code": code, "verdict": verdict, "verdict_text": verdict_name(verdict, lang),
        "net": format_eur(row.get("net_savings_eur_mid"), lang),
        "net_range": format_eur_range(finite_number(row.get("net_savings_eur_low")), finite_number(row.get("net_savings_eur_high")), lang)
        if finite_number(row.get("net_savings_eur_low")) is not None else "",
        "notes": notes,
        "reason": reason, "reason_note": translate("reason_stored", lang, language=translate(f"lang_{stored_lang}", lang))
        if as_stored else None,
        "facts": [(translate("score", lang), format_number(row.get("score"), lang, 2)),
                  (translate("per_year", lang), format_number(row.get("events_per_year"), lang)),
                  (translate("handling", lang), format_number(row.get("handling_minutes"), lang, 1)),
                  *([(translate("handling_range", lang), f"{format_number(low, lang, 1)} … {format_number(high, lang, 1)}")]
                    if low is not None and high is not None else []),
                  *([(translate("handling_source", lang), pick_text(EVIDENCE_TEXTS, evidence, lang) or evidence)]
                    if evidence else []),
                  (translate("feasibility", lang), format_number(row.get("feasibility"), lang, 2)),
                  (translate("net_eur", lang), format_eur(row.get("net_savings_eur_mid"), lang)),
                  (translate("coverage", lang), format_percent(finite_number(row.get("coverage")), lang)),
                  (translate("automation_rate", lang), format_percent(finite_number(row.get("automation_rate")), lang)),
                  (translate("fte", lang), format_number(row.get("fte"), lang, 3)),
                  (translate("payback", lang), translate("months", lang, n=format_number(payback, lang, 1))
                   if payback is not None else translate("no_payback", lang)),
                  (translate("rank_stability", lang), _table_row(row, lang)["rank_range"])],
        "flags": [FLAG_TEXTS.get(f, {}).get(lang, f) for f in _flags(row)],
        "charts": charts,
    }


def _labels(candidates: list[dict]) -> dict[str, str]:
    """Every activity's name as people read it: the label, with the code beside it for coded logs."""
    return {str(r.get("activity")): _full_name(r) for r in candidates if r.get("kind", "activity") == "activity"}


def _map_focus(detailed: list[dict]) -> list[str]:
    """The steps the map marks, and a large map is cut around: those of the candidates the report details
    (paying or feasible; each links to its section), so the map and the sections agree."""
    return list(dict.fromkeys(step for r in detailed for step in str(r.get("activity")).split(" -> ")))


def _map(results: Results, lang: str, detailed: list[dict]) -> dict | None:
    if results.process_map is None:
        return None
    labels = _labels(results.candidates)
    steps = [r for r in results.candidates if r.get("kind", "activity") == "activity"]
    shared = Counter(display_name(r)[0] for r in steps)  # a label two steps share gets its code beside it on the map
    short = {str(r.get("activity")): _full_name(r) if shared[display_name(r)[0]] > 1 else display_name(r)[0] for r in steps}
    short.update({START: translate("start", lang), END: translate("end", lang)})
    focus = _map_focus(detailed)
    drawn = read_process_map(results.process_map, translate("map_label", lang), labels=short,
                             localise=lambda text: localise_digits(text, lang), highlight=focus)
    if drawn is None:
        return None
    shown = ((results.mining or {}).get("process_map") or {})
    cut = None if shown.get("full") else draw_neighbourhood(
        drawn, focus, labels=short, elided=lambda n: translate("map_elided", lang, n=format_number(n, lang)))
    if cut is not None:  # a large process: the candidates' neighbourhood, laid out on its own
        drawn = read_process_map(cut[0], translate("map_label", lang), labels=short,
                                 localise=lambda text: localise_digits(text, lang)) or drawn
    names = {**labels, START: translate("start", lang), END: translate("end", lang)}
    ranks = {str(r.get("activity")): (int(finite_number(r["rank"])) if verdict_of(r) == PAYING and finite_number(r.get("rank"))
                                      is not None else None, f"candidate-{i}") for i, r in enumerate(detailed, start=1)}
    on_map = {name for name, _, _ in drawn.nodes}
    missing = [_full_name(r) for r in detailed if r.get("kind", "activity") == "activity" and str(r.get("activity")) not in on_map]
    description = None
    if cut is not None and finite_number(shown.get("total_activities")) is not None:
        description = Markup(translate("map_focus", lang, shown=format_number(cut[1], lang),
                                       total=format_number(shown["total_activities"], lang),
                                       drawn=format_number(shown.get("shown_activities"), lang),
                                       file=Markup("<code>process_map.svg</code>"), flag=Markup("<code>--full-map</code>")))
    elif all(finite_number(shown.get(k)) is not None for k in ("shown_activities", "total_activities", "shown_edges", "total_edges")):
        description = translate("map_shown", lang, shown=format_number(shown["shown_activities"], lang),
                                total=format_number(shown["total_activities"], lang),
                                events=format_percent(finite_number(shown.get("shown_events_share")), lang),
                                edges=format_number(shown["shown_edges"], lang),
                                total_edges=format_number(shown["total_edges"], lang),
                                flow=format_percent(finite_number(shown.get("shown_flow_share")), lang))
    return {"svg": drawn.svg, "description": description,
            "edges": [(names.get(a, a), names.get(b, b), localise_digits(label, lang)) for a, b, label in drawn.top_edges(20)],
            "highlighted": sorted(((names.get(name, name), *ranks.get(name, (None, None))) for name, _, highlighted in drawn.nodes
                                   if highlighted), key=lambda item: (item[1] is None, item[1] or 0, item[0])),
            "not_on_map": translate("not_on_map", lang, names=", ".join(missing)) if missing else ""}


def _mining(results: Results, lang: str) -> dict | None:
    mining = results.mining
    if not mining:
        return None
    names = {**_labels(results.candidates), START: translate("start", lang), END: translate("end", lang)}
    conformance = mining.get("conformance") or {}
    figures = [(translate("events", lang), format_number(mining.get("events"), lang)),
               (translate("cases", lang), format_number(mining.get("cases"), lang)),
               (translate("variants", lang), format_number(mining.get("variants"), lang))]
    if conformance:
        figures += [(translate("fitness", lang), format_number(conformance.get("fitness"), lang, 2)),
                    (translate("precision", lang), format_number(conformance.get("precision"), lang, 2)
                     if finite_number(conformance.get("precision")) is not None else translate("precision_missing", lang))]
    bottlenecks = [(names.get(str(b.get("source", "")), str(b.get("source", ""))),
                    names.get(str(b.get("target", "")), str(b.get("target", ""))), format_number(b.get("frequency"), lang),
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
             (translate("precision_ts", lang), pick_text(PRECISION_TEXTS, str(report.get("timestamp_precision", "")), lang)
              or str(report.get("timestamp_precision", "")))]
    details = [(pick_text(READ_DETAIL_TEXTS, str(k), lang) or str(k), *_read_value(v, lang))
               for k, v in (report.get("read_details") or {}).items()]
    xes = str(report.get("format", "")).lower() == "xes"
    problems = [{"severity": pick_text(SEVERITY_TEXTS, str(p.get("severity", "")), lang) or str(p.get("severity", "")),
                 "code": str(p.get("code", "")), "count": format_number(p.get("count"), lang),
                 "message": _problem_message(p, lang, xes),
                 "rows": _plain(list(p.get("rows") or [])[:20], lang), "columns": _plain(p.get("columns") or [], lang)}
                for p in report.get("problems", []) if isinstance(p, dict)]
    return {"facts": facts, "details": details, "problems": problems,
            "rows_header": translate("events" if xes else "rows", lang)}


_UNITS = {"fi": ("rivejä", "tapahtumia"), "sv": ("rader", "händelser"), "en": ("rows", "events")}
_DEFAULTS = re.compile(r"^(\d+) default\(s\), not applied \(as pm4py\)$")
_DEFAULT_TEXTS = {"fi": "{n} oletusarvoa, ei käytetty (kuten pm4py)", "sv": "{n} standardvärden, inte tillämpade (som pm4py)",
                  "en": "{n} default(s), not applied (as pm4py)"}


def _problem_message(problem: dict, lang: str, xes: bool) -> str:
    """The problem in ``lang`` by its code; XES logs count events, not rows."""
    code, message = str(problem.get("code", "")), str(problem.get("message", ""))
    unit = _UNITS[lang][1 if xes else 0]
    if lang == "en" and code not in ("identity_codes_masked",):
        text = message[:1].upper() + message[1:]
        return text.replace("rows dropped", "events dropped").replace("Rows dropped", "Events dropped") if xes else text
    template = pick_text(PROBLEM_TEXTS, code, lang) or (pick_text(PROBLEM_TEXTS, "_dropped", lang)
                                                        if message.startswith("rows dropped") else None)
    if template is None:
        return translate("problem_unknown", lang)
    text = str(template).format(unit=unit)
    return text[:1].upper() + text[1:]


def _read_value(value: Any, lang: str) -> tuple[str, bool]:
    """(text, is data) for a read detail: words translated, file names and formats kept as data (shown as code)."""
    text = str(value)
    word = pick_text(READ_VALUE_TEXTS, text, lang)
    if word:
        return str(word), False
    match = re.match(r"^(.*) \((\w+)\)$", text)
    if match and pick_text(READ_VALUE_TEXTS, match.group(2), lang):
        return f"{match.group(1)} ({pick_text(READ_VALUE_TEXTS, match.group(2), lang)})", False
    defaults = _DEFAULTS.match(text)
    if defaults:
        return _DEFAULT_TEXTS[lang].format(n=defaults.group(1)), False
    if text.isdigit():
        return format_number(int(text), lang), False
    return text, True


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
        known = {k: v for k, v in value.items() if v is not None}
        return "; ".join(f"{pick_text(READ_DETAIL_TEXTS, f'{k}_column', lang) or k}: {_plain(v, lang)}"
                         for k, v in known.items()) if known else "–"
    return "–" if value is None else str(value)


def _settings(results: Results, lang: str) -> list[dict]:
    """One group per settings section: rows of (name people read, key, value, value is data, explanation).

    Names and explanations come from :data:`SETTING_TEXTS` (data, in every language); the settings file's
    own English ``doc`` is shown only in an English report, and a key without an entry keeps its key.
    """
    groups: dict[str, list[tuple[str, str, str, bool, str]]] = {}
    weights = {c.name: c for c in CRITERIA}
    settings = results.settings or {}
    for section, table in settings.items():
        items = table.items() if isinstance(table, dict) and section != "handling_minutes" and table else [(None, table)]
        for key, value in items:
            full = section if key is None else f"{section}.{key}"
            doc = ""
            if isinstance(value, dict) and "value" in value and set(value) <= {"value", "doc", "unit", "source"}:
                doc = _pick(value.get("doc"), "en") if lang == "en" else ""
                value = value["value"]
            name, explanation = pick_text(SETTING_TEXTS, full, lang) or ("", "")
            if section == "weights" and key in weights:
                name, explanation = weights[key].label[lang], weights[key].meaning[lang]
            is_data = isinstance(value, str) and pick_text(READ_VALUE_TEXTS, value, lang) is None
            groups.setdefault(section if key is not None else "", []).append(
                (name or translate("setting_unnamed", lang), full, _plain(value, lang), is_data, explanation or doc))
    return [{"title": pick_text(SECTION_TEXTS, section, lang) or section, "rows": rows} for section, rows in groups.items()]


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
    ordered = _ordered(results.candidates)
    ranked = [row for row in ordered if finite_number(row.get("rank")) is not None and verdict_of(row) == PAYING]
    detailed = [row for row in ordered if verdict_of(row) in (PAYING, "feasible_not_paying")][:DETAILED]
    anchors = {id(row): f"candidate-{index}" for index, row in enumerate(detailed, start=1)}
    period = _period(results.candidates)
    partial = _partial_month(results.candidates)
    table = [_table_row(row, lang, anchors.get(id(row))) for row in ordered]
    return {
        "overview": build_overview(results.summary, results.candidates, anchors, lang),
        "table_open": len(table) <= OPEN_ROWS,
        "table_count": translate("show_all", lang, n=format_number(len(table), lang)),
        "lang": lang,
        "summary": _summary(results, lang),
        "maturity": _maturity(results, lang),
        "realised": build_realised(results.summary.get("deployed_robots"), lang),
        "history": build_history(results.history, lang,
                                 names={(str(r.get("kind") or ""), str(r.get("activity") or "")): _full_name(r)
                                        for r in results.candidates},
                                 anchors={(str(r.get("kind") or ""), str(r.get("activity") or "")): anchors[id(r)]
                                          for r in detailed}),
        "top": [(int(finite_number(r["rank"])), anchors.get(id(r)), _full_name(r),
                 format_hours_per_year(finite_number(r.get("hours_per_year")), lang),
                 format_eur(r.get("savings_eur_mid"), lang)) for r in ranked[:5]],
        "period": translate("period", lang, first=format_month(period[0], lang), last=format_month(period[1], lang))
        if period else None,
        "map": _map(results, lang, detailed),
        "mining": _mining(results, lang),
        "table": table,
        "several_processes": len({str(r.get("process") or "") for r in results.candidates}) > 1,
        "statuses": [(verdict, verdict_name(verdict, lang)) for verdict in VERDICT_ORDER],
        "details": [_detail(row, index, lang, stored_lang, partial) for index, row in enumerate(detailed, start=1)],
        "validation": _validation(results, lang),
        "settings": _settings(results, lang),
        "legend": _legend(results, lang),
    }
