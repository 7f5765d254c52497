# SPDX-License-Identifier: AGPL-3.0-or-later
"""The HTML report in a real browser: offline, scripted table, charts with tables, and axe-core's WCAG 2.1 AA rules.

Needs Debian's ``chromium`` and ``chromium-driver`` (CI installs them) and ``selenium``; skipped with the
reason when they are missing, so a developer without them still runs the rest of the suite.
"""
from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import pytest

from rpa_finder.report import write_report

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "results_small"
AXE = REPO / "tests" / "vendor" / "axe.min.js"
ARTIFACTS = REPO / "reports" / "test-artifacts"

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


@pytest.fixture(scope="module", params=["fi", "sv"])
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
    score_header = _header(driver, 4)
    score_header.find_element(By.TAG_NAME, "button").click()
    scores = [float(c.get_attribute("data-sort")) for c in
              driver.find_elements(By.CSS_SELECTOR, "#candidate-table tbody tr td:nth-of-type(4)")]
    assert scores == sorted(scores)
    _header(driver, 0).find_element(By.TAG_NAME, "button").click()  # back to rank order
    assert _names(driver) == before


def test_table_filters_by_typing_and_status(page):
    driver, _, _ = page
    total = len(_names(driver))
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
    Select(driver.find_element(By.ID, "filter-status")).select_by_value("")
    assert len(_names(driver)) == total


def test_every_figure_has_a_table(page):
    driver, _, _ = page
    svgs = driver.find_elements(By.CSS_SELECTOR, "main svg[role=img]")
    assert len(svgs) >= 5
    for svg in svgs:
        table = driver.find_element(By.ID, svg.get_attribute("aria-describedby"))
        assert table.tag_name == "table" and table.find_elements(By.CSS_SELECTOR, "tbody tr")
        assert driver.execute_script("return arguments[0].closest('figure') === arguments[1].closest('figure')",
                                     svg, table)
    assert not driver.find_elements(By.CSS_SELECTOR, "script:not(:last-of-type), foreignObject, svg image")


def test_hostile_name_shows_as_text(page):
    driver, _, _ = page
    assert any("<script>alert(1)</script>" in n for n in _names(driver))
    assert len(driver.find_elements(By.TAG_NAME, "script")) == 1


def test_axe_finds_no_wcag_aa_violations(page):
    driver, path, lang = page
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    result = driver.execute_async_script(
        "var done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
        ".then(function (r) { done({passes: r.passes.length, violations: r.violations.map(function (v) {"
        "  return v.id + ': ' + v.help + ' ' + v.nodes.slice(0, 3).map(function (n) { return n.target.join(' '); })"
        "  .join(' | '); })}); }, function (e) { done({passes: 0, violations: ['axe failed: ' + e]}); });")
    assert result["violations"] == []
    assert result["passes"] >= 20  # axe really checked the page (contrast, names, tables, landmarks...)
    _save_screenshot(driver, ARTIFACTS / f"report_{lang}.png")
    if lang == "fi":
        shutil.copy(ARTIFACTS / f"report_{lang}.png", ARTIFACTS / "report.png")


def _save_screenshot(driver, path: Path) -> None:
    """The whole page (up to 20,000 px) as one PNG, for a person to look at after a run."""
    import base64

    path.parent.mkdir(parents=True, exist_ok=True)
    driver.execute_script("window.scrollTo(0, 0)")
    height = min(int(driver.execute_script("return document.documentElement.scrollHeight")), 20000)
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": 1280, "height": height, "scale": 1}})
    path.write_bytes(base64.b64decode(shot["data"]))


def test_print_hides_the_controls_and_keeps_the_tables(page):
    driver, _, _ = page
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert not driver.find_element(By.ID, "filters").is_displayed()
        assert not driver.find_element(By.TAG_NAME, "nav").is_displayed()
        assert driver.find_element(By.ID, "candidate-table").is_displayed()
        assert driver.find_element(By.ID, "map-table").is_displayed()
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
