"""`lakehouse engine start | stop | status` and their messages; a clean console by default."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from lake.config import PROJECT_ROOT

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def lakehouse(*args: str, env: dict, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "from orchestration.cli import main; main()", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=PROJECT_ROOT,
        timeout=timeout,
    )


@pytest.fixture()
def engine_env(tmp_path: Path) -> dict:
    return {
        # LAKEHOUSE_ENGINE unset, as for a user (the tests' conftest sets it off): the engine when up
        **{k: v for k, v in os.environ.items() if k not in ("SPARK_REMOTE", "LAKEHOUSE_ENGINE")},
        "PYTHONPATH": str(PROJECT_ROOT),
        "LAKEHOUSE_ENGINE_DIR": str(tmp_path / "engine"),
        "LAKEHOUSE_ENGINE_PORT": str(free_port()),
        "LAKEHOUSE_ROOT": str(tmp_path / "lake"),
        "LAKEHOUSE_SPARK_DRIVER_MEMORY": os.environ.get("LAKEHOUSE_TEST_DRIVER_MEMORY", "1g"),
        "SPARK_MASTER": "local[1]",
        "LAKEHOUSE_SHUFFLE_PARTITIONS": "2",
    }


def test_engine_start_status_stop(engine_env: dict) -> None:
    port = engine_env["LAKEHOUSE_ENGINE_PORT"]
    down = lakehouse("engine", "status", env=engine_env)
    assert down.returncode == 3 and "engine is not running" in down.stdout
    assert "lakehouse engine stop" not in down.stdout and "lakehouse engine start" in down.stdout

    started = lakehouse("engine", "start", env=engine_env)
    try:
        assert started.returncode == 0, started.stdout + started.stderr
        assert f"engine started: sc://127.0.0.1:{port}" in started.stdout
        pid = int(re.search(r"pid (\d+)", started.stdout).group(1))
        assert (Path(engine_env["LAKEHOUSE_ENGINE_DIR"]) / "engine.json").is_file()
        assert (Path(engine_env["LAKEHOUSE_ENGINE_DIR"]) / "engine.log").is_file()

        again = lakehouse("engine", "start", env=engine_env)
        assert again.returncode == 0 and f"already running: sc://127.0.0.1:{port} (pid {pid}" in again.stdout

        status = lakehouse("engine", "status", env=engine_env)
        assert status.returncode == 0, status.stdout + status.stderr
        assert f"engine running: sc://127.0.0.1:{port}, pid {pid}" in status.stdout and "Spark 4.2" in status.stdout

        # the engine is bound to 127.0.0.1 only
        try:
            addresses = {a for a in socket.gethostbyname_ex(socket.gethostname())[2] if not a.startswith("127.")}
        except OSError:  # no resolvable host name: nothing but loopback to try
            addresses = set()
        for address in addresses:
            with socket.socket() as s:
                s.settimeout(1)
                assert s.connect_ex((address, int(port))) != 0, f"engine reachable on {address}"

        # a command uses the engine by itself when it is up
        code = (
            "from lake.spark import get_spark, is_connect; from orchestration.resources import spark_settings; "
            "s = get_spark(spark_settings()); print('CONNECT', is_connect(s), s.range(4).count())"
        )
        client = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=engine_env, cwd=PROJECT_ROOT, timeout=300
        )
        assert "CONNECT True 4" in client.stdout, client.stderr[-2000:]
        # LAKEHOUSE_ENGINE=off: a local session although the engine is up
        local = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            env={**engine_env, "LAKEHOUSE_ENGINE": "off"},
            cwd=PROJECT_ROOT,
            timeout=300,
        )
        assert "CONNECT False 4" in local.stdout, local.stderr[-2000:]
    finally:
        stopped = lakehouse("engine", "stop", env=engine_env)
    assert stopped.returncode == 0 and f"engine stopped (sc://127.0.0.1:{port}, pid {pid})" in stopped.stdout
    assert lakehouse("engine", "status", env=engine_env).returncode == 3
    assert "engine is not running" in lakehouse("engine", "stop", env=engine_env).stdout


def test_engine_start_failures_are_explained(engine_env: dict) -> None:
    with socket.socket() as taken:  # another program holds the port
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        busy = {**engine_env, "LAKEHOUSE_ENGINE_PORT": str(port)}
        result = lakehouse("engine", "start", env=busy)
    assert result.returncode != 0
    assert f"port {port} on 127.0.0.1 is taken by another program" in result.stderr
    assert "Traceback" not in result.stderr

    bad = lakehouse("engine", "start", "--master", "nonsense://nowhere", "--timeout", "300", env=engine_env)
    assert bad.returncode != 0
    assert "the engine exited during start" in bad.stderr and "engine.log" in bad.stderr
    assert "Traceback" not in bad.stderr
    assert lakehouse("engine", "status", env=engine_env).returncode == 3


SPARK_OR_IVY = re.compile(
    r"(::|ivy|Ivy|log4j|WARN|INFO|SparkSession|NativeCodeLoader|incubator|resolv|"
    r"org\.apache|py4j|Using Spark)"
)


def test_cli_run_with_a_complete_cache_prints_no_spark_or_ivy_lines(engine_env: dict, tmp_path: Path) -> None:
    """A local Spark session (engine off), jars in the cache: only the command's own lines."""
    from lake.spark import cached_delta_jars
    from orchestration.resources import spark_settings

    assert cached_delta_jars(spark_settings().ivy_dir), "the test needs a complete Ivy cache"
    news = tmp_path / "news"
    news.mkdir()
    for f in sorted((PROJECT_ROOT / "samples" / "news").glob("*.txt"))[:2]:
        (news / f.name).write_bytes(f.read_bytes())
    env = {**engine_env, "LAKEHOUSE_ENGINE": "off"}
    result = lakehouse("news", "ingest", str(news), env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    assert lines and lines[0].startswith("batch "), lines
    noise = [line for line in lines if SPARK_OR_IVY.search(line)]
    assert not noise, noise
