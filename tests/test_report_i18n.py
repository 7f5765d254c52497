# SPDX-License-Identifier: AGPL-3.0-or-later
"""No English in a Finnish or Swedish reader's output: the report, report.xlsx and the terminal summary.

The bundled sample (and BPIC15_3, a log with coded activity names and English labels) is analysed in
fi, sv and en as a user would, with ``rpa-finder analyze``.  Every text a person reads in the fi and sv
outputs is then searched for common English words, snake_case setting keys, and English-style numbers
(1,234 or 0.84 or an ASCII minus).  What comes from the data (activity names and labels, the process and
file names) and what is shown as code (``<code>``: keys, formats, file names) is allowed, since a
reader needs it verbatim.  The English report is checked for the reverse: its number format.
"""
from __future__ import annotations

import contextlib
import io
import json
import re
from pathlib import Path

import pytest
from lxml import html as lxml_html

from rpa_finder.cli import main

from conftest import SAMPLE_LOGS, dataset

#: English words that neither Finnish nor Swedish uses (checked in fi and sv).
ENGLISH = set("""
the and of with not yes to for by from this that these those which would could should because when where there their than
more less likely low high mid none true false null nan
row rows events event cases case score rank range candidate candidates hours hour year years month months saving savings net
gross level recognised found replaced keyed tokens identity codes finnish swedish english encoding delimiter compression
header column columns activity activities timestamp resource default defaults applied typed datetimes nested attributes
traces warning error dropped duplicate identical earlier every field kept check automated already negligible feasible
judgement shared routine payback minutes estimated measured share map transitions show showing table figures what how
sure details settings method validation summary report results file language weights seconds alignment conformance
variants threshold office holiday country window size group coverage noise path mining hourly cost automatable
uncertainty running development fitness bottlenecks maturity indicator next steps step mainly paper come time
""".split())
#: English words that are also Swedish (checked in fi only).
ENGLISH_NOT_SWEDISH = {"start", "end", "process", "status", "format", "robot", "handling", "export", "decimal", "precision",
                       "budget", "data", "all", "in", "information", "median"}
#: Product, licence and command texts that are the same in every language.
LITERALS = ("AGPL-3.0-or-later", "rpa_finder", "rpa-finder report", "rpa-finder", "--lang sv|en", "--lang fi|en", "--lang fi|sv", "KUNIT", "KVTES",
            "pm4py", "OpenXES", "XES", "CSV", "Gzip", "file://")
ENGLISH_THOUSANDS = re.compile(r"(?<![\d,])[1-9]\d{0,2}(?:,\d{3})+(?![\d,])")  # 1,409 (not the decimal 0,064)
#: A settings table named as in the TOML file ("[handling_minutes]") is a reference a reader types, not prose.
TOML_TABLE = re.compile(r"\[[a-z_.]+\]")
ENGLISH_DECIMAL = re.compile(r"(?<![\d.,])\d+\.\d+(?![\d.])")
ASCII_MINUS = re.compile(r"(?<![\w\-–/.:])-\d")
SNAKE = re.compile(r"\b[a-z]+_[a-z_]+\b")
WORD = re.compile(r"[A-Za-zÅÄÖåäöÉé]+")


def _run(*args: object) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), pytest.raises(SystemExit) as exc:
        main([str(a) for a in args])
    return exc.value.code, out.getvalue(), err.getvalue()


def _data_strings(folder: Path) -> list[str]:
    """Texts that come from the log: names, labels, codes, the process and file names, the read columns."""
    strings = set()
    for row in json.loads((folder / "candidates.json").read_text(encoding="utf-8")):
        strings |= {str(row.get(k)) for k in ("activity", "label", "process") if row.get(k)}
    validation = json.loads((folder / "validation.json").read_text(encoding="utf-8"))
    strings.add(str(validation.get("file", "")))
    for value in (validation.get("read_details") or {}).values():
        strings.add(re.sub(r" \(\w+\)$", "", str(value)))
    strings |= {str(c) for p in validation.get("problems", []) for c in p.get("columns") or []}
    return sorted((s for s in strings if s), key=len, reverse=True)


def _reader_text(page: str) -> str:
    """Every text a reader sees or hears (SVG titles and text included), without <code>, script and style."""
    tree = lxml_html.fromstring(page)
    for element in tree.xpath("//code | //script | //style"):
        element.drop_tree()
    return " ".join(tree.xpath("//text()"))


