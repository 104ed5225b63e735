"""Bad input (issue 9): every case of tests/badinput/manifest.json gets a clear error or rejected
rows with reasons, the batch goes on, and for every file accepted + rejected = rows read."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

import pytest

from tests.faults import servers
from tests.faults.build_corpus import RSS_OK
from tests.faults.corpus import case_id, cases, materialise
from tests.support.paths import BADINPUT

SURVEY = cases("survey")
NEWS_FILES = cases("news", files_only=True)
NEWS_URLS = [c for c in cases("news") if "url" in c]


def test_corpus_has_at_least_30_kinds_and_every_file() -> None:
    all_cases = cases()
    assert len(all_cases) >= 30
    assert len({(c["pipeline"], c["kind"]) for c in all_cases}) == len(all_cases), "each case is its own kind"
    committed = BADINPUT
    for c in cases(files_only=True):
        assert c.get("generated") or (committed / c["file"]).is_file(), c["file"]
        assert c["expect"], c


# --------------------------------------------------------------------------------------- news


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return materialise(tmp_path_factory.mktemp("badinput"))


def _check_news(case: dict, loaded, source: str) -> None:
    from transforms.news.load import LoadResult

    assert isinstance(loaded, LoadResult)
    exp = case["expect"]
    reasons = [r.reason for r in loaded.rejects]
    assert len(loaded.articles) == exp["articles"], (source, reasons)
    for wanted in exp["rejects"]:
        assert any(wanted in r for r in reasons), f"{source}: no reject mentioning {wanted!r} in {reasons}"
    if not exp["rejects"]:
        assert reasons == [], reasons
    text = "\n".join(f"{a.title or ''}\n{a.text}" for a in loaded.articles)
    for s in exp.get("must_contain", []):
        assert s in text, f"{source}: {s!r} lost"
    for s in exp.get("must_not_contain", []):
        assert s not in text, f"{source}: {s!r} leaked into the article"


@pytest.mark.parametrize("case", NEWS_FILES, ids=case_id)
def test_news_file_case(case: dict, corpus_dir: Path) -> None:
    from transforms.news.load import load_sources

    path = corpus_dir / case["file"]
    loaded = load_sources([str(path)], timeout=2, retries=1)
    _check_news(case, loaded, str(path))
    # Nothing lost: every item read is an article, a duplicate or a reject that names the file.
    for r in loaded.rejects:
        assert r.source_file == str(path) and r.reason


def test_news_folder_batch_goes_on(corpus_dir: Path) -> None:
    """The whole news corpus as one folder: every bad file is a reject, every good one an article."""
    from transforms.news.load import load_sources

    folder = corpus_dir / "news"
    loaded = load_sources([str(folder)], timeout=2, retries=1)
    by_file = Counter(a.source_file for a in loaded.articles) + Counter(d[0].source_file for d in loaded.duplicates)
    rejected_files = {r.source_file for r in loaded.rejects}
    for case in NEWS_FILES:
        path = str(corpus_dir / case["file"])
        exp = case["expect"]
        assert by_file[path] == exp["articles"], path
        if exp["rejects"]:
            assert path in rejected_files, path


def _url_for(case: dict, stack) -> str:
    kind = case["url"]
    if kind == "hanging":
        return stack.enter_context(servers.hanging_server())
    if kind == "refused":
        return servers.closed_port_url()
    if kind == "invalid_xml":
        return stack.enter_context(servers.http_server("ok", b"<?xml version='1.0'?><rss><channel><item>"))
    return stack.enter_context(servers.http_server(kind))


@pytest.mark.parametrize("case", NEWS_URLS, ids=case_id)
def test_news_feed_url_case(case: dict) -> None:
    """Feeds that hang, fail or lie end as rejects within a bounded time (timeout x retries)."""
    import contextlib

    from transforms.news.load import load_sources

    timeout, retries = 1.0, 2
    with contextlib.ExitStack() as stack:
        url = _url_for(case, stack)
        started = time.monotonic()
        loaded = load_sources([url, str(BADINPUT / "news" / "cp1252.txt")], timeout=timeout, retries=retries)
        elapsed = time.monotonic() - started
    assert elapsed < (3 * timeout + 0.5) * retries + 5, f"{case['url']}: loader took {elapsed:.1f}s"
    _check_news({"expect": {**case["expect"], "articles": case["expect"]["articles"] + 1}}, loaded, url)
    assert [r.source_file for r in loaded.rejects] == [url]


def test_news_ok_feed_over_http_is_read() -> None:
    """Control: the same server answering a good feed gives its article (the fault tests are not vacuous)."""
    from transforms.news.load import load_sources

    with servers.http_server("ok", RSS_OK.encode()) as url:
        loaded = load_sources([url], timeout=2, retries=1)
    assert [a.title for a in loaded.articles] == ["KI-Zentrum in Leipzig eröffnet"] and not loaded.rejects


# ------------------------------------------------------------------------------------- survey


def _file_of(case: dict, corpus_dir: Path) -> Path:
    return corpus_dir / case["file"]


@pytest.fixture(scope="module")
def survey_run(spark, corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Ingest the whole survey corpus as one batch, then silver + gold.

    An implementation that refuses a whole batch for one unreadable file is driven file by file:
    the refused file (which the error must name) is recorded and the batch retried without it.

    Returns per file: the error (if refused) and rows read / accepted / rejected / reasons, all
    counted from the Delta tables themselves.
    """
    from pyspark.sql import functions as F

    from lake import catalog, delta_io
    from lake.config import LakeConfig
    from transforms.survey import jobs

    config = LakeConfig.from_env(str(tmp_path_factory.mktemp("lake")))
    errors: dict[str, BaseException] = {}
    remaining = [str(_file_of(case, corpus_dir)) for case in SURVEY]
    while remaining:  # a refused file is recorded and left out, and the batch goes on with the rest
        try:
            results = jobs.ingest_bronze(spark, config, remaining, "corpus-salt")
            # Unreadable files are reported per file (named, with the reason) and left out.
            errors.update({r.path: ValueError(r.error) for r in results if r.error})
            break
        except Exception as exc:
            named = [p for p in remaining if Path(p).name in str(exc)]
            assert len(named) == 1, f"an error that names no single file: {type(exc).__name__}: {exc}"
            errors[named[0]] = exc
            remaining.remove(named[0])
    jobs.refresh_silver(spark, config)
    jobs.refresh_gold(spark, config)

    def counts(table: str, *cols: str) -> Counter:
        path = config.table_path(table)
        if not delta_io.exists(spark, path):
            return Counter()
        rows = delta_io.read(spark, path).groupBy("_source_file", *cols).count().collect()
        return Counter({tuple(r[:-1]) if cols else r[0]: r["count"] for r in rows})

    rejects = counts(catalog.SILVER_SURVEY_REJECTS, "reason")
    silver_path = config.table_path(catalog.SILVER_SURVEY_RESPONSES)
    waves = {}
    if delta_io.exists(spark, silver_path):
        for r in (
            delta_io.read(spark, silver_path).groupBy("_source_file").agg(F.collect_set("wave").alias("w")).collect()
        ):
            waves[r[0]] = sorted(r[1])
    return {
        "config": config,
        "errors": errors,
        "read": counts(catalog.BRONZE_SURVEY_RESPONSES),
        "accepted": counts(catalog.SILVER_SURVEY_RESPONSES),
        "rejects": rejects,
        "waves": waves,
    }


