"""Configuration enters at the edge: the deployed resources take the set variables as `dg.EnvVar`s."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import pytest

from orchestration.resources import LakeResource, PrivacyResource, SmtpResource, default_resources


def test_set_variables_become_env_vars_resolved_when_the_run_starts(tmp_path: Path, monkeypatch) -> None:
    env = {"LAKEHOUSE_ROOT": str(tmp_path / "lake"), "LAKEHOUSE_PII_SALT": "s3cret-salt-value"}
    resources = default_resources(env)
    assert resources["lake"].root == dg.EnvVar("LAKEHOUSE_ROOT")
    assert resources["privacy"].salt == dg.EnvVar("LAKEHOUSE_PII_SALT")
    # unset variables stay unset: the fields' own fallbacks apply
    assert resources["landing"].folder is None and resources["smtp"].host is None

    seen: dict = {}

    @dg.asset
    def probe(lake: LakeResource, privacy: PrivacyResource, smtp: SmtpResource) -> None:
        seen.update(root=lake.config.root, salt=privacy.get_salt(lake.config.root), smtp=smtp.settings())

    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with dg.instance_for_test() as instance:
        result = dg.materialize(
            [probe], resources={k: resources[k] for k in ("lake", "privacy", "smtp")}, instance=instance
        )
        assert result.success
        logged = "\n".join(str(e) for e in instance.all_logs(result.run_id))
    assert seen["root"].endswith("lake") and seen["salt"] == "s3cret-salt-value" and seen["smtp"] is None
    assert "s3cret-salt-value" not in logged  # the run's config holds the variable's name only

    # a variable set when the definitions load but gone when the run starts is a clear failure
    monkeypatch.delenv("LAKEHOUSE_PII_SALT")
    with pytest.raises(dg.DagsterInvalidConfigError, match="LAKEHOUSE_PII_SALT"):
        dg.materialize([probe], resources={k: resources[k] for k in ("lake", "privacy", "smtp")})


def test_the_cli_planner_reads_a_landing_folder_given_as_env_var(tmp_path: Path, monkeypatch) -> None:
    """`lakehouse demo` sets LAKEHOUSE_LANDING; the run planner reads the landing folder before any run
    starts, from the deployed resource whose field is still the `dg.EnvVar` (this used to raise)."""
    from orchestration.cli._dagster import partition_range
    from orchestration.partitions import survey_waves

    landing = tmp_path / "landing"
    (landing / "survey").mkdir(parents=True)
    monkeypatch.setenv("LAKEHOUSE_LANDING", str(landing))
    resources = default_resources()
    assert resources["landing"].folder == dg.EnvVar("LAKEHOUSE_LANDING")
    assert resources["landing"].survey_dir() == landing / "survey"
    start, end = partition_range(survey_waves, None, resources)
    assert survey_waves.has_partition_key(start) and start == end  # no export yet: the current wave


@pytest.mark.parametrize(
    ("value", "uses_engine"),
    [(None, True), ("", True), ("auto", True), ("on", True), ("off", False), ("0", False), ("No", False)],
)
def test_the_engine_is_used_when_up_unless_switched_off(value, uses_engine) -> None:
    from orchestration.resources import spark_settings

    env = {} if value is None else {"LAKEHOUSE_ENGINE": value}
    assert spark_settings(env).use_engine is uses_engine
