"""The real `dagster dev` (webserver + daemon): a run launched over GraphQL succeeds, the sensor ticks."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from tests.support.paths import REPO_ROOT

ROOT = REPO_ROOT

LAUNCH = """
mutation($selector: JobOrPipelineSelector!) {
  launchRun(executionParams: {selector: $selector, mode: "default"}) {
    __typename
    ... on LaunchRunSuccess { run { runId } }
    ... on PythonError { message }
    ... on InvalidSubsetError { message }
    ... on RunConfigValidationInvalid { errors { message } }
  }
}"""
STATUS = """query($id: ID!) { runOrError(runId: $id) { ... on Run { status } } }"""
LOCATIONS = """{ workspaceOrError { ... on Workspace { locationEntries { name
  locationOrLoadError { __typename ... on RepositoryLocation { repositories { name } } } } } } }"""
SENSOR = """query($s: SensorSelector!) { sensorOrError(sensorSelector: $s) {
  ... on Sensor { sensorState { status ticks(limit: 5) { status } } } } }"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _gql(url: str, query: str, variables: dict | None = None) -> dict:
    r = requests.post(url, json={"query": query, "variables": variables or {}}, timeout=30)
    r.raise_for_status()
    body = r.json()
    assert "errors" not in body, body
    return body["data"]


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_dagster_dev_runs_a_launched_run_and_ticks_the_sensor(tmp_path: Path) -> None:
    home, lake, landing = tmp_path / "dagster_home", tmp_path / "lake", tmp_path / "landing"
    for d in (home, lake, landing / "survey", landing / "news"):
        d.mkdir(parents=True)
    shutil.copyfile(ROOT / "dagster.yaml", home / "dagster.yaml")
    port = _free_port()
    env = {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "LAKEHOUSE_ROOT": str(lake),
        "LAKEHOUSE_LANDING": str(landing),
        "SPARK_MASTER": "local[1]",
    }
    log = (tmp_path / "dagster_dev.log").open("w")
    dagster = str(Path(sys.executable).parent / "dagster")
    proc = subprocess.Popen(
        [dagster, "dev", "-h", "127.0.0.1", "-p", str(port)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}/graphql"
    try:
        deadline = time.time() + 300
        location = None
        while time.time() < deadline and location is None:
            assert proc.poll() is None, (tmp_path / "dagster_dev.log").read_text()[-3000:]
            try:
                entries = _gql(url, LOCATIONS)["workspaceOrError"]["locationEntries"]
                loaded = [
                    e for e in entries if (e["locationOrLoadError"] or {}).get("__typename") == "RepositoryLocation"
                ]
                if loaded:
                    location = loaded[0]
            except (requests.RequestException, TypeError, KeyError):
                pass
            time.sleep(2)
        assert location, "code location did not load: " + (tmp_path / "dagster_dev.log").read_text()[-3000:]
        repo = location["locationOrLoadError"]["repositories"][0]["name"]
        selector = {
            "repositoryLocationName": location["name"],
            "repositoryName": repo,
            "jobName": "__ASSET_JOB",
            "assetSelection": [{"path": ["silver", "districts"]}],
        }
        launched = _gql(url, LAUNCH, {"selector": selector})["launchRun"]
        assert launched["__typename"] == "LaunchRunSuccess", launched
        run_id = launched["run"]["runId"]
        status = None
        deadline = time.time() + 600
        while time.time() < deadline:
            status = _gql(url, STATUS, {"id": run_id})["runOrError"]["status"]
            if status in ("SUCCESS", "FAILURE", "CANCELED"):
                break
            time.sleep(3)
        assert status == "SUCCESS", (tmp_path / "dagster_dev.log").read_text()[-5000:]
        assert (lake / "silver" / "districts" / "_delta_log").is_dir()

        # The daemon evaluates the landing sensor (on by default): an empty landing folder = skipped tick.
        ticks = []
        deadline = time.time() + 120
        while time.time() < deadline and not ticks:
            data = _gql(
                url,
                SENSOR,
                {
                    "s": {
                        "repositoryLocationName": location["name"],
                        "repositoryName": repo,
                        "sensorName": "landing_sensor",
                    }
                },
            )
            state = data["sensorOrError"]["sensorState"]
            assert state["status"] == "RUNNING"
            ticks = state["ticks"]
            time.sleep(3)
        assert ticks and ticks[0]["status"] in ("SKIPPED", "SUCCESS")
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        log.close()
