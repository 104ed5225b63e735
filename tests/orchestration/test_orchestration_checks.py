"""Every asset check fails on a Delta table crafted to break it (and passes on a sound one)."""

import datetime as dt
from pathlib import Path

import dagster as dg
import pytest

from lake import catalog
from lake.config import LakeConfig
from lake.query import LakeQuery
from orchestration.checks import CHECK_SPECS, build_checks, rules, run_check
from orchestration.resources import DuckDBResource
from tests.support.paths import REPO_ROOT

GOLD_SHARES = {
    catalog.GOLD_AI_ADOPTION: "weighted_share",
    catalog.GOLD_AI_TECHNOLOGIES: "share_of_users",
    catalog.GOLD_AI_BARRIERS: "share_of_non_users",
}
GOLD_DIMS = {
    catalog.GOLD_AI_ADOPTION: "size_class",
    catalog.GOLD_AI_TECHNOLOGIES: "technology",
    catalog.GOLD_AI_BARRIERS: "barrier",
}


def _write(spark, root: Path, table: str, rows: list[dict]) -> None:
    """A Delta table with exactly these rows; column types from the values (all-None = string)."""
    names = list(dict.fromkeys(k for r in rows for k in r))
    kinds = {bool: "boolean", int: "bigint", float: "double", str: "string"}

    def kind(col: str) -> str:
        values = [r.get(col) for r in rows if r.get(col) is not None]
        if any(isinstance(v, float) for v in values):
            return "double"
        return kinds[type(values[0])] if values else "string"

    ddl = ", ".join(f"`{n}` {kind(n)}" for n in names)
    data = [
        tuple(float(r.get(n)) if kind(n) == "double" and r.get(n) is not None else r.get(n) for n in names)
        for r in rows
    ]
    df = spark.createDataFrame(data, ddl)
    df.write.format("delta").mode("overwrite").option("overwriteSchema", "true").save(f"{root}/{table}")


def _gold_rows(table: str, **bad) -> list[dict]:
    dim = GOLD_DIMS[table]
    share = GOLD_SHARES[table]
    base = {
        "wave": "2025-Q1",
        "land": "Sachsen",
        dim: "x",
        "respondents": 20,
        share: 0.4,
        "ci_low": 0.2,
        "ci_high": 0.6,
        "suppressed": False,
    }
    if table == catalog.GOLD_AI_ADOPTION:
        base.update({"ags": None, "nace_section": None})
    rows = [dict(base), {**base, dim: "y", **bad}]
    return rows


def _query(root: Path) -> LakeQuery:
    return LakeQuery(LakeConfig.from_env(str(root)))


def _specs(name: str) -> list:
    return [s for s in CHECK_SPECS if s.name == name]


def test_every_silver_and_gold_table_has_checks_and_they_are_wired() -> None:
    tables = {s.table for s in CHECK_SPECS}
    assert tables == {t for t in catalog.TABLES if not t.startswith("bronze/")}
    for table in tables:
        names = {s.name for s in CHECK_SPECS if s.table == table}
        assert {"keys_unique", "no_personal_data"} <= names
    assert {s.table for s in CHECK_SPECS if s.name == "fresh"} >= {
        catalog.SILVER_SURVEY_RESPONSES,
        catalog.GOLD_AI_ADOPTION,
        catalog.GOLD_NEWS_ACTIVITY,
    }
    assert all(s.blocking for s in CHECK_SPECS if s.name in ("keys_unique", "no_personal_data", "counts_reconcile"))
    assert len(build_checks()) == len(CHECK_SPECS)


@pytest.mark.parametrize("spec", _specs("keys_unique"), ids=lambda s: s.table)
def test_keys_unique_fails_on_duplicated_key(spark, tmp_path: Path, spec) -> None:
    cols = spec.description.split("(", 1)[1].split(")", 1)[0].split(", ")
    row = {c: "k" for c in cols}
    _write(spark, tmp_path, spec.table, [row, {c: "other" for c in cols}])
    assert run_check(spec.table, "keys_unique", _query(tmp_path)).passed
    _write(spark, tmp_path / "bad", spec.table, [row, dict(row)])
    assert not run_check(spec.table, "keys_unique", _query(tmp_path / "bad")).passed


