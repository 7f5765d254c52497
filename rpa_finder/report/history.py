# SPDX-License-Identifier: AGPL-3.0-or-later
"""The report's History section: how the top candidates and the maturity levels moved across a job's runs.

A scheduled run writes ``history.json`` into its results folder: the runs and the wide rows of
:func:`rpa_finder.store.history_document`, the very figures ``rpa-finder history --json`` prints once
the run is recorded, with the run itself as the last column.  This module turns that document into
the plain structure the template renders (every figure formatted, every text chosen), and draws the
chart; ``rpa-finder history -o`` draws its ``history.svg`` with the same code.

>>> build_history({"process": "p", "runs": [{"run_id": "20261128T041500Z"}], "rows": []}, "en")["has_history"]
False
"""
from __future__ import annotations

from typing import Any, Mapping, Sequence

from markupsafe import Markup

from .charts import draw_score_history, finite_number
from .i18n import STATUS_TEXTS, format_date, format_eur, format_number, translate
from .texts import VERDICT_TEXTS

__all__ = ["build_history", "standalone_chart", "order_candidates", "HISTORY_FILE", "TOP", "CHART_LINES", "MAX_RUNS"]

HISTORY_FILE = "history.json"
#: A candidate that was among the top TOP of any shown run gets its rows in the table.
TOP = 5
#: Lines in the chart: the first candidates of the table (the top of the newest run).
CHART_LINES = 5
#: Runs shown in the report (the newest); history.json and ``rpa-finder history`` keep them all.
MAX_RUNS = 12
#: The ``process`` of the organisation-wide maturity level (as :data:`rpa_finder.store.ORGANISATION`).
ORGANISATION = "(organisation)"
_INDEX = ("process", "kind", "activity", "measure")
Key = tuple[str, str, str]


def _groups(rows: Sequence[Mapping[str, Any]], ids: Sequence[str]) -> dict[Key, dict[str, list[Any]]]:
    """(process, kind, activity) -> measure -> one value (or None) per run in ``ids``."""
    groups: dict[Key, dict[str, list[Any]]] = {}
    for row in rows:
        key = (str(row.get("process") or ""), str(row.get("kind") or ""), str(row.get("activity") or ""))
        groups.setdefault(key, {})[str(row.get("measure"))] = [row.get(run_id) for run_id in ids]
    return groups


def order_candidates(groups: Mapping[Key, Mapping[str, Sequence[Any]]], top: int = TOP) -> list[Key]:
    """Robot candidates ranked 1..``top`` in any run, the newest run's order first, then by their best
    rank; then, up to ``top`` in all, the steps a robot could do with the largest net saving in the
    newest run (when none pays back, those are what a developer watches); with neither, the highest
    scores of the newest run, so that a history of small monthly exports still shows its steps."""
    chosen, feasible, scored = [], [], []
    for key, measures in groups.items():
        if key[1] == "process":
            continue
        ranks = [finite_number(v) for v in measures.get("rank", [])]
        known = [r for r in ranks if r is not None]
        if known and min(known) <= top:
            last = ranks[-1] if ranks else None
            chosen.append(((last is None, last or 0, min(known), key[2]), key))
            continue
        verdicts = list(measures.get("verdict") or [])
        net = finite_number((measures.get("net_savings_eur_mid") or [None])[-1])
        if verdicts and verdicts[-1] == "feasible_not_paying" and net is not None:
            feasible.append(((-net, key[2]), key))
            continue
        score = finite_number((measures.get("score") or [None])[-1])
        if score is not None and not (verdicts and verdicts[-1] == "already_automated"):
            scored.append(((-score, key[2]), key))
    ordered = [key for _, key in sorted(chosen)]
    ordered += [key for _, key in sorted(feasible)][:max(0, top - len(ordered))]
    return ordered or [key for _, key in sorted(scored)][:top]  # scores only when nothing else is there


def _chart_label(name: str, measures: Mapping[str, Sequence[Any]], lang: str) -> str:
    scores = [s for s in (finite_number(v) for v in measures.get("score", [])) if s is not None]
    ranks = measures.get("rank") or [None]
    last_rank = finite_number(ranks[-1])
    text = f"{int(last_rank)}. {name}" if last_rank is not None else name
    return f"{text}: {format_number(scores[-1], lang, 2)}" if scores else text


