# SPDX-License-Identifier: AGPL-3.0-or-later
"""The HTML report without a browser: self-contained, escaped, in three languages, and the report command."""
from __future__ import annotations

import base64
import hashlib
import importlib.util
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

@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_structure_is_accessible(pages, lang):
    tree = lxml_html.fromstring(pages[lang])
    assert tree.get("lang") == lang
    assert len(tree.xpath("//h1")) == 1
    levels = [int(h.tag[1]) for h in tree.xpath("//h1|//h2|//h3|//h4|//h5|//h6")]
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), levels
    assert tree.xpath("//main[@id='main']") and tree.xpath("//a[@class='skip'][@href='#main']")
    for table in tree.xpath("//table"):
        assert table.xpath("caption") and table.xpath("caption")[0].text_content().strip()
        assert all(th.get("scope") in ("col", "row") for th in table.xpath(".//th"))
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
        assert tree.xpath("//h2")[0].text_content() == TEXTS["summary"][lang]
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
    assert rows["automation rate"] == ["41%", "15%"]
    assert rows["candidates shared across organisations"][0].startswith("not measurable (only one log")


def test_settings_and_map_coverage_are_explained(pages):
    en = lxml_html.fromstring(pages["en"])
    rows = {r.xpath("th")[0].text_content(): [c.text_content() for c in r.xpath("td")]
            for r in en.xpath("//table[contains(@class,'settings')]/tbody/tr")}
    assert rows["savings.hours_per_fte"][0] == "1,644" and "KVTES" in rows["savings.hours_per_fte"][1]
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
    assert reasons and all(not r.startswith("Ehdokas") for r in reasons)
    assert any(r.startswith("Kandidat eftersom") for r in reasons)
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
    titles = [h.text_content() for h in tree.xpath("//article[@class='candidate']/h3")]
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


def test_report_command_exit_codes_for_bad_json_and_bad_language(tmp_path, capsys):
    folder = _copy_fixture(tmp_path)
    (folder / "summary.json").write_text("{not json", encoding="utf-8")
    assert _run(["report", str(folder)]) == 65
    assert "summary.json" in capsys.readouterr().err
    assert _run(["report", str(folder), "--lang", "de"]) == 2


@pytest.mark.skipif(importlib.util.find_spec("rpa_finder.commands.analyze") is None,
                    reason="the analyze command is not built yet")
def test_real_analyze_results_render_in_swedish(tmp_path, capsys):
    out = tmp_path / "out"
    assert _run(["analyze", str(REPO / "sample_logs" / "ostolaskut.csv"), "-o", str(out)]) == 0
    capsys.readouterr()
    assert _run(["report", str(out), "--lang", "sv"]) == 0
    tree = lxml_html.fromstring((out / "report.html").read_text(encoding="utf-8"))
    assert tree.get("lang") == "sv"
    assert tree.xpath("//article[@class='candidate']") and tree.xpath("//table[@id='candidate-table']/tbody/tr")
    for svg in tree.xpath("//main//svg"):
        assert tree.xpath(f"//table[@id='{svg.get('aria-describedby')}']")