@pytest.mark.parametrize("spec", _specs("no_personal_data"), ids=lambda s: s.table)
def test_no_personal_data_fails_on_pii_column(spark, tmp_path: Path, spec) -> None:
    _write(spark, tmp_path, spec.table, [{"id": "1", "x": 1}])
    assert run_check(spec.table, "no_personal_data", _query(tmp_path)).passed
    for col in ("contact_email", "comment"):
        _write(spark, tmp_path / col, spec.table, [{"id": "1", col: "someone@example.org"}])
        result = run_check(spec.table, "no_personal_data", _query(tmp_path / col))
        assert not result.passed and col in result.description


@pytest.mark.parametrize("table", list(GOLD_SHARES))
def test_share_checks_fail_on_shares_outside_unit_interval(spark, tmp_path: Path, table: str) -> None:
    share = GOLD_SHARES[table]
    _write(spark, tmp_path, table, _gold_rows(table))
    q = _query(tmp_path)
    assert run_check(table, "shares_in_unit_interval", q).passed
    assert run_check(table, "suppression", q).passed
    _write(spark, tmp_path / "big", table, _gold_rows(table, **{share: 1.5}))
    assert not run_check(table, "shares_in_unit_interval", _query(tmp_path / "big")).passed
    _write(spark, tmp_path / "neg", table, _gold_rows(table, **{share: -0.1}))
    assert not run_check(table, "shares_in_unit_interval", _query(tmp_path / "neg")).passed
    # fewer than 5 respondents but a share shown
    _write(spark, tmp_path / "supp", table, _gold_rows(table, respondents=3))
    assert not run_check(table, "suppression", _query(tmp_path / "supp")).passed


def test_interval_check_fails_when_interval_misses_the_share(spark, tmp_path: Path) -> None:
    table = catalog.GOLD_AI_ADOPTION
    _write(spark, tmp_path, table, _gold_rows(table))
    assert run_check(table, "interval_contains_share", _query(tmp_path)).passed
    _write(spark, tmp_path / "bad", table, _gold_rows(table, ci_low=0.5, ci_high=0.7))
    assert not run_check(table, "interval_contains_share", _query(tmp_path / "bad")).passed
    _write(spark, tmp_path / "none", table, _gold_rows(table, ci_low=None))
    assert not run_check(table, "interval_contains_share", _query(tmp_path / "none")).passed


def _survey_tables(
    spark, root: Path, *, bronze_rows: int, read: int, accepted: int, rejected: int, reject_rows: int, silver_rows: int
) -> None:
    _write(
        spark,
        root,
        catalog.BRONZE_SURVEY_RESPONSES,
        [{"response_id": str(i), "_batch_id": "b1", "_source_file": "f.csv"} for i in range(bronze_rows)],
    )
    _write(
        spark,
        root,
        rules.SURVEY_INGEST_LOG,
        [{"batch_id": "b1", "source_file": "f.csv", "rows_read": read, "accepted": accepted, "rejected": rejected}],
    )
    _write(
        spark,
        root,
        catalog.SILVER_SURVEY_REJECTS,
        [
            {"_batch_id": "b1", "_source_file": "f.csv", "_source_row": i, "reason": "bad_wave"}
            for i in range(reject_rows)
        ],
    )
    _write(
        spark,
        root,
        catalog.SILVER_SURVEY_RESPONSES,
        [{"wave": "2025-Q1", "response_id": str(i)} for i in range(silver_rows)],
    )


