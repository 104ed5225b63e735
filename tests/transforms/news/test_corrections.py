"""Analysts' corrections: files in landing/news_corrections/ -> silver/news_corrections -> applied in
silver/news_articles (extracted value kept as <field>_extracted), org mentions and gold; bad files
and rows are rejects with reasons; a later correction wins; removing the file restores."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import transforms.news  # noqa: F401  (Spark's Python workers use this interpreter)
from lake import catalog, delta_io
from lake.config import LakeConfig
from orchestration.resources import LandingResource
from orchestration.sensors import CORRECTION_ASSETS, NEWS_ASSETS, landing_requests
from transforms.news import corrections, jobs

SAMPLES = Path(__file__).resolve().parents[3] / "samples" / "news"
HEADER = "article_id,field,value,reason,author,corrected_at\n"


def _csv(path: Path, rows: list[list[str]]) -> Path:
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["article_id", "field", "value", "reason", "author", "corrected_at"])
    w.writerows(rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def test_bad_rows_and_files_are_rejects_with_reasons(tmp_path):
    folder = tmp_path / "news_corrections"
    _csv(
        folder / "a.csv",
        [
            ["x1", "funding_eur", "250000", "Pressemitteilung nennt 250.000 Euro", "mkr", "2026-12-01T10:00:00"],
            ["x1", "states", '["Sachsen"]', "", "mkr", "2026-12-01T10:00:00Z"],
            ["", "topics", "[]", "", "mkr", "2026-12-01T10:00:00"],
            ["x1", "topics", '["weather"]', "", "mkr", "2026-12-01T10:00:00"],
            ["x1", "states", "Sachsen", "", "mkr", "2026-12-01T10:00:00"],
            ["x1", "colour", "blue", "", "mkr", "2026-12-01T10:00:00"],
            ["x1", "event_date", "30.05.2024", "", "mkr", "2026-12-01T10:00:00"],
            ["x1", "funding_eur", "viel", "", "mkr", "2026-12-01T10:00:00"],
            ["x1", "exclude", "true", "Dublette", "mkr", "gestern"],
        ],
    )
    (folder / "b.csv").write_text("id,wert\n1,2\n", encoding="utf-8")
    (folder / "c.xlsx").write_bytes(b"PK\x03\x04")
    (folder / "d.csv").write_bytes(b"")
    got = corrections.read_folder(folder)
    assert [(r[0], r[1]) for r in got.rows] == [("x1", "funding_eur"), ("x1", "states")]
    reasons = sorted((Path(r.source_file).name, r.source_row, r.reason.split(":")[0]) for r in got.rejects)
    assert reasons == [
        ("a.csv", 4, "article_id is empty"),
        ("a.csv", 5, "unknown topic"),
        ("a.csv", 6, "value for states is not a JSON list"),
        ("a.csv", 7, "unknown field 'colour' (allowed"),
        ("a.csv", 8, "event_date is not an ISO date (YYYY-MM-DD)"),
        ("a.csv", 9, "funding_eur is not a number"),
        ("a.csv", 10, "corrected_at is not an ISO timestamp"),
        ("b.csv", None, "missing columns"),
        ("c.xlsx", None, "unsupported file type (corrections are .csv)"),
        ("d.csv", None, "empty file"),
    ]


def test_sensor_starts_a_run_when_the_folder_changes_and_again_when_a_file_is_removed(tmp_path):
    landing = LandingResource(folder=str(tmp_path))
    f = _csv(tmp_path / "news_corrections" / "k.csv", [["x1", "funding_eur", "1", "", "mkr", "2026-12-01T10:00:00"]])
    requests, new, _log = landing_requests(landing, set(), news_assets=NEWS_ASSETS)
    assert len(requests) == 1 and requests[0].asset_selection == CORRECTION_ASSETS
    requests, _new, _log = landing_requests(landing, set(new), news_assets=NEWS_ASSETS)
    assert requests == []  # nothing changed
    f.unlink()
    requests, _new, _log = landing_requests(landing, set(new), news_assets=NEWS_ASSETS)
    assert len(requests) == 1  # removing a file takes its corrections back: a run again


@pytest.mark.slow
def test_corrections_are_applied_audited_and_reversible(spark, lake_root, tmp_path):
    config = LakeConfig.from_env(str(lake_root))
    news = tmp_path / "news"
    news.mkdir()
    for stem in ("001_159c2ff2ba2f52c6", "004_584778919d2c2b23"):
        shutil.copy(SAMPLES / f"{stem}.txt", news / f"{stem}.txt")
    (news / "x.jsonl").write_text(
        json.dumps(
            {
                "id": "x1",
                "text": "Die Sächsische Aufbaubank fördert ein KI-Projekt in Görlitz mit 300.000 Euro.",
                "published": "2024-02-01",
            }
        )
        + "\n",
        encoding="utf-8",
    )
    jobs.ingest(spark, config, [str(news)])
    articles = config.table_path(catalog.SILVER_NEWS_ARTICLES)
    hub_id = next(
        r.id
        for r in delta_io.read(spark, articles).collect()
        if r.event_date is not None and str(r.event_date) == "2022-11-24"
    )
    dfki_id = next(r.id for r in delta_io.read(spark, articles).collect() if r.funding_eur == 605_000)

    folder = tmp_path / "news_corrections"
    _csv(
        folder / "2026-12-01.csv",
        [
            ["x1", "funding_eur", "250000", "Bescheid über 250.000 Euro", "mkr", "2026-12-01T09:00:00"],
            ["x1", "funding_eur", "275000", "korrigierter Bescheid", "jbe", "2026-12-01T11:00:00"],  # later wins
            [
                hub_id,
                "topics",
                json.dumps(["event", "sme_adoption", "research"]),
                "Forschungspartner",
                "mkr",
                "2026-12-01T09:00:00",
            ],
            [dfki_id, "exclude", "true", "nicht Sachsen/Thüringen", "mkr", "2026-12-01T09:00:00"],
            ["x1", "event_date", "morgen", "", "mkr", "2026-12-01T09:00:00"],  # a reject, not a stop
        ],
    )
    n, n_rejects, reasons = jobs.refresh_corrections(spark, config, folder)
    jobs.refresh_mentions(spark, config)
    jobs.refresh_gold(spark, config)
    assert (n, n_rejects) == (4, 1) and "event_date is not an ISO date" in reasons[0]

    table = delta_io.read(spark, config.table_path(catalog.SILVER_NEWS_CORRECTIONS))
    assert {"article_id", "field", "value", "reason", "author", "corrected_at", "_source_file"} <= set(table.columns)
    assert table.count() == 4  # as received: who, when and why stay visible
    rejects = (
        delta_io.read(spark, config.table_path(catalog.SILVER_NEWS_REJECTS))
        .where("_source_file LIKE '%2026-12-01.csv'")
        .collect()
    )
    assert [r._source_row for r in rejects] == [6]

    rows = {r.id: r for r in delta_io.read(spark, articles).collect()}
    assert rows["x1"].funding_eur == 275_000 and rows["x1"].funding_eur_extracted == 300_000
    assert rows["x1"].corrected_fields == ["funding_eur"]
    assert set(rows[hub_id].topics) == {"event", "sme_adoption", "research"}
    assert "research" not in rows[hub_id].topics_extracted
    assert rows[dfki_id].excluded is True

    gold = delta_io.read(spark, config.table_path(catalog.GOLD_NEWS_ACTIVITY))
    assert gold.where("land = 'Rheinland-Pfalz'").count() == 0  # the excluded article is out
    sachsen = gold.where("land = 'Sachsen' AND topic = 'funding'").collect()
    assert sum(r.funding_eur or 0 for r in sachsen) == 275_000
    mentions = delta_io.read(spark, config.table_path(catalog.SILVER_NEWS_ORG_MENTIONS))
    assert mentions.where(f"article_id = '{dfki_id}'").count() == 0

    # removing the file restores the extracted values everywhere
    shutil.rmtree(folder)
    folder.mkdir()
    jobs.refresh_corrections(spark, config, folder)
    jobs.refresh_gold(spark, config)
    rows = {r.id: r for r in delta_io.read(spark, articles).collect()}
    assert rows["x1"].funding_eur == 300_000 and rows[dfki_id].excluded is False
    assert rows[hub_id].topics == rows[hub_id].topics_extracted
    gold = delta_io.read(spark, config.table_path(catalog.GOLD_NEWS_ACTIVITY))
    assert gold.where("land = 'Rheinland-Pfalz'").count() > 0
