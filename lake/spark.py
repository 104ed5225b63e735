"""SparkSession factory with Delta Lake: a Spark Connect client, or a local session.

Which engine a session runs on (`SparkSettings`, built once at the edge: Dagster resources, CLI):

- ``remote`` (``SPARK_REMOTE=sc://host:port``): a Spark Connect client of that server;
- else the project's own engine when it is up (`lakehouse engine start`, `lake.engine`): a warm
  Spark Connect server on 127.0.0.1 that keeps the JVM, the jars, the JIT and Delta's log caches
  between commands;
- else a local session in this process (``local[*]``, or a cluster master ``spark://host:7077``).

Both kinds run the same code: no `DeltaTable` objects, no `sparkContext`, no RDDs (see
`lake.delta_io`). The Delta jars are resolved once from Maven Central (and only from there) by Ivy
into ``.cache/ivy`` (gitignored), with Ivy's output in a log file; later runs take them from the
cache and need no network. Spark's own log4j output goes to a log file and, below ERROR, never to
the console unless ``verbose``.
"""

from __future__ import annotations

import fcntl
import glob
import os
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from lake.config import PROJECT_ROOT

DELTA_PACKAGE = "io.delta:delta-spark_4.2_2.13:4.4.0"
MAVEN_CENTRAL = "https://repo1.maven.org/maven2/"
DEFAULT_IVY_DIR = PROJECT_ROOT / ".cache" / "ivy"
DEFAULT_STATE_DIR = PROJECT_ROOT / ".cache" / "spark"

# Chosen for a 2-core, 24 GiB machine (see docs/scaling.md); every key can be overridden.
SMALL_MACHINE_CONF: dict[str, str] = {
    "spark.sql.shuffle.partitions": "8",
    "spark.sql.adaptive.enabled": "true",
    "spark.sql.adaptive.coalescePartitions.enabled": "true",
    "spark.sql.execution.arrow.pyspark.enabled": "true",
    "spark.sql.session.timeZone": "UTC",
    "spark.driver.memory": "4g",
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.sources.partitionOverwriteMode": "dynamic",
    "spark.databricks.delta.optimizeWrite.enabled": "true",
    "spark.databricks.delta.autoCompact.enabled": "false",
    # Delta rebuilds a table's state from its log with 50 tasks after every new commit, and
    # VACUUM lists files with Spark's partition-discovery parallelism (10,000 tasks): on two
    # cores both are pure task overhead (see BENCHMARKS.md, bench/delta_snapshot_bench.py).
    "spark.databricks.delta.snapshotPartitions": "4",
    "spark.sql.sources.parallelPartitionDiscovery.parallelism": "8",
    # VACUUM records START/END commits whose operationMetrics say how many files it deleted.
    "spark.databricks.delta.vacuum.logging.enabled": "true",
    "spark.sql.extensions": "io.delta.sql.DeltaSparkSessionExtension",
    "spark.sql.catalog.spark_catalog": "org.apache.spark.sql.delta.catalog.DeltaCatalog",
}

# Loggers whose WARN lines say nothing a user can act on (start-up chatter of a local session).
_QUIET_LOGGERS = (
    "org.apache.hadoop.util.NativeCodeLoader",
    "org.apache.spark.util.Utils",
    "org.apache.hadoop.metrics2",
    "org.apache.spark.sql.catalyst.util.SparkStringUtils",
    "org.apache.spark.scheduler.DAGScheduler",
    "org.apache.parquet",
    "org.sparkproject.connect.grpc",
)


@dataclass(frozen=True)
class SparkSettings:
    """Everything a session or the engine server is started with; no environment reads below this.

    ``remote``: a Spark Connect URL (``sc://host:port``) to use instead of a local session.
    ``use_engine``: connect to the project's engine (`lake.engine`) when it is up and ``remote`` is
    unset. ``state_dir``: where the engine's pid/state/log files and the log4j files live.
    ``verbose``: Spark's INFO/WARN lines (and Ivy's) on the console instead of only in the log file.
    """

    master: str = "local[*]"
    remote: str | None = None
    use_engine: bool = True
    ivy_dir: Path = DEFAULT_IVY_DIR
    state_dir: Path = DEFAULT_STATE_DIR
    driver_memory: str | None = None
    shuffle_partitions: str | None = None
    verbose: bool = False
    lake_root: str | None = None
    s3_endpoint: str | None = None
    s3_path_style: str | None = None
    aws_region: str | None = None
    engine_port: int = 15002
    python: str = sys.executable
    extra_conf: Mapping[str, str] = field(default_factory=dict)

    def with_conf(self, **changes: Any) -> SparkSettings:
        return replace(self, **changes)


