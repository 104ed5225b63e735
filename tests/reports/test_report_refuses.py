"""Reports refuse what they cannot state: a wave without data, or a wave that is not exactly YYYY-Qn."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from lake.config import LakeConfig
from reports import render
from reports.collect import NoDataError, parse_wave


def _gold(spark, root: Path, wave: str) -> None:
    spark.createDataFrame(
        [(wave, None, None, None, None, 40, 0.25, 0.14, 0.4, False)],
        "wave string, land string, ags string, nace_section string, size_class string, respondents long, "
        "weighted_share double, ci_low double, ci_high double, suppressed boolean",
    ).write.format("delta").save(str(root / "gold" / "ai_adoption"))


@pytest.mark.parametrize(
    "wave",
    ["2025-Q3\n", " 2025-Q3", "2025-Q3 ", "2025-q3", "2025-Q3\r\n", "2025-Q0", "25-Q3", "2025-Q3\x00", "2025-Q3/../x"],
)
def test_a_wave_that_is_not_exactly_yyyy_qn_is_refused_and_nothing_is_written(
    lake_root: Path, tmp_path: Path, wave: str
) -> None:
    from orchestration.cli import main

    with pytest.raises(ValueError, match="YYYY-Qn"):
        parse_wave(wave)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["report", "--wave", wave, "--out", str(out)])
    assert result.exit_code != 0 and "YYYY-Qn" in result.output, result.output
    assert "Traceback" not in result.output
    assert not (lake_root / "reports").exists() and not out.exists()


def test_a_wave_without_data_is_a_clear_error_and_nothing_is_written(spark, lake_root: Path, tmp_path: Path) -> None:
    from orchestration.cli import main

    _gold(spark, lake_root, "2025-Q3")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["report", "--wave", "2099-Q1", "--out", str(out)])
    assert result.exit_code == 1, result.output
    assert "no survey results for wave 2099-Q1" in result.output and "2025-Q3" in result.output
    assert not (lake_root / "reports").exists() and not out.exists()
    with pytest.raises(NoDataError):
        render.build_report(LakeConfig.from_env(str(lake_root)), "2099-Q1")
    # the wave that has data still renders
    ok = CliRunner().invoke(main, ["report", "--wave", "2025-Q3", "--out", str(out)])
    assert ok.exit_code == 0, ok.output
    assert (out / "bericht_2025-Q3.pdf").stat().st_size > 0
