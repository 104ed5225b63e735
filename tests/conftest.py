"""Shared fixtures: one SparkSession (with Delta) for the whole test session; temporary lakes.

Fixtures only: helpers that tests import live in `tests/support/` (a conftest is not a module to
import from).
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

import pytest

# Test lakes live in tmp_path: they are development lakes, where the published PII salt is allowed
# (outside one a missing LAKEHOUSE_PII_SALT is an error; tests/orchestration/test_salt.py).
os.environ.setdefault("LAKEHOUSE_ENV", "dev")
# Commands use the project's engine whenever it is up; the tests' subprocesses never pick up one
# that a developer left running (tests about the engine start their own and say so).
os.environ.setdefault("LAKEHOUSE_ENGINE", "off")

# The deployed definitions turn the variables set when they load into `dg.EnvVar`s (as `dagster
# dev` does once per process). Loaded here, with the environment the test run started with, they
# do not depend on which test (and which monkeypatched variable) imported them first.
import orchestration.definitions  # noqa: E402, F401


@pytest.fixture(scope="session")
def spark():
    """The one SparkSession of the test run (Spark starts in 5-10 s; never start another)."""
    from lake.config import PROJECT_ROOT
    from lake.spark import get_spark
    from orchestration.resources import spark_settings

    # Parallel workers (pytest -n 2) start their sessions one at a time: on a clean clone the first
    # start resolves the Delta jars into .cache/ivy, which two Ivy resolutions at once can corrupt.
    lock_file = PROJECT_ROOT / ".cache" / "spark-start.lock"
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    with lock_file.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        # a local session always (never the project's engine, even when one is up)
        session = get_spark(
            spark_settings(master="local[2]").with_conf(use_engine=False, remote=None),
            app_name="lakehouse-tests",
            extra_conf={
                "spark.sql.shuffle.partitions": "2",
                # several suites may share one machine: LAKEHOUSE_TEST_DRIVER_MEMORY=1g keeps them apart
                "spark.driver.memory": os.environ.get("LAKEHOUSE_TEST_DRIVER_MEMORY", "2g"),
            },
        )
    yield session
    session.stop()


@pytest.fixture()
def lake_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh lake root, also exported as LAKEHOUSE_ROOT for code that reads the environment."""
    root = tmp_path / "lake"
    root.mkdir()
    monkeypatch.setenv("LAKEHOUSE_ROOT", str(root))
    return root
