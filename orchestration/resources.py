"""Dagster resources: the one place where configuration (env variables) enters the pipeline.

The deployed resources (`default_resources`) take each variable that is set as a `dg.EnvVar`:
LAKEHOUSE_ROOT, SPARK_MASTER / SPARK_REMOTE, LAKEHOUSE_LANDING, LAKEHOUSE_PII_SALT,
LAKEHOUSE_REPORT_RECIPIENTS and LAKEHOUSE_SMTP_* (`SmtpResource`); Dagster resolves them when a
run starts and shows their names, not their values. A field left unset falls back to its
variable read at run time, then to a folder in the checkout, so `dagster dev` works with no flags
and code that builds a resource itself (tests, the CLI's `--root`) gets the same resolution.
"""

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Optional

import dagster as dg

from lake.config import PROJECT_ROOT, LakeConfig
from lake.spark import DEFAULT_IVY_DIR, DEFAULT_STATE_DIR, SparkSettings


def _flag(value: Optional[str]) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


def spark_settings(
    env: Optional[Mapping[str, str]] = None, master: Optional[str] = None, remote: Optional[str] = None
) -> SparkSettings:
    """The Spark settings of this deployment, read from the environment once, here at the edge.

    `SPARK_REMOTE` (``sc://host:port``) connects to that Spark Connect server; otherwise the
    project's engine is used when it is up (`lakehouse engine start`; `LAKEHOUSE_ENGINE=off` never
    uses it), else a local session on `SPARK_MASTER` (default ``local[*]``). The other variables:
    `LAKEHOUSE_SPARK_DRIVER_MEMORY`, `LAKEHOUSE_SHUFFLE_PARTITIONS`, `LAKEHOUSE_IVY_DIR`,
    `LAKEHOUSE_ENGINE_DIR`, `LAKEHOUSE_ENGINE_PORT`, `LAKEHOUSE_VERBOSE` (Spark's log on the
    console), and for s3 lake roots `LAKEHOUSE_S3_ENDPOINT` / `AWS_ENDPOINT_URL`,
    `LAKEHOUSE_S3_PATH_STYLE`, `AWS_REGION` / `AWS_DEFAULT_REGION` (docs/configuration.md).
    """
    env = os.environ if env is None else env
    return SparkSettings(
        master=master or env.get("SPARK_MASTER") or env.get("LAKEHOUSE_SPARK_MASTER") or "local[*]",
        remote=remote or env.get("SPARK_REMOTE") or None,
        # the project's engine whenever it is up; `off` keeps every command on a local session
        use_engine=(env.get("LAKEHOUSE_ENGINE") or "auto").lower() not in {"off", "0", "false", "no"},
        ivy_dir=Path(env.get("LAKEHOUSE_IVY_DIR") or DEFAULT_IVY_DIR),
        state_dir=Path(env.get("LAKEHOUSE_ENGINE_DIR") or DEFAULT_STATE_DIR),
        driver_memory=env.get("LAKEHOUSE_SPARK_DRIVER_MEMORY") or None,
        shuffle_partitions=env.get("LAKEHOUSE_SHUFFLE_PARTITIONS") or None,
        verbose=_flag(env.get("LAKEHOUSE_VERBOSE")),
        lake_root=env.get("LAKEHOUSE_ROOT") or None,
        s3_endpoint=env.get("LAKEHOUSE_S3_ENDPOINT") or env.get("AWS_ENDPOINT_URL") or None,
        s3_path_style=env.get("LAKEHOUSE_S3_PATH_STYLE") or None,
        aws_region=env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or None,
        engine_port=int(env.get("LAKEHOUSE_ENGINE_PORT") or 15002),
    )


class LakeResource(dg.ConfigurableResource):
    """The lake root: `root` if set, else `LAKEHOUSE_ROOT`, else `warehouse/` in the checkout."""

    root: str | None = None

    @property
    def config(self) -> LakeConfig:
        return LakeConfig.from_env(self.root)


class SparkResource(dg.ConfigurableResource):
    """The SparkSession (Delta enabled): a Spark Connect client of `remote` / `SPARK_REMOTE` or of
    the project's engine when it is up, else a local session on `master` / `SPARK_MASTER`
    (default `local[*]`). See `spark_settings`."""

    master: Optional[str] = None
    remote: Optional[str] = None

    def settings(self) -> SparkSettings:
        return spark_settings(master=self.master, remote=self.remote)

    def session(self):
        from lake.spark import get_spark

        return get_spark(self.settings())


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
        # Outside a run (the CLI's planner reads the folder to find waves) the field is still the
        # deployed `dg.EnvVar`, which refuses `str()`: read its value.
        folder = self.folder.get_value() if isinstance(self.folder, dg.EnvVar) else self.folder
        return Path(folder or os.environ.get("LAKEHOUSE_LANDING") or PROJECT_ROOT / "landing")

    def survey_dir(self) -> Path:
        return self.path / "survey"

    def news_dir(self) -> Path:
        return self.path / "news"

    def news_corrections_dir(self) -> Path:
        """Analysts' corrections of news fields (`*.csv`, columns of silver/news_corrections)."""
        return self.path / "news_corrections"

    def quarantine_dir(self) -> Path:
        return self.path / "quarantine"


DEVELOPMENT_SALT = "local-development-salt"  # published: only for development lakes


class MissingSaltError(ValueError):
    """No PII salt outside a development lake (a published salt would make the hashes reversible)."""


