"""The project's warm engine: a Spark Connect server on 127.0.0.1 with Delta and the project's settings.

A new `lakehouse` process (or Dagster run) otherwise pays the JVM start, the jar loading, the JIT
warm-up and Delta's log replay again (10-16 s before the first row). The engine keeps one driver
running; clients connect with ``sc://127.0.0.1:<port>`` (`lake.spark.get_spark` does so by itself
when the engine is up). Its files live in ``SparkSettings.state_dir``:

- ``engine.json``: pid, port, URL, master, start time (written once the server answers);
- ``engine.log``: the server's stdout/stderr and its log4j output.

The server runs the pip pyspark's ``SparkConnectServer`` through ``spark-submit`` (the wheel has
no start-connect-server.sh). Its Python workers (pandas UDFs of the news extractor) import this
checkout, so a code change needs ``lakehouse engine stop`` and ``start``.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from lake.config import PROJECT_ROOT
from lake.spark import SparkSettings, ensure_jars, log4j_file, pyspark_home, spark_conf, with_java_option

SERVER_CLASS = "org.apache.spark.sql.connect.service.SparkConnectServer"
HOST = "127.0.0.1"


class EngineError(RuntimeError):
    """The engine cannot be started / reached; the message says why and what to do."""


@dataclass(frozen=True)
class EngineState:
    pid: int
    port: int
    url: str
    master: str
    started_at: float
    log: str

    @property
    def uptime_seconds(self) -> float:
        return time.time() - self.started_at


def state_file(settings: SparkSettings) -> Path:
    return Path(settings.state_dir) / "engine.json"


def log_file(settings: SparkSettings) -> Path:
    return Path(settings.state_dir) / "engine.log"


def read_state(settings: SparkSettings) -> EngineState | None:
    try:
        return EngineState(**json.loads(state_file(settings).read_text()))
    except (OSError, ValueError, TypeError):
        return None


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie (exited child not yet reaped) is not alive
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0] != "Z"
    except (OSError, IndexError):
        return True


def port_open(port: int, host: str = HOST, timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def port_free(port: int, host: str = HOST) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


def running(settings: SparkSettings) -> EngineState | None:
    """The engine's state when its process is alive and its port accepts connections."""
    state = read_state(settings)
    if state is None or not pid_alive(state.pid) or not port_open(state.port):
        return None
    return state


def running_url(settings: SparkSettings) -> str | None:
    state = running(settings)
    return state.url if state else None


def server_command(settings: SparkSettings, port: int) -> list[str]:
    """spark-submit of the Connect server with the Delta jars, the project's settings and log4j."""
    home = pyspark_home()
    connect_jars = sorted(home.glob("jars/spark-connect_*.jar"))
    if not connect_jars:
        raise EngineError(f"pyspark at {home} has no jars/spark-connect_*.jar: cannot run a Spark Connect server")
    conf = spark_conf(settings)
    conf.pop("spark.jars.ivy", None)
    conf["spark.connect.grpc.binding.address"] = HOST
    conf["spark.connect.grpc.binding.port"] = str(port)
    conf["spark.app.name"] = "lakehouse-engine"
    log4j = log4j_file(settings.with_conf(verbose=False), log_file(settings), name="engine")
    with_java_option(conf, "spark.driver.extraJavaOptions", f"-Dlog4j2.configurationFile=file:{log4j}")
    memory = conf.pop("spark.driver.memory", None)
    master = conf.pop("spark.master")
    cmd = [
        str(home / "bin" / "spark-submit"),
        "--class",
        SERVER_CLASS,
        "--name",
        "lakehouse-engine",
        "--master",
        master,
        "--jars",
        ",".join(ensure_jars(settings)),
    ]
    if memory:
        cmd += ["--driver-memory", memory]
    for key, value in conf.items():
        cmd += ["--conf", f"{key}={value}"]
    return [*cmd, str(connect_jars[-1])]


