# SPDX-License-Identifier: AGPL-3.0-or-later
"""Small inline SVG charts for the report, each with an accessible name and the same data as a table.

Charts are drawn here in Python rather than by a JavaScript library so that the report stays one
self-contained file that works without scripts and prints as it looks.  A chart never carries
information by colour alone: values are written beside the bars, and the table repeats them for
screen readers and for copying.  Every text placed in the SVG is escaped here, because activity names
come from exports we do not control.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from html import escape
from typing import Mapping, Sequence

from markupsafe import Markup

from .i18n import format_eur, format_hours, format_month, format_number, translate

__all__ = ["Chart", "finite_number", "draw_feasibility_value", "VERDICT_STYLE", "draw_criteria_bars", "draw_monthly_volume", "draw_handling_histogram", "draw_savings_range",
           "draw_score_history", "LINE_COLOURS", "MARKERS"]

BAR = "#1f4e79"      # 9:1 on white
TEXT = "#1a1a1a"
AXIS = "#595959"     # 7:1 on white
TRACK = "#e6e6e6"
FONT = 'font-family="system-ui, sans-serif" font-size="12"'
GRID = "#d9d9d9"
#: Colours of the lines in a history chart (each 4.5:1 or better on white) and their marker shapes:
#: two lines never differ by colour alone, and each is named in text at its end.
LINE_COLOURS = ("#1f4e79", "#b35900", "#2e6b30", "#7b2d8e", "#b3261e")
MARKERS = ("circle", "square", "triangle", "diamond", "triangle-down")


@dataclass(frozen=True)
class Chart:
    """One figure: the SVG, its accessible name, and the table that holds the same figures."""

    chart_id: str
    title: str
    svg: Markup
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    #: Right-aligned (numeric) columns of the table, by index.
    numeric: tuple[int, ...] = field(default=())


def _svg(chart_id: str, title: str, width: int, height: int, body: list[str]) -> Markup:
    """The outer element: role img, named by its <title>, described by the table with the same id stem."""
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" role="img" aria-labelledby="{chart_id}-title" '
            f'aria-describedby="{chart_id}-table" focusable="false">'
            f'<title id="{chart_id}-title">{escape(title)}</title>')
    return Markup(head + "".join(body) + "</svg>")


def _text(x: float, y: float, text: str, anchor: str = "start", fill: str = TEXT) -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="{fill}" {FONT}>{escape(text)}</text>'


def finite_number(value: object) -> float | None:
    """``value`` as a float, or None where it is missing, not a number, or infinite."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def draw_criteria_bars(chart_id: str, name: str, scores: Sequence[tuple[str, float | None, float | None]],
                       lang: str) -> Chart:
    """Horizontal bars, one per criterion: (label, score 0-1 or None, contribution or None)."""
    title = translate("criteria_chart", lang, name=name)
    label_width, bar_width, row_height = 190, 260, 24
    height = row_height * len(scores) + 10
    body = []
    for index, (label, score, _) in enumerate(scores):
        y = 5 + index * row_height
        body.append(_text(label_width - 8, y + 16, label, "end"))
        body.append(f'<rect x="{label_width}" y="{y + 4}" width="{bar_width}" height="14" fill="{TRACK}"/>')
        value = finite_number(score)
        if value is None:
            body.append(_text(label_width + 6, y + 16, translate("not_measured", lang), fill=AXIS))
            continue
        body.append(f'<rect x="{label_width}" y="{y + 4}" width="{bar_width * max(0.0, min(value, 1.0)):.1f}" '
                    f'height="14" fill="{BAR}"/>')
        body.append(_text(label_width + bar_width + 6, y + 16, format_number(value, lang, 2)))
    rows = tuple((label, format_number(score, lang, 2) if finite_number(score) is not None else translate("not_measured", lang),
                  format_number(contribution, lang, 3) if finite_number(contribution) is not None else "–")
                 for label, score, contribution in scores)
    headers = (translate("criterion", lang), translate("score", lang), translate("contribution", lang))
    return Chart(chart_id, title, _svg(chart_id, title, label_width + bar_width + 50, height, body), headers, rows, (1, 2))


