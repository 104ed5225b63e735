"""The bench's anchors (plain Spark SQL on parquet, DuckDB) compute the same gold from the same CSV."""

from __future__ import annotations

from pathlib import Path

import duckdb

from bench import anchors
from samples.survey_generator import generate_survey


def _table(path: Path) -> list[tuple]:
    rows = duckdb.sql(
        f"SELECT * FROM read_parquet('{path}/**/*.parquet' ) ORDER BY ALL"
        if path.is_dir()
        else f"SELECT * FROM '{path}' ORDER BY ALL"
    ).fetchall()
    return [tuple(round(v, 9) if isinstance(v, float) else v for v in r) for r in rows]


def test_spark_sql_and_duckdb_anchors_agree(spark, tmp_path: Path) -> None:
    csv = tmp_path / "survey.csv"
    generate_survey(csv, rows=1500, seed=8)
    got_spark = anchors.spark_sql(spark, csv, tmp_path / "spark")
    got_duck = anchors.duckdb(csv, tmp_path / "duck")
    assert got_spark["gold_rows"] == got_duck["gold_rows"]
    assert all(n > 0 for n in got_duck["gold_rows"].values())
    for name in anchors.QUERIES:
        assert _table(tmp_path / "spark" / name) == _table(tmp_path / "duck" / f"{name}.parquet"), name
