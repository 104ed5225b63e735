"""The rules behind the asset checks: plain functions over the read-only DuckDB layer.

Each rule reads one or two Delta tables through `lake.query.LakeQuery` (never Spark, so a check
costs milliseconds and cannot change the lake) and returns a `dg.AssetCheckResult` whose metadata
says what was counted, so a failure in the UI explains itself.
"""

import datetime as dt
from collections.abc import Sequence

import dagster as dg

from lake import catalog, delta_log, sql, vocabulary
from lake.query import LakeQuery

# Column names that would carry personal data of respondents; none may reach silver or gold.
PERSONAL_COLUMNS = ("contact_email", "comment", "email", "e_mail", "phone", "telephone", "contact_name")
# Not a contract table: the survey pipeline's record of conformed bronze batches (per file counts).
SURVEY_INGEST_LOG = catalog.SILVER_SURVEY_INGEST_LOG


_q = sql.identifier


def _scan_path(q: LakeQuery, table: str) -> str:
    """delta_scan of any table under the lake root (also non-contract ones such as the ingest log)."""
    return f"delta_scan({sql.literal(q.table_path(table))})"


def _exists(q: LakeQuery, table: str) -> bool:
    return delta_log.exists(q.table_path(table))


def _missing(table: str) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(passed=False, description=f"table {table} does not exist", metadata={"table": table})


def _md(df) -> str:
    """A small DataFrame as a Markdown table (for check metadata in the UI)."""
    cols = [str(c) for c in df.columns]
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    lines += ["| " + " | ".join(str(v) for v in row) + " |" for row in df.itertuples(index=False)]
    return "\n".join(lines)


def _scalar(q: LakeQuery, sql: str) -> int:
    return int(q.sql(sql).iloc[0, 0] or 0)


def keys_unique(q: LakeQuery, table: str, keys: Sequence[str]) -> dg.AssetCheckResult:
    """No two rows share the key (null key parts compare equal: cube rows use null for "all")."""
    if not _exists(q, table):
        return _missing(table)
    cols = ", ".join(_q(k) for k in keys)
    dupes = q.sql(
        f"SELECT {cols}, count(*) AS n FROM {_scan_path(q, table)} GROUP BY ALL HAVING count(*) > 1 "
        f"ORDER BY n DESC LIMIT 5"
    )
    n = _scalar(q, f"SELECT count(*) FROM (SELECT {cols} FROM {_scan_path(q, table)} GROUP BY ALL HAVING count(*) > 1)")
    return dg.AssetCheckResult(
        passed=n == 0,
        description=f"key ({', '.join(keys)}) is unique" if n == 0 else f"{n} duplicated key values",
        metadata={
            "key": ", ".join(keys),
            "duplicated_keys": n,
            "examples": dg.MetadataValue.md(_md(dupes) if n else "none"),
        },
    )


def no_personal_data(q: LakeQuery, table: str) -> dg.AssetCheckResult:
    """None of `PERSONAL_COLUMNS` is a column of the table (case-insensitive)."""
    if not _exists(q, table):
        return _missing(table)
    columns = list(q.sql(f"SELECT * FROM {_scan_path(q, table)} LIMIT 0").columns)
    found = sorted(c for c in columns if c.lower() in PERSONAL_COLUMNS)
    return dg.AssetCheckResult(
        passed=not found,
        description="no personal-data columns" if not found else f"personal-data columns present: {', '.join(found)}",
        metadata={"personal_columns_found": ", ".join(found) or "none", "columns": len(columns)},
    )


def shares_in_unit_interval(q: LakeQuery, table: str, columns: Sequence[str]) -> dg.AssetCheckResult:
    """Every non-null share (and interval bound) lies in [0, 1]."""
    if not _exists(q, table):
        return _missing(table)
    cond = " OR ".join(f"({_q(c)} < 0 OR {_q(c)} > 1 OR isnan({_q(c)}))" for c in columns)
    bad = _scalar(q, f"SELECT count(*) FROM {_scan_path(q, table)} WHERE {cond}")
    total = _scalar(q, f"SELECT count(*) FROM {_scan_path(q, table)}")
    return dg.AssetCheckResult(
        passed=bad == 0,
        description=f"{bad} of {total} rows have a share outside [0, 1]",
        metadata={"rows_outside": bad, "rows": total, "columns": ", ".join(columns)},
    )


