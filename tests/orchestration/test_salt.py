"""Outside a development lake a missing PII salt is an error, never the published default."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from lake.config import PROJECT_ROOT, is_development_lake
from orchestration.resources import DEVELOPMENT_SALT, MissingSaltError, PrivacyResource, resolve_salt


def test_development_lake_is_the_checkouts_warehouse_or_an_explicit_env(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.delenv("LAKEHOUSE_ENV", raising=False)
    assert is_development_lake(str(PROJECT_ROOT / "warehouse"))
    assert not is_development_lake(str(tmp_path / "lake"))
    assert not is_development_lake("s3://bucket/lake")
    assert is_development_lake(str(tmp_path / "lake"), env="dev")
    assert not is_development_lake(str(PROJECT_ROOT / "warehouse"), env="prod")


def test_missing_salt_outside_a_development_lake_is_an_error(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.delenv("LAKEHOUSE_ENV", raising=False)
    monkeypatch.delenv("LAKEHOUSE_PII_SALT", raising=False)
    with pytest.raises(MissingSaltError, match="LAKEHOUSE_PII_SALT"):
        resolve_salt(None, str(tmp_path / "lake"))
    with pytest.raises(MissingSaltError):
        PrivacyResource().get_salt(str(tmp_path / "lake"))
    monkeypatch.setenv("LAKEHOUSE_ENV", "production")
    with pytest.raises(MissingSaltError):
        resolve_salt(None, str(PROJECT_ROOT / "warehouse"))
    # a configured salt is used as it is; the development salt only on a development lake
    monkeypatch.setenv("LAKEHOUSE_PII_SALT", "s3cr3t-salt")
    assert resolve_salt(None, str(tmp_path / "lake")) == "s3cr3t-salt"
    assert PrivacyResource(salt="own").get_salt(str(tmp_path / "lake")) == "own"
    monkeypatch.delenv("LAKEHOUSE_PII_SALT")
    monkeypatch.setenv("LAKEHOUSE_ENV", "dev")
    assert resolve_salt(None, str(tmp_path / "lake")) == DEVELOPMENT_SALT
    monkeypatch.delenv("LAKEHOUSE_ENV")
    assert resolve_salt(None, str(PROJECT_ROOT / "warehouse")) == DEVELOPMENT_SALT  # make demo


def test_survey_ingest_refuses_before_spark_starts_without_a_salt(monkeypatch, tmp_path: Path) -> None:
    from orchestration.cli import main

    monkeypatch.delenv("LAKEHOUSE_ENV", raising=False)
    monkeypatch.delenv("LAKEHOUSE_PII_SALT", raising=False)
    monkeypatch.setenv("LAKEHOUSE_ROOT", str(tmp_path / "lake"))
    export = tmp_path / "e.csv"
    export.write_text("response_id;wave\nx;2025-Q3\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["survey", "ingest", str(export)])
    assert result.exit_code == 1 and "LAKEHOUSE_PII_SALT is not set" in result.output, result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "lake").exists()