# Jars Ivy puts into the same cache for object-store roots only (see `s3_conf`); they are large
# (the AWS SDK bundle is ~650 MB) and must not ride along with every local or cluster session.
_S3_JAR_MARKERS = (
    "org.apache.hadoop_hadoop-aws-",
    "software.amazon.",  # awssdk bundle, eventstream, s3 analytics accelerator
    "org.wildfly.openssl_",
)
S3_SCHEMES = ("s3://", "s3a://")


def cached_delta_jars(ivy_dir: Path = DEFAULT_IVY_DIR) -> list[str]:
    """Delta jars already in the project's Ivy cache (empty before the first resolution)."""
    jars = sorted(
        j
        for j in glob.glob(str(Path(ivy_dir) / "jars" / "*.jar"))
        if not any(Path(j).name.startswith(m) for m in _S3_JAR_MARKERS)
    )
    has_delta = any("delta-spark_4.2_2.13-4.4.0" in j for j in jars)
    return jars if has_delta else []


def pyspark_home() -> Path:
    """The pip pyspark package folder: SPARK_HOME of the wheel (bin/spark-submit, jars/)."""
    import pyspark

    return Path(pyspark.__file__).parent


def pyspark_hadoop_version() -> str:
    """The Hadoop version pyspark ships (hadoop-aws must match it exactly)."""
    found = sorted(glob.glob(str(pyspark_home() / "jars" / "hadoop-client-api-*.jar")))
    if not found:
        raise RuntimeError("cannot find hadoop-client-api in the pyspark installation")
    return Path(found[-1]).name.removeprefix("hadoop-client-api-").removesuffix(".jar")


def is_s3_root(root: str | None) -> bool:
    return bool(root) and str(root).startswith(S3_SCHEMES)


def s3_packages() -> list[str]:
    """Maven coordinates for S3A: hadoop-aws of pyspark's Hadoop version (pulls the AWS SDK)."""
    return [f"org.apache.hadoop:hadoop-aws:{pyspark_hadoop_version()}"]


def cached_s3_jars(ivy_dir: Path = DEFAULT_IVY_DIR) -> list[str]:
    """hadoop-aws and the AWS SDK from the project's Ivy cache (empty before the first resolution)."""
    jars = sorted(
        j
        for j in glob.glob(str(Path(ivy_dir) / "jars" / "*.jar"))
        if any(Path(j).name.startswith(m) for m in _S3_JAR_MARKERS)
    )
    wanted = f"org.apache.hadoop_hadoop-aws-{pyspark_hadoop_version()}.jar"
    return jars if any(Path(j).name == wanted for j in jars) else []


def s3_conf(settings: SparkSettings | None = None) -> dict[str, str]:
    """S3A settings for an ``s3://`` / ``s3a://`` lake root.

    - ``s3_endpoint``: an S3-compatible server such as MinIO; ``http://`` turns TLS off.
    - ``s3_path_style``: ``true``/``false``; default true when an endpoint is set.
    - ``aws_region``: the bucket's region (default ``us-east-1``).
    - Credentials are never put into the Spark configuration (which Spark may log or show in its
      UI): S3A's default provider chain reads ``AWS_ACCESS_KEY_ID`` / ``AWS_SECRET_ACCESS_KEY`` /
      ``AWS_SESSION_TOKEN`` from the environment itself, or uses the instance profile.
    """
    settings = settings or SparkSettings()
    conf = {
        "spark.hadoop.fs.s3.impl": "org.apache.hadoop.fs.s3a.S3AFileSystem",
        "spark.hadoop.fs.s3a.impl": "org.apache.hadoop.fs.s3a.S3AFileSystem",
        "spark.hadoop.fs.s3a.endpoint.region": settings.aws_region or "us-east-1",
        # Delta's log on S3 is safe with one writing driver (S3SingleDriverLogStore, the default).
        "spark.delta.logStore.s3.impl": "io.delta.storage.S3SingleDriverLogStore",
        "spark.delta.logStore.s3a.impl": "io.delta.storage.S3SingleDriverLogStore",
    }
    endpoint = settings.s3_endpoint
    if endpoint:
        conf["spark.hadoop.fs.s3a.endpoint"] = endpoint
        conf["spark.hadoop.fs.s3a.connection.ssl.enabled"] = str(endpoint.startswith("https://")).lower()
    path_style = settings.s3_path_style or ("true" if endpoint else "false")
    conf["spark.hadoop.fs.s3a.path.style.access"] = path_style.lower()
    return conf


