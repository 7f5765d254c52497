# SPDX-License-Identifier: AGPL-3.0-or-later
"""The process map SVG, made safe to inline, and its nodes and edges read back for the table alternative.

``process_map.svg`` is read from a results folder someone may have edited or received by mail, so it is
treated as untrusted: it is parsed without a network or entities, and only drawing elements and
presentation attributes survive (no script, foreignObject, style, image, links, event handlers or
external ``url()``).  Ids get a prefix so they cannot collide with the report's own.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree
from markupsafe import Markup

__all__ = ["ProcessMap", "read_process_map"]

SVG_NS = "http://www.w3.org/2000/svg"
ELEMENTS = {"svg", "g", "path", "polygon", "polyline", "ellipse", "circle", "rect", "line", "text", "tspan",
            "title", "desc", "defs", "marker", "linearGradient", "radialGradient", "stop", "clipPath"}
UNWRAP = {"a", "switch"}
ATTRIBUTES = {"id", "textLength", "lengthAdjust", "class", "fill", "stroke", "stroke-width", "stroke-dasharray", "stroke-linecap", "stroke-linejoin",
              "d", "points", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "rx", "ry", "r", "dx", "dy", "width",
              "height", "viewBox", "transform", "text-anchor", "font-family", "font-size", "font-weight", "font-style",
              "opacity", "fill-opacity", "stroke-opacity", "preserveAspectRatio", "marker-end", "marker-start",
              "marker-mid", "dominant-baseline", "offset", "stop-color", "clip-path", "markerWidth", "markerHeight",
              "refX", "refY", "orient", "{http://www.w3.org/XML/1998/namespace}space"}
_URL = re.compile(r"url\(\s*['\"]?([^)'\"]*)['\"]?\s*\)", re.I)
START, END = "__start__", "__end__"


@dataclass(frozen=True)
class ProcessMap:
    """The cleaned SVG markup and what it draws: (name, count, highlighted) nodes and (from, to, label) edges."""

    svg: Markup
    nodes: tuple[tuple[str, str, bool], ...]
    edges: tuple[tuple[str, str, str], ...]

    def top_edges(self, limit: int = 20) -> list[tuple[str, str, str]]:
        """The most frequent transitions when labels are counts; in drawing order otherwise."""
        def count(edge):
            digits = re.sub(r"[^\d]", "", edge[2])
            return int(digits) if digits else -1
        return sorted(self.edges, key=lambda edge: -count(edge))[:limit]


def _local(tag: object) -> str | None:
    if not isinstance(tag, str):
        return None  # comments, processing instructions, entities
    if tag.startswith("{"):
        namespace, _, name = tag[1:].partition("}")
        return name if namespace == SVG_NS else None
    return tag


def _safe_value(name: str, value: str) -> bool:
    lowered = value.lower()
    if "javascript:" in lowered or "expression(" in lowered or "@import" in lowered:
        return False
    return all(target.startswith("#") for target in _URL.findall(value))


def _clean(root: etree._Element, prefix: str) -> None:
    for element in list(root.iter()):
        parent = element.getparent()
        name = _local(element.tag)
        if element is not root and parent is None:
            continue  # already removed with an ancestor
        if name in UNWRAP and parent is not None:
            index = parent.index(element)
            for offset, child in enumerate(list(element)):
                parent.insert(index + offset, child)
            parent.remove(element)
            continue
        if name not in ELEMENTS:
            if parent is not None:
                parent.remove(element)
            continue
        for attribute in list(element.attrib):
            value = element.attrib[attribute]
            if attribute not in ATTRIBUTES or not _safe_value(attribute, value):
                del element.attrib[attribute]
            elif attribute == "id":
                element.attrib["id"] = prefix + value
            elif "url(" in value:
                element.attrib[attribute] = _URL.sub(lambda m: f"url(#{prefix}{m.group(1)[1:]})", value)


def _texts(element: etree._Element) -> list[str]:
    return [" ".join("".join(t.itertext()).split()) for t in element.iter(f"{{{SVG_NS}}}text")]


def _read_graph(root: etree._Element) -> tuple[list, list]:
    nodes, edges, names = [], [], set()
    for group in root.iter(f"{{{SVG_NS}}}g"):
        classes = group.get("class", "").split()
        title = group.find(f"{{{SVG_NS}}}title")
        if title is None or not title.text:
            continue
        if "node" in classes:
            names.add(title.text)
            texts = _texts(group)
            nodes.append((title.text, texts[-1] if len(texts) > 1 else "", "highlight" in classes))
        elif "edge" in classes and "elided" not in classes:  # a dashed stretch of left-out steps is no transition
            edges.append((title.text, " ".join(_texts(group))))
    split = []
    for title, label in edges:  # a title is "source->target"; names may hold "->" themselves
        source = next((n for n in names if title.startswith(n + "->") and title[len(n) + 2:] in names), None)
        if source is not None:
            split.append((source, title[len(source) + 2:], label))
    return nodes, split


_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def _shape_width(group: etree._Element) -> float | None:
    """The width of a node's outline (path, polygon or ellipse), from its coordinates."""
    for shape in group:
        name = _local(shape.tag)
        if name == "ellipse" and shape.get("rx"):
            return 2 * float(shape.get("rx"))
        if name in ("path", "polygon"):
            numbers = [float(n) for n in _NUMBER.findall(shape.get("d") or shape.get("points") or "")]
            xs = numbers[0::2]
            if xs:
                return max(xs) - min(xs)
    return None


