"""Personal data is hashed or masked before anything is written (issue 21): malformed rows with
e-mail addresses and comments in every position leave no clear text in any file of the lake."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.transforms.survey.lake_scan import files_scanned, find_clear_text

HEADER = (
    "response_id;wave;submitted_at;ags;nace_section;employees;uses_ai;tech_generative;barrier_cost;weight;"
    "contact_email;comment"
)
GOOD = "G{n};2025-Q3;2025-08-14;14612;C;12;ja;1;0;1,5;good{n}@firma-sachsen.de;passt"

# file -> (data lines, clear texts that must appear in no file of the lake)
CASES: dict[str, tuple[list[str], list[str]]] = {
    # a shifted delimiter: the comment holds an unquoted ';' -> one field too many
    "extra_field.csv": (
        ["R1;2025-Q3;2025-08-14;14612;C;12;ja;1;0;1,5;extra.field@firma-sachsen.de;Ruf mich an; Herr Krause"],
        ["extra.field@firma-sachsen.de", "Herr Krause", "Ruf mich an"],
    ),
    # a field missing: the e-mail lands in `weight`, the comment in `contact_email`
    "missing_field.csv": (
        ["R2;2025-Q3;2025-08-14;14612;C;12;ja;1;0;missing.field@firma-sachsen.de;Bitte Frau Schulze fragen"],
        ["missing.field@firma-sachsen.de", "Frau Schulze"],
    ),
    # a stray quote opening inside the row: swallows the rest of the line (and the next line)
    "stray_quote.csv": (
        [
            'R3;2025-Q3;2025-08-14;"14612;C;12;ja;1;0;1,5;stray.quote@firma-sachsen.de;Geheimer Kommentar Meier',
            "R4;2025-Q3;2025-08-14;14612;C;12;ja;1;0;1,5;swallowed@firma-sachsen.de;Kommentar von Lehmann",
        ],
        ["stray.quote@firma-sachsen.de", "Geheimer Kommentar Meier", "swallowed@firma-sachsen.de"],
    ),
    # e-mail in another column of a row that splits fine (employees), and in an extra column
    "email_elsewhere.csv": (
        [
            "R5;2025-Q3;2025-08-14;14612;C;wrong.column@firma-sachsen.de;ja;1;0;1,5;;kein Kommentar",
            "R6;2025-Q3;2025-08-14;14612;C;12;ja;1;0;1,5;;Schreiben Sie an in.comment@firma-sachsen.de bitte",
        ],
        ["wrong.column@firma-sachsen.de", "in.comment@firma-sachsen.de"],
    ),
    # too few fields at the end of the file, the comment early (different column order)
    "comment_first.csv": (
        ["Notiz von Frau Zimmermann;R7;2025-Q3;2025-08-14;14612;C"],
        ["Frau Zimmermann"],
    ),
}
COMMENT_FIRST_HEADER = "comment;response_id;wave;submitted_at;ags;nace_section;employees;uses_ai;weight;contact_email"


@pytest.fixture(scope="module")
def pii_lake(spark, tmp_path_factory: pytest.TempPathFactory) -> dict:
    from lake.config import LakeConfig
    from transforms.survey import jobs

    folder = tmp_path_factory.mktemp("exports")
    for i, (name, (rows, _)) in enumerate(CASES.items()):
        header = COMMENT_FIRST_HEADER if name == "comment_first.csv" else HEADER
        good = GOOD.format(n=i) if name != "comment_first.csv" else f"passt;G{i};2025-Q3;2025-08-14;14612;C;12;ja;1;"
        (folder / name).write_text("\n".join([header, good, *rows]) + "\n", encoding="utf-8")
    root = tmp_path_factory.mktemp("lake")
    config = LakeConfig.from_env(str(root))
    results = jobs.ingest_bronze(spark, config, [str(folder)], "test-salt")
    silver = jobs.refresh_silver(spark, config)
    jobs.refresh_gold(spark, config)
    return {"root": root, "config": config, "folder": folder, "results": results, "silver": silver}


def test_no_clear_text_personal_data_in_any_file_of_the_lake(pii_lake: dict) -> None:
    root: Path = pii_lake["root"]
    kinds = files_scanned(root)
    assert kinds.get(".parquet", 0) >= 4 and kinds.get(".json", 0) >= 4, kinds  # the scan saw the tables and logs
    needles = [n for _, ns in CASES.values() for n in ns] + [f"good{i}@firma-sachsen.de" for i in range(len(CASES))]
    assert find_clear_text(root, needles) == []
    assert find_clear_text(root, ["@firma-sachsen.de"]) == [], "an e-mail domain in clear text"


def test_every_case_has_malformed_or_rejected_rows_and_counts_add_up(spark, pii_lake: dict) -> None:
    from lake import catalog, delta_io

    config = pii_lake["config"]
    log = {
        r["source_file"]: r for r in delta_io.read(spark, config.table_path(catalog.SILVER_SURVEY_INGEST_LOG)).collect()
    }
    rejects = delta_io.read(spark, config.table_path(catalog.SILVER_SURVEY_REJECTS))
    silver = delta_io.read(spark, config.table_path(catalog.SILVER_SURVEY_RESPONSES))
    for name in CASES:
        path = str(pii_lake["folder"] / name)
        entry = log[path]
        n_rej = rejects.where(rejects["_source_file"] == path).count()
        n_acc = silver.where(silver["_source_file"] == path).count()
        assert entry["rows_read"] == entry["accepted"] + entry["rejected"] == n_acc + n_rej, name
        assert n_rej >= 1 and n_acc >= 1, name  # the bad row is rejected, the good one still accepted


def test_malformed_rows_keep_structural_values_and_mask_the_rest(spark, pii_lake: dict) -> None:
    """The rejects stay useful: ids, waves, districts are readable, free text is a mask."""
    from lake import catalog, delta_io

    config = pii_lake["config"]
    rejects = delta_io.read(spark, config.table_path(catalog.SILVER_SURVEY_REJECTS))
    row = rejects.where(rejects["_source_file"].endswith("missing_field.csv")).first()
    assert row["reason"] == "malformed_row" and row["response_id"] == "R2" and row["ags"] == "14612"
    assert row["weight"].startswith("<masked")  # the e-mail that slid into `weight`
    bronze = delta_io.read(spark, config.table_path(catalog.BRONZE_SURVEY_RESPONSES))
    b = bronze.where(bronze["_source_file"].endswith("email_elsewhere.csv") & (bronze["response_id"] == "R6")).first()
    assert b["comment"].startswith("Schreiben Sie an <email:") and b["comment"].endswith("> bitte")


def test_delta_statistics_exclude_raw_survey_values(spark, pii_lake: dict) -> None:
    from lake import catalog

    config = pii_lake["config"]
    for table in (catalog.BRONZE_SURVEY_RESPONSES, catalog.SILVER_SURVEY_REJECTS):
        props = spark.sql(f"DESCRIBE DETAIL delta.`{config.table_path(table)}`").first()["properties"]
        stats_cols = props["delta.dataSkippingStatsColumns"].split(",")
        assert "comment" not in stats_cols and "contact_email" not in stats_cols and "_source_row" in stats_cols
