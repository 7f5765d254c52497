# SPDX-License-Identifier: AGPL-3.0-or-later
"""The HTML report without a browser: self-contained, escaped, in three languages, and the report command."""
from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
from datetime import date
from pathlib import Path
from string import Formatter

import pytest
from lxml import html as lxml_html

from rpa_finder.cli import main
from rpa_finder.report import render_html, write_report
from rpa_finder.report.i18n import (FLAG_SHORT, FLAG_TEXTS, LANGUAGES, STATUS_TEXTS, TEXTS, format_date, format_eur,
                                    format_month, format_number, format_percent)
from rpa_finder.scoring.criteria import CRITERIA

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "results_small"
NBSP = "\u00a0"
HOSTILE = '<script>alert(1)</script> & "Lähetä" <b>'


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    return {lang: render_html(FIXTURE, lang) for lang in LANGUAGES}


RUN_IDS = ("20260901T041500Z", "20261001T041500Z", "20261101T041500Z")
#: How the fixture's candidates moved over three monthly runs: (kind, activity) -> measure -> per run.
MOVES = {
    ("activity", "Kirjaa lasku"): {"rank": [2, 1, 1], "score": [0.8, 0.88, 0.9122], "status": ["candidate"] * 3,
                                   "savings_eur_low": [1000, 1200, 1336], "savings_eur_mid": [4000, 5000, 5566],
                                   "savings_eur_high": [9000, 12000, 14025],
                                   # recorded with verdicts from the second run on: net beside gross
                                   "verdict": [None, "robot_candidate", "robot_candidate"],
                                   "net_savings_eur_low": [None, -7800, -7664], "net_savings_eur_mid": [None, 1400, 1966],
                                   "net_savings_eur_high": [None, 10800, 12825]},
    ("activity", "Arkistoi lasku"): {"rank": [1, 2, 3], "score": [0.86, 0.85, 0.8422], "status": ["candidate"] * 3,
                                     "savings_eur_low": [500, 450, 412], "savings_eur_mid": [2000, 1800, 1715],
                                     "savings_eur_high": [5000, 4500, 4321]},
    ("activity", "Hyväksy lasku"): {"rank": [None, 4, 2], "score": [0.5, 0.69, 0.702],
                                    "status": ["negligible", "candidate", "candidate"],
                                    "savings_eur_low": [None, 700, 727], "savings_eur_mid": [None, 2900, 3028],
                                    "savings_eur_high": [None, 7500, 7632]},
    ("activity", HOSTILE): {"rank": [3, 6, 8], "score": [0.8, 0.7, 0.6594], "status": ["candidate"] * 3,
                            "savings_eur_low": [331] * 3, "savings_eur_mid": [1378] * 3, "savings_eur_high": [3472] * 3},
    ("activity", "Tiliöi lasku"): {"rank": [7, 7, 7], "score": [0.6, 0.6, 0.6061], "status": ["candidate"] * 3},
    ("process", ""): {"maturity_level": [2, 2, 3]},
}


def _history(run_ids=RUN_IDS, moves=MOVES) -> dict:
    """history.json as a scheduled run writes it (the store's wide rows, one column per run)."""
    runs = [{"run_id": r, "job": "ostolaskut", "process": "ostolaskut",
             "started_at": f"{r[:4]}-{r[4:6]}-{r[6:8]}T04:15:00+00:00", "finished_at": None,
             "events_total": 1000 + 100 * n, "cases_total": 120 + 10 * n, "events_new": 100, "events_duplicate": 300}
            for n, r in enumerate(run_ids)]
    rows = []
    for (kind, activity), measures in moves.items():
        for measure, values in measures.items():
            cycle = [values[n % len(values)] for n in range(len(run_ids))] if len(run_ids) > len(values) else values
            for process in (["ostolaskut", "(organisation)"] if kind == "process" else ["ostolaskut"]):
                rows.append({"process": process, "kind": kind, "activity": activity, "measure": measure,
                             **dict(zip(run_ids, cycle))})
    return {"process": "ostolaskut", "runs": runs, "rows": rows}


