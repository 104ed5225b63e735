"""The table contract: every lake table, its layer, domain, keys, columns and physical layout.

Tables live at ``<root>/<layer>/<name>`` (lake-tables-v1). Everything else that needs a fact about
a table reads it here: the Dagster metadata (column schema, owners by domain), the asset checks
(unique keys, freshness), maintenance (Z-order), the writers (merge keys, partition columns),
dashboards and reports. Adding a table is one `TableInfo` entry in `TABLES` (contract tables,
Dagster assets) or `AUXILIARY_TABLES` (bookkeeping written beside them).
"""

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
SILVER_NEWS_CORRECTIONS = "silver/news_corrections"
SILVER_OFFICIAL_BENCHMARKS = "silver/official_benchmarks"

GOLD_AI_ADOPTION = "gold/ai_adoption"
GOLD_AI_ADOPTION_MODELLED = "gold/ai_adoption_modelled"
GOLD_AI_TECHNOLOGIES = "gold/ai_technologies"
GOLD_AI_BARRIERS = "gold/ai_barriers"
GOLD_NEWS_ACTIVITY = "gold/news_activity"

LAYERS = ("bronze", "silver", "gold")
DOMAINS = ("survey", "news", "reference")


@dataclass(frozen=True)
class Column:
    """A column readers rely on (tables may have more); `type` in Spark SQL's spelling."""

    name: str
    type: str
    description: str = ""


@dataclass(frozen=True)
class TableInfo:
    """One lake table as the contract and the code that writes it define it."""

    name: str
    description: str
    domain: str
    """`survey`, `news` or `reference`: owners, freshness limits and schedules follow the domain."""
    keys: tuple[str, ...] = ()
    """Columns that identify a row (checked unique); empty = rows have no key (bronze is a log)."""
    columns: tuple[Column, ...] = ()
    partition_by: tuple[str, ...] = ()
    """Delta partition columns (physical layout, Delta partition pruning)."""
    zorder_by: tuple[str, ...] = ()
    """Columns OPTIMIZE clusters by (the dashboards' filters); empty = compaction only."""
    merge_keys: tuple[str, ...] = ()
    """The MERGE condition of the writer; empty when the table is appended to or replaced."""
    write_mode: str = "overwrite"
    """`append` (bronze, logs), `merge` (on `merge_keys`), `replace_partitions` or `overwrite`."""
    fresh_check: bool = False
    """Warn when the table is older than its domain's limit (lake.vocabulary *_MAX_AGE_DAYS)."""

    def __post_init__(self) -> None:
        if self.layer not in LAYERS or self.domain not in DOMAINS:
            raise ValueError(f"{self.name}: layer must be one of {LAYERS}, domain one of {DOMAINS}")
        if self.write_mode == "merge" and not self.merge_keys:
            raise ValueError(f"{self.name}: a merged table needs merge_keys")
        names = {c.name for c in self.columns}
        missing = [c for c in (*self.partition_by, *self.zorder_by) if self.columns and c not in names]
        if missing:
            raise ValueError(f"{self.name}: layout columns {missing} are not among its columns")

    @property
    def layer(self) -> str:
        return self.name.split("/", 1)[0]

    @property
    def short_name(self) -> str:
        return self.name.split("/", 1)[1]

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


def _cols(*spec: tuple[str, str, str]) -> tuple[Column, ...]:
    return tuple(Column(*c) for c in spec)


LINEAGE = (
    ("_source_file", "string", "file the row was read from"),
    ("_source_row", "int", "row / item number in that file"),
    ("_ingested_at", "timestamp", "when it was appended to bronze"),
    ("_batch_id", "string", "ingest batch"),
)

