"""Faults a user can cause or meet, as one clear line plus a hint and a distinct exit code.

Every `lakehouse` command runs inside `run_guarded`: an exception that reaches the top (from
Python, from the JVM through py4j, or a failed Dagster run with its step errors) is classified
by the text of the whole error chain against `RULES`; the user sees

    Error: the disk is full (No space left on device: /lake/bronze/...)
    Hint: free space under the lake root, then run the same command again (it resumes safely).
    Full trace: /path/to/.lakehouse/logs/lakehouse-20261202T051500-1234.log

and the full trace goes to that log file (or, with `--verbose`, to the console). Other modules
add their own fault kinds with `register(FaultRule(...))`: the first matching rule wins, newer
registrations are tried first.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from lake.config import PROJECT_ROOT

# Exit codes (sysexits.h where one fits): scripts and supervisors can tell the kinds apart.
EXIT_USAGE = 2
EXIT_DATA = 65  # EX_DATAERR: a table's log or a file is corrupt
EXIT_UNAVAILABLE = 69  # EX_UNAVAILABLE: engine, server or URL unreachable
EXIT_SOFTWARE = 70  # EX_SOFTWARE: an error nobody classified (a bug: see the log)
EXIT_CANTCREAT = 73  # EX_CANTCREAT: lake not writable
EXIT_IOERR = 74  # EX_IOERR: disk full
EXIT_CONFIG = 78  # EX_CONFIG: a required setting is missing
EXIT_INTERRUPTED = 130

LOG_DIR_ENV = "LAKEHOUSE_LOG_DIR"
KEEP_LOGS = 50


@dataclass(frozen=True)
class Fault:
    """What the user reads: one line, one hint, one exit code."""

    kind: str
    message: str
    hint: str
    exit_code: int


@dataclass(frozen=True)
class FaultRule:
    """A kind of fault recognised by regular expressions over the error chain's text.

    ``detail`` turns the first match into the part of the message in parentheses (default: the
    matched text); ``message`` and ``hint`` may use ``{path}``, the first lake path in the text.
    """

    kind: str
    patterns: tuple[str, ...]
    message: str
    hint: str
    exit_code: int
    detail: Callable[[re.Match], str] | None = None

    def match(self, text: str) -> Fault | None:
        for pattern in self.patterns:
            m = re.search(pattern, text, re.IGNORECASE | re.MULTILINE)
            if m:
                detail = (self.detail(m) if self.detail else m.group(0)).strip()
                while detail.endswith(")") and detail.count(")") > detail.count("("):
                    detail = detail[:-1].rstrip()
                path = _first_path(text)
                msg = self.message.format(path=path or "the lake")
                if detail:
                    msg = f"{msg} ({_shorten(detail)})"
                return Fault(self.kind, msg, self.hint.format(path=path or "the lake root"), self.exit_code)
        return None


def _shorten(text: str, limit: int = 200) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _first_path(text: str) -> str | None:
    """The first table folder (``.../<layer>/<name>``) named in the text, else the first path."""
    for m in re.finditer(r"(?:file:)?(/[^\s'\"]*?/(?:bronze|silver|gold)/[A-Za-z0-9_]+)", text):
        return _plain_path(m.group(1))
    return None


def _plain_path(text: str) -> str:
    """``file:///a/b`` and ``///a/b`` as ``/a/b``."""
    return re.sub(r"(?:file:)?/+", "/", text, count=1) if text.startswith(("file:", "/")) else text


def _delta_log_detail(m: re.Match) -> str:
    return _plain_path(m.group(0).split(" SQLSTATE")[0].rstrip(". "))


