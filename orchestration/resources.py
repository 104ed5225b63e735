"""Dagster resources: the one place where configuration (env variables) enters the pipeline.

Every value is optional and falls back to an environment variable, then to a folder in the
checkout, so `dagster dev` works with no flags and production sets only env variables:
LAKEHOUSE_ROOT, SPARK_MASTER, LAKEHOUSE_LANDING, LAKEHOUSE_PII_SALT.
"""


import os
from pathlib import Path

import dagster as dg

from lake.config import PROJECT_ROOT, LakeConfig


class LakeResource(dg.ConfigurableResource):
    """The lake root: `root` if set, else `LAKEHOUSE_ROOT`, else `warehouse/` in the checkout."""

    root: str | None = None

    @property
    def config(self) -> LakeConfig:
        return LakeConfig.from_env(self.root)


class SparkResource(dg.ConfigurableResource):
    """The SparkSession (Delta enabled); `master` if set, else `SPARK_MASTER`, else `local[*]`."""

    master: str | None = None

    def session(self):
        from lake.spark import get_spark

        return get_spark(master=self.master)


class DuckDBResource(dg.ConfigurableResource):
    """Read-only DuckDB over the lake (`lake.query.LakeQuery`): what asset checks read with.

    `root` if set, else `LAKEHOUSE_ROOT`, else `warehouse/`; the same resolution as `LakeResource`.
    """

    root: str | None = None

    def query(self):
        from lake.query import LakeQuery

        return LakeQuery(LakeConfig.from_env(self.root))


class LandingResource(dg.ConfigurableResource):
    """Folder where new survey exports (`survey/`), news files (`news/`) and news corrections
    (`news_corrections/`) are dropped."""

    folder: str | None = None

    @property
    def path(self) -> Path:
        return Path(self.folder or os.environ.get("LAKEHOUSE_LANDING") or PROJECT_ROOT / "landing")

    def survey_dir(self) -> Path:
        return self.path / "survey"

    def news_dir(self) -> Path:
        return self.path / "news"

    def news_corrections_dir(self) -> Path:
        """Analysts' corrections of news fields (`*.csv`, columns of silver/news_corrections)."""
        return self.path / "news_corrections"

    def quarantine_dir(self) -> Path:
        return self.path / "quarantine"


class PrivacyResource(dg.ConfigurableResource):
    """Salt for hashing `contact_email` in bronze; set `LAKEHOUSE_PII_SALT` in production."""

    salt: str | None = None

    def get_salt(self) -> str:
        return self.salt or os.environ.get("LAKEHOUSE_PII_SALT") or "local-development-salt"


def default_resources() -> dict[str, dg.ConfigurableResource]:
    """Resources for every deployment; values come from the environment at run time."""
    return {
        "lake": LakeResource(),
        "spark": SparkResource(),
        "duckdb": DuckDBResource(),
        "landing": LandingResource(),
        "privacy": PrivacyResource(),
    }
