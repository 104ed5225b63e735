"""The lake's tables by contract name (lake-tables-v1): ``<layer>/<name>`` under the lake root."""

from __future__ import annotations

from dataclasses import dataclass

BRONZE_SURVEY_RESPONSES = "bronze/survey_responses"
BRONZE_NEWS_ARTICLES = "bronze/news_articles"

SILVER_DISTRICTS = "silver/districts"
SILVER_SURVEY_RESPONSES = "silver/survey_responses"
SILVER_SURVEY_REJECTS = "silver/survey_rejects"
SILVER_SURVEY_INGEST_LOG = "silver/survey_ingest_log"
SILVER_NEWS_ARTICLES = "silver/news_articles"
SILVER_NEWS_ORG_MENTIONS = "silver/news_org_mentions"
SILVER_NEWS_REJECTS = "silver/news_rejects"
SILVER_OFFICIAL_BENCHMARKS = "silver/official_benchmarks"

GOLD_AI_ADOPTION = "gold/ai_adoption"
GOLD_AI_ADOPTION_MODELLED = "gold/ai_adoption_modelled"
GOLD_AI_TECHNOLOGIES = "gold/ai_technologies"
GOLD_AI_BARRIERS = "gold/ai_barriers"
GOLD_NEWS_ACTIVITY = "gold/news_activity"


@dataclass(frozen=True)
class TableInfo:
    name: str
    description: str

    @property
    def layer(self) -> str:
        return self.name.split("/", 1)[0]

    @property
    def short_name(self) -> str:
        return self.name.split("/", 1)[1]


TABLES: dict[str, TableInfo] = {
    t.name: t
    for t in [
        TableInfo(BRONZE_SURVEY_RESPONSES, "Every survey row read, raw values as text, with lineage."),
        TableInfo(BRONZE_NEWS_ARTICLES, "Every news article read, with lineage."),
        TableInfo(SILVER_DISTRICTS, "Districts of Sachsen and Thüringen (AGS, name, NUTS-3, population)."),
        TableInfo(SILVER_SURVEY_RESPONSES, "One row per (wave, response_id), latest submission, typed."),
        TableInfo(SILVER_SURVEY_REJECTS, "Rejected survey rows with a machine-readable reason."),
        TableInfo(SILVER_NEWS_ARTICLES, "One row per article with the extraction fields."),
        TableInfo(SILVER_NEWS_ORG_MENTIONS, "Organisation mentions per article and Land."),
        TableInfo(SILVER_OFFICIAL_BENCHMARKS, "Published shares of enterprises using AI (Destatis, Eurostat), 10+ employees."),
        TableInfo(GOLD_AI_ADOPTION, "Weighted share of enterprises using AI, cube with Wilson intervals."),
        TableInfo(GOLD_AI_ADOPTION_MODELLED, "Modelled district shares (Fay-Herriot EBLUP / synthetic), every wave "
                  "and district, with the direct shares beside them (lake-tables-v2)."),
        TableInfo(GOLD_AI_TECHNOLOGIES, "Technology mix among AI users per wave and Land."),
        TableInfo(GOLD_AI_BARRIERS, "Barriers among non-users per wave and Land."),
        TableInfo(GOLD_NEWS_ACTIVITY, "News articles and funding per month, Land and topic."),
    ]
}


# Bookkeeping tables written beside the contract tables by the same jobs (not Dagster assets of
# their own): readable through the query layer, checked via the assets that write them.
AUXILIARY_TABLES: dict[str, TableInfo] = {
    t.name: t
    for t in [
        TableInfo(SILVER_SURVEY_INGEST_LOG, "One row per ingested survey file: rows read, accepted, rejected."),
        TableInfo(SILVER_NEWS_REJECTS, "News sources or articles that could not be loaded, with a reason."),
    ]
}

ALL_TABLES: dict[str, TableInfo] = {**TABLES, **AUXILIARY_TABLES}


# Reference files beside the tables: district boundaries cached by `lakehouse geodata fetch`
# (transforms.geo) and read by the dashboard map and the report by this path only.
GEODATA_PARTS = ("reference", "geo")
GEODATA_FILE = "districts.geojson"
GEODATA_META_FILE = "districts.meta.json"


def geodata_path(root: str, name: str = GEODATA_FILE) -> str:
    """``<root>/reference/geo/<name>``: the cached district boundaries (or their metadata file)."""
    return "/".join([root.rstrip("/"), *GEODATA_PARTS, name])