def _chart(chart_id: str, groups, keys: Sequence[Key], names: Mapping[tuple[str, str], str], run_labels: Sequence[str],
           lang: str, *, title: str, described_by: str | None, width: int = 720, height: int = 300,
           standalone: bool = False) -> Markup:
    series = [(_chart_label(names.get((k[1], k[2]), k[2]), groups[k], lang),
               [finite_number(v) for v in groups[k].get("score", [])]) for k in keys]
    description = translate("history_chart_desc", lang, lines=len(series), runs=len(run_labels),
                            first=run_labels[0] if run_labels else "–", last=run_labels[-1] if run_labels else "–")
    return draw_score_history(chart_id, title, description, run_labels, series, lang, described_by=described_by,
                              width=width, height=height, standalone=standalone)


def standalone_chart(rows: Sequence[Mapping[str, Any]], ids: Sequence[str], *, top: int = CHART_LINES,
                     width: int = 720, height: int = 300, title: str = "Score over runs", lang: str = "en") -> str:
    """``history.svg``: the score over the runs ``ids`` of the top ``top`` candidates, as one SVG file."""
    groups = _groups(rows, ids)
    keys = order_candidates(groups, top)[:top]
    return str(_chart("history", groups, keys, {}, list(ids), lang, title=title, described_by=None, width=width,
                      height=height, standalone=True))


def _run_date(run: Mapping[str, Any], lang: str, with_time: bool = False) -> str:
    """The day a run started, in local form; ``with_time`` adds the UTC clock time (runs on the same day)."""
    started = str(run.get("started_at") or "")
    try:
        day = format_date(started, lang)
    except ValueError:
        return str(run.get("run_id", ""))
    clock = started[11:16]
    if not with_time or len(clock) != 5:
        return day
    return f"{day} {clock.replace(':', '.') if lang == 'fi' else clock} UTC"


def _signed(delta: float | None, lang: str, decimals: int = 0, money: bool = False) -> str:
    if delta is None:
        return "–"
    if abs(delta) < 0.5 * 10 ** -decimals:
        return "±" + (format_eur(0, lang) if money else format_number(0, lang, decimals))
    sign = "+" if delta > 0 else "\u2212"
    return sign + (format_eur(abs(delta), lang) if money else format_number(abs(delta), lang, decimals))


def _moved(previous: float | None, current: float | None, lang: str, *, higher_is_up: bool) -> str:
    """Rank and maturity changes in words: up 2, down 1, unchanged."""
    if previous is None and current is None:
        return "–"
    if previous is None:
        return translate("history_new", lang)
    if current is None:
        return translate("history_unranked", lang)
    step = (current - previous) if higher_is_up else (previous - current)
    if step == 0:
        return translate("history_unchanged", lang)
    return translate("history_up" if step > 0 else "history_down", lang, n=format_number(abs(step), lang))


def _status(value: Any, lang: str) -> str:
    """A verdict's short name, or (runs recorded before verdicts) the old status's."""
    if value is None:
        return "–"
    if str(value) in VERDICT_TEXTS:
        return VERDICT_TEXTS[str(value)][lang][0]
    return STATUS_TEXTS.get(str(value), {}).get(lang, str(value))


def _saving(low: Any, mid: Any, high: Any, lang: str) -> str:
    if finite_number(mid) is None:
        return "–"
    if finite_number(low) is None or finite_number(high) is None:
        return format_eur(finite_number(mid), lang)
    return translate("history_saving", lang, mid=format_eur(finite_number(mid), lang), low=format_number(finite_number(low), lang),
                     high=format_number(finite_number(high), lang))


