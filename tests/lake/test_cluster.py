"""The same pipeline on Spark's own standalone cluster (master + worker on 127.0.0.1).

Starts the master and a worker from the pyspark installation (scripts/standalone_cluster.py),
runs the survey pipeline in a fresh driver process against ``spark://127.0.0.1:7077`` and checks
the Delta tables it wrote, here with DuckDB, and that the work really ran on the worker's
executor (its work folder has the application's executor logs).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from lake.config import PROJECT_ROOT

pytestmark = pytest.mark.slow


def _script():
    spec = importlib.util.spec_from_file_location(
        "standalone_cluster", PROJECT_ROOT / "scripts" / "standalone_cluster.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_pipeline_on_standalone_cluster(tmp_path: Path) -> None:
    cluster = _script()
    with cluster.standalone_cluster(tmp_path / "cluster") as url:
        assert url.startswith("spark://127.0.0.1:")
        result = cluster.run_pipeline(url, tmp_path / "lake", rows=2000)
    assert result["master"] == url
    assert "delta-spark" in result["jars"]
    assert result["silver_rows"] > 1500
    assert result["gold_rows"] > 0

    apps = list((tmp_path / "cluster" / "work").glob("app-*/*/stderr"))
    assert apps, "no executor ran on the worker"

    from lake import catalog
    from lake.config import LakeConfig
    from lake.query import LakeQuery

    q = LakeQuery(LakeConfig.from_env(str(tmp_path / "lake")))
    got = q.sql(f"SELECT count(*) AS n FROM {q.scan(catalog.SILVER_SURVEY_RESPONSES)}").n[0]
    assert int(got) == result["silver_rows"]
    # Both daemons are gone: the port is free again.
    assert cluster._port_free(int(url.rsplit(":", 1)[1]))
