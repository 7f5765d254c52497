# SPDX-License-Identifier: AGPL-3.0-or-later
"""The HTML report in a real browser: offline, scripted table, charts with tables, and axe-core's WCAG 2.1 AA rules.

Needs Debian's ``chromium`` and ``chromium-driver`` (CI installs them) and ``selenium``; skipped with the
reason when they are missing, so a developer without them still runs the rest of the suite.  axe-core is
the repository's own copy (tests/vendor/axe.min.js), never downloaded.  The reports are checked in fi, sv
and en at a desktop (1400 px) and a phone (390 px) width; the default view of the bundled sample must stay
under 10,000 px at 1400 px (BPIC15_3's under 15,000 px) and its print to A4 PDF within 12 pages.
Screenshots and PDFs go to pytest's tmp_path (or $RPA_FINDER_TEST_ARTIFACTS), never into the repository.
"""
from __future__ import annotations

import base64
import contextlib
import io
import json
import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest

from rpa_finder.cli import main
from rpa_finder.report import write_report

from conftest import SAMPLE_LOGS, dataset

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "results_small"
AXE = REPO / "tests" / "vendor" / "axe.min.js"
DESKTOP, PHONE = 1400, 390
#: Default-view heights (px at 1400 px wide) and printed A4 pages the issue sets as targets.
SAMPLE_HEIGHT, BPIC_HEIGHT, SAMPLE_PAGES = 10_000, 15_000, 12
#: Where the screenshots go when set (CI uploads them); otherwise the test's tmp_path, never the repository.
ARTIFACTS_ENV = "RPA_FINDER_TEST_ARTIFACTS"

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install selenium)")
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select  # noqa: E402

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER),
                                reason="chromium and chromedriver not installed "
                                       "(apt-get install -y chromium chromium-driver)")