def _tail(path: Path, lines: int = 12) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def start(settings: SparkSettings, port: int | None = None, timeout: float = 180.0) -> tuple[EngineState, bool]:
    """Start the engine (or find it running); returns its state and whether it was started now.

    Raises `EngineError` when the port is taken by another program or the server dies or does
    not answer within ``timeout`` seconds (the message carries the end of its log).
    """
    current = running(settings)
    if current is not None:
        return current, False
    port = int(port or settings.engine_port)
    if not port_free(port):
        raise EngineError(
            f"port {port} on {HOST} is taken by another program; start the engine on a free port "
            f"(lakehouse engine start --port N, or LAKEHOUSE_ENGINE_PORT)"
        )
    state_dir = Path(settings.state_dir)
    state_dir.mkdir(parents=True, exist_ok=True)
    state_file(settings).unlink(missing_ok=True)
    log = log_file(settings)
    cmd = server_command(settings, port)
    home = pyspark_home()
    env = {
        **os.environ,
        "SPARK_HOME": str(home),
        "PYSPARK_PYTHON": settings.python,
        # the server's Python workers unpickle functions of this checkout (transforms.news ...)
        "PYTHONPATH": os.pathsep.join(p for p in (str(PROJECT_ROOT), os.environ.get("PYTHONPATH", "")) if p),
    }
    env.pop("SPARK_REMOTE", None)
    env.pop("SPARK_CONNECT_MODE_ENABLED", None)
    with open(log, "ab") as out:
        out.write(f"\n--- lakehouse engine start {time.strftime('%Y-%m-%d %H:%M:%S')} port {port}\n".encode())
        out.flush()
        proc = subprocess.Popen(
            cmd,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=env,
            cwd=str(PROJECT_ROOT),
            start_new_session=True,
        )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise EngineError(f"the engine exited during start (code {proc.returncode}); log {log}:\n{_tail(log)}")
        if port_open(port):
            state = EngineState(
                pid=proc.pid,
                port=port,
                url=f"sc://{HOST}:{port}",
                master=settings.master,
                started_at=time.time(),
                log=str(log),
            )
            state_file(settings).write_text(json.dumps(state.__dict__))
            return state, True
        time.sleep(0.5)
    _terminate(proc.pid)
    raise EngineError(f"the engine did not answer on port {port} within {timeout:.0f} s; log {log}:\n{_tail(log)}")


def _terminate(pid: int, grace: float = 30.0) -> None:
    """SIGTERM the engine's process group (spark-submit execs the JVM), SIGKILL after ``grace``."""
    try:
        os.killpg(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    except PermissionError:
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline and pid_alive(pid):
        try:  # reap it when it is our child (tests start and stop in one process)
            os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            pass
        time.sleep(0.2)
    if pid_alive(pid):
        try:
            os.killpg(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def stop(settings: SparkSettings) -> EngineState | None:
    """Stop the engine; returns the state it had, None when it was not running."""
    state = read_state(settings)
    if state is None:
        return None
    alive = pid_alive(state.pid)
    if alive:
        _terminate(state.pid)
    state_file(settings).unlink(missing_ok=True)
    return state if alive else None


def health(state: EngineState, timeout: float = 30.0) -> dict:
    """Run a query on the engine (in a child process, so this one stays free of Spark Connect)."""
    import sys

    code = (
        "import sys, time, json\n"
        "from pyspark.sql import SparkSession\n"
        "t = time.perf_counter()\n"
        "s = SparkSession.builder.remote(sys.argv[1]).getOrCreate()\n"
        "n = s.range(3).count()\n"
        "print(json.dumps({'ok': n == 3, 'spark_version': s.version, 'seconds': round(time.perf_counter() - t, 2)}))\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("SPARK_REMOTE", "SPARK_CONNECT_MODE_ENABLED")}
    try:
        proc = subprocess.run(
            [sys.executable, "-c", code, state.url], capture_output=True, text=True, timeout=timeout, env=env
        )
    except subprocess.TimeoutExpired:
        return {"ok": False, "error": f"no answer within {timeout:.0f} s"}
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["unknown error"])[-1]
        return {"ok": False, "error": last}
    return json.loads(proc.stdout.strip().splitlines()[-1])
