# SPDX-License-Identifier: AGPL-3.0-or-later
"""The process map: a DFG drawn with Graphviz (pygraphviz's bundled library, no ``dot`` binary).

A log with 398 activities and 4,699 edges is unreadable drawn whole, so by default the map keeps the
most frequent activities covering a share of events and, among their edges, the most frequent ones
covering a share of the flow, like Disco's sliders; every kept activity stays reachable from the
start and can reach the end.  The SVG is self-contained: no comments carrying names, no DTD fetch,
no links.
"""
from __future__ import annotations

import os
import re
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Literal, Mapping

import pandas as pd

from ..errors import Message, OutputNotWritableError, UsageError
from .model import DirectlyFollowsGraph

__all__ = ["MapSummary", "render_process_map", "draw_process_map", "render_png", "select_map", "format_duration", "text_colour"]

START, END = "__start__", "__end__"
#: Above this many drawn edges the layered ``dot`` layout is too slow; the force-directed sfdp is used.
DOT_MAX_EDGES = 1500
#: ... or this many drawn activities: dot ran over 10 minutes on 900 activities with 674 edges (a log
#: whose activity column holds free text); sfdp drew them in 0.7 s.
DOT_MAX_ACTIVITIES = 250
_LINE = "#4a4a4a"


@dataclass(frozen=True)
class MapSummary:
    """What the map shows against what the log holds, so the report can say it in one line."""

    shown_activities: int
    total_activities: int
    shown_events_share: float
    shown_edges: int
    total_edges: int
    shown_flow_share: float
    overlay: str
    full: bool
    layout_seconds: float
    activities: tuple[str, ...]

    def describe(self) -> str:
        """'showing 40 of 398 activities covering 90 % of events; 60 of 4,699 paths (55 % of flow)'."""
        return (
            f"showing {self.shown_activities} of {self.total_activities} activities covering "
            f"{self.shown_events_share:.0%} of events; {self.shown_edges:,} of {self.total_edges:,} paths "
            f"({self.shown_flow_share:.0%} of flow)"
        ).replace("%", " %")


def select_map(dfg: DirectlyFollowsGraph, *, activity_coverage: float = 0.9, path_coverage: float = 0.8,
               full: bool = False) -> tuple[list[str], pd.DataFrame]:
    """Activities and edges to draw: the frequent core, with each activity kept reachable."""
    for name, value in (("activity_coverage", activity_coverage), ("path_coverage", path_coverage)):
        if not 0 < value <= 1:
            raise UsageError(Message("{name} is {value}", name=name, value=value), where="process map",
                             fix="give a share between 0 (exclusive) and 1")
    freq = pd.Series(dict(dfg.activity_frequency), dtype="int64").sort_values(ascending=False, kind="stable")
    freq = freq.sort_index(kind="stable").sort_values(ascending=False, kind="stable")
    if full:
        return list(freq.index), dfg.edges.copy()
    covered = freq.cumsum() / freq.sum()
    n_keep = int((covered < activity_coverage - 1e-12).sum()) + 1
    kept = list(freq.index[:n_keep])
    inner = dfg.edges[dfg.edges["source"].isin(kept) & dfg.edges["target"].isin(kept)]
    flow = inner["frequency"].cumsum() / max(int(inner["frequency"].sum()), 1)
    n_edges = int((flow < path_coverage - 1e-12).sum()) + 1 if len(inner) else 0
    chosen = set(inner.index[:n_edges])
    _keep_reachable(kept, inner, chosen, dfg.start_activities, forward=True)
    _keep_reachable(kept, inner, chosen, dfg.end_activities, forward=False)
    return kept, inner.loc[sorted(chosen)]