@pytest.fixture(scope="module")
def browser():
    profile = tempfile.mkdtemp(prefix="rpa-finder-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                 "--window-size=1280,1000", f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=CHROMEDRIVER))
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module", params=["fi", "sv", "en"])
def page(request, browser, tmp_path_factory):
    """The fixture results rendered in one language and opened from a file:// URL; logs cleared before."""
    folder = tmp_path_factory.mktemp(f"results_{request.param}")
    for item in FIXTURE.iterdir():
        shutil.copy(item, folder / item.name)
    path = write_report(folder, request.param)
    browser.get("about:blank")
    browser.get_log("browser")
    browser.get_log("performance")
    browser.get(path.as_uri())
    return browser, path, request.param


def _requests(driver) -> list[str]:
    """Every URL the report's tab asked for (other tabs, such as Chromium's own start page, left out)."""
    urls = []
    for entry in driver.get_log("performance"):
        record = json.loads(entry["message"])
        message = record["message"]
        if message["method"] == "Network.requestWillBeSent" and record.get("webview") == driver.current_window_handle:
            urls.append(message["params"]["request"]["url"])
    return urls


def test_page_loads_offline_without_console_errors(page):
    driver, path, lang = page
    errors = [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]
    assert errors == []
    requests = _requests(driver)
    assert requests and set(requests) == {path.as_uri()}
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == lang
    assert len(driver.find_elements(By.TAG_NAME, "h1")) == 1


def _names(driver) -> list[str]:
    rows = driver.find_elements(By.CSS_SELECTOR, "#candidate-table tbody tr")
    return [row.find_element(By.CSS_SELECTOR, "th").text for row in rows if row.is_displayed()]


def _header(driver, index: int):
    return driver.find_elements(By.CSS_SELECTOR, "#candidate-table thead th")[index]


def test_table_sorts_by_clicking_a_header(page):
    driver, _, _ = page
    before = _names(driver)
    assert _header(driver, 0).get_attribute("aria-sort") == "ascending"
    name_header = _header(driver, 1)
    name_header.find_element(By.TAG_NAME, "button").click()
    ascending = _names(driver)
    assert name_header.get_attribute("aria-sort") == "ascending"
    assert _header(driver, 0).get_attribute("aria-sort") is None
    assert ascending != before and sorted(ascending) == sorted(before)
    name_header.find_element(By.TAG_NAME, "button").send_keys("\n")  # keyboard: Enter on the button
    assert name_header.get_attribute("aria-sort") == "descending"
    assert _names(driver) == ascending[::-1]
    volume_header = _header(driver, 5)
    volume_header.find_element(By.TAG_NAME, "button").click()
    volumes = [float(c.get_attribute("data-sort")) for c in
               driver.find_elements(By.CSS_SELECTOR, "#candidate-table tbody tr td:nth-of-type(5)") if c.is_displayed()]
    assert volumes == sorted(volumes)
    _header(driver, 0).find_element(By.TAG_NAME, "button").click()  # back to rank order
    assert _names(driver) == before


def test_table_filters_by_typing_and_status(page):
    driver, _, _ = page
    rows = driver.find_elements(By.CSS_SELECTOR, "#candidate-table tbody tr")
    shown = _names(driver)  # the default filter: the candidates, not the already automated or negligible
    assert 0 < len(shown) < len(rows)
    assert {r.get_attribute("data-status") for r in rows if r.is_displayed()} <= {"robot_candidate", "feasible_not_paying"}
    Select(driver.find_element(By.ID, "filter-status")).select_by_value("")
    total = len(_names(driver))
    assert total == len(rows)
    box = driver.find_element(By.ID, "filter-text")
    assert driver.find_element(By.CSS_SELECTOR, "label[for=filter-text]").text
    box.send_keys("lasku")
    names = _names(driver)
    assert 0 < len(names) < total and all("lasku" in n.lower() for n in names)
    assert str(len(names)) in driver.find_element(By.ID, "filter-count").text
    box.clear()
    box.send_keys(" ")
    box.send_keys("\b")
    Select(driver.find_element(By.ID, "filter-status")).select_by_value("already_automated")
    automated = driver.find_elements(By.CSS_SELECTOR, "#candidate-table tbody tr[data-status=already_automated]")
    assert len(_names(driver)) == len(automated) > 0
    Select(driver.find_element(By.ID, "filter-status")).select_by_value("candidates")
    assert _names(driver) == shown


def test_every_figure_has_a_table(page):
    driver, _, _ = page
    svgs = driver.find_elements(By.CSS_SELECTOR, "main svg[role=img]")
    assert len(svgs) >= 5
    for svg in svgs:
        table = driver.find_element(By.ID, svg.get_attribute("aria-describedby").split()[-1])
        assert table.tag_name == "table" and table.find_elements(By.CSS_SELECTOR, "tbody tr")
        assert driver.execute_script("return arguments[0].closest('figure') === arguments[1].closest('figure')",
                                     svg, table)
    assert not driver.find_elements(By.CSS_SELECTOR, "script:not(:last-of-type), foreignObject, svg image")


def test_hostile_name_shows_as_text(page):
    driver, _, _ = page
    assert any("<script>alert(1)</script>" in n for n in _names(driver))
    assert len(driver.find_elements(By.TAG_NAME, "script")) == 1


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_axe_finds_no_wcag_aa_violations(page, width, tmp_path):
    driver, path, lang = page
    driver.set_window_size(width, 1000)
    driver.get(path.as_uri())
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    result = driver.execute_async_script(
        "var done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
        ".then(function (r) { done({passes: r.passes.length, violations: r.violations.map(function (v) {"
        "  return v.id + ': ' + v.help + ' ' + v.nodes.slice(0, 3).map(function (n) { return n.target.join(' '); })"
        "  .join(' | '); })}); }, function (e) { done({passes: 0, violations: ['axe failed: ' + e]}); });")
    assert result["violations"] == []
    assert result["passes"] >= 20  # axe really checked the page (contrast, names, tables, landmarks...)
    assert driver.execute_script("return document.documentElement.scrollWidth") <= width + 1  # no sideways scroll
    artifacts = Path(os.environ.get(ARTIFACTS_ENV) or tmp_path)
    _save_screenshot(driver, artifacts / f"report_{lang}_{width}.png", width)
    if lang == "fi" and width == DESKTOP:
        shutil.copy(artifacts / f"report_{lang}_{width}.png", artifacts / "report.png")
    driver.set_window_size(1280, 1000)


def _save_screenshot(driver, path: Path, width: int = 1280) -> None:
    """The whole page (up to 20,000 px) as one PNG, for a person to look at after a run."""
    import base64

    path.parent.mkdir(parents=True, exist_ok=True)
    driver.execute_script("window.scrollTo(0, 0)")
    height = min(int(driver.execute_script("return document.documentElement.scrollHeight")), 20000)
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}})
    path.write_bytes(base64.b64decode(shot["data"]))


