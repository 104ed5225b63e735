"""The survey reader through Spark (issue 21): every line ending, stray quotes, file names that are
not patterns, duplicated columns, absurd numbers - one batch, every file attributed to itself and
rows read = accepted + rejected for each."""

from __future__ import annotations

from pathlib import Path

import pytest

HEADER = "response_id;wave;submitted_at;ags;nace_section;employees;uses_ai;weight;comment"


def _row(rid: str, employees: str = "12", weight: str = "1,5", comment: str = "gut") -> str:
    return f"{rid};2025-Q3;2025-08-14;14612;C;{employees};ja;{weight};{comment}"


def _lines(prefix: str, n: int) -> list[str]:
    return [HEADER, *[_row(f"{prefix}-{i}") for i in range(1, n + 1)]]


def _join(lines: list[str], ends: list[str]) -> bytes:
    return "".join(line + ends[i % len(ends)] for i, line in enumerate(lines)).encode("utf-8")


# name -> (bytes, rows read, accepted, reasons)
def _files() -> dict[str, tuple[bytes, int, int, dict[str, int]]]:
    files: dict[str, tuple[bytes, int, int, dict[str, int]]] = {}
    for kind, ends in {
        "lf": ["\n"],
        "crlf": ["\r\n"],
        "cr": ["\r"],
        "mixed": ["\r\n", "\n"],
        "mixed3": ["\n", "\r", "\r\n"],
    }.items():
        files[f"ending_{kind}.csv"] = (_join(_lines(kind, 4), ends), 4, 4, {})
    # quoted fields across lines, with CR and CRLF line ends (Spark's one-stream parser)
    for kind, end in {"ml_lf": "\n", "ml_crlf": "\r\n", "ml_cr": "\r"}.items():
        lines = [
            HEADER,
            _row(f"{kind}-1"),
            _row(f"{kind}-2", comment='"erste Zeile'),
            'zweite; Zeile"',
            _row(f"{kind}-3"),
        ]
        files[f"{kind}.csv"] = (_join(lines, [end]), 3, 3, {})
    # stray quotes: one malformed row each, the neighbours still their own rows
    files["stray_open.csv"] = (
        _join([HEADER, _row("so-1"), _row("so-2").replace("14612", '"14612'), _row("so-3"), _row("so-4")], ["\n"]),
        4,
        3,
        {"malformed_row": 1},
    )
    files["stray_inch.csv"] = (
        _join([HEADER, _row("si-1", comment='5" Bildschirm'), _row("si-2"), _row("si-3", comment='"offen')], ["\r\n"]),
        3,
        1,
        {"malformed_row": 2},
    )
    # file names that are no patterns and no Hadoop paths
    for i, name in enumerate(
        (
            "survey_2025-08-14T09:30:00.csv",
            "wave [Q3].csv",
            "wave Q.csv",
            "_hidden.csv",
            "Umfrage „Größe“ 'Q3'.csv",
            "a{b,c}*?.csv",
        )
    ):
        files[name] = (_join(_lines(f"name{i}", 2), ["\n"]), 2, 2, {})
    # ambiguity: duplicated columns, absurd numbers, thousands separators
    dup = "response_id;wave;submitted_at;ags;nace_section;employees;uses_ai;ags"
    files["dup_ags.csv"] = (
        _join(
            [dup, "d-1;2025-Q3;2025-08-14;14612;C;12;ja;14612", "d-2;2025-Q3;2025-08-14;14612;C;12;ja;16051"], ["\n"]
        ),
        2,
        1,
        {"conflicting_duplicate_column": 1},
    )
    numbers = [
        HEADER,
        _row("x-1", weight="1" * 310),
        _row("x-2", weight="NaN"),
        _row("x-3", weight="0"),
        _row("x-4", weight="-2"),
        _row("x-5", employees="5000000"),
        _row("x-6", employees="1.000"),
        _row("x-7", employees="10.000"),
        _row("x-8", employees="1.5"),
        _row("x-9", weight="1.000"),
    ]
    files["numbers.csv"] = (_join(numbers, ["\n"]), 9, 3, {"bad_number": 4, "bad_employees": 2})
    return files


@pytest.fixture(scope="module")
def batch(spark, tmp_path_factory: pytest.TempPathFactory) -> dict:
    from lake.config import LakeConfig
    from transforms.survey import jobs

    folder = tmp_path_factory.mktemp("exports")
    files = _files()
    for name, (data, *_) in files.items():
        (folder / name).write_bytes(data)
    config = LakeConfig.from_env(str(tmp_path_factory.mktemp("lake")))
    results = jobs.ingest_bronze(spark, config, [str(folder)], "salt")
    silver = jobs.refresh_silver(spark, config)
    return {"folder": folder, "files": files, "config": config, "results": results, "silver": silver}


def test_every_file_read_once_attributed_to_itself_and_counts_add_up(spark, batch: dict) -> None:
    from lake import catalog, delta_io

    config, folder = batch["config"], batch["folder"]
    assert [r.error for r in batch["results"] if r.error] == []
    bronze = delta_io.read(spark, config.table_path(catalog.BRONZE_SURVEY_RESPONSES))
    read = {r[0]: r[1] for r in bronze.groupBy("_source_file").count().collect()}
    log = {
        r["source_file"]: r for r in delta_io.read(spark, config.table_path(catalog.SILVER_SURVEY_INGEST_LOG)).collect()
    }
    rejects = delta_io.read(spark, config.table_path(catalog.SILVER_SURVEY_REJECTS))
    silver = delta_io.read(spark, config.table_path(catalog.SILVER_SURVEY_RESPONSES))
    accepted = {r[0]: r[1] for r in silver.groupBy("_source_file").count().collect()}
    reasons: dict[str, dict[str, int]] = {}
    for r in rejects.groupBy("_source_file", "reason").count().collect():
        reasons.setdefault(r[0], {})[r[1]] = r[2]
    assert set(read) == {str(folder / n) for n in batch["files"]}
    for name, (_, n_read, n_acc, n_reasons) in batch["files"].items():
        path = str(folder / name)
        assert (read[path], accepted.get(path, 0), reasons.get(path, {})) == (n_read, n_acc, n_reasons), name
        entry = log[path]
        assert entry["rows_read"] == entry["accepted"] + entry["rejected"] == n_read, name
    # the same rows never stored under another file's name (the glob `wave [Q3]` matches `wave Q.csv`)
    ids = {r[0]: r[1] for r in bronze.groupBy("response_id").agg({"_source_file": "count"}).collect()}
    assert max(ids.values()) == 1


