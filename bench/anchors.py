"""Anchors for the survey pipeline's cost: the same work without Delta and without the project's code.

Both read the generated CSV, validate (types, codes, Länder), keep the latest submission per
(wave, response_id), and compute the three gold aggregations (adoption by wave x Land x sector /
size class, technologies among users, barriers among non-users), written as parquet. One SQL text
runs on plain Spark SQL (the same SparkSession, parquet, no Delta) and on DuckDB, so the pipeline's
number (`lakehouse bench`: CSV -> all gold through Delta) reads as a multiple of what the engine
alone needs for the data.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from transforms.survey.schema import BARRIERS, TECHNOLOGIES

CLEAN_SQL = """
SELECT * FROM (
  SELECT *, row_number() OVER (PARTITION BY wave, response_id ORDER BY submitted_at DESC) AS rn FROM (
    SELECT response_id, wave, CAST(submitted_at AS TIMESTAMP) AS submitted_at, ags, nace_section,
           CASE WHEN substr(ags, 1, 2) = '14' THEN 'Sachsen' ELSE 'Thüringen' END AS land,
           CASE WHEN employees_n < 10 THEN '1-9' WHEN employees_n < 50 THEN '10-49'
                WHEN employees_n < 250 THEN '50-249' ELSE '250+' END AS size_class,
           CASE WHEN lower(uses_ai) IN ('yes', 'ja') THEN 1.0 ELSE 0.0 END AS uses,
           weight_n AS w, {casts}
    FROM (SELECT *, TRY_CAST(employees AS INT) AS employees_n, TRY_CAST(weight AS DOUBLE) AS weight_n FROM raw) r
    WHERE response_id IS NOT NULL AND length(wave) = 7 AND substr(wave, 5, 2) = '-Q'
      AND substr(ags, 1, 2) IN ('14', '16') AND length(ags) = 5 AND nace_section IS NOT NULL
      AND employees_n >= 1 AND weight_n > 0
      AND lower(uses_ai) IN ('yes', 'no', 'planned', 'ja', 'nein', 'geplant')
  ) v
) d WHERE rn = 1
"""

ADOPTION_SQL = """
SELECT wave, land, nace_section, size_class, count(*) AS respondents, sum(w * uses) / sum(w) AS weighted_share
FROM clean GROUP BY GROUPING SETS ((wave), (wave, land), (wave, land, nace_section), (wave, land, size_class))
"""


def _shares_sql(columns: tuple[str, ...], where: str) -> str:
    shares = ", ".join(f"sum(w * {c}) / sum(w) AS {c}" for c in columns)
    return f"SELECT wave, land, count(*) AS respondents, {shares} FROM clean WHERE {where} GROUP BY wave, land"


def _clean_sql() -> str:
    casts = ", ".join(f"coalesce(TRY_CAST({c} AS DOUBLE), 0.0) AS {c}" for c in (*TECHNOLOGIES, *BARRIERS))
    return CLEAN_SQL.format(casts=casts)


QUERIES = {
    "ai_adoption": ADOPTION_SQL,
    "ai_technologies": _shares_sql(TECHNOLOGIES, "uses = 1.0"),
    "ai_barriers": _shares_sql(BARRIERS, "uses = 0.0"),
}


def spark_sql(spark, csv: Path, out: Path) -> dict:
    """Plain Spark SQL on the bench's session: CSV -> clean (cached once) -> three parquet tables."""
    shutil.rmtree(out, ignore_errors=True)
    t0 = time.perf_counter()
    spark.read.option("header", "true").csv(str(csv)).createOrReplaceTempView("raw")
    clean = spark.sql(_clean_sql()).persist()
    clean.createOrReplaceTempView("clean")
    rows = {}
    for name, sql in QUERIES.items():
        df = spark.sql(sql)
        df.write.mode("overwrite").parquet(str(out / name))
        rows[name] = spark.read.parquet(str(out / name)).count()
    clean.unpersist()
    for view in ("raw", "clean"):
        spark.catalog.dropTempView(view)
    return {"seconds": round(time.perf_counter() - t0, 2), "gold_rows": rows}


def duckdb(csv: Path, out: Path) -> dict:
    """The same SQL on DuckDB (in process, all cores)."""
    import duckdb as ddb

    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    t0 = time.perf_counter()
    con = ddb.connect()
    con.execute(f"CREATE VIEW raw AS SELECT * FROM read_csv('{csv}', header = true, all_varchar = true)")
    con.execute(f"CREATE TEMP TABLE clean AS {_clean_sql()}")
    rows = {}
    for name, sql in QUERIES.items():
        target = out / f"{name}.parquet"
        con.execute(f"COPY ({sql}) TO '{target}' (FORMAT parquet)")
        rows[name] = int(con.execute(f"SELECT count(*) FROM '{target}'").fetchone()[0])
    con.close()
    return {"seconds": round(time.perf_counter() - t0, 2), "gold_rows": rows}
