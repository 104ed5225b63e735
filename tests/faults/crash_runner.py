"""Run the survey pipeline (or a `lakehouse` command) with an optional pause right before one
table's Delta commit.

    FAULT_PAUSE_TABLE=<lake root>/silver/survey_responses FAULT_PAUSE_MARKER=/tmp/m \
        python -m tests.faults.crash_runner pipeline export.csv ...   # bronze -> silver -> gold
    python -m tests.faults.crash_runner survey ingest export.csv      # any `lakehouse` command

`pipeline` runs what `lakehouse survey ingest` and the survey assets run (transforms.survey.jobs:
ingest_bronze, refresh_silver, refresh_gold) without Dagster, on `LAKEHOUSE_ROOT`.

With ``FAULT_PAUSE_TABLE`` set, every DataFrame written to that path (``df.write....save(path)``)
and every MERGE into it (``lake.delta_io.merge_sql(spark, source, path, ...)``) gets its rows passed
through a ``mapInPandas`` step that, after the last row of its partition has been handed on to
the writer, touches ``FAULT_PAUSE_MARKER`` and sleeps. At that moment the write's tasks are
running (data files open in the table folder) and the Delta log has no new commit: the test then
kills the whole process group with SIGKILL. Only this test helper patches anything; production
code has no hook.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path


def _norm(path: str) -> str:
    return os.path.normpath(str(path).removeprefix("file://").removeprefix("file:"))


def _paused(df, marker: str):
    def pause(batches):
        yield from batches
        Path(marker).touch()
        time.sleep(3600)

    return df.mapInPandas(pause, df.schema)


def install(target: str, marker: str) -> None:
    from pyspark.sql import DataFrameWriter
    from pyspark.sql.classic.dataframe import DataFrame  # the class sessions create (its own `write`)

    target = _norm(target)
    original_write = DataFrame.write

    class RecordingWriter:
        """Records the writer calls and replays them on the paused DataFrame when the path matches."""

        _TERMINAL = {"saveAsTable", "insertInto", "parquet", "csv", "json", "text", "orc"}

        def __init__(self, df: DataFrame) -> None:
            self._df, self._calls = df, []

        def _replay(self, df: DataFrame) -> DataFrameWriter:
            writer = original_write.fget(df)
            for name, args, kwargs in self._calls:
                writer = getattr(writer, name)(*args, **kwargs)
            return writer

        def save(self, path=None, *args, **kwargs):
            df = _paused(self._df, marker) if path is not None and _norm(path) == target else self._df
            return self._replay(df).save(path, *args, **kwargs)

        def __getattr__(self, name):
            if name in self._TERMINAL:
                return getattr(self._replay(self._df), name)

            def record(*args, **kwargs):
                self._calls.append((name, args, kwargs))
                return self

            return record

    DataFrame.write = property(lambda self: RecordingWriter(self))  # type: ignore[assignment]

    from lake import delta_io

    original_merge_sql = delta_io.merge_sql

    def merge_sql(spark, df, path, *args, **kwargs):
        if _norm(path) == target:
            df = _paused(df, marker)
        return original_merge_sql(spark, df, path, *args, **kwargs)

    delta_io.merge_sql = merge_sql  # type: ignore[assignment]


def pipeline(paths: list[str]) -> None:
    from lake.config import LakeConfig
    from lake.spark import get_spark
    from orchestration.resources import spark_settings
    from transforms.survey import jobs

    spark = get_spark(spark_settings())
    config = LakeConfig.from_env()
    salt = os.environ.get("LAKEHOUSE_PII_SALT", "fault-tests-salt")
    for r in jobs.ingest_bronze(spark, config, paths, salt):
        print(f"bronze: {r}", flush=True)
    print(f"silver: {jobs.refresh_silver(spark, config)}", flush=True)
    print(f"gold: {jobs.refresh_gold(spark, config)}", flush=True)
    spark.stop()


def main(argv: list[str]) -> None:
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # workers need this venv (pandas, pyarrow)
    if os.environ.get("FAULT_PAUSE_TABLE"):
        install(os.environ["FAULT_PAUSE_TABLE"], os.environ["FAULT_PAUSE_MARKER"])
    if argv[:1] == ["pipeline"]:
        pipeline(argv[1:])
        return
    from orchestration.cli import main as cli

    cli.main(args=argv, prog_name="lakehouse")


if __name__ == "__main__":
    main(sys.argv[1:])
