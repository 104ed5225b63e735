"""Every dashboard page in headless Chromium (Debian's package) as an analyst sees it, German and English:
no raw vocabulary code on screen, each filter applied or visibly disabled with its reason, German
number formats in rendered hovers and axes, the language switch redrawing everything at once, and
an axe-core accessibility check (WCAG 2.1 A/AA) with no serious or critical violation.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from bench.dashboard_bench import CHROMIUM_ARGS, PAGES, _free_port, start_dashboard, stop_dashboard
from dashboards.state import FILTERS, PAGE_FILTERS
from lake import vocabulary
from tests.support.charts import BARS, MARKS, SETTLED
from tests.support.dashboard_lakes import SHARED_GEOJSON, shared_lake

CHROMIUM = "/usr/bin/chromium"
AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        shutil.which(CHROMIUM) is None, reason="Debian chromium not installed (apt-get install chromium)"
    ),
    pytest.mark.skipif(not SHARED_GEOJSON.exists(), reason="shared boundary file not present"),
]
PATHS = [path for path, _ in PAGES]
SELECTION = "ags=16053&nace=C&size=10-49"  # Jena, manufacturing, 10-49 employees


@pytest.fixture(scope="module")
def server(spark, tmp_path_factory):
    lake = shared_lake(spark, tmp_path_factory)
    port = _free_port()
    proc = start_dashboard(str(lake), port)
    yield f"http://127.0.0.1:{port}"
    stop_dashboard(proc)


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        warm = chromium.new_page()  # the first load of a fresh server is partial: load every page once
        for path in PATHS:
            warm.goto(f"{server}/{path}")
            warm.wait_for_selector("h1", timeout=120_000)
        warm.close()
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    pg.set_default_timeout(90_000)
    yield pg
    context.close()


def open_page(page, server: str, path: str, query: str = "") -> None:
    page.goto(f"{server}/{path}{'?' + query if query else ''}")
    page.wait_for_selector("h1")
    page.wait_for_function(SETTLED, timeout=90_000)
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('.js-plotly-plot')).every(g => g.querySelector('.main-svg'))"
        " && Array.from(document.querySelectorAll('[data-testid=\"stVegaLiteChart\"]'))"
        ".every(g => g.querySelector('svg.marks .role-mark'))"
    )
    page.wait_for_timeout(800)
    body = page.inner_text("body")  # the app's fault guard (dashboards/app.py) stands in for a traceback
    assert "konnte nicht erstellt werden" not in body and "could not be built" not in body, body[:600]


def bar_labels(page, selector: str = BARS) -> list[str]:
    """The ARIA labels of the drawn bars (Vega-Lite): each names its category and value in words."""
    page.wait_for_selector(selector)
    return page.locator(selector).evaluate_all("xs => xs.map(x => x.getAttribute('aria-label'))")


def visible_text(page) -> str:
    """Everything drawn: the page text, the filters' shown values (inputs), SVG text of the charts."""
    return page.evaluate("""() => document.body.innerText + '\\n' +
        Array.from(document.querySelectorAll('input')).map(i => i.value).join('\\n') + '\\n' +
        Array.from(document.querySelectorAll('svg text')).map(t => t.textContent).join('\\n')""")


def raw_codes(lang: str) -> dict[str, list[str]]:
    """Codes that must never be shown as such: every technology, barrier and topic code (with `_` or
    with it turned into a space) and the size classes' ASCII spellings (`1-9`; labels use `1–9 ...`).
    In English, one-word codes that are ordinary English words (`data`, `cost`) are left out."""
    out: dict[str, list[str]] = {}
    for kind in ("technology", "barrier", "topic"):
        codes = []
        for code in vocabulary.codes(kind):
            if lang == "en" and "_" not in code:
                continue
            codes += [code, code.replace("_", " ")] if "_" in code else [code]
        out[kind] = codes
    out["size_class"] = [c for c in vocabulary.codes("size_class") if c != "10+"]
    return out