def _columns(chart_id: str, title: str, labels: Sequence[str], values: Sequence[float], lang: str) -> Markup:
    """Vertical bars with the value above each bar and every label below (thinned when crowded)."""
    width, height, left, bottom, top = 560, 200, 10, 40, 18
    count = max(len(values), 1)
    slot = (width - 2 * left) / count
    peak = max([v for v in values if v is not None] or [0]) or 1
    body = [f'<line x1="{left}" y1="{height - bottom}" x2="{width - left}" y2="{height - bottom}" stroke="{AXIS}"/>']
    widest = max((len(label) for label in labels), default=1) * 7 + 6  # px at 12 px type
    every = max(1, math.ceil(widest / slot))
    for index, (label, value) in enumerate(zip(labels, values)):
        x = left + index * slot
        bar_height = (height - bottom - top) * (value or 0) / peak
        body.append(f'<rect x="{x + slot * 0.15:.1f}" y="{height - bottom - bar_height:.1f}" width="{slot * 0.7:.1f}" '
                    f'height="{bar_height:.1f}" fill="{BAR}"/>')
        if count <= 24:
            body.append(_text(x + slot / 2, height - bottom - bar_height - 4, format_number(value, lang), "middle"))
        if index % every == 0:  # a label that would cross the edge is anchored inside it
            half, centre = (len(label) * 7 + 6) / 2, x + slot / 2
            anchor = "start" if centre - half < 0 else "end" if centre + half > width else "middle"
            where = {"start": 1.0, "end": width - 1.0, "middle": centre}[anchor]
            body.append(_text(where, height - bottom + 16, label, anchor, AXIS))
    return _svg(chart_id, title, width, height, body)


def draw_monthly_volume(chart_id: str, name: str, monthly: Mapping[str, float], lang: str) -> Chart:
    """Executions per calendar month, in month order."""
    title = translate("volume_chart", lang, name=name)
    months = sorted(monthly)
    labels = [format_month(m, lang) for m in months]
    values = [float(monthly[m] or 0) for m in months]
    rows = tuple((label, format_number(value, lang)) for label, value in zip(labels, values))
    headers = (translate("month", lang), translate("count", lang))
    return Chart(chart_id, title, _columns(chart_id, title, labels, values, lang), headers, rows, (1,))


def draw_handling_histogram(chart_id: str, name: str, histogram: Mapping[str, Sequence[float]], lang: str) -> Chart:
    """Handling times in bins of minutes: ``bins_minutes`` are the edges, one more than ``counts``."""
    title = translate("histogram_chart", lang, name=name)
    edges = [float(e) for e in histogram.get("bins_minutes", [])]
    counts = [float(c) for c in histogram.get("counts", [])]
    counts = counts[: max(len(edges) - 1, 0)]
    labels = [f"{format_number(edges[i], lang)}–{format_number(edges[i + 1], lang)}" for i in range(len(counts))]
    rows = tuple((label, format_number(value, lang)) for label, value in zip(labels, counts))
    headers = (translate("minutes", lang), translate("count", lang))
    return Chart(chart_id, title, _columns(chart_id, title, labels, counts, lang), headers, rows, (1,))


def draw_savings_range(chart_id: str, name: str, hours: Sequence[float | None], euros: Sequence[float | None],
                       lang: str) -> Chart:
    """Two range bars (hours and euros a year), each low to high with a mark at the most likely value."""
    title = translate("savings_chart", lang, name=name)
    left, span, width = 190, 250, 560
    body = []
    lines = ((translate("hours", lang), hours, lambda v: format_hours(v, lang)),
             (translate("eur", lang), euros, lambda v: format_eur(v, lang)))
    for index, (label, (low, mid, high), show) in enumerate(lines):
        y = 22 + index * 50
        body.append(_text(left - 8, y + 18, label, "end"))
        body.append(f'<rect x="{left}" y="{y + 8}" width="{span}" height="14" fill="{TRACK}"/>')
        top = finite_number(high)
        if not top:
            body.append(_text(left + 6, y + 20, translate("no_data", lang), fill=AXIS))
            continue
        start = left + span * (finite_number(low) or 0) / top
        body.append(f'<rect x="{start:.1f}" y="{y + 8}" width="{left + span - start:.1f}" height="14" fill="{BAR}"/>')
        if finite_number(mid) is not None:
            x = left + span * float(mid) / top
            body.append(f'<line x1="{x:.1f}" y1="{y + 2}" x2="{x:.1f}" y2="{y + 28}" stroke="{TEXT}" stroke-width="3"/>')
            body.append(_text(x, y - 2, show(mid), "middle"))
        body.append(_text(left, y + 40, show(low), fill=AXIS))
        body.append(_text(left + span, y + 40, show(high), "end", AXIS))
    rows = tuple((label, show(low), show(mid), show(high)) for label, (low, mid, high), show in lines)
    headers = (translate("measure", lang), translate("low", lang), translate("mid", lang), translate("high", lang))
    return Chart(chart_id, title, _svg(chart_id, title, width, 120, body), headers, rows, (1, 2, 3))


