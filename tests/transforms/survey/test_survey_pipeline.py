"""Survey pipeline end to end on a messy export with known faults (real Spark, Delta, DuckDB).

The generator's manifest is the truth: which file/row is broken and which reject reason it must
get. Weighted shares are recomputed independently with the stdlib csv module and pandas.
"""

from __future__ import annotations

import csv
import hashlib
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest
from pyspark.sql import functions as F

from lake import catalog, delta_io
from lake.config import LakeConfig
from lake.query import LakeQuery
from samples.survey_generator import COMMENTS, MULTILINE_COMMENTS, generate_survey
from transforms.survey import jobs
from transforms.survey.indicators import MIN_RESPONDENTS, wilson_interval

SALT = "test-salt"
SURVEY_TABLES = (
    catalog.SILVER_SURVEY_RESPONSES,
    catalog.SILVER_SURVEY_REJECTS,
    catalog.GOLD_AI_ADOPTION,
    catalog.GOLD_AI_TECHNOLOGIES,
    catalog.GOLD_AI_BARRIERS,
)


@pytest.fixture(scope="module")
def messy(spark, tmp_path_factory):
    """A messy export of ~2,500 rows in 8 files, ingested through bronze, silver and gold."""
    base = tmp_path_factory.mktemp("messy")
    folder = base / "export"
    manifest = generate_survey(folder, rows=2500, seed=20251, messy=True)
    config = LakeConfig.from_env(str(base / "lake"))
    bronze = jobs.ingest_bronze(spark, config, [folder], salt=SALT)
    silver = jobs.refresh_silver(spark, config)
    gold = jobs.refresh_gold(spark, config)
    return {"folder": folder, "manifest": manifest, "config": config, "bronze": bronze, "silver": silver, "gold": gold}


# --- an independent reading of the export: stdlib csv / pandas, no Spark --------------------------

USES = {
    "ja": "yes",
    "yes": "yes",
    "1": "yes",
    "nein": "no",
    "no": "no",
    "0": "no",
    "geplant": "planned",
    "planned": "planned",
    "2": "planned",
}


def _records(path: Path, meta: dict) -> tuple[list[str], list[list[str]]]:
    if meta["format"] == "xlsx":
        df = pd.read_excel(path, dtype=str, keep_default_na=False)
        return [c.lower() for c in df.columns], [list(r) for r in df.itertuples(index=False)]
    enc = "cp1252" if meta["encoding"] == "cp1252" else "utf-8-sig"
    with path.open(encoding=enc, newline="") as fh:
        rows = list(csv.reader(fh, delimiter=meta["delimiter"]))
    return [h.lower() for h in rows[0]], [r for r in rows[1:] if r]


def _number(text: str) -> float | None:
    text = text.strip()
    if not text:
        return None
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    return float(text)


