"""SparkSession factory with Delta Lake.

`local[*]` by default; a real cluster when the master says so (``spark://host:7077``). The Delta
jars are resolved once from Maven Central by Ivy into ``.cache/ivy`` inside the project
(gitignored) and taken from there on later runs, so a second run needs no network.
"""

from __future__ import annotations

import glob
import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Mapping

from lake.config import PROJECT_ROOT

DELTA_PACKAGE = "io.delta:delta-spark_4.2_2.13:4.4.0"
IVY_DIR = Path(os.environ.get("LAKEHOUSE_IVY_DIR", PROJECT_ROOT / ".cache" / "ivy"))

# Chosen for a 2-core, 24 GiB machine (see docs/operations.md); every key can be overridden.
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
    "spark.sql.extensions": "io.delta.sql.DeltaSparkSessionExtension",
    "spark.sql.catalog.spark_catalog": "org.apache.spark.sql.delta.catalog.DeltaCatalog",
}


# Jars Ivy puts into the same cache for object-store roots only (see `s3_conf`); they are large
# (the AWS SDK bundle is ~650 MB) and must not ride along with every local or cluster session.
_S3_JAR_MARKERS = (
    "org.apache.hadoop_hadoop-aws-",
    "software.amazon.",  # awssdk bundle, eventstream, s3 analytics accelerator
    "org.wildfly.openssl_",
)
S3_SCHEMES = ("s3://", "s3a://")


def cached_delta_jars() -> list[str]:
    """Delta jars already in the project's Ivy cache (empty before the first resolution)."""
    jars = sorted(
        j for j in glob.glob(str(IVY_DIR / "jars" / "*.jar"))
        if not any(Path(j).name.startswith(m) for m in _S3_JAR_MARKERS)
    )
    has_delta = any("delta-spark_4.2_2.13-4.4.0" in j for j in jars)
    return jars if has_delta else []


def pyspark_hadoop_version() -> str:
    """The Hadoop version pyspark ships (hadoop-aws must match it exactly)."""
    import pyspark

    found = sorted(glob.glob(str(Path(pyspark.__file__).parent / "jars" / "hadoop-client-api-*.jar")))
    if not found:
        raise RuntimeError("cannot find hadoop-client-api in the pyspark installation")
    return Path(found[-1]).name.removeprefix("hadoop-client-api-").removesuffix(".jar")


def is_s3_root(root: str | None) -> bool:
    return bool(root) and root.startswith(S3_SCHEMES)


def s3_packages() -> list[str]:
    """Maven coordinates for S3A: hadoop-aws of pyspark's Hadoop version (pulls the AWS SDK)."""
    return [f"org.apache.hadoop:hadoop-aws:{pyspark_hadoop_version()}"]


def cached_s3_jars() -> list[str]:
    """hadoop-aws and the AWS SDK from the project's Ivy cache (empty before the first resolution)."""
    jars = sorted(
        j for j in glob.glob(str(IVY_DIR / "jars" / "*.jar"))
        if any(Path(j).name.startswith(m) for m in _S3_JAR_MARKERS)
    )
    wanted = f"org.apache.hadoop_hadoop-aws-{pyspark_hadoop_version()}.jar"
    return jars if any(Path(j).name == wanted for j in jars) else []