def log4j_file(settings: SparkSettings, log_file: Path, name: str = "driver") -> Path:
    """A log4j2 configuration: everything from WARN to ``log_file``; the console gets ERROR only
    (INFO and up with ``verbose``). Passed to the JVM with ``-Dlog4j2.configurationFile``."""
    console = "info" if settings.verbose else "error"
    lines = [
        "status = error",
        "rootLogger.level = " + ("info" if settings.verbose else "warn"),
        "rootLogger.appenderRef.console.ref = console",
        "rootLogger.appenderRef.file.ref = file",
        "appender.console.type = Console",
        "appender.console.name = console",
        "appender.console.target = SYSTEM_ERR",
        "appender.console.layout.type = PatternLayout",
        "appender.console.layout.pattern = %d{yy/MM/dd HH:mm:ss} %p %c{1}: %m%n%ex",
        "appender.console.filter.threshold.type = ThresholdFilter",
        f"appender.console.filter.threshold.level = {console}",
        "appender.file.type = File",
        "appender.file.name = file",
        f"appender.file.fileName = {log_file}",
        "appender.file.append = true",
        "appender.file.layout.type = PatternLayout",
        "appender.file.layout.pattern = %d{yy/MM/dd HH:mm:ss} %p %c{1}: %m%n%ex",
    ]
    if not settings.verbose:
        for i, logger in enumerate(_QUIET_LOGGERS):
            lines += [f"logger.quiet{i}.name = {logger}", f"logger.quiet{i}.level = error"]
    path = Path(settings.state_dir) / f"log4j2-{name}{'-verbose' if settings.verbose else ''}.properties"
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "\n".join(lines) + "\n"
    if not path.exists() or path.read_text() != text:
        path.write_text(text)
    return path