def axe_violations(page) -> list[str]:
    """Serious and critical WCAG 2.1 A/AA violations that axe-core finds on the page at rest (each with
    its element and axe's reason, so a CI log says what failed)."""
    page.wait_for_function(SETTLED)
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    return page.evaluate("""async () => {
        const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
        return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
            .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')
                + ' ' + n.html.slice(0, 200) + ' ' + (n.failureSummary || '').slice(0, 300)).join(' | '));
    }""")


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("path", PATHS)
def test_page_shows_no_raw_code_and_passes_axe(page, server, path, lang) -> None:
    """One load per page and language: the vocabulary check, then axe-core on the same view."""
    open_page(page, server, path, f"lang={lang}&{SELECTION}")
    assert page.locator("[data-testid='stException']").count() == 0
    text = visible_text(page)
    found = []
    for kind, codes in raw_codes(lang).items():
        for code in codes:
            # Case-sensitive, as a whole word: "Generative KI" is the label, "generative" the code.
            if re.search(rf"(?<![\w–-]){re.escape(code)}(?![\w–-])", text):
                found.append(f"{kind}:{code}")
    assert found == [], f"raw codes on /{path} ({lang}): {found}"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"page-{path or 'ueberblick'}-{lang}.png"))
    violations = axe_violations(page)
    assert violations == [], f"/{path} ({lang}): {violations}"


@pytest.mark.parametrize("path", PATHS)
def test_each_filter_applies_or_is_disabled_with_a_reason(page, server, path) -> None:
    open_page(page, server, path, SELECTION)
    applied = PAGE_FILTERS[path or "ueberblick"]
    for name in FILTERS:
        box = page.locator(f".st-key-f_{name}_de")
        box.wait_for()
        disabled = box.locator("input").first.is_disabled()
        assert disabled == (name not in applied), f"/{path}: filter {name} disabled={disabled}"
    ignored = [n for n in ("ags", "nace", "size") if n not in applied]
    notes = page.get_by_test_id("stAlert").all_inner_texts()
    if ignored:  # the page says which chosen filters it does not apply
        assert any("Auf dieser Seite nicht angewendet" in n and "Kreis" in n for n in notes), notes
    else:
        assert not any("nicht angewendet" in n for n in notes)


def test_pages_apply_the_district(page, server) -> None:
    """Branchen with a district shows that district's sectors; the map outlines and names it."""
    open_page(page, server, "branchen", "land=Thüringen")
    land_bars = bar_labels(page, MARKS)
    open_page(page, server, "branchen", "ags=16053")
    page.wait_for_timeout(1000)
    assert "Jena" in page.get_by_test_id("stMain").get_by_test_id("stCaptionContainer").first.inner_text()
    jena_bars = bar_labels(page, MARKS)  # a small district: most of its cells are withheld, in words
    assert jena_bars and land_bars and jena_bars != land_bars
    open_page(page, server, "karte", "ags=16053")
    outline = page.locator("[data-testid='stVegaLiteChart'] svg.marks path[aria-label='ausgewählt: Jena']")
    assert outline.count() == 1
    assert outline.get_attribute("stroke") == "#000000" and float(outline.get_attribute("stroke-width") or 0) >= 3
    names = page.locator("[data-testid='stVegaLiteChart'] svg.marks .mark-text text").all_text_contents()
    assert "Jena" in names


def test_jena_without_respondents_in_a_sector_says_so(page, server, lake_gold_cell) -> None:
    ags, nace = lake_gold_cell
    open_page(page, server, "", f"ags={ags}&nace={nace}")
    text = page.get_by_test_id("stAlert").all_inner_texts()
    assert any("kein Unternehmen geantwortet" in t for t in text), text
    assert not any("keine Zelle im Würfel" in t for t in text)