def test_source_row_is_exact_in_every_mode(spark, batch: dict) -> None:
    from lake import catalog, delta_io

    bronze = delta_io.read(spark, batch["config"].table_path(catalog.BRONZE_SURVEY_RESPONSES))
    for r in bronze.where("response_id RLIKE '^[a-z0-9_]+-[0-9]+$'").select("response_id", "_source_row").collect():
        assert int(r[0].rsplit("-", 1)[1]) == r[1], r


def test_multiline_field_keeps_its_line_break(spark, batch: dict) -> None:
    from lake import catalog, delta_io

    bronze = delta_io.read(spark, batch["config"].table_path(catalog.BRONZE_SURVEY_RESPONSES))
    got = {r[0]: r[1] for r in bronze.where("response_id LIKE 'ml_%-2'").select("response_id", "comment").collect()}
    assert got == {f"{k}-2": "erste Zeile\nzweite; Zeile" for k in ("ml_lf", "ml_crlf", "ml_cr")}


def test_thousands_separators_and_absurd_numbers(spark, batch: dict) -> None:
    from lake import catalog, delta_io

    config = batch["config"]
    silver = delta_io.read(spark, config.table_path(catalog.SILVER_SURVEY_RESPONSES))
    got = {
        r[0]: (r[1], r[2])
        for r in silver.where("response_id LIKE 'x-%'").select("response_id", "employees", "weight").collect()
    }
    assert got == {"x-6": (1000, 1.5), "x-7": (10000, 1.5), "x-9": (12, 1000.0)}
    rejects = delta_io.read(spark, config.table_path(catalog.SILVER_SURVEY_REJECTS))
    detail = {r[0]: r[1] for r in rejects.where("response_id = 'x-5'").select("reason", "detail").collect()}
    assert detail == {"bad_employees": "employees=5000000"}


def test_lines_split_into_parallel_tasks_keep_exact_row_numbers(spark, tmp_path: Path) -> None:
    """A file without quoted line breaks is read in several tasks; `_source_row` stays the record number."""
    from lake.spark import sql_conf
    from transforms.survey.read import inspect_export, read_export

    path = tmp_path / "many.csv"
    lines = [HEADER, *[_row(f"m-{i}", comment="x" * (i % 7)) for i in range(1, 401)]]
    path.write_bytes(_join(lines[:150], ["\r\n"]) + b"\n\n" + _join(lines[150:], ["\n", "\r"]))
    info = inspect_export(path)
    assert not info.csv_format.multiline
    with sql_conf(spark, {"spark.sql.files.maxPartitionBytes": "2048", "spark.sql.files.openCostInBytes": "0"}):
        df = read_export(spark, path, info)
        assert df.rdd.getNumPartitions() > 3
        rows = df.select("response_id", "_source_row", "_malformed").collect()
    assert len(rows) == 400 and not any(r[2] for r in rows)
    assert all(int(r[0].split("-")[1]) == r[1] for r in rows)


def test_unreadable_file_among_many_is_named_and_the_batch_goes_on(spark, tmp_path: Path) -> None:
    from lake import catalog, delta_io
    from lake.config import LakeConfig
    from transforms.survey import jobs

    good = tmp_path / "good.csv"
    good.write_bytes(_join(_lines("g", 2), ["\r"]))
    utf16 = tmp_path / "utf16.csv"
    utf16.write_bytes("\n".join(_lines("u", 2)).encode("utf-16"))
    gone = tmp_path / "gone.csv"
    config = LakeConfig.from_env(str(tmp_path / "lake"))
    results = jobs.ingest_bronze(spark, config, [str(good), str(utf16), str(gone)], "salt")
    errors = {Path(r.path).name: r.error for r in results if r.error}
    assert set(errors) == {"utf16.csv", "gone.csv"} and all(n in e for n, e in errors.items())
    bronze = delta_io.read(spark, config.table_path(catalog.BRONZE_SURVEY_RESPONSES))
    assert bronze.count() == 2


def test_first_ingest_with_every_row_rejected(spark, tmp_path: Path) -> None:
    """No silver/survey_responses yet and nothing to accept: rejects written, gold skipped, no error."""
    from lake import catalog, delta_io
    from lake.config import LakeConfig
    from transforms.survey import jobs

    bad = tmp_path / "bad.csv"
    bad.write_bytes(_join([HEADER, _row("b-1", employees="0"), _row("b-2", weight="abc")], ["\n"]))
    config = LakeConfig.from_env(str(tmp_path / "lake"))
    jobs.ingest_bronze(spark, config, [str(bad)], "salt")
    silver = jobs.refresh_silver(spark, config)
    gold = jobs.refresh_gold(spark, config)
    assert silver["files"][0]["rejected"] == silver["files"][0]["rows_read"] == 2
    assert delta_io.read(spark, config.table_path(catalog.SILVER_SURVEY_REJECTS)).count() == 2
    assert all("no silver" in g["recomputed_waves"] for g in gold.values())
