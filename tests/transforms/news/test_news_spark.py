"""The news path through Spark and Delta: bronze with lineage, silver by MERGE, org mentions,
gold/news_activity as lake-tables-v1 says, read back through DuckDB; and the Dagster assets."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import transforms.news  # noqa: F401  (Spark's Python workers use this interpreter)
from lake import catalog, delta_io
from lake.config import LakeConfig
from tests.support.paths import REPO_ROOT
from transforms.news import jobs

SAMPLES = REPO_ROOT / "samples" / "news"


@pytest.fixture()
def news_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "news"
    shutil.copytree(SAMPLES, folder)
    # the 000 text again under another name (same text = same article), a JSONL with one new
    # article and one line without text, and an empty file
    shutil.copy(SAMPLES / "000_10ceabf4babd5edd.txt", folder / "copy_of_000.txt")
    (folder / "extra.jsonl").write_text(
        json.dumps(
            {
                "id": "x1",
                "text": "Die Sächsische Aufbaubank fördert ein KI-Projekt in Görlitz mit 300.000 Euro.",
                "published": "2024-02-01",
                "url": "https://example.org/x1",
            }
        )
        + "\n"
        + json.dumps({"title": "leer"})
        + "\n",
        encoding="utf-8",
    )
    (folder / "empty.txt").write_bytes(b"")
    return folder


def test_ingest_writes_every_news_table(spark, lake_root, news_folder):
    config = LakeConfig.from_env(str(lake_root))
    summary = jobs.ingest(spark, config, [str(news_folder)])
    assert (summary.articles_read, summary.duplicates, summary.rejects) == (6, 1, 2)

    bronze = delta_io.read(spark, config.table_path(catalog.BRONZE_NEWS_ARTICLES))
    assert {"_source_file", "_source_row", "_ingested_at", "_batch_id"} <= set(bronze.columns)
    assert bronze.count() == 7  # every article read, the duplicate marked
    assert bronze.where("duplicate_of IS NOT NULL").count() == 1
    rejects = delta_io.read(spark, config.table_path("silver/news_rejects")).collect()
    assert sorted(r.reason for r in rejects) == ["empty file", "object has no non-empty 'text'"]

    silver = delta_io.read(spark, config.table_path(catalog.SILVER_NEWS_ARTICLES))
    types = dict(silver.dtypes)
    assert types["id"] == "string" and types["language"] == "string"
    for col in ("states", "cities", "organizations", "topics"):
        assert types[col] == "array<string>"
    assert types["funding_eur"] == "double" and types["event_date"] == "date"
    rows = {r.id: r for r in silver.collect()}
    assert len(rows) == 6

    def has(r, key):  # organisations by canonical key (v2 reports each once, long form as written)
        return key in {o.organization_key for o in r.org_details}

    dfki = next(r for r in rows.values() if has(r, "DFKI"))
    assert dfki.funding_eur == 605_000 and dfki.states == ["Rheinland-Pfalz"] and dfki.language == "en"
    hub = next(r for r in rows.values() if has(r, "KI-Hub Sachsen-Thüringen"))
    assert hub.states == ["Sachsen", "Thüringen"] and str(hub.event_date) == "2022-11-24"
    hammer = next(r for r in rows.values() if has(r, "HLRS"))
    assert hammer.funding_eur == 85_000_000 and hammer.states == ["Baden-Württemberg"]
    assert str(hammer.month) == "2024-12-01"  # "Berlin, Dezember 2024"
    assert rows["x1"].funding_eur == 300_000 and str(rows["x1"].month) == "2024-02-01"

    gold = delta_io.read(spark, config.table_path(catalog.GOLD_NEWS_ACTIVITY))
    assert gold.columns[:5] == ["month", "land", "topic", "articles", "funding_eur"]
    assert dict(gold.dtypes)["month"] == "date"
    sachsen_events = gold.where("land = 'Sachsen' AND topic = 'event'").collect()
    assert sum(r.articles for r in sachsen_events) == 3  # 000, 001, 002
    rlp = gold.where("land = 'Rheinland-Pfalz' AND topic = 'funding'").collect()
    assert [(r.articles, r.funding_eur) for r in rlp] == [(1, 605_000.0)]

    mentions = delta_io.read(spark, config.table_path(catalog.SILVER_NEWS_ORG_MENTIONS))
    assert {"article_id", "organization", "land", "month"} <= set(mentions.columns)
    lrz = mentions.where("organization = 'LRZ'").collect()
    assert [r.land for r in lrz] == ["Bayern"]  # the organisation's own Land
    hub_lands = sorted(r.land for r in mentions.where("organization = 'KI-Hub Sachsen-Thüringen'").collect())
    assert hub_lands == ["Sachsen", "Thüringen"]  # no Land of its own: the article's

    # the same folder again: nothing new in silver or gold (MERGE by id)
    again = jobs.ingest(spark, config, [str(news_folder)])
    assert delta_io.read(spark, config.table_path(catalog.SILVER_NEWS_ARTICLES)).count() == 6
    assert again.gold_rows == summary.gold_rows

    # dashboards read gold through DuckDB's delta_scan
    from lake.query import LakeQuery

    q = LakeQuery(config)
    try:
        df = q.sql(
            f"SELECT land, sum(articles) AS n FROM {q.scan(catalog.GOLD_NEWS_ACTIVITY)} "
            "WHERE topic = 'funding' GROUP BY land ORDER BY land"
        )
    finally:
        q.close()
    assert dict(zip(df.land, df.n)) == {"Baden-Württemberg": 1, "Rheinland-Pfalz": 1, "Sachsen": 1}


def test_known_url_in_silver_is_not_added_again(spark, lake_root, tmp_path):
    config = LakeConfig.from_env(str(lake_root))
    first = tmp_path / "a.jsonl"
    first.write_text(
        json.dumps({"text": "KI in Jena, erste Fassung.", "url": "https://example.org/n/1"}) + "\n", encoding="utf-8"
    )
    second = tmp_path / "b.jsonl"
    second.write_text(
        json.dumps({"text": "KI in Jena, korrigierte Fassung.", "url": "https://www.example.org/n/1/"}) + "\n",
        encoding="utf-8",
    )
    jobs.ingest(spark, config, [str(first)])
    jobs.ingest(spark, config, [str(second)])
    assert delta_io.read(spark, config.table_path(catalog.SILVER_NEWS_ARTICLES)).count() == 1


@pytest.mark.slow
def test_dagster_assets_materialize(spark, lake_root, news_folder):
    import dagster as dg

    from orchestration.assets import news as news_assets
    from orchestration.resources import LakeResource, LandingResource, SparkResource

    assets = dg.load_assets_from_modules([news_assets])
    result = dg.materialize(
        assets,
        resources={
            "lake": LakeResource(root=str(lake_root)),
            "spark": SparkResource(),
            "landing": LandingResource(folder=str(news_folder.parent)),
        },
        run_config={"ops": {"bronze__news_articles": {"config": {"sources": [str(news_folder)]}}}},
        partition_key="2025-01-15",
    )
    assert result.success
    mats = {tuple(m.asset_key.path): m for m in result.get_asset_materialization_events()}
    assert set(mats) == {
        ("bronze", "news_articles"),
        ("silver", "news_articles"),
        ("silver", "news_corrections"),
        ("silver", "news_org_mentions"),
        ("gold", "news_activity"),
    }
    config = LakeConfig.from_env(str(lake_root))
    assert delta_io.read(spark, config.table_path(catalog.SILVER_NEWS_ARTICLES)).count() == 6

    # without sources: the landing files of the partition's day (file modification time, UTC)
    import os

    landing = lake_root.parent / "landing"
    (landing / "news").mkdir(parents=True)
    on_day = landing / "news" / "a.jsonl"
    on_day.write_text(json.dumps({"id": "day-a", "text": "KI-Projekt in Suhl gestartet."}) + "\n", encoding="utf-8")
    other_day = landing / "news" / "b.jsonl"
    other_day.write_text(json.dumps({"id": "day-b", "text": "KI-Projekt in Gera gestartet."}) + "\n", encoding="utf-8")
    os.utime(on_day, (1736935200, 1736935200))  # 2025-01-15 10:00 UTC
    os.utime(other_day, (1737021600, 1737021600))  # 2025-01-16 10:00 UTC
    result = dg.materialize(
        assets,
        resources={
            "lake": LakeResource(root=str(lake_root)),
            "spark": SparkResource(),
            "landing": LandingResource(folder=str(landing)),
        },
        partition_key="2025-01-15",
    )
    assert result.success
    ids = {r.id for r in delta_io.read(spark, config.table_path(catalog.SILVER_NEWS_ARTICLES)).collect()}
    assert "day-a" in ids and "day-b" not in ids


def test_cli_news_ingest(spark, lake_root, tmp_path):
    from click.testing import CliRunner

    from orchestration.cli import main

    good = tmp_path / "in" / "a.jsonl"
    good.parent.mkdir()
    good.write_text(
        json.dumps({"id": "c1", "text": "Die TU Ilmenau erhält 2,5 Mio. Euro für KI-Forschung."}) + "\n",
        encoding="utf-8",
    )
    (tmp_path / "in" / "broken.rss").write_text("<rss><channel><item>", encoding="utf-8")
    result = CliRunner().invoke(main, ["news", "ingest", str(good.parent), "--root", str(lake_root)])
    assert result.exit_code == 0, result.output
    assert "1 articles read" in result.output and "1 rejected" in result.output
    assert "malformed feed" in result.output
    config = LakeConfig.from_env(str(lake_root))
    row = delta_io.read(spark, config.table_path(catalog.SILVER_NEWS_ARTICLES)).collect()[0]
    assert (row.id, row.funding_eur, row.states) == ("c1", 2_500_000.0, ["Thüringen"])
