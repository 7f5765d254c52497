# SPDX-License-Identifier: AGPL-3.0-or-later
"""The process map on the real BPIC15_1 (398 activities) and receipt logs."""
from __future__ import annotations

import re

import pytest
from lxml import etree

from rpa_finder.mining.render import format_duration, render_png, render_process_map, select_map, text_colour
from test_mining_discovery import BPIC, RECEIPT, build_mining, read_frame

SVG = "{http://www.w3.org/2000/svg}"
HIGHLIGHT = {"01_HOOFD_010": "#ffd166", "01_HOOFD_011": "#1f4e79"}


@pytest.fixture(scope="module")
def bpic_dfg():
    return build_mining(read_frame(BPIC))[0]


@pytest.fixture(scope="module")
def bpic_map(bpic_dfg, tmp_path_factory):
    path = tmp_path_factory.mktemp("map") / "bpic15_1.svg"
    summary = render_process_map(bpic_dfg, path, highlight=HIGHLIGHT)
    return summary, path.read_text(encoding="utf-8")


def parse(svg: str):
    return etree.fromstring(svg.encode("utf-8"), etree.XMLParser(load_dtd=False, no_network=True, resolve_entities=False))


def nodes(root):
    return {g.findtext(f"{SVG}title"): g for g in root.iter(f"{SVG}g") if "node" in (g.get("class") or "").split()}