def suppression_consistent(
    q: LakeQuery, table: str, share: str, min_respondents: int = vocabulary.MIN_RESPONDENTS
) -> dg.AssetCheckResult:
    """Cells with fewer than `min_respondents` are suppressed and show no share; others show one."""
    if not _exists(q, table):
        return _missing(table)
    bad = _scalar(
        q,
        f"""SELECT count(*) FROM {_scan_path(q, table)} WHERE
        (respondents < {int(min_respondents)} AND (NOT suppressed OR {_q(share)} IS NOT NULL))
        OR (NOT suppressed AND {_q(share)} IS NULL)""",
    )
    return dg.AssetCheckResult(
        passed=bad == 0,
        description=f"{bad} cells break the suppression rule (respondents < {min_respondents} => suppressed, no share)",
        metadata={"rows_breaking_rule": bad},
    )


def no_single_suppressed_member(q: LakeQuery, table: str) -> dg.AssetCheckResult:
    """No additive relation of the cube has exactly one suppressed cell among its total and its
    members (secondary suppression, lake-tables-v2): one could compute that cell by subtraction
    (a member) or addition (the total)."""
    if not _exists(q, table):
        return _missing(table)
    from transforms.survey import disclosure, indicators

    if table == catalog.GOLD_AI_ADOPTION:
        dims, hierarchies = list(indicators.ADOPTION_DIMENSIONS), indicators.ADOPTION_HIERARCHIES
    else:
        item = "technology" if table == catalog.GOLD_AI_TECHNOLOGIES else "barrier"
        dims, hierarchies = ["wave", "land", item], indicators.LAND_HIERARCHY
    df = q.sql(f"SELECT {', '.join(_q(d) for d in dims)}, suppressed FROM {_scan_path(q, table)}")
    bad = relations = 0
    for _, cells in df.groupby("wave"):
        cells = cells.reset_index(drop=True)
        hidden = cells["suppressed"].astype(bool).tolist()
        for total, members in disclosure.relations_of(cells, dims, hierarchies):
            relations += 1
            bad += disclosure.exposed(hidden[total], [hidden[m] for m in members])
    return dg.AssetCheckResult(
        passed=bad == 0,
        description=f"{bad} of {relations} additive relations have a single suppressed cell (total or member)",
        metadata={"relations": relations, "relations_with_single_suppressed_member": bad},
    )


def interval_contains_share(
    q: LakeQuery,
    table: str,
    share: str = "weighted_share",
    low: str = "ci_low",
    high: str = "ci_high",
    tol: float = 1e-9,
) -> dg.AssetCheckResult:
    """Wherever a share is shown, its 95 % interval is present and contains it: low <= share <= high."""
    if not _exists(q, table):
        return _missing(table)
    s, lo, hi = _q(share), _q(low), _q(high)
    bad = _scalar(
        q,
        f"""SELECT count(*) FROM {_scan_path(q, table)} WHERE {s} IS NOT NULL AND
        ({lo} IS NULL OR {hi} IS NULL OR {lo} > {s} + {tol} OR {s} > {hi} + {tol})""",
    )
    shown = _scalar(q, f"SELECT count(*) FROM {_scan_path(q, table)} WHERE {s} IS NOT NULL")
    return dg.AssetCheckResult(
        passed=bad == 0,
        description=f"{bad} of {shown} shown shares lie outside their interval (or have none)",
        metadata={"rows_outside_interval": bad, "rows_with_share": shown},
    )