def _marker(shape: str, x: float, y: float, colour: str, r: float = 4.5) -> str:
    if shape == "square":
        return f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r:.1f}" height="{2 * r:.1f}" fill="{colour}"/>'
    if shape in ("triangle", "triangle-down"):
        d = 1 if shape == "triangle" else -1
        points = [(x, y - d * r * 1.2), (x - r * 1.1, y + d * r * 0.8), (x + r * 1.1, y + d * r * 0.8)]
        return f'<polygon points="{" ".join(f"{px:.1f},{py:.1f}" for px, py in points)}" fill="{colour}"/>'
    if shape == "diamond":
        points = [(x, y - r * 1.3), (x + r * 1.3, y), (x, y + r * 1.3), (x - r * 1.3, y)]
        return f'<polygon points="{" ".join(f"{px:.1f},{py:.1f}" for px, py in points)}" fill="{colour}"/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{colour}"/>'


def _spread(wanted: list[float], gap: float, low: float, high: float) -> list[float]:
    """Label positions near ``wanted`` (same order), at least ``gap`` apart, inside [low, high]."""
    order = sorted(range(len(wanted)), key=lambda i: wanted[i])
    placed: dict[int, float] = {}
    last = low - gap
    for i in order:
        last = max(wanted[i], last + gap)
        placed[i] = last
    overflow = (max(placed.values()) - high) if placed else 0
    if overflow > 0:  # pushed past the bottom: move the whole stack up, keeping the gaps
        for i in order[::-1]:
            placed[i] = min(placed[i], high)
            high = placed[i] - gap
    return [max(low, placed[i]) for i in range(len(wanted))]


def _score_axis(values: Sequence[float | None]) -> tuple[float, float]:
    """The score range drawn: the whole 0-1 when the scores spread wide, else zoomed to tenths around them."""
    known = [v for v in (finite_number(v) for v in values) if v is not None]
    if not known:
        return 0.0, 1.0
    low = max(0.0, math.floor(min(known) * 10 - 0.5) / 10)
    high = min(1.0, math.ceil(max(known) * 10 + 0.5) / 10)
    if high - low > 0.6:
        return 0.0, 1.0
    while high - low < 0.3:  # a flat line still shows as flat, not as noise blown up
        low, high = max(0.0, low - 0.1), min(1.0, high + 0.1)
    return round(low, 1), round(high, 1)