def _english(text: str, data: list[str], lang: str) -> list[str]:
    """The English found in ``text`` (with the data strings removed): words, keys and number formats."""
    text = TOML_TABLE.sub("Q", text)
    for literal in (*LITERALS, *data):
        text = text.replace(literal, "Q")  # a word character, so "rpa_finderin" leaves no stray "in"
    data_words = {w.lower() for s in data for w in WORD.findall(s)}
    banned = ENGLISH | (ENGLISH_NOT_SWEDISH if lang == "fi" else set())
    found = [f"word {w!r}" for w in WORD.findall(text) if w.lower() in banned and w.lower() not in data_words]
    found += [f"key {k!r}" for k in SNAKE.findall(text)]
    for name, pattern in (("number", ENGLISH_THOUSANDS), ("number", ENGLISH_DECIMAL), ("minus", ASCII_MINUS)):
        found += [f"{name} {text[max(m.start() - 15, 0):m.end() + 15]!r}" for m in pattern.finditer(text)]
    return sorted(set(found))


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> dict[str, tuple[Path, str]]:
    """The sample analysed in each language: (results folder, terminal output)."""
    runs = {}
    for lang in ("fi", "sv", "en"):
        folder = tmp_path_factory.mktemp(f"sample_{lang}") / "out"
        code, out, err = _run("analyze", SAMPLE_LOGS / "ostolaskut.csv", "-o", folder, "--lang", lang)
        assert code == 0, err
        runs[lang] = (folder, out)
    return runs


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_sample_report_has_no_english(sample, lang):
    folder, _ = sample[lang]
    found = _english(_reader_text((folder / "report.html").read_text(encoding="utf-8")), _data_strings(folder), lang)
    assert found == []


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_sample_workbook_has_no_english(sample, lang):
    from openpyxl import load_workbook

    folder, _ = sample[lang]
    book = load_workbook(folder / "report.xlsx", read_only=True)
    texts = [sheet.title for sheet in book.worksheets]
    for sheet in book.worksheets:
        header = next(sheet.iter_rows(max_row=1, values_only=True), ())
        texts += [str(value) for value in header if value is not None]
    coded = {"Arvio", "Bedömning", "Laji", "Typ", "Kannattaisi", "Skulle löna sig", "Käsittelyajan lähde",
             "Handläggningstidens källa"}
    candidates = book.worksheets[0]
    rows = list(candidates.iter_rows(values_only=True))
    columns = [i for i, name in enumerate(rows[0]) if name in coded]
    texts += [str(row[i]) for row in rows[1:] for i in columns if row[i] is not None]
    assert len(columns) >= 3
    assert _english(" | ".join(texts), _data_strings(folder), lang) == []


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_terminal_summary_is_in_the_report_language(sample, lang):
    folder, out = sample[lang]
    link = (folder / "report.html").resolve().as_uri()
    assert link in out  # the report as a link to click
    assert _english(out.replace(link, "Q"), _data_strings(folder), lang) == []


def test_english_report_uses_english_numbers(sample):
    folder, _ = sample["en"]
    text = _reader_text((folder / "report.html").read_text(encoding="utf-8"))
    assert "\u00a0€" not in text and re.search(r"€\u2212?\d", text)


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_coded_log_report_shows_labels_and_no_english(tmp_path, lang):
    """BPIC15_3 names its steps by code with English labels: labels are data, the report's own words are not."""
    log = dataset("bpic2015/BPIC15_3.xes.gz")
    code, out, err = _run("analyze", log, "-o", tmp_path / "out", "--lang", lang)
    assert code == 0, err
    page = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert _english(_reader_text(page), _data_strings(tmp_path / "out"), lang) == []
    link = (tmp_path / "out" / "report.html").resolve().as_uri()
    assert _english(out.replace(link, "Q"), _data_strings(tmp_path / "out"), lang) == []
    tree = lxml_html.fromstring(page)
    map_texts = {" ".join(t.text_content().split()) for t in tree.xpath("//*[@id='map-box']//*[local-name()='text']")}
    assert not any(re.fullmatch(r"\d\d_[A-Z0-9_]+", t) for t in map_texts)  # labels, not codes, on the map
    bottlenecks = tree.xpath("//table[caption[@id='bottleneck-caption']]//td[1]")
    assert all(not re.fullmatch(r"\d\d_[A-Z0-9_]+", b.text_content().strip()) for b in bottlenecks)
