"""lake.delta_log: versions, commit times (in-commit timestamps honoured) and history, read
from logs that real Delta writers (delta-spark) produced."""

from __future__ import annotations

import datetime as dt
import json

from lake import delta_log


def _write(spark, path, rows, mode="append", ict=False):
    df = spark.createDataFrame([(i,) for i in rows], "id INT")
    writer = df.write.format("delta").mode(mode)
    if ict:
        writer = writer.option("delta.enableInCommitTimestamps", "true")
    writer.save(str(path))


def test_versions_and_history_of_a_real_table(spark, tmp_path):
    table = tmp_path / "t"
    assert delta_log.current_version(table) is None and not delta_log.exists(table)
    assert delta_log.last_commit_time(table) is None
    before = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=5)
    _write(spark, table, [1, 2, 3], mode="overwrite")
    _write(spark, table, [4])
    assert delta_log.exists(table)
    assert delta_log.versions(table) == [0, 1]
    assert delta_log.current_version(f"file://{table}") == 1
    history = delta_log.history(table)
    assert [c.version for c in history] == [1, 0]
    assert history[0].operation == "WRITE"
    assert int(history[0].metrics["numOutputRows"]) == 1
    assert int(history[1].metrics["numOutputRows"]) == 3
    assert delta_log.history(table, limit=1)[0].version == 1
    last = delta_log.last_commit_time(table)
    assert last is not None and before <= last <= dt.datetime.now(dt.UTC)
    # the same figures as Delta's own DESCRIBE HISTORY
    described = {r["version"]: r["timestamp"] for r in spark.sql(f"DESCRIBE HISTORY delta.`{table}`").collect()}
    for commit in history:
        assert abs(
            commit.timestamp.replace(tzinfo=None) - described[commit.version].replace(tzinfo=None)
        ) < dt.timedelta(hours=14)  # DESCRIBE HISTORY is in the session time zone


def test_in_commit_timestamp_wins_over_the_commit_info_timestamp(spark, tmp_path):
    table = tmp_path / "ict"
    _write(spark, table, [1], mode="overwrite", ict=True)
    commit_file = table / "_delta_log" / f"{0:020d}.json"
    lines = commit_file.read_text(encoding="utf-8").splitlines()
    info = json.loads(lines[0])["commitInfo"]
    assert "inCommitTimestamp" in info, "delta-spark wrote no in-commit timestamp"
    commit = delta_log.read_commit(table, 0)
    assert commit is not None and commit.in_commit_timestamp
    assert commit.timestamp == dt.datetime.fromtimestamp(info["inCommitTimestamp"] / 1000, dt.UTC)
    # a log whose in-commit timestamp differs from the file time: the in-commit one is reported
    info["inCommitTimestamp"] = 1_700_000_000_000
    lines[0] = json.dumps({"commitInfo": info})
    commit_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert delta_log.last_commit_time(table) == dt.datetime(2023, 11, 14, 22, 13, 20, tzinfo=dt.UTC)


def test_commit_timestamps_are_monotonic(spark, tmp_path):
    table = tmp_path / "m"
    _write(spark, table, [1], mode="overwrite")
    _write(spark, table, [2])
    first = table / "_delta_log" / f"{1:020d}.json"
    lines = first.read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        entry = json.loads(line)
        if "commitInfo" in entry:
            entry["commitInfo"]["timestamp"] = 0  # a clock that went backwards
            lines[i] = json.dumps(entry)
    first.write_text("\n".join(lines) + "\n", encoding="utf-8")
    stamps = delta_log.commit_timestamps(table)
    assert stamps[1] == stamps[0] + dt.timedelta(milliseconds=1)


def test_verify_finds_a_truncated_or_missing_commit_of_a_real_table(spark, tmp_path):
    import pytest

    table = tmp_path / "t"
    for i in range(3):
        _write(spark, table, [i], mode="overwrite" if i == 0 else "append")
    delta_log.verify(table)  # whole
    delta_log.verify(tmp_path / "absent")  # no table: nothing to check
    log = table / "_delta_log"
    last = log / f"{2:020d}.json"
    whole = last.read_bytes()
    last.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(delta_log.CorruptLogError, match=f"{2:020d}.json is damaged"):
        delta_log.verify(table)
    last.write_bytes(whole)
    (log / f"{1:020d}.json").rename(tmp_path / "moved.json")
    with pytest.raises(delta_log.CorruptLogError, match="not contiguous"):
        delta_log.verify(table)


def test_free_space_is_checked_before_a_local_run_writes(tmp_path):
    import errno
    import shutil

    import pytest

    from lake import storage

    storage.ensure_free_space(str(tmp_path / "lake"), input_bytes=1024)  # a folder not yet made: its parent
    storage.ensure_free_space("s3://bucket/lake", input_bytes=10**18)  # object stores: nothing to check
    free = shutil.disk_usage(tmp_path).free
    with pytest.raises(OSError, match="No space left on device") as info:
        storage.ensure_free_space(str(tmp_path), input_bytes=free)
    assert info.value.errno == errno.ENOSPC and str(tmp_path) in str(info.value)