def _keep_reachable(kept: list[str], inner: pd.DataFrame, chosen: set, anchors: Mapping[str, int], *, forward: bool) -> None:
    """Add the strongest inner edge crossing into the unreached part until none can be added."""
    src, dst = ("source", "target") if forward else ("target", "source")
    seeds = {a for a in kept if anchors.get(a, 0) > 0}
    while True:
        reached, frontier = set(seeds), list(seeds)
        edges = inner.loc[sorted(chosen)]
        step = edges.groupby(src)[dst].agg(list).to_dict() if len(edges) else {}
        while frontier:
            for nxt in step.get(frontier.pop(), ()):
                if nxt not in reached:
                    reached.add(nxt)
                    frontier.append(nxt)
        crossing = inner[inner[src].isin(reached) & ~inner[dst].isin(reached)]
        if len(reached) == len(kept) or crossing.empty:
            return
        chosen.add(crossing.index[0])  # inner is sorted by frequency: the strongest crossing edge


def format_duration(seconds: float) -> str:
    """Readable duration: seconds, minutes, hours or days."""
    if pd.isna(seconds):
        return "n/a"
    if seconds < 60:
        return f"{seconds:.0f} s"
    if seconds < 3600:
        return f"{seconds / 60:.0f} min"
    if seconds < 48 * 3600:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.1f} d"


def _luminance(colour: str) -> float:
    rgb = [int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def text_colour(fill: str) -> str:
    """Black or white, whichever contrasts more with ``fill`` (always >= 4.5:1, WCAG AA)."""
    lum = _luminance(fill)
    return "#000000" if (lum + 0.05) / 0.05 >= 1.05 / (lum + 0.05) else "#ffffff"


def _build_graph(dfg: DirectlyFollowsGraph, kept: list[str], edges: pd.DataFrame, overlay: str,
                 highlight: Mapping[str, str], path_coverage: float, labels: Mapping[str, str] | None = None):
    import pygraphviz

    graph = pygraphviz.AGraph(directed=True, strict=False)
    graph.graph_attr.update(rankdir="TB", nodesep="0.3", ranksep="0.45", bgcolor="white", id="process-map",
                            mclimit="0.3",
                            fontname="Helvetica")
    graph.node_attr.update(shape="box", style="rounded,filled", fillcolor="#f4f6f8", color=_LINE,
                           fontname="Helvetica", fontsize="11", fontcolor="#000000")
    graph.edge_attr.update(fontname="Helvetica", fontsize="9", color=_LINE, fontcolor="#1a1a1a", arrowsize="0.6")
    graph.add_node(START, label="start", shape="circle", fillcolor="#1b7f3b", fontcolor="#ffffff", width="0.5",
                   fixedsize="true", **{"class": "start"})
    graph.add_node(END, label="end", shape="doublecircle", fillcolor="#b3261e", fontcolor="#ffffff", width="0.5",
                   fixedsize="true", **{"class": "end"})
    for index, activity in enumerate(kept):
        name = (labels or {}).get(activity, activity)  # the text drawn; the node keeps the activity's name
        attrs = {"label": f"{name}\n{dfg.activity_frequency[activity]:,}", "id": f"activity-{index}",
                 "class": "activity"}  # no tooltip: it wraps nodes in <a> links; <title> shows the name
        if activity in highlight:
            fill = highlight[activity]
            attrs.update(fillcolor=fill, fontcolor=text_colour(fill), penwidth="2.5", color="#000000",
                         **{"class": "activity highlight"})
        graph.add_node(activity, **attrs)
    top = max(int(edges["frequency"].max()) if len(edges) else 1, 1)
    for row in edges.itertuples(index=False):  # one per drawn edge: at most a few thousand
        label = f"{row.frequency:,}" if overlay == "frequency" else (
            f"{format_duration(row.mean_seconds)} / {format_duration(row.median_seconds)}")
        graph.add_edge(row.source, row.target, label=label, penwidth=f"{0.8 + 5.2 * row.frequency / top:.2f}")
    for marker, forward, activities in _marker_edges(dfg, kept, edges, path_coverage):
        anchors = dfg.start_activities if forward else dfg.end_activities
        for activity in activities:
            a, b = (marker, activity) if forward else (activity, marker)
            graph.add_edge(a, b, label=f"{anchors[activity]:,}", style="dashed", penwidth="1.0")
    return graph


def _marker_edges(dfg: DirectlyFollowsGraph, kept: list[str], edges: pd.DataFrame, path_coverage: float):
    """Start/end arrows for the commonest starts/ends (``path_coverage`` of cases), plus any
    kept activity that no drawn edge enters (leaves): it would float without one."""
    kept_set = set(kept)
    result = []
    for marker, forward, anchors, column in ((START, True, dfg.start_activities, "target"),
                                              (END, False, dfg.end_activities, "source")):
        counts = pd.Series({a: n for a, n in anchors.items() if a in kept_set and n > 0}, dtype="int64")
        counts = counts.sort_index().sort_values(ascending=False, kind="stable")
        share = counts.cumsum() / max(sum(anchors.values()), 1)
        common = set(counts.index[: int((share < path_coverage - 1e-12).sum()) + 1]) if len(counts) else set()
        entered = set(edges[column])
        loose = {a for a in counts.index if a not in entered}
        result.append((marker, forward, sorted(common | loose)))
    return result


#: Lines the bundled Graphviz libraries write straight to file descriptor 2.  pygraphviz's fontconfig
#: is older than the system's configuration files and warns about each element it does not know
#: ("reset-dirs"), on every run: noise in a scheduled job's mail, and nothing a user can act on.
_LIBRARY_NOISE = (b"Fontconfig warning:",
                  b"Error: remove_overlap: Graphviz not built with triangulation library")  # sfdp's overlap step


#: Held while file descriptor 2 is swapped in this process (two swaps at once would lose stderr).
_STDERR_SWAP = threading.Lock()


@contextmanager
def _quiet_library_noise() -> Iterator[None]:
    """Hold back what C libraries write to stderr in the body; pass on all but :data:`_LIBRARY_NOISE`.

    This swaps file descriptor 2 for the whole process, so :func:`_draw` runs it in a forked child
    that does nothing else; only where forking is not safe does it run here, under a lock, and fd 2
    is restored in ``finally`` (what other threads write meanwhile is passed on afterwards).
    """
    with _STDERR_SWAP:
        with _swapped_stderr():
            yield


@contextmanager
def _swapped_stderr() -> Iterator[None]:
    sys.stderr.flush()
    try:
        saved = os.dup(2)
    except OSError:  # no stderr to speak of: nothing to filter
        yield
        return
    with tempfile.TemporaryFile() as held:
        os.dup2(held.fileno(), 2)
        try:
            yield
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)
            held.seek(0)
            kept = [line for line in held.read().splitlines(keepends=True) if not line.startswith(_LIBRARY_NOISE)]
            if kept:
                os.write(2, b"".join(kept))


