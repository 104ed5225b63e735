#!/usr/bin/env python
"""Spark's own standalone cluster (one master, one worker) on 127.0.0.1, from the pyspark wheel.

The pip wheel of pyspark has no ``sbin/start-master.sh``, so the master and worker are started
directly with ``java -cp "<pyspark>/jars/*" org.apache.spark.deploy.{master.Master,worker.Worker}``.
Then the pipeline runs against ``spark://127.0.0.1:<port>`` exactly as on a real cluster: the
driver ships the Delta jars to the executors through ``spark.jars``.

    python scripts/standalone_cluster.py run --rows 5000      # start, run the survey pipeline, stop
    python scripts/standalone_cluster.py up                   # start and wait (Ctrl-C stops)

The lake root must be reachable by driver and executors under the same path (here: the same
machine; on real hosts a shared file system or an object store, see docs/scaling.md).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def pyspark_home() -> Path:
    import pyspark

    return Path(pyspark.__file__).resolve().parent


def _port_free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(log: Path, marker: str, proc: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if log.exists() and marker in log.read_text(errors="replace"):
            return
        if proc.poll() is not None:
            raise RuntimeError(
                f"process exited with {proc.returncode}; log:\n{log.read_text(errors='replace')[-3000:]}"
            )
        time.sleep(0.5)
    raise TimeoutError(f"'{marker}' not in {log} after {timeout} s:\n{log.read_text(errors='replace')[-3000:]}")


def _stop(proc: subprocess.Popen) -> None:
    """Stop a daemon we started and everything it launched (its own process group)."""
    if proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


@contextlib.contextmanager
def standalone_cluster(
    workdir: Path,
    port: int = 7077,
    worker_cores: int = 1,
    worker_memory: str = "2g",
    timeout: float = 600,
) -> Iterator[str]:
    """Start master + worker on 127.0.0.1 and yield the master URL; both are stopped on exit.

    Port 7077 is Spark's default; when it is taken (another cluster on a shared machine) a free
    port is used instead.
    """
    home = pyspark_home()
    java = shutil.which("java") or str(Path(os.environ.get("JAVA_HOME", "/usr")) / "bin" / "java")
    classpath = f"{home}/jars/*"
    workdir.mkdir(parents=True, exist_ok=True)
    if not _port_free(port):
        port = _free_port()
    env = {
        **os.environ,
        "SPARK_HOME": str(home),
        # The executor launcher looks for a source build's directories unless told the version.
        "SPARK_SCALA_VERSION": "2.13",
        "SPARK_LOCAL_IP": "127.0.0.1",
        "PYSPARK_PYTHON": sys.executable,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT_ROOT), os.environ.get("PYTHONPATH")])),
    }
    jvm = [java, "-Xmx512m", "-cp", classpath]
    master_log, worker_log = workdir / "master.log", workdir / "worker.log"
    master = subprocess.Popen(
        [
            *jvm,
            "org.apache.spark.deploy.master.Master",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--webui-port",
            str(_free_port()),
        ],
        stdout=master_log.open("w"),
        stderr=subprocess.STDOUT,
        env=env,
        start_new_session=True,
    )
    worker = None
    url = f"spark://127.0.0.1:{port}"
    try:
        _wait_for(master_log, "I have been elected leader", master, timeout)
        worker = subprocess.Popen(
            [
                *jvm,
                "org.apache.spark.deploy.worker.Worker",
                url,
                "--host",
                "127.0.0.1",
                "--cores",
                str(worker_cores),
                "--memory",
                worker_memory,
                "--webui-port",
                str(_free_port()),
                "--work-dir",
                str(workdir / "work"),
            ],
            stdout=worker_log.open("w"),
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )
        _wait_for(worker_log, "Successfully registered with master", worker, timeout)
        yield url
    finally:
        if worker is not None:
            _stop(worker)
        _stop(master)


DRIVER = """
import json, sys, time
from lake import catalog, delta_io
from lake.config import LakeConfig
from lake.spark import get_spark
from samples.survey_generator import generate_survey
from transforms.survey import jobs

master, root, rows, export = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
generate_survey(export, rows=rows, seed=7)
config = LakeConfig.from_env(root)
t0 = time.perf_counter()
from orchestration.resources import spark_settings
spark = get_spark(spark_settings(master=master).with_conf(use_engine=False), app_name="standalone-cluster-run", extra_conf={
    "spark.driver.host": "127.0.0.1", "spark.driver.bindAddress": "127.0.0.1",
    "spark.executor.memory": "1g", "spark.cores.max": "1", "spark.driver.memory": "1g",
    "spark.sql.shuffle.partitions": "4"})
started = time.perf_counter() - t0
jobs.ingest_bronze(spark, config, [export], salt="cluster")
silver = jobs.refresh_silver(spark, config)
gold = jobs.refresh_gold(spark, config)
sc = spark.sparkContext
status = sc._jsc.sc().statusTracker().getExecutorInfos()
print("RESULT " + json.dumps({
    "master": sc.master,
    "executor_hosts": sorted({e.host() for e in status}),
    "executors_including_driver": len(status),
    "session_seconds": round(started, 1),
    "seconds": round(time.perf_counter() - t0, 1),
    "silver_rows": silver["silver_rows"],
    "gold_rows": delta_io.read(spark, config.table_path(catalog.GOLD_AI_ADOPTION)).count(),
    "jars": spark.conf.get("spark.jars", ""),
}))
spark.stop()
"""


def run_pipeline(master_url: str, root: Path, rows: int, timeout: float = 3000) -> dict:
    """Run the survey pipeline in a fresh driver process against ``master_url``."""
    root.mkdir(parents=True, exist_ok=True)
    export = root.parent / "export" / "survey.csv"
    proc = subprocess.run(
        [sys.executable, "-c", DRIVER, master_url, str(root), str(rows), str(export)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={
            **os.environ,
            "PYTHONPATH": str(PROJECT_ROOT),
            "PYSPARK_PYTHON": sys.executable,
            "SPARK_LOCAL_IP": "127.0.0.1",
        },
    )
    if proc.returncode != 0:
        raise RuntimeError(f"driver failed ({proc.returncode}):\n{proc.stderr[-4000:]}")
    line = [ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT ")][-1]
    return json.loads(line.removeprefix("RESULT "))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("command", choices=["run", "up"])
    p.add_argument("--port", type=int, default=7077)
    p.add_argument("--rows", type=int, default=5000)
    p.add_argument("--workdir", type=Path, default=None)
    a = p.parse_args(argv)
    # A TERM (timeout, kill) unwinds like Ctrl-C, so the daemons are stopped, not orphaned.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    workdir = a.workdir or Path(tempfile.mkdtemp(prefix="spark-standalone-"))
    with standalone_cluster(workdir / "cluster", port=a.port) as url:
        print(f"master {url} (logs in {workdir / 'cluster'})", flush=True)
        if a.command == "up":
            with contextlib.suppress(KeyboardInterrupt):
                while True:
                    time.sleep(3600)
            return 0
        result = run_pipeline(url, workdir / "lake", a.rows)
        print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
