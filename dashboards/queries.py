"""Every query behind the dashboards: one parameterised SELECT each, over gold and silver tables.

Plain functions of a `LakeQuery` and the Delta versions to read (``versions[table]``), so they
can be cached by version in Streamlit (`dashboards.data`) and timed outside it (bench/). User
input only ever reaches DuckDB as a bound parameter; column names come from fixed lists here.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from lake import catalog
from lake.query import LakeQuery

Versions = dict[str, int]
LANDS = ("Sachsen", "Thüringen")
SIZE_ORDER = ("1-9", "10-49", "50-249", "250+")
DIMENSIONS = {"nace_section": "nace_section", "size_class": "size_class"}  # whitelist of cube columns


def _scan(q: LakeQuery, versions: Versions, table: str) -> str:
    version = versions.get(table)
    return q.scan(table, version if version is not None and version >= 0 else None)  # < 0: latest


def waves(q: LakeQuery, v: Versions) -> pd.DataFrame:
    return q.sql(
        f"SELECT DISTINCT wave FROM {_scan(q, v, catalog.GOLD_AI_ADOPTION)} WHERE wave IS NOT NULL ORDER BY wave"
    )


def districts(q: LakeQuery, v: Versions) -> pd.DataFrame:
    return q.sql(f"SELECT ags, name, land, kind, population FROM {_scan(q, v, catalog.SILVER_DISTRICTS)} ORDER BY ags")


def adoption_headline(q: LakeQuery, v: Versions) -> pd.DataFrame:
    """Per wave: both Länder together (land null) and each Land; no other breakdown."""
    return q.sql(f"""
        SELECT wave, land, respondents, weighted_share, ci_low, ci_high, suppressed, suppression, reliability,
               all_alike, previous_share, change_pp, change_significant
               {_optional(q, v, catalog.GOLD_AI_ADOPTION, EXTRA)}
        FROM {_scan(q, v, catalog.GOLD_AI_ADOPTION)}
        WHERE ags IS NULL AND nace_section IS NULL AND size_class IS NULL
        ORDER BY wave, land NULLS FIRST""")


def _optional(q: LakeQuery, v: Versions, table: str, columns: tuple[str, ...]) -> str:
    """`, col AS col` for each optional column the table has, `, NULL AS col` for the others (v1 tables)."""
    key = (q.table_path(table), v.get(table))
    present = _COLUMNS.get(key) if key[1] is not None and key[1] >= 0 else None
    if present is None:
        present = frozenset(q.sql(f"SELECT * FROM {_scan(q, v, table)} LIMIT 0").columns)
        _COLUMNS[key] = present
    return "".join(f", {c}" if c in present else f", NULL AS {c}" for c in columns)


_COLUMNS: dict[tuple[str, int | None], frozenset[str]] = {}  # a version's schema never changes
# lake-tables-v2 columns shown when gold has them: estimated enterprises (Σw) and n_eff.
EXTRA = ("weight_sum", "n_eff")


def adoption_cell(
    q: LakeQuery,
    v: Versions,
    wave: str | None,
    land: str | None,
    ags: str | None,
    nace_section: str | None,
    size_class: str | None,
) -> pd.DataFrame:
    """The cube cell matching exactly the chosen filters (null = all), over all waves up to ``wave``."""
    return q.sql(
        f"""
        SELECT wave, land, ags, nace_section, size_class, respondents, weighted_share, ci_low, ci_high, suppressed,
               suppression, reliability, all_alike, change_pp, change_significant
               {_optional(q, v, catalog.GOLD_AI_ADOPTION, EXTRA)}
        FROM {_scan(q, v, catalog.GOLD_AI_ADOPTION)}
        WHERE land IS NOT DISTINCT FROM $land AND ags IS NOT DISTINCT FROM $ags
          AND nace_section IS NOT DISTINCT FROM $nace AND size_class IS NOT DISTINCT FROM $size
          AND ($wave IS NULL OR wave <= $wave)
        ORDER BY wave""",
        {"land": land, "ags": ags, "nace": nace_section, "size": size_class, "wave": wave},
    )


def adoption_by_district(
    q: LakeQuery, v: Versions, wave: str, nace_section: str | None = None, size_class: str | None = None
) -> pd.DataFrame:
    """One row per district of both Länder (districts without a cube cell have null values)."""
    return q.sql(
        f"""
        WITH cells AS (
            SELECT ags, respondents, weighted_share, ci_low, ci_high, suppressed, suppression, reliability, all_alike
                   {_optional(q, v, catalog.GOLD_AI_ADOPTION, EXTRA)}
            FROM {_scan(q, v, catalog.GOLD_AI_ADOPTION)}
            WHERE wave = $wave AND ags IS NOT NULL
              AND nace_section IS NOT DISTINCT FROM $nace AND size_class IS NOT DISTINCT FROM $size
            QUALIFY row_number() OVER (PARTITION BY ags ORDER BY land NULLS LAST) = 1
        )
        SELECT d.ags, d.name, d.land, coalesce(c.respondents, 0) AS respondents, c.weighted_share, c.ci_low,
               c.ci_high, coalesce(c.suppressed, false) AS suppressed, c.suppression, c.reliability, c.all_alike,
               c.ags IS NOT NULL AS has_cell, c.weight_sum, c.n_eff
        FROM {_scan(q, v, catalog.SILVER_DISTRICTS)} d LEFT JOIN cells c USING (ags)
        ORDER BY d.ags""",
        {"wave": wave, "nace": nace_section, "size": size_class},
    )


def modelled_by_district(q: LakeQuery, v: Versions, wave: str) -> pd.DataFrame:
    """Modelled district shares of a wave (gold/ai_adoption_modelled) with the direct ones beside."""
    return q.sql(
        f"""
        SELECT d.ags, d.name, d.land, m.respondents, m.direct_share, m.direct_ci_low, m.direct_ci_high,
               m.modelled_share, m.modelled_ci_low, m.modelled_ci_high, m.method, m.model
        FROM {_scan(q, v, catalog.SILVER_DISTRICTS)} d
        JOIN {_scan(q, v, catalog.GOLD_AI_ADOPTION_MODELLED)} m ON m.ags = d.ags AND m.wave = $wave
        ORDER BY d.ags""",
        {"wave": wave},
    )


def adoption_by_dimension(
    q: LakeQuery,
    v: Versions,
    wave: str,
    land: str | None,
    dimension: str,
    ags: str | None = None,
    nace_section: str | None = None,
    size_class: str | None = None,
) -> pd.DataFrame:
    """Cells of one breakdown (`nace_section` or `size_class`) for a wave and Land (null = both),
    within the chosen district and the chosen value of the other breakdown (null = all)."""
    column = DIMENSIONS[dimension]
    fixed = {"ags": ags, "nace_section": nace_section, "size_class": size_class}
    fixed.pop(column)
    where = " AND ".join(f"{c} IS NOT DISTINCT FROM ${c}" for c in fixed)
    return q.sql(
        f"""
        SELECT {column} AS category, respondents, weighted_share, ci_low, ci_high, suppressed, suppression,
               reliability, all_alike
               {_optional(q, v, catalog.GOLD_AI_ADOPTION, EXTRA)}
        FROM {_scan(q, v, catalog.GOLD_AI_ADOPTION)}
        WHERE wave = $wave AND land IS NOT DISTINCT FROM $land AND {column} IS NOT NULL AND {where}
          AND {column} <> '10+' -- the 10+ band overlaps the size classes: shown beside the benchmarks
        ORDER BY category""",
        {"wave": wave, "land": land, **fixed},
    )


def survey_waves(q: LakeQuery, v: Versions) -> pd.DataFrame:
    """Per wave: field period (first and last submission) and valid responses in silver."""
    return q.sql(f"""
        SELECT wave, min(submitted_at) AS field_start, max(submitted_at) AS field_end, count(*) AS responses
        FROM {_scan(q, v, catalog.SILVER_SURVEY_RESPONSES)} WHERE wave IS NOT NULL GROUP BY wave ORDER BY wave""")


def survey_files(q: LakeQuery, v: Versions) -> pd.DataFrame:
    """Per delivered file (ingest log): waves, rows read, accepted, rejected, when processed."""
    return q.sql(f"""
        SELECT source_file, array_to_string(waves, ', ') AS waves, rows_read, accepted, rejected, processed_at
        FROM {_scan(q, v, catalog.SILVER_SURVEY_INGEST_LOG)} ORDER BY processed_at, source_file""")


def technologies(q: LakeQuery, v: Versions, wave: str, land: str | None) -> pd.DataFrame:
    return q.sql(
        f"""
        SELECT technology AS category, respondents, share_of_users AS share, suppressed, suppression, reliability,
               all_alike
        FROM {_scan(q, v, catalog.GOLD_AI_TECHNOLOGIES)}
        WHERE wave = $wave AND land IS NOT DISTINCT FROM $land
        ORDER BY share DESC NULLS LAST, category""",
        {"wave": wave, "land": land},
    )


def barriers(q: LakeQuery, v: Versions, wave: str, land: str | None) -> pd.DataFrame:
    return q.sql(
        f"""
        SELECT barrier AS category, respondents, share_of_non_users AS share, suppressed, suppression, reliability,
               all_alike
        FROM {_scan(q, v, catalog.GOLD_AI_BARRIERS)}
        WHERE wave = $wave AND land IS NOT DISTINCT FROM $land
        ORDER BY share DESC NULLS LAST, category""",
        {"wave": wave, "land": land},
    )


def benchmark_comparison(q: LakeQuery, v: Versions, wave: str) -> pd.DataFrame:
    """The regional 10+ share of ``wave`` (both Länder and each Land) beside the official figures of
    the latest year up to the wave's year: the same definition (enterprises with 10 or more employees)."""
    return q.sql(
        f"""
        WITH region AS (
            SELECT land, respondents, weighted_share, ci_low, ci_high, suppressed, suppression, reliability
            FROM {_scan(q, v, catalog.GOLD_AI_ADOPTION)}
            WHERE wave = $wave AND size_class = '10+' AND ags IS NULL AND nace_section IS NULL
        ), official AS (
            SELECT source, table_code, geo, year, share, definition, retrieved
            FROM {_scan(q, v, catalog.SILVER_OFFICIAL_BENCHMARKS)}
            WHERE size_class = '10+' AND year <= CAST(substr($wave, 1, 4) AS INTEGER)
            QUALIFY row_number() OVER (PARTITION BY geo ORDER BY year DESC, source) = 1
        )
        SELECT 'region' AS kind, land AS geo, NULL AS source, NULL AS table_code, NULL::INTEGER AS year,
               respondents, weighted_share AS share, ci_low, ci_high, suppressed, suppression, reliability
        FROM region
        UNION ALL
        SELECT 'official', geo, source, table_code, year, NULL, share, NULL, NULL, false, NULL, NULL FROM official
        ORDER BY kind DESC, geo NULLS FIRST""",
        {"wave": wave},
    )