def s3_conf(env: Mapping[str, str] | None = None) -> dict[str, str]:
    """S3A settings for an ``s3://`` / ``s3a://`` lake root, from the environment.

    - ``LAKEHOUSE_S3_ENDPOINT`` (or ``AWS_ENDPOINT_URL``): an S3-compatible server such as MinIO;
      ``http://`` turns TLS off.
    - ``LAKEHOUSE_S3_PATH_STYLE``: ``true``/``false``; default true when an endpoint is set.
    - ``AWS_REGION`` / ``AWS_DEFAULT_REGION``: the bucket's region (default ``us-east-1``).
    - Credentials are never put into the Spark configuration (which Spark may log or show in its
      UI): S3A's default provider chain reads ``AWS_ACCESS_KEY_ID`` / ``AWS_SECRET_ACCESS_KEY`` /
      ``AWS_SESSION_TOKEN`` from the environment itself, or uses the instance profile.
    """
    env = os.environ if env is None else env
    conf = {
        "spark.hadoop.fs.s3.impl": "org.apache.hadoop.fs.s3a.S3AFileSystem",
        "spark.hadoop.fs.s3a.impl": "org.apache.hadoop.fs.s3a.S3AFileSystem",
        "spark.hadoop.fs.s3a.endpoint.region": env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or "us-east-1",
        # Delta's log on S3 is safe with one writing driver (S3SingleDriverLogStore, the default).
        "spark.delta.logStore.s3.impl": "io.delta.storage.S3SingleDriverLogStore",
        "spark.delta.logStore.s3a.impl": "io.delta.storage.S3SingleDriverLogStore",
    }
    endpoint = env.get("LAKEHOUSE_S3_ENDPOINT") or env.get("AWS_ENDPOINT_URL")
    if endpoint:
        conf["spark.hadoop.fs.s3a.endpoint"] = endpoint
        conf["spark.hadoop.fs.s3a.connection.ssl.enabled"] = str(endpoint.startswith("https://")).lower()
    path_style = env.get("LAKEHOUSE_S3_PATH_STYLE", "true" if endpoint else "false")
    conf["spark.hadoop.fs.s3a.path.style.access"] = path_style.lower()
    return conf


def spark_conf(master: str, extra_conf: Mapping[str, str] | None = None) -> dict[str, str]:
    """The full configuration a session gets: small-machine defaults, env overrides, then extras."""
    conf = dict(SMALL_MACHINE_CONF)
    conf["spark.master"] = master
    conf["spark.jars.ivy"] = str(IVY_DIR)
    if "LAKEHOUSE_SPARK_DRIVER_MEMORY" in os.environ:
        conf["spark.driver.memory"] = os.environ["LAKEHOUSE_SPARK_DRIVER_MEMORY"]
    if "LAKEHOUSE_SHUFFLE_PARTITIONS" in os.environ:
        conf["spark.sql.shuffle.partitions"] = os.environ["LAKEHOUSE_SHUFFLE_PARTITIONS"]
    conf.update(extra_conf or {})
    return conf


def get_spark(
    master: str | None = None,
    app_name: str = "ai-adoption-lakehouse",
    extra_conf: Mapping[str, str] | None = None,
    lake_root: str | None = None,
):
    """Return the process's SparkSession with Delta, creating it on first use.

    Spark allows one active session per process; a second call returns the same one (its
    static settings such as the master cannot change afterwards). When the lake root
    (``lake_root``, else ``LAKEHOUSE_ROOT``) is ``s3://``/``s3a://``, the session also gets S3A
    (hadoop-aws + AWS SDK, resolved by Ivy into the project cache) and `s3_conf`.
    """
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    resolved_master = master or os.environ.get("SPARK_MASTER") or "local[*]"
    # Python workers must run this interpreter (the venv with pandas/pyarrow), not the system one.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    s3 = is_s3_root(lake_root or os.environ.get("LAKEHOUSE_ROOT"))
    conf = spark_conf(resolved_master, {**(s3_conf() if s3 else {}), **(extra_conf or {})})
    builder = SparkSession.builder.appName(app_name)
    for key, value in conf.items():
        builder = builder.config(key, value)
    jars = cached_delta_jars()
    s3_jars = cached_s3_jars() if s3 else []
    if jars and (s3_jars or not s3):
        builder = builder.config("spark.jars", ",".join(jars + s3_jars))
    else:
        from delta import configure_spark_with_delta_pip

        IVY_DIR.mkdir(parents=True, exist_ok=True)
        builder = configure_spark_with_delta_pip(builder, extra_packages=s3_packages() if s3 else None)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel(os.environ.get("LAKEHOUSE_SPARK_LOG_LEVEL", "WARN"))
    return session


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