TABLES: dict[str, TableInfo] = {
    t.name: t
    for t in [
        TableInfo(
            BRONZE_SURVEY_RESPONSES,
            "Every survey row read, raw values as text, with lineage.",
            "survey",
            columns=_cols(
                ("response_id", "string", "raw text"),
                ("wave", "string", "raw text, YYYY-Qn when valid"),
                ("contact_email", "string", "salted SHA-256 of the address, never the address"),
                *LINEAGE,
                ("_source_sha256", "string", "SHA-256 of the file (a file is ingested once)"),
            ),
            write_mode="append",
        ),
        TableInfo(
            BRONZE_NEWS_ARTICLES,
            "Every news article read, with lineage.",
            "news",
            columns=_cols(
                ("id", "string", "stable article id"),
                ("url", "string", ""),
                ("title", "string", ""),
                ("text", "string", "full text as received"),
                ("published", "string", "raw publication date"),
                ("duplicate_of", "string", "id of the kept article when collapsed as a duplicate"),
                *LINEAGE,
            ),
            write_mode="append",
        ),
        TableInfo(
            SILVER_DISTRICTS,
            "Districts of Sachsen and Thüringen (AGS, name, NUTS-3, population).",
            "reference",
            keys=("ags",),
            merge_keys=("ags",),
            write_mode="merge",
            columns=_cols(
                ("ags", "string", "5-digit district key"),
                ("name", "string", ""),
                ("land", "string", "Sachsen / Thüringen"),
                ("nuts3", "string", ""),
                ("kind", "string", "Landkreis / Kreisfreie Stadt"),
                ("population", "int", ""),
            ),
        ),
        TableInfo(
            SILVER_SURVEY_RESPONSES,
            "One row per (wave, response_id), latest submission, typed.",
            "survey",
            keys=("wave", "response_id"),
            merge_keys=("wave", "response_id"),
            write_mode="merge",
            partition_by=("wave",),
            zorder_by=("response_id",),
            fresh_check=True,
            columns=_cols(
                ("wave", "string", "YYYY-Qn (key)"),
                ("response_id", "string", "key within the wave"),
                ("submitted_at", "timestamp", "latest submission wins"),
                ("ags", "string", "district"),
                ("land", "string", "Sachsen / Thüringen"),
                ("nace_section", "string", "NACE Rev. 2 section A-S"),
                ("employees", "int", ""),
                ("size_class", "string", "1-9, 10-49, 50-249, 250+"),
                ("uses_ai", "string", "yes / no / planned"),
                ("weight", "double", "survey weight"),
            ),
        ),
        TableInfo(
            SILVER_SURVEY_REJECTS,
            "Rejected survey rows with a machine-readable reason.",
            "survey",
            keys=("_source_file", "_source_row"),
            merge_keys=("_source_sha256", "_source_row"),
            write_mode="merge",
            columns=_cols(
                ("_source_file", "string", ""),
                ("_source_row", "int", ""),
                ("reason", "string", "machine-readable reason"),
                ("detail", "string", "what was wrong"),
                ("_source_sha256", "string", "file hash"),
            ),
        ),
        TableInfo(
            SILVER_NEWS_ARTICLES,
            "One row per article with the extraction fields.",
            "news",
            keys=("id",),
            merge_keys=("id",),
            write_mode="merge",
            fresh_check=True,
            columns=_cols(
                ("id", "string", "key"),
                ("language", "string", ""),
                ("states", "array<string>", "Länder named"),
                ("cities", "array<string>", ""),
                ("organizations", "array<string>", ""),
                ("funding_eur", "double", ""),
                ("event_date", "date", ""),
                ("topics", "array<string>", ""),
                ("month", "date", "event or publication month"),
                ("funding_eur_extracted", "double", "extractor's value (also states/organizations/topics/event_date)"),
                ("excluded", "boolean", "an analyst took the article out"),
                ("corrected_fields", "array<string>", "fields changed by silver/news_corrections"),
            ),
        ),
        TableInfo(
            SILVER_NEWS_ORG_MENTIONS,
            "Organisation mentions per article and Land.",
            "news",
            keys=("article_id", "organization", "land"),
            columns=_cols(
                ("article_id", "string", ""),
                ("organization", "string", "canonical name, one per organisation"),
                ("organization_as_written", "string", ""),
                ("organization_key", "string", ""),
                ("land", "string", ""),
                ("month", "date", ""),
            ),
        ),
        TableInfo(
            SILVER_NEWS_CORRECTIONS,
            "Analysts' corrections of extracted news fields, as received (lake-tables-v2).",
            "news",
            keys=("_source_file", "_source_row"),
            columns=_cols(
                ("article_id", "string", ""),
                ("field", "string", "states/funding_eur/organizations/topics/event_date/exclude"),
                ("value", "string", "JSON for lists"),
                ("reason", "string", ""),
                ("author", "string", ""),
                ("corrected_at", "timestamp", "latest wins"),
                ("_source_file", "string", ""),
                ("_source_row", "int", ""),
            ),
        ),
        TableInfo(
            SILVER_OFFICIAL_BENCHMARKS,
            "Published shares of enterprises using AI (Destatis, Eurostat), 10+ employees.",
            "reference",
            keys=("source", "table_code", "geo", "year", "size_class", "nace_scope"),
            columns=_cols(
                ("source", "string", "Destatis / Eurostat / a Land's office"),
                ("table_code", "string", "e.g. isoc_eb_ai"),
                ("geo", "string", "DE, EU27_2020 or a Land"),
                ("year", "int", ""),
                ("size_class", "string", "10+, 10-49, 50-249, 250+"),
                ("nace_scope", "string", ""),
                ("share", "double", "0-1"),
                ("definition", "string", ""),
                ("retrieved", "date", ""),
            ),
        ),
        TableInfo(
            GOLD_AI_ADOPTION,
            "Weighted share of enterprises using AI, cube with Wilson intervals.",
            "survey",
            keys=("wave", "land", "ags", "nace_section", "size_class"),
            write_mode="replace_partitions",
            zorder_by=("wave", "land"),
            fresh_check=True,
            columns=_cols(
                ("wave", "string", ""),
                ("land", "string", "null = both Länder"),
                ("ags", "string", "null = all"),
                ("nace_section", "string", "null = all"),
                ("size_class", "string", "null = all"),
                ("respondents", "int", ""),
                ("weighted_share", "double", "0-1, null when suppressed"),
                ("ci_low", "double", "95 % Wilson on Kish n_eff"),
                ("ci_high", "double", ""),
                ("suppressed", "boolean", "primary or secondary suppression"),
                ("suppression", "string", "null / primary (respondents < 5) / secondary (would reveal a primary cell)"),
                ("reliability", "string", "reliable / limited / suppressed (n_eff and interval width)"),
                ("previous_share", "double", "same cell one quarter earlier, null when missing or suppressed"),
                ("change_pp", "double", "percentage points"),
                ("change_significant", "boolean", "z-test, 5 %"),
            ),
        ),
        TableInfo(
            GOLD_AI_ADOPTION_MODELLED,
            "Modelled district shares (Fay-Herriot EBLUP / synthetic), every wave "
            "and district, with the direct shares beside them (lake-tables-v2).",
            "survey",
            keys=("wave", "ags"),
            fresh_check=True,
            columns=_cols(
                ("wave", "string", "key"),
                ("land", "string", ""),
                ("ags", "string", "key: every district in every wave"),
                ("respondents", "int", ""),
                ("direct_share", "double", "gold/ai_adoption's share, null where suppressed"),
                ("direct_ci_low", "double", ""),
                ("direct_ci_high", "double", ""),
                ("modelled_share", "double", "0-1, never null; label it 'modelliert'"),
                ("modelled_ci_low", "double", "95 % (Prasad-Rao MSE)"),
                ("modelled_ci_high", "double", ""),
                ("method", "string", "eblup (respondents > 0) / synthetic (none)"),
                ("model", "string", "model and auxiliary variables"),
                ("benchmark_weight", "double", "weight of the Land benchmark (population)"),
            ),
        ),
        TableInfo(
            GOLD_AI_TECHNOLOGIES,
            "Technology mix among AI users per wave and Land.",
            "survey",
            keys=("wave", "land", "technology"),
            write_mode="replace_partitions",
            zorder_by=("wave", "land"),
            fresh_check=True,
            columns=_cols(
                ("wave", "string", ""),
                ("land", "string", ""),
                ("technology", "string", ""),
                ("respondents", "int", ""),
                ("share_of_users", "double", "weighted share among AI users"),
                ("suppressed", "boolean", ""),
            ),
        ),
        TableInfo(
            GOLD_AI_BARRIERS,
            "Barriers among non-users per wave and Land.",
            "survey",
            keys=("wave", "land", "barrier"),
            write_mode="replace_partitions",
            zorder_by=("wave", "land"),
            fresh_check=True,
            columns=_cols(
                ("wave", "string", ""),
                ("land", "string", ""),
                ("barrier", "string", ""),
                ("respondents", "int", ""),
                ("share_of_non_users", "double", "weighted share among non-users"),
                ("suppressed", "boolean", ""),
            ),
        ),
        TableInfo(
            GOLD_NEWS_ACTIVITY,
            "News articles and funding per month, Land and topic.",
            "news",
            keys=("month", "land", "topic"),
            zorder_by=("month", "land"),
            fresh_check=True,
            columns=_cols(
                ("month", "date", "first day of the month"),
                ("land", "string", ""),
                ("topic", "string", ""),
                ("articles", "long", ""),
                ("funding_eur", "double", ""),
            ),
        ),
    ]
}