def news_topics(q: LakeQuery, v: Versions) -> pd.DataFrame:
    return q.sql(
        f"SELECT DISTINCT topic FROM {_scan(q, v, catalog.GOLD_NEWS_ACTIVITY)} WHERE topic IS NOT NULL ORDER BY topic"
    )


def news_by_land(q: LakeQuery, v: Versions, land: str | None, topic: str | None) -> pd.DataFrame:
    """Articles and funding per month and Land (each article counted once per Land)."""
    return q.sql(
        f"""
        SELECT month, land, count(*) AS articles, coalesce(sum(funding_eur), 0) AS funding_eur
        FROM (SELECT month, funding_eur, topics, unnest(states) AS land
              FROM {_scan(q, v, catalog.SILVER_NEWS_ARTICLES)} WHERE month IS NOT NULL)
        WHERE land IN ('Sachsen', 'Thüringen') AND ($land IS NULL OR land = $land)
          AND ($topic IS NULL OR list_contains(topics, $topic))
        GROUP BY month, land ORDER BY month, land""",
        {"land": land, "topic": topic},
    )


def news_by_topic(q: LakeQuery, v: Versions, land: str | None) -> pd.DataFrame:
    """Articles per month and topic about one Land (gold) or either Land (silver, counted once)."""
    if land is not None:
        return q.sql(
            f"""
            SELECT month, topic, articles, funding_eur FROM {_scan(q, v, catalog.GOLD_NEWS_ACTIVITY)}
            WHERE land = $land AND month IS NOT NULL AND topic IS NOT NULL ORDER BY month, topic""",
            {"land": land},
        )
    return q.sql(f"""
        SELECT month, topic, count(*) AS articles, coalesce(sum(funding_eur), 0) AS funding_eur
        FROM (SELECT month, funding_eur, unnest(topics) AS topic FROM {_scan(q, v, catalog.SILVER_NEWS_ARTICLES)}
              WHERE month IS NOT NULL AND list_has_any(states, ['Sachsen', 'Thüringen']))
        GROUP BY month, topic ORDER BY month, topic""")