RULES: list[FaultRule] = [
    FaultRule(
        "missing_salt",
        (r"LAKEHOUSE_PII_SALT is not set for the lake \S+",),
        "no PII salt is configured for this lake",
        "set LAKEHOUSE_PII_SALT to a long random secret (the same for every run on this lake), or "
        "LAKEHOUSE_ENV=dev for a development lake (docs/configuration.md)",
        EXIT_CONFIG,
    ),
    FaultRule(
        "disk_full",
        (r"No space left on device[^\n]*", r"\bENOSPC\b[^\n]*", r"\[Errno 28\][^\n]*", r"Disk quota exceeded[^\n]*"),
        "the disk is full",
        "free space where the lake lives ({path}), then run the same command again: nothing half-written "
        "is visible and the rerun resumes",
        EXIT_IOERR,
    ),
    FaultRule(
        "read_only",
        (
            r"Read-only file system[^\n]*",
            r"\bEROFS\b[^\n]*",
            r"\[Errno 30\][^\n]*",
            r"AccessDeniedException[^\n]*",
            r"Permission denied[^\n]*",
            r"\[Errno 13\][^\n]*",
        ),
        "the lake is not writable",
        "check that the lake root ({path}) is mounted read-write and writable by this user, "
        "or point LAKEHOUSE_ROOT at a writable folder",
        EXIT_CANTCREAT,
    ),
    FaultRule(
        "corrupt_delta_log",
        (
            r"[^\s'\"]*_delta_log/\d{20}\.(?:json|checkpoint[^\s'\"]*?)(?=[\s'\".]|$)",
            r"DELTA_LOG_FILE_NOT_FOUND[^\n]*",
            r"DELTA_VERSIONS_NOT_CONTIGUOUS[^\n]*",
            r"DELTA_STATE_RECOVER_ERROR[^\n]*",
            r"JsonParseException[^\n]*",
            r"JsonEOFException[^\n]*",
            r"Unexpected end-of-input[^\n]*",
        ),
        "a Delta table's transaction log is corrupt or truncated",
        "restore the damaged commit file of {path}/_delta_log from a backup (or remove a truncated last "
        "commit after checking it holds nothing committed); the other tables are unaffected",
        EXIT_DATA,
        detail=_delta_log_detail,
    ),
    FaultRule(
        "unreachable",
        (
            r"Connection refused[^\n]*",
            r"ConnectionRefusedError[^\n]*",
            r"Name or service not known[^\n]*",
            r"Temporary failure in name resolution[^\n]*",
            r"No route to host[^\n]*",
            r"Network is unreachable[^\n]*",
            r"SMTPConnectError[^\n]*",
            r"SMTPServerDisconnected[^\n]*",
            r"timed out[^\n]*",
        ),
        "a server could not be reached",
        "check that the engine / server / URL is running and reachable from this machine "
        "(host, port, firewall), then retry",
        EXIT_UNAVAILABLE,
    ),
    FaultRule(
        "out_of_memory",
        (r"java\.lang\.OutOfMemoryError[^\n]*", r"\bMemoryError\b[^\n]*"),
        "the engine ran out of memory",
        "raise LAKEHOUSE_SPARK_DRIVER_MEMORY (default 4g) or ingest fewer files at once",
        EXIT_SOFTWARE,
    ),
    FaultRule(
        "no_java",
        (r"Java gateway process exited[^\n]*", r"JAVA_GATEWAY_EXITED[^\n]*", r"JAVA_HOME is not set[^\n]*"),
        "Spark could not start its Java process",
        "install Java 17 and set JAVA_HOME (see README: Two commands)",
        EXIT_UNAVAILABLE,
    ),
]


def register(rule: FaultRule) -> None:
    """Add a fault kind (e.g. the engine's Spark Connect case); tried before the built-in ones."""
    RULES.insert(0, rule)


def error_text(exc: BaseException) -> str:
    """The whole error chain as text: Python causes, JVM messages, and failed Dagster steps."""
    parts: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        parts.append(f"{type(current).__module__}.{type(current).__name__}: {current}")
        extra = getattr(current, "fault_text", None)  # RunFailed: the step errors' own text
        if callable(extra):
            parts.append(extra())
        java = getattr(current, "java_exception", None) or getattr(current, "_java_exception", None)
        if java is not None:
            try:
                parts.append(str(java.toString()))
            except Exception:  # the JVM may be gone
                pass
        current = current.__cause__ or current.__context__
    return "\n".join(parts)


def classify(exc: BaseException, rules: Iterable[FaultRule] | None = None) -> Fault:
    """The fault a user reads for ``exc``: the first matching rule, else an internal error."""
    text = error_text(exc)
    for rule in rules if rules is not None else RULES:
        fault = rule.match(text)
        if fault is not None:
            return fault
    summary = getattr(exc, "summary", None)
    first = summary() if callable(summary) else f"{type(exc).__name__}: {exc}"
    return Fault(
        "internal",
        _shorten(first.splitlines()[0] if first else type(exc).__name__, 300),
        "this is not a known fault; the log file has the full trace (please attach it to a bug report)",
        EXIT_SOFTWARE,
    )


# --------------------------------------------------------------------------- log file


@dataclass
class CommandLog:
    """Where this invocation's full output and traces go (one file per invocation)."""

    path: Path | None = None
    stream: object = None
    notes: list[str] = field(default_factory=list)

    def write(self, text: str) -> None:
        if self.stream is None:
            return
        try:
            self.stream.write(text if text.endswith("\n") else text + "\n")
            self.stream.flush()
        except (OSError, ValueError):
            pass


def log_dir() -> Path:
    """`LAKEHOUSE_LOG_DIR`, else `.lakehouse/logs/` in the checkout (not under the lake root:
    the lake may be the full or read-only disk whose fault is being reported)."""
    return Path(os.environ.get(LOG_DIR_ENV) or PROJECT_ROOT / ".lakehouse" / "logs")


