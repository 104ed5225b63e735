"""Dagster with run, event-log and schedule storage in a real PostgreSQL server.

The Dagster daemon runs against the project's definitions with `dagster.yaml` +
`dagster.postgres.yaml` (as `make dagster-postgres` does): the landing sensor ticks, sees a
survey export, and its run ingests it (bronze, silver, gold) with the asset checks. The tick,
the run, its materializations and check evaluations are then read back from PostgreSQL itself.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lake.config import PROJECT_ROOT
from tests.support import postgres as pg
from tests.support.survey import write_small_export

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not pg.available(), reason="PostgreSQL server not installed")]
dagster_postgres = pytest.importorskip("dagster_postgres")

ROWS = [
    "p1;2025-Q2;2025-05-01;14612;C;12;ja;1;;2;a@example.org;",
    "p2;2025-Q2;2025-05-02;14612;J;5;nein;;1;1;;",
    "p3;2025-Q2;2025-05-03;14713;C;300;yes;1;;4;;",
    "p4;2025-Q2;2025-05-04;16053;G;40;no;;1;1;;",
    "p5;2025-Q2;2025-05-05;16051;C;60;geplant;;1;2;;",
    "p6;2025-Q2;2025-05-06;16063;M;25;ja;1;;1;;",
]


@pytest.fixture(scope="module")
def server():
    with pg.postgres() as s:
        yield s


def _instance_yaml(home: Path) -> None:
    home.mkdir(parents=True, exist_ok=True)
    text = (PROJECT_ROOT / "dagster.yaml").read_text() + "\n" + (PROJECT_ROOT / "dagster.postgres.yaml").read_text()
    (home / "dagster.yaml").write_text(text, encoding="utf-8")


def test_sensor_tick_run_and_checks_are_stored_in_postgres(
    server: pg.PostgresServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dagster as dg
    import psycopg2.errors

    home, landing, lake = tmp_path / "dagster_home", tmp_path / "landing", tmp_path / "lake"
    _instance_yaml(home)
    (landing / "survey").mkdir(parents=True)
    write_small_export(landing / "survey" / "wave_2025_q2.csv", ROWS)
    env = {
        **os.environ,
        **server.env(),
        "DAGSTER_HOME": str(home),
        "LAKEHOUSE_ROOT": str(lake),
        "LAKEHOUSE_LANDING": str(landing),
        "LAKEHOUSE_PII_SALT": "pg-test-salt",
        "PYTHONPATH": str(PROJECT_ROOT),
    }
    daemon_bin = Path(sys.executable).with_name("dagster-daemon")
    log = (tmp_path / "daemon.log").open("wb")
    daemon = subprocess.Popen(
        [str(daemon_bin), "run", "-m", "orchestration.definitions"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 1500
        status = None
        while time.monotonic() < deadline:
            try:
                rows = server.query("SELECT status FROM runs")
            except psycopg2.errors.UndefinedTable:  # the daemon has not created Dagster's tables yet
                rows = []
            status = rows[0][0] if rows else None
            if status in ("SUCCESS", "FAILURE", "CANCELED"):
                break
            assert daemon.poll() is None, (tmp_path / "daemon.log").read_text()[-3000:]
            time.sleep(5)
        lines = (tmp_path / "daemon.log").read_text().splitlines()
        assert status == "SUCCESS", (status, "\n".join(ln for ln in lines if "skipped" not in ln)[-4000:])
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(daemon.pid, signal.SIGTERM)
        try:
            daemon.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(daemon.pid, signal.SIGKILL)
        log.close()

    # Straight from PostgreSQL: the sensor's tick requested the run, the run and its events are there.
    ticks = server.query("SELECT status, tick_body FROM job_ticks")
    assert any(status == "SUCCESS" and "wave_2025_q2.csv" in body for status, body in ticks), ticks
    ((run_id, partition),) = server.query("SELECT run_id, partition FROM runs")
    assert partition == "2025-Q2"
    events = dict(
        server.query(
            f"SELECT dagster_event_type, count(*) FROM event_logs WHERE run_id = '{run_id}' GROUP BY dagster_event_type"
        )
    )
    assert events.get("ASSET_MATERIALIZATION", 0) >= 4 and events.get("ASSET_CHECK_EVALUATION", 0) >= 5, events
    assert not events.get("STEP_FAILURE")
    # ... and Dagster reads the same run back through the PostgreSQL-backed instance.
    for key, value in server.env().items():
        monkeypatch.setenv(key, value)
    with dg.DagsterInstance.from_config(str(home)) as instance:
        assert type(instance.run_storage).__name__ == "PostgresRunStorage"
        run = instance.get_run_by_id(run_id)
        assert run is not None and run.is_success
        checks = instance.get_records_for_run(run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION).records
        assert checks and all(r.event_log_entry.dagster_event.event_specific_data.passed for r in checks)
    assert (lake / "gold" / "ai_adoption" / "_delta_log").is_dir()