def draw_score_history(chart_id: str, title: str, description: str, runs: Sequence[str],
                       series: Sequence[tuple[str, Sequence[float | None]]], lang: str, *,
                       described_by: str | None = None, width: int = 720, height: int = 300,
                       standalone: bool = False) -> Markup:
    """Scores (0-1) over runs, one line per candidate, oldest run on the left.

    The score axis covers 0-1, or the tenths around the scores when they lie close together (its
    labels say which), so that a move of a few hundredths can be seen.

    ``runs`` label the x axis; ``series`` are (label, one score or None per run).  Each line has its own
    colour and marker, and its label (with the last score) is written at its right end, so the chart
    reads without a colour legend.  A candidate missing from a run leaves a gap in its line.
    ``described_by`` names the table that holds the same figures; without it the ``<desc>`` does.
    ``standalone``: a file of its own (``history.svg``), with a white background and the title written
    at the top, since no caption surrounds it.
    """
    left, label_area, top, bottom = 46, 250, 36 if standalone else 14, 44
    plot_right, plot_bottom = width - label_area, height - bottom
    plot_h = plot_bottom - top
    count = len(runs)
    widest = max((len(label) for label in runs), default=1) * 7 + 8  # px at 12 px type
    inset = min(widest / 2, (plot_right - left) / 4)  # the oldest and newest run's labels stay inside
    first, last = left + inset, plot_right - inset
    step = (last - first) / (count - 1) if count > 1 else 0.0

    def x(index: int) -> float:
        return first + index * step if count > 1 else (left + plot_right) / 2

    low, high = _score_axis([v for _, values in series for v in values])

    def y(value: float) -> float:
        return plot_bottom - plot_h * (max(low, min(value, high)) - low) / (high - low)

    body = [f'<desc id="{chart_id}-desc">{escape(description)}</desc>']
    if standalone:
        body.append(f'<rect width="{width}" height="{height}" fill="#ffffff"/>')
        body.append(f'<text x="{left}" y="18" fill="{TEXT}" font-family="system-ui, sans-serif" font-size="14" '
                    f'font-weight="bold">{escape(title)}</text>')
    tick_step = 0.1 if high - low <= 0.6 else 0.25
    for n in range(int(round((high - low) / tick_step)) + 1):
        tick = low + n * tick_step
        body.append(f'<line x1="{left}" y1="{y(tick):.1f}" x2="{plot_right}" y2="{y(tick):.1f}" '
                    f'stroke="{AXIS if n == 0 else GRID}"/>')
        body.append(_text(left - 6, y(tick) + 4, format_number(tick, lang, 2), "end", AXIS))
    every = max(1, math.ceil(widest / step)) if count > 1 and step else 1
    for index, label in enumerate(runs):
        if (count - 1 - index) % every == 0:  # counted from the newest run, which is always labelled
            body.append(_text(x(index), plot_bottom + 18, label, "middle", AXIS))
    ends: list[tuple[int, float, float]] = []
    for number, (label, values) in enumerate(series):
        colour, shape = LINE_COLOURS[number % len(LINE_COLOURS)], MARKERS[number % len(MARKERS)]
        points = [(x(i), y(v)) if finite_number(v) is not None else None for i, v in enumerate(values[:count])]
        segment: list[tuple[float, float]] = []
        for point in [*points, None]:
            if point is not None:
                segment.append(point)
                continue
            if len(segment) > 1:
                body.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2.5" points="'
                            + " ".join(f"{px:.1f},{py:.1f}" for px, py in segment) + '"/>')
            segment = []
        body += [_marker(shape, px, py, colour) for px, py in (p for p in points if p is not None)]
        drawn = [p for p in points if p is not None]
        if drawn:
            ends.append((number, *drawn[-1]))
    if not ends:
        body.append(_text(left + 8, top + 20, translate("no_data", lang), fill=AXIS))
    label_y = _spread([py + 4 for _, _, py in ends], 17, top + 8, plot_bottom + 4)
    room = max(8, int((label_area - 34) / 6.6))
    for (number, px, py), ly in zip(ends, label_y):
        colour, shape = LINE_COLOURS[number % len(LINE_COLOURS)], MARKERS[number % len(MARKERS)]
        body.append(f'<line x1="{px + 6:.1f}" y1="{py:.1f}" x2="{plot_right + 8:.1f}" y2="{ly - 4:.1f}" '
                    f'stroke="{colour}" stroke-width="1"/>')
        body.append(_marker(shape, plot_right + 16, ly - 4, colour, 4.0))
        text = series[number][0]
        body.append(_text(plot_right + 26, ly, text if len(text) <= room else text[: room - 1] + "…"))
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" role="img" aria-labelledby="{chart_id}-title" '
            f'aria-describedby="{described_by or chart_id + "-desc"}" focusable="false">'
            f'<title id="{chart_id}-title">{escape(title)}</title>')
    return Markup(head + "".join(body) + "</svg>")