def _relabel(root: etree._Element, labels: dict[str, str], localise) -> None:
    """Node names as people know them (labels for coded logs, local words for start and end), numbers local.

    A label longer than the code it replaces is squeezed into the node's outline (``textLength``), so the
    drawn graph keeps its layout; the full label is the node's tooltip and is in the tables.  A node
    already drawn with its label (a map laid out for labels, lines wrapped) keeps its lines.
    """
    groups = list(root.iter(f"{{{SVG_NS}}}g"))
    names = {title.text for group in groups if "node" in group.get("class", "").split()
             for title in [group.find(f"{{{SVG_NS}}}title")] if title is not None and title.text}
    for group in groups:
        classes = group.get("class", "").split()
        title = group.find(f"{{{SVG_NS}}}title")
        texts = list(group.iter(f"{{{SVG_NS}}}text"))
        if "edge" in classes and title is not None and title.text:
            source = next((n for n in names if title.text.startswith(n + "->") and title.text[len(n) + 2:] in names), None)
            if source is not None:
                target = title.text[len(source) + 2:]
                title.text = f"{labels.get(source, source)} → {labels.get(target, target)}"
        if "node" in classes and title is not None and title.text in labels and texts:
            label = labels[title.text]
            if " ".join(" ".join(t.text or "" for t in texts[:-1]).split()) == " ".join(label.split()):
                title.text = label  # drawn with its label already (wrapped over lines): keep the lines
                texts = texts[-1:]
            else:
                _squeeze(group, texts[0], label)
                title.text = label
        for element in texts:
            if element.text:
                element.text = localise(element.text)


def _squeeze(group: etree._Element, first: etree._Element, label: str) -> None:
    """Write ``label`` over a node drawn for a shorter name, squeezed into its outline when it is longer."""
    width = _shape_width(group)
    size = float(first.get("font-size") or 11)
    first.text = label
    if width and len(label) * size * 0.55 > width - 6:
        first.set("textLength", f"{max(width - 6, 10):.1f}")
        first.set("lengthAdjust", "spacingAndGlyphs")


def _highlight(root: etree._Element, names, colour: str = "#ffd166") -> None:
    """Mark the ``names`` activities as the renderer marks candidates (fill, thick black outline, class)."""
    for group in root.iter(f"{{{SVG_NS}}}g"):
        classes = group.get("class", "").split()
        title = group.find(f"{{{SVG_NS}}}title")
        if "activity" not in classes or "highlight" in classes or title is None or title.text not in names:
            continue
        group.set("class", " ".join([*classes, "highlight"]))
        for shape in group:
            if _local(shape.tag) in ("path", "polygon", "ellipse"):
                shape.attrib.update({"fill": colour, "stroke": "#000000", "stroke-width": "2.5"})
                break
        for text in group.iter(f"{{{SVG_NS}}}text"):
            text.set("fill", "#000000")


def read_process_map(text: str | bytes, title: str, *, prefix: str = "map-", labels: dict[str, str] | None = None,
                     localise=None, highlight=()) -> ProcessMap | None:
    """Parse and clean the map; None when it is not an SVG (the report then says the map is missing).

    ``labels`` rename nodes (by their name in the log) on the drawing; ``localise`` rewrites the numbers
    written on it; ``highlight`` names activities to mark as candidates besides those the map marks
    (the report marks the candidates it details, whether or not they pay).  The nodes and edges
    returned keep the log's names, so callers can match them.
    """
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True,
                             remove_pis=True, huge_tree=False)
    try:
        root = etree.fromstring(text.encode("utf-8") if isinstance(text, str) else text, parser)
    except etree.XMLSyntaxError:
        return None
    if _local(root.tag) != "svg":
        return None
    _clean(root, prefix)
    if highlight:
        _highlight(root, set(highlight))
    nodes, edges = _read_graph(root)
    if labels or localise:
        _relabel(root, labels or {}, localise or (lambda value: value))
    for old in root.findall(f"{{{SVG_NS}}}title"):
        root.remove(old)
    label = etree.Element(f"{{{SVG_NS}}}title", id=f"{prefix}title")
    label.text = title
    root.insert(0, label)
    root.set("role", "img")
    root.set("aria-labelledby", f"{prefix}title")
    root.set("aria-describedby", f"{prefix}table")
    root.set("focusable", "false")
    etree.cleanup_namespaces(root)
    markup = etree.tostring(root, encoding="unicode")
    return ProcessMap(svg=Markup(markup), nodes=tuple(nodes), edges=tuple(edges))
