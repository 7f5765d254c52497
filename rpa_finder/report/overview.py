# SPDX-License-Identifier: AGPL-3.0-or-later
"""The report's first screen: what to automate first, what it saves net of robot costs, and how sure we are.

Scoring writes one verdict per activity and routine (robot candidate, feasible but not paying, needs
judgement, already automated, inside other work, negligible) and the net savings with their range.  This
module only picks and words them; results written before verdicts existed get verdicts derived from the
status and the net saving, and the report says so rather than passing them off as scoring's.
"""
from __future__ import annotations

from .charts import VERDICT_STYLE, draw_feasibility_value, finite_number
from .i18n import (format_eur, format_eur_range, format_hours_per_year, format_number, pick_text, translate)
from .texts import EVIDENCE_TEXTS, PAYS_WITH_TEXTS, VERDICT_ORDER, VERDICT_TEXTS

__all__ = ["verdict_of", "shown_rank", "display_name", "build_overview", "verdict_name", "summary_lines", "PAYING"]

PAYING = "robot_candidate"
#: Candidates named in the chart (the others are in its table).
NAMED_IN_CHART = 8
#: Points drawn in the chart: the feasible verdicts with the most hours.
CHART_POINTS = 40
#: (high - low) / |mid| of the net range above which the confidence is low, below which high.
WIDE, NARROW = 2.0, 0.6


def verdict_of(row: dict) -> str:
    """The row's verdict; for results without one, derived from its status and net saving."""
    verdict = str(row.get("verdict") or "")
    if verdict in VERDICT_TEXTS:
        return verdict
    status = str(row.get("status") or "")
    if status in ("already_automated", "negligible"):
        return status
    net = finite_number(row.get("net_savings_eur_mid"))
    return PAYING if net is not None and net > 0 else "feasible_not_paying"


def verdict_name(verdict: str, lang: str) -> str:
    return (pick_text(VERDICT_TEXTS, verdict, lang) or (verdict, ""))[0]


def shown_rank(row: dict) -> int | None:
    """The rank a reader sees: robot candidates are ranked by net value; results without verdicts keep theirs."""
    rank = finite_number(row.get("rank"))
    return int(rank) if rank is not None and (verdict_of(row) == PAYING or "verdict" not in row) else None


def display_name(row: dict) -> tuple[str, str]:
    """(label people know, code beside it): the code only where the log names the step by a code."""
    activity = str(row.get("activity") or "")
    label = str(row.get("label") or activity)
    return label, (activity if activity and activity != label else "")


def _feasibility(row: dict) -> float | None:
    value = finite_number(row.get("feasibility"))
    return value if value is not None else finite_number(row.get("score"))


def _payback(row: dict, lang: str) -> str:
    months = finite_number(row.get("payback_months"))
    return translate("months", lang, n=format_number(months, lang, 1)) if months is not None else "–"


def _pays_with(row: dict, lang: str) -> str:
    parts = [pick_text(PAYS_WITH_TEXTS, p, lang) for p in str(row.get("pays_with") or "").split(";") if p]
    return translate("would_pay", lang, what=", ".join(p for p in parts if p)) if any(parts) else ""


def _row(row: dict, lang: str, anchor: str | None) -> dict:
    label, code = display_name(row)
    verdict = verdict_of(row)
    return {"rank": shown_rank(row), "anchor": anchor, "name": label,
            "code": code, "verdict": verdict, "verdict_text": verdict_name(verdict, lang),
            "net": format_eur(row.get("net_savings_eur_mid"), lang),
            "net_range": format_eur_range(finite_number(row.get("net_savings_eur_low")),
                                          finite_number(row.get("net_savings_eur_high")), lang)
            if finite_number(row.get("net_savings_eur_low")) is not None else "–",
            "payback": _payback(row, lang), "feasibility": format_number(_feasibility(row), lang, 2),
            "pays_with": _pays_with(row, lang), "reason": str(row.get("reason") or ""), "hours": format_hours_per_year(finite_number(row.get("hours_per_year")), lang)}


def _net_total(results_summary: dict, paying: list[dict]) -> dict[str, float | None]:
    """The summed net saving of the paying candidates: summary.json's when written, else summed here."""
    totals: dict[str, float] = {}
    found = False
    for process in results_summary.get("processes", []):
        net = process.get("net_savings_eur")
        if isinstance(net, dict):
            found = True
            for key in ("low", "mid", "high"):
                totals[key] = totals.get(key, 0.0) + (finite_number(net.get(key)) or 0.0)
    if found:
        return {key: totals.get(key) for key in ("low", "mid", "high")}
    sums = {}
    for key in ("low", "mid", "high"):
        values = [finite_number(r.get(f"net_savings_eur_{key}")) for r in paying]
        sums[key] = sum(v for v in values if v is not None) if any(v is not None for v in values) else None
    return sums


def _confidence(paying: list[dict], net: dict, lang: str) -> str:
    """One plain sentence from where the handling times come from and how wide the net range is."""
    evidence = [str(r.get("handling_evidence") or ("measured" if r.get("handling_measured") else
                                                    "estimated_with_resources")) for r in paying]
    worst = next((e for e in ("estimated_without_resources", "estimated_with_resources", "calibrated", "given", "measured")
                  if e in evidence), "estimated_with_resources")
    words = pick_text(EVIDENCE_TEXTS, worst, lang) or worst
    low, mid, high = net.get("low"), net.get("mid"), net.get("high")
    if low is None or high is None or not mid:
        width = WIDE + 1
    else:
        width = (high - low) / abs(mid)
    measured = worst in ("measured", "given")
    if width <= NARROW and measured:
        return translate("confidence_high", lang, evidence=words)
    if width > WIDE or (low is not None and low < 0) or worst == "estimated_without_resources":
        return translate("confidence_low", lang, evidence=words)
    ratio = format_number(high / low, lang, 0) if low and high and low > 0 else "–"
    return translate("confidence_medium", lang, evidence=words, ratio=ratio)