def _laid_out_and_drawn(graph, prog: str, fmt: str) -> tuple[bytes, float]:
    """(the drawing, the layout's seconds): layout and drawing in one call, Graphviz's noise filtered."""
    began = time.perf_counter()
    with _quiet_library_noise():  # fontconfig starts with the first layout
        graph.layout(prog=prog)
        seconds = time.perf_counter() - began
        return graph.draw(format=fmt), seconds


def _draw(graph, prog: str, fmt: str) -> tuple[bytes, float]:
    """:func:`_laid_out_and_drawn` in a forked child where forking is safe (its fd swap then touches no
    other thread's stderr; the bytes are the same), else here under the lock."""
    from ..engine.forked import ForkedCall

    with ForkedCall(_laid_out_and_drawn, graph, prog, fmt, timeout=600) as call:
        return call.result()


def _layout(dfg, kept, edges, overlay, highlight, path_coverage=1.0, labels=None):
    if overlay not in ("frequency", "performance"):
        raise UsageError(Message("overlay is {overlay!r}", overlay=overlay), where="process map",
                         fix="use 'frequency' or 'performance'")
    graph = _build_graph(dfg, kept, edges, overlay, dict(highlight or {}), path_coverage, labels)
    prog = "dot"
    if len(edges) > DOT_MAX_EDGES or len(kept) > DOT_MAX_ACTIVITIES:  # dot: 144 s on BPIC15_1's 4,699 edges
        prog = "sfdp"
        graph.graph_attr.update(overlap="scale", splines="false", outputorder="edgesfirst")
    return graph, prog