@pytest.mark.slow
@pytest.mark.parametrize("case", SURVEY, ids=case_id)
def test_survey_file_case(case: dict, survey_run: dict, corpus_dir: Path) -> None:
    path = str(_file_of(case, corpus_dir))
    exp = case["expect"]
    outcome = exp["outcome"]
    error = survey_run["errors"].get(path)
    read = survey_run["read"].get(path, 0)
    accepted = survey_run["accepted"].get(path, 0)
    reasons = {reason: n for (f, reason), n in survey_run["rejects"].items() if f == path}
    rejected = sum(reasons.values())

    if error is not None:
        assert outcome in ("error", "error_or_rows", "error_or_rejected"), f"{path} refused: {error}"
        assert isinstance(error, ValueError), f"not a clear error: {type(error).__name__}: {error}"
        assert Path(path).name in str(error), f"the error does not name the file: {error}"
        assert read == accepted == rejected == 0, "a refused file must leave nothing behind"
        return
    assert outcome != "error", f"{path} should have been refused, but {read} rows were read"
    # The invariant of every file: nothing lost, nothing counted twice.
    assert accepted + rejected == read, f"{path}: accepted {accepted} + rejected {rejected} != read {read}"
    if outcome == "error_or_rejected":
        assert accepted == 0 and set(reasons) <= set(exp["reasons_any"]), reasons
        return
    for key, got in (("rows_read", read), ("accepted", accepted), ("rejected", rejected)):
        if exp.get(key) is not None:
            assert got == exp[key], f"{path}: {key} {got} != {exp[key]} (reasons {reasons})"
    if "accepted_min" in exp:
        assert accepted >= exp["accepted_min"]
    if "rejected_min" in exp:
        assert rejected >= exp["rejected_min"]
    if exp.get("reasons") is not None:
        assert reasons == exp["reasons"]
    if "reasons_any" in exp:
        assert set(reasons) <= set(exp["reasons_any"]), reasons
    if "waves" in exp:
        assert survey_run["waves"].get(path) == exp["waves"]


@pytest.mark.slow
def test_survey_batch_goes_on_past_a_bad_file(spark, corpus_dir: Path, tmp_path: Path) -> None:
    """One call with a good, an unreadable and another good file: both good files land in the lake,
    and the bad one is reported by name."""
    from lake import catalog, delta_io
    from lake.config import LakeConfig
    from transforms.survey import jobs

    config = LakeConfig.from_env(str(tmp_path / "lake"))
    good1 = corpus_dir / "survey" / "cp1252.csv"
    bad = corpus_dir / "survey" / "binary_renamed.csv"
    good2 = corpus_dir / "survey" / "bom_crlf_blank_lines.csv"
    results = jobs.ingest_bronze(spark, config, [str(good1), str(bad), str(good2)], "salt")
    bronze = delta_io.read(spark, config.table_path(catalog.BRONZE_SURVEY_RESPONSES))
    files = {r[0] for r in bronze.select("_source_file").distinct().collect()}
    assert files == {str(good1), str(good2)}
    text = repr(results)
    assert bad.name in text