def ivy_settings_file(ivy_dir: Path) -> Path:
    """Ivy settings with Maven Central as the only resolver (no local-m2 / spark-packages probes,
    whose "not found" lines and proxy hints buried the project's own output)."""
    path = Path(ivy_dir) / "ivysettings.xml"
    text = (
        "<ivysettings>\n"
        '  <settings defaultResolver="central"/>\n'
        f'  <caches defaultCacheDir="{Path(ivy_dir) / "cache"}"/>\n'
        "  <resolvers>\n"
        f'    <ibiblio name="central" m2compatible="true" root="{MAVEN_CENTRAL}"/>\n'
        "  </resolvers>\n"
        "</ivysettings>\n"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text() != text:
        path.write_text(text)
    return path


_RESOLVE_SCRIPT = """
import sys
from pyspark.sql import SparkSession
packages, ivy_dir, settings = sys.argv[1:4]
s = (SparkSession.builder.master("local[1]").appName("lakehouse-resolve-jars")
     .config("spark.jars.packages", packages).config("spark.jars.ivy", ivy_dir)
     .config("spark.jars.ivySettings", settings).config("spark.ui.enabled", "false").getOrCreate())
s.stop()
"""


def ensure_jars(settings: SparkSettings) -> list[str]:
    """The jars a session needs, resolving them from Maven Central into the Ivy cache if missing.

    Resolution runs once, in a child process whose output (Ivy's report) goes to
    ``<ivy_dir>/resolve.log``; the console gets one line before and one after. With a complete
    cache nothing is printed and nothing is resolved.
    """
    s3 = is_s3_root(settings.lake_root)
    jars = cached_delta_jars(settings.ivy_dir)
    s3_jars = cached_s3_jars(settings.ivy_dir) if s3 else []
    if jars and (s3_jars or not s3):
        return jars + s3_jars
    ivy_dir = Path(settings.ivy_dir)
    ivy_dir.mkdir(parents=True, exist_ok=True)
    # Two processes resolving into one cache at once corrupt it (half-downloaded jars, "module not
    # found"): the first resolves under an exclusive lock, the others wait and then use its jars.
    with open(ivy_dir / ".resolve.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        jars = cached_delta_jars(ivy_dir)
        s3_jars = cached_s3_jars(ivy_dir) if s3 else []
        if jars and (s3_jars or not s3):
            return jars + s3_jars
        return _resolve(settings, ivy_dir, s3)


def _resolve(settings: SparkSettings, ivy_dir: Path, s3: bool) -> list[str]:
    packages = [DELTA_PACKAGE, *(s3_packages() if s3 else [])]
    log = ivy_dir / "resolve.log"
    print(
        f"resolving {', '.join(packages)} from Maven Central into {ivy_dir} (once; log {log}) ...",
        file=sys.stderr,
        flush=True,
    )
    t0 = time.perf_counter()
    with open(log, "w") as out:
        proc = subprocess.run(
            [settings.python, "-c", _RESOLVE_SCRIPT, ",".join(packages), str(ivy_dir), str(ivy_settings_file(ivy_dir))],
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYSPARK_PYTHON": settings.python},
        )
    jars = cached_delta_jars(ivy_dir)
    s3_jars = cached_s3_jars(ivy_dir) if s3 else []
    if proc.returncode != 0 or not jars or (s3 and not s3_jars):
        tail = "\n".join(log.read_text(errors="replace").splitlines()[-15:])
        raise RuntimeError(
            f"cannot resolve {', '.join(packages)} from Maven Central ({MAVEN_CENTRAL}); is the network "
            f"reachable? Ivy's log: {log}\n{tail}"
        )
    print(f"resolved {len(jars) + len(s3_jars)} jars in {time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True)
    return jars + s3_jars


def spark_conf(
    settings: SparkSettings | str | None = None, extra_conf: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The full configuration a session (or the engine) gets: small-machine defaults, the settings'
    overrides, then ``extra_conf``. A plain string is taken as the master (older callers)."""
    if isinstance(settings, str):
        settings = SparkSettings(master=settings)
    settings = settings or SparkSettings()
    conf = dict(SMALL_MACHINE_CONF)
    conf["spark.master"] = settings.master
    conf["spark.jars.ivy"] = str(settings.ivy_dir)
    if settings.driver_memory:
        conf["spark.driver.memory"] = settings.driver_memory
    if settings.shuffle_partitions:
        conf["spark.sql.shuffle.partitions"] = str(settings.shuffle_partitions)
    if is_s3_root(settings.lake_root):
        conf.update(s3_conf(settings))
    conf.update(settings.extra_conf or {})
    conf.update(extra_conf or {})
    return conf


def with_java_option(conf: dict[str, str], key: str, option: str) -> None:
    """Append a JVM option to ``conf[key]`` (``spark.driver.extraJavaOptions``), keeping the user's."""
    conf[key] = f"{conf.get(key, '')} {option}".strip()


_SESSION: Any = None


def _alive(session: Any) -> bool:
    if session is None:
        return False
    if hasattr(session, "is_stopped"):  # Spark Connect client
        return not session.is_stopped
    return getattr(session, "_sc", None) is not None and session._sc._jsc is not None


def runtime_conf(conf: Mapping[str, str]) -> dict[str, str]:
    """The settings a Connect client may set for its own session (SQL settings, not static ones)."""
    static = {"spark.sql.extensions", "spark.sql.catalog.spark_catalog"}
    prefixes = ("spark.sql.", "spark.databricks.delta.")
    return {k: v for k, v in conf.items() if k.startswith(prefixes) and k not in static}


def connect(url: str, conf: Mapping[str, str] | None = None):
    """A Spark Connect client session of the server at ``url``, with ``conf``'s SQL settings."""
    from pyspark.sql import SparkSession

    session = SparkSession.builder.remote(url).getOrCreate()
    for key, value in runtime_conf(conf or {}).items():
        try:
            session.conf.set(key, value)
        except Exception:  # a setting the server fixed at start: its value stays
            pass
    return session


def get_spark(
    settings: SparkSettings | None = None,
    app_name: str = "ai-adoption-lakehouse",
    extra_conf: Mapping[str, str] | None = None,
    master: str | None = None,
):
    """Return the process's SparkSession with Delta, creating it on first use.

    A Spark Connect client when ``settings.remote`` is set or the project's engine is up, else a
    local session (``settings.master``). One session per process: a second call returns the same
    one (static settings such as the master cannot change afterwards).
    """
    global _SESSION
    from pyspark.sql import SparkSession

    if _alive(_SESSION):
        return _SESSION
    settings = settings or SparkSettings()
    if master:
        settings = replace(settings, master=master)
    active = SparkSession.getActiveSession()
    if active is not None and not settings.remote:
        return active
    conf = spark_conf(settings, extra_conf)
    remote = settings.remote
    if not remote and settings.use_engine:
        from lake import engine

        remote = engine.running_url(settings)
    if remote:
        _SESSION = connect(remote, conf)
        return _SESSION
    # Python workers must run this interpreter (the venv with pandas/pyarrow), not the system one.
    os.environ.setdefault("PYSPARK_PYTHON", settings.python)
    jars = ensure_jars(settings)
    conf["spark.jars"] = ",".join(jars)
    log4j = log4j_file(settings, Path(settings.state_dir) / "spark-driver.log")
    with_java_option(conf, "spark.driver.extraJavaOptions", f"-Dlog4j2.configurationFile=file:{log4j}")
    builder = SparkSession.builder.appName(app_name)
    for key, value in conf.items():
        builder = builder.config(key, value)
    jvm_log = None if settings.verbose else Path(settings.state_dir) / "spark-driver.log"
    try:
        with _jvm_output_to(jvm_log):
            _SESSION = builder.getOrCreate()
    except Exception as exc:
        tail = "\n".join(jvm_log.read_text(errors="replace").splitlines()[-10:]) if jvm_log and jvm_log.exists() else ""
        raise RuntimeError(f"Spark did not start ({exc}); the JVM's output is in {jvm_log}:\n{tail}") from exc
    return _SESSION


@contextmanager
def _jvm_output_to(log: Path | None) -> Iterator[None]:
    """Start the driver JVM with its stdout/stderr on ``log`` (None: on this process's console).

    The JVM inherits file descriptors 1 and 2 when py4j launches it; whatever it prints outside
    log4j (the launcher's "Using incubator modules" line, spark-submit's own messages) then lands
    in the log file instead of between the command's lines.
    """
    if log is None:
        yield
        return
    log.parent.mkdir(parents=True, exist_ok=True)
    sys.stdout.flush()
    sys.stderr.flush()
    saved = [os.dup(1), os.dup(2)]
    with open(log, "ab") as out:
        try:
            os.dup2(out.fileno(), 1)
            os.dup2(out.fileno(), 2)
            yield
        finally:
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            for fd in saved:
                os.close(fd)


def is_connect(spark: Any) -> bool:
    """True for a Spark Connect client session (no JVM in this process)."""
    return hasattr(spark, "is_stopped") and hasattr(spark, "client")


@contextmanager
def sql_conf(spark, overrides: Mapping[str, str]) -> Iterator[None]:
    """Set runtime SQL settings for the queries planned and run inside the block, then restore.

    For a single query whose best settings differ from the session's, e.g. whole-stage codegen
    off for the survey's wide validation projection (see `transforms.survey.jobs.refresh_silver`).
    """
    previous = {key: spark.conf.get(key, None) for key in overrides}
    for key, value in overrides.items():
        spark.conf.set(key, value)
    try:
        yield
    finally:
        for key, value in previous.items():
            if value is None:
                spark.conf.unset(key)
            else:
                spark.conf.set(key, value)
