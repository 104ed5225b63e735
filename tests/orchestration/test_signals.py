"""Long-running commands pass SIGTERM/SIGINT on: the port is free and no child remains."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

PROJECT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _listening(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex(("127.0.0.1", port)) == 0


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(PROJECT)}


def _descendants(pid: int) -> list[psutil.Process]:
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def _alive(procs: list[psutil.Process]) -> list[psutil.Process]:
    out = []
    for p in procs:
        try:
            if p.is_running() and p.status() != psutil.STATUS_ZOMBIE:
                out.append(p)
        except psutil.NoSuchProcess:
            pass
    return out


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_dashboard_stopped_by_a_signal_frees_its_port_and_leaves_no_child(tmp_path: Path, signum: int) -> None:
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "orchestration.cli", "dashboard", "--port", str(port)],
        env={**_env(), "LAKEHOUSE_ROOT": str(tmp_path / "lake"), "LAKEHOUSE_LOG_DIR": str(tmp_path / "logs")},
        cwd=PROJECT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 180
        while not _listening(port):
            assert proc.poll() is None, proc.stdout.read().decode(errors="replace")
            assert time.monotonic() < deadline, "the dashboard did not start"
            time.sleep(1)
        children = _descendants(proc.pid)
        assert children, "streamlit runs as a child process"
        proc.send_signal(signum)
        assert proc.wait(timeout=60) == 0
        deadline = time.monotonic() + 10
        while (_alive(children) or _listening(port)) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert not _alive(children), [p.cmdline() for p in _alive(children)]
        assert not _listening(port)
        with socket.socket() as s:  # a restart on the same port works at once
            s.bind(("127.0.0.1", port))
    finally:
        if proc.poll() is None:
            proc.kill()
        for p in _alive(_descendants(proc.pid)):
            p.kill()


STUBBORN = (
    "import signal, subprocess, sys, time\n"
    "subprocess.Popen([sys.executable, '-c', 'import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
    "time.sleep(600)'])\n"
    "time.sleep(600)\n"
)
SUPERVISOR = (
    "import sys\n"
    "from orchestration.cli.processes import Server, supervise\n"
    "sys.exit(supervise([Server([sys.executable, '-c', sys.argv[1]]), Server([sys.executable, '-c', sys.argv[1]])],"
    " grace=2))\n"
)


@pytest.mark.slow
def test_supervisor_passes_sigterm_to_every_process_group_and_kills_what_ignores_it() -> None:
    proc = subprocess.Popen([sys.executable, "-c", SUPERVISOR, STUBBORN], env=_env(), cwd=PROJECT)
    try:
        deadline = time.monotonic() + 60
        while len(_descendants(proc.pid)) < 4:  # two servers, each with a child that ignores SIGTERM
            assert time.monotonic() < deadline and proc.poll() is None
            time.sleep(0.2)
        tree = _descendants(proc.pid)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
        time.sleep(0.5)
        assert not _alive(tree), [p.cmdline() for p in _alive(tree)]
    finally:
        for p in _alive(_descendants(proc.pid)):
            p.kill()
        if proc.poll() is None:
            proc.kill()


@pytest.mark.slow
def test_a_server_that_dies_stops_the_others_and_its_code_is_returned() -> None:
    code = subprocess.run(
        [
            sys.executable,
            "-c",
            SUPERVISOR.replace(
                "[Server([sys.executable, '-c', sys.argv[1]]), Server([sys.executable, '-c', sys.argv[1]])]",
                "[Server([sys.executable, '-c', sys.argv[1]]), Server([sys.executable, '-c', 'import sys; sys.exit(3)'])]",
            ),
            STUBBORN,
        ],
        env=_env(),
        cwd=PROJECT,
        timeout=60,
    ).returncode
    assert code == 3
