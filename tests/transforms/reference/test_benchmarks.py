"""silver/official_benchmarks: the shipped figures, and Eurostat downloads served over real HTTP."""

from __future__ import annotations

import datetime as dt
import gzip
import http.server
import threading
from pathlib import Path

import pytest

from lake import catalog
from lake.config import LakeConfig
from lake.query import LakeQuery
from transforms.reference import benchmarks

SDMX_CSV = """DATAFLOW,LAST UPDATE,freq,size_emp,nace_r2,indic_is,unit,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG,CONF_STATUS
ESTAT:ISOC_EB_AI(1.0),15/12/25 11:00:00,A,10_M,C10-S951_X_K,E_AI_TANY,PC_ENT,EU27_2020,2024,13.48,,
ESTAT:ISOC_EB_AI(1.0),15/12/25 11:00:00,A,10_M,C10-S951_X_K,E_AI_TANY,PC_ENT,EU27_2020,2025,19.95,,
ESTAT:ISOC_EB_AI(1.0),15/12/25 11:00:00,A,10_49,C10-S951_X_K,E_AI_TANY,PC_ENT,DE,2025,22.1,p,
ESTAT:ISOC_EB_AI(1.0),15/12/25 11:00:00,A,GE250,C10-S951_X_K,E_AI_TANY,PC_ENT,DE,2025,,,C
ESTAT:ISOC_EB_AI(1.0),15/12/25 11:00:00,A,10_M,C10-S951_X_K,E_AI_TANY,PC_ENT,FR,2025,10.0,,
ESTAT:ISOC_EB_AI(1.0),15/12/25 11:00:00,A,10_M,C10-S951_X_K,E_AI_TML,PC_ENT,EU27_2020,2025,5.0,,
"""

TSV = (
    "freq,size_emp,nace_r2,indic_is,unit,geo\\TIME_PERIOD\t2021 \t2023 \t2024 \t2025 \n"
    "A,10_M,C10-S951_X_K,E_AI_TANY,PC_ENT,EU27_2020\t7.64 \t8.00 \t13.48 \t19.95 \n"
    "A,50_249,C10-S951_X_K,E_AI_TANY,PC_ENT,EU27_2020\t12.0 \t13.0 \t20.97 e\t: \n"
    "A,10_M,C10-S951_X_K,E_AI_TANY,PC_ENT,SE\t10.0 \t10.4 \t25.1 \t35.0 \n"
)


@pytest.fixture()
def server(tmp_path: Path):
    (tmp_path / "isoc_eb_ai.csv").write_text(SDMX_CSV, encoding="utf-8")
    (tmp_path / "isoc_eb_ai.tsv.gz").write_bytes(gzip.compress(TSV.encode("utf-8")))
    (tmp_path / "broken.tsv").write_text("this is not a dataset\n", encoding="utf-8")
    handler = lambda *a, **k: http.server.SimpleHTTPRequestHandler(*a, directory=str(tmp_path), **k)  # noqa: E731
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_shipped_figures_are_complete_and_on_the_official_definition() -> None:
    rows = benchmarks.shipped_figures()
    keys = {(b.source, b.geo, b.year, b.size_class) for b in rows}
    for year in (2021, 2023, 2024, 2025):
        assert ("Destatis", "DE", year, "10+") in keys
        assert ("Eurostat", "EU27_2020", year, "10+") in keys
    assert {("Destatis", "DE", 2024, c) for c in ("10-49", "50-249", "250+")} <= keys
    assert {b.size_class for b in rows} <= {"10+", "10-49", "50-249", "250+"}
    assert all(0 < b.share < 1 and b.table_code and b.definition and b.retrieved for b in rows)
    assert len(keys) == len(rows)
    de2024 = {b.size_class: b.share for b in rows if b.geo == "DE" and b.year == 2024}
    assert de2024["10-49"] < de2024["10+"] < de2024["250+"]


def test_parse_sdmx_csv_and_tsv_over_http(server) -> None:
    got = benchmarks.download_eurostat(f"{server}/isoc_eb_ai.csv", today=dt.date(2026, 1, 5))
    assert {(b.geo, b.year, b.size_class): b.share for b in got} == {
        ("EU27_2020", 2024, "10+"): pytest.approx(0.1348),
        ("EU27_2020", 2025, "10+"): pytest.approx(0.1995),
        ("DE", 2025, "10-49"): pytest.approx(0.221),
    }
    assert all(
        b.source == "Eurostat" and b.table_code == "isoc_eb_ai" and b.retrieved == dt.date(2026, 1, 5) for b in got
    )
    got = benchmarks.download_eurostat(f"{server}/isoc_eb_ai.tsv.gz")
    shares = {(b.geo, b.year, b.size_class): b.share for b in got}
    assert shares[("EU27_2020", 2021, "10+")] == pytest.approx(0.0764)
    assert shares[("EU27_2020", 2024, "50-249")] == pytest.approx(0.2097)  # flag "e" after the value
    assert ("EU27_2020", 2025, "50-249") not in shares  # ":" = not available
    assert not any(g == "SE" for g, _, _ in shares)
    with pytest.raises(benchmarks.BenchmarkFileError, match="broken.tsv"):
        benchmarks.download_eurostat(f"{server}/broken.tsv")


def test_refresh_from_a_download_replaces_the_shipped_eurostat_rows(spark, server, tmp_path: Path) -> None:
    config = LakeConfig.from_env(str(tmp_path / "lake"))
    first = benchmarks.write_benchmarks(spark, config)
    q = LakeQuery(config)
    t = catalog.SILVER_OFFICIAL_BENCHMARKS
    shipped = q.sql(f"SELECT * FROM {q.scan(t)}")
    assert len(shipped) == first["rows"] == len(benchmarks.shipped_figures())
    assert list(shipped.columns) == [
        "source",
        "table_code",
        "geo",
        "year",
        "size_class",
        "nace_scope",
        "share",
        "definition",
        "retrieved",
    ]
    version = q.version(t)
    benchmarks.write_benchmarks(spark, config)
    assert q.version(t) == version  # same figures: no new version
    result = benchmarks.write_benchmarks(spark, config, eurostat_url=f"{server}/isoc_eb_ai.csv")
    assert result["downloaded"] == 3
    now = q.sql(f"SELECT * FROM {q.scan(t)}")
    eu25 = now[(now.geo == "EU27_2020") & (now.year == 2025) & (now.size_class == "10+")]
    assert len(eu25) == 1 and eu25.share.iloc[0] == pytest.approx(0.1995)
    assert len(now) == len(shipped) + 1  # DE 2025 10-49 from Eurostat is new
    destatis = now[now.source == "Destatis"].sort_values(["year", "size_class"]).reset_index(drop=True)
    assert destatis.equals(
        shipped[shipped.source == "Destatis"].sort_values(["year", "size_class"]).reset_index(drop=True)
    )
    q.close()