def survey_counts_reconcile(q: LakeQuery) -> dg.AssetCheckResult:
    """Per conformed bronze batch (file): rows read = accepted + rejected, and each number matches
    the tables: bronze rows of the batch = read, reject rows of the file = rejected, and silver
    holds no more rows than were accepted (resubmissions collapse to the latest)."""
    bronze, silver, rejects = "bronze/survey_responses", "silver/survey_responses", "silver/survey_rejects"
    for table in (bronze, silver):
        if not _exists(q, table):
            return _missing(table)
    if not _exists(q, SURVEY_INGEST_LOG):
        return _missing(SURVEY_INGEST_LOG)
    rejects_sql = (
        f"SELECT _batch_id, count(*) AS n FROM {_scan_path(q, rejects)} GROUP BY ALL"
        if _exists(q, rejects)
        else "SELECT NULL::VARCHAR AS _batch_id, 0 AS n WHERE false"
    )
    rows = q.sql(f"""
        WITH log AS (SELECT batch_id, any_value(source_file) AS source_file, sum(rows_read) AS rows_read,
                            sum(accepted) AS accepted, sum(rejected) AS rejected
                     FROM {_scan_path(q, SURVEY_INGEST_LOG)} GROUP BY batch_id),
             b AS (SELECT _batch_id, count(*) AS n FROM {_scan_path(q, bronze)} GROUP BY ALL),
             r AS ({rejects_sql})
        SELECT log.source_file, log.rows_read, log.accepted, log.rejected,
               coalesce(b.n, 0) AS bronze_rows, coalesce(r.n, 0) AS reject_rows
        FROM log LEFT JOIN b ON b._batch_id = log.batch_id LEFT JOIN r ON r._batch_id = log.batch_id
        ORDER BY log.source_file""")
    broken = rows[
        (rows.rows_read != rows.accepted + rows.rejected)
        | (rows.bronze_rows != rows.rows_read)
        | (rows.reject_rows != rows.rejected)
    ]
    silver_rows = _scalar(q, f"SELECT count(*) FROM {_scan_path(q, silver)}")
    accepted = int(rows.accepted.sum()) if len(rows) else 0
    ok = broken.empty and silver_rows <= accepted
    return dg.AssetCheckResult(
        passed=bool(ok),
        description=(
            "read = accepted + rejected for every file"
            if ok
            else f"{len(broken)} files do not add up; silver rows {silver_rows} vs accepted {accepted}"
        ),
        metadata={
            "files": len(rows),
            "rows_read": int(rows.rows_read.sum()) if len(rows) else 0,
            "accepted": accepted,
            "rejected": int(rows.rejected.sum()) if len(rows) else 0,
            "silver_rows": silver_rows,
            "files_not_adding_up": dg.MetadataValue.md(_md(broken) if len(broken) else "none"),
        },
    )


def news_reconciles_with_bronze(q: LakeQuery) -> dg.AssetCheckResult:
    """Every silver article comes from a bronze article (no row from nowhere), one row per id."""
    bronze, silver = "bronze/news_articles", "silver/news_articles"
    for table in (bronze, silver):
        if not _exists(q, table):
            return _missing(table)
    orphans = _scalar(
        q,
        f"""SELECT count(*) FROM {_scan_path(q, silver)} s
        WHERE s.id NOT IN (SELECT id FROM {_scan_path(q, bronze)})""",
    )
    silver_rows = _scalar(q, f"SELECT count(*) FROM {_scan_path(q, silver)}")
    bronze_ids = _scalar(q, f"SELECT count(DISTINCT id) FROM {_scan_path(q, bronze)} WHERE duplicate_of IS NULL")
    return dg.AssetCheckResult(
        passed=orphans == 0 and silver_rows <= bronze_ids,
        description=f"{orphans} silver articles without a bronze article; {silver_rows} silver rows, "
        f"{bronze_ids} distinct bronze articles",
        metadata={"orphans": orphans, "silver_rows": silver_rows, "bronze_articles": bronze_ids},
    )


def districts_complete(q: LakeQuery, expected: dict[str, int] | None = None) -> dg.AssetCheckResult:
    """Every district of both Länder is there: Sachsen 13, Thüringen 22 (AGS prefixes 14 / 16)."""
    expected = expected or {"14": 13, "16": 22}
    table = "silver/districts"
    if not _exists(q, table):
        return _missing(table)
    got = {
        str(r.p): int(r.n)
        for r in q.sql(
            f"SELECT substr(ags, 1, 2) AS p, count(*) AS n FROM {_scan_path(q, table)} GROUP BY ALL"
        ).itertuples()
    }
    ok = all(got.get(k) == v for k, v in expected.items()) and set(got) <= set(expected)
    return dg.AssetCheckResult(
        passed=ok,
        description=f"districts per Land prefix {got}, expected {expected}",
        metadata={"found": dg.MetadataValue.json(got), "expected": dg.MetadataValue.json(expected)},
    )


