"""`lakehouse survey ingest --mapping` in a subprocess: a survey-tool export goes to gold; a mapping
that is not valid or does not fit ends in one clear message, exit code != 0, no traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from samples.survey_generator import TOOL_MAPPINGS, generate_survey

pytestmark = pytest.mark.slow


def _cli(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("lakehouse")
    env = {
        **os.environ,
        "LAKEHOUSE_ROOT": str(tmp_path / "lake"),
        "DAGSTER_HOME": str(tmp_path / "dagster"),
        "LAKEHOUSE_PII_SALT": "cli-mapping-salt",
    }
    return subprocess.run([str(exe), *args], env=env, capture_output=True, text=True, timeout=900)


def test_cli_ingests_a_sosci_export_and_refuses_bad_mappings(tmp_path: Path) -> None:
    export = tmp_path / "sosci.csv"
    generate_survey(export, rows=120, seed=9, tool="sosci")
    bad_yaml = tmp_path / "broken.yaml"
    bad_yaml.write_text("columns: [response_id\n", encoding="utf-8")
    no_fit = TOOL_MAPPINGS["limesurvey"]  # a valid mapping, but for another tool's columns

    for mapping, words in (
        (bad_yaml, ["broken.yaml", "not valid YAML"]),
        (no_fit, ["limesurvey-ki-2025.yaml", "sosci.csv", "not in the file"]),
    ):
        run = _cli(["survey", "ingest", "--mapping", str(mapping), str(export)], tmp_path)
        assert run.returncode != 0
        for word in words:
            assert word in run.stderr, run.stderr[-2000:]
        assert "Traceback" not in run.stderr + run.stdout
        assert not (tmp_path / "lake" / "bronze" / "survey_responses").exists()  # nothing written

    ok = _cli(["survey", "ingest", "--mapping", str(export.with_suffix(".yaml")), str(export)], tmp_path)
    assert ok.returncode == 0, ok.stderr[-3000:]
    assert "sosci.csv: read 120, accepted 120, rejected 0" in ok.stdout
    assert (tmp_path / "lake" / "gold" / "ai_adoption" / "_delta_log").is_dir()