@pytest.fixture(scope="module")
def lake_gold_cell(spark, tmp_path_factory) -> tuple[str, str]:
    """A district × section without any respondent in the latest wave (no row in the cube)."""
    from lake.config import LakeConfig
    from lake.query import LakeQuery

    lake = shared_lake(spark, tmp_path_factory)
    q = LakeQuery(LakeConfig.from_env(str(lake)))
    src = q.scan("gold/ai_adoption")
    present = set(
        map(
            tuple,
            q.sql(f"""SELECT ags, nace_section FROM {src} WHERE wave = '2025-Q3' AND ags IS NOT NULL
        AND nace_section IS NOT NULL AND size_class IS NULL""").values.tolist(),
        )
    )
    for ags in ("16053", "14612", "14713"):
        for nace in vocabulary.codes("nace_section"):
            if (ags, nace) not in present:
                return ags, nace
    pytest.skip("every district × section has respondents in this lake")


def test_german_numbers_in_hovers_and_axes(page, server) -> None:
    open_page(page, server, "branchen", "land=Sachsen")
    labels = bar_labels(page)  # e.g. "C – Verarbeitendes Gewerbe: 18,1 % (11,5–27,4), n = 152"
    assert labels and all(re.search(r": \d+,\d % \(\d+,\d–\d+,\d\), n = \d+$", x) for x in labels), labels
    page.locator(BARS).first.hover(force=True)
    page.wait_for_selector("#vg-tooltip-element.visible")
    hover = page.locator("#vg-tooltip-element").text_content() or ""
    assert re.search(r"\d,\d %", hover) and not re.search(r"\d\.\d", hover), hover
    open_page(page, server, "branchen", "land=Sachsen&lang=en")
    assert all(re.search(r": \d+\.\d % \(", x) for x in bar_labels(page))
    open_page(page, server, "nachrichten", "")
    y_labels = "[data-testid='stVegaLiteChart'] g.role-axis[aria-label^='Y-axis'] g.role-axis-label text"
    ticks = page.locator(y_labels).all_text_contents()  # counts and euros, both whole numbers from 0
    assert ticks and not any(t.startswith(("−", "-")) for t in ticks), ticks
    assert not any(re.search(r"\d[.,]5$", t) for t in ticks), ticks  # article counts on whole numbers
    funding = "[data-testid='stVegaLiteChart'] svg.marks .mark-rect.role-mark path[aria-label$='€']"
    labels = page.locator(funding).evaluate_all("xs => xs.map(x => x.getAttribute('aria-label'))")
    assert labels and all(re.search(r": \d{1,3}(\.\d{3})* €$", x) for x in labels), labels
    open_page(page, server, "nachrichten", "lang=en")
    labels = page.locator(funding).evaluate_all("xs => xs.map(x => x.getAttribute('aria-label'))")
    assert labels and all(re.search(r": \d{1,3}(,\d{3})* €$", x) for x in labels), labels


def test_language_switch_changes_everything_at_once(page, server) -> None:
    open_page(page, server, "branchen", "land=Sachsen&size=1-9")
    page.get_by_test_id("stRadio").get_by_text("English").click()
    page.get_by_role("heading", name="Sectors & size classes").wait_for()
    page.wait_for_function(SETTLED)
    page.wait_for_timeout(800)
    sidebar = page.get_by_test_id("stSidebar").inner_text() + " ".join(
        page.get_by_test_id("stSidebar").locator("input[role='combobox']").evaluate_all("xs => xs.map(x => x.value)")
    )
    assert "Saxony" in sidebar and "1–9 employees" in sidebar and "Survey wave" in sidebar, sidebar
    assert "Sachsen" not in sidebar and "Beschäftigte" not in sidebar and "Befragungswelle" not in sidebar
    assert "lang=en" in page.url


def test_controls_are_keyboard_reachable(page, server) -> None:
    """Tab reaches the language switch and every sidebar filter of the Überblick page."""
    open_page(page, server, "")
    reached = set()
    for _ in range(60):
        page.keyboard.press("Tab")
        reached.add(
            page.evaluate("""() => { const e = document.activeElement;
            const k = e && e.closest('[class*="st-key-"]'); return k ? Array.from(k.classList).find(c => c.startsWith('st-key-')) : ''; }""")
        )
    assert {"st-key-f_lang", *(f"st-key-f_{n}_de" for n in FILTERS)} <= reached, reached
