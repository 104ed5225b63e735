"""Survey-tool exports (LimeSurvey, SoSci Survey) ingested through their mappings (survey-mapping-v1).

Each export is generated with known faults (the generator's manifest is the truth), read through
its example mapping by the real pipeline (Spark, Delta) and checked against an independent
reading of the file: the stdlib csv module and the tools' code tables written out here, not the
mapping module.
"""

from __future__ import annotations

import csv
import hashlib
import re
from pathlib import Path

import pandas as pd
import pytest

from lake import catalog
from lake.config import LakeConfig
from lake.query import LakeQuery
from samples.survey_generator import generate_survey
from transforms.survey import jobs
from transforms.survey.mapping import MappingError, load_mapping, mapping_for, parse_mapping

SALT = "mapping-test-salt"
SAMPLES = Path(__file__).resolve().parents[3] / "samples" / "mappings"

# The tools' codes for "uses AI", as their questionnaires define them (independent of the YAML).
USES_AI = {
    "limesurvey": {"A1": "yes", "A2": "no", "A3": "planned"},
    "sosci": {"1": "yes", "2": "no", "3": "planned"},
}
HEADERS = {  # export column -> contract column, for what the independent reading needs
    "limesurvey": {
        "id": "response_id",
        "g00q01": "wave",
        "submitdate": "submitted_at",
        "g01q01": "ags",
        "g02q01": "uses_ai",
        "g00q02": "weight",
        "g05q01": "contact_email",
        "g05q02": "comment",
    },
    "sosci": {
        "case": "response_id",
        "ref": "wave",
        "lastdata": "submitted_at",
        "ai01_01": "ags",
        "ai04": "uses_ai",
        "gewicht": "weight",
        "ai08_01": "contact_email",
        "ai09_01": "comment",
    },
}


def _ingest(spark, base: Path, tool: str, seed: int, rows: int) -> dict:
    folder = base / f"{tool}-export"
    manifest = generate_survey(folder, rows=rows, seed=seed, messy=True, tool=tool)  # type: ignore[arg-type]
    mapping = load_mapping(manifest["mapping_path"])
    config = LakeConfig.from_env(str(base / f"{tool}-lake"))
    bronze = jobs.ingest_bronze(spark, config, [folder], salt=SALT, mapping=mapping)
    jobs.refresh_silver(spark, config)
    jobs.refresh_gold(spark, config)
    return {
        "tool": tool,
        "folder": folder,
        "manifest": manifest,
        "config": config,
        "bronze": bronze,
        "mapping": mapping,
    }


@pytest.fixture(scope="module", params=["limesurvey", "sosci"])
def tool_lake(request, spark, tmp_path_factory):
    base = tmp_path_factory.mktemp(request.param)
    return _ingest(spark, base, request.param, seed=4711 if request.param == "sosci" else 815, rows=1000)


def _number(text: str) -> float | None:
    t = text.strip()
    if not t or t in ("-9", "-99", "N/A"):
        return None
    if "," in t:
        t = t.replace(".", "").replace(",", ".")
    return float(t)


def _independent(lake: dict) -> pd.DataFrame:
    """Accepted rows from the files themselves: faulty rows (manifest) out, latest submission wins."""
    tool, folder, manifest = lake["tool"], lake["folder"], lake["manifest"]
    broken = {(f["file"], f["row"]) for f in manifest["faults"]}
    frames = []
    for meta in manifest["files"]:
        path = folder / meta["file"]
        if meta["format"] == "xlsx":
            raw = pd.read_excel(path, dtype=str, keep_default_na=False)
            header, rows = [str(c) for c in raw.columns], [list(r) for r in raw.itertuples(index=False)]
        else:
            enc = "cp1252" if meta["encoding"] == "cp1252" else "utf-8-sig"
            with path.open(encoding=enc, newline="") as fh:
                records = [r for r in csv.reader(fh, delimiter=meta["delimiter"]) if r]
            header, rows = records[0], records[1:]
        names = [HEADERS[tool].get(re.sub(r"[^a-z0-9_]+", "_", h.strip().lower()).strip("_"), h) for h in header]
        df = pd.DataFrame(rows, columns=names)
        df["_file"], df["_row"] = meta["file"], range(1, len(df) + 1)
        frames.append(df[[(meta["file"], r) not in broken for r in df["_row"]]])
    df = pd.concat(frames, ignore_index=True)
    df["uses"] = df["uses_ai"].str.strip().map(USES_AI[tool])
    df["w"] = [(_number(v) or 1.0) for v in df["weight"]]
    df["when"] = pd.to_datetime(df["submitted_at"].str.strip(), format="mixed", dayfirst=True)
    df["land"] = df["ags"].str.strip().str[:2].map({"14": "Sachsen", "16": "Thüringen"})
    return df.sort_values(["when", "_file", "_row"]).drop_duplicates(["wave", "response_id"], keep="last")


