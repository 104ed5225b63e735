"""The warm-engine bench's demo step in a user's environment: no LAKEHOUSE_ENV, no salt (the test
session sets LAKEHOUSE_ENV=dev for itself, which once hid that the bench's demo failed for users)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bench import engine_bench
from lake import catalog, delta_log


@pytest.mark.slow
def test_demo_step_runs_without_a_configured_salt(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("LAKEHOUSE_ENV", "LAKEHOUSE_PII_SALT", "SPARK_REMOTE")}
    env["LAKEHOUSE_ENGINE"] = "off"  # the step itself, in its own local session (no engine to start here)
    result = engine_bench.demo_run(tmp_path / "demo", env, engine_pid=None)
    assert result["wall_seconds"] > 0 and result["peak_rss_mib"] > 0
    lake = tmp_path / "demo" / "lake"
    assert delta_log.exists(str(lake / catalog.GOLD_AI_ADOPTION))