def _with_history(tmp_path: Path, document: dict) -> Path:
    folder = _copy_fixture(tmp_path)
    (folder / "history.json").write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def history_pages(tmp_path_factory) -> dict[str, str]:
    folder = _with_history(tmp_path_factory.mktemp("history"), _history())
    return {lang: render_html(folder, lang) for lang in LANGUAGES}


def _history_table(tree, table_id: str = "history-candidates") -> dict[str, dict[str, list[str]]]:
    """name -> measure -> [cell per run..., change], read from the History table as a person reads it."""
    table = tree.xpath(f"//table[@id='{table_id}']")[0]
    out: dict[str, dict[str, list[str]]] = {}
    for body in table.xpath("tbody"):
        name = body.xpath("tr[1]/th[@scope='rowgroup']")[0].text_content()
        out[name] = {row.xpath("th[@scope='row']")[0].text_content(): [td.text_content() for td in row.xpath("td")]
                     for row in body.xpath("tr")}
    return out


def _copy_fixture(tmp_path: Path) -> Path:
    folder = tmp_path / "results"
    shutil.copytree(FIXTURE, folder)
    return folder


def _run(argv: list[str]) -> int:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    return exit_info.value.code


# --- self-contained and safe -------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGUAGES)
def test_report_makes_no_external_request(pages, lang):
    text = pages[lang]
    tree = lxml_html.fromstring(text)
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        for attribute in ("src", "href", "xlink:href", "action", "data", "poster"):
            value = (element.get(attribute) or "").strip().lower()
            assert not re.match(r"^(https?:)?//", value), (element.tag, attribute, value)
            assert not value.startswith("javascript:")
    assert not tree.xpath("//link[@rel='stylesheet'] | //img | //iframe | //object | //embed")
    assert "@import" not in text and not re.search(r"url\(\s*['\"]?(https?:)?//", text)
    policy = tree.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]
    assert "default-src 'none'" in policy


def test_inline_script_is_the_one_the_policy_allows(pages):
    tree = lxml_html.fromstring(pages["fi"])
    scripts = tree.xpath("//script")
    assert len(scripts) == 1
    digest = base64.b64encode(hashlib.sha256(scripts[0].text.encode("utf-8")).digest()).decode()
    assert f"'sha256-{digest}'" in tree.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]


def test_hostile_activity_name_is_shown_as_text(pages):
    text = pages["fi"]
    assert text.count("<script") == 1  # only our own, at the end
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text and "<b>" not in text
    tree = lxml_html.fromstring(text)
    names = [cell.text_content() for cell in tree.xpath("//table[@id='candidate-table']/tbody/tr/th")]
    assert HOSTILE in names


def test_untrusted_map_is_cleaned_but_kept(pages):
    text = pages["fi"]
    for bad in ("alert('map')", "alert('svg')", "alert(4)", "foreignObject", "onload", "onclick", "javascript:",
                "example.org", "<image", "<style>@import"):
        assert bad not in text, bad
    tree = lxml_html.fromstring(text)
    svg = tree.xpath("//figure[contains(@class,'map')]//svg")[0]
    assert svg.get("role") == "img" and svg.get("aria-describedby") == "map-table"
    drawn = (FIXTURE / "process_map.svg").read_text(encoding="utf-8").count('class="node')
    assert len(svg.xpath(".//*[local-name()='g'][contains(@class,'node')]")) == drawn > 5  # every node kept
    highlighted = svg.xpath(".//*[local-name()='g'][contains(@class,'highlight')]")
    assert len(highlighted) >= 3  # candidates stay marked on the map
    ids = tree.xpath("//@id")
    assert len(ids) == len(set(ids)), "map ids must not collide with the report's"
    edges = tree.xpath("//table[@id='map-table']/tbody/tr")
    counts = [int(row.xpath("td")[2].text_content()) for row in edges]
    assert counts == sorted(counts, reverse=True) and counts[0] == 400


# --- structure for assistive technology --------------------------------------------------------------