def _candidate_measures(measures: Mapping[str, Sequence[Any]], count: int, lang: str) -> list[dict]:
    def get(name: str) -> list[Any]:
        values = list(measures.get(name) or [])
        return (values + [None] * count)[:count]

    ranks, scores = [finite_number(v) for v in get("rank")], [finite_number(v) for v in get("score")]
    # the verdict where the run recorded one, else (older runs) the coarse status
    status = [v if v not in (None, "None", "nan") else s for v, s in zip(get("verdict"), get("status"))]
    low, mid, high = get("savings_eur_low"), [finite_number(v) for v in get("savings_eur_mid")], get("savings_eur_high")
    net_low, net_high = get("net_savings_eur_low"), get("net_savings_eur_high")
    net_mid = [finite_number(v) for v in get("net_savings_eur_mid")]
    before, now = (count - 2, count - 1)

    def delta(values: list[float | None]) -> float | None:
        return None if values[before] is None or values[now] is None else values[now] - values[before]

    if status[now] is None and status[before] is None:
        status_change = "–"
    elif status[before] is None:
        status_change = translate("history_new", lang)
    elif status[now] == status[before]:
        status_change = translate("history_unchanged", lang)
    else:
        status_change = translate("history_was", lang, status=_status(status[before], lang))
    return [
        {"label": translate("rank", lang), "numeric": True, "cells": [format_number(r, lang) for r in ranks],
         "change": _moved(ranks[before], ranks[now], lang, higher_is_up=False)},
        {"label": translate("score", lang), "numeric": True, "cells": [format_number(s, lang, 2) for s in scores],
         "change": _signed(delta(scores), lang, 2)},
        *([{"label": translate("history_net_saving_label", lang), "numeric": True,
             "cells": [_saving(a, b, c, lang) for a, b, c in zip(net_low, net_mid, net_high)],
             "change": _signed(delta(net_mid), lang, money=True)}] if any(v is not None for v in net_mid) else []),
        {"label": translate("history_saving_label", lang), "numeric": True,
         "cells": [_saving(a, b, c, lang) for a, b, c in zip(low, mid, high)],
         "change": _signed(delta(mid), lang, money=True)},
        {"label": translate("status", lang), "numeric": False, "cells": [_status(s, lang) for s in status],
         "change": status_change},
    ]


def build_history(document: Mapping[str, Any] | None, lang: str, *,
                  names: Mapping[tuple[str, str], str] | None = None,
                  anchors: Mapping[tuple[str, str], str] | None = None) -> dict | None:
    """The History section's model from ``history.json`` (None: the folder has none, no section).

    ``names`` and ``anchors`` map (kind, activity) to the readable name and the candidate's section in
    this report.  With fewer than two runs the section only says that there is no history yet.
    """
    if document is None:
        return None
    names, anchors = names or {}, anchors or {}
    runs = [r for r in document.get("runs") or [] if isinstance(r, Mapping) and r.get("run_id")]
    if len(runs) < 2:
        date = _run_date(runs[-1], lang) if runs else "–"
        return {"has_history": False, "none": translate("history_none", lang, date=date)}
    shown = runs[-MAX_RUNS:]
    ids = [str(r["run_id"]) for r in shown]
    groups = _groups([r for r in document.get("rows") or [] if isinstance(r, Mapping)], ids)
    keys = order_candidates(groups)
    processes = {k[0] for k in keys}
    candidates = []
    for key in keys:
        name = names.get((key[1], key[2]), key[2])
        candidates.append({"name": name if len(processes) < 2 else f"{key[0]}: {name}",
                           "anchor": anchors.get((key[1], key[2])),
                           "measures": _candidate_measures(groups[key], len(ids), lang)})
    maturity = []
    levels = sorted((k for k, m in groups.items() if "maturity_level" in m),
                    key=lambda k: (k[0] == ORGANISATION, k[0]))
    for key in levels:
        values = [finite_number(v) for v in groups[key]["maturity_level"]]
        maturity.append({"name": translate("history_organisation", lang) if key[0] == ORGANISATION else key[0],
                         "cells": [format_number(v, lang) for v in values],
                         "change": _moved(values[-2], values[-1], lang, higher_is_up=True)})
    same_day = len({_run_date(run, lang) for run in shown}) < len(shown)
    columns = [{"id": run_id, "date": _run_date(run, lang, same_day), "current": n == len(shown) - 1}
               for n, (run_id, run) in enumerate(zip(ids, shown))]
    dates = [c["date"] for c in columns]
    chart = None
    if any(finite_number(v) is not None for k in keys[:CHART_LINES] for v in groups[k].get("score", [])):
        title = translate("history_chart", lang)
        chart = {"title": title, "svg": _chart("history-chart", groups, keys[:CHART_LINES], names, dates, lang,
                                               title=title, described_by="history-candidates")}
    return {
        "has_history": True,
        "shown_note": translate("history_shown", lang, shown=len(shown), total=len(runs)) if len(runs) > len(shown)
        else None,
        "caption": translate("history_candidates_caption", lang, top=TOP),
        "runs": columns,
        "candidates": candidates,
        "maturity": maturity,
        "chart": chart,
        "run_rows": [(c["id"], c["date"], format_number(r.get("events_total"), lang),
                      format_number(r.get("events_new"), lang), format_number(r.get("cases_total"), lang), c["current"])
                     for c, r in zip(columns, shown)],
    }