def test_print_hides_the_controls_and_keeps_the_tables(page):
    driver, _, _ = page
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert not driver.find_element(By.ID, "filters").is_displayed()
        assert not driver.find_element(By.TAG_NAME, "nav").is_displayed()
        assert driver.find_element(By.ID, "candidate-table").is_displayed()
        assert driver.find_element(By.ID, "map-box").is_displayed()
        assert not driver.find_element(By.ID, "map-tools").is_displayed()
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def test_a_link_opens_the_candidate_it_points_to(page):
    driver, path, _ = page
    driver.get(path.as_uri())
    link = driver.find_element(By.CSS_SELECTOR, "#overview a[href^='#candidate-']")
    target = driver.find_element(By.ID, link.get_attribute("href").split("#")[1])
    assert target.tag_name == "details" and not target.get_attribute("open")
    link.click()
    assert target.get_attribute("open") is not None
    assert target.find_element(By.CSS_SELECTOR, "p.reason").is_displayed()


def test_map_zooms_with_its_buttons(page):
    driver, path, _ = page
    driver.get(path.as_uri())
    svg = driver.find_element(By.CSS_SELECTOR, "#map-box svg")
    before = svg.size["width"]
    driver.find_element(By.CSS_SELECTOR, "#map-tools button[data-zoom=in]").click()
    assert svg.size["width"] > before * 1.3
    driver.find_element(By.CSS_SELECTOR, "#map-tools button[data-zoom=fit]").click()
    box = driver.find_element(By.ID, "map-box")
    assert svg.size["width"] <= max(before, box.size["width"]) + 2  # back to the whole map (or its readable size)


def _run(*args: object) -> None:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), pytest.raises(SystemExit) as exc:
        main([str(a) for a in args])
    assert exc.value.code == 0, err.getvalue()


def _pages(pdf: bytes) -> int:
    """Pages of a PDF Chromium wrote (its page objects are not compressed)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


@pytest.fixture(scope="module")
def sample_report(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("sample") / "out"
    _run("analyze", SAMPLE_LOGS / "ostolaskut.csv", "-o", folder, "--lang", "fi")
    return folder / "report.html"


def _height(driver, path: Path, width: int = DESKTOP) -> int:
    driver.set_window_size(width, 1000)
    driver.get(path.as_uri())
    try:
        return int(driver.execute_script("return document.documentElement.scrollHeight"))
    finally:
        driver.set_window_size(1280, 1000)


def test_sample_report_default_view_fits_the_target_height(browser, sample_report):
    assert _height(browser, sample_report) <= SAMPLE_HEIGHT
    assert _height(browser, sample_report, PHONE) <= SAMPLE_HEIGHT * 2


def test_sample_report_prints_to_a_short_a4_pdf(browser, sample_report, tmp_path):
    browser.get(sample_report.as_uri())
    printed = browser.execute_cdp_cmd("Page.printToPDF", {"paperWidth": 8.27, "paperHeight": 11.69,
                                                           "preferCSSPageSize": True, "printBackground": True})
    pdf = base64.b64decode(printed["data"])
    (tmp_path / "report.pdf").write_bytes(pdf)
    assert 1 <= _pages(pdf) <= SAMPLE_PAGES


@pytest.mark.slow
def test_bpic15_3_report_default_view_fits_the_target_height(browser, tmp_path):
    _run("analyze", dataset("bpic2015/BPIC15_3.xes.gz"), "-o", tmp_path / "out", "--lang", "fi")
    assert _height(browser, tmp_path / "out" / "report.html") <= BPIC_HEIGHT