def test_rejects_are_exactly_the_faulty_rows_with_their_reasons(tool_lake) -> None:
    q = LakeQuery(tool_lake["config"])
    rejects = q.sql(f"SELECT _source_file, _source_row, reason FROM {q.scan(catalog.SILVER_SURVEY_REJECTS)}")
    got = {
        (Path(f).name, int(r), why)
        for f, r, why in zip(rejects["_source_file"], rejects["_source_row"], rejects["reason"])
    }
    want = {(f["file"], f["row"], f["expected_reason"]) for f in tool_lake["manifest"]["faults"]}
    assert len(want) > 12
    assert got == want


def test_counts_add_up_for_every_file_and_bronze_records_the_mapping(tool_lake) -> None:
    q = LakeQuery(tool_lake["config"])
    log = q.sql(f"SELECT source_file, rows_read, accepted, rejected FROM {q.scan(catalog.SILVER_SURVEY_INGEST_LOG)}")
    per_file = {f["file"]: f["rows"] for f in tool_lake["manifest"]["files"]}
    assert {Path(p).name for p in log.source_file} == set(per_file)
    for r in log.itertuples():
        assert r.rows_read == per_file[Path(r.source_file).name] == r.accepted + r.rejected
    names = q.sql(f"SELECT DISTINCT _mapping FROM {q.scan(catalog.BRONZE_SURVEY_RESPONSES)}")
    assert list(names["_mapping"]) == [tool_lake["mapping"].name]
    silver = q.sql(f"SELECT count(*) AS n FROM {q.scan(catalog.SILVER_SURVEY_RESPONSES)}").n[0]
    assert silver == tool_lake["manifest"]["expected_silver_rows"]


def test_gold_shares_equal_an_independent_computation(tool_lake) -> None:
    ref = _independent(tool_lake)
    assert len(ref) == tool_lake["manifest"]["expected_silver_rows"]
    q = LakeQuery(tool_lake["config"])
    gold = q.sql(
        f"SELECT wave, land, respondents, weighted_share, suppressed FROM {q.scan(catalog.GOLD_AI_ADOPTION)} "
        "WHERE ags IS NULL AND nace_section IS NULL AND size_class IS NULL"
    )
    compared = 0
    for key, g in ref.groupby(["wave", "land"]):
        row = gold[(gold.wave == key[0]) & (gold.land == key[1])]
        assert len(row) == 1 and int(row.respondents.iloc[0]) == len(g)
        if row.suppressed.iloc[0]:
            continue
        share = float((g["w"] * (g["uses"] == "yes")).sum() / g["w"].sum())
        assert row.weighted_share.iloc[0] == pytest.approx(share, abs=1e-9)
        compared += 1
    assert compared >= 10


def test_rejects_keep_the_raw_export_codes_and_no_personal_data_passes_bronze(tool_lake) -> None:
    q = LakeQuery(tool_lake["config"])
    rejects = q.sql(f"SELECT * FROM {q.scan(catalog.SILVER_SURVEY_REJECTS)}")
    codes = set(USES_AI[tool_lake["tool"]])
    # rows rejected for another reason show the tool's code, not its translation (ja/nein/geplant)
    other = rejects[rejects.reason != "bad_uses_ai"]
    assert set(other.uses_ai.dropna()) <= codes and not set(other.uses_ai.dropna()) & {"ja", "nein", "geplant"}
    for table in (catalog.SILVER_SURVEY_RESPONSES, catalog.SILVER_SURVEY_REJECTS):
        cols = set(q.sql(f"SELECT * FROM {q.scan(table)} LIMIT 0").columns)
        assert not cols & {"contact_email", "comment"}, table
    emails = q.sql(
        f"SELECT contact_email FROM {q.scan(catalog.BRONZE_SURVEY_RESPONSES)} WHERE contact_email IS NOT NULL"
    )
    assert len(emails) > 60 and emails.contact_email.str.fullmatch(r"[0-9a-f]{64}").all()
    # "no answer" codes are no address: not hashed into a value shared by all such rows
    no_answer = {hashlib.sha256((SALT + code.lower()).encode()).hexdigest() for code in ("-9", "-99", "n/a")}
    assert not no_answer & set(emails.contact_email)
    bronze_cols = set(q.sql(f"SELECT * FROM {q.scan(catalog.BRONZE_SURVEY_RESPONSES)} LIMIT 0").columns)
    assert not {h for h in HEADERS[tool_lake["tool"]] if h not in ("id",)} & bronze_cols  # renamed, not twice


