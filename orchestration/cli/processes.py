"""Long-running commands that start servers pass signals on, so nothing is left orphaned.

`supervise` starts each server in its own process group, forwards SIGTERM / SIGINT / SIGHUP to
those groups (a server's own children, e.g. Dagster's webserver, daemon and code server, get it
too), waits up to `grace` seconds and then kills what is left. When one server exits on its own,
the others are stopped the same way. A supervisor (systemd, Docker, a shell's `kill`) can thus
stop `lakehouse dashboard` or `lakehouse demo` and restart it on the same port at once.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

FORWARDED = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)
GRACE_SECONDS = 20.0


@dataclass
class Server:
    """One command to serve: its argv, environment and working folder."""

    argv: Sequence[str]
    env: dict[str, str] | None = None
    cwd: str | os.PathLike | None = None
    proc: subprocess.Popen | None = field(default=None, repr=False)


def _signal_group(proc: subprocess.Popen, signum: int) -> None:
    try:
        os.killpg(proc.pid, signum)
    except (ProcessLookupError, PermissionError):
        pass


def stop_all(servers: Sequence[Server], signum: int = signal.SIGTERM, grace: float = GRACE_SECONDS) -> None:
    """Send ``signum`` to every server's process group, wait ``grace`` s, then SIGKILL the groups."""
    running = [s.proc for s in servers if s.proc is not None]
    for proc in running:
        _signal_group(proc, signum)
    deadline = time.monotonic() + grace
    for proc in running:
        try:
            proc.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            pass
    for proc in running:  # the leader may be gone while its children still hold the port
        _signal_group(proc, signal.SIGKILL)
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass


def start(servers: Sequence[Server]) -> None:
    for s in servers:
        s.proc = subprocess.Popen(list(s.argv), env=s.env, cwd=s.cwd, start_new_session=True)


def supervise(
    servers: Sequence[Server],
    grace: float = GRACE_SECONDS,
    on_started: Callable[[Callable[[], bool]], None] | None = None,
    poll: float = 0.5,
) -> int:
    """Run ``servers`` until a signal arrives or one of them exits; returns the exit code to use.

    ``on_started(stopping)`` runs once the servers are started (e.g. wait until they answer and
    print their addresses); ``stopping()`` turns true when a signal has arrived. A forwarded signal
    gives 0 (stopped on request); a server that exits on its own gives its code (the others are
    stopped). The previous signal handlers are restored on return.
    """
    received: list[int] = []

    def _on_signal(signum, _frame) -> None:
        received.append(signum)

    previous = {s: signal.signal(s, _on_signal) for s in FORWARDED}
    try:
        start(servers)
        if on_started is not None:
            on_started(lambda: bool(received))
        while not received:
            exited = [s.proc for s in servers if s.proc is not None and s.proc.poll() is not None]
            if exited:
                code = exited[0].returncode
                stop_all(servers, signal.SIGTERM, grace)
                return code if code >= 0 else 128 - code
            time.sleep(poll)
        stop_all(servers, received[0], grace)
        return 0
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
        if any(s.proc is not None and s.proc.poll() is None for s in servers):
            stop_all(servers, signal.SIGTERM, grace)