#: Verdict colours from the Okabe-Ito palette (safe for the common colour-blindnesses); shape differs too.
VERDICT_STYLE = {"robot_candidate": ("#0072B2", "circle"), "feasible_not_paying": ("#E69F00", "square"),
                 "needs_judgement": ("#CC79A7", "diamond"), "inside_other_work": ("#999999", "triangle"),
                 "already_automated": ("#009E73", "triangle-down"), "negligible": ("#999999", "triangle")}


def draw_feasibility_value(chart_id: str, title: str, description: str,
                           points: Sequence[tuple[str, float, float, float, str, bool]], lang: str) -> Markup:
    """Feasibility (x, 0-1) against net €/year (y), bubble area ~ hours; ``points`` are
    (label, feasibility, net mid, hours, verdict, labelled).  Labelled points carry their name, the others
    are in the data table only.  The zero line separates paying from not paying."""
    width, height, left, right, top, bottom = 760, 360, 78, 200, 16, 44
    plot_w, plot_h = width - left - right, height - top - bottom
    nets = [p[2] for p in points] or [0.0]
    low, high = min(0.0, min(nets)), max(0.0, max(nets))
    if high - low < 1:
        high = low + 1
    pad = (high - low) * 0.08
    low, high = low - pad, high + pad
    peak = max([p[3] for p in points] or [1]) or 1

    def x(v: float) -> float:
        return left + plot_w * max(0.0, min(v, 1.0))

    def y(v: float) -> float:
        return top + plot_h * (high - v) / (high - low)

    body = [f'<desc id="{chart_id}-desc">{escape(description)}</desc>']
    for n in range(6):
        tick = n / 5
        body.append(f'<line x1="{x(tick):.1f}" y1="{top}" x2="{x(tick):.1f}" y2="{top + plot_h}" stroke="{GRID}"/>')
        body.append(_text(x(tick), top + plot_h + 16, format_number(tick, lang, 1), "middle", AXIS))
    body.append(_text(left + plot_w / 2, height - 6, translate("feasibility", lang) + " 0–1", "middle", AXIS))
    step = _nice_step((high - low) / 5)
    tick = math.ceil(low / step) * step
    while tick <= high:
        body.append(f'<line x1="{left}" y1="{y(tick):.1f}" x2="{left + plot_w}" y2="{y(tick):.1f}" '
                    f'stroke="{AXIS if abs(tick) < step / 2 else GRID}" stroke-width="{2 if abs(tick) < step / 2 else 1}"/>')
        body.append(_text(left - 6, y(tick) + 4, format_eur(tick, lang), "end", AXIS))
        tick += step
    labelled = []
    for label, feasible, net, hours, verdict, named in sorted(points, key=lambda p: -p[3]):
        colour, shape = VERDICT_STYLE.get(verdict, ("#999999", "circle"))
        r = 4 + 18 * math.sqrt(max(hours, 0) / peak)
        px, py = x(feasible), y(net)
        mark = _marker(shape, px, py, colour, r).replace("/>", ' fill-opacity="0.75" stroke="#1a1a1a" stroke-width="1"/>')
        body.append(mark)
        if named:
            labelled.append((label, px, py))
    ys = _spread([py + 4 for _, _, py in labelled], 15, top + 8, top + plot_h)
    room = max(8, int((right - 30) / 6.6))
    for (label, px, py), ly in zip(labelled, ys):
        body.append(f'<line x1="{px:.1f}" y1="{py:.1f}" x2="{left + plot_w + 8:.1f}" y2="{ly - 4:.1f}" stroke="{AXIS}" '
                    'stroke-width="0.8"/>')
        body.append(_text(left + plot_w + 12, ly, label if len(label) <= room else label[: room - 1] + "…"))
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" role="img" aria-labelledby="{chart_id}-title" '
            f'aria-describedby="{chart_id}-desc {chart_id}-table" focusable="false">'
            f'<title id="{chart_id}-title">{escape(title)}</title>')
    return Markup(head + "".join(body) + "</svg>")


def _nice_step(raw: float) -> float:
    """1, 2 or 5 times a power of ten, at least ``raw``."""
    power = 10 ** math.floor(math.log10(max(raw, 1e-9)))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


