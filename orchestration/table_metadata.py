"""Dagster metadata of the contract tables: owners, kinds, table path and column schema.

Attached to the assets in `orchestration.definitions` (one place, so the domain modules stay
wiring only). Columns are those of lake-tables-v1 that readers rely on; tables may have more.
"""

import dagster as dg

from lake import catalog

OWNERS = {
    "survey": ["team:survey-data"],
    "news": ["team:news-data"],
    "reference": ["team:data-platform"],
}


def _cols(*spec: tuple[str, str, str]) -> dg.TableSchema:
    return dg.TableSchema(columns=[dg.TableColumn(name, type_, description=desc) for name, type_, desc in spec])


LINEAGE = (("_source_file", "string", "file the row was read from"),
           ("_source_row", "int", "row / item number in that file"),
           ("_ingested_at", "timestamp", "when it was appended to bronze"),
           ("_batch_id", "string", "ingest batch"))

SCHEMAS: dict[str, dg.TableSchema] = {
    catalog.BRONZE_SURVEY_RESPONSES: _cols(
        ("response_id", "string", "raw text"), ("wave", "string", "raw text, YYYY-Qn when valid"),
        ("contact_email", "string", "salted SHA-256 of the address, never the address"),
        *LINEAGE, ("_source_sha256", "string", "SHA-256 of the file (a file is ingested once)")),
    catalog.BRONZE_NEWS_ARTICLES: _cols(
        ("id", "string", "stable article id"), ("url", "string", ""), ("title", "string", ""),
        ("text", "string", "full text as received"), ("published", "string", "raw publication date"),
        ("duplicate_of", "string", "id of the kept article when collapsed as a duplicate"), *LINEAGE),
    catalog.SILVER_DISTRICTS: _cols(
        ("ags", "string", "5-digit district key"), ("name", "string", ""), ("land", "string", "Sachsen / Thüringen"),
        ("nuts3", "string", ""), ("kind", "string", "Landkreis / Kreisfreie Stadt"), ("population", "int", "")),
    catalog.SILVER_SURVEY_RESPONSES: _cols(
        ("wave", "string", "YYYY-Qn (key)"), ("response_id", "string", "key within the wave"),
        ("submitted_at", "timestamp", "latest submission wins"), ("ags", "string", "district"),
        ("land", "string", "Sachsen / Thüringen"), ("nace_section", "string", "NACE Rev. 2 section A-S"),
        ("employees", "int", ""), ("size_class", "string", "1-9, 10-49, 50-249, 250+"),
        ("uses_ai", "string", "yes / no / planned"), ("weight", "double", "survey weight")),
    catalog.SILVER_SURVEY_REJECTS: _cols(
        ("_source_file", "string", ""), ("_source_row", "int", ""), ("reason", "string", "machine-readable reason"),
        ("detail", "string", "what was wrong"), ("_source_sha256", "string", "file hash")),
    catalog.SILVER_NEWS_ARTICLES: _cols(
        ("id", "string", "key"), ("language", "string", ""), ("states", "array<string>", "Länder named"),
        ("cities", "array<string>", ""), ("organizations", "array<string>", ""), ("funding_eur", "double", ""),
        ("event_date", "date", ""), ("topics", "array<string>", ""), ("month", "date", "event or publication month")),
    catalog.SILVER_NEWS_ORG_MENTIONS: _cols(
        ("article_id", "string", ""), ("organization", "string", ""), ("organization_key", "string", ""),
        ("land", "string", ""), ("month", "date", "")),
    catalog.GOLD_AI_ADOPTION: _cols(
        ("wave", "string", ""), ("land", "string", "null = both Länder"), ("ags", "string", "null = all"),
        ("nace_section", "string", "null = all"), ("size_class", "string", "null = all"),
        ("respondents", "int", ""), ("weighted_share", "double", "0-1, null when suppressed"),
        ("ci_low", "double", "95 % Wilson on Kish n_eff"), ("ci_high", "double", ""),
        ("suppressed", "boolean", "primary or secondary suppression"),
        ("suppression", "string", "null / primary (respondents < 5) / secondary (would reveal a primary cell)"),
        ("reliability", "string", "reliable / limited / suppressed (n_eff and interval width)"),
        ("previous_share", "double", "same cell one quarter earlier, null when missing or suppressed"),
        ("change_pp", "double", "percentage points"), ("change_significant", "boolean", "z-test, 5 %")),
    catalog.GOLD_AI_ADOPTION_MODELLED: _cols(
        ("wave", "string", "key"), ("land", "string", ""), ("ags", "string", "key: every district in every wave"),
        ("respondents", "int", ""), ("direct_share", "double", "gold/ai_adoption's share, null where suppressed"),
        ("direct_ci_low", "double", ""), ("direct_ci_high", "double", ""),
        ("modelled_share", "double", "0-1, never null; label it 'modelliert'"),
        ("modelled_ci_low", "double", "95 % (Prasad-Rao MSE)"), ("modelled_ci_high", "double", ""),
        ("method", "string", "eblup (respondents > 0) / synthetic (none)"),
        ("model", "string", "model and auxiliary variables"),
        ("benchmark_weight", "double", "weight of the Land benchmark (population)")),
    catalog.GOLD_AI_TECHNOLOGIES: _cols(
        ("wave", "string", ""), ("land", "string", ""), ("technology", "string", ""), ("respondents", "int", ""),
        ("share_of_users", "double", "weighted share among AI users"), ("suppressed", "boolean", "")),
    catalog.GOLD_AI_BARRIERS: _cols(
        ("wave", "string", ""), ("land", "string", ""), ("barrier", "string", ""), ("respondents", "int", ""),
        ("share_of_non_users", "double", "weighted share among non-users"), ("suppressed", "boolean", "")),
    catalog.SILVER_OFFICIAL_BENCHMARKS: _cols(
        ("source", "string", "Destatis / Eurostat / a Land's office"), ("table_code", "string", "e.g. isoc_eb_ai"),
        ("geo", "string", "DE, EU27_2020 or a Land"), ("year", "int", ""),
        ("size_class", "string", "10+, 10-49, 50-249, 250+"), ("nace_scope", "string", ""),
        ("share", "double", "0-1"), ("definition", "string", ""), ("retrieved", "date", "")),
    catalog.GOLD_NEWS_ACTIVITY: _cols(
        ("month", "date", "first day of the month"), ("land", "string", ""), ("topic", "string", ""),
        ("articles", "long", ""), ("funding_eur", "double", "")),
}


def _domain(table: str) -> str:
    if table in (catalog.SILVER_DISTRICTS, catalog.SILVER_OFFICIAL_BENCHMARKS):
        return "reference"
    return "news" if "news" in table else "survey"


def annotate(spec: dg.AssetSpec) -> dg.AssetSpec:
    """Owners, kinds, the Delta table path and the column schema for a contract-table asset."""
    table = "/".join(spec.key.path)
    if table not in catalog.TABLES:
        return spec
    metadata = {"lake_table": table, "dagster/table_name": table.replace("/", ".")}
    if table in SCHEMAS and "dagster/column_schema" not in (spec.metadata or {}):
        metadata["dagster/column_schema"] = SCHEMAS[table]
    owners = list(spec.owners) or OWNERS[_domain(table)]
    return spec.merge_attributes(metadata=metadata, owners=[o for o in owners if o not in spec.owners],
                                 kinds={"delta", "spark"} - set(spec.kinds or ()),
                                 tags={"layer": catalog.TABLES[table].layer, "domain": _domain(table)})
