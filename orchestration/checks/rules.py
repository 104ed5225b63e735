"""The rules behind the asset checks: plain functions over the read-only DuckDB layer.

Each rule reads one or two Delta tables through `lake.query.LakeQuery` (never Spark, so a check
costs milliseconds and cannot change the lake) and returns a `dg.AssetCheckResult` whose metadata
says what was counted, so a failure in the UI explains itself.
"""

import datetime as dt
from typing import Sequence

import dagster as dg

from lake import catalog, vocabulary
from lake import delta_log, sql
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
    if q.config.is_local:
        return delta_log.exists(q.table_path(table))
    return q.exists(table)


def _missing(table: str) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(passed=False, description=f"table {table} does not exist",
                               metadata={"table": table})


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
        metadata={"key": ", ".join(keys), "duplicated_keys": n,
                  "examples": dg.MetadataValue.md(_md(dupes) if n else "none")},
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


def suppression_consistent(q: LakeQuery, table: str, share: str, min_respondents: int = vocabulary.MIN_RESPONDENTS) -> dg.AssetCheckResult:
    """Cells with fewer than `min_respondents` are suppressed and show no share; others show one."""
    if not _exists(q, table):
        return _missing(table)
    bad = _scalar(q, f"""SELECT count(*) FROM {_scan_path(q, table)} WHERE
        (respondents < {int(min_respondents)} AND (NOT suppressed OR {_q(share)} IS NOT NULL))
        OR (NOT suppressed AND {_q(share)} IS NULL)""")
    return dg.AssetCheckResult(
        passed=bad == 0,
        description=f"{bad} cells break the suppression rule (respondents < {min_respondents} => suppressed, no share)",
        metadata={"rows_breaking_rule": bad},
    )


def interval_contains_share(q: LakeQuery, table: str, share: str = "weighted_share",
                            low: str = "ci_low", high: str = "ci_high", tol: float = 1e-9) -> dg.AssetCheckResult:
    """Wherever a share is shown, its 95 % interval is present and contains it: low <= share <= high."""
    if not _exists(q, table):
        return _missing(table)
    s, lo, hi = _q(share), _q(low), _q(high)
    bad = _scalar(q, f"""SELECT count(*) FROM {_scan_path(q, table)} WHERE {s} IS NOT NULL AND
        ({lo} IS NULL OR {hi} IS NULL OR {lo} > {s} + {tol} OR {s} > {hi} + {tol})""")
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
    rejects_sql = (f"SELECT _batch_id, count(*) AS n FROM {_scan_path(q, rejects)} GROUP BY ALL"
                   if _exists(q, rejects) else "SELECT NULL::VARCHAR AS _batch_id, 0 AS n WHERE false")
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
    broken = rows[(rows.rows_read != rows.accepted + rows.rejected) | (rows.bronze_rows != rows.rows_read)
                  | (rows.reject_rows != rows.rejected)]
    silver_rows = _scalar(q, f"SELECT count(*) FROM {_scan_path(q, silver)}")
    accepted = int(rows.accepted.sum()) if len(rows) else 0
    ok = broken.empty and silver_rows <= accepted
    return dg.AssetCheckResult(
        passed=bool(ok),
        description=("read = accepted + rejected for every file" if ok else
                     f"{len(broken)} files do not add up; silver rows {silver_rows} vs accepted {accepted}"),
        metadata={
            "files": len(rows), "rows_read": int(rows.rows_read.sum()) if len(rows) else 0,
            "accepted": accepted, "rejected": int(rows.rejected.sum()) if len(rows) else 0,
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
    orphans = _scalar(q, f"""SELECT count(*) FROM {_scan_path(q, silver)} s
        WHERE s.id NOT IN (SELECT id FROM {_scan_path(q, bronze)})""")
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
    got = {str(r.p): int(r.n) for r in q.sql(
        f"SELECT substr(ags, 1, 2) AS p, count(*) AS n FROM {_scan_path(q, table)} GROUP BY ALL").itertuples()}
    ok = all(got.get(k) == v for k, v in expected.items()) and set(got) <= set(expected)
    return dg.AssetCheckResult(passed=ok, description=f"districts per Land prefix {got}, expected {expected}",
                               metadata={"found": dg.MetadataValue.json(got), "expected": dg.MetadataValue.json(expected)})


def last_commit_time(q: LakeQuery, table: str) -> dt.datetime | None:
    """The commit time of the table's latest Delta version (UTC; in-commit timestamps honoured)."""
    return delta_log.last_commit_time(q.table_path(table))


def fresh(q: LakeQuery, table: str, max_age: dt.timedelta, now: dt.datetime | None = None) -> dg.AssetCheckResult:
    """The table was written within `max_age` (WARN: stale data is shown, but flagged)."""
    if not q.config.is_local:
        return dg.AssetCheckResult(passed=True, description="freshness is only read from local lake roots",
                                   severity=dg.AssetCheckSeverity.WARN)
    if not _exists(q, table):
        return _missing(table)
    now = now or dt.datetime.now(dt.timezone.utc)
    written = last_commit_time(q, table)
    age = now - written if written else None
    ok = age is not None and age <= max_age
    return dg.AssetCheckResult(
        passed=bool(ok),
        severity=dg.AssetCheckSeverity.WARN,
        description=f"last written {written:%Y-%m-%d %H:%M} UTC, {age} ago (allowed {max_age})" if written
        else "no commit found",
        metadata={"last_written": written.isoformat() if written else "never",
                  "age_hours": round(age.total_seconds() / 3600, 2) if age else -1,
                  "max_age_hours": round(max_age.total_seconds() / 3600, 2)},
    )
