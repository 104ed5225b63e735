"""Disclosure control, reliability and change between waves on lakes built by the pipeline.

The checker below enumerates the cube's additive relations itself, from the dimension values in
the table (read through DuckDB), not with the code under test: a Land and its districts, both
Länder and each Land, a total and its NACE sections, a total and its size classes (all four,
1-9 + 10+, and 10+ = its three classes), each within every combination of the other dimensions.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from lake import catalog
from lake.config import LakeConfig
from lake.query import LakeQuery
from samples.survey_generator import generate_survey
from transforms.survey import jobs

LANDS = ("Sachsen", "Thüringen")
FOUR = ("1-9", "10-49", "50-249", "250+")
Z = 1.959963984540054

# (rows, seed, messy): tiny samples where most cells are suppressed, up to a usual demo size.
LAKES = [(150, 3, False), (700, 11, True), (2500, 20251, False)]


@pytest.fixture(scope="module", params=LAKES, ids=lambda p: f"rows{p[0]}-seed{p[1]}")
def lake(request, spark, tmp_path_factory):
    rows, seed, messy = request.param
    base = tmp_path_factory.mktemp(f"disclosure{rows}")
    generate_survey(base / "export", rows=rows, seed=seed, messy=messy)
    config = LakeConfig.from_env(str(base / "lake"))
    jobs.ingest_bronze(spark, config, [base / "export"], salt="s")
    jobs.refresh_silver(spark, config)
    jobs.refresh_gold(spark, config)
    q = LakeQuery(config)
    tables = {
        t: q.sql(f"SELECT * FROM {q.scan(t)}")
        for t in (
            catalog.GOLD_AI_ADOPTION,
            catalog.GOLD_AI_TECHNOLOGIES,
            catalog.GOLD_AI_BARRIERS,
            catalog.SILVER_SURVEY_RESPONSES,
        )
    }
    q.close()
    return {"config": config, **tables}


def _key(v):
    return None if v is None or (isinstance(v, float) and math.isnan(v)) else v


def adoption_relations(df: pd.DataFrame) -> list[tuple[int, list[int]]]:
    """(row of the total, rows of its members) for every additive relation of gold/ai_adoption."""
    dims = ["wave", "land", "ags", "nace_section", "size_class"]
    keys = [tuple(_key(v) for v in r) for r in df[dims].itertuples(index=False, name=None)]
    where: dict[tuple, int] = {k: i for i, k in enumerate(keys)}
    groups: dict[tuple, list[int]] = {}
    for i, (wave, land, ags, nace, size) in enumerate(keys):
        # each cell as a member: which total it adds up to, per dimension
        if ags is not None:
            groups.setdefault(("geo", wave, land, None, nace, size), []).append(i)
        elif land is not None:
            groups.setdefault(("geo", wave, None, None, nace, size), []).append(i)
        if nace is not None:
            groups.setdefault(("nace", wave, land, ags, None, size), []).append(i)
        if size in FOUR:
            groups.setdefault(("size4", wave, land, ags, nace, None), []).append(i)
        if size in ("1-9", "10+"):
            groups.setdefault(("size2", wave, land, ags, nace, None), []).append(i)
        if size in ("10-49", "50-249", "250+"):
            groups.setdefault(("size3", wave, land, ags, nace, "10+"), []).append(i)
    out = []
    for (kind, *total), members in groups.items():
        t = where.get(tuple(total))
        assert t is not None, f"members without their total: {kind} {total}"
        out.append((t, members))
    return out


def land_relations(df: pd.DataFrame, item: str) -> list[tuple[int, list[int]]]:
    out = []
    for (_wave, _item), g in df.groupby(["wave", item]):
        total = g[g.land.isna()].index
        members = g[g.land.isin(LANDS)].index
        out.append((int(total[0]), [int(m) for m in members]))
    return out


def singletons(df: pd.DataFrame, relations) -> list:
    sup = df["suppressed"].astype(bool).to_numpy()
    # one suppressed cell among a total and its members: a member follows by subtraction, a
    # total (suppressed as a partner elsewhere) by addition
    return [(t, m) for t, m in relations if m and sup[t] + sum(sup[i] for i in m) == 1]


def test_no_relation_has_a_single_suppressed_member(lake) -> None:
    df = lake[catalog.GOLD_AI_ADOPTION]
    relations = adoption_relations(df)
    assert len(relations) > 1000
    bad = singletons(df, relations)
    assert bad == [], df.loc[[bad[0][0], *bad[0][1]]].to_string()
    # the relations are real: published totals equal the sum of their members' Σw when all are published
    sup = df["suppressed"].astype(bool).to_numpy()
    complete = [(t, m) for t, m in relations if not sup[t] and not any(sup[i] for i in m)]
    for t, m in complete:
        assert df.respondents[t] == df.respondents[m].sum()
        assert df.weight_sum[t] == pytest.approx(df.weight_sum[m].sum(), rel=1e-9)
    assert (df.suppression == "secondary").sum() > 0
    for table, item in ((catalog.GOLD_AI_TECHNOLOGIES, "technology"), (catalog.GOLD_AI_BARRIERS, "barrier")):
        t = lake[table]
        assert singletons(t, land_relations(t, item)) == []


def test_suppression_columns(lake) -> None:
    for table, share, interval in (
        (catalog.GOLD_AI_ADOPTION, "weighted_share", ("ci_low", "ci_high")),
        (catalog.GOLD_AI_TECHNOLOGIES, "share_of_users", ("ci_low", "ci_high")),
        (catalog.GOLD_AI_BARRIERS, "share_of_non_users", ("ci_low", "ci_high")),
    ):
        df = lake[table]
        sup = df.suppressed.astype(bool)
        assert (sup == df.suppression.notna()).all()
        assert set(df.suppression.dropna()) <= {"primary", "secondary"}
        assert ((df.respondents < 5) == (df.suppression == "primary")).all()
        for c in (share, *interval, "weight_sum", "n_eff"):
            assert df.loc[sup, c].isna().all(), c
            assert df.loc[~sup, c].notna().all(), c
        assert ((df.reliability == "suppressed") == sup).all()
        assert set(df.reliability) <= {"reliable", "limited", "suppressed"}
        assert not ((df.n_eff < 10) & (df.reliability == "reliable")).any()
        rel = df[df.reliability == "reliable"]
        assert (rel.n_eff >= 30).all() and ((rel[interval[1]] - rel[interval[0]]) <= 0.2 + 1e-12).all()
        alike = ~sup & df[share].isin([0.0, 1.0])
        assert (df.all_alike.astype(bool) == alike).all()
        assert (df.loc[alike, "reliability"] == "limited").all()


def test_change_equals_an_independent_z_test(lake) -> None:
    silver = lake[catalog.SILVER_SURVEY_RESPONSES]
    silver = silver.assign(y=(silver.uses_ai == "yes").astype(float), w=silver.weight.astype(float))
    cells = {}
    for land in (None, *LANDS):
        part = silver if land is None else silver[silver.land == land]
        for wave, g in part.groupby("wave"):
            sw, sw2 = g.w.sum(), (g.w**2).sum()
            cells[(wave, land)] = (len(g), float((g.w * g.y).sum() / sw), sw * sw / sw2)
    gold = lake[catalog.GOLD_AI_ADOPTION]
    gold = gold[gold.ags.isna() & gold.nace_section.isna() & gold.size_class.isna()]
    compared = 0
    for r in gold.itertuples():
        land = _key(r.land)
        year, q = int(r.wave[:4]), int(r.wave[-1])
        prev = f"{year - 1}-Q4" if q == 1 else f"{year}-Q{q - 1}"
        prev_row = gold[(gold.wave == prev) & ((gold.land == land) if land else gold.land.isna())]
        if prev_row.empty or bool(prev_row.suppressed.iloc[0]):
            assert pd.isna(r.previous_share)
        else:
            assert r.previous_share == pytest.approx(cells[(prev, land)][1], abs=1e-12)
        if r.suppressed or prev_row.empty or bool(prev_row.suppressed.iloc[0]):
            assert pd.isna(r.change_pp) and pd.isna(r.change_significant)
            continue
        (_, p1, n1), (_, p0, n0) = cells[(r.wave, land)], cells[(prev, land)]
        se = math.sqrt(p1 * (1 - p1) / n1 + p0 * (1 - p0) / n0)
        assert r.change_pp == pytest.approx((p1 - p0) * 100, abs=1e-9)
        assert bool(r.change_significant) == (abs(p1 - p0) / se > Z if se > 0 else p1 != p0)
        compared += 1
    waves = gold.wave.nunique()
    if len(silver) >= 700:
        assert compared >= 3 * (waves - 1) - 1


def test_ten_plus_band_is_the_official_definition(lake) -> None:
    df = lake[catalog.GOLD_AI_ADOPTION]
    silver = lake[catalog.SILVER_SURVEY_RESPONSES]
    big = silver[silver.size_class.isin(["10-49", "50-249", "250+"])]
    band = df[(df.size_class == "10+") & df.ags.isna() & df.nace_section.isna()]
    for r in band.itertuples():
        part = big[big.wave == r.wave]
        if not pd.isna(r.land):
            part = part[part.land == r.land]
        assert r.respondents == len(part)
        if not r.suppressed:
            w = part.weight.astype(float)
            assert r.weighted_share == pytest.approx(float((w * (part.uses_ai == "yes")).sum() / w.sum()), abs=1e-12)


def test_incremental_wave_refresh_updates_the_next_waves_change(spark, tmp_path: Path) -> None:
    waves = ["2025-Q1", "2025-Q2"]
    generate_survey(tmp_path / "a.csv", rows=400, seed=5, waves=waves)
    config = LakeConfig.from_env(str(tmp_path / "lake"))
    jobs.ingest_bronze(spark, config, [tmp_path / "a.csv"], salt="s")
    jobs.refresh_silver(spark, config)
    jobs.refresh_gold(spark, config)
    generate_survey(tmp_path / "b.csv", rows=300, seed=6, waves=["2025-Q1"])
    jobs.ingest_bronze(spark, config, [tmp_path / "b.csv"], salt="s")
    jobs.refresh_silver(spark, config)
    result = jobs.refresh_gold(spark, config)
    assert "2025-Q2" in result[catalog.GOLD_AI_ADOPTION]["recomputed_waves"]
    q = LakeQuery(config)
    both = q.sql(
        f"SELECT wave, weighted_share, previous_share FROM {q.scan(catalog.GOLD_AI_ADOPTION)} "
        "WHERE land IS NULL AND ags IS NULL AND nace_section IS NULL AND size_class IS NULL ORDER BY wave"
    )
    assert both.previous_share[1] == pytest.approx(both.weighted_share[0], abs=1e-12)


def test_downloads_hold_numbers_and_never_a_suppressed_value(lake) -> None:
    import io

    from openpyxl import load_workbook

    from dashboards.export import download_meta, file_name, share_frame, to_csv_bytes, to_xlsx_bytes

    gold = lake[catalog.GOLD_AI_ADOPTION]
    wave = sorted(gold.wave.unique())[-1]
    cells = gold[(gold.wave == wave) & gold.ags.notna() & gold.nace_section.isna() & gold.size_class.isna()]
    cells = cells.sort_values("ags").reset_index(drop=True)
    frame = share_frame(cells, "de", "ags", "Kreis")
    meta = download_meta("de", "Anteil nach Kreis", wave=wave, land="Sachsen und Thüringen", data_version="gold 3")
    book = load_workbook(io.BytesIO(to_xlsx_bytes(frame, meta=meta)))
    sheet = book["Daten"]
    header = [c.value for c in sheet[1]]
    share_col = header.index("Anteil (%)") + 1
    for i, cell in enumerate(cells.itertuples(), start=2):
        for col in (share_col, share_col + 1, share_col + 2):
            value = sheet.cell(i, col)
            if cell.suppressed:
                assert value.value is None
            else:
                # a whole number (26.0) reads back from the workbook as int: still a number, shown as 26,0
                assert value.data_type == "n" and isinstance(value.value, (int, float))
                assert value.number_format == "0.0"
        assert sheet.cell(i, share_col).value == (None if cell.suppressed else round(cell.weighted_share * 100, 1))
        note = sheet.cell(i, header.index("Hinweis") + 1).value or ""
        assert note.startswith("unterdrückt") == bool(cell.suppressed)
        assert (note == "unterdrückt (Sekundärsperrung)") == (cell.suppression == "secondary")
    info = {r[0].value: r[1].value for r in book["Info"].iter_rows(min_row=2)}
    assert info["Befragungswelle"] == wave and info["Land"] == "Sachsen und Thüringen"
    assert "Primärsperrung" in info["Geheimhaltung"] and "30" in info["Aussagekraft"]
    assert "Wilson" in info["Methode"] and info["Datenstand (Delta-Versionen)"] == "gold 3"
    assert file_name("karte", meta) == f"karte_{wave.lower()}_sachsen-und-thueringen"
    text = to_csv_bytes(frame, meta).decode("utf-8-sig")
    head, body = text.split("\n\n", 1)
    assert f"Befragungswelle;{wave}" in head
    table = pd.read_csv(io.StringIO(body), sep=";", decimal=",")
    assert table["Anteil (%)"].dtype == float
    assert (
        table.loc[cells.suppressed.to_numpy(), ["Anteil (%)", "95-%-KI unten (%)", "95-%-KI oben (%)"]]
        .isna()
        .all()
        .all()
    )


def test_asset_check_finds_a_single_suppressed_member(spark, lake, tmp_path: Path) -> None:
    from orchestration.checks import rules

    q = LakeQuery(lake["config"])
    assert rules.no_single_suppressed_member(q, catalog.GOLD_AI_ADOPTION).passed
    assert rules.no_single_suppressed_member(q, catalog.GOLD_AI_BARRIERS).passed
    q.close()
    # Publish one secondary cell again: the relation it protected has a single suppressed member.
    df = lake[catalog.GOLD_AI_ADOPTION][
        ["wave", "land", "ags", "nace_section", "size_class", "suppressed", "suppression"]
    ]
    df = df.astype(object).where(df.notna(), None)
    first = df.index[df.suppression == "secondary"][0]
    df.loc[first, "suppressed"] = False
    tampered = LakeConfig.from_env(str(tmp_path / "lake"))
    spark.createDataFrame(df.to_dict("records")).write.format("delta").save(
        tampered.table_path(catalog.GOLD_AI_ADOPTION)
    )
    result = rules.no_single_suppressed_member(LakeQuery(tampered), catalog.GOLD_AI_ADOPTION)
    assert not result.passed and result.metadata["relations_with_single_suppressed_member"].value >= 1
