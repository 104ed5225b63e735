"""Files under the lake root, local or in an S3-compatible bucket, through one filesystem object.

Spark reaches an object store through S3A and DuckDB through httpfs; everything else that reads
or writes plain files under the root (the Delta-log reader, report storage and the report
archive) goes through `pyarrow.fs`, configured from the same variables (`lake.spark.s3_conf`):
`LAKEHOUSE_S3_ENDPOINT` / `AWS_ENDPOINT_URL`, `LAKEHOUSE_S3_PATH_STYLE`, `AWS_REGION`, and the
credentials from the environment (never written anywhere).
"""

from __future__ import annotations

import os
import pathlib
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlparse

from pyarrow import fs as pafs

from lake.config import is_uri


@dataclass(frozen=True)
class LakeFiles:
    """A filesystem and the path of a location on it (``bucket/prefix`` for S3, a folder locally)."""

    filesystem: pafs.FileSystem
    path: str
    uri: str

    def child(self, *parts: str) -> LakeFiles:
        path = "/".join([self.path.rstrip("/"), *parts])
        return LakeFiles(self.filesystem, path, "/".join([self.uri.rstrip("/"), *parts]))

    def list(self, suffix: str = "") -> list[pafs.FileInfo]:
        """Files directly in this folder (none when it does not exist), sorted by name."""
        try:
            infos = self.filesystem.get_file_info(pafs.FileSelector(self.path, allow_not_found=True))
        except FileNotFoundError:
            return []
        return sorted(
            (i for i in infos if i.type == pafs.FileType.File and i.base_name.endswith(suffix)),
            key=lambda i: i.base_name,
        )

    def read_text(self, name: str | None = None) -> str:
        target = self.path if name is None else f"{self.path.rstrip('/')}/{name}"
        with self.filesystem.open_input_stream(target) as fh:
            return fh.read().decode("utf-8")

    def exists(self) -> bool:
        return self.filesystem.get_file_info(self.path).type != pafs.FileType.NotFound

    def upload(self, local_dir: pathlib.Path) -> None:
        """Copy a local folder's files here (reports written locally, stored in the bucket)."""
        pafs.copy_files(
            str(local_dir), self.path, source_filesystem=pafs.LocalFileSystem(), destination_filesystem=self.filesystem
        )


def s3_filesystem(env: Mapping[str, str] | None = None) -> pafs.S3FileSystem:
    """An S3 filesystem from the lake's S3 variables (the same ones Spark's S3A gets)."""
    env = os.environ if env is None else env
    endpoint = env.get("LAKEHOUSE_S3_ENDPOINT") or env.get("AWS_ENDPOINT_URL")
    kwargs: dict = {"region": env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or "us-east-1"}
    if endpoint:
        parsed = urlparse(endpoint)
        kwargs["endpoint_override"] = parsed.netloc or parsed.path
        kwargs["scheme"] = parsed.scheme or "https"
    path_style = env.get("LAKEHOUSE_S3_PATH_STYLE", "true" if endpoint else "false").lower() == "true"
    kwargs["force_virtual_addressing"] = not path_style
    if env.get("AWS_ACCESS_KEY_ID"):
        kwargs.update(
            access_key=env["AWS_ACCESS_KEY_ID"],
            secret_key=env.get("AWS_SECRET_ACCESS_KEY", ""),
            session_token=env.get("AWS_SESSION_TOKEN"),
        )
    return pafs.S3FileSystem(**kwargs)


def lake_files(location: str, env: Mapping[str, str] | None = None) -> LakeFiles:
    """The files at ``location`` (a lake root or anything under it): local path or ``s3://`` URI."""
    if not is_uri(location):
        local = str(pathlib.Path(location.removeprefix("file://")))
        return LakeFiles(pafs.LocalFileSystem(), local, local)
    parsed = urlparse(location)
    if parsed.scheme not in ("s3", "s3a"):
        raise ValueError(f"unsupported lake root scheme {parsed.scheme!r} in {location!r} (local or s3://)")
    return LakeFiles(s3_filesystem(env), f"{parsed.netloc}{parsed.path}".rstrip("/"), location.rstrip("/"))


RESERVE_BYTES = 8 * 1024 * 1024
"""Free space a run keeps beyond what it writes: Delta commits, checksums and checkpoints."""
WRITE_FACTOR = 4
"""A run writes bronze, silver, rejects and gold from its input: at most about 4x the input bytes."""


def ensure_free_space(location: str, input_bytes: int = 0) -> None:
    """Raise ``OSError(ENOSPC)`` when a local lake root has less room than a run over
    ``input_bytes`` needs (`RESERVE_BYTES` + `WRITE_FACTOR` x input), before anything is written.

    Delta commits each table atomically, but a run writes several tables one after the other; a
    disk that fills up after bronze has committed leaves bronze ahead of silver. Checking first
    keeps every table where it was. Object stores have no such limit: nothing is checked there.
    """
    import errno
    import shutil

    if is_uri(location) and not location.startswith("file://"):
        return
    path = pathlib.Path(location.removeprefix("file://"))
    while not path.exists() and path != path.parent:
        path = path.parent
    free = shutil.disk_usage(path).free
    needed = RESERVE_BYTES + WRITE_FACTOR * max(0, input_bytes)
    if free < needed:
        raise OSError(
            errno.ENOSPC,
            f"No space left on device: {free / 2**20:.1f} MiB free at {location}, a run over "
            f"{input_bytes / 2**20:.1f} MiB of input needs about {needed / 2**20:.1f} MiB; nothing was written",
        )