def last_commit_time(q: LakeQuery, table: str) -> dt.datetime | None:
    """The commit time of the table's latest Delta version (UTC; in-commit timestamps honoured)."""
    return delta_log.last_commit_time(q.table_path(table))


def fresh(q: LakeQuery, table: str, max_age: dt.timedelta, now: dt.datetime | None = None) -> dg.AssetCheckResult:
    """The table was written within `max_age` (WARN: stale data is shown, but flagged)."""
    if not q.config.is_local:
        return dg.AssetCheckResult(
            passed=True, description="freshness is only read from local lake roots", severity=dg.AssetCheckSeverity.WARN
        )
    if not _exists(q, table):
        return _missing(table)
    now = now or dt.datetime.now(dt.UTC)
    written = last_commit_time(q, table)
    age = now - written if written else None
    ok = age is not None and age <= max_age
    return dg.AssetCheckResult(
        passed=bool(ok),
        severity=dg.AssetCheckSeverity.WARN,
        description=f"last written {written:%Y-%m-%d %H:%M} UTC, {age} ago (allowed {max_age})"
        if written
        else "no commit found",
        metadata={
            "last_written": written.isoformat() if written else "never",
            "age_hours": round(age.total_seconds() / 3600, 2) if age else -1,
            "max_age_hours": round(max_age.total_seconds() / 3600, 2),
        },
    )


# --- gold/ai_adoption_modelled (lake-tables-v2, "Modelled district estimates") ---

_DISTRICT_CELLS = "nace_section IS NULL AND size_class IS NULL"


def modelled_complete(q: LakeQuery) -> dg.AssetCheckResult:
    """One row per wave of gold/ai_adoption × district of silver/districts, no more, no less."""
    table, gold, districts = catalog.GOLD_AI_ADOPTION_MODELLED, catalog.GOLD_AI_ADOPTION, catalog.SILVER_DISTRICTS
    for t in (table, gold, districts):
        if not _exists(q, t):
            return _missing(t)
    missing = _scalar(
        q,
        f"""SELECT count(*) FROM (SELECT DISTINCT wave FROM {_scan_path(q, gold)}) w
        CROSS JOIN (SELECT ags FROM {_scan_path(q, districts)}) d
        WHERE NOT EXISTS (SELECT 1 FROM {_scan_path(q, table)} m WHERE m.wave = w.wave AND m.ags = d.ags)""",
    )
    rows = _scalar(q, f"SELECT count(*) FROM {_scan_path(q, table)}")
    distinct = _scalar(q, f"SELECT count(*) FROM (SELECT DISTINCT wave, ags FROM {_scan_path(q, table)})")
    extra = _scalar(
        q,
        f"""SELECT count(*) FROM {_scan_path(q, table)} m
        WHERE m.ags NOT IN (SELECT ags FROM {_scan_path(q, districts)})
           OR m.wave NOT IN (SELECT DISTINCT wave FROM {_scan_path(q, gold)})""",
    )
    ok = missing == 0 and extra == 0 and rows == distinct
    return dg.AssetCheckResult(
        passed=ok,
        description=f"{missing} (wave, district) pairs missing, {extra} unknown, {rows - distinct} duplicated",
        metadata={"rows": rows, "missing_pairs": missing, "unknown_rows": extra, "duplicates": rows - distinct},
    )


def modelled_values_valid(q: LakeQuery, tol: float = 1e-9) -> dg.AssetCheckResult:
    """Modelled share and interval never null, inside [0, 1], and low <= share <= high."""
    table = catalog.GOLD_AI_ADOPTION_MODELLED
    if not _exists(q, table):
        return _missing(table)
    bad = _scalar(
        q,
        f"""SELECT count(*) FROM {_scan_path(q, table)} WHERE
        modelled_share IS NULL OR modelled_ci_low IS NULL OR modelled_ci_high IS NULL
        OR isnan(modelled_share) OR isnan(modelled_ci_low) OR isnan(modelled_ci_high)
        OR modelled_ci_low < 0 OR modelled_ci_high > 1
        OR modelled_ci_low > modelled_share + {tol} OR modelled_share > modelled_ci_high + {tol}
        OR method NOT IN ('eblup', 'synthetic') OR model IS NULL""",
    )
    return dg.AssetCheckResult(
        passed=bad == 0,
        description=f"{bad} rows with a missing, out-of-range or uncovered modelled value",
        metadata={"rows_breaking_rule": bad},
    )


