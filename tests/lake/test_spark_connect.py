"""The pipelines over Spark Connect (the project's engine) give the same lake as a local session.

A Spark Connect server is started by the test (`lake.engine`, a free port on 127.0.0.1); the survey
and news pipelines, maintenance and the asset checks run in a client process (`SPARK_REMOTE`), the
same code runs on the tests' local session on another lake, and every gold table is compared row
by row.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from lake.config import PROJECT_ROOT
from samples.survey_generator import generate_survey

pytestmark = pytest.mark.slow

NEWS = Path("/work/shared/data/news") if Path("/work/shared/data/news").is_dir() else PROJECT_ROOT / "samples" / "news"
TABLES = (
    "gold/ai_adoption",
    "gold/ai_technologies",
    "gold/ai_barriers",
    "gold/ai_adoption_modelled",
    "gold/news_activity",
    "silver/news_corrections",
    "silver/official_benchmarks",
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def engine_server(tmp_path_factory):
    """A Spark Connect server (Delta, the project's settings) for this module; stopped afterwards."""
    from lake import engine
    from orchestration.resources import spark_settings

    settings = spark_settings(master="local[2]").with_conf(
        state_dir=tmp_path_factory.mktemp("engine"),
        engine_port=free_port(),
        driver_memory=os.environ.get("LAKEHOUSE_TEST_DRIVER_MEMORY", "1g"),
        shuffle_partitions="2",
    )
    state, started = engine.start(settings)
    assert started and engine.running(settings) == state
    yield state
    assert engine.stop(settings) is not None
    assert engine.running(settings) is None


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> tuple[str, str, str]:
    folder = tmp_path_factory.mktemp("inputs")
    generate_survey(folder / "survey", rows=600, seed=11, messy=True, waves=["2025-Q2", "2025-Q3"])
    generate_survey(folder / "late", rows=300, seed=12, messy=True, waves=["2025-Q3"])
    news = folder / "news"
    news.mkdir()
    for f in sorted(NEWS.glob("*.txt")):
        shutil.copyfile(f, news / f.name)
    return str(folder / "survey"), str(news), str(folder / "late")


def _rows(spark, path: str) -> list[tuple]:
    from lake import delta_io

    df = delta_io.read(spark, path)
    cols = sorted(
        c for c in df.columns if c not in {"_ingested_at", "processed_at", "computed_at", "updated_at", "_source_file"}
    )
    # doubles to 9 decimals: sums over the same rows in another order differ in the last bit (the
    # rule `same_rows` applies before it commits)
    rows = (tuple(round(v, 9) if isinstance(v, float) else v for v in r) for r in df.select(*cols).collect())
    return sorted(rows, key=repr)


def test_pipelines_over_spark_connect_match_a_local_session(spark, engine_server, inputs, tmp_path: Path) -> None:
    from tests.lake.pipeline_runner import run_pipeline

    survey, news, late = inputs
    remote_root, local_root = tmp_path / "remote", tmp_path / "local"
    local = run_pipeline(spark, str(local_root), survey, news, late)
    local = json.loads(json.dumps(local, sort_keys=True, default=str))
    env = {
        **os.environ,
        "SPARK_REMOTE": engine_server.url,
        "PYTHONPATH": str(PROJECT_ROOT),
        "LAKEHOUSE_ROOT": str(remote_root),
    }
    proc = subprocess.run(
        [sys.executable, "-m", "tests.lake.pipeline_runner", str(remote_root), survey, news, late],
        capture_output=True,
        text=True,
        env=env,
        cwd=PROJECT_ROOT,
        timeout=1500,
    )
    assert proc.returncode == 0, proc.stderr[-4000:]
    remote = json.loads(next(line for line in proc.stdout.splitlines() if line.startswith("RESULT "))[7:])
    assert remote.pop("connect") is True  # the client really ran over Spark Connect

    assert remote == local
    assert remote["skipped_again"] == [True] * len(remote["bronze_rows"])  # every file again: skipped
    assert remote["late"]["silver"]["changed_waves"] == ["2025-Q3"]  # the MERGE path, not a first write
    assert remote["silver"]["rejected_rows"] > 0 and remote["news"]["articles_read"] == len(list(Path(news).iterdir()))
    assert [k for k, passed in remote["checks"].items() if not passed and not k.endswith(":fresh")] == []
    assert any(m["vacuum_deleted"] > 0 for m in remote["maintenance"])

    assert remote["news"]["corrections"] == 1 and remote["modelled"]["rows_written"] > 0
    for table in TABLES:
        got, want = _rows(spark, f"{remote_root}/{table}"), _rows(spark, f"{local_root}/{table}")
        assert got == want, table
        assert got, table