# Bookkeeping tables written beside the contract tables by the same jobs (not Dagster assets of
# their own): readable through the query layer, checked via the assets that write them.
AUXILIARY_TABLES: dict[str, TableInfo] = {
    t.name: t
    for t in [
        TableInfo(
            SILVER_SURVEY_INGEST_LOG,
            "One row per ingested survey file: rows read, accepted, rejected.",
            "survey",
            keys=("batch_id",),
            merge_keys=("batch_id",),
            write_mode="merge",
        ),
        TableInfo(
            SILVER_NEWS_REJECTS,
            "News sources or articles that could not be loaded, with a reason.",
            "news",
            write_mode="append",
        ),
    ]
}

ALL_TABLES: dict[str, TableInfo] = {**TABLES, **AUXILIARY_TABLES}


def table(name: str) -> TableInfo:
    """The contract entry of a table; KeyError naming the known tables otherwise."""
    try:
        return ALL_TABLES[name]
    except KeyError:
        raise KeyError(f"unknown lake table {name!r}; known: {', '.join(sorted(ALL_TABLES))}") from None


def tables_in(layer: str | None = None, domain: str | None = None, contract_only: bool = True) -> list[str]:
    """Table names of one layer and/or domain, in catalog order."""
    source = TABLES if contract_only else ALL_TABLES
    return [
        n for n, t in source.items() if (layer is None or t.layer == layer) and (domain is None or t.domain == domain)
    ]


# Reference files beside the tables: district boundaries cached by `lakehouse geodata fetch`
# (transforms.geo) and read by the dashboard map and the report by this path only.
GEODATA_PARTS = ("reference", "geo")
GEODATA_FILE = "districts.geojson"
GEODATA_META_FILE = "districts.meta.json"


def geodata_path(root: str, name: str = GEODATA_FILE) -> str:
    """``<root>/reference/geo/<name>``: the cached district boundaries (or their metadata file)."""
    return "/".join([root.rstrip("/"), *GEODATA_PARTS, name])
