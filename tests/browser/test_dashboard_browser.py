"""The dashboard in headless Chromium (Debian's package) via Playwright, served by `lakehouse dashboard`.

Screenshots go to `test-artifacts/` (gitignored).
"""

from __future__ import annotations

import io
import re
import shutil
import warnings
from pathlib import Path

import pandas as pd
import pytest

from bench.dashboard_bench import CHROMIUM_ARGS, _free_port, start_dashboard, stop_dashboard
from lake import catalog
from lake.config import LakeConfig
from lake.query import LakeQuery
from tests.support.charts import BARS, DISTRICTS, SETTLED
from tests.support.dashboard_lakes import SHARED_GEOJSON, shared_lake

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        shutil.which(CHROMIUM) is None, reason="Debian chromium not installed (apt-get install chromium)"
    ),
    pytest.mark.skipif(not SHARED_GEOJSON.exists(), reason="shared boundary file not present"),
]


@pytest.fixture(scope="module")
def lake(spark, tmp_path_factory) -> Path:
    return shared_lake(spark, tmp_path_factory)


SERVER_LOG = ARTIFACTS / "dashboard-server.log"


@pytest.fixture(scope="module")
def server(lake):
    port = _free_port()
    ARTIFACTS.mkdir(exist_ok=True)
    SERVER_LOG.unlink(missing_ok=True)
    proc = start_dashboard(str(lake), port, log=SERVER_LOG)
    yield f"http://127.0.0.1:{port}"
    stop_dashboard(proc)