def _chart(rows: list[dict], lang: str) -> dict | None:
    feasible = [r for r in rows if verdict_of(r) in (PAYING, "feasible_not_paying", "needs_judgement")
                and _feasibility(r) is not None and finite_number(r.get("net_savings_eur_mid")) is not None]
    if not feasible:
        return None
    feasible = sorted(feasible, key=lambda r: -(finite_number(r.get("hours_per_year")) or 0))[:CHART_POINTS]
    paying = sorted((r for r in feasible if verdict_of(r) == PAYING),
                    key=lambda r: -(finite_number(r.get("net_savings_eur_mid")) or 0))
    named = {id(r) for r in (paying or feasible)[:NAMED_IN_CHART]}
    points = [(display_name(r)[0], _feasibility(r), finite_number(r.get("net_savings_eur_mid")),
               finite_number(r.get("hours_per_year")) or 0.0, verdict_of(r), id(r) in named) for r in feasible]
    title = translate("bubble_chart", lang)
    svg = draw_feasibility_value("overview-chart", title, translate("bubble_desc", lang), points, lang)
    table = [(" ".join(filter(None, display_name(r))), verdict_name(verdict_of(r), lang), format_number(_feasibility(r), lang, 2),
              format_eur(r.get("net_savings_eur_mid"), lang), format_hours_per_year(finite_number(r.get("hours_per_year")), lang))
             for r in feasible]
    headers = (translate("name", lang), translate("verdict", lang), translate("feasibility", lang), translate("net_eur", lang),
               translate("hours", lang))
    return {"chart_id": "overview-chart", "title": title, "svg": svg, "headers": headers, "rows": table, "numeric": (2, 3, 4)}


def build_overview(summary: dict, rows: list[dict], anchors: dict[int, str], lang: str) -> dict:
    """The first screen's model: net headline and range, confidence, paying candidates, chart, legend."""
    paying = [r for r in rows if verdict_of(r) == PAYING]
    paying.sort(key=lambda r: (finite_number(r.get("rank")) is None, finite_number(r.get("rank")) or 0,
                               -(finite_number(r.get("net_savings_eur_mid")) or 0)))
    net = _net_total(summary, paying)
    counts = {v: 0 for v in VERDICT_ORDER}
    for r in rows:
        counts[verdict_of(r)] = counts.get(verdict_of(r), 0) + 1
    considered = sum(1 for r in rows if verdict_of(r) in (PAYING, "feasible_not_paying"))
    near = sorted((r for r in rows if verdict_of(r) == "feasible_not_paying"),
                  key=lambda r: -(finite_number(r.get("net_savings_eur_mid")) or float("-inf")))[:5]
    gross_mid = sum(finite_number(r.get("savings_eur_mid")) or 0 for r in paying)
    hours_mid = sum(finite_number(r.get("hours_per_year")) or 0 for r in paying)
    return {
        "net": format_eur(net.get("mid"), lang) if net.get("mid") is not None else "–",
        "net_line": translate("net_per_year", lang, mid=format_eur(net.get("mid") or 0, lang)),
        "net_range": translate("net_range", lang, low=format_eur(net.get("low"), lang), high=format_eur(net.get("high"), lang))
        if net.get("low") is not None else "",
        "paying_count": translate("paying_count", lang, n=format_number(len(paying), lang),
                                  total=format_number(max(considered, len(paying)), lang)),
        "gross": "" if not paying else translate("gross_note", lang, eur=format_eur(gross_mid, lang), hours=format_hours_per_year(hours_mid, lang)),
        "confidence": _confidence(paying, net, lang) if paying else (
            _confidence(near[:1], {k: finite_number(near[0].get(f"net_savings_eur_{k}")) for k in ("low", "mid", "high")}, lang)
            if near else ""),
        "paying": [_row(r, lang, anchors.get(id(r))) for r in paying],
        "near": [] if paying else [_row(r, lang, anchors.get(id(r))) for r in near],
        "chart": _chart(rows, lang),
        "legend": [(v, *VERDICT_TEXTS[v][lang], translate("verdict_count", lang, n=format_number(counts.get(v, 0), lang)),
                    VERDICT_STYLE[v][0]) for v in VERDICT_ORDER],
        "derived": not any("verdict" in r for r in rows),
    }


def summary_lines(summary: dict, rows: list[dict], lang: str, top: int = 5) -> list[str]:
    """The terminal summary in the report language: per process the net headline, then the paying candidates."""
    lines = []
    for process in summary.get("processes", []):
        name = str(process.get("name", ""))
        mine = [r for r in rows if str(r.get("process") or name) == name]
        model = build_overview({"processes": [process]}, mine, {}, lang)
        lines.append(f"{name}: {model['paying_count']}")
        if model["paying"]:
            lines.append("  " + translate("terminal_net", lang, net=model["net_line"], range=model["net_range"] or "–"))
        else:
            lines.append("  " + translate("none_paying", lang))
        for item in (model["paying"] or model["near"])[:top]:
            code = f" [{item['code']}]" if item["code"] else ""
            rank = f"{item['rank']}. " if item["rank"] else "– "
            extra = f"; {item['pays_with']}" if item["pays_with"] and not item["reason"] else ""
            lines.append(f"    {rank}{item['name']}{code}: {item['verdict_text']}, {item['net']} "
                         f"({item['net_range']}){extra}")
            if item["reason"]:
                lines.append(f"       {item['reason']}")
        if model["confidence"]:
            lines.append("  " + model["confidence"])
        if model["paying"]:
            lines.append("  " + model["gross"])
    return lines
