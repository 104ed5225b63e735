"""Faults a user meets end in one line plus a hint and a distinct exit code; nothing half-written is visible.

The slow tests run `lakehouse survey ingest` in a subprocess against a real full disk (a small
tmpfs), a read-only bind mount of the lake, and a truncated last `_delta_log` commit; they need
root for `mount` (as CI and this machine have) and are skipped otherwise.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import smtplib
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from lake import catalog, delta_io
from lake.config import LakeConfig
from orchestration.cli import errors
from tests.support.survey import write_small_export

PROJECT = Path(__file__).resolve().parents[2]
ROWS = [
    "f1;2025-Q3;2025-08-01;14612;C;12;ja;1;;2;a@example.org;x",
    "f2;2025-Q3;2025-08-02;14612;J;5;nein;;1;1;;",
    "f3;2025-Q3;2025-08-03;14713;C;300;yes;1;;4;;",
    "f4;2025-Q3;2025-08-04;16051;G;40;no;;1;1;;",
    "f5;2025-Q3;2025-08-05;16053;C;60;ja;;1;2;;",
]


def _mount(*args: str) -> None:
    subprocess.run(["mount", *args], check=True, capture_output=True)


@contextlib.contextmanager
def _tmpfs(path: Path, size: str):
    path.mkdir(parents=True, exist_ok=True)
    try:
        _mount("-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path))
    except (subprocess.CalledProcessError, FileNotFoundError, PermissionError) as exc:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {exc}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True)


@contextlib.contextmanager
def _read_only_view(source: Path, path: Path):
    path.mkdir(parents=True, exist_ok=True)
    try:
        _mount("--bind", str(source), str(path))
        _mount("-o", "remount,ro,bind", str(path))
    except (subprocess.CalledProcessError, FileNotFoundError, PermissionError) as exc:
        subprocess.run(["umount", "-l", str(path)], capture_output=True)
        pytest.skip(f"cannot bind-mount read-only here (needs root): {exc}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_real_os_errors_are_classified(tmp_path: Path) -> None:
    """ENOSPC from a full tmpfs, EROFS from a read-only mount, refused TCP and SMTP connections."""
    with _tmpfs(tmp_path / "full", "64k") as full:
        with pytest.raises(OSError) as no_space:
            with open(full / "big", "wb") as fh:
                for _ in range(100):
                    fh.write(b"x" * 4096)
                    fh.flush()
                    os.fsync(fh.fileno())
    fault = errors.classify(no_space.value)
    assert (fault.kind, fault.exit_code) == ("disk_full", errors.EXIT_IOERR)
    (tmp_path / "src").mkdir()
    with _read_only_view(tmp_path / "src", tmp_path / "ro") as ro:
        with pytest.raises(OSError) as read_only:
            (ro / "x").write_text("y")
    assert errors.classify(read_only.value).kind == "read_only"
    assert errors.classify(read_only.value).exit_code == errors.EXIT_CANTCREAT
    port = _free_port()
    with pytest.raises(OSError) as refused:
        socket.create_connection(("127.0.0.1", port), timeout=5)
    assert errors.classify(refused.value).kind == "unreachable"
    with pytest.raises(OSError) as smtp:
        smtplib.SMTP("127.0.0.1", port, timeout=5)
    wrapped = RuntimeError("delivery failed")
    wrapped.__cause__ = smtp.value
    assert errors.classify(wrapped).exit_code == errors.EXIT_UNAVAILABLE
    unknown = errors.classify(ValueError("something odd"))
    assert unknown.kind == "internal" and unknown.exit_code == errors.EXIT_SOFTWARE
    assert "something odd" in unknown.message


def test_report_fault_prints_three_lines_and_writes_the_trace_to_the_log(tmp_path: Path, monkeypatch) -> None:
    import io

    monkeypatch.setenv("LAKEHOUSE_LOG_DIR", str(tmp_path / "logs"))
    log = errors.open_log("test")
    try:
        raise OSError(28, "No space left on device", "/lake/bronze/survey_responses/part-0.parquet")
    except OSError as exc:
        out = io.StringIO()
        code = errors.report_fault(exc, log, verbose=False, err=out)
    log.stream.close()
    lines = out.getvalue().splitlines()
    assert code == errors.EXIT_IOERR
    assert [line.split(":")[0] for line in lines] == ["Error", "Hint", "Full trace"]
    assert "/lake/bronze/survey_responses" in lines[1]
    assert "Traceback" in log.path.read_text() and "Traceback" not in out.getvalue()
    verbose = io.StringIO()
    errors.report_fault(ValueError("boom"), errors.CommandLog(), verbose=True, err=verbose)
    assert "ValueError: boom" in verbose.getvalue() and verbose.getvalue().rstrip().splitlines()[-1].startswith("Hint")


def test_registered_rules_are_tried_first() -> None:
    rule = errors.FaultRule(
        "engine_down", (r"SPARK_CONNECT_UNREACHABLE",), "the engine is down", "start it", errors.EXIT_UNAVAILABLE
    )
    errors.register(rule)
    try:
        assert errors.classify(RuntimeError("SPARK_CONNECT_UNREACHABLE: Connection refused")).kind == "engine_down"
    finally:
        errors.RULES.remove(rule)


# --------------------------------------------------------------------------- the CLI, in a subprocess


def _build_lake(spark, root: Path, tmp_path: Path) -> None:
    from transforms.survey import jobs

    config = LakeConfig.from_env(str(root))
    jobs.ingest_bronze(spark, config, [write_small_export(tmp_path / "first.csv", ROWS)], salt="s")
    jobs.refresh_silver(spark, config)
    jobs.refresh_gold(spark, config)
    jobs.ingest_bronze(
        spark, config, [write_small_export(tmp_path / "second.csv", [r.replace("f", "g", 1) for r in ROWS])], salt="s"
    )
    jobs.refresh_silver(spark, config)
    jobs.refresh_gold(spark, config)


def _versions(spark, root: Path) -> dict[str, int | None]:
    config = LakeConfig.from_env(str(root))
    return {
        t: delta_io.current_version(spark, config.table_path(t))
        for t in catalog.TABLES
        if (root / t / "_delta_log").is_dir()
    }


def _run_ingest(root: Path, tmp_path: Path, *extra: str) -> subprocess.CompletedProcess:
    new = write_small_export(
        tmp_path / "new.csv", [r.replace("f", "n", 1).replace("2025-08", "2025-09") for r in ROWS * 40]
    )
    env = {
        **os.environ,
        "PYTHONPATH": str(PROJECT),
        "LAKEHOUSE_ROOT": str(root),
        "LAKEHOUSE_ENV": "dev",
        "DAGSTER_HOME": str(tmp_path / "dagster_home"),
        "LAKEHOUSE_LANDING": str(tmp_path / "landing"),
        "LAKEHOUSE_LOG_DIR": str(tmp_path / "logs"),
        "LAKEHOUSE_SPARK_DRIVER_MEMORY": os.environ.get("LAKEHOUSE_TEST_DRIVER_MEMORY", "1g"),
    }
    env.pop("LAKEHOUSE_LOG_LEVEL", None)
    return subprocess.run(
        [sys.executable, "-m", "orchestration.cli", *extra, "survey", "ingest", str(new)],
        env=env,
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=1200,
    )


def _assert_one_clear_fault(proc: subprocess.CompletedProcess, code: int, words: str) -> Path:
    console = proc.stdout + proc.stderr
    assert proc.returncode == code, console
    assert "Traceback" not in console and "at org.apache" not in console, console
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    progress = [json.loads(line) for line in lines if line.startswith("{")]  # progress: JSON lines off a TTY
    assert progress and progress[-1]["event"] == "end" and progress[-1]["status"] == "failed", lines
    lines = [line for line in lines if not line.startswith("{")]
    assert [line.split(":")[0] for line in lines] == ["Error", "Hint", "Full trace"], proc.stderr
    assert words in lines[0], lines[0]
    log = Path(lines[2].removeprefix("Full trace: ").split(" (or run")[0])
    assert "Traceback" in log.read_text(errors="replace")
    return log


def _assert_lake_intact(spark, root: Path, before: dict[str, int | None], skip: str | None = None) -> None:
    from lake.query import LakeQuery

    if skip is None:
        assert _versions(spark, root) == before
    config = LakeConfig.from_env(str(root))
    q = LakeQuery(config)
    try:
        for table in before:
            if table == skip:
                continue
            assert delta_io.current_version(spark, config.table_path(table)) == before[table], table
            n_spark = delta_io.read(spark, config.table_path(table)).count()
            n_duck = int(q.sql(f"SELECT count(*) AS n FROM {q.scan(table)}")["n"][0])
            assert n_spark == n_duck, table
    finally:
        q.close()


@pytest.mark.slow
def test_disk_full_during_an_ingest(spark, tmp_path: Path) -> None:
    with _tmpfs(tmp_path / "mnt", "24m") as mnt:
        root = mnt / "lake"
        _build_lake(spark, root, tmp_path)
        before = _versions(spark, root)
        free = shutil.disk_usage(mnt).free
        with open(mnt / "filler", "wb") as fh:  # leave ~24 KiB: less than the new file's parquet
            fh.truncate(0)
            fh.write(b"\0" * max(0, free - 24 * 1024))
        proc = _run_ingest(root, tmp_path)
        (mnt / "filler").unlink()
        _assert_one_clear_fault(proc, errors.EXIT_IOERR, "disk is full")
        _assert_lake_intact(spark, root, before)


@pytest.mark.slow
def test_read_only_lake(spark, tmp_path: Path) -> None:
    root = tmp_path / "lake"
    _build_lake(spark, root, tmp_path)
    before = _versions(spark, root)
    with _read_only_view(root, tmp_path / "ro") as ro:
        proc = _run_ingest(ro, tmp_path)
        _assert_one_clear_fault(proc, errors.EXIT_CANTCREAT, "not writable")
        verbose = _run_ingest(ro, tmp_path, "--verbose")
    assert verbose.returncode == errors.EXIT_CANTCREAT and "Traceback" in verbose.stderr
    assert verbose.stderr.rstrip().splitlines()[-1].startswith("Hint:")
    _assert_lake_intact(spark, root, before)


@pytest.mark.slow
def test_truncated_last_commit_of_silver(spark, tmp_path: Path) -> None:
    root = tmp_path / "lake"
    _build_lake(spark, root, tmp_path)
    before = _versions(spark, root)
    log = root / catalog.SILVER_SURVEY_RESPONSES / "_delta_log"
    last = sorted(log.glob("*.json"))[-1]
    last.write_bytes(last.read_bytes()[: len(last.read_bytes()) // 2])
    for crc in log.glob(f"*{last.stem}*.crc"):
        crc.unlink()
    damaged = last.read_bytes()
    proc = _run_ingest(root, tmp_path)
    _assert_one_clear_fault(proc, errors.EXIT_DATA, "transaction log is corrupt")
    assert last.stem in proc.stderr
    assert last.read_bytes() == damaged and sorted(log.glob("*.json"))[-1] == last  # nothing written after it
    spark.catalog.clearCache()
    _assert_lake_intact(spark, root, before, skip=catalog.SILVER_SURVEY_RESPONSES)
