"""Unit tests of the sample survey generator: determinism, proportions, messy manifest truth."""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from samples.survey_generator import COLUMNS, FAULTS, MESSY_FAULT_RATE, generate_survey


def _digest(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.suffix in (".csv", ".json")
    }


def _read_file(path: Path, meta: dict) -> tuple[list[str], list[list[str]]]:
    """Independent reader (stdlib csv / pandas) of one generated file, blank lines skipped."""
    if meta["format"] == "xlsx":
        df = pd.read_excel(path, dtype=str, keep_default_na=False)
        return list(df.columns), [list(r) for r in df.itertuples(index=False)]
    enc = "cp1252" if meta["encoding"] == "cp1252" else "utf-8-sig"
    with path.open(encoding=enc, newline="") as f:
        records = list(csv.reader(f, delimiter=meta["delimiter"]))
    return records[0], [r for r in records[1:] if r]


def test_same_seed_same_bytes_other_seed_differs(tmp_path: Path) -> None:
    a = generate_survey(tmp_path / "a", rows=3000, seed=5, messy=True)
    b = generate_survey(tmp_path / "b", rows=3000, seed=5, messy=True)
    c = generate_survey(tmp_path / "c", rows=3000, seed=6, messy=True)
    da, db, dc = _digest(tmp_path / "a"), _digest(tmp_path / "b"), _digest(tmp_path / "c")
    da.pop("manifest.json"), db.pop("manifest.json"), dc.pop("manifest.json")  # holds timings
    assert da == db
    assert da != dc
    assert a["faults"] == b["faults"] and a["faults"] != c["faults"]


def test_clean_file_columns_and_calibrated_proportions(tmp_path: Path) -> None:
    m = generate_survey(tmp_path / "s.csv", rows=60_000, seed=11, waves=["2024-Q2", "2025-Q2"])
    df = pd.read_csv(tmp_path / "s.csv", dtype=str, keep_default_na=False)
    assert list(df.columns) == list(COLUMNS)
    assert len(df) == m["rows_written"] == 60_000
    assert (tmp_path / "s.csv.manifest.json").exists()
    # resubmissions: same (wave, response_id) again with a later submitted_at
    dup = df[df.duplicated(["wave", "response_id"], keep=False)].sort_values("submitted_at")
    assert m["resubmissions"] == len(df) - df[["wave", "response_id"]].drop_duplicates().shape[0]
    assert 0.01 < m["resubmissions"] / len(df) < 0.03
    assert m["expected_silver_rows"] == df[["wave", "response_id"]].drop_duplicates().shape[0]
    assert not dup.empty
    # all codes valid in a clean file
    assert df.ags.str.match(r"^1[46]\d{3}$").all()
    assert set(df.nace_section) <= set("ABCDEFGHIJKLMNOPQRS")
    assert set(df.uses_ai) == {"yes", "no", "planned"}
    emp = df.employees.astype(int)
    assert emp.min() >= 1
    w = df.weight.astype(float)
    y = (df.uses_ai == "yes").astype(float)
    ten_plus = emp >= 10
    # 10+ employees, weighted: Destatis 2024 = 20 % (Germany); our regional factor < 1
    share_2024 = np.average(y[ten_plus & (df.wave == "2024-Q2")], weights=w[ten_plus & (df.wave == "2024-Q2")])
    share_2025 = np.average(y[ten_plus & (df.wave == "2025-Q2")], weights=w[ten_plus & (df.wave == "2025-Q2")])
    assert 0.15 < share_2024 < 0.22
    assert share_2025 > share_2024 + 0.03  # rising trend
    # large firms use AI far more often than small ones
    big, small = emp >= 250, (emp >= 10) & (emp < 50)
    assert y[big].mean() > 2 * y[small].mean()
    # technologies only for users, barriers only for non-users
    users = df.uses_ai == "yes"
    assert (df.loc[users, "barrier_cost"] == "").all()
    assert (df.loc[~users, "tech_speech"] == "").all()
    assert (df.loc[users, list(c for c in COLUMNS if c.startswith("tech_"))] == "1").any(axis=1).all()
    # district mix follows population: Leipzig and Dresden are the largest
    top = df.ags.value_counts().index[:2].tolist()
    assert set(top) == {"14713", "14612"}


def test_messy_manifest_matches_files(tmp_path: Path) -> None:
    m = generate_survey(tmp_path, rows=4000, seed=3, messy=True)
    assert len(m["files"]) == 8  # one per default wave
    formats = {(f["format"], f["encoding"], f["delimiter"]) for f in m["files"]}
    assert ("xlsx", None, None) in formats
    assert {"cp1252", "utf-8-sig", "utf-8"} <= {f["encoding"] for f in m["files"]}
    assert {";", ","} <= {f["delimiter"] for f in m["files"]}
    raw = b"".join((tmp_path / f["file"]).read_bytes() for f in m["files"] if f["format"] == "csv")
    assert b"\n\n" in raw  # blank lines
    assert b"\xef\xbb\xbf" in raw  # a BOM
    total = 0
    for meta in m["files"]:
        header, rows = _read_file(tmp_path / meta["file"], meta)
        assert len(rows) == meta["rows"]
        total += len(rows)
        cols = [h.lower() for h in header]
        for fault in (f for f in m["faults"] if f["file"] == meta["file"]):
            assert rows[fault["row"] - 1][cols.index(fault["column"])] == fault["value"]
            assert fault["expected_reason"] == FAULTS[fault["fault"]][2]
    assert total == m["rows_written"] == m["expected_accepted"] + m["expected_rejected"]
    assert m["exact_duplicates"] > 0 and m["resubmissions"] > 0
    rate = m["expected_rejected"] / m["rows_written"]
    assert MESSY_FAULT_RATE * 0.5 < rate < MESSY_FAULT_RATE * 1.5
    assert len({f["fault"] for f in m["faults"]}) == len(FAULTS)
    assert json.loads((tmp_path / "manifest.json").read_text())["faults"] == m["faults"]


def test_bad_arguments(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="bad wave"):
        generate_survey(tmp_path / "x.csv", rows=10, seed=1, waves=["2025-Q7"])
