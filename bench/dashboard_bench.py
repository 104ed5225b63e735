"""Dashboard query latency: p50/p95 of every query function behind the pages, uncached.

``run(root)`` opens the read-only DuckDB layer on a lake and times each function of
`dashboards.queries` (the exact SQL the pages run, without Streamlit's cache: the cost of the
first view after a new Delta version) with the parameter sets the pages use: latest wave, both
Länder and each Land, a district, a sector, a topic, a search text. Tables missing from the lake
are reported as skipped. Optionally (``browser=True``) also the first render of every page
(`PAGES`) in headless Chromium, served by `lakehouse dashboard`.

Runnable alone: ``python -m bench.dashboard_bench /path/to/lake [--repeat 30] [--browser]``.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import DASHBOARD_REPEAT
from bench.measure import latency
from dashboards import queries
from lake import catalog
from lake.config import LakeConfig
from lake.query import LakeQuery

TARGET_P95_MS = 100.0
TARGET_FIRST_RENDER_S = 2.0


def _cases(q: LakeQuery, v: dict[str, int]) -> list[tuple[str, str, dict[str, Any]]]:
    """(label, query name, parameters) for every query function, as the pages call them."""
    cases: list[tuple[str, str, dict[str, Any]]] = []
    if catalog.GOLD_AI_ADOPTION in v:
        waves = queries.waves(q, v)["wave"].tolist()
        wave = waves[-1] if waves else "2025-Q4"
        cases += [("waves", "waves", {}), ("adoption_headline", "adoption_headline", {})]
        cases += [
            (
                "adoption_cell[both]",
                "adoption_cell",
                dict(wave=wave, land=None, ags=None, nace_section=None, size_class=None),
            ),
            (
                "adoption_cell[district x sector]",
                "adoption_cell",
                dict(wave=wave, land="Thüringen", ags="16053", nace_section="C", size_class=None),
            ),
        ]
        for land in (None, "Sachsen"):
            for dim in ("nace_section", "size_class"):
                cases.append(
                    (
                        f"adoption_by_dimension[{dim},{land or 'both'}]",
                        "adoption_by_dimension",
                        dict(wave=wave, land=land, dimension=dim),
                    )
                )
        cases.append(
            (
                "adoption_by_dimension[nace,district x size]",
                "adoption_by_dimension",
                dict(wave=wave, land="Thüringen", dimension="nace_section", ags="16053", size_class="10-49"),
            )
        )
        if catalog.SILVER_DISTRICTS in v:
            cases += [
                ("districts", "districts", {}),
                ("adoption_by_district", "adoption_by_district", dict(wave=wave)),
                ("adoption_by_district[sector]", "adoption_by_district", dict(wave=wave, nace_section="C")),
            ]
        for name, table in (("technologies", catalog.GOLD_AI_TECHNOLOGIES), ("barriers", catalog.GOLD_AI_BARRIERS)):
            if table in v:
                cases += [(f"{name}[{land or 'both'}]", name, dict(wave=wave, land=land)) for land in (None, "Sachsen")]
    if catalog.SILVER_SURVEY_RESPONSES in v:
        cases.append(("survey_waves", "survey_waves", {}))
    if catalog.SILVER_SURVEY_INGEST_LOG in v:
        cases.append(("survey_files", "survey_files", {}))
    if catalog.GOLD_NEWS_ACTIVITY in v:
        cases += [("news_topics", "news_topics", {}), ("news_by_topic[Sachsen]", "news_by_topic", dict(land="Sachsen"))]
    if catalog.SILVER_NEWS_ARTICLES in v:
        cases += [
            ("news_by_land", "news_by_land", dict(land=None, topic=None)),
            ("news_by_land[topic]", "news_by_land", dict(land="Thüringen", topic="funding")),
            ("news_search", "news_search", dict(text="Universität")),
            ("news_search[no hit]", "news_search", dict(text="'; DROP TABLE x; --")),
        ]
        if catalog.GOLD_NEWS_ACTIVITY in v:
            cases.append(("news_by_topic[both]", "news_by_topic", dict(land=None)))
    if catalog.SILVER_NEWS_ORG_MENTIONS in v:
        cases.append(("news_top_organisations", "news_top_organisations", dict(land=None, limit=15)))
    return cases


def run(root: str, repeat: int = DASHBOARD_REPEAT, browser: bool = False) -> dict:
    """p50/p95 (ms) of every dashboard query on the lake at ``root``; worst p95 on top."""
    q = LakeQuery(LakeConfig.from_env(root))
    versions = {t: q.version(t) for t in queries.SHOWN_TABLES}
    v = {t: n for t, n in versions.items() if n is not None}
    out: dict[str, Any] = {
        "source": "bench.dashboard_bench (dashboards.queries, uncached)",
        "root": root,
        "table_rows": {t: int(queries.table_rows(q, v, t)["n"].iloc[0]) for t in v},
        "skipped_tables": sorted(t for t, n in versions.items() if n is None),
        "queries": {},
    }
    for label, name, params in _cases(q, v):
        fn: Callable[[], Any] = lambda name=name, params=params: queries.QUERIES[name](q, v, **params)  # noqa: E731
        rows = len(fn())
        result = latency(fn, repeat)
        result["rows"] = rows
        out["queries"][label] = result
    p95s = [r["p95_ms"] for r in out["queries"].values()]
    if p95s:
        out["p95_ms_worst_query"] = max(p95s)
        out["p95_target_ms"] = TARGET_P95_MS
        out["p95_target_met"] = max(p95s) <= TARGET_P95_MS
    if browser:
        out["browser"] = browser_first_render(root)
    return out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_dashboard(root: str, port: int, log: Path | None = None) -> subprocess.Popen:
    """`lakehouse dashboard --port P` on 127.0.0.1 with LAKEHOUSE_ROOT=root, waiting until healthy;
    the server's output goes to ``log`` when given (tests read it when a page misbehaves)."""
    import urllib.request

    env = {**os.environ, "LAKEHOUSE_ROOT": root}
    out = log.open("ab") if log is not None else subprocess.DEVNULL
    proc = subprocess.Popen(
        [sys.executable, "-c", "from orchestration.cli import main; main()", "dashboard", "--port", str(port)],
        env=env,
        stdout=out,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    if log is not None:
        out.close()  # the server holds its own descriptor
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return proc
        except OSError:
            time.sleep(0.3)
    stop_dashboard(proc)
    raise RuntimeError("dashboard did not start")


def stop_dashboard(proc: subprocess.Popen) -> None:
    """Stop the CLI and the streamlit server it started (own process group, started above)."""
    import signal

    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(15)
    except ProcessLookupError:
        pass
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(5)


CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


# Bars drawn by Vega-Lite (Branchen, Rangliste, Technologien; the tile-grid map's tiles too).
VEGA_BARS_DRAWN = "[data-testid='stVegaLiteChart'] svg.marks .mark-rect.role-mark path"
# Points drawn by Vega-Lite (the news activity per month, the Überblick trend).
VEGA_LINES_DRAWN = "[data-testid='stVegaLiteChart'] svg.marks .mark-symbol.role-mark path"
# The trend chart drawn (the Plotly SVG as well, for older checkouts).
CHART_DRAWN = f"{VEGA_LINES_DRAWN}, .js-plotly-plot .main-svg"
# The districts drawn: Vega-Lite's shapes (boundaries cached) or tiles (the tile-grid fallback).
MAP_DRAWN = f"[data-testid='stVegaLiteChart'] svg.marks .mark-shape.role-mark path, {VEGA_BARS_DRAWN}"
# Every page (URL path) and what its first view has drawn when it is ready to read.
PAGES: list[tuple[str, str]] = [
    ("", CHART_DRAWN),
    ("karte", MAP_DRAWN),
    ("branchen", VEGA_BARS_DRAWN),
    ("rangliste", VEGA_BARS_DRAWN),
    ("technologien", VEGA_BARS_DRAWN),
    ("nachrichten", VEGA_LINES_DRAWN),
    ("methodik", "[data-testid='stMarkdownContainer'] li"),
    ("datenstand", "[data-testid='stDataFrame']"),
]


def browser_first_render(root: str, runs: int = 3, pages: list[tuple[str, str]] | None = None) -> dict:
    """Seconds from navigation until each page shows its content (fresh browser each time).

    The first load of every page warms the server process (imports, query caches) and is not
    counted; then ``runs`` fresh loads per page, interleaved across pages.
    """
    from playwright.sync_api import sync_playwright

    pages = PAGES if pages is None else pages
    port = _free_port()
    proc = start_dashboard(root, port)
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    times: dict[str, list[float]] = {path: [] for path, _ in pages}
    # A page that never shows its content is recorded (with what it showed), not the end of the run.
    failures: dict[str, str] = {}
    from lake import catalog, delta_log

    if not delta_log.exists(f"{root.rstrip('/')}/{catalog.SILVER_NEWS_ARTICLES}"):
        # the survey bench lake holds no news (the news bench writes its own): nothing to draw there
        pages = [(path, ready) for path, ready in pages if path != "nachrichten"]
        times.pop("nachrichten", None)
    try:
        with sync_playwright() as p:
            for i in range(runs + 1):
                for path, ready in pages:
                    if path in failures:
                        continue
                    browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
                    page = browser.new_page()
                    t0 = time.perf_counter()
                    try:
                        page.goto(f"http://127.0.0.1:{port}/{path}", wait_until="domcontentloaded")
                        page.wait_for_selector("h1", timeout=60_000)
                        page.wait_for_selector(ready, timeout=60_000)
                    except PlaywrightTimeout:
                        text = page.inner_text("body")[:300] if page.locator("body").count() else ""
                        failures[path] = f"not ready within 60 s ({ready}); page text: {text!r}"
                    else:
                        if i:
                            times[path].append(time.perf_counter() - t0)
                    browser.close()
    finally:
        stop_dashboard(proc)
    result: dict[str, Any] = {"runs": runs, "target_s": TARGET_FIRST_RENDER_S, "pages": {}}
    for path, values in times.items():
        if path in failures:
            result["pages"][path or "ueberblick"] = {"error": failures[path], "target_met": False}
            continue
        values.sort()
        median = values[len(values) // 2]
        result["pages"][path or "ueberblick"] = {
            "first_render_s": [round(x, 3) for x in values],
            "median_s": round(median, 3),
            "target_met": median <= TARGET_FIRST_RENDER_S,
        }
    medians = [v["median_s"] for v in result["pages"].values() if "median_s" in v] or [float("inf")]
    result["slowest_median_s"] = max(medians)
    result["target_met"] = max(medians) <= TARGET_FIRST_RENDER_S
    # Kept for earlier readers of the bench output (the Überblick page alone).
    if "median_s" in result["pages"].get("ueberblick", {}):
        result.update(
            page="Überblick",
            first_render_s=result["pages"]["ueberblick"]["first_render_s"],
            median_s=result["pages"]["ueberblick"]["median_s"],
        )
    try:
        result["load_1min"] = round(os.getloadavg()[0], 2)  # the machine's load, to judge the numbers
    except OSError:
        pass
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("root", help="lake root")
    ap.add_argument("--repeat", type=int, default=DASHBOARD_REPEAT)
    ap.add_argument("--browser", action="store_true", help="also time every page's first render in headless Chromium")
    args = ap.parse_args(argv)
    print(json.dumps(run(str(Path(args.root).resolve()), args.repeat, args.browser), indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
