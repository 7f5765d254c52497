# SPDX-License-Identifier: AGPL-3.0-or-later
"""A large process's map in the report is cut to the candidates' neighbourhood, and says so.

BPIC15_3 (383 activities; 62 on the default map) is analysed as a user would; its report must show the
candidates it details with their nearest steps, joined to the start and the end, in far fewer nodes,
with labels (codes only beside labels that two steps share), and a note in the report's language that
names the larger map (process_map.svg) and --full-map.  The bundled sample's small map stays whole, with
the same candidates marked.
"""
from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest
from lxml import html as lxml_html

from rpa_finder.cli import main
from rpa_finder.report import write_report
from rpa_finder.report.mapfocus import neighbourhood
from rpa_finder.report.mapsvg import END, START, read_process_map

from conftest import SAMPLE_LOGS, dataset

CODE = re.compile(r"\d\d_[A-Z0-9_]+")


def _analyze(log: Path, folder: Path) -> Path:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()) as err, \
            pytest.raises(SystemExit) as exc:
        main(["analyze", str(log), "-o", str(folder), "--lang", "fi"])
    assert exc.value.code == 0, err.getvalue()
    return folder


def _map(page: str):
    """(activity node titles, highlighted titles, edges as title pairs, node texts, the map's note) of a report."""
    tree = lxml_html.fromstring(page)
    box = tree.xpath("//*[@id='map-box']")[0]
    nodes, highlighted, texts = [], [], []
    for group in box.xpath(".//*[local-name()='g'][contains(concat(' ', @class, ' '), ' node ')]"):
        title = group.xpath("./*[local-name()='title']")[0].text_content()
        classes = group.get("class").split()
        if "activity" in classes:
            nodes.append(title)
            texts.append(" ".join(t.text_content() for t in group.xpath(".//*[local-name()='text']")))
        if "highlight" in classes:
            highlighted.append(title)
    edges = [e.xpath("./*[local-name()='title']")[0].text_content().split(" → ")
             for e in box.xpath(".//*[local-name()='g'][contains(concat(' ', @class, ' '), ' edge ')]")]
    note = " ".join(tree.xpath("//section[@id='map']/p")[0].text_content().split())
    return nodes, highlighted, edges, texts, note


@pytest.fixture(scope="module")
def bpic(tmp_path_factory) -> Path:
    return _analyze(dataset("bpic2015/BPIC15_3.xes.gz"), tmp_path_factory.mktemp("bpic") / "out")


@pytest.mark.slow
def test_large_map_shows_the_candidates_neighbourhood(bpic):
    default = read_process_map((bpic / "process_map.svg").read_bytes(), "map")
    drawn_before = [name for name, _, _ in default.nodes if name not in (START, END)]
    nodes, highlighted, edges, texts, note = _map((bpic / "report.html").read_text(encoding="utf-8"))
    assert len(drawn_before) > 40 and 5 <= len(nodes) <= 30  # 62 -> about 20
    assert highlighted and set(highlighted) <= set(nodes)
    # every highlighted candidate is reached from the start along the drawn transitions (none floats alone)
    start = "alku"  # the start node, named in the report's language
    reached, frontier = {start}, [start]
    while frontier:
        here = frontier.pop()
        for a, b in edges:
            if a == here and b not in reached:
                reached.add(b)
                frontier.append(b)
    assert set(highlighted) <= reached, set(highlighted) - reached
    assert f"Kartalla on {len(nodes)} / 383 vaihetta" in note
    assert "process_map.svg" in note and "--full-map" in note and "(62 vaihetta)" in note
    assert not any(CODE.fullmatch(text.split()[0]) for text in texts)  # labels first ...
    assert any(CODE.search(text) for text in texts)  # ... codes beside labels two steps share
    page = (bpic / "report.html").read_text(encoding="utf-8")
    assert "vaihetta välissä" in page  # a left-out stretch, counted, in Finnish ...
    rows = lxml_html.fromstring(page).xpath("//table[@id='map-table']/tbody/tr")
    assert rows and not any("välissä" in row.text_content() for row in rows)  # ... and no transition in the table


@pytest.mark.slow
@pytest.mark.parametrize("lang, words", [("sv", ("Kartan visar", "av 383 steg", "steg emellan")),
                                         ("en", ("The map shows", "of 383 steps", "steps between"))])
def test_large_map_note_is_in_the_report_language(bpic, tmp_path, lang, words):
    folder = tmp_path / "copy"
    folder.mkdir()
    for item in bpic.iterdir():
        if item.is_file():
            (folder / item.name).write_bytes(item.read_bytes())
    page = write_report(folder, lang).read_text(encoding="utf-8")
    note = _map(page)[4]
    assert words[0] in note and words[1] in note and "--full-map" in note
    assert words[2] in page


def test_small_map_is_drawn_whole(tmp_path):
    folder = _analyze(SAMPLE_LOGS / "ostolaskut.csv", tmp_path / "out")
    default = read_process_map((folder / "process_map.svg").read_bytes(), "map")
    nodes, highlighted, _, _, note = _map((folder / "report.html").read_text(encoding="utf-8"))
    assert sorted(nodes) == sorted(name for name, _, _ in default.nodes if name not in (START, END))
    assert "--full-map" not in note
    # the candidates the report details are marked on the map too, paying or not (none pays in the sample)
    assert not any(h for _, _, h in default.nodes) and {"Kirjaa lasku", "Arkistoi lasku"} <= set(highlighted)


def test_a_long_path_is_joined_by_dashed_stretches_that_count_the_steps_left_out():
    """A chain of 60 steps with a candidate in the middle: its neighbours, and the rest as two counted gaps."""
    steps = [f"s{i:02d}" for i in range(60)]
    chain = [START, *steps, END]
    nodes = [(name, "100", False) for name in chain]
    edges = [(a, b, "100") for a, b in zip(chain, chain[1:])]
    cut = neighbourhood(nodes, edges, ["s30"])
    assert set(cut.kept) == {"s29", "s30", "s31"}
    assert set(cut.elided) == {(START, "s29", 29), ("s31", END, 28)}
    assert ("s29", "s30", 100) in cut.edges and ("s30", "s31", 100) in cut.edges
    assert neighbourhood(nodes, [(a, b, "1 h / 2 h") for a, b, _ in edges], ["s30"]) is None  # durations: not cut