def resolve_salt(salt: str | None, root: str) -> str:
    """`salt`, else `LAKEHOUSE_PII_SALT`; the development salt only for a development lake."""
    from lake.config import is_development_lake

    value = salt or os.environ.get("LAKEHOUSE_PII_SALT")
    if value:
        return value
    if is_development_lake(root):
        return DEVELOPMENT_SALT
    raise MissingSaltError(
        f"LAKEHOUSE_PII_SALT is not set for the lake {root}: set it to a long random secret (the same for "
        "every run on this lake), or LAKEHOUSE_ENV=dev for a development lake (docs/configuration.md)"
    )


class PrivacyResource(dg.ConfigurableResource):
    """Salt for hashing `contact_email` in bronze: `salt`, else `LAKEHOUSE_PII_SALT`.

    Outside a development lake (`lake.config.is_development_lake`) a missing salt is an error.
    """

    salt: str | None = None
    comment_retention_days: float | None = None

    def get_salt(self, root: str | None = None) -> str:
        return resolve_salt(self.salt, root or LakeConfig.from_env().root)

    def get_comment_retention_days(self) -> float | None:
        """Days after which bronze `comment` is dropped: `comment_retention_days`, else
        `LAKEHOUSE_COMMENT_RETENTION_DAYS`; None (unset) keeps comments."""
        if self.comment_retention_days is not None:
            return float(self.comment_retention_days)
        raw = os.environ.get("LAKEHOUSE_COMMENT_RETENTION_DAYS", "").strip()
        if not raw:
            return None
        try:
            days = float(raw)
        except ValueError:
            raise ValueError(f"LAKEHOUSE_COMMENT_RETENTION_DAYS must be a number of days, not {raw!r}") from None
        if days < 0 or days != days:
            raise ValueError(f"LAKEHOUSE_COMMENT_RETENTION_DAYS must be >= 0, not {raw!r}")
        return days


class SmtpResource(dg.ConfigurableResource):
    """Report e-mail delivery: each field if set, else its environment variable.

    `recipients` (LAKEHOUSE_REPORT_RECIPIENTS, comma-separated) empty = delivery not configured;
    `host` LAKEHOUSE_SMTP_HOST, `port` LAKEHOUSE_SMTP_PORT, `user` / `password`
    LAKEHOUSE_SMTP_USER / _PASSWORD, `sender` LAKEHOUSE_SMTP_FROM, `starttls`
    LAKEHOUSE_SMTP_STARTTLS, `cafile` LAKEHOUSE_SMTP_CAFILE, `timeout` LAKEHOUSE_SMTP_TIMEOUT.
    The rules (STARTTLS before credentials, valid addresses) are `reports.delivery.SmtpSettings`'.
    """

    recipients: str | None = None
    host: str | None = None
    port: int | None = None
    user: str | None = None
    password: str | None = None
    sender: str | None = None
    starttls: bool | None = None
    cafile: str | None = None
    timeout: float | None = None

    def settings(self):
        """`SmtpSettings`, or None when no recipients are configured; `DeliveryConfigError` if invalid."""
        from reports.delivery import SmtpSettings

        fields = {
            "LAKEHOUSE_REPORT_RECIPIENTS": self.recipients,
            "LAKEHOUSE_SMTP_HOST": self.host,
            "LAKEHOUSE_SMTP_PORT": self.port,
            "LAKEHOUSE_SMTP_USER": self.user,
            "LAKEHOUSE_SMTP_PASSWORD": self.password,
            "LAKEHOUSE_SMTP_FROM": self.sender,
            "LAKEHOUSE_SMTP_STARTTLS": self.starttls,
            "LAKEHOUSE_SMTP_CAFILE": self.cafile,
            "LAKEHOUSE_SMTP_TIMEOUT": self.timeout,
        }
        env = dict(os.environ)
        env.update({k: str(v).lower() if isinstance(v, bool) else str(v) for k, v in fields.items() if v is not None})
        return SmtpSettings.from_env(env)


def _env_var(name: str, env: Mapping[str, str] | None = None) -> Any:
    """`dg.EnvVar(name)` when the variable is set: Dagster reads it when a run starts and its UI
    shows the variable's name, never its value (the salt, the SMTP password). None when unset:
    the field's own fallback applies (a folder in the checkout, delivery not configured)."""
    env = os.environ if env is None else env
    return dg.EnvVar(name) if env.get(name) else None


def default_resources(env: Mapping[str, str] | None = None) -> dict[str, dg.ConfigurableResource]:
    """Resources for every deployment: configuration enters here, as `dg.EnvVar`s of the variables
    that are set (docs/configuration.md). Spark's settings are read by `spark_settings`."""

    def var(name: str) -> Any:
        return _env_var(name, env)

    return {
        "lake": LakeResource(root=var("LAKEHOUSE_ROOT")),
        "spark": SparkResource(master=var("SPARK_MASTER"), remote=var("SPARK_REMOTE")),
        "duckdb": DuckDBResource(root=var("LAKEHOUSE_ROOT")),
        "landing": LandingResource(folder=var("LAKEHOUSE_LANDING")),
        "privacy": PrivacyResource(salt=var("LAKEHOUSE_PII_SALT")),
        "smtp": SmtpResource(
            recipients=var("LAKEHOUSE_REPORT_RECIPIENTS"),
            host=var("LAKEHOUSE_SMTP_HOST"),
            user=var("LAKEHOUSE_SMTP_USER"),
            password=var("LAKEHOUSE_SMTP_PASSWORD"),
            sender=var("LAKEHOUSE_SMTP_FROM"),
            cafile=var("LAKEHOUSE_SMTP_CAFILE"),
        ),
    }