def open_log(command: str) -> CommandLog:
    """A new log file for this invocation; falls back to the temp folder, then to none."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
    name = f"lakehouse-{stamp}-{os.getpid()}.log"
    for folder in (log_dir(), Path(tempfile.gettempdir()) / "lakehouse-logs"):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / name
            stream = open(path, "a", encoding="utf-8", buffering=1)  # noqa: SIM115 (kept open for the command)
            stream.write(f"# lakehouse {command} (pid {os.getpid()}, {stamp} UTC)\n")
            _prune(folder)
            return CommandLog(path, stream)
        except OSError:
            continue
    return CommandLog()


def _prune(folder: Path) -> None:
    logs = sorted(folder.glob("lakehouse-*.log"))
    for old in logs[:-KEEP_LOGS]:
        try:
            old.unlink()
        except OSError:
            pass


def format_trace(exc: BaseException) -> str:
    return "".join(traceback.format_exception(exc)) + "\n" + error_text(exc)


def report_fault(exc: BaseException, log: CommandLog, verbose: bool, err=None) -> int:
    """Print the one-line error and hint (the trace to the log, or to the console when verbose)."""
    err = err or sys.stderr
    fault = classify(exc)
    log.write(format_trace(exc))
    if verbose:
        err.write(format_trace(exc) + "\n")
    err.write(f"Error: {fault.message}\n")
    err.write(f"Hint: {fault.hint}\n")
    if log.path is not None and not verbose:
        err.write(f"Full trace: {log.path} (or run with --verbose)\n")
    err.flush()
    return fault.exit_code


# --------------------------------------------------------------------------- console


def terminate_as_interrupt():
    """SIGTERM behaves like Ctrl+C: Dagster marks the run as failed instead of leaving it STARTED,
    and clean-up code runs (commands that serve install their own handlers, `processes.supervise`)."""
    import signal
    import threading

    def _raise(signum, _frame) -> None:
        raise KeyboardInterrupt(f"signal {signum}")

    if threading.current_thread() is not threading.main_thread():
        return None
    previous = signal.signal(signal.SIGTERM, _raise)
    return lambda: signal.signal(signal.SIGTERM, previous)


class QuietConsole:
    """Without `--verbose`: native output (the JVM's log4j, Ivy, py4j) and Python logging go to the
    log file; the terminal keeps the command's own lines (stdout, `click.echo(err=True)`).

    File descriptor 2 is pointed at the log file, so processes started afterwards (Spark's JVM)
    write there; ``sys.stderr`` is re-opened on the terminal's original descriptor.
    """

    def __init__(self, log: CommandLog) -> None:
        self.log = log
        self._saved_fd: int | None = None
        self._saved_stderr = None
        self._handler = None
        self._saved_level = 0

    def __enter__(self) -> QuietConsole:
        import logging

        if self.log.stream is not None:
            try:
                if sys.stderr.fileno() != 2:  # not the process's stderr (e.g. click's CliRunner)
                    raise OSError("stderr is not file descriptor 2")
                sys.stderr.flush()
                self._saved_fd = os.dup(2)
                os.dup2(self.log.stream.fileno(), 2)
                self._saved_stderr = sys.stderr
                sys.stderr = open(
                    self._saved_fd,
                    "w",
                    encoding="utf-8",
                    errors="replace",  # noqa: SIM115
                    buffering=1,
                    closefd=False,
                )
            except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
                self._saved_fd = None
            handler = logging.StreamHandler(self.log.stream)
            handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
            logging.getLogger().addHandler(handler)
            root = logging.getLogger()
            self._saved_level = root.level
            if root.level > logging.INFO or root.level == logging.NOTSET:
                root.setLevel(logging.INFO)
            self._handler = handler
            logging.captureWarnings(True)
        return self

    def __exit__(self, *exc) -> None:
        import logging

        if self._handler is not None:
            logging.captureWarnings(False)
            logging.getLogger().removeHandler(self._handler)
            logging.getLogger().setLevel(self._saved_level)
        if self._saved_fd is not None:
            try:
                sys.stderr.flush()
                os.dup2(self._saved_fd, 2)
                os.close(self._saved_fd)
            except OSError:
                pass
            sys.stderr = self._saved_stderr
            self._saved_fd = None


# --------------------------------------------------------------------------- known faults raised by commands


def _click_exception_base():
    import click

    return click.ClickException


class CommandFault(_click_exception_base()):
    """A fault a command recognises itself: `Error:` line, `Hint:` line, and its exit code."""

    def __init__(self, message: str, hint: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.hint = hint
        self.exit_code = exit_code

    def show(self, file=None) -> None:
        import click

        click.echo(f"Error: {self.format_message()}", err=True, file=file)
        click.echo(f"Hint: {self.hint}", err=True, file=file)
