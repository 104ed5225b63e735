"""`lakehouse demo`: sample data -> every asset materialized -> dashboard and Dagster UI served."""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from pathlib import Path

import click

from lake.config import PROJECT_ROOT, LakeConfig

DEMO_ROWS = 20_000
DEMO_SEED = 2025


def _landing() -> Path:
    return Path(os.environ.get("LAKEHOUSE_LANDING") or PROJECT_ROOT / "landing")


SAMPLE_NEWS = Path(__file__).resolve().parents[2] / "samples" / "news"


def prepare_sample_data(landing: Path) -> list[Path]:
    """Generate the demo survey export and copy the sample news once; a second run reuses them."""
    from samples.survey_generator import generate_survey

    survey_dir, news_dir = landing / "survey", landing / "news"
    target = survey_dir / f"demo_survey_seed{DEMO_SEED}.csv"
    if not target.exists():
        survey_dir.mkdir(parents=True, exist_ok=True)
        generate_survey(out=target, rows=DEMO_ROWS, seed=DEMO_SEED, messy=False, fmt="csv")
    news_dir.mkdir(parents=True, exist_ok=True)
    for article in sorted(SAMPLE_NEWS.glob("*.txt")):
        if not (news_dir / article.name).exists():
            shutil.copyfile(article, news_dir / article.name)
    return sorted(p for d in (survey_dir, news_dir) for p in d.iterdir() if p.is_file())


def _state_file(config: LakeConfig) -> Path:
    return Path(config.root) / "_demo_state.json"


def _landing_state(files: list[Path]) -> list[list]:
    return [[str(f), f.stat().st_size, int(f.stat().st_mtime)] for f in files]


def lake_is_current(config: LakeConfig, files: list[Path]) -> bool:
    """True when every gold table exists and the landing files are those of the last demo build."""
    from lake import catalog

    if not config.is_local or not _state_file(config).exists():
        return False
    gold = [t for t in catalog.TABLES if t.startswith("gold/")]
    if not all((Path(config.table_path(t)) / "_delta_log").is_dir() for t in gold):
        return False
    return json.loads(_state_file(config).read_text()) == _landing_state(files)


def _wait_http(url: str, timeout: float, stopping=lambda: False) -> bool:
    import urllib.request

    deadline = time.time() + timeout
    while time.time() < deadline and not stopping():
        try:
            with urllib.request.urlopen(url, timeout=2):
                return True
        except Exception:
            time.sleep(1)
    return False


def register(main: click.Group, generate: click.Group) -> None:
    @main.command("demo")
    @click.option("--no-serve", is_flag=True, help="Build everything, print where things are, and exit.")
    @click.option("--dashboard-port", type=int, default=8501, show_default=True)
    @click.option("--dagster-port", type=int, default=3000, show_default=True)
    def demo(no_serve: bool, dashboard_port: int, dagster_port: int) -> None:
        """Generate sample data, materialize every asset, serve dashboard and Dagster UI."""
        from orchestration.cli._dagster import ensure_dagster_home, materialize
        from orchestration.cli.dashboard import streamlit_command

        config = LakeConfig.from_env()
        landing = _landing()
        os.environ.setdefault("LAKEHOUSE_LANDING", str(landing))
        files = prepare_sample_data(landing)
        click.echo(f"Sample data: {', '.join(str(f) for f in files)}")
        if lake_is_current(config, files):
            click.echo(f"Lake root: {config.root} (up to date with the landing folder; nothing to rebuild)")
        else:
            started = time.time()
            materialize(progress="demo: every asset")
            if config.is_local:
                _state_file(config).write_text(json.dumps(_landing_state(files)))
            click.echo(f"Lake root: {config.root} (all assets materialized in {time.time() - started:.0f}s)")
        dagster_home = ensure_dagster_home()
        dash_url = f"http://127.0.0.1:{dashboard_port}"
        ui_url = f"http://127.0.0.1:{dagster_port}"
        if no_serve:
            click.echo(f"Dashboard: run `lakehouse dashboard --port {dashboard_port}`, then open {dash_url}")
            click.echo(f"Dagster UI: run `dagster dev -p {dagster_port}` in {PROJECT_ROOT}, then open {ui_url}")
            return
        from orchestration.cli.processes import Server, supervise

        env = os.environ.copy()
        servers = [
            Server(streamlit_command("127.0.0.1", dashboard_port), env=env, cwd=PROJECT_ROOT),
            Server(
                [sys.executable, "-m", "dagster", "dev", "-h", "127.0.0.1", "-p", str(dagster_port)],
                env={**env, "DAGSTER_HOME": str(dagster_home)},
                cwd=PROJECT_ROOT,
            ),
        ]

        def _announce(stopping) -> None:
            _wait_http(dash_url, 60, stopping)
            _wait_http(ui_url, 120, stopping)
            if not stopping():
                click.echo(f"\nDashboard:  {dash_url}\nDagster UI: {ui_url}\nPress Ctrl+C to stop.")

        # Both servers run in their own process groups; Ctrl+C / SIGTERM stop them and their children.
        code = supervise(servers, on_started=_announce)
        if code:
            sys.exit(code)