def news_top_organisations(q: LakeQuery, v: Versions, land: str | None, limit: int = 15) -> pd.DataFrame:
    return q.sql(
        f"""
        SELECT mode(organization) AS organization, count(DISTINCT article_id) AS articles,
               string_agg(DISTINCT land, ', ' ORDER BY land) AS lands, max(month) AS last_month
        FROM {_scan(q, v, catalog.SILVER_NEWS_ORG_MENTIONS)}
        WHERE land IN ('Sachsen', 'Thüringen') AND ($land IS NULL OR land = $land)
        GROUP BY coalesce(organization_key, organization)
        ORDER BY articles DESC, organization LIMIT $limit""",
        {"land": land, "limit": int(limit)},
    )


def like_pattern(text: str) -> str:
    """A literal ILIKE pattern for a search text: `%` `_` and `\\` lose their meaning."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def news_search(
    q: LakeQuery, v: Versions, text: str, land: str | None = None, topic: str | None = None, limit: int = 100
) -> pd.DataFrame:
    """Articles whose title, organisations or places contain ``text`` (a literal, bound parameter)."""
    return q.sql(
        f"""
        SELECT published_date, title, url, array_to_string(states, ', ') AS states,
               array_to_string(topics, ', ') AS topics, funding_eur
        FROM {_scan(q, v, catalog.SILVER_NEWS_ARTICLES)}
        WHERE (coalesce(title, '') ILIKE $pattern ESCAPE '\\'
               OR array_to_string(organizations, ' ') ILIKE $pattern ESCAPE '\\'
               OR array_to_string(cities, ' ') ILIKE $pattern ESCAPE '\\')
          AND ($land IS NULL OR list_contains(states, $land))
          AND ($topic IS NULL OR list_contains(topics, $topic))
        ORDER BY published_date DESC NULLS LAST, title LIMIT $limit""",
        {"pattern": like_pattern(text), "land": land, "topic": topic, "limit": int(limit)},
    )


def news_quarters(q: LakeQuery, v: Versions) -> pd.DataFrame:
    """Quarters (`YYYY-Qn`, the wave calendar) that have articles, newest first."""
    return q.sql(f"""
        SELECT DISTINCT strftime(coalesce(event_date, published_date, month), '%Y') || '-Q' ||
               quarter(coalesce(event_date, published_date, month)) AS quarter
        FROM {_scan(q, v, catalog.SILVER_NEWS_ARTICLES)}
        WHERE coalesce(event_date, published_date, month) IS NOT NULL ORDER BY quarter DESC""")


def news_articles(
    q: LakeQuery,
    v: Versions,
    land: str | None = None,
    topic: str | None = None,
    quarter: str | None = None,
    limit: int = 500,
) -> pd.DataFrame:
    """The articles themselves (corrected values; excluded ones left out), newest first: date
    (event, else publication, else month), headline, source URL, Länder, organisations, funding,
    topics, and which fields an analyst corrected."""
    cols = set(q.sql(f"SELECT * FROM {_scan(q, v, catalog.SILVER_NEWS_ARTICLES)} LIMIT 0").columns)
    excluded = "NOT coalesce(excluded, false)" if "excluded" in cols else "true"
    corrected = "corrected_fields" if "corrected_fields" in cols else "[]::VARCHAR[]"
    return q.sql(
        f"""
        SELECT coalesce(event_date, published_date, month) AS date, title, url, states, organizations,
               funding_eur, topics, {corrected} AS corrected_fields, id
        FROM {_scan(q, v, catalog.SILVER_NEWS_ARTICLES)}
        WHERE {excluded}
          AND ($land IS NULL OR list_contains(states, $land))
          AND ($topic IS NULL OR list_contains(topics, $topic))
          AND ($quarter IS NULL OR strftime(coalesce(event_date, published_date, month), '%Y') || '-Q' ||
               quarter(coalesce(event_date, published_date, month)) = $quarter)
        ORDER BY date DESC NULLS LAST, title LIMIT $limit""",
        {"land": land, "topic": topic, "quarter": quarter, "limit": int(limit)},
    )


def table_rows(q: LakeQuery, v: Versions, table: str) -> pd.DataFrame:
    return q.sql(f"SELECT count(*) AS n FROM {_scan(q, v, table)}")


# Which tables each query reads: the cache key is the tuple of their Delta versions.
TABLES_READ: dict[str, tuple[str, ...]] = {
    "waves": (catalog.GOLD_AI_ADOPTION,),
    "districts": (catalog.SILVER_DISTRICTS,),
    "adoption_headline": (catalog.GOLD_AI_ADOPTION,),
    "adoption_cell": (catalog.GOLD_AI_ADOPTION,),
    "adoption_by_district": (catalog.GOLD_AI_ADOPTION, catalog.SILVER_DISTRICTS),
    "modelled_by_district": (catalog.GOLD_AI_ADOPTION_MODELLED, catalog.SILVER_DISTRICTS),
    "adoption_by_dimension": (catalog.GOLD_AI_ADOPTION,),
    "survey_waves": (catalog.SILVER_SURVEY_RESPONSES,),
    "survey_files": (catalog.SILVER_SURVEY_INGEST_LOG,),
    "technologies": (catalog.GOLD_AI_TECHNOLOGIES,),
    "barriers": (catalog.GOLD_AI_BARRIERS,),
    "benchmark_comparison": (catalog.GOLD_AI_ADOPTION, catalog.SILVER_OFFICIAL_BENCHMARKS),
    "news_topics": (catalog.GOLD_NEWS_ACTIVITY,),
    "news_by_land": (catalog.SILVER_NEWS_ARTICLES,),
    "news_by_topic": (catalog.GOLD_NEWS_ACTIVITY, catalog.SILVER_NEWS_ARTICLES),
    "news_top_organisations": (catalog.SILVER_NEWS_ORG_MENTIONS,),
    "news_search": (catalog.SILVER_NEWS_ARTICLES,),
    "news_quarters": (catalog.SILVER_NEWS_ARTICLES,),
    "news_articles": (catalog.SILVER_NEWS_ARTICLES,),
}
QUERIES: dict[str, Callable[..., pd.DataFrame]] = {name: globals()[name] for name in TABLES_READ}

# Tables the pages show (the Datenstand page lists these).
SHOWN_TABLES = (
    catalog.GOLD_AI_ADOPTION,
    catalog.GOLD_AI_ADOPTION_MODELLED,
    catalog.GOLD_AI_TECHNOLOGIES,
    catalog.GOLD_AI_BARRIERS,
    catalog.GOLD_NEWS_ACTIVITY,
    catalog.SILVER_DISTRICTS,
    catalog.SILVER_NEWS_ARTICLES,
    catalog.SILVER_NEWS_ORG_MENTIONS,
    catalog.SILVER_SURVEY_RESPONSES,
    catalog.SILVER_SURVEY_INGEST_LOG,
)