#: Estimate and realised marks of the realised-benefit chart: Okabe-Ito orange and blue, a square and a
#: circle, so that neither colour nor shape alone tells them apart, and each is named in the legend.
REALISED_STYLE = {"estimate": ("#b35900", "square"), "realised": ("#1f4e79", "circle")}


def draw_realised_hours(chart_id: str, bars: Sequence[tuple[str, Sequence[float | None], Sequence[float | None]]],
                        lang: str) -> Chart:
    """Per deployed robot, the hours a year estimated and realised: two range lines (low to high) with a
    mark at the most likely value, on one axis from zero; ``bars`` are (name, estimate, realised), each
    a (low, mid, high) with None or NaN where unknown."""
    title = translate("realised_chart", lang)
    left, right, row_h, top = 230, 80, 46, 34
    width = 760
    plot_w = width - left - right
    values = [finite_number(v) for _, est, real in bars for v in (*est, *real)]
    values = [v for v in values if v is not None]
    low_end, high_end = min([0.0, *values]), max([1.0, *values])
    step = _nice_step((high_end - low_end) / 5)
    low_end, high_end = math.floor(low_end / step) * step, math.ceil(high_end / step) * step
    height = top + row_h * len(bars) + 30

    def x(v: float) -> float:
        return left + plot_w * (v - low_end) / (high_end - low_end)

    body = [f'<desc id="{chart_id}-desc">{escape(translate("realised_chart_desc", lang))}</desc>']
    legend_x = left
    for key, text in (("estimate", "realised_estimate"), ("realised", "realised_measured")):
        colour, shape = REALISED_STYLE[key]
        body.append(_marker(shape, legend_x + 5, 12, colour))
        body.append(_text(legend_x + 14, 16, translate(text, lang)))
        legend_x += 30 + 7 * len(translate(text, lang))
    tick = low_end
    while tick <= high_end + step / 2:
        body.append(f'<line x1="{x(tick):.1f}" y1="{top - 6}" x2="{x(tick):.1f}" y2="{height - 26}" '
                    f'stroke="{AXIS if abs(tick) < step / 2 else GRID}"/>')
        body.append(_text(x(tick), height - 10, format_number(tick, lang, 0 if step >= 1 else 1), "middle", AXIS))
        tick += step
    rows = []
    room = max(8, int((left - 16) / 6.6))
    for index, (name, estimate, realised) in enumerate(bars):
        y0 = top + index * row_h
        body.append(_text(left - 8, y0 + 20, name if len(name) <= room else name[: room - 1] + "…", "end"))
        for offset, key, span in ((10, "estimate", estimate), (28, "realised", realised)):
            colour, shape = REALISED_STYLE[key]
            low, mid, high = (finite_number(v) for v in span)
            y = y0 + offset
            if low is not None and high is not None:
                body.append(f'<line x1="{x(low):.1f}" y1="{y}" x2="{x(high):.1f}" y2="{y}" stroke="{colour}" '
                            'stroke-width="3"/>')
            if mid is not None:
                body.append(_marker(shape, x(mid), y, colour))
                body.append(_text(x(high if high is not None else mid) + 8, y + 4, format_hours(mid, lang), fill=TEXT))
            else:
                body.append(_text(left + 6, y + 4, translate("no_data", lang), fill=AXIS))
        rows.append((name, *(_range_text(span, lang) for span in (estimate, realised))))
    headers = (translate("realised_robot", lang), translate("realised_estimated_hours", lang),
               translate("realised_hours", lang))
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" role="img" aria-labelledby="{chart_id}-title" '
            f'aria-describedby="{chart_id}-desc {chart_id}-table" focusable="false">'
            f'<title id="{chart_id}-title">{escape(title)}</title>')
    return Chart(chart_id, title, Markup(head + "".join(body) + "</svg>"), headers, tuple(rows), (1, 2))


def _range_text(span: Sequence[float | None], lang: str) -> str:
    low, mid, high = (finite_number(v) for v in span)
    if mid is None:
        return "–"
    return translate("range", lang, low=format_hours(low, lang), mid=format_hours(mid, lang), high=format_hours(high, lang))