@pytest.mark.parametrize("with_history", [False, True])
@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_structure_is_accessible(pages, history_pages, lang, with_history):
    tree = lxml_html.fromstring((history_pages if with_history else pages)[lang])
    assert tree.get("lang") == lang
    assert len(tree.xpath("//h1")) == 1
    levels = [int(h.tag[1]) for h in tree.xpath("//h1|//h2|//h3|//h4|//h5|//h6")]
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), levels
    assert tree.xpath("//main[@id='main']") and tree.xpath("//a[@class='skip'][@href='#main']")
    for table in tree.xpath("//table"):
        assert table.xpath("caption") and table.xpath("caption")[0].text_content().strip()
        assert all(th.get("scope") in ("col", "row", "rowgroup") for th in table.xpath(".//th"))
        for th in table.xpath(".//th[@scope='rowgroup']"):  # a row-group header names its own tbody only
            assert th.getparent().getparent().tag == "tbody" and th.getparent() is th.getparent().getparent()[0]
    for svg in tree.xpath("//main//svg"):
        assert svg.get("role") == "img"
        assert tree.xpath(f"//*[@id='{svg.get('aria-labelledby')}']")[0].text_content().strip()
        assert tree.xpath(f"//table[@id='{svg.get('aria-describedby')}']")
    headers = tree.xpath("//table[@id='candidate-table']/thead/tr/th")
    assert all(th.xpath("button[@type='button']") for th in headers)
    assert tree.xpath("//label[@for='filter-text']") and tree.xpath("//label[@for='filter-status']")


# --- languages, numbers and dates ---------------------------------------------------------------------

def test_every_text_exists_in_every_language_with_the_same_placeholders():
    for table in (TEXTS, FLAG_TEXTS, FLAG_SHORT, STATUS_TEXTS):
        for key, texts in table.items():
            assert set(texts) == set(LANGUAGES), key
            fields = [{f for _, f, _, _ in Formatter().parse(texts[lang]) if f} for lang in LANGUAGES]
            assert fields[0] == fields[1] == fields[2], key
            assert all(texts[lang].strip() for lang in LANGUAGES), key


def test_numbers_and_dates_in_local_form():
    assert format_number(1234.5, "fi", 1) == f"1{NBSP}234,5"
    assert format_number(1234.5, "sv", 1) == f"1{NBSP}234,5"
    assert format_number(1234.5, "en", 1) == "1,234.5"
    assert format_number(-3600, "fi") == f"\u22123{NBSP}600"
    assert format_number(None, "fi") == format_number(float("nan"), "en") == "–"
    assert format_date(date(2026, 11, 28), "fi") == "28.11.2026"
    assert format_date("2026-11-28T10:00:00+02:00", "sv") == "2026-11-28"
    assert format_month("2025-03", "fi") == "3/2025" and format_month("2025-03", "en") == "Mar 2025"
    assert format_percent(0.854, "fi") == f"85{NBSP}%" and format_percent(0.854, "en") == "85%"
    assert format_eur(5566, "fi") == f"5{NBSP}566{NBSP}€" and format_eur(5566, "en") == "€5,566"
    with pytest.raises(ValueError, match="language must be one of"):
        format_number(1, "de")


def test_each_language_shows_its_own_texts_and_number_forms(pages):
    summary = json.loads((FIXTURE / "summary.json").read_text(encoding="utf-8"))
    high = summary["totals"]["hours_per_year"]["high"]
    assert f"{int(high):,}".replace(",", NBSP) in pages["fi"]
    assert f"{int(high):,}" in pages["en"]
    for lang in LANGUAGES:
        tree = lxml_html.fromstring(pages[lang])
        assert [h.text_content() for h in tree.xpath("//h2")][:2] == [TEXTS["overview"][lang], TEXTS["summary"][lang]]
        assert tree.xpath("//title")[0].text_content() == TEXTS["title"][lang]
        assert CRITERIA[0].label[lang] in pages[lang]
    assert "1/2025" in pages["fi"] and "2025-01" in pages["sv"] and "Jan 2025" in pages["en"]
    assert "Taso 2: Osittainen" in pages["fi"] and "Nivå 2: Partiell" in pages["sv"]