# --- mappings that do not fit: message names mapping, file and problem; nothing written -------------

GOOD = (SAMPLES / "sosci-ki-2025.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("mapping: x\ncolumns: {response_id: CASE\n", "not valid YAML"),
        ("mapping: x\ncolumns:\n  - response_id\n", "'columns' must map"),
        (GOOD.replace("  uses_ai: AI04\n", ""), "required contract column(s) uses_ai not mapped"),
        (GOOD.replace("  comment: AI09_01\n", "  remark: AI09_01\n"), "'remark', which is not a survey-export-v1"),
        (GOOD.replace('"barrier_*":', '"hindrance_*":'), "matches no survey-export-v1 column"),
        (GOOD.replace("missing:", "mising:"), "unknown key(s) mising"),
        (GOOD.replace("  wave: REF\n", "  wave: {valu: 2025-Q3}\n"), "a constant is written"),
    ],
)
def test_invalid_mappings_are_refused_with_the_problem(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "bad-mapping.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MappingError) as err:
        load_mapping(path)
    assert str(path) in str(err.value) and problem in str(err.value)


def test_yaml_scalars_stay_codes() -> None:
    m = parse_mapping(
        "columns: {response_id: id, wave: {value: 2025-Q3}, submitted_at: d, ags: a, nace_section: n,\n"
        "  employees: e, uses_ai: u}\nvalues: {uses_ai: {Y: ja, N: nein, 01: geplant, yes: ja}}\nmissing: [-9, N/A]\n",
        "inline.yaml",
    )
    assert m.values["uses_ai"]["01"] == "geplant" and m.values["uses_ai"]["Y"] == "ja"
    assert m.values["uses_ai"]["yes"] == "ja" and m.missing == ("-9", "N/A")
    assert m.constants == {"wave": "2025-Q3"} and m.name == "inline"


def test_a_mapping_that_does_not_fit_a_file_fails_only_that_file(spark, tmp_path: Path) -> None:
    good_dir = tmp_path / "good"
    generate_survey(good_dir / "sosci.csv", rows=40, seed=5, tool="sosci")
    other = tmp_path / "other.csv"  # a LimeSurvey export: none of SoSci's columns
    generate_survey(other, rows=30, seed=6, tool="limesurvey")
    mapping = load_mapping(SAMPLES / "sosci-ki-2025.yaml")
    config = LakeConfig.from_env(str(tmp_path / "lake"))
    results = jobs.ingest_bronze(spark, config, [good_dir / "sosci.csv", other], salt=SALT, mapping=mapping)
    by_name = {Path(r.path).name: r for r in results}
    assert by_name["sosci.csv"].error is None and by_name["sosci.csv"].rows_read == 40
    error = by_name["other.csv"].error or ""
    assert "other.csv" in error and "sosci-ki-2025.yaml" in error and "'CASE'" in error and "not in the file" in error
    q = LakeQuery(config)
    files = q.sql(f"SELECT DISTINCT _source_file FROM {q.scan(catalog.BRONZE_SURVEY_RESPONSES)}")
    assert [Path(f).name for f in files["_source_file"]] == ["sosci.csv"]


def test_landing_folder_mapping_beside_the_export_or_the_folder_default(tmp_path: Path) -> None:
    folder = tmp_path / "survey"
    folder.mkdir()
    export, other = folder / "lime.csv", folder / "sosci.csv"
    export.write_text("x", encoding="utf-8")
    other.write_text("x", encoding="utf-8")
    assert mapping_for(export) is None
    default = folder / "mapping.yaml"
    default.write_text(GOOD, encoding="utf-8")
    own = folder / "lime.yaml"
    own.write_text("x", encoding="utf-8")
    assert mapping_for(export) == own and mapping_for(other) == default
