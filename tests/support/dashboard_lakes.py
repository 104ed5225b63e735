"""Small real lakes for the dashboard tests, built with the real pipeline code (Spark -> Delta).

Also a 127.0.0.1 HTTP server for the shared boundary file (the test download source; the file is
served from the shared folder, never copied into the project).
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import transforms.news  # noqa: F401  (sets PYSPARK_PYTHON before Spark starts: news extraction runs in Python workers)
from lake.config import LakeConfig
from tests.support.paths import SHARED_DATA

# shared/ lies beside the checkout (also in CI, where a copy of it sits beside the clone).
SHARED_GEOJSON = SHARED_DATA / "geo" / "kreise-sachsen-thueringen.geojson"
WAVES = ["2025-Q2", "2025-Q3"]  # consecutive: the latest wave has a change against the previous


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # noqa: D401 - keep test output clean
        pass


@contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 (free port) in a thread; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def geojson_url(base: str) -> str:
    return f"{base}/{SHARED_GEOJSON.name}"


def build_lake(spark, root: Path, survey_rows: int = 1200, articles: int = 80, with_news: bool = True) -> LakeConfig:
    """Survey (two waves) and news through bronze, silver and gold into a fresh lake at ``root``."""
    from samples.news_generator import write_jsonl
    from samples.survey_generator import generate_survey
    from transforms.survey import jobs as survey_jobs

    root.mkdir(parents=True, exist_ok=True)
    config = LakeConfig.from_env(str(root))
    inputs = root.parent / f"{root.name}-inputs"
    export = inputs / "survey.csv"
    generate_survey(export, rows=survey_rows, seed=11, waves=WAVES)
    survey_jobs.ingest_bronze(spark, config, [export], salt="dashboard-tests")
    survey_jobs.refresh_silver(spark, config)
    survey_jobs.refresh_gold(spark, config)
    from transforms.reference.benchmarks import write_benchmarks

    write_benchmarks(spark, config)  # the shipped official figures (silver/official_benchmarks)

    from transforms.survey.modelled_io import refresh_modelled

    refresh_modelled(spark, config)
    if with_news:
        from transforms.news import jobs as news_jobs

        news_file = inputs / "news.jsonl"
        write_jsonl(news_file, articles, seed=5, with_expected=False)
        news_jobs.ingest(spark, config, [str(news_file)])
    return config


def fetch_boundaries(root: Path) -> None:
    from transforms.geo import boundaries

    with serve_folder(SHARED_GEOJSON.parent) as base:
        boundaries.fetch(str(root), geojson_url(base))


def copy_without_boundaries(root: Path, target: Path) -> Path:
    shutil.copytree(root, target, ignore=shutil.ignore_patterns("reference"))
    return target


_LAKES: dict[str, Path] = {}


def shared_lake(spark, tmp_path_factory) -> Path:
    """One built lake (with cached boundaries) per test session, shared by AppTest and browser tests."""
    if "main" not in _LAKES:
        root = tmp_path_factory.mktemp("dashboard") / "lake"
        prebuilt = os.environ.get("LAKEHOUSE_TEST_DASHBOARD_LAKE")
        if prebuilt:  # developer shortcut: a lake built earlier by `build_lake` (copied, never changed)
            shutil.copytree(prebuilt, root, ignore=shutil.ignore_patterns("reference"))
        else:
            build_lake(spark, root)
        fetch_boundaries(root)
        _LAKES["main"] = root
    return _LAKES["main"]
