"""Run Dagster materializations from the CLI on the project's Dagster instance."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from lake.config import PROJECT_ROOT


def ensure_dagster_home() -> Path:
    """Use `DAGSTER_HOME`, default `.dagster_home/` in the checkout, seeded with `dagster.yaml`."""
    home = Path(os.environ.get("DAGSTER_HOME") or PROJECT_ROOT / ".dagster_home")
    home.mkdir(parents=True, exist_ok=True)
    source = PROJECT_ROOT / "dagster.yaml"
    target = home / "dagster.yaml"
    if source.exists() and source.resolve() != target.resolve():
        if not target.exists() or target.read_bytes() != source.read_bytes():
            shutil.copyfile(source, target)
    os.environ["DAGSTER_HOME"] = str(home)
    return home


def materialize(selection: list[str] | str | None = None, run_config: dict[str, Any] | None = None,
                tags: dict[str, str] | None = None):
    """Materialize assets (all, or a selection string / key paths) in-process; raise on failure."""
    import dagster as dg

    from orchestration.definitions import defs

    ensure_dagster_home()
    with dg.DagsterInstance.get() as instance:
        job = defs.resolve_implicit_global_asset_job_def()
        _ = job  # resolving validates the definitions before we run
        result = dg.materialize(
            assets=[*defs.assets, *(defs.asset_checks or [])],
            resources=defs.resources,
            selection=selection,
            run_config=run_config,
            instance=instance,
            tags=tags,
        )
    if not result.success:
        raise RuntimeError("Dagster run failed; see the Dagster UI or the log above")
    return result
