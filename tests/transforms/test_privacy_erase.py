"""Erasure on request and comment retention: the respondent's values are gone from every file."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from lake import catalog, delta_io
from lake.config import LakeConfig
from tests.support.survey import write_small_export
from transforms import privacy
from transforms.survey import jobs

SECRET_ID = "erase-me-7f3a9c"
SECRET_MAIL = "geheim.person@example.org"
SECRET_COMMENT = "Bitte rufen Sie mich unter 0351 999888 an"
ROWS = [
    f"{SECRET_ID};2025-Q3;2025-08-01;14612;C;12;ja;1;;2;{SECRET_MAIL};{SECRET_COMMENT}",
    "k2;2025-Q3;2025-08-02;14612;J;5;nein;;1;1;;",
    "k3;2025-Q3;2025-08-03;14713;C;300;yes;1;;4;;",
    "k4;2025-Q3;2025-08-04;14511;G;40;no;;1;1;;",
    "k5;2025-Q3;2025-08-05;14522;C;60;ja;;1;2;;",
    "k6;2025-Q3;2025-08-06;14625;M;8;ja;0;;1;;Kommentar bleibt",
    "k7;2025-Q3;2025-08-07;16051;C;20;ja;1;;3;;",
    "k8;2025-Q3;2025-08-08;16053;M;11;nein;;1;1;;",
]
# A later file: the same respondent in another wave, and once rejected (unknown district).
ROWS_2 = [
    f"{SECRET_ID};2025-Q4;2025-11-01;14612;C;12;nein;;1;2;{SECRET_MAIL};{SECRET_COMMENT}",
    f"{SECRET_ID};2025-Q4;2025-11-02;99999;C;12;nein;;1;2;{SECRET_MAIL};{SECRET_COMMENT}",
    "k9;2025-Q4;2025-11-03;14612;J;5;ja;1;;1;;",
    "k10;2025-Q4;2025-11-04;16053;M;11;nein;;1;1;;",
]


def _build(spark, tmp_path: Path) -> LakeConfig:
    config = LakeConfig.from_env(str(tmp_path / "lake"))
    jobs.ingest_bronze(spark, config, [write_small_export(tmp_path / "a.csv", ROWS)], salt="s")
    jobs.ingest_bronze(spark, config, [write_small_export(tmp_path / "b.csv", ROWS_2)], salt="s")
    jobs.refresh_silver(spark, config)
    jobs.refresh_gold(spark, config)
    return config


def _needles(spark, config: LakeConfig) -> list[str]:
    hashed = [
        r[0]
        for r in delta_io.read(spark, config.table_path(catalog.BRONZE_SURVEY_RESPONSES))
        .where(f"response_id = '{SECRET_ID}'")
        .select("contact_email")
        .distinct()
        .collect()
    ]
    assert hashed and all(hashed), "the test needs the hashed e-mail in bronze before the erasure"
    return [SECRET_ID, SECRET_COMMENT, SECRET_COMMENT[:20], *hashed]


def _parquet_cells(path: Path) -> list[str]:
    table = pq.read_table(path)
    return [str(v) for col in table.columns for v in col.to_pylist() if v is not None]


def _occurrences(root: Path, needles: list[str]) -> dict[str, list[str]]:
    """Every file under the lake root holding a needle: parquet cell by cell, other files as text."""
    found: dict[str, list[str]] = {}
    for f in sorted(p for p in root.rglob("*") if p.is_file()):
        if f.suffix == ".parquet":
            text = "\n".join(_parquet_cells(f))
        else:
            text = f.read_bytes().decode("utf-8", errors="replace")
        hits = [n for n in needles if n in text]
        if hits:
            found[str(f.relative_to(root))] = hits
    return found


def test_erase_removes_the_respondent_from_every_file_and_recomputes_gold(spark, tmp_path: Path) -> None:
    config = _build(spark, tmp_path)
    root = Path(config.root)
    needles = _needles(spark, config)
    assert _occurrences(root, needles), "the respondent's values must be in the lake before the erasure"
    gold_before = (
        delta_io.read(spark, config.table_path(catalog.GOLD_AI_ADOPTION))
        .where("wave = '2025-Q3' AND land IS NULL AND ags IS NULL AND nace_section IS NULL AND size_class IS NULL")
        .first()
    )
    versions_before = {t: delta_io.current_version(spark, config.table_path(t)) for t in privacy.RESPONDENT_TABLES}

    result = privacy.erase_respondent(spark, config, SECRET_ID)

    by_table = {t.table: t for t in result.tables}
    assert by_table[catalog.BRONZE_SURVEY_RESPONSES].rows_deleted == 3
    assert by_table[catalog.SILVER_SURVEY_RESPONSES].rows_deleted == 2  # one per wave
    assert by_table[catalog.SILVER_SURVEY_REJECTS].rows_deleted == 1
    assert all(t.files_removed >= 1 for t in result.tables), result.tables
    assert result.gold_waves_recomputed == ["2025-Q3", "2025-Q4"]
    for t in privacy.RESPONDENT_TABLES:  # every layer, read through Delta
        df = delta_io.read(spark, config.table_path(t))
        assert df.where(f"response_id = '{SECRET_ID}'").count() == 0, t
    assert delta_io.read(spark, config.table_path(catalog.SILVER_SURVEY_RESPONSES)).count() == 9
    # gold of the wave no longer counts the respondent
    gold_after = (
        delta_io.read(spark, config.table_path(catalog.GOLD_AI_ADOPTION))
        .where("wave = '2025-Q3' AND land IS NULL AND ags IS NULL AND nace_section IS NULL AND size_class IS NULL")
        .first()
    )
    assert gold_after["respondents"] == gold_before["respondents"] - 1

    # Every file under the lake root: no data file, checkpoint or checksum holds the values.
    # Commit files written before the erasure keep Delta's per-file min/max statistics of that
    # time (documented in transforms/privacy.py); nothing else may hold them.
    # Version checksums (`.crc`, Delta 4) of those versions list their files with the same statistics.
    # "Before" = before the DELETE commit (the erasure first sets the statistics property, one commit).
    deletes = {
        t: min(int(c.stem) for c in (root / t / "_delta_log").glob("*.json") if '"operation":"DELETE"' in c.read_text())
        for t in privacy.RESPONDENT_TABLES
    }
    assert all(deletes[t] > versions_before[t] for t in deletes)
    leftovers = _occurrences(root, needles)
    for name, hits in leftovers.items():
        assert "/_delta_log/" in f"/{name}" and name.endswith((".json", ".crc")), (name, hits)
        table = name.split("/_delta_log/")[0]
        version = int(Path(name).stem)
        assert version < deletes[table], (name, hits)
        for line in (root / name).read_text().splitlines():
            action = json.loads(line)
            if name.endswith(".crc"):
                action["allFiles"] = [{k: v for k, v in f.items() if k != "stats"} for f in action.get("allFiles", [])]
                assert not any(n in json.dumps(action) for n in needles), (name, action)
                continue
            stripped = {k: v for k, v in action.get("add", {}).items() if k != "stats"}
            others = {k: v for k, v in action.items() if k != "add"}
            assert not any(n in json.dumps([stripped, others]) for n in needles), (name, action)
    # The DELETE commits themselves record no statistics of the identifying columns.
    for t in privacy.RESPONDENT_TABLES:
        log = root / t / "_delta_log"
        for commit in sorted(log.glob("*.json")):
            if int(commit.stem) >= deletes[t]:
                assert not any(n in commit.read_text() for n in needles), commit
    # The rest of the lake still works: the other respondent's comment is still in bronze.
    assert (
        delta_io.read(spark, config.table_path(catalog.BRONZE_SURVEY_RESPONSES))
        .where("comment = 'Kommentar bleibt'")
        .count()
        == 1
    )


def test_erase_of_one_wave_keeps_the_other_and_an_unknown_id_changes_nothing(spark, tmp_path: Path) -> None:
    config = _build(spark, tmp_path)
    silver = config.table_path(catalog.SILVER_SURVEY_RESPONSES)
    result = privacy.erase_respondent(spark, config, SECRET_ID, wave="2025-Q4")
    assert result.gold_waves_recomputed == ["2025-Q4"]
    left = delta_io.read(spark, silver).where(f"response_id = '{SECRET_ID}'").select("wave").collect()
    assert [r["wave"] for r in left] == ["2025-Q3"]
    version = delta_io.current_version(spark, silver)
    nothing = privacy.erase_respondent(spark, config, "no-such-id")
    assert nothing.rows_deleted == 0 and delta_io.current_version(spark, silver) == version
    with pytest.raises(privacy.PrivacyError):
        privacy.erase_respondent(spark, config, SECRET_ID, wave="2025-Q4\n")


def test_comment_retention_drops_old_comments_from_bronze_files(spark, tmp_path: Path) -> None:
    config = _build(spark, tmp_path)
    root = Path(config.root)
    bronze = config.table_path(catalog.BRONZE_SURVEY_RESPONSES)
    # Nothing is older than 30 days yet: nothing changes.
    kept = privacy.drop_old_comments(spark, config, days=30)
    assert kept is not None and kept.comments_dropped == 0
    assert delta_io.read(spark, bronze).where("comment IS NOT NULL").count() == 4
    # 40 days later every comment is older than 30 days.
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=40)
    result = privacy.drop_old_comments(spark, config, days=30, now=later)
    assert result.comments_dropped == 4 and result.files_removed >= 1
    df = delta_io.read(spark, bronze)
    assert df.where("comment IS NOT NULL").count() == 0 and df.count() == len(ROWS) + len(ROWS_2)
    data_files = [p for p in (root / catalog.BRONZE_SURVEY_RESPONSES).rglob("*.parquet") if "_delta_log" not in str(p)]
    assert not any(SECRET_COMMENT in "\n".join(_parquet_cells(f)) for f in data_files)
    assert not any("Kommentar bleibt" in "\n".join(_parquet_cells(f)) for f in data_files)