def download(page, button):
    """Click a download button and return the download. Streamlit writes the file when it is
    clicked (deferred data); a click that lands while a rerun replaces the button's file id gets
    no file (seen twice in full CI-like runs, never alone). Then the page is allowed to settle
    and the button clicked once more, with a warning in the test summary; a second miss fails
    with the server's log."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    wait_idle(page)
    try:
        with page.expect_download(timeout=30_000) as info:
            button.click()
        return info.value
    except PlaywrightTimeout:
        warnings.warn("a dashboard download needed a second click (deferred-download race)", stacklevel=2)
    wait_idle(page)
    try:
        with page.expect_download(timeout=90_000) as info:
            button.click()
        return info.value
    except PlaywrightTimeout:
        log = SERVER_LOG.read_text(errors="replace")[-3000:] if SERVER_LOG.exists() else "(no server log)"
        raise AssertionError(f"no download after two clicks; dashboard server log:\n{log}") from None


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        warm = chromium.new_page()  # the first load of a fresh server is partial: load it once
        for path in ("/", "/karte", "/branchen", "/nachrichten"):
            warm.goto(server + path)
            warm.wait_for_selector("h1", timeout=120_000)
        warm.close()
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser):
    context = browser.new_context(accept_downloads=True, viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    pg.set_default_timeout(90_000)
    yield pg
    context.close()


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"dashboard-{name}.png"), full_page=True)


def wait_idle(page) -> None:
    """Until Streamlit has finished the current run (no 'running' indicator) and charts are drawn."""
    page.wait_for_selector("h1")
    page.wait_for_function(SETTLED, timeout=90_000)
    page.wait_for_timeout(500)


def chart_labels(page) -> list[list[str]]:
    """Per Vega-Lite chart, the ARIA labels of its drawn marks (each names a category and its value)."""
    return page.evaluate("""() => Array.from(document.querySelectorAll('[data-testid="stVegaLiteChart"]')).map(g =>
        Array.from(g.querySelectorAll('svg.marks .role-mark path[aria-label]')).map(p => p.getAttribute('aria-label')))""")


def choose(page, label: str, option: str) -> None:
    box = page.get_by_test_id("stSelectbox").filter(has=page.get_by_text(label, exact=True))
    box.click()
    page.get_by_role("option", name=option, exact=True).click()
    wait_idle(page)


TREND_POINTS = "[data-testid='stVegaLiteChart'] svg.marks .mark-symbol.role-mark path"


def test_app_loads_with_headline_figures(page, server, lake) -> None:
    external: list[str] = []
    page.on("request", lambda r: external.append(r.url) if not r.url.startswith(server) else None)
    page.goto(server + "/")
    page.wait_for_selector("[data-testid='stMetric']")
    page.wait_for_selector(TREND_POINTS)
    wait_idle(page)
    assert page.locator("h1").first.inner_text() == "KI-Nutzung in Sachsen und Thüringen"
    assert page.locator("[data-testid='stMetric']").count() == 3
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.get_by_text("konnte nicht erstellt werden").count() == 0  # nor the app's fault guard
    assert "wave=2025-Q3" in page.url
    # The trend (Vega-Lite): one point per Land and wave that is not suppressed, German number format,
    # Plotly not loaded on this page, and nothing fetched from outside (Vega is served by Streamlit).
    q = LakeQuery(LakeConfig.from_env(str(lake)))
    shown = int(
        q.sql(f"""SELECT count(*) AS n FROM {q.scan(catalog.GOLD_AI_ADOPTION)} WHERE ags IS NULL
                          AND nace_section IS NULL AND size_class IS NULL AND NOT suppressed AND wave <= '2025-Q3'""")[
            "n"
        ][0]
    )
    assert page.locator(TREND_POINTS).count() == shown > 0
    labels = page.locator(TREND_POINTS).evaluate_all("ps => ps.map(p => p.getAttribute('aria-label') || '')")
    assert any("Land: Thüringen" in a and "Befragungswelle: 2025-Q3" in a for a in labels)
    assert all("." not in a.split("95-%-KI oben (%): ")[-1] for a in labels)  # decimal comma
    assert page.locator(".js-plotly-plot").count() == 0
    assert not page.evaluate("() => performance.getEntriesByType('resource').some(e => e.name.includes('PlotlyChart'))")
    assert external == []
    shot(page, "ueberblick")


def test_a_filter_changes_the_chart_and_the_url(page, server) -> None:
    page.goto(server + "/branchen")
    page.wait_for_selector(BARS)
    wait_idle(page)
    before = chart_labels(page)
    choose(page, "Land", "Thüringen")
    page.wait_for_function("() => location.search.includes('land=Th')")
    page.wait_for_timeout(1000)
    after = chart_labels(page)
    assert before and after and all(after) and before != after
    shot(page, "branchen-thueringen")
    # The link reproduces the view in a fresh page.
    url = page.url
    other = page.context.new_page()
    other.goto(url)
    other.wait_for_selector(BARS)
    wait_idle(other)
    assert chart_labels(other) == after


def test_the_map_renders_all_districts(page, server) -> None:
    external: list[str] = []
    page.on("request", lambda r: external.append(r.url) if not r.url.startswith(server) else None)
    page.goto(server + "/karte")
    page.wait_for_selector(DISTRICTS)
    wait_idle(page)
    # Drawn: one filled outline per district in the SVG (its label names it with its AGS), Plotly
    # not loaded, and nothing fetched from outside (no tiles, no base map).
    labels = page.locator(DISTRICTS).evaluate_all("ps => ps.map(p => p.getAttribute('aria-label'))")
    districts = {m.group(1) for m in (re.search(r"\((\d{5})\) · ", x) for x in labels) if m}
    assert len(districts) == 35 and "16056" not in districts
    fills = page.locator(DISTRICTS).evaluate_all("ps => ps.map(p => p.getAttribute('fill'))")
    assert len(set(fills)) > 3  # coloured by share
    assert page.locator(".js-plotly-plot").count() == 0
    assert external == []
    assert "GeoBasis-DE / BKG (2021)" in page.content()
    shot(page, "karte")


def test_csv_download_holds_what_the_table_shows(page, server, lake, monkeypatch) -> None:
    from streamlit.testing.v1 import AppTest

    import dashboards

    page.goto(server + "/branchen?land=Sachsen")
    page.wait_for_selector("[data-testid='stDownloadButton']")
    wait_idle(page)
    got = download(page, page.get_by_test_id("stDownloadButton").filter(has_text="CSV herunterladen").first)
    assert got.suggested_filename == "branchen.csv"
    csv = read_download(Path(got.path()))
    shot(page, "branchen-download")

    # The same view rendered by Streamlit's AppTest: its first table is the one downloaded.
    monkeypatch.setenv("LAKEHOUSE_ROOT", str(lake))
    at = AppTest.from_file(str(Path(dashboards.__file__).parent / "app.py"), default_timeout=120)
    at.query_params.update({"land": "Sachsen"})
    at.run()
    at.switch_page("pages/sectors.py").run()
    shown = at.dataframe[0].value
    assert list(csv.columns) == list(shown.columns)
    assert _cells(csv) == _cells(shown)
    assert "unterdrückt" in csv.values  # suppression applied in the file


def test_overview_table_opens_on_demand_and_its_download_matches(page, server, lake, monkeypatch) -> None:
    from streamlit.testing.v1 import AppTest

    import dashboards

    page.goto(server + "/")
    page.wait_for_selector(TREND_POINTS)
    wait_idle(page)
    # First view: metrics, chart and downloads, but no data grid (it is the heaviest part to draw).
    assert page.get_by_test_id("stDownloadButton").count() == 2
    assert page.get_by_test_id("stDataFrame").count() == 0
    page.get_by_test_id("stExpander").get_by_text("Tabelle anzeigen").click()
    page.wait_for_selector("[data-testid='stDataFrame']")
    wait_idle(page)
    got = download(page, page.get_by_test_id("stDownloadButton").filter(has_text="CSV herunterladen"))
    assert got.suggested_filename.startswith("ueberblick_") and got.suggested_filename.endswith(".csv")
    csv = read_download(Path(got.path()))
    shot(page, "ueberblick-tabelle")

    monkeypatch.setenv("LAKEHOUSE_ROOT", str(lake))
    at = AppTest.from_file(str(Path(dashboards.__file__).parent / "app.py"), default_timeout=120)
    at.session_state["table_ueberblick"] = True
    at.run()
    shown = at.dataframe[0].value
    assert list(csv.columns) == list(shown.columns)
    assert _cells(csv) == _cells(shown)


def read_download(path: Path) -> pd.DataFrame:
    """A CSV download: an optional `key;value` header block, a blank line, then the table (decimal comma)."""
    lines = path.read_bytes().decode("utf-8-sig").splitlines()
    start = lines.index("") + 1 if "" in lines else 0
    return pd.read_csv(io.StringIO("\n".join(lines[start:])), sep=";", decimal=",")


def _cells(df: pd.DataFrame) -> list:
    """Values as compared between a download and the table on screen (numbers as numbers)."""
    return [
        [
            None if pd.isna(v) or v == "" else (round(float(v), 6) if isinstance(v, (int, float)) else str(v))
            for v in row
        ]
        for row in df.astype(object).values.tolist()
    ]


def test_sql_injection_in_the_search_changes_nothing(page, server, lake) -> None:
    q = LakeQuery(LakeConfig.from_env(str(lake)))
    versions = {t: q.version(t) for t in catalog.TABLES}
    rows = int(q.sql(f"SELECT count(*) AS n FROM {q.scan(catalog.SILVER_NEWS_ARTICLES)}")["n"][0])
    page.goto(server + "/nachrichten")
    box = page.get_by_label("Suchbegriff")
    box.wait_for()
    wait_idle(page)
    for attack in ("'; DROP TABLE silver_news_articles; --", "x' OR '1'='1", "%' UNION SELECT 1 --"):
        box.fill(attack)
        box.press("Enter")
        page.get_by_text("0 Treffer", exact=True).wait_for()
        wait_idle(page)
        assert page.locator("[data-testid='stException']").count() == 0
        assert page.get_by_text("konnte nicht erstellt werden").count() == 0  # nor the app's fault guard
    shot(page, "nachrichten-injection")
    box.fill("Universität")
    box.press("Enter")
    page.get_by_text("Treffer").last.wait_for()
    wait_idle(page)
    assert page.get_by_text("0 Treffer", exact=True).count() == 0
    assert {t: q.version(t) for t in catalog.TABLES} == versions
    assert int(q.sql(f"SELECT count(*) AS n FROM {q.scan(catalog.SILVER_NEWS_ARTICLES)}")["n"][0]) == rows
