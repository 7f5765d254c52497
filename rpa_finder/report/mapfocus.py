# SPDX-License-Identifier: AGPL-3.0-or-later
"""The process map of a large process cut to the candidates' neighbourhood, for the report.

A map of 62 steps (BPIC15_3 at the default coverage) is a tangle a reader gives up on, and the
candidates may sit anywhere in it.  The report therefore draws, for a map of more than
:data:`FOCUS_ABOVE` steps, the candidates it details, the steps just before and after each, and the
main path between them, with long stretches of that path folded into one dashed, counted transition.
It works from the drawn map itself (its nodes and counted transitions, read by
:func:`rpa_finder.report.mapsvg.read_process_map`), so a report rendered again from a results folder
cuts the same way, and lays the cut out anew with the process-map renderer so it looks like every map.
``process_map.svg`` keeps the larger map; ``--full-map`` draws every step.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from .mapsvg import END, START, SVG_NS, ProcessMap, _local

__all__ = ["Neighbourhood", "neighbourhood", "draw_neighbourhood", "FOCUS_ABOVE"]

#: A drawn map with more activities than this is cut to the candidates' neighbourhood in the report.
FOCUS_ABOVE = 40
#: The strongest predecessors and successors kept beside each candidate ...
NEIGHBOURS = 2
#: ... unless one carries less than this share of the strongest's cases.
NEIGHBOUR_SHARE = 0.05
#: Characters per line of a node's label on the cut map.
WRAP = 24
#: A stretch of the main path longer than this many left-out steps is drawn as one dashed transition.
GAP = 2
_COUNT = re.compile(r"\d{1,3}(?:,\d{3})*|\d+")


def _count(text: str) -> int | None:
    """A count as the map writes it (1,409), None for anything else (a duration overlay)."""
    text = text.strip()
    return int(text.replace(",", "")) if _COUNT.fullmatch(text) else None


@dataclass(frozen=True)
class Neighbourhood:
    """What the cut map draws: ``kept`` activities, ``edges`` (source, target, count) among them and the
    start and end, and ``elided`` (source, target, steps): a stretch of the main path left out."""

    kept: tuple[str, ...]
    edges: tuple[tuple[str, str, int], ...]
    elided: tuple[tuple[str, str, int], ...]


def _shortest(outgoing: dict[str, list[tuple[int, str]]], source: str, target: str) -> list[str] | None:
    """Fewest steps from ``source`` to ``target``, the more frequent transition first among equals."""
    before, frontier = {source: source}, [source]
    while frontier and target not in before:
        following = []
        for name in frontier:
            for _, other in sorted(outgoing.get(name, []), key=lambda item: (-item[0], item[1])):
                if other not in before:
                    before[other] = name
                    following.append(other)
        frontier = following
    if target not in before:
        return None
    path = [target]
    while path[-1] != source:
        path.append(before[path[-1]])
    return path[::-1]


def neighbourhood(nodes, edges, focus) -> Neighbourhood | None:
    """The candidates' neighbourhood of a drawn map: what a reader needs around each candidate.

    Kept are the ``focus`` activities on the map and the :data:`NEIGHBOURS` strongest predecessors and
    successors of each (not one that carries under :data:`NEIGHBOUR_SHARE` of the strongest's cases).  The candidates are then joined in process order (by steps from the start),
    start to first, each to the next (from the start when the previous one does not lead to it), last
    to end, along the main path between them (fewest steps, most frequent first); a stretch of more than :data:`GAP` steps not already kept is left out and
    drawn as one dashed transition that says how many steps it stands for.  None when the map's labels
    are not counts (a performance overlay) or no focus activity is on it.  The map has a few dozen
    nodes: plain Python is the clear way here.
    """
    counts = [(a, b, _count(label)) for a, b, label in edges]
    if not counts or any(n is None for _, _, n in counts):
        return None
    names = {name for name, _, _ in nodes}
    focus = [f for f in dict.fromkeys(focus) if f in names and f not in (START, END)]
    if not focus:
        return None
    outgoing: dict[str, list[tuple[int, str]]] = {}
    incoming: dict[str, list[tuple[int, str]]] = {}
    for a, b, n in counts:
        outgoing.setdefault(a, []).append((n, b))
        incoming.setdefault(b, []).append((n, a))
    keep = dict.fromkeys([START, END, *focus])
    markers = set()  # the start and end transitions drawn: of a neighbour, or on the main path
    for name in focus:
        for side, forward in ((incoming, False), (outgoing, True)):
            strongest = sorted(side.get(name, []), key=lambda item: (-item[0], item[1]))[:NEIGHBOURS]
            for count, other in strongest:
                if count < NEIGHBOUR_SHARE * strongest[0][0]:
                    continue  # a handful of cases beside hundreds: noise on the map
                keep.setdefault(other)
                markers.add((name, other) if forward else (other, name))
    depth = {name: len(_shortest(outgoing, START, name) or names) for name in focus}
    order = [START, *sorted(focus, key=lambda name: (depth[name], focus.index(name))), END]
    elided = []
    for source, target in zip(order, order[1:]):
        path = _shortest(outgoing, source, target) or _shortest(outgoing, START, target)  # else from the start
        if path is None:
            continue
        markers.update(zip(path, path[1:]))
        run: list[str] = []
        for index, name in enumerate(path):
            if name in keep:
                if len(run) > GAP:
                    elided.append((path[index - len(run) - 1], name, len(run)))
                else:
                    keep.update(dict.fromkeys(run))
                run = []
            else:
                run.append(name)
    drawn = [(a, b, n) for a, b, n in counts if a in keep and b in keep
             and ((a, b) in markers or START not in (a, b) and END not in (a, b))]
    pairs = {(a, b) for a, b, _ in drawn}
    return Neighbourhood(kept=tuple(name for name in keep if name not in (START, END)), edges=tuple(drawn),
                         elided=tuple(dict.fromkeys(e for e in elided if (e[0], e[1]) not in pairs)))


def _mark_elided(svg: bytes, elided, label) -> bytes:
    """Dash the transitions that stand for left-out steps and write how many, with ``label(steps)``."""
    root = etree.fromstring(svg, etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False))
    wanted = {f"{a}->{b}": steps for a, b, steps in elided}
    for group in root.iter(f"{{{SVG_NS}}}g"):
        title = group.find(f"{{{SVG_NS}}}title")
        if "edge" not in group.get("class", "").split() or title is None or title.text not in wanted:
            continue
        group.set("class", group.get("class", "") + " elided")
        for shape in group:
            if _local(shape.tag) in ("path", "polygon"):
                shape.set("stroke-dasharray", "6,4")
        for text in group.iter(f"{{{SVG_NS}}}text"):
            text.text = label(wanted[title.text])
            text.set("font-style", "italic")
    return etree.tostring(root)


def _wrapped(text: str, width: int = WRAP) -> str:
    """``text`` broken into lines of about ``width`` characters at spaces, so long labels make tall nodes, not wide ones."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "\n".join(lines) or text


def draw_neighbourhood(drawn: ProcessMap, focus, *, labels: dict[str, str] | None = None,
                       elided=lambda steps: f"… {steps} …", colour: str = "#ffd166") -> tuple[bytes, int] | None:
    """The neighbourhood of :func:`neighbourhood` laid out anew as its own map: (SVG bytes, activities).

    Laid out again, not cut out of the big drawing, so the kept steps sit together instead of keeping
    the holes of the steps left out.  Drawn by the process-map renderer with the focus highlighted, so
    it looks like every other map.  ``labels`` (by activity) are drawn in the nodes, wrapped, and the layout
    makes room for them; ``elided(steps)`` names a dashed stretch of left-out steps.  None when
    the map has at most :data:`FOCUS_ABOVE` activities or cannot be cut.
    """
    activities = {name: count for name, count, _ in drawn.nodes if name not in (START, END)}
    if len(activities) <= FOCUS_ABOVE:
        return None
    cut = neighbourhood(drawn.nodes, drawn.edges, focus)
    if cut is None:
        return None
    import pandas as pd

    from ..mining.model import DirectlyFollowsGraph
    from ..mining.render import draw_process_map

    frequency = {name: _count(activities[name]) or 0 for name in cut.kept}
    inner = [(a, b, n) for a, b, n in cut.edges if a not in (START, END) and b not in (START, END)]
    inner += [(a, b, 0) for a, b, _ in cut.elided if a not in (START, END) and b not in (START, END)]
    frame = pd.DataFrame(inner, columns=["source", "target", "frequency"]).astype({"frequency": "int64"})
    frame = frame.assign(mean_seconds=float("nan"), median_seconds=float("nan"), p90_seconds=float("nan"))
    frame = frame.sort_values(["frequency", "source", "target"], ascending=[False, True, True], kind="stable")
    starts = {b: n for a, b, n in cut.edges if a == START} | {b: 0 for a, b, _ in cut.elided if a == START}
    ends = {a: n for a, b, n in cut.edges if b == END} | {a: 0 for a, b, _ in cut.elided if b == END}
    dfg = DirectlyFollowsGraph(edges=frame.reset_index(drop=True), activity_frequency=frequency,
                               start_activities=starts, end_activities=ends)
    svg, _ = draw_process_map(dfg, full=True, highlight={f: colour for f in focus if f in frequency},
                              labels={name: _wrapped(text) for name, text in (labels or {}).items() if name in frequency})
    return _mark_elided(svg, cut.elided, elided), len(cut.kept)