def test_maturity_level_why_and_next_steps_in_the_report_language(pages):
    assert "Taso 3 (Määritelty) ei täyty" in pages["fi"] and "Taso 3 (Määritelty)" not in pages["sv"]
    assert "Nivå 3 (Definierad) uppfylls inte" in pages["sv"]
    assert "Level 3 (Defined) not reached" in pages["en"]
    tree = lxml_html.fromstring(pages["en"])
    table = [t for t in tree.xpath("//table") if t.xpath("caption")[0].text_content() == TEXTS["maturity_indicators"]["en"]][0]
    rows = {r.xpath("th")[0].text_content(): [c.text_content() for c in r.xpath("td")] for r in table.xpath("tbody/tr")}
    assert rows["automation rate"][:2] == ["41%", "15%"]
    assert rows["cases with digital intake"][2].startswith("inferred: ")  # the report says which evidence is inferred
    assert rows["candidates shared across organisations"][0].startswith("not measurable (only one log")


def test_settings_and_map_coverage_are_explained(pages):
    en = lxml_html.fromstring(pages["en"])
    rows = {r.xpath("th/code")[0].text_content(): [c.text_content() for c in r.xpath("td")]
            for r in en.xpath("//table[contains(@class,'settings')]/tbody/tr")}
    assert rows["savings.hours_per_fte"][0] == "1,644" and "KVTES" in rows["savings.hours_per_fte"][1]
    fi = lxml_html.fromstring(pages["fi"])
    names = {r.xpath("th/code")[0].text_content(): r.xpath("th")[0].text_content()
             for r in fi.xpath("//table[contains(@class,'settings')]/tbody/tr")}
    assert names["mining.alignment_budget_seconds"].startswith("Kohdistuksen aikaraja (s)")  # a name, the key beside it
    assert rows["savings.hourly_cost_eur"][0] == "32 / 40 / 48"
    assert "The map shows 10 of 12 activities (93% of events)" in pages["en"]
    assert f"Kartalla on 10 / 12 vaihetta (93{NBSP}% tapahtumista)" in pages["fi"]


def test_legal_flag_cites_chapter_8a_in_each_language(pages):
    assert "hallintolaki 8 a luku" in pages["fi"]
    assert "förvaltningslagen 8 a kap." in pages["sv"]
    assert "Administrative Procedure Act, chapter 8 a" in pages["en"]


def test_reasons_rebuilt_in_the_report_language(pages):
    tree = lxml_html.fromstring(pages["sv"])
    reasons = [p.text_content() for p in tree.xpath("//p[@class='reason']")]
    stored_fi = {row["reason"] for row in json.loads((FIXTURE / "candidates.json").read_text(encoding="utf-8"))}
    assert reasons and not set(reasons) & stored_fi  # rebuilt in Swedish, not the stored Finnish
    assert not tree.xpath("//p[contains(@class,'reason-note')]")
    fi_reasons = [p.text_content() for p in lxml_html.fromstring(pages["fi"]).xpath("//p[@class='reason']")]
    stored = {row["reason"] for row in json.loads((FIXTURE / "candidates.json").read_text(encoding="utf-8"))}
    assert set(fi_reasons) <= stored  # the analysis language: shown exactly as stored


def test_reasons_without_contributions_are_shown_as_stored_with_a_note(tmp_path):
    folder = _copy_fixture(tmp_path)
    rows = json.loads((folder / "candidates.json").read_text(encoding="utf-8"))
    rows = [{k: v for k, v in row.items() if not k.startswith("contribution_")} for row in rows]
    (folder / "candidates.json").write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    tree = lxml_html.fromstring(render_html(folder, "en"))
    assert tree.xpath("//p[@class='reason']")[0].text_content().startswith("Ehdokas")
    assert "analysis language (Finnish)" in tree.xpath("//p[contains(@class,'reason-note')]")[0].text_content()