def _summary(dfg, kept, edges, overlay, full, seconds) -> MapSummary:
    total_events = sum(dfg.activity_frequency.values()) or 1
    total_flow = int(dfg.edges["frequency"].sum()) or 1
    return MapSummary(
        shown_activities=len(kept), total_activities=len(dfg.activity_frequency),
        shown_events_share=sum(dfg.activity_frequency[a] for a in kept) / total_events,
        shown_edges=len(edges), total_edges=len(dfg.edges),
        shown_flow_share=int(edges["frequency"].sum()) / total_flow,
        overlay=overlay, full=full, layout_seconds=seconds, activities=tuple(kept),
    )


def _clean_svg(svg: str) -> str:
    """Drop comments (they carry graph and node names), the DOCTYPE with its DTD URL, and any links."""
    svg = re.sub(r"<!--.*?-->\s*", "", svg, flags=re.S)
    svg = re.sub(r"<!DOCTYPE[^>]*>\s*", "", svg, flags=re.S)
    svg = re.sub(r'\s(?:xlink:)?href="[^"]*"', "", svg)
    svg = re.sub(r"<a\b[^>]*>|</a>", "", svg)
    return svg


def _write(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise OutputNotWritableError(Message("cannot write the process map ({reason})", reason=exc.strerror), file=path,
                                     fix="choose a writable folder with --output") from exc


def render_process_map(dfg: DirectlyFollowsGraph, path_svg: str | Path, *, activity_coverage: float = 0.9,
                       path_coverage: float = 0.8, overlay: Literal["frequency", "performance"] = "frequency",
                       highlight: Mapping[str, str] | None = None, full: bool = False) -> MapSummary:
    """Draw the process map as a self-contained SVG and say what it shows.

    >>> summary = render_process_map(dfg, "map.svg", highlight={"01_HOOFD_010": "#ffd166"})  # doctest: +SKIP
    >>> summary.describe()  # doctest: +SKIP
    'showing 40 of 398 activities covering 90 % of events; ...'
    """
    svg, summary = draw_process_map(dfg, activity_coverage=activity_coverage, path_coverage=path_coverage,
                                    overlay=overlay, highlight=highlight, full=full)
    _write(Path(path_svg), svg)
    return summary


def draw_process_map(dfg: DirectlyFollowsGraph, *, activity_coverage: float = 0.9, path_coverage: float = 0.8,
                     overlay: Literal["frequency", "performance"] = "frequency",
                     highlight: Mapping[str, str] | None = None, full: bool = False,
                     labels: Mapping[str, str] | None = None) -> tuple[bytes, MapSummary]:
    """The process map as SVG bytes, in memory (what :func:`render_process_map` writes), and what it shows.

    ``labels`` are the texts drawn in the nodes (by activity; a newline in one breaks the line), so the layout makes
    room for them; nodes keep the activity's name as their title.
    """
    kept, edges = select_map(dfg, activity_coverage=activity_coverage, path_coverage=path_coverage, full=full)
    graph, prog = _layout(dfg, kept, edges, overlay, highlight, 1.0 if full else path_coverage, labels)
    drawn, seconds = _draw(graph, prog, "svg")
    svg = drawn.decode("utf-8")
    return _clean_svg(svg).encode("utf-8"), _summary(dfg, kept, edges, overlay, full, seconds)


def render_png(dfg: DirectlyFollowsGraph, path_png: str | Path, *, activity_coverage: float = 0.9,
               path_coverage: float = 0.8, overlay: Literal["frequency", "performance"] = "frequency",
               highlight: Mapping[str, str] | None = None, full: bool = False, dpi: int = 96) -> MapSummary:
    """The same map as a PNG, for looking at it or pasting it into a document."""
    kept, edges = select_map(dfg, activity_coverage=activity_coverage, path_coverage=path_coverage, full=full)
    graph, prog = _layout(dfg, kept, edges, overlay, highlight, 1.0 if full else path_coverage)
    graph.graph_attr["dpi"] = str(dpi)
    drawn, seconds = _draw(graph, prog, "png")
    _write(Path(path_png), drawn)
    return _summary(dfg, kept, edges, overlay, full, seconds)