def test_survey_counts_reconcile_fails_when_rows_go_missing(spark, tmp_path: Path) -> None:
    table = catalog.SILVER_SURVEY_RESPONSES
    _survey_tables(
        spark, tmp_path / "ok", bronze_rows=10, read=10, accepted=8, rejected=2, reject_rows=2, silver_rows=7
    )
    assert run_check(table, "counts_reconcile", _query(tmp_path / "ok")).passed
    # accepted + rejected != read (a row lost between bronze and silver)
    _survey_tables(
        spark, tmp_path / "lost", bronze_rows=10, read=10, accepted=7, rejected=2, reject_rows=2, silver_rows=7
    )
    assert not run_check(table, "counts_reconcile", _query(tmp_path / "lost")).passed
    # the rejects table does not hold the rejected rows
    _survey_tables(
        spark, tmp_path / "rej", bronze_rows=10, read=10, accepted=8, rejected=2, reject_rows=1, silver_rows=7
    )
    assert not run_check(table, "counts_reconcile", _query(tmp_path / "rej")).passed
    # silver holds more rows than were ever accepted
    _survey_tables(
        spark, tmp_path / "more", bronze_rows=10, read=10, accepted=8, rejected=2, reject_rows=2, silver_rows=9
    )
    assert not run_check(table, "counts_reconcile", _query(tmp_path / "more")).passed


def test_news_reconcile_fails_on_article_without_bronze(spark, tmp_path: Path) -> None:
    table = catalog.SILVER_NEWS_ARTICLES
    _write(
        spark,
        tmp_path,
        catalog.BRONZE_NEWS_ARTICLES,
        [{"id": "a", "duplicate_of": None}, {"id": "b", "duplicate_of": None}],
    )
    _write(spark, tmp_path, table, [{"id": "a"}])
    assert run_check(table, "reconciles_with_bronze", _query(tmp_path)).passed
    _write(spark, tmp_path / "bad", catalog.BRONZE_NEWS_ARTICLES, [{"id": "a", "duplicate_of": None}])
    _write(spark, tmp_path / "bad", table, [{"id": "a"}, {"id": "zzz"}])
    assert not run_check(table, "reconciles_with_bronze", _query(tmp_path / "bad")).passed


def test_districts_complete_fails_on_a_missing_district(spark, tmp_path: Path) -> None:
    import csv

    ref = REPO_ROOT / "lake" / "reference" / "districts.csv"
    rows = [{"ags": r["ags"], "name": r["name"]} for r in csv.DictReader(ref.open(encoding="utf-8"))]
    _write(spark, tmp_path, catalog.SILVER_DISTRICTS, rows)
    assert run_check(catalog.SILVER_DISTRICTS, "complete", _query(tmp_path)).passed
    _write(spark, tmp_path / "bad", catalog.SILVER_DISTRICTS, rows[1:])
    assert not run_check(catalog.SILVER_DISTRICTS, "complete", _query(tmp_path / "bad")).passed


def test_freshness_fails_on_a_stale_table(spark, tmp_path: Path) -> None:
    table = catalog.GOLD_NEWS_ACTIVITY
    _write(spark, tmp_path, table, [{"month": "2025-01-01", "land": "Sachsen", "topic": "x", "articles": 1}])
    q = _query(tmp_path)
    assert run_check(table, "fresh", q).passed
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=30)
    stale = rules.fresh(q, table, dt.timedelta(days=2), now=later)
    assert not stale.passed and stale.severity == dg.AssetCheckSeverity.WARN


def test_missing_table_fails_every_check(tmp_path: Path) -> None:
    q = _query(tmp_path)
    for spec in CHECK_SPECS:
        assert not spec.rule(q).passed, f"{spec.table} {spec.name} passed without a table"


def test_check_definition_runs_through_dagster(spark, tmp_path: Path) -> None:
    """The Dagster check (not only its rule) reads the lake named by its DuckDB resource."""
    table = catalog.GOLD_AI_ADOPTION
    _write(spark, tmp_path, table, _gold_rows(table, weighted_share=2.0))
    check = next(
        c
        for c in build_checks()
        if dg.AssetCheckKey(dg.AssetKey(table.split("/")), "shares_in_unit_interval") in c.check_keys
    )
    result = check(duckdb=DuckDBResource(root=str(tmp_path)))
    assert isinstance(result, dg.AssetCheckResult) and not result.passed