def modelled_method_consistent(q: LakeQuery) -> dg.AssetCheckResult:
    """`synthetic` exactly where the district has no respondent in the wave, `eblup` elsewhere."""
    table = catalog.GOLD_AI_ADOPTION_MODELLED
    if not _exists(q, table):
        return _missing(table)
    bad = _scalar(
        q,
        f"""SELECT count(*) FROM {_scan_path(q, table)}
        WHERE (respondents = 0) <> (method = 'synthetic')""",
    )
    synthetic = _scalar(q, f"SELECT count(*) FROM {_scan_path(q, table)} WHERE method = 'synthetic'")
    return dg.AssetCheckResult(
        passed=bad == 0,
        description=f"{bad} rows whose method does not match respondents",
        metadata={"rows_breaking_rule": bad, "synthetic_rows": synthetic},
    )


def modelled_direct_matches_gold(q: LakeQuery, tol: float = 1e-12) -> dg.AssetCheckResult:
    """The direct columns are gold/ai_adoption's district cells: equal where shown, null exactly
    where gold suppresses them; respondents equal."""
    table, gold = catalog.GOLD_AI_ADOPTION_MODELLED, catalog.GOLD_AI_ADOPTION
    for t in (table, gold):
        if not _exists(q, t):
            return _missing(t)
    bad = _scalar(
        q,
        f"""SELECT count(*) FROM {_scan_path(q, table)} m
        LEFT JOIN (SELECT * FROM {_scan_path(q, gold)} WHERE ags IS NOT NULL AND {_DISTRICT_CELLS}) g
          ON g.wave = m.wave AND g.ags = m.ags
        WHERE coalesce(g.respondents, 0) <> m.respondents
           OR (g.weighted_share IS NULL) <> (m.direct_share IS NULL)
           OR (g.ci_low IS NULL) <> (m.direct_ci_low IS NULL) OR (g.ci_high IS NULL) <> (m.direct_ci_high IS NULL)
           OR abs(g.weighted_share - m.direct_share) > {tol}
           OR abs(g.ci_low - m.direct_ci_low) > {tol} OR abs(g.ci_high - m.direct_ci_high) > {tol}""",
    )
    return dg.AssetCheckResult(
        passed=bad == 0,
        description=f"{bad} rows whose direct columns differ from gold/ai_adoption",
        metadata={"rows_breaking_rule": bad},
    )


def modelled_benchmarked(q: LakeQuery, tol: float = 1e-9) -> dg.AssetCheckResult:
    """Per wave and Land with a published direct share: Σ benchmark_weight·modelled_share /
    Σ benchmark_weight equals it (the benchmarking identity)."""
    table, gold = catalog.GOLD_AI_ADOPTION_MODELLED, catalog.GOLD_AI_ADOPTION
    for t in (table, gold):
        if not _exists(q, t):
            return _missing(t)
    rows = q.sql(f"""SELECT m.wave, m.land, sum(m.benchmark_weight * m.modelled_share) / sum(m.benchmark_weight)
            AS modelled, any_value(g.weighted_share) AS direct
        FROM {_scan_path(q, table)} m JOIN (SELECT * FROM {_scan_path(q, gold)}
             WHERE ags IS NULL AND land IS NOT NULL AND {_DISTRICT_CELLS} AND weighted_share IS NOT NULL) g
          ON g.wave = m.wave AND g.land = m.land
        GROUP BY ALL ORDER BY ALL""")
    broken = rows[(rows.modelled - rows.direct).abs() > tol]
    return dg.AssetCheckResult(
        passed=broken.empty,
        description=f"{len(broken)} of {len(rows)} (wave, Land) cells do not reproduce the Land's direct share",
        metadata={
            "cells": len(rows),
            "cells_off": len(broken),
            "max_abs_difference": float((rows.modelled - rows.direct).abs().max()) if len(rows) else 0.0,
            "examples": dg.MetadataValue.md(_md(broken.head(5)) if len(broken) else "none"),
        },
    )
