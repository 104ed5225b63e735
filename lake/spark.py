"""SparkSession factory with Delta Lake.

`local[*]` by default; a real cluster when the master says so (``spark://host:7077``). The Delta
jars are resolved once from Maven Central by Ivy into ``.cache/ivy`` inside the project
(gitignored) and taken from there on later runs, so a second run needs no network.
"""

from __future__ import annotations

import glob
import os
from pathlib import Path
from typing import Mapping

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
    "spark.sql.extensions": "io.delta.sql.DeltaSparkSessionExtension",
    "spark.sql.catalog.spark_catalog": "org.apache.spark.sql.delta.catalog.DeltaCatalog",
}


def cached_delta_jars() -> list[str]:
    """Delta jars already in the project's Ivy cache (empty before the first resolution)."""
    jars = sorted(glob.glob(str(IVY_DIR / "jars" / "*.jar")))
    has_delta = any("delta-spark_4.2_2.13-4.4.0" in j for j in jars)
    return jars if has_delta else []


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
):
    """Return the process's SparkSession with Delta, creating it on first use.

    Spark allows one active session per process; a second call returns the same one (its
    static settings such as the master cannot change afterwards).
    """
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    resolved_master = master or os.environ.get("SPARK_MASTER") or "local[*]"
    builder = SparkSession.builder.appName(app_name)
    for key, value in spark_conf(resolved_master, extra_conf).items():
        builder = builder.config(key, value)
    jars = cached_delta_jars()
    if jars:
        builder = builder.config("spark.jars", ",".join(jars))
    else:
        from delta import configure_spark_with_delta_pip

        IVY_DIR.mkdir(parents=True, exist_ok=True)
        builder = configure_spark_with_delta_pip(builder)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel(os.environ.get("LAKEHOUSE_SPARK_LOG_LEVEL", "WARN"))
    return session