def _when(text: str) -> datetime:
    text = text.strip()
    for fmt in ("%Y-%m-%dT%H:%M:%S", "%Y-%m-%d", "%d.%m.%Y %H:%M", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            pass
    raise ValueError(text)


def independent_silver(folder: Path, manifest: dict) -> pd.DataFrame:
    broken = {(f["file"], f["row"]) for f in manifest["faults"]}
    frames = []
    for meta in manifest["files"]:
        header, rows = _records(folder / meta["file"], meta)
        df = pd.DataFrame(rows, columns=header)
        df["_file"], df["_row"] = meta["file"], range(1, len(df) + 1)
        keep = [(meta["file"], r) not in broken for r in df["_row"]]
        frames.append(df[keep])
    df = pd.concat(frames, ignore_index=True)
    df["uses"] = df["uses_ai"].str.strip().str.lower().map(USES)
    df["w"] = [(_number(v) or 1.0) for v in df["weight"]]
    df["when"] = [_when(v) for v in df["submitted_at"]]
    df["land"] = df["ags"].str[:2].map({"14": "Sachsen", "16": "Thüringen"})
    df = df.sort_values(["when", "_file", "_row"]).drop_duplicates(["wave", "response_id"], keep="last")
    return df


def _cells(df: pd.DataFrame, by: list[str]) -> dict:
    out = {}
    for key, g in df.groupby(by):
        y = (g["uses"] == "yes").astype(float)
        sw, sw2 = g["w"].sum(), (g["w"] ** 2).sum()
        out[key if isinstance(key, tuple) else (key,)] = (len(g), float((g["w"] * y).sum() / sw), sw * sw / sw2)
    return out


# --- tests -------------------------------------------------------------------------------------


def test_faulty_rows_rejected_with_the_right_reason(spark, messy) -> None:
    config = messy["config"]
    rejects = delta_io.read(spark, config.table_path(catalog.SILVER_SURVEY_REJECTS))
    got = {(Path(r["_source_file"]).name, r["_source_row"]): r["reason"] for r in rejects.collect()}
    expected = {(f["file"], f["row"]): f["expected_reason"] for f in messy["manifest"]["faults"]}
    assert len(expected) > 50 and len({*expected.values()}) >= 10
    assert got == expected


def test_counts_add_up_for_every_file(spark, messy) -> None:
    manifest, silver = messy["manifest"], messy["silver"]
    by_file = {Path(f["file"]).name: f for f in silver["files"]}
    assert set(by_file) == {f["file"] for f in manifest["files"]}
    for meta in manifest["files"]:
        f = by_file[meta["file"]]
        assert f["rows_read"] == meta["rows"]
        assert f["accepted"] + f["rejected"] == f["rows_read"]
        assert f["rejected"] == sum(meta["faults"].values())
    assert sum(r.rows_read for r in messy["bronze"]) == manifest["rows_written"]
    assert silver["silver_rows"] == manifest["expected_silver_rows"]
    assert silver["rejected_rows"] == manifest["expected_rejected"]
    log = delta_io.read(spark, messy["config"].table_path(jobs.SURVEY_INGEST_LOG))
    assert log.where("rows_read != accepted + rejected").count() == 0
    assert log.count() == len(manifest["files"])


def test_weighted_shares_equal_an_independent_computation(messy) -> None:
    ref = independent_silver(messy["folder"], messy["manifest"])
    assert len(ref) == messy["manifest"]["expected_silver_rows"]
    q = LakeQuery(messy["config"])
    gold = q.sql(f"SELECT * FROM {q.scan(catalog.GOLD_AI_ADOPTION)}")
    checks = [
        (["wave"], "land IS NULL AND ags IS NULL AND nace_section IS NULL AND size_class IS NULL", ["wave"]),
        (
            ["wave", "land"],
            "land IS NOT NULL AND ags IS NULL AND nace_section IS NULL AND size_class IS NULL",
            ["wave", "land"],
        ),
        (
            ["wave", "land", "ags"],
            "ags IS NOT NULL AND nace_section IS NULL AND size_class IS NULL",
            ["wave", "land", "ags"],
        ),
    ]
    compared = 0
    for by, where, cols in checks:
        cells = _cells(ref, by)
        rows = q.sql(f"SELECT * FROM {q.scan(catalog.GOLD_AI_ADOPTION)} WHERE {where}")
        assert len(rows[rows.respondents > 0]) == len(cells)
        for r in rows.itertuples():
            key = tuple(getattr(r, c) for c in cols)
            if r.respondents == 0:  # a category without respondents: present, suppressed
                assert key not in cells and r.suppressed and pd.isna(r.weighted_share)
                continue
            n, share, n_eff = cells[key]
            assert r.respondents == n
            if n < MIN_RESPONDENTS:
                assert r.suppressed and pd.isna(r.weighted_share)
                continue
            if r.suppressed:  # secondary: published it would reveal a primary cell by subtraction
                assert r.suppression == "secondary" and pd.isna(r.weighted_share)
                continue
            low, high = wilson_interval(share, n_eff)
            assert r.weighted_share == pytest.approx(share, abs=1e-9)
            assert (r.ci_low, r.ci_high) == (pytest.approx(low, abs=1e-9), pytest.approx(high, abs=1e-9))
            compared += 1
    assert compared > 50
    assert len(gold) > 1000


def test_cube_and_suppression(messy) -> None:
    q = LakeQuery(messy["config"])
    t = q.scan(catalog.GOLD_AI_ADOPTION)
    bad = q.sql(
        f"SELECT count(*) AS n FROM {t} WHERE (respondents < {MIN_RESPONDENTS}) != (suppression = 'primary') "
        "OR suppressed != (suppression IS NOT NULL) "
        "OR (suppressed AND (weighted_share IS NOT NULL OR ci_low IS NOT NULL OR ci_high IS NOT NULL)) "
        "OR (NOT suppressed AND (weighted_share IS NULL OR ci_low > weighted_share OR ci_high < weighted_share))"
    )
    assert int(bad.n[0]) == 0
    assert int(q.sql(f"SELECT count(*) AS n FROM {t} WHERE suppressed").n[0]) > 100
    waves = messy["manifest"]["waves"]
    for land in (None, "Sachsen", "Thüringen"):
        land_sql = "land IS NULL" if land is None else f"land = '{land}'"
        for dim, expected in (("nace_section", 19), ("size_class", 5)):  # 4 classes and the 10+ band
            others = {"ags", "nace_section", "size_class"} - {dim}
            n = q.sql(
                f"SELECT count(DISTINCT wave || {dim}) AS n FROM {t} WHERE {land_sql} AND {dim} IS NOT NULL AND "
                + " AND ".join(f"{o} IS NULL" for o in others)
            ).n[0]
            assert int(n) == len(waves) * expected
    n_ags = q.sql(f"SELECT count(DISTINCT ags) AS n FROM {t} WHERE ags IS NOT NULL AND land IS NOT NULL").n[0]
    assert int(n_ags) == 35
    for table, share in (
        (catalog.GOLD_AI_TECHNOLOGIES, "share_of_users"),
        (catalog.GOLD_AI_BARRIERS, "share_of_non_users"),
    ):
        df = q.sql(f"SELECT * FROM {q.scan(table)}")
        assert len(df) == len(waves) * 3 * 7
        assert ((df.respondents < MIN_RESPONDENTS) == (df.suppression == "primary")).all()
        assert (df.suppressed == df.suppression.notna()).all()
        assert df.loc[df.suppressed, share].isna().all()
        assert df.loc[~df.suppressed, share].between(0, 1).all()


def test_second_ingest_changes_nothing(spark, messy) -> None:
    config = messy["config"]
    paths = [catalog.BRONZE_SURVEY_RESPONSES, *SURVEY_TABLES, catalog.SILVER_DISTRICTS, jobs.SURVEY_INGEST_LOG]
    before = {p: delta_io.current_version(spark, config.table_path(p)) for p in paths}
    gold_before = sorted(
        map(tuple, delta_io.read(spark, config.table_path(catalog.GOLD_AI_ADOPTION)).collect()), key=repr
    )
    again = jobs.ingest_bronze(spark, config, [messy["folder"]], salt=SALT)
    assert all(r.skipped for r in again) and len(again) == len(messy["manifest"]["files"])
    silver = jobs.refresh_silver(spark, config)
    jobs.refresh_gold(spark, config)
    assert silver["batches_processed"] == 0
    assert {p: delta_io.current_version(spark, config.table_path(p)) for p in paths} == before
    # a forced full rebuild of gold gives exactly the same rows
    jobs.refresh_gold(spark, config, full=True)
    gold_after = sorted(
        map(tuple, delta_io.read(spark, config.table_path(catalog.GOLD_AI_ADOPTION)).collect()), key=repr
    )
    assert gold_after == gold_before


def test_personal_data_never_leaves_bronze(spark, messy) -> None:
    config = messy["config"]
    snippets = [c.split("\n")[0][:20] for c in (*COMMENTS, *MULTILINE_COMMENTS)]
    for table in (*SURVEY_TABLES, catalog.SILVER_DISTRICTS, jobs.SURVEY_INGEST_LOG):
        df = delta_io.read(spark, config.table_path(table))
        assert not {"contact_email", "comment"} & set(df.columns), table
        text_cols = [f.name for f in df.schema.fields if f.dataType.simpleString() == "string"]
        if not text_cols:
            continue
        blob = F.concat_ws("\u0001", *[F.coalesce(F.col(c), F.lit("")) for c in text_cols])
        leaks = df.where(blob.contains("@") | F.greatest(*[blob.contains(s) for s in snippets])).count()
        assert leaks == 0, table
    bronze = delta_io.read(spark, config.table_path(catalog.BRONZE_SURVEY_RESPONSES))
    emails = [r[0] for r in bronze.where("contact_email IS NOT NULL").select("contact_email").limit(50).collect()]
    assert emails and all(len(e) == 64 and "@" not in e for e in emails)
    # the hash is the salted SHA-256 of the normalised address
    row = bronze.where("contact_email IS NOT NULL AND response_id = 'R000000001'").select("contact_email").collect()
    if row:
        assert row[0][0] == hashlib.sha256((SALT + "info@firma-1.example.de").encode()).hexdigest()
    assert bronze.where(F.col("comment").isNotNull()).count() > 0  # comments stay in bronze only


def test_new_file_for_a_wave_updates_silver_through_merge(spark, tmp_path: Path) -> None:
    from tests.support.survey import write_small_export

    config = LakeConfig.from_env(str(tmp_path / "lake"))
    first = write_small_export(
        tmp_path / "w1.csv",
        [
            *[f"a{i};2025-Q3;2025-08-0{i};14612;C;12;nein;;1;1;;" for i in range(1, 8)],
            *[f"c{i};2025-Q2;2025-05-0{i};14612;C;12;ja;1;;1;;" for i in range(1, 6)],
        ],
    )
    jobs.ingest_bronze(spark, config, [first], salt=SALT)
    jobs.refresh_silver(spark, config)
    jobs.refresh_gold(spark, config)
    silver_path = config.table_path(catalog.SILVER_SURVEY_RESPONSES)
    gold_path = config.table_path(catalog.GOLD_AI_ADOPTION)
    v0, g0 = delta_io.current_version(spark, silver_path), delta_io.current_version(spark, gold_path)
    q2_before = sorted(map(tuple, delta_io.read(spark, gold_path).where("wave = '2025-Q2'").collect()), key=repr)
    second = write_small_export(
        tmp_path / "w2.csv",
        [
            "a1;2025-Q3;2025-09-01;14612;C;12;ja;1;;1;;",  # later: replaces a1
            "a2;2025-Q3;2025-07-01;14612;C;12;ja;1;;1;;",  # earlier than the stored a2: ignored
            "b1;2025-Q3;2025-09-02;16051;J;40;ja;1;;2;;",  # new respondent
        ],
    )
    jobs.ingest_bronze(spark, config, [second], salt=SALT)
    result = jobs.refresh_silver(spark, config)
    assert result["silver_rows"] == 13 and result["changed_waves"] == ["2025-Q3"]
    last = delta_io.history(spark, silver_path).orderBy(F.col("version").desc()).first()
    assert last.version == v0 + 1 and last.operation == "MERGE"
    assert int(last.operationMetrics["numTargetRowsUpdated"]) == 1
    assert int(last.operationMetrics["numTargetRowsInserted"]) == 1
    rows = {r.response_id: r.uses_ai for r in delta_io.read(spark, silver_path).collect()}
    assert rows["a1"] == "yes" and rows["a2"] == "no" and rows["b1"] == "yes"

    # gold: only the changed wave is recomputed, in one new version
    gold = jobs.refresh_gold(spark, config)
    assert gold[catalog.GOLD_AI_ADOPTION]["recomputed_waves"] == "2025-Q3"
    assert delta_io.current_version(spark, gold_path) == g0 + 1
    both = (
        delta_io.read(spark, gold_path)
        .where("wave = '2025-Q3' AND land IS NULL AND ags IS NULL AND nace_section IS NULL AND size_class IS NULL")
        .first()
    )
    assert both.respondents == 8 and both.weighted_share == pytest.approx(3 / 9)
    q2_after = sorted(map(tuple, delta_io.read(spark, gold_path).where("wave = '2025-Q2'").collect()), key=repr)
    assert q2_after == q2_before


def test_unreadable_files_fail_with_file_and_reason(spark, tmp_path: Path) -> None:
    """Each unreadable file gets an error naming it and the reason; the batch goes on without it."""
    from transforms.survey.read import UnreadableExport, inspect_export

    config = LakeConfig.from_env(str(tmp_path / "lake"))
    cases = {
        "empty.csv": (b"", "empty"),
        "binary.csv": (b"PK\x03\x04\x00\x00garbage\x00", "binary"),
        "other.csv": (b"name;value\nx;1\n", "required column"),
        "fake.xlsx": (b"not a workbook", "xlsx"),
        "utf16.csv": ("response_id;wave\n".encode("utf-16"), "UTF-16"),
    }
    good = tmp_path / "good.csv"
    good.write_text(
        "response_id;wave;submitted_at;ags;nace_section;employees;uses_ai\nr1;2025-Q1;2025-02-01;14612;C;3;ja\n"
    )
    for name, (content, reason) in cases.items():
        bad = tmp_path / name
        bad.write_bytes(content)
        with pytest.raises(UnreadableExport) as err:
            inspect_export(bad)
        assert name in str(err.value) and reason.lower() in str(err.value).lower()
        results = jobs.ingest_bronze(spark, config, [good, bad], salt=SALT)
        failed = [r for r in results if r.error]
        assert len(failed) == 1 and failed[0].path == str(bad)
        assert name in failed[0].error and reason.lower() in failed[0].error.lower()
        bad.unlink()
    bronze = delta_io.read(spark, config.table_path(catalog.BRONZE_SURVEY_RESPONSES))
    assert {r[0] for r in bronze.select("_source_file").distinct().collect()} == {str(good)}
    assert bronze.count() == 1  # the good file once: later batches skip its known bytes


def test_reader_handles_encodings_multiline_fields_and_row_numbers(spark, tmp_path: Path) -> None:
    from transforms.survey.read import inspect_export, read_export

    text = (
        "RESPONSE_ID;Wave;submitted_at;AGS;nace_section;employees;uses_ai;weight;comment;Extra Col\r\n"
        'r1;2025-Q1;14.02.2025;14612;c;3;Ja;1,5;"Größe; €\r\nzweite Zeile";x\r\n'
        "\r\n"
        'r2;2025-Q1;2025-02-15T10:00:00;16051;J;1.250;nein;"1.234,50";"";y\r\n'
        "r3;2025-Q1;15.02.2025;14612;C;3;ja;1\r\n"
    )
    cp = tmp_path / "cp1252.csv"
    cp.write_bytes(text.encode("cp1252"))
    bom = tmp_path / "bom.csv"
    bom.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    for path, enc in ((cp, "windows-1252"), (bom, "UTF-8")):
        info = inspect_export(path)
        assert info.csv_format.encoding == enc and info.csv_format.delimiter == ";"
        assert info.columns[:2] == ("response_id", "wave") and "extra_col" in info.columns
        rows = {r.response_id: r for r in read_export(spark, path, info).collect()}
        assert rows["r1"]._source_row == 1 and rows["r2"]._source_row == 2 and rows["r3"]._source_row == 3
        assert rows["r1"].comment.replace("\r\n", "\n") == "Größe; €\nzweite Zeile"
        assert not rows["r1"]._malformed and rows["r3"]._malformed  # r3 lacks columns


def test_number_and_date_parsing(spark) -> None:
    from transforms.survey.conform import parse_number, parse_timestamp

    cases = [
        ("1,25", True, 1.25),
        ("1,25", False, 1.25),
        ("12.500,00", True, 12500.0),
        ("12,500.00", False, 12500.0),
        ("12.500", True, 12500.0),
        ("12.5", False, 12.5),
        ("1.25", True, 1.25),
        ("abc", True, None),
        ("1,2,3", False, None),
    ]
    df = spark.createDataFrame([(t, d) for t, d, _ in cases], "t string, d boolean")
    got = [r[0] for r in df.select(parse_number(F.col("t"), F.col("d"))).collect()]
    assert got == [e for _, _, e in cases]
    dates = [
        "2025-08-14",
        "2025-08-14T09:30:00",
        "2025-08-14T09:30",
        "14.08.2025",
        "14.08.2025 09:30",
        "1.8.2025",
        "2025-08-14 00:00:00",
        "31.02.2025",
        "gestern",
        "2025/13/45",
        "14.08.25x",
    ]
    df = spark.createDataFrame([(d,) for d in dates], "t string")
    got = [r[0] for r in df.select(parse_timestamp(F.col("t"))).collect()]
    assert got[:7] == [
        datetime(2025, 8, 14),
        datetime(2025, 8, 14, 9, 30),
        datetime(2025, 8, 14, 9, 30),
        datetime(2025, 8, 14),
        datetime(2025, 8, 14, 9, 30),
        datetime(2025, 8, 1),
        datetime(2025, 8, 14),
    ]
    assert got[7:] == [None] * 4


def test_dagster_assets_report_per_file_counts(spark, tmp_path: Path) -> None:
    import dagster as dg

    from orchestration import checks as lake_checks
    from orchestration.assets import survey as survey_assets
    from orchestration.resources import DuckDBResource, LakeResource, LandingResource, PrivacyResource, SparkResource

    folder = tmp_path / "export"
    manifest = generate_survey(folder, rows=400, seed=5, messy=True, waves=["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"])
    resources = {
        "lake": LakeResource(root=str(tmp_path / "lake")),
        "spark": SparkResource(),
        "landing": LandingResource(folder=str(tmp_path / "landing")),
        "privacy": PrivacyResource(salt=SALT),
        "duckdb": DuckDBResource(root=str(tmp_path / "lake")),
    }
    run_config = {"ops": {"bronze__survey_responses": {"config": {"paths": [str(folder)]}}}}
    # The survey assets are partitioned by wave (one run over a range of waves); silver/districts is
    # not, so it gets its own run first, as `lakehouse survey ingest` does.
    districts = dg.materialize([survey_assets.silver_districts], resources=resources)
    assert districts.success
    partitioned = [a for a in dg.load_assets_from_modules([survey_assets]) if a.partitions_def is not None]
    keys = {k for a in partitioned for k in a.keys}
    result = dg.materialize(
        [*partitioned, *lake_checks.build_checks(keys)],
        resources=resources,
        run_config=run_config,
        tags={"dagster/asset_partition_range_start": "2025-Q1", "dagster/asset_partition_range_end": "2025-Q4"},
    )
    assert result.success
    # the DuckDB checks, once per asset: counts reconcile, no personal data, suppression, keys ...
    checks = {(e.asset_key.to_user_string(), e.check_name): e.passed for e in result.get_asset_check_evaluations()}
    assert checks[("silver/survey_responses", "counts_reconcile")] is True
    assert checks[("silver/survey_responses", "no_personal_data")] is True
    assert checks[("gold/ai_adoption", "suppression")] is True
    assert all(checks.values()), checks
    mats = {
        e.materialization.asset_key.to_user_string(): e.materialization.metadata
        for e in [*districts.get_asset_materialization_events(), *result.get_asset_materialization_events()]
    }
    assert {
        "bronze/survey_responses",
        "silver/districts",
        "silver/survey_responses",
        "gold/ai_adoption",
        "gold/ai_technologies",
        "gold/ai_barriers",
    } <= set(mats)
    silver = mats["silver/survey_responses"]
    assert silver["counts_add_up"].value is True
    assert silver["rows_read"].value == manifest["rows_written"]
    assert silver["rejected"].value == manifest["expected_rejected"]
    per_file = {Path(f["file"]).name: f for f in silver["per_file"].value}
    for meta in manifest["files"]:
        assert per_file[meta["file"]]["rows_read"] == meta["rows"]
        assert per_file[meta["file"]]["rejected"] == sum(meta["faults"].values())
        assert per_file[meta["file"]]["accepted"] == meta["rows"] - sum(meta["faults"].values())


@pytest.mark.slow
def test_cli_generate_and_ingest(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    exe = Path(sys.executable).with_name("lakehouse")
    env = {
        **os.environ,
        "LAKEHOUSE_ROOT": str(tmp_path / "lake"),
        "DAGSTER_HOME": str(tmp_path / "dagster"),
        "LAKEHOUSE_PII_SALT": "cli-salt",
    }
    out = tmp_path / "export"
    gen = subprocess.run(
        [str(exe), "generate", "survey", "--rows", "300", "--seed", "3", "--messy", "--out", str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert gen.returncode == 0, gen.stderr
    assert (out / "manifest.json").exists()
    run = subprocess.run([str(exe), "survey", "ingest", str(out)], env=env, capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stderr[-3000:]
    assert "gold/ai_adoption" in run.stdout and "rejected" in run.stdout
    bad = tmp_path / "broken.csv"
    bad.write_bytes(b"")
    fail = subprocess.run(
        [str(exe), "survey", "ingest", str(bad)], env=env, capture_output=True, text=True, timeout=300
    )
    assert fail.returncode != 0 and "broken.csv" in fail.stderr and "empty" in fail.stderr


def test_validation_is_the_same_with_and_without_whole_stage_codegen(spark, messy) -> None:
    """refresh_silver turns whole-stage codegen off for the validation step (speed only):
    the classification must not depend on it, and the session setting is restored afterwards."""
    from lake.spark import sql_conf
    from transforms.survey import conform

    config = messy["config"]
    bronze = delta_io.read(spark, config.table_path(catalog.BRONZE_SURVEY_RESPONSES))
    districts = delta_io.read(spark, config.table_path(catalog.SILVER_DISTRICTS))
    cols = ["_source_file", "_source_row", "_wave", "_submitted_at", "_land", "_weight", "_reason", "_detail"]

    def classified() -> list[tuple]:
        return sorted(tuple(r) for r in conform.classify(bronze, districts).select(*cols).collect())

    before = spark.conf.get("spark.sql.codegen.wholeStage")
    fused = classified()
    with sql_conf(spark, {"spark.sql.codegen.wholeStage": "false"}):
        assert spark.conf.get("spark.sql.codegen.wholeStage") == "false"
        per_expression = classified()
    assert spark.conf.get("spark.sql.codegen.wholeStage") == before
    assert fused == per_expression
    assert sum(1 for r in fused if r[-2] is not None) == messy["manifest"]["expected_rejected"]


@pytest.mark.timeout(600)
def test_row_counts_come_from_the_append_even_for_an_empty_workbook(spark, tmp_path: Path) -> None:
    """Rows per file are observed metrics of the bronze append; a header-only workbook (an empty
    in-memory relation that Spark's optimizer could prune from the union) must still report 0
    instead of blocking, next to a CSV that reports its rows."""
    from transforms.survey.schema import REQUIRED

    folder = tmp_path / "in"
    generate_survey(folder / "a.csv", rows=120, seed=7)
    pd.DataFrame(columns=list(REQUIRED)).to_excel(folder / "b.xlsx", index=False)
    config = LakeConfig.from_env(str(tmp_path / "lake"))
    results = {Path(r.path).name: r for r in jobs.ingest_bronze(spark, config, [folder], salt=SALT)}
    assert results["a.csv"].rows_read == 120 and results["b.xlsx"].rows_read == 0
    assert not any(r.error for r in results.values())
    bronze = delta_io.read(spark, config.table_path(catalog.BRONZE_SURVEY_RESPONSES))
    assert bronze.count() == 120


def test_gold_refresh_after_maintenance_recomputes_only_the_changed_wave(spark, tmp_path: Path) -> None:
    """OPTIMIZE and VACUUM commits on gold keep its watermark: the next refresh is still incremental."""
    from tests.support.survey import write_small_export
    from transforms import maintenance

    config = LakeConfig.from_env(str(tmp_path / "lake"))
    jobs.ingest_bronze(
        spark,
        config,
        [
            write_small_export(
                tmp_path / "a.csv",
                [
                    *[f"a{i};2025-Q3;2025-08-0{i};14612;C;12;nein;;1;1;;" for i in range(1, 7)],
                    *[f"c{i};2025-Q2;2025-05-0{i};14612;C;12;ja;1;;1;;" for i in range(1, 7)],
                ],
            )
        ],
        salt=SALT,
    )
    jobs.refresh_silver(spark, config)
    jobs.refresh_gold(spark, config)
    gold_path = config.table_path(catalog.GOLD_AI_ADOPTION)
    maintenance.maintain_table(spark, gold_path, catalog.GOLD_AI_ADOPTION)
    ops = [r.operation for r in delta_io.history(spark, gold_path).orderBy(F.col("version").desc()).collect()]
    assert "OPTIMIZE" in ops[:3]  # maintenance committed on top of the gold build

    assert jobs.refresh_gold_table(spark, config, catalog.GOLD_AI_ADOPTION)["recomputed_waves"] == "none (up to date)"
    jobs.ingest_bronze(
        spark,
        config,
        [write_small_export(tmp_path / "b.csv", ["b1;2025-Q3;2025-09-02;16051;J;40;ja;1;;2;;"])],
        salt=SALT,
    )
    jobs.refresh_silver(spark, config)
    assert jobs.refresh_gold_table(spark, config, catalog.GOLD_AI_ADOPTION)["recomputed_waves"] == "2025-Q3"

    # A write the pipeline did not make (no watermark; here a duplicated row): gold is rebuilt whole.
    rows = delta_io.read(spark, gold_path).count()
    delta_io.read(spark, gold_path).where("wave = '2025-Q2'").limit(1).write.format("delta").mode("append").save(
        gold_path
    )
    jobs.ingest_bronze(
        spark,
        config,
        [write_small_export(tmp_path / "c.csv", ["b2;2025-Q3;2025-09-03;16051;J;40;ja;1;;2;;"])],
        salt=SALT,
    )
    jobs.refresh_silver(spark, config)
    assert jobs.refresh_gold_table(spark, config, catalog.GOLD_AI_ADOPTION)["recomputed_waves"] == "all"
    assert delta_io.read(spark, gold_path).count() == rows  # the stray row is gone
