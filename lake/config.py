"""Where the lake lives and how Spark reaches it: read once at the edge, passed down as values."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


DEV_ENVIRONMENTS = frozenset({"dev", "development", "test"})


def is_development_lake(root: str, env: str | None = None) -> bool:
    """A lake where test data may be hashed with the published development salt.

    True when `LAKEHOUSE_ENV` (or ``env``) is ``dev``/``development``/``test``, or, with
    `LAKEHOUSE_ENV` unset, when ``root`` is the checkout's default ``warehouse/`` (what `make demo`
    builds). Any other lake (another folder, an object store, `LAKEHOUSE_ENV=prod`) is real.
    """
    value = (env if env is not None else os.environ.get("LAKEHOUSE_ENV", "")).strip().lower()
    if value:
        return value in DEV_ENVIRONMENTS
    if is_uri(root):
        return False
    return Path(root.removeprefix("file://")).expanduser().resolve() == (PROJECT_ROOT / "warehouse").resolve()


def is_uri(location: str) -> bool:
    """True for object-store roots such as ``s3://bucket/lake`` (anything with a scheme but file)."""
    return "://" in location and not location.startswith("file://")


@dataclass(frozen=True)
class LakeConfig:
    """The lake root (local folder or object-store URI). The Spark master is not a fact of the lake:
    it is the `spark` resource's (`SparkResource.master`, else `SPARK_MASTER`)."""

    root: str
    spark_conf: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_env(cls, root: str | None = None) -> LakeConfig:
        """Build from `LAKEHOUSE_ROOT` (default: ``warehouse/`` in the checkout)."""
        location = root or os.environ.get("LAKEHOUSE_ROOT") or str(PROJECT_ROOT / "warehouse")
        if not is_uri(location):
            location = str(Path(location.removeprefix("file://")).expanduser().resolve())
        return cls(root=location.rstrip("/"))

    def table_path(self, table: str) -> str:
        """``<root>/<layer>/<name>`` for a contract table name such as ``gold/ai_adoption``."""
        return f"{self.root}/{table}"

    def path(self, *parts: str) -> str:
        """A non-table location under the root (reports, geodata cache, serving catalog)."""
        return "/".join([self.root, *parts])

    @property
    def is_local(self) -> bool:
        return not is_uri(self.root)