def test_candidate_sections_follow_the_ranking(pages):
    rows = json.loads((FIXTURE / "candidates.json").read_text(encoding="utf-8"))
    ranked = sorted((r for r in rows if r["rank"] is not None), key=lambda r: r["rank"])
    tree = lxml_html.fromstring(pages["en"])
    titles = [h.text_content() for h in tree.xpath("//details[@class='candidate']/article/h3")]
    assert titles == [f"{r['rank']}. {r['label']}" for r in ranked[:10]]
    table_rows = tree.xpath("//table[@id='candidate-table']/tbody/tr")
    assert len(table_rows) == len(rows)
    assert [r.get("data-status") for r in table_rows[len(ranked):]] != ["candidate"] * (len(rows) - len(ranked))


def test_report_without_optional_files_still_renders(tmp_path):
    folder = tmp_path / "bare"
    folder.mkdir()
    for name in ("summary.json", "candidates.json"):
        shutil.copy(FIXTURE / name, folder / name)
    text = render_html(folder, "sv")
    assert TEXTS["map_missing"]["sv"] in text and "<table" in text


# --- writing and the command ---------------------------------------------------------------------------

def test_write_report_leaves_only_report_html(tmp_path):
    folder = _copy_fixture(tmp_path)
    before = set(p.name for p in folder.iterdir())
    path = write_report(folder, "en")
    assert path == folder / "report.html"
    assert set(p.name for p in folder.iterdir()) == before | {"report.html"}
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_report_command_rerenders_in_the_asked_language(tmp_path, capsys):
    folder = _copy_fixture(tmp_path)
    assert _run(["report", str(folder), "--lang", "sv"]) == 0
    assert capsys.readouterr().out.strip() == str(folder / "report.html")
    assert '<html lang="sv">' in (folder / "report.html").read_text(encoding="utf-8")
    assert _run(["report", str(folder)]) == 0
    assert '<html lang="fi">' in (folder / "report.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("case", ["missing", "file", "foreign"])
def test_report_command_refuses_what_is_not_a_results_folder(tmp_path, capsys, case):
    target = tmp_path / "nothing"
    if case == "file":
        target.write_text("x")
    elif case == "foreign":
        target.mkdir()
        (target / "notes.txt").write_text("x")
    assert _run(["report", str(target)]) == 66
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and str(target) in err and "rpa-finder analyze" in err


@pytest.mark.parametrize("lang, words", [
    ("fi", ("rpa-finder: virhe: ", "ei ole rpa-finderin tuloskansio", "aja ensin rpa-finder analyze")),
    ("sv", ("rpa-finder: fel: ", "är inte en resultatmapp", "kör först rpa-finder analyze")),
])
def test_report_refusal_speaks_the_language_asked_for(tmp_path, capsys, lang, words):
    """A folder without results refused in Finnish or Swedish (issue 15): the path and the missing
    files verbatim, the prose translated, no English left."""
    from test_report_i18n import _english

    target = tmp_path / "muistiinpanot"
    target.mkdir()
    assert _run(["report", str(target), "--lang", lang]) == 66
    line = capsys.readouterr().err.strip()
    assert len(line.splitlines()) == 1 and line.startswith(f"{words[0]}{target}: "), line
    assert all(word in line for word in words[1:]) and "summary.json, candidates.json" in line, line
    assert _english(line.replace(str(target), "Q"), ["summary.json", "candidates.json"], lang) == [], line


def test_report_command_exit_codes_for_bad_json_and_bad_language(tmp_path, capsys):
    folder = _copy_fixture(tmp_path)
    (folder / "summary.json").write_text("{not json", encoding="utf-8")
    assert _run(["report", str(folder)]) == 65
    assert "summary.json" in capsys.readouterr().err
    assert _run(["report", str(folder), "--lang", "de"]) == 2


def test_real_analyze_results_render_in_swedish(tmp_path, capsys):
    out = tmp_path / "out"
    assert _run(["analyze", str(REPO / "sample_logs" / "ostolaskut.csv"), "-o", str(out)]) == 0
    capsys.readouterr()
    assert _run(["report", str(out), "--lang", "sv"]) == 0
    tree = lxml_html.fromstring((out / "report.html").read_text(encoding="utf-8"))
    assert tree.get("lang") == "sv"
    assert tree.xpath("//details[@class='candidate']") and tree.xpath("//table[@id='candidate-table']/tbody/tr")
    for svg in tree.xpath("//main//svg"):
        assert tree.xpath(f"//table[@id='{svg.get('aria-describedby').split()[-1]}']")


# --- the history of scheduled runs ----------------------------------------------------------------------

def test_history_table_shows_each_top_candidate_and_level_per_run(history_pages):
    tree = lxml_html.fromstring(history_pages["en"])
    assert tree.xpath("//nav//a[@href='#history']")[0].text_content() == "History"
    section = tree.xpath("//section[@id='history']")[0]
    assert section.xpath("h2")[0].text_content() == "History"
    heads = [th.text_content() for th in tree.xpath("//table[@id='history-candidates']/thead/tr/th")]
    assert heads == ["Step or routine", "Measure", "2026-09-01" + RUN_IDS[0], "2026-10-01" + RUN_IDS[1],
                     "2026-11-01" + RUN_IDS[2] + "(this report)", "Change since the previous run"]
    table = _history_table(tree)
    # the newest run's order; Tiliöi lasku was never in the top five, so it is left out
    assert list(table) == ["Kirjaa lasku", "Hyväksy lasku", "Arkistoi lasku", HOSTILE]
    kirjaa = table["Kirjaa lasku"]
    assert kirjaa["Rank"] == ["2", "1", "1", "unchanged"]
    assert kirjaa["Score"] == ["0.80", "0.88", "0.91", "+0.03"]
    assert kirjaa["Gross euros / year (range)"] == ["€4,000 (1,000–9,000)", "€5,000 (1,200–12,000)",
                                                    "€5,566 (1,336–14,025)", "+€566"]
    assert kirjaa["Net euros / year (range)"][1:] == ["€1,400 (−7,800–10,800)", "€1,966 (−7,664–12,825)", "+€566"]
    assert kirjaa["Status"] == ["candidate", "robot candidate", "robot candidate", "unchanged"]
    assert table["Arkistoi lasku"]["Rank"][-1] == "down 1" and table["Arkistoi lasku"]["Score"][-1] == "−0.01"
    hyvaksy = table["Hyväksy lasku"]
    assert hyvaksy["Rank"] == ["–", "4", "2", "up 2"]
    assert hyvaksy["Status"][0] == "too little work" and hyvaksy["Gross euros / year (range)"][0] == "–"
    assert tree.xpath("//table[@id='history-candidates']//th[@scope='rowgroup']/a/@href")[0] == "#candidate-1"
    levels = {r.xpath("th")[0].text_content(): [td.text_content() for td in r.xpath("td")]
              for r in tree.xpath("//table[@id='history-maturity']/tbody/tr")}
    assert levels == {"ostolaskut": ["2", "2", "3", "up 1"], "Whole organisation": ["2", "2", "3", "up 1"]}
    runs = [[c.text_content() for c in r.xpath("th|td")] for r in tree.xpath("//table[@id='history-runs']/tbody/tr")]
    assert runs[-1] == [RUN_IDS[2] + " (this report)", "2026-11-01", "1,200", "100", "140"]


def test_history_chart_is_inline_svg_with_its_numbers_in_the_table(history_pages):
    tree = lxml_html.fromstring(history_pages["en"])
    svg = tree.xpath("//section[@id='history']//figure[contains(@class,'history-chart')]//svg")[0]
    assert svg.get("role") == "img"
    assert tree.xpath(f"//*[@id='{svg.get('aria-labelledby')}']")[0].text_content() == TEXTS["history_chart"]["en"]
    assert svg.get("aria-describedby") == "history-candidates"
    desc = svg.xpath("*[local-name()='desc']")[0].text_content()
    assert desc.startswith("Line chart of the scores (scale 0–1) of 4 candidates over 3 runs (2026-09-01 – 2026-11-01)")
    assert len(svg.xpath(".//*[local-name()='polyline']")) == 4  # one line per candidate in the table
    labels = [t.text_content() for t in svg.xpath(".//*[local-name()='text']")]
    assert "1. Kirjaa lasku: 0.91" in labels and "2. Hyväksy lasku: 0.70" in labels
    assert any(label.startswith('8. <script>alert(1)') for label in labels)  # escaped text, not markup
    assert not svg.xpath(".//*[local-name()='script' or local-name()='foreignObject' or @href]")
    assert history_pages["en"].count("<script") == 1


def test_history_texts_and_numbers_in_each_language(history_pages):
    for lang, score in (("fi", "0,91"), ("sv", "0,91"), ("en", "0.91")):
        tree = lxml_html.fromstring(history_pages[lang])
        section = tree.xpath("//section[@id='history']")[0]
        assert section.xpath("h2")[0].text_content() == TEXTS["history"][lang]
        assert [h.text_content() for h in section.xpath("h3")] == [
            TEXTS["history_candidates"][lang], TEXTS["history_maturity"][lang], TEXTS["history_runs"][lang]]
        assert tree.xpath("//table[@id='history-candidates']/caption")[0].text_content() == \
            TEXTS["history_candidates_caption"][lang].format(top=5)
        assert _history_table(tree)["Kirjaa lasku"][TEXTS["score"][lang]][2] == score
    fi = _history_table(lxml_html.fromstring(history_pages["fi"]))
    assert fi["Kirjaa lasku"]["Bruttoeuroa / v (vaihteluväli)"][2] == f"5{NBSP}566{NBSP}€ (1{NBSP}336–14{NBSP}025)"
    assert fi["Kirjaa lasku"]["Nettoeuroa / v (vaihteluväli)"][2] == f"1{NBSP}966{NBSP}€ (−7{NBSP}664–12{NBSP}825)"
    assert fi["Hyväksy lasku"]["Sija"][-1] == "nousi 2"
    assert "1.11.2026" in history_pages["fi"] and "Hela organisationen" in history_pages["sv"]


def test_a_single_run_says_there_is_no_history_yet(tmp_path):
    folder = _with_history(tmp_path, _history(run_ids=RUN_IDS[:1]))
    tree = lxml_html.fromstring(render_html(folder, "sv"))
    section = tree.xpath("//section[@id='history']")[0]
    assert section.xpath("p[@class='history-none']")[0].text_content() == \
        TEXTS["history_none"]["sv"].format(date="2026-09-01")
    assert not section.xpath(".//svg | .//table | .//figure")  # no empty chart, no empty table


def test_results_of_analyze_have_no_history_section(pages):
    tree = lxml_html.fromstring(pages["fi"])
    assert not tree.xpath("//section[@id='history'] | //nav//a[@href='#history']")


def test_only_the_newest_twelve_runs_are_shown_and_the_note_says_so(tmp_path):
    run_ids = [f"2026{m:02d}01T041500Z" for m in range(1, 13)] + ["20270101T041500Z", "20270201T041500Z"]
    tree = lxml_html.fromstring(render_html(_with_history(tmp_path, _history(run_ids=run_ids)), "en"))
    heads = tree.xpath("//table[@id='history-candidates']/thead/tr/th/span[@class='run-id'][1]")
    assert [h.text_content() for h in heads if h.text_content() != "(this report)"] == run_ids[2:]
    note = tree.xpath("//section[@id='history']/p[@class='note']")[0].text_content()
    assert note.startswith("Showing the last 12 of 14 runs")


@pytest.mark.parametrize("broken", ["not an object", "output path", "bad run id"])
def test_history_json_that_breaks_its_schema_is_bad_data(tmp_path, capsys, broken):
    document = _history()
    if broken == "not an object":
        document = ["runs"]
    elif broken == "output path":  # a run must never carry where its results are (a local path)
        document["runs"][0]["output"] = "/srv/rpa/results/x"
    else:
        document["rows"][0]["2026-09"] = 1
    folder = _with_history(tmp_path, document)
    assert _run(["report", str(folder), "--lang", "en"]) == 65
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "history.json" in err


# --- the first screen: verdicts and the net headline ------------------------------------------------

def _with_verdicts(tmp_path: Path) -> Path:
    """The fixture as scoring now writes it: two paying robot candidates (one with a code), verdicts, net ranges."""
    folder = _copy_fixture(tmp_path)
    rows = json.loads((folder / "candidates.json").read_text(encoding="utf-8"))
    nets = {"Kirjaa lasku": (900.0, 2400.0, 6100.0), "Arkistoi lasku": (-300.0, 800.0, 2500.0)}
    for row in rows:
        if row["activity"] in nets:
            low, mid, high = nets[row["activity"]]
            row.update(verdict="robot_candidate", rank=1 if mid > 1000 else 2, net_savings_eur_low=low,
                       net_savings_eur_mid=mid, net_savings_eur_high=high, feasibility=0.9,
                       handling_evidence="estimated_with_resources")
        elif row["status"] == "candidate":
            row.update(verdict="feasible_not_paying", rank=None, net_savings_eur_mid=-1500.0, pays_with="routine;shared")
        else:
            row["verdict"] = row["status"]
    rows[[r["activity"] for r in rows].index("Arkistoi lasku")].update(activity="07_ARK_010", label="Arkistoi lasku")
    (folder / "candidates.json").write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    summary["processes"][0].update(net_savings_eur={"low": 600.0, "mid": 3200.0, "high": 8600.0}, paying_candidates=2)
    (folder / "summary.json").write_text(json.dumps(summary, ensure_ascii=False), encoding="utf-8")
    return folder


@pytest.mark.parametrize("lang", LANGUAGES)
def test_first_screen_states_the_net_saving_of_the_paying_candidates(tmp_path, lang):
    tree = lxml_html.fromstring(render_html(_with_verdicts(tmp_path), lang))
    overview = tree.xpath("//section[@id='overview']")[0]
    assert overview.xpath(".//p[@class='big']")[0].text_content().startswith(format_eur(3200, lang))
    assert format_eur(600, lang) in overview.text_content() and format_eur(8600, lang) in overview.text_content()
    assert overview.xpath(".//p[@class='confidence']")  # how sure, in plain words
    rows = overview.xpath(".//table[@id='paying-table']/tbody/tr")
    names = [" ".join(r.xpath("th")[0].text_content().split()) for r in rows]
    assert names == ["Kirjaa lasku", "Arkistoi lasku 07_ARK_010"]  # net order; label first, code beside it
    assert [r.xpath("td")[0].text_content() for r in rows] == ["1", "2"]
    gross = overview.xpath(".//p[@class='gross']")[0].text_content().lower()
    assert "brutto" in gross or "gross" in gross  # a gross figure is always labelled gross
    legend = [dt.text_content() for dt in overview.xpath(".//dl[@class='legend']/div/dt")]
    assert len(legend) == 6 and any("(2" in d for d in legend)
    chart = overview.xpath(".//figure[@class='bubble']")[0]
    assert chart.xpath(".//svg[@role='img']") and len(chart.xpath(".//table/tbody/tr")) >= 2


def test_table_and_details_show_verdicts_and_plain_rank_stability(tmp_path):
    tree = lxml_html.fromstring(render_html(_with_verdicts(tmp_path), "fi"))
    statuses = [r.get("data-status") for r in tree.xpath("//table[@id='candidate-table']/tbody/tr")]
    assert statuses[:2] == ["robot_candidate", "robot_candidate"] and "feasible_not_paying" in statuses
    facts = tree.xpath("//details[@id='candidate-1']//table[@class='facts']")[0].text_content()
    assert "Sijan pysyvyys" in facts and "Sijan vaihteluväli" not in facts
    assert "kriteerien painoja muutetaan" in facts
