"""A real PostgreSQL server for tests: Debian's `postgresql` binaries, run as the unprivileged
`postgres` user (the server refuses to run as root), in a throw-away cluster on 127.0.0.1 with a
free port and password authentication."""

from __future__ import annotations

import contextlib
import glob
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


def pg_bin() -> Path | None:
    """The newest installed server version's bin folder (/usr/lib/postgresql/<v>/bin)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    return Path(found[-1]).parent if found else None


def available() -> bool:
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        return False
    return pg_bin() is not None


@dataclass(frozen=True)
class PostgresServer:
    host: str
    port: int
    user: str
    password: str
    db: str

    def env(self) -> dict[str, str]:
        """The variables `dagster.postgres.yaml` reads (docs/operations.md)."""
        return {
            "DAGSTER_PG_HOST": self.host,
            "DAGSTER_PG_PORT": str(self.port),
            "DAGSTER_PG_USERNAME": self.user,
            "DAGSTER_PG_PASSWORD": self.password,
            "DAGSTER_PG_DB": self.db,
        }

    def query(self, sql: str) -> list[tuple]:
        """Run one statement outside a transaction (CREATE DATABASE needs that); rows if any."""
        import psycopg2

        with contextlib.closing(
            psycopg2.connect(host=self.host, port=self.port, user=self.user, password=self.password, dbname=self.db)
        ) as con:
            con.autocommit = True
            with con.cursor() as cur:
                cur.execute(sql)
                return cur.fetchall() if cur.description else []


def _as_postgres(args: list[str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run(["runuser", "-u", "postgres", "--", *args], capture_output=True, text=True, check=True, **kw)


@contextlib.contextmanager
def postgres(db: str = "dagster") -> Iterator[PostgresServer]:
    """initdb + start a cluster in a fresh folder under /tmp (owned by postgres), yield it, stop it,
    remove the folder. Not under pytest's tmp_path: pytest keeps that root private (mode 0700),
    which the postgres user could not enter."""
    binaries = pg_bin()
    if binaries is None:
        raise RuntimeError("PostgreSQL is not installed (apt-get install postgresql)")
    base = Path(tempfile.mkdtemp(prefix="lakehouse-pg-"))
    data, sock = base / "data", base / "socket"
    sock.mkdir(exist_ok=True)
    password = secrets.token_hex(12)
    pwfile = base / "pw"
    pwfile.write_text(password + "\n")
    for p in (base, sock, pwfile):
        shutil.chown(p, "postgres")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    _as_postgres(
        [
            str(binaries / "initdb"),
            "-D",
            str(data),
            "-U",
            "dagster",
            f"--pwfile={pwfile}",
            "--auth=scram-sha-256",
            "-E",
            "UTF8",
            "--locale=C",
        ]
    )
    opts = f"-p {port} -k {sock} -c listen_addresses=127.0.0.1 -c fsync=off"
    _as_postgres(
        [str(binaries / "pg_ctl"), "-D", str(data), "-o", opts, "-l", str(base / "server.log"), "-w", "start"],
        timeout=120,
    )
    server = PostgresServer("127.0.0.1", port, "dagster", password, db)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                PostgresServer("127.0.0.1", port, "dagster", password, "postgres").query(f"CREATE DATABASE {db}")
                break
            except Exception:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        yield server
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):
            _as_postgres([str(binaries / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"], timeout=120)
        shutil.rmtree(base, ignore_errors=True)