def contrast(a: str, b: str) -> float:
    def lum(c):
        rgb = [int(c.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
        lin = [x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4 for x in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_default_map_is_the_smallest_set_covering_the_requested_share(bpic_dfg, bpic_map):
    summary, svg = bpic_map
    assert summary.total_activities == 398 and summary.total_edges == 4699
    assert summary.shown_events_share >= 0.9
    freq = bpic_dfg.activity_frequency
    total = sum(freq.values())
    without_rarest = sum(freq[a] for a in summary.activities[:-1]) / total
    assert without_rarest < 0.9, "no activity more than needed"
    assert summary.shown_activities < 398 and summary.shown_edges < 4699 / 10
    assert set(nodes(parse(svg))) == set(summary.activities) | {"__start__", "__end__"}
    assert "showing" in summary.describe() and "of 398 activities" in summary.describe()


def test_lower_coverage_shows_fewer_than_80_activities(bpic_dfg):
    kept, edges = select_map(bpic_dfg, activity_coverage=0.8, path_coverage=0.8)
    freq = bpic_dfg.activity_frequency
    assert len(kept) < 80
    assert sum(freq[a] for a in kept) / sum(freq.values()) >= 0.8
    assert set(edges["source"]) | set(edges["target"]) <= set(kept)


def test_every_shown_activity_is_entered_from_the_start(bpic_dfg):
    kept, edges = select_map(bpic_dfg)
    step = {}
    for s, t in zip(edges["source"], edges["target"]):
        step.setdefault(s, set()).add(t)
    seen = {a for a in kept if bpic_dfg.start_activities.get(a, 0)}
    stack = list(seen)
    while stack:
        for nxt in step.get(stack.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    assert seen == set(kept)


def test_full_shows_all_398_activities_and_every_edge(bpic_dfg):
    kept, edges = select_map(bpic_dfg, full=True)
    assert len(kept) == 398 and len(edges) == 4699


def test_full_render_of_the_receipt_log(tmp_path):
    dfg = build_mining(read_frame(RECEIPT))[0]
    summary = render_process_map(dfg, tmp_path / "receipt.svg", full=True, overlay="performance")
    assert summary.shown_activities == 27 and summary.shown_events_share == 1.0
    root = parse((tmp_path / "receipt.svg").read_text(encoding="utf-8"))
    assert len(nodes(root)) == 27 + 2
    labels = [t.text for g in root.iter(f"{SVG}g") if "edge" in (g.get("class") or "") for t in g.iter(f"{SVG}text")]
    assert any(re.fullmatch(r"[\d.]+ (s|min|h|d) / [\d.]+ (s|min|h|d)", x or "") for x in labels)


def test_highlighted_activities_carry_the_style_and_readable_text(bpic_map):
    summary, svg = bpic_map
    found = nodes(parse(svg))
    for activity, fill in HIGHLIGHT.items():
        assert activity in summary.activities
        group = found[activity]
        assert "highlight" in group.get("class").split()
        shape = next(e for e in group.iter() if e.tag in (f"{SVG}path", f"{SVG}polygon"))
        assert shape.get("fill").lower() == fill
        for text in group.iter(f"{SVG}text"):
            assert contrast(fill, text.get("fill", "#000000")) >= 4.5
    plain = next(g for a, g in found.items() if a not in HIGHLIGHT and a.startswith("01_"))
    assert "highlight" not in plain.get("class").split()


def test_svg_is_self_contained(bpic_map, tmp_path):
    _, svg = bpic_map
    assert "/work" not in svg and "/tmp" not in svg and str(tmp_path) not in svg
    assert "<!--" not in svg and "DOCTYPE" not in svg
    assert "href" not in svg and "@import" not in svg and "url(" not in svg
    assert not re.search(r'(src|href)="(https?|file):', svg)


@pytest.mark.slow  # Graphviz rasterises the 398-activity map: ~5 s
def test_png_is_written(bpic_dfg, tmp_path):
    summary = render_png(bpic_dfg, tmp_path / "map.png", dpi=30)
    assert (tmp_path / "map.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert summary.shown_activities < 398


def test_text_colour_and_durations():
    assert text_colour("#ffd166") == "#000000" and text_colour("#1f4e79") == "#ffffff"
    assert [format_duration(s) for s in (30, 600, 7200, 3 * 86400)] == ["30 s", "10 min", "2.0 h", "3.0 d"]


def test_rendering_keeps_stderr_clean_for_scheduled_jobs(tmp_path):
    """The bundled fontconfig's warnings about the system's newer configuration never reach stderr
    (a cron job mails every line), while the library's other output still would."""
    import subprocess
    import sys

    script = (
        "import sys, pandas as pd\n"
        "from rpa_finder.eventlog import EventLog\n"
        "from rpa_finder.mining.dfg import compute_dfg\n"
        "from rpa_finder.mining.render import render_process_map, render_png\n"
        "t = pd.to_datetime(['2026-01-05 08:00', '2026-01-05 09:00', '2026-01-05 10:00'], utc=True)\n"
        "log = EventLog.from_frame(pd.DataFrame({'case_id': 'c', 'activity': ['Tarkista', 'Hyväksy', 'Maksa'], 'timestamp': t}))\n"
        f"render_process_map(compute_dfg(log), {str(tmp_path / 'map.svg')!r})\n"
        f"render_png(compute_dfg(log), {str(tmp_path / 'map.png')!r})\n"
        "print('done', file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stderr == "done\n"
    assert (tmp_path / "map.svg").stat().st_size > 500 and (tmp_path / "map.png").stat().st_size > 500


@pytest.mark.forks
def test_graphviz_noise_is_filtered_in_a_child_and_the_map_is_byte_identical(tmp_path, monkeypatch):
    """Where forking is safe, this process's file descriptor 2 is never swapped (the filter runs in the
    child that draws); where it is not, the swap runs here under a lock.  The SVG is the same bytes."""
    import os

    from rpa_finder.engine import forked
    from rpa_finder.mining import render

    dfg = build_mining(read_frame(RECEIPT))[0]
    swaps: list[tuple[int, int]] = []
    real_dup2 = os.dup2
    monkeypatch.setattr(os, "dup2", lambda fd, fd2, *a, **k: swaps.append((fd, fd2)) or real_dup2(fd, fd2, *a, **k))
    assert forked.can_fork()
    render_process_map(dfg, tmp_path / "child.svg", overlay="performance")
    assert swaps == []  # the child swapped its own fd 2, not this process's
    monkeypatch.setattr(forked, "can_fork", lambda: False)
    render_process_map(dfg, tmp_path / "here.svg", overlay="performance")
    assert [fd2 for _, fd2 in swaps] == [2, 2] and not render._STDERR_SWAP.locked()
    assert (tmp_path / "child.svg").read_bytes() == (tmp_path / "here.svg").read_bytes()
